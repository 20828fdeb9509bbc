//! Concepts: which operations describe the same thing, and what the
//! spec's property tables say about it.

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::{Blueprint, Resource};
use serde_json::Value;

use super::enums::{self, DocTable};
use super::lattice::{self, ObjectShape, Shape, StringInfo};
use super::naming::{camel_ident, concept_name, is_name_like};
use super::structs::fields_name;
use super::{Inference, OpInfo};
use crate::model::{NameOrigin, NameSource, TypeRef};

/// A documented property table (`The stack object`): field → (type, description).
pub(super) struct PropertyTable {
    pub(super) heading: String,
    /// The link to the table in a description, `(#{heading})` (built once:
    /// every resource description is searched for it).
    pub(super) anchor: String,
    pub(super) concept: String,
    pub(super) rows: Vec<(String, String, String)>,
}

/// Every markdown table of the document's descriptions, in document order.
pub(super) fn doc_tables(bp: &Blueprint) -> Vec<DocTable> {
    // Documentation tables.
    let mut tables: Vec<DocTable> = enums::tables_in(&bp.description);
    for g in &bp.groups {
        tables.extend(enums::tables_in(&g.description));
        for r in &g.resources {
            tables.extend(enums::tables_in(&r.description));
            for a in &r.actions {
                tables.extend(enums::tables_in(&a.description));
            }
        }
    }
    tables
}

/// The property tables (`| Property | Data type | Description |`) with
/// the concept each documents (`The stack action object` → `StackAction`).
pub(super) fn property_tables(tables: &[DocTable]) -> Vec<PropertyTable> {
    tables
        .iter()
        .filter(|t| {
            t.header
                .first()
                .is_some_and(|h| h.eq_ignore_ascii_case("property"))
        })
        .map(|t| {
            let words: Vec<&str> = t
                .heading
                .split_whitespace()
                .filter(|w| !w.eq_ignore_ascii_case("the") && !w.eq_ignore_ascii_case("object"))
                .collect();
            let desc_col = t
                .header
                .iter()
                .position(|h| h.eq_ignore_ascii_case("description"))
                .unwrap_or(2);
            let rows = t
                .rows
                .iter()
                .filter_map(|r| {
                    let key = r.first()?.trim().replace(' ', "_");
                    Some((
                        key,
                        r.get(1).cloned().unwrap_or_default(),
                        r.get(desc_col).cloned().unwrap_or_default(),
                    ))
                })
                .collect();
            PropertyTable {
                heading: t.heading.clone(),
                anchor: format!("(#{})", t.heading),
                concept: camel_ident(&words.join(" ")),
                rows,
            }
        })
        .collect()
}

/// The property table a resource description links to (`(#The stack object)`).
pub(super) fn doc_link(property_tables: &[PropertyTable], r: &Resource) -> Option<usize> {
    property_tables
        .iter()
        .position(|t| r.description.contains(&t.anchor))
}

