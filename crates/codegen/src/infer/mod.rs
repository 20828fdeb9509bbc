//! Schema inference: from the parser's IR (example bodies, parameters,
//! prose tables) to the [`TypeModel`] the emitter turns into Rust.
//!
//! The pipeline, in order:
//!
//! 1. **Operations and envelopes.** Every action becomes an operation. Its
//!    response examples are unwrapped: `{"response": [..], "count",
//!    "pagination"}` is a page of items, `{"response": X}` a single `X`;
//!    no body means no typed result. Repaired bodies (not valid JSON as
//!    written) are used with a `repaired-example-used` warning.
//! 2. **Concepts.** The values of all operations that describe the same
//!    thing are folded together: operations whose resource names give the
//!    same concept (`Stack List`, `Stack`) when their key sets are
//!    compatible, operations whose bodies have exactly the same keys (every
//!    operation returning the stack action object), and operations linking
//!    the same documented object table.
//! 3. **Join** ([`lattice`]): per concept, every example is joined into one
//!    shape, plus the types of the documented property table, if any.
//! 4. **Names** ([`naming`]): a concept is named by its documented table
//!    (`The stack action object` → `StackAction`), else its `GET`
//!    resources (`Server Group List` → `ServerGroup`), else a single
//!    non-`GET` resource name without its verb (`Add Device` → `Device`),
//!    else its keys (`{ok, message}` → `OkMessage`). Nested objects are
//!    `{Parent}{Field}`, singular for array items.
//! 5. **Structural dedup.** Nested objects without an `id` key that have
//!    the same keys as another nested object or a concept are one type
//!    (`{code, meaning}` in deployments, a user's devices and the result
//!    of Add Device).
//! 6. **Enums** ([`enums`]): documented value tables and value lists become
//!    enums on the fields and parameters they document.
//! 7. **Types**: booleans, `i64` (`u64` for non-negative ids and counts),
//!    `f64` when any example has a fraction, `DateTime` when every example
//!    string is one, maps for objects whose keys are data, untagged unions
//!    for mixed scalar kinds, `serde_json::Value` for anything else (with a
//!    warning).
//! 8. **Overrides** ([`overrides`]) rename types and methods, pin field
//!    types, link value tables and fix URI templates.

mod concepts;
pub mod enums;
pub mod lattice;
pub mod naming;
pub mod overrides;
pub mod requests;
mod structs;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::{Blueprint, Diagnostic, Resource, Severity};
use serde_json::Value;

pub use overrides::Overrides;
pub use validate::{admits, admits_response};

use crate::model::{Example, Operation, TypeDef, TypeModel, TypeRef};
use enums::ValueSet;
use lattice::{ObjectShape, Shape};
use naming::unique;
use structs::{is_struct_like, wrap_nullable};

/// Infers the type model of a parsed blueprint, applying `overrides` if given.
pub fn infer(blueprint: &Blueprint, overrides: Option<&Overrides>) -> TypeModel {
    let empty = Overrides::default();
    Inference::new(overrides.unwrap_or(&empty)).run(blueprint)
}

/// Infers a model from bare values that describe one concept named `name`
/// (for tests and tools): returns the model and the type of the values.
pub fn infer_values(name: &str, values: &[Value]) -> (TypeModel, TypeRef) {
    let empty = Overrides::default();
    let mut inf = Inference::new(&empty);
    let mut shape = Shape::bottom();
    for v in values {
        shape.join(&Shape::of_value(v, None));
    }
    let ty = if is_struct_like(&shape) {
        let obj = shape.object.clone().unwrap_or_default();
        let final_name = inf.claim(name, None);
        let gi = inf.register_top(&obj, &final_name, String::new());
        inf.collect_nested(&obj, &final_name);
        inf.define_group(gi);
        wrap_nullable(TypeRef::Named(final_name), &shape)
    } else {
        let t = inf.type_of(&shape, name, "", false);
        wrap_nullable(t, &shape)
    };
    (inf.finish(Vec::new()), ty)
}

/// How a body wraps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Envelope {
    /// No usable body.
    Empty,
    /// `{"response": X}`.
    Single,
    /// `{"response": [X…]}` without pagination: a list of X.
    List,
    /// `{"response": [X…], "count", "pagination"}`.
    Page,
}

/// One action and what its examples say.
struct OpInfo<'a> {
    group: &'a str,
    resource: &'a Resource,
    action: &'a blueprint_parser::Action,
    path: String,
    envelope: Envelope,
    /// The values describing `T`, with the line of their body (borrowed
    /// from the blueprint: they are only read).
    inner: Vec<(&'a Value, Option<u32>)>,
    examples: Vec<Example>,
    concept: Option<usize>,
}

/// A set of structurally merged objects that becomes one named type.
#[derive(Default)]
struct Group {
    shape: ObjectShape,
    /// Name candidates from nested use sites with a description of the
    /// use, in order of appearance.
    candidates: Vec<(String, String)>,
    /// The final name once defined (top-level concepts are named up front).
    name: Option<String>,
    defined: bool,
    top: bool,
    doc: String,
}

