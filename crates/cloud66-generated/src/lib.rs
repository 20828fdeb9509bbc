//! Typed async client for the Cloud 66 REST API.
//!
//! The operations are generated from the API Blueprint (`src/generated/`); the runtime they
//! call is hand-written and small:
//!
//! - [`Client`] / [`ClientBuilder`]: token ([`secrecy::SecretString`], never printed), base
//!   URL (`https`, or `http` on loopback only), user agent, timeouts, [`RetryPolicy`],
//!   optional declared [`Scope`]s, and the last [`RateLimit`] seen;
//! - [`Error`]: one enum for API errors (with status and [`ApiCode`]), decode errors (with the
//!   JSON path of the failing field), transport errors, timeouts and missing scopes;
//! - [`Page`], [`paginate`] and [`collect_all`]: listings and lazy streams over every page;
//! - [`Client::wait_for_action`]: waiting for asynchronous stack actions;
//! - [`oauth`]: the OAuth2 authorization-code flow;
//! - [`DateTime`]: the API's two timestamp formats.
//!
//! TLS is rustls with the `ring` provider by default (feature `rustls`); the `native-tls`
//! feature (with `default-features = false`) uses the platform's TLS library instead.

#![doc = ""]
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod action;
mod client;
mod datetime;
mod error;
mod http;
pub mod oauth;
mod operation;
mod page;
mod rate_limit;
mod request;
mod retry;
mod stack_action;

mod generated;
pub use generated::*;

pub use action::{
    ActionOutcome, TrackedAction, Wait, DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_DEADLINE,
    VIEW_STACK_ACTION,
};
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT,
};
pub use datetime::{DateTime, DateTimeParseError};
pub use error::{ApiCode, Error, Result, MAX_ERROR_BODY, SNIPPET_CHARS};
pub use http::USER_AGENT;
pub use operation::{Method, Operation, ParseScopeError, Scope};
pub use page::{collect_all, paginate, Envelope, Page, Pagination};
pub use rate_limit::RateLimit;
pub use request::{encode_path_segment, json_param, Request};
pub use retry::RetryPolicy;

/// The secret types used for tokens ([`secrecy::SecretString`]), re-exported.
pub use secrecy;
