// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! Static descriptions of an API's operations.
//!
//! Every generated operation has one `static` [`Operation`]; the runtime uses
//! it for the HTTP method, the scope check, retries, tracing and errors.

use std::fmt;

/// An HTTP method an API Blueprint action may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
    /// `CONNECT`
    Connect,
    /// `LINK` (RFC 2068)
    Link,
    /// `UNLINK` (RFC 2068)
    Unlink,
    /// `PROPPATCH` (WebDAV, RFC 4918)
    Proppatch,
    /// `LOCK` (WebDAV, RFC 4918)
    Lock,
    /// `UNLOCK` (WebDAV, RFC 4918)
    Unlock,
    /// `COPY` (WebDAV, RFC 4918)
    Copy,
    /// `MOVE` (WebDAV, RFC 4918)
    Move,
    /// `MKCOL` (WebDAV, RFC 4918)
    Mkcol,
}

impl Method {
    /// The method's name as sent on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Connect => "CONNECT",
            Method::Link => "LINK",
            Method::Unlink => "UNLINK",
            Method::Proppatch => "PROPPATCH",
            Method::Lock => "LOCK",
            Method::Unlock => "UNLOCK",
            Method::Copy => "COPY",
            Method::Move => "MOVE",
            Method::Mkcol => "MKCOL",
        }
    }

    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110: `GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`). Only
    /// idempotent requests are retried automatically.
    pub const fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get
                | Method::Head
                | Method::Options
                | Method::Trace
                | Method::Put
                | Method::Delete
        )
    }

    /// Whether requests with this method carry a body (`POST`, `PUT`, `PATCH`).
    pub(crate) const fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
            Method::Connect => reqwest::Method::CONNECT,
            // Extension methods: their names are valid tokens.
            Method::Link
            | Method::Unlink
            | Method::Proppatch
            | Method::Lock
            | Method::Unlock
            | Method::Copy
            | Method::Move
            | Method::Mkcol => reqwest::Method::from_bytes(self.as_str().as_bytes())
                .unwrap_or(reqwest::Method::GET),
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error returned when a string names no scope of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScope(String);

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown scope `{}`", crate::error::Escaped(&self.0))
    }
}

impl std::error::Error for UnknownScope {}

impl UnknownScope {
    /// The error for `name`.
    pub fn new(name: &str) -> UnknownScope {
        UnknownScope(name.to_owned())
    }

    /// The name that is not a scope.
    pub fn name(&self) -> &str {
        &self.0
    }
}

/// A description of one API operation, as written in the spec.
///
/// Generated code holds one `static` per operation (and `OPERATIONS`, a list of them all).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The action's name in the spec, e.g. `"List all stacks"`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The URI template relative to the base URL, e.g. `"/stacks/{stack_id}/servers"`.
    pub path: &'static str,
    /// The OAuth scope the spec says the operation needs, if any.
    pub scope: Option<&'static str>,
    /// The Rust method that calls it, e.g. `"servers().list"`.
    pub rust_method: &'static str,
    /// The Rust type it returns, e.g. `"Page<Server>"`.
    pub result: &'static str,
}

impl fmt::Display for Operation {
    /// Formats as `"<name> (<METHOD> <path>)"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name, self.method, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotent_methods_follow_rfc_9110() {
        for m in [
            Method::Get,
            Method::Head,
            Method::Options,
            Method::Trace,
            Method::Put,
            Method::Delete,
        ] {
            assert!(m.is_idempotent(), "{m}");
        }
        for m in [
            Method::Post,
            Method::Patch,
            Method::Connect,
            Method::Link,
            Method::Unlink,
            Method::Lock,
        ] {
            assert!(!m.is_idempotent(), "{m}");
        }
        assert_eq!(Method::Unlink.to_reqwest().as_str(), "UNLINK");
        assert_eq!(Method::Mkcol.to_reqwest().as_str(), "MKCOL");
        assert_eq!(Method::Delete.as_str(), "DELETE");
    }
}