struct Inference<'o> {
    ov: &'o Overrides,
    used: BTreeSet<(u8, usize)>,
    types: BTreeMap<String, TypeDef>,
    taken: BTreeSet<String>,
    diags: Vec<Diagnostic>,
    groups: Vec<Group>,
    group_by_keys: BTreeMap<Vec<String>, usize>,
    /// Concept index → its group.
    concept_groups: Vec<usize>,
    /// Example body texts by the line they start at (to locate warnings).
    bodies: BTreeMap<u32, String>,
    /// (type, json key) → enum type name.
    field_enums: BTreeMap<(String, String), String>,
    /// (type, json key) → documentation.
    field_docs: BTreeMap<(String, String), String>,
    /// Enums defined so far: name → value set (dedup by equal sets).
    enum_sets: Vec<(String, ValueSet)>,
}

const USE_TYPE: u8 = 0;
const USE_METHOD: u8 = 1;
const USE_FIELD: u8 = 2;
const USE_TABLE: u8 = 3;
const USE_PATH: u8 = 4;

impl<'o> Inference<'o> {
    fn new(ov: &'o Overrides) -> Self {
        Inference {
            ov,
            used: BTreeSet::new(),
            types: BTreeMap::new(),
            taken: BTreeSet::new(),
            diags: Vec::new(),
            groups: Vec::new(),
            group_by_keys: BTreeMap::new(),
            concept_groups: Vec::new(),
            bodies: BTreeMap::new(),
            field_enums: BTreeMap::new(),
            field_docs: BTreeMap::new(),
            enum_sets: Vec::new(),
        }
    }

    /// The line of `"key":` in the example body starting at `line`, or `line`.
    fn field_line(&self, line: Option<u32>, key: &str) -> Option<u32> {
        let start = line?;
        let Some(body) = self.bodies.get(&start) else {
            return line;
        };
        let quoted = serde_json::to_string(key).unwrap_or_default();
        // One search over the whole body rather than per line: the quoted
        // key has no raw newline, so matches never span lines, and the line
        // of a match is the number of newlines before it.
        body.match_indices(&quoted)
            .find(|(i, _)| {
                let after = &body[i + quoted.len()..];
                let rest_of_line = after.split('\n').next().unwrap_or("");
                rest_of_line.trim_start().starts_with(':')
            })
            .map(|(i, _)| body.as_bytes()[..i].iter().filter(|&&b| b == b'\n').count())
            .and_then(|i| u32::try_from(i).ok())
            .map_or(line, |i| Some(start + i))
    }

    fn warn(&mut self, code: &str, line: Option<u32>, message: String) {
        self.diags
            .push(Diagnostic::warning(code, line.unwrap_or(1), 1, message));
    }

    /// Claims a unique final name for an inferred one (after a rename override).
    fn claim(&mut self, inferred: &str, line: Option<u32>) -> String {
        let mut name = inferred.to_owned();
        if let Some(i) = self.ov.types.iter().position(|t| t.name == inferred) {
            self.used.insert((USE_TYPE, i));
            name = self.ov.types[i].rename.clone();
        }
        let final_name = unique(&name, &self.taken);
        if final_name != name {
            // A rename may also name the numbered form (`BackupFile2`).
            if let Some(i) = self.ov.types.iter().position(|t| t.name == final_name) {
                self.used.insert((USE_TYPE, i));
                let renamed = self.ov.types[i].rename.clone();
                let result = unique(&renamed, &self.taken);
                self.taken.insert(result.clone());
                return result;
            }
            self.warn(
                "type-name-collision",
                line,
                format!("two types would be named `{name}`; this one is `{final_name}` (rename it in the overrides file)"),
            );
        }
        self.taken.insert(final_name.clone());
        final_name
    }

    fn run(mut self, bp: &Blueprint) -> TypeModel {
        let tables = concepts::doc_tables(bp);
        let property_tables = concepts::property_tables(&tables);
        // 1. Operations.
        let mut ops: Vec<OpInfo> = Vec::new();
        for g in &bp.groups {
            for r in &g.resources {
                for a in &r.actions {
                    ops.push(self.op_info(&g.name, r, a));
                }
            }
        }
        // 2. Concepts.
        let concepts = concepts::group_concepts(&mut ops, &property_tables);
        // 3. Join, 4. names, 5. structural dedup groups.
        let concept_names = self.build_concepts(&ops, &concepts, &property_tables);
        // 6. Enums: documented value tables, then parameter value lists.
        self.link_value_tables(&tables, &concept_names);
        let param_enums = self.link_param_enums(&ops, &tables, &concept_names);
        let loose = self.collect_loose(&ops);
        // 7. Types of the concepts (and everything they reach).
        for c in 0..concept_names.len() {
            self.define_group(self.concept_groups[c]);
        }
        let operations = self.build_operations(&mut ops, &concept_names, loose, &param_enums);
        self.finish(operations)
    }

