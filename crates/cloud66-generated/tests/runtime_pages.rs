//! Pages and streams over all pages.

mod common;

use cloud66::{collect_all, paginate, Client, Error, Page, Request};
use common::*;
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

const SPEC_PAGE: &str = r#"{"response":[{"id":10,"name":"Awesome App"}],"count":1,"pagination":{"previous":null,"next":null,"current":1,"per_page":30,"count":1,"pages":1}}"#;

fn page_body(current: u64, next: Option<u64>, ids: &[i64]) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":{id},"name":"t{id}"}}"#))
        .collect();
    let previous = if current > 1 {
        (current - 1).to_string()
    } else {
        "null".into()
    };
    let next = next.map_or("null".to_string(), |n| n.to_string());
    format!(
        r#"{{"response":[{}],"count":{},"pagination":{{"previous":{previous},"next":{next},"current":{current},"per_page":2,"count":5,"pages":3}}}}"#,
        items.join(","),
        ids.len()
    )
}

async fn mount_page(server: &MockServer, n: u64, body: String) {
    Mock::given(method("GET"))
        .and(path("/api/3/stacks/s1/things"))
        .and(query_param("page", n.to_string()))
        .respond_with(json(&body))
        .mount(server)
        .await;
}

fn list(client: &Client) -> impl futures::Stream<Item = cloud66::Result<Thing>> + '_ {
    paginate(1, move |n| {
        let req = Request::new(&LIST_THINGS, "/stacks/s1/things".into())
            .query("page", n)
            .query("per_page", 2);
        async move { client.send_page::<Thing>(req).await }
    })
}

#[test]
fn spec_example_page_round_trips() {
    let page: Page<Thing> = serde_json::from_str(SPEC_PAGE).unwrap();
    assert_eq!(page.items[0].id, 10);
    assert_eq!(page.next_page(), None);
    assert_eq!(serde_json::to_string(&page).unwrap(), SPEC_PAGE);
}

#[tokio::test]
async fn streams_every_item_of_three_pages_lazily() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), &[1, 2])).await;
    mount_page(&server, 2, page_body(2, Some(3), &[3, 4])).await;
    mount_page(&server, 3, page_body(3, None, &[5])).await;
    let client = client_for(&server);

    let first_two: Vec<Thing> = list(&client).take(2).try_collect().await.unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(requests(&server).await.len(), 1, "the stream is lazy");

    let all = collect_all(list(&client)).await.unwrap();
    let ids: Vec<i64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn a_repeated_page_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), &[1, 2])).await;
    mount_page(&server, 2, page_body(2, Some(2), &[3, 4])).await;
    let client = client_for(&server);
    let results: Vec<_> = list(&client).collect().await;
    let (ok, err): (Vec<_>, Vec<_>) = results.into_iter().partition(|r| r.is_ok());
    assert_eq!(ok.len(), 4);
    assert_eq!(err.len(), 1);
    assert!(matches!(err[0], Err(Error::Pagination { .. })));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_mid_stream_is_yielded_and_ends_it() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), &[1, 2])).await;
    Mock::given(method("GET"))
        .and(query_param("page", "2"))
        .respond_with(status_json(404, r#"{"error":"not_found"}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = collect_all(list(&client)).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}
