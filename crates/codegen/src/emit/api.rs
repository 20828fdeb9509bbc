//! Emits `api/`: the client accessors, one module per group, and one request
//! builder per operation ending in `.send().await`.
//!
//! Builders own a clone of the client (it is an `Arc` inside), so they are
//! `'static`: they can be held across `.await`s, moved into tasks, and their
//! streams spawned. Each builder type is named after its group and method
//! (`StacksList` for `client.stacks().list()`), so docs, imports and
//! compiler errors say which operation it belongs to.

use std::collections::BTreeMap;

use blueprint_parser::Location;
use heck::ToUpperCamelCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::doc::sanitize;
use super::tokens::{ident, inner_docs, Docs, Root, RustType};
use super::EmitError;
use crate::model::{Operation, Param, PathSegment, Response, TypeModel, TypeRef};

/// The operations grouped by client accessor, in accessor order.
pub fn groups(model: &TypeModel) -> Vec<(&str, Vec<&Operation>)> {
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &model.operations {
        groups.entry(op.accessor.as_str()).or_default().push(op);
    }
    groups.into_iter().collect()
}

/// The tokens of `api/mod.rs`: one accessor per group on `Client`, and the
/// group modules (one file each; with `declare_modules` false, the group
/// modules are left to the caller), in code naming the generated code's
/// root `root`.
pub fn api_mod_file(model: &TypeModel, root: Root<'_>, declare_modules: bool) -> TokenStream {
    let groups = groups(model);
    let modules = groups.iter().map(|(accessor, _)| {
        let module = ident(accessor);
        // A group the spec calls `API` is `crate::api::api`: the name is the
        // spec's, so the lint against it is answered here, for that module only.
        let allow = (*accessor == "api").then(
            || quote!(#[allow(clippy::module_inception, reason = "the spec names a group `API`")]),
        );
        quote!(#allow pub mod #module;)
    });
    let modules = modules.filter(|_| declare_modules);
    let doc = match model.operations.first() {
        Some(op) => format!(
            "The API's operations, grouped like the spec: `client.{}().{}()`.\n\
             Each group is a module with one request builder per operation.",
            op.accessor, op.fn_name
        ),
        None => "The API's operations, grouped like the spec: this spec has none yet.".to_owned(),
    };
    let doc = inner_docs(&doc);
    let accessors = (!groups.is_empty()).then(|| {
        let accessors = groups.iter().map(|(accessor, ops)| Accessor {
            accessor,
            ops,
            root,
        });
        quote! {
            impl #root::Client {
                #(#accessors)*
            }
        }
    });
    quote! {
        #doc
        #(
            #[rustfmt::skip]
            #modules
        )*

        #accessors
    }
}

/// The `Client` method that hands out a group's operations.
struct Accessor<'a> {
    accessor: &'a str,
    ops: &'a [&'a Operation],
    root: Root<'a>,
}

impl ToTokens for Accessor<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let method = ident(self.accessor);
        let module = ident(self.accessor);
        let group = group_struct_name(self.accessor);
        let doc = group_doc(self.ops);
        let doc = Docs(&doc);
        let root = self.root;
        tokens.extend(quote! {
            #doc
            pub fn #method(&self) -> #root::api::#module::#group {
                #root::api::#module::#group {
                    client: ::std::clone::Clone::clone(self),
                }
            }
        });
    }
}

fn group_doc(ops: &[&Operation]) -> String {
    if ops[0].group.is_empty() {
        "Operations of the API outside any group.".to_owned()
    } else {
        format!("Operations of the {} group.", ops[0].group)
    }
}

