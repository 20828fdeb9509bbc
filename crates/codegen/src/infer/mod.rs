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
//!    `{Parent}{Field}`, singular for array items; the elements of a body
//!    that is an array or a map are named like the body (`Vec<Tag>`).
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

mod api;
mod auth;
mod bodies;
mod concepts;
pub mod enums;
mod indirection;
pub mod lattice;
mod links;
mod mson;
pub mod naming;
mod operation_names;
pub mod overrides;
mod paging;
pub mod requests;
mod shapes;
mod structs;
pub mod validate;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::{Blueprint, Diagnostic, Resource, Severity};
use serde_json::Value;

pub use overrides::Overrides;
pub use validate::{admits, admits_response};

use crate::config::{Config, Conventions};
use crate::model::{
    ApiInfo, Example, NameOrigin, NameSource, Operation, PathTemplate, TypeDef, TypeModel, TypeRef,
};
use crate::names::NameLock;
use enums::ValueSet;
use lattice::{ObjectShape, Shape};
use naming::unique;
use structs::{is_struct_like, wrap_nullable};

/// Infers the type model of a parsed blueprint with its configuration
/// (`Config::default()` for none).
///
/// The configuration's path corrections are applied to a copy of the IR
/// first (see [`blueprint_parser::Action::set_uri_template`]), so every
/// later step sees one resolved location per parameter.
pub fn infer(blueprint: &Blueprint, config: &Config) -> TypeModel {
    infer_locked(blueprint, config, &NameLock::default())
}

