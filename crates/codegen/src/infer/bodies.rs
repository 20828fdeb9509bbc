//! What an operation sends and what it answers besides its result: JSON
//! request bodies, request headers the caller may set, documented response
//! headers, and the bodies of documented error responses.
//!
//! - A `+ Request` with a JSON body (as written or repaired) gives a request
//!   type named `{Group}{Method}Request` (`TagCreateRequest` for
//!   `client.tags().create(…)`), built by the caller; every type it reaches
//!   is marked as input (no `#[non_exhaustive]`).
//! - Error responses (4xx, 5xx) with a JSON body give error types, one per
//!   shape across the whole API (a shape shared by many operations is one
//!   type), named after their keys (`{message, status}` → `MessageStatusError`).
//! - Headers: `Authorization`, `Accept`, `Content-Type`, `Content-Length`,
//!   `User-Agent`, `Host` and the API's credential header (`X-Api-Key`, see
//!   [`super::auth`]) are the client's own; any other documented request
//!   header is an optional setter.

use std::collections::BTreeSet;

use blueprint_parser::{Diagnostic, Location, Payload};

use crate::model::{NameOrigin, NameSource};

use super::lattice::Shape;
use super::naming::{camel_ident, singular, snake_ident};
use super::operation_names::avoid;
use super::requests::BUILDER_METHODS;
use super::structs::{fields_name, is_struct_like, wrap_nullable};
use super::{is_json_media_type, Inference, OpInfo};
use crate::model::{ErrorResponse, Example, HeaderParam, Param, RequestBody, TypeKind, TypeRef};

/// Headers the client sets itself.
const CLIENT_HEADERS: &[&str] = &[
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "user-agent",
    "host",
];

/// The example of a payload's JSON body, if it has one: as written (or
/// repaired), else rendered from its MSON attributes.
pub(super) fn example_of(p: &Payload) -> Option<Example> {
    let Some(value) = p.json_value() else {
        let generated = p.generated_json.clone()?;
        return Some(Example {
            line: p.line,
            status: p.status.unwrap_or(200),
            headers: p
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
            value: generated,
            repaired: false,
            generated: true,
        });
    };
    Some(Example {
        line: p.body_line.unwrap_or(p.line),
        status: p.status.unwrap_or(200),
        headers: p
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        value: p
            .json
            .clone()
            .unwrap_or_else(|| std::sync::Arc::new(value.clone())),
        repaired: p.json.is_none(),
        generated: false,
    })
}

