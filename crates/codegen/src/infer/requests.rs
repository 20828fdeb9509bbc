//! Operations: responses, parameters, request bodies and headers, docs;
//! their names come from the `operation_names` module.

use std::collections::BTreeMap;

use blueprint_parser::{Location, Parameter};
use serde_json::Value;

use super::lattice::Shape;
use super::naming::{concept_name, snake_ident};
use super::operation_names::{
    avoid, crud_word, name_operations, NamingInput, OperationFacts, OperationName,
};
use super::structs::wrap_nullable;
use super::{Envelope, Inference, OpInfo, USE_METHOD};
use crate::model::{Method, Operation, Param, PathSegment, PathTemplate, Response, TypeRef};

/// Methods of a request builder: a setter cannot take their names.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "client",
    "body",
    "send",
    "send_with_headers",
    "stream",
    "collect_all",
    "clone",
    "clone_from",
    "fmt",
    "into_future",
];

/// The Rust name of a path variable: an `id` that is followed by more of
/// the path names the collection before it (`/stacks/{id}/servers` →
/// `stack_id`, `/users/{id}/devices/{token}` → `user_id`), so arguments
/// read the same across operations; any other variable keeps its name.
pub fn path_rust_name(path: &str, var: &str) -> String {
    let marker = format!("{{{var}}}");
    if var == "id" {
        if let Some(at) = path.find(&marker) {
            let before = &path[..at];
            let after = path[at + marker.len()..].trim_matches('/');
            let collection = before
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            if !after.is_empty() && !collection.is_empty() && !collection.contains('{') {
                return snake_ident(&format!("{}_id", super::naming::singular(collection)));
            }
        }
    }
    snake_ident(var)
}

/// Parses a JSON-looking example (`{"a":2}`, or `{'a' : 'b'}` with single quotes).
pub fn json_example(example: &str) -> Option<Value> {
    let t = example.trim();
    if !t.starts_with('{') {
        return None;
    }
    serde_json::from_str(t)
        .ok()
        .or_else(|| serde_json::from_str(&t.replace('\'', "\"")).ok())
}

/// The type of a parameter from its declared type (`integer`, `boolean`,
/// `number`, otherwise a string), or a map for JSON-looking string examples
/// (returned with `json_encoded = true`). Integer ids and counts are `u64`;
/// a `number` is an integer when its example and default are.
pub fn param_type(p: &Parameter) -> (TypeRef, bool) {
    let declared = p
        .type_name
        .as_deref()
        .unwrap_or("string")
        .to_ascii_lowercase();
    let written = || p.example.iter().chain(&p.default).map(|v| v.trim());
    // A `number` whose written values are all integers (an id or a count
    // with none written) is an integer, as in the models.
    let integral = declared == "number"
        && if written().next().is_none() {
            super::structs::is_id_or_count(&p.name)
        } else {
            written().all(|v| v.parse::<i64>().is_ok())
        };
    match declared.as_str() {
        // Identifiers and counts are `u64`, as in the models (so an id read
        // from one call passes straight to the next), unless a written
        // value is negative.
        "integer" | "int" | "number"
            if (declared != "number" || integral)
                && super::structs::is_id_or_count(&p.name)
                && written().all(|v| v.parse::<u64>().is_ok()) =>
        {
            return (TypeRef::U64, false)
        }
        "integer" | "int" => return (TypeRef::I64, false),
        "number" if integral => return (TypeRef::I64, false),
        "boolean" | "bool" => return (TypeRef::Bool, false),
        "number" => return (TypeRef::F64, false),
        _ => {}
    }
    if let Some(Value::Object(map)) = p.example.as_deref().and_then(json_example) {
        let mut values = Shape::bottom();
        for v in map.values() {
            values.join(&Shape::of_value(v, None));
        }
        let value_ty = match values.kinds().as_slice() {
            [super::lattice::Kind::Number] if !values.float && !values.null => TypeRef::I64,
            [super::lattice::Kind::String] if !values.null => TypeRef::String,
            [super::lattice::Kind::Bool] if !values.null => TypeRef::Bool,
            _ => TypeRef::Json,
        };
        return (TypeRef::Map(Box::new(value_ty)), true);
    }
    (TypeRef::String, false)
}

