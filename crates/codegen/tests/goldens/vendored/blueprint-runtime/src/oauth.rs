// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! OAuth2 helpers for the authorization-code flow.
//!
//! 1. Send the user to [`OAuthApp::authorize_url`].
//! 2. The API redirects back with a `code` (for command-line tools use the out-of-band
//!    redirect URI [`OOB_REDIRECT_URI`]: the page shows the code to copy).
//! 3. Exchange it with [`OAuthApp::exchange_code`] for an [`AccessToken`], and give that to
//!    [`ClientBuilder::token`](crate::ClientBuilder::token).
//!
//! The endpoints are the API's ([`Api::oauth`](crate::Api::oauth)). Parameters use the
//! OAuth2 names (`redirect_uri`).

use crate::api::ApiClient;
use crate::error::oauth_error;
use crate::http::{build_http, decode, read_body, read_error_body, RawResponse};
use crate::Error;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;
use std::time::Duration;

/// The redirect URI for command-line tools: the code is shown to the user instead.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// The name of the token exchange in errors.
const EXCHANGE_CODE: &str = "Exchange OAuth2 code";

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

    /// The granted scopes, if the server said which, as the API's scope type
    /// (`token.scopes::<Scope>()`; unknown names are skipped).
    pub fn scopes<S: FromStr>(&self) -> Option<Vec<S>> {
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

/// A registered OAuth2 application of the API of `G`: its id, secret and redirect URI.
pub struct OAuthApp<G> {
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    site: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    client: PhantomData<fn() -> G>,
}

impl<G> Clone for OAuthApp<G> {
    fn clone(&self) -> Self {
        OAuthApp {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            redirect_uri: self.redirect_uri.clone(),
            site: self.site.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            client: PhantomData,
        }
    }
}

impl<G> fmt::Debug for OAuthApp<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uri", &self.redirect_uri)
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl<G: ApiClient> OAuthApp<G> {
    /// An application with these credentials and redirect URI (e.g. [`OOB_REDIRECT_URI`]).
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            site: None,
            http: None,
            timeout: crate::client::DEFAULT_TIMEOUT,
            client: PhantomData,
        }
    }

    /// Uses the endpoints' paths on another site (for tests; same rules as the
    /// client's base URL: `https`, or `http` on loopback).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.site = Some(url.into());
        self
    }

    /// Sends the token request through an existing `reqwest` client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// One of the API's endpoints, on the configured site if any.
    fn endpoint(
        &self,
        pick: fn(&crate::OAuthEndpoints) -> &'static str,
    ) -> Result<String, Error<G::Code>> {
        let endpoints = G::API.oauth.ok_or_else(|| {
            Error::InvalidConfig(format!("the {} API has no OAuth2 endpoints", G::API.name))
        })?;
        let url = url::Url::parse(pick(&endpoints))
            .map_err(|e| Error::InvalidConfig(format!("OAuth2 endpoint: {e}")))?;
        let site = match &self.site {
            Some(site) => crate::client::validate_base_url(site)?,
            None => {
                let origin = url.origin().ascii_serialization();
                crate::client::validate_base_url(&origin)?
            }
        };
        Ok(format!("{site}{}", url.path()))
    }

    /// The URL to send the user to, asking for `scopes`, with an optional anti-forgery `state`
    /// to check when the API redirects back.
    pub fn authorize_url<S: AsRef<str>>(
        &self,
        scopes: &[S],
        state: Option<&str>,
    ) -> Result<String, Error<G::Code>> {
        let base = self.endpoint(|e| e.authorize_url)?;
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("response_type", "code");
        if !scopes.is_empty() {
            let names: Vec<&str> = scopes.iter().map(AsRef::as_ref).collect();
            query.append_pair("scope", &names.join(" "));
        }
        if let Some(state) = state {
            query.append_pair("state", state);
        }
        Ok(format!("{base}?{}", query.finish()))
    }

    /// Exchanges the `code` the API sent back for an access token.
    ///
    /// A refusal (e.g. `{"error": "invalid_grant", "error_description": ...}`) is an
    /// [`Error::Api`] with the body's code. Never retried.
    pub async fn exchange_code(&self, code: &str) -> Result<AccessToken, Error<G::Code>> {
        let op = EXCHANGE_CODE;
        let api = G::API;
        let url = self.endpoint(|e| e.token_url)?;
        let http = match &self.http {
            Some(http) => http.clone(),
            None => {
                let loopback = url::Url::parse(&url).is_ok_and(|u| crate::client::is_loopback(&u));
                build_http(
                    crate::client::DEFAULT_CONNECT_TIMEOUT,
                    api.user_agent,
                    &crate::http::ProxyChoice::default(),
                    loopback,
                )?
            }
        };
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("client_id", &self.client_id)
            .append_pair("client_secret", self.client_secret.expose_secret())
            .append_pair("redirect_uri", &self.redirect_uri);
        let resp = http
            .post(url)
            .timeout(self.timeout)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.finish())
            .send()
            .await
            .map_err(|e| Error::from_reqwest(op, e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if resp.status().is_redirection() {
            // Never follow: the form holds the client secret and the code.
            return Err(Error::Redirect {
                operation: op,
                status,
                location: headers
                    .get(reqwest::header::LOCATION)
                    .map(|l| crate::client::capped(&String::from_utf8_lossy(l.as_bytes()))),
            });
        }
        if !resp.status().is_success() {
            let body = read_error_body(resp).await;
            return Err(oauth_error(api, op, status, &headers, &body));
        }
        let body = read_body(op, resp, 64 * 1024).await?;
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        let parsed = match decode::<TokenResponse, G::Code>(op, &raw, true) {
            Ok(parsed) => parsed,
            // OAuth2 servers may answer form-encoded: access_token=...&token_type=bearer
            Err(err) => parse_form_token(&raw.body).ok_or(err)?,
        };
        if parsed.access_token.is_empty() {
            return Err(Error::Decode {
                operation: op,
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            at.scopes::<String>(),
            Some(vec!["public".to_owned(), "admin".to_owned()])
        );
        assert!(!format!("{at:?}").contains("e72e"));
        assert!(parse_form_token(b"<html>").is_none());
    }
}
