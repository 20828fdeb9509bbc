//! Static descriptions of the API's operations.
//!
//! Every generated operation has one `static` [`Operation`]; the runtime uses it for the
//! HTTP method, the scope check, retries and error messages.

use std::fmt;
use std::str::FromStr;

/// An HTTP method used by the Cloud 66 API.
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
        }
    }

    /// Whether repeating the request has the same effect as sending it once
    /// (`GET`, `PUT`, `DELETE`). Only idempotent requests are retried automatically.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OAuth2 scope of the Cloud 66 API.
///
/// The spec documents that a token without any scope has public read-only access, so
/// [`Scope::Public`] is treated as always granted by the client's scope check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `public`: read-only access to limited stack information.
    Public,
    /// `redeploy`: redeploy the stacks the user can access.
    Redeploy,
    /// `jobs`: view the scheduled jobs of the stacks the user can access.
    Jobs,
    /// `users`: manage other users' mobile devices.
    Users,
    /// `admin`: set and manage settings of the servers the user can access.
    Admin,
}

impl Scope {
    /// Every scope, in the order the spec lists them.
    pub const ALL: [Scope; 5] = [
        Scope::Public,
        Scope::Redeploy,
        Scope::Jobs,
        Scope::Users,
        Scope::Admin,
    ];

    /// The scope's name as used by OAuth2, e.g. `"redeploy"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Redeploy => "redeploy",
            Scope::Jobs => "jobs",
            Scope::Users => "users",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error returned when a string names no known [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown Cloud 66 scope `{0}` (expected public, redeploy, jobs, users or admin)")]
pub struct ParseScopeError(pub String);

impl FromStr for Scope {
    type Err = ParseScopeError;

    /// Parses a scope name, ignoring ASCII case and surrounding whitespace.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParseScopeError(s.to_owned()))
    }
}

/// A description of one API operation, as written in the spec.
///
/// Generated code holds one `static` per operation (and `OPERATIONS`, a list of them all).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The action's name in the spec, e.g. `"List all stacks"`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The URI template relative to the base URL, e.g. `"/stacks/{stack_id}/servers"`.
    pub path: &'static str,
    /// The scope the spec says the operation needs, if any.
    pub scope: Option<Scope>,
    /// The Rust method that calls it, e.g. `"servers().list"`.
    pub rust_method: &'static str,
    /// The Rust type it returns, e.g. `"Page<Server>"`.
    pub result: &'static str,
}

impl Operation {
    /// Describes an operation; usable in a `static`.
    pub const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        scope: Option<Scope>,
        rust_method: &'static str,
        result: &'static str,
    ) -> Operation {
        Operation {
            name,
            method,
            path,
            scope,
            rust_method,
            result,
        }
    }
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
    fn scope_round_trips_through_strings() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
            assert_eq!(scope.to_string(), scope.as_str());
        }
        assert_eq!(" Admin ".parse::<Scope>(), Ok(Scope::Admin));
        assert!("root".parse::<Scope>().is_err());
    }

    #[test]
    fn only_get_put_delete_are_idempotent() {
        assert!(Method::Get.is_idempotent());
        assert!(Method::Put.is_idempotent());
        assert!(Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
        assert!(!Method::Patch.is_idempotent());
        assert_eq!(Method::Delete.as_str(), "DELETE");
    }
}
