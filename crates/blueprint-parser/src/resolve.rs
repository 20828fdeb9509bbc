//! Resolution after tree assembly: model references, inherited parameters and
//! their locations, and the cross-resource checks (duplicates, unused names).

use crate::diagnostic::Diagnostic;
use crate::grammar::FastMap;
use crate::ir::{Blueprint, Location, Parameter, UriSegment, UriTemplate};

/// Resolves references and parameters in place, adding diagnostics.
pub(crate) fn resolve(bp: &mut Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    resolve_models(bp, diagnostics);
    resolve_parameters(bp, diagnostics);
    check_duplicates(bp, diagnostics);
    check_colon_segments(bp, diagnostics);
    tidy_descriptions(bp);
}

fn resolve_models(bp: &mut Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    // Model name -> (group index, resource index, line).
    let mut models: FastMap<&str, (usize, usize, u32)> = FastMap::default();
    for (gi, g) in bp.groups.iter().enumerate() {
        for (ri, r) in g.resources.iter().enumerate() {
            if r.model.is_none() {
                continue;
            }
            if let Some((_, _, line)) = models.get(r.name.as_str()) {
                diagnostics.push(Diagnostic::warning(
                    "duplicate-model-name",
                    r.line,
                    r.column,
                    format!(
                        "resource `{}` has a model but that name already names the model of line {line}; references use the first",
                        r.name
                    ),
                ));
            } else {
                models.insert(&r.name, (gi, ri, r.line));
            }
        }
    }
    // (group, resource, action, is_request, payload index, model location)
    let mut todo = Vec::new();
    for (gi, g) in bp.groups.iter().enumerate() {
        for (ri, r) in g.resources.iter().enumerate() {
            for (ai, a) in r.actions.iter().enumerate() {
                let payloads = a
                    .responses
                    .iter()
                    .map(|p| (false, p))
                    .chain(a.requests.iter().map(|p| (true, p)));
                let payloads = payloads.scan((0usize, 0usize), |(nr, nq), (req, p)| {
                    let idx = if req { nq } else { nr };
                    let i = *idx;
                    *idx += 1;
                    Some((req, i, p))
                });
                for (req, pi, p) in payloads {
                    let Some(name) = &p.model_reference else {
                        continue;
                    };
                    match models.get(name.as_str()) {
                        Some(&(mg, mr, _)) => todo.push((gi, ri, ai, req, pi, mg, mr)),
                        None => diagnostics.push(Diagnostic::error(
                            "unresolved-model-reference",
                            p.line,
                            p.column,
                            format!(
                                "`[{name}][]` names no resource model; the payload has no body"
                            ),
                        )),
                    }
                }
            }
        }
    }
    for (gi, ri, ai, req, pi, mg, mr) in todo {
        let Some(model) = bp
            .groups
            .get(mg)
            .and_then(|g| g.resources.get(mr))
            .and_then(|r| r.model.clone())
        else {
            continue;
        };
        let action = bp
            .groups
            .get_mut(gi)
            .and_then(|g| g.resources.get_mut(ri))
            .and_then(|r| r.actions.get_mut(ai));
        let payload = action.and_then(|a| {
            if req {
                a.requests.get_mut(pi)
            } else {
                a.responses.get_mut(pi)
            }
        });
        if let Some(p) = payload {
            if p.media_type.is_none() {
                p.media_type = model.media_type;
            }
            if p.headers.is_empty() {
                p.headers = model.headers;
            }
            p.body = model.body;
            p.body_is_json = model.body_is_json;
            p.json = model.json;
            p.repaired = model.repaired;
            p.schema = model.schema;
            p.body_line = model.body_line;
            if p.attributes.is_none() {
                p.attributes = model.attributes;
            }
        }
    }
}

/// The location of a parameter named `name` for `method` on `uri`, or `None`
/// when the method carries neither query nor form parameters.
pub(crate) fn location(name: &str, method: &str, uri: &UriTemplate) -> Option<Location> {
    if uri.path_variables().any(|v| v == name) {
        return Some(Location::Path);
    }
    if uri.query.iter().any(|q| q == name) {
        return Some(Location::Query);
    }
    match method {
        "GET" | "HEAD" | "DELETE" => Some(Location::Query),
        "POST" | "PUT" | "PATCH" => Some(Location::Form),
        _ => None,
    }
}