impl Inference<'_> {
    /// The JSON request body of `op`, if its requests document one.
    pub(super) fn request_body(
        &mut self,
        op: &OpInfo<'_>,
        accessor: &str,
        fn_name: &str,
    ) -> Option<RequestBody> {
        let mut shape = Shape::bottom();
        let mut examples = Vec::new();
        let mut media_type = None;
        for p in &op.action.requests {
            let Some(example) = example_of(p) else {
                continue;
            };
            shape.join(&Shape::of_value(&example.value, Some(example.line)));
            media_type = media_type.or_else(|| p.media_type.clone());
            examples.push(example);
        }
        let declarations: Vec<_> = op
            .action
            .requests
            .iter()
            .filter_map(|p| p.attributes.as_ref())
            .collect();
        let declared = self.merged_declaration(&declarations).or_else(|| {
            op.action
                .attributes
                .as_ref()
                .map(std::borrow::Cow::Borrowed)
        });
        if examples.is_empty() && declared.is_none() {
            return None;
        }
        let base = format!(
            "{}{}Request",
            camel_ident(&singular(accessor)),
            camel_ident(fn_name)
        );
        let ty = if let Some(attributes) = declared {
            // Declared attributes win over the examples, which are checked.
            self.declared_type(&attributes, &base, &[])
        } else if is_struct_like(&shape) {
            let obj = shape.object.clone().unwrap_or_default();
            let name = self.claim(&base, "request", shape.line);
            let doc = format!("The JSON body of `{}`.", op.action.name);
            let gi = self.register_top(&obj, &name, doc);
            self.collect_nested(&obj, &name);
            self.define_group(gi);
            TypeRef::Named(name)
        } else {
            self.collect_shape(&shape, &base, "", false);
            wrap_nullable(self.type_of(&shape, &base, "", false), &shape)
        };
        self.mark_input(&ty);
        let media_type = media_type
            .filter(|m| is_json_media_type(m))
            .unwrap_or_else(|| "application/json".to_owned());
        Some(RequestBody {
            ty,
            media_type,
            examples,
        })
    }

    /// Marks `ty` and every type it reaches as built by callers.
    fn mark_input(&mut self, ty: &TypeRef) {
        let mut todo = vec![ty.clone()];
        let mut seen = BTreeSet::new();
        while let Some(t) = todo.pop() {
            match t {
                TypeRef::Named(name) if seen.insert(name.clone()) => {
                    let Some(def) = self.types.get_mut(&name) else {
                        continue;
                    };
                    def.input = true;
                    match &def.kind {
                        TypeKind::Struct { fields } => {
                            todo.extend(fields.iter().map(|f| f.ty.clone()))
                        }
                        TypeKind::Untagged { variants } => {
                            todo.extend(variants.iter().map(|v| v.ty.clone()))
                        }
                        TypeKind::Alias { target } => todo.push(target.clone()),
                        TypeKind::Enum { .. } => {}
                    }
                }
                TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                    todo.push(*t)
                }
                _ => {}
            }
        }
    }

    /// The request headers of `op` a caller may set, with setter names that
    /// are neither a parameter's nor the builder's own.
    pub(super) fn request_headers(&self, op: &OpInfo<'_>, params: &[Param]) -> Vec<HeaderParam> {
        let mut out: Vec<HeaderParam> = Vec::new();
        let rate_limit: Vec<String> = self
            .conventions
            .rate_limit
            .iter()
            .flat_map(|r| {
                [
                    r.limit.to_ascii_lowercase(),
                    r.remaining.to_ascii_lowercase(),
                ]
            })
            .collect();
        // The credentials' header is the client's (`ClientBuilder::api_key`).
        let credential = self.auth.scheme.header().map(str::to_ascii_lowercase);
        for h in op.action.requests.iter().flat_map(|p| &p.headers) {
            let lower = h.name.to_ascii_lowercase();
            if CLIENT_HEADERS.contains(&lower.as_str())
                || credential.as_deref() == Some(lower.as_str())
                || rate_limit.contains(&lower)
                || out.iter().any(|o| o.name.eq_ignore_ascii_case(&h.name))
            {
                continue;
            }
            let mut rust = avoid(snake_ident(&h.name), BUILDER_METHODS);
            if params.iter().any(|p| p.rust == rust) || out.iter().any(|o| o.rust == rust) {
                rust = format!("{rust}_header");
            }
            out.push(HeaderParam {
                name: h.name.clone(),
                rust,
                example: h.value.clone(),
            });
        }
        out
    }

    /// The headers the success responses of `op` document.
    pub(super) fn response_headers(&self, op: &OpInfo<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let successes = op
            .action
            .responses
            .iter()
            .filter(|p| p.status.is_none_or(|s| (200..300).contains(&s)));
        for h in successes.flat_map(|p| &p.headers) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&h.name)) {
                out.push(h.name.clone());
            }
        }
        out
    }

    /// The error responses of every operation, with one type per body shape
    /// across the API; returned per operation, in order.
    pub(super) fn error_responses(&mut self, ops: &[OpInfo<'_>]) -> Vec<Vec<ErrorResponse>> {
        // (status, example) per operation; shapes grouped by their keys.
        let mut per_op: Vec<Vec<(u16, Option<Example>)>> = Vec::new();
        // (operation, error, type) of the errors declared with MSON.
        let mut declared_errors: Vec<(usize, usize, TypeRef)> = Vec::new();
        // Keys, joined shape, uses, and the first status.
        let mut groups: Vec<(Vec<String>, Shape, Vec<String>, u16)> = Vec::new();
        for op in ops {
            let mut errors = Vec::new();
            for p in &op.action.responses {
                let Some(status) = p.status.filter(|s| *s >= 400) else {
                    continue;
                };
                let example = example_of(p);
                if let Some(attributes) = &p.attributes {
                    let base = format!("{}Error", camel_ident(&op.action.name));
                    let ty = self.declared_type(attributes, &base, &[status_word(status)]);
                    declared_errors.push((per_op.len(), errors.len(), ty));
                    errors.push((status, example));
                    continue;
                }
                if let Some(e) = &example {
                    let shape = Shape::of_value(&e.value, Some(e.line));
                    let keys = shape
                        .object
                        .as_ref()
                        .filter(|_| is_struct_like(&shape))
                        .map(|o| o.key_set())
                        .unwrap_or_default();
                    let use_site = format!("`{status}` of `{}`", op.action.name);
                    match groups.iter_mut().find(|(k, _, _, _)| *k == keys) {
                        Some((_, joined, uses, _)) => {
                            joined.join(&shape);
                            uses.push(use_site);
                        }
                        None => groups.push((keys, shape, vec![use_site], status)),
                    }
                }
                errors.push((status, example));
            }
            per_op.push(errors);
        }
        // Name and define each shape's type, in order of first appearance.
        let mut types: Vec<(Vec<String>, TypeRef)> = Vec::new();
        for (keys, shape, uses, status) in groups {
            let doc = format!("The body of error answers: {}.", uses.join(", "));
            let ty = if is_struct_like(&shape) {
                let obj = shape.object.clone().unwrap_or_default();
                let fields = fields_name(&obj).unwrap_or_default();
                let base = format!("{fields}Error");
                let base = if fields.is_empty() {
                    "ErrorBody".to_owned()
                } else {
                    base
                };
                // Two shapes with the names of one: the status tells them apart.
                let word = status_word(status);
                let candidates = [
                    (base.clone(), NameOrigin::new(NameSource::Keys, "its keys")),
                    (
                        format!("{fields}{word}Error"),
                        NameOrigin::new(NameSource::Operation, format!("its status {status}")),
                    ),
                ];
                let name = self.claim_shape(&candidates, "error", Some(&obj.key_set()), shape.line);
                let gi = self.register_top(&obj, &name, doc);
                self.collect_nested(&obj, &name);
                self.define_group(gi);
                TypeRef::Named(name)
            } else {
                self.collect_shape(&shape, "ErrorBody", "", false);
                wrap_nullable(self.type_of(&shape, "ErrorBody", "", false), &shape)
            };
            types.push((keys, ty));
        }
        per_op
            .into_iter()
            .enumerate()
            .map(|(oi, errors)| {
                errors
                    .into_iter()
                    .enumerate()
                    .map(|(ei, (status, example))| {
                        let declared = declared_errors
                            .iter()
                            .find(|(o, e, _)| *o == oi && *e == ei)
                            .map(|(_, _, t)| t.clone());
                        let ty = declared.or_else(|| {
                            example.as_ref().and_then(|e| {
                                let shape = Shape::of_value(&e.value, None);
                                let keys = shape
                                    .object
                                    .as_ref()
                                    .filter(|_| is_struct_like(&shape))
                                    .map(|o| o.key_set())
                                    .unwrap_or_default();
                                types
                                    .iter()
                                    .find(|(k, _)| *k == keys)
                                    .map(|(_, t)| t.clone())
                            })
                        });
                        ErrorResponse {
                            status,
                            ty,
                            example,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Form parameters of an operation that also sends a JSON body travel in
    /// the query instead, with a warning (a request has one body).
    pub(super) fn move_form_parameters(&mut self, op: &OpInfo<'_>, params: &mut [Param]) {
        for p in params.iter_mut().filter(|p| p.location == Location::Form) {
            p.location = Location::Query;
            self.diags.push(Diagnostic::warning(
                "form-and-json-body",
                op.action.line,
                op.action.column,
                format!(
                    "`{}` sends a JSON body and the form parameter `{}`; a request has one body, so `{}` is sent in the query",
                    op.action.name, p.name, p.name
                ),
            ));
        }
    }
}

/// A status's reason phrase as one word of a type name (`404` →
/// `NotFound`), to tell apart error bodies that want one name.
pub(super) fn status_word(status: u16) -> String {
    let phrase = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        423 => "Locked",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ if status < 500 => "Client Error",
        _ => "Server Error",
    };
    camel_ident(phrase)
}
