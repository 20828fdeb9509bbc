//! Fault handling: error statuses, retries, Retry-After, timeouts and odd bodies.

mod common;

use blueprint_runtime::{RateLimit, Request, RetryPolicy, MAX_ERROR_BODY};
use common::*;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn get_thing(id: &str) -> Request {
    Request::new(&GET_THING, format!("/stacks/s1/things/{id}"))
}

#[tokio::test]
async fn each_documented_error_status_is_typed() {
    let server = MockServer::start().await;
    let cases = [
        (400, "bad_request", Code::BadRequest),
        (401, "unauthenticated", Code::Unauthenticated),
        (403, "forbidden", Code::Forbidden),
        (404, "not_found", Code::NotFound),
        (408, "time_out", Code::TimeOut),
        (409, "conflict", Code::Conflict),
        (503, "not_implemented", Code::NotImplemented),
        (503, "throttled", Code::Throttled),
        (429, "throttled", Code::Throttled),
    ];
    for (status, name, _) in &cases {
        Mock::given(path(format!("/api/3/stacks/s1/things/{name}-{status}")))
            .respond_with(
                status_json(
                    *status,
                    &format!(r#"{{"error":"{name}","error_description":"it is {name}"}}"#),
                )
                .insert_header("X-RateLimit-Limit", "3000")
                .insert_header("X-RateLimit-Remaining", "12"),
            )
            .mount(&server)
            .await;
    }
    let client = builder_for(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    for (status, name, code) in cases {
        let err = client
            .send::<Thing>(get_thing(&format!("{name}-{status}")))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status), "{name}");
        assert_eq!(
            err.is_retryable(),
            name == "throttled" || name == "time_out",
            "{name}"
        );
        assert_eq!(err.code(), Some(&code), "{name}");
        assert_eq!(err.operation(), Some("View a thing"));
        assert_eq!(
            err.rate_limit(),
            Some(RateLimit {
                limit: 3000,
                remaining: 12
            })
        );
        let Error::Api { message, body, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(message, &format!("it is {name}"));
        assert!(body.contains(name));
        assert!(err.to_string().contains(&status.to_string()), "{err}");
    }
    assert_eq!(
        requests(&server).await.len(),
        9,
        "nothing retried with RetryPolicy::none()"
    );
}

#[tokio::test]
async fn throttled_then_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(status_json(503, r#"{"error":"throttled"}"#))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"a"}}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let thing: Thing = client.send(get_thing("1")).await.unwrap();
    assert_eq!(thing.name, "a");
    assert_eq!(requests(&server).await.len(), 3);
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 3600,
            remaining: 3597
        })
    );
}

