//! Pages and streams over all pages, through the client.

mod common;

use blueprint_runtime::{collect_all, ApiClient};
use common::*;
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

/// A one-page listing as an API's documentation shows it.
const EXAMPLE_PAGE: &str = r#"{"response":[{"id":10,"name":"Awesome App"}],"count":1,"pagination":{"previous":null,"next":null,"current":1,"per_page":30,"count":1,"pages":1}}"#;

/// Page `current` of a listing of `pages` pages, pointing at `next`.
fn page_body(current: u64, next: Option<u64>, pages: u64, ids: &[i64]) -> String {
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
        r#"{{"response":[{}],"count":{},"pagination":{{"previous":{previous},"next":{next},"current":{current},"per_page":2,"count":5,"pages":{pages}}}}}"#,
        items.join(","),
        ids.len()
    )
}

async fn mount_page(server: &MockServer, n: u64, body: String) {
    Mock::given(method("GET"))
        .and(path("/api/3/stacks/s1/things"))
        .and(query_param("page", n.to_string()))
        .and(query_param("per_page", "2"))
        .respond_with(json(&body))
        .mount(server)
        .await;
}

/// The page numbers the server was asked for, in order.
async fn pages_requested(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn the_example_page_is_a_one_page_listing() {
    let server = MockServer::start().await;
    mount_page(&server, 1, EXAMPLE_PAGE.to_owned()).await;
    let all = collect_all(client_for(&server).list_things("s1"))
        .await
        .unwrap();
    assert_eq!(
        all,
        vec![Thing {
            id: 10,
            name: "Awesome App".into()
        }]
    );
    assert_eq!(pages_requested(&server).await, ["1"]);
}

#[tokio::test]
async fn streams_every_item_of_three_pages_lazily() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), 3, &[1, 2])).await;
    mount_page(&server, 2, page_body(2, Some(3), 3, &[3, 4])).await;
    mount_page(&server, 3, page_body(3, None, 3, &[5])).await;
    let client = client_for(&server);

    let first_two: Vec<Thing> = client
        .list_things("s1")
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(requests(&server).await.len(), 1, "the stream is lazy");

    let all = collect_all(client.list_things("s1")).await.unwrap();
    let ids: Vec<i64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
    assert_eq!(pages_requested(&server).await, ["1", "1", "2", "3"]);
}

#[tokio::test]
async fn a_repeated_page_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), 3, &[1, 2])).await;
    mount_page(&server, 2, page_body(2, Some(2), 3, &[3, 4])).await;
    let client = client_for(&server);
    let results: Vec<_> = client.list_things("s1").collect().await;
    let (ok, err): (Vec<_>, Vec<_>) = results.into_iter().partition(|r| r.is_ok());
    assert_eq!(ok.len(), 4);
    assert_eq!(err.len(), 1);
    assert!(matches!(err[0], Err(Error::Pagination { .. })));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_mid_stream_is_yielded_and_ends_it() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), 3, &[1, 2])).await;
    Mock::given(method("GET"))
        .and(query_param("page", "2"))
        .respond_with(status_json(404, r#"{"error":"not_found"}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let results: Vec<_> = client.list_things("s1").collect().await;
    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(&Code::NotFound));
    let err = collect_all(client.list_things("s1")).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn the_clients_page_limit_ends_an_endless_listing() {
    let server = MockServer::start().await;
    // Every page says there is a next one, and the listing has 1000 pages.
    for n in 1..=4 {
        mount_page(&server, n, page_body(n, Some(n + 1), 1000, &[n as i64])).await;
    }
    let client = builder_for(&server).max_pages(2).build().unwrap();
    assert_eq!(client.runtime().max_pages(), 2);
    let results: Vec<_> = client.list_things("s1").collect().await;
    let ids: Vec<i64> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, vec![1, 2], "the items of the pages within the limit");
    let Some(Err(Error::Pagination { message, .. })) = results.last() else {
        panic!("{results:?}")
    };
    assert!(message.contains("more than 2 pages"), "{message}");
    assert_eq!(results.len(), 3);
    assert_eq!(pages_requested(&server).await, ["1", "2"]);
}

#[tokio::test]
async fn the_page_count_ends_a_listing_whose_next_keeps_growing() {
    let server = MockServer::start().await;
    // The server always offers a next page, but says the listing has 2.
    for n in 1..=4 {
        mount_page(&server, n, page_body(n, Some(n + 1), 2, &[n as i64])).await;
    }
    let client = client_for(&server);
    let all = collect_all(client.list_things("s1")).await.unwrap();
    let ids: Vec<i64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(pages_requested(&server).await, ["1", "2"]);
}

#[tokio::test]
async fn an_empty_page_ends_the_listing() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page_body(1, Some(2), 3, &[1, 2])).await;
    mount_page(&server, 2, page_body(2, Some(3), 3, &[])).await;
    mount_page(&server, 3, page_body(3, None, 3, &[5])).await;
    let all = collect_all(client_for(&server).list_things("s1"))
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(pages_requested(&server).await, ["1", "2"]);
}

#[tokio::test]
async fn a_refused_path_argument_is_the_streams_only_item() {
    let server = MockServer::start().await;
    let results: Vec<_> = client_for(&server).list_things("..").collect().await;
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(
        matches!(
            &results[0],
            Err(Error::InvalidArgument {
                name: "stack_id",
                ..
            })
        ),
        "{results:?}"
    );
    assert!(requests(&server).await.is_empty());
}