fn resolve_parameters(bp: &mut Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    for r in bp.groups.iter_mut().flat_map(|g| &mut g.resources) {
        for a in &mut r.actions {
            let own = std::mem::take(&mut a.parameters);
            let mut resolved: Vec<Parameter> = Vec::with_capacity(r.parameters.len() + own.len());
            for p in &r.parameters {
                // A variable of the resource's template that the action's own
                // template does not have is not the action's (drafter: "not
                // found within the URI template").
                let dropped = a.uri_template != r.uri_template
                    && r.uri.has_variable(&p.name)
                    && !a.uri.has_variable(&p.name)
                    && !own.iter().any(|q| q.name == p.name);
                if dropped {
                    diagnostics.push(Diagnostic::warning(
                        "inherited-parameter-dropped",
                        a.line,
                        a.column,
                        format!(
                            "parameter `{}` (line {}) is a variable of the resource's `{}` but not of this action's own `{}`; the action does not take it",
                            p.name, p.line, r.uri_template, a.uri_template
                        ),
                    ));
                } else {
                    resolved.push(p.clone());
                }
            }
            for p in own {
                match resolved.iter_mut().find(|q| q.name == p.name) {
                    Some(q) => *q = p,
                    None => resolved.push(p),
                }
            }
            for p in &mut resolved {
                p.location = location(&p.name, &a.method, &a.uri).unwrap_or_else(|| {
                    diagnostics.push(Diagnostic::warning(
                        "unused-parameter",
                        p.line,
                        p.column,
                        format!(
                            "parameter `{}` is not a variable of `{}` and `{}` sends neither query nor form parameters",
                            p.name, a.uri_template, a.method
                        ),
                    ));
                    Location::Query
                });
            }
            for v in a.uri.path_variables() {
                if !resolved.iter().any(|p| p.name == v) {
                    diagnostics.push(Diagnostic::warning(
                        "undeclared-uri-variable",
                        a.line,
                        a.column,
                        format!("URI template variable `{{{v}}}` of `{}` is not declared as a parameter", a.uri_template),
                    ));
                }
            }
            for segment in &a.uri.segments {
                let UriSegment::Expression(vars) = segment else {
                    continue;
                };
                let optional = resolved
                    .iter()
                    .any(|p| !p.required && vars.contains(&p.name));
                if optional {
                    let joined = vars.join(",");
                    diagnostics.push(Diagnostic::warning(
                        "optional-path-variable",
                        a.line,
                        a.column,
                        format!("`{{{joined}}}` in `{}` expands into the path (RFC 6570): the values given, joined with `,`, and nothing for those left out; `{{?{joined}}}` would send them as query parameters", a.uri_template),
                    ));
                }
            }
            a.parameters = resolved;
            for request in &mut a.requests {
                for p in &mut request.parameters {
                    p.location = location(&p.name, &a.method, &a.uri).unwrap_or(Location::Query);
                }
            }
        }
        let first = r.actions.first().map(|a| a.method.clone());
        for p in &mut r.parameters {
            p.location = match &first {
                Some(m) => location(&p.name, m, &r.uri).unwrap_or(Location::Query),
                None => location(&p.name, "GET", &r.uri).unwrap_or(Location::Query),
            };
            if first.is_none() && p.location != Location::Path {
                diagnostics.push(Diagnostic::warning(
                    "unused-parameter",
                    p.line,
                    p.column,
                    format!("parameter `{}` is not a variable of `{}` and the resource has no action to send it", p.name, r.uri_template),
                ));
            }
            let literal = r.uri.segments.iter().any(|s| match s {
                UriSegment::Literal(l) => {
                    !p.name.is_empty() && l.split('/').any(|seg| seg == p.name)
                }
                UriSegment::Variable(_) | UriSegment::Expression(_) => false,
            });
            if literal && p.location != Location::Path {
                diagnostics.push(Diagnostic::warning(
                    "literal-uri-segment",
                    p.line,
                    p.column,
                    format!(
                        "parameter `{0}` is not a variable of `{1}`, which has a literal `{0}` segment; `{{{0}}}` may have been meant (read as {2})",
                        p.name,
                        r.uri_template,
                        match p.location {
                            Location::Path => "path",
                            Location::Query => "query",
                            Location::Form => "form",
                        }
                    ),
                ));
            }
        }
    }
}

/// The template with every variable name replaced by `{}`.
fn shape(uri: &UriTemplate) -> String {
    uri.segments
        .iter()
        .map(|s| match s {
            UriSegment::Literal(l) => l.as_str(),
            UriSegment::Variable(_) | UriSegment::Expression(_) => "{}",
        })
        .collect()
}

