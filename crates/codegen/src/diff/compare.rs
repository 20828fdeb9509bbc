//! The comparison itself: match operations, parameters, types, fields and
//! values by stable identities, then classify each difference.

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::Location;

use super::locate::Locator;
use super::{Change, ChangeKind, Class, Side, Subject};
use crate::model::{
    EnumRepr, Field, Operation, Param, PathSegment, Response, TypeDef, TypeKind, TypeModel, TypeRef,
};

/// Every change from `old` to `new`, grouped: operations in the new spec's
/// order (removed ones after, in the old spec's order), then types by name,
/// then names kept by the lock.
pub(super) fn compare(old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let renames = match_types(old.model, new.model);
    let mut run = Run {
        old: Locator::new(old.model, old.source),
        new: Locator::new(new.model, new.source),
        lib: new.model.api.lib.clone(),
        renames,
        changes: Vec::new(),
    };
    run.auth();
    run.operations();
    run.api_enums();
    let changed_types = run.types();
    run.examples(&changed_types);
    run.kept_names(old.fresh, new.fresh);
    run.changes
}

struct Run<'a> {
    old: Locator<'a>,
    new: Locator<'a>,
    lib: String,
    /// Old type name → new type name, for every type of both models.
    renames: BTreeMap<String, String>,
    changes: Vec<Change>,
}

/// A change before its subject and location are attached.
struct Draft {
    kind: ChangeKind,
    class: Class,
    item: String,
    rust: String,
    old: Option<String>,
    new: Option<String>,
    message: String,
}

impl Draft {
    fn new(
        kind: ChangeKind,
        class: Class,
        item: impl Into<String>,
        rust: impl Into<String>,
    ) -> Self {
        Draft {
            kind,
            class,
            item: item.into(),
            rust: rust.into(),
            old: None,
            new: None,
            message: String::new(),
        }
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    fn says(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
}

/// `GET /stacks/{id}`.
fn operation_key(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// The path with its variables unnamed (`/stacks/{}`): renaming a variable
/// moves nothing.
fn shape_path(op: &Operation) -> String {
    let mut out = String::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => out.push_str(text),
            PathSegment::Variable(_) => out.push_str("{}"),
            // `{a,b}` fills as many values as it names.
            PathSegment::Expression(vars) => {
                out.push_str(&format!("{{{}}}", vec![""; vars.len()].join(",")))
            }
        }
    }
    for (name, value) in &op.path.query {
        out.push_str(&format!("&{name}={value}"));
    }
    out
}

/// `client.stacks().list()`.
fn method_path(op: &Operation) -> String {
    format!("client.{}().{}()", op.accessor, op.fn_name)
}

/// Whether a parameter is a positional argument of the method (else a setter).
fn positional(p: &Param) -> bool {
    p.location == Location::Path || p.required
}

fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Form => "form",
    }
}

/// How the caller writes a parameter: `stack_id: &str` or `.per_page(u64)`.
fn parameter_rust(op: &Operation, p: &Param) -> String {
    if positional(p) {
        format!("client.{}().{}({})", op.accessor, op.fn_name, p.rust)
    } else {
        format!("client.{}().{}().{}()", op.accessor, op.fn_name, p.rust)
    }
}

/// The Rust spelling of a parameter as the method or setter takes it.
fn parameter_type(p: &Param) -> String {
    match (&p.ty, positional(p)) {
        (TypeRef::String, true) => "&str".to_owned(),
        (ty, true) => ty.rust_spelling(),
        (ty, false) => format!("impl Into<{}>", ty.rust_spelling()),
    }
}

fn response_spelling(response: &Response) -> String {
    response.rust_spelling()
}

