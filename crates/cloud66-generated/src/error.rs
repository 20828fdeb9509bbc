//! The crate's error type and the mapping from API responses to it.

use crate::{RateLimit, Scope};
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// The result type of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of an error response's body [`Error::Api`] keeps.
pub const MAX_ERROR_BODY: usize = 8 * 1024;
/// How many characters of a body a [`Error::Decode`] snippet shows.
pub const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong when calling the Cloud 66 API.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status.
    #[error("{operation}: HTTP {status} {code}: {message}")]
    Api {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The API's error code, from the body where it says one, else from the status.
        code: ApiCode,
        /// The API's description of the error (or a short summary of a non-JSON body).
        message: String,
        /// The raw body, at most [`MAX_ERROR_BODY`] bytes of it (lossy UTF-8).
        body: String,
        /// The rate-limit headers of the response, if sent.
        rate_limit: Option<RateLimit>,
        /// The `Retry-After` of the response, if sent.
        retry_after: Option<Duration>,
    },
    /// A successful response's body does not have the documented shape.
    #[error("{operation}: cannot decode the response at `{path}`: {message} (body starts with: {snippet})")]
    Decode {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The JSON path of the value that failed, e.g. `response[3].created_at`.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The first [`SNIPPET_CHARS`] characters of the body.
        snippet: String,
    },
    /// A response body was larger than the client accepts.
    #[error("{operation}: the response body exceeds {limit} bytes")]
    BodyTooLarge {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// The request could not be sent or its response not read (DNS, connection, TLS…).
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The server did not answer within the configured connect or request timeout.
    #[error("{operation}: timed out: {source}")]
    Timeout {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The operation needs a scope that the client was told the token lacks; nothing was sent.
    #[error("{operation}: needs scope `{required}`, but the token was granted only [{}]", join_scopes(.granted))]
    MissingScope {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The scope the operation needs.
        required: Scope,
        /// The scopes the client was configured with.
        granted: Vec<Scope>,
    },
    /// An argument could not be encoded into the request.
    #[error("invalid argument `{name}`: {message}")]
    InvalidArgument {
        /// The parameter's name.
        name: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// The client's configuration is unusable (missing token, non-HTTPS base URL…).
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// A paginated listing misbehaved (for example the server repeated a page).
    #[error("{operation}: bad pagination: {message}")]
    Pagination {
        /// The operation's name in the spec (empty if unknown).
        operation: &'static str,
        /// What went wrong.
        message: String,
    },
}

fn join_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Error {
    /// The HTTP status of an API error, `None` for every other kind.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error code, for API errors.
    pub fn code(&self) -> Option<&ApiCode> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The rate limit reported by the failing response, for API errors.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        match self {
            Error::Api { rate_limit, .. } => *rate_limit,
            _ => None,
        }
    }

    /// The name (in the spec) of the operation that failed, where known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::Decode { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::MissingScope { operation, .. }
            | Error::Pagination { operation, .. } => Some(*operation).filter(|o| !o.is_empty()),
            Error::InvalidArgument { .. } | Error::InvalidConfig(_) => None,
        }
    }

    /// Whether sending the same request again may succeed: transport errors, timeouts,
    /// `408 time_out`, `503 throttled`, `429`, and gateway errors (502, 504, and a 503 whose
    /// body is not the API's `not_implemented`).
    ///
    /// The client retries these automatically for idempotent methods only (see
    /// [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { source, .. } => !source.is_builder() && !source.is_redirect(),
            Error::Timeout { .. } => true,
            Error::Api { status, code, .. } => match code {
                ApiCode::TimeOut | ApiCode::Throttled => true,
                ApiCode::Other(_) => matches!(status, 502..=504),
                _ => false,
            },
            _ => false,
        }
    }

    pub(crate) fn from_reqwest(operation: &'static str, source: reqwest::Error) -> Error {
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    }
}

/// The API's error codes, as documented in the spec's "Standard HTTP response statuses".
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiCode {
    /// 400 `bad_request`: missing or invalid parameters.
    BadRequest,
    /// 401 `unauthenticated`: no (valid) token.
    Unauthenticated,
    /// 402 `trial_expired`.
    TrialExpired,
    /// 403 `forbidden`: the token lacks the scope.
    Forbidden,
    /// 404 `not_found`.
    NotFound,
    /// 408 `time_out`.
    TimeOut,
    /// 409 `conflict`.
    Conflict,
    /// 503 `not_implemented`: the resource is not implemented in this API version.
    NotImplemented,
    /// 503 `throttled` (also used for 429): the hourly rate limit is reached.
    Throttled,
    /// Any other code: the body's `error` string, else a name for the status.
    Other(String),
}

