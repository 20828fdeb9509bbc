//! The names lock: the names a generated crate has given, kept from one
//! generation to the next so that adding to a spec never renames what was
//! already there.
//!
//! Inference names things from the spec's text in document order (see
//! `infer::operation_names` and `Inference::claim_among`); when two things
//! want one name, the later one is told apart by a word of context, or
//! numbered as a last resort. That alone is not stable: a resource added
//! *before* an existing one would take its name, and an operation whose
//! result changed shape (a page that became a plain list) could want
//! another name. So every generation writes the names it gave to
//! `names.lock` in the generated crate, and the next generation reads it
//! back: a name in the lock goes to its owner whatever the rules now say
//! (`regen` and `cargo xtask names` list the names kept against the rules),
//! and a newcomer never takes it. Owners are keyed by what identifies them:
//! an operation by its method, path and action name; an accessor by its
//! group (or path segment); a type by its kind, inferred name and keys (the
//! entry with the most alike keys when a type gained a field; entries of
//! the older form without keys by rank). Entries whose owner is gone are
//! dropped. Only the configuration renames what the lock holds.
//!
//! The file is written by the generator and committed with the crate;
//! deleting an entry (or the file) lets the generator choose again.

use std::collections::BTreeMap;

use blueprint_parser::Diagnostic;
use serde::{Deserialize, Serialize};

/// The names a crate has given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameLock {
    /// Type (`concept:Stack {name,uid}`, `enum(…):StackStatus`) → type name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Group (or `/segment` for operations named by their path) → accessor.
    #[serde(default)]
    pub accessors: BTreeMap<String, String>,
    /// Operation (`GET /stacks List all stacks`) → `accessor.method`.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
}

/// The first lines of the file.
const HEADER: &str =
    "# The names this crate gives to what its spec describes, kept by the generator so that\n\
# adding to the spec never renames what exists (see `blueprint_codegen::names`). Written on every\n\
# generation and committed with the crate; delete an entry to let the generator choose again.\n";

impl NameLock {
    /// Whether the lock holds no name.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.accessors.is_empty() && self.methods.is_empty()
    }

    /// Reads a lock file; an unreadable one is an error located in it.
    pub fn from_toml(text: &str) -> Result<NameLock, Vec<Diagnostic>> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                u32::try_from(text[..s.start.min(text.len())].matches('\n').count() + 1)
                    .unwrap_or(u32::MAX)
            });
            vec![Diagnostic::error(
                "invalid-names-lock",
                line,
                1,
                format!(
                    "{} (delete the file to let the generator name everything again)",
                    e.message()
                ),
            )]
        })
    }

    /// The file's contents: sorted, one name per line.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        for (table, entries) in [
            ("types", &self.types),
            ("accessors", &self.accessors),
            ("methods", &self.methods),
        ] {
            out.push_str(&format!("\n[{table}]\n"));
            for (key, name) in entries {
                out.push_str(&format!("{} = {}\n", quote(key), quote(name)));
            }
        }
        out
    }
}

/// Quotes a TOML basic string.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_file() {
        let mut lock = NameLock::default();
        lock.types
            .insert("enum:StackStatus:\"x\"".into(), "StackStatus".into());
        lock.methods
            .insert("GET /stacks List all stacks".into(), "stacks.list".into());
        let text = lock.to_toml();
        assert!(text.starts_with("# The names"));
        assert_eq!(NameLock::from_toml(&text).unwrap(), lock);
        assert!(NameLock::from_toml("[types]\nx = 1\n").is_err());
    }
}