impl Run<'_> {
    /// A type reference of the old model with its named types under their new names.
    fn renamed(&self, ty: &TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(n) => {
                TypeRef::Named(self.renames.get(n).cloned().unwrap_or_else(|| n.clone()))
            }
            TypeRef::List(t) => TypeRef::List(Box::new(self.renamed(t))),
            TypeRef::Map(t) => TypeRef::Map(Box::new(self.renamed(t))),
            TypeRef::Option(t) => TypeRef::Option(Box::new(self.renamed(t))),
            TypeRef::Boxed(t) => TypeRef::Boxed(Box::new(self.renamed(t))),
            other => other.clone(),
        }
    }

    fn renamed_response(&self, response: &Response) -> Response {
        match response {
            Response::Single(t) => Response::Single(self.renamed(t)),
            Response::Page(t) => Response::Page(self.renamed(t)),
            other => other.clone(),
        }
    }

    fn push(&mut self, subject: Subject, operation: Option<String>, line: Option<u32>, d: Draft) {
        self.changes.push(Change {
            kind: d.kind,
            class: d.class,
            operation,
            item: d.item,
            rust: d.rust,
            old: d.old,
            new: d.new,
            line,
            message: d.message,
            subject,
        });
    }

    fn push_op(&mut self, op: &Operation, line: Option<u32>, d: Draft) {
        let subject = Subject::Operation {
            key: operation_key(op),
            rust: method_path(op),
        };
        self.push(subject, Some(operation_key(op)), line, d);
    }

    fn type_rust(&self, name: &str) -> String {
        format!("{}::models::{name}", self.lib)
    }

    fn push_type(&mut self, name: &str, line: Option<u32>, d: Draft) {
        let subject = Subject::Type {
            name: name.to_owned(),
            rust: self.type_rust(name),
        };
        self.push(subject, None, line, d);
    }

    // ------------------------------------------------------------ operations

    fn operations(&mut self) {
        let old_model = self.old.model;
        let new_model = self.new.model;
        let pairs = match_operations(&old_model.operations, &new_model.operations);
        let mut matched_old = BTreeSet::new();
        for (n, op) in new_model.operations.iter().enumerate() {
            match pairs.get(&n) {
                Some(&o) => {
                    matched_old.insert(o);
                    self.operation(&old_model.operations[o], op);
                }
                None => {
                    let class = Class::Additive;
                    let d = Draft::new(
                        ChangeKind::OperationAdded,
                        class,
                        &op.action,
                        method_path(op),
                    )
                    .values(None, Some(operation_key(op)))
                    .says(format!(
                        "new operation `{}` ({}): `{}`, returns `{}`",
                        op.action,
                        operation_key(op),
                        method_path(op),
                        response_spelling(&op.response)
                    ));
                    self.push_op(op, Some(op.line), d);
                }
            }
        }
        for (o, op) in old_model.operations.iter().enumerate() {
            if matched_old.contains(&o) {
                continue;
            }
            let d = Draft::new(
                ChangeKind::OperationRemoved,
                Class::Breaking,
                &op.action,
                method_path(op),
            )
            .values(Some(operation_key(op)), None)
            .says(format!(
                "operation `{}` ({}) removed: `{}` is gone",
                op.action,
                operation_key(op),
                method_path(op)
            ));
            self.push_op(op, Some(op.line), d);
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let line = Some(n.line);
        let rust = method_path(n);
        if o.method != n.method || shape_path(o) != shape_path(n) {
            let d = Draft::new(
                ChangeKind::OperationMoved,
                Class::Additive,
                &n.action,
                &rust,
            )
            .values(Some(operation_key(o)), Some(operation_key(n)))
            .says(format!(
                "`{}` now sends `{}` (was `{}`); callers compile as before",
                rust,
                operation_key(n),
                operation_key(o)
            ));
            self.push_op(n, line, d);
        }
        if o.accessor != n.accessor || o.fn_name != n.fn_name {
            let why = match n.fn_origin.source {
                crate::model::NameSource::Configuration => "by the configuration",
                _ => "by the naming rules (the names lock had no entry for it)",
            };
            let d = Draft::new(
                ChangeKind::OperationRenamed,
                Class::Breaking,
                &n.action,
                &rust,
            )
            .values(Some(method_path(o)), Some(rust.clone()))
            .says(format!(
                "`{}` is now `{rust}`, renamed {why}",
                method_path(o)
            ));
            self.push_op(n, line, d);
        }
        if o.scope != n.scope {
            let show =
                |s: &Option<String>| s.as_deref().map_or("none".to_owned(), |s| format!("`{s}`"));
            let d = Draft::new(ChangeKind::ScopeChanged, Class::Additive, &n.action, &rust)
                .values(o.scope.clone(), n.scope.clone())
                .says(format!(
                    "`{rust}` needs the scope {} (was {})",
                    show(&n.scope),
                    show(&o.scope)
                ));
            self.push_op(n, line, d);
        }
        let old_response = self.renamed_response(&o.response);
        if old_response != n.response {
            let d = Draft::new(
                ChangeKind::ResultChanged,
                Class::Breaking,
                &n.action,
                format!("{rust}.send()"),
            )
            .values(
                Some(response_spelling(&old_response)),
                Some(response_spelling(&n.response)),
            )
            .says(format!(
                "`{rust}.send()` returns `{}` (was `{}`)",
                response_spelling(&n.response),
                response_spelling(&old_response)
            ));
            self.push_op(n, line, d);
        } else if o.enveloped != n.enveloped {
            let now = if n.enveloped {
                "inside the envelope"
            } else {
                "as written (no envelope)"
            };
            let d = Draft::new(
                ChangeKind::ResultChanged,
                Class::Additive,
                &n.action,
                format!("{rust}.send()"),
            )
            .values(
                Some(response_spelling(&o.response)),
                Some(response_spelling(&n.response)),
            )
            .says(format!(
                "`{rust}.send()` reads its body {now}; the type is the same"
            ));
            self.push_op(n, line, d);
        }
        self.paging(o, n);
        self.request_body(o, n);
        self.parameters(o, n);
        self.headers(o, n);
    }

    /// `stream()`/`collect_all()` of a listing paged otherwise than by the
    /// configured `Page<T>` (those come with the result type itself).
    fn paging(&mut self, o: &Operation, n: &Operation) {
        let rust = format!("{}.stream()", method_path(n));
        let item = |p: &Option<crate::model::Paging>, this: &Self| {
            p.as_ref().map(|p| this.renamed(&p.item).rust_spelling())
        };
        let (was, now) = (
            item(&o.paging, self),
            n.paging.as_ref().map(|p| p.item.rust_spelling()),
        );
        let (class, says) = match (&was, &now) {
            (None, Some(t)) => (
                Class::Additive,
                format!("`{rust}` and `collect_all()` walk its pages of `{t}`"),
            ),
            (Some(_), None) => (
                Class::Breaking,
                format!("`{rust}` and `collect_all()` are gone: its answers are no longer pages"),
            ),
            (Some(a), Some(b)) if a != b => (
                Class::Breaking,
                format!("`{rust}` yields `{b}` (was `{a}`)"),
            ),
            _ if o.paging.as_ref().map(|p| (&p.next, &p.parameter))
                != n.paging.as_ref().map(|p| (&p.next, &p.parameter)) =>
            {
                (
                    Class::Additive,
                    format!("`{rust}` finds the next page otherwise; the items are the same"),
                )
            }
            _ => return,
        };
        let d = Draft::new(ChangeKind::PagingChanged, class, &n.action, &rust)
            .values(was, now)
            .says(says);
        self.push_op(n, Some(n.line), d);
    }

    /// How callers authenticate: `Client::new` takes the credentials of the scheme.
    fn auth(&mut self) {
        use crate::model::AuthScheme;
        let (o, n) = (&self.old.model.api.auth, &self.new.model.api.auth);
        let name = |s: &AuthScheme| match s {
            AuthScheme::None => "no credentials".to_owned(),
            AuthScheme::Token { scheme } => format!("a `{scheme}` token"),
            AuthScheme::Basic => "basic auth".to_owned(),
            AuthScheme::ApiKey { header } => format!("an API key in `{header}`"),
        };
        let rust = format!("{}::Client::new", self.lib);
        let (class, says) = if o.scheme != n.scheme {
            // Another scheme is another `Client::new` and builder setter.
            (
                Class::Breaking,
                format!(
                    "the API takes {} (was {}): `{rust}` and the builder's credentials change",
                    name(&n.scheme),
                    name(&o.scheme)
                ),
            )
        } else if o.required != n.required {
            if n.required {
                (
                    Class::Breaking,
                    "credentials are now required: `build()` refuses a client without them"
                        .to_owned(),
                )
            } else {
                (
                    Class::Additive,
                    "credentials are now optional: `build()` accepts a client without them"
                        .to_owned(),
                )
            }
        } else {
            return;
        };
        let d = Draft::new(ChangeKind::AuthChanged, class, "authentication", &rust)
            .values(Some(name(&o.scheme)), Some(name(&n.scheme)))
            .says(says);
        let subject = Subject::Type {
            name: "Client".to_owned(),
            rust: format!("{}::Client", self.lib),
        };
        self.push(subject, None, None, d);
    }

    fn request_body(&mut self, o: &Operation, n: &Operation) {
        let rust = method_path(n);
        let line = Some(n.line);
        match (&o.request, &n.request) {
            (None, Some(body)) => {
                let ty = body.ty.rust_spelling();
                let d = Draft::new(
                    ChangeKind::RequestBodyAdded,
                    Class::Breaking,
                    &n.action,
                    &rust,
                )
                .values(None, Some(ty.clone()))
                .says(format!("`{rust}` takes a `body: {ty}` argument"));
                self.push_op(n, line, d);
            }
            (Some(body), None) => {
                let ty = self.renamed(&body.ty).rust_spelling();
                let d = Draft::new(
                    ChangeKind::RequestBodyRemoved,
                    Class::Breaking,
                    &n.action,
                    &rust,
                )
                .values(Some(ty.clone()), None)
                .says(format!(
                    "`{rust}` no longer takes its `body: {ty}` argument"
                ));
                self.push_op(n, line, d);
            }
            (Some(a), Some(b)) => {
                let old_ty = self.renamed(&a.ty);
                if old_ty != b.ty {
                    let d = Draft::new(
                        ChangeKind::RequestBodyChanged,
                        Class::Breaking,
                        &n.action,
                        &rust,
                    )
                    .values(Some(old_ty.rust_spelling()), Some(b.ty.rust_spelling()))
                    .says(format!(
                        "`{rust}` takes a `body: {}` (was `{}`)",
                        b.ty.rust_spelling(),
                        old_ty.rust_spelling()
                    ));
                    self.push_op(n, line, d);
                } else if a.media_type != b.media_type {
                    let d = Draft::new(
                        ChangeKind::RequestBodyChanged,
                        Class::Additive,
                        &n.action,
                        &rust,
                    )
                    .values(Some(a.media_type.clone()), Some(b.media_type.clone()))
                    .says(format!(
                        "`{rust}` sends its body as `{}` (was `{}`)",
                        b.media_type, a.media_type
                    ));
                    self.push_op(n, line, d);
                }
            }
            (None, None) => {}
        }
    }

    /// The JSON keys of an operation's request body, if it is a struct.
    fn body_keys(model: &TypeModel, op: &Operation) -> BTreeSet<String> {
        let Some(TypeRef::Named(name)) = op.request.as_ref().map(|b| &b.ty) else {
            return BTreeSet::new();
        };
        match model
            .types
            .iter()
            .find(|t| &t.name == name)
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct { fields }) => fields.iter().map(|f| f.json.clone()).collect(),
            _ => BTreeSet::new(),
        }
    }

    fn parameters(&mut self, o: &Operation, n: &Operation) {
        // (old index, new index) of the parameters both sides have.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut old_taken = vec![false; o.parameters.len()];
        let mut new_taken = vec![false; n.parameters.len()];
        for (j, np) in n.parameters.iter().enumerate() {
            if let Some(i) = o
                .parameters
                .iter()
                .enumerate()
                .position(|(i, op)| !old_taken[i] && op.name == np.name)
            {
                old_taken[i] = true;
                new_taken[j] = true;
                pairs.push((i, j));
            }
        }
        // A path variable renamed in place is the same argument.
        let old_path: Vec<usize> = (0..o.parameters.len())
            .filter(|&i| o.parameters[i].location == Location::Path)
            .collect();
        let new_path: Vec<usize> = (0..n.parameters.len())
            .filter(|&j| n.parameters[j].location == Location::Path)
            .collect();
        for (&i, &j) in old_path.iter().zip(&new_path) {
            if !old_taken[i] && !new_taken[j] && o.parameters[i].ty == n.parameters[j].ty {
                old_taken[i] = true;
                new_taken[j] = true;
                pairs.push((i, j));
            }
        }
        let rust = method_path(n);
        let line_of = |locator: &Locator<'_>, op: &Operation, p: &Param| {
            Some(locator.parameter_line(op, &p.name))
        };
        let old_body = Self::body_keys(self.old.model, o);
        let new_body = Self::body_keys(self.new.model, n);
        for (j, np) in n.parameters.iter().enumerate() {
            if new_taken[j] {
                continue;
            }
            let line = line_of(&self.new, n, np);
            let d = if old_body.contains(&np.name) {
                Draft::new(
                    ChangeKind::ParameterMoved,
                    Class::Breaking,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(
                    Some("body".to_owned()),
                    Some(location_name(np.location).to_owned()),
                )
                .says(format!(
                    "`{}` moved from the request body to the {}: `{}` ({})",
                    np.name,
                    location_name(np.location),
                    parameter_rust(n, np),
                    parameter_type(np)
                ))
            } else {
                let (class, how) = if positional(np) {
                    (Class::Breaking, "a new argument")
                } else {
                    (Class::Additive, "a new setter")
                };
                Draft::new(
                    ChangeKind::ParameterAdded,
                    class,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(
                    None,
                    Some(format!(
                        "{} {}",
                        location_name(np.location),
                        np.ty.rust_spelling()
                    )),
                )
                .says(format!(
                    "{} {} parameter `{}` of `{rust}`: {how} `{}: {}`",
                    if np.required || np.location == Location::Path {
                        "required"
                    } else {
                        "optional"
                    },
                    location_name(np.location),
                    np.name,
                    np.rust,
                    parameter_type(np)
                ))
            };
            self.push_op(n, line, d);
        }
        for (i, op) in o.parameters.iter().enumerate() {
            if old_taken[i] {
                continue;
            }
            let line = line_of(&self.old, o, op);
            let d = if new_body.contains(&op.name) {
                Draft::new(
                    ChangeKind::ParameterMoved,
                    Class::Breaking,
                    &op.name,
                    parameter_rust(o, op),
                )
                .values(
                    Some(location_name(op.location).to_owned()),
                    Some("body".to_owned()),
                )
                .says(format!(
                    "`{}` moved from the {} to the request body: `{}` is gone",
                    op.name,
                    location_name(op.location),
                    parameter_rust(o, op)
                ))
            } else {
                Draft::new(
                    ChangeKind::ParameterRemoved,
                    Class::Breaking,
                    &op.name,
                    parameter_rust(o, op),
                )
                .values(
                    Some(format!(
                        "{} {}",
                        location_name(op.location),
                        self.renamed(&op.ty).rust_spelling()
                    )),
                    None,
                )
                .says(format!(
                    "parameter `{}` of `{rust}` removed: `{}` is gone",
                    op.name,
                    parameter_rust(o, op)
                ))
            };
            self.push_op(n, line, d);
        }
        for &(i, j) in &pairs {
            let (op, np) = (&o.parameters[i], &n.parameters[j]);
            let old_ty = self.renamed(&op.ty);
            if op.location != np.location {
                let same_shape = positional(op) == positional(np) && old_ty == np.ty;
                let class = if same_shape {
                    Class::Additive
                } else {
                    Class::Breaking
                };
                let effect = if same_shape {
                    "the Rust call is the same".to_owned()
                } else {
                    format!("now `{}` ({})", parameter_rust(n, np), parameter_type(np))
                };
                let d = Draft::new(
                    ChangeKind::ParameterMoved,
                    class,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(
                    Some(location_name(op.location).to_owned()),
                    Some(location_name(np.location).to_owned()),
                )
                .says(format!(
                    "`{}` of `{rust}` moved from the {} to the {}: {effect}",
                    np.name,
                    location_name(op.location),
                    location_name(np.location)
                ));
                self.push_op(n, line_of(&self.new, n, np), d);
            } else if op.required != np.required && np.location != Location::Path {
                let (was, now) = if np.required {
                    ("optional", "required")
                } else {
                    ("required", "optional")
                };
                let d = Draft::new(
                    ChangeKind::ParameterRequirementChanged,
                    Class::Breaking,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(Some(was.to_owned()), Some(now.to_owned()))
                .says(format!(
                    "`{}` of `{rust}` is {now} (was {was}): now `{}`",
                    np.name,
                    parameter_rust(n, np)
                ));
                self.push_op(n, line_of(&self.new, n, np), d);
            }
            if old_ty != np.ty {
                let d = Draft::new(
                    ChangeKind::ParameterRetyped,
                    Class::Breaking,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(Some(old_ty.rust_spelling()), Some(np.ty.rust_spelling()))
                .says(format!(
                    "`{}` of `{rust}` is now `{}` (was `{}`)",
                    np.name,
                    np.ty.rust_spelling(),
                    old_ty.rust_spelling()
                ));
                self.push_op(n, line_of(&self.new, n, np), d);
            }
            if !positional(op) && !positional(np) && op.rust != np.rust {
                let d = Draft::new(
                    ChangeKind::ParameterRenamed,
                    Class::Breaking,
                    &np.name,
                    parameter_rust(n, np),
                )
                .values(Some(op.rust.clone()), Some(np.rust.clone()))
                .says(format!(
                    "the setter of `{}` is `{}` (was `{}`)",
                    np.name,
                    parameter_rust(n, np),
                    parameter_rust(o, op)
                ));
                self.push_op(n, line_of(&self.new, n, np), d);
            }
        }
        // The positional arguments both sides have, in the new order.
        let new_order: Vec<&str> = n
            .parameters
            .iter()
            .enumerate()
            .filter(|(j, p)| {
                positional(p)
                    && pairs
                        .iter()
                        .any(|&(i, jj)| jj == *j && positional(&o.parameters[i]))
            })
            .map(|(_, p)| p.name.as_str())
            .collect();
        let old_order: Vec<&str> = o
            .parameters
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                positional(p)
                    && pairs
                        .iter()
                        .any(|&(ii, j)| ii == *i && positional(&n.parameters[j]))
            })
            .filter_map(|(i, _)| {
                let j = pairs.iter().find(|&&(ii, _)| ii == i)?.1;
                Some(n.parameters[j].name.as_str())
            })
            .collect();
        if old_order != new_order {
            let d = Draft::new(
                ChangeKind::ParametersReordered,
                Class::Breaking,
                &n.action,
                &rust,
            )
            .values(Some(old_order.join(", ")), Some(new_order.join(", ")))
            .says(format!(
                "the arguments of `{rust}` come in another order: ({}) (was ({}))",
                new_order.join(", "),
                old_order.join(", ")
            ));
            self.push_op(n, Some(n.line), d);
        }
    }

    fn headers(&mut self, o: &Operation, n: &Operation) {
        let find = |op: &Operation, name: &str| {
            op.request_headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| h.rust.clone())
        };
        for h in &n.request_headers {
            if find(o, &h.name).is_none() {
                let rust = format!("{}.{}()", method_path(n), h.rust);
                let d = Draft::new(ChangeKind::ParameterAdded, Class::Additive, &h.name, &rust)
                    .values(None, Some("header".to_owned()))
                    .says(format!(
                        "request header `{}`: a new setter `{rust}`",
                        h.name
                    ));
                self.push_op(n, Some(n.line), d);
            }
        }
        for h in &o.request_headers {
            if find(n, &h.name).is_none() {
                let rust = format!("{}.{}()", method_path(o), h.rust);
                let d = Draft::new(
                    ChangeKind::ParameterRemoved,
                    Class::Breaking,
                    &h.name,
                    &rust,
                )
                .values(Some("header".to_owned()), None)
                .says(format!(
                    "request header `{}` removed: `{rust}` is gone",
                    h.name
                ));
                self.push_op(n, Some(o.line), d);
            }
        }
    }

    /// The crate's `Scope` and `ApiCode` enums (`#[non_exhaustive]`; `ApiCode`
    /// keeps unknown codes in `Other`), from the documented scopes and error
    /// codes: a value added is additive, a value removed breaking.
    fn api_enums(&mut self) {
        let (old_api, new_api) = (&self.old.model.api, &self.new.model.api);
        let scopes = |api: &crate::model::ApiInfo| -> Vec<(String, String)> {
            api.scopes
                .iter()
                .map(|s| (s.name.clone(), s.rust.clone()))
                .collect()
        };
        let codes = |api: &crate::model::ApiInfo| -> Vec<(String, String)> {
            api.error_codes
                .iter()
                .map(|c| (c.code.clone(), c.rust.clone()))
                .collect()
        };
        for (name, old, new) in [
            ("Scope", scopes(old_api), scopes(new_api)),
            ("ApiCode", codes(old_api), codes(new_api)),
        ] {
            let rust = format!("{}::{name}", self.lib);
            let subject = Subject::Type {
                name: name.to_owned(),
                rust: rust.clone(),
            };
            for (value, variant) in &new {
                let d = match old.iter().find(|(v, _)| v == value) {
                    None => Draft::new(
                        ChangeKind::EnumValueAdded,
                        Class::Additive,
                        format!("{name} = {value}"),
                        format!("{rust}::{variant}"),
                    )
                    .values(None, Some(value.clone()))
                    .says(format!("`{rust}` has a new value `{value}` (`{variant}`)")),
                    Some((_, was)) if was != variant => Draft::new(
                        ChangeKind::EnumVariantRenamed,
                        Class::Breaking,
                        format!("{name} = {value}"),
                        format!("{rust}::{variant}"),
                    )
                    .values(Some(was.clone()), Some(variant.clone()))
                    .says(format!(
                        "the value `{value}` of `{rust}` is `{variant}` (was `{was}`)"
                    )),
                    Some(_) => continue,
                };
                let line = self.new.text_line(value);
                self.push(subject.clone(), None, line, d);
            }
            for (value, variant) in &old {
                if new.iter().any(|(v, _)| v == value) {
                    continue;
                }
                let d = Draft::new(
                    ChangeKind::EnumValueRemoved,
                    Class::Breaking,
                    format!("{name} = {value}"),
                    format!("{rust}::{variant}"),
                )
                .values(Some(value.clone()), None)
                .says(format!("`{rust}::{variant}` (`{value}`) removed"));
                let line = self.old.text_line(value);
                self.push(subject.clone(), None, line, d);
            }
        }
    }

    // ------------------------------------------------------------ types

    /// Compares every type; returns the new names of the types that changed
    /// (added, renamed or altered), for [`Run::examples`].
    fn types(&mut self) -> BTreeSet<String> {
        let old_model = self.old.model;
        let new_model = self.new.model;
        let mut changed = BTreeSet::new();
        let by_old: BTreeMap<&str, &TypeDef> = old_model
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let matched_new: BTreeMap<String, String> = self
            .renames
            .iter()
            .map(|(o, n)| (n.clone(), o.clone()))
            .collect();
        for n in &new_model.types {
            let before = self.changes.len();
            match matched_new
                .get(&n.name)
                .and_then(|o| by_old.get(o.as_str()))
            {
                Some(o) => self.type_def(o, n),
                None => {
                    let line = Some(self.new.type_line(&n.name));
                    let d = Draft::new(
                        ChangeKind::TypeAdded,
                        Class::Additive,
                        &n.name,
                        self.type_rust(&n.name),
                    )
                    .values(None, Some(kind_name(&n.kind)))
                    .says(format!(
                        "new {} `{}`",
                        kind_name(&n.kind),
                        self.type_rust(&n.name)
                    ));
                    self.push_type(&n.name, line, d);
                }
            }
            if self.changes.len() > before {
                changed.insert(n.name.clone());
            }
        }
        for o in &old_model.types {
            if self.renames.contains_key(&o.name) {
                continue;
            }
            let line = Some(self.old.type_line(&o.name));
            let rust = format!("{}::models::{}", self.lib, o.name);
            let d = Draft::new(ChangeKind::TypeRemoved, Class::Breaking, &o.name, &rust)
                .values(Some(kind_name(&o.kind)), None)
                .says(format!("{} `{rust}` removed", kind_name(&o.kind)));
            self.push_type(&o.name, line, d);
        }
        changed
    }

    fn type_def(&mut self, o: &TypeDef, n: &TypeDef) {
        let rust = self.type_rust(&n.name);
        if o.name != n.name {
            let d = Draft::new(ChangeKind::TypeRenamed, Class::Breaking, &n.name, &rust)
                .values(Some(o.name.clone()), Some(n.name.clone()))
                .says(format!("`{}` is now `{}`", o.name, n.name));
            self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
        }
        match (&o.kind, &n.kind) {
            (TypeKind::Struct { fields: of }, TypeKind::Struct { fields: nf }) => {
                if o.input != n.input {
                    let (class, says) = if n.input {
                        (Class::Additive, "is no longer `#[non_exhaustive]` (callers now build it as a request body)")
                    } else {
                        (Class::Breaking, "is `#[non_exhaustive]` now (it is no longer built by callers): struct literals of it stop compiling")
                    };
                    let show = |input: bool| {
                        if input {
                            "exhaustive"
                        } else {
                            "non-exhaustive"
                        }
                        .to_owned()
                    };
                    let d =
                        Draft::new(ChangeKind::TypeExhaustivenessChanged, class, &n.name, &rust)
                            .values(Some(show(o.input)), Some(show(n.input)))
                            .says(format!("`{rust}` {says}"));
                    self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                }
                self.fields(o, of, n, nf);
            }
            (
                TypeKind::Enum {
                    repr: orepr,
                    variants: ov,
                },
                TypeKind::Enum {
                    repr: nrepr,
                    variants: nv,
                },
            ) => {
                if orepr != nrepr {
                    let d =
                        Draft::new(ChangeKind::TypeKindChanged, Class::Breaking, &n.name, &rust)
                            .values(Some(kind_name(&o.kind)), Some(kind_name(&n.kind)))
                            .says(format!(
                                "`{rust}` is an {} (was an {})",
                                kind_name(&n.kind),
                                kind_name(&o.kind)
                            ));
                    self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                    return;
                }
                for v in nv {
                    match ov.iter().find(|w| w.value == v.value) {
                        None => {
                            let value_line = Some(self.new.value_line(&n.name, &v.value));
                            let d = Draft::new(ChangeKind::EnumValueAdded, Class::Additive, format!("{} = {}", n.name, v.value), format!("{rust}::{}", v.name))
                                .values(None, Some(v.value.to_string()))
                                .says(format!("`{rust}` has a new value {} (`{}`); it used to arrive as the catch-all variant", v.value, v.name));
                            self.push_type(&n.name, value_line, d);
                        }
                        Some(w) if w.name != v.name => {
                            let d = Draft::new(
                                ChangeKind::EnumVariantRenamed,
                                Class::Breaking,
                                format!("{} = {}", n.name, v.value),
                                format!("{rust}::{}", v.name),
                            )
                            .values(Some(w.name.clone()), Some(v.name.clone()))
                            .says(format!(
                                "the value {} of `{rust}` is `{}` (was `{}`)",
                                v.value, v.name, w.name
                            ));
                            self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                        }
                        Some(_) => {}
                    }
                }
                for w in ov {
                    if !nv.iter().any(|v| v.value == w.value) {
                        let value_line = Some(self.old.value_line(&o.name, &w.value));
                        let d = Draft::new(
                            ChangeKind::EnumValueRemoved,
                            Class::Breaking,
                            format!("{} = {}", n.name, w.value),
                            format!("{rust}::{}", w.name),
                        )
                        .values(Some(w.value.to_string()), None)
                        .says(format!("`{rust}::{}` ({}) removed", w.name, w.value));
                        self.push_type(&n.name, value_line, d);
                    }
                }
                let (was, now) = (catch_all(*orepr, ov), catch_all(*nrepr, nv));
                if was != now {
                    let d = Draft::new(
                        ChangeKind::EnumCatchAllRenamed,
                        Class::Breaking,
                        &n.name,
                        format!("{rust}::{now}"),
                    )
                    .values(Some(was.to_owned()), Some(now.to_owned()))
                    .says(format!(
                        "the catch-all variant of `{rust}` is `{now}` (was `{was}`)"
                    ));
                    self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                }
            }
            (TypeKind::Untagged { variants: ov }, TypeKind::Untagged { variants: nv }) => {
                for v in nv {
                    match ov.iter().find(|w| w.name == v.name) {
                        None => {
                            let d = Draft::new(
                                ChangeKind::UnionVariantAdded,
                                Class::Additive,
                                format!("{}::{}", n.name, v.name),
                                format!("{rust}::{}", v.name),
                            )
                            .values(None, Some(v.ty.rust_spelling()))
                            .says(format!(
                                "`{rust}` has a new variant `{}({})`",
                                v.name,
                                v.ty.rust_spelling()
                            ));
                            self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                        }
                        Some(w) if self.renamed(&w.ty) != v.ty => {
                            let d = Draft::new(
                                ChangeKind::UnionVariantRetyped,
                                Class::Breaking,
                                format!("{}::{}", n.name, v.name),
                                format!("{rust}::{}", v.name),
                            )
                            .values(
                                Some(self.renamed(&w.ty).rust_spelling()),
                                Some(v.ty.rust_spelling()),
                            )
                            .says(format!(
                                "`{rust}::{}` holds a `{}` (was `{}`)",
                                v.name,
                                v.ty.rust_spelling(),
                                self.renamed(&w.ty).rust_spelling()
                            ));
                            self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                        }
                        Some(_) => {}
                    }
                }
                for w in ov {
                    if !nv.iter().any(|v| v.name == w.name) {
                        let d = Draft::new(
                            ChangeKind::UnionVariantRemoved,
                            Class::Breaking,
                            format!("{}::{}", n.name, w.name),
                            format!("{rust}::{}", w.name),
                        )
                        .values(Some(self.renamed(&w.ty).rust_spelling()), None)
                        .says(format!("`{rust}::{}` removed", w.name));
                        self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                    }
                }
            }
            (TypeKind::Alias { target: ot }, TypeKind::Alias { target: nt }) => {
                let ot = self.renamed(ot);
                if &ot != nt {
                    let d =
                        Draft::new(ChangeKind::TypeKindChanged, Class::Breaking, &n.name, &rust)
                            .values(Some(ot.rust_spelling()), Some(nt.rust_spelling()))
                            .says(format!(
                                "`{rust}` is an alias of `{}` (was `{}`)",
                                nt.rust_spelling(),
                                ot.rust_spelling()
                            ));
                    self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
                }
            }
            _ => {
                let d = Draft::new(ChangeKind::TypeKindChanged, Class::Breaking, &n.name, &rust)
                    .values(Some(kind_name(&o.kind)), Some(kind_name(&n.kind)))
                    .says(format!(
                        "`{rust}` is a {} (was a {})",
                        kind_name(&n.kind),
                        kind_name(&o.kind)
                    ));
                self.push_type(&n.name, Some(self.new.type_line(&n.name)), d);
            }
        }
    }

    fn fields(&mut self, o: &TypeDef, of: &[Field], n: &TypeDef, nf: &[Field]) {
        let id = |f: &Field| {
            if f.json.is_empty() {
                format!("#{}", f.rust)
            } else {
                f.json.clone()
            }
        };
        let shown = |f: &Field| {
            if f.json.is_empty() {
                f.rust.clone()
            } else {
                f.json.clone()
            }
        };
        let type_rust = self.type_rust(&n.name);
        for f in nf {
            let item = format!("{}.{}", n.name, shown(f));
            let rust = format!("{type_rust}::{}", f.rust);
            let Some(g) = of.iter().find(|g| id(g) == id(f)) else {
                let (class, why) = if n.input {
                    (
                        Class::Breaking,
                        "a request type built with struct literals: every literal must now set it",
                    )
                } else {
                    (Class::Additive, "the struct is `#[non_exhaustive]`")
                };
                let spelling = f.rust_spelling();
                let d = Draft::new(ChangeKind::FieldAdded, class, item, &rust)
                    .values(None, Some(spelling.clone()))
                    .says(format!("new field `{rust}: {spelling}` ({why})"));
                self.push_type(&n.name, Some(self.new.field_line(&n.name, &f.json)), d);
                continue;
            };
            let old_ty = self.renamed(&g.ty);
            let old_as_new = Field {
                ty: old_ty.clone(),
                ..g.clone()
            };
            let (was, now) = (old_as_new.rust_spelling(), f.rust_spelling());
            if old_ty != f.ty {
                let d = Draft::new(
                    ChangeKind::FieldRetyped,
                    Class::Breaking,
                    item.clone(),
                    &rust,
                )
                .values(Some(was.clone()), Some(now.clone()))
                .says(format!("`{rust}` is now `{now}` (was `{was}`)"));
                self.push_type(&n.name, Some(self.new.field_line(&n.name, &f.json)), d);
            } else {
                // Same type: `Option` layers may still differ.
                let class = if was == now {
                    Class::Additive
                } else {
                    Class::Breaking
                };
                let effect = if was == now {
                    format!("the Rust type stays `{now}`; only its encoding changes")
                } else {
                    format!("now `{now}` (was `{was}`)")
                };
                // (kind, changed, the old and the new state in words)
                let layers = [
                    (
                        ChangeKind::FieldRequirementChanged,
                        g.optional != f.optional,
                        if f.optional {
                            ("required", "optional")
                        } else {
                            ("optional", "required")
                        },
                    ),
                    (
                        ChangeKind::FieldNullabilityChanged,
                        g.nullable != f.nullable,
                        if f.nullable {
                            ("never null", "nullable")
                        } else {
                            ("nullable", "never null")
                        },
                    ),
                ];
                for (kind, changed, (a, b)) in layers {
                    if !changed {
                        continue;
                    }
                    let d = Draft::new(kind, class, item.clone(), &rust)
                        .values(Some(was.clone()), Some(now.clone()))
                        .says(format!("`{rust}` is {b} (was {a}): {effect}"));
                    self.push_type(&n.name, Some(self.new.field_line(&n.name, &f.json)), d);
                }
            }
            if g.rust != f.rust {
                let d = Draft::new(
                    ChangeKind::FieldRenamed,
                    Class::Breaking,
                    item.clone(),
                    &rust,
                )
                .values(Some(g.rust.clone()), Some(f.rust.clone()))
                .says(format!(
                    "the field of `{}` is `{rust}` (was `{type_rust}::{}`)",
                    shown(f),
                    g.rust
                ));
                self.push_type(&n.name, Some(self.new.field_line(&n.name, &f.json)), d);
            }
            if g.fixed != f.fixed {
                let constant = format!("{type_rust}::{}", f.rust.to_uppercase());
                let show = |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string);
                let (class, says) = match (&g.fixed, &f.fixed) {
                    (None, Some(v)) => {
                        (Class::Additive, format!("new constant `{constant}` = {v}"))
                    }
                    (Some(_), None) => (Class::Breaking, format!("constant `{constant}` removed")),
                    (Some(a), Some(b)) => {
                        (Class::Additive, format!("`{constant}` is {b} (was {a})"))
                    }
                    (None, None) => unreachable!("the values differ"),
                };
                let d = Draft::new(
                    ChangeKind::FieldConstantChanged,
                    class,
                    item.clone(),
                    constant,
                )
                .values(show(&g.fixed), show(&f.fixed))
                .says(says);
                self.push_type(&n.name, Some(self.new.field_line(&n.name, &f.json)), d);
            }
        }
        for g in of {
            if nf.iter().any(|f| id(f) == id(g)) {
                continue;
            }
            let rust = format!("{type_rust}::{}", g.rust);
            let spelling = Field {
                ty: self.renamed(&g.ty),
                ..g.clone()
            }
            .rust_spelling();
            let d = Draft::new(
                ChangeKind::FieldRemoved,
                Class::Breaking,
                format!("{}.{}", n.name, shown(g)),
                &rust,
            )
            .values(Some(spelling.clone()), None)
            .says(format!("field `{rust}: {spelling}` removed"));
            self.push_type(&n.name, Some(self.old.field_line(&o.name, &g.json)), d);
        }
    }

    // ------------------------------------------------------------ examples and names

    /// Operations whose examples changed while no type they reach did: the
    /// spec's examples moved without the crate's types.
    fn examples(&mut self, changed_types: &BTreeSet<String>) {
        let old_model = self.old.model;
        let new_model = self.new.model;
        let pairs = match_operations(&old_model.operations, &new_model.operations);
        let touched: BTreeSet<String> = self
            .changes
            .iter()
            .filter_map(|c| c.operation.clone())
            .collect();
        for (n, op) in new_model.operations.iter().enumerate() {
            let Some(&o) = pairs.get(&n) else { continue };
            let old = &old_model.operations[o];
            if touched.contains(&operation_key(op)) {
                continue;
            }
            let values = |op: &Operation| {
                let mut all: Vec<serde_json::Value> =
                    op.examples.iter().map(|e| (*e.value).clone()).collect();
                if let Some(body) = &op.request {
                    all.extend(body.examples.iter().map(|e| (*e.value).clone()));
                }
                all.extend(
                    op.errors
                        .iter()
                        .filter_map(|e| e.example.as_ref())
                        .map(|e| (*e.value).clone()),
                );
                all
            };
            if values(old) == values(op) {
                continue;
            }
            let reached = self.new.reached_types(op);
            if reached.iter().any(|t| changed_types.contains(t)) {
                continue;
            }
            let line = op
                .examples
                .iter()
                .zip(old.examples.iter().map(Some).chain(std::iter::repeat(None)))
                .find(|(a, b)| b.is_none_or(|b| a.value != b.value))
                .map_or(op.line, |(a, _)| a.line);
            let rust = method_path(op);
            let d = Draft::new(
                ChangeKind::ExampleChanged,
                Class::Informational,
                &op.action,
                &rust,
            )
            .says(format!(
                "the examples of `{}` changed; no type changed (the generated tests follow them)",
                op.action
            ));
            self.push_op(op, Some(line), d);
        }
    }

    /// Names the lock keeps in the new model where the naming rules (a
    /// generation without the lock) give another, and did not in the old one.
    fn kept_names(&mut self, old_fresh: Option<&TypeModel>, new_fresh: Option<&TypeModel>) {
        let (Some(old_fresh), Some(new_fresh)) = (old_fresh, new_fresh) else {
            return;
        };
        let before: BTreeSet<Kept> = kept_against_rules(self.old.model, old_fresh)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for (kept, operation) in kept_against_rules(self.new.model, new_fresh) {
            if before.contains(&kept) {
                continue;
            }
            let d = Draft::new(ChangeKind::NameKept, Class::Informational, &kept.item, &kept.kept)
                .values(Some(kept.kept.clone()), Some(kept.rules.clone()))
                .says(format!(
                    "kept `{}` from names.lock; the new rules would give `{}` (delete its entry to take the new name, a breaking change)",
                    kept.kept, kept.rules
                ));
            match operation {
                Some(i) => {
                    let op = &self.new.model.operations[i];
                    let line = Some(op.line);
                    self.push_op(op, line, d);
                }
                None => {
                    let line = Some(self.new.type_line(&kept.item));
                    let name = kept.item.clone();
                    self.push_type(&name, line, d);
                }
            }
        }
    }
}

