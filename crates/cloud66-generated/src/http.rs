//! The HTTP layer: building the `reqwest` client and reading bodies within limits.

use crate::error::{snippet, MAX_ERROR_BODY};
use crate::{Error, Result};
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// The user agent sent with every request: `cloud66-generated/<version>`.
pub const USER_AGENT: &str = concat!("cloud66-generated/", env!("CARGO_PKG_VERSION"));

/// Builds the default `reqwest` client: rustls with the `ring` provider and the platform
/// verifier (feature `rustls`, the default), or the native TLS library (feature `native-tls`).
pub(crate) fn build_http(connect_timeout: Duration) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(USER_AGENT);
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_preconfigured(rustls_config()?);
    builder
        .build()
        .map_err(|e| Error::InvalidConfig(format!("cannot build the HTTP client: {e}")))
}

#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig> {
    use std::sync::Arc;
    let tls_err = |e: rustls::Error| Error::InvalidConfig(format!("cannot set up TLS: {e}"));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(tls_err)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_err)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = if cfg!(feature = "http2") {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(config)
}

/// A response read into memory.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Reads a success body, failing with [`Error::BodyTooLarge`] past `limit` bytes.
pub(crate) async fn read_body(
    operation: &'static str,
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>> {
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
pub(crate) fn decode<T: DeserializeOwned>(
    operation: &'static str,
    resp: &RawResponse,
    redact: bool,
) -> Result<T> {
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
