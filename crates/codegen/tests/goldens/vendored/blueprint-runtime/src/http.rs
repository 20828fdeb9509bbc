// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! The HTTP layer: building the `reqwest` client and reading bodies within limits.

use crate::api::ErrorCode;
use crate::error::{snippet, MAX_ERROR_BODY};
use crate::Error;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How the client reaches the API through proxies.
#[derive(Debug, Clone, Default)]
pub(crate) enum ProxyChoice {
    /// The environment's (`HTTPS_PROXY`, `ALL_PROXY`, …), except for a
    /// loopback base URL, which is never proxied.
    #[default]
    Environment,
    /// None at all.
    Direct,
    /// This one (except for a loopback base URL).
    Given(Box<reqwest::Proxy>),
}

/// Builds the default `reqwest` client, with reqwest's own TLS: rustls with the
/// `aws-lc-rs` provider and the platform verifier (feature `rustls`, the
/// default), or the native TLS library (feature `native-tls`). Nothing is
/// installed process-wide, so the program's other `reqwest` clients are left
/// as they were.
///
/// It never follows redirects (an API does not redirect, and following one
/// could send the token and bodies elsewhere, in plain text), and a
/// `loopback` base URL never goes through a proxy (a proxy from the
/// environment would see the token in plain text).
pub(crate) fn build_http<C: ErrorCode>(
    connect_timeout: Duration,
    user_agent: &str,
    proxy: &ProxyChoice,
    loopback: bool,
) -> Result<reqwest::Client, Error<C>> {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(user_agent)
        .redirect(reqwest::redirect::Policy::none());
    let builder = match proxy {
        _ if loopback => builder.no_proxy(),
        ProxyChoice::Environment => builder,
        ProxyChoice::Direct => builder.no_proxy(),
        ProxyChoice::Given(proxy) => builder.no_proxy().proxy((**proxy).clone()),
    };
    builder
        .build()
        .map_err(|e| Error::InvalidConfig(format!("cannot build the HTTP client: {e}")))
}

/// A response read into memory.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Reads a success body, failing with [`Error::BodyTooLarge`] past `limit` bytes.
pub(crate) async fn read_body<C: ErrorCode>(
    operation: &'static str,
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Error<C>> {
    let too_large = || Error::BodyTooLarge { operation, limit };
    let expected = resp.content_length().unwrap_or(0);
    if expected > limit as u64 {
        return Err(too_large());
    }
    // `expected` is at most `limit`, so the allocation is bounded.
    let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Error::from_reqwest(operation, e))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most a little more than [`MAX_ERROR_BODY`] bytes of an error body; a read failure
/// keeps what was read (the status already tells what happened).
pub(crate) async fn read_error_body(mut resp: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_ERROR_BODY {
            break;
        }
    }
    body
}

/// Decodes a JSON body into `T`, naming the failing field's path on error.
pub(crate) fn decode<T: DeserializeOwned, C: ErrorCode>(
    operation: &'static str,
    resp: &RawResponse,
    redact: bool,
) -> Result<T, Error<C>> {
    let content_type = resp
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let fail = |path: String, message: String| Error::Decode {
        operation,
        path,
        message: if content_type.is_empty() || content_type.contains("json") {
            message
        } else {
            format!("{message} (content type `{content_type}`)")
        },
        snippet: if redact {
            "[redacted]".to_owned()
        } else {
            snippet(&resp.body)
        },
    };
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(
            String::new(),
            format!("empty response body (HTTP {})", resp.status),
        ));
    }
    // The fast path decodes directly; only a failure pays for a second pass
    // through serde_path_to_error, which names the JSON path of the bad field.
    if let Ok(value) = serde_json::from_slice(&resp.body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(&resp.body);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| fail(e.path().to_string(), e.into_inner().to_string()))?;
    de.end()
        .map_err(|e| fail(String::new(), format!("after the JSON value: {e}")))?;
    Ok(value)
}
