//! `blueprint_codegen::diff` on the fixture pairs of `tests/fixtures/diff/`: each
//! `NAME.old.apib` against `NAME.new.apib` (with `NAME.toml` for both sides,
//! or `NAME.old.toml`/`NAME.new.toml` for one), one pair per family of
//! changes. The text, JSON and Markdown reports are insta snapshots; the properties
//! hold for every pair: a spec against itself has no change, and (with one
//! configuration for both sides) the reverse comparison lists the same
//! changes with additions and removals swapped.

use std::path::{Path, PathBuf};

use blueprint_codegen::config::Config;
use blueprint_codegen::diff::{
    diff_specs, render_json, render_markdown, render_text, ChangeKind, Class, Compared, SpecInput,
};
use blueprint_codegen::names::NameLock;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn pairs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("fixtures")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".old.apib").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

fn config(name: &str, side: &str) -> Config {
    let own = dir().join(format!("{name}.{side}.toml"));
    let shared = dir().join(format!("{name}.toml"));
    match [own, shared].into_iter().find(|p| p.exists()) {
        Some(path) => Config::from_toml(&std::fs::read_to_string(path).unwrap()).expect("valid"),
        None => Config::default(),
    }
}

fn spec(name: &str, side: &str) -> Vec<u8> {
    std::fs::read(dir().join(format!("{name}.{side}.apib"))).expect("fixture")
}

/// `from` against `to` (each `old` or `new`), each with its configuration.
fn compare(name: &str, from: &str, to: &str) -> Compared {
    let (a, b) = (spec(name, from), spec(name, to));
    let (ca, cb) = (config(name, from), config(name, to));
    diff_specs(
        SpecInput {
            bytes: &a,
            config: &ca,
        },
        SpecInput {
            bytes: &b,
            config: &cb,
        },
        &NameLock::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_pair_reports_its_changes() {
    let names = pairs();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let compared = compare(&name, "old", "new");
        assert!(!compared.diff.is_empty(), "{name}: no change found");
        insta::assert_snapshot!(format!("diff_{name}_text"), render_text(&compared.diff));
        insta::assert_snapshot!(format!("diff_{name}_json"), render_json(&compared.diff));
        let bump = compared.diff.bump(&compared.new.api.version);
        insta::assert_snapshot!(
            format!("diff_{name}_md"),
            render_markdown(&compared.diff, &bump, 3)
        );
    }
}

#[test]
fn a_spec_against_itself_has_no_change() {
    for name in pairs() {
        for side in ["old", "new"] {
            let same = compare(&name, side, side);
            assert!(
                same.diff.is_empty(),
                "{name}.{side}: {:#?}",
                same.diff.changes
            );
        }
    }
}

#[test]
fn the_reverse_comparison_lists_the_same_changes_swapped() {
    // A name the lock kept in one direction is not a change of the API.
    let comparable = |c: &&blueprint_codegen::diff::Change| c.kind != ChangeKind::NameKept;
    // Only pairs with one configuration for both sides: a name the
    // configuration gives stays in the names lock when the entry goes.
    let one_config = |name: &str| {
        ["old", "new"]
            .iter()
            .all(|side| !dir().join(format!("{name}.{side}.toml")).exists())
    };
    for name in pairs().into_iter().filter(|n| one_config(n)) {
        let forward = compare(&name, "old", "new").diff;
        let backward = compare(&name, "new", "old").diff;
        let mut expected: Vec<(ChangeKind, String, Option<String>, Option<String>)> = forward
            .changes
            .iter()
            .filter(comparable)
            .map(|c| {
                // A renamed thing is named by its new name: the reverse names it by the old.
                let item = match c.kind {
                    ChangeKind::TypeRenamed => c.old.clone().unwrap_or_default(),
                    // Matched by method and path: the action's name may differ.
                    ChangeKind::OperationRenamed => String::new(),
                    _ => c.item.clone(),
                };
                (c.kind.reversed(), item, c.new.clone(), c.old.clone())
            })
            .collect();
        let mut actual: Vec<(ChangeKind, String, Option<String>, Option<String>)> = backward
            .changes
            .iter()
            .filter(comparable)
            .map(|c| {
                let item = match c.kind {
                    ChangeKind::OperationRenamed => String::new(),
                    _ => c.item.clone(),
                };
                (c.kind, item, c.old.clone(), c.new.clone())
            })
            .collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "{name}");
    }
}

