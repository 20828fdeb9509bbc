//! Declared types: MSON (`# Data Structures` and `+ Attributes`) turned into
//! the model's types. Where a payload has attributes, they win over its
//! examples; the examples are then checked against the declared type.
//!
//! # Rules
//!
//! - A named type (a data structure, or a resource's attributes) is a type of
//!   that name (`## User` → `User`); `+ Attributes (User)` uses it; inline
//!   attributes make a type named as an example-inferred one would be.
//!   Inheritance and `Include` mixins are flattened into fields by the parser.
//! - A property is `Option` unless `required` (MSON's default is optional),
//!   and `Option<Option<T>>` when also `nullable`; a `required, nullable`
//!   one is `Option<T>` (present, maybe `null`).
//! - `string` → `String`; `boolean` → `bool`; `number` → `i64` when every
//!   literal, sample and default written for it is an integer (`u64` for
//!   non-negative ids and counts, as for examples), `f64` when one is a
//!   fraction, and `serde_json::Number` when none is written (nothing says
//!   whether its values are integers: it keeps them exactly as sent);
//!   `array[T]` → `Vec<T>` (items of several types → `serde_json::Value`);
//!   `enum` → an enum with a catch-all variant (strings, or integers for
//!   `enum[number]`); an object with properties → a struct (nested ones named
//!   `{Parent}{Field}`); an object whose property names are variables
//!   (`*name*`) → a map; an object without properties → a map of JSON values.
//! - `One Of`: a flattened field (`one_of`) holding an untagged enum
//!   `{Parent}OneOf`, a variant per alternative (a struct of its properties,
//!   named after the first), tried in written order, plus `Other` (a map of
//!   the keys as received) when none matches, so nothing is lost.
//! - `fixed` values are documented on their fields ("Always `value`"); a
//!   string, number or boolean one is also an associated constant of its
//!   type (`Note::KIND`).
//! - Several success responses (or requests) of one action declaring
//!   different objects: one type with every property of every one, each
//!   `required` only where all of them require it. Declarations of
//!   different kinds keep the first; the others' examples are checked
//!   against it like written ones.

use std::borrow::Cow;

use blueprint_parser::{Blueprint, Member, MsonKind, MsonValue, Property, TypeAttribute};
use serde_json::Value;

use super::naming::{camel_ident, nested_name, snake_ident, unique};
use super::structs::is_id_or_count;
use super::{detail_of_kind, source_of_kind, Inference};
use crate::model::{EnumRepr, Field, NameOrigin, NameSource, TypeDef, TypeKind, TypeRef, Variant};

/// The named MSON types of a blueprint, in document order: data structures,
/// then resources with attributes, each with its spec name.
pub(super) fn named_types(bp: &Blueprint) -> Vec<(&str, &MsonValue)> {
    let mut out: Vec<(&str, &MsonValue)> = Vec::new();
    for d in &bp.data_structures {
        if !out.iter().any(|(n, _)| *n == d.name) {
            out.push((&d.name, &d.value));
        }
    }
    for r in bp.resources() {
        if let Some(a) = &r.attributes {
            if !r.name.is_empty() && !out.iter().any(|(n, _)| *n == r.name) {
                out.push((&r.name, a));
            }
        }
    }
    out
}

/// The integer-or-float decision for a `number` value: its literal, samples
/// and default as written.
fn number_type(value: &MsonValue, key: &str) -> TypeRef {
    let mut written: Vec<&str> = value.literal.iter().map(String::as_str).collect();
    written.extend(value.samples.iter().filter_map(|s| s.literal.as_deref()));
    written.extend(value.default.iter().filter_map(|d| d.literal.as_deref()));
    // What is not a number at all (`[1` of a list written `[1, 2, 3]`, which
    // the parser reports) says nothing about the numbers.
    let mut integers = Vec::new();
    let mut fraction = false;
    for w in &written {
        let w = w.trim();
        if let Ok(i) = w.parse::<i64>() {
            integers.push(i);
        } else if w.parse::<f64>().is_ok_and(f64::is_finite) {
            fraction = true;
        }
    }
    if fraction {
        TypeRef::F64
    } else if integers.is_empty() {
        // Nothing written says what the numbers look like: keep them exactly.
        TypeRef::Number
    } else if integers.iter().all(|&i| i >= 0) && is_id_or_count(key) {
        TypeRef::U64
    } else {
        TypeRef::I64
    }
}

