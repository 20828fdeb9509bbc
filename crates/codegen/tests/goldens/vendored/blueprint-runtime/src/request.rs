// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! The description of one request, built by generated code and sent by the [`Client`](crate::Client).

use crate::Operation;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use std::fmt;

/// Every byte except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An argument that cannot go into a request; converts into the API's
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentError {
    /// The parameter's name.
    pub name: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid argument `{}`: {}", self.name, self.message)
    }
}

impl std::error::Error for ArgumentError {}

/// The longest path argument accepted, in bytes before encoding: far beyond
/// any identifier, well within what servers accept in a URL.
pub const MAX_PATH_ARGUMENT: usize = 1024;

/// Percent-encodes one path argument of parameter `name`: everything but RFC
/// 3986 unreserved characters, so `/`, `?`, `#`, `%` and spaces can never
/// change the path. An empty argument, `.` or `..` (which would move the
/// request to another endpoint) and one longer than [`MAX_PATH_ARGUMENT`]
/// are refused.
pub fn path_segment(name: &'static str, value: &str) -> Result<String, ArgumentError> {
    let refuse = |message: String| Err(ArgumentError { name, message });
    match value {
        "" => return refuse("a path argument cannot be empty".to_owned()),
        "." | ".." => {
            return refuse(format!(
                "`{value}` is not a path argument: it would address another resource"
            ))
        }
        _ if value.len() > MAX_PATH_ARGUMENT => {
            return refuse(format!(
                "a path argument of {} bytes is longer than the {MAX_PATH_ARGUMENT} allowed",
                value.len()
            ))
        }
        _ => {}
    }
    Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

mod sealed {
    pub trait Sealed {}
}

/// Any Rust integer, as setters of integer parameters take them: a literal
/// (`.page_size(2)`) needs no suffix, and a `u32` or an `i64` variable works
/// as it is. A value the parameter's type cannot hold (a negative page size)
/// is refused with `Error::InvalidArgument`, naming the parameter, when the
/// request is sent.
pub trait Integer: Copy + fmt::Debug + Send + Sync + 'static + sealed::Sealed {
    /// The value, widened without loss.
    fn widen(self) -> i128;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Integer for $t {
            fn widen(self) -> i128 {
                i128::from(self)
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl sealed::Sealed for usize {}
impl Integer for usize {
    fn widen(self) -> i128 {
        // `usize` is at most 64 bits on every target Rust supports.
        i128::try_from(self).unwrap_or(i128::MAX)
    }
}

impl sealed::Sealed for isize {}
impl Integer for isize {
    fn widen(self) -> i128 {
        i128::try_from(self).unwrap_or(i128::MAX)
    }
}

/// The value of integer parameter `name` as its type `T`, checked: a value
/// `T` cannot hold is an [`ArgumentError`].
pub fn integer_param<T: TryFrom<i128>>(
    name: &'static str,
    value: Option<i128>,
) -> Result<Option<T>, ArgumentError> {
    value
        .map(|v| {
            T::try_from(v).map_err(|_| ArgumentError {
                name,
                message: format!(
                    "{v} is out of range for the parameter (a {})",
                    std::any::type_name::<T>()
                ),
            })
        })
        .transpose()
}

/// JSON-encodes a parameter whose value is a map or list (e.g. `server_count`), for sending as
/// a single query or form value.
pub fn json_param<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<String, ArgumentError> {
    serde_json::to_string(value).map_err(|e| ArgumentError {
        name,
        message: e.to_string(),
    })
}

/// One request: the operation, its expanded path, and its query and form parameters.
///
/// Generated builders make one with [`Request::new`] and hand it to the client.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) form: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A JSON body and its media type.
    pub(crate) json: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    /// A request for `operation` at `path`, which is already expanded and percent-encoded
    /// (see [`path_segment`]), relative to the base URL, and starts with `/`.
    pub fn new(operation: &'static Operation, path: String) -> Request {
        Request {
            operation,
            path,
            query: Vec::new(),
            form: Vec::new(),
            headers: Vec::new(),
            json: None,
        }
    }

    /// Sends `value` as the JSON body, with this media type as `Content-Type`.
    pub fn json_body<T: Serialize + ?Sized>(
        mut self,
        media_type: &'static str,
        value: &T,
    ) -> Result<Request, ArgumentError> {
        let body = serde_json::to_vec(value).map_err(|e| ArgumentError {
            name: "body",
            message: e.to_string(),
        })?;
        self.json = Some((media_type, body));
        Ok(self)
    }

    /// Adds a request header if `value` is `Some`; a value that is not a
    /// valid header value is an [`ArgumentError`] naming the header.
    pub fn header_opt(
        mut self,
        name: &'static str,
        value: Option<impl ToString>,
    ) -> Result<Request, ArgumentError> {
        if let Some(value) = value {
            let value = value.to_string();
            if reqwest::header::HeaderValue::from_str(&value).is_err() {
                return Err(ArgumentError {
                    name,
                    message: "not a valid header value (control characters?)".to_owned(),
                });
            }
            self.headers.push((name, value));
        }
        Ok(self)
    }

    /// Adds a query-string parameter.
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Request {
        self.query.push((name, value.to_string()));
        self
    }

    /// Adds a query-string parameter if `value` is `Some`.
    pub fn query_opt(self, name: &'static str, value: Option<impl ToString>) -> Request {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds an `application/x-www-form-urlencoded` body field.
    pub fn form(mut self, name: &'static str, value: impl ToString) -> Request {
        self.form.push((name, value.to_string()));
        self
    }

    /// Adds a form body field if `value` is `Some`.
    pub fn form_opt(self, name: &'static str, value: Option<impl ToString>) -> Request {
        match value {
            Some(v) => self.form(name, v),
            None => self,
        }
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The expanded path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in the order they were added.
    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// The form fields, in the order they were added.
    pub fn form_pairs(&self) -> &[(&'static str, String)] {
        &self.form
    }

    /// The encoded query string (without `?`), or `None` if there are no query parameters.
    pub fn query_string(&self) -> Option<String> {
        (!self.query.is_empty()).then(|| urlencode(&self.query))
    }

    /// The encoded form body, or `None` if there are no form fields.
    pub fn form_body(&self) -> Option<String> {
        (!self.form.is_empty()).then(|| urlencode(&self.form))
    }
}

fn urlencode(pairs: &[(&'static str, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    ser.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    static OP: Operation = Operation {
        name: "Op",
        method: Method::Get,
        path: "/x/{id}",
        scope: None,
        rust_method: "x().get",
        result: "X",
    };

    #[test]
    fn path_segments_are_fully_encoded() {
        let ok = |v: &str| path_segment("id", v).unwrap();
        assert_eq!(ok("abc-1.2_~"), "abc-1.2_~");
        assert_eq!(ok("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
        assert_eq!(ok("é+&="), "%C3%A9%2B%26%3D");
        assert_eq!(ok("..."), "...");
        assert_eq!(ok("%2e%2e"), "%252e%252e");
    }

    #[test]
    fn path_segments_that_would_move_the_request_are_refused() {
        for bad in ["", ".", ".."] {
            let error = path_segment("stack_id", bad).unwrap_err();
            assert_eq!(error.name, "stack_id");
        }
        assert!(path_segment("id", &"x".repeat(MAX_PATH_ARGUMENT + 1)).is_err());
        assert!(path_segment("id", &"x".repeat(MAX_PATH_ARGUMENT)).is_ok());
    }

    #[test]
    fn query_and_form_are_urlencoded() {
        let r = Request::new(&OP, "/x/1".into())
            .query("page", 2)
            .query_opt("per_page", None::<u32>)
            .query("q", "a b&c")
            .form("name", "x=y")
            .form_opt("flag", Some(true));
        assert_eq!(r.query_string().as_deref(), Some("page=2&q=a+b%26c"));
        assert_eq!(r.form_body().as_deref(), Some("name=x%3Dy&flag=true"));
        assert_eq!(Request::new(&OP, "/".into()).query_string(), None);
    }

    #[test]
    fn integers_of_any_type_are_checked_against_the_parameter() {
        fn set(value: impl Integer) -> Option<i128> {
            Some(value.widen())
        }
        assert_eq!(integer_param::<u64>("page", set(2)).unwrap(), Some(2));
        assert_eq!(integer_param::<u64>("page", set(7u32)).unwrap(), Some(7));
        assert_eq!(integer_param::<i64>("offset", set(-3i8)).unwrap(), Some(-3));
        assert_eq!(integer_param::<u64>("page", None).unwrap(), None);
        let error = integer_param::<u64>("page_size", set(-1)).unwrap_err();
        assert_eq!(error.name, "page_size");
        assert!(error.message.contains("-1"), "{}", error.message);
        assert!(integer_param::<i64>("n", set(u64::MAX)).is_err());
    }

    #[test]
    fn json_params_encode_maps() {
        let mut m = std::collections::BTreeMap::new();
        m.insert("web", 2);
        assert_eq!(json_param("server_count", &m).unwrap(), r#"{"web":2}"#);
        let mut bad = std::collections::HashMap::new();
        bad.insert(vec![1], 1);
        assert_eq!(
            json_param("server_count", &bad).unwrap_err().name,
            "server_count"
        );
    }
}
