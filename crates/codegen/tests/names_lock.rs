//! Names are stable: with the names lock of the previous generation, adding
//! a resource or an operation to a spec never renames what was there
//! (`tests/fixtures/names/after.apib` is `before.apib` with two resources
//! added at the top of the group, each wanting a name that exists).

use std::path::Path;

use codegen::config::Config;
use codegen::infer::infer_locked;
use codegen::model::{TypeKind, TypeModel};
use codegen::names::NameLock;

fn model(file: &str, lock: &NameLock) -> TypeModel {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/names")
        .join(file);
    let spec = std::fs::read(path).expect("fixture exists");
    infer_locked(&blueprint_parser::parse(&spec), &Config::default(), lock)
}

fn kind<'m>(m: &'m TypeModel, name: &str) -> &'m TypeKind {
    &m.types.iter().find(|t| t.name == name).expect(name).kind
}

fn method<'m>(m: &'m TypeModel, action: &str) -> &'m str {
    &m.operations
        .iter()
        .find(|o| o.action == action)
        .expect(action)
        .fn_name
}

#[test]
fn the_lock_keeps_existing_names_and_newcomers_are_numbered() {
    let before = model("before.apib", &NameLock::default());
    assert!(matches!(
        kind(&before, "WidgetStatus"),
        TypeKind::Enum { .. }
    ));
    assert_eq!(method(&before, "List widgets"), "list");

    // Without the lock, the newcomers come first and take the names.
    let fresh = model("after.apib", &NameLock::default());
    assert!(matches!(
        kind(&fresh, "WidgetStatus"),
        TypeKind::Struct { .. }
    ));
    assert_eq!(method(&fresh, "List widgets"), "list_2");

    // With it, what existed keeps its name and the newcomers are numbered,
    // with a warning each.
    let after = model("after.apib", &before.names);
    assert!(matches!(
        kind(&after, "WidgetStatus"),
        TypeKind::Enum { .. }
    ));
    assert!(matches!(
        kind(&after, "WidgetStatus2"),
        TypeKind::Struct { .. }
    ));
    assert_eq!(method(&after, "List widgets"), "list");
    assert_eq!(method(&after, "List all widgets"), "list_2");
    let codes: Vec<&str> = after.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"type-name-collision"), "{codes:?}");
    assert!(codes.contains(&"method-name-collision"), "{codes:?}");

    // The lock written now gives the same names again (regeneration is a fixed point).
    let again = model("after.apib", &after.names);
    assert_eq!(again, after);
}

#[test]
fn entries_whose_owner_is_gone_free_their_names() {
    let after = model("after.apib", &NameLock::default());
    let mut lock = after.names.clone();
    lock.types.insert("concept:Gone".into(), "Widget".into());
    lock.methods
        .insert("GET /gone Gone".into(), "widgets.get".into());
    let with_stale = model("after.apib", &lock);
    assert_eq!(with_stale, after);
    assert!(!with_stale.names.types.contains_key("concept:Gone"));
}
