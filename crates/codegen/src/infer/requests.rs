//! Operations' requests and names: parameters, accessors and method names.
//!
//! # Method names
//!
//! Each resource group gets one accessor, its name in snake_case
//! (`Environment Variables` → `environment_variables`). Within it, an
//! operation's method is named by this rule:
//!
//! 1. The *noun*: the resource's concept (its name without view words and
//!    verbs, singular, e.g. `Stack Action list` → `StackAction`) minus the
//!    group's concept as a prefix (`Stacks` → `Stack`, leaving `Action`). A
//!    resource whose concept is the group's own (or a suffix of it, as
//!    `Setting` of `Stack settings`), or is empty (`Redeploy`), has no noun.
//!    Otherwise the whole concept is the noun (`Device` in `Users`).
//! 2. The *verb*: `GET` of a page is `list`, any other `GET` is `get`.
//!    Otherwise the first action verb in the resource name, then the
//!    action name (`redeploy`, `cancel`, `scale`, `stop`, `import`,
//!    `run`/`perform` → `run`, `update`, `delete`/`remove` → `delete`,
//!    `add`/`new`/`create` → `create`); without one, the method decides
//!    (`POST` → `create`, `PUT`/`PATCH` → `update`, `DELETE` → `delete`).
//! 3. Without a noun the method is the verb; with one it is
//!    `{verb}_{noun}` (`get_action`, `run_action`, `get_file`), where `list`
//!    takes the plural (`list_actions`, `list_files`) and the spec's own
//!    verb is kept (`add_device`, not `create_device`).
//!
//! Overrides may rename any method; the pair (accessor, method) is unique
//! (a clash gets a numeric suffix and a warning).

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::{Diagnostic, Location, Parameter};
use serde_json::Value;

use super::lattice::Shape;
use super::naming::{
    camel_ident, concept_name, is_version_word, path_words, snake_case, snake_ident,
};
use super::structs::wrap_nullable;
use super::{Envelope, Inference, OpInfo, USE_METHOD};
use crate::model::{Method, Operation, Param, PathSegment, PathTemplate, Response, TypeRef};

/// Methods of the generated `Client`: an accessor cannot take their names.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "rate_limit",
    "retry_policy",
    "granted_scopes",
    "wait_for_action",
    "runtime",
    "clone",
    "clone_from",
    "fmt",
];

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

