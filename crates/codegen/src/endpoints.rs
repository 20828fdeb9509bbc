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
//! - the literal query pairs written after a `?` (`?type=user`), in order;
//! - the parameters the template places: a path parameter for each path
//!   variable, a query parameter for each `{?a,b}` variable and for each
//!   `name={var}` (or `name={}`) pair, sent as `name`;
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
use crate::model::{Operation, PathSegment, TypeModel};

/// One piece of a path as written: literal text or an expression's variables.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Variables(Vec<String>),
}

/// A URI template read from its text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Endpoint {
    path: Vec<Piece>,
    /// Literal `name=value` pairs after the `?`.
    literal_query: Vec<(String, String)>,
    /// Query parameters the template fills: `{?a,b}` variables and the names
    /// of `name={var}` pairs.
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
            match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(_) => out.query_parameters.push(name.to_owned()),
                None if value.contains('{') || name.contains('{') => {
                    // `x=a{b}` or `{b}`: the variables travel under their own names.
                    let vars = pair.split('{').skip(1).filter_map(|v| v.split_once('}'));
                    out.query_parameters
                        .extend(vars.flat_map(|(v, _)| names(v)));
                }
                None => out.literal_query.push((name.to_owned(), value.to_owned())),
            }
        }
        out
    }

    /// What `op` sends, in the same terms.
    fn of_operation(op: &Operation) -> Endpoint {
        let mut path = Vec::new();
        for segment in &op.path.segments {
            match segment {
                PathSegment::Literal(text) => push_text(&mut path, text),
                PathSegment::Variable(v) => path.push(Piece::Variables(vec![v.clone()])),
                PathSegment::Expression(vars) => path.push(Piece::Variables(vars.clone())),
            }
        }
        Endpoint {
            path,
            literal_query: op
                .path
                .literal_query()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
            query_parameters: Vec::new(),
        }
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
    if got.path != want.path || got.literal_query != want.literal_query {
        problems.push(format!("it sends to `{}`", op.path));
    }
    let has = |name: &str, location: Location| {
        op.parameters
            .iter()
            .any(|p| p.name == name && p.location == location)
    };
    for piece in &want.path {
        if let Piece::Variables(vars) = piece {
            for v in vars.iter().filter(|v| !has(v, Location::Path)) {
                problems.push(format!("no path parameter fills `{{{v}}}`"));
            }
        }
    }
    for q in want
        .query_parameters
        .iter()
        .filter(|q| !has(q, Location::Query))
    {
        problems.push(format!(
            "the query parameter `{q}` of the template is not sent"
        ));
    }
    let path_variables: Vec<&String> = want
        .path
        .iter()
        .flat_map(|p| match p {
            Piece::Variables(vars) => vars.iter().collect(),
            Piece::Text(_) => Vec::new(),
        })
        .collect();
    for p in &op.parameters {
        if p.location == Location::Path && !path_variables.contains(&&p.name) {
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
        let e = Endpoint::read("/m/?action=list&sectionid={}&termid={term}");
        assert_eq!(e.path, [text("/m/")]);
        assert_eq!(e.literal_query, [("action".to_owned(), "list".to_owned())]);
        assert_eq!(e.query_parameters, ["sectionid", "termid"]);
        let e = Endpoint::read("/map/{x,y}/{+rest}");
        assert_eq!(
            e.path,
            [text("/map/"), vars(&["x", "y"]), text("/"), vars(&["rest"])]
        );
        let e = Endpoint::read("");
        assert_eq!(e.path, [text("/")]);
    }
}