/// The group's handle type: the accessor in UpperCamelCase.
pub fn group_struct_name(accessor: &str) -> proc_macro2::Ident {
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

/// The tokens of `api/<accessor>.rs`: the group's handle and its request
/// builders, in code naming the generated code's root `root`.
pub fn group_file(
    model: &TypeModel,
    accessor: &str,
    ops: &[&Operation],
    root: Root<'_>,
) -> Result<TokenStream, EmitError> {
    let group = group_struct_name(accessor);
    let module_doc = format!(" {}", group_doc(ops));
    let struct_doc = format!(
        "{} Made by [`Client::{accessor}`]({root}::Client::{accessor}).",
        group_doc(ops)
    );
    let struct_doc = Docs(&struct_doc);
    let methods = ops.iter().map(|op| EntryMethod { model, op, root });
    let mut file = quote! {
        #![doc = #module_doc]

        #struct_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct #group {
            pub(crate) client: #root::Client,
        }

        impl #group {
            #(#methods)*
        }
    };
    for op in ops {
        builder(&mut file, model, op, root)?;
    }
    Ok(file)
}

/// The builder type of `op` (see [`Operation::builder_name`]).
pub fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.builder_name())
}

/// Arguments taken up front: path parameters, then required query/form
/// ones (a path variable is optional only in a `{a,b}` expression).
pub fn positional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.parameters.iter().filter(|p| p.required)
}

fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.parameters.iter().filter(|p| !p.required)
}

/// The page-number and page-size parameters a paged builder gets from the
/// API's page convention, when the spec does not declare them.
fn page_params<'m>(model: &'m TypeModel, op: &Operation) -> Vec<(&'m str, &'static str)> {
    let (Response::Page(_), Some(page)) = (&op.response, &model.api.page) else {
        return Vec::new();
    };
    let mut out = vec![(
        page.page_parameter.as_str(),
        "The page to fetch (the first is the default).",
    )];
    if let Some(per_page) = &page.per_page_parameter {
        out.push((per_page.as_str(), "How many items a page holds."));
    }
    out.retain(|(name, _)| !op.parameters.iter().any(|p| p.name == *name));
    out
}

/// What `send` returns: the response type inside the generated code.
struct ResponseType<'a>(&'a Response, Root<'a>);

impl ToTokens for ResponseType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let root = self.1;
        match self.0 {
            Response::Empty => tokens.extend(quote!(())),
            Response::Single(ty) => RustType::new(ty, root).to_tokens(tokens),
            Response::Page(ty) => {
                let ty = RustType::new(ty, root);
                tokens.extend(quote!(#root::Page<#ty>));
            }
            Response::Text => tokens.extend(quote!(::std::string::String)),
            Response::Bytes => tokens.extend(quote!(::std::vec::Vec<u8>)),
        }
    }
}

fn operation_doc(op: &Operation, root: Root<'_>) -> String {
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
    doc.push_str(&format!(" Returns {}.", response_doc(&op.response, root)));
    let mut args: Vec<String> = positional(op).map(param_line).collect();
    if let Some(body) = &op.request {
        let ty = match &body.ty {
            TypeRef::Named(name) => format!("[`{name}`]({root}::models::{name})"),
            other => format!("`{}`", other.rust_spelling()),
        };
        args.push(format!("- `body`: the request's JSON body, {ty}"));
    }
    if !args.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&args.join("\n"));
    }
    if let Some(errors) = errors_doc(op, root) {
        doc.push_str("\n\n");
        doc.push_str(&errors);
    }
    doc
}

/// The response in words, linked to its types: "a [`Page`] of [`Stack`]".
fn response_doc(response: &Response, root: Root<'_>) -> String {
    let link = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => format!("[`{name}`]({root}::models::{name})"),
        other => format!("`{}`", other.rust_spelling()),
    };
    match response {
        Response::Empty => "nothing (`()`) once the call succeeds".to_owned(),
        Response::Single(ty) => link(ty),
        Response::Page(ty) => format!("a [`Page`]({root}::Page) of {}", link(ty)),
        Response::Text => "the body's text (it is not JSON)".to_owned(),
        Response::Bytes => "the body's bytes (it is not JSON)".to_owned(),
    }
}