#[tokio::test]
async fn throttled_on_429_without_a_body_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"a"}}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    assert_eq!(client.send::<Thing>(get_thing("1")).await.unwrap().id, 1);
    assert_eq!(requests(&server).await.len(), 2);

    // The status's only documented code names the error.
    let once = builder_for(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let err = once.send::<Thing>(get_thing("1")).await.unwrap_err();
    assert_eq!(err.code(), Some(&Code::Throttled));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn of_two_codes_sharing_503_only_the_retryable_one_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(status_json(
            503,
            r#"{"error":{"code":"not_implemented","message":"not in this version"}}"#,
        ))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .send::<Thing>(get_thing("1"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&Code::NotImplemented));
    assert!(err.to_string().contains("not in this version"), "{err}");
    assert_eq!(requests(&server).await.len(), 1, "not_implemented is final");

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Throttled: slow down"))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .send::<Thing>(get_thing("1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&Code::Throttled),
        "named by the body's text"
    );
    assert_eq!(requests(&server).await.len(), 3, "throttled is retried");
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(status_json(408, r#"{"error":"time_out"}"#))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .send::<Thing>(get_thing("1"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&Code::TimeOut));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn post_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(status_json(503, r#"{"error":"throttled"}"#))
        .mount(&server)
        .await;
    let client = builder_for(&server).build().unwrap();
    let req = Request::new(&CREATE_THING, "/stacks/s1/things".into()).form("name", "x");
    let err = client.send::<Thing>(req).await.unwrap_err();
    assert_eq!(err.code(), Some(&Code::Throttled));
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            status_json(503, r#"{"error":"throttled"}"#).insert_header("Retry-After", "1"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"a"}}"#))
        .mount(&server)
        .await;
    let started = Instant::now();
    let thing: Thing = client_for(&server).send(get_thing("1")).await.unwrap();
    assert_eq!(thing.id, 1);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_policy_returns_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            status_json(503, r#"{"error":"throttled"}"#).insert_header("Retry-After", "3600"),
        )
        .mount(&server)
        .await;
    let err = client_for(&server)
        .send::<Thing>(get_thing("1"))
        .await
        .unwrap_err();
    let Error::Api {
        code, retry_after, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(code, &Code::Throttled);
    assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn exhausted_hourly_budget_returns_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            status_json(503, r#"{"error":"throttled"}"#)
                .insert_header("X-RateLimit-Limit", "3000")
                .insert_header("X-RateLimit-Remaining", "0"),
        )
        .mount(&server)
        .await;
    let err = client_for(&server)
        .send::<Thing>(get_thing("1"))
        .await
        .unwrap_err();
    assert_eq!(err.rate_limit().map(|r| r.remaining), Some(0));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json(r#"{"response":{"id":1,"name":"a"}}"#).set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.send::<Thing>(get_thing("1")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = TestClient::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/api/3"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = client.send::<Thing>(get_thing("1")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!format!("{err:?}").contains(TOKEN));
}

async fn decode_failure(template: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    let client = builder_for(&server).max_body_size(4096).build().unwrap();
    client.send::<Thing>(get_thing("1")).await.unwrap_err()
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors() {
    let err = decode_failure(json(r#"{"response":{"id":"seven","name":"a"}}"#)).await;
    let Error::Decode {
        operation,
        path,
        snippet,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*operation, "View a thing");
    assert_eq!(path, "response.id");
    assert!(snippet.starts_with(r#"{"response""#));

    let err = decode_failure(json(r#"{"response":{"id":1,"name":"a"}"#)).await;
    assert!(matches!(err, Error::Decode { .. }), "truncated: {err:?}");

    let err = decode_failure(json(r#"{"response":{"id":1,"name":"a"}} trailing"#)).await;
    assert!(matches!(err, Error::Decode { .. }), "trailing: {err:?}");

    let err = decode_failure(json(r#"{"responze":{}}"#)).await;
    assert!(err.to_string().contains("response"), "{err}");
}

#[tokio::test]
async fn empty_and_html_bodies_are_decode_errors() {
    let err = decode_failure(json("")).await;
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("empty"), "{message}");

    let html = ResponseTemplate::new(200).set_body_raw(
        b"<!DOCTYPE html><html><body>Maintenance</body></html>".to_vec(),
        "text/html",
    );
    let err = decode_failure(html).await;
    let Error::Decode {
        message, snippet, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(message.contains("text/html"), "{message}");
    assert!(snippet.contains("Maintenance"));
}

#[tokio::test]
async fn huge_bodies_are_capped() {
    let big = format!(
        r#"{{"response":{{"id":1,"name":"{}"}}}}"#,
        "x".repeat(10_000)
    );
    let err = decode_failure(json(&big)).await;
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 4096, .. }),
        "{err:?}"
    );

    let huge_error = ResponseTemplate::new(500).set_body_raw(vec![b'<'; 1 << 20], "text/html");
    let err = decode_failure(huge_error).await;
    let Error::Api { body, status, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 500);
    assert!(body.len() <= MAX_ERROR_BODY + 16);
}

#[tokio::test]
async fn html_error_pages_are_typed_api_errors() {
    let err = decode_failure(
        ResponseTemplate::new(503)
            .set_body_raw(b"<html>down for maintenance</html>".to_vec(), "text/html"),
    )
    .await;
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some(&Code::Other("service_unavailable".into())));
}
