//! The endpoint check: every operation of a type model is sent where the
//! spec says, read again from the spec's own text.
//!
//! Generated tests come from the same model as the client, so they cannot
//! see a model that sends a request to the wrong endpoint. [`check`] reads
//! each action's URI template from its text (not through the parser's
//! [`blueprint_parser::UriTemplate`] or [`crate::model::PathTemplate`], which
//! the model was built with) and compares, operation by operation in
//! document order (one operation per action, so the multisets of endpoints
//! are equal too):
//!
//! - the method;
//! - the path: its literal text and its variables (`{a}`, `{a,b}`), in order;
//! - the query pairs written after a `?`, in order: literal ones
//!   (`?type=user`), one expression (`name={var}` or `name={}`), or text
//!   and expressions (`role={kind}:{id}`);
//! - the parameters the template places: a path parameter for each
//!   variable of the path and of a value of text and expressions, a query
//!   parameter for each `{?a,b}` variable and for each `name={var}` (or
//!   `name={}`) pair, sent as `name`;
//! - no other path parameter, and no parameter that is a variable of the
//!   resource's template but not of the action's own (an inherited path
//!   parameter the action's URI drops).
//!
//! The templates compared are those of the IR after the configuration's
//! `[[path]]` corrections (deliberate fixes of the spec), as inference used
//! them. `pipeline::generate` and `cargo xtask lint` run the check; a
//! mismatch is an `endpoint-mismatch` error at the action's heading.

use blueprint_parser::{Action, Blueprint, Diagnostic, Location, Resource};

use crate::config::Config;
use crate::model::{Operation, PathSegment, QueryValue, TypeModel};

/// One piece of a path as written: literal text or an expression's variables.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Variables(Vec<String>),
}

/// The value of a query pair as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// Literal text, sent as written.
    Text(String),
    /// One expression (`{v}`, or `{}` for the pair's own name): the
    /// operation's query parameter named after the pair.
    Parameter(String),
    /// Text and expressions (`{kind}:{id}`).
    Template(Vec<Piece>),
}

/// A URI template read from its text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Endpoint {
    path: Vec<Piece>,
    /// The `name=value` pairs after the `?`, in order.
    query: Vec<(String, Value)>,
    /// The `{?a,b}` variables: query parameters.
    query_parameters: Vec<String>,
}

impl Endpoint {
    /// Reads `template` character by character.
    fn read(template: &str) -> Endpoint {
        let mut out = Endpoint::default();
        // The query text after a literal `?`, with `{…}` kept as written.
        let mut query: Option<String> = None;
        let mut rest = template;
        while !rest.is_empty() {
            let (text, after) = match rest.find('{') {
                Some(open) => rest.split_at(open),
                None => (rest, ""),
            };
            match &mut query {
                Some(q) => q.push_str(text),
                None => match text.split_once('?') {
                    Some((path, q)) => {
                        push_text(&mut out.path, path);
                        query = Some(q.to_owned());
                    }
                    None => push_text(&mut out.path, text),
                },
            }
            if after.is_empty() {
                break;
            }
            let Some(close) = after.find('}') else {
                // A stray `{`: literal text.
                match &mut query {
                    Some(q) => q.push_str(after),
                    None => push_text(&mut out.path, after),
                }
                break;
            };
            let body = &after[1..close];
            rest = &after[close + 1..];
            if let Some(vars) = body.strip_prefix(['?', '&']) {
                out.query_parameters.extend(names(vars));
                continue;
            }
            match &mut query {
                Some(q) => {
                    q.push('{');
                    q.push_str(body);
                    q.push('}');
                }
                None => {
                    let vars = names(body.trim_start_matches(['+', '#', '.', '/', ';']));
                    if vars.is_empty() {
                        push_text(&mut out.path, "{}");
                    } else {
                        out.path.push(Piece::Variables(vars));
                    }
                }
            }
        }
        if out.path.is_empty() {
            out.path.push(Piece::Text("/".to_owned()));
        }
        for pair in query.iter().flat_map(|q| q.split('&')) {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if name.contains('{') || (!pair.contains('=') && pair.contains('{')) {
                // `{id}` or `{k}=v`: each variable travels under its own name.
                for v in pair.split('{').skip(1).filter_map(|v| v.split_once('}')) {
                    for v in names(v.0) {
                        out.query.push((v.clone(), Value::Parameter(v)));
                    }
                }
                continue;
            }
            let pieces = value_pieces(value);
            let value = match pieces.as_slice() {
                // `{}` is the value of the pair's own name.
                _ if value == "{}" => Value::Parameter(name.to_owned()),
                [] => Value::Text(String::new()),
                [Piece::Text(text)] => Value::Text(text.clone()),
                [Piece::Variables(vars)] if vars.len() == 1 => Value::Parameter(vars[0].clone()),
                _ => Value::Template(pieces),
            };
            out.query.push((name.to_owned(), value));
        }
        out
    }

