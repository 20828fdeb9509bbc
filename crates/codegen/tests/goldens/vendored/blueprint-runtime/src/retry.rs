// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! The retry policy: which failures are retried, and how long to wait.

use std::time::Duration;

/// When and how the client retries a failed request.
///
/// Only idempotent requests (`GET`, `PUT`, `DELETE`) are retried, and only on errors for which
/// [`Error::is_retryable`](crate::Error::is_retryable) is true (transport errors, timeouts,
/// `408`, `503 throttled`, gateway errors). `POST` is never retried automatically.
///
/// The wait before retry *n* (1-based) is `base_delay * 2^(n-1)`, capped at `max_delay`, with
/// "equal jitter": a random value between half of it and all of it. A `Retry-After` sent by the
/// server replaces that wait. A retry is given up, and the error returned at once, when:
/// - `max_attempts` requests have been sent;
/// - the wait would end after `total_budget` since the first attempt;
/// - the server's `Retry-After` exceeds `max_retry_after` (the API's budget is hourly: waiting
///   for the next interval is the caller's decision, not the client's);
/// - the response is throttled, has no `Retry-After`, and says `X-RateLimit-Remaining: 0`.
///
/// ```
/// use std::time::Duration;
/// use blueprint_runtime::RetryPolicy;
///
/// // Five attempts, waiting at most 10 s between two, within a minute in all;
/// // give it to a generated client with `Client::builder().retry_policy(policy)`.
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .max_delay(Duration::from_secs(10))
///     .total_budget(Duration::from_secs(60));
/// // The third attempt waits between 1 s and 2 s (the first retry 250–500 ms).
/// assert!(policy.backoff(3, 0.0) >= Duration::from_secs(1));
/// assert!(RetryPolicy::none() != policy);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total number of attempts, including the first (1 means no retries).
    pub max_attempts: u32,
    /// The wait before the first retry, before jitter.
    pub base_delay: Duration,
    /// The longest computed wait between two attempts.
    pub max_delay: Duration,
    /// The longest time from the first attempt to the start of the last retry.
    pub total_budget: Duration,
    /// The longest `Retry-After` the client will honour by sleeping.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 500 ms base delay, 10 s max delay, 60 s total budget, 30 s max `Retry-After`.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            total_budget: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the total number of attempts (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the wait before the first retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the longest computed wait.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets the total time budget.
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.total_budget = budget;
        self
    }

    /// Sets the longest `Retry-After` honoured by sleeping.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The wait before retry number `retry` (1-based), given `jitter` in `[0, 1]`
    /// (0 gives half of the exponential delay, 1 all of it).
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = retry.saturating_sub(1).min(31);
        let full = self
            .base_delay
            .checked_mul(1u32 << exp)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            1.0
        };
        full.mul_f64(0.5 + 0.5 * jitter)
    }

    /// The wait before retry number `retry` with random jitter.
    pub(crate) fn jittered_backoff(&self, retry: u32) -> Duration {
        self.backoff(retry, random_unit())
    }
}

/// A random number in `[0, 1)` for jitter: the standard library's hasher
/// is keyed randomly for every `RandomState`, which is all jitter needs
/// (no dependency for it).
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    // 53 random bits, the precision of an `f64` in `[0, 1)`.
    let bits = hasher.finish() >> 11;
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(400));
        assert_eq!(p.backoff(5, 1.0), Duration::from_secs(1));
        assert_eq!(p.backoff(80, 1.0), Duration::from_secs(1));
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(50));
        assert_eq!(p.backoff(2, 0.5), Duration::from_millis(150));
        assert_eq!(p.backoff(2, f64::NAN), Duration::from_millis(200));
        for _ in 0..100 {
            let d = p.jittered_backoff(2);
            assert!(d >= Duration::from_millis(100) && d <= Duration::from_millis(200));
        }
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let distinct: std::collections::BTreeSet<u64> = draws.iter().map(|d| d.to_bits()).collect();
        assert!(distinct.len() > 32, "{distinct:?}");
    }

    #[test]
    fn none_sends_once() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
