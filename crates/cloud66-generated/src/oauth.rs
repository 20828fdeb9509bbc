//! OAuth2 helpers for the authorization-code flow the spec documents.
//!
//! 1. Send the user to [`authorize_url`] (or [`OAuthApp::authorize_url`]).
//! 2. Cloud 66 redirects back with a `code` (for command-line tools use the out-of-band
//!    redirect URI [`OOB_REDIRECT_URI`]: the page shows the code to copy).
//! 3. Exchange it with [`exchange_code`] for an [`AccessToken`], and give that to
//!    [`ClientBuilder::token`](crate::ClientBuilder::token). Tokens do not expire until revoked.
//!
//! Parameters use the OAuth2 names (`redirect_uri`), as the OAuth2 clients the spec shows do.

use crate::error::oauth_error;
use crate::http::{build_http, decode, read_body, read_error_body, RawResponse};
use crate::operation::{Method, Operation};
use crate::{Error, Result, Scope};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::time::Duration;

/// The site the OAuth2 endpoints live on.
pub const DEFAULT_OAUTH_BASE_URL: &str = "https://app.cloud66.com";
/// The redirect URI for command-line tools: the code is shown to the user instead.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

static EXCHANGE_CODE: Operation = Operation::new(
    "Exchange OAuth2 code",
    Method::Post,
    "/oauth/token",
    None,
    "oauth::exchange_code",
    "AccessToken",
);

/// An OAuth2 access token, as returned by `/oauth/token`. `Debug` never shows the token.
#[derive(Clone)]
pub struct AccessToken {
    token: SecretString,
    token_type: String,
    scope: Option<String>,
}

impl AccessToken {
    /// The token, to give to [`ClientBuilder::token`](crate::ClientBuilder::token).
    pub fn secret(&self) -> &SecretString {
        &self.token
    }

    /// The token type (`bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The granted scopes, if the server said which (unknown names are skipped).
    pub fn scopes(&self) -> Option<Vec<Scope>> {
        self.scope.as_deref().map(|s| {
            s.split([' ', ',', '+'])
                .filter_map(|name| name.parse().ok())
                .collect()
        })
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("scope", &self.scope)
            .finish()
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

/// A registered OAuth2 application: its id, secret, and redirect URI.
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Duration,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uri", &self.redirect_uri)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl OAuthApp {
    /// An application with these credentials and redirect URI (e.g. [`OOB_REDIRECT_URI`]).
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        redirect_uri: impl Into<String>,
    ) -> OAuthApp {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            base_url: DEFAULT_OAUTH_BASE_URL.to_owned(),
            http: None,
            timeout: crate::client::DEFAULT_TIMEOUT,
        }
    }

    /// Uses another site for `/oauth/authorize` and `/oauth/token` (for tests; same rules as
    /// the client's base URL: `https`, or `http` on loopback).
    pub fn base_url(mut self, url: impl Into<String>) -> OAuthApp {
        self.base_url = url.into();
        self
    }

    /// Sends the token request through an existing `reqwest` client.
    pub fn http_client(mut self, client: reqwest::Client) -> OAuthApp {
        self.http = Some(client);
        self
    }

    /// The URL to send the user to, asking for `scopes`, with an optional anti-forgery `state`
    /// to check when Cloud 66 redirects back.
    pub fn authorize_url(&self, scopes: &[Scope], state: Option<&str>) -> Result<String> {
        let base = crate::client::validate_base_url(&self.base_url)?;
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("response_type", "code");
        if !scopes.is_empty() {
            let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
            query.append_pair("scope", &names.join(" "));
        }
        if let Some(state) = state {
            query.append_pair("state", state);
        }
        Ok(format!("{base}/oauth/authorize?{}", query.finish()))
    }

    /// Exchanges the `code` Cloud 66 sent back for an access token (`POST /oauth/token`).
    ///
    /// A refusal (e.g. `{"error": "invalid_grant", "error_description": ...}`) is an
    /// [`Error::Api`] with the code in [`ApiCode::Other`](crate::ApiCode::Other). Never retried.
    pub async fn exchange_code(&self, code: &str) -> Result<AccessToken> {
        let op = &EXCHANGE_CODE;
        let base = crate::client::validate_base_url(&self.base_url)?;
        let http = match &self.http {
            Some(http) => http.clone(),
            None => build_http(crate::client::DEFAULT_CONNECT_TIMEOUT)?,
        };
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("client_id", &self.client_id)
            .append_pair("client_secret", self.client_secret.expose_secret())
            .append_pair("redirect_uri", &self.redirect_uri);
        let resp = http
            .post(format!("{base}{}", op.path))
            .timeout(self.timeout)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.finish())
            .send()
            .await
            .map_err(|e| Error::from_reqwest(op.name, e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if !resp.status().is_success() {
            let body = read_error_body(resp).await;
            return Err(oauth_error(op.name, status, &headers, &body));
        }
        let body = read_body(op.name, resp, 64 * 1024).await?;
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        let parsed = match decode::<TokenResponse>(op.name, &raw, true) {
            Ok(parsed) => parsed,
            // The spec's default answer is form-encoded: access_token=...&token_type=bearer
            Err(err) => parse_form_token(&raw.body).ok_or(err)?,
        };
        if parsed.access_token.is_empty() {
            return Err(Error::Decode {
                operation: op.name,
                path: "access_token".into(),
                message: "empty access token".into(),
                snippet: "[redacted]".into(),
            });
        }
        Ok(AccessToken {
            token: parsed.access_token.into(),
            token_type: parsed.token_type.unwrap_or_else(|| "bearer".to_owned()),
            scope: parsed.scope,
        })
    }
}