impl ApiCode {
    /// The code as the API spells it, e.g. `"trial_expired"`.
    pub fn as_str(&self) -> &str {
        match self {
            ApiCode::BadRequest => "bad_request",
            ApiCode::Unauthenticated => "unauthenticated",
            ApiCode::TrialExpired => "trial_expired",
            ApiCode::Forbidden => "forbidden",
            ApiCode::NotFound => "not_found",
            ApiCode::TimeOut => "time_out",
            ApiCode::Conflict => "conflict",
            ApiCode::NotImplemented => "not_implemented",
            ApiCode::Throttled => "throttled",
            ApiCode::Other(s) => s,
        }
    }

    /// The documented code with this spelling, if any.
    pub fn documented(code: &str) -> Option<ApiCode> {
        Some(match code.trim().to_ascii_lowercase().as_str() {
            "bad_request" => ApiCode::BadRequest,
            "unauthenticated" => ApiCode::Unauthenticated,
            "trial_expired" => ApiCode::TrialExpired,
            "forbidden" => ApiCode::Forbidden,
            "not_found" => ApiCode::NotFound,
            "time_out" => ApiCode::TimeOut,
            "conflict" => ApiCode::Conflict,
            "not_implemented" => ApiCode::NotImplemented,
            "throttled" => ApiCode::Throttled,
            _ => return None,
        })
    }

    /// The code the spec documents for a status (not 503, which depends on the body).
    pub fn for_status(status: u16) -> Option<ApiCode> {
        Some(match status {
            400 => ApiCode::BadRequest,
            401 => ApiCode::Unauthenticated,
            402 => ApiCode::TrialExpired,
            403 => ApiCode::Forbidden,
            404 => ApiCode::NotFound,
            408 => ApiCode::TimeOut,
            409 => ApiCode::Conflict,
            429 => ApiCode::Throttled,
            _ => return None,
        })
    }
}

impl fmt::Display for ApiCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first [`SNIPPET_CHARS`] characters of a body, lossily decoded, for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    if body.is_empty() {
        return "<empty body>".to_owned();
    }
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(SNIPPET_CHARS).collect();
    if chars.next().is_some() || head.len() < body.len() {
        out.push('…');
    }
    out
}

/// Builds the error for a response with a non-success status.
///
/// `body` may be a prefix of the real body (it is read up to a limit).
pub(crate) fn api_error(
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Error {
    error_with_codes(operation, status, headers, body, false)
}

/// Like [`api_error`], but an undocumented `error` code in the body (such as OAuth2's
/// `invalid_grant`) wins over the status's documented code.
pub(crate) fn oauth_error(
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Error {
    error_with_codes(operation, status, headers, body, true)
}

fn error_with_codes(
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    body_code_wins: bool,
) -> Error {
    let kept = &body[..body.len().min(MAX_ERROR_BODY)];
    let mut body_text = String::from_utf8_lossy(kept).into_owned();
    if kept.len() < body.len() {
        body_text.push_str("…[truncated]");
    }
    let (body_code, description) = parse_error_body(body);
    let lower = body_text.to_ascii_lowercase();

    let documented = body_code.as_deref().and_then(ApiCode::documented);
    let code = match documented {
        Some(code) => code,
        None if body_code_wins && body_code.is_some() => {
            ApiCode::Other(body_code.clone().unwrap_or_default())
        }
        None if status == 503 => {
            if lower.contains("throttl") {
                ApiCode::Throttled
            } else if lower.contains("not_implemented") || lower.contains("not implemented") {
                ApiCode::NotImplemented
            } else {
                ApiCode::Other(body_code.clone().unwrap_or_else(|| reason_code(status)))
            }
        }
        None => ApiCode::for_status(status).unwrap_or_else(|| {
            ApiCode::Other(body_code.clone().unwrap_or_else(|| reason_code(status)))
        }),
    };

    let message = description
        .or(body_code)
        .unwrap_or_else(|| summarize_text(&body_text, status));

    Error::Api {
        operation,
        status,
        code,
        message,
        body: body_text,
        rate_limit: RateLimit::from_headers(headers),
        retry_after: crate::rate_limit::retry_after(headers),
    }
}

/// The `error` code and description of an API error body such as
/// `{"error": "throttled", "error_description": "..."}` (also accepts `message`,
/// `details` and a nested `{"error": {"code", "message"}}`).
fn parse_error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return (None, None);
    };
    let text = |v: Option<&serde_json::Value>| -> Option<String> {
        match v? {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        }
    };
    let nested = map.get("error").and_then(|e| e.as_object());
    let code = text(map.get("error"))
        .or_else(|| nested.and_then(|n| text(n.get("code"))))
        .or_else(|| text(map.get("code")));
    let description = text(map.get("error_description"))
        .or_else(|| text(map.get("message")))
        .or_else(|| nested.and_then(|n| text(n.get("message"))))
        .or_else(|| text(map.get("details")));
    (code, description)
}