/// The documented error answers in words: "`404` ([`MessageError`])".
fn errors_doc(op: &Operation, root: Root<'_>) -> Option<String> {
    if op.errors.is_empty() {
        return None;
    }
    let mut items: Vec<String> = op
        .errors
        .iter()
        .map(|e| match &e.ty {
            Some(TypeRef::Named(name)) => {
                format!(
                    "`{}` with a [`{name}`]({root}::models::{name}) body",
                    e.status
                )
            }
            Some(other) => format!("`{}` with a `{}` body", e.status, other.rust_spelling()),
            None => format!("`{}`", e.status),
        })
        .collect();
    // One line per status and body: several examples of one answer are one entry.
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|item| seen.insert(item.clone()));
    Some(format!(
        "# Errors\n\nBesides transport errors, the spec documents these answers as\n[`Error::Api`]({root}::Error) (decode a body with `Error::api_body`): {}.",
        items.join(", ")
    ))
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
pub fn argument_type(param: &Param, root: Root<'_>) -> TokenStream {
    match param.ty {
        TypeRef::String => quote!(&str),
        _ => RustType::new(&param.ty, root).to_token_stream(),
    }
}

/// The group method that starts a request: positional arguments in, builder out.
struct EntryMethod<'a> {
    model: &'a TypeModel,
    op: &'a Operation,
    root: Root<'a>,
}

impl ToTokens for EntryMethod<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let op = self.op;
        let root = self.root;
        let doc = operation_doc(op, root);
        let doc = Docs(&doc);
        let method = ident(&op.fn_name);
        let builder = builder_name(op);
        let arg_names = positional(op).map(|p| ident(&p.rust));
        let arg_types = positional(op).map(|p| argument_type(p, root));
        let inits = positional(op).map(|p| {
            let name = ident(&p.rust);
            match p.ty {
                TypeRef::String => quote!(#name: ::std::string::String::from(#name)),
                _ => quote!(#name),
            }
        });
        let optional_inits = optional(op).map(|p| ident(&p.rust));
        let page_inits = page_params(self.model, op)
            .into_iter()
            .map(|(name, _)| ident(&crate::infer::naming::snake_ident(name)));
        let header_inits = op.request_headers.iter().map(|h| ident(&h.rust));
        let (body_arg, body_init) = match &op.request {
            Some(body) => {
                let ty = RustType::new(&body.ty, root);
                (quote!(body: #ty,), quote!(body,))
            }
            None => (TokenStream::new(), TokenStream::new()),
        };
        // Path parameters are positional, one argument each, so a deep path
        // gives more than clippy's seven; that is the API's shape, said here.
        let inputs = 1 + positional(op).count() + usize::from(op.request.is_some());
        let allow = (inputs > 7).then(|| {
            quote!(#[allow(clippy::too_many_arguments, reason = "one argument per path parameter of the spec")])
        });
        tokens.extend(quote! {
            #doc
            #allow
            pub fn #method(&self, #(#arg_names: #arg_types,)* #body_arg) -> #builder {
                #builder {
                    client: ::std::clone::Clone::clone(&self.client),
                    #(#inits,)*
                    #body_init
                    #(#optional_inits: ::std::option::Option::None,)*
                    #(#page_inits: ::std::option::Option::None,)*
                    #(#header_inits: ::std::option::Option::None,)*
                }
            }
        });
    }
}

/// Appends the request builder of `op`: its struct, setters and `send`.
fn builder(
    out: &mut TokenStream,
    model: &TypeModel,
    op: &Operation,
    root: Root<'_>,
) -> Result<(), EmitError> {
    let name = builder_name(op);
    let group = group_struct_name(&op.accessor);
    let method = &op.fn_name;
    let doc = format!(
        "Request builder for [`{group}::{method}`] (`{} {}`): set optional parameters, then\n`.send().await`.",
        op.method, op.path
    );
    let doc = Docs(&doc);
    let required_names = positional(op).map(|p| ident(&p.rust));
    let required_types = positional(op).map(|p| RustType::new(&p.ty, root));
    let optional_names = optional(op).map(|p| ident(&p.rust));
    let optional_types = optional(op).map(|p| stored_type(p, root));
    let pages = page_params(model, op);
    let page_fields = pages
        .iter()
        .map(|(name, _)| ident(&crate::infer::naming::snake_ident(name)));
    let setters = optional(op).map(|param| Setter { param, root });
    let header_names: Vec<_> = op.request_headers.iter().map(|h| ident(&h.rust)).collect();
    let header_setters = op.request_headers.iter().map(HeaderSetter);
    let body_field = op.request.as_ref().map(|body| {
        let ty = RustType::new(&body.ty, root);
        quote!(body: #ty,)
    });
    let page_setters = pages.iter().map(|(name, doc)| PageSetter { name, doc });
    let send = Send {
        model,
        op,
        path: path_expression(op)?,
        root,
    };
    let streaming = Streaming::of(model, op, root);
    out.extend(quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name {
            client: #root::Client,
            #(#required_names: #required_types,)*
            #(#optional_names: ::std::option::Option<#optional_types>,)*
            #body_field
            #(#page_fields: ::std::option::Option<u64>,)*
            #(#header_names: ::std::option::Option<::std::string::String>,)*
        }

        impl #name {
            #(#setters)*
            #(#page_setters)*
            #(#header_setters)*
            #send
            #streaming
        }
    });
    Ok(())
}

