// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! A timestamp that accepts both date formats the API sends.
//!
//! Parsed by hand (RFC 3339 is small, and the `time` crate would cost every
//! user a few crates of build); the optional `time` feature adds
//! conversions to and from `time::OffsetDateTime`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time as the API writes it.
///
/// Accepts RFC 3339 (`2014-08-29T17:21:25Z`, `2014-08-14T01:46:53+00:00`, with an optional
/// fraction) and the `2014-08-14 00:38:14 UTC` form of stack timestamps. It keeps the text it was
/// parsed from, so serializing writes back exactly that text; values made from a
/// [`SystemTime`] or a Unix timestamp are written as RFC 3339 in UTC. Comparison, ordering and
/// hashing use the instant only.
///
/// ```
/// use blueprint_runtime::DateTime;
///
/// let rfc3339: DateTime = "2014-08-14T00:38:14+00:00".parse()?;
/// let stack_form: DateTime = "2014-08-14 00:38:14 UTC".parse()?;
/// assert_eq!(rfc3339, stack_form, "the same instant");
/// assert_eq!(stack_form.as_str(), "2014-08-14 00:38:14 UTC", "the text as received");
/// assert_eq!(stack_form.unix_timestamp(), 1_407_976_694);
/// # Ok::<(), blueprint_runtime::DateTimeParseError>(())
/// ```
#[derive(Clone)]
pub struct DateTime {
    /// Seconds since the Unix epoch, in UTC.
    seconds: i64,
    /// Nanoseconds within the second.
    nanos: u32,
    text: Box<str>,
}

/// The error for text that is in neither of the API's date formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError(pub String);

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is neither an RFC 3339 date-time nor `YYYY-MM-DD HH:MM:SS UTC`",
            crate::error::Escaped(&self.0)
        )
    }
}

impl std::error::Error for DateTimeParseError {}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard
/// Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count from 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `n` ASCII digits at `at` as a number.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
    })
}

/// Seconds since the epoch of a UTC civil time, checking every field.
pub(crate) fn civil_seconds(
    year: i64,
    month: u32,
    day: u32,
    h: u32,
    m: u32,
    s: u32,
) -> Option<i64> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && h < 24
        && m < 60
        && s <= 60;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400
            + i64::from(h) * 3600
            + i64::from(m) * 60
            + i64::from(s)
    })
}

/// Parses `YYYY-MM-DD?HH:MM:SS`, then an RFC 3339 fraction and offset, or ` UTC`.
fn parse_instant(text: &str) -> Option<(i64, u32)> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = i64::from(digits(b, 0, 4)?);
    let (month, day) = (digits(b, 5, 2)?, digits(b, 8, 2)?);
    let (h, m, s) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    let local = civil_seconds(year, month, day, h, m, s)?;
    let rest = &b[19..];
    match b[10] {
        b' ' => (rest == b" UTC").then_some((local, 0)),
        b'T' | b't' => {
            let mut rest = rest;
            let mut nanos = 0u32;
            if let Some(frac) = rest.strip_prefix(b".") {
                let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return None;
                }
                for (i, d) in frac[..n].iter().take(9).enumerate() {
                    nanos += u32::from(d - b'0') * 10u32.pow(8 - u32::try_from(i).unwrap_or(8));
                }
                rest = &frac[n..];
            }
            let offset = match rest {
                b"Z" | b"z" => 0,
                [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                    let (oh, om) = (digits(rest, 1, 2)?, digits(rest, 4, 2)?);
                    if oh >= 24 || om >= 60 {
                        return None;
                    }
                    let minutes = i64::from(oh * 60 + om);
                    if *sign == b'+' {
                        minutes
                    } else {
                        -minutes
                    }
                }
                _ => return None,
            };
            Some((local - offset * 60, nanos))
        }
        _ => None,
    }
}

impl DateTime {
    /// Parses either format.
    pub fn parse(text: &str) -> Result<DateTime, DateTimeParseError> {
        let (seconds, nanos) =
            parse_instant(text).ok_or_else(|| DateTimeParseError(text.to_owned()))?;
        Ok(DateTime {
            seconds,
            nanos,
            text: text.into(),
        })
    }

