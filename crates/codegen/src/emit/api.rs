//! Emits `api/`: the client accessors, one module per group, and one request
//! builder per operation ending in `.send().await`.

use std::collections::BTreeMap;

use blueprint_parser::Location;
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::doc::sanitize;
use super::tokens::{ident, path_parts, Docs, PathPart, RustType};
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
    let modules = groups.iter().map(|(accessor, _)| ident(accessor));
    let accessors = groups
        .iter()
        .map(|(accessor, ops)| Accessor { accessor, ops });
    quote! {
        //! The API's operations, grouped like the spec: `client.stacks().list()`.
        //! Each group is a module with one request builder per operation.
        #(
            #[rustfmt::skip]
            pub mod #modules;
        )*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// The `Client` method that hands out a group's operations.
struct Accessor<'a> {
    accessor: &'a str,
    ops: &'a [&'a Operation],
}

impl ToTokens for Accessor<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let method = ident(self.accessor);
        let module = ident(self.accessor);
        let group = group_struct_name(self.accessor);
        let doc = format!("Operations of the {} group.", self.ops[0].group);
        let doc = Docs(&doc);
        tokens.extend(quote! {
            #doc
            pub fn #method(&self) -> crate::api::#module::#group<'_> {
                crate::api::#module::#group { client: self }
            }
        });
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
    let struct_doc = format!(
        "The {group_name} operations, from [`Client::{accessor}`](crate::Client::{accessor})."
    );
    let struct_doc = Docs(&struct_doc);
    let methods = ops.iter().map(|op| EntryMethod(op));
    let mut file = quote! {
        #![doc = #module_doc]

        #struct_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
        pub struct #group<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #group<'a> {
            #(#methods)*
        }
    };
    for op in ops {
        builder(&mut file, op)?;
    }
    Ok(file)
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

/// What `send` returns: the response type inside the generated crate.
struct ResponseType<'a>(&'a Response);

impl ToTokens for ResponseType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self.0 {
            Response::Empty => tokens.extend(quote!(())),
            Response::Single(ty) => RustType::internal(ty).to_tokens(tokens),
            Response::Page(ty) => {
                let ty = RustType::internal(ty);
                tokens.extend(quote!(crate::Page<#ty>));
            }
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

/// How the caller passes a positional argument: `&str` for strings, the value otherwise.
struct ArgumentType<'a>(&'a Param);

impl ToTokens for ArgumentType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self.0.ty {
            TypeRef::String => tokens.extend(quote!(&str)),
            _ => RustType::internal(&self.0.ty).to_tokens(tokens),
        }
    }
}

/// The group method that starts a request: positional arguments in, builder out.
struct EntryMethod<'a>(&'a Operation);

impl ToTokens for EntryMethod<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let op = self.0;
        let doc = operation_doc(op);
        let doc = Docs(&doc);
        let method = ident(&op.fn_name);
        let builder = builder_name(op);
        let arg_names = positional(op).map(|p| ident(&p.rust));
        let arg_types = positional(op).map(ArgumentType);
        let inits = positional(op).map(|p| {
            let name = ident(&p.rust);
            match p.ty {
                TypeRef::String => quote!(#name: ::std::string::String::from(#name)),
                _ => quote!(#name),
            }
        });
        let optional_inits = optional(op).map(|p| ident(&p.rust));
        let page_inits = extra_page_params(op).into_iter().map(ident);
        tokens.extend(quote! {
            #doc
            pub fn #method(&self, #(#arg_names: #arg_types),*) -> #builder<'a> {
                #builder {
                    client: self.client,
                    #(#inits,)*
                    #(#optional_inits: ::std::option::Option::None,)*
                    #(#page_inits: ::std::option::Option::None,)*
                }
            }
        });
    }
}

/// Appends the request builder of `op`: its struct, setters and `send`.
fn builder(out: &mut TokenStream, op: &Operation) -> Result<(), EmitError> {
    let name = builder_name(op);
    let group = group_struct_name(&op.accessor);
    let method = &op.fn_name;
    let doc = format!(
        "Request builder for [`{group}::{method}`]: set optional parameters, then `.send().await`."
    );
    let doc = Docs(&doc);
    let required_names = positional(op).map(|p| ident(&p.rust));
    let required_types = positional(op).map(|p| RustType::internal(&p.ty));
    let optional_names = optional(op).map(|p| ident(&p.rust));
    let optional_types = optional(op).map(|p| RustType::internal(&p.ty));
    let page_fields = extra_page_params(op).into_iter().map(ident);
    let setters = optional(op).map(Setter);
    let page_setters = extra_page_params(op).into_iter().map(PageSetter);
    let send = Send {
        op,
        path: path_expression(op)?,
    };
    let streaming = paged(op).then_some(Streaming(op));
    out.extend(quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name<'a> {
            client: &'a crate::Client,
            #(#required_names: #required_types,)*
            #(#optional_names: ::std::option::Option<#optional_types>,)*
            #(#page_fields: ::std::option::Option<u64>,)*
        }

        impl<'a> #name<'a> {
            #(#setters)*
            #(#page_setters)*
            #send
            #streaming
        }
    });
    Ok(())
}

