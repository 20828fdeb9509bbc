//! The example program against a mock of the Inventory API, and what a
//! program depending on a generated crate may do beside it.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k-test";

fn answer(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Two pages of warehouses by number, two of items by cursor, two of
/// events by link, the item the program adds, and a warehouse that is not
/// there; every answer only for the program's API key.
async fn inventory_mock() -> MockServer {
    let server = MockServer::start().await;
    let mounts = [
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/warehouses"))
            .and(query_param_is_missing("page"))
            .and(query_param("per_page", "2"))
            .respond_with(answer(200, json!({
                "warehouses": [{"id": 7, "name": "Lyon", "city": "Lyon"}, {"id": 8, "name": "Porto", "city": "Porto"}],
                "meta": {"page": 1, "per_page": 2, "has_more": true}
            }))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/warehouses"))
            .and(query_param("page", "2"))
            .and(query_param("per_page", "2"))
            .respond_with(answer(200, json!({
                "warehouses": [{"id": 9, "name": "Gdansk", "city": "Gdansk"}],
                "meta": {"page": 2, "per_page": 2, "has_more": false}
            }))),
        Mock::given(header("x-api-key", KEY))
            .and(method("POST"))
            .and(path("/warehouses/7/items"))
            .and(body_json(json!({"sku": "WASHER-6", "quantity": 500, "tags": ["steel"]})))
            .respond_with(answer(201, json!({"sku": "WASHER-6", "quantity": 500, "tags": ["steel"]}))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/warehouses/7/items"))
            .and(query_param_is_missing("cursor"))
            .respond_with(answer(200, json!({
                "data": [{"sku": "BOLT-6", "quantity": 120, "tags": []}, {"sku": "NUT-6", "quantity": 80, "tags": []}],
                "next_cursor": "c-2"
            }))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/warehouses/7/items"))
            .and(query_param("cursor", "c-2"))
            .respond_with(answer(200, json!({
                "data": [{"sku": "WASHER-6", "quantity": 500, "tags": ["steel"]}],
                "next_cursor": null
            }))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/warehouses/999"))
            .respond_with(answer(404, json!({"message": "no such warehouse", "code": "not_found"}))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/events"))
            .and(query_param_is_missing("page"))
            .respond_with(answer(200, json!({
                "events": [
                    {"id": 33, "kind": "item.added", "at": "2026-03-01T10:00:00Z"},
                    {"id": 32, "kind": "item.added", "at": "2026-02-28T10:00:00Z"}
                ],
                "links": {"next": format!("{}/events?page=2", server.uri()), "prev": null}
            }))),
        Mock::given(header("x-api-key", KEY))
            .and(method("GET"))
            .and(path("/events"))
            .and(query_param("page", "2"))
            .respond_with(answer(200, json!({
                "events": [{"id": 31, "kind": "warehouse.opened", "at": "2026-02-01T08:30:00Z"}],
                "links": {"next": format!("{}/events?page=3", server.uri()), "prev": null}
            }))),
    ];
    for mock in mounts {
        mock.mount(&server).await;
    }
    server
}

#[tokio::test]
async fn the_program_walks_every_kind_of_page_sends_a_body_and_reads_a_404() {
    let server = inventory_mock().await;
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_inventory"))
        .arg(server.uri())
        .env("INVENTORY_API_KEY", KEY)
        .output()
        .await
        .expect("the program runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "warehouse 7 in Lyon",
            "warehouse 8 in Porto",
            "warehouse 9 in Gdansk",
            "added 500 x WASHER-6",
            "warehouse 7 holds 3 items",
            "warehouse 999: no such warehouse (not_found)",
            "event 33 item.added at 2026-03-01T10:00:00Z",
            "event 32 item.added at 2026-02-28T10:00:00Z",
            "event 31 warehouse.opened at 2026-02-01T08:30:00Z",
        ]
    );
    // `take(3)` stopped the stream: the third page of events was never asked for.
    let asked = server.received_requests().await.unwrap_or_default();
    assert!(
        !asked.iter().any(|r| r.url.query() == Some("page=3")),
        "{:?}",
        asked.iter().map(|r| r.url.to_string()).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_plain_reqwest_client_builds_beside_the_generated_crate() {
    // This crate's own reqwest has no default features, so no TLS of its
    // own: the generated crate's features must leave it a crypto provider.
    // With the runtime on reqwest's `rustls-no-provider` this panicked.
    let http = reqwest::Client::builder()
        .build()
        .expect("a plain client builds");
    let server = inventory_mock().await;
    let answer = http
        .get(format!("{}/warehouses/999", server.uri()))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status(), 404);
    // The same crate is the generated one's: a configured client goes in as it is.
    let client = golden_paging::Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .http_client(http)
        .build()
        .expect("a client over the program's reqwest");
    let err = client.warehouses().get(999).send().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[test]
fn answers_can_be_built_in_the_programs_own_tests() {
    // `#[non_exhaustive]` answers have no struct literal outside their crate;
    // `test-util` gives them `Default`, and their fields are public.
    let mut warehouse = golden_paging::models::Warehouse::default();
    warehouse.id = 7;
    warehouse.city = "Lyon".to_owned();
    assert_eq!(warehouse.name, "");
    // A request whose every field is optional starts from `Default` (none here:
    // the item's fields are all required, so it is a plain struct literal).
    let item = golden_paging::models::ItemCreateRequest {
        sku: "BOLT-6".to_owned(),
        quantity: 1,
        tags: Vec::new(),
    };
    assert_eq!(item.quantity, 1);
}

#[test]
fn the_readme_shows_the_program_as_it_is() {
    let readme = include_str!("../README.md");
    let program = include_str!("../src/main.rs");
    assert!(
        readme.contains(program),
        "README.md must show src/main.rs verbatim (copy it into the ```rust block)"
    );
    // And the program needs nothing beyond the generated crate and tokio.
    let manifest = include_str!("../Cargo.toml");
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap_or_default();
    assert!(!dependencies.contains("rustls"), "{dependencies}");
    assert!(!dependencies.contains("reqwest"), "{dependencies}");
}
