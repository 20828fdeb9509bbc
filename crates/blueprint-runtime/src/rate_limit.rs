//! The API's rate-limit headers.

use crate::Api;
use reqwest::header::HeaderMap;
use std::time::Duration;

/// The rate-limit state the API reported in a response's rate-limit headers
/// (their names are the API's, see `Api::rate_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// The number of requests allowed in the current interval.
    pub limit: u32,
    /// The number of requests left in the current interval.
    pub remaining: u32,
}

impl RateLimit {
    /// Reads both of the API's headers; `None` unless the API has them and
    /// both are present and numeric.
    pub fn from_headers(api: &Api, headers: &HeaderMap) -> Option<RateLimit> {
        let names = api.rate_limit?;
        let num =
            |name: &str| -> Option<u32> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        Some(RateLimit {
            limit: num(names.limit)?,
            remaining: num(names.remaining)?,
        })
    }

    /// Whether the interval's budget is spent.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == 0
    }
}

/// Reads a `Retry-After` header: delay seconds or an HTTP date (RFC 9110:
/// IMF-fixdate, RFC 850 and asctime). A delay too large to represent, or
/// beyond a century, is `Duration::MAX`: longer than any retry policy
/// allows, so the error is returned at once. A negative or unreadable value
/// is ignored; a date in the past is no wait.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    retry_after_value(value, std::time::SystemTime::now())
}

/// [`retry_after`] of one header value, at `now`.
fn retry_after_value(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    /// Beyond this, a wait is "forever" for a client.
    const CENTURY: f64 = 100.0 * 365.25 * 86_400.0;
    if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() {
        return Some(match value.parse::<u64>() {
            Ok(secs) if (secs as f64) < CENTURY => Duration::from_secs(secs),
            _ => Duration::MAX,
        });
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_nan() || secs < 0.0 {
            return None;
        }
        return Some(if secs < CENTURY {
            Duration::from_secs_f64(secs)
        } else {
            Duration::MAX
        });
    }
    let at = http_date(value)?;
    let now = crate::DateTime::from(now).unix_timestamp();
    Some(Duration::from_secs(u64::try_from(at - now).unwrap_or(0)))
}

/// Seconds since the epoch of an HTTP date in any of its three forms:
/// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
/// `Sun Nov  6 08:49:37 1994`.
pub(crate) fn http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_of = |m: &str| {
        MONTHS
            .iter()
            .position(|n| n.eq_ignore_ascii_case(m))
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let clock = |t: &str| -> Option<(u32, u32, u32)> {
        let mut parts = t.split(':').map(|p| p.parse::<u32>().ok());
        let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some((h, m, s))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let (year, month, day, (h, m, s)) = match words.as_slice() {
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
        [_, day, month, year, time, "GMT"] => (
            year.parse::<i64>().ok()?,
            month_of(month)?,
            day.parse().ok()?,
            clock(time)?,
        ),
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit years: the
        // nearest century that is not more than 50 years ahead, RFC 9110).
        [_, date, time, "GMT"] => {
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            let year: i64 = year.parse().ok()?;
            let year = if year < 100 {
                if year < 70 {
                    2000 + year
                } else {
                    1900 + year
                }
            } else {
                year
            };
            (year, month_of(month)?, day.parse().ok()?, clock(time)?)
        }
        // asctime: `Sun Nov  6 08:49:37 1994`.
        [_, month, day, time, year] => (
            year.parse::<i64>().ok()?,
            month_of(month)?,
            day.parse().ok()?,
            clock(time)?,
        ),
        _ => return None,
    };
    crate::datetime::civil_seconds(year, month, day, h, m, s)
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

    static API: Api = Api {
        name: "Test",
        user_agent: "test",
        default_base_url: None,
        auth: crate::Auth::Token { scheme: "Bearer" },
        auth_required: true,
        token_env: "TEST_TOKEN",
        base_url_env: "TEST_BASE_URL",
        rate_limit: Some(crate::RateLimitHeaders {
            limit: "X-RateLimit-Limit",
            remaining: "X-RateLimit-Remaining",
        }),
        error_code_keys: &[],
        error_message_keys: &[],
        always_granted_scope: None,
        oauth: None,
    };

    #[test]
    fn parses_rate_limit_headers() {
        let h = headers(&[
            ("X-RateLimit-Limit", "3600"),
            ("X-RateLimit-Remaining", "3597"),
        ]);
        assert_eq!(
            RateLimit::from_headers(&API, &h),
            Some(RateLimit {
                limit: 3600,
                remaining: 3597
            })
        );
        let h = headers(&[
            ("X-RateLimit-Limit", "3600"),
            ("X-RateLimit-Remaining", "lots"),
        ]);
        assert_eq!(RateLimit::from_headers(&API, &h), None);
        assert_eq!(RateLimit::from_headers(&API, &HeaderMap::new()), None);
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
        // Too large to represent or to wait for: longer than any policy.
        for huge in ["1e12", "99999999999999999999", "1e400", "inf"] {
            assert_eq!(
                retry_after(&headers(&[("Retry-After", huge)])),
                Some(Duration::MAX),
                "{huge}"
            );
        }
    }

    #[test]
    fn reads_the_three_http_date_forms() {
        let epoch = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(http_date(form), Some(epoch), "{form}");
        }
        assert_eq!(http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
        assert_eq!(http_date("tomorrow"), None);
        let now = std::time::UNIX_EPOCH + Duration::from_secs(epoch as u64 - 30);
        assert_eq!(
            retry_after_value("Sunday, 06-Nov-94 08:49:37 GMT", now),
            Some(Duration::from_secs(30))
        );
        let later = std::time::UNIX_EPOCH + Duration::from_secs(epoch as u64 + 30);
        assert_eq!(
            retry_after_value("Sun Nov  6 08:49:37 1994", later),
            Some(Duration::ZERO)
        );
    }
}
