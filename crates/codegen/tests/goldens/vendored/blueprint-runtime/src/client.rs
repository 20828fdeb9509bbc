// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! The client: configuration, authentication, retries and decoding.

use crate::api::{Api, ApiClient, Auth, ErrorCode};
use crate::error::api_error;
use crate::http::{build_http, decode, read_body, read_error_body, ProxyChoice, RawResponse};
use crate::page::DEFAULT_MAX_PAGES;
use crate::request::Request;
use crate::response::Response;
use crate::{Error, RateLimit, RetryPolicy};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::{Host, Url};

/// The default time allowed for one request, from sending to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default limit on the size of a response body (64 MiB).
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// The HTTP client of one API, inside a generated client.
///
/// Cheap to clone (the state is shared behind an `Arc`), and `Send + Sync`.
/// Every call sends the credentials the API's [`Auth`] says (a header marked
/// sensitive), retries idempotent requests per its [`RetryPolicy`], and
/// records the rate-limit headers of every response, readable with
/// [`Client::rate_limit`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    api: &'static Api,
    http: reqwest::Client,
    base_url: String,
    /// The credentials' header, if any were given.
    auth: Option<(HeaderName, HeaderValue)>,
    user_agent: HeaderValue,
    timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    scopes: Option<Vec<String>>,
    max_body: usize,
    max_pages: u64,
    rate_limit: Mutex<Option<RateLimit>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("base_url", &self.inner.base_url)
            .field("token", &"[redacted]")
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("retry", &self.inner.retry)
            .field("scopes", &self.inner.scopes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The API this client calls.
    pub fn api(&self) -> &'static Api {
        self.inner.api
    }

    /// The base URL requests are sent to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The time allowed for one attempt of a request.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The time allowed for a whole call, retries and their waits included, if one was set.
    pub fn deadline(&self) -> Option<Duration> {
        self.inner.deadline
    }

    /// The scopes the client was told the token has, if any were declared.
    pub fn granted_scopes(&self) -> Option<&[String]> {
        self.inner.scopes.as_deref()
    }

    /// The most pages a stream over a listing fetches.
    pub fn max_pages(&self) -> u64 {
        self.inner.max_pages
    }

    /// The rate limit reported by the most recent response that carried the headers.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .inner
            .rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `req` (with retries) and returns the successful answer with its
    /// body; an error status is an [`Error::Api`].
    #[doc(hidden)]
    pub async fn exchange<C: ErrorCode>(
        &self,
        req: Request,
    ) -> Result<Response<Vec<u8>>, Error<C>> {
        let raw = self.execute::<C>(&req, true).await?;
        Ok(Response::from_raw(req.operation.name, raw))
    }

    /// Sends `req` and decodes its JSON body as `T`.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned, C: ErrorCode>(
        &self,
        req: Request,
    ) -> Result<T, Error<C>> {
        let resp = self.execute::<C>(&req, true).await?;
        decode::<T, C>(req.operation.name, &resp, false)
    }

    /// Sends `req` and returns its body's bytes.
    #[doc(hidden)]
    pub async fn send_bytes<C: ErrorCode>(&self, req: Request) -> Result<Vec<u8>, Error<C>> {
        self.execute::<C>(&req, true).await.map(|resp| resp.body)
    }

    /// Sends `req`, checks the status and ignores the body.
    #[doc(hidden)]
    pub async fn send_empty<C: ErrorCode>(&self, req: Request) -> Result<(), Error<C>> {
        self.execute::<C>(&req, false).await.map(drop)
    }

    /// Checks the operation's scope against the declared scopes; the API's
    /// always-granted scope is never checked.
    fn check_scope<C: ErrorCode>(&self, req: &Request) -> Result<(), Error<C>> {
        let (Some(required), Some(granted)) = (req.operation.scope, &self.inner.scopes) else {
            return Ok(());
        };
        if self.inner.api.always_granted_scope == Some(required)
            || granted.iter().any(|g| g == required)
        {
            Ok(())
        } else {
            Err(Error::MissingScope {
                operation: req.operation.name,
                required,
                granted: granted.clone(),
            })
        }
    }

    /// The request's URL. The URL parser normalises dot segments (`/..`,
    /// `/%2e%2e`): a path that does not survive parsing unchanged would reach
    /// another endpoint, so it is refused before anything is sent.
    fn url<C: ErrorCode>(&self, req: &Request) -> Result<Url, Error<C>> {
        let base = &self.inner.base_url;
        let mut text = format!("{base}{}", req.path);
        if let Some(q) = req.query_string() {
            text.push('?');
            text.push_str(&q);
        }
        let url = Url::parse(&text).map_err(|e| Error::InvalidArgument {
            name: "path",
            message: format!(
                "`{}` does not form a valid URL: {e}",
                crate::error::Escaped(&req.path)
            ),
        })?;
        let base_path = Url::parse(base).map(|b| b.path().trim_end_matches('/').to_owned());
        let expected = format!("{}{}", base_path.unwrap_or_default(), req.path);
        if url.path() != expected {
            return Err(Error::InvalidArgument {
                name: "path",
                message: format!(
                    "`{}` would be sent as `{}`: it addresses another resource",
                    crate::error::Escaped(&req.path),
                    crate::error::Escaped(url.path())
                ),
            });
        }
        Ok(url)
    }

    /// Sends with retries; returns the response of a success status, else the error.
    async fn execute<C: ErrorCode>(
        &self,
        req: &Request,
        keep_body: bool,
    ) -> Result<RawResponse, Error<C>> {
        let span = crate::trace::call_span(self.inner.api.name, req.operation);
        let call = crate::trace::in_span(&span, async {
            self.check_scope(req)?;
            let url = self.url(req)?;
            let started = tokio::time::Instant::now();
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                crate::trace::attempt(&span, attempt);
                let err = match self.attempt(req, &url, keep_body).await {
                    Ok(resp) => {
                        crate::trace::status(&span, resp.status);
                        return Ok(resp);
                    }
                    Err(err) => err,
                };
                if let Some(status) = err.status() {
                    crate::trace::status(&span, status);
                }
                match self.retry_delay(req, &err, attempt, started.elapsed()) {
                    Some(delay) => {
                        crate::trace::retry(&span, attempt, delay);
                        tokio::time::sleep(delay).await
                    }
                    None => return Err(err),
                }
            }
        });
        match self.inner.deadline {
            None => call.await,
            Some(deadline) => {
                tokio::time::timeout(deadline, call)
                    .await
                    .unwrap_or(Err(Error::Deadline {
                        operation: req.operation.name,
                        deadline,
                    }))
            }
        }
    }

    /// How long to wait before retrying after `err`, or `None` to give up.
    fn retry_delay<C: ErrorCode>(
        &self,
        req: &Request,
        err: &Error<C>,
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
            // Out of budget, and no word on when it comes back: waiting is the caller's call.
            Error::Api {
                rate_limit: Some(limit),
                ..
            } if limit.is_exhausted() => return None,
            _ => policy.jittered_backoff(attempt),
        };
        let ends = elapsed.checked_add(delay)?;
        (ends <= policy.total_budget).then_some(delay)
    }

    async fn attempt<C: ErrorCode>(
        &self,
        req: &Request,
        url: &Url,
        keep_body: bool,
    ) -> Result<RawResponse, Error<C>> {
        let op = req.operation;
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(op.method.to_reqwest(), url.clone())
            .timeout(inner.timeout)
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        if let Some((name, value)) = &inner.auth {
            builder = builder.header(name.clone(), value.clone());
        }
        for (name, value) in &req.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some((media_type, body)) = &req.json {
            builder = builder.header(CONTENT_TYPE, *media_type).body(body.clone());
        } else if let Some(body) = req.form_body() {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
        } else if op.method.has_body() {
            builder = builder.body(Vec::<u8>::new());
        }
        let resp = builder
            .send()
            .await
            .map_err(|e| Error::from_reqwest(op.name, e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if let Some(limit) = RateLimit::from_headers(inner.api, &headers) {
            *inner
                .rate_limit
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(limit);
        }
        // A client given with `http_client` may follow redirects itself: an
        // answer from another URL is refused like a redirect (the token and
        // body may already have gone there, but nothing it says is used).
        if resp.url() != url {
            return Err(Error::Redirect {
                operation: op.name,
                status,
                location: Some(capped(resp.url().as_str())),
            });
        }
        if resp.status().is_redirection() {
            let location = headers
                .get(reqwest::header::LOCATION)
                .map(|l| capped(&String::from_utf8_lossy(l.as_bytes())));
            return Err(Error::Redirect {
                operation: op.name,
                status,
                location,
            });
        }
        if !resp.status().is_success() {
            let body = read_error_body(resp).await;
            return Err(api_error(inner.api, op.name, status, &headers, &body));
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

/// A redirect's target as kept in the error: at most 2 KiB, so a hostile
/// `Location` cannot grow errors and logs without bound.
pub(crate) fn capped(location: &str) -> String {
    const MAX: usize = 2048;
    if location.len() <= MAX {
        return location.to_owned();
    }
    let mut end = MAX;
    while !location.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &location[..end])
}

/// Configures a generated client `G`. Made by its `Client::builder()`.
pub struct ClientBuilder<G> {
    token: Option<SecretString>,
    basic: Option<(String, SecretString)>,
    api_key: Option<SecretString>,
    base_url: Option<String>,
    user_agent: Option<String>,
    timeout: Duration,
    deadline: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    scopes: Option<Vec<String>>,
    max_body: usize,
    max_pages: u64,
    proxy: ProxyChoice,
    client: PhantomData<fn() -> G>,
}

impl<G> Clone for ClientBuilder<G> {
    fn clone(&self) -> Self {
        ClientBuilder {
            token: self.token.clone(),
            basic: self.basic.clone(),
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            user_agent: self.user_agent.clone(),
            timeout: self.timeout,
            deadline: self.deadline,
            connect_timeout: self.connect_timeout,
            retry: self.retry.clone(),
            http: self.http.clone(),
            scopes: self.scopes.clone(),
            max_body: self.max_body,
            max_pages: self.max_pages,
            proxy: self.proxy.clone(),
            client: PhantomData,
        }
    }
}

impl<G: ApiClient> Default for ClientBuilder<G> {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            basic: None,
            api_key: None,
            base_url: None,
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            http: None,
            scopes: None,
            max_body: DEFAULT_MAX_BODY,
            max_pages: DEFAULT_MAX_PAGES,
            proxy: ProxyChoice::default(),
            client: PhantomData,
        }
    }
}

impl<G: ApiClient> fmt::Debug for ClientBuilder<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |given: bool| given.then_some("[redacted]");
        f.debug_struct("ClientBuilder")
            .field("api", &G::API.name)
            .field("token", &redacted(self.token.is_some()))
            .field("basic_auth", &self.basic.as_ref().map(|(user, _)| user))
            .field("api_key", &redacted(self.api_key.is_some()))
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl<G: ApiClient> ClientBuilder<G> {
    /// A builder with the default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The access token, sent as `Authorization: Bearer <token>` (or with the
    /// scheme the spec documents). A token given with its scheme (`Bearer abc`)
    /// is the same token.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// A user name and password, sent as `Authorization: Basic …`.
    pub fn basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.basic = Some((username.into(), password.into()));
        self
    }

    /// The API key, sent in the header the spec documents for it (for example `X-Api-Key`).
    pub fn api_key(mut self, key: impl Into<SecretString>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The API's base URL (default: the spec's `HOST`). Must be `https`, except for
    /// loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), which may use `http`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Replaces the user agent (default: the generated crate's name and version).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// The time allowed for one attempt, from sending to the end of the body
    /// (default [`DEFAULT_TIMEOUT`]). A retried call may take longer: see
    /// [`deadline`](Self::deadline).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed for a whole call, every attempt and the waits between
    /// them included (default: none; retries are bounded by the
    /// [`RetryPolicy`]). A call still running then fails with
    /// [`Error::Deadline`]. A stream over pages applies it to each page.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
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

    /// Sends through this proxy (for an `https` base URL; a loopback base
    /// URL is never proxied). Without this or [`no_proxy`](Self::no_proxy),
    /// the environment's proxies apply (`HTTPS_PROXY`, `ALL_PROXY`, …, as
    /// reqwest reads them).
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.proxy = ProxyChoice::Given(Box::new(proxy));
        self
    }

    /// Never sends through a proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Direct;
        self
    }

    /// Sends through an existing `reqwest` client (its TLS, proxy, redirect and pool
    /// settings, which are then the caller's: build it with
    /// `redirect(reqwest::redirect::Policy::none())`, and with `no_proxy()` for a
    /// loopback base URL, to keep this client's guarantees). An answer from another
    /// URL than the one called (a redirect the client followed) is still refused
    /// with [`Error::Redirect`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Declares the scopes the token was granted: calls needing another scope then fail with
    /// [`Error::MissingScope`] without sending a request.
    pub fn scopes<S: AsRef<str>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        let mut scopes: Vec<String> = scopes.into_iter().map(|s| s.as_ref().to_owned()).collect();
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

    /// The most pages a stream over a listing fetches (default
    /// [`DEFAULT_MAX_PAGES`](crate::DEFAULT_MAX_PAGES)); a listing with more
    /// ends its stream with [`Error::Pagination`].
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Takes the credentials the API's [`Auth`] needs from its environment
    /// variables (the token, the API key, or the user name and password) and,
    /// if set, the base URL from its base-URL variable. A variable that is not
    /// set is an error only where the API requires credentials.
    pub fn from_env(mut self) -> Result<Self, Error<G::Code>> {
        let api = G::API;
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let missing = |name: &str| {
            Error::InvalidConfig(format!("the environment variable {name} is not set"))
        };
        let secret = read(api.token_env);
        match api.auth {
            Auth::Basic { username_env } => match (read(username_env), secret) {
                (Some(user), Some(password)) => self = self.basic_auth(user, password),
                (None, None) if !api.auth_required => {}
                (None, _) => return Err(missing(username_env)),
                (Some(_), None) => return Err(missing(api.token_env)),
            },
            Auth::ApiKey { .. } => match secret {
                Some(key) => self = self.api_key(key),
                None if api.auth_required => return Err(missing(api.token_env)),
                None => {}
            },
            Auth::None | Auth::Token { .. } => match secret {
                Some(token) => self = self.token(token),
                None if api.auth_required => return Err(missing(api.token_env)),
                None => {}
            },
        }
        if let Some(url) = read(api.base_url_env) {
            self = self.base_url(url);
        }
        Ok(self)
    }

    /// Checks the settings and makes the client.
    pub fn build(self) -> Result<G, Error<G::Code>> {
        let api = G::API;
        let auth = credentials_header(api, self.token, self.basic, self.api_key)?;
        let agent = self.user_agent.as_deref().unwrap_or(api.user_agent);
        let user_agent = HeaderValue::from_str(agent).map_err(|_| {
            Error::InvalidConfig("the user agent is not a valid header value".into())
        })?;
        let base_url = match self.base_url.as_deref().or(api.default_base_url) {
            Some(url) => validate_base_url(url)?,
            None => {
                return Err(Error::InvalidConfig(format!(
                    "the {} spec names no HOST: give a base URL (`base_url` or {})",
                    api.name, api.base_url_env
                )))
            }
        };
        let loopback = Url::parse(&base_url).is_ok_and(|u| is_loopback(&u));
        let http = match self.http {
            Some(http) => http,
            None => build_http(self.connect_timeout, agent, &self.proxy, loopback)?,
        };
        Ok(G::from_runtime(Client {
            inner: Arc::new(Inner {
                api,
                http,
                base_url,
                auth,
                user_agent,
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                scopes: self.scopes,
                max_body: self.max_body,
                max_pages: self.max_pages,
                rate_limit: Mutex::new(None),
            }),
        }))
    }
}

