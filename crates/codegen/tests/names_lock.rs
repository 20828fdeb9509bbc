//! Names are stable: with the names lock of the previous generation, adding
//! a resource or an operation to a spec never renames what was there
//! (`tests/fixtures/names/after.apib` is `before.apib` with two resources
//! added at the top of the group, each wanting a name that exists;
//! `successor.apib` is `predecessor.apib` later, with new operations, a list
//! that lost its page numbers and a new type wanting an old type's name).

use std::path::Path;

use blueprint_codegen::config::Config;
use blueprint_codegen::infer::infer_locked;
use blueprint_codegen::model::{TypeKind, TypeModel};
use blueprint_codegen::names::NameLock;

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
fn the_lock_keeps_existing_names_and_newcomers_are_told_apart() {
    let before = model("before.apib", &NameLock::default());
    assert!(matches!(
        kind(&before, "WidgetStatus"),
        TypeKind::Enum { .. }
    ));
    assert_eq!(method(&before, "List widgets"), "list");

    // Without the lock, the newcomers come first and take the names (the
    // old listing, told apart by nothing, is numbered).
    let fresh = model("after.apib", &NameLock::default());
    assert!(matches!(
        kind(&fresh, "WidgetStatus"),
        TypeKind::Struct { .. }
    ));
    assert_eq!(method(&fresh, "List widgets"), "list_2");

    // With it, what existed keeps its name, and each newcomer is told apart
    // by a word of context (the new type by its keys, the new listing by the
    // `All` of its resource).
    let after = model("after.apib", &before.names);
    assert!(matches!(
        kind(&after, "WidgetStatus"),
        TypeKind::Enum { .. }
    ));
    assert!(matches!(
        kind(&after, "WidgetStatusHealthySince"),
        TypeKind::Struct { .. }
    ));
    assert_eq!(method(&after, "List widgets"), "list");
    assert_eq!(method(&after, "List all widgets"), "list_all");
    let codes: Vec<&str> = after.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(!codes.contains(&"type-name-collision"), "{codes:?}");
    assert!(!codes.contains(&"method-name-collision"), "{codes:?}");

    // The lock written now gives the same names again (regeneration is a fixed point).
    let again = model("after.apib", &after.names);
    assert_eq!(public_names(&again), public_names(&after));
    assert_eq!(again.names, after.names);
}

#[test]
fn entries_whose_owner_is_gone_free_their_names() {
    let after = model("after.apib", &NameLock::default());
    let mut lock = after.names.clone();
    lock.types.insert("concept:Gone".into(), "Widget".into());
    lock.methods
        .insert("GET /gone Gone".into(), "widgets.get".into());
    let with_stale = model("after.apib", &lock);
    assert_eq!(public_names(&with_stale), public_names(&after));
    assert_eq!(with_stale.names, after.names);
    assert!(!with_stale.names.types.contains_key("concept:Gone"));
}

/// The model of `names/NAME.apib` with `names/successor.toml` (pages like
/// Cloud 66's) and `lock`.
fn paged(file: &str, lock: &NameLock) -> TypeModel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names");
    let spec = std::fs::read(dir.join(file)).expect("fixture exists");
    let config = std::fs::read_to_string(dir.join("successor.toml")).expect("configuration");
    let config = Config::from_toml(&config).expect("a valid configuration");
    infer_locked(&blueprint_parser::parse(&spec), &config, lock)
}

/// Every public name of a model: `accessor().method()`, builders, types.
fn public_names(m: &TypeModel) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in &m.operations {
        let key = format!("{} {} {}", op.method, op.path, op.action);
        out.push((key.clone(), format!("{}().{}()", op.accessor, op.fn_name)));
        out.push((key, op.builder_name()));
    }
    for t in &m.types {
        let fields: Vec<String> = match &t.kind {
            TypeKind::Struct { fields } => fields.iter().map(|f| f.json.clone()).collect(),
            _ => Vec::new(),
        };
        out.push((format!("type {fields:?}"), t.name.clone()));
    }
    out
}

#[test]
fn a_successor_spec_renames_nothing_its_predecessor_published() {
    // `successor.apib` is `predecessor.apib` later: new operations (two that
    // want `list` and `get`-like names that exist), a list that lost its
    // page numbers (its body is no page any more), and a new resource before
    // the old ones whose type also wants the name `Stack`.
    let before = paged("predecessor.apib", &NameLock::default());
    let after = paged("successor.apib", &before.names);
    let after_names = public_names(&after);
    for (what, name) in public_names(&before) {
        let kept = if what.starts_with("type ") {
            after.types.iter().any(|t| t.name == name)
        } else {
            after_names.iter().any(|(w, n)| *w == what && *n == name)
        };
        assert!(kept, "`{name}` ({what}) was renamed: {after_names:?}");
    }
    // What the old types were is still what they are.
    let fields = |m: &TypeModel, name: &str| match &m
        .types
        .iter()
        .find(|t| t.name == name)
        .expect(name)
        .kind
    {
        TypeKind::Struct { fields } => fields.iter().map(|f| f.json.clone()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    assert_eq!(
        fields(&before, "Notification"),
        fields(&after, "Notification")
    );
    assert!(fields(&after, "Stack").contains(&"uid".to_owned()));
    // The list that lost its pagination keeps its method though its result changed.
    let list = after
        .operations
        .iter()
        .find(|o| o.action == "List notifications")
        .expect("the list");
    assert_eq!(list.fn_name, "list");
    assert!(!matches!(
        list.response,
        blueprint_codegen::model::Response::Page(_)
    ));
    // Newcomers took no old name: every method is unique per accessor.
    let mut calls: Vec<(String, String)> = after
        .operations
        .iter()
        .map(|o| (o.accessor.clone(), o.fn_name.clone()))
        .collect();
    calls.sort();
    calls.dedup();
    assert_eq!(calls.len(), after.operations.len());
    // Regenerating again with the new lock changes nothing.
    let again = paged("successor.apib", &after.names);
    assert_eq!(public_names(&again), after_names);
    assert_eq!(again.names, after.names);
}

#[test]
fn without_the_lock_the_successor_would_rename_a_type() {
    // The check above is not vacuous: the rules alone, on the later spec,
    // give `Notification` to the list's new body.
    let before = paged("predecessor.apib", &NameLock::default());
    let fresh = paged("successor.apib", &NameLock::default());
    let fields = |m: &TypeModel| match &m
        .types
        .iter()
        .find(|t| t.name == "Notification")
        .expect("Notification")
        .kind
    {
        TypeKind::Struct { fields } => fields.iter().map(|f| f.json.clone()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    assert_ne!(fields(&before), fields(&fresh));
}
