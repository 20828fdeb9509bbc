//! Where a change is in a spec's text.
//!
//! Operations carry their line; types and fields do not (a type is folded
//! from many examples), so they are found where a reader would look: an
//! MSON type at its `## Name` heading and its property lines; an
//! example-inferred type at the first example body that holds it, following
//! the keys that lead to it, and a field at its key in that body. A field
//! that cannot be found there is located at its type.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Operation, TypeKind, TypeModel, TypeRef};

/// Lines of one spec, and where each type of its model is first used.
pub(super) struct Locator<'a> {
    pub(super) model: &'a TypeModel,
    lines: Vec<&'a str>,
    /// Every use of each type, in document order.
    uses: BTreeMap<String, Vec<Use>>,
}

/// A use of a type: the example body it is in (if one is written in the
/// spec), the keys that lead to it from the body's root, and the line of
/// the operation.
#[derive(Debug, Clone)]
struct Use {
    body_line: Option<u32>,
    keys: Vec<String>,
    operation_line: u32,
}

impl<'a> Locator<'a> {
    pub(super) fn new(model: &'a TypeModel, source: &'a str) -> Self {
        let mut locator = Locator {
            model,
            lines: source.lines().collect(),
            uses: BTreeMap::new(),
        };
        for op in &model.operations {
            let written = |examples: &[crate::model::Example]| {
                examples.iter().find(|e| !e.generated).map(|e| e.line)
            };
            let mut roots: Vec<(TypeRef, Option<u32>)> = Vec::new();
            match &op.response {
                crate::model::Response::Single(t) | crate::model::Response::Page(t) => {
                    roots.push((t.clone(), written(&op.examples)));
                }
                _ => {}
            }
            if let Some(body) = &op.request {
                roots.push((body.ty.clone(), written(&body.examples)));
            }
            for error in &op.errors {
                if let Some(ty) = &error.ty {
                    let line = error
                        .example
                        .as_ref()
                        .filter(|e| !e.generated)
                        .map(|e| e.line);
                    roots.push((ty.clone(), line));
                }
            }
            for (ty, body_line) in roots {
                locator.walk(
                    &ty,
                    &mut Vec::new(),
                    body_line,
                    op.line,
                    &mut BTreeSet::new(),
                );
            }
        }
        locator
    }

