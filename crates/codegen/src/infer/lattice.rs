//! The shape lattice: what the examples say about one JSON position.
//!
//! A [`Shape`] records, for one position in a body (a field, an array item),
//! every JSON kind seen there across all examples. Joining is a union of
//! kinds, recursive for arrays and objects; it is commutative, associative
//! and idempotent, so the result does not depend on example order except
//! for field order, which follows first appearance.
//!
//! "Absent" and "null" are kept apart: absence is counted on the enclosing
//! object ([`FieldShape::present`] versus [`ObjectShape::samples`]), null is
//! the [`Shape::null`] flag.

use serde_json::Value;

/// The longest string sample kept, in characters.
const SAMPLE_CHARS: usize = 60;

/// Everything known about one JSON position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// `null` was seen.
    pub null: bool,
    /// A boolean was seen.
    pub boolean: bool,
    /// Integers were seen (with the smallest one).
    pub int: Option<IntInfo>,
    /// A number with a fraction or exponent was seen.
    pub float: bool,
    /// Strings were seen.
    pub string: Option<StringInfo>,
    /// Arrays were seen; the shape of all their items joined.
    pub array: Option<Box<Shape>>,
    /// Objects were seen.
    pub object: Option<ObjectShape>,
    /// 1-based spec line of the first example body that contributed, if known.
    pub line: Option<u32>,
    /// The first scalar value seen (strings shortened), for documentation.
    pub sample: Option<Value>,
}

/// What the integers at a position look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntInfo {
    /// Every integer seen is `>= 0`.
    pub non_negative: bool,
    /// Every integer seen fits an `i64` (some JSON integers only fit a `u64`).
    pub fits_i64: bool,
}

/// What the strings at a position look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringInfo {
    /// Every string seen parses as a date-time (see [`is_date_time`]).
    pub date_time: bool,
}

/// The fields of the objects seen at a position, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectShape {
    /// How many objects were joined.
    pub samples: usize,
    /// Fields in order of first appearance.
    pub fields: Vec<FieldShape>,
}

/// One key of an object shape.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    /// The JSON key.
    pub key: String,
    /// In how many of the joined objects the key was present.
    pub present: usize,
    /// The joined shape of its values.
    pub shape: Shape,
}

impl ObjectShape {
    /// The field with this key, if any.
    pub fn field(&self, key: &str) -> Option<&FieldShape> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The keys, sorted (a structural identity for dedup).
    pub fn key_set(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.fields.iter().map(|f| f.key.clone()).collect();
        keys.sort();
        keys
    }

    /// Joins another object shape into this one.
    pub fn join(&mut self, other: &ObjectShape) {
        for of in &other.fields {
            match self.fields.iter_mut().find(|f| f.key == of.key) {
                Some(f) => {
                    f.present += of.present;
                    f.shape.join(&of.shape);
                }
                None => self.fields.push(of.clone()),
            }
        }
        self.samples += other.samples;
    }

    /// Whether joining `other` leaves every type this shape gives as it is
    /// (the same fields, each as required, as nullable and of the same kinds,
    /// nested shapes included): a struct already defined from `self` then
    /// decodes and re-encodes `other`'s objects exactly.
    pub fn subsumes(&self, other: &ObjectShape) -> bool {
        let mut joined = self.clone();
        joined.join(other);
        same_object_types(self, &joined)
    }
}

/// [`ObjectShape::subsumes`] on two shapes, the second a join of the first.
fn same_object_types(a: &ObjectShape, b: &ObjectShape) -> bool {
    a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.key == y.key
                && (x.present >= a.samples) == (y.present >= b.samples)
                && same_types(&x.shape, &y.shape)
        })
}

