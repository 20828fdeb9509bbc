//! Emits `api/`: the client accessors, one module per group, and one request
//! builder per operation ending in `.send().await`.

use std::collections::BTreeMap;

use blueprint_parser::Location;
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::sanitize;
use super::tokens::{doc_attrs, ident, path_parts, type_tokens, PathPart};
use super::EmitError;
use crate::model::{Operation, Param, Response, TypeModel, TypeRef};

/// The operations grouped by client accessor, in accessor order.
pub fn groups(model: &TypeModel) -> Vec<(&str, Vec<&Operation>)> {
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &model.operations {
        groups.entry(op.accessor.as_str()).or_default().push(op);
    }
    groups.into_iter().collect()
}

/// The tokens of `api/mod.rs`: one accessor per group on `Client`, and the
/// group modules (one file each).
pub fn api_mod_file(model: &TypeModel) -> TokenStream {
    let groups = groups(model);
    let accessors = groups.iter().map(|(accessor, ops)| {
        let method = ident(accessor);
        let module = ident(accessor);
        let group = group_struct_name(accessor);
        let doc = doc_attrs(&format!("Operations of the {} group.", ops[0].group));
        quote! {
            #doc
            pub fn #method(&self) -> crate::api::#module::#group<'_> {
                crate::api::#module::#group { client: self }
            }
        }
    });
    let modules = groups.iter().map(|(accessor, _)| {
        let module = ident(accessor);
        quote! {
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    quote! {
        //! The API's operations, grouped like the spec: `client.stacks().list()`.
        //! Each group is a module with one request builder per operation.
        #(#modules)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

fn group_struct_name(accessor: &str) -> proc_macro2::Ident {
    format_ident!("{}", accessor.to_upper_camel_case())
}

/// The static in the operations table that describes `op`.
pub fn operation_static(op: &Operation) -> proc_macro2::Ident {
    format_ident!(
        "{}_{}",
        op.accessor.to_uppercase(),
        op.fn_name.to_uppercase()
    )
}

/// The tokens of `api/<accessor>.rs`: the group's handle and its request builders.
pub fn group_file(accessor: &str, ops: &[&Operation]) -> Result<TokenStream, EmitError> {
    let group = group_struct_name(accessor);
    let group_name = &ops[0].group;
    let module_doc = format!(" Operations of the {group_name} group.");
    let struct_doc = doc_attrs(&format!(
        "The {group_name} operations, from [`Client::{accessor}`](crate::Client::{accessor})."
    ));
    let methods = ops.iter().map(|op| entry_method(op));
    let builders = ops
        .iter()
        .map(|op| builder(op))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(quote! {
        #![doc = #module_doc]

        #struct_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
        pub struct #group<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #group<'a> {
            #(#methods)*
        }

        #(#builders)*
    })
}

fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.fn_name.to_upper_camel_case())
}

/// Arguments taken up front: path parameters, then required query/form ones.
fn positional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.parameters
        .iter()
        .filter(|p| p.location == Location::Path || p.required)
}

fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.parameters
        .iter()
        .filter(|p| p.location != Location::Path && !p.required)
}

/// Whether the builder gets generated `page`/`per_page` setters.
fn paged(op: &Operation) -> bool {
    matches!(op.response, Response::Page(_))
}

fn extra_page_params(op: &Operation) -> Vec<&'static str> {
    if !paged(op) {
        return Vec::new();
    }
    ["page", "per_page"]
        .into_iter()
        .filter(|name| !op.parameters.iter().any(|p| p.name == *name))
        .collect()
}

fn response_type(op: &Operation) -> TokenStream {
    match &op.response {
        Response::Empty => quote!(()),
        Response::Single(ty) => type_tokens(ty),
        Response::Page(ty) => {
            let ty = type_tokens(ty);
            quote!(crate::Page<#ty>)
        }
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut doc = format!("{}.\n", op.action.trim_end_matches('.'));
    let body = sanitize(&op.doc);
    if !body.is_empty() {
        doc.push('\n');
        doc.push_str(&body);
        doc.push('\n');
    }
    doc.push_str(&format!(
        "\nSends a `{}` request to `{}`.",
        op.method, op.path
    ));
    if let Some(scope) = &op.scope {
        doc.push_str(&format!(" Requires the `{scope}` OAuth scope."));
    }
    doc.push_str(&format!(" Returns {}.", response_doc(&op.response)));
    let args: Vec<String> = positional(op).map(param_line).collect();
    if !args.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&args.join("\n"));
    }
    doc
}