/// A JSON value for a literal of `kind`, for examples in docs.
fn literal_value(kind: MsonKind, literal: &str) -> Option<Value> {
    match kind {
        MsonKind::String => Some(Value::String(literal.to_owned())),
        MsonKind::Number => serde_json::from_str(literal.trim())
            .ok()
            .filter(Value::is_number),
        MsonKind::Boolean => match literal.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// The properties of an object value, one of them named `name`.
fn property<'v>(value: &'v MsonValue, name: &str) -> Option<&'v Property> {
    value.properties.iter().find_map(|m| match m {
        Member::Property(p) if p.name == name => Some(&**p),
        _ => None,
    })
}

impl Inference<'_> {
    /// The result of an operation whose success body is declared with MSON
    /// attributes, read by the API's conventions like an example would be:
    /// a page's items, the envelope's content, or the body as declared.
    /// Returns it and whether the body is enveloped.
    /// `contexts` are words that tell the type apart from another that
    /// wants the name `base` (`HttpResult`, `ZoneList`), in order.
    pub(super) fn declared_response(
        &mut self,
        attributes: &MsonValue,
        base: &str,
        contexts: &[String],
    ) -> (crate::model::Response, bool) {
        use crate::model::Response;
        let conventions = self.conventions;
        let complete;
        // A reference names a type whose members the parser keeps once.
        let value = match attributes.reference_name() {
            Some(name) => match self.named_value(name) {
                Some(v) => {
                    complete = v;
                    &complete
                }
                None => attributes,
            },
            None => attributes,
        };
        if let Some(page) = &conventions.page {
            if let (Some(items), Some(_)) = (
                property(value, &page.items),
                property(value, &page.pagination),
            ) {
                let item = match self.mson_type(&items.value, base, "", false) {
                    TypeRef::List(item) => *item,
                    other => other,
                };
                return (Response::Page(item), false);
            }
        }
        if let Some(key) = &conventions.envelope {
            if value.properties.len() == 1 {
                if let Some(inner) = property(value, key) {
                    let t = self.mson_type(&inner.value, base, "", false);
                    return (Response::Single(t), true);
                }
            }
        }
        (
            Response::Single(self.declared_type(attributes, base, contexts)),
            false,
        )
    }

    /// The type MSON attributes declare, outside any convention: the named
    /// type for a reference, else a type named `base` (or `{base}{context}`
    /// with the first of `contexts` that is free, when another type has that
    /// name) for an object.
    pub(super) fn declared_type(
        &mut self,
        attributes: &MsonValue,
        base: &str,
        contexts: &[String],
    ) -> TypeRef {
        if attributes.reference_name().is_some() || says_nothing(attributes) {
            return self.mson_type(attributes, base, "", false);
        }
        match attributes.kind {
            MsonKind::Object if !is_map(attributes) => {
                TypeRef::Named(self.mson_object(base, attributes, "mson-body", contexts))
            }
            _ => self.mson_type(attributes, base, "", false),
        }
    }

    /// One declaration for the payloads of an action that each declare
    /// attributes (several transactions): the first when all say the same,
    /// else the union of their objects (see the module's rules).
    pub(super) fn merged_declaration<'v>(
        &self,
        declared: &[&'v MsonValue],
    ) -> Option<Cow<'v, MsonValue>> {
        let (first, rest) = declared.split_first()?;
        let same = |v: &&MsonValue| {
            v.reference_name().is_some() && v.reference_name() == first.reference_name()
                || strip_lines(v) == strip_lines(first)
        };
        if rest.iter().all(same) {
            return Some(Cow::Borrowed(first));
        }
        let complete: Vec<Cow<'v, MsonValue>> = declared
            .iter()
            .map(
                |v| match v.reference_name().and_then(|n| self.named_value(n)) {
                    Some(named) => Cow::Owned(named),
                    None => Cow::Borrowed(*v),
                },
            )
            .collect();
        if complete
            .iter()
            .any(|v| v.kind != MsonKind::Object || is_map(v))
        {
            return Some(Cow::Borrowed(first));
        }
        let mut merged = complete[0].clone().into_owned();
        merged.reference = false;
        merged.named_type = None;
        merged.type_name = None;
        for other in &complete[1..] {
            for member in &other.properties {
                let known = match member {
                    Member::Property(p) => merged
                        .properties
                        .iter()
                        .any(|m| matches!(m, Member::Property(q) if q.name == p.name)),
                    Member::OneOf(_) => merged.properties.contains(member),
                };
                if !known {
                    merged.properties.push(member.clone());
                }
            }
        }
        // Required only where every declaration has the property.
        for member in &mut merged.properties {
            if let Member::Property(p) = member {
                let everywhere = complete.iter().all(|v| property(v, &p.name).is_some());
                if !everywhere {
                    p.value
                        .type_attributes
                        .retain(|a| *a != TypeAttribute::Required);
                }
            }
        }
        Some(Cow::Owned(merged))
    }

    /// Whether a value of the named type `named` declares nothing of its own:
    /// its properties are all inherited and its items (an enum's members, a
    /// value written beside the type) are all the type's. It is then that
    /// type, not a new one.
    fn adds_nothing_to(&self, value: &MsonValue, named: &str) -> bool {
        let own_property = value.properties.iter().any(|m| match m {
            Member::Property(p) => p.from_type.is_none(),
            Member::OneOf(g) => g.from_type.is_none(),
        });
        if own_property {
            return false;
        }
        let Some(base) = self.mson_values.get(named) else {
            return value.items.is_empty();
        };
        value.items.iter().all(|item| {
            item.literal.is_some()
                && base
                    .items
                    .iter()
                    .any(|b| b.literal == item.literal && b.kind == item.kind)
        })
    }

    /// A named type's complete value (kept by the inference for references).
    fn named_value(&self, name: &str) -> Option<MsonValue> {
        self.mson_values.get(name).cloned()
    }

    /// Claims the names of every named MSON type (so references resolve
    /// whatever the order of definition), then defines each.
    pub(super) fn define_data_structures(&mut self, bp: &Blueprint) {
        let named = named_types(bp);
        for (name, value) in &named {
            let rust = self.claim(&camel_ident(name), "mson", None);
            self.mson_names.insert((*name).to_owned(), rust);
            self.mson_values
                .insert((*name).to_owned(), (*value).clone());
        }
        for (name, value) in named {
            let rust = self.mson_names.get(name).cloned().unwrap_or_default();
            let doc = value.description.trim().to_owned();
            self.define_mson(&rust, value, doc);
        }
    }

    /// The Rust type of a named MSON type (its final name).
    fn mson_named(&self, name: &str) -> Option<TypeRef> {
        self.mson_names.get(name).map(|n| TypeRef::Named(n.clone()))
    }

    /// Names and defines the type of an inline MSON object (or enum) that
    /// wants the name `base`: a type already defined for the same name with
    /// the same shape is that type (two declarations of one shape are one
    /// type); else a new one, named by [`Inference::claim`].
    fn mson_object(
        &mut self,
        base: &str,
        value: &MsonValue,
        kind: &str,
        contexts: &[String],
    ) -> String {
        // The shape is computed under the wanted name first, so that a type
        // declared twice compares equal to its first declaration.
        let before: std::collections::BTreeSet<String> = self.types.keys().cloned().collect();
        let diagnostics = self.diags.len();
        let mut shape = self.mson_kind(base, value);
        let same = self.mson_inline.get(base).and_then(|names| {
            names.iter().find(|n| {
                self.types
                    .get(*n)
                    .is_some_and(|t| same_shape(&t.kind, &shape))
            })
        });
        if let Some(existing) = same {
            return existing.clone();
        }
        let mut candidates = vec![(
            base.to_owned(),
            NameOrigin::new(source_of_kind(kind), detail_of_kind(kind)),
        )];
        for context in contexts.iter().filter(|c| !c.is_empty()) {
            candidates.push((
                format!("{base}{context}"),
                NameOrigin::new(NameSource::Operation, format!("the word `{context}`")),
            ));
        }
        // Where another type has the wanted name, this one's nested types
        // are named after the name it gets instead.
        let free = self.type_name_free(base, &format!("{kind}:{base}"));
        if !free {
            self.forget_types_since(&before, diagnostics);
        }
        let name = self.claim_among(&candidates, kind, Some(value.line));
        if !free {
            shape = self.mson_kind(&name, value);
        }
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                doc: value.description.trim().to_owned(),
                kind: shape,
                input: false,
            },
        );
        self.mson_inline
            .entry(base.to_owned())
            .or_default()
            .push(name.clone());
        name
    }

    /// Defines the type `name` (already claimed) from a complete value.
    fn define_mson(&mut self, name: &str, value: &MsonValue, doc: String) {
        let kind = self.mson_kind(name, value);
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                doc,
                kind,
                input: false,
            },
        );
    }

    /// The body of the type of a complete value, its nested types named
    /// after `name`.
    fn mson_kind(&mut self, name: &str, value: &MsonValue) -> TypeKind {
        match value.kind {
            _ if says_nothing(value) => TypeKind::Alias {
                target: TypeRef::Json,
            },
            MsonKind::Object if is_map(value) => TypeKind::Alias {
                target: self.map_type(value, name),
            },
            MsonKind::Object => TypeKind::Struct {
                fields: self.mson_fields(name, &value.properties),
            },
            MsonKind::Enum => {
                let (repr, variants) = enum_variants(value);
                TypeKind::Enum { repr, variants }
            }
            _ => TypeKind::Alias {
                target: self.mson_type(value, name, "", false),
            },
        }
    }

    /// The Rust type of a value at `parent.key` (`is_item` for array items).
    pub(super) fn mson_type(
        &mut self,
        value: &MsonValue,
        parent: &str,
        key: &str,
        is_item: bool,
    ) -> TypeRef {
        if says_nothing(value) {
            return TypeRef::Json;
        }
        if let Some(named) = value.named_type.as_deref() {
            if value.reference || self.adds_nothing_to(value, named) {
                if let Some(t) = self.mson_named(named) {
                    return t;
                }
            }
        }
        match value.kind {
            MsonKind::String => TypeRef::String,
            MsonKind::Boolean => TypeRef::Bool,
            MsonKind::Number => number_type(value, key),
            MsonKind::Array => {
                let item = self.item_type(value, parent, key);
                TypeRef::List(Box::new(item))
            }
            MsonKind::Enum => {
                let base = nested_name(parent, if key.is_empty() { "value" } else { key }, is_item);
                TypeRef::Named(self.mson_object(&base, value, "mson-enum", &[]))
            }
            MsonKind::Object if is_map(value) => self.map_type(value, parent),
            MsonKind::Object => {
                let base = nested_name(parent, if key.is_empty() { "value" } else { key }, is_item);
                TypeRef::Named(self.mson_object(&base, value, "mson-object", &[]))
            }
        }
    }

    /// The type of an array's items: its nested type, else its written items.
    fn item_type(&mut self, array: &MsonValue, parent: &str, key: &str) -> TypeRef {
        match array.nested_types.as_slice() {
            [one] => return self.type_name(one, array, parent, key),
            [] => {}
            _ => return TypeRef::Json,
        }
        let before: std::collections::BTreeSet<String> = self.types.keys().cloned().collect();
        let diagnostics = self.diags.len();
        let mut types: Vec<TypeRef> = Vec::new();
        for item in &array.items {
            let t = self.mson_type(item, parent, key, true);
            if !types.contains(&t) {
                types.push(t);
            }
        }
        match types.as_slice() {
            [one] => one.clone(),
            _ => {
                // Items of several shapes are values: the types made for
                // them would be used nowhere.
                self.forget_types_since(&before, diagnostics);
                TypeRef::Json
            }
        }
    }

    /// Forgets the types defined since `before` was the set of type names
    /// (their names, lock entries and the collision warnings they caused
    /// since the `diagnostics`-th), for types made and then not used.
    fn forget_types_since(
        &mut self,
        before: &std::collections::BTreeSet<String>,
        diagnostics: usize,
    ) {
        let new: Vec<String> = self
            .types
            .keys()
            .filter(|name| !before.contains(*name))
            .cloned()
            .collect();
        for name in &new {
            self.types.remove(name);
            self.taken.remove(name);
            self.type_origins.remove(name);
            self.names.types.retain(|_, given| given != name);
            for names in self.mson_inline.values_mut() {
                names.retain(|n| n != name);
            }
        }
        let mut index = 0;
        self.diags.retain(|d| {
            index += 1;
            index <= diagnostics || d.code != "type-name-collision"
        });
    }

    /// The type a type name in brackets stands for (`Tag`, `string`, `number`).
    fn type_name(&mut self, name: &str, array: &MsonValue, parent: &str, key: &str) -> TypeRef {
        match name.trim() {
            "string" => TypeRef::String,
            "boolean" => TypeRef::Bool,
            "number" => {
                // The items written decide, as for a number value.
                let mut joined: Option<TypeRef> = None;
                for item in &array.items {
                    let t = number_type(item, key);
                    joined = Some(match joined {
                        None => t,
                        Some(j) if j == t => j,
                        Some(_) => TypeRef::Number,
                    });
                }
                joined.unwrap_or(TypeRef::Number)
            }
            "object" => TypeRef::Map(Box::new(TypeRef::Json)),
            "array" => TypeRef::List(Box::new(TypeRef::Json)),
            other => match self.mson_named(other) {
                Some(t) => t,
                None => {
                    let _ = parent;
                    TypeRef::Json
                }
            },
        }
    }

    /// A map for an object with variable property names (or none at all).
    fn map_type(&mut self, value: &MsonValue, parent: &str) -> TypeRef {
        let mut values: Vec<TypeRef> = Vec::new();
        for member in &value.properties {
            if let Member::Property(p) = member {
                let t = self.mson_type(&p.value, parent, "value", true);
                if !values.contains(&t) {
                    values.push(t);
                }
            }
        }
        let value_type = match values.as_slice() {
            [one] => one.clone(),
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value_type))
    }

    /// The fields of an object's members; each `One Of` is a flattened
    /// field holding its alternatives (see [`Self::one_of_type`]).
    fn mson_fields(&mut self, type_name: &str, members: &[Member]) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        let mut rust_names = std::collections::BTreeSet::new();
        let mut groups = 0;
        for member in members {
            let field = match member {
                Member::Property(p) if fields.iter().any(|f| f.json == p.name) => continue,
                Member::Property(p) => {
                    let mut field = self.mson_field(type_name, p);
                    field.rust = snake_ident(&p.name);
                    field
                }
                Member::OneOf(group) => {
                    groups += 1;
                    let ty = self.one_of_type(type_name, group, groups);
                    let rust = if groups == 1 {
                        "one_of".to_owned()
                    } else {
                        format!("one_of_{groups}")
                    };
                    Field {
                        json: String::new(),
                        rust,
                        ty,
                        optional: false,
                        nullable: false,
                        doc: "Which alternative of the `One Of` the object holds (its keys sit in the object itself).".to_owned(),
                        example: None,
                        flatten: true,
                        fixed: None,
                    }
                }
            };
            let mut field = field;
            if rust_names.contains(&field.rust) {
                field.rust = unique(&format!("{}_", field.rust), &rust_names);
            }
            rust_names.insert(field.rust.clone());
            fields.push(field);
        }
        fields
    }

    /// The field of one property (its Rust name is set by the caller).
    fn mson_field(&mut self, type_name: &str, p: &Property) -> Field {
        let ty = self.mson_type(&p.value, type_name, &p.name, false);
        let mut doc = p.value.description.trim().to_owned();
        if p.value.has(TypeAttribute::Fixed) {
            if let Some(literal) = &p.value.literal {
                if !doc.is_empty() {
                    if !doc.ends_with(['.', '!', '?', ':']) {
                        doc.push('.');
                    }
                    doc.push_str("\n\n");
                }
                doc.push_str(&format!("Always `{}`.", literal.replace('`', "'")));
            }
        }
        let example = p
            .value
            .literal
            .as_deref()
            .and_then(|l| literal_value(p.value.kind, l));
        // A constant only where Rust can spell one of the field's type: a
        // fixed enum member or object is already said by its type.
        let fixed = example.clone().filter(|_| {
            p.value.has(TypeAttribute::Fixed)
                && matches!(
                    ty,
                    TypeRef::String | TypeRef::Bool | TypeRef::I64 | TypeRef::U64 | TypeRef::F64
                )
        });
        Field {
            json: p.name.clone(),
            rust: String::new(),
            ty,
            optional: !p.value.is_required(),
            nullable: p.value.is_nullable(),
            doc,
            example,
            flatten: false,
            fixed,
        }
    }

    /// The untagged enum of a `One Of`: a variant per alternative, holding a
    /// struct of its properties (a lone property is required there: it is
    /// what tells the alternative), tried in written order, and a catch-all
    /// `Other` map for an object with none of them (or an alternative's
    /// value of an unexpected type), so nothing received is lost.
    fn one_of_type(
        &mut self,
        parent: &str,
        group: &blueprint_parser::OneOf,
        rank: usize,
    ) -> TypeRef {
        let base = if rank == 1 {
            format!("{parent}OneOf")
        } else {
            format!("{parent}OneOf{rank}")
        };
        let name = self.claim(&base, "mson-one-of", Some(group.line));
        let mut variants = Vec::new();
        let mut taken = std::collections::BTreeSet::from(["Other".to_owned()]);
        for option in &group.options {
            let first = option.properties.iter().find_map(|m| match m {
                Member::Property(p) => Some(p.name.as_str()),
                Member::OneOf(_) => None,
            });
            let variant = unique(&camel_ident(first.unwrap_or("Alternative")), &taken);
            taken.insert(variant.clone());
            let struct_name = self.claim(
                &format!("{parent}{variant}"),
                "mson-one-of-option",
                Some(option.line),
            );
            let mut fields = self.mson_fields(&struct_name, &option.properties);
            if let [only] = fields.as_mut_slice() {
                only.optional = false;
            }
            let doc = format!(
                "The `{}` alternative of [`{name}`].",
                first.unwrap_or("first")
            );
            self.types.insert(
                struct_name.clone(),
                TypeDef {
                    name: struct_name.clone(),
                    doc,
                    kind: TypeKind::Struct { fields },
                    input: false,
                },
            );
            variants.push(crate::model::UntaggedVariant {
                name: variant,
                ty: TypeRef::Named(struct_name),
            });
        }
        variants.push(crate::model::UntaggedVariant {
            name: "Other".to_owned(),
            ty: TypeRef::Map(Box::new(TypeRef::Json)),
        });
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                doc: "One of the alternatives of an MSON `One Of`: the first whose keys the object has, else `Other` with the keys as received.".to_owned(),
                kind: TypeKind::Untagged { variants },
                input: false,
            },
        );
        TypeRef::Named(name)
    }
}