/// The header carrying the credentials given, checked against the API's
/// [`Auth`]: its own credential is required where the API says so, and a
/// credential of another kind is a mistake said at once rather than a 401
/// from the server.
fn credentials_header<C: ErrorCode>(
    api: &Api,
    token: Option<SecretString>,
    basic: Option<(String, SecretString)>,
    api_key: Option<SecretString>,
) -> Result<Option<(HeaderName, HeaderValue)>, Error<C>> {
    let wrong = |given: &str| {
        Error::InvalidConfig(format!(
            "{given} was given, but the {} API takes {}",
            api.name,
            api.auth.credential()
        ))
    };
    let header = match api.auth {
        Auth::None | Auth::Token { .. } => {
            if api_key.is_some() {
                return Err(wrong("an API key"));
            }
            if basic.is_some() {
                return Err(wrong("a user name and password"));
            }
            let scheme = match api.auth {
                Auth::Token { scheme } => scheme,
                _ => "Bearer",
            };
            token
                .map(|token| token_header(scheme, token.expose_secret()))
                .transpose()?
                .map(|value| (AUTHORIZATION, value))
        }
        Auth::Basic { .. } => {
            if api_key.is_some() {
                return Err(wrong("an API key"));
            }
            if token.is_some() {
                return Err(wrong("a token"));
            }
            basic
                .map(|(user, password)| basic_header(&user, password.expose_secret()))
                .transpose()?
                .map(|value| (AUTHORIZATION, value))
        }
        Auth::ApiKey { header } => {
            if token.is_some() {
                return Err(wrong("a token"));
            }
            if basic.is_some() {
                return Err(wrong("a user name and password"));
            }
            let name = HeaderName::from_bytes(header.as_bytes())
                .map_err(|_| Error::InvalidConfig(format!("`{header}` is not a header name")))?;
            api_key
                .map(|key| secret_header("API key", key.expose_secret().trim()))
                .transpose()?
                .map(|value| (name, value))
        }
    };
    if header.is_none() && api.auth_required {
        // Titles often name themselves an API already ("Greenhouse API"):
        // saying it twice reads as a typo.
        let says_api = api
            .name
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word.eq_ignore_ascii_case("api") || word.eq_ignore_ascii_case("apis"));
        let suffix = if says_api { "" } else { " API" };
        return Err(Error::InvalidConfig(format!(
            "the {}{suffix} needs {}, and none was given",
            api.name,
            api.auth.credential()
        )));
    }
    Ok(header)
}