/// The response in words, linked to its types: "a [`Page`] of [`Stack`]".
fn response_doc(response: &Response) -> String {
    let link = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => format!("[`{name}`](crate::models::{name})"),
        other => format!("`{}`", other.rust_spelling()),
    };
    match response {
        Response::Empty => "nothing (`()`) once the call succeeds".to_owned(),
        Response::Single(ty) => link(ty),
        Response::Page(ty) => format!("a [`Page`](crate::Page) of {}", link(ty)),
    }
}

fn param_line(param: &Param) -> String {
    let mut line = format!("- `{}`", param.rust);
    let description = sanitize(param.description.trim());
    if !description.is_empty() {
        line.push_str(": ");
        line.push_str(&description.replace('\n', " "));
    }
    if let Some(example) = &param.example {
        line.push_str(&format!(" (example: `{}`)", example.replace('`', "'")));
    }
    line
}

/// The Rust type a parameter is stored as in its builder.
fn param_type(param: &Param) -> TokenStream {
    type_tokens(&param.ty)
}

/// How the caller passes a positional argument: `&str` for strings, the value otherwise.
fn argument_type(param: &Param) -> TokenStream {
    match param.ty {
        TypeRef::String => quote!(&str),
        _ => type_tokens(&param.ty),
    }
}

fn entry_method(op: &Operation) -> TokenStream {
    let doc = doc_attrs(&operation_doc(op));
    let method = ident(&op.fn_name);
    let builder = builder_name(op);
    let args = positional(op).map(|p| {
        let name = ident(&p.rust);
        let ty = argument_type(p);
        quote!(#name: #ty)
    });
    let inits = positional(op).map(|p| {
        let name = ident(&p.rust);
        match p.ty {
            TypeRef::String => quote!(#name: ::std::borrow::ToOwned::to_owned(#name)),
            _ => quote!(#name),
        }
    });
    let optional_inits = optional(op).map(|p| ident(&p.rust));
    let page_inits = extra_page_params(op).into_iter().map(ident);
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #builder<'a> {
            #builder {
                client: self.client,
                #(#inits,)*
                #(#optional_inits: ::std::option::Option::None,)*
                #(#page_inits: ::std::option::Option::None,)*
            }
        }
    }
}

fn builder(op: &Operation) -> Result<TokenStream, EmitError> {
    let name = builder_name(op);
    let group = group_struct_name(&op.accessor);
    let method = &op.fn_name;
    let doc = doc_attrs(&format!(
        "Request builder for [`{group}::{method}`]: set optional parameters, then `.send().await`."
    ));
    let required_fields = positional(op).map(|p| {
        let name = ident(&p.rust);
        let ty = param_type(p);
        quote!(#name: #ty,)
    });
    let optional_fields = optional(op).map(|p| {
        let name = ident(&p.rust);
        let ty = param_type(p);
        quote!(#name: ::std::option::Option<#ty>,)
    });
    let page_fields = extra_page_params(op).into_iter().map(|name| {
        let name = ident(name);
        quote!(#name: ::std::option::Option<u64>,)
    });
    let setters = optional(op).map(setter);
    let page_setters = extra_page_params(op).into_iter().map(page_setter);
    let send = send_method(op)?;
    let streaming = paged(op).then(|| stream_methods(op));
    Ok(quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name<'a> {
            client: &'a crate::Client,
            #(#required_fields)*
            #(#optional_fields)*
            #(#page_fields)*
        }

        impl<'a> #name<'a> {
            #(#setters)*
            #(#page_setters)*
            #send
            #streaming
        }
    })
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let ty = param_type(param);
    let mut doc = sanitize(param.description.trim());
    if doc.is_empty() {
        doc = format!("Sets the optional `{}` parameter.", param.name);
    }
    if let Some(example) = &param.example {
        doc.push_str(&format!("\n\nExample: `{}`.", example.replace('`', "'")));
    }
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub fn #name(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#name = ::std::option::Option::Some(value.into());
            self
        }
    }
}