/// Whether two type bodies are the same shape: the same fields (names,
/// types, optionality), variants or target; documentation aside.
fn same_shape(a: &TypeKind, b: &TypeKind) -> bool {
    match (a, b) {
        (TypeKind::Struct { fields: x }, TypeKind::Struct { fields: y }) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    (
                        &f.json, &f.rust, &f.ty, f.optional, f.nullable, f.flatten, &f.fixed,
                    ) == (
                        &g.json, &g.rust, &g.ty, g.optional, g.nullable, g.flatten, &g.fixed,
                    )
                })
        }
        (
            TypeKind::Enum {
                repr: r,
                variants: x,
            },
            TypeKind::Enum {
                repr: s,
                variants: y,
            },
        ) => {
            r == s
                && x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(v, w)| v.name == w.name && v.value == w.value)
        }
        (TypeKind::Untagged { variants: x }, TypeKind::Untagged { variants: y }) => x == y,
        (TypeKind::Alias { target: x }, TypeKind::Alias { target: y }) => x == y,
        _ => false,
    }
}

/// A value with its positions cleared, to compare declarations written twice.
/// Whether a value is of a type the spec never defines (which lenient
/// generation allows) and has no members of its own: nothing says what its
/// values are, so they are `serde_json::Value`.
fn says_nothing(value: &MsonValue) -> bool {
    value.unknown_type && value.properties.is_empty() && value.items.is_empty()
}

