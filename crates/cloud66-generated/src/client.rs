//! The client: configuration, authentication, retries and decoding.

use crate::error::api_error;
use crate::http::{build_http, decode, read_body, read_error_body, RawResponse, USER_AGENT};
use crate::page::{Envelope, Page};
use crate::request::Request;
use crate::{Error, RateLimit, Result, RetryPolicy, Scope};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::{Host, Url};

/// The API's base URL, from the spec's `HOST`.
pub const DEFAULT_BASE_URL: &str = "https://app.cloud66.com/api/3";
/// The default time allowed for one request, from sending to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default limit on the size of a response body (64 MiB).
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// A client of the Cloud 66 API.
///
/// Cheap to clone (the state is shared behind an `Arc`), and `Send + Sync`: make one and
/// share it. Every call sends `Authorization: Bearer <token>` (marked sensitive), retries
/// idempotent requests per its [`RetryPolicy`], and records the rate-limit headers of every
/// response, readable with [`Client::rate_limit`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: HeaderValue,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    scopes: Option<Vec<Scope>>,
    max_body: usize,
    rate_limit: Mutex<Option<RateLimit>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &"[redacted]")
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("scopes", &self.inner.scopes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the default settings and this token.
    pub fn new(token: impl Into<SecretString>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// A builder for a client with non-default settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client whose token is `CLOUD66_TOKEN` and base URL `CLOUD66_BASE_URL` (if set).
    pub fn from_env() -> Result<Client> {
        ClientBuilder::default().from_env()?.build()
    }

    /// The base URL requests are sent to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The scopes the client was told the token has, if any were declared.
    pub fn granted_scopes(&self) -> Option<&[Scope]> {
        self.inner.scopes.as_deref()
    }

    /// The rate limit reported by the most recent response that carried the headers.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `req` and decodes a `{"response": T}` body, returning the `T`.
    #[doc(hidden)]
    pub async fn send<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        let resp = self.execute(&req, true).await?;
        decode::<Envelope<T>>(req.operation.name, &resp, false).map(|e| e.response)
    }

    /// Sends `req` and decodes a whole page body.
    #[doc(hidden)]
    pub async fn send_page<T: DeserializeOwned>(&self, req: Request) -> Result<Page<T>> {
        let resp = self.execute(&req, true).await?;
        decode::<Page<T>>(req.operation.name, &resp, false)
    }

    /// Sends `req`, checks the status and ignores the body.
    #[doc(hidden)]
    pub async fn send_no_content(&self, req: Request) -> Result<()> {
        self.execute(&req, false).await.map(drop)
    }

    /// Checks the operation's scope against the declared scopes. `public` is always granted:
    /// the spec gives a token without scopes public read-only access.
    fn check_scope(&self, req: &Request) -> Result<()> {
        let (Some(required), Some(granted)) = (req.operation.scope, &self.inner.scopes) else {
            return Ok(());
        };
        if required == Scope::Public || granted.contains(&required) {
            Ok(())
        } else {
            Err(Error::MissingScope {
                operation: req.operation.name,
                required,
                granted: granted.clone(),
            })
        }
    }

    fn url(&self, req: &Request) -> Result<Url> {
        let mut text = format!("{}{}", self.inner.base_url, req.path);
        if let Some(q) = req.query_string() {
            text.push('?');
            text.push_str(&q);
        }
        Url::parse(&text).map_err(|e| Error::InvalidArgument {
            name: "path",
            message: format!("`{}` does not form a valid URL: {e}", req.path),
        })
    }

    /// Sends with retries; returns the response of a success status, else the error.
    async fn execute(&self, req: &Request, keep_body: bool) -> Result<RawResponse> {
        self.check_scope(req)?;
        let url = self.url(req)?;
        let started = tokio::time::Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let err = match self.attempt(req, &url, keep_body).await {
                Ok(resp) => return Ok(resp),
                Err(err) => err,
            };
            match self.retry_delay(req, &err, attempt, started.elapsed()) {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return Err(err),
            }
        }
    }

    /// How long to wait before retrying after `err`, or `None` to give up.
    fn retry_delay(
        &self,
        req: &Request,
        err: &Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        let policy = &self.inner.retry;
        if !req.operation.method.is_idempotent()
            || attempt >= policy.max_attempts
            || !err.is_retryable()
        {
            return None;
        }
        let delay = match err {
            Error::Api {
                retry_after: Some(wait),
                ..
            } => {
                if *wait > policy.max_retry_after {
                    return None;
                }
                *wait
            }
            Error::Api {
                code: crate::ApiCode::Throttled,
                rate_limit: Some(limit),
                ..
            } if limit.is_exhausted() => return None,
            _ => policy.jittered_backoff(attempt),
        };
        let ends = elapsed.checked_add(delay)?;
        (ends <= policy.total_budget).then_some(delay)
    }

    async fn attempt(&self, req: &Request, url: &Url, keep_body: bool) -> Result<RawResponse> {
        let op = req.operation;
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(op.method.to_reqwest(), url.clone())
            .timeout(inner.timeout)
            .header(AUTHORIZATION, inner.auth.clone())
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        if let Some(body) = req.form_body() {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
        } else if !matches!(op.method, crate::Method::Get | crate::Method::Delete) {
            builder = builder.body(Vec::<u8>::new());
        }
        let resp = builder
            .send()
            .await
            .map_err(|e| Error::from_reqwest(op.name, e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if let Some(limit) = RateLimit::from_headers(&headers) {
            *inner
                .rate_limit
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(limit);
        }
        if !resp.status().is_success() {
            let body = read_error_body(resp).await;
            return Err(api_error(op.name, status, &headers, &body));
        }
        let body = if keep_body {
            read_body(op.name, resp, inner.max_body).await?
        } else {
            // Drain (bounded) so the connection can be reused; the content is not needed.
            drop(read_error_body(resp).await);
            Vec::new()
        };
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// Configures a [`Client`]. Made by [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    token: Option<SecretString>,
    base_url: String,
    user_agent: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    scopes: Option<Vec<Scope>>,
    max_body: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            http: None,
            scopes: None,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The OAuth2 access token (required).
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The API's base URL (default [`DEFAULT_BASE_URL`]). Must be `https`, except for
    /// loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), which may use `http`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Replaces the user agent (default [`USER_AGENT`](crate::USER_AGENT)).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// The time allowed for one attempt, from sending to the end of the body
    /// (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed to connect (default [`DEFAULT_CONNECT_TIMEOUT`]); not applied to a
    /// client given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends through an existing `reqwest` client (its TLS, proxy and pool settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Declares the scopes the token was granted: calls needing another scope then fail with
    /// [`Error::MissingScope`] without sending a request.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        let mut scopes: Vec<Scope> = scopes.into_iter().collect();
        scopes.sort();
        scopes.dedup();
        self.scopes = Some(scopes);
        self
    }

    /// The largest response body accepted (default [`DEFAULT_MAX_BODY`]).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Takes the token from `CLOUD66_TOKEN` and, if set, the base URL from `CLOUD66_BASE_URL`.
    pub fn from_env(mut self) -> Result<Self> {
        match std::env::var("CLOUD66_TOKEN") {
            Ok(token) if !token.trim().is_empty() => self = self.token(token.trim().to_owned()),
            _ => {
                return Err(Error::InvalidConfig(
                    "the environment variable CLOUD66_TOKEN is not set".into(),
                ))
            }
        }
        if let Ok(url) = std::env::var("CLOUD66_BASE_URL") {
            if !url.trim().is_empty() {
                self = self.base_url(url.trim().to_owned());
            }
        }
        Ok(self)
    }

    /// Checks the settings and makes the client.
    pub fn build(self) -> Result<Client> {
        let token = self
            .token
            .ok_or_else(|| Error::InvalidConfig("no API token was given".into()))?;
        let secret = token.expose_secret().trim();
        if secret.is_empty() {
            return Err(Error::InvalidConfig("the API token is empty".into()));
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {secret}")).map_err(|_| {
            Error::InvalidConfig("the API token contains characters not allowed in a header".into())
        })?;
        auth.set_sensitive(true);
        let user_agent = HeaderValue::from_str(self.user_agent.as_deref().unwrap_or(USER_AGENT))
            .map_err(|_| {
                Error::InvalidConfig("the user agent is not a valid header value".into())
            })?;
        let base_url = validate_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => build_http(self.connect_timeout)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                scopes: self.scopes,
                max_body: self.max_body,
                rate_limit: Mutex::new(None),
            }),
        })
    }
}

/// Checks a base URL: `https`, or `http` on a loopback host; no query, fragment or credentials.
/// Returns it without a trailing `/`.
pub(crate) fn validate_base_url(text: &str) -> Result<String> {
    let bad = |why: &str| Error::InvalidConfig(format!("base URL `{text}`: {why}"));
    let url = Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                "plain http is allowed only for loopback hosts; use https",
            ))
        }
        _ => return Err(bad("the scheme must be https")),
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(bad("no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain credentials"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            validate_base_url(DEFAULT_BASE_URL).unwrap(),
            "https://app.cloud66.com/api/3"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080/api/3/").unwrap(),
            "http://127.0.0.1:8080/api/3"
        );
        assert!(validate_base_url("http://localhost").is_ok());
        assert!(validate_base_url("http://[::1]:9/").is_ok());
        for bad in [
            "http://app.cloud66.com/api/3",
            "http://10.0.0.1/",
            "ftp://localhost/",
            "https://u:p@app.cloud66.com/",
            "https://app.cloud66.com/?x=1",
            "not a url",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::InvalidConfig(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        fn assert_clone<T: Clone>() {}
        assert_send_sync::<Client>();
        assert_clone::<Client>();
        assert_send_sync::<crate::Error>();
    }
}