/// Builds the parameters of an operation: path variables of `path` first
/// (in template order, required, but for a variable of a `{a,b}`
/// expression declared optional, which RFC 6570 leaves out when unset),
/// then the variables of query values of several pieces (`?role={kind}:{id}`,
/// filled by the template like path variables), then the query parameters
/// whose value the template takes from one variable (`?section={id}`: sent
/// as `section`), then the `{?a,b}` variables the
/// spec does not declare (optional strings), then the declared ones in spec
/// order, each where the parser located it (corrections are applied to the
/// IR first). A path variable the spec does not declare is a required
/// string. `enum_of` gives a documented enum type for a parameter, if any.
pub fn parameters(
    path: &PathTemplate,
    declared: &[Parameter],
    enum_of: &dyn Fn(&Parameter) -> Option<TypeRef>,
) -> Vec<Param> {
    let template = path.to_string();
    let mut out: Vec<Param> = Vec::new();
    let build = |p: &Parameter, location: Location, required: bool| {
        let (mut ty, json_encoded) = param_type(p);
        if let Some(e) = enum_of(p) {
            ty = e;
        }
        Param {
            name: p.name.clone(),
            // A setter must not shadow the builder's methods or its `client`.
            rust: avoid(snake_ident(&p.name), BUILDER_METHODS),
            location,
            ty,
            required,
            json_encoded,
            description: p.description.clone(),
            example: p.example.clone(),
            changes_result: None,
        }
    };
    let undeclared = |name: &str, rust: String, location: Location| Param {
        name: name.to_owned(),
        rust,
        location,
        ty: TypeRef::String,
        required: true,
        json_encoded: false,
        description: String::new(),
        example: None,
        changes_result: None,
    };
    for segment in &path.segments {
        let (vars, in_expression) = match segment {
            PathSegment::Literal(_) => continue,
            PathSegment::Variable(v) => (std::slice::from_ref(v), false),
            PathSegment::Expression(vars) => (vars.as_slice(), true),
        };
        for v in vars {
            let rust = path_rust_name(&template, v);
            out.push(match declared.iter().find(|p| p.name == *v) {
                Some(p) => Param {
                    rust,
                    ..build(p, Location::Path, p.required || !in_expression)
                },
                None => undeclared(v, rust, Location::Path),
            });
        }
    }
    // Variables of a query value of several pieces (`role={kind}:{id}`):
    // filled by the template, like path variables.
    for (_, pieces) in path.query_templates() {
        for piece in pieces {
            let vars = match piece {
                PathSegment::Literal(_) => continue,
                PathSegment::Variable(v) => std::slice::from_ref(v),
                PathSegment::Expression(vars) => vars.as_slice(),
            };
            for v in vars {
                let rust = path_rust_name(&template, v);
                out.push(match declared.iter().find(|p| p.name == *v) {
                    Some(p) => Param {
                        rust,
                        ..build(p, Location::Path, true)
                    },
                    None => undeclared(v, rust, Location::Path),
                });
            }
        }
    }
    for (wire, v) in path.query_variables() {
        let rust = avoid(snake_ident(v), BUILDER_METHODS);
        out.push(match declared.iter().find(|p| p.name == v) {
            Some(p) => Param {
                name: wire.to_owned(),
                rust,
                ..build(p, Location::Query, p.required)
            },
            None => undeclared(wire, rust, Location::Query),
        });
    }
    // `{?a,b}` variables the spec does not declare: optional strings.
    for v in &path.query_expression {
        if !declared.iter().any(|p| p.name == *v) && !out.iter().any(|p| p.name == *v) {
            out.push(Param {
                required: false,
                ..undeclared(v, avoid(snake_ident(v), BUILDER_METHODS), Location::Query)
            });
        }
    }
    let placed =
        |name: &str| path.has_variable(name) || path.query_variables().any(|(_, v)| v == name);
    for p in declared.iter().filter(|p| !placed(&p.name)) {
        // A parameter located in a path that no longer has it (a corrected
        // template) travels like the method's other parameters.
        let location = match p.location {
            Location::Path => Location::Query,
            other => other,
        };
        out.push(build(p, location, p.required));
    }
    // Unique Rust names.
    let mut seen = std::collections::BTreeSet::new();
    for p in &mut out {
        let name = super::naming::unique(&p.rust, &seen);
        let name = if name != p.rust {
            format!("{}_", p.rust)
        } else {
            name
        };
        seen.insert(name.clone());
        p.rust = name;
    }
    out
}

