//! Types from shapes: structs, maps, lists, untagged unions, and the
//! structural dedup groups of nested objects.

use std::collections::{BTreeMap, BTreeSet};

use super::lattice::{Kind, ObjectShape, Shape};
use super::naming::{camel_ident, concept_name, is_name_like, nested_name, snake_ident, unique};
use super::{Envelope, Group, Inference, OpInfo, USE_FIELD};
use crate::model::{Field, NameOrigin, NameSource, TypeDef, TypeKind, TypeRef, UntaggedVariant};

impl Inference<'_> {
    /// Whether `key`, made singular, names a type of the model
    /// (`templates` → `Template`).
    fn names_a_type(&self, key: &str) -> bool {
        let name = super::naming::camel_ident(&super::naming::singular(key));
        !name.is_empty() && self.types.contains_key(&name)
    }

    /// Shapes of responses that are not concepts (lists of scalars, maps,
    /// mixed shapes), with a base name; their nested objects join the
    /// dedup groups before any type is defined.
    pub(super) fn collect_loose(&mut self, ops: &[OpInfo<'_>]) -> BTreeMap<usize, (Shape, String)> {
        let mut loose: BTreeMap<usize, (Shape, String)> = BTreeMap::new();
        for (oi, op) in ops.iter().enumerate() {
            if op.concept.is_some() || op.envelope == Envelope::Empty {
                continue;
            }
            let mut shape = Shape::bottom();
            for (v, line) in &op.inner {
                shape.join(&Shape::of_value(v, *line));
            }
            let base = concept_name(&op.resource.name, op.action.method != "GET");
            let base = if !base.is_empty() {
                base
            } else if super::naming::words(&op.action.name).is_empty() {
                super::naming::path_concept(&op.path).unwrap_or_else(|| "Value".to_owned())
            } else {
                camel_ident(&op.action.name)
            };
            self.collect_shape(&shape, &base, "", false);
            loose.insert(oi, (shape, base));
        }

        loose
    }

    /// Claims the name of a nested object: `{Parent}{Field}`, or where a
    /// type of another shape has it, `{Parent}{Field}Summary` when its keys
    /// are a part of that type's (an embedded summary of it), else with its
    /// own keys (`ImageTagIdName`).
    fn claim_nested(&mut self, name: &str, o: &ObjectShape, line: Option<u32>) -> String {
        let mut candidates = vec![(
            name.to_owned(),
            NameOrigin::new(NameSource::Field, "its parent and field"),
        )];
        // The type that has the name: defined, or a concept still to be.
        let defined = self.types.get(name).map(|t| match &t.kind {
            TypeKind::Struct { fields } => fields.iter().map(|f| f.json.clone()).collect(),
            _ => Vec::new(),
        });
        let keys: Vec<String> = defined.unwrap_or_else(|| {
            self.groups
                .iter()
                .find(|g| g.name.as_deref() == Some(name))
                .map(|g| g.shape.fields.iter().map(|f| f.key.clone()).collect())
                .unwrap_or_default()
        });
        let part_of_it = !keys.is_empty() && o.fields.iter().all(|f| keys.contains(&f.key));
        if part_of_it {
            candidates.push((
                format!("{name}Summary"),
                NameOrigin::new(NameSource::Field, format!("a part of `{name}`'s keys")),
            ));
        }
        if let Some(keys) = fields_name(o) {
            candidates.push((
                format!("{name}{keys}"),
                NameOrigin::new(NameSource::Keys, format!("its keys `{keys}`")),
            ));
        }
        self.claim_shape(&candidates, "nested", Some(&o.key_set()), line)
    }

    /// The name of the object at `parent.key`: `{Parent}{Field}`, or for the
    /// items of a page the name of what its resources are about.
    fn nested_name(&self, parent: &str, key: &str, is_item: bool) -> String {
        match self.page_items.get(&(parent.to_owned(), key.to_owned())) {
            Some(items) if is_item => items.clone(),
            _ => nested_name(parent, key, is_item),
        }
    }

    /// Registers a top-level concept's shape as a group.
    pub(super) fn register_top(&mut self, obj: &ObjectShape, name: &str, doc: String) -> usize {
        let key = obj.key_set();
        let gi = self.groups.len();
        self.groups.push(Group {
            shape: obj.clone(),
            candidates: Vec::new(),
            name: Some(name.to_owned()),
            defined: false,
            top: true,
            doc,
        });
        self.group_by_keys.entry(key).or_insert(gi);
        gi
    }

    /// Collects nested objects into groups (structural dedup), depth first.
    pub(super) fn collect_nested(&mut self, obj: &ObjectShape, parent: &str) {
        for f in &obj.fields {
            self.collect_shape(&f.shape, parent, &f.key, false);
        }
    }

    pub(super) fn collect_shape(&mut self, shape: &Shape, parent: &str, key: &str, is_item: bool) {
        if let Some(items) = &shape.array {
            self.collect_shape(items, parent, key, true);
        }
        let Some(o) = &shape.object else { return };
        if !is_struct_obj(o) {
            // A map: its values are items named after the field.
            let mut values = Shape::bottom();
            for f in &o.fields {
                values.join(&f.shape);
            }
            self.collect_shape(&values, parent, key, true);
            return;
        }
        let name = self.nested_name(parent, key, is_item);
        let keys = o.key_set();
        let use_doc = use_phrase(parent, key, is_item);
        match self.group_by_keys.get(&keys).copied() {
            // A group already defined is not joined: its struct is written
            // (`type_of` uses it only where it admits these objects).
            Some(gi) if self.mergeable(gi, o) && !self.groups[gi].defined => {
                // Fold the nested examples into the shared type.
                self.groups[gi].shape.join(o);
                self.groups[gi].candidates.push((name.clone(), use_doc));
            }
            None if !has_id(o) => {
                let gi = self.groups.len();
                self.groups.push(Group {
                    shape: o.clone(),
                    candidates: vec![(name.clone(), use_doc)],
                    name: None,
                    defined: false,
                    top: false,
                    doc: String::new(),
                });
                self.group_by_keys.insert(keys, gi);
            }
            _ => {}
        }
        self.collect_nested(o, &name);
    }

    /// Whether a nested object joins group `gi` (same keys): objects without
    /// an `id` always do (value objects such as `{code, meaning}`); objects
    /// with one only join a top-level concept, and only with at least four
    /// keys (`{id, name}` pairs of unrelated lists stay apart).
    pub(super) fn mergeable(&self, gi: usize, o: &ObjectShape) -> bool {
        if !has_id(o) {
            return true;
        }
        self.groups[gi].top && o.fields.len() >= 4
    }

    /// Defines (once) the struct of group `gi`, and returns its name.
    pub(super) fn define_group(&mut self, gi: usize) -> String {
        if self.groups[gi].name.is_none() {
            let g = &self.groups[gi];
            let distinct: BTreeSet<&String> = g.candidates.iter().map(|(n, _)| n).collect();
            let first = g
                .candidates
                .first()
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let inferred = if distinct.len() == 1 {
                first
            } else {
                fields_name(&g.shape).unwrap_or(first)
            };
            let line = first_line(&g.shape);
            let origin = NameOrigin::new(NameSource::Field, "the places one shape is used");
            let keys = g.shape.key_set();
            let name = self.claim_shape(&[(inferred, origin)], "shared", Some(&keys), line);
            self.groups[gi].name = Some(name);
        }
        let name = self.groups[gi].name.clone().unwrap_or_default();
        if !self.groups[gi].defined {
            self.groups[gi].defined = true;
            let g = &self.groups[gi];
            // A use inside an object merged into another type names that
            // type, so two uses that are one can be told apart from two (one
            // use is checked with every doc once all types are named).
            let uses: Vec<String> = if g.candidates.len() > 1 {
                let aliases = self.aliases();
                dedup(
                    g.candidates
                        .iter()
                        .map(|(_, d)| super::links::aliased(d, &aliases))
                        .collect(),
                )
            } else {
                g.candidates.iter().map(|(_, d)| d.clone()).collect()
            };
            let doc = match (g.doc.is_empty(), uses.as_slice()) {
                (true, []) => String::new(),
                (true, [one]) => upper_first(one) + ".",
                (true, many) => format!("One shape for {}.", many.join(", ")),
                (false, []) => g.doc.clone(),
                (false, many) => format!("{}\n\nAlso {}.", g.doc, many.join(", ")),
            };
            // Lend the shape out instead of cloning it: defining the struct
            // may define other groups, but never reads this group's shape
            // again (it is `defined` now).
            let shape = std::mem::take(&mut self.groups[gi].shape);
            self.define_struct(&name, &shape, doc);
            self.groups[gi].shape = shape;
        }
        name
    }

    /// Defines a struct type named `name` (already claimed) from an object shape.
    pub(super) fn define_struct(&mut self, name: &str, obj: &ObjectShape, doc: String) {
        let mut fields = Vec::new();
        let mut rust_names = BTreeSet::new();
        for f in &obj.fields {
            let key = (name.to_owned(), f.key.clone());
            let pin = self
                .ov
                .fields
                .iter()
                .position(|p| p.type_name == name && p.field == f.key);
            let ty = if let Some(i) = pin {
                self.used.insert((USE_FIELD, i));
                self.ov.fields[i].pin.clone()
            } else if let Some(e) = self.field_enums.get(&key) {
                if f.shape.array.is_some() {
                    TypeRef::List(Box::new(TypeRef::Named(e.clone())))
                } else {
                    TypeRef::Named(e.clone())
                }
            } else {
                let t = self.type_of(&f.shape, name, &f.key, false);
                if f.shape.is_null_only() && !f.shape.is_bottom() {
                    let line = self.field_line(f.shape.line, &f.key);
                    self.warn(
                        "null-only-field",
                        line,
                        format!("`{}` of `{name}` is null in every example; typed as `serde_json::Value`", f.key),
                    );
                }
                t
            };
            let mut rust = snake_ident(&f.key);
            if rust_names.contains(&rust) {
                rust = unique(&format!("{rust}_"), &rust_names);
            }
            rust_names.insert(rust.clone());
            fields.push(Field {
                json: f.key.clone(),
                rust,
                ty,
                optional: f.present < obj.samples,
                nullable: f.shape.null,
                doc: self.field_docs.get(&key).cloned().unwrap_or_default(),
                example: f.shape.sample.clone(),
                flatten: false,
                fixed: None,
            });
        }
        self.types.insert(
            name.to_owned(),
            TypeDef {
                input: false,
                name: name.to_owned(),
                doc,
                kind: TypeKind::Struct { fields },
            },
        );
    }

    /// The type of a position (without the `Option` its nullability adds).
    pub(super) fn type_of(
        &mut self,
        shape: &Shape,
        parent: &str,
        key: &str,
        is_item: bool,
    ) -> TypeRef {
        let kinds = shape.kinds();
        match kinds.as_slice() {
            [] => TypeRef::Json,
            [Kind::Bool] => TypeRef::Bool,
            // A list of non-negative integers named after a type of the
            // model (`templates: [4865]` beside `Template`) holds its ids:
            // `u64`, as the ids in the type itself.
            [Kind::Number] if is_item && self.names_a_type(key) => match number_type(shape, key) {
                TypeRef::I64 if shape.int.is_some_and(|i| i.non_negative) => TypeRef::U64,
                other => other,
            },
            [Kind::Number] => number_type(shape, key),
            [Kind::String] => {
                if shape.string.is_some_and(|s| s.date_time) {
                    TypeRef::DateTime
                } else {
                    TypeRef::String
                }
            }
            // `kinds` says the array (object) is there; borrow it, no clone.
            [Kind::Array] => {
                let bottom = Shape::bottom();
                let items = shape.array.as_deref().unwrap_or(&bottom);
                let t = self.type_of(items, parent, key, true);
                TypeRef::List(Box::new(wrap_nullable(t, items)))
            }
            [Kind::Object] => {
                let empty = ObjectShape::default();
                let o = shape.object.as_ref().unwrap_or(&empty);
                if !is_struct_obj(o) {
                    let mut values = Shape::bottom();
                    for f in &o.fields {
                        values.join(&f.shape);
                    }
                    let t = self.type_of(&values, parent, key, true);
                    return TypeRef::Map(Box::new(wrap_nullable(t, &values)));
                }
                let keys = o.key_set();
                if let Some(&gi) = self.group_by_keys.get(&keys) {
                    if self.mergeable(gi, o) {
                        // The shared type must admit this position's values
                        // too: fold them in while it is still open, else use
                        // it only if it already does.
                        if !self.groups[gi].defined {
                            self.groups[gi].shape.join(o);
                            return TypeRef::Named(self.define_group(gi));
                        }
                        let group = &self.groups[gi].shape;
                        if group.samples > 0 && group.subsumes(o) {
                            return TypeRef::Named(self.define_group(gi));
                        }
                    }
                }
                let name =
                    self.claim_nested(&self.nested_name(parent, key, is_item), o, shape.line);
                let doc = upper_first(&use_phrase(parent, key, is_item)) + ".";
                self.define_struct(&name, o, doc);
                TypeRef::Named(name)
            }
            many => {
                let words: Vec<&str> = many.iter().map(|k| kind_word(*k)).collect();
                let scalar = many
                    .iter()
                    .all(|k| matches!(k, Kind::Bool | Kind::Number | Kind::String));
                let what = if key.is_empty() {
                    format!("`{parent}`")
                } else {
                    format!("`{key}` of `{parent}`")
                };
                if scalar {
                    let name = self.claim(
                        &nested_name(parent, if key.is_empty() { "value" } else { key }, is_item),
                        "union",
                        shape.line,
                    );
                    let mut variants = Vec::new();
                    for k in many {
                        let (vname, ty) = match k {
                            Kind::Bool => ("Bool", TypeRef::Bool),
                            Kind::Number => match number_type(shape, "") {
                                TypeRef::F64 => ("Float", TypeRef::F64),
                                TypeRef::Number => ("Number", TypeRef::Number),
                                other => ("Integer", other),
                            },
                            _ => ("String", TypeRef::String),
                        };
                        variants.push(UntaggedVariant {
                            name: vname.to_owned(),
                            ty,
                        });
                    }
                    let line = self.field_line(shape.line, key);
                    self.warn(
                        "conflicting-types",
                        line,
                        format!(
                            "{what} is {} across examples; typed as the untagged enum `{name}`",
                            words.join(" or ")
                        ),
                    );
                    self.types.insert(
                        name.clone(),
                        TypeDef {
                            input: false,
                            name: name.clone(),
                            doc: format!(
                                "{what}: a {} (the examples disagree).",
                                words.join(" or ")
                            ),
                            kind: TypeKind::Untagged { variants },
                        },
                    );
                    TypeRef::Named(name)
                } else {
                    let line = self.field_line(shape.line, key);
                    self.warn(
                        "conflicting-types",
                        line,
                        format!(
                            "{what} is {} across examples; typed as `serde_json::Value`",
                            words.join(" or ")
                        ),
                    );
                    TypeRef::Json
                }
            }
        }
    }
}

