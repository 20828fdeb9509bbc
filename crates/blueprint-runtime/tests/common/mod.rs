//! A test-local "generated crate" for a small, invented Things API: what the
//! generator would write from a spec (its `Api`, error codes, scopes, client
//! newtype, page and envelope shapes, operations and request builders), so
//! the runtime's tests exercise it the way generated code does.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use blueprint_runtime::{
    paginate, path_segment, Api, ApiClient, Auth, ClientBuilder, CodeEntry, ErrorCode, Method,
    OAuthEndpoints, Operation, PageRef, Paged, RateLimit, RateLimitHeaders, Request, RetryPolicy,
    Stream, TrackedAction, UnknownScope, Wait,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use wiremock::MockServer;

pub const TOKEN: &str = "tok-SECRET-1234567890";

/// What the runtime knows of the Things API.
pub static API: Api = Api {
    name: "Things",
    user_agent: "things-generated/0.1.0",
    default_base_url: Some("https://api.things.example/v1"),
    auth: Auth::Token { scheme: "Bearer" },
    auth_required: true,
    token_env: "THINGS_TOKEN",
    base_url_env: "THINGS_BASE_URL",
    rate_limit: Some(RateLimitHeaders {
        limit: "X-RateLimit-Limit",
        remaining: "X-RateLimit-Remaining",
    }),
    error_code_keys: &["error", "error.code", "code"],
    error_message_keys: &["error_description", "message", "error.message"],
    always_granted_scope: Some("public"),
    oauth: Some(OAuthEndpoints {
        authorize_url: "https://api.things.example/oauth/authorize",
        token_url: "https://api.things.example/oauth/token",
    }),
};

/// The documented error codes of the Things API; two share 503.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    BadRequest,
    Unauthenticated,
    Forbidden,
    NotFound,
    TimeOut,
    Conflict,
    NotImplemented,
    Throttled,
    Other(String),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorCode for Code {
    const DOCUMENTED: &'static [CodeEntry] = &[
        CodeEntry {
            code: "bad_request",
            statuses: &[400],
            retryable: false,
        },
        CodeEntry {
            code: "unauthenticated",
            statuses: &[401],
            retryable: false,
        },
        CodeEntry {
            code: "forbidden",
            statuses: &[403],
            retryable: false,
        },
        CodeEntry {
            code: "not_found",
            statuses: &[404],
            retryable: false,
        },
        CodeEntry {
            code: "time_out",
            statuses: &[408],
            retryable: true,
        },
        CodeEntry {
            code: "conflict",
            statuses: &[409],
            retryable: false,
        },
        CodeEntry {
            code: "not_implemented",
            statuses: &[503],
            retryable: false,
        },
        CodeEntry {
            code: "throttled",
            statuses: &[503, 429],
            retryable: true,
        },
    ];

    fn from_code(code: &str) -> Self {
        match code {
            "bad_request" => Code::BadRequest,
            "unauthenticated" => Code::Unauthenticated,
            "forbidden" => Code::Forbidden,
            "not_found" => Code::NotFound,
            "time_out" => Code::TimeOut,
            "conflict" => Code::Conflict,
            "not_implemented" => Code::NotImplemented,
            "throttled" => Code::Throttled,
            other => Code::Other(other.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Code::BadRequest => "bad_request",
            Code::Unauthenticated => "unauthenticated",
            Code::Forbidden => "forbidden",
            Code::NotFound => "not_found",
            Code::TimeOut => "time_out",
            Code::Conflict => "conflict",
            Code::NotImplemented => "not_implemented",
            Code::Throttled => "throttled",
            Code::Other(code) => code,
        }
    }
}

/// The errors of the Things API.
pub type Error = blueprint_runtime::Error<Code>;
/// The result of a Things call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The OAuth scopes of the Things API, as a generated crate spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Public,
    Redeploy,
    Admin,
}

impl Scope {
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Redeploy => "redeploy",
            Scope::Admin => "admin",
        }
    }
}

impl AsRef<str> for Scope {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl FromStr for Scope {
    type Err = UnknownScope;

    fn from_str(text: &str) -> Result<Self, UnknownScope> {
        [Scope::Public, Scope::Redeploy, Scope::Admin]
            .into_iter()
            .find(|scope| scope.as_str() == text)
            .ok_or_else(|| UnknownScope::new(text))
    }
}

/// The Things client: the runtime's client in the API's own type.
#[derive(Debug, Clone)]
pub struct TestClient(blueprint_runtime::Client);

impl ApiClient for TestClient {
    type Code = Code;
    const API: &'static Api = &API;

    fn from_runtime(client: blueprint_runtime::Client) -> Self {
        TestClient(client)
    }

    fn runtime(&self) -> &blueprint_runtime::Client {
        &self.0
    }
}

/// The `{"response": …}` wrapper of the Things API's bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub response: T,
}

/// One page of a Things listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(rename = "response")]
    pub items: Vec<T>,
    pub count: u64,
    pub pagination: Pagination,
}

/// Where a [`Page`] sits in its listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub previous: Option<u64>,
    pub next: Option<u64>,
    pub current: u64,
    pub per_page: u64,
    pub count: u64,
    pub pages: u64,
}

impl<T> Paged for Page<T> {
    type Item = T;

    fn next_ref(&self) -> Option<PageRef> {
        self.pagination.next.map(PageRef::Number)
    }

    fn page_count(&self) -> Option<u64> {
        Some(self.pagination.pages)
    }