/// `Authorization: <scheme> <token>`. A token given with its scheme (`Bearer
/// abc`, any case) is the token `abc`: it must not be sent as `Bearer Bearer
/// abc`.
fn token_header<C: ErrorCode>(scheme: &str, token: &str) -> Result<HeaderValue, Error<C>> {
    let token = token.trim();
    let token = match token.get(..scheme.len() + 1) {
        Some(prefix)
            if prefix[..scheme.len()].eq_ignore_ascii_case(scheme)
                && prefix.ends_with(char::is_whitespace) =>
        {
            token[scheme.len() + 1..].trim_start()
        }
        _ if token.eq_ignore_ascii_case(scheme) => "",
        _ => token,
    };
    if token.is_empty() {
        return Err(Error::InvalidConfig("the API token is empty".into()));
    }
    // A token with whitespace inside (`Bearer Bearer abc`, `Token abc`,
    // two tokens pasted together) is a mistake the server would only
    // answer with a 401: say so before sending it anywhere.
    if token.chars().any(char::is_whitespace) {
        return Err(Error::InvalidConfig(
            "the API token contains whitespace (a second scheme, or two tokens?)".into(),
        ));
    }
    secret_header("API token", &format!("{scheme} {token}"))
}

/// `Authorization: Basic base64(user:password)` (RFC 7617).
fn basic_header<C: ErrorCode>(user: &str, password: &str) -> Result<HeaderValue, Error<C>> {
    if user.contains(':') {
        return Err(Error::InvalidConfig(
            "a basic-auth user name cannot contain `:`".into(),
        ));
    }
    let encoded = base64(format!("{user}:{password}").as_bytes());
    secret_header("basic-auth credential", &format!("Basic {encoded}"))
}

