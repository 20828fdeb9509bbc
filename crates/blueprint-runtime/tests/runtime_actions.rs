//! Waiting for asynchronous stack actions.

mod common;

use blueprint_runtime::{ActionOutcome, RetryPolicy, Wait};
use common::*;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const RUNNING: &str = r#"{"response":{"id":10,"action":"restart","finished_at":null,"finished_success":null,"finished_message":null}}"#;

fn finished(success: &str, message: &str) -> String {
    format!(
        r#"{{"response":{{"id":10,"action":"restart","finished_at":"2014-09-01T19:08:09Z","finished_success":{success},"finished_message":{message}}}}}"#
    )
}

fn running() -> Action {
    serde_json::from_str::<Envelope<Action>>(RUNNING)
        .unwrap()
        .response
}

/// Action 10 still running, at step `step`.
fn running_at(step: usize) -> Action {
    Action {
        finished_message: Some(format!("step {step}")),
        ..running()
    }
}

const ACTION_PATH: &str = "/api/3/stacks/a%20b/actions/10";

async fn wait(server: &MockServer) -> Result<ActionOutcome<Action>> {
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

/// A wait for [`running`] whose poll `n` (from 1) is `poll(n)`; returns the
/// wait and the (paused-clock) instants at which each poll started.
fn wait_polling<F, Fut>(mut poll: F) -> (Wait<Action, Code>, Arc<Mutex<Vec<Instant>>>)
where
    F: FnMut(usize) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Action>> + Send + 'static,
{
    let polls = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&polls);
    let wait = Wait::new(running(), move || {
        let n = {
            let mut seen = seen.lock().unwrap();
            seen.push(Instant::now());
            seen.len()
        };
        poll(n)
    });
    (wait, polls)
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

#[tokio::test(start_paused = true)]
async fn an_action_that_never_finishes_times_out_with_its_last_state() {
    let every = Duration::from_millis(20);
    let at_most = Duration::from_millis(150);
    let (wait, polls) = wait_polling(|n| async move { Ok(running_at(n)) });
    let started = Instant::now();
    let outcome = wait.every(every).at_most(at_most).await.unwrap();
    assert_eq!(started.elapsed(), at_most, "the wait ends at its deadline");

    let polls = polls.lock().unwrap();
    let offsets: Vec<Duration> = polls.iter().map(|t| *t - started).collect();
    // One poll per interval, none after the deadline (one may fall on it).
    let on_schedule: Vec<Duration> = (1..=7).map(|k| every * k).collect();
    assert_eq!(offsets[..7], on_schedule[..], "{offsets:?}");
    assert!(offsets.iter().all(|&at| at <= at_most), "{offsets:?}");
    match outcome {
        ActionOutcome::TimedOut(last) => assert_eq!(last, running_at(polls.len())),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_hanging_poll_does_not_outlast_the_deadline() {
    // The first poll answers; the second never does.
    let (wait, polls) = wait_polling(|n| async move {
        if n == 1 {
            Ok(running_at(1))
        } else {
            std::future::pending().await
        }
    });
    let started = Instant::now();
    let wait = wait
        .every(Duration::from_secs(1))
        .at_most(Duration::from_secs(10));
    // On the paused clock: fails, instead of hanging, if the wait ignores its deadline.
    let outcome = tokio::time::timeout(Duration::from_secs(3600), wait)
        .await
        .expect("the wait ends at its deadline")
        .unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(10));
    assert_eq!(polls.lock().unwrap().len(), 2);
    assert_eq!(outcome, ActionOutcome::TimedOut(running_at(1)));
}

#[tokio::test(start_paused = true)]
async fn a_retryable_poll_error_waits_for_the_next_interval() {
    let (wait, polls) = wait_polling(|n| async move {
        match n {
            1 => Err(Error::Api {
                operation: "View a stack action",
                status: 503,
                code: Code::Throttled,
                message: "slow down".into(),
                body: String::new(),
                rate_limit: None,
                retry_after: None,
            }),
            _ => Ok(Action {
                finished_at: Some("2014-09-01T19:08:09Z".into()),
                finished_success: Some(true),
                ..running()
            }),
        }
    });
    let started = Instant::now();
    let outcome = wait.every(Duration::from_secs(5)).await.unwrap();
    assert!(outcome.is_success(), "{outcome:?}");
    let offsets: Vec<Duration> = polls.lock().unwrap().iter().map(|t| *t - started).collect();
    assert_eq!(offsets, [Duration::from_secs(5), Duration::from_secs(10)]);
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
    assert_eq!(err.code(), Some(&Code::NotFound));
    assert_eq!(err.operation(), Some("View a stack action"));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_poll_that_returns_another_action_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ACTION_PATH))
        .respond_with(json(&RUNNING.replace(r#""id":10"#, r#""id":11"#)))
        .mount(&server)
        .await;
    let err = wait(&server).await.unwrap_err();
    let Error::WrongAction { expected, received } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((expected.as_str(), received.as_str()), ("10", "11"));
    assert!(err.to_string().contains("11"), "{err}");
    assert_eq!(requests(&server).await.len(), 1, "the wait ends at once");
}

#[tokio::test]
async fn an_already_finished_action_sends_nothing() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let done: Action = serde_json::from_str::<Envelope<Action>>(&finished("true", "null"))
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