fn strip_lines(value: &MsonValue) -> MsonValue {
    let mut v = value.clone();
    clear_lines(&mut v);
    v
}

fn clear_lines(v: &mut MsonValue) {
    v.line = 0;
    v.column = 0;
    for m in &mut v.properties {
        clear_member_lines(m);
    }
    for item in v.items.iter_mut().chain(v.samples.iter_mut()) {
        clear_lines(item);
    }
    if let Some(d) = &mut v.default {
        clear_lines(d);
    }
}

fn clear_member_lines(m: &mut Member) {
    match m {
        Member::Property(p) => clear_lines(&mut p.value),
        Member::OneOf(group) => {
            group.line = 0;
            group.column = 0;
            for option in &mut group.options {
                option.line = 0;
                option.column = 0;
                for m in &mut option.properties {
                    clear_member_lines(m);
                }
            }
        }
    }
}

/// Whether an object is a map: its properties have variable names, or it
/// has none at all (any keys).
fn is_map(value: &MsonValue) -> bool {
    let properties: Vec<&Property> = value
        .properties
        .iter()
        .filter_map(|m| match m {
            Member::Property(p) => Some(&**p),
            Member::OneOf(_) => None,
        })
        .collect();
    let has_one_of = value
        .properties
        .iter()
        .any(|m| matches!(m, Member::OneOf(_)));
    (properties.is_empty() && !has_one_of)
        || (!properties.is_empty() && properties.iter().all(|p| p.variable_name))
}