/// The kinds each pair must show, with their class: the list.
#[test]
fn each_change_kind_has_its_class() {
    let expect = [
        ("operations", ChangeKind::OperationAdded, Class::Additive),
        ("operations", ChangeKind::OperationRemoved, Class::Breaking),
        ("operations", ChangeKind::OperationMoved, Class::Additive),
        ("operations", ChangeKind::OperationRenamed, Class::Breaking),
        ("results", ChangeKind::ScopeChanged, Class::Additive),
        ("results", ChangeKind::ResultChanged, Class::Breaking),
        ("parameters", ChangeKind::ParameterAdded, Class::Breaking),
        ("parameters", ChangeKind::ParameterAdded, Class::Additive),
        ("parameters", ChangeKind::ParameterRemoved, Class::Breaking),
        (
            "parameters",
            ChangeKind::ParameterRequirementChanged,
            Class::Breaking,
        ),
        ("parameters", ChangeKind::ParameterRetyped, Class::Breaking),
        ("parameters", ChangeKind::ParameterMoved, Class::Additive),
        ("parameters", ChangeKind::ParameterMoved, Class::Breaking),
        (
            "parameters",
            ChangeKind::ParametersReordered,
            Class::Breaking,
        ),
        ("parameters", ChangeKind::RequestBodyAdded, Class::Breaking),
        ("fields", ChangeKind::TypeAdded, Class::Additive),
        ("fields", ChangeKind::TypeRemoved, Class::Breaking),
        ("renames", ChangeKind::TypeRenamed, Class::Breaking),
        ("renames", ChangeKind::OperationRenamed, Class::Breaking),
        ("fields", ChangeKind::FieldAdded, Class::Additive),
        ("fields", ChangeKind::FieldAdded, Class::Breaking),
        ("fields", ChangeKind::FieldRemoved, Class::Breaking),
        ("fields", ChangeKind::FieldRetyped, Class::Breaking),
        (
            "fields",
            ChangeKind::FieldRequirementChanged,
            Class::Breaking,
        ),
        (
            "fields",
            ChangeKind::FieldNullabilityChanged,
            Class::Breaking,
        ),
        ("enums", ChangeKind::EnumValueAdded, Class::Additive),
        ("enums", ChangeKind::EnumValueRemoved, Class::Breaking),
        ("enums", ChangeKind::EnumCatchAllRenamed, Class::Breaking),
        ("conventions", ChangeKind::EnumValueAdded, Class::Additive),
        ("conventions", ChangeKind::EnumValueRemoved, Class::Breaking),
        ("mson", ChangeKind::FieldConstantChanged, Class::Additive),
        ("mson", ChangeKind::FieldConstantChanged, Class::Breaking),
        ("mson", ChangeKind::UnionVariantAdded, Class::Additive),
        ("names", ChangeKind::NameKept, Class::Informational),
        ("examples", ChangeKind::ExampleChanged, Class::Informational),
        ("access", ChangeKind::AuthChanged, Class::Breaking),
        ("access", ChangeKind::PagingChanged, Class::Breaking),
    ];
    for (name, kind, class) in expect {
        let diff = compare(name, "old", "new").diff;
        assert!(
            diff.changes
                .iter()
                .any(|c| c.kind == kind && c.class == class),
            "{name}: no {} {}: {}",
            class.as_str(),
            kind.as_str(),
            render_text(&diff)
        );
    }
}