/// Whether a parameter is an integer: its setter takes any Rust integer
/// ([`Integer`](blueprint_runtime::Integer)), kept widened until the
/// request is sent and checked against the parameter's type there.
fn is_integer(param: &Param) -> bool {
    matches!(param.ty, TypeRef::U64 | TypeRef::I64)
}

/// The type a builder keeps an optional parameter in: `i128` for integers
/// (see [`is_integer`]), else the parameter's type.
fn stored_type(param: &Param, root: Root<'_>) -> TokenStream {
    if is_integer(param) {
        quote!(i128)
    } else {
        RustType::new(&param.ty, root).to_token_stream()
    }
}

/// The setter of an optional parameter.
struct Setter<'a> {
    param: &'a Param,
    root: Root<'a>,
}

impl ToTokens for Setter<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let param = self.param;
        let root = self.root;
        let name = ident(&param.rust);
        let ty = RustType::new(&param.ty, root);
        let mut doc = sanitize(param.description.trim());
        if doc.is_empty() {
            doc = format!("Sets the optional `{}` parameter.", param.name);
        } else if !doc.ends_with(['.', '!', '?', ':']) {
            doc.push('.');
        }
        if let Some(example) = &param.example {
            doc.push_str(&format!("\n\nExample: `{}`.", example.replace('`', "'")));
        }
        if let Some(request) = &param.changes_result {
            doc.push_str(&format!(
                "\n\n**Changes the answer's shape**: a request of the spec sets it (\"{}\") and gets a\n\
                 body of another shape than this operation's result, which `send()` then cannot decode\n\
                 (`Error::Decode`, whose `snippet` shows the body).",
                sanitize(request)
            ));
        }
        if is_integer(param) {
            doc.push_str(&format!(
                "\n\nTakes any integer (`2`, a `u32`, an `i64`); a value outside `{}` is refused with\n\
                 `Error::InvalidArgument` when the request is sent.",
                param.ty.rust_spelling()
            ));
            let doc = Docs(&doc);
            tokens.extend(quote! {
                #doc
                pub fn #name(mut self, value: impl #root::Integer) -> Self {
                    self.#name = ::std::option::Option::Some(#root::Integer::widen(value));
                    self
                }
            });
            return;
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

/// The setter of a documented request header.
struct HeaderSetter<'a>(&'a crate::model::HeaderParam);

impl ToTokens for HeaderSetter<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let header = self.0;
        let name = ident(&header.rust);
        let doc = format!(
            "Sends the `{}` header (the spec's example: `{}`).",
            header.name,
            header.example.replace('`', "'")
        );
        let doc = Docs(&doc);
        tokens.extend(quote! {
            #doc
            pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#name = ::std::option::Option::Some(value.into());
                self
            }
        });
    }
}

/// A page-number or page-size setter from the API's page convention.
struct PageSetter<'a> {
    name: &'a str,
    doc: &'a str,
}

