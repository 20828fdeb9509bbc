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
use super::naming::{concept_name, snake_case, snake_ident};
use super::structs::wrap_nullable;
use super::{Envelope, Inference, OpInfo, USE_METHOD};
use crate::model::{Operation, Param, Response, TypeRef};

/// The accessor of a group: its name in snake_case.
pub fn accessor(group: &str) -> String {
    snake_ident(group)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

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
pub fn verb(method: &str, is_page: bool, resource: &str, action: &str) -> (String, bool) {
    if method == "GET" {
        return (if is_page { "list" } else { "get" }.to_owned(), false);
    }
    for w in words(resource).into_iter().chain(words(action)) {
        let v = match w.as_str() {
            "redeploy" | "cancel" | "scale" | "stop" | "import" | "update" => w.clone(),
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
        _ => "call",
    };
    (v.to_owned(), false)
}

/// The method name of an operation (the rule in the module docs).
pub fn fn_name(group: &str, resource: &str, action: &str, method: &str, is_page: bool) -> String {
    let (verb, is_add) = verb(method, is_page, resource, action);
    match noun(group, resource) {
        None => verb,
        Some(n) if verb == "list" => format!("list_{}", plural(&n)),
        Some(n) if is_add => format!("add_{n}"),
        Some(n) => format!("{verb}_{n}"),
    }
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

/// The variables of a URI template path, in order.
pub fn path_variables(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + end];
        if !inner.starts_with('?') {
            out.push(inner.to_owned());
        }
        rest = &rest[start + end + 1..];
    }
    out
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
/// (returned with `json_encoded = true`).
pub fn param_type(p: &Parameter) -> (TypeRef, bool) {
    let declared = p
        .type_name
        .as_deref()
        .unwrap_or("string")
        .to_ascii_lowercase();
    match declared.as_str() {
        "integer" | "int" => return (TypeRef::I64, false),
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
/// (in template order, required), then the others in spec order. A declared
/// parameter that is (no longer) in the path travels in the query for
/// `GET`/`HEAD`/`DELETE` and in the form otherwise. `enum_of` gives a
/// documented enum type for a parameter, if any.
pub fn parameters(
    path: &str,
    method: &str,
    declared: &[Parameter],
    enum_of: &dyn Fn(&Parameter) -> Option<TypeRef>,
) -> Vec<Param> {
    let vars = path_variables(path);
    let non_path = if matches!(method, "GET" | "HEAD" | "DELETE") {
        Location::Query
    } else {
        Location::Form
    };
    let mut out: Vec<Param> = Vec::new();
    let build = |p: &Parameter, location: Location, required: bool| {
        let (mut ty, json_encoded) = param_type(p);
        if let Some(e) = enum_of(p) {
            ty = e;
        }
        Param {
            name: p.name.clone(),
            rust: snake_ident(&p.name),
            location,
            ty,
            required,
            json_encoded,
            description: p.description.clone(),
            example: p.example.clone(),
        }
    };
    for v in &vars {
        let rust = path_rust_name(path, v);
        match declared.iter().find(|p| &p.name == v) {
            Some(p) => out.push(Param {
                rust,
                ..build(p, Location::Path, true)
            }),
            None => out.push(Param {
                name: v.clone(),
                rust,
                location: Location::Path,
                ty: TypeRef::String,
                required: true,
                json_encoded: false,
                description: String::new(),
                example: None,
            }),
        }
    }
    for p in declared.iter().filter(|p| !vars.contains(&p.name)) {
        let location = if p.location == Location::Path {
            non_path
        } else {
            p.location
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
        ops: &mut [OpInfo],
        concept_names: &[String],
        mut loose: BTreeMap<usize, (Shape, String)>,
        param_enums: &BTreeMap<(usize, String), String>,
    ) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut fns: BTreeSet<(String, String)> = BTreeSet::new();
        for (oi, op) in ops.iter_mut().enumerate() {
            let response = match (op.envelope, op.concept) {
                (Envelope::Empty, _) => Response::Empty,
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
            let accessor = accessor(op.group);
            let mut fn_name = fn_name(
                op.group,
                &op.resource.name,
                &op.action.name,
                &op.action.method,
                matches!(response, Response::Page(_)),
            );
            let ov = self.ov;
            if let Some(i) = self.match_op(ov.methods.iter().map(|m| m.operation.as_str()), op) {
                self.used.insert((USE_METHOD, i));
                fn_name = self.ov.methods[i].fn_name.clone();
            }
            if fns.contains(&(accessor.clone(), fn_name.clone())) {
                let mut n = 2;
                while fns.contains(&(accessor.clone(), format!("{fn_name}_{n}"))) {
                    n += 1;
                }
                let new = format!("{fn_name}_{n}");
                self.diags.push(Diagnostic::warning(
                    "method-name-collision",
                    op.action.line,
                    op.action.column,
                    format!(
                        "`{accessor}().{fn_name}` is taken; `{}` becomes `{new}`",
                        op.action.name
                    ),
                ));
                fn_name = new;
            }
            fns.insert((accessor.clone(), fn_name.clone()));
            let enum_of = |p: &Parameter| {
                param_enums
                    .get(&(oi, p.name.clone()))
                    .map(|n| TypeRef::Named(n.clone()))
            };
            let parameters =
                parameters(&op.path, &op.action.method, &op.action.parameters, &enum_of);
            let mut doc = clean_description(&op.resource.description);
            let action_doc = clean_description(&op.action.description);
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
                method: op.action.method.clone(),
                path: op.path.clone(),
                scope: op.resource.scope.clone(),
                accessor,
                fn_name,
                doc,
                parameters,
                response,
                // Each operation is built once: its examples move into the model.
                examples: std::mem::take(&mut op.examples),
                line: op.action.line,
            });
        }
        operations
    }
}

/// Removes the `- Scope: _x_` line and in-page anchor links from a description.
pub(super) fn clean_description(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("- Scope:"))
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
    fn method_names_follow_the_rule() {
        assert_eq!(
            fn_name("Stacks", "Stack List", "List all stacks", "GET", true),
            "list"
        );
        assert_eq!(
            fn_name("Stacks", "Stack", "View a stack", "GET", false),
            "get"
        );
        assert_eq!(
            fn_name("Stacks", "Stack Create", "Stack Create", "POST", false),
            "create"
        );
        assert_eq!(
            fn_name(
                "Stacks",
                "Stack Action list",
                "List all stack actions",
                "GET",
                true
            ),
            "list_actions"
        );
        assert_eq!(
            fn_name(
                "Stacks",
                "Stack Action",
                "View a stack action",
                "GET",
                false
            ),
            "get_action"
        );
        assert_eq!(
            fn_name(
                "Stacks",
                "Run Stack action",
                "Perform a stack action",
                "POST",
                false
            ),
            "run_action"
        );
        assert_eq!(
            fn_name("Deployments", "Redeploy", "Redeploy", "POST", false),
            "redeploy"
        );
        assert_eq!(
            fn_name(
                "Deployments",
                "Cancel deployment",
                "Cancel deployment",
                "DELETE",
                false
            ),
            "cancel"
        );
        assert_eq!(
            fn_name("Services", "Service scale", "Service scale", "POST", false),
            "scale"
        );
        assert_eq!(
            fn_name(
                "Stack settings",
                "Settings list",
                "Settings list",
                "GET",
                true
            ),
            "list"
        );
        assert_eq!(
            fn_name(
                "Stack settings",
                "Update Setting",
                "Update Setting",
                "PUT",
                false
            ),
            "update"
        );
        assert_eq!(
            fn_name("Backups", "Backup files", "Backup files", "GET", true),
            "list_files"
        );
        assert_eq!(
            fn_name("Backups", "Backup file", "Backup file", "GET", false),
            "get_file"
        );
        assert_eq!(
            fn_name("Backups", "New Backup", "New Backup", "POST", false),
            "create"
        );
        assert_eq!(
            fn_name("Backups", "Import Backup", "Import Backup", "POST", false),
            "import"
        );
        assert_eq!(
            fn_name("Users", "Add Device", "Add Device", "POST", false),
            "add_device"
        );
        assert_eq!(
            fn_name("Users", "Delete Device", "Delete Device", "DELETE", false),
            "delete_device"
        );
        assert_eq!(
            fn_name(
                "Environment Variables",
                "Add Environment Variable",
                "x",
                "POST",
                false
            ),
            "create"
        );
        assert_eq!(
            fn_name("Accounts", "Account", "Get Account", "GET", false),
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
        assert_eq!(accessor("Environment Variables"), "environment_variables");
        assert_eq!(accessor("Firewall rules"), "firewall_rules");
        assert_eq!(accessor("Stack settings"), "stack_settings");
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
    fn path_params_first_and_moved_params() {
        let declared = vec![
            param("token", "string", "t", Location::Form),
            param("id", "integer", "1", Location::Path),
            param("device_type", "integer", "1", Location::Form),
        ];
        let ps = parameters("/users/{id}/devices/{token}", "PUT", &declared, &|_| None);
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
