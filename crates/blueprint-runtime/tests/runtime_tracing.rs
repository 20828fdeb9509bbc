//! Tracing (feature `tracing`): a span per call with the operation, method,
//! path template, status and attempt, an event per retry with its delay,
//! and never the token, arguments or bodies.
//!
//! Alone in its test binary: tracing caches per call site whether anyone
//! listens, so a call made by a concurrent test before this test's
//! subscriber exists would hide the span.
#![cfg(feature = "tracing")]

mod common;

use common::*;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every span name, event message and field value, as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut out = self.0.lock().unwrap();
        let _ = write!(out, "\nspan {}", span.metadata().name());
        span.record(&mut Fields(&mut out));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut out = self.0.lock().unwrap();
        out.push_str("\nevent");
        event.record(&mut Fields(&mut out));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn a_span_per_call_without_the_token_or_bodies() {
    let capture = Capture::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(capture.clone(), || {
        runtime.block_on(async {
            let server = wiremock::MockServer::start().await;
            wiremock::Mock::given(wiremock::matchers::method("GET"))
                .respond_with(status_json(
                    503,
                    r#"{"error":"throttled","error_description":"BODY-TEXT"}"#,
                ))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            wiremock::Mock::given(wiremock::matchers::method("GET"))
                .respond_with(json(r#"{"response":{"id":1,"name":"SECRET-NAME"}}"#))
                .mount(&server)
                .await;
            client_for(&server)
                .view_thing("private-stack", "1")
                .await
                .unwrap();
        })
    });
    let out = capture.0.lock().unwrap().clone();
    assert!(out.contains("span api_call"), "{out}");
    for expected in [
        "operation=\"View a thing\"",
        "method=\"GET\"",
        "path=\"/stacks/{stack_id}/things/{id}\"",
        "attempt=2",
        "status=200",
        "retry_delay_ms=",
    ] {
        assert!(out.contains(expected), "{expected} missing in {out}");
    }
    for secret in [TOKEN, "BODY-TEXT", "SECRET-NAME", "private-stack"] {
        assert!(!out.contains(secret), "{secret} leaked: {out}");
    }
}