impl Inference<'_> {
    /// Names every operation (see [`super::operation_names`]): configuration
    /// renames first, then the lock's names, then the rules; records the
    /// names given in this run's lock.
    fn name_operations(
        &mut self,
        ops: &[OpInfo<'_>],
        responses: &[Response],
    ) -> Vec<OperationName> {
        let ov = self.ov;
        let mut configured = BTreeMap::new();
        for (oi, op) in ops.iter().enumerate() {
            if let Some(i) = self.match_op(ov.methods.iter().map(|m| m.operation.as_str()), op) {
                self.used.insert((USE_METHOD, i));
                configured.insert(oi, ov.methods[i].fn_name.clone());
            }
        }
        let facts: Vec<OperationFacts<'_>> = ops
            .iter()
            .zip(responses)
            .map(|(op, response)| OperationFacts {
                group: op.group,
                resource: &op.resource.name,
                action: &op.action.name,
                method: &op.action.method,
                path: &op.path,
                is_list: matches!(
                    response,
                    Response::Page(_) | Response::Single(TypeRef::List(_))
                ),
                is_object: matches!(response, Response::Single(TypeRef::Named(_))),
                line: op.action.line,
                column: op.action.column,
            })
            .collect();
        let naming = name_operations(
            &facts,
            &NamingInput {
                locked_accessors: &self.lock.accessors,
                locked_methods: &self.lock.methods,
                configured: &configured,
            },
        );
        self.diags.extend(naming.diagnostics);
        self.names.accessors = naming.accessors;
        for (key, name) in naming.keys.iter().zip(&naming.names) {
            self.names
                .methods
                .insert(key.clone(), format!("{}.{}", name.accessor, name.method));
        }
        naming.names
    }
}