fn parse_form_token(body: &[u8]) -> Option<TokenResponse> {
    let mut out = TokenResponse {
        access_token: String::new(),
        token_type: None,
        scope: None,
    };
    for (k, v) in url::form_urlencoded::parse(body) {
        match &*k {
            "access_token" => out.access_token = v.into_owned(),
            "token_type" => out.token_type = Some(v.into_owned()),
            "scope" => out.scope = Some(v.into_owned()),
            _ => {}
        }
    }
    (!out.access_token.is_empty()).then_some(out)
}

/// The authorize URL on `app.cloud66.com` for this client id, redirect URI and scopes.
pub fn authorize_url(client_id: &str, redirect_uri: &str, scopes: &[Scope]) -> String {
    let app = OAuthApp::new(client_id, String::new(), redirect_uri);
    // The default base URL is valid, so this cannot fail; fall back to it unchanged anyway.
    app.authorize_url(scopes, None)
        .unwrap_or_else(|_| format!("{DEFAULT_OAUTH_BASE_URL}/oauth/authorize"))
}

/// Exchanges an authorization `code` for a token at `app.cloud66.com/oauth/token`.
pub async fn exchange_code(
    client_id: &str,
    client_secret: impl Into<SecretString>,
    code: &str,
    redirect_uri: &str,
) -> Result<AccessToken> {
    OAuthApp::new(client_id, client_secret, redirect_uri)
        .exchange_code(code)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_encodes_everything() {
        let url = authorize_url("my id", OOB_REDIRECT_URI, &[Scope::Public, Scope::Redeploy]);
        assert_eq!(
            url,
            "https://app.cloud66.com/oauth/authorize?client_id=my+id\
             &redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code\
             &scope=public+redeploy"
        );
        let app =
            OAuthApp::new("id", "secret", "https://me.example/cb").base_url("http://example.com");
        assert!(matches!(
            app.authorize_url(&[], None),
            Err(Error::InvalidConfig(_))
        ));
        assert!(!format!("{app:?}").contains("secret\""));
    }

    #[test]
    fn form_encoded_token_responses_parse() {
        let t =
            parse_form_token(b"access_token=e72e&token_type=bearer&scope=public+admin").unwrap();
        assert_eq!(t.access_token, "e72e");
        let at = AccessToken {
            token: t.access_token.into(),
            token_type: "bearer".into(),
            scope: t.scope,
        };
        assert_eq!(at.scopes(), Some(vec![Scope::Public, Scope::Admin]));
        assert!(!format!("{at:?}").contains("e72e"));
        assert!(parse_form_token(b"<html>").is_none());
    }
}