/// The variants of an enum value: its members' literals, strings or
/// integers (`enum[number]`), named uniquely.
fn enum_variants(value: &MsonValue) -> (EnumRepr, Vec<Variant>) {
    let numeric = value.nested_types.iter().any(|t| t.trim() == "number")
        || (!value.items.is_empty() && value.items.iter().all(|i| i.kind == MsonKind::Number));
    // A value written beside `enum` (`state: open (enum)`) is also an item:
    // each value once, with the first description written for it.
    let mut literals: Vec<(&str, &str)> = Vec::new();
    for item in &value.items {
        let Some(literal) = item.literal.as_deref() else {
            continue;
        };
        match literals.iter_mut().find(|(l, _)| *l == literal) {
            Some((_, doc)) if doc.trim().is_empty() => *doc = &item.description,
            Some(_) => {}
            None => literals.push((literal, &item.description)),
        }
    }
    let integers = numeric
        && literals
            .iter()
            .all(|(l, _)| l.trim().parse::<i64>().is_ok());
    let repr = if integers {
        EnumRepr::Integer
    } else {
        EnumRepr::String
    };
    let mut taken = std::collections::BTreeSet::new();
    let variants = literals
        .iter()
        .map(|(literal, doc)| {
            let base = if integers {
                format!("N{}", literal.trim().trim_start_matches('-'))
            } else {
                camel_ident(literal)
            };
            let name = unique(&base, &taken);
            taken.insert(name.clone());
            let value = if integers {
                Value::from(literal.trim().parse::<i64>().unwrap_or_default())
            } else {
                Value::String((*literal).to_owned())
            };
            Variant {
                name,
                value,
                doc: doc.trim().to_owned(),
            }
        })
        .collect();
    (repr, variants)
}

