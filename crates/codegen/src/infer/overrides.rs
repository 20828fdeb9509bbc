//! The overrides file: corrections to what the spec gets wrong, kept
//! beside the generator's inputs (`crates/codegen/overrides.toml`).
//!
//! # Format
//!
//! A TOML document with five optional arrays of tables. Every entry must
//! match something in the spec; an entry that matches nothing is an error
//! (`unused-override`), so stale overrides cannot linger.
//!
//! ```toml
//! # Rename a type. `name` is the name inference gives it (see `cargo xtask
//! # types` without overrides); every reference follows the rename.
//! [[type]]
//! name = "OkMessage"
//! rename = "Confirmation"
//!
//! # Rename the client method of an operation, found by action name or
//! # resource name (`fn` is the new method name, snake_case).
//! [[method]]
//! operation = "Backup file"
//! fn = "get_file_url"
//!
//! # Pin the type of a field of a (final-named) type, written as its Rust
//! # spelling: String, bool, i64, u64, f64, DateTime, serde_json::Value, a
//! # type name, Vec<T>, BTreeMap<String, T>, Option<T>.
//! [[field]]
//! type = "Container"
//! field = "runtime"        # the JSON key
//! pin = "serde_json::Value"
//!
//! # Link a documented value table (by its heading) to a field, or to an
//! # operation's parameter; `enum` optionally names the enum.
//! [[value_table]]
//! table = "Stack status values"
//! type = "Stack"
//! field = "status"
//! # operation = "Perform a stack action"
//! # param = "command"
//! # enum = "StackStatus"
//!
//! # Fix a URI template of an operation (found by action or resource name).
//! [[path]]
//! operation = "Delete Device"
//! path = "/users/{id}/devices/{token}"
//! ```

use blueprint_parser::Diagnostic;
use serde::Deserialize;

use crate::model::TypeRef;

/// Renames a type inferred as `name` to `rename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRename {
    /// The name inference gives the type.
    pub name: String,
    /// The new name.
    pub rename: String,
    /// 1-based line of the entry in the overrides file.
    pub line: u32,
}

/// Renames the client method of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRename {
    /// Action name or resource name of the operation.
    pub operation: String,
    /// The new method name.
    pub fn_name: String,
    /// 1-based line of the entry.
    pub line: u32,
}

/// Pins the type of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPin {
    /// The (final) type name.
    pub type_name: String,
    /// The field's JSON key.
    pub field: String,
    /// The pinned type.
    pub pin: TypeRef,
    /// 1-based line of the entry.
    pub line: u32,
}

/// Links a documented value table to a field or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTableLink {
    /// The table's heading, e.g. `Stack status values`.
    pub table: String,
    /// The target.
    pub target: LinkTarget,
    /// The enum's name, if given.
    pub enum_name: Option<String>,
    /// 1-based line of the entry.
    pub line: u32,
}

/// What a value table is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A field (`type`, JSON key).
    Field {
        /// The (final) type name.
        type_name: String,
        /// The JSON key.
        field: String,
    },
    /// A parameter (`operation`, parameter name).
    Param {
        /// Action or resource name.
        operation: String,
        /// Parameter name as written in the spec.
        param: String,
    },
}

/// Replaces the URI template of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFix {
    /// Action or resource name.
    pub operation: String,
    /// The corrected template, e.g. `/users/{id}/devices/{token}`.
    pub path: String,
    /// 1-based line of the entry.
    pub line: u32,
}