/// The setter of an optional parameter.
struct Setter<'a>(&'a Param);

impl ToTokens for Setter<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let param = self.0;
        let name = ident(&param.rust);
        let ty = RustType::internal(&param.ty);
        let mut doc = sanitize(param.description.trim());
        if doc.is_empty() {
            doc = format!("Sets the optional `{}` parameter.", param.name);
        }
        if let Some(example) = &param.example {
            doc.push_str(&format!("\n\nExample: `{}`.", example.replace('`', "'")));
        }
        let doc = Docs(&doc);
        tokens.extend(quote! {
            #doc
            pub fn #name(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#name = ::std::option::Option::Some(value.into());
                self
            }
        });
    }
}

/// The generated `page`/`per_page` setter of a paged builder.
struct PageSetter(&'static str);

impl ToTokens for PageSetter {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let doc = Docs(match self.0 {
            "page" => "The page to fetch, starting at 1.",
            _ => "How many items a page holds.",
        });
        let name = ident(self.0);
        tokens.extend(quote! {
            #doc
            pub fn #name(mut self, value: u64) -> Self {
                self.#name = ::std::option::Option::Some(value);
                self
            }
        });
    }
}

/// A builder's `send`: the request with its path and parameters, then the call.
struct Send<'a> {
    op: &'a Operation,
    /// The expression of the expanded path (see [`path_expression`]).
    path: TokenStream,
}

impl ToTokens for Send<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let op = self.op;
        let path = &self.path;
        let table_entry = operation_static(op);
        let params = op
            .parameters
            .iter()
            .filter(|p| p.location != Location::Path)
            .map(ParamCall);
        let page_names = extra_page_params(op);
        let page_fields = page_names.iter().map(|name| ident(name));
        let result = ResponseType(&op.response);
        let call = match &op.response {
            Response::Empty => quote!(self.client.send_no_content(request).await),
            Response::Single(_) => quote!(self.client.send(request).await),
            Response::Page(_) => quote!(self.client.send_page(request).await),
        };
        tokens.extend(quote! {
            /// Sends the request and decodes the response.
            pub async fn send(self) -> crate::Result<#result> {
                let path = #path;
                let request = crate::Request::new(&crate::operations::#table_entry, path)
                    #(#params)*
                    #(.query_opt(#page_names, self.#page_fields))*;
                #call
            }
        });
    }
}

/// The call that adds a query or form parameter to the request.
struct ParamCall<'a>(&'a Param);

impl ToTokens for ParamCall<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let p = self.0;
        let call = match (p.location, p.required) {
            (Location::Form, true) => quote!(form),
            (Location::Form, false) => quote!(form_opt),
            (_, true) => quote!(query),
            (_, false) => quote!(query_opt),
        };
        let wire = &p.name;
        let name = ident(&p.rust);
        let value = match (p.json_encoded, p.required) {
            (true, true) => quote!(crate::json_param(#wire, &self.#name)?),
            (true, false) => quote! {
                self.#name
                    .as_ref()
                    .map(|value| crate::json_param(#wire, value))
                    .transpose()?
            },
            (false, _) => quote!(self.#name),
        };
        tokens.extend(quote!(.#call(#wire, #value)));
    }
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
                    TypeRef::String => quote!(&crate::encode_path_segment(&self.#name)),
                    _ => quote!(&crate::encode_path_segment(&self.#name.to_string())),
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

/// `stream` and `collect_all` of a paged builder.
struct Streaming<'a>(&'a Operation);

impl ToTokens for Streaming<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Response::Page(item) = &self.0.response else {
            return;
        };
        let item = RustType::internal(item);
        tokens.extend(quote! {
            /// Every item of every page, fetched lazily page by page from the
            /// builder's `page` (default 1) until the server reports no next page.
            pub fn stream(self) -> impl ::futures_util::stream::Stream<Item = crate::Result<#item>> + 'a {
                crate::page::paginate(self.page.unwrap_or(1), move |page| self.clone().page(page).send())
            }

            /// Fetches every page and returns all items in order.
            pub async fn collect_all(self) -> crate::Result<::std::vec::Vec<#item>> {
                crate::page::collect_all(self.stream()).await
            }
        });
    }
}
