//! The API's rate-limit headers.

use reqwest::header::HeaderMap;
use std::time::Duration;

/// The rate-limit state the API reported in a response's `X-RateLimit-Limit` and
/// `X-RateLimit-Remaining` headers.
///
/// Cloud 66 allows 3000 requests per user per hour; over it, requests fail with
/// `503 throttled` until the next hourly interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// The number of requests allowed in the current interval.
    pub limit: u32,
    /// The number of requests left in the current interval.
    pub remaining: u32,
}

impl RateLimit {
    /// Reads both headers; `None` unless both are present and numeric.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let num =
            |name: &str| -> Option<u32> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        Some(RateLimit {
            limit: num("x-ratelimit-limit")?,
            remaining: num("x-ratelimit-remaining")?,
        })
    }

    /// Whether the interval's budget is spent.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == 0
    }
}

/// Reads a `Retry-After` header: either delay seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if (0.0..1e9).contains(&secs) {
            return Some(Duration::from_secs_f64(secs));
        }
        return None;
    }
    let date =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let wait = date - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn parses_rate_limit_headers() {
        let h = headers(&[
            ("X-RateLimit-Limit", "3600"),
            ("X-RateLimit-Remaining", "3597"),
        ]);
        assert_eq!(
            RateLimit::from_headers(&h),
            Some(RateLimit {
                limit: 3600,
                remaining: 3597
            })
        );
        let h = headers(&[
            ("X-RateLimit-Limit", "3600"),
            ("X-RateLimit-Remaining", "lots"),
        ]);
        assert_eq!(RateLimit::from_headers(&h), None);
        assert_eq!(RateLimit::from_headers(&HeaderMap::new()), None);
    }

    #[test]
    fn parses_retry_after_forms() {
        assert_eq!(
            retry_after(&headers(&[("Retry-After", "7")])),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(&[("Retry-After", "0.25")])),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "Retry-After",
                "Sun, 06 Nov 1994 08:49:37 GMT"
            )])),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers(&[("Retry-After", "soon")])), None);
        assert_eq!(retry_after(&headers(&[("Retry-After", "-3")])), None);
    }
}
