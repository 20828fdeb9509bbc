//! A timestamp that accepts both date formats the API sends.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A point in time as the API writes it.
///
/// Accepts RFC 3339 (`2014-08-29T17:21:25Z`, `2014-08-14T01:46:53+00:00`) and the
/// `2014-08-14 00:38:14 UTC` form of stack timestamps. It keeps the text it was parsed from, so
/// serializing writes back exactly that text; values made with [`From<OffsetDateTime>`] are
/// written as RFC 3339. Comparison, ordering and hashing use the instant only.
#[derive(Clone)]
pub struct DateTime {
    instant: OffsetDateTime,
    text: Box<str>,
}

/// The error for text that is in neither of the API's date formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is neither an RFC 3339 date-time nor `YYYY-MM-DD HH:MM:SS UTC`")]
pub struct DateTimeParseError(pub String);

impl DateTime {
    /// Parses either format.
    pub fn parse(text: &str) -> Result<DateTime, DateTimeParseError> {
        let err = || DateTimeParseError(text.to_owned());
        let instant = if let Some(stripped) = text.strip_suffix(" UTC") {
            // `YYYY-MM-DD HH:MM:SS UTC`: the same fields as RFC 3339 with a space separator.
            let bytes = stripped.as_bytes();
            if bytes.len() != 19 || bytes[10] != b' ' {
                return Err(err());
            }
            let rfc = format!("{}T{}Z", &stripped[..10], &stripped[11..]);
            OffsetDateTime::parse(&rfc, &Rfc3339).map_err(|_| err())?
        } else {
            OffsetDateTime::parse(text, &Rfc3339).map_err(|_| err())?
        };
        Ok(DateTime {
            instant,
            text: text.into(),
        })
    }

    /// The instant.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.instant
    }

    /// The instant, consuming the value.
    pub fn into_inner(self) -> OffsetDateTime {
        self.instant
    }

    /// The text this value serializes to (the text it was parsed from).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(&self) -> i64 {
        self.instant.unix_timestamp()
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(instant: OffsetDateTime) -> Self {
        let text = instant
            .format(&Rfc3339)
            .unwrap_or_else(|_| instant.unix_timestamp().to_string());
        DateTime {
            instant,
            text: text.into(),
        }
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.instant
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
        self.instant == other.instant
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
        self.instant.cmp(&other.instant)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant.unix_timestamp_nanos().hash(state);
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
    fn made_from_offset_date_time_writes_rfc3339() {
        let t = OffsetDateTime::from_unix_timestamp(1_407_976_694).unwrap();
        let d = DateTime::from(t);
        assert_eq!(d.as_str(), "2014-08-14T00:38:14Z");
        assert_eq!(OffsetDateTime::from(d), t);
    }
}