impl Inference<'_> {
    /// The operations of the model: response, accessor and method, parameters, docs.
    pub(super) fn build_operations(
        &mut self,
        ops: &mut [OpInfo<'_>],
        concept_names: &[String],
        mut loose: BTreeMap<usize, (Shape, String)>,
        param_enums: &BTreeMap<(usize, String), String>,
    ) -> Vec<Operation> {
        let mut errors = self.error_responses(ops);
        // What each call returns comes first: a list is named `list`.
        let mut responses = Vec::with_capacity(ops.len());
        let mut declared_flags = Vec::with_capacity(ops.len());
        for (oi, op) in ops.iter_mut().enumerate() {
            let declared = op.declared.take().map(|attributes| {
                let base = concept_name(&op.resource.name, op.action.method != "GET");
                let base = if base.is_empty() {
                    super::naming::path_concept(&op.path).unwrap_or_else(|| "Value".to_owned())
                } else {
                    base
                };
                // An inline body must not take a data structure's name: it
                // is what the operation does with it (`AlertCreate`).
                let crud = crud_word(&op.action.method, &op.path);
                let base = if self.mson_names.values().any(|n| *n == base)
                    && attributes.reference_name().is_none()
                {
                    format!("{base}{crud}")
                } else {
                    base
                };
                // Words that tell it from another body of that name: its
                // path's last word (`HttpResult`), what the call does.
                let by_path = super::naming::path_concept(&op.path).unwrap_or_default();
                let contexts = [by_path.clone(), crud.to_owned(), format!("{by_path}{crud}")];
                self.declared_response(&attributes, &base, &contexts)
            });
            if let Some((_, enveloped)) = &declared {
                op.enveloped = *enveloped;
            }
            let is_declared = declared.is_some();
            let response = match (op.envelope, op.concept) {
                _ if is_declared => declared.map(|(r, _)| r).unwrap_or(Response::Empty),
                (Envelope::Empty, _) => Response::Empty,
                (Envelope::Bytes, _) => Response::Bytes,
                (Envelope::Text, _) => Response::Text,
                (env, Some(c)) => {
                    let t = TypeRef::Named(concept_names[c].clone());
                    match env {
                        Envelope::Page => Response::Page(t),
                        Envelope::List => Response::Single(TypeRef::List(Box::new(t))),
                        _ => Response::Single(t),
                    }
                }
                (env, None) => {
                    let (shape, base) = loose.remove(&oi).unwrap_or_default();
                    let t = wrap_nullable(self.type_of(&shape, &base, "", false), &shape);
                    match env {
                        Envelope::Page => Response::Page(t),
                        Envelope::List => Response::Single(TypeRef::List(Box::new(t))),
                        _ => Response::Single(t),
                    }
                }
            };
            responses.push(response);
            declared_flags.push(is_declared);
        }
        let naming = self.name_operations(ops, &responses);
        let mut operations = Vec::new();
        for (oi, (op, (response, name))) in ops
            .iter_mut()
            .zip(responses.into_iter().zip(naming))
            .enumerate()
        {
            // The parser accepts only methods the model knows (the endpoint
            // check would catch one it did not).
            let method = Method::parse(&op.action.method).unwrap_or(Method::Get);
            let is_declared = declared_flags[oi];
            let OperationName {
                accessor,
                accessor_origin,
                method: fn_name,
                method_origin: fn_origin,
            } = name;
            let enum_of = |p: &Parameter| {
                param_enums
                    .get(&(oi, p.name.clone()))
                    .map(|n| TypeRef::Named(n.clone()))
            };
            let mut parameters = parameters(&op.path, &op.action.parameters, &enum_of);
            // A paged listing's page parameters are the page convention's numbers.
            if let (Response::Page(_), Some(page)) = (&response, &self.conventions.page) {
                for p in parameters.iter_mut().filter(|p| {
                    p.name == page.page_parameter
                        || page.per_page_parameter.as_ref() == Some(&p.name)
                }) {
                    p.ty = TypeRef::U64;
                    p.required = false;
                }
            }
            let request = self.request_body(op, &accessor, &fn_name);
            if request.is_some() {
                self.move_form_parameters(op, &mut parameters);
            }
            let request_headers = self.request_headers(op, &parameters);
            let response_headers = self.response_headers(op);
            let marker = self.conventions.scopes.as_ref().map(|s| s.marker.as_str());
            let scope = marker.and_then(|m| {
                scope_in(&op.action.description, m)
                    .or_else(|| scope_in(&op.resource.description, m))
            });
            let mut doc = clean_description(&op.resource.description, marker);
            let action_doc = clean_description(&op.action.description, marker);
            if !action_doc.is_empty() && !doc.contains(&action_doc) {
                if !doc.is_empty() {
                    doc.push_str("\n\n");
                }
                doc.push_str(&action_doc);
            }
            operations.push(Operation {
                group: op.group.to_owned(),
                resource: op.resource.name.clone(),
                action: op.action.name.clone(),
                method,
                path: op.path.clone(),
                scope,
                enveloped: op.enveloped,
                accessor,
                accessor_origin,
                fn_name,
                fn_origin,
                doc,
                parameters,
                request,
                request_headers,
                response,
                declared: is_declared,
                // Each operation is built once: its examples move into the model.
                examples: std::mem::take(&mut op.examples),
                response_headers,
                errors: std::mem::take(&mut errors[oi]),
                paging: None,
                line: op.action.line,
            });
        }
        operations
    }
}

/// The scope a description names in a `- {marker}: _name_` list item
/// (bullet `-`, `+` or `*`; the name bare or in `_`, `*` or backticks).
pub(super) fn scope_in(description: &str, marker: &str) -> Option<String> {
    description
        .lines()
        .find_map(|line| scope_line(line, marker))
}

fn scope_line(line: &str, marker: &str) -> Option<String> {
    let rest = line.trim().strip_prefix(['-', '+', '*'])?.trim_start();
    let rest = rest.strip_prefix(marker)?.trim_start().strip_prefix(':')?;
    let name = rest.trim().trim_matches(['_', '*', '`']);
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '_'));
    valid.then(|| name.to_owned())
}

/// Removes the scope line (when the API has a scope marker) and in-page
/// anchor links from a description.
pub(super) fn clean_description(text: &str, scope_marker: Option<&str>) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| scope_marker.is_none_or(|m| scope_line(l, m).is_none()))
        .collect();
    unlink_fragments(lines.join("\n").trim())
}

