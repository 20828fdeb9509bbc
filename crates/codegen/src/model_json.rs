//! The JSON printed by `cargo xtask types`: the type model with every type
//! written as the Rust spelling the emitter uses.
//!
//! ```json
//! {"types": [{"name", "kind": "struct"|"enum"|"untagged"|"alias", "doc",
//!             "fields": [{"json", "rust", "type", "optional", "nullable", "doc"}],
//!             "repr", "variants": [{"name", "value", "doc"} | {"name", "type"}],
//!             "target"}],
//!  "operations": [{"group", "resource", "action", "method", "path", "scope",
//!                  "accessor", "fn", "parameters": [{"name", "rust", "location",
//!                  "type", "required", "json_encoded"}], "response", "doc",
//!                  "examples": [{"line", "repaired"}], "line"}],
//!  "diagnostics": [...], "override_diagnostics": [...]}
//! ```
//!
//! Field types include the `Option` that optional or nullable fields get
//! (`Option<i64>`); parameter types are the bare type (`required` says
//! whether the setter is optional); `response` is `()`, `T` or `Page<T>`.

use serde_json::{json, Value};

use crate::model::{TypeDef, TypeKind, TypeModel};

fn type_json(t: &TypeDef) -> Value {
    match &t.kind {
        TypeKind::Struct { fields } => json!({
            "name": t.name,
            "kind": "struct",
            "doc": t.doc,
            "fields": fields.iter().map(|f| json!({
                "json": f.json,
                "rust": f.rust,
                "type": f.rust_spelling(),
                "optional": f.optional,
                "nullable": f.nullable,
                "doc": f.doc,
            })).collect::<Vec<_>>(),
        }),
        TypeKind::Enum { repr, variants } => json!({
            "name": t.name,
            "kind": "enum",
            "doc": t.doc,
            "repr": repr,
            "variants": variants.iter().map(|v| json!({"name": v.name, "value": v.value, "doc": v.doc})).collect::<Vec<_>>(),
        }),
        TypeKind::Untagged { variants } => json!({
            "name": t.name,
            "kind": "untagged",
            "doc": t.doc,
            "variants": variants.iter().map(|v| json!({"name": v.name, "type": v.ty.rust_spelling()})).collect::<Vec<_>>(),
        }),
        TypeKind::Alias { target } => json!({
            "name": t.name,
            "kind": "alias",
            "doc": t.doc,
            "target": target.rust_spelling(),
        }),
    }
}

/// The `cargo xtask types` JSON of a model.
pub fn type_model_json(model: &TypeModel) -> Value {
    json!({
        "types": model.types.iter().map(type_json).collect::<Vec<_>>(),
        "operations": model.operations.iter().map(|op| json!({
            "group": op.group,
            "resource": op.resource,
            "action": op.action,
            "method": op.method,
            "path": op.path,
            "scope": op.scope,
            "accessor": op.accessor,
            "fn": op.fn_name,
            "parameters": op.parameters.iter().map(|p| json!({
                "name": p.name,
                "rust": p.rust,
                "location": p.location,
                "type": p.ty.rust_spelling(),
                "required": p.required,
                "json_encoded": p.json_encoded,
            })).collect::<Vec<_>>(),
            "response": op.response.rust_spelling(),
            "doc": op.doc,
            "examples": op.examples.iter().map(|e| json!({"line": e.line, "repaired": e.repaired})).collect::<Vec<_>>(),
            "line": op.line,
        })).collect::<Vec<_>>(),
        "diagnostics": model.diagnostics,
        "override_diagnostics": model.override_diagnostics,
    })
}