    /// What `op` sends, in the same terms.
    fn of_operation(op: &Operation) -> Endpoint {
        let mut path = Vec::new();
        for segment in &op.path.segments {
            push_segment(&mut path, segment);
        }
        let query = op
            .path
            .query
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    QueryValue::Literal(text) => Value::Text(text.clone()),
                    QueryValue::Variable(v) => Value::Parameter(v.clone()),
                    QueryValue::Template(pieces) => {
                        let mut out = Vec::new();
                        for p in pieces {
                            push_segment(&mut out, p);
                        }
                        Value::Template(out)
                    }
                };
                (name.clone(), value)
            })
            .collect();
        Endpoint {
            path,
            query,
            query_parameters: Vec::new(),
        }
    }

    /// The variables the template fills in the path and in query values of several pieces.
    fn template_variables(&self) -> Vec<&String> {
        let templates = self.query.iter().flat_map(|(_, v)| match v {
            Value::Template(pieces) => pieces.as_slice(),
            _ => &[],
        });
        self.path
            .iter()
            .chain(templates)
            .flat_map(|p| match p {
                Piece::Variables(vars) => vars.iter().collect(),
                Piece::Text(_) => Vec::new(),
            })
            .collect()
    }
}

/// The pieces of a query value: text and `{…}` expressions.
fn value_pieces(value: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        push_text(&mut out, &rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            push_text(&mut out, &rest[open..]);
            return out;
        };
        let vars = names(&rest[open + 1..open + close]);
        if vars.is_empty() {
            // An empty `{}` among text is text (only a whole value names a parameter).
            push_text(&mut out, "{}");
        } else {
            out.push(Piece::Variables(vars));
        }
        rest = &rest[open + close + 1..];
    }
    push_text(&mut out, rest);
    out
}

fn push_segment(path: &mut Vec<Piece>, segment: &PathSegment) {
    match segment {
        PathSegment::Literal(text) => push_text(path, text),
        PathSegment::Variable(v) => path.push(Piece::Variables(vec![v.clone()])),
        PathSegment::Expression(vars) => path.push(Piece::Variables(vars.clone())),
    }
}

fn push_text(path: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match path.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => path.push(Piece::Text(text.to_owned())),
    }
}

