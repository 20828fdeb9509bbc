//! Hostile answers and arguments: redirects are never followed, server text
//! is escaped in messages, loopback calls never use a proxy, malformed
//! answers are not retried (a dropped connection is), huge `Retry-After`s
//! and `Location`s are bounded, a token's scheme is not sent twice, and an
//! answer from another URL is refused.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use blueprint_runtime::oauth::{OAuthApp, OOB_REDIRECT_URI};
use blueprint_runtime::{Method, Operation, Request};
use common::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static CREATE: &Operation = &CREATE_THING;

#[tokio::test]
async fn redirects_are_a_typed_error_and_never_followed() {
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"elsewhere"}}"#))
        .mount(&target)
        .await;
    let server = MockServer::start().await;
    for status in [301, 302, 307, 308] {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("Location", format!("{}/stolen", target.uri()).as_str()),
            )
            .mount(&server)
            .await;
        let err = client_for(&server).view_thing("s", "1").await.unwrap_err();
        let Error::Redirect {
            status: got,
            location,
            ..
        } = &err
        else {
            panic!("{status}: {err:?}")
        };
        assert_eq!(*got, status);
        assert_eq!(
            location.as_deref(),
            Some(format!("{}/stolen", target.uri()).as_str())
        );
        assert!(!err.is_retryable());
        assert!(err.to_string().contains("not followed"), "{err}");
        assert_eq!(
            requests(&server).await.len(),
            1,
            "{status}: sent once, not retried"
        );
    }
    // A POST that is redirected is not reported as a successful create.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/things/1"))
        .mount(&server)
        .await;
    let req = Request::new(CREATE, "/stacks/s/things".into()).form("name", "secret value");
    let err = client_for(&server).send::<Thing>(req).await.unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status: 302, .. }),
        "{err:?}"
    );
    assert!(
        requests(&target).await.is_empty(),
        "nothing reached the other origin"
    );
}

#[tokio::test]
async fn the_oauth_exchange_does_not_follow_redirects() {
    let target = MockServer::start().await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/oauth/token", target.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let app = OAuthApp::<TestClient>::new("app", "client-secret", OOB_REDIRECT_URI)
        .base_url(server.uri());
    let err = app.exchange_code("the-code").await.unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status: 307, .. }),
        "{err:?}"
    );
    assert!(
        requests(&target).await.is_empty(),
        "the secret and the code were not re-sent"
    );
}

#[tokio::test]
async fn server_text_is_escaped_in_messages_and_kept_raw_in_the_body() {
    let server = MockServer::start().await;
    let hostile = "{\"error\":\"bad\\u001b[2J\",\"error_description\":\"red\\u001b[31m\\r\\nFAKE LOG LINE\\u0000\\u202e\\u2028\"}";
    Mock::given(method("GET"))
        .respond_with(status_json(400, hostile))
        .mount(&server)
        .await;
    let err = client_for(&server).view_thing("s", "1").await.unwrap_err();
    let shown = err.to_string();
    for raw in ['\u{1b}', '\r', '\n', '\0', '\u{202e}', '\u{2028}'] {
        assert!(!shown.contains(raw), "{raw:?} in {shown:?}");
    }
    assert!(
        shown.contains("\\u{1b}[31m") && shown.contains("\\u{d}\\u{a}FAKE LOG LINE"),
        "{shown}"
    );
    let Error::Api { body, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(body, hostile);
    assert!(
        message.contains('\u{1b}'),
        "the fields keep the server's text"
    );
}

#[tokio::test]
async fn a_token_given_with_its_scheme_is_sent_once() {
    let server = MockServer::start().await;
    for token in ["Bearer abc123", "  bearer abc123 ", "BEARER   abc123"] {
        server.reset().await;
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer abc123"))
            .respond_with(json(r#"{"response":{"id":1,"name":"one"}}"#))
            .expect(1)
            .mount(&server)
            .await;
        let client = builder_for(&server).token(token).build().unwrap();
        client.view_thing("s", "1").await.unwrap();
    }
    assert!(builder_for(&server).token("Bearer ").build().is_err());
    // Whitespace left inside is a pasted mistake, refused before any call.
    for token in ["Bearer Bearer abc123", "Token abc123", "abc123 def456"] {
        let err = builder_for(&server).token(token).build().unwrap_err();
        assert!(matches!(err, Error::InvalidConfig(_)), "{token}: {err:?}");
        assert!(
            !err.to_string().contains("abc123"),
            "the token is not echoed: {err}"
        );
    }
}

#[tokio::test]
async fn an_answer_from_another_url_is_refused_even_if_the_http_client_followed() {
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"elsewhere"}}"#))
        .mount(&target)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/moved", target.uri()).as_str()),
        )
        .mount(&server)
        .await;
    // reqwest's own default follows up to 10 redirects. Built with the
    // runtime's re-export, and no crypto provider installed by anyone.
    let following = blueprint_runtime::reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap();
    let client = builder_for(&server).http_client(following).build().unwrap();
    let err = client.view_thing("s", "1").await.unwrap_err();
    let Error::Redirect { location, .. } = &err else {
        panic!("the other origin's answer is not used: {err:?}")
    };
    assert_eq!(
        location.as_deref(),
        Some(format!("{}/moved", target.uri()).as_str())
    );
}

