//! The inferred type model: what inference produces and emission consumes.
//!
//! Everything here is plain data in a deterministic order (types sorted by
//! name, operations in document order), serialized by `cargo xtask types`.

use blueprint_parser::{Diagnostic, Location};
use serde::Serialize;

/// The whole model of the API: named types, operations and inference warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeModel {
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Guesses inference had to make (same type as the parser's diagnostics),
    /// located in the spec.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with the overrides file (e.g. an entry that matches nothing),
    /// located in the overrides file. Any error here must fail generation.
    pub override_diagnostics: Vec<Diagnostic>,
}

/// A named Rust type: a struct, an enum or an alias.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// Rust type name, unique in the model (UpperCamelCase).
    pub name: String,
    /// Markdown documentation for the type.
    pub doc: String,
    /// `struct`, `enum` or `alias`, with its body.
    #[serde(flatten)]
    pub kind: TypeKind,
}

/// The body of a named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields, in the order of the examples.
    Struct {
        /// The fields.
        fields: Vec<Field>,
    },
    /// A documented value set with a catch-all variant that keeps unknown values.
    Enum {
        /// Whether values are integers or strings on the wire.
        repr: EnumRepr,
        /// The known variants.
        variants: Vec<Variant>,
    },
    /// An untagged union of JSON shapes (e.g. a setting value: string or bool).
    Untagged {
        /// One variant per shape, tried in order.
        variants: Vec<UntaggedVariant>,
    },
    /// A type alias for another type.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// How an enum is represented in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    /// JSON integers (the fallback variant keeps an `i64`).
    Integer,
    /// JSON strings (the fallback variant keeps a `String`).
    String,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// Rust variant name (UpperCamelCase).
    pub name: String,
    /// The wire value: an integer or a string, as written in the spec.
    pub value: serde_json::Value,
    /// The documentation from the spec's table.
    pub doc: String,
}

/// One shape of an untagged union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntaggedVariant {
    /// Rust variant name (UpperCamelCase).
    pub name: String,
    /// The type the variant holds.
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The JSON key.
    pub json: String,
    /// The Rust field name (snake_case, never a keyword; emitted with a serde rename when it differs).
    pub rust: String,
    /// The field's type, without the `Option` that `optional`/`nullable` add.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Absent in at least one example.
    pub optional: bool,
    /// `null` in at least one example.
    pub nullable: bool,
    /// Documentation from the spec's property tables, if any.
    pub doc: String,
}

/// A reference to a type, as the emitter will spell it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// The runtime's date-time type (`crate::DateTime`).
    DateTime,
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// A named type of the model.
    Named(String),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`: a nullable list item, map value or untagged variant
    /// (struct fields say `optional`/`nullable` instead).
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// The Rust spelling used in `cargo xtask types` and docs: `String`,
    /// `bool`, `i64`, `u64`, `f64`, `DateTime`, `serde_json::Value`, a type
    /// name, `Vec<T>`, `BTreeMap<String, T>`, `Option<T>`.
    pub fn rust_spelling(&self) -> String {
        match self {
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::U64 => "u64".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::DateTime => "DateTime".to_owned(),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Named(n) => n.clone(),
            TypeRef::List(t) => format!("Vec<{}>", t.rust_spelling()),
            TypeRef::Map(t) => format!("BTreeMap<String, {}>", t.rust_spelling()),
            TypeRef::Option(t) => format!("Option<{}>", t.rust_spelling()),
        }
    }

    /// Parses a spelling written by [`TypeRef::rust_spelling`] (also
    /// accepting `Value`, `serde_json::Value`, `HashMap`/`BTreeMap` with a
    /// `String` key, and any UpperCamelCase identifier as a named type).
    pub fn parse_spelling(text: &str) -> Option<TypeRef> {
        let t = text.trim();
        let generic = |prefix: &str| {
            t.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(inner) = generic("Vec<") {
            return Some(TypeRef::List(Box::new(TypeRef::parse_spelling(inner)?)));
        }
        if let Some(inner) = generic("Option<") {
            return Some(TypeRef::Option(Box::new(TypeRef::parse_spelling(inner)?)));
        }
        if let Some(inner) = generic("BTreeMap<").or_else(|| generic("HashMap<")) {
            let (key, value) = inner.split_once(',')?;
            if key.trim() != "String" {
                return None;
            }
            return Some(TypeRef::Map(Box::new(TypeRef::parse_spelling(value)?)));
        }
        Some(match t {
            "String" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i64" => TypeRef::I64,
            "u64" => TypeRef::U64,
            "f64" => TypeRef::F64,
            "DateTime" => TypeRef::DateTime,
            "serde_json::Value" | "Value" | "Json" => TypeRef::Json,
            _ if t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                TypeRef::Named(t.to_owned())
            }
            _ => return None,
        })
    }
}

impl Field {
    /// The field's full Rust type spelling: `Option<T>` when optional or nullable.
    pub fn rust_spelling(&self) -> String {
        if self.optional || self.nullable {
            format!("Option<{}>", self.ty.rust_spelling())
        } else {
            self.ty.rust_spelling()
        }
    }
}

impl Param {
    /// The parameter's Rust type spelling: `Option<T>` when not required.
    pub fn rust_spelling(&self) -> String {
        if self.required {
            self.ty.rust_spelling()
        } else {
            format!("Option<{}>", self.ty.rust_spelling())
        }
    }
}

impl Response {
    /// The Rust spelling of what the call returns: `()`, `T` or `Page<T>`.
    pub fn rust_spelling(&self) -> String {
        match self {
            Response::Empty => "()".to_owned(),
            Response::Single(t) => t.rust_spelling(),
            Response::Page(t) => format!("Page<{}>", t.rust_spelling()),
        }
    }
}

/// One API operation (one Blueprint action).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The group the operation belongs to.
    pub group: String,
    /// The resource name.
    pub resource: String,
    /// The action name.
    pub action: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template after overrides, e.g. `/stacks/{stack_id}/servers`.
    pub path: String,
    /// The required OAuth scope, if documented.
    pub scope: Option<String>,
    /// The client accessor for the group, e.g. `stacks`.
    pub accessor: String,
    /// The Rust method on the accessor, e.g. `list`.
    #[serde(rename = "fn")]
    pub fn_name: String,
    /// Markdown documentation (resource and action descriptions).
    pub doc: String,
    /// Path, query and form parameters, path ones in template order first.
    pub parameters: Vec<Param>,
    /// What a successful call returns.
    pub response: Response,
    /// The example bodies of the response (for round-trip and contract tests).
    pub examples: Vec<Example>,
    /// 1-based line of the action in the spec.
    pub line: u32,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust argument or setter name.
    pub rust: String,
    /// Path, query or form.
    pub location: Location,
    /// The Rust type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the caller must provide it.
    pub required: bool,
    /// Sent as a JSON-encoded string (e.g. `server_count`).
    pub json_encoded: bool,
    /// The spec's description.
    pub description: String,
    /// The spec's example, as written.
    pub example: Option<String>,
}

/// The typed result of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Response {
    /// No example body: the call returns `()`.
    Empty,
    /// `{"response": T}`: the call returns `T`.
    Single(TypeRef),
    /// `{"response": [T…], "count", "pagination"}`: the call returns `Page<T>`.
    Page(TypeRef),
}

/// An example body of a response, kept for generated tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// 1-based line of the body in the spec.
    pub line: u32,
    /// The JSON value (repaired if the body was not valid JSON as written),
    /// shared with the parser's IR rather than copied.
    pub value: std::sync::Arc<serde_json::Value>,
    /// Whether the value comes from a repaired body.
    pub repaired: bool,
}