fn names(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks every operation of `model` against the action of `blueprint` it
/// was built from (the IR as parsed: the `[[path]]` corrections of `config`
/// are applied here as inference applied them). Returns an
/// `endpoint-mismatch` error per operation that would not be sent where the
/// spec says, located at its action's heading.
pub fn check(blueprint: &Blueprint, config: &Config, model: &TypeModel) -> Vec<Diagnostic> {
    let corrected;
    let blueprint = if config.overrides.paths.is_empty() {
        blueprint
    } else {
        let mut copy = blueprint.clone();
        crate::infer::apply_path_fixes(&mut copy, &config.overrides);
        corrected = copy;
        &corrected
    };
    let actions: Vec<(&Resource, &Action)> = blueprint.actions().collect();
    let mut out = Vec::new();
    if actions.len() != model.operations.len() {
        out.push(Diagnostic::error(
            "endpoint-mismatch",
            1,
            1,
            format!(
                "the spec has {} actions but the client would have {} operations",
                actions.len(),
                model.operations.len()
            ),
        ));
    }
    for ((resource, action), op) in actions.into_iter().zip(&model.operations) {
        let problems = compare(resource, action, op);
        if !problems.is_empty() {
            out.push(Diagnostic::error(
                "endpoint-mismatch",
                action.line,
                action.column,
                format!(
                    "`{}().{}` would not be sent where the spec says (`{} {}`): {}; this is a generator bug, please report it",
                    op.accessor,
                    op.fn_name,
                    action.method,
                    action.uri_template,
                    problems.join("; ")
                ),
            ));
        }
    }
    out
}

/// What differs between the action's endpoint and the operation's.
fn compare(resource: &Resource, action: &Action, op: &Operation) -> Vec<String> {
    let mut problems = Vec::new();
    if op.method.as_str() != action.method {
        problems.push(format!("its method is `{}`", op.method));
    }
    let want = Endpoint::read(&action.uri_template);
    let got = Endpoint::of_operation(op);
    if got.path != want.path || got.query != want.query {
        problems.push(format!("it sends to `{}`", op.path));
    }
    let has = |name: &str, location: Location| {
        op.parameters
            .iter()
            .any(|p| p.name == name && p.location == location)
    };
    let template_variables = want.template_variables();
    for v in template_variables
        .iter()
        .filter(|v| !has(v, Location::Path))
    {
        problems.push(format!("no parameter fills `{{{v}}}`"));
    }
    let query_parameters = want
        .query
        .iter()
        .filter(|(_, v)| matches!(v, Value::Parameter(_)))
        .map(|(name, _)| name)
        .chain(&want.query_parameters);
    for q in query_parameters.filter(|q| !has(q, Location::Query)) {
        problems.push(format!(
            "the query parameter `{q}` of the template is not sent"
        ));
    }
    for p in &op.parameters {
        if p.location == Location::Path && !template_variables.contains(&&p.name) {
            problems.push(format!(
                "`{}` is sent in the path, which has no `{{{}}}`",
                p.name, p.name
            ));
        }
    }
    if action.uri_template != resource.uri_template {
        let own = Endpoint::read(&action.uri_template);
        let mentions = |e: &Endpoint, name: &str| {
            e.query_parameters.iter().any(|q| q == name)
                || e.path
                    .iter()
                    .any(|p| matches!(p, Piece::Variables(v) if v.iter().any(|v| v == name)))
        };
        let inherited = Endpoint::read(&resource.uri_template);
        // Inherited: a resource's parameter that the action does not
        // declare again (its resolved parameter, if any, is the resource's).
        let inherited_parameter = |name: &str| {
            resource.parameters.iter().any(|r| {
                r.name == name
                    && action
                        .parameters
                        .iter()
                        .find(|a| a.name == name)
                        .is_none_or(|a| a.line == r.line)
            })
        };
        for p in &op.parameters {
            if mentions(&inherited, &p.name)
                && !mentions(&own, &p.name)
                && inherited_parameter(&p.name)
            {
                problems.push(format!(
                    "it takes `{}`, a variable of the resource's `{}` that the action's own template drops",
                    p.name, resource.uri_template
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Piece {
        Piece::Text(t.to_owned())
    }

    fn vars(v: &[&str]) -> Piece {
        Piece::Variables(v.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn reads_templates_from_their_text() {
        let e = Endpoint::read("/stacks/{id}/servers{?page,per_page}");
        assert_eq!(e.path, [text("/stacks/"), vars(&["id"]), text("/servers")]);
        assert_eq!(e.query_parameters, ["page", "per_page"]);
        let e = Endpoint::read("/m/?action=list&sectionid={}&termid={term}&role={kind}:{id}");
        assert_eq!(e.path, [text("/m/")]);
        assert_eq!(
            e.query,
            [
                ("action".to_owned(), Value::Text("list".to_owned())),
                (
                    "sectionid".to_owned(),
                    Value::Parameter("sectionid".to_owned())
                ),
                ("termid".to_owned(), Value::Parameter("term".to_owned())),
                (
                    "role".to_owned(),
                    Value::Template(vec![vars(&["kind"]), text(":"), vars(&["id"])])
                ),
            ]
        );
        let e = Endpoint::read("/map/{x,y}/{+rest}");
        assert_eq!(
            e.path,
            [text("/map/"), vars(&["x", "y"]), text("/"), vars(&["rest"])]
        );
        let e = Endpoint::read("");
        assert_eq!(e.path, [text("/")]);
    }
}