fn check_duplicates(bp: &Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    let mut exact: FastMap<&str, (&str, u32)> = FastMap::default();
    let mut shapes: FastMap<String, (&str, &str, u32)> = FastMap::default();
    let mut actions: FastMap<(String, String), (&str, u32)> = FastMap::default();
    for r in bp.groups.iter().flat_map(|g| &g.resources) {
        let sh = shape(&r.uri);
        if let Some((name, line)) = exact.get(r.uri_template.as_str()) {
            diagnostics.push(Diagnostic::warning(
                "duplicate-uri-template",
                r.line,
                r.column,
                format!(
                    "URI template `{}` is also the template of resource `{name}` (line {line})",
                    r.uri_template
                ),
            ));
        } else if let Some((name, uri, line)) = shapes.get(&sh) {
            diagnostics.push(Diagnostic::warning(
                "equivalent-uri-template",
                r.line,
                r.column,
                format!(
                    "URI template `{}` matches the same paths as `{uri}` of resource `{name}` (line {line}) with other variable names",
                    r.uri_template
                ),
            ));
        }
        exact.entry(&r.uri_template).or_insert((&r.name, r.line));
        shapes
            .entry(sh)
            .or_insert((&r.name, &r.uri_template, r.line));
        for a in &r.actions {
            let key = (a.method.clone(), shape(&a.uri));
            if let Some((name, line)) = actions.get(&key) {
                diagnostics.push(Diagnostic::warning(
                    "duplicate-action",
                    a.line,
                    a.column,
                    format!("`{} {}` is also action `{name}` (line {line}); a client cannot tell them apart", a.method, a.uri_template),
                ));
            } else {
                actions.insert(key, (&a.name, a.line));
            }
        }
    }
}

/// The name of an Express-style placeholder segment (`:id` → `id`): in API
/// Blueprint it is literal text, not a variable.
pub fn colon_placeholder(segment: &str) -> Option<&str> {
    let name = segment.strip_prefix(':')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(name)
}

/// Says once per template that its `:name` segments are sent as written: a
/// spec written for Express-style routers (`/users/:id`) means a variable,
/// but a client cannot guess which.
fn check_colon_segments(bp: &Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    for r in bp.groups.iter().flat_map(|g| &g.resources) {
        let own = r
            .actions
            .iter()
            .filter(|a| !a.uri_template.is_empty() && a.uri_template != r.uri_template)
            .map(|a| (&a.uri, &a.uri_template, a.line, a.column));
        for (uri, template, line, column) in
            std::iter::once((&r.uri, &r.uri_template, r.line, r.column)).chain(own)
        {
            let placeholders: Vec<&str> = uri
                .segments
                .iter()
                .filter_map(|s| match s {
                    UriSegment::Literal(l) => Some(l.split('/').filter_map(colon_placeholder)),
                    UriSegment::Variable(_) | UriSegment::Expression(_) => None,
                })
                .flatten()
                .collect();
            if let Some(first) = placeholders.first() {
                let names: Vec<String> = placeholders.iter().map(|n| format!("`:{n}`")).collect();
                diagnostics.push(Diagnostic::warning(
                    "colon-uri-segment",
                    line,
                    column,
                    format!(
                        "{} in `{template}` {} literal text in API Blueprint, sent as written; a path variable is written `{{{first}}}`",
                        names.join(", "),
                        if names.len() == 1 { "is" } else { "are" },
                    ),
                ));
            }
        }
    }
}

/// Removes leading and trailing blank lines (and trailing spaces) from descriptions.
fn tidy(s: &mut String) {
    let trimmed = s.trim_end();
    let start = trimmed.len() - trimmed.trim_start_matches(['\n', ' ', '\t', '\r']).len();
    // Keep the indentation of the first non-blank line.
    let line_start = trimmed
        .get(..start)
        .and_then(|p| p.rfind('\n'))
        .map_or(0, |n| n + 1);
    // In place: no new allocation per description.
    let end = trimmed.len();
    s.truncate(end);
    s.drain(..line_start.min(end));
}

fn tidy_descriptions(bp: &mut Blueprint) {
    tidy(&mut bp.description);
    for g in &mut bp.groups {
        tidy(&mut g.description);
        for r in &mut g.resources {
            tidy(&mut r.description);
            for a in &mut r.actions {
                tidy(&mut a.description);
            }
        }
    }
}