/// Replaces in-page links `[text](#anchor)` (anchors of the spec's HTML
/// page, meaningless in Rust docs) by their text.
pub(super) fn unlink_fragments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let link = after.find("](#").and_then(|close| {
            let tail = &after[close + 3..];
            tail.find(')').map(|end| (close, close + 3 + end + 1))
        });
        match link {
            Some((close, end)) if !after[..close].contains(['[', ']']) => {
                out.push_str(&rest[..start]);
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_the_runtime_are_avoided() {
        assert_eq!(avoid("send".to_owned(), BUILDER_METHODS), "send_");
        assert_eq!(avoid("sender".to_owned(), BUILDER_METHODS), "sender");
    }

    #[test]
    fn path_ids_name_their_collection() {
        assert_eq!(path_rust_name("/stacks/{id}/servers", "id"), "stack_id");
        assert_eq!(
            path_rust_name("/users/{id}/devices/{token}", "id"),
            "user_id"
        );
        assert_eq!(path_rust_name("/stacks/{id}", "id"), "id");
        assert_eq!(
            path_rust_name("/stacks/{stack_id}/actions/{id}", "id"),
            "id"
        );
        assert_eq!(path_rust_name("/clouds/{cloud_id}", "cloud_id"), "cloud_id");
    }

    fn param(name: &str, ty: &str, example: &str, location: Location) -> Parameter {
        Parameter {
            name: name.into(),
            required: false,
            type_name: Some(ty.into()),
            example: Some(example.into()),
            default: None,
            description: String::new(),
            values: vec![],
            location,
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn json_looking_params_are_maps() {
        let p = param("server_count", "string", "{\"123\":2}", Location::Form);
        assert_eq!(param_type(&p), (TypeRef::Map(Box::new(TypeRef::I64)), true));
        let p = param(
            "params",
            "string",
            "{'hipchat_room' : 'test'}",
            Location::Form,
        );
        assert_eq!(
            param_type(&p),
            (TypeRef::Map(Box::new(TypeRef::String)), true)
        );
        let p = param("n", "integer", "1", Location::Form);
        assert_eq!(param_type(&p), (TypeRef::I64, false));
    }

    #[test]
    fn integer_ids_and_counts_are_u64_like_model_fields() {
        let p = param("id", "integer", "4153", Location::Path);
        assert_eq!(param_type(&p), (TypeRef::U64, false));
        let p = param("server_group_id", "integer", "128", Location::Form);
        assert_eq!(param_type(&p), (TypeRef::U64, false));
        let p = param("offset_id", "integer", "-1", Location::Query);
        assert_eq!(param_type(&p), (TypeRef::I64, false));
        let p = param("port", "integer", "80", Location::Form);
        assert_eq!(param_type(&p), (TypeRef::I64, false));
    }

    #[test]
    fn numbers_are_integers_when_what_is_written_is() {
        let p = param("id", "number", "11", Location::Path);
        assert_eq!(param_type(&p), (TypeRef::U64, false));
        let p = param("limit", "number", "25", Location::Query);
        assert_eq!(param_type(&p), (TypeRef::I64, false));
        let p = param("ratio", "number", "0.5", Location::Query);
        assert_eq!(param_type(&p), (TypeRef::F64, false));
        let mut p = param("offset", "number", "", Location::Query);
        p.example = None;
        assert_eq!(param_type(&p), (TypeRef::F64, false));
        p.name = "page_count".into();
        assert_eq!(param_type(&p), (TypeRef::U64, false));
        p.default = Some("-1".into());
        assert_eq!(param_type(&p), (TypeRef::I64, false));
    }

    #[test]
    fn path_params_first_and_moved_params() {
        let declared = vec![
            param("token", "string", "t", Location::Form),
            param("id", "integer", "1", Location::Path),
            param("device_type", "integer", "1", Location::Form),
        ];
        let uri = blueprint_parser::parse_uri_template("/users/{id}/devices/{token}").unwrap();
        let ps = parameters(&PathTemplate::from_uri(&uri), &declared, &|_| None);
        let names: Vec<_> = ps
            .iter()
            .map(|p| (p.name.as_str(), p.location, p.required))
            .collect();
        assert_eq!(
            names,
            [
                ("id", Location::Path, true),
                ("token", Location::Path, true),
                ("device_type", Location::Form, false)
            ]
        );
    }
}
