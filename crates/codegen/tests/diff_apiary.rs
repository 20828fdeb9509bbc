//! `blueprint_codegen::diff` on the Cloud 66 spec: against itself nothing changes;
//! copies edited in memory (never on disk) give exactly the change made.

use std::path::{Path, PathBuf};

use blueprint_codegen::config::Config;
use blueprint_codegen::diff::{diff_specs, render_text, ChangeKind, Class, Compared, SpecInput};
use blueprint_codegen::names::NameLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn apiary() -> String {
    std::fs::read_to_string(root().join("apiary.apib")).expect("apiary.apib")
}

fn config() -> Config {
    let text = std::fs::read_to_string(root().join("crates/codegen/cloud66.toml")).expect("config");
    Config::from_toml(&text).expect("valid")
}

fn lock() -> NameLock {
    let text = std::fs::read_to_string(root().join("crates/cloud66-generated/names.lock"))
        .expect("the crate's names.lock");
    NameLock::from_toml(&text).expect("valid")
}

fn compare(old: &str, new: &str) -> Compared {
    let config = config();
    diff_specs(
        SpecInput {
            bytes: old.as_bytes(),
            config: &config,
        },
        SpecInput {
            bytes: new.as_bytes(),
            config: &config,
        },
        &lock(),
    )
    .expect("both specs compare")
}

/// The spec with `edit` applied to the single-stack example (the `Stack`
/// resource's model, the second stack body of the spec).
fn with_stack_example(spec: &str, edit: impl Fn(&str) -> String) -> String {
    let start = spec
        .find("## Stack [/stacks/{id}]")
        .expect("the Stack resource");
    let end = start
        + spec[start..]
            .find("### View a stack [GET]")
            .expect("its action");
    format!(
        "{}{}{}",
        &spec[..start],
        edit(&spec[start..end]),
        &spec[end..]
    )
}

#[test]
fn the_spec_against_itself_has_no_change() {
    let spec = apiary();
    let same = compare(&spec, &spec);
    assert!(same.diff.is_empty(), "{}", render_text(&same.diff));
}

#[test]
fn one_new_field_in_the_stack_example_is_one_additive_change() {
    let spec = apiary();
    let edited = with_stack_example(&spec, |part| {
        let at = part
            .find("\"has_loadbalancer\": false,")
            .expect("the field");
        let line_start = part[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = &part[line_start..at];
        format!(
            "{}\"region\": \"eu-west-1\",\n{indent}{}",
            &part[..at],
            &part[at..]
        )
    });
    assert_ne!(edited, spec);
    let compared = compare(&spec, &edited);
    let diff = &compared.diff;
    assert_eq!(diff.changes.len(), 1, "{}", render_text(diff));
    let change = &diff.changes[0];
    assert_eq!(change.class, Class::Additive);
    assert_eq!(change.kind, ChangeKind::FieldAdded);
    assert_eq!(change.item, "Stack.region");
    assert_eq!(change.rust, "cloud66::models::Stack::region");
    let line = edited
        .lines()
        .position(|l| l.contains("\"region\": \"eu-west-1\""))
        .unwrap() as u32
        + 1;
    assert_eq!(change.line, Some(line), "{}", render_text(diff));
}

#[test]
fn has_loadbalancer_removed_from_every_stack_example_is_one_breaking_change() {
    let spec = apiary();
    let edited: String = spec
        .split_inclusive('\n')
        .filter(|line| !line.contains("\"has_loadbalancer\""))
        .collect();
    assert_eq!(spec.matches("\"has_loadbalancer\"").count(), 2);
    let compared = compare(&spec, &edited);
    let diff = &compared.diff;
    assert_eq!(diff.changes.len(), 1, "{}", render_text(diff));
    let change = &diff.changes[0];
    assert_eq!(change.class, Class::Breaking);
    assert_eq!(change.kind, ChangeKind::FieldRemoved);
    assert_eq!(change.item, "Stack.has_loadbalancer");
    assert_eq!(change.rust, "cloud66::models::Stack::has_loadbalancer");
    // Located in the old spec, where the field was.
    let line = spec
        .lines()
        .position(|l| l.contains("\"has_loadbalancer\""))
        .unwrap() as u32
        + 1;
    assert_eq!(change.line, Some(line));
}
