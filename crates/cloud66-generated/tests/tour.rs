//! The `tour` example, run against a mock server that answers every operation
//! with its example body from `apiary.apib`: every operation must pass, and
//! every operation of `OPERATIONS` must be visited.

#[path = "../examples/tour.rs"]
// The example's `main` and argument parsing are not used by this test.
#[allow(dead_code)]
mod tour;

use cloud66::{Client, RetryPolicy, OPERATIONS};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `^/stacks/[^/]+/servers$` for `/stacks/{stack_id}/servers`.
fn path_pattern(template: &str) -> String {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        pattern.push_str(&rest[..open]);
        pattern.push_str("[^/]+");
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    pattern.push_str(rest);
    pattern.push('$');
    pattern
}

/// A mock that serves, for each operation, the example body of its action in the spec.
async fn spec_mock() -> MockServer {
    let spec = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
        .expect("apiary.apib");
    let blueprint = blueprint_parser::parse(&spec);
    let server = MockServer::start().await;
    for op in OPERATIONS {
        let action = blueprint
            .groups
            .iter()
            .flat_map(|g| &g.resources)
            .flat_map(|r| &r.actions)
            .find(|a| a.name == op.name && a.method == op.method.as_str())
            .unwrap_or_else(|| panic!("the spec has the action `{}`", op.name));
        let body = action
            .responses
            .first()
            .and_then(|r| r.json_value())
            .map_or_else(|| "{}".to_owned(), ToString::to_string);
        Mock::given(method(op.method.as_str()))
            .and(path_regex(path_pattern(op.path)))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("tour-test-token")
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a loopback client builds")
}

#[tokio::test]
async fn the_read_tour_passes_every_get_operation() {
    let server = spec_mock().await;
    let mut lines = Vec::new();
    let result = tour::run(&client(&server), false, &mut lines).await;
    let gets = OPERATIONS
        .iter()
        .filter(|op| op.method == cloud66::Method::Get)
        .count();
    assert_eq!((result.passed, result.failed), (gets, 0));
    let lines = String::from_utf8(lines).expect("UTF-8 output");
    assert!(
        lines.lines().any(|l| l == "OK GET /stacks stacks().list"),
        "{lines}"
    );
    assert_eq!(lines.lines().count(), gets);
}

#[tokio::test]
async fn the_full_tour_passes_every_operation() {
    let server = spec_mock().await;
    let result = tour::run(&client(&server), true, &mut Vec::new()).await;
    assert_eq!((result.passed, result.failed), (OPERATIONS.len(), 0));
}

#[tokio::test]
async fn a_failing_server_fails_the_tour() {
    let server = MockServer::start().await; // answers 404 to everything
    let mut lines = Vec::new();
    let result = tour::run(&client(&server), false, &mut lines).await;
    assert_eq!(result.passed, 0);
    let lines = String::from_utf8(lines).expect("UTF-8 output");
    assert!(
        lines.starts_with("ERR GET /stacks stacks().list: "),
        "{lines}"
    );
    assert!(result.failed > 0);
}
