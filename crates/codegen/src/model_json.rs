//! The JSON printed by `cargo xtask types`: the type model with every type
//! written as the Rust spelling the emitter uses.
//!
//! ```json
//! {"api": {"name", "package", "lib", "version", "description", "source",
//!          "base_url", "token_env", "base_url_env", "envelope", "page",
//!          "scopes", "always_granted_scope", "rate_limit", "error_code_keys",
//!          "error_message_keys", "error_codes", "action", "oauth", "auth"},
//!  "types": [{"name", "name_origin", "kind": "struct"|"enum"|"untagged"|"alias", "doc",
//!             "input", "fields": [{"json", "rust", "type", "optional", "nullable", "doc", "example",
//!             "flatten", "fixed"}], "repr", "variants": [{"name", "value", "doc"} | {"name", "type"}],
//!             "target"}],
//!  "operations": [{"group", "resource", "action", "method", "path", "scope", "enveloped",
//!                  "accessor", "accessor_origin", "fn", "fn_origin",
//!                  "parameters": [{"name", "rust", "location",
//!                  "type", "required", "json_encoded"}], "request", "request_headers",
//!                  "response", "paging", "response_headers", "errors": [{"status", "type"}], "doc",
//!                  "declared", "examples": [{"line", "repaired", "generated"}], "line"}],
//!  "diagnostics": [...], "override_diagnostics": [...]}
//! ```
//!
//! Field types include the `Option` that optional or nullable fields get
//! (`Option<i64>`); parameter types are the bare type (`required` says
//! whether the setter is optional); `response` is `()`, `T` or `Page<T>`;
//! `flatten` marks a field whose keys sit in the object itself (an MSON
//! `One Of`, `json` empty); `fixed` is an MSON `fixed` scalar's value (else
//! `null`); `declared` says the result's type comes from
//! MSON; an example is `generated` when rendered from MSON attributes.
//! `paging` is how the pages of a listing follow each other (`null` for
//! none): `{"items", "item", "next": {"kind": "number"|"cursor"|"link", …},
//! "parameter", "size_parameter"}`. `accessor_origin`, `fn_origin` and
//! `name_origin` say where a name came from:
//! `{"source", "detail", "collision", "rules_give"}` (see
//! [`crate::model::NameOrigin`]).

use serde_json::{json, Value};

use crate::model::{TypeDef, TypeKind, TypeModel, TypeRef};

fn type_json(t: &TypeDef) -> Value {
    match &t.kind {
        TypeKind::Struct { fields } => json!({
            "name": t.name,
            "kind": "struct",
            "doc": t.doc,
            "input": t.input,
            "fields": fields.iter().map(|f| json!({
                "json": f.json,
                "rust": f.rust,
                "type": f.rust_spelling(),
                "optional": f.optional,
                "nullable": f.nullable,
                "doc": f.doc,
                "example": f.example,
                "flatten": f.flatten,
                "fixed": f.fixed,
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
        "api": model.api,
        "types": model.types.iter().map(|t| {
            let mut json = type_json(t);
            json["name_origin"] = json!(model.type_origins.get(&t.name));
            json
        }).collect::<Vec<_>>(),
        "operations": model.operations.iter().map(|op| json!({
            "group": op.group,
            "resource": op.resource,
            "action": op.action,
            "method": op.method,
            "path": op.path,
            "scope": op.scope,
            "enveloped": op.enveloped,
            "accessor": op.accessor,
            "accessor_origin": op.accessor_origin,
            "fn": op.fn_name,
            "fn_origin": op.fn_origin,
            "parameters": op.parameters.iter().map(|p| json!({
                "name": p.name,
                "rust": p.rust,
                "location": p.location,
                "type": p.ty.rust_spelling(),
                "required": p.required,
                "json_encoded": p.json_encoded,
            })).collect::<Vec<_>>(),
            "request": op.request.as_ref().map(|r| r.ty.rust_spelling()),
            "request_headers": op.request_headers.iter().map(|h| &h.name).collect::<Vec<_>>(),
            "response": op.response.rust_spelling(),
            "paging": op.paging,
            "response_headers": op.response_headers,
            "errors": op.errors.iter().map(|e| json!({
                "status": e.status,
                "type": e.ty.as_ref().map(TypeRef::rust_spelling),
            })).collect::<Vec<_>>(),
            "doc": op.doc,
            "declared": op.declared,
            "examples": op.examples.iter().map(|e| json!({"line": e.line, "repaired": e.repaired, "generated": e.generated})).collect::<Vec<_>>(),
            "line": op.line,
        })).collect::<Vec<_>>(),
        "diagnostics": model.diagnostics,
        "override_diagnostics": model.override_diagnostics,
    })
}
