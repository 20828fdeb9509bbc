// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! Tracing of calls (feature `tracing`): one span per call with the API,
//! the operation, the method and the path template (never the expanded
//! path, which holds arguments), the status and the attempt; an event per
//! retry with its delay. Never the token, headers or bodies. Without the
//! feature these are no-ops.

use std::future::Future;
use std::time::Duration;

use crate::Operation;

/// The span of one call.
#[cfg(feature = "tracing")]
pub(crate) type Span = tracing::Span;
/// The span of one call (nothing without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span;

/// A span for a call of `operation`.
#[cfg(feature = "tracing")]
pub(crate) fn call_span(api: &'static str, operation: &'static Operation) -> Span {
    tracing::info_span!(
        "api_call",
        api,
        operation = operation.name,
        method = operation.method.as_str(),
        path = operation.path,
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
    )
}

/// A span for a call of `operation`.
#[cfg(not(feature = "tracing"))]
pub(crate) fn call_span(_api: &'static str, _operation: &'static Operation) -> Span {
    Span
}

/// Runs `future` inside `span`.
#[cfg(feature = "tracing")]
pub(crate) async fn in_span<F: Future>(span: &Span, future: F) -> F::Output {
    tracing::Instrument::instrument(future, span.clone()).await
}

/// Runs `future` inside `span`.
#[cfg(not(feature = "tracing"))]
pub(crate) async fn in_span<F: Future>(_span: &Span, future: F) -> F::Output {
    future.await
}

/// Records the attempt about to be sent.
pub(crate) fn attempt(span: &Span, attempt: u32) {
    #[cfg(feature = "tracing")]
    span.record("attempt", attempt);
    #[cfg(not(feature = "tracing"))]
    let _ = (span, attempt);
}

/// Records the status of the last answer.
pub(crate) fn status(span: &Span, status: u16) {
    #[cfg(feature = "tracing")]
    span.record("status", status);
    #[cfg(not(feature = "tracing"))]
    let _ = (span, status);
}

/// Records that attempt `attempt` failed and is retried after `delay`.
pub(crate) fn retry(span: &Span, attempt: u32, delay: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        parent: span,
        attempt,
        retry_delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        "retrying"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (span, attempt, delay);
}
