//! The JSON body drafter renders from attributes (its `JsonValue.cc`):
//! a property is its literal, else its first sample, else its default, else
//! `null` when nullable, else an empty value (`""`, `0`, `false`, `{}`, `[]`);
//! an explicitly `optional` property without any value is left out; array
//! items of a primitive type without a value are left out unless `fixed`; an
//! enum is its value, else sample, default, `null` when nullable, else its
//! first member; `One Of` renders its first option; a named type used
//! inside itself renders as an empty value.

use std::sync::Arc;

use super::read::{base_kind, is_number, role, Role};
use super::{named_types, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::grammar::FastMap;
use crate::ir::{Blueprint, Header, Member, MsonKind, MsonValue, Payload};
use crate::parser::is_json_media_type;

/// A JSON value as drafter prints it (numbers keep their written digits).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Writes the value pretty-printed with two-space indentation (drafter's format).
    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    break_line(out, indent + 1);
                    item.write(out, indent + 1);
                }
                if !items.is_empty() {
                    break_line(out, indent);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    break_line(out, indent + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                }
                if !members.is_empty() {
                    break_line(out, indent);
                }
                out.push('}');
            }
        }
    }
}

fn break_line(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Inherited rendering state (drafter's type-attribute flags).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    fixed: bool,
    nullable: bool,
}

impl Flags {
    /// Adds the value's own `fixed`/`nullable`.
    fn with(self, v: &MsonValue) -> Self {
        Self {
            fixed: self.fixed || v.has(crate::ir::TypeAttribute::Fixed),
            nullable: self.nullable || v.is_nullable(),
        }
    }
}

struct Renderer<'m, 'b> {
    named: &'m FastMap<&'b str, &'b MsonValue>,
    /// Named types being rendered, innermost last.
    stack: Vec<&'b str>,
    /// Values still allowed in this body (named types used several times
    /// in each other could make it exponentially large).
    budget: usize,
}

/// Most values one generated body may hold.
const BODY_BUDGET: usize = 100_000;

impl<'b> Renderer<'_, 'b> {
    /// The named type `v` refers to, unless it is already being rendered.
    fn target(&self, v: &MsonValue) -> Option<&'b MsonValue> {
        let name = v.reference_name()?;
        if self.stack.len() > MAX_DEPTH || self.stack.contains(&name) {
            return None;
        }
        self.named.get(name).copied()
    }

    fn value(&mut self, v: &'b MsonValue, flags: Flags) -> Json {
        if self.budget == 0 {
            return Json::Null;
        }
        self.budget -= 1;
        let flags = flags.with(v);
        if v.reference && !own_value_or_sample(v) {
            return match self.target(v) {
                Some(t) => {
                    self.stack.push(v.named_type.as_deref().unwrap_or_default());
                    let json = self.value(t, flags);
                    self.stack.pop();
                    json
                }
                None => empty(v.kind),
            };
        }
        match v.kind {
            MsonKind::Object => {
                if v.properties.is_empty() {
                    return self.fallback(v, flags).unwrap_or(Json::Object(Vec::new()));
                }
                let mut members = Vec::new();
                for m in &v.properties {
                    self.property(&mut members, m, flags);
                }
                Json::Object(members)
            }
            MsonKind::Array => {
                let hinted = self.hinted_items(v, flags);
                if v.items.is_empty() && hinted.is_empty() {
                    return self.fallback(v, flags).unwrap_or(Json::Array(Vec::new()));
                }
                let mut items = hinted;
                for item in &v.items {
                    let f = self.inherit(flags, item).with(item);
                    let rendered = !primitive(item.kind)
                        || item.reference
                        || f.fixed
                        || self.defines_value(item);
                    if rendered {
                        let f = self.inherit(f, item);
                        items.push(self.value(item, f));
                    }
                }
                Json::Array(items)
            }
            MsonKind::Enum => {
                // A single inline value is the enum's value.
                if role(v) == Role::Value && v.literal.is_some() {
                    if let Some(one) = v.items.iter().find(|i| i.literal == v.literal) {
                        return self.value(
                            one,
                            Flags {
                                nullable: false,
                                ..flags
                            },
                        );
                    }
                }
                if let Some(j) = self.fallback(v, flags) {
                    return j;
                }
                match v.items.first() {
                    Some(first) => self.value(
                        first,
                        Flags {
                            nullable: false,
                            ..flags
                        },
                    ),
                    None => Json::Null,
                }
            }
            kind => match (role(v), &v.literal) {
                (Role::Value, Some(l)) => literal(kind, l),
                _ => self.fallback(v, flags).unwrap_or_else(|| empty(kind)),
            },
        }
    }

    /// The first sample, else the default, else `null` when nullable.
    fn fallback(&mut self, v: &'b MsonValue, flags: Flags) -> Option<Json> {
        if let Some(s) = v.samples.first() {
            return Some(self.sample(v.kind, s, flags));
        }
        if let Some(d) = &v.default {
            return Some(self.sample(v.kind, d, flags));
        }
        flags.nullable.then_some(Json::Null)
    }

    /// A sample or default value of a value of `kind`.
    fn sample(&mut self, kind: MsonKind, s: &'b MsonValue, flags: Flags) -> Json {
        let flags = Flags {
            nullable: false,
            ..flags
        };
        match kind {
            MsonKind::Object => {
                let mut members = Vec::new();
                for m in &s.properties {
                    self.property(&mut members, m, flags);
                }
                Json::Object(members)
            }
            MsonKind::Array => {
                let items = s.items.iter().map(|i| self.value(i, flags)).collect();
                Json::Array(items)
            }
            MsonKind::Enum => match s.items.first() {
                Some(first) => self.value(first, flags),
                None => s
                    .literal
                    .as_ref()
                    .map_or(Json::Null, |l| Json::String(l.clone())),
            },
            kind => s
                .literal
                .as_ref()
                .map_or_else(|| empty(kind), |l| literal(kind, l)),
        }
    }

    /// Items drafter adds for the types in `array[…]` when no values are
    /// written inline: named and structure types render, primitives only when fixed.
    fn hinted_items(&mut self, v: &'b MsonValue, flags: Flags) -> Vec<Json> {
        let inline_values = role(v) == Role::Value && v.literal.is_some();
        if v.nested_types.is_empty() || (inline_values && v.nested_types.len() < 2) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for n in &v.nested_types {
            let lower = n.chars().all(|c| c.is_ascii_lowercase());
            let named = self.named.get(n.as_str()).copied();
            match (base_kind(n), named) {
                (Some(kind), None) | (Some(kind), Some(_)) if lower || named.is_none() => {
                    match kind {
                        MsonKind::Object | MsonKind::Array | MsonKind::Enum => {
                            out.push(empty(kind))
                        }
                        _ if flags.fixed => out.push(empty(kind)),
                        _ => {}
                    }
                }
                (_, Some(t)) => {
                    if self.stack.len() <= MAX_DEPTH && !self.stack.contains(&n.as_str()) {
                        self.stack.push(n.as_str());
                        let json = self.value(t, Flags::default());
                        self.stack.pop();
                        out.push(json);
                    } else {
                        out.push(empty(t.kind));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Renders a member into `members`.
    fn property(&mut self, members: &mut Vec<(String, Json)>, m: &'b Member, flags: Flags) {
        match m {
            Member::Property(p) => {
                let v = &p.value;
                let mut flags = self.inherit(flags, v).with(v);
                if p.variable_name {
                    flags.fixed = v.has(crate::ir::TypeAttribute::Fixed);
                }
                if v.has(crate::ir::TypeAttribute::Optional) && !self.defines_value(v) {
                    return;
                }
                if p.name.is_empty() {
                    return;
                }
                let json = self.value(v, flags);
                match members.iter_mut().find(|(k, _)| *k == p.name) {
                    Some(slot) => slot.1 = json,
                    None => members.push((p.name.clone(), json)),
                }
            }
            Member::OneOf(o) => {
                if let Some(option) = o.options.iter().find(|o| !o.properties.is_empty()) {
                    for m in &option.properties {
                        self.property(members, m, flags);
                    }
                }
            }
        }
    }

    /// drafter's `inheritOrPassFlags`: `nullable` does not pass to members;
    /// `fixed` passes to those whose value is determined.
    fn inherit(&self, flags: Flags, v: &'b MsonValue) -> Flags {
        let fixed = flags.fixed
            && match v.kind {
                MsonKind::Object => true,
                MsonKind::Enum => {
                    v.default.is_some() || role(v) == Role::Value && v.literal.is_some()
                }
                _ => self.defines_value(v),
            };
        Flags {
            fixed,
            nullable: false,
        }
    }

    /// Whether `v` (or the named type it refers to) has a value, sample or default.
    fn defines_value(&self, v: &'b MsonValue) -> bool {
        if own_value_or_sample(v) || !v.properties.is_empty() || !v.items.is_empty() {
            return true;
        }
        if v.reference {
            if let Some(t) = self.target(v) {
                return own_value_or_sample(t) || !t.properties.is_empty() || !t.items.is_empty();
            }
        }
        false
    }
}

/// Whether `v` has a literal (an object's is ignored, like drafter), a
/// sample or a default of its own.
fn own_value_or_sample(v: &MsonValue) -> bool {
    (v.literal.is_some() && v.kind != MsonKind::Object)
        || !v.samples.is_empty()
        || v.default.is_some()
}

fn primitive(kind: MsonKind) -> bool {
    !kind.is_structure()
}

/// A literal of a primitive kind (invalid numbers and booleans render like drafter's).
fn literal(kind: MsonKind, text: &str) -> Json {
    match kind {
        MsonKind::Number if is_number(text) => Json::Number(text.trim().to_owned()),
        MsonKind::Number => Json::Number("0".to_owned()),
        MsonKind::Boolean => Json::Bool(text.trim() == "true"),
        _ => Json::String(text.to_owned()),
    }
}

/// The value of a kind without anything to render.
fn empty(kind: MsonKind) -> Json {
    match kind {
        MsonKind::Object => Json::Object(Vec::new()),
        MsonKind::Array => Json::Array(Vec::new()),
        MsonKind::Enum => Json::Null,
        MsonKind::String => Json::String(String::new()),
        MsonKind::Number => Json::Number("0".to_owned()),
        MsonKind::Boolean => Json::Bool(false),
    }
}

/// Renders the JSON body of `attributes` in drafter's format; `None` when
/// it would hold more than [`BODY_BUDGET`] values.
fn render(attributes: &MsonValue, named: &FastMap<&str, &MsonValue>) -> Option<String> {
    let mut r = Renderer {
        named,
        stack: Vec::new(),
        budget: BODY_BUDGET,
    };
    let json = r.value(attributes, Flags::default());
    if r.budget == 0 {
        return None;
    }
    let mut out = String::new();
    json.write(&mut out, 0);
    Some(out)
}

/// The media type drafter uses: the payload's, else its `Content-Type` header.
fn effective_media_type<'p>(media_type: Option<&'p str>, headers: &'p [Header]) -> Option<&'p str> {
    media_type.or_else(|| {
        headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.as_str())
    })
}

/// What to set on one payload.
struct Generated {
    is_json: bool,
    body: Option<String>,
    /// The payload's line when its body was too large to generate.
    too_large: Option<(u32, u32)>,
}

fn generated(
    p: &Payload,
    fallback: Option<&MsonValue>,
    named: &FastMap<&str, &MsonValue>,
) -> Generated {
    let is_json =
        effective_media_type(p.media_type.as_deref(), &p.headers).is_some_and(is_json_media_type);
    let (body, too_large) = match (&p.body, p.attributes.as_ref().or(fallback)) {
        (None, Some(a)) if is_json => match render(a, named) {
            Some(body) => (Some(body), None),
            None => (None, Some((p.line, p.column))),
        },
        _ => (None, None),
    };
    Generated {
        is_json,
        body,
        too_large,
    }
}

fn apply(p: &mut Payload, g: Generated) {
    p.media_type_is_json = g.is_json;
    p.generated_json = g
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .map(Arc::new);
    p.generated_body = g.body;
}

/// Sets `media_type_is_json` and `generated_body` on every payload.
pub(super) fn generate(bp: &mut Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    // Computed with the whole IR borrowed (named types), then applied.
    let mut out = Vec::new();
    {
        let named = named_types(bp);
        for r in bp.resources() {
            out.push(r.model.as_ref().map(|m| generated(m, None, &named)));
            for a in &r.actions {
                for p in &a.requests {
                    out.push(Some(generated(p, a.attributes.as_ref(), &named)));
                }
                for p in &a.responses {
                    out.push(Some(generated(p, None, &named)));
                }
            }
        }
    }
    for (line, column) in out.iter().flatten().filter_map(|g| g.too_large) {
        diagnostics.push(Diagnostic::warning(
            "generated-body-too-large",
            line,
            column,
            format!("the body drafter would generate from these attributes holds more than {BODY_BUDGET} values; not generated"),
        ));
    }
    let mut out = out.into_iter();
    for r in bp.groups.iter_mut().flat_map(|g| &mut g.resources) {
        if let (Some(Some(g)), Some(m)) = (out.next(), r.model.as_mut()) {
            apply(m, g);
        }
        for a in &mut r.actions {
            for p in a.requests.iter_mut().chain(a.responses.iter_mut()) {
                if let Some(Some(g)) = out.next() {
                    apply(p, g);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_drafter() {
        let json = Json::Object(vec![
            (
                "a".into(),
                Json::Array(vec![Json::Number("1".into()), Json::Null]),
            ),
            ("b".into(), Json::Object(Vec::new())),
            ("c".into(), Json::String("q\"\u{1}é".into())),
        ]);
        let mut out = String::new();
        json.write(&mut out, 0);
        assert_eq!(
            out,
            "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": {},\n  \"c\": \"q\\\"\\u0001é\"\n}"
        );
    }
}
