// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! What generated crates' tests are made of (feature `testing`, for their
//! `[dev-dependencies]` only): the round trip of an example through its
//! type, and a mock server that checks one call against the spec's example
//! and answers with it. The generated tests hold only the spec's facts (one
//! [`Expected`] per operation); the mechanism is written once, here.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wiremock::matchers::{body_json, header, method, path, query_param};

use crate::{Api, ApiClient, Auth, ClientBuilder, RetryPolicy};

/// The secret contract tests send (the token, the API key or the password,
/// as the API's [`Auth`] says); the mock requires it.
pub const TOKEN: &str = "contract-test-token";

/// The basic-auth user name contract tests send.
pub const USERNAME: &str = "contract-test-user";

/// Decodes `body` into `T`, encodes it again and asserts the JSON is the
/// same, naming the JSON path of a field that fails to decode.
///
/// # Panics
///
/// When `body` is not JSON, does not decode as `T`, or comes back different:
/// it is a test's assertion.
pub fn round_trip<T: DeserializeOwned + Serialize>(body: &str) {
    let original: serde_json::Value = serde_json::from_str(body).expect("the example is JSON");
    let typed: T = match serde_path_to_error::deserialize(original.clone()) {
        Ok(typed) => typed,
        Err(error) => panic!("decoding failed at `{}`: {}", error.path(), error.inner()),
    };
    let encoded = serde_json::to_value(&typed).expect("the typed value encodes");
    assert_eq!(encoded, original);
}

/// What an operation must send, and the example its mock server answers with.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    /// The HTTP method.
    pub method: &'static str,
    /// The path, with percent-encoded examples for its variables.
    pub path: &'static str,
    /// Query parameters the request must carry.
    pub query: &'static [(&'static str, &'static str)],
    /// The form body's fields, in any order; an empty list checks no body.
    pub form: &'static [(&'static str, &'static str)],
    /// The JSON body the request must carry, compared as JSON; empty for none.
    pub json: &'static str,
    /// Request headers the request must carry, whole values.
    pub request_headers: &'static [(&'static str, &'static str)],
    /// The status the mock answers with.
    pub status: u16,
    /// The response headers the spec documents.
    pub headers: &'static [(&'static str, &'static str)],
    /// The spec's example response body.
    pub body: &'static str,
}

/// A mock server that expects one request and answers it with an example;
/// dropping it fails the test unless that request came exactly once.
#[derive(Debug)]
pub struct Mocked {
    server: wiremock::MockServer,
    body: &'static str,
}

impl Mocked {
    /// A client `G` for the mock server, without retries so a mismatch fails fast.
    ///
    /// # Panics
    ///
    /// When the client does not build (it always does for a loopback URL).
    pub fn client<G: ApiClient>(&self) -> G {
        let builder = ClientBuilder::<G>::new();
        let builder = match G::API.auth {
            Auth::Basic { .. } => builder.basic_auth(USERNAME, TOKEN),
            Auth::ApiKey { .. } => builder.api_key(TOKEN),
            Auth::None | Auth::Token { .. } => builder.token(TOKEN),
        };
        builder
            .base_url(self.server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a loopback client builds")
    }

    /// Asserts that what the client decoded encodes back to the example.
    ///
    /// # Panics
    ///
    /// When the example is not JSON or the decoded value encodes differently.
    pub fn assert_encodes_to(&self, decoded: impl Serialize) {
        let expected: serde_json::Value =
            serde_json::from_str(self.body).expect("the example is JSON");
        let decoded = serde_json::to_value(decoded).expect("the result encodes");
        assert_eq!(decoded, expected);
    }
}

/// Starts a mock server that answers the one request matching `expected`
/// (with [`TOKEN`] where `api`'s [`Auth`] puts it) with its example.
///
/// # Panics
///
/// When `expected.json` is not JSON.
pub async fn serve(api: &Api, expected: Expected) -> Mocked {
    let server = wiremock::MockServer::start().await;
    let mut mock = wiremock::Mock::given(method(expected.method)).and(path(expected.path));
    let basic = format!(
        "Basic {}",
        crate::client::base64(format!("{USERNAME}:{TOKEN}").as_bytes())
    );
    let (name, value) = match api.auth {
        Auth::Token { scheme } => ("authorization", format!("{scheme} {TOKEN}")),
        // Without documented credentials a token given is a bearer token.
        Auth::None => ("authorization", format!("Bearer {TOKEN}")),
        Auth::Basic { .. } => ("authorization", basic),
        Auth::ApiKey { header: name } => (name, TOKEN.to_owned()),
    };
    mock = mock.and(header(name, value.as_str()));
    for (name, value) in expected.query {
        mock = mock.and(query_param(*name, *value));
    }
    if !expected.form.is_empty() {
        mock = mock.and(FormBody(expected.form));
    }
    if !expected.json.is_empty() {
        let json: serde_json::Value =
            serde_json::from_str(expected.json).expect("the request example is JSON");
        mock = mock.and(body_json(json));
    }
    for (name, value) in expected.request_headers {
        mock = mock.and(RawHeader(name, value));
    }
    let mut response = wiremock::ResponseTemplate::new(expected.status)
        .set_body_raw(expected.body.as_bytes().to_vec(), "application/json");
    for (name, value) in expected.headers {
        response = response.insert_header(*name, *value);
    }
    mock.respond_with(response).expect(1).mount(&server).await;
    Mocked {
        server,
        body: expected.body,
    }
}

/// Matches a request header's whole value (wiremock's `header` splits values at commas).
struct RawHeader(&'static str, &'static str);

impl wiremock::Match for RawHeader {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request
            .headers
            .get(self.0)
            .is_some_and(|value| value.as_bytes() == self.1.as_bytes())
    }
}

/// Matches a form-encoded body holding exactly these pairs, in any order.
struct FormBody(&'static [(&'static str, &'static str)]);

impl wiremock::Match for FormBody {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let mut sent: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let mut expected: Vec<(String, String)> = self
            .0
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        sent.sort();
        expected.sort();
        sent == expected
    }
}
