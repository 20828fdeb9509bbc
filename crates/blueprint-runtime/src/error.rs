//! The runtime's error type and the mapping from API responses to it.

use crate::api::{AnyCode, Api, ErrorCode};
use crate::request::ArgumentError;
use crate::RateLimit;
use reqwest::header::HeaderMap;
use std::fmt::{self, Write as _};
use std::time::Duration;

/// The result type of every fallible call of the runtime.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of an error response's body [`Error::Api`] keeps.
pub const MAX_ERROR_BODY: usize = 8 * 1024;
/// How many characters of a body a [`Error::Decode`] snippet shows.
pub const SNIPPET_CHARS: usize = 200;

/// Statuses worth retrying when the API documents no code for them: request
/// timeout, too many requests, and the gateway errors.
pub const RETRYABLE_STATUSES: [u16; 5] = [408, 429, 502, 503, 504];

/// Everything that can go wrong when calling an API; `C` is the API's
/// error codes (a generated enum: each generated crate's `Error` is this type
/// with its own `ApiCode`).
///
/// ```
/// use blueprint_runtime::{Error, ErrorCode};
///
/// /// What to tell a user, for any generated client.
/// fn explain<C: ErrorCode>(err: &Error<C>) -> String {
///     match err.status() {
///         Some(404) => "not found".to_owned(),
///         Some(status) if err.is_retryable() => format!("the API is busy ({status}); try later"),
///         Some(status) => format!("the API answered {status}: {err}"),
///         None => format!("no answer: {err}"),
///     }
/// }
/// # let _ = explain::<blueprint_runtime::AnyCode>;
/// ```
#[non_exhaustive]
#[derive(Debug)]
pub enum Error<C: ErrorCode = AnyCode> {
    /// The API answered with an error status.
    Api {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The API's error code, from the body where it says one, else from the status.
        code: C,
        /// The API's description of the error (or a short summary of a non-JSON body).
        message: String,
        /// The raw body, at most `MAX_ERROR_BODY` bytes of it (lossy UTF-8).
        body: String,
        /// The rate-limit headers of the response, if sent.
        rate_limit: Option<RateLimit>,
        /// The `Retry-After` of the response, if sent.
        retry_after: Option<Duration>,
    },
    /// A successful response's body does not have the documented shape.
    Decode {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The JSON path of the value that failed, e.g. `response[3].created_at`.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The first `SNIPPET_CHARS` characters of the body.
        snippet: String,
    },
    /// A response body was larger than the client accepts.
    BodyTooLarge {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// The request could not be sent or its response not read (DNS, connection, TLS…).
    Transport {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The server did not answer within the configured connect or request timeout.
    Timeout {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The call, retries included, did not finish within the client's
    /// deadline (`ClientBuilder::deadline`); it was abandoned.
    Deadline {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The deadline.
        deadline: Duration,
    },
    /// The operation needs a scope that the client was told the token lacks; nothing was sent.
    MissingScope {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The scope the operation needs.
        required: &'static str,
        /// The scopes the client was configured with.
        granted: Vec<String>,
    },
    /// An argument could not be encoded into the request.
    InvalidArgument {
        /// The parameter's name.
        name: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// The client's configuration is unusable (missing token, non-HTTPS base URL…).
    InvalidConfig(String),
    /// Waiting for an action, the server answered with another action.
    WrongAction {
        /// The id of the action waited for.
        expected: String,
        /// The id of the action the poll returned.
        received: String,
    },
    /// The API answered with a redirect, which the client never follows (the
    /// API does not redirect; following would resend the token and bodies
    /// elsewhere, maybe in plain text).
    Redirect {
        /// The operation's name in the spec.
        operation: &'static str,
        /// The 3xx status.
        status: u16,
        /// Where it pointed (its `Location`), if it said.
        location: Option<String>,
    },
    /// A paginated listing misbehaved (for example the server repeated a page).
    Pagination {
        /// The operation's name in the spec (empty if unknown).
        operation: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// Whether a transport error is the server's answer breaking HTTP (a
/// garbage status line, too many or too long headers): sending again gets
/// the same answer, so it is not retried.
fn is_protocol_error(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(hyper) = e.downcast_ref::<hyper::Error>() {
            return hyper.is_parse() || hyper.is_parse_status();
        }
        source = e.source();
    }
    false
}

/// Text from the server, safe to print: control characters (ESC, CR, LF,
/// NUL, …), line and paragraph separators and bidirectional overrides are written as `\u{…}` escapes, so a
/// hostile body cannot rewrite a terminal or forge log lines. The raw text
/// stays available in the error's fields.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
            // Line and paragraph separators end lines in some log viewers.
            let separator = matches!(c, '\u{2028}' | '\u{2029}');
            if c.is_control() || bidi || separator {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                operation,
                status,
                code,
                message,
                ..
            } => write!(
                f,
                "{operation}: HTTP {status} {}: {}",
                Escaped(code.as_str()),
                Escaped(message)
            ),
            Error::Decode {
                operation,
                path,
                message,
                snippet,
            } => write!(
                f,
                "{operation}: cannot decode the response at `{}`: {} (body starts with: {})",
                Escaped(path),
                Escaped(message),
                Escaped(snippet)
            ),
            Error::BodyTooLarge { operation, limit } => {
                write!(f, "{operation}: the response body exceeds {limit} bytes")
            }
            Error::Transport { operation, source } => {
                write!(
                    f,
                    "{operation}: transport error: {}",
                    Escaped(&with_causes(source))
                )
            }
            Error::Deadline {
                operation,
                deadline,
            } => write!(
                f,
                "{operation}: no answer within the deadline of {:.1} s (retries included)",
                deadline.as_secs_f64()
            ),
            Error::Timeout { operation, source } => {
                write!(
                    f,
                    "{operation}: timed out: {}",
                    Escaped(&source.to_string())
                )
            }
            Error::MissingScope {
                operation,
                required,
                granted,
            } => write!(
                f,
                "{operation}: needs scope `{required}`, but the token was granted only [{}]",
                Escaped(&granted.join(", "))
            ),
            Error::InvalidArgument { name, message } => {
                write!(f, "invalid argument `{name}`: {}", Escaped(message))
            }
            Error::InvalidConfig(message) => {
                write!(f, "invalid configuration: {}", Escaped(message))
            }
            Error::WrongAction { expected, received } => write!(
                f,
                "waiting for action {}, the server answered with action {}",
                Escaped(expected),
                Escaped(received)
            ),
            Error::Redirect {
                operation,
                status,
                location,
            } => write!(
                f,
                "{operation}: HTTP {status} redirect to {}; redirects are not followed",
                location.as_deref().map_or_else(
                    || "nowhere said".to_owned(),
                    |l| format!("`{}`", Escaped(l))
                )
            ),
            Error::Pagination { operation, message } => {
                write!(f, "{operation}: bad pagination: {}", Escaped(message))
            }
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Timeout { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl<C: ErrorCode> From<ArgumentError> for Error<C> {
    fn from(error: ArgumentError) -> Self {
        Error::InvalidArgument {
            name: error.name,
            message: error.message,
        }
    }
}

impl<C: ErrorCode> Error<C> {
    /// The HTTP status of an API error, `None` for every other kind.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error code, for API errors.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The body of an API error decoded as `T` (one of the error types the
    /// generated crate documents for the operation); `None` for errors that
    /// are not API errors, `Some(Err(…))` for a body that is not a `T`.
    /// Bodies are kept up to `MAX_ERROR_BODY` bytes. [`api_body`](Self::api_body)
    /// is the same without the decoding error.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<serde_json::Result<T>> {
        match self {
            Error::Api { body, .. } => Some(serde_json::from_str(body)),
            _ => None,
        }
    }

    /// The body of an API error as `T` (one of the error types the generated
    /// crate documents for the operation), if this is an API error and its
    /// body is a `T`.
    ///
    /// ```
    /// # #[derive(serde::Deserialize)]
    /// # struct NotFound { message: String }
    /// # fn show(err: blueprint_runtime::Error) {
    /// if let Some(NotFound { message }) = err.api_body::<NotFound>() {
    ///     eprintln!("not found: {message}");
    /// }
    /// # }
    /// ```
    pub fn api_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.body_as().and_then(std::result::Result::ok)
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
            | Error::Deadline { operation, .. }
            | Error::MissingScope { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::Pagination { operation, .. } => Some(*operation).filter(|o| !o.is_empty()),
            Error::InvalidArgument { .. } | Error::InvalidConfig(_) | Error::WrongAction { .. } => {
                None
            }
        }
    }

    /// Whether sending the same request again may succeed: transport errors,
    /// timeouts, and API errors whose documented code is retryable (or, for
    /// undocumented ones, a status of [`RETRYABLE_STATUSES`]).
    ///
    /// The client retries these automatically for idempotent methods only (see
    /// [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { source, .. } => {
                !source.is_builder() && !source.is_redirect() && !is_protocol_error(source)
            }
            Error::Timeout { .. } => true,
            Error::Api { status, code, .. } => {
                match C::DOCUMENTED.iter().find(|e| e.code == code.as_str()) {
                    Some(entry) => entry.retryable,
                    None => RETRYABLE_STATUSES.contains(status),
                }
            }
            _ => false,
        }
    }

    pub(crate) fn from_reqwest(operation: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    }
}

/// A transport error's message with what caused it: reqwest says "error
/// sending request for url (…)", the causes below it say why ("Connection
/// refused"). Each cause is added once, unless the text already says it.
fn with_causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let said = cause.to_string();
        if !said.is_empty() && !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    text
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
pub(crate) fn api_error<C: ErrorCode>(
    api: &Api,
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Error<C> {
    error_with_codes(api, operation, status, headers, body, false)
}

/// Like [`api_error`], but an undocumented code in the body (such as OAuth2's
/// `invalid_grant`) wins over the status's documented code.
pub(crate) fn oauth_error<C: ErrorCode>(
    api: &Api,
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Error<C> {
    error_with_codes(api, operation, status, headers, body, true)
}

fn error_with_codes<C: ErrorCode>(
    api: &Api,
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    body_code_wins: bool,
) -> Error<C> {
    let kept = &body[..body.len().min(MAX_ERROR_BODY)];
    let mut body_text = String::from_utf8_lossy(kept).into_owned();
    if kept.len() < body.len() {
        body_text.push_str("…[truncated]");
    }
    let (body_code, description) = parse_error_body(api, body);
    let code = classify::<C>(status, body_code.as_deref(), &body_text, body_code_wins);
    let message = description
        .or(body_code)
        .unwrap_or_else(|| summarize_text(&body_text, status));
    Error::Api {
        operation,
        status,
        code,
        message,
        body: body_text,
        rate_limit: RateLimit::from_headers(api, headers),
        retry_after: crate::rate_limit::retry_after(headers),
    }
}

/// The code of an error response: the body's code when the API documents
/// it; else the documented code of the status (when several codes share a
/// status, the one the body names); else the body's code as it is, or a
/// name for the status (`service_unavailable`).
fn classify<C: ErrorCode>(
    status: u16,
    body_code: Option<&str>,
    body_text: &str,
    body_code_wins: bool,
) -> C {
    if let Some(code) = body_code {
        if body_code_wins || C::DOCUMENTED.iter().any(|e| e.code == code) {
            return C::from_code(code);
        }
    }
    let candidates: Vec<&str> = C::DOCUMENTED
        .iter()
        .filter(|e| e.statuses.contains(&status))
        .map(|e| e.code)
        .collect();
    let lower = body_text.to_ascii_lowercase();
    let named = |code: &&&str| lower.contains(**code) || lower.contains(&code.replace('_', " "));
    let chosen = match candidates.as_slice() {
        [only] => Some(*only),
        several => several.iter().find(named).copied(),
    };
    match chosen {
        Some(code) => C::from_code(code),
        None => C::from_code(&body_code.map_or_else(|| reason_code(status), str::to_owned)),
    }
}

/// The code and the description of an error body, by the API's keys
/// (dotted keys reach into nested objects: `error.code`).
fn parse_error_body(api: &Api, body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    if !value.is_object() {
        return (None, None);
    }
    let text = |key: &str| -> Option<String> {
        let mut at = &value;
        for part in key.split('.') {
            at = at.get(part)?;
        }
        match at {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        }
    };
    let code = api.error_code_keys.iter().find_map(|k| text(k));
    let description = api.error_message_keys.iter().find_map(|k| text(k));
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
    use crate::api::CodeEntry;

    /// A code table like an API's documentation: two codes share 503.
    #[derive(Debug, Clone, PartialEq)]
    enum Code {
        NotFound,
        TimeOut,
        NotImplemented,
        Throttled,
        Other(String),
    }

    impl std::fmt::Display for Code {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl ErrorCode for Code {
        const DOCUMENTED: &'static [CodeEntry] = &[
            CodeEntry {
                code: "not_found",
                statuses: &[404],
                retryable: false,
            },
            CodeEntry {
                code: "time_out",
                statuses: &[408],
                retryable: true,
            },
            CodeEntry {
                code: "not_implemented",
                statuses: &[503],
                retryable: false,
            },
            CodeEntry {
                code: "throttled",
                statuses: &[503, 429],
                retryable: true,
            },
        ];

        fn from_code(code: &str) -> Self {
            match code {
                "not_found" => Code::NotFound,
                "time_out" => Code::TimeOut,
                "not_implemented" => Code::NotImplemented,
                "throttled" => Code::Throttled,
                other => Code::Other(other.to_owned()),
            }
        }

        fn as_str(&self) -> &str {
            match self {
                Code::NotFound => "not_found",
                Code::TimeOut => "time_out",
                Code::NotImplemented => "not_implemented",
                Code::Throttled => "throttled",
                Code::Other(code) => code,
            }
        }
    }

    static API: Api = Api {
        name: "Test",
        user_agent: "test",
        default_base_url: None,
        auth: crate::Auth::Token { scheme: "Bearer" },
        auth_required: true,
        token_env: "TEST_TOKEN",
        base_url_env: "TEST_BASE_URL",
        rate_limit: None,
        error_code_keys: &["error", "error.code", "code"],
        error_message_keys: &["error_description", "message", "error.message"],
        always_granted_scope: None,
        oauth: None,
    };

    fn err(status: u16, body: &str) -> Error<Code> {
        api_error(&API, "op", status, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn documented_codes_come_from_the_body_or_the_status() {
        for (status, name, want) in [
            (404, "not_found", Code::NotFound),
            (408, "time_out", Code::TimeOut),
            (503, "not_implemented", Code::NotImplemented),
            (503, "throttled", Code::Throttled),
        ] {
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
        }
        // Without a body, a status with one documented code decides.
        assert_eq!(err(404, "").code(), Some(&Code::NotFound));
        assert_eq!(err(429, "").code(), Some(&Code::Throttled));
    }

    #[test]
    fn codes_sharing_a_status_are_told_apart_by_the_body() {
        assert_eq!(err(503, "throttled").code(), Some(&Code::Throttled));
        assert_eq!(
            err(503, r#"{"error":{"code":"not_implemented","message":"x"}}"#).code(),
            Some(&Code::NotImplemented)
        );
        let e = err(503, "<html>maintenance</html>");
        assert_eq!(e.code(), Some(&Code::Other("service_unavailable".into())));
        assert!(e.is_retryable(), "an undocumented 503 is retried");
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
        assert_eq!(e.code(), Some(&Code::Other("i'm_a_teapot".into())));
        let e = err(400, "<!DOCTYPE html><html>oops</html>");
        assert!(e.to_string().contains("non-JSON"), "{e}");
        let e = err(599, r#"{"error":"weird_code"}"#);
        assert_eq!(e.code(), Some(&Code::Other("weird_code".into())));
        assert_eq!(snippet(&[0xff, 0xfe, b'a']), "\u{fffd}\u{fffd}a");
        assert_eq!(snippet(b""), "<empty body>");
    }

    #[test]
    fn oauth_errors_keep_the_body_code() {
        let e: Error<Code> = oauth_error(
            &API,
            "op",
            401,
            &HeaderMap::new(),
            br#"{"error":"invalid_grant","error_description":"expired"}"#,
        );
        assert_eq!(e.code(), Some(&Code::Other("invalid_grant".into())));
    }
}