fn page_setter(name: &str) -> TokenStream {
    let doc = doc_attrs(match name {
        "page" => "The page to fetch, starting at 1.",
        _ => "How many items a page holds.",
    });
    let name = ident(name);
    quote! {
        #doc
        pub fn #name(mut self, value: u64) -> Self {
            self.#name = ::std::option::Option::Some(value);
            self
        }
    }
}

fn send_method(op: &Operation) -> Result<TokenStream, EmitError> {
    let path = path_expression(op)?;
    let table_entry = operation_static(op);
    let params = op
        .parameters
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(|p| {
            let call = match (p.location, p.required) {
                (Location::Form, true) => quote!(form),
                (Location::Form, false) => quote!(form_opt),
                (_, true) => quote!(query),
                (_, false) => quote!(query_opt),
            };
            let wire = &p.name;
            let name = ident(&p.rust);
            let value = match (p.json_encoded, p.required) {
                (true, true) => quote!(crate::request::json_param(#wire, &self.#name)?),
                (true, false) => quote! {
                    self.#name
                        .as_ref()
                        .map(|value| crate::request::json_param(#wire, value))
                        .transpose()?
                },
                (false, _) => quote!(self.#name),
            };
            quote!(.#call(#wire, #value))
        });
    let page_params = extra_page_params(op).into_iter().map(|name| {
        let field = ident(name);
        quote!(.query_opt(#name, self.#field))
    });
    let result = response_type(op);
    let call = match &op.response {
        Response::Empty => quote!(self.client.send_no_content(request).await),
        Response::Single(_) => quote!(self.client.send(request).await),
        Response::Page(_) => quote!(self.client.send_page(request).await),
    };
    Ok(quote! {
        /// Sends the request and decodes the response.
        pub async fn send(self) -> ::std::result::Result<#result, crate::Error> {
            let path = #path;
            let request = crate::request::Request::new(&crate::operations::#table_entry, path)
                #(#params)*
                #(#page_params)*;
            #call
        }
    })
}

/// `["/stacks/", &encode(&self.stack_id), "/servers"].concat()` for the operation's path.
fn path_expression(op: &Operation) -> Result<TokenStream, EmitError> {
    let mut pieces = Vec::new();
    for part in path_parts(&op.path) {
        match part {
            PathPart::Literal(text) => pieces.push(quote!(#text)),
            PathPart::Variable(variable) => {
                let param = op
                    .parameters
                    .iter()
                    .find(|p| p.location == Location::Path && p.name == variable)
                    .ok_or_else(|| {
                        EmitError::new(format!(
                            "`{} {}` ({}): path variable `{variable}` has no path parameter",
                            op.method, op.path, op.action
                        ))
                    })?;
                let name = ident(&param.rust);
                pieces.push(match param.ty {
                    TypeRef::String => quote!(&crate::request::encode_path_segment(&self.#name)),
                    _ => quote!(&crate::request::encode_path_segment(&self.#name.to_string())),
                });
            }
        }
    }
    if pieces.len() == 1 {
        let only = &pieces[0];
        Ok(quote!(::std::string::String::from(#only)))
    } else {
        Ok(quote!([#(#pieces),*].concat()))
    }
}

fn stream_methods(op: &Operation) -> TokenStream {
    let Response::Page(item) = &op.response else {
        return TokenStream::new();
    };
    let item = type_tokens(item);
    quote! {
        /// Every item of every page, fetched lazily page by page from the
        /// builder's `page` (default 1) until the server reports no next page.
        pub fn stream(self) -> impl ::futures_util::stream::Stream<Item = ::std::result::Result<#item, crate::Error>> + 'a {
            let first = self.page.unwrap_or(1);
            crate::page::paginate(first, move |page| {
                let mut request = self.clone();
                request.page = ::std::option::Option::Some(page);
                request.send()
            })
        }

        /// Fetches every page and returns all items in order.
        pub async fn collect_all(self) -> ::std::result::Result<::std::vec::Vec<#item>, crate::Error> {
            crate::page::collect_all(self.stream()).await
        }
    }
}
