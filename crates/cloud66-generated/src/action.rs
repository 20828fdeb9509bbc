//! Waiting for asynchronous stack actions to finish.

use crate::operation::{Method, Operation, Scope};
use crate::request::{encode_path_segment, Request};
use crate::{Client, Result};
use serde::de::DeserializeOwned;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// The default time between two polls of an action.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// The default time to wait for an action before giving up.
pub const DEFAULT_WAIT_DEADLINE: Duration = Duration::from_secs(600);

/// The operation polled by [`Client::wait_for_action`].
pub static VIEW_STACK_ACTION: Operation = Operation::new(
    "View a stack action",
    Method::Get,
    "/stacks/{stack_id}/actions/{id}",
    Some(Scope::Public),
    "wait_for_action",
    "StackAction",
);

/// An asynchronous action object that can be polled until it finishes (the spec's stack action
/// object: `id`, `finished_at`, `finished_success`, ...).
pub trait TrackedAction: DeserializeOwned + Clone + Send {
    /// The action's `id`, used in `GET /stacks/{stack_id}/actions/{id}`.
    fn action_id(&self) -> i64;
    /// Whether the action has finished (its `finished_at` is set).
    fn is_finished(&self) -> bool;
    /// Its `finished_success`: `None` while running, or when the server sent `null`.
    fn succeeded(&self) -> Option<bool>;
}

/// How waiting for an action ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome<A> {
    /// The action finished with `finished_success: true`.
    Succeeded(A),
    /// The action finished with `finished_success` `false` or `null` (see its
    /// `finished_message`).
    Failed(A),
    /// The deadline passed before the action finished; holds the last state seen.
    TimedOut(A),
}

impl<A> ActionOutcome<A> {
    /// The last state of the action.
    pub fn action(&self) -> &A {
        match self {
            ActionOutcome::Succeeded(a) | ActionOutcome::Failed(a) | ActionOutcome::TimedOut(a) => {
                a
            }
        }
    }

    /// The last state of the action, consuming the outcome.
    pub fn into_action(self) -> A {
        match self {
            ActionOutcome::Succeeded(a) | ActionOutcome::Failed(a) | ActionOutcome::TimedOut(a) => {
                a
            }
        }
    }

    /// Whether the action succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, ActionOutcome::Succeeded(_))
    }
}

fn finished<A: TrackedAction>(action: A) -> ActionOutcome<A> {
    if action.succeeded() == Some(true) {
        ActionOutcome::Succeeded(action)
    } else {
        ActionOutcome::Failed(action)
    }
}

/// A wait for an action, made by [`Client::wait_for_action`]; `.await` it.
///
/// It polls `GET /stacks/{stack_id}/actions/{id}` every [`every`](Wait::every) until the action
/// is finished or [`at_most`](Wait::at_most) has passed. An action that is already finished
/// returns at once without a request. Errors for which
/// [`Error::is_retryable`](crate::Error::is_retryable) holds (timeouts, transport errors,
/// `503 throttled`, gateway errors) do not end the wait: the next poll tries again. Any other
/// error (`401`, `403`, `404`, a body that does not decode) ends it with that error. The last
/// poll starts at the deadline at the latest, so the wait can overrun it by one request.
#[must_use = "a Wait does nothing until awaited"]
#[derive(Debug)]
pub struct Wait<'c, A> {
    client: &'c Client,
    stack_id: String,
    action: A,
    every: Duration,
    at_most: Duration,
}

impl<A> Wait<'_, A> {
    /// The time between polls (default [`DEFAULT_POLL_INTERVAL`]; at least 1 ms).
    pub fn every(mut self, interval: Duration) -> Self {
        self.every = interval.max(Duration::from_millis(1));
        self
    }

    /// The longest time to wait (default [`DEFAULT_WAIT_DEADLINE`]).
    pub fn at_most(mut self, deadline: Duration) -> Self {
        self.at_most = deadline;
        self
    }
}

impl<'c, A: TrackedAction + 'c> IntoFuture for Wait<'c, A> {
    type Output = Result<ActionOutcome<A>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let now = tokio::time::Instant::now();
            // A deadline too far to represent means "no deadline" (about 30 years).
            let deadline = now
                .checked_add(self.at_most)
                .unwrap_or_else(|| now + Duration::from_secs(1 << 30));
            let mut last = self.action;
            if last.is_finished() {
                return Ok(finished(last));
            }
            let stack = encode_path_segment(&self.stack_id);
            loop {
                let now = tokio::time::Instant::now();
                if now >= deadline {
                    return Ok(ActionOutcome::TimedOut(last));
                }
                tokio::time::sleep(self.every.min(deadline - now)).await;
                let path = format!("/stacks/{stack}/actions/{}", last.action_id());
                match self
                    .client
                    .send::<A>(Request::new(&VIEW_STACK_ACTION, path))
                    .await
                {
                    Ok(action) if action.is_finished() => return Ok(finished(action)),
                    Ok(action) => last = action,
                    Err(err) if err.is_retryable() => {}
                    Err(err) => return Err(err),
                }
            }
        })
    }
}

impl Client {
    /// Waits for an asynchronous action of stack `stack_id` to finish; configure with
    /// [`Wait::every`] and [`Wait::at_most`], then `.await`.
    pub fn wait_for_action<A: TrackedAction>(&self, stack_id: &str, action: &A) -> Wait<'_, A> {
        Wait {
            client: self,
            stack_id: stack_id.to_owned(),
            action: action.clone(),
            every: DEFAULT_POLL_INTERVAL,
            at_most: DEFAULT_WAIT_DEADLINE,
        }
    }
}
