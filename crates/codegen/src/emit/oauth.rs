//! Emits `src/oauth.rs` for APIs whose configuration names OAuth2
//! endpoints: the runtime's authorization-code flow bound to them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{inner_docs, Docs, Root};
use crate::model::TypeModel;

/// The tokens of `src/oauth.rs`, whose code names the generated code's root `root`.
pub fn oauth_file(model: &TypeModel, root: Root<'_>) -> TokenStream {
    let Some(endpoints) = &model.api.oauth else {
        return TokenStream::new();
    };
    let name = crate::model::api_phrase(&model.api.name);
    let authorize = &endpoints.authorize_url;
    let token = &endpoints.token_url;
    let module_doc = inner_docs(&format!(
        "The OAuth2 authorization-code flow of {name}.\n\
         \n\
         1. Send the user to [`authorize_url`] (or [`OAuthApp`]'s `authorize_url`).\n\
         2. The API redirects back with a `code` (for command-line tools use the out-of-band\n\
         \x20  redirect URI [`OOB_REDIRECT_URI`]: the page shows the code to copy).\n\
         3. Exchange it with [`exchange_code`] for an [`AccessToken`], and give that to\n\
         \x20  `ClientBuilder::token`."
    ));
    let authorize_doc = format!("Where users grant access: `{authorize}`.");
    let authorize_doc = Docs(&authorize_doc);
    let token_doc = format!("Where codes are exchanged for tokens: `{token}`.");
    let token_doc = Docs(&token_doc);
    quote! {
        #module_doc

        pub use ::blueprint_runtime::oauth::{AccessToken, OOB_REDIRECT_URI};

        /// A registered OAuth2 application of this API: its id, secret and redirect URI.
        pub type OAuthApp = ::blueprint_runtime::oauth::OAuthApp<#root::Client>;

        #authorize_doc
        pub const AUTHORIZE_URL: &str = #authorize;

        #token_doc
        pub const TOKEN_URL: &str = #token;

        /// The URL to send a user to, for this client id, redirect URI and scopes.
        pub fn authorize_url(client_id: &str, redirect_uri: &str, scopes: &[#root::Scope]) -> #root::Result<::std::string::String> {
            OAuthApp::new(client_id, ::std::string::String::new(), redirect_uri).authorize_url(scopes, ::std::option::Option::None)
        }

        /// Exchanges an authorization `code` for a token.
        pub async fn exchange_code(
            client_id: &str,
            client_secret: impl ::std::convert::Into<::blueprint_runtime::secrecy::SecretString>,
            code: &str,
            redirect_uri: &str,
        ) -> #root::Result<AccessToken> {
            OAuthApp::new(client_id, client_secret, redirect_uri)
                .exchange_code(code)
                .await
        }
    }
}
