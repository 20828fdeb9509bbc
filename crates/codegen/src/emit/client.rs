//! Emits `src/client.rs`: the API's [`Client`](#) and everything the runtime
//! needs to know about the API, generated from the model's [`ApiInfo`]: the
//! `API` description, the `Scope` and `ApiCode` enums, and (where the API has
//! them) its `Page`, `Envelope` and asynchronous action glue.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::api::{argument_type, positional};
use super::doc::sanitize;
use super::tokens::{ident, Docs, Root, RustType};
use super::EmitError;
use crate::infer::naming::snake_ident;
use crate::model::{
    api_phrase, ApiInfo, AuthScheme, Field, NextPage, TypeKind, TypeModel, TypeRef,
};

/// The tokens of `src/client.rs`, whose code names the generated code's root `root`;
/// `doc_path` is how a doctest names a module's root (`my_crate::petstore`),
/// when the includer said so.
pub fn client_file(
    model: &TypeModel,
    root: Root<'_>,
    doc_path: Option<&str>,
) -> Result<TokenStream, EmitError> {
    let api = &model.api;
    let name = &api.name;
    let mut out = quote! {
        //! The client and the conventions of the API, as the runtime sees them.
    };
    out.extend(api_static(api));
    out.extend(client_struct(model, root, doc_path));
    out.extend(builder_struct(api, root));
    out.extend(scope_enum(api));
    out.extend(api_code_enum(api));
    if api.page.is_some() {
        out.extend(page_types(api));
    }
    if let Some(key) = &api.envelope {
        let field = ident(&snake_ident(key));
        let rename = (snake_ident(key) != *key).then(|| quote!(#[serde(rename = #key)]));
        let doc = format!(
            "The `{{\"{key}\": …}}` wrapper of {}'s response bodies.",
            api_phrase(name)
        );
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
        out.extend(action_glue(model, root)?);
    }
    out.extend(paging_glue(model, root)?);
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
    let auth = match &api.auth.scheme {
        AuthScheme::None => quote!(::blueprint_runtime::Auth::None),
        AuthScheme::Token { scheme } => {
            quote!(::blueprint_runtime::Auth::Token { scheme: #scheme })
        }
        AuthScheme::Basic => {
            let username_env = api.username_env.as_deref().unwrap_or_default();
            quote!(::blueprint_runtime::Auth::Basic { username_env: #username_env })
        }
        AuthScheme::ApiKey { header } => {
            quote!(::blueprint_runtime::Auth::ApiKey { header: #header })
        }
    };
    let auth_required = api.auth.required;
    let doc = format!("What the runtime needs to know about {}.", api_phrase(name));
    let doc = Docs(&doc);
    quote! {
        #doc
        pub static API: ::blueprint_runtime::Api = ::blueprint_runtime::Api {
            name: #name,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
            default_base_url: #base_url,
            auth: #auth,
            auth_required: #auth_required,
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

/// The builder call that gives the API's credentials, for examples: `.token("…")`.
pub(super) fn credentials_call(api: &ApiInfo) -> Option<&'static str> {
    match api.auth.scheme {
        AuthScheme::Token { .. } => Some(".token(\"…\")"),
        AuthScheme::Basic => Some(".basic_auth(\"user\", \"password\")"),
        AuthScheme::ApiKey { .. } => Some(".api_key(\"…\")"),
        AuthScheme::None => None,
    }
}

/// What the client sends to authenticate, in words.
fn auth_doc(api: &ApiInfo) -> String {
    let auth = &api.auth;
    let how = match &auth.scheme {
        AuthScheme::None => {
            "It sends no credentials (a token given with [`ClientBuilder::token`] is sent as \
             `Authorization: Bearer`)"
                .to_owned()
        }
        AuthScheme::Token { scheme } => format!(
            "Every call sends the token as `Authorization: {scheme}` ([`ClientBuilder::token`])"
        ),
        AuthScheme::Basic => {
            "Every call sends `Authorization: Basic` ([`ClientBuilder::basic_auth`])".to_owned()
        }
        AuthScheme::ApiKey { header } => {
            format!("Every call sends the API key as `{header}` ([`ClientBuilder::api_key`])")
        }
    };
    let required = match (&auth.scheme, auth.required) {
        (AuthScheme::None, _) => String::new(),
        (_, true) => ", which `build()` requires".to_owned(),
        (_, false) => ", when one is given (not every operation needs it)".to_owned(),
    };
    format!("{how}{required}; as read from {}.", auth.evidence)
}

fn client_struct(model: &TypeModel, root: Root<'_>, doc_path: Option<&str>) -> TokenStream {
    let api = &model.api;
    // A doctest names the code from outside its crate: a module's examples
    // can be compiled only when the includer has said where it put it.
    let (fence, lib) = match (root.is_crate(), doc_path) {
        (true, _) => ("no_run", format!("{}::", api.lib)),
        (false, Some(path)) => ("no_run", format!("{path}::")),
        (false, None) => ("ignore", String::new()),
    };
    let base_url_env = &api.base_url_env;
    let base_url_doc = match &api.base_url {
        Some(url) => format!("`{url}`, the spec's `HOST`"),
        None => "none: the spec has no `HOST`, so a base URL must be given".to_owned(),
    };
    let mut example = format!(
        "```{fence}\n# async fn run() -> ::std::result::Result<(), {lib}Error> {{\n\
         let client = {lib}Client::builder()\n    \
         .base_url(\"http://127.0.0.1:8080\") // a mock, a staging server\n"
    );
    if let Some(call) = credentials_call(api) {
        example.push_str(&format!("    {call}\n"));
    }
    example.push_str(&format!(
        "    .timeout(std::time::Duration::from_secs(10))\n    .build()?;\n\
         // Or the shortcut: credentials from the environment ({}), {base_url_env} when set.\n\
         // let client = {lib}Client::from_env()?;\n",
        env_names(api)
    ));
    example.push_str("# let _ = client;\n# Ok(())\n# }\n```");
    let doc = format!(
        "A client of {}.\n\n\
         Cheap to clone (its state is shared), `Send + Sync`, and `'static`: make one and share it,\n\
         or move clones into tasks. {} It retries idempotent requests per its\n\
         [`RetryPolicy`]({root}::RetryPolicy), and never follows redirects. Its default base URL is\n\
         {base_url_doc}.\n\n\
         # Example\n\n{example}",
        api_phrase(&api.name),
        auth_doc(api),
    );
    let doc = Docs(&doc);
    let new = match &api.auth.scheme {
        AuthScheme::Token { .. } => quote! {
            /// A client with the default settings and this token.
            pub fn new(token: impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>) -> Result<Client> {
                Client::builder().token(token).build()
            }
        },
        AuthScheme::None => quote! {
            /// A client with the default settings (the API documents no credentials).
            pub fn new() -> Result<Client> {
                Client::builder().build()
            }
        },
        AuthScheme::Basic => quote! {
            /// A client with the default settings and these basic-auth credentials.
            pub fn new(
                username: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>,
            ) -> Result<Client> {
                Client::builder().basic_auth(username, password).build()
            }
        },
        AuthScheme::ApiKey { .. } => quote! {
            /// A client with the default settings and this API key.
            pub fn new(api_key: impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>) -> Result<Client> {
                Client::builder().api_key(api_key).build()
            }
        },
    };
    let from_env_doc = format!(
        "A client whose credentials come from the environment ({}) and whose base URL is\n\
         `{base_url_env}` when set: the shortcut for [`Client::builder`]`().from_env()?.build()`.",
        env_names(api)
    );
    let from_env_doc = Docs(&from_env_doc);
    let error_doc = format!(
        "Everything that can go wrong when calling the API.\n\n\
         [`Error::Api`](::blueprint_runtime::Error::Api) is an error answer (its `status`, the API's\n\
         [`ApiCode`], the server's `message` and `body`); the other variants are transport errors,\n\
         timeouts, an exceeded deadline, bodies that do not decode (with the JSON path of the\n\
         failing value), arguments or settings refused before sending. Its methods:\n\n\
         - `status() -> Option<u16>`: the HTTP status of an error answer;\n\
         - `code() -> Option<&ApiCode>`: the API's error code;\n\
         - `api_body::<T>() -> Option<T>`: the body as one of the error types listed under each\n  \
         method's `# Errors` (`body_as::<T>()` keeps the decoding error);\n\
         - `is_retryable()`, `rate_limit()`, `operation()`.\n\n\
         ```{fence}\n\
         fn explain(err: &{lib}Error) {{\n    \
         match err.status() {{\n        \
         Some(404) => eprintln!(\"not found\"),\n        \
         Some(status) => eprintln!(\"the API answered {{status}}: {{err}}\"),\n        \
         None => eprintln!(\"no answer: {{err}}\"),\n    \
         }}\n\
         }}\n\
         ```"
    );
    let error_doc = Docs(&error_doc);
    let item_stream_doc = format!(
        "A stream of every item of a listing, fetched page by page as it is walked:\n\
         `Unpin`, `Send` and `'static`. Walk it with [`TryStreamExt`]({root}::TryStreamExt)\n\
         (`while let Some(item) = stream.try_next().await? {{ … }}`) or\n\
         [`StreamExt`]({root}::StreamExt), both re-exported by this crate."
    );
    let item_stream_doc = Docs(&item_stream_doc);
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

        #error_doc
        pub type Error = ::blueprint_runtime::Error<ApiCode>;

        /// The result type of every fallible call of this crate.
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        #item_stream_doc
        pub type ItemStream<T> = ::blueprint_runtime::ItemStream<T, ApiCode>;

        impl Client {
            #new

            /// A builder for a client with other settings: base URL, credentials, timeouts, retries.
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

            /// The time allowed for one attempt of a request.
            pub fn timeout(&self) -> ::std::time::Duration {
                self.runtime.timeout()
            }

            /// The time allowed for a whole call, retries included, if one was set.
            pub fn deadline(&self) -> ::std::option::Option<::std::time::Duration> {
                self.runtime.deadline()
            }

            /// The most pages a stream over a listing fetches.
            pub fn max_pages(&self) -> u64 {
                self.runtime.max_pages()
            }

            /// The scopes the client was told the token has, if any were declared.
            pub fn granted_scopes(&self) -> ::std::option::Option<&[::std::string::String]> {
                self.runtime.granted_scopes()
            }
        }
    }
}

/// The environment variables `from_env` reads for credentials, in words.
fn env_names(api: &ApiInfo) -> String {
    match (&api.auth.scheme, &api.username_env) {
        (AuthScheme::Basic, Some(user)) => format!("`{user}` and `{}`", api.token_env),
        (AuthScheme::None, _) => format!("`{}`, if set", api.token_env),
        _ => format!("`{}`", api.token_env),
    }
}

/// `ClientBuilder`: the runtime's builder in a type of this crate, so that
/// every setting is documented here, and only the credentials this API
/// takes have a setter.
fn builder_struct(api: &ApiInfo, root: Root<'_>) -> TokenStream {
    let secret = quote!(impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>);
    let credentials = match &api.auth.scheme {
        AuthScheme::Token { scheme } => {
            let doc = format!(
                "The access token, sent as `Authorization: {scheme} <token>` (a token given with its\n\
                 scheme is the same token). From the environment: `{}`.",
                api.token_env
            );
            let doc = Docs(&doc);
            quote! {
                #doc
                pub fn token(self, token: #secret) -> Self {
                    ClientBuilder(self.0.token(token))
                }
            }
        }
        AuthScheme::None => quote! {
            /// A token to send as `Authorization: Bearer <token>`: the spec documents no
            /// credentials, but a server may still want one.
            pub fn token(self, token: #secret) -> Self {
                ClientBuilder(self.0.token(token))
            }
        },
        AuthScheme::Basic => {
            let doc = format!(
                "The user name and password, sent as `Authorization: Basic …`. From the environment:\n\
                 {}.",
                env_names(api)
            );
            let doc = Docs(&doc);
            quote! {
                #doc
                pub fn basic_auth(
                    self,
                    username: impl ::std::convert::Into<::std::string::String>,
                    password: #secret,
                ) -> Self {
                    ClientBuilder(self.0.basic_auth(username, password))
                }
            }
        }
        AuthScheme::ApiKey { header } => {
            let doc = format!(
                "The API key, sent as `{header}` with every request. From the environment: `{}`.",
                api.token_env
            );
            let doc = Docs(&doc);
            quote! {
                #doc
                pub fn api_key(self, key: #secret) -> Self {
                    ClientBuilder(self.0.api_key(key))
                }
            }
        }
    };
    let base_url_doc = match &api.base_url {
        Some(url) => format!(
            "The API's base URL (default `{url}`, the spec's `HOST`; from the environment:\n\
             `{}`). Must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`),\n\
             which may use `http`: a local mock works.",
            api.base_url_env
        ),
        None => format!(
            "The API's base URL (required: the spec has no `HOST`; from the environment:\n\
             `{}`). Must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`),\n\
             which may use `http`: a local mock works.",
            api.base_url_env
        ),
    };
    let base_url_doc = Docs(&base_url_doc);
    let from_env_doc = format!(
        "Takes the credentials from the environment ({}) and, when set, the base URL from\n\
         `{}`. A variable that is not set is an error only where the API requires it.",
        env_names(api),
        api.base_url_env
    );
    let from_env_doc = Docs(&from_env_doc);
    let retry_policy_doc = format!(
        "The retry policy (default [`RetryPolicy::default`]({root}::RetryPolicy::default):\n\
         3 attempts of idempotent calls; [`RetryPolicy::none`]({root}::RetryPolicy::none)\n\
         turns retries off)."
    );
    let retry_policy_doc = Docs(&retry_policy_doc);
    let http_client_doc = format!(
        "Sends through a `reqwest` client of your own (its TLS, proxy, pool and redirect\n\
         settings are then yours: build it with\n\
         `redirect(`[`reqwest::redirect::Policy::none()`]({root}::reqwest::redirect::Policy::none)`)`\n\
         to keep this client's refusal of redirects). Use the re-exported\n\
         [`reqwest`]({root}::reqwest), the version this crate is built with."
    );
    let http_client_doc = Docs(&http_client_doc);
    quote! {
        /// Configures a [`Client`]: made by [`Client::builder`], finished by [`build`](Self::build).
        /// Every setting has a default; see the example on [`Client`].
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
        #[must_use = "a builder does nothing until `.build()`"]
        pub struct ClientBuilder(::blueprint_runtime::ClientBuilder<Client>);

        impl ClientBuilder {
            /// A builder with the default settings.
            pub fn new() -> Self {
                ClientBuilder(::blueprint_runtime::ClientBuilder::new())
            }

            #credentials

            #base_url_doc
            pub fn base_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                ClientBuilder(self.0.base_url(url))
            }

            /// Replaces the user agent (default: this crate's name and version).
            pub fn user_agent(self, agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                ClientBuilder(self.0.user_agent(agent))
            }

            /// The time allowed for one attempt, from sending to the end of the body (default
            /// 30 s). A retried call may take longer: see [`deadline`](Self::deadline).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.timeout(timeout))
            }

            /// The time allowed for a whole call, every attempt and the waits between them
            /// included (default: none; retries are bounded by the retry policy). A call still
            /// running then fails with `Error::Deadline`. A stream applies it to each page.
            pub fn deadline(self, deadline: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.deadline(deadline))
            }

            /// The time allowed to connect (default 10 s); not applied to a client given with
            /// [`http_client`](Self::http_client).
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.connect_timeout(timeout))
            }

            #retry_policy_doc
            pub fn retry_policy(self, policy: #root::RetryPolicy) -> Self {
                ClientBuilder(self.0.retry_policy(policy))
            }

            /// Sends through this proxy (for an `https` base URL; a loopback base URL is never
            /// proxied). Without this or [`no_proxy`](Self::no_proxy), the environment's proxies
            /// apply (`HTTPS_PROXY`, `ALL_PROXY`, …).
            pub fn proxy(self, proxy: #root::reqwest::Proxy) -> Self {
                ClientBuilder(self.0.proxy(proxy))
            }

            /// Never sends through a proxy, whatever the environment says.
            pub fn no_proxy(self) -> Self {
                ClientBuilder(self.0.no_proxy())
            }

            #http_client_doc
            pub fn http_client(self, client: #root::reqwest::Client) -> Self {
                ClientBuilder(self.0.http_client(client))
            }

            /// Declares the scopes the token was granted: calls needing another scope then fail
            /// with `Error::MissingScope` without sending a request.
            pub fn scopes<S: ::std::convert::AsRef<str>>(self, scopes: impl ::std::iter::IntoIterator<Item = S>) -> Self {
                ClientBuilder(self.0.scopes(scopes))
            }

            /// The largest response body accepted, in bytes (default 64 MiB).
            pub fn max_body_size(self, bytes: usize) -> Self {
                ClientBuilder(self.0.max_body_size(bytes))
            }

            /// The most pages a stream over a listing fetches (default 10,000); a listing with
            /// more ends its stream with `Error::Pagination`.
            pub fn max_pages(self, pages: u64) -> Self {
                ClientBuilder(self.0.max_pages(pages))
            }

            #from_env_doc
            pub fn from_env(self) -> Result<Self> {
                self.0.from_env().map(ClientBuilder)
            }

            /// Checks the settings and makes the client: `Error::InvalidConfig` says what is
            /// wrong (a missing credential, a base URL that is not `https`, …).
            pub fn build(self) -> Result<Client> {
                self.0.build()
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
    let doc = format!("One page of a listing of {}.", api_phrase(name));
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

            fn next_ref(&self) -> ::std::option::Option<::blueprint_runtime::PageRef> {
                Page::next_page(self).map(::blueprint_runtime::PageRef::Number)
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
fn action_glue(model: &TypeModel, root: Root<'_>) -> Result<TokenStream, EmitError> {
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
    let id_ty = RustType::new(&id.ty, root);
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
            let arg_ty = argument_type(p, root);
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
        "Waits for this action to finish by polling `{} {}` ([`{}::{}`]({root}::api::{}::{}::{})); tune\n\
         with [`Wait::every`](::blueprint_runtime::Wait::every) and\n\
         [`Wait::at_most`](::blueprint_runtime::Wait::at_most), then `.await` the\n\
         [`ActionOutcome`]({root}::ActionOutcome).",
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
        "Waits for an asynchronous action to finish: the same as [`{}::wait`]({root}::models::{}::wait).",
        action.type_name, action.type_name
    );
    let client_doc = Docs(&client_doc);
    Ok(quote! {
        /// A wait for an asynchronous action; configure it, then `.await` it.
        pub type Wait<A> = ::blueprint_runtime::Wait<A, ApiCode>;

        #tracked_doc
        impl ::blueprint_runtime::TrackedAction for #root::models::#ty {
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

        impl #root::models::#ty {
            #wait_doc
            pub fn wait(&self, client: &Client, #(#params),*) -> Wait<#root::models::#ty> {
                let poll = client.#accessor().#method(#(#args),*);
                ::blueprint_runtime::Wait::new(
                    ::std::clone::Clone::clone(self),
                    move || ::std::clone::Clone::clone(&poll).send(),
                )
            }
        }

        impl Client {
            #client_doc
            pub fn wait_for_action(&self, #(#params,)* action: &#root::models::#ty) -> Wait<#root::models::#ty> {
                action.wait(self, #(#param_names),*)
            }
        }
    })
}

/// The Rust field path of the JSON keys `path` from the struct `type_name`:
/// `self.pagination.next_page`.
fn field_path(
    model: &TypeModel,
    type_name: &str,
    path: &[String],
) -> Result<TokenStream, EmitError> {
    let mut at = type_name.to_owned();
    let mut out = quote!(self);
    for key in path {
        let f = field(model, &at, key)?;
        let name = ident(&f.rust);
        out = quote!(#out.#name);
        if let TypeRef::Named(next) = &f.ty {
            at = next.clone();
        }
    }
    Ok(out)
}

/// `Paged` for the result types of operations whose pages were found in
/// their examples: where the items are and where the next page is.
fn paging_glue(model: &TypeModel, root: Root<'_>) -> Result<TokenStream, EmitError> {
    let mut out = TokenStream::new();
    let mut done = std::collections::BTreeSet::new();
    for op in &model.operations {
        let (Some(paging), crate::model::Response::Single(TypeRef::Named(name))) =
            (&op.paging, &op.response)
        else {
            continue;
        };
        if !done.insert(name.clone()) {
            continue;
        }
        let ty = ident(name);
        let item = RustType::new(&paging.item, root);
        let items = field_path(model, name, std::slice::from_ref(&paging.items))?;
        let fields = quote!(::blueprint_runtime::fields);
        let (next_ref, page_count) = match &paging.next {
            NextPage::Number {
                next,
                has_next,
                current,
                pages,
            } => {
                let stop = match has_next {
                    Some(flag) => {
                        let flag = field_path(model, name, flag)?;
                        quote! {
                            if !#fields::FlagField::flag(&#flag) {
                                return ::std::option::Option::None;
                            }
                        }
                    }
                    None => TokenStream::new(),
                };
                let next = match next {
                    Some(next) => {
                        let next = field_path(model, name, next)?;
                        quote!(#fields::NumberField::number(&#next))
                    }
                    None => quote!(::std::option::Option::<u64>::None),
                };
                // With a flag, the page after this one is the next when no
                // number is given; without one, a missing number is the end.
                let next = match (has_next, current) {
                    (Some(_), Some(current)) => {
                        let current = field_path(model, name, current)?;
                        quote! {
                            #next.or_else(|| #fields::NumberField::number(&#current)?.checked_add(1))
                        }
                    }
                    _ => next,
                };
                let count = match pages {
                    Some(pages) => {
                        let pages = field_path(model, name, pages)?;
                        quote! {
                            fn page_count(&self) -> ::std::option::Option<u64> {
                                #fields::NumberField::number(&#pages)
                            }
                        }
                    }
                    None => TokenStream::new(),
                };
                (
                    quote! {
                        #stop
                        #next.map(::blueprint_runtime::PageRef::Number)
                    },
                    count,
                )
            }
            NextPage::Cursor { next } | NextPage::Link { next } => {
                let variant = if matches!(paging.next, NextPage::Cursor { .. }) {
                    quote!(Cursor)
                } else {
                    quote!(Link)
                };
                let next = field_path(model, name, next)?;
                (
                    quote! {
                        #fields::TextField::text(&#next)
                            .map(|text| ::blueprint_runtime::PageRef::#variant(::std::borrow::ToOwned::to_owned(text)))
                    },
                    TokenStream::new(),
                )
            }
        };
        let doc = format!(
            "A page of a listing: the items are `{}`; {}.",
            paging.items,
            next_page_words(&paging.next)
        );
        let doc = Docs(&doc);
        out.extend(quote! {
            #doc
            impl ::blueprint_runtime::Paged for #root::models::#ty {
                type Item = #item;

                fn next_ref(&self) -> ::std::option::Option<::blueprint_runtime::PageRef> {
                    #next_ref
                }

                #page_count

                fn into_items(self) -> ::std::vec::Vec<#item> {
                    #fields::ItemsField::into_items(#items)
                }
            }
        });
    }
    Ok(out)
}

/// Where the next page is, in words: "the next page's number is
/// `pagination.next_page`".
pub(super) fn next_page_words(next: &NextPage) -> String {
    let key = |path: &[String]| format!("`{}`", path.join("."));
    match next {
        NextPage::Number {
            next,
            has_next,
            current,
            ..
        } => match (next, has_next, current) {
            (Some(next), Some(flag), Some(current)) => format!(
                "the next page is numbered {}, or follows {} while {} is true",
                key(next),
                key(current),
                key(flag)
            ),
            (None, Some(flag), Some(current)) => format!(
                "the next page follows {} while {} is true",
                key(current),
                key(flag)
            ),
            (Some(next), _, _) => format!("the next page is numbered {}", key(next)),
            _ => "pages are numbered".to_owned(),
        },
        NextPage::Cursor { next } => format!("the next page's cursor is {}", key(next)),
        NextPage::Link { next } => format!("the next page's link is {}", key(next)),
    }
}