/// A name a lock keeps where the rules give another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Kept {
    /// The action name, or the type's (kept) name.
    item: String,
    /// `client.widgets().list_2()` or `Widget2`.
    kept: String,
    /// What the rules give.
    rules: String,
}

/// The names of `locked` that `fresh` (the same spec without a lock) gives
/// otherwise, each with its operation's index: methods by operation
/// (method, path, action), types by their names-lock key.
fn kept_against_rules(locked: &TypeModel, fresh: &TypeModel) -> Vec<(Kept, Option<usize>)> {
    let mut out = Vec::new();
    for (i, op) in locked.operations.iter().enumerate() {
        let same =
            |o: &&Operation| o.method == op.method && o.path == op.path && o.action == op.action;
        let Some(rules) = fresh.operations.iter().find(same) else {
            continue;
        };
        if (&rules.accessor, &rules.fn_name) != (&op.accessor, &op.fn_name) {
            let kept = Kept {
                item: op.action.clone(),
                kept: method_path(op),
                rules: method_path(rules),
            };
            out.push((kept, Some(i)));
        }
    }
    for (key, name) in &locked.names.types {
        let Some(rules) = fresh.names.types.get(key) else {
            continue;
        };
        if rules != name && locked.types.iter().any(|t| &t.name == name) {
            let kept = Kept {
                item: name.clone(),
                kept: name.clone(),
                rules: rules.clone(),
            };
            out.push((kept, None));
        }
    }
    out
}

