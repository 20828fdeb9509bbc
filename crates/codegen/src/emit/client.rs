//! Emits `src/client.rs`: the API's [`Client`](#) and everything the runtime
//! needs to know about the API, generated from the model's [`ApiInfo`]: the
//! `API` description, the `Scope` and `ApiCode` enums, and (where the API has
//! them) its `Page`, `Envelope` and asynchronous action glue.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::api::{argument_type, positional};
use super::doc::sanitize;
use super::tokens::{ident, Docs, RustType};
use super::EmitError;
use crate::infer::naming::snake_ident;
use crate::model::{ApiInfo, Field, TypeKind, TypeModel, TypeRef};

/// The tokens of `src/client.rs`.
pub fn client_file(model: &TypeModel) -> Result<TokenStream, EmitError> {
    let api = &model.api;
    let name = &api.name;
    let mut out = quote! {
        //! The client and the conventions of the API, as the runtime sees them.
    };
    out.extend(api_static(api));
    out.extend(client_struct(api));
    out.extend(scope_enum(api));
    out.extend(api_code_enum(api));
    if api.page.is_some() {
        out.extend(page_types(api));
    }
    if let Some(key) = &api.envelope {
        let field = ident(&snake_ident(key));
        let rename = (snake_ident(key) != *key).then(|| quote!(#[serde(rename = #key)]));
        let doc = format!("The `{{\"{key}\": …}}` wrapper of the {name} API's response bodies.");
        let doc = Docs(&doc);
        let field_doc = format!("The wrapped value (the body's `{key}`).");
        let field_doc = Docs(&field_doc);
        out.extend(quote! {
            #doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct Envelope<T> {
                #field_doc
                #rename
                pub #field: T,
            }
        });
    }
    if api.action.is_some() {
        out.extend(action_glue(model)?);
    }
    Ok(out)
}

fn string_option(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn api_static(api: &ApiInfo) -> TokenStream {
    let name = &api.name;
    let base_url = string_option(api.base_url.as_deref());
    let token_env = &api.token_env;
    let base_url_env = &api.base_url_env;
    let rate_limit = match &api.rate_limit {
        Some(headers) => {
            let (limit, remaining) = (&headers.limit, &headers.remaining);
            quote! {
                ::std::option::Option::Some(::blueprint_runtime::RateLimitHeaders {
                    limit: #limit,
                    remaining: #remaining,
                })
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let code_keys = &api.error_code_keys;
    let message_keys = &api.error_message_keys;
    let always = string_option(api.always_granted_scope.as_deref());
    let oauth = match &api.oauth {
        Some(endpoints) => {
            let (authorize, token) = (&endpoints.authorize_url, &endpoints.token_url);
            quote! {
                ::std::option::Option::Some(::blueprint_runtime::OAuthEndpoints {
                    authorize_url: #authorize,
                    token_url: #token,
                })
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let doc = format!("What the runtime needs to know about the {name} API.");
    let doc = Docs(&doc);
    quote! {
        #doc
        pub static API: ::blueprint_runtime::Api = ::blueprint_runtime::Api {
            name: #name,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
            default_base_url: #base_url,
            token_env: #token_env,
            base_url_env: #base_url_env,
            rate_limit: #rate_limit,
            error_code_keys: &[#(#code_keys),*],
            error_message_keys: &[#(#message_keys),*],
            always_granted_scope: #always,
            oauth: #oauth,
        };
    }
}

fn client_struct(api: &ApiInfo) -> TokenStream {
    let name = &api.name;
    let token_env = &api.token_env;
    let base_url_env = &api.base_url_env;
    let base_url_doc = match &api.base_url {
        Some(url) => format!("`{url}`, the spec's `HOST`"),
        None => "none: the spec has no `HOST`, so a base URL must be given".to_owned(),
    };
    let doc = format!(
        "A client of the {name} API.\n\n\
         Cheap to clone (its state is shared), `Send + Sync`, and `'static`: make one and share it,\n\
         or move clones into tasks. Every call sends the token as `Authorization: Bearer`, retries\n\
         idempotent requests per its [`RetryPolicy`](crate::RetryPolicy), and never follows redirects.\n\
         Its default base URL is {base_url_doc}."
    );
    let doc = Docs(&doc);
    let new_doc = Docs("A client with the default settings and this token.");
    let from_env_doc = format!(
        "A client whose token is `{token_env}` and whose base URL is `{base_url_env}` when set."
    );
    let from_env_doc = Docs(&from_env_doc);
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            pub(crate) runtime: ::blueprint_runtime::Client,
        }

        impl ::blueprint_runtime::ApiClient for Client {
            type Code = ApiCode;

            const API: &'static ::blueprint_runtime::Api = &API;

            fn from_runtime(runtime: ::blueprint_runtime::Client) -> Self {
                Client { runtime }
            }

            fn runtime(&self) -> &::blueprint_runtime::Client {
                &self.runtime
            }
        }

        /// Configures a [`Client`]; made by [`Client::builder`].
        pub type ClientBuilder = ::blueprint_runtime::ClientBuilder<Client>;

        /// Everything that can go wrong when calling the API.
        pub type Error = ::blueprint_runtime::Error<ApiCode>;

        /// The result type of every fallible call of this crate.
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        impl Client {
            #new_doc
            pub fn new(token: impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>) -> Result<Client> {
                Client::builder().token(token).build()
            }

            /// A builder for a client with non-default settings.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            #from_env_doc
            pub fn from_env() -> Result<Client> {
                Client::builder().from_env()?.build()
            }

            /// The base URL requests are sent to (without a trailing `/`).
            pub fn base_url(&self) -> &str {
                self.runtime.base_url()
            }

            /// The rate limit reported by the most recent response that carried it.
            pub fn rate_limit(&self) -> ::std::option::Option<::blueprint_runtime::RateLimit> {
                self.runtime.rate_limit()
            }

            /// The retry policy.
            pub fn retry_policy(&self) -> &::blueprint_runtime::RetryPolicy {
                self.runtime.retry_policy()
            }

            /// The scopes the client was told the token has, if any were declared.
            pub fn granted_scopes(&self) -> ::std::option::Option<&[::std::string::String]> {
                self.runtime.granted_scopes()
            }
        }
    }
}

fn scope_enum(api: &ApiInfo) -> TokenStream {
    let variants: Vec<_> = api.scopes.iter().map(|s| ident(&s.rust)).collect();
    let names: Vec<&str> = api.scopes.iter().map(|s| s.name.as_str()).collect();
    let docs: Vec<String> = api
        .scopes
        .iter()
        .map(|s| {
            let doc = sanitize(s.doc.trim());
            if doc.is_empty() {
                format!("`{}`.", s.name)
            } else {
                format!("`{}`: {doc}", s.name)
            }
        })
        .collect();
    let docs = docs.iter().map(|d| Docs(d));
    let count = Literal::usize_unsuffixed(api.scopes.len());
    let doc = if api.scopes.is_empty() {
        "The OAuth scopes of the API: none are documented.".to_owned()
    } else {
        let always = api
            .always_granted_scope
            .as_deref()
            .map(|s| format!(" `{s}` is always granted: the client never checks it."))
            .unwrap_or_default();
        format!("An OAuth scope of the API.{always}")
    };
    let doc = Docs(&doc);
    let as_str = if api.scopes.is_empty() {
        quote!(match *self {})
    } else {
        quote! {
            match self {
                #(Scope::#variants => #names,)*
            }
        }
    };
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum Scope {
            #(#docs #variants,)*
        }

        impl Scope {
            /// Every scope, in the order the spec lists them.
            pub const ALL: [Scope; #count] = [#(Scope::#variants),*];

            /// The scope's name as OAuth2 spells it.
            pub const fn as_str(&self) -> &'static str {
                #as_str
            }
        }

        impl ::std::fmt::Display for Scope {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for Scope {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::str::FromStr for Scope {
            type Err = ::blueprint_runtime::UnknownScope;

            /// Parses a scope name, ignoring ASCII case and surrounding whitespace.
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                Scope::ALL
                    .into_iter()
                    .find(|scope| scope.as_str().eq_ignore_ascii_case(text.trim()))
                    .ok_or_else(|| ::blueprint_runtime::UnknownScope::new(text))
            }
        }
    }
}

fn api_code_enum(api: &ApiInfo) -> TokenStream {
    let variants: Vec<_> = api.error_codes.iter().map(|c| ident(&c.rust)).collect();
    let codes: Vec<&str> = api.error_codes.iter().map(|c| c.code.as_str()).collect();
    let docs: Vec<String> = api
        .error_codes
        .iter()
        .map(|c| {
            let statuses: Vec<String> = c.statuses.iter().map(u16::to_string).collect();
            let doc = sanitize(c.doc.trim());
            let mut line = format!("{} `{}`", statuses.join(", "), c.code);
            if !doc.is_empty() {
                line.push_str(": ");
                line.push_str(&doc);
            }
            line
        })
        .collect();
    let docs = docs.iter().map(|d| Docs(d));
    let entries = api.error_codes.iter().map(|c| {
        let code = &c.code;
        let statuses = c.statuses.iter().map(|s| Literal::u16_unsuffixed(*s));
        let retryable = c.retryable;
        quote! {
            ::blueprint_runtime::CodeEntry {
                code: #code,
                statuses: &[#(#statuses),*],
                retryable: #retryable,
            }
        }
    });
    let (as_str, from_code) = if codes.is_empty() {
        (
            quote! {
                let ApiCode::Other(code) = self;
                code
            },
            quote!(ApiCode::Other(::std::borrow::ToOwned::to_owned(code))),
        )
    } else {
        (
            quote! {
                match self {
                    #(ApiCode::#variants => #codes,)*
                    ApiCode::Other(code) => code,
                }
            },
            quote! {
                match code {
                    #(#codes => ApiCode::#variants,)*
                    other => ApiCode::Other(::std::borrow::ToOwned::to_owned(other)),
                }
            },
        )
    };
    quote! {
        /// The API's error codes, from its documentation; any other is kept in [`ApiCode::Other`].
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        #[non_exhaustive]
        pub enum ApiCode {
            #(#docs #variants,)*
            /// Any other code: the body's, else a name for the status (`service_unavailable`).
            Other(::std::string::String),
        }

        impl ApiCode {
            /// The code as the API spells it.
            pub fn as_str(&self) -> &str {
                #as_str
            }
        }

        impl ::blueprint_runtime::ErrorCode for ApiCode {
            const DOCUMENTED: &'static [::blueprint_runtime::CodeEntry] = &[#(#entries),*];

            fn from_code(code: &str) -> Self {
                #from_code
            }

            fn as_str(&self) -> &str {
                ApiCode::as_str(self)
            }
        }

        impl ::std::fmt::Display for ApiCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn page_types(api: &ApiInfo) -> TokenStream {
    let Some(page) = &api.page else {
        return TokenStream::new();
    };
    let name = &api.name;
    let keyed = |key: &str| {
        let rust = snake_ident(key);
        let rename = (rust != key).then(|| quote!(#[serde(rename = #key)]));
        (ident(&rust), rename)
    };
    let items_key = &page.items;
    let count = page.count.as_deref().map(|key| {
        let (field, rename) = keyed(key);
        let doc = format!("The number of items on this page, as the API reports it (`{key}`).");
        let doc = Docs(&doc);
        quote! { #doc #rename pub #field: u64, }
    });
    let (pagination_field, pagination_rename) = keyed(&page.pagination);
    let pagination_doc = format!(
        "Where this page sits in the listing (`{}`).",
        page.pagination
    );
    let pagination_doc = Docs(&pagination_doc);
    let fields = &page.fields;
    let (next_field, next_rename) = keyed(&fields.next);
    let number = |key: &Option<String>, what: &str, optional: bool| {
        key.as_deref().map(|key| {
            let (field, rename) = keyed(key);
            let doc = format!("{what} (`{key}`).");
            let doc = Docs(&doc);
            let ty = if optional {
                quote!(::std::option::Option<u64>)
            } else {
                quote!(u64)
            };
            quote! { #doc #rename pub #field: #ty, }
        })
    };
    let previous = number(
        &fields.previous,
        "The previous page's number; `None` on the first page",
        true,
    );
    let current = number(&fields.current, "This page's number", false);
    let per_page = number(&fields.per_page, "The page size", false);
    let total = number(
        &fields.total,
        "The number of items in the whole listing",
        false,
    );
    let pages = number(&fields.pages, "The number of pages in the listing", false);
    let page_count = match &fields.pages {
        Some(key) => {
            let field = ident(&snake_ident(key));
            quote!(::std::option::Option::Some(self.#pagination_field.#field))
        }
        None => quote!(::std::option::Option::None),
    };
    let previous_page = fields.previous.as_deref().map(|key| {
        let field = ident(&snake_ident(key));
        quote! {
            /// The number of the previous page, or `None` on the first page.
            pub fn previous_page(&self) -> ::std::option::Option<u64> {
                self.#pagination_field.#field
            }
        }
    });
    let doc = format!("One page of a listing of the {name} API.");
    let doc = Docs(&doc);
    let items_doc = format!("The items on this page (the body's `{items_key}`).");
    let items_doc = Docs(&items_doc);
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct Page<T> {
            #items_doc
            #[serde(rename = #items_key)]
            pub items: ::std::vec::Vec<T>,
            #count
            #pagination_doc
            #pagination_rename
            pub #pagination_field: Pagination,
        }

        /// The page numbers of a [`Page`].
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub struct Pagination {
            #previous
            /// The next page's number; `None` on the last page.
            #next_rename
            pub #next_field: ::std::option::Option<u64>,
            #current
            #per_page
            #total
            #pages
        }

        impl<T> Page<T> {
            /// The number of the next page, or `None` on the last page.
            pub fn next_page(&self) -> ::std::option::Option<u64> {
                self.#pagination_field.#next_field
            }

            #previous_page

            /// Whether this is the last page.
            pub fn is_last(&self) -> bool {
                self.next_page().is_none()
            }
        }

        impl<T> ::std::iter::IntoIterator for Page<T> {
            type Item = T;
            type IntoIter = ::std::vec::IntoIter<T>;

            fn into_iter(self) -> Self::IntoIter {
                self.items.into_iter()
            }
        }

        impl<T: ::serde::de::DeserializeOwned> ::blueprint_runtime::Paged for Page<T> {
            type Item = T;

            fn next_page(&self) -> ::std::option::Option<u64> {
                Page::next_page(self)
            }

            fn page_count(&self) -> ::std::option::Option<u64> {
                #page_count
            }

            fn into_items(self) -> ::std::vec::Vec<T> {
                self.items
            }
        }
    }
}

/// The field of `type_name` with JSON key `key`.
fn field<'m>(model: &'m TypeModel, type_name: &str, key: &str) -> Result<&'m Field, EmitError> {
    let def = model
        .types
        .iter()
        .find(|t| t.name == type_name)
        .ok_or_else(|| EmitError::new(format!("no type `{type_name}`")))?;
    let TypeKind::Struct { fields } = &def.kind else {
        return Err(EmitError::new(format!("`{type_name}` is not a struct")));
    };
    fields
        .iter()
        .find(|f| f.json == key)
        .ok_or_else(|| EmitError::new(format!("`{type_name}` has no field `{key}`")))
}

/// `TrackedAction` for the action type, its `wait`, and `Client::wait_for_action`.
fn action_glue(model: &TypeModel) -> Result<TokenStream, EmitError> {
    let Some(action) = &model.api.action else {
        return Ok(TokenStream::new());
    };
    let ty = ident(&action.type_name);
    let poll = model
        .operations
        .get(action.poll)
        .ok_or_else(|| EmitError::new("the action's polling operation is missing"))?;
    let id = field(model, &action.type_name, &action.id_field)?;
    if id.optional || id.nullable {
        return Err(EmitError::new(format!(
            "the action id `{}` of `{}` may be absent",
            id.json, action.type_name
        )));
    }
    let id_name = ident(&id.rust);
    let id_ty = RustType::internal(&id.ty);
    let finished = field(model, &action.type_name, &action.finished_field)?;
    let finished_name = ident(&finished.rust);
    let is_finished = if finished.optional || finished.nullable {
        quote!(self.#finished_name.is_some())
    } else if finished.ty == TypeRef::Bool {
        quote!(self.#finished_name)
    } else {
        quote!(true)
    };
    let success = field(model, &action.type_name, &action.success_field)?;
    let success_name = ident(&success.rust);
    let succeeded = match (&success.ty, success.optional || success.nullable) {
        (TypeRef::Bool, true) => quote!(self.#success_name),
        (TypeRef::Bool, false) => quote!(::std::option::Option::Some(self.#success_name)),
        _ => {
            return Err(EmitError::new(format!(
                "the action field `{}` of `{}` is not a boolean",
                success.json, action.type_name
            )))
        }
    };
    // The poll's arguments: the action's own id, and the caller's for the rest.
    let mut params = Vec::new();
    let mut args = Vec::new();
    for p in positional(poll) {
        if p.name == action.id_field {
            args.push(match p.ty {
                TypeRef::String => quote!(&self.#id_name),
                _ => quote!(self.#id_name),
            });
        } else {
            let name = ident(&p.rust);
            let arg_ty = argument_type(p);
            params.push(quote!(#name: #arg_ty));
            args.push(quote!(#name));
        }
    }
    let param_names: Vec<_> = positional(poll)
        .filter(|p| p.name != action.id_field)
        .map(|p| ident(&p.rust))
        .collect();
    let accessor = ident(&poll.accessor);
    let method = ident(&poll.fn_name);
    let finished_key = &action.finished_field;
    let success_key = &action.success_field;
    let wait_doc = format!(
        "Waits for this action to finish by polling `{} {}` ([`{}::{}`](crate::api::{}::{}::{})); tune\n\
         with [`Wait::every`](::blueprint_runtime::Wait::every) and\n\
         [`Wait::at_most`](::blueprint_runtime::Wait::at_most), then `.await` the\n\
         [`ActionOutcome`](crate::ActionOutcome).",
        poll.method,
        poll.path,
        super::api::group_struct_name(&poll.accessor),
        poll.fn_name,
        poll.accessor,
        super::api::group_struct_name(&poll.accessor),
        poll.fn_name,
    );
    let wait_doc = Docs(&wait_doc);
    let tracked_doc =
        format!("Finished once `{finished_key}` is set; succeeded when `{success_key}` is true.");
    let tracked_doc = Docs(&tracked_doc);
    let client_doc = format!(
        "Waits for an asynchronous action to finish: the same as [`{}::wait`](crate::models::{}::wait).",
        action.type_name, action.type_name
    );
    let client_doc = Docs(&client_doc);
    Ok(quote! {
        /// A wait for an asynchronous action; configure it, then `.await` it.
        pub type Wait<A> = ::blueprint_runtime::Wait<A, ApiCode>;

        #tracked_doc
        impl ::blueprint_runtime::TrackedAction for crate::models::#ty {
            type Id = #id_ty;

            fn action_id(&self) -> Self::Id {
                ::std::clone::Clone::clone(&self.#id_name)
            }

            fn is_finished(&self) -> bool {
                #is_finished
            }

            fn succeeded(&self) -> ::std::option::Option<bool> {
                #succeeded
            }
        }

        impl crate::models::#ty {
            #wait_doc
            pub fn wait(&self, client: &Client, #(#params),*) -> Wait<crate::models::#ty> {
                let poll = client.#accessor().#method(#(#args),*);
                ::blueprint_runtime::Wait::new(
                    ::std::clone::Clone::clone(self),
                    move || ::std::clone::Clone::clone(&poll).send(),
                )
            }
        }

        impl Client {
            #client_doc
            pub fn wait_for_action(&self, #(#params,)* action: &crate::models::#ty) -> Wait<crate::models::#ty> {
                action.wait(self, #(#param_names),*)
            }
        }
    })
}