impl ToTokens for PageSetter<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let doc = Docs(self.doc);
        let name = ident(&crate::infer::naming::snake_ident(self.name));
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
    model: &'a TypeModel,
    op: &'a Operation,
    /// The expression of the expanded path (see [`path_expression`]).
    path: TokenStream,
    root: Root<'a>,
}

impl ToTokens for Send<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let op = self.op;
        let path = &self.path;
        let root = self.root;
        let table_entry = operation_static(op);
        let fixed = op
            .path
            .literal_query()
            .map(|(name, value)| quote!(.query(#name, #value)))
            .chain(op.path.query_templates().map(|(name, pieces)| {
                let value = query_template_value(op, pieces);
                quote!(.query(#name, #value))
            }));
        let params = op
            .parameters
            .iter()
            .filter(|p| p.location != Location::Path)
            .map(|param| ParamCall { param, root });
        let pages = page_params(self.model, op);
        let page_names = pages.iter().map(|(name, _)| *name);
        let page_fields = pages
            .iter()
            .map(|(name, _)| ident(&crate::infer::naming::snake_ident(name)));
        let headers = op.request_headers.iter().map(|h| {
            let wire = &h.name;
            let field = ident(&h.rust);
            quote!(.header_opt(#wire, self.#field)?)
        });
        let body = op.request.as_ref().map(|body| {
            let media = &body.media_type;
            quote!(.json_body(#media, &self.body)?)
        });
        let result = ResponseType(&op.response, root);
        let decode = match &op.response {
            Response::Empty => quote!(::std::result::Result::Ok(response.empty())),
            Response::Text => quote!(response.text::<#root::ApiCode>()),
            Response::Bytes => quote!(::std::result::Result::Ok(response)),
            Response::Single(ty) if op.enveloped => {
                let ty = RustType::new(ty, root);
                let key = self.model.api.envelope.as_deref().unwrap_or_default();
                let field = ident(&crate::infer::naming::snake_ident(key));
                quote! {
                    ::std::result::Result::Ok(
                        response
                            .json::<#root::Envelope<#ty>, #root::ApiCode>()?
                            .map(|envelope| envelope.#field),
                    )
                }
            }
            Response::Single(_) | Response::Page(_) => {
                quote!(response.json::<#result, #root::ApiCode>())
            }
        };
        let headers_doc = if op.response_headers.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = op
                .response_headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect();
            format!(" The spec documents the headers {}.", names.join(", "))
        };
        let with_headers_doc = format!(
            "Sends the request and decodes the response, keeping its status and headers.{headers_doc}"
        );
        let with_headers_doc = Docs(&with_headers_doc);
        tokens.extend(quote! {
            /// Sends the request and decodes the response.
            pub async fn send(self) -> #root::Result<#result> {
                self.send_with_headers()
                    .await
                    .map(::blueprint_runtime::Response::into_value)
            }

            #with_headers_doc
            pub async fn send_with_headers(self) -> #root::Result<::blueprint_runtime::Response<#result>> {
                let path = #path;
                let request = ::blueprint_runtime::Request::new(&#root::operations::#table_entry, path)
                    #(#fixed)*
                    #(#params)*
                    #(.query_opt(#page_names, self.#page_fields))*
                    #(#headers)*
                    #body;
                let response = self.client.runtime.exchange::<#root::ApiCode>(request).await?;
                #decode
            }
        });
    }
}

/// The call that adds a query or form parameter to the request.
struct ParamCall<'a> {
    param: &'a Param,
    root: Root<'a>,
}

impl ToTokens for ParamCall<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let p = self.param;
        let call = match (p.location, p.required) {
            (Location::Form, true) => quote!(form),
            (Location::Form, false) => quote!(form_opt),
            (_, true) => quote!(query),
            (_, false) => quote!(query_opt),
        };
        let wire = &p.name;
        let name = ident(&p.rust);
        let value = match (p.json_encoded, p.required) {
            (false, false) if is_integer(p) => {
                let ty = RustType::new(&p.ty, self.root);
                quote!(::blueprint_runtime::integer_param::<#ty>(#wire, self.#name)?)
            }
            (true, true) => quote!(::blueprint_runtime::json_param(#wire, &self.#name)?),
            (true, false) => quote! {
                self.#name
                    .as_ref()
                    .map(|value| ::blueprint_runtime::json_param(#wire, value))
                    .transpose()?
            },
            (false, _) => quote!(self.#name),
        };
        tokens.extend(quote!(.#call(#wire, #value)));
    }
}

/// `["/stacks/", &path_segment("stack_id", &self.stack_id)?, "/servers"].concat()`:
/// the operation's path, every argument percent-encoded and checked (an
/// empty, `.` or `..` argument would move the request to another endpoint);
/// a `{a,b}` expression joins the arguments given with `,`.
fn path_expression(op: &Operation) -> Result<TokenStream, EmitError> {
    let mut pieces = Vec::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => {
                let wire = crate::model::wire_literal(text);
                pieces.push(quote!(#wire))
            }
            PathSegment::Variable(variable) => {
                let encoded = encoded_argument(path_param(op, variable)?);
                pieces.push(quote!(&#encoded?));
            }
            PathSegment::Expression(variables) => {
                let params = variables
                    .iter()
                    .map(|v| path_param(op, v))
                    .collect::<Result<Vec<_>, _>>()?;
                if params.iter().all(|p| p.required) {
                    let values = params.iter().map(|p| encoded_argument(p));
                    pieces.push(quote!(&[#(#values?),*].join(",")));
                } else {
                    let values = params.iter().map(|p| {
                        let encoded = encoded_argument(p);
                        if p.required {
                            quote!(::std::option::Option::Some(#encoded?))
                        } else {
                            let name = ident(&p.rust);
                            let wire = Literal::string(&p.name);
                            match p.ty {
                                TypeRef::String => quote! {
                                    self.#name
                                        .as_deref()
                                        .map(|value| ::blueprint_runtime::path_segment(#wire, value))
                                        .transpose()?
                                },
                                _ => quote! {
                                    self.#name
                                        .as_ref()
                                        .map(|value| ::blueprint_runtime::path_segment(#wire, &value.to_string()))
                                        .transpose()?
                                },
                            }
                        }
                    });
                    pieces.push(quote! {
                        &[#(#values),*]
                            .into_iter()
                            .flatten()
                            .collect::<::std::vec::Vec<_>>()
                            .join(",")
                    });
                }
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

/// A query value of text and variables (`role={kind}:{id}`): the
/// arguments as they format, with the text between them (the query string
/// is encoded as a whole when sent).
fn query_template_value(op: &Operation, pieces: &[PathSegment]) -> TokenStream {
    let argument = |variable: &str| match op
        .parameters
        .iter()
        .find(|p| p.location == Location::Path && p.name == variable)
    {
        Some(p) => {
            let name = ident(&p.rust);
            match p.ty {
                TypeRef::String => quote!(self.#name.as_str()),
                _ => quote!(&self.#name.to_string()),
            }
        }
        None => quote!(""),
    };
    let parts = pieces.iter().map(|piece| match piece {
        PathSegment::Literal(text) => quote!(#text),
        PathSegment::Variable(v) => argument(v),
        PathSegment::Expression(vars) => {
            let values = vars.iter().map(|v| argument(v));
            quote!(&[#(#values),*].join(","))
        }
    });
    quote!([#(#parts),*].concat())
}

/// The path parameter of `variable`.
fn path_param<'o>(op: &'o Operation, variable: &str) -> Result<&'o Param, EmitError> {
    op.parameters
        .iter()
        .find(|p| p.location == Location::Path && p.name == variable)
        .ok_or_else(|| {
            EmitError::new(format!(
                "`{} {}` ({}): path variable `{variable}` has no path parameter",
                op.method, op.path, op.action
            ))
        })
}

/// `path_segment("id", &self.id)`: a required path argument, percent-encoded
/// and checked (a `Result`).
fn encoded_argument(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let wire = Literal::string(&param.name);
    match param.ty {
        TypeRef::String => quote!(::blueprint_runtime::path_segment(#wire, &self.#name)),
        _ => quote!(::blueprint_runtime::path_segment(#wire, &self.#name.to_string())),
    }
}

/// `stream` and `collect_all` of a paged builder: the configured `Page<T>`
/// (page numbers in the convention's parameter, from its first page) or a
/// result whose pages were found in its examples (from the request as the
/// caller built it, the next page's number, cursor or link into its
/// parameter).
struct Streaming<'a> {
    item: RustType<'a>,
    /// The builder field of the page parameter.
    field: proc_macro2::Ident,
    /// The page parameter's wire name.
    wire: String,
    /// The type the builder keeps the page parameter in.
    stored: TokenStream,
    /// Where the stream starts.
    first: TokenStream,
    table_entry: proc_macro2::Ident,
    /// What the docs say about the pages.
    how: String,
    root: Root<'a>,
}

impl<'a> Streaming<'a> {
    fn of(model: &'a TypeModel, op: &'a Operation, root: Root<'a>) -> Option<Self> {
        let table_entry = operation_static(op);
        if let (Response::Page(item), Some(page)) = (&op.response, &model.api.page) {
            let field = ident(&crate::infer::naming::snake_ident(&page.page_parameter));
            let first = Literal::u64_unsuffixed(page.first_page);
            return Some(Streaming {
                item: RustType::new(item, root),
                first: quote! {
                    ::std::option::Option::Some(::blueprint_runtime::PageRef::Number(self.#field.unwrap_or(#first)))
                },
                field,
                wire: page.page_parameter.clone(),
                stored: quote!(u64),
                table_entry,
                how: format!(
                    "from the builder's page (default the first) until the server reports no next page, the\n\
                     last page, or the client's page limit ([`ClientBuilder::max_pages`]({root}::ClientBuilder::max_pages))"
                ),
                root,
            });
        }
        let paging = op.paging.as_ref()?;
        let param = op.parameters.iter().find(|p| p.name == paging.parameter)?;
        Some(Streaming {
            item: RustType::new(&paging.item, root),
            field: ident(&param.rust),
            wire: paging.parameter.clone(),
            stored: stored_type(param, root),
            first: quote!(::std::option::Option::None),
            table_entry,
            how: format!(
                "from the request as built (its `{}`, if set) while the answers say there is a next\n\
                 page ({}), up to the client's page limit\n\
                 ([`ClientBuilder::max_pages`]({root}::ClientBuilder::max_pages)); the items are the answers' `{}`",
                paging.parameter,
                super::client::next_page_words(&paging.next),
                paging.items
            ),
            root,
        })
    }
}

impl ToTokens for Streaming<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Streaming {
            item,
            field,
            wire,
            stored,
            first,
            table_entry,
            how,
            root,
        } = self;
        let doc = format!(
            "Every item of every page, fetched lazily page by page {how}.\n\n\
             The stream is `Unpin`: walk it with `while let Some(item) = stream.try_next().await? {{ … }}`\n\
             ([`TryStreamExt`]({root}::TryStreamExt) is re-exported by this crate)."
        );
        let doc = Docs(&doc);
        tokens.extend(quote! {
            #doc
            pub fn stream(self) -> #root::ItemStream<#item> {
                let max_pages = self.client.runtime.max_pages();
                let first = #first;
                ::blueprint_runtime::paginate(#root::operations::#table_entry.name, first, max_pages, move |at| {
                    let mut request = ::std::clone::Clone::clone(&self);
                    async move {
                        if let ::std::option::Option::Some(at) = at {
                            let value: #stored = at.parameter::<_, #root::ApiCode>(#root::operations::#table_entry.name, #wire)?;
                            request.#field = ::std::option::Option::Some(value);
                        }
                        request.send().await
                    }
                })
            }

            /// Fetches every page and returns all items in order.
            pub async fn collect_all(self) -> #root::Result<::std::vec::Vec<#item>> {
                ::blueprint_runtime::collect_all(self.stream()).await
            }
        });
    }
}
