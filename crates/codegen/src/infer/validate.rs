//! A validator on the model: does a JSON value decode into a type?
//!
//! It mirrors what the emitted serde code accepts: unknown keys are
//! ignored, optional or nullable fields accept absence and `null`, enums
//! accept any value of their representation (the catch-all variant keeps
//! unknown ones), untagged unions accept any variant.

use serde_json::Value;

use super::lattice::is_date_time;
use crate::model::{EnumRepr, Operation, Response, TypeKind, TypeModel, TypeRef};

/// Whether `value` decodes as `ty` in `model`.
pub fn admits(model: &TypeModel, ty: &TypeRef, value: &Value) -> bool {
    decodes(model, ty, value, false)
}

/// Whether `value` decodes as `ty` with nothing left behind: every key of
/// every object is a field of its struct (or map). An example with keys its
/// declared type lacks would lose them.
pub fn keeps(model: &TypeModel, ty: &TypeRef, value: &Value) -> bool {
    decodes(model, ty, value, true)
}

/// Whether `value` decodes as `ty` with nothing left behind (see
/// [`keeps`]), the named types looked up in `types` (for inference, before
/// the model exists).
pub(crate) fn keeps_in(
    types: &std::collections::BTreeMap<String, crate::model::TypeDef>,
    ty: &TypeRef,
    value: &Value,
) -> bool {
    decodes_with(&|name| types.get(name).map(|t| &t.kind), ty, value, true)
}

fn decodes(model: &TypeModel, ty: &TypeRef, value: &Value, lossless: bool) -> bool {
    let lookup = |name: &str| {
        model
            .types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &model.types[i].kind)
    };
    decodes_with(&lookup, ty, value, lossless)
}

fn decodes_with<'t>(
    lookup: &dyn Fn(&str) -> Option<&'t TypeKind>,
    ty: &TypeRef,
    value: &Value,
    lossless: bool,
) -> bool {
    let model = lookup;
    let admits = |model: &dyn Fn(&str) -> Option<&'t TypeKind>, ty: &TypeRef, value: &Value| {
        decodes_with(model, ty, value, lossless)
    };
    match ty {
        TypeRef::String => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::I64 => value.is_i64(),
        TypeRef::U64 => value.is_u64(),
        TypeRef::F64 | TypeRef::Number => value.is_number(),
        TypeRef::DateTime => value.as_str().is_some_and(is_date_time),
        TypeRef::Json => true,
        TypeRef::Option(t) => value.is_null() || admits(model, t, value),
        TypeRef::Boxed(t) => admits(model, t, value),
        TypeRef::List(t) => value
            .as_array()
            .is_some_and(|a| a.iter().all(|v| admits(model, t, v))),
        TypeRef::Map(t) => value
            .as_object()
            .is_some_and(|o| o.values().all(|v| admits(model, t, v))),
        TypeRef::Named(name) => {
            let Some(kind) = model(name) else {
                return false;
            };
            match kind {
                TypeKind::Struct { fields } => {
                    let Some(obj) = value.as_object() else {
                        return false;
                    };
                    let own = |k: &String| fields.iter().any(|f| !f.flatten && f.json == *k);
                    // Flattened fields read the keys no other field takes.
                    let rest: serde_json::Map<String, Value> = obj
                        .iter()
                        .filter(|(k, _)| !own(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    let flattened = fields.iter().any(|f| f.flatten);
                    let unknown = lossless && !flattened && !rest.is_empty();
                    !unknown
                        && fields.iter().all(|f| match obj.get(&f.json) {
                            _ if f.flatten => admits(model, &f.ty, &Value::Object(rest.clone())),
                            None => f.optional || f.nullable,
                            Some(Value::Null) if f.optional || f.nullable => true,
                            Some(v) => admits(model, &f.ty, v),
                        })
                }
                TypeKind::Enum {
                    repr: EnumRepr::Integer,
                    ..
                } => value.is_i64(),
                TypeKind::Enum {
                    repr: EnumRepr::String,
                    ..
                } => value.is_string(),
                // serde takes the first variant that decodes; only that
                // one has to keep everything.
                TypeKind::Untagged { variants } => variants
                    .iter()
                    .find(|v| decodes_with(model, &v.ty, value, false))
                    .is_some_and(|v| admits(model, &v.ty, value)),
                TypeKind::Alias { target } => admits(model, target, value),
            }
        }
    }
}

/// Whether a whole response body of `op` decodes as its response, read
/// the way the client reads it: inside the API's envelope when the
/// operation is enveloped, as a page's items for a page.
pub fn admits_response(model: &TypeModel, op: &Operation, body: &Value) -> bool {
    response_decodes(model, op, body, false)
}

/// Whether a whole response body of `op` decodes with nothing left behind
/// (see [`keeps`]).
pub fn keeps_response(model: &TypeModel, op: &Operation, body: &Value) -> bool {
    response_decodes(model, op, body, true)
}

fn response_decodes(model: &TypeModel, op: &Operation, body: &Value, lossless: bool) -> bool {
    let admits =
        |model: &TypeModel, ty: &TypeRef, value: &Value| decodes(model, ty, value, lossless);
    match &op.response {
        Response::Empty | Response::Text | Response::Bytes => true,
        Response::Single(t) if op.enveloped => model
            .api
            .envelope
            .as_deref()
            .and_then(|key| body.get(key))
            .is_some_and(|v| admits(model, t, v)),
        Response::Single(t) => admits(model, t, body),
        Response::Page(t) => model
            .api
            .page
            .as_ref()
            .and_then(|page| body.get(&page.items))
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().all(|v| admits(model, t, v))),
    }
}
