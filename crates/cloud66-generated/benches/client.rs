//! Benchmarks of the client's overhead.
//!
//! - `decode_stack_page_1000`: a 1000-item page of stacks (the spec's `List all stacks`
//!   example, repeated with distinct uids) decoded into `Page<Stack>`, into the same type
//!   through `serde_path_to_error` (what the client does), and into `serde_json::Value`.
//! - `get_stack_loopback`: one `GET /stacks/{id}` through the generated client
//!   (`client.stacks().get(uid).send().await`, no retries) versus a bare `reqwest` GET of the
//!   same URL decoded into `serde_json::Value`, against a minimal keep-alive HTTP/1.1 server on
//!   loopback that answers every request with the spec's `View a stack` example.
//!
//! ```text
//! cargo bench -p cloud66-generated --bench client -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use cloud66::models::Stack;
use cloud66::{Client, Page, RetryPolicy};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One stack of the spec's `List all stacks` example; `{uid}` is replaced per item.
const STACK_TEMPLATE: &str = r#"{
  "uid": "{uid}",
  "name": "Awesome App",
  "git": "http://github.com/cloud66-samples/awesome-app.git",
  "git_branch": "fig",
  "environment": "production",
  "cloud": "DigitalOcean",
  "fqdn": "awesome-app.dev.c66.me",
  "language": "ruby",
  "framework": "rails",
  "status": 1,
  "health": 3,
  "last_activity": "2014-08-14T01:46:53+00:00",
  "last_activity_iso": "2014-08-14T01:46:53+00:00",
  "maintenance_mode": false,
  "has_loadbalancer": false,
  "created_at": "2014-08-14 00:38:14 UTC",
  "updated_at": "2014-08-14 01:46:52 UTC",
  "deploy_directory": "/var/deploy/awesome_app",
  "cloud_status": "partial",
  "created_at_iso": "2014-08-14T00:38:14Z",
  "updated_at_iso": "2014-08-14T01:46:52Z",
  "redeploy_hook": "http://hooks.cloud66.com/stacks/redeploy/b806f1c3344eb3aa2a024b23254b75b3/6d677352a6b2eefec6e345ee2b491521"
}"#;

const STACK_UID: &str = "5999b763474b0eafa5fafb64bff0ba80";

fn stack_json(uid: &str) -> String {
    STACK_TEMPLATE.replace("{uid}", uid)
}

/// A page of `n` stacks with distinct 32-hex-digit uids.
fn stack_page(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n).map(|i| stack_json(&format!("{i:032x}"))).collect();
    format!(
        r#"{{"response": [{}], "count": {n}, "pagination": {{"previous": null, "next": null, "current": 1, "per_page": {n}, "count": {n}, "pages": 1}}}}"#,
        items.join(",\n")
    )
    .into_bytes()
}

fn decode(c: &mut Criterion) {
    let body = stack_page(1000);
    // Check once that the typed decode works, so the benchmark measures a success path.
    let page: Page<Stack> = serde_json::from_slice(&body).expect("the page decodes");
    assert_eq!(page.items.len(), 1000);

    let mut group = c.benchmark_group("decode_stack_page_1000");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed_page_stack", |b| {
        b.iter(|| serde_json::from_slice::<Page<Stack>>(black_box(&body)).map(|p| p.items.len()))
    });
    group.bench_function("typed_page_stack_path_to_error", |b| {
        b.iter(|| {
            let mut de = serde_json::Deserializer::from_slice(black_box(&body));
            serde_path_to_error::deserialize::<_, Page<Stack>>(&mut de).map(|p| p.items.len())
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)))
    });
    group.finish();
}

/// The fixed response: the spec's `View a stack` example, kept alive.
fn fixed_response() -> Vec<u8> {
    let body = format!(r#"{{"response": {}}}"#, stack_json(STACK_UID));
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-ratelimit-limit: 3600\r\nx-ratelimit-remaining: 3597\r\nconnection: keep-alive\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body.as_bytes());
    response
}

/// Starts the loopback server on its own thread and single-threaded runtime.
/// It answers each request (a header block without a body) with the fixed response.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server runtime starts");
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            tx.send(listener.local_addr().expect("local address"))
                .expect("send the address");
            let response = std::sync::Arc::new(fixed_response());
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                let _ = socket.set_nodelay(true);
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::with_capacity(4096);
                    let mut chunk = [0u8; 4096];
                    loop {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            buf.drain(..end + 4);
                            if socket.write_all(&response).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
    });
    rx.recv().expect("the server reports its address")
}

fn requests(c: &mut Criterion) {
    let addr = start_server();
    let base_url = format!("http://{addr}");
    let url = format!("{base_url}/stacks/{STACK_UID}");

    // The client side gets its own single-threaded runtime, the server the other core.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime starts");

    let client = Client::builder()
        .token("bench-token")
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a loopback client builds");

    let bare = reqwest::Client::builder()
        .build()
        .expect("a bare reqwest client builds");

    // Both paths work before they are measured.
    rt.block_on(async {
        let stack = client.stacks().get(STACK_UID).send().await.expect("typed");
        assert_eq!(stack.uid, STACK_UID);
        let bytes = bare.get(&url).send().await.expect("bare").bytes().await;
        serde_json::from_slice::<serde_json::Value>(&bytes.expect("body")).expect("json");
    });

    let mut group = c.benchmark_group("get_stack_loopback");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated_client", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let stack = client.stacks().get(black_box(STACK_UID)).send().await;
                    black_box(stack.expect("the request succeeds"));
                }
                start.elapsed()
            })
        })
    });
    group.bench_function("bare_reqwest_value", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let response = bare
                        .get(black_box(url.as_str()))
                        .bearer_auth("bench-token")
                        .send()
                        .await
                        .expect("the request succeeds");
                    let bytes = response.bytes().await.expect("the body arrives");
                    black_box(
                        serde_json::from_slice::<serde_json::Value>(&bytes)
                            .expect("the body is JSON"),
                    );
                }
                start.elapsed()
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = decode, requests
}
criterion_main!(benches);
