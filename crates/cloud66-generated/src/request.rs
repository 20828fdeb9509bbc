//! The description of one request, built by generated code and sent by the [`Client`](crate::Client).

use crate::{Error, Operation};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Every byte except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path argument: everything but RFC 3986 unreserved characters
/// (so `/`, `?`, `#`, `%` and spaces in an argument can never change the path).
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// JSON-encodes a parameter whose value is a map or list (e.g. `server_count`), for sending as
/// a single query or form value.
pub fn json_param<T: Serialize + ?Sized>(name: &'static str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::InvalidArgument {
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
}

impl Request {
    /// A request for `operation` at `path`, which is already expanded and percent-encoded
    /// (see [`encode_path_segment`]), relative to the base URL, and starts with `/`.
    pub fn new(operation: &'static Operation, path: String) -> Request {
        Request {
            operation,
            path,
            query: Vec::new(),
            form: Vec::new(),
        }
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

    static OP: Operation = Operation::new("Op", Method::Get, "/x/{id}", None, "x().get", "X");

    #[test]
    fn path_segments_are_fully_encoded() {
        assert_eq!(encode_path_segment("abc-1.2_~"), "abc-1.2_~");
        assert_eq!(encode_path_segment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
        assert_eq!(encode_path_segment("é+&="), "%C3%A9%2B%26%3D");
        assert_eq!(encode_path_segment(".."), "..");
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
    fn json_params_encode_maps() {
        let mut m = std::collections::BTreeMap::new();
        m.insert("web", 2);
        assert_eq!(json_param("server_count", &m).unwrap(), r#"{"web":2}"#);
        let mut bad = std::collections::HashMap::new();
        bad.insert(vec![1], 1);
        assert!(matches!(
            json_param("server_count", &bad),
            Err(Error::InvalidArgument {
                name: "server_count",
                ..
            })
        ));
    }
}