/// How a nested object is used, for its type's docs. An empty `key` is a
/// body that is an array or a map: its elements are named after the body,
/// for which no type exists to link to.
fn use_phrase(parent: &str, key: &str, is_item: bool) -> String {
    if key.is_empty() {
        "an element of a body that is a JSON array or map".to_owned()
    } else if is_item {
        format!("an item of `{key}` in [`{parent}`]")
    } else {
        format!("the `{key}` object of [`{parent}`]")
    }
}

/// A `T` that may also be `null` (when `null` and something else were seen).
pub(super) fn wrap_nullable(t: TypeRef, shape: &Shape) -> TypeRef {
    if shape.null && !shape.is_null_only() && t != TypeRef::Json {
        TypeRef::Option(Box::new(t))
    } else {
        t
    }
}

pub(super) fn has_id(o: &ObjectShape) -> bool {
    o.field("id").is_some()
}

/// An object with name-like keys (not a map).
pub(super) fn is_struct_obj(o: &ObjectShape) -> bool {
    !o.fields.is_empty() && o.fields.iter().all(|f| is_name_like(&f.key))
}

pub(super) fn is_struct_like(s: &Shape) -> bool {
    s.kinds() == [Kind::Object] && s.object.as_ref().is_some_and(is_struct_obj)
}