/// A header value marked sensitive (never logged by the HTTP stack); the
/// error never echoes the secret.
fn secret_header<C: ErrorCode>(what: &str, value: &str) -> Result<HeaderValue, Error<C>> {
    if value.is_empty() {
        return Err(Error::InvalidConfig(format!("the {what} is empty")));
    }
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidConfig(format!(
            "the {what} contains characters not allowed in a header"
        ))
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Standard base64 with padding (RFC 4648), for basic auth: a few lines
/// rather than a dependency every user would build.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Checks a base URL: `https`, or `http` on a loopback host; no query, fragment or credentials.
/// Returns it without a trailing `/`.
pub(crate) fn validate_base_url<C: ErrorCode>(text: &str) -> Result<String, Error<C>> {
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

pub(crate) fn is_loopback(url: &Url) -> bool {
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
    use crate::api::AnyCode;

    #[test]
    fn base_urls_are_checked() {
        let check = validate_base_url::<AnyCode>;
        assert_eq!(
            check("https://api.example.com/v3").unwrap(),
            "https://api.example.com/v3"
        );
        assert_eq!(
            check("http://127.0.0.1:8080/api/3/").unwrap(),
            "http://127.0.0.1:8080/api/3"
        );
        assert!(check("http://localhost").is_ok());
        assert!(check("http://[::1]:9/").is_ok());
        for bad in [
            "http://api.example.com/v3",
            "http://10.0.0.1/",
            "ftp://localhost/",
            "https://u:p@api.example.com/",
            "https://api.example.com/?x=1",
            "not a url",
        ] {
            assert!(matches!(check(bad), Err(Error::InvalidConfig(_))), "{bad}");
        }
    }

    #[test]
    fn base64_follows_rfc_4648() {
        for (text, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(text.as_bytes()), encoded, "{text}");
        }
    }

    #[test]
    fn a_token_given_with_its_scheme_is_sent_once() {
        let value = |scheme: &str, token: &str| {
            token_header::<AnyCode>(scheme, token)
                .map(|v| v.to_str().unwrap().to_owned())
                .map_err(|e| e.to_string())
        };
        assert_eq!(value("Bearer", "abc").unwrap(), "Bearer abc");
        assert_eq!(value("Bearer", "bearer abc").unwrap(), "Bearer abc");
        assert_eq!(value("Token", "Token  abc ").unwrap(), "Token abc");
        assert_eq!(value("Bearer", "Bearerabc").unwrap(), "Bearer Bearerabc");
        assert!(value("Bearer", "Bearer").is_err());
        assert!(value("Bearer", "Bearer Bearer abc").is_err());
        assert!(value("Bearer", "a\u{1}b").is_err());
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