/// `struct`, `enum of strings`, `untagged enum`, `alias of Vec<T>`.
fn kind_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct { .. } => "struct".to_owned(),
        TypeKind::Enum {
            repr: EnumRepr::String,
            ..
        } => "enum of strings".to_owned(),
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            ..
        } => "enum of integers".to_owned(),
        TypeKind::Untagged { .. } => "untagged enum".to_owned(),
        TypeKind::Alias { target } => format!("alias of `{}`", target.rust_spelling()),
    }
}

/// The catch-all variant the emitter gives an enum (see `emit::models`).
fn catch_all(repr: EnumRepr, variants: &[crate::model::Variant]) -> &'static str {
    let preferred = match repr {
        EnumRepr::Integer => "Unknown",
        EnumRepr::String => "Other",
    };
    if variants.iter().any(|v| v.name == preferred) {
        "Unrecognized"
    } else {
        preferred
    }
}

/// New operation index → old operation index, by the identities of the
/// module docs, each step among what the previous ones left unmatched.
pub(super) fn match_operations(old: &[Operation], new: &[Operation]) -> BTreeMap<usize, usize> {
    type KeyFn = fn(&Operation) -> String;
    let steps: [(KeyFn, bool); 4] = [
        (
            |op| format!("{} {} {}", op.method, shape_path(op), op.action),
            false,
        ),
        (|op| format!("{} {}", op.method, shape_path(op)), true),
        (|op| format!("{}\u{0}{}", op.resource, op.action), true),
        (|op| op.action.clone(), true),
    ];
    let mut pairs = BTreeMap::new();
    let mut old_taken = vec![false; old.len()];
    for (key, unique_only) in steps {
        let mut old_by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, op) in old.iter().enumerate().filter(|(i, _)| !old_taken[*i]) {
            old_by_key.entry(key(op)).or_default().push(i);
        }
        let mut new_by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (j, op) in new
            .iter()
            .enumerate()
            .filter(|(j, _)| !pairs.contains_key(j))
        {
            new_by_key.entry(key(op)).or_default().push(j);
        }
        for (k, js) in new_by_key {
            let Some(is) = old_by_key.get(&k) else {
                continue;
            };
            if unique_only && (is.len() != 1 || js.len() != 1) {
                continue;
            }
            // Duplicates of one identity pair up in document order.
            for (&i, &j) in is.iter().zip(&js) {
                old_taken[i] = true;
                pairs.insert(j, i);
            }
        }
    }
    pairs
}