    /// Builds the operation info of one action: path, envelope, values, examples.
    fn op_info<'a>(
        &mut self,
        group: &'a str,
        r: &'a Resource,
        a: &'a blueprint_parser::Action,
    ) -> OpInfo<'a> {
        let mut path = if a.uri_template.is_empty() {
            r.uri_template.clone()
        } else {
            a.uri_template.clone()
        };
        if let Some(i) = self
            .ov
            .paths
            .iter()
            .position(|p| p.operation == a.name || p.operation == r.name)
        {
            self.used.insert((USE_PATH, i));
            path = self.ov.paths[i].path.clone();
        }
        let mut envelope = Envelope::Empty;
        let mut inner = Vec::new();
        let mut examples = Vec::new();
        for p in &a.responses {
            let Some(value) = p.json_value() else {
                if p.body.as_deref().is_some_and(|b| !b.trim().is_empty()) {
                    self.warn(
                        "unusable-example",
                        p.body_line,
                        format!("the example of `{}` is not JSON and could not be repaired; it is ignored", a.name),
                    );
                }
                continue;
            };
            if let (Some(line), Some(body)) = (p.body_line, &p.body) {
                self.bodies.insert(line, body.clone());
            }
            let repaired = p.json.is_none();
            if repaired {
                let what = p
                    .repaired
                    .as_ref()
                    .map(|r| r.repair.clone())
                    .unwrap_or_default();
                self.warn(
                    "repaired-example-used",
                    p.body_line,
                    format!("the example of `{}` is not valid JSON; its repaired value is used ({what})", a.name),
                );
            }
            examples.push(Example {
                line: p.body_line.unwrap_or(p.line),
                value: p
                    .json
                    .clone()
                    .unwrap_or_else(|| std::sync::Arc::new(value.clone())),
                repaired,
            });
            let line = p.body_line;
            match value.get("response") {
                Some(Value::Array(items))
                    if value.get("pagination").is_some() || value.get("count").is_some() =>
                {
                    envelope = Envelope::Page;
                    inner.extend(items.iter().map(|v| (v, line)));
                }
                Some(Value::Array(items)) => {
                    if envelope != Envelope::Page {
                        envelope = Envelope::List;
                    }
                    inner.extend(items.iter().map(|v| (v, line)));
                }
                Some(v) => {
                    if envelope == Envelope::Empty {
                        envelope = Envelope::Single;
                    }
                    inner.push((v, line));
                }
                None => {
                    if envelope == Envelope::Empty {
                        envelope = Envelope::Single;
                    }
                    self.warn(
                        "no-envelope",
                        line,
                        format!("the example of `{}` has no `response` key", a.name),
                    );
                    inner.push((value, line));
                }
            }
        }
        OpInfo {
            group,
            resource: r,
            action: a,
            path,
            envelope,
            inner,
            examples,
            concept: None,
        }
    }

    /// Which overrides entry (by operation name) matches `op`.
    fn match_op<'n>(
        &self,
        names: impl Iterator<Item = &'n str> + Clone,
        op: &OpInfo,
    ) -> Option<usize> {
        names
            .clone()
            .position(|n| n == op.action.name)
            .or_else(|| names.into_iter().position(|n| n == op.resource.name))
    }

    /// Reports unused overrides, sorts everything and builds the model.
    fn finish(mut self, operations: Vec<Operation>) -> TypeModel {
        let mut override_diagnostics = Vec::new();
        fn unused(kind: u8, n: usize, used: &BTreeSet<(u8, usize)>) -> Vec<usize> {
            (0..n).filter(|i| !used.contains(&(kind, *i))).collect()
        }
        let ov = self.ov;
        for i in unused(USE_TYPE, ov.types.len(), &self.used) {
            override_diagnostics.push(err_unused(
                ov.types[i].line,
                format!("no type is named `{}`", ov.types[i].name),
            ));
        }
        for i in unused(USE_METHOD, ov.methods.len(), &self.used) {
            let m = &ov.methods[i];
            override_diagnostics.push(err_unused(
                m.line,
                format!("no operation is named `{}`", m.operation),
            ));
        }
        for i in unused(USE_FIELD, ov.fields.len(), &self.used) {
            let f = &ov.fields[i];
            override_diagnostics.push(err_unused(
                f.line,
                format!("no type `{}` with a field `{}`", f.type_name, f.field),
            ));
        }
        for i in unused(USE_TABLE, ov.value_tables.len(), &self.used) {
            let t = &ov.value_tables[i];
            override_diagnostics.push(err_unused(
                t.line,
                format!(
                    "the value table `{}` links to nothing (or does not exist)",
                    t.table
                ),
            ));
        }
        for i in unused(USE_PATH, ov.paths.len(), &self.used) {
            let p = &ov.paths[i];
            override_diagnostics.push(err_unused(
                p.line,
                format!("no operation is named `{}`", p.operation),
            ));
        }
        self.diags.sort_by(|a, b| {
            (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
        });
        self.diags.dedup();
        TypeModel {
            types: self.types.into_values().collect(),
            operations,
            diagnostics: self.diags,
            override_diagnostics,
        }
    }
}

fn err_unused(line: u32, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: "unused-override".to_owned(),
        line,
        column: 1,
        length: 1,
        message: format!("this override matches nothing: {message}"),
    }
}

#[cfg(test)]
mod tests;