    /// Records the uses of the types `ty` reaches from one body (`seen`
    /// stops recursive types).
    fn walk(
        &mut self,
        ty: &TypeRef,
        keys: &mut Vec<String>,
        body_line: Option<u32>,
        op_line: u32,
        seen: &mut BTreeSet<String>,
    ) {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    return;
                }
                self.uses.entry(name.clone()).or_default().push(Use {
                    body_line,
                    keys: keys.clone(),
                    operation_line: op_line,
                });
                let Some(def) = self.model.types.iter().find(|t| &t.name == name) else {
                    return;
                };
                match &def.kind {
                    TypeKind::Struct { fields } => {
                        for f in fields {
                            let pushed = !f.json.is_empty();
                            if pushed {
                                keys.push(f.json.clone());
                            }
                            self.walk(&f.ty, keys, body_line, op_line, seen);
                            if pushed {
                                keys.pop();
                            }
                        }
                    }
                    TypeKind::Untagged { variants } => {
                        for v in variants {
                            self.walk(&v.ty, keys, body_line, op_line, seen);
                        }
                    }
                    TypeKind::Alias { target } => self.walk(target, keys, body_line, op_line, seen),
                    TypeKind::Enum { .. } => {}
                }
            }
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                self.walk(t, keys, body_line, op_line, seen)
            }
            _ => {}
        }
    }

    /// Every named type an operation's result, body or errors reach.
    pub(super) fn reached_types(&self, op: &Operation) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack: Vec<TypeRef> = Vec::new();
        if let crate::model::Response::Single(t) | crate::model::Response::Page(t) = &op.response {
            stack.push(t.clone());
        }
        if let Some(body) = &op.request {
            stack.push(body.ty.clone());
        }
        stack.extend(op.errors.iter().filter_map(|e| e.ty.clone()));
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(name) => {
                    if !out.insert(name.clone()) {
                        continue;
                    }
                    match self
                        .model
                        .types
                        .iter()
                        .find(|t| t.name == name)
                        .map(|t| &t.kind)
                    {
                        Some(TypeKind::Struct { fields }) => {
                            stack.extend(fields.iter().map(|f| f.ty.clone()))
                        }
                        Some(TypeKind::Untagged { variants }) => {
                            stack.extend(variants.iter().map(|v| v.ty.clone()))
                        }
                        Some(TypeKind::Alias { target }) => stack.push(target.clone()),
                        _ => {}
                    }
                }
                TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                    stack.push(*t)
                }
                _ => {}
            }
        }
        out
    }

    /// The line of an operation's parameter: its `+ name` line in the
    /// action's section, else in its resource's (before the action), else
    /// the action's line.
    pub(super) fn parameter_line(&self, op: &Operation, name: &str) -> u32 {
        let start = op.line.saturating_sub(1) as usize;
        for (i, line) in self.lines.iter().enumerate().skip(start + 1) {
            if is_heading(line) {
                break;
            }
            if is_member(line, name) {
                return i as u32 + 1;
            }
        }
        for i in (0..start.min(self.lines.len())).rev() {
            let line = self.lines[i];
            if is_member(line, name) {
                return i as u32 + 1;
            }
            if line.trim_start().starts_with("## ") || line.trim_start().starts_with("# ") {
                break;
            }
        }
        op.line
    }

    /// The line of an MSON data structure's heading (`## Name` under
    /// `# Data Structures`), for a type named after one.
    fn heading_line(&self, name: &str) -> Option<usize> {
        let from_mson = self
            .model
            .type_origins
            .get(name)
            .is_some_and(|o| o.source == crate::model::NameSource::Mson);
        if !from_mson {
            return None;
        }
        let section = self
            .lines
            .iter()
            .position(|l| l.trim_end().eq_ignore_ascii_case("# data structures"))?;
        let found = self.lines[section..].iter().position(|line| {
            let t = line.trim_start();
            let Some(rest) = t.strip_prefix('#') else {
                return false;
            };
            let rest = rest.trim_start_matches('#').trim_start();
            rest.strip_prefix(name)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '(']))
        })?;
        Some(section + found)
    }

    /// Where a type is: its MSON heading, else the key that leads to it in
    /// its first written example, else that example's first line, else the
    /// line of the operation that uses it first.
    pub(super) fn type_line(&self, name: &str) -> u32 {
        self.type_index(name).map_or(1, |i| i as u32 + 1)
    }

    fn type_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.heading_line(name) {
            return Some(i);
        }
        let first = self.uses.get(name)?.first()?;
        Some(self.use_index(first).0)
    }

    /// Where a use of a type is (the line index of the key leading to it in
    /// its body, else the body's first line, else the operation's line), and
    /// where its body ends.
    fn use_index(&self, use_: &Use) -> (usize, usize) {
        let Some(body_line) = use_.body_line else {
            let at = use_.operation_line.saturating_sub(1) as usize;
            return (at, at);
        };
        let start = body_line.saturating_sub(1) as usize;
        let end = self.body_end(start);
        let mut at = start;
        for key in &use_.keys {
            match self.find_key(key, at, end) {
                Some(i) => at = i,
                None => break,
            }
        }
        (at, end)
    }

    /// Where a field is: its property line under its MSON heading, else its
    /// key in its type's first written example, else its type's line.
    pub(super) fn field_line(&self, type_name: &str, json: &str) -> u32 {
        let Some(at) = self.type_index(type_name) else {
            return 1;
        };
        if json.is_empty() {
            return at as u32 + 1;
        }
        if self.heading_line(type_name) == Some(at) {
            for (i, line) in self.lines.iter().enumerate().skip(at + 1) {
                if is_heading(line) {
                    break;
                }
                if is_member(line, json) {
                    return i as u32 + 1;
                }
            }
            return at as u32 + 1;
        }
        // The first written example that has the key.
        self.uses
            .get(type_name)
            .into_iter()
            .flatten()
            .find_map(|use_| {
                let (from, end) = self.use_index(use_);
                self.find_key(json, from, end)
            })
            .map_or(at as u32 + 1, |i| i as u32 + 1)
    }

    /// Where an enum value is: a table row or list item naming it after the
    /// type's line, else anywhere, else the type's line.
    pub(super) fn value_line(&self, type_name: &str, value: &serde_json::Value) -> u32 {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let names_it = |line: &str| {
            let t = line.trim();
            let cells: Vec<&str> = t.split('|').map(|c| c.trim().trim_matches('`')).collect();
            (t.starts_with('|') && cells.get(1) == Some(&text.as_str()))
                || t.strip_prefix(['+', '-', '*'])
                    .map(|r| r.trim_start())
                    .is_some_and(|r| {
                        r.trim_start_matches('`').starts_with(text.as_str()) && r.contains(&text)
                    })
        };
        let from = self.type_index(type_name).unwrap_or(0);
        self.lines
            .iter()
            .enumerate()
            .skip(from)
            .chain(self.lines.iter().enumerate().take(from))
            .find(|(_, line)| names_it(line))
            .map_or(from as u32 + 1, |(i, _)| i as u32 + 1)
    }

    /// The first line of the spec that names `text` as a word (a scope or
    /// an error code in a table or a description), if any.
    pub(super) fn text_line(&self, text: &str) -> Option<u32> {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        self.lines
            .iter()
            .position(|line| {
                line.match_indices(text).any(|(at, _)| {
                    !line[..at].ends_with(is_word) && !line[at + text.len()..].starts_with(is_word)
                })
            })
            .map(|i| i as u32 + 1)
    }

    /// The first line at or after `from` (before `end`) holding `"key"` followed by a colon.
    fn find_key(&self, key: &str, from: usize, end: usize) -> Option<usize> {
        let quoted = format!("\"{key}\"");
        (from..end.min(self.lines.len())).find(|&i| {
            let line = self.lines[i];
            line.match_indices(&quoted)
                .any(|(at, _)| line[at + quoted.len()..].trim_start().starts_with(':'))
        })
    }

    /// The end (exclusive) of the body starting at line index `start`: the
    /// first non-blank line indented less than its first line.
    fn body_end(&self, start: usize) -> usize {
        let Some(first) = self.lines.get(start) else {
            return start;
        };
        let indent = indentation(first);
        let mut i = start + 1;
        while i < self.lines.len() {
            let line = self.lines[i];
            if !line.trim().is_empty() && indentation(line) < indent {
                break;
            }
            i += 1;
        }
        i
    }
}

