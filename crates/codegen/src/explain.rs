//! Where every public name of a generated crate came from: the report
//! `cargo xtask names` prints.
//!
//! Each accessor, method, request builder and type is listed with the rule
//! that named it ([`NameSource`]) and what the rule read; then every
//! collision and how it was resolved, every name kept from the names lock
//! against today's rules, and every name that had to be numbered.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{NameOrigin, NameSource, TypeModel};

/// What kind of public item a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A group accessor of the client (`client.stacks()`).
    Accessor,
    /// A method of an accessor (`stacks().list()`).
    Method,
    /// The request builder a method returns (`StacksList`).
    Builder,
    /// A type of the `models` module.
    Type,
}

/// One public name and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameEntry {
    /// What it names.
    pub kind: ItemKind,
    /// The name as the user types it (`stacks().list()`, `Stack`).
    pub name: String,
    /// The operation it belongs to (`GET /stacks`), for accessors, methods and builders.
    pub operation: Option<String>,
    /// The rule and what it read.
    pub origin: NameOrigin,
    /// The line of the spec it was read from, where one is known.
    pub line: Option<u32>,
}

/// Every public name of the crate generated from `model`, in the order a
/// reader meets them: accessors, then each operation's method and builder,
/// then types.
pub fn name_entries(model: &TypeModel) -> Vec<NameEntry> {
    let mut out = Vec::new();
    let mut accessors: BTreeMap<&str, (&NameOrigin, u32)> = BTreeMap::new();
    for op in &model.operations {
        accessors
            .entry(op.accessor.as_str())
            .or_insert((&op.accessor_origin, op.line));
    }
    for (name, (origin, line)) in accessors {
        out.push(NameEntry {
            kind: ItemKind::Accessor,
            name: format!("{name}()"),
            operation: None,
            origin: origin.clone(),
            line: Some(line),
        });
    }
    for op in &model.operations {
        let operation = format!("{} {}", op.method, op.path);
        out.push(NameEntry {
            kind: ItemKind::Method,
            name: format!("{}().{}()", op.accessor, op.fn_name),
            operation: Some(operation.clone()),
            origin: op.fn_origin.clone(),
            line: Some(op.line),
        });
        out.push(NameEntry {
            kind: ItemKind::Builder,
            name: op.builder_name(),
            operation: Some(operation),
            origin: NameOrigin::new(
                NameSource::Operation,
                format!("accessor and method `{}().{}()`", op.accessor, op.fn_name),
            ),
            line: Some(op.line),
        });
    }
    for t in &model.types {
        let origin = model
            .type_origins
            .get(&t.name)
            .cloned()
            .unwrap_or_else(|| NameOrigin::new(NameSource::Field, String::new()));
        out.push(NameEntry {
            kind: ItemKind::Type,
            name: t.name.clone(),
            operation: None,
            origin,
            line: None,
        });
    }
    out
}

/// The report as text: one line per name, then the collisions, the names
/// kept from the lock, and the counters.
pub fn render(entries: &[NameEntry]) -> String {
    let mut out = String::new();
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let sections = [
        (ItemKind::Accessor, "accessors"),
        (ItemKind::Method, "methods"),
        (ItemKind::Builder, "builders"),
        (ItemKind::Type, "types"),
    ];
    for (kind, title) in sections {
        let of_kind: Vec<&NameEntry> = entries.iter().filter(|e| e.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title} ({}):", of_kind.len());
        for e in of_kind {
            let operation = e
                .operation
                .as_deref()
                .map_or_else(String::new, |o| format!("{o}: "));
            let _ = writeln!(
                out,
                "  {:width$}  {operation}{}",
                e.name,
                describe(&e.origin)
            );
        }
    }
    let collisions: Vec<&NameEntry> = entries
        .iter()
        .filter(|e| e.origin.collision.is_some())
        .collect();
    let _ = writeln!(out, "collisions ({}):", collisions.len());
    for e in collisions {
        let _ = writeln!(
            out,
            "  {}: {}",
            e.name,
            e.origin.collision.as_deref().unwrap_or_default()
        );
    }
    let kept: Vec<&NameEntry> = entries
        .iter()
        .filter(|e| e.origin.rules_give.is_some())
        .collect();
    let _ = writeln!(
        out,
        "kept from names.lock against the rules ({}):",
        kept.len()
    );
    for e in kept {
        let _ = writeln!(
            out,
            "  {}: the rules would give `{}`",
            e.name,
            e.origin.rules_give.as_deref().unwrap_or_default()
        );
    }
    let counters = entries
        .iter()
        .filter(|e| e.origin.source == NameSource::Counter)
        .count();
    let _ = writeln!(out, "counters: {counters}");
    out
}

/// A rule and what it read, in words.
fn describe(origin: &NameOrigin) -> String {
    let rule = match origin.source {
        NameSource::ActionName => "action name",
        NameSource::ResourceName => "resource name",
        NameSource::Group => "group",
        NameSource::Crud => "CRUD rule",
        NameSource::PathSegment => "path segment",
        NameSource::QueryLiteral => "query literal",
        NameSource::Mson => "MSON data structure",
        NameSource::Resource => "resource",
        NameSource::Field => "field",
        NameSource::Operation => "operation",
        NameSource::Keys => "keys",
        NameSource::Lock => "names.lock",
        NameSource::Configuration => "configuration",
        NameSource::Counter => "counter",
    };
    if origin.detail.is_empty() {
        rule.to_owned()
    } else {
        format!("{rule}: {}", origin.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn every_public_name_is_listed_with_its_rule() {
        let spec = "FORMAT: 1A\n\n# Group Jobs\n\n## Jobs [/jobs]\n\n### Pause all jobs [POST /jobs/pause]\n\n+ Response 204\n\n### Pause all jobs [POST /jobs/halt]\n\n+ Response 204\n";
        let model = crate::infer::infer(
            &blueprint_parser::parse(spec.as_bytes()),
            &Config::default(),
        );
        let entries = name_entries(&model);
        let names: Vec<(ItemKind, &str)> =
            entries.iter().map(|e| (e.kind, e.name.as_str())).collect();
        assert_eq!(
            names,
            [
                (ItemKind::Accessor, "jobs()"),
                (ItemKind::Method, "jobs().pause_all()"),
                (ItemKind::Builder, "JobsPauseAll"),
                (ItemKind::Method, "jobs().pause_all_halt()"),
                (ItemKind::Builder, "JobsPauseAllHalt"),
            ]
        );
        let text = render(&entries);
        // Columns are aligned: compare with single spaces.
        let flat = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains("jobs().pause_all() POST /jobs/pause: action name: `Pause all jobs`"),
            "{text}"
        );
        assert!(
            text.contains("collisions (1):\n  jobs().pause_all_halt(): `pause_all` is `Pause all jobs`'s; told apart by the path segment `halt`"),
            "{text}"
        );
        assert!(text.ends_with("counters: 0\n"), "{text}");
    }
}
