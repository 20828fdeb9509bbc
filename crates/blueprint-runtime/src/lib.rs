//! The runtime of clients generated from API Blueprint.
//!
//! A generated crate holds what comes from its spec and configuration (its
//! models, one request builder per operation, the operations table, its
//! `Client`, its scopes and error codes, its conventions as a static [`Api`]);
//! everything that is a mechanism lives here, written once:
//!
//! - [`Client`] / [`ClientBuilder`]: credentials as the API's [`Auth`] says (a bearer
//!   token, basic auth, an API key, or none; `secrecy::SecretString`, never printed),
//!   base URL (`https`, or `http` on loopback only), user agent, timeouts and a deadline,
//!   [`RetryPolicy`], declared scopes checked before sending, and the last [`RateLimit`] seen;
//! - [`Error`]: one enum for API errors (with the status and the API's [`ErrorCode`]),
//!   decode errors (with the JSON path of the failing field), transport errors, timeouts
//!   and missing scopes;
//! - [`ItemStream`]: lazy streams over every item of a listing, page by page, by page
//!   number, cursor or link;
//! - [`Wait`]: waiting for asynchronous actions;
//! - [`oauth`]: the OAuth2 authorization-code flow;
//! - [`DateTime`]: timestamps in RFC 3339 and `YYYY-MM-DD HH:MM:SS UTC`;
//! - `testing` (feature `testing`): the round trips and mock servers of generated tests.
//!
//! TLS is reqwest's own: rustls with the `aws-lc-rs` provider and the platform's
//! certificate verifier by default (feature `rustls`, which is reqwest's `rustls`
//! feature); the `native-tls` feature (with `default-features = false`) uses the
//! platform's TLS library instead. Nothing is installed process-wide, and the features
//! this crate turns on in `reqwest` leave it with a crypto provider: a program that
//! builds its own `reqwest::Client` beside a generated one needs no `rustls` of its own.
//! `reqwest` is re-exported, so such a program can use the very version this crate
//! does (`blueprint_runtime::reqwest`, re-exported again by generated crates).

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
pub use api::{Api, Auth, ErrorCode};
// What generated code is made of, not what its users call: public for the
// generated crates, kept out of the documentation (as progenitor-client does).
#[doc(hidden)]
pub use api::{AnyCode, ApiClient, CodeEntry, OAuthEndpoints, RateLimitHeaders};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT,
};
pub use datetime::{DateTime, DateTimeParseError};
pub use error::{Error, Result, MAX_ERROR_BODY, RETRYABLE_STATUSES, SNIPPET_CHARS};
pub use operation::{Method, Operation, UnknownScope};
#[doc(hidden)]
pub use page::{collect_all, paginate, PageRef, Paged};
pub use page::{ItemStream, DEFAULT_MAX_PAGES};
pub use rate_limit::RateLimit;
#[doc(hidden)]
pub use request::{integer_param, json_param, path_segment, Request};
pub use request::{ArgumentError, Integer, MAX_PATH_ARGUMENT};
pub use response::Response;
pub use retry::RetryPolicy;

/// The stream trait of paged listings (`futures`' `Stream`), re-exported.
pub use futures_util::stream::Stream;
/// What walking a stream needs (`next`, `try_next`, `try_collect`, …), re-exported from
/// `futures` so that a program needs no `futures` dependency of its own.
pub use futures_util::stream::{StreamExt, TryStreamExt};
/// The HTTP client crate, re-exported: a program that configures its own
/// [`reqwest::Client`] (for [`ClientBuilder::http_client`]) uses this very version.
pub use reqwest;
/// The secret types used for tokens ([`secrecy::SecretString`]), re-exported.
pub use secrecy;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
