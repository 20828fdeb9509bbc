//! The runtime of clients generated from API Blueprint.
//!
//! A generated crate holds what comes from its spec and configuration (its
//! models, one request builder per operation, the operations table, its
//! `Client`, its scopes and error codes, its conventions as a static [`Api`]);
//! everything that is a mechanism lives here, written once:
//!
//! - [`Client`] / [`ClientBuilder`]: token ([`secrecy::SecretString`], never printed), base
//!   URL (`https`, or `http` on loopback only), user agent, timeouts, [`RetryPolicy`],
//!   declared scopes checked before sending, and the last [`RateLimit`] seen;
//! - [`Error`]: one enum for API errors (with the status and the API's [`ErrorCode`]),
//!   decode errors (with the JSON path of the failing field), transport errors, timeouts
//!   and missing scopes;
//! - [`paginate`] and [`collect_all`]: lazy streams over every page of a listing;
//! - [`Wait`]: waiting for asynchronous actions;
//! - [`oauth`]: the OAuth2 authorization-code flow;
//! - [`DateTime`]: timestamps in RFC 3339 and `YYYY-MM-DD HH:MM:SS UTC`;
//! - `testing` (feature `testing`): the round trips and mock servers of generated tests.
//!
//! TLS is rustls with the `ring` provider by default (feature `rustls`); the `native-tls`
//! feature (with `default-features = false`) uses the platform's TLS library instead.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod action;
mod api;
mod client;
mod datetime;
mod error;
#[doc(hidden)]
pub mod fields;
mod http;
pub mod oauth;
mod operation;
mod page;
mod rate_limit;
mod request;
mod response;
mod retry;
#[cfg(feature = "testing")]
pub mod testing;
mod trace;

pub use action::{
    ActionOutcome, TrackedAction, Wait, DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_DEADLINE,
};
pub use api::{AnyCode, Api, ApiClient, CodeEntry, ErrorCode, OAuthEndpoints, RateLimitHeaders};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT,
};
pub use datetime::{DateTime, DateTimeParseError};
pub use error::{Error, Result, MAX_ERROR_BODY, RETRYABLE_STATUSES, SNIPPET_CHARS};
pub use operation::{Method, Operation, UnknownScope};
pub use page::{collect_all, paginate, Paged, DEFAULT_MAX_PAGES};
pub use rate_limit::RateLimit;
pub use request::{json_param, path_segment, ArgumentError, Request, MAX_PATH_ARGUMENT};
pub use response::Response;
pub use retry::RetryPolicy;

/// The stream trait of paged listings (`futures`' `Stream`), re-exported.
pub use futures_util::stream::Stream;
/// The secret types used for tokens ([`secrecy::SecretString`]), re-exported.
pub use secrecy;