/// Checks every example of an operation with a declared (MSON) result, and
/// of a declared request body, against the declared type. An example it
/// does not keep whole (a value of another type, a key it does not declare)
/// is a warning at the example's line and is left out of the
/// generated tests: the declared type is the contract, and the example is
/// what is wrong. Examples rendered from attributes are checked too: those
/// of a declaration of another kind than the one kept do not match.
pub(super) fn check_declared_examples(model: &mut crate::model::TypeModel) {
    use blueprint_parser::Diagnostic;
    let what = |e: &crate::model::Example| {
        if e.generated {
            "body rendered from its attributes (a recursive type is cut short in it, or another transaction declares another shape)"
        } else {
            "example"
        }
    };
    let mut warnings = Vec::new();
    let mut kept_per_op = Vec::new();
    for op in &model.operations {
        let keep_response: Vec<bool> = op
            .examples
            .iter()
            .map(|e| !op.declared || super::validate::keeps_response(model, op, &e.value))
            .collect();
        let keep_request: Vec<bool> = op
            .request
            .iter()
            .flat_map(|r| &r.examples)
            .map(|e| {
                let ty = op.request.as_ref().map(|r| &r.ty);
                ty.is_none_or(|t| super::validate::keeps(model, t, &e.value))
            })
            .collect();
        for (e, keep) in op.examples.iter().zip(&keep_response) {
            if !keep {
                warnings.push(Diagnostic::warning(
                    "example-does-not-match",
                    e.line,
                    1,
                    format!(
                        "this {} of `{}` does not decode whole as its declared type `{}`; it is left out of the generated tests",
                        what(e),
                        op.action,
                        op.response.rust_spelling()
                    ),
                ));
            }
        }
        if let Some(r) = &op.request {
            for (e, keep) in r.examples.iter().zip(&keep_request) {
                if !keep {
                    warnings.push(Diagnostic::warning(
                        "example-does-not-match",
                        e.line,
                        1,
                        format!(
                            "this request {} of `{}` does not decode whole as its declared type `{}`; it is left out of the generated tests",
                            what(e),
                            op.action,
                            r.ty.rust_spelling()
                        ),
                    ));
                }
            }
        }
        kept_per_op.push((keep_response, keep_request));
    }
    for (op, (keep_response, keep_request)) in model.operations.iter_mut().zip(kept_per_op) {
        let mut keep = keep_response.into_iter();
        op.examples.retain(|_| keep.next().unwrap_or(true));
        if let Some(r) = &mut op.request {
            let mut keep = keep_request.into_iter();
            r.examples.retain(|_| keep.next().unwrap_or(true));
        }
    }
    model.diagnostics.extend(warnings);
    model
        .diagnostics
        .sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
}
