//! Waiting for asynchronous stack actions.

mod common;

use cloud66::{ActionOutcome, RetryPolicy, TrackedAction};
use common::*;
use serde::Deserialize;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Action {
    id: i64,
    action: String,
    finished_at: Option<String>,
    finished_success: Option<bool>,
    finished_message: Option<String>,
}

impl TrackedAction for Action {
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

const RUNNING: &str = r#"{"response":{"id":10,"action":"restart","finished_at":null,"finished_success":null,"finished_message":null}}"#;

fn finished(success: &str, message: &str) -> String {
    format!(
        r#"{{"response":{{"id":10,"action":"restart","finished_at":"2014-09-01T19:08:09Z","finished_success":{success},"finished_message":{message}}}}}"#
    )
}

fn running() -> Action {
    serde_json::from_str::<cloud66::Envelope<Action>>(RUNNING)
        .unwrap()
        .response
}

const ACTION_PATH: &str = "/api/3/stacks/a%20b/actions/10";

async fn wait(server: &MockServer) -> cloud66::Result<ActionOutcome<Action>> {
    let client = builder_for(server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    client
        .wait_for_action("a b", &running())
        .every(Duration::from_millis(10))
        .at_most(Duration::from_secs(5))
        .await
}

#[tokio::test]
async fn an_action_that_finishes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(RUNNING))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(&finished("true", "null")))
        .mount(&server)
        .await;
    let outcome = wait(&server).await.unwrap();
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(
        outcome.action().finished_at.as_deref(),
        Some("2014-09-01T19:08:09Z")
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn an_action_that_fails() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(&finished("false", r#""disk full""#)))
        .mount(&server)
        .await;
    match wait(&server).await.unwrap() {
        ActionOutcome::Failed(a) => assert_eq!(a.finished_message.as_deref(), Some("disk full")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_finished_action_with_null_success_is_a_failure_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(&finished("null", "null")))
        .mount(&server)
        .await;
    assert!(matches!(
        wait(&server).await.unwrap(),
        ActionOutcome::Failed(_)
    ));
}

#[tokio::test]
async fn an_action_that_never_finishes_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(RUNNING))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let outcome = client
        .wait_for_action("a b", &running())
        .every(Duration::from_millis(20))
        .at_most(Duration::from_millis(150))
        .await
        .unwrap();
    assert!(
        matches!(outcome, ActionOutcome::TimedOut(ref a) if a.id == 10),
        "{outcome:?}"
    );
    assert!(requests(&server).await.len() >= 2);
}

#[tokio::test]
async fn a_transient_error_while_polling_does_not_end_the_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(status_json(503, r#"{"error":"throttled"}"#))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(&finished("true", "null")))
        .mount(&server)
        .await;
    assert!(wait(&server).await.unwrap().is_success());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_permanent_error_while_polling_ends_the_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(status_json(404, r#"{"error":"not_found"}"#))
        .mount(&server)
        .await;
    let err = wait(&server).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("View a stack action"));
}

#[tokio::test]
async fn an_already_finished_action_sends_nothing() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let done: Action = serde_json::from_str::<cloud66::Envelope<Action>>(&finished("true", "null"))
        .unwrap()
        .response;
    let outcome = client
        .wait_for_action("s", &done)
        .at_most(Duration::MAX)
        .await
        .unwrap();
    assert!(outcome.is_success());
    assert!(requests(&server).await.is_empty());
}