/// A parsed overrides file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Type renames.
    pub types: Vec<TypeRename>,
    /// Method renames.
    pub methods: Vec<MethodRename>,
    /// Field type pins.
    pub fields: Vec<FieldPin>,
    /// Value table links.
    pub value_tables: Vec<ValueTableLink>,
    /// URI template fixes.
    pub paths: Vec<PathFix>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "type")]
    types: Vec<toml::Spanned<RawType>>,
    #[serde(default, rename = "method")]
    methods: Vec<toml::Spanned<RawMethod>>,
    #[serde(default, rename = "field")]
    fields: Vec<toml::Spanned<RawField>>,
    #[serde(default, rename = "value_table")]
    value_tables: Vec<toml::Spanned<RawValueTable>>,
    #[serde(default, rename = "path")]
    paths: Vec<toml::Spanned<RawPath>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    name: String,
    rename: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    operation: String,
    #[serde(rename = "fn")]
    fn_name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(rename = "type")]
    type_name: String,
    field: String,
    pin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValueTable {
    table: String,
    #[serde(rename = "type")]
    type_name: Option<String>,
    field: Option<String>,
    operation: Option<String>,
    param: Option<String>,
    #[serde(rename = "enum")]
    enum_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPath {
    operation: String,
    path: String,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    u32::try_from(text[..end].bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_fn_name(s: &str) -> bool {
    super::naming::snake_ident(s) == s
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Why an overrides file could not be read: diagnostics located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverridesError {
    /// One error per problem, located in the overrides file.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for OverridesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .diagnostics
            .iter()
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for OverridesError {}

impl Overrides {
    /// Parses an overrides file. Errors (TOML syntax, unknown keys, invalid
    /// names or types) come back as diagnostics located in `text`.
    pub fn from_toml(text: &str) -> Result<Overrides, OverridesError> {
        Self::parse(text).map_err(|diagnostics| OverridesError { diagnostics })
    }

    fn parse(text: &str) -> Result<Overrides, Vec<Diagnostic>> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![Diagnostic::error(
                "invalid-overrides",
                line,
                1,
                e.message().to_owned(),
            )]
        })?;
        let mut errors = Vec::new();
        let mut out = Overrides::default();
        for t in raw.types {
            let line = line_of(text, t.span().start);
            let t = t.into_inner();
            if !is_type_name(&t.rename) {
                errors.push(Diagnostic::error(
                    "invalid-override",
                    line,
                    1,
                    format!("`{}` is not a type name", t.rename),
                ));
            }
            out.types.push(TypeRename {
                name: t.name,
                rename: t.rename,
                line,
            });
        }
        for m in raw.methods {
            let line = line_of(text, m.span().start);
            let m = m.into_inner();
            if !is_fn_name(&m.fn_name) {
                errors.push(Diagnostic::error(
                    "invalid-override",
                    line,
                    1,
                    format!("`{}` is not a method name", m.fn_name),
                ));
            }
            out.methods.push(MethodRename {
                operation: m.operation,
                fn_name: m.fn_name,
                line,
            });
        }
        for f in raw.fields {
            let line = line_of(text, f.span().start);
            let f = f.into_inner();
            match TypeRef::parse_spelling(&f.pin) {
                Some(pin) => out.fields.push(FieldPin {
                    type_name: f.type_name,
                    field: f.field,
                    pin,
                    line,
                }),
                None => errors.push(Diagnostic::error(
                    "invalid-override",
                    line,
                    1,
                    format!("`{}` is not a type", f.pin),
                )),
            }
        }
        for v in raw.value_tables {
            let line = line_of(text, v.span().start);
            let v = v.into_inner();
            let target = match (v.type_name, v.field, v.operation, v.param) {
                (Some(type_name), Some(field), None, None) => {
                    LinkTarget::Field { type_name, field }
                }
                (None, None, Some(operation), Some(param)) => {
                    LinkTarget::Param { operation, param }
                }
                _ => {
                    errors.push(Diagnostic::error(
                        "invalid-override",
                        line,
                        1,
                        "a value_table entry needs either `type` and `field`, or `operation` and `param`",
                    ));
                    continue;
                }
            };
            out.value_tables.push(ValueTableLink {
                table: v.table,
                target,
                enum_name: v.enum_name,
                line,
            });
        }
        for p in raw.paths {
            let line = line_of(text, p.span().start);
            let p = p.into_inner();
            if !p.path.starts_with('/') {
                errors.push(Diagnostic::error(
                    "invalid-override",
                    line,
                    1,
                    format!("`{}` is not a path", p.path),
                ));
            }
            out.paths.push(PathFix {
                operation: p.operation,
                path: p.path,
                line,
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_with_lines() {
        let text = "[[type]]\nname = \"A\"\nrename = \"B\"\n\n[[method]]\noperation = \"X\"\nfn = \"get_x\"\n\n[[field]]\ntype = \"A\"\nfield = \"f\"\npin = \"Vec<i64>\"\n\n[[value_table]]\ntable = \"T\"\noperation = \"X\"\nparam = \"p\"\n\n[[path]]\noperation = \"X\"\npath = \"/x/{id}\"\n";
        let o = Overrides::parse(text).unwrap();
        assert_eq!(o.types[0].line, 1);
        assert_eq!(o.methods[0].line, 5);
        assert_eq!(o.fields[0].pin, TypeRef::List(Box::new(TypeRef::I64)));
        assert_eq!(
            o.value_tables[0].target,
            LinkTarget::Param {
                operation: "X".into(),
                param: "p".into()
            }
        );
        assert_eq!(o.paths[0].path, "/x/{id}");
    }

    #[test]
    fn rejects_bad_entries() {
        assert!(Overrides::parse("[[type]]\nname = \"A\"\nrename = \"not a name\"\n").is_err());
        assert!(
            Overrides::parse("[[field]]\ntype = \"A\"\nfield = \"f\"\npin = \"Vec<\"\n").is_err()
        );
        assert!(Overrides::parse("[[bogus]]\n").is_err());
        let e = Overrides::parse("\n\n[[value_table]]\ntable = \"T\"\n").unwrap_err();
        assert_eq!(e[0].line, 3);
    }
}