/// The kinds, nullness and their details of two shapes are the same.
fn same_types(a: &Shape, b: &Shape) -> bool {
    a.null == b.null
        && a.boolean == b.boolean
        && a.int == b.int
        && a.float == b.float
        && a.string == b.string
        && match (&a.array, &b.array) {
            (Some(x), Some(y)) => same_types(x, y),
            (x, y) => x.is_none() && y.is_none(),
        }
        && match (&a.object, &b.object) {
            (Some(x), Some(y)) => same_object_types(x, y),
            (x, y) => x.is_none() && y.is_none(),
        }
}

impl Shape {
    /// The bottom of the lattice: nothing seen.
    pub fn bottom() -> Self {
        Self::default()
    }

    /// The shape of one JSON value seen in the body at `line`.
    pub fn of_value(value: &Value, line: Option<u32>) -> Self {
        let mut s = Shape {
            line,
            ..Shape::default()
        };
        match value {
            Value::Null => s.null = true,
            Value::Bool(_) => {
                s.boolean = true;
                s.sample = Some(value.clone());
            }
            Value::Number(n) => {
                s.sample = Some(value.clone());
                if n.is_i64() || n.is_u64() {
                    s.int = Some(IntInfo {
                        non_negative: n.as_i64().is_none_or(|i| i >= 0),
                        fits_i64: n.is_i64(),
                    });
                } else {
                    s.float = true;
                }
            }
            Value::String(text) => {
                s.string = Some(StringInfo {
                    date_time: is_date_time(text),
                });
                // Samples document fields; a long text is cut.
                let short: String = text.chars().take(SAMPLE_CHARS).collect();
                s.sample = Some(Value::String(short));
            }
            Value::Array(items) => {
                let mut item = Shape::bottom();
                for v in items {
                    item.join(&Shape::of_value(v, line));
                }
                s.array = Some(Box::new(item));
            }
            Value::Object(map) => {
                let fields = map
                    .iter()
                    .map(|(k, v)| FieldShape {
                        key: k.clone(),
                        present: 1,
                        shape: Shape::of_value(v, line),
                    })
                    .collect();
                s.object = Some(ObjectShape { samples: 1, fields });
            }
        }
        s
    }

    /// Joins `other` into `self` (least upper bound).
    pub fn join(&mut self, other: &Shape) {
        self.null |= other.null;
        self.boolean |= other.boolean;
        self.int = match (self.int, other.int) {
            (Some(a), Some(b)) => Some(IntInfo {
                non_negative: a.non_negative && b.non_negative,
                fits_i64: a.fits_i64 && b.fits_i64,
            }),
            (a, b) => a.or(b),
        };
        self.float |= other.float;
        self.string = match (self.string, other.string) {
            (Some(a), Some(b)) => Some(StringInfo {
                date_time: a.date_time && b.date_time,
            }),
            (a, b) => a.or(b),
        };
        match (&mut self.array, &other.array) {
            (Some(a), Some(b)) => a.join(b),
            (None, Some(b)) => self.array = Some(b.clone()),
            _ => {}
        }
        match (&mut self.object, &other.object) {
            (Some(a), Some(b)) => a.join(b),
            (None, Some(b)) => self.object = Some(b.clone()),
            _ => {}
        }
        if self.line.is_none() {
            self.line = other.line;
        }
        if self.sample.is_none() {
            self.sample.clone_from(&other.sample);
        }
    }

    /// The join of two shapes, as a new value.
    pub fn joined(mut self, other: &Shape) -> Shape {
        self.join(other);
        self
    }

    /// Nothing but (possibly) `null` was seen.
    pub fn is_null_only(&self) -> bool {
        self.kinds().is_empty()
    }

    /// Nothing at all was seen (e.g. the items of empty arrays).
    pub fn is_bottom(&self) -> bool {
        !self.null && self.kinds().is_empty()
    }

    /// The non-null kinds seen, in a fixed order. Integers and floats count
    /// as one kind (`number`): their join is a float.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut k = Vec::new();
        if self.boolean {
            k.push(Kind::Bool);
        }
        if self.int.is_some() || self.float {
            k.push(Kind::Number);
        }
        if self.string.is_some() {
            k.push(Kind::String);
        }
        if self.array.is_some() {
            k.push(Kind::Array);
        }
        if self.object.is_some() {
            k.push(Kind::Object);
        }
        k
    }
}

