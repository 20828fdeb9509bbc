//! What an emitted MSON `One Of` does at run time, on the `mson_types`
//! golden crate (`Note` has a `One Of` of `colour` or `pattern`, and two
//! `fixed` properties, emitted as constants): each
//! alternative decodes to its variant, anything else is kept in `Other`,
//! and every body encodes back to itself.

use golden_mson_types::models::{Note, NoteOneOf};
use serde_json::{json, Value};

fn note(extra: Value) -> Value {
    let mut body = json!({
        "id": 8,
        "created": "2024-05-02T09:30:00Z",
        "title": "Plants",
        "status": "published",
        "archived": false
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

/// Decodes `body` as a `Note` and checks it encodes back to the same JSON.
fn decoded(body: Value) -> Note {
    let note: Note = serde_json::from_value(body.clone()).expect("the body decodes");
    assert_eq!(
        serde_json::to_value(&note).expect("encodes"),
        body,
        "round trip"
    );
    note
}

#[test]
fn each_alternative_decodes_to_its_variant() {
    let colour = decoded(note(json!({"colour": "red"})));
    assert!(
        matches!(&colour.one_of, NoteOneOf::Colour(c) if c.colour == "red"),
        "{:?}",
        colour.one_of
    );
    let pattern = decoded(note(json!({"pattern": "dots"})));
    assert!(
        matches!(&pattern.one_of, NoteOneOf::Pattern(p) if p.pattern == "dots"),
        "{:?}",
        pattern.one_of
    );
}

#[test]
fn no_alternative_or_an_unexpected_one_is_kept_in_other() {
    let none = decoded(note(json!({})));
    assert!(
        matches!(&none.one_of, NoteOneOf::Other(keys) if keys.is_empty()),
        "{:?}",
        none.one_of
    );
    // A value of another type than declared is kept, not dropped.
    let odd = decoded(note(json!({"colour": 5})));
    assert!(
        matches!(&odd.one_of, NoteOneOf::Other(keys) if keys.get("colour") == Some(&json!(5))),
        "{:?}",
        odd.one_of
    );
}

#[test]
fn the_declared_fields_stay_typed_beside_the_alternatives() {
    let n = decoded(note(
        json!({"pattern": "dots", "weight": 12.25, "owner": null}),
    ));
    assert_eq!(n.title, "Plants");
    assert_eq!(n.weight.map(|w| w.to_string()).as_deref(), Some("12.25"));
    assert_eq!(n.owner, Some(None), "`null` is told from absent");
}

#[test]
fn fixed_properties_are_constants_of_their_type() {
    assert_eq!(Note::KIND, "note");
    assert_eq!(Note::SCHEMA, 2);
    // The constant is the value the API sends: it decodes into the field.
    let record = decoded(note(json!({"kind": Note::KIND, "schema": Note::SCHEMA})));
    assert_eq!(record.kind.as_deref(), Some(Note::KIND));
    assert_eq!(record.schema, Some(Note::SCHEMA));
}