fn reason_code(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| r.to_ascii_lowercase().replace([' ', '-'], "_"))
        .unwrap_or_else(|| format!("http_{status}"))
}

fn summarize_text(body: &str, status: u16) -> String {
    let trimmed = body.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('<') {
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("error");
        return if trimmed.is_empty() {
            format!("{reason} (empty body)")
        } else {
            format!("{reason} (non-JSON body)")
        };
    }
    let collapsed: String = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = collapsed.chars().take(SNIPPET_CHARS).collect();
    if out.len() < collapsed.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str) -> Error {
        api_error("op", status, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn documented_statuses_map_to_codes() {
        let cases = [
            (400, "bad_request", ApiCode::BadRequest),
            (401, "unauthenticated", ApiCode::Unauthenticated),
            (402, "trial_expired", ApiCode::TrialExpired),
            (403, "forbidden", ApiCode::Forbidden),
            (404, "not_found", ApiCode::NotFound),
            (408, "time_out", ApiCode::TimeOut),
            (409, "conflict", ApiCode::Conflict),
            (503, "not_implemented", ApiCode::NotImplemented),
            (503, "throttled", ApiCode::Throttled),
        ];
        for (status, name, want) in cases {
            let body = format!(r#"{{"error":"{name}","error_description":"because"}}"#);
            let e = err(status, &body);
            assert_eq!(e.code(), Some(&want), "{status} {name}");
            assert_eq!(e.status(), Some(status));
            let Error::Api {
                message,
                body: kept,
                ..
            } = &e
            else {
                panic!()
            };
            assert_eq!(message, "because");
            assert_eq!(kept, &body);
            // Without a body, the status alone decides (except 503).
            if status != 503 {
                assert_eq!(err(status, "").code(), Some(&want));
            }
        }
    }

    #[test]
    fn status_503_is_told_apart_by_body() {
        assert_eq!(err(503, "throttled").code(), Some(&ApiCode::Throttled));
        assert_eq!(
            err(503, r#"{"error":{"code":"not_implemented","message":"x"}}"#).code(),
            Some(&ApiCode::NotImplemented)
        );
        let e = err(503, "<html>maintenance</html>");
        assert_eq!(
            e.code(),
            Some(&ApiCode::Other("service_unavailable".into()))
        );
        assert!(e.is_retryable());
        assert!(err(503, r#"{"error":"throttled"}"#).is_retryable());
        assert!(!err(503, r#"{"error":"not_implemented"}"#).is_retryable());
        assert!(err(408, "").is_retryable());
        assert!(!err(404, "").is_retryable());
    }

    #[test]
    fn odd_bodies_never_panic_and_are_capped() {
        let huge = "x".repeat(MAX_ERROR_BODY * 3);
        let Error::Api { body, message, .. } = err(500, &huge) else {
            panic!()
        };
        assert!(body.len() < MAX_ERROR_BODY + 20);
        assert!(message.chars().count() <= SNIPPET_CHARS + 1);
        let e = err(418, "{\"error\": \"teapot\"");
        assert_eq!(e.code(), Some(&ApiCode::Other("i'm_a_teapot".into())));
        let e = err(400, "<!DOCTYPE html><html>oops</html>");
        assert!(e.to_string().contains("non-JSON"), "{e}");
        let e = err(599, r#"{"error":"weird_code"}"#);
        assert_eq!(e.code(), Some(&ApiCode::Other("weird_code".into())));
        assert_eq!(snippet(&[0xff, 0xfe, b'a']), "\u{fffd}\u{fffd}a");
        assert_eq!(snippet(b""), "<empty body>");
    }
}
