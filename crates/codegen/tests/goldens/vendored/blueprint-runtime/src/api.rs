// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! What a generated crate tells the runtime about its API.
//!
//! Everything here is data the generator writes from the spec and its
//! configuration: the runtime's mechanisms read it, and hold no fact of any
//! one API.

use std::fmt;

use crate::Client;

/// A description of one API: names, defaults and conventions.
///
/// A generated crate has one `static API: Api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Api {
    /// The API's name, for messages (`"Cloud 66"`).
    pub name: &'static str,
    /// The user agent sent with every request (`"cloud66-generated/0.1.0"`).
    pub user_agent: &'static str,
    /// The base URL from the spec's `HOST`; without one, the caller must give it.
    pub default_base_url: Option<&'static str>,
    /// How callers authenticate, as the spec documents it (or its configuration says).
    pub auth: Auth,
    /// Whether a call cannot succeed without the credentials of [`Api::auth`]:
    /// `build()` then fails without them.
    pub auth_required: bool,
    /// The environment variable `from_env` reads the secret from: the token,
    /// the API key, or the password of basic auth.
    pub token_env: &'static str,
    /// The environment variable that overrides the base URL.
    pub base_url_env: &'static str,
    /// The headers that report the rate limit, if the API sends them.
    pub rate_limit: Option<RateLimitHeaders>,
    /// Keys of an error body's code, tried in order (dotted for nested objects).
    pub error_code_keys: &'static [&'static str],
    /// Keys of an error body's message, tried in order.
    pub error_message_keys: &'static [&'static str],
    /// A scope every token has: never checked before sending.
    pub always_granted_scope: Option<&'static str>,
    /// The OAuth2 authorization-code endpoints, if the API uses that flow.
    pub oauth: Option<OAuthEndpoints>,
}

/// How an API authenticates its callers: what the client sends with every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// The spec documents no credentials: requests go without any, unless the
    /// caller gives a token (then sent as `Authorization: Bearer <token>`).
    None,
    /// `Authorization: <scheme> <token>`: `Bearer`, or the scheme the spec
    /// writes (`Token`, `JWT`).
    Token {
        /// The scheme word before the token.
        scheme: &'static str,
    },
    /// `Authorization: Basic …`, from a user name and a password.
    Basic {
        /// The environment variable of the user name, read by `from_env`
        /// (the password's is [`Api::token_env`]).
        username_env: &'static str,
    },
    /// A key sent in a header of its own (`X-Api-Key: <key>`).
    ApiKey {
        /// The header's name.
        header: &'static str,
    },
}

impl Auth {
    /// What the caller gives, in words, for messages: "an API token".
    pub(crate) fn credential(&self) -> String {
        match self {
            Auth::None | Auth::Token { .. } => "an API token".to_owned(),
            Auth::Basic { .. } => "a user name and a password".to_owned(),
            Auth::ApiKey { header } => format!("an API key (sent as `{header}`)"),
        }
    }
}

/// The names of the headers that report the rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimitHeaders {
    /// The requests allowed per interval (e.g. `X-RateLimit-Limit`).
    pub limit: &'static str,
    /// The requests left in the interval (e.g. `X-RateLimit-Remaining`).
    pub remaining: &'static str,
}

/// The OAuth2 authorization-code endpoints of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OAuthEndpoints {
    /// Where users are sent to grant access.
    pub authorize_url: &'static str,
    /// Where codes are exchanged for tokens.
    pub token_url: &'static str,
}

/// A generated client: the runtime's [`Client`] wrapped in the API's own
/// type, which carries the accessors of its operations.
pub trait ApiClient: Sized + Clone + Send + Sync + 'static {
    /// The API's error codes.
    type Code: ErrorCode;
    /// The API's description.
    const API: &'static Api;
    /// Wraps a runtime client.
    fn from_runtime(client: Client) -> Self;
    /// The runtime client inside.
    fn runtime(&self) -> &Client;
}

/// One documented error code of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeEntry {
    /// The code as the API spells it (`"throttled"`).
    pub code: &'static str,
    /// The statuses that carry it.
    pub statuses: &'static [u16],
    /// Whether sending the same request again may succeed.
    pub retryable: bool,
}

/// An API's error codes: a generated enum with a variant per documented code
/// and a catch-all that keeps any other.
pub trait ErrorCode: Clone + fmt::Debug + fmt::Display + PartialEq + Send + Sync + 'static {
    /// The documented codes, with their statuses.
    const DOCUMENTED: &'static [CodeEntry];
    /// The code with this spelling: its variant, or the catch-all.
    fn from_code(code: &str) -> Self;
    /// The code as the API spells it.
    fn as_str(&self) -> &str;
}

/// Error codes for an API that documents none: the code as a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnyCode(pub String);

impl fmt::Display for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ErrorCode for AnyCode {
    const DOCUMENTED: &'static [CodeEntry] = &[];

    fn from_code(code: &str) -> Self {
        AnyCode(code.to_owned())
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}