/// [`infer`], keeping the names of a previous generation (see
/// [`crate::names`]): a name in `lock` goes to the type or operation it was
/// given to, and a newcomer that wants it gets a numbered one.
pub fn infer_locked(blueprint: &Blueprint, config: &Config, lock: &NameLock) -> TypeModel {
    let mut corrected = None;
    let mut used_paths = BTreeSet::new();
    if !config.overrides.paths.is_empty() {
        let mut copy = blueprint.clone();
        used_paths = apply_path_fixes(&mut copy, &config.overrides);
        corrected = Some(copy);
    }
    let bp = corrected.as_ref().unwrap_or(blueprint);
    let run = |lock: &NameLock| {
        let mut inference = Inference::new(config, lock);
        inference
            .used
            .extend(used_paths.iter().map(|&i| (USE_PATH, i)));
        inference.run(bp)
    };
    let mut model = run(lock);
    // Entries whose owner is gone must not hold their names: run again with
    // the live ones only, so the result (and the lock written from it) does
    // not depend on history that no longer matters.
    let live = NameLock {
        types: lock
            .types
            .iter()
            .filter(|(key, _)| model.live_lock_types.contains(*key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        accessors: lock
            .accessors
            .iter()
            .filter(|(key, _)| model.names.accessors.contains_key(*key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        methods: lock
            .methods
            .iter()
            .filter(|(key, _)| model.names.methods.contains_key(*key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    };
    if live != *lock {
        model = run(&live);
    }
    if !live.is_empty() {
        // What the rules alone would give, to say which names the lock kept
        // against them (a name the rules give too is theirs, not the lock's).
        attribute_kept_names(&mut model, &run(&NameLock::default()));
    }
    indirection::box_cycles(&mut model.types);
    mson::check_declared_examples(&mut model);
    model
}

/// Sets where each name the lock kept comes from, given the model the rules
/// alone give (`free`): the rules' own origin when they give that name too,
/// else the lock's, with the name the rules would give.
fn attribute_kept_names(model: &mut TypeModel, free: &TypeModel) {
    use std::collections::BTreeMap;
    // Operations by their key in the lock: accessor and method.
    let keys: BTreeMap<&str, &String> = model
        .names
        .methods
        .iter()
        .map(|(key, name)| (name.as_str(), key))
        .collect();
    let by_name = |m: &TypeModel, name: &str| -> Option<(NameOrigin, NameOrigin)> {
        m.operations
            .iter()
            .find(|o| format!("{}.{}", o.accessor, o.fn_name) == name)
            .map(|o| (o.accessor_origin.clone(), o.fn_origin.clone()))
    };
    let mut fixes = Vec::new();
    for (i, op) in model.operations.iter().enumerate() {
        let name = format!("{}.{}", op.accessor, op.fn_name);
        let Some(rules) = keys
            .get(name.as_str())
            .and_then(|key| free.names.methods.get(*key))
        else {
            continue;
        };
        let (rules_accessor, rules_fn) = rules.split_once('.').unwrap_or_default();
        let free_origins = by_name(free, rules);
        fixes.push((
            i,
            rules_accessor.to_owned(),
            rules_fn.to_owned(),
            free_origins,
        ));
    }
    for (i, rules_accessor, rules_fn, free_origins) in fixes {
        let op = &mut model.operations[i];
        if op.fn_origin.source == NameSource::Lock {
            match (
                &free_origins,
                rules_fn == op.fn_name && rules_accessor == op.accessor,
            ) {
                (Some((_, origin)), true) => op.fn_origin = origin.clone(),
                _ => op.fn_origin.rules_give = Some(rules_fn.clone()),
            }
        }
        if op.accessor_origin.source == NameSource::Lock {
            match (&free_origins, rules_accessor == op.accessor) {
                (Some((origin, _)), true) => op.accessor_origin = origin.clone(),
                _ => op.accessor_origin.rules_give = Some(rules_accessor.clone()),
            }
        }
    }
    let type_keys: Vec<(String, String)> = model
        .names
        .types
        .iter()
        .map(|(key, name)| (key.clone(), name.clone()))
        .collect();
    for (key, name) in type_keys {
        let Some(origin) = model.type_origins.get_mut(&name) else {
            continue;
        };
        if origin.source != NameSource::Lock {
            continue;
        }
        match free.names.types.get(&key) {
            Some(rules) if *rules == name => {
                if let Some(theirs) = free.type_origins.get(rules) {
                    *origin = theirs.clone();
                }
            }
            rules => origin.rules_give = rules.cloned(),
        }
    }
}

/// Applies the `[[path]]` corrections to the actions they name (by action
/// name, else resource name); returns the indices of the entries used.
pub(crate) fn apply_path_fixes(bp: &mut Blueprint, overrides: &Overrides) -> BTreeSet<usize> {
    let mut used = BTreeSet::new();
    for r in bp.groups.iter_mut().flat_map(|g| &mut g.resources) {
        let resource_name = r.name.clone();
        for a in &mut r.actions {
            let fix = overrides
                .paths
                .iter()
                .position(|p| p.operation == a.name)
                .or_else(|| {
                    overrides
                        .paths
                        .iter()
                        .position(|p| p.operation == resource_name)
                });
            if let Some(i) = fix {
                // An unusable template stays unused: reported as a stale entry.
                if a.set_uri_template(&overrides.paths[i].path).is_ok() {
                    used.insert(i);
                }
            }
        }
    }
    used
}

/// Infers a model from bare values that describe one concept named `name`
/// (for tests and tools): returns the model and the type of the values.
pub fn infer_values(name: &str, values: &[Value]) -> (TypeModel, TypeRef) {
    let config = Config::default();
    let lock = NameLock::default();
    let mut inf = Inference::new(&config, &lock);
    let mut shape = Shape::bottom();
    for v in values {
        shape.join(&Shape::of_value(v, None));
    }
    let ty = if is_struct_like(&shape) {
        let obj = shape.object.clone().unwrap_or_default();
        let final_name = inf.claim(name, "value", None);
        let gi = inf.register_top(&obj, &final_name, String::new());
        inf.collect_nested(&obj, &final_name);
        inf.define_group(gi);
        wrap_nullable(TypeRef::Named(final_name), &shape)
    } else {
        let t = inf.type_of(&shape, name, "", false);
        wrap_nullable(t, &shape)
    };
    let api = inf.api_info(None, &[], &[]);
    (inf.finish(Vec::new(), api), ty)
}

/// What an operation's success bodies hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Envelope {
    /// No usable body.
    Empty,
    /// One value.
    Single,
    /// A list of values (not a page).
    List,
    /// A page of a listing (the API's page convention).
    Page,
    /// A text body that is not JSON.
    Text,
    /// Another body that is not JSON.
    Bytes,
}

/// The data of one example body.
enum Unwrapped<'v> {
    /// One value.
    Single(&'v Value),
    /// The items of a list.
    List(&'v [Value]),
    /// The items of a page.
    Page(&'v [Value]),
}

/// Whether a media type is JSON (`application/json`, `application/hal+json`, …).
pub(crate) fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.ends_with("/json") || essence.ends_with("+json")
}

/// One action and what its examples say.
struct OpInfo<'a> {
    group: &'a str,
    resource: &'a Resource,
    action: &'a blueprint_parser::Action,
    path: PathTemplate,
    envelope: Envelope,
    /// Whether the bodies are inside the API's envelope key.
    enveloped: bool,
    /// The values describing `T`, with the line of their body (borrowed
    /// from the blueprint: they are only read).
    inner: Vec<(&'a Value, Option<u32>)>,
    examples: Vec<Example>,
    /// The MSON attributes of the success response, if it has some.
    declared: Option<std::borrow::Cow<'a, blueprint_parser::MsonValue>>,
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
    /// The names of the previous generation, all of whose owners are live.
    lock: &'o NameLock,
    /// Type name → the key that holds it in the lock.
    locked_types: BTreeMap<&'o str, &'o str>,
    /// The names given in this run.
    names: NameLock,
    /// Where each type's name came from.
    type_origins: BTreeMap<String, NameOrigin>,
    /// The lock's type entries already given to a type of this run.
    consumed_lock_keys: BTreeSet<String>,
    /// (page type, items key) → the name of the items (see `paging::page_items_key`).
    page_items: BTreeMap<(String, String), String>,
    conventions: &'o Conventions,
    config: &'o Config,
    used: BTreeSet<(u8, usize)>,
    types: BTreeMap<String, TypeDef>,
    taken: BTreeSet<String>,
    diags: Vec<Diagnostic>,
    /// Problems with the configuration, located in its file.
    config_diags: Vec<Diagnostic>,
    /// Named MSON types: spec name → Rust type name.
    mson_names: BTreeMap<String, String>,
    /// Named MSON types: spec name → their complete value.
    mson_values: BTreeMap<String, blueprint_parser::MsonValue>,
    /// Inline MSON types: the name they wanted → the types defined for it
    /// (one per shape).
    mson_inline: BTreeMap<String, Vec<String>>,
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
    /// How callers authenticate (read before the operations, whose
    /// credential header is then the client's, not a setter).
    auth: crate::model::AuthInfo,
}

const USE_TYPE: u8 = 0;
const USE_METHOD: u8 = 1;
const USE_FIELD: u8 = 2;
const USE_TABLE: u8 = 3;
const USE_PATH: u8 = 4;
const USE_PAGING: u8 = 5;

impl<'o> Inference<'o> {
    fn new(config: &'o Config, lock: &'o NameLock) -> Self {
        Inference {
            ov: &config.overrides,
            lock,
            locked_types: lock
                .types
                .iter()
                .map(|(k, v)| (v.as_str(), k.as_str()))
                .collect(),
            names: NameLock::default(),
            type_origins: BTreeMap::new(),
            consumed_lock_keys: BTreeSet::new(),
            page_items: BTreeMap::new(),
            conventions: &config.conventions,
            config,
            used: BTreeSet::new(),
            types: BTreeMap::new(),
            taken: BTreeSet::new(),
            diags: Vec::new(),
            config_diags: Vec::new(),
            mson_names: BTreeMap::new(),
            mson_values: BTreeMap::new(),
            mson_inline: BTreeMap::new(),
            groups: Vec::new(),
            group_by_keys: BTreeMap::new(),
            concept_groups: Vec::new(),
            bodies: BTreeMap::new(),
            field_enums: BTreeMap::new(),
            field_docs: BTreeMap::new(),
            enum_sets: Vec::new(),
            auth: crate::model::AuthInfo {
                scheme: crate::model::AuthScheme::None,
                required: false,
                evidence: "nothing: the spec documents no credentials".to_owned(),
            },
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

    /// Whether `name` is free for the type (or operation) `key`: not given
    /// in this run, and not held in the lock by another owner.
    fn type_name_free(&self, name: &str, key: &str) -> bool {
        !self.taken.contains(name) && self.locked_types.get(name).is_none_or(|k| *k == key)
    }

    /// Claims a unique final name for an inferred one, for a type of this
    /// `kind` (`concept`, `enum:<values>`, …): see [`Inference::claim_among`].
    fn claim(&mut self, inferred: &str, kind: &str, line: Option<u32>) -> String {
        let origin = NameOrigin::new(source_of_kind(kind), detail_of_kind(kind));
        self.claim_among(&[(inferred.to_owned(), origin)], kind, line)
    }

    /// Claims a unique final name for a type of this `kind` (`concept`,
    /// `enum:<values>`, …) that wants the first of `candidates` (its inferred
    /// name) and could also be called by the others, which add a word of
    /// context (`PolicyPatchRequest`, `DeviceList`): a configuration rename
    /// of the inferred name, else the lock's name for it when it is free,
    /// else the first free candidate, else the inferred name numbered, with
    /// a warning (a configuration rename may name the numbered form).
    ///
    /// A type is known to the lock by its kind and inferred name, which come
    /// from the spec's text alone (so a key never depends on how another
    /// collision was resolved); a second type of the same key in one run is
    /// told apart by its rank (`#2`).
    fn claim_among(
        &mut self,
        candidates: &[(String, NameOrigin)],
        kind: &str,
        line: Option<u32>,
    ) -> String {
        self.claim_shape(candidates, kind, None, line)
    }

    /// [`Inference::claim_among`] for an object whose `keys` identify it in
    /// the lock beside its kind and inferred name, so that a type keeps its
    /// name when another of the same inferred name comes before it in a
    /// later spec (its entry is the one with the same keys, or the most
    /// alike: a type that gained a field is still itself).
    fn claim_shape(
        &mut self,
        candidates: &[(String, NameOrigin)],
        kind: &str,
        keys: Option<&[String]>,
        line: Option<u32>,
    ) -> String {
        let Some((inferred, first_origin)) = candidates.first() else {
            return self.claim("Value", kind, line);
        };
        let base_key = format!("{kind}:{inferred}");
        let identity = keys.map(|k| {
            let mut sorted = k.to_vec();
            sorted.sort();
            sorted.join(",")
        });
        let mut key = match &identity {
            Some(identity) => format!("{base_key} {{{identity}}}"),
            None => base_key.clone(),
        };
        let stem = key.clone();
        let mut rank = 2;
        while self.names.types.contains_key(&key) {
            key = format!("{stem}#{rank}");
            rank += 1;
        }
        // The lock's entry for this type (its key may be of an older form).
        let lock_key = self.lock_entry(&base_key, identity.as_deref());
        if let Some(k) = &lock_key {
            self.consumed_lock_keys.insert(k.clone());
        }
        let owner = lock_key.clone().unwrap_or_else(|| key.clone());
        let rename = |this: &Self, name: &str| this.ov.types.iter().position(|t| t.name == name);
        let chosen = candidates
            .iter()
            .position(|(c, _)| self.type_name_free(c, &owner));
        // The configuration renames the inferred name, or the name of
        // context the rules choose (`BackupFileOkPublicUrl`).
        let configured = rename(self, inferred)
            .map(|i| (i, inferred.clone()))
            .or_else(|| {
                chosen.and_then(|c| {
                    rename(self, &candidates[c].0).map(|i| (i, candidates[c].0.clone()))
                })
            });
        let locked = lock_key
            .as_ref()
            .and_then(|k| self.lock.types.get(k))
            .filter(|locked| self.type_name_free(locked, &owner))
            .cloned();
        let (final_name, origin) = match (configured, locked, chosen) {
            (Some((i, renamed_from)), _, _) => {
                self.used.insert((USE_TYPE, i));
                let renamed = unique(&self.ov.types[i].rename, &self.taken);
                let origin = NameOrigin::new(
                    NameSource::Configuration,
                    format!("`[[type]]` renames `{renamed_from}`"),
                );
                (renamed, origin)
            }
            // The lock agrees with the rules: the rules say where it came from.
            (None, Some(locked), Some(c)) if candidates[c].0 == locked => {
                (locked, candidates[c].1.clone())
            }
            // What the rules would give instead is found by `infer_locked`
            // (a name numbered here may be free without the lock).
            (None, Some(locked), _) => (
                locked,
                NameOrigin::new(NameSource::Lock, "kept from names.lock"),
            ),
            (None, None, Some(c)) => {
                let mut origin = candidates[c].1.clone();
                if c > 0 {
                    origin.collision = Some(format!(
                        "`{inferred}` is another type's; told apart by {}",
                        candidates[c].1.detail
                    ));
                }
                (candidates[c].0.clone(), origin)
            }
            (None, None, None) => {
                let mut n = 2;
                let mut numbered = format!("{inferred}{n}");
                while !self.type_name_free(&numbered, &owner) {
                    n += 1;
                    numbered = format!("{inferred}{n}");
                }
                // A rename may name the numbered form (`BackupFile2`).
                if let Some(i) = rename(self, &numbered) {
                    self.used.insert((USE_TYPE, i));
                    let renamed = unique(&self.ov.types[i].rename, &self.taken);
                    let origin = NameOrigin::new(
                        NameSource::Configuration,
                        format!("`[[type]]` renames `{numbered}`"),
                    );
                    (renamed, origin)
                } else {
                    let others: Vec<&str> =
                        candidates[1..].iter().map(|(c, _)| c.as_str()).collect();
                    let tried = if others.is_empty() {
                        String::new()
                    } else {
                        format!(" (and `{}`)", others.join("`, `"))
                    };
                    self.warn(
                            "type-name-collision",
                            line,
                            format!("two types would be named `{inferred}`{tried}, and nothing in the spec tells them apart; this one is `{numbered}` (the one there first keeps the name; rename this one with `[[type]] name = \"{numbered}\"` and `rename = \"…\"` in the configuration)"),
                        );
                    let mut origin =
                        NameOrigin::new(NameSource::Counter, "nothing in the spec tells it apart");
                    origin.collision = Some(format!("`{inferred}` is another type's"));
                    (numbered, origin)
                }
            }
        };
        let mut origin = origin;
        if origin.detail.is_empty() {
            origin.detail.clone_from(&first_origin.detail);
        }
        self.taken.insert(final_name.clone());
        self.names.types.insert(key, final_name.clone());
        self.type_origins.insert(final_name.clone(), origin);
        final_name
    }

    /// The key of the lock's entry for a type of `base_key` (`kind:Name`)
    /// with `identity` (its sorted keys), not yet given to another type of
    /// this run: the entry with the same keys, else the one whose keys are
    /// most alike (at least half of them shared), else an entry of the
    /// older form without keys, by rank (`kind:Name`, `kind:Name#2`, …).
    fn lock_entry(&self, base_key: &str, identity: Option<&str>) -> Option<String> {
        let free = |k: &&String| !self.consumed_lock_keys.contains(*k);
        if let Some(identity) = identity {
            let exact = format!("{base_key} {{{identity}}}");
            if self.lock.types.contains_key(&exact) && !self.consumed_lock_keys.contains(&exact) {
                return Some(exact);
            }
            let mine: BTreeSet<&str> = identity.split(',').collect();
            let prefix = format!("{base_key} {{");
            let alike = self
                .lock
                .types
                .keys()
                .filter(free)
                .filter_map(|k| {
                    let theirs: BTreeSet<&str> = k
                        .strip_prefix(&prefix)?
                        .split('}')
                        .next()?
                        .split(',')
                        .collect();
                    let shared = mine.intersection(&theirs).count();
                    let all = mine.union(&theirs).count();
                    (shared * 2 >= all && shared > 0).then_some((shared * 1000 / all.max(1), k))
                })
                .max_by_key(|(score, _)| *score)
                .map(|(_, k)| k.clone());
            if alike.is_some() {
                return alike;
            }
        }
        std::iter::once(base_key.to_owned())
            .chain((2..).map(|rank| format!("{base_key}#{rank}")))
            .take_while(|k| self.lock.types.contains_key(k))
            .find(|k| !self.consumed_lock_keys.contains(k))
    }

    fn run(mut self, bp: &Blueprint) -> TypeModel {
        self.auth = auth::detect(bp, self.conventions);
        // Declared types first: their names are the spec's own.
        self.define_data_structures(bp);
        let tables = concepts::doc_tables(bp);
        let property_tables = concepts::property_tables(&tables);
        // 1. Operations.
        let mut ops: Vec<OpInfo<'_>> = Vec::new();
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
        let mut operations = self.build_operations(&mut ops, &concept_names, loose, &param_enums);
        self.detect_paging(&mut operations);
        shapes::note_shape_changing_parameters(bp, &mut operations);
        let api = self.api_info(Some(bp), &operations, &tables);
        self.finish(operations, api)
    }

    /// Builds the operation info of one action: path, envelope, values, examples.
    fn op_info<'a>(
        &mut self,
        group: &'a str,
        r: &'a Resource,
        a: &'a blueprint_parser::Action,
    ) -> OpInfo<'a> {
        // The action's own template as the parser read it (leniently, with a
        // warning, when it is not a valid one), never its resource's instead.
        let (path, unplaced) = PathTemplate::read_uri(&a.uri);
        for variable in unplaced {
            self.diags.push(Diagnostic::warning(
                "query-variable-without-name",
                a.line,
                a.column,
                format!("`{{{variable}}}` in the query of `{}` does not follow `name=`; sent as the query parameter `{variable}`", a.uri_template),
            ));
        }
        let mut envelope = Envelope::Empty;
        let mut enveloped = None::<bool>;
        let mut first_shape = None;
        let mut inner = Vec::new();
        let mut examples = Vec::new();
        let mut declarations: Vec<&'a blueprint_parser::MsonValue> = Vec::new();
        // Only success responses describe what the call returns.
        let successes = a
            .responses
            .iter()
            .filter(|p| p.status.is_none_or(|s| (200..300).contains(&s)));
        // Statuses whose answers have no body (204, 205, 304) say nothing of a result.
        let successes = successes.filter(|p| !matches!(p.status, Some(204 | 205 | 304)));
        for p in successes {
            declarations.extend(&p.attributes);
            let Some(value) = p.json_value().or(p.generated_json.as_deref()) else {
                // A body written, or a media type that is not JSON (a PDF
                // documented without an example): the call returns content.
                let has_body = p.body.as_deref().is_some_and(|b| !b.trim().is_empty());
                let other_media = p
                    .media_type
                    .as_deref()
                    .is_some_and(|m| !m.trim().is_empty() && !is_json_media_type(m));
                if has_body || other_media {
                    if envelope == Envelope::Empty {
                        let text = p
                            .media_type
                            .as_deref()
                            .is_some_and(|m| m.trim_start().starts_with("text/"));
                        envelope = if text {
                            Envelope::Text
                        } else {
                            Envelope::Bytes
                        };
                    }
                    if has_body && p.media_type.as_deref().is_some_and(is_json_media_type) {
                        self.warn(
                            "unusable-example",
                            p.body_line,
                            format!("the example of `{}` is not JSON and could not be repaired; the call returns the body's bytes", a.name),
                        );
                    }
                }
                continue;
            };
            if matches!(envelope, Envelope::Bytes | Envelope::Text) {
                envelope = Envelope::Empty;
            }
            if let (Some(line), Some(body)) = (p.body_line, &p.body) {
                self.bodies.insert(line, body.clone());
            }
            let repaired = p.json.is_none() && p.repaired.is_some();
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
            // A JSON value was found just above, so the payload has an example.
            examples.extend(bodies::example_of(p));
            let line = p.body_line;
            let (shape, wrapped) = self.unwrap_body(value, line, &a.name);
            // The first example decides how the body is read; a later one
            // that disagrees is left out of the type, with a warning.
            let wrapped_as = *enveloped.get_or_insert(wrapped);
            if wrapped_as != wrapped {
                self.warn(
                    "inconsistent-envelope",
                    line,
                    format!("the examples of `{}` disagree on the `{}` envelope; the first example decides, and this one is left out", a.name, self.conventions.envelope.as_deref().unwrap_or_default()),
                );
                examples.pop();
                continue;
            }
            // One type per call: an example of another shape (a list where
            // the first was an object) is left out, with a warning.
            let this_shape = std::mem::discriminant(&shape);
            if *first_shape.get_or_insert(this_shape) != this_shape {
                self.warn(
                    "several-response-shapes",
                    line,
                    format!("the examples of `{}` have different shapes (a list and an object, or a page and a value); the first one types the call, and this one is left out", a.name),
                );
                examples.pop();
                continue;
            }
            match shape {
                Unwrapped::Page(items) => {
                    envelope = Envelope::Page;
                    inner.extend(items.iter().map(|v| (v, line)));
                }
                Unwrapped::List(items) => {
                    if envelope != Envelope::Page {
                        envelope = Envelope::List;
                    }
                    inner.extend(items.iter().map(|v| (v, line)));
                }
                Unwrapped::Single(v) => {
                    if envelope == Envelope::Empty {
                        envelope = Envelope::Single;
                    }
                    inner.push((v, line));
                }
            }
        }
        OpInfo {
            group,
            resource: r,
            action: a,
            path,
            envelope,
            enveloped: enveloped.unwrap_or(false) && envelope != Envelope::Page,
            // A declared type wins: the examples do not type the call.
            inner: if declarations.is_empty() {
                inner
            } else {
                Vec::new()
            },
            declared: self.merged_declaration(&declarations),
            examples,
            concept: None,
        }
    }

    /// How a body's data sits in it, by the API's conventions: a page (its
    /// items), inside the envelope (returned with `true`), or as written.
    ///
    /// A body is read through a convention only when nothing else is in it,
    /// so that decoding and encoding again gives the same JSON: a page has
    /// only the items, the count and the page numbers; an enveloped body
    /// only the envelope key. Anything else is decoded as written, with a
    /// warning.
    fn unwrap_body<'v>(
        &mut self,
        value: &'v Value,
        line: Option<u32>,
        action: &str,
    ) -> (Unwrapped<'v>, bool) {
        let conventions = self.conventions;
        let as_written = match value {
            Value::Array(items) => Unwrapped::List(items),
            other => Unwrapped::Single(other),
        };
        let Some(object) = value.as_object() else {
            return (as_written, false);
        };
        if let Some(page) = &conventions.page {
            if let (Some(Value::Array(items)), Some(_)) =
                (object.get(&page.items), object.get(&page.pagination))
            {
                let known = |k: &String| {
                    *k == page.items || *k == page.pagination || page.count.as_ref() == Some(k)
                };
                if object.keys().all(known) {
                    return (Unwrapped::Page(items), false);
                }
                self.warn(
                    "page-with-more-keys",
                    line,
                    format!("the example of `{action}` is a page with keys the page convention does not know; its body is decoded as written"),
                );
                return (as_written, false);
            }
        }
        let Some(key) = &conventions.envelope else {
            return (as_written, false);
        };
        let Some(wrapped) = object.get(key) else {
            self.warn(
                "no-envelope",
                line,
                format!(
                    "the example of `{action}` has no `{key}` key; its body is decoded as written"
                ),
            );
            return (as_written, false);
        };
        if object.len() > 1 {
            let count = conventions.page.as_ref().and_then(|p| p.count.as_ref());
            let (code, message) = match count {
                Some(count) if wrapped.is_array() && object.contains_key(count) => ("list-without-pagination", format!(
                    "the example of `{action}` is a list with `{count}` but no page numbers; its body is decoded as written, not as a page"
                )),
                _ => ("envelope-with-more-keys", format!(
                    "the example of `{action}` has keys beside `{key}`; its body is decoded as written"
                )),
            };
            self.warn(code, line, message);
            return (as_written, false);
        }
        match wrapped {
            Value::Array(items) => (Unwrapped::List(items), true),
            other => (Unwrapped::Single(other), true),
        }
    }

    /// Which overrides entry (by operation name) matches `op`.
    fn match_op<'n>(
        &self,
        names: impl Iterator<Item = &'n str> + Clone,
        op: &OpInfo<'_>,
    ) -> Option<usize> {
        names
            .clone()
            .position(|n| n == op.action.name)
            .or_else(|| names.into_iter().position(|n| n == op.resource.name))
    }

    /// Reports unused overrides, sorts everything and builds the model.
    /// Every name an object was seen under (`NoteSearchRow`) → the type of
    /// the group it was merged into (`Note`), for the groups named so far.
    fn aliases(&self) -> BTreeMap<String, String> {
        self.groups
            .iter()
            .filter_map(|g| g.name.as_ref().map(|name| (g, name)))
            .flat_map(|(g, name)| {
                g.candidates
                    .iter()
                    .filter(move |(seen, _)| seen != name)
                    .map(|(seen, _)| (seen.clone(), name.clone()))
            })
            .collect()
    }

    fn finish(mut self, operations: Vec<Operation>, api: ApiInfo) -> TypeModel {
        let mut override_diagnostics = std::mem::take(&mut self.config_diags);
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
        for i in unused(USE_PAGING, ov.pagings.len(), &self.used) {
            let p = &ov.pagings[i];
            if !override_diagnostics.iter().any(|d| d.line == p.line) {
                override_diagnostics.push(err_unused(
                    p.line,
                    format!("no operation is named `{}`", p.operation),
                ));
            }
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
        override_diagnostics.sort_by_key(|d| d.line);
        let aliases = self.aliases();
        let mut types: Vec<TypeDef> = self.types.into_values().collect();
        links::resolve(&mut types, &aliases);
        // Only the types that remain (a merged group's name is gone).
        let type_origins = self
            .type_origins
            .into_iter()
            .filter(|(name, _)| types.iter().any(|t| &t.name == name))
            .collect();
        TypeModel {
            live_lock_types: self.consumed_lock_keys,
            names: self.names,
            type_origins,
            api,
            types,
            operations,
            diagnostics: self.diags,
            override_diagnostics,
        }
    }
}

/// The rule a type of this claim kind is named by.
pub(super) fn source_of_kind(kind: &str) -> NameSource {
    match kind.split([':', '(']).next().unwrap_or(kind) {
        "concept" => NameSource::Resource,
        "mson" => NameSource::Mson,
        "request" | "error" | "mson-body" => NameSource::Operation,
        "value" => NameSource::Keys,
        _ => NameSource::Field,
    }
}

/// What a type of this claim kind is named after, in words.
pub(super) fn detail_of_kind(kind: &str) -> &'static str {
    match kind.split([':', '(']).next().unwrap_or(kind) {
        "concept" => "the resources returning it",
        "mson" => "its `# Data Structures` name",
        "request" => "the operation it is the request of",
        "error" => "the error answers it is the body of",
        "mson-body" => "the operation it is the body of",
        "value" => "the values it was inferred from",
        "nested" | "mson-object" => "its parent and field",
        "shared" => "the places one shape is used",
        "union" => "its parent and field, of several kinds",
        "enum" | "mson-enum" => "the field or parameter it lists the values of",
        "mson-one-of" | "mson-one-of-option" => "its parent's `One Of`",
        _ => "its place in the spec",
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