#[tokio::test]
async fn a_huge_location_is_capped_in_the_error() {
    let server = MockServer::start().await;
    let far = format!("https://example.com/{}", "é".repeat(10_000));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", far.as_str()))
        .mount(&server)
        .await;
    let err = client_for(&server).view_thing("s", "1").await.unwrap_err();
    let Error::Redirect {
        location: Some(location),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(
        location.len() <= 2048 + '…'.len_utf8(),
        "{}",
        location.len()
    );
    assert!(location.ends_with('…') && far.starts_with(location.trim_end_matches('…')));
}

/// A raw HTTP server on loopback answering every connection with `answer`,
/// counting connections.
fn raw_server(answer: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    raw_server_answering(vec![Some(answer)])
}

/// A raw HTTP server on loopback answering the n-th connection with
/// `answers[n]` (the last one for any later connection); `None` closes the
/// connection without a word once the request is read.
fn raw_server_answering(answers: Vec<Option<Vec<u8>>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            if let Some(answer) = &answers[n.min(answers.len() - 1)] {
                let _ = stream.write_all(answer);
            }
        }
    });
    (format!("http://{address}/api/3"), count)
}

#[tokio::test]
async fn a_dropped_connection_is_still_retried() {
    // Unlike a malformed answer, a connection closed before any answer is
    // the network's fault: an idempotent call is tried again.
    let body = r#"{"response":{"id":1,"name":"one"}}"#;
    let ok = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (base_url, connections) = raw_server_answering(vec![None, Some(ok.into_bytes())]);
    let client = TestClient::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let thing = client.view_thing("s", "1").await.unwrap();
    assert_eq!(thing.name, "one");
    assert_eq!(connections.load(Ordering::SeqCst), 2, "tried twice");
}

#[tokio::test]
async fn malformed_answers_are_not_retried() {
    let mut many_headers = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..5000 {
        many_headers.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    many_headers.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
    let mut huge_header = b"HTTP/1.1 200 OK\r\nX-Huge: ".to_vec();
    huge_header.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    huge_header.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
    for answer in [
        b"GARBAGE STATUS LINE\r\n\r\n".to_vec(),
        many_headers,
        huge_header,
    ] {
        let (base_url, connections) = raw_server(answer);
        let client = TestClient::builder()
            .token(TOKEN)
            .base_url(base_url)
            .retry_policy(fast_retries())
            .build()
            .unwrap();
        let err = client.view_thing("s", "1").await.unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        assert!(!err.is_retryable(), "{err:?}");
        assert_eq!(connections.load(Ordering::SeqCst), 1, "sent once");
    }
}

#[tokio::test]
async fn a_retry_after_too_large_to_wait_returns_at_once() {
    let server = MockServer::start().await;
    for huge in ["1e12", "99999999999999999999"] {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(
                status_json(503, r#"{"error":"throttled"}"#).insert_header("Retry-After", huge),
            )
            .mount(&server)
            .await;
        let err = client_for(&server).view_thing("s", "1").await.unwrap_err();
        let Error::Api { retry_after, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*retry_after, Some(Duration::MAX), "{huge}");
        assert_eq!(requests(&server).await.len(), 1, "{huge}: not retried");
    }
}

#[tokio::test]
async fn a_path_that_the_url_parser_would_move_is_refused() {
    let server = MockServer::start().await;
    static GET: Operation = Operation {
        name: "Get",
        method: Method::Get,
        path: "/x/{id}",
        scope: None,
        rust_method: "x().get",
        result: "()",
    };
    for moved in [
        "/stacks/s/things/../..",
        "/stacks/./things",
        "/stacks/%2e%2e/things",
    ] {
        let client = client_for(&server);
        let err = blueprint_runtime::ApiClient::runtime(&client)
            .send_empty::<Code>(Request::new(&GET, moved.into()))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "path", .. }),
            "{moved}: {err:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

const PROXY_CHILD: &str = "BLUEPRINT_RUNTIME_PROXY_CHILD";
const PROXY_REPORT: &str = "proxy-report: ";

/// In a child process whose proxy variables point at a fake proxy, a call
/// to a loopback base URL goes straight to the server.
#[test]
fn loopback_calls_never_use_a_proxy() {
    if let Some(base_url) = std::env::var_os(PROXY_CHILD) {
        let base_url = base_url.to_string_lossy().into_owned();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let report = runtime.block_on(async {
            let client = TestClient::builder()
                .token(TOKEN)
                .base_url(base_url)
                .retry_policy(blueprint_runtime::RetryPolicy::none())
                .build()
                .unwrap();
            match client.view_thing("s", "1").await {
                Ok(thing) => format!("ok {}", thing.name),
                Err(err) => format!("err {err}"),
            }
        });
        println!("{PROXY_REPORT}{report}");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(json(r#"{"response":{"id":1,"name":"direct"}}"#))
            .mount(&server)
            .await;
        server
    });
    let (proxy_url, proxied) = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"response\":{\"id\":2,\"name\":\"proxy\"}}  ".to_vec());
    let proxy = proxy_url.trim_end_matches("/api/3").to_owned();
    for variable in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "loopback_calls_never_use_a_proxy", "--nocapture"])
            .env(PROXY_CHILD, format!("{}/api/3", server.uri()))
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env(variable, &proxy)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{variable}: {stdout}");
        let report = stdout
            .lines()
            .find_map(|l| l.strip_prefix(PROXY_REPORT))
            .unwrap_or_default();
        assert_eq!(report, "ok direct", "{variable}: {stdout}");
    }
    assert_eq!(
        proxied.load(Ordering::SeqCst),
        0,
        "the fake proxy saw nothing"
    );
}