pub(super) fn is_id_or_count(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "id"
        || k.ends_with("_id")
        || k == "ids"
        || k.ends_with("_ids")
        || k == "count"
        || k.ends_with("_count")
}

pub(super) fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Bool => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

/// The Rust number type of a position: `serde_json::Number` where both
/// integers and fractions were seen (exact on re-encoding), `f64` with only
/// fractions or a negative integer beyond `i64`; `u64` for non-negative ids and counts
/// (and integers beyond `i64::MAX`); else `i64`.
pub(super) fn number_type(shape: &Shape, key: &str) -> TypeRef {
    match shape.int {
        // Integers and fractions both seen: a float would turn `1` into `1.0`.
        Some(_) if shape.float => TypeRef::Number,
        _ if shape.float => TypeRef::F64,
        Some(i) if !i.fits_i64 && !i.non_negative => TypeRef::F64,
        Some(i) if !i.fits_i64 => TypeRef::U64,
        Some(i) if i.non_negative && is_id_or_count(key) => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// A name from the keys of a small object (`{ok, message}` → `OkMessage`).
pub(super) fn fields_name(obj: &ObjectShape) -> Option<String> {
    (!obj.fields.is_empty() && obj.fields.len() <= 3).then(|| {
        obj.fields
            .iter()
            .map(|f| camel_ident(&f.key))
            .collect::<String>()
    })
}

pub(super) fn first_line(obj: &ObjectShape) -> Option<u32> {
    obj.fields.iter().find_map(|f| f.shape.line)
}

pub(super) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(super) fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    v.into_iter().filter(|s| seen.insert(s.clone())).collect()
}