    fn into_items(self) -> Vec<T> {
        self.items
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thing {
    pub id: i64,
    pub name: String,
}

/// An asynchronous action of a stack.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Action {
    pub id: i64,
    pub action: String,
    pub finished_at: Option<String>,
    pub finished_success: Option<bool>,
    pub finished_message: Option<String>,
}

impl TrackedAction for Action {
    type Id = i64;

    fn action_id(&self) -> i64 {
        self.id
    }

    fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    fn succeeded(&self) -> Option<bool> {
        self.finished_success
    }
}

pub static LIST_THINGS: Operation = Operation {
    name: "List things",
    method: Method::Get,
    path: "/stacks/{stack_id}/things",
    scope: Some("public"),
    rust_method: "things().list",
    result: "Page<Thing>",
};
pub static GET_THING: Operation = Operation {
    name: "View a thing",
    method: Method::Get,
    path: "/stacks/{stack_id}/things/{id}",
    scope: Some("public"),
    rust_method: "things().get",
    result: "Thing",
};
pub static CREATE_THING: Operation = Operation {
    name: "Create a thing",
    method: Method::Post,
    path: "/stacks/{stack_id}/things",
    scope: Some("redeploy"),
    rust_method: "things().create",
    result: "Thing",
};
pub static DELETE_THING: Operation = Operation {
    name: "Delete a thing",
    method: Method::Delete,
    path: "/stacks/{stack_id}/things/{id}",
    scope: Some("admin"),
    rust_method: "things().delete",
    result: "()",
};
pub static GET_ACTION: Operation = Operation {
    name: "View a stack action",
    method: Method::Get,
    path: "/stacks/{stack_id}/actions/{id}",
    scope: Some("public"),
    rust_method: "stacks().get_action",
    result: "Action",
};

impl TestClient {
    pub fn builder() -> ClientBuilder<TestClient> {
        ClientBuilder::new()
    }

    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.0.rate_limit()
    }

    /// Sends `req` and unwraps the `{"response": …}` envelope, as generated
    /// builders of enveloped operations do.
    pub async fn send<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        self.0
            .send_json::<Envelope<T>, Code>(req)
            .await
            .map(|envelope| envelope.response)
    }

    pub async fn send_page<T: DeserializeOwned>(&self, req: Request) -> Result<Page<T>> {
        self.0.send_json::<Page<T>, Code>(req).await
    }

    /// `GET /stacks/{stack_id}/things/{id}`, with its path built like generated code.
    pub async fn view_thing(&self, stack_id: &str, id: &str) -> Result<Thing> {
        let path = [
            "/stacks/",
            &path_segment("stack_id", stack_id)?,
            "/things/",
            &path_segment("id", id)?,
        ]
        .concat();
        self.send(Request::new(&GET_THING, path)).await
    }

    /// `GET /stacks/{stack_id}/actions/{id}`.
    pub async fn view_action(&self, stack_id: &str, id: i64) -> Result<Action> {
        let path = [
            "/stacks/",
            &path_segment("stack_id", stack_id)?,
            "/actions/",
            &path_segment("id", &id.to_string())?,
        ]
        .concat();
        self.send(Request::new(&GET_ACTION, path)).await
    }

    /// A lazy stream over every thing of a stack, two per page, as a generated
    /// `stream()` is: from page 1, within the client's page limit.
    pub fn list_things(
        &self,
        stack_id: &str,
    ) -> impl Stream<Item = Result<Thing>> + Send + 'static {
        let client = self.clone();
        let stack_id = stack_id.to_owned();
        let max_pages = self.0.max_pages();
        paginate(
            LIST_THINGS.name,
            Some(PageRef::Number(1)),
            max_pages,
            move |at: Option<PageRef>| {
                let client = client.clone();
                let path = path_segment("stack_id", &stack_id)
                    .map(|stack| format!("/stacks/{stack}/things"));
                async move {
                    let page: u64 = match at {
                        Some(at) => at.parameter(LIST_THINGS.name, "page")?,
                        None => 1,
                    };
                    let req = Request::new(&LIST_THINGS, path?)
                        .query("page", page)
                        .query("per_page", 2);
                    client.send_page::<Thing>(req).await
                }
            },
        )
    }

    /// Waits for `action` of stack `stack_id`, polling [`Self::view_action`].
    pub fn wait_for_action(&self, stack_id: &str, action: &Action) -> Wait<Action, Code> {
        let client = self.clone();
        let stack_id = stack_id.to_owned();
        let id = action.id;
        Wait::new(action.clone(), move || {
            let client = client.clone();
            let stack_id = stack_id.clone();
            async move { client.view_action(&stack_id, id).await }
        })
    }
}

/// Fast retries so that fault tests stay quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(40))
        .max_retry_after(Duration::from_secs(2))
}

pub fn client_for(server: &MockServer) -> TestClient {
    builder_for(server).build().expect("client")
}

pub fn builder_for(server: &MockServer) -> ClientBuilder<TestClient> {
    TestClient::builder()
        .token(TOKEN)
        .base_url(format!("{}/api/3", server.uri()))
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
}

pub fn json(body: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200)
        .set_body_raw(body.as_bytes().to_vec(), "application/json")
        .insert_header("X-RateLimit-Limit", "3600")
        .insert_header("X-RateLimit-Remaining", "3597")
}

pub fn status_json(status: u16, body: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status)
        .set_body_raw(body.as_bytes().to_vec(), "application/json")
}

pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}