/// `name`, or `name_` when it is taken by one of `reserved`.
pub(crate) fn avoid(name: String, reserved: &[&str]) -> String {
    if reserved.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The accessor of a group: its name in snake_case; for a group without a
/// name in ASCII words (none, or one written in another script) the first
/// word of the operation's path (`/v1/users/{id}` → `users`), else `api`.
/// A name of the client's own methods gets a `_` suffix (`builder_`).
pub fn accessor(group: &str, path: &PathTemplate) -> String {
    let name = if words(group).is_empty() {
        path_words(path)
            .into_iter()
            .find(|w| !is_version_word(w))
            .map_or_else(|| "api".to_owned(), |w| snake_ident(&w))
    } else {
        snake_ident(group)
    };
    avoid(name, CLIENT_METHODS)
}

use super::naming::words;

/// The noun of a resource within its group (rule 1 above), snake_case, or `None`.
pub fn noun(group: &str, resource: &str) -> Option<String> {
    let g = concept_name(group, false);
    let r = concept_name(resource, true);
    if r.is_empty() || r == g || g.ends_with(&r) {
        return None;
    }
    let rest = r.strip_prefix(&g).filter(|s| !s.is_empty()).unwrap_or(&r);
    Some(snake_case(rest))
}

/// The verb of an operation (rule 2 above).
pub fn verb(method: &str, is_list: bool, resource: &str, action: &str) -> (String, bool) {
    if method == "GET" {
        // "List orders" lists, whatever its body looks like.
        let listed = is_list || words(action).first().is_some_and(|w| w == "list");
        return (if listed { "list" } else { "get" }.to_owned(), false);
    }
    for w in words(resource).into_iter().chain(words(action)) {
        let v = match w.as_str() {
            "redeploy" | "cancel" | "scale" | "stop" | "import" | "update" | "rename"
            | "replace" | "start" | "restart" | "upload" | "download" | "archive" | "restore"
            | "approve" | "reject" | "publish" | "enable" | "disable" | "reset" | "verify"
            | "search" | "login" | "logout" | "register" | "refresh" | "revoke" | "invite" => {
                w.clone()
            }
            "run" | "perform" => "run".to_owned(),
            "delete" | "remove" => "delete".to_owned(),
            "new" | "create" => "create".to_owned(),
            // `add` is kept as written when a noun follows (`add_device`).
            "add" => return ("create".to_owned(), true),
            _ => continue,
        };
        return (v, false);
    }
    let v = match method {
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        "HEAD" => "head",
        "OPTIONS" => "options",
        "TRACE" => "trace",
        "CONNECT" => "connect",
        "LINK" => "link",
        "UNLINK" => "unlink",
        _ => "call",
    };
    (v.to_owned(), false)
}

/// The method name of an operation (the rule in the module docs). Where the
/// resource is not named in ASCII words (whatever the action's name), the
/// noun is the last word of the path (`GET /users/{id}/orders` →
/// `list_orders`).
pub fn fn_name(
    group: &str,
    resource: &str,
    action: &str,
    method: &str,
    path: &PathTemplate,
    is_list: bool,
) -> String {
    let (verb, is_add) = verb(method, is_list, resource, action);
    let unnamed = words(resource).is_empty();
    let noun = if unnamed {
        path_words(path)
            .into_iter()
            .rev()
            .find(|w| !is_version_word(w))
            .map(|w| snake_case(&super::naming::singular(&w)))
    } else {
        noun(group, resource)
    };
    let name = match noun {
        None => verb,
        Some(n) if verb == "list" => format!("list_{}", plural(&n)),
        Some(n) if is_add => format!("add_{n}"),
        Some(n) => format!("{verb}_{n}"),
    };
    // The group handle derives `Clone` and `Debug`.
    avoid(snake_ident(&name), &["clone", "clone_from", "fmt"])
}

fn plural(noun: &str) -> String {
    if noun.ends_with('s') || noun.ends_with('x') {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

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
    /// The operations of the model: response, accessor and method, parameters, docs.
    pub(super) fn build_operations(
        &mut self,
        ops: &mut [OpInfo<'_>],
        concept_names: &[String],
        mut loose: BTreeMap<usize, (Shape, String)>,
        param_enums: &BTreeMap<(usize, String), String>,
    ) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut fns: BTreeSet<(String, String)> = BTreeSet::new();
        let mut errors = self.error_responses(ops);
        for (oi, op) in ops.iter_mut().enumerate() {
            // The parser accepts only methods the model knows (the endpoint
            // check would catch one it did not).
            let method = Method::parse(&op.action.method).unwrap_or(Method::Get);
            let declared = op.declared.take().map(|attributes| {
                let base = concept_name(&op.resource.name, op.action.method != "GET");
                let base = if base.is_empty() {
                    super::naming::path_concept(&op.path).unwrap_or_else(|| "Value".to_owned())
                } else {
                    base
                };
                // An inline body must not take a data structure's name.
                let base = if self.mson_names.values().any(|n| *n == base)
                    && attributes.reference_name().is_none()
                {
                    format!("{}Response", camel_ident(&op.action.name))
                } else {
                    base
                };
                self.declared_response(&attributes, &base)
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
            let accessor = accessor(op.group, &op.path);
            let mut fn_name = fn_name(
                op.group,
                &op.resource.name,
                &op.action.name,
                &op.action.method,
                &op.path,
                matches!(
                    response,
                    Response::Page(_) | Response::Single(TypeRef::List(_))
                ),
            );
            let ov = self.ov;
            if let Some(i) = self.match_op(ov.methods.iter().map(|m| m.operation.as_str()), op) {
                self.used.insert((USE_METHOD, i));
                fn_name = self.ov.methods[i].fn_name.clone();
            }
            // An operation keeps the method the lock gave it; a newcomer
            // that wants a taken method gets a numbered one.
            let key = format!("{} {} {}", method, op.path, op.action.name);
            let wanted = fn_name.clone();
            let numbered = |f: &str| {
                f == wanted
                    || f.strip_prefix(wanted.as_str())
                        .and_then(|rest| rest.strip_prefix('_'))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            };
            let locked = self
                .lock
                .methods
                .get(&key)
                .and_then(|v| v.split_once('.'))
                .filter(|(a, f)| *a == accessor && numbered(f))
                .map(|(_, f)| f.to_owned())
                .filter(|f| !fns.contains(&(accessor.clone(), f.clone())));
            let free = |f: &str| {
                !fns.contains(&(accessor.clone(), f.to_owned()))
                    && self
                        .locked_methods
                        .get(format!("{accessor}.{f}").as_str())
                        .is_none_or(|k| *k == key)
            };
            fn_name = match locked {
                Some(f) => f,
                None => {
                    let mut candidate = wanted.clone();
                    let mut n = 2;
                    while !free(&candidate) {
                        candidate = format!("{wanted}_{n}");
                        n += 1;
                    }
                    candidate
                }
            };
            if fn_name != wanted {
                self.diags.push(Diagnostic::warning(
                    "method-name-collision",
                    op.action.line,
                    op.action.column,
                    format!(
                        "`{accessor}().{wanted}` is taken; `{}` becomes `{fn_name}` (the one there first keeps the name; rename this one in the configuration)",
                        op.action.name
                    ),
                ));
            }
            self.names
                .methods
                .insert(key, format!("{accessor}.{fn_name}"));
            fns.insert((accessor.clone(), fn_name.clone()));
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
                fn_name,
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

    fn fname(group: &str, resource: &str, action: &str, method: &str, list: bool) -> String {
        fn_name(
            group,
            resource,
            action,
            method,
            &PathTemplate::default(),
            list,
        )
    }

    fn path(template: &str) -> PathTemplate {
        PathTemplate::from_uri(&blueprint_parser::parse_uri_template(template).unwrap())
    }

    #[test]
    fn names_come_from_the_path_where_the_text_gives_none() {
        assert_eq!(accessor("", &path("/v1/address/new")), "address");
        assert_eq!(accessor("用户", &path("/api/users/{id}")), "users");
        assert_eq!(accessor("", &path("/{id}")), "api");
        assert_eq!(
            fn_name("用户", "用户列表", "获取用户", "GET", &path("/users"), true),
            "list_users"
        );
        assert_eq!(
            fn_name(
                "用户",
                "用户",
                "删除用户",
                "DELETE",
                &path("/users/{id}"),
                false
            ),
            "delete_user"
        );
        assert_eq!(
            fn_name("", "", "", "OPTIONS", &path("/v2/status"), false),
            "options_status"
        );
    }

    #[test]
    fn names_of_the_runtime_are_avoided() {
        assert_eq!(accessor("Builder", &PathTemplate::default()), "builder_");
        assert_eq!(accessor("New", &PathTemplate::default()), "new_");
        assert_eq!(avoid("send".to_owned(), BUILDER_METHODS), "send_");
        assert_eq!(avoid("sender".to_owned(), BUILDER_METHODS), "sender");
    }

    #[test]
    fn method_names_follow_the_rule() {
        assert_eq!(
            fname("Stacks", "Stack List", "List all stacks", "GET", true),
            "list"
        );
        assert_eq!(
            fname("Stacks", "Stack", "View a stack", "GET", false),
            "get"
        );
        assert_eq!(
            fname("Stacks", "Stack Create", "Stack Create", "POST", false),
            "create"
        );
        assert_eq!(
            fname(
                "Stacks",
                "Stack Action list",
                "List all stack actions",
                "GET",
                true
            ),
            "list_actions"
        );
        assert_eq!(
            fname(
                "Stacks",
                "Stack Action",
                "View a stack action",
                "GET",
                false
            ),
            "get_action"
        );
        assert_eq!(
            fname(
                "Stacks",
                "Run Stack action",
                "Perform a stack action",
                "POST",
                false
            ),
            "run_action"
        );
        assert_eq!(
            fname("Deployments", "Redeploy", "Redeploy", "POST", false),
            "redeploy"
        );
        assert_eq!(
            fname(
                "Deployments",
                "Cancel deployment",
                "Cancel deployment",
                "DELETE",
                false
            ),
            "cancel"
        );
        assert_eq!(
            fname("Services", "Service scale", "Service scale", "POST", false),
            "scale"
        );
        assert_eq!(
            fname(
                "Stack settings",
                "Settings list",
                "Settings list",
                "GET",
                true
            ),
            "list"
        );
        assert_eq!(
            fname(
                "Stack settings",
                "Update Setting",
                "Update Setting",
                "PUT",
                false
            ),
            "update"
        );
        assert_eq!(
            fname("Backups", "Backup files", "Backup files", "GET", true),
            "list_files"
        );
        assert_eq!(
            fname("Backups", "Backup file", "Backup file", "GET", false),
            "get_file"
        );
        assert_eq!(
            fname("Backups", "New Backup", "New Backup", "POST", false),
            "create"
        );
        assert_eq!(
            fname("Backups", "Import Backup", "Import Backup", "POST", false),
            "import"
        );
        assert_eq!(
            fname("Users", "Add Device", "Add Device", "POST", false),
            "add_device"
        );
        assert_eq!(
            fname("Users", "Delete Device", "Delete Device", "DELETE", false),
            "delete_device"
        );
        assert_eq!(
            fname(
                "Environment Variables",
                "Add Environment Variable",
                "x",
                "POST",
                false
            ),
            "create"
        );
        assert_eq!(
            fname("Accounts", "Account", "Get Account", "GET", false),
            "get"
        );
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

    #[test]
    fn accessors() {
        let none = PathTemplate::default();
        assert_eq!(
            accessor("Environment Variables", &none),
            "environment_variables"
        );
        assert_eq!(accessor("Firewall rules", &none), "firewall_rules");
        assert_eq!(accessor("Stack settings", &none), "stack_settings");
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