/// Old type name → new type name: the same name, else the same names-lock
/// key, else the same shape (kind and keys or values), unique on both sides.
fn match_types(old: &TypeModel, new: &TypeModel) -> BTreeMap<String, String> {
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let mut taken_new: BTreeSet<String> = BTreeSet::new();
    for t in &old.types {
        if new_names.contains(t.name.as_str()) {
            map.insert(t.name.clone(), t.name.clone());
            taken_new.insert(t.name.clone());
        }
    }
    for (key, old_name) in &old.names.types {
        if map.contains_key(old_name) || !old.types.iter().any(|t| &t.name == old_name) {
            continue;
        }
        if let Some(new_name) = new.names.types.get(key) {
            if new_names.contains(new_name.as_str()) && !taken_new.contains(new_name) {
                map.insert(old_name.clone(), new_name.clone());
                taken_new.insert(new_name.clone());
            }
        }
    }
    let shape = |t: &TypeDef| -> String {
        match &t.kind {
            TypeKind::Struct { fields } => {
                let mut keys: Vec<&str> = fields.iter().map(|f| f.json.as_str()).collect();
                keys.sort_unstable();
                format!("struct {}", keys.join(","))
            }
            TypeKind::Enum { variants, .. } => {
                let mut values: Vec<String> =
                    variants.iter().map(|v| v.value.to_string()).collect();
                values.sort();
                format!("enum {}", values.join(","))
            }
            TypeKind::Untagged { variants } => {
                let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
                format!("untagged {}", names.join(","))
            }
            TypeKind::Alias { target } => format!("alias {}", target.rust_spelling()),
        }
    };
    let mut old_shapes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in old.types.iter().filter(|t| !map.contains_key(&t.name)) {
        old_shapes.entry(shape(t)).or_default().push(&t.name);
    }
    let mut new_shapes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in new.types.iter().filter(|t| !taken_new.contains(&t.name)) {
        new_shapes.entry(shape(t)).or_default().push(&t.name);
    }
    for (s, olds) in old_shapes {
        if let (Some(news), [only_old]) = (new_shapes.get(&s), olds.as_slice()) {
            if let [only_new] = news.as_slice() {
                map.insert((*only_old).to_owned(), (*only_new).to_owned());
            }
        }
    }
    map
}
