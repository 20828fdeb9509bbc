// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! Helpers of generated models: serde, and reading a page's fields.
//!
//! A page's next-page field may be typed `u64`, `Option<u64>`,
//! `Option<Option<u64>>` or a JSON value (`null` in every example), as
//! inference found it; the traits here read any of them the same way, so
//! generated code does not depend on how a field was typed.

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

/// A field read as a page number.
pub trait NumberField {
    /// The number, if the field holds a non-negative integer.
    fn number(&self) -> Option<u64>;
}

impl NumberField for u64 {
    fn number(&self) -> Option<u64> {
        Some(*self)
    }
}

impl NumberField for i64 {
    fn number(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl NumberField for serde_json::Number {
    fn number(&self) -> Option<u64> {
        self.as_u64()
    }
}

impl NumberField for serde_json::Value {
    fn number(&self) -> Option<u64> {
        // Some APIs send page numbers as text (`"2"`).
        self.as_u64()
            .or_else(|| self.as_str().and_then(|s| s.trim().parse().ok()))
    }
}

impl<T: NumberField> NumberField for Option<T> {
    fn number(&self) -> Option<u64> {
        self.as_ref().and_then(NumberField::number)
    }
}

/// A field read as text (a cursor or a link); empty text is none.
pub trait TextField {
    /// The text, if the field holds non-empty text.
    fn text(&self) -> Option<&str>;
}

impl TextField for String {
    fn text(&self) -> Option<&str> {
        Some(self.as_str()).filter(|s| !s.is_empty())
    }
}

impl TextField for serde_json::Value {
    fn text(&self) -> Option<&str> {
        self.as_str().filter(|s| !s.is_empty())
    }
}

impl<T: TextField> TextField for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(TextField::text)
    }
}

/// A field read as a yes-or-no flag (`has_next`); anything but `true` is no.
pub trait FlagField {
    /// Whether the field holds `true`.
    fn flag(&self) -> bool;
}

impl FlagField for bool {
    fn flag(&self) -> bool {
        *self
    }
}

impl FlagField for serde_json::Value {
    fn flag(&self) -> bool {
        self.as_bool() == Some(true)
    }
}

impl<T: FlagField> FlagField for Option<T> {
    fn flag(&self) -> bool {
        self.as_ref().is_some_and(FlagField::flag)
    }
}

/// A field holding a page's items.
pub trait ItemsField<T> {
    /// The items (none where the field is absent or `null`).
    fn into_items(self) -> Vec<T>;
}

impl<T> ItemsField<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T, F: ItemsField<T>> ItemsField<T> for Option<F> {
    fn into_items(self) -> Vec<T> {
        self.map(ItemsField::into_items).unwrap_or_default()
    }
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

    #[test]
    fn page_fields_read_the_same_however_typed() {
        use super::{FlagField, ItemsField, NumberField, TextField};
        use serde_json::json;
        assert_eq!(2u64.number(), Some(2));
        assert_eq!((-1i64).number(), None);
        assert_eq!(Some(Some(3u64)).number(), Some(3));
        assert_eq!(None::<u64>.number(), None);
        assert_eq!(json!(4).number(), Some(4));
        assert_eq!(json!("5").number(), Some(5));
        assert_eq!(json!(null).number(), None);
        assert_eq!(Some(json!(null)).number(), None);
        assert_eq!("c".to_owned().text(), Some("c"));
        assert_eq!(String::new().text(), None);
        assert_eq!(Some(json!("/next?page=2")).text(), Some("/next?page=2"));
        assert!(true.flag() && Some(true).flag() && json!(true).flag());
        assert!(!None::<bool>.flag() && !json!("yes").flag());
        assert_eq!(Some(vec![1, 2]).into_items(), vec![1, 2]);
        assert_eq!(None::<Vec<u8>>.into_items(), Vec::<u8>::new());
    }
}