/// A JSON kind, with integers and floats counted as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `true`/`false`.
    Bool,
    /// Integers or floats.
    Number,
    /// Strings.
    String,
    /// Arrays.
    Array,
    /// Objects.
    Object,
}

/// Whether `text` is a date-time in one of the two formats the spec uses:
/// RFC 3339 (`2014-08-29T17:21:25Z`, `2014-08-14T01:46:53+00:00`, with an
/// optional fraction) or `2014-08-14 00:38:14 UTC`.
pub fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    fn digits(b: &[u8]) -> bool {
        !b.is_empty() && b.iter().all(u8::is_ascii_digit)
    }
    fn num(b: &[u8]) -> u32 {
        b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    }
    // Date and time: `YYYY-MM-DD?HH:MM:SS`.
    if b.len() < 19 {
        return false;
    }
    let date_ok = digits(&b[0..4])
        && b[4] == b'-'
        && digits(&b[5..7])
        && b[7] == b'-'
        && digits(&b[8..10])
        && (1..=12).contains(&num(&b[5..7]))
        && (1..=31).contains(&num(&b[8..10]));
    let time_ok = digits(&b[11..13])
        && b[13] == b':'
        && digits(&b[14..16])
        && b[16] == b':'
        && digits(&b[17..19])
        && num(&b[11..13]) < 24
        && num(&b[14..16]) < 60
        && num(&b[17..19]) < 61;
    if !date_ok || !time_ok {
        return false;
    }
    let rest = &b[19..];
    match b[10] {
        b' ' => rest == b" UTC",
        b'T' | b't' => {
            let mut rest = rest;
            if let Some(frac) = rest.strip_prefix(b".") {
                let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return false;
                }
                rest = &frac[n..];
            }
            match rest {
                b"Z" | b"z" => true,
                [sign, h1, h2, b':', m1, m2] if (*sign == b'+' || *sign == b'-') => {
                    digits(&[*h1, *h2, *m1, *m2]) && num(&[*h1, *h2]) < 24 && num(&[*m1, *m2]) < 60
                }
                _ => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(v: Value) -> Shape {
        Shape::of_value(&v, None)
    }

    fn object(v: Value) -> ObjectShape {
        shape(v).object.expect("an object")
    }

    #[test]
    fn a_shape_subsumes_objects_only_when_their_types_stay() {
        let rule = object(json!({"field": "a", "above": 3, "note": null}));
        assert!(rule.subsumes(&object(json!({"field": "b", "above": 4, "note": null}))));
        // A key it requires left out, a fraction, a negative id-like count,
        // a string where it had `null`: each changes a field's type.
        assert!(!rule.subsumes(&object(json!({"field": "b", "above": 4}))));
        assert!(!rule.subsumes(&object(json!({"field": "b", "above": 4.5, "note": null}))));
        assert!(!rule.subsumes(&object(json!({"field": "b", "above": -1, "note": null}))));
        assert!(!rule.subsumes(&object(json!({"field": "b", "above": 4, "note": "x"}))));
        let nested = object(json!({"tags": [{"name": "x"}]}));
        assert!(
            !nested.subsumes(&object(json!({"tags": [{"name": 1}]}))),
            "nested kinds count"
        );
    }

    #[test]
    fn null_plus_t_is_nullable_t() {
        let s = shape(json!(null)).joined(&shape(json!(3)));
        assert!(s.null);
        assert_eq!(s.kinds(), vec![Kind::Number]);
        assert!(s.int.is_some() && !s.float);
    }

    #[test]
    fn int_plus_float_is_number_with_float() {
        let s = shape(json!(1)).joined(&shape(json!(1.5)));
        assert_eq!(s.kinds(), vec![Kind::Number]);
        assert!(s.float);
    }

    #[test]
    fn negative_int_clears_non_negative() {
        let s = shape(json!(1)).joined(&shape(json!(-1)));
        assert_eq!(
            s.int,
            Some(IntInfo {
                non_negative: false,
                fits_i64: true
            })
        );
    }

    #[test]
    fn absent_and_null_are_kept_apart() {
        let s = shape(json!({"a": 1, "b": null})).joined(&shape(json!({"a": 2})));
        let o = s.object.unwrap();
        assert_eq!(o.samples, 2);
        let b = o.field("b").unwrap();
        assert_eq!(b.present, 1);
        assert!(b.shape.null);
        let a = o.field("a").unwrap();
        assert_eq!(a.present, 2);
        assert!(!a.shape.null);
    }

    #[test]
    fn incompatible_kinds_are_all_kept() {
        let s = shape(json!("x"))
            .joined(&shape(json!(true)))
            .joined(&shape(json!(null)));
        assert_eq!(s.kinds(), vec![Kind::Bool, Kind::String]);
        assert!(s.null);
    }

    #[test]
    fn join_is_commutative_and_idempotent() {
        let a = shape(json!({"x": [1, 2], "y": "2014-08-29T17:21:25Z"}));
        let b = shape(json!({"y": "nope", "z": {"k": null}}));
        let ab = a.clone().joined(&b);
        let ba = b.clone().joined(&a);
        // Same kinds and counts (field order may differ).
        // Samples document the first value seen, so they follow the order.
        fn unsampled(s: &Shape) -> Vec<FieldShape> {
            let mut fields = s.object.as_ref().unwrap().fields.clone();
            for f in &mut fields {
                f.shape.sample = None;
            }
            fields
        }
        let mut f1 = unsampled(&ab);
        let mut f2 = unsampled(&ba);
        f1.sort_by(|x, y| x.key.cmp(&y.key));
        f2.sort_by(|x, y| x.key.cmp(&y.key));
        assert_eq!(f1, f2);
        // Idempotent on what the model reads: kinds, and optionality
        // (counts double, their ratio does not).
        let aa = ab.clone().joined(&ab);
        let (o1, o2) = (ab.object.as_ref().unwrap(), aa.object.as_ref().unwrap());
        for (x, y) in o1.fields.iter().zip(&o2.fields) {
            assert_eq!(x.present < o1.samples, y.present < o2.samples);
            assert_eq!(x.shape.kinds(), y.shape.kinds());
            assert_eq!(x.shape.null, y.shape.null);
        }
    }

    #[test]
    fn empty_array_items_are_bottom() {
        let s = shape(json!([]));
        assert!(s.array.unwrap().is_bottom());
    }

    #[test]
    fn date_time_formats() {
        assert!(is_date_time("2014-08-29T17:21:25Z"));
        assert!(is_date_time("2014-08-14T01:46:53+00:00"));
        assert!(is_date_time("2015-02-10T17:41:36.988310784Z"));
        assert!(is_date_time("2014-08-14 00:38:14 UTC"));
        assert!(is_date_time("0001-01-01T00:00:00Z"));
        assert!(!is_date_time("2014-08-14"));
        assert!(!is_date_time("2014-08-14 00:38:14"));
        assert!(!is_date_time("2014-13-14T00:38:14Z"));
        assert!(!is_date_time("2014.09.01.19.00.31"));
        assert!(!is_date_time("hello world, this is long"));
    }

    #[test]
    fn date_time_only_if_every_example_is_one() {
        let s =
            shape(json!("2014-08-29T17:21:25Z")).joined(&shape(json!("2014-08-14 00:38:14 UTC")));
        assert_eq!(s.string, Some(StringInfo { date_time: true }));
        let s = s.joined(&shape(json!("soon")));
        assert_eq!(s.string, Some(StringInfo { date_time: false }));
    }
}
