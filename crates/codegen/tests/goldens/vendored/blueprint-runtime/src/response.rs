// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! A successful answer: its status, headers and body.

use crate::api::ErrorCode;
use crate::http::{decode, RawResponse};
use crate::Error;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// A successful answer of the API: the value the call returns, with the
/// response's status and headers (for the headers the spec documents, and
/// any other).
#[derive(Debug, Clone)]
pub struct Response<T> {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status (a 2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of header `name` (any case), if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The value the call returns.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value the call returns, without the headers.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The same response with its value changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

impl Response<Vec<u8>> {
    pub(crate) fn from_raw(operation: &'static str, raw: RawResponse) -> Self {
        Response {
            operation,
            status: raw.status,
            headers: raw.headers,
            value: raw.body,
        }
    }

    /// The body decoded from JSON, naming the JSON path of a value that does
    /// not decode.
    #[doc(hidden)]
    pub fn json<T: DeserializeOwned, C: ErrorCode>(self) -> Result<Response<T>, Error<C>> {
        let raw = RawResponse {
            status: self.status,
            headers: self.headers,
            body: self.value,
        };
        let value = decode::<T, C>(self.operation, &raw, false)?;
        Ok(Response {
            operation: self.operation,
            status: raw.status,
            headers: raw.headers,
            value,
        })
    }

    /// The body as UTF-8 text.
    #[doc(hidden)]
    pub fn text<C: ErrorCode>(self) -> Result<Response<String>, Error<C>> {
        let operation = self.operation;
        let status = self.status;
        let headers = self.headers;
        match String::from_utf8(self.value) {
            Ok(value) => Ok(Response {
                operation,
                status,
                headers,
                value,
            }),
            Err(e) => Err(Error::Decode {
                operation,
                path: String::new(),
                message: format!("the text body is not UTF-8: {e}"),
                snippet: crate::error::snippet(e.as_bytes()),
            }),
        }
    }

    /// No value: the body is not read.
    #[doc(hidden)]
    pub fn empty(self) -> Response<()> {
        self.map(drop)
    }
}
