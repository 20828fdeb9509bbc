//! A validator on the model: does a JSON value decode into a type?
//!
//! It mirrors what the emitted serde code accepts: unknown keys are
//! ignored, optional or nullable fields accept absence and `null`, enums
//! accept any value of their representation (the catch-all variant keeps
//! unknown ones), untagged unions accept any variant.

use serde_json::Value;

use super::lattice::is_date_time;
use crate::model::{EnumRepr, Response, TypeKind, TypeModel, TypeRef};

/// Whether `value` decodes as `ty` in `model`.
pub fn admits(model: &TypeModel, ty: &TypeRef, value: &Value) -> bool {
    match ty {
        TypeRef::String => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::I64 => value.is_i64(),
        TypeRef::U64 => value.is_u64(),
        TypeRef::F64 => value.is_number(),
        TypeRef::DateTime => value.as_str().is_some_and(is_date_time),
        TypeRef::Json => true,
        TypeRef::Option(t) => value.is_null() || admits(model, t, value),
        TypeRef::List(t) => value
            .as_array()
            .is_some_and(|a| a.iter().all(|v| admits(model, t, v))),
        TypeRef::Map(t) => value
            .as_object()
            .is_some_and(|o| o.values().all(|v| admits(model, t, v))),
        TypeRef::Named(name) => {
            let Ok(i) = model.types.binary_search_by(|t| t.name.as_str().cmp(name)) else {
                return false;
            };
            match &model.types[i].kind {
                TypeKind::Struct { fields } => {
                    let Some(obj) = value.as_object() else {
                        return false;
                    };
                    fields.iter().all(|f| match obj.get(&f.json) {
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
                TypeKind::Untagged { variants } => {
                    variants.iter().any(|v| admits(model, &v.ty, value))
                }
                TypeKind::Alias { target } => admits(model, target, value),
            }
        }
    }
}

/// Whether a whole response body (with its `{"response": …}` envelope)
/// decodes as `response`.
pub fn admits_response(model: &TypeModel, response: &Response, body: &Value) -> bool {
    match response {
        Response::Empty => true,
        Response::Single(t) => body.get("response").is_some_and(|v| admits(model, t, v)),
        Response::Page(t) => body
            .get("response")
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().all(|v| admits(model, t, v))),
    }
}