/// Groups operations with object bodies into concepts (union-find): same
/// resource concept name or same documented table with compatible keys, or
/// exactly the same keys when one side is an action result. Sets each
/// operation's `concept` and returns the members of each concept.
pub(super) fn group_concepts(
    ops: &mut [OpInfo<'_>],
    property_tables: &[PropertyTable],
) -> Vec<Vec<usize>> {
    let keysets: Vec<Option<BTreeSet<String>>> = ops
        .iter()
        .map(|op| {
            let objs: Vec<&serde_json::Map<String, Value>> =
                op.inner.iter().filter_map(|(v, _)| v.as_object()).collect();
            let struct_like = !objs.is_empty()
                && objs.len() == op.inner.len()
                && objs
                    .iter()
                    .all(|o| !o.is_empty() && o.keys().all(|k| is_name_like(k)));
            struct_like.then(|| objs.iter().flat_map(|o| o.keys().cloned()).collect())
        })
        .collect();
    // Per-operation facts, computed once rather than per pair (the pair
    // loop below is quadratic in the number of operations).
    // A resource named in another script is named by its path, as
    // `concept_name` below does: `/users` and `/users/{id}` are one concept.
    let names: Vec<String> = ops
        .iter()
        .map(|op| {
            if super::naming::words(&op.resource.name).is_empty() {
                super::naming::path_concept(&op.path).unwrap_or_default()
            } else {
                concept_name(&op.resource.name, true)
            }
        })
        .collect();
    let links: Vec<Option<usize>> = ops
        .iter()
        .map(|op| doc_link(property_tables, op.resource))
        .collect();
    let mut parent: Vec<usize> = (0..ops.len()).collect();
    for i in 0..ops.len() {
        let Some(ki) = &keysets[i] else { continue };
        for j in (i + 1)..ops.len() {
            let Some(kj) = &keysets[j] else { continue };
            let same_name = names[i] == names[j] && !names[i].is_empty();
            let same_doc = links[i].is_some() && links[i] == links[j];
            // Same keys: one concept when at least one side is an action
            // result (two `GET` resources with different names stay apart).
            let action_result = ops[i].action.method != "GET" || ops[j].action.method != "GET";
            if (ki == kj && action_result) || ((same_name || same_doc) && keys_compatible(ki, kj)) {
                union(&mut parent, i, j);
            }
        }
    }
    let mut concept_of_root: BTreeMap<usize, usize> = BTreeMap::new();
    let mut concepts: Vec<Vec<usize>> = Vec::new();
    for i in 0..ops.len() {
        if keysets[i].is_none() {
            continue;
        }
        let root = find(&mut parent, i);
        let c = *concept_of_root.entry(root).or_insert_with(|| {
            concepts.push(Vec::new());
            concepts.len() - 1
        });
        concepts[c].push(i);
        ops[i].concept = Some(c);
    }

    concepts
}

impl Inference<'_> {
    /// Joins each concept's examples (and documented property types), names
    /// it, registers it as a dedup group and collects its nested objects.
    /// Returns the final concept names.
    pub(super) fn build_concepts(
        &mut self,
        ops: &[OpInfo<'_>],
        concepts: &[Vec<usize>],
        property_tables: &[PropertyTable],
    ) -> Vec<String> {
        let doc_link = |r: &Resource| doc_link(property_tables, r);
        let mut concept_names: Vec<String> = Vec::new();
        for members in concepts {
            let mut shape = Shape::bottom();
            for &i in members {
                for (v, line) in &ops[i].inner {
                    shape.join(&Shape::of_value(v, *line));
                }
            }
            let mut obj = shape.object.clone().unwrap_or_default();
            let table = members.iter().find_map(|&i| doc_link(ops[i].resource));
            let inferred = self.concept_name(
                members,
                ops,
                table.map(|t| property_tables[t].concept.as_str()),
                &obj,
            );
            let line = ops[members[0]].inner.first().and_then(|(_, l)| *l);
            // A data structure of that name that keeps every example is
            // this concept: two types of one shape are one type.
            if let Some(declared) = self.declared_concept(&inferred, members, ops, &obj) {
                let gi = self.register_top(&obj, &declared, String::new());
                self.groups[gi].defined = true;
                self.concept_groups.push(gi);
                concept_names.push(declared);
                continue;
            }
            let mut candidates = self.concept_candidates(&inferred, members, ops, &obj);
            // A page's items are what the resources are about (`Warehouse`);
            // the page is `WarehousePage`.
            let page_items = super::paging::page_items_key(&obj);
            if page_items.is_some() {
                candidates.insert(
                    0,
                    (
                        format!("{inferred}Page"),
                        NameOrigin::new(NameSource::Resource, "a page of the resources' items"),
                    ),
                );
            }
            let name = self.claim_shape(&candidates, "concept", Some(&obj.key_set()), line);
            if let Some(key) = page_items {
                self.page_items
                    .insert((name.clone(), key), inferred.clone());
            }
            // Documented property types and descriptions.
            if let Some(t) = table {
                for (key, declared, desc) in &property_tables[t].rows {
                    if let Some(f) = obj.fields.iter_mut().find(|f| &f.key == key) {
                        if let Some(s) = table_shape(declared) {
                            f.shape.join(&s);
                        }
                        self.field_docs
                            .insert((name.clone(), key.clone()), desc.clone());
                    }
                }
            }
            let actions: Vec<String> = members
                .iter()
                .map(|&i| format!("`{}`", ops[i].action.name))
                .collect();
            let mut doc = match table {
                Some(t) => format!("{}.\n\n", property_tables[t].heading),
                None => String::new(),
            };
            doc.push_str(&format!("Returned by {}.", actions.join(", ")));
            let gi = self.register_top(&obj, &name, doc);
            self.concept_groups.push(gi);
            concept_names.push(name);
        }
        for (c, name) in concept_names.iter().enumerate() {
            let gi = self.concept_groups[c];
            if self.types.contains_key(name) {
                // A data structure: its nested types are its own.
                continue;
            }
            let obj = self.groups[gi].shape.clone();
            self.collect_nested(&obj, name);
        }

        concept_names
    }

    /// The data structure that is this concept: one named like it, or one
    /// with exactly its keys, whose type keeps every example of the concept
    /// (nothing lost or refused). Two types of one shape are one type.
    fn declared_concept(
        &self,
        inferred: &str,
        members: &[usize],
        ops: &[OpInfo<'_>],
        obj: &ObjectShape,
    ) -> Option<String> {
        let keys: BTreeSet<&str> = obj.fields.iter().map(|f| f.key.as_str()).collect();
        let same_keys = |name: &String| {
            self.types.get(name).is_some_and(|t| match &t.kind {
                crate::model::TypeKind::Struct { fields } => {
                    fields
                        .iter()
                        .map(|f| f.json.as_str())
                        .collect::<BTreeSet<_>>()
                        == keys
                }
                _ => false,
            })
        };
        let keeps_all = |name: &String| {
            let ty = TypeRef::Named(name.clone());
            members
                .iter()
                .flat_map(|&i| &ops[i].inner)
                .all(|(value, _)| super::validate::keeps_in(&self.types, &ty, value))
        };
        let named_alike = self.mson_names.values().find(|n| *n == inferred);
        named_alike
            .filter(|n| keeps_all(n))
            .or_else(|| {
                self.mson_names
                    .values()
                    .find(|n| !keys.is_empty() && same_keys(n) && keeps_all(n))
            })
            .cloned()
    }

    /// The names a concept could have, in order: its inferred name, then
    /// with a word of context for when another type has it: its resource's
    /// whole name (`TemplateInfo`), its keys when they are few
    /// (`BackupFileUrl`), what its first operation does (`TemplateInfoList`).
    fn concept_candidates(
        &self,
        inferred: &str,
        members: &[usize],
        ops: &[OpInfo<'_>],
        obj: &ObjectShape,
    ) -> Vec<(String, NameOrigin)> {
        let first = members
            .iter()
            .find(|&&i| ops[i].action.method == "GET")
            .or(members.first())
            .map(|&i| &ops[i]);
        let resource = first.map(|op| op.resource.name.as_str()).unwrap_or("");
        let mut out = vec![(
            inferred.to_owned(),
            NameOrigin::new(NameSource::Resource, format!("`{resource}`")),
        )];
        let mut push = |name: String, origin: NameOrigin| {
            if !name.is_empty() && !out.iter().any(|(n, _)| *n == name) {
                out.push((name, origin));
            }
        };
        let whole = whole_name(resource);
        push(
            whole.clone(),
            NameOrigin::new(NameSource::Resource, format!("`{resource}`, every word")),
        );
        if obj.fields.len() <= 2 {
            if let Some(keys) = fields_name(obj) {
                push(
                    format!("{inferred}{keys}"),
                    NameOrigin::new(NameSource::Keys, format!("its keys `{keys}`")),
                );
            }
        }
        if let Some(op) = first {
            let word = super::operation_names::crud_word(&op.action.method, &op.path);
            let stem = if whole.is_empty() {
                inferred
            } else {
                whole.as_str()
            };
            push(
                format!("{stem}{word}"),
                NameOrigin::new(
                    NameSource::Operation,
                    format!("`{}` of its path", op.action.method),
                ),
            );
        }
        out
    }

    /// The inferred name of a concept (see the module docs, step 4).
    pub(super) fn concept_name(
        &self,
        members: &[usize],
        ops: &[OpInfo<'_>],
        documented: Option<&str>,
        obj: &ObjectShape,
    ) -> String {
        if let Some(d) = documented {
            return d.to_owned();
        }
        if let Some(&i) = members.iter().find(|&&i| ops[i].action.method == "GET") {
            let n = concept_name(&ops[i].resource.name, false);
            if !n.is_empty() {
                return n;
            }
        }
        let others: BTreeSet<String> = members
            .iter()
            .map(|&i| concept_name(&ops[i].resource.name, true))
            .filter(|n| !n.is_empty())
            .collect();
        if others.len() == 1 && members.len() == 1 {
            let n = others.into_iter().next().unwrap_or_default();
            if !self.taken.contains(&n) {
                return n;
            }
        }
        // Resources named in another script: the path names the concept.
        let named = members
            .iter()
            .any(|&i| !super::naming::words(&ops[i].resource.name).is_empty());
        let from_path = members
            .iter()
            .find(|&&i| ops[i].action.method == "GET")
            .or(members.first())
            .and_then(|&i| super::naming::path_concept(&ops[i].path));
        match from_path {
            Some(name) if !named => name,
            _ => fields_name(obj).unwrap_or_else(|| camel_ident(&ops[members[0]].resource.name)),
        }
    }
}

/// The shape a property table's declared type stands for.
pub(super) fn table_shape(declared: &str) -> Option<Shape> {
    let mut s = Shape::bottom();
    match declared.trim().to_ascii_lowercase().as_str() {
        "int" | "integer" => {
            s.int = Some(lattice::IntInfo {
                non_negative: true,
                fits_i64: true,
            })
        }
        "string" => s.string = Some(StringInfo { date_time: false }),
        "datetime" | "date" => s.string = Some(StringInfo { date_time: true }),
        "bool" | "boolean" => s.boolean = true,
        "float" | "number" | "decimal" => s.float = true,
        _ => return None,
    }
    Some(s)
}

pub(super) fn keys_compatible(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let inter = a.intersection(b).count();
    let union = a.union(b).count();
    a.is_subset(b) || b.is_subset(a) || inter * 2 >= union
}

pub(super) fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

pub(super) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

/// A resource's name with every word (structure words such as `Info` or
/// `Collection` kept), the last singular: the context that tells apart two
/// concepts the shorter name would merge (`Device info` → `DeviceInfo`).
fn whole_name(resource: &str) -> String {
    let mut words = super::naming::words(resource);
    match words.last_mut() {
        Some(last) => *last = super::naming::singular(last),
        None => return String::new(),
    }
    camel_ident(&words.join(" "))
}
