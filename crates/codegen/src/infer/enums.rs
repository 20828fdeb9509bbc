//! Documented value sets: markdown tables in the prose and value lists in
//! parameter descriptions, turned into enum variants.

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::Parameter;
use serde_json::Value;

use super::lattice::{Kind, Shape};
use super::naming::{camel_ident, concept_name};
use super::{overrides, Inference, OpInfo, USE_TABLE};
use crate::model::{EnumRepr, TypeDef, TypeKind, Variant};
use crate::model::{NameOrigin, NameSource};

/// A markdown pipe table found in a description.
#[derive(Debug, Clone, PartialEq)]
pub struct DocTable {
    /// The heading just above the table, markdown stripped
    /// (e.g. `The stack object`, `Stack status values`).
    pub heading: String,
    /// The nearest markdown heading (`#` line) above the table, stripped:
    /// the section the table belongs to (`Standard HTTP response statuses`).
    pub section: String,
    /// Header cells.
    pub header: Vec<String>,
    /// Body rows (cells trimmed).
    pub rows: Vec<Vec<String>>,
}

/// A documented set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueSet {
    /// Integer or string values.
    pub repr: EnumRepr,
    /// The variants in documented order.
    pub variants: Vec<Variant>,
}

impl ValueSet {
    /// Whether a JSON value is one of the documented values.
    pub fn contains(&self, v: &Value) -> bool {
        self.variants.iter().any(|var| &var.value == v)
    }
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(|c| c.trim().to_owned()).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Strips markdown decoration from a heading line: `#`, `**`, HTML tags.
pub fn strip_markdown(line: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '*' | '#' | '_' | '`' => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every pipe table in `markdown`, with the nearest non-empty line above it as heading.
pub fn tables_in(markdown: &str) -> Vec<DocTable> {
    // Most descriptions have no table: skip splitting them into lines.
    if !markdown.contains('|') {
        return Vec::new();
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        if lines[i].trim_start().starts_with('|') && is_separator(lines[i + 1]) {
            let heading = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| strip_markdown(l));
            let section = lines[..i]
                .iter()
                .rev()
                .find(|l| l.trim_start().starts_with('#'))
                .map(|l| strip_markdown(l))
                .unwrap_or_default();
            let header = cells(lines[i]);
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && lines[j].trim_start().starts_with('|') {
                rows.push(cells(lines[j]));
                j += 1;
            }
            out.push(DocTable {
                heading: heading.unwrap_or_default(),
                section,
                header,
                rows,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The longest prefix ending in `_` shared by all names (`STK_`), if any.
fn common_prefix(names: &[&str]) -> usize {
    let Some(first) = names.first() else { return 0 };
    let mut n = first.len();
    for name in &names[1..] {
        n = n.min(
            first
                .bytes()
                .zip(name.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first[..n].rfind('_').map_or(0, |i| i + 1)
}

fn is_int(s: &str) -> bool {
    !s.is_empty() && s.parse::<i64>().is_ok()
}

fn is_value_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Variant names for values: UpperCamelCase, a shared `XXX_` prefix dropped, unique.
fn variant_names(raw: &[&str]) -> Vec<String> {
    let cut = if raw.len() > 1 { common_prefix(raw) } else { 0 };
    let mut taken = std::collections::BTreeSet::new();
    raw.iter()
        .map(|r| {
            let base = camel_ident(&r[cut..].to_ascii_lowercase());
            let name = super::naming::unique(&base, &taken);
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// A value set from a table whose first column names the values: with an
/// all-integer column the enum is integer-backed (`STK_QUEUED | 0 | Pending
/// analysis`), else the first column is the string value (`restart |
/// Restarts all stack components`). Variant docs come from the remaining
/// columns.
pub fn value_set_from_table(table: &DocTable) -> Option<ValueSet> {
    let rows: Vec<&Vec<String>> = table
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.len() < 2 || table.header.len() < 2 {
        return None;
    }
    let cell = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
    let int_col = (1..table.header.len()).find(|&i| rows.iter().all(|r| is_int(&cell(r, i))));
    let names: Vec<String> = rows.iter().map(|r| cell(r, 0)).collect();
    if !names.iter().all(|n| is_value_word(n)) {
        return None;
    }
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let rust = variant_names(&name_refs);
    let doc_of = |r: &Vec<String>| {
        let mut parts = Vec::new();
        for i in 1..table.header.len() {
            let c = cell(r, i);
            if Some(i) == int_col || c.is_empty() || c.eq_ignore_ascii_case("none") {
                continue;
            }
            if parts.is_empty() {
                parts.push(c);
            } else {
                parts.push(format!("{}: {c}", table.header[i]));
            }
        }
        parts.join(" ")
    };
    let variants = rows
        .iter()
        .zip(rust)
        .map(|(r, name)| {
            let value = match int_col {
                Some(i) => Value::from(cell(r, i).parse::<i64>().unwrap_or_default()),
                None => Value::from(cell(r, 0)),
            };
            let doc = match int_col {
                Some(_) => format!("`{}`: {}", cell(r, 0), doc_of(r)),
                None => doc_of(r),
            };
            Variant { name, value, doc }
        })
        .collect();
    Some(ValueSet {
        repr: if int_col.is_some() {
            EnumRepr::Integer
        } else {
            EnumRepr::String
        },
        variants,
    })
}

/// A value set from a parameter description: `TCP = 1 , UDP = 2` or
/// `1 = IOS, 2 = Android` (integer-backed), or `valid values are a, b,
/// and c` / `(valid options: a, b)` (string-backed). Lists of several values
/// (`Comma separated list`) are not value sets of one parameter.
pub fn value_set_from_text(text: &str) -> Option<ValueSet> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("comma separated") {
        return None;
    }
    // Integer pairs.
    let mut pairs: Vec<(i64, String)> = Vec::new();
    for part in text.split(',') {
        let Some((l, r)) = part.split_once('=') else {
            continue;
        };
        let (l, r) = (
            l.split_whitespace().last().unwrap_or(""),
            r.split_whitespace().next().unwrap_or(""),
        );
        if is_int(l) && is_value_word(r) && !is_int(r) {
            pairs.push((l.parse().unwrap_or_default(), r.to_owned()));
        } else if is_int(r) && is_value_word(l) && !is_int(l) {
            pairs.push((r.parse().unwrap_or_default(), l.to_owned()));
        }
    }
    if pairs.len() >= 2 {
        let names: Vec<&str> = pairs.iter().map(|(_, n)| n.as_str()).collect();
        let rust = variant_names(&names);
        let variants = pairs
            .iter()
            .zip(rust)
            .map(|((v, n), name)| Variant {
                name,
                value: Value::from(*v),
                doc: format!("`{n}`"),
            })
            .collect();
        return Some(ValueSet {
            repr: EnumRepr::Integer,
            variants,
        });
    }
    // String lists after "valid <word> [are][:]".
    let start = lower.find("valid ")?;
    let rest = &text[start + 6..];
    let (word, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let word = word.trim_end_matches(':').to_ascii_lowercase();
    if !matches!(word.as_str(), "values" | "options" | "channels" | "types") {
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("are").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let end = rest.find([')', '.', ';', '\n']).unwrap_or(rest.len());
    let list = &rest[..end];
    let mut values = Vec::new();
    for item in list.split(',') {
        for piece in item.split(" and ").flat_map(|p| p.split(" or ")) {
            let v = piece.trim();
            let v = v
                .strip_prefix("and ")
                .or_else(|| v.strip_prefix("or "))
                .unwrap_or(v)
                .trim();
            if v.is_empty() {
                continue;
            }
            if !is_value_word(v) {
                return None;
            }
            values.push(v.to_owned());
        }
    }
    if values.len() < 2 {
        return None;
    }
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let rust = variant_names(&refs);
    let variants = values
        .iter()
        .zip(rust)
        .map(|(v, name)| Variant {
            name,
            value: Value::from(v.clone()),
            doc: format!("`{v}`"),
        })
        .collect();
    Some(ValueSet {
        repr: EnumRepr::String,
        variants,
    })
}

impl Inference<'_> {
    /// Enums from parameters' documented value sets (override links, a
    /// table named after the parameter, value lists in the description);
    /// fields of the same name in the group's concepts get the same enum.
    /// Returns (operation index, parameter name) → enum name.
    pub(super) fn link_param_enums(
        &mut self,
        ops: &[OpInfo<'_>],
        tables: &[DocTable],
        concept_names: &[String],
    ) -> BTreeMap<(usize, String), String> {
        let mut param_enums: BTreeMap<(usize, String), String> = BTreeMap::new();
        // The concepts of each resource group, gathered once rather than per parameter.
        let mut concepts_of_group: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for o in ops {
            let entry = concepts_of_group.entry(o.group).or_default();
            entry.extend(o.concept);
        }
        for (oi, op) in ops.iter().enumerate() {
            for p in &op.action.parameters {
                let set = self.param_value_set(op, p, tables);
                let Some((set, explicit_name)) = set else {
                    continue;
                };
                let list_like = p
                    .example
                    .as_deref()
                    .is_some_and(|e| e.trim_start().starts_with('['));
                // Fields of the same name in the group's concepts get the enum too.
                let mut linked_name = None;
                for &c in &concepts_of_group[op.group] {
                    let cname = concept_names[c].clone();
                    let key = (cname.clone(), p.name.clone());
                    if let Some(existing) = self.field_enums.get(&key) {
                        linked_name.get_or_insert(existing.clone());
                        continue;
                    }
                    let gi = self.concept_groups[c];
                    if let Some(f) = self.groups[gi].shape.field(&p.name) {
                        if enum_fits(&f.shape, set.repr) {
                            let ename = explicit_name
                                .clone()
                                .unwrap_or_else(|| enum_name(&cname, &p.name));
                            let ename = self.define_enum(
                                &ename,
                                &set,
                                &format!("`{}` of [`{cname}`]", p.name),
                            );
                            self.field_enums.insert(key, ename.clone());
                            linked_name.get_or_insert(ename);
                        }
                    }
                }
                if list_like {
                    continue;
                }
                let ename = match linked_name {
                    Some(n) if self.enum_sets.iter().any(|(en, s)| en == &n && s == &set) => n,
                    _ => {
                        let what = format!("the `{}` parameter of `{}`", p.name, op.action.name);
                        match explicit_name {
                            Some(name) => self.define_enum(&name, &set, &what),
                            None => {
                                // The group names it (`AulaWith`); where that
                                // is another set's, the path (`LessonPlanWith`).
                                let base = enum_name(&concept_name(op.group, false), &p.name);
                                let path = super::naming::path_concept(&op.path);
                                let word =
                                    super::operation_names::crud_word(&op.action.method, &op.path);
                                let contexts: Vec<String> = path
                                    .iter()
                                    .flat_map(|c| {
                                        [
                                            enum_name(c, &p.name),
                                            enum_name(&format!("{c}{word}"), &p.name),
                                        ]
                                    })
                                    .collect();
                                self.define_enum_among(&base, &contexts, &set, &what)
                            }
                        }
                    }
                };
                param_enums.insert((oi, p.name.clone()), ename);
            }
        }

        param_enums
    }

    /// Links documented value tables to fields: automatically by heading
    /// (`Stack status values` → `Stack.status`), and by overrides.
    pub(super) fn link_value_tables(&mut self, tables: &[DocTable], concept_names: &[String]) {
        for t in tables {
            let words: Vec<&str> = t.heading.split_whitespace().collect();
            let Some((&last, words)) = words.split_last() else {
                continue;
            };
            if !last.eq_ignore_ascii_case("values") {
                continue;
            }
            let Some(set) = value_set_from_table(t) else {
                continue;
            };
            'prefix: for k in (1..=words.len()).rev() {
                let concept = camel_ident(&words[..k].join(" "));
                let Some(c) = concept_names.iter().position(|n| n == &concept) else {
                    continue;
                };
                let shape = self.groups[self.concept_groups[c]].shape.clone();
                let rest = &words[k..];
                let mut tries = vec![rest.join("_").to_ascii_lowercase()];
                tries.extend(rest.iter().map(|w| w.to_ascii_lowercase()));
                for field in tries {
                    if let Some(f) = shape.field(&field) {
                        if enum_fits(&f.shape, set.repr) {
                            // Where the name is another type's, the
                            // table's own (`WidgetStatusValues`).
                            let ename = self.define_enum_among(
                                &enum_name(&concept, &field),
                                &[camel_ident(&t.heading)],
                                &set,
                                &format!("`{field}` of [`{concept}`] (table *{}*)", t.heading),
                            );
                            self.field_enums.insert((concept.clone(), field), ename);
                            break 'prefix;
                        }
                    }
                }
            }
        }
        for (i, link) in self.ov.value_tables.clone().into_iter().enumerate() {
            let overrides::LinkTarget::Field { type_name, field } = &link.target else {
                continue;
            };
            let Some(set) = tables
                .iter()
                .find(|t| t.heading == link.table)
                .and_then(value_set_from_table)
            else {
                continue;
            };
            let base = link
                .enum_name
                .clone()
                .unwrap_or_else(|| enum_name(type_name, field));
            let ename = self.define_enum(
                &base,
                &set,
                &format!("`{field}` of [`{type_name}`] (table *{}*)", link.table),
            );
            self.field_enums
                .insert((type_name.clone(), field.clone()), ename);
            self.used.insert((USE_TABLE, i));
        }
    }

    /// The documented value set of a parameter: an override link, a table
    /// in the resource description whose first column is named like the
    /// parameter, or a value list in its description.
    pub(super) fn param_value_set(
        &mut self,
        op: &OpInfo<'_>,
        p: &Parameter,
        tables: &[DocTable],
    ) -> Option<(ValueSet, Option<String>)> {
        for (i, link) in self.ov.value_tables.iter().enumerate() {
            if let overrides::LinkTarget::Param { operation, param } = &link.target {
                if (operation == &op.action.name || operation == &op.resource.name)
                    && param == &p.name
                {
                    if let Some(set) = tables
                        .iter()
                        .find(|t| t.heading == link.table)
                        .and_then(value_set_from_table)
                    {
                        self.used.insert((USE_TABLE, i));
                        return Some((set, link.enum_name.clone()));
                    }
                }
            }
        }
        if let Some(set) = tables_in(&op.resource.description)
            .iter()
            .filter(|t| {
                t.header
                    .first()
                    .is_some_and(|h| h.eq_ignore_ascii_case(&p.name))
            })
            .find_map(value_set_from_table)
        {
            return Some((set, None));
        }
        if !p.values.is_empty() {
            // Values that differ only in case (`active`, `ACTIVE`) get numbered names.
            let mut taken = std::collections::BTreeSet::new();
            let variants = p
                .values
                .iter()
                .map(|s| {
                    let name = super::naming::unique(&camel_ident(s), &taken);
                    taken.insert(name.clone());
                    crate::model::Variant {
                        name,
                        value: Value::from(s.clone()),
                        doc: format!("`{s}`"),
                    }
                })
                .collect();
            return Some((
                ValueSet {
                    repr: EnumRepr::String,
                    variants,
                },
                None,
            ));
        }
        value_set_from_text(&p.description).map(|s| (s, None))
    }

    /// Defines an enum (or reuses an identical one) and returns its name.
    pub(super) fn define_enum(&mut self, base: &str, set: &ValueSet, what: &str) -> String {
        self.define_enum_among(base, &[], set, what)
    }

    /// [`Self::define_enum`], named by the first free of `contexts` where
    /// another type has the name `base`.
    pub(super) fn define_enum_among(
        &mut self,
        base: &str,
        contexts: &[String],
        set: &ValueSet,
        what: &str,
    ) -> String {
        if let Some((name, _)) = self.enum_sets.iter().find(|(_, s)| s == set) {
            return name.clone();
        }
        // Known to the lock by its values as well as its name.
        let values: Vec<String> = set.variants.iter().map(|v| v.value.to_string()).collect();
        let mut candidates = vec![(
            base.to_owned(),
            NameOrigin::new(NameSource::Field, what.to_owned()),
        )];
        for context in contexts {
            candidates.push((
                context.clone(),
                NameOrigin::new(NameSource::PathSegment, format!("its path; {what}")),
            ));
        }
        let name = self.claim_among(&candidates, &format!("enum({})", values.join(",")), None);
        self.enum_sets.push((name.clone(), set.clone()));
        self.types.insert(
            name.clone(),
            TypeDef {
                input: false,
                name: name.clone(),
                doc: format!(
                    "The documented values of {what}; unknown values are kept, never rejected."
                ),
                kind: TypeKind::Enum {
                    repr: set.repr,
                    variants: set.variants.clone(),
                },
            },
        );
        name
    }
}

/// An enum name `{Type}{Field}` (singular), without repeating the type's
/// name (`Device` + `device_type` → `DeviceType`).
pub(super) fn enum_name(type_name: &str, field: &str) -> String {
    let f = camel_ident(&super::naming::singular(field));
    if f.starts_with(type_name) {
        f
    } else {
        format!("{type_name}{f}")
    }
}

/// Whether a field's examples fit an enum of this representation.
pub(super) fn enum_fits(shape: &Shape, repr: EnumRepr) -> bool {
    let s = match &shape.array {
        Some(items) if shape.kinds() == [Kind::Array] => items,
        _ => shape,
    };
    match repr {
        EnumRepr::Integer => {
            s.kinds() == [Kind::Number] && !s.float && s.int.is_some_and(|i| i.fits_i64)
        }
        EnumRepr::String => s.kinds() == [Kind::String],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STATUS: &str = "**<a name=\"Stack status values\"></a> Stack status values**\n\n| Status | Code | Description |\n| ----------- | :---: | ---- |\n| STK_QUEUED | 0 | Pending analysis |\n| STK_SUCCESS | 1 | Deployed successfully |\n| STK_QUEUED_FOR_DEPLOYING | 5 | Queued for deployment | \n";

    #[test]
    fn integer_table() {
        let t = &tables_in(STATUS)[0];
        assert_eq!(t.heading, "Stack status values");
        let set = value_set_from_table(t).unwrap();
        assert_eq!(set.repr, EnumRepr::Integer);
        let names: Vec<_> = set.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Queued", "Success", "QueuedForDeploying"]);
        assert_eq!(set.variants[2].value, json!(5));
        assert_eq!(set.variants[0].doc, "`STK_QUEUED`: Pending analysis");
        assert!(set.contains(&json!(1)));
    }

    #[test]
    fn string_table() {
        let md = "| Command | Comments | Extra Parameters |\n| --- | --- | --- |\n| maintenance_mode | Enable to Disable maintenance mode for a stack. | value=1 for enable, value=0 for disable |\n| restart | Restarts all | None |\n";
        let set = value_set_from_table(&tables_in(md)[0]).unwrap();
        assert_eq!(set.repr, EnumRepr::String);
        assert_eq!(set.variants[0].name, "MaintenanceMode");
        assert_eq!(set.variants[0].value, json!("maintenance_mode"));
        assert!(set.variants[0].doc.contains("Extra Parameters: value=1"));
        assert_eq!(set.variants[1].doc, "Restarts all");
    }

    #[test]
    fn prose_lists() {
        let s = value_set_from_text(
            "The action. Valid values are clear_caches, maintenance_mode, and restart.",
        )
        .unwrap();
        let v: Vec<_> = s.variants.iter().map(|v| v.value.clone()).collect();
        assert_eq!(
            v,
            [
                json!("clear_caches"),
                json!("maintenance_mode"),
                json!("restart")
            ]
        );
        let s = value_set_from_text(
            "Backup database type (valid options are: mysql, postgresql, redis, mongodb)",
        )
        .unwrap();
        assert_eq!(s.variants.len(), 4);
        let s = value_set_from_text(
            "Notification channels (valid channels are: email, ios, hipchat, webhook, slack)",
        )
        .unwrap();
        assert_eq!(s.variants[1].name, "Ios");
        assert!(value_set_from_text(
            "Comma separated list of types (valid options: all,mysql, redis)"
        )
        .is_none());
        assert!(value_set_from_text("as JSON string with valid keys: a, b").is_none());
    }

    #[test]
    fn integer_pairs() {
        let s = value_set_from_text("Protocol of firewall rule . TCP = 1 , UDP = 2 , ICMP = 3")
            .unwrap();
        assert_eq!(s.repr, EnumRepr::Integer);
        assert_eq!(s.variants[2].name, "Icmp");
        assert_eq!(s.variants[2].value, json!(3));
        let s = value_set_from_text("Device type 1 = IOS, 2 = Android").unwrap();
        assert_eq!(s.variants[1].name, "Android");
        assert!(value_set_from_text("if set to 1 then private_key will included").is_none());
    }
}