    /// The instant `seconds` (and `nanos`) after the Unix epoch, written as
    /// RFC 3339 in UTC (`2014-08-14T00:38:14Z`).
    pub fn from_unix(seconds: i64, nanos: u32) -> DateTime {
        let seconds = seconds + i64::from(nanos / 1_000_000_000);
        let nanos = nanos % 1_000_000_000;
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let in_day = seconds.rem_euclid(86_400);
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            in_day / 3600,
            in_day % 3600 / 60,
            in_day % 60
        );
        if nanos > 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        DateTime {
            seconds,
            nanos,
            text: text.into(),
        }
    }

    /// The text this value serializes to (the text it was parsed from).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds since the Unix epoch.
    pub fn unix_timestamp_nanos(&self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The instant as a [`SystemTime`].
    pub fn to_system_time(&self) -> SystemTime {
        let since = |s: i64| Duration::new(s.unsigned_abs(), 0);
        if self.seconds >= 0 {
            UNIX_EPOCH + since(self.seconds) + Duration::from_nanos(u64::from(self.nanos))
        } else {
            UNIX_EPOCH - since(self.seconds) + Duration::from_nanos(u64::from(self.nanos))
        }
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime::from_unix(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(before) => {
                let d = before.duration();
                let mut seconds = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                let mut nanos = d.subsec_nanos();
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                DateTime::from_unix(seconds, nanos)
            }
        }
    }
}

#[cfg(feature = "time")]
impl DateTime {
    /// The instant as a `time::OffsetDateTime` in UTC (feature `time`).
    pub fn as_offset_date_time(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp_nanos(self.unix_timestamp_nanos())
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }
}

#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for DateTime {
    fn from(instant: time::OffsetDateTime) -> Self {
        DateTime::from_unix(instant.unix_timestamp(), instant.nanosecond())
    }
}

#[cfg(feature = "time")]
impl From<DateTime> for time::OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.as_offset_date_time()
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse(s)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        (self.seconds, self.nanos) == (other.seconds, other.nanos)
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.seconds, self.nanos).hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", &*self.text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time or `YYYY-MM-DD HH:MM:SS UTC`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_formats_and_round_trips_text() {
        for text in [
            "2014-08-29T17:21:25Z",
            "2014-08-14T01:46:53+00:00",
            "2014-08-14 00:38:14 UTC",
            "2014-08-14T02:46:53.250+01:00",
        ] {
            let d: DateTime = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{text}\""));
            assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn compares_as_instants() {
        let a = DateTime::parse("2014-08-14 00:38:14 UTC").unwrap();
        let b = DateTime::parse("2014-08-14T00:38:14Z").unwrap();
        let c = DateTime::parse("2014-08-14T01:38:14+01:00").unwrap();
        let later = DateTime::parse("2014-08-14T00:38:15Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert!(later > a);
        let set: std::collections::HashSet<_> = [a.clone(), b, c].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_eq!(a.unix_timestamp(), 1_407_976_694);
        assert_eq!(format!("{a:?}"), "DateTime(\"2014-08-14 00:38:14 UTC\")");
    }

    #[test]
    fn rejects_other_text() {
        for bad in [
            "",
            "yesterday",
            "2014-08-14",
            "2014-08-14 00:38 UTC",
            "2014-13-14 00:38:14 UTC",
            "2014-08-14X00:38:14 UTC",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn made_from_an_instant_writes_rfc3339() {
        let d = DateTime::from_unix(1_407_976_694, 0);
        assert_eq!(d.as_str(), "2014-08-14T00:38:14Z");
        assert_eq!(DateTime::from(d.to_system_time()), d);
        let fraction = DateTime::from_unix(1_407_976_694, 250_000_000);
        assert_eq!(fraction.as_str(), "2014-08-14T00:38:14.25Z");
        assert_eq!(DateTime::from_unix(-1, 0).as_str(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn the_calendar_is_right_across_eras_and_leap_years() {
        for (text, seconds) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("2100-03-01T00:00:00Z", 4_107_542_400),
            ("0001-01-01T00:00:00Z", -62_135_596_800),
            ("1900-02-28T23:59:59-00:30", -2_203_889_401),
        ] {
            let d = DateTime::parse(text).unwrap();
            assert_eq!(d.unix_timestamp(), seconds, "{text}");
            let back = DateTime::from_unix(seconds, 0);
            assert_eq!(back, d, "{text}");
        }
        assert!(DateTime::parse("2001-02-29T00:00:00Z").is_err());
        assert!(DateTime::parse("2014-08-14T24:00:00Z").is_err());
    }
}
