//! The spec's example bodies as the generated tests embed them.

use std::sync::OnceLock;

use crate::model::TypeModel;

/// Every example body of the model as pretty JSON, rendered once on first use:
/// the contract test and the round-trip test (built on different threads)
/// embed the same bodies.
pub struct ExampleBodies<'m> {
    model: &'m TypeModel,
    /// One slot per example, per operation.
    rendered: Vec<Vec<OnceLock<String>>>,
}

impl<'m> ExampleBodies<'m> {
    /// Empty slots for the examples of `model`.
    pub fn new(model: &'m TypeModel) -> Self {
        let rendered = model
            .operations
            .iter()
            .map(|op| op.examples.iter().map(|_| OnceLock::new()).collect())
            .collect();
        Self { model, rendered }
    }

    /// Example `index` of operation `op` (indices into the model) as pretty JSON.
    pub fn get(&self, op: usize, index: usize) -> &str {
        self.rendered[op][index].get_or_init(|| {
            serde_json::to_string_pretty(&self.model.operations[op].examples[index].value)
                .unwrap_or_default()
        })
    }
}

/// A value of `ty` for an operation whose spec gives no example: the
/// smallest one the type decodes (required fields only, placeholder
/// scalars, the first variant of an enum), so its contract test can still
/// serve an answer and check the decoding.
pub fn synthesize(model: &TypeModel, ty: &crate::model::TypeRef) -> serde_json::Value {
    synthesize_within(model, ty, 0)
}

fn synthesize_within(
    model: &TypeModel,
    ty: &crate::model::TypeRef,
    depth: usize,
) -> serde_json::Value {
    use crate::model::{EnumRepr, TypeKind, TypeRef};
    use serde_json::{json, Value};
    // Recursive types end in their optional fields; this bounds the rest.
    if depth > 16 {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!("example"),
        TypeRef::Bool => json!(true),
        TypeRef::I64 | TypeRef::U64 | TypeRef::Number => json!(1),
        TypeRef::F64 => json!(1.5),
        TypeRef::DateTime => json!("2024-01-01T00:00:00Z"),
        TypeRef::Json | TypeRef::Option(_) => Value::Null,
        TypeRef::List(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Boxed(t) => synthesize_within(model, t, depth),
        TypeRef::Named(name) => {
            let Some(def) = model.types.iter().find(|t| &t.name == name) else {
                return Value::Null;
            };
            match &def.kind {
                TypeKind::Struct { fields } => {
                    let mut object = serde_json::Map::new();
                    for f in fields.iter().filter(|f| !f.optional) {
                        if f.nullable {
                            object.insert(f.json.clone(), Value::Null);
                            continue;
                        }
                        match synthesize_within(model, &f.ty, depth + 1) {
                            // A flattened field's keys sit in the object itself.
                            Value::Object(keys) if f.flatten => object.extend(keys),
                            _ if f.flatten => {}
                            value => {
                                object.insert(f.json.clone(), value);
                            }
                        }
                    }
                    Value::Object(object)
                }
                TypeKind::Enum { repr, variants } => variants
                    .first()
                    .map(|v| v.value.clone())
                    .unwrap_or(match repr {
                        EnumRepr::Integer => json!(0),
                        EnumRepr::String => json!("value"),
                    }),
                TypeKind::Untagged { variants } => variants
                    .first()
                    .map_or(Value::Null, |v| synthesize_within(model, &v.ty, depth + 1)),
                TypeKind::Alias { target } => synthesize_within(model, target, depth + 1),
            }
        }
    }
}

/// A page of no items for an operation whose spec gives no example of its
/// page: the page numbers of a single, last page.
pub fn synthesize_page(model: &TypeModel) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let Some(page) = &model.api.page else {
        return Value::Null;
    };
    let fields = &page.fields;
    let mut numbers = Map::new();
    numbers.insert(fields.next.clone(), Value::Null);
    if let Some(k) = &fields.previous {
        numbers.insert(k.clone(), Value::Null);
    }
    for k in [
        &fields.current,
        &fields.per_page,
        &fields.total,
        &fields.pages,
    ]
    .into_iter()
    .flatten()
    {
        numbers.insert(k.clone(), json!(1));
    }
    let mut body = Map::new();
    body.insert(page.items.clone(), json!([]));
    if let Some(count) = &page.count {
        body.insert(count.clone(), json!(0));
    }
    body.insert(page.pagination.clone(), Value::Object(numbers));
    Value::Object(body)
}
