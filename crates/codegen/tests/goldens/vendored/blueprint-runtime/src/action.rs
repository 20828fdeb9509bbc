// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! Waiting for asynchronous actions to finish.
//!
//! An API that starts work in the background answers with an action object
//! and offers an operation that fetches it again. Which type and which
//! operation is the API's (the generated crate implements [`TrackedAction`]
//! and hands [`Wait::new`] the poll request); polling until the action has
//! finished, within a deadline, is the mechanism here.

use crate::api::ErrorCode;
use crate::Error;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// The default time between two polls of an action.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// The default time to wait for an action before giving up.
pub const DEFAULT_WAIT_DEADLINE: Duration = Duration::from_secs(600);

/// An asynchronous action object that can be polled until it finishes.
pub trait TrackedAction: Clone + Send + 'static {
    /// The action's identifier.
    type Id: PartialEq + fmt::Display + Send;
    /// The action's identifier: a polled action must have the same.
    fn action_id(&self) -> Self::Id;
    /// Whether the action has finished.
    fn is_finished(&self) -> bool;
    /// Whether it succeeded: `None` while running, or when the server did not say.
    fn succeeded(&self) -> Option<bool>;
}

/// How waiting for an action ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome<A> {
    /// The action finished and succeeded.
    Succeeded(A),
    /// The action finished without success (failed, or the server did not say).
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

type PollFuture<A, C> = Pin<Box<dyn Future<Output = Result<A, Error<C>>> + Send>>;

/// A wait for an action; configure it, then `.await` it.
///
/// It polls every [`every`](Wait::every) until the action has finished or
/// [`at_most`](Wait::at_most) has passed; the deadline bounds the whole wait,
/// polls and their retries included. An action that has already finished
/// returns at once without a request. Errors for which
/// [`Error::is_retryable`] holds (timeouts, transport errors, throttling,
/// gateway errors) do not end the wait: the next poll tries again. Any other
/// error (`401`, `403`, `404`, a body that does not decode, a polled action
/// with another id) ends it with that error.
#[must_use = "a Wait does nothing until awaited"]
pub struct Wait<A, C: ErrorCode> {
    action: A,
    poll: Box<dyn FnMut() -> PollFuture<A, C> + Send>,
    every: Duration,
    at_most: Duration,
}

impl<A: fmt::Debug, C: ErrorCode> fmt::Debug for Wait<A, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("action", &self.action)
            .field("every", &self.every)
            .field("at_most", &self.at_most)
            .finish_non_exhaustive()
    }
}

impl<A: TrackedAction, C: ErrorCode> Wait<A, C> {
    /// A wait for `action`, fetching it again with `poll`.
    pub fn new<F, Fut>(action: A, mut poll: F) -> Self
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<A, Error<C>>> + Send + 'static,
    {
        Wait {
            action,
            poll: Box::new(move || Box::pin(poll())),
            every: DEFAULT_POLL_INTERVAL,
            at_most: DEFAULT_WAIT_DEADLINE,
        }
    }
}

impl<A, C: ErrorCode> Wait<A, C> {
    /// The time between polls (default [`DEFAULT_POLL_INTERVAL`]; at least 1 ms).
    pub fn every(mut self, interval: Duration) -> Self {
        self.every = interval.max(Duration::from_millis(1));
        self
    }

    /// The longest time to wait, polls included (default [`DEFAULT_WAIT_DEADLINE`]).
    pub fn at_most(mut self, deadline: Duration) -> Self {
        self.at_most = deadline;
        self
    }
}

impl<A: TrackedAction, C: ErrorCode> IntoFuture for Wait<A, C> {
    type Output = Result<ActionOutcome<A>, Error<C>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(mut self) -> Self::IntoFuture {
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
            let expected = last.action_id();
            loop {
                let now = tokio::time::Instant::now();
                if now >= deadline {
                    return Ok(ActionOutcome::TimedOut(last));
                }
                tokio::time::sleep(self.every.min(deadline - now)).await;
                let polled = match tokio::time::timeout_at(deadline, (self.poll)()).await {
                    Err(_elapsed) => return Ok(ActionOutcome::TimedOut(last)),
                    Ok(polled) => polled,
                };
                match polled {
                    Ok(action) if action.action_id() != expected => {
                        return Err(Error::WrongAction {
                            expected: expected.to_string(),
                            received: action.action_id().to_string(),
                        })
                    }
                    Ok(action) if action.is_finished() => return Ok(finished(action)),
                    Ok(action) => last = action,
                    Err(err) if err.is_retryable() => {}
                    Err(err) => return Err(err),
                }
            }
        })
    }
}