/// Columns of leading whitespace, a tab counting four.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn is_heading(line: &str) -> bool {
    line.starts_with('#')
}

/// A list item declaring `name`: `+ name`, `+ name: …`, `+ name (…)`, ``+ `name` ``.
fn is_member(line: &str, name: &str) -> bool {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix(['+', '-', '*']) else {
        return false;
    };
    let rest = rest.trim_start();
    let (rest, quoted) = match rest.strip_prefix('`') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let Some(after) = rest.strip_prefix(name) else {
        return false;
    };
    let after = match (quoted, after.strip_prefix('`')) {
        (false, _) => after,
        (true, Some(a)) => a,
        (true, None) => return false,
    };
    after.is_empty() || after.starts_with([' ', ':', '(', '\t'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_in_every_form() {
        assert!(is_member("    + stack_id (string) - the stack", "stack_id"));
        assert!(is_member("+ name: Ada (string, required)", "name"));
        assert!(is_member("+ `type`: x", "type"));
        assert!(is_member("+ page", "page"));
        assert!(!is_member("+ pages (number)", "page"));
        assert!(!is_member("text page", "page"));
    }

    #[test]
    fn bodies_end_at_the_first_line_indented_less() {
        let source = "+ Response 200\n\n        {\n            \"a\": {\n                \"b\": 1\n            }\n        }\n\n+ Response 404\n";
        let model = crate::infer::infer(
            &blueprint_parser::parse(b"FORMAT: 1A\n"),
            &crate::config::Config::default(),
        );
        let locator = Locator::new(&model, source);
        assert_eq!(locator.body_end(2), 8);
        assert_eq!(locator.find_key("b", 2, 8), Some(4));
        assert_eq!(locator.find_key("c", 2, 8), None);
    }
}
