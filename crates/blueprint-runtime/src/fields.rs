//! Serde helpers of generated models.

use serde::{Deserialize, Deserializer};

/// Deserializes a field that is present as `Some`, so that a present `null`
/// stays apart from an absent field (`#[serde(default)]` gives `None`):
/// `Option<Option<T>>` reads `null` as `Some(None)`, and
/// `Option<serde_json::Value>` as `Some(Value::Null)`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        #[serde(
            default,
            deserialize_with = "super::present",
            skip_serializing_if = "Option::is_none"
        )]
        colour: Option<Option<String>>,
        #[serde(
            default,
            deserialize_with = "super::present",
            skip_serializing_if = "Option::is_none"
        )]
        extra: Option<serde_json::Value>,
    }

    #[test]
    fn absent_null_and_values_round_trip() {
        for text in [
            r#"{}"#,
            r#"{"colour":null,"extra":null}"#,
            r#"{"colour":"red","extra":{"a":1}}"#,
        ] {
            let thing: Thing = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&thing).unwrap(), text);
        }
        let null: Thing = serde_json::from_str(r#"{"colour":null}"#).unwrap();
        assert_eq!(null.colour, Some(None));
    }
}
