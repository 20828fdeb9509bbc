//! Tree assembly: walks the normalised lines, classifies each with the pest
//! grammar, tracks indentation, fenced code and HTML blocks, and builds the IR.

use crate::diagnostic::Diagnostic;
use crate::grammar::{self, HeadingKind, Item, Memo, MsonHeading};
use crate::ir::{
    Action, Blueprint, Group, Header, Location, Metadata, Parameter, Payload, RepairedJson,
    Resource, UriTemplate,
};
use crate::json_repair::{self, JsonCheck};
use crate::mson::{MsonTarget, PendingMson};
use crate::source::{to_u32, Line};

/// Which payload a section item opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayloadKind {
    Request,
    Response,
    Model,
}

/// Where description text currently goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Top,
    Group,
    Resource,
    Action,
    /// After `# Data Structures`: headings declare named types.
    DataStructures,
}

struct Builder<'a, 'd> {
    blueprint: Blueprint,
    context: Context,
    resource_level: usize,
    /// Whether the current resource was opened by an endpoint heading
    /// (`## Name [METHOD /uri]`, `## METHOD /uri`): a resource of one action.
    endpoint_resource: bool,
    memo: Memo<'a>,
    /// MSON sections, read once every named type is known.
    mson: Vec<PendingMson<'a>>,
    /// The targets of the attributes sections queued so far.
    attribute_targets: rustc_hash::FxHashSet<MsonTarget>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// Builds the (unresolved) IR from the lines, with the MSON sections still to read.
pub(crate) fn build<'a>(
    lines: &[Line<'a>],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Blueprint, Vec<PendingMson<'a>>) {
    let mut b = Builder {
        blueprint: Blueprint {
            metadata: Metadata::default(),
            description: String::new(),
            groups: Vec::new(),
            data_structures: Vec::new(),
            diagnostics: Vec::new(),
            sources: Vec::new(),
        },
        context: Context::Top,
        resource_level: 2,
        endpoint_resource: false,
        memo: Memo::default(),
        mson: Vec::new(),
        attribute_targets: rustc_hash::FxHashSet::default(),
        diagnostics,
    };
    let mut i = b.metadata(lines);
    while let Some(line) = lines.get(i) {
        i = b.line(lines, i, line);
    }
    let bp = &b.blueprint;
    let has_structures = b
        .mson
        .iter()
        .any(|m| matches!(m.target, MsonTarget::DataStructure));
    if bp.metadata.format.is_none() && bp.groups.is_empty() && !has_structures {
        b.diagnostics.push(Diagnostic::warning(
            "not-a-blueprint",
            1,
            1,
            "this does not look like an API Blueprint: no `FORMAT: 1A` line, no group, resource or data structure; the whole text is the API description",
        ));
    }
    (b.blueprint, b.mson)
}

impl<'a> Builder<'a, '_> {
    fn metadata(&mut self, lines: &[Line<'_>]) -> usize {
        let mut i = 0;
        while let Some(line) = lines.get(i) {
            if line.indent > 0 || line.content.starts_with('#') {
                break;
            }
            let Some((key, value)) = grammar::metadata(line.content) else {
                break;
            };
            match key {
                "FORMAT" => self.blueprint.metadata.format = Some(value.to_owned()),
                "HOST" => self.blueprint.metadata.host = Some(value.to_owned()),
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// Handles the line at `i`; returns the index of the next unhandled line.
    fn line(&mut self, lines: &[Line<'a>], i: usize, line: &Line<'a>) -> usize {
        if line.is_blank() {
            self.describe("");
            return i + 1;
        }
        if line.indent < 4 {
            if let Some(end) = fence_end(lines, i) {
                for l in lines.get(i..end).unwrap_or_default() {
                    self.describe(l.text);
                }
                return end;
            }
            if let Some(end) = html_end(lines, i) {
                for l in lines.get(i..end).unwrap_or_default() {
                    self.describe(l.text);
                }
                return end;
            }
            if line.content.starts_with('#') {
                if let Some(h) = grammar::heading(line.content) {
                    // drafter's group names have no parentheses: `## Group (object)`
                    // in `# Data Structures` is a named type called `Group`.
                    let named_type = match h.kind {
                        HeadingKind::Plain => true,
                        HeadingKind::Group(name) => name.contains('('),
                        _ => false,
                    };
                    if self.context == Context::DataStructures && named_type {
                        return self.named_type(lines, i, line, &h);
                    }
                    self.heading(line, h);
                    return i + 1;
                }
            }
            if matches!(self.context, Context::Resource | Context::Action) {
                if let Some(item) = self.memo.item(line.content) {
                    let end = extent_end(lines, i);
                    let children = lines.get(i + 1..end).unwrap_or_default();
                    if let Item::Attributes { definition } = item {
                        self.attributes(line, definition, children);
                        return end;
                    }
                    let payload = match item {
                        Item::Response { .. } => Some(PayloadKind::Response),
                        Item::Request { .. } => Some(PayloadKind::Request),
                        Item::Model { .. } => Some(PayloadKind::Model),
                        _ => None,
                    };
                    if self.section(line, item, children) {
                        return match payload {
                            Some(kind) => self.dangling_fence(lines, line, end, kind),
                            None => end,
                        };
                    }
                }
            }
        }
        self.describe(line.text);
        i + 1
    }

    /// A fenced code block right after a payload that has no body (blank
    /// lines aside), not indented under its item: drafter reads it as the
    /// body (a "dangling" asset), and so does this parser, with a
    /// `body-indentation` warning. Returns the index after what was read.
    fn dangling_fence(
        &mut self,
        lines: &[Line<'a>],
        marker: &Line<'a>,
        end: usize,
        kind: PayloadKind,
    ) -> usize {
        let rest = lines.get(end..).unwrap_or_default();
        let Some(skip) = rest.iter().position(|l| !l.is_blank()) else {
            return end;
        };
        let start = end + skip;
        let Some(open) = lines.get(start).filter(|l| l.indent <= marker.indent) else {
            return end;
        };
        if !(open.content.starts_with("```") || open.content.starts_with("~~~")) {
            return end;
        }
        let Some(fence_end) = fence_end(lines, start) else {
            return end;
        };
        let diagnostics = &mut *self.diagnostics;
        let payload = match kind {
            PayloadKind::Response => self
                .blueprint
                .groups
                .last_mut()
                .and_then(|g| g.resources.last_mut())
                .and_then(|r| r.actions.last_mut())
                .and_then(|a| a.responses.last_mut()),
            PayloadKind::Request => self
                .blueprint
                .groups
                .last_mut()
                .and_then(|g| g.resources.last_mut())
                .and_then(|r| r.actions.last_mut())
                .and_then(|a| a.requests.last_mut()),
            PayloadKind::Model => self
                .blueprint
                .groups
                .last_mut()
                .and_then(|g| g.resources.last_mut())
                .and_then(|r| r.model.as_mut())
                .filter(|m| m.line == marker.number),
        };
        let Some(payload) = payload
            .filter(|p| p.line == marker.number && p.body.is_none() && p.model_reference.is_none())
        else {
            return end;
        };
        let block = lines.get(start..fence_end).unwrap_or_default();
        diagnostics.push(Diagnostic::warning(
            "body-indentation",
            open.number,
            open.content_column(),
            format!(
                "a fenced code block after `{}` but not indented under it; read as its body, like drafter",
                marker.content
            ),
        ));
        body(payload, marker, block, false, diagnostics);
        fence_end
    }

    /// Appends a line to the current node's description.
    fn describe(&mut self, text: &str) {
        let target = match self.context {
            // Text directly under `# Data Structures` (no named type yet) is
            // part of the API description rather than lost.
            Context::Top | Context::DataStructures => Some(&mut self.blueprint.description),
            Context::Group => self.blueprint.groups.last_mut().map(|g| &mut g.description),
            Context::Resource => self.current_resource().map(|r| &mut r.description),
            Context::Action => self.current_action().map(|a| &mut a.description),
        };
        if let Some(d) = target {
            d.push_str(text);
            d.push('\n');
        }
    }

    fn current_resource(&mut self) -> Option<&mut Resource> {
        self.blueprint.groups.last_mut()?.resources.last_mut()
    }

    fn current_action(&mut self) -> Option<&mut Action> {
        self.current_resource()?.actions.last_mut()
    }

    fn ensure_group(&mut self, line: &Line<'_>) {
        if self.blueprint.groups.is_empty() {
            self.blueprint.groups.push(Group {
                name: String::new(),
                line: line.number,
                column: line.content_column(),
                description: String::new(),
                resources: Vec::new(),
            });
        }
    }

    fn heading(&mut self, line: &Line<'_>, h: grammar::Heading<'_>) {
        if h.missing_space && !matches!(h.kind, HeadingKind::Plain | HeadingKind::Empty) {
            self.diagnostics.push(
                Diagnostic::warning(
                    "missing-heading-space",
                    line.number,
                    line.column_at(h.level),
                    format!(
                        "no space after `{}`; read as a heading like drafter does, though most Markdown readers show this line as text",
                        "#".repeat(h.level)
                    ),
                )
                .with_length(1),
            );
        }
        match h.kind {
            HeadingKind::Group(name) => {
                self.blueprint.groups.push(Group {
                    name: name.to_owned(),
                    line: line.number,
                    column: line.content_column(),
                    description: String::new(),
                    resources: Vec::new(),
                });
                self.context = Context::Group;
            }
            HeadingKind::DataStructures => self.context = Context::DataStructures,
            HeadingKind::Empty => {
                self.diagnostics.push(Diagnostic::warning(
                    "empty-heading",
                    line.number,
                    line.content_column(),
                    "a heading without text; kept in the description, and the current section goes on",
                ));
                self.describe(line.text);
            }
            HeadingKind::Endpoint {
                name,
                method: None,
                uri: Some((uri, offset)),
            } => {
                self.start_resource(line, h.level, name.unwrap_or(""), uri, offset);
            }
            HeadingKind::Endpoint {
                name,
                method: Some(method),
                uri: Some((uri_text, offset)),
            } if !uri_text.starts_with('/') => {
                // drafter: "URI path … is not absolute"; the heading is no action.
                self.diagnostics.push(
                    Diagnostic::warning(
                        "relative-uri",
                        line.number,
                        line.column_at(offset),
                        format!(
                            "the URI `{uri_text}` of `{} {method}` has no leading `/`; like drafter, this heading is not an action and is kept in the description",
                            name.unwrap_or("")
                        ),
                    )
                    .with_length(to_u32(uri_text.chars().count())),
                );
                self.describe(line.text);
            }
            HeadingKind::Endpoint {
                name,
                method: Some(method),
                uri,
            } => {
                // Like drafter, `Name [METHOD]` and `Name [METHOD /uri]` are
                // actions of the current resource whatever their level, and a
                // bare `METHOD /uri` nests only when deeper than the
                // resource; but a resource opened by an endpoint heading has
                // that one action: the next endpoint heading is a resource
                // of its own.
                let in_resource = matches!(self.context, Context::Resource | Context::Action);
                let nested = in_resource
                    && (uri.is_none()
                        || (!self.endpoint_resource
                            && (name.is_some() || h.level > self.resource_level)));
                if nested {
                    if uri.is_none() && self.endpoint_resource {
                        self.diagnostics.push(Diagnostic::warning(
                            "action-after-endpoint",
                            line.number,
                            line.content_column(),
                            "an action without a URI after an endpoint heading (`Name [METHOD /uri]`); read as another action of that endpoint's resource, where drafter ignores it",
                        ));
                    }
                    self.start_action(line, name.unwrap_or(""), method, uri);
                } else if let Some((uri_text, offset)) = uri {
                    // `# GET /uri` outside a resource: a resource with one action.
                    self.start_resource(line, h.level, name.unwrap_or(""), uri_text, offset);
                    self.endpoint_resource = true;
                    self.start_action(line, name.unwrap_or(""), method, None);
                } else {
                    // An action-shaped heading outside a resource is description.
                    self.describe(line.text);
                }
            }
            HeadingKind::Endpoint { .. } | HeadingKind::Plain => {
                if matches!(self.context, Context::Resource | Context::Action)
                    && h.level < self.resource_level
                {
                    self.context = Context::Group;
                }
                self.describe(line.text);
            }
        }
    }

    /// A named type heading in `# Data Structures` at `i`: records its lines
    /// (up to the next named type or section) for the MSON reader.
    fn named_type(
        &mut self,
        lines: &[Line<'a>],
        i: usize,
        line: &Line<'a>,
        h: &grammar::Heading<'a>,
    ) -> usize {
        let Some(MsonHeading::NamedType {
            name,
            definition,
            description,
        }) = grammar::mson_heading(h.text)
        else {
            self.diagnostics.push(Diagnostic::warning(
                "misplaced-section",
                line.number,
                line.content_column(),
                format!("`{}` outside a named type; read as description", h.text),
            ));
            self.describe(line.text);
            return i + 1;
        };
        let mut j = i + 1;
        while let Some(l) = lines.get(j) {
            if l.indent < 4 {
                if let Some(end) = fence_end(lines, j).or_else(|| html_end(lines, j)) {
                    j = end;
                    continue;
                }
                if l.content.starts_with('#') {
                    if let Some(next) = grammar::heading(l.content) {
                        let ends = match next.kind {
                            HeadingKind::Group(name) if name.contains('(') => true,
                            HeadingKind::Plain => matches!(
                                grammar::mson_heading(next.text),
                                Some(MsonHeading::NamedType { .. }) | None
                            ),
                            HeadingKind::Empty => false,
                            _ => true,
                        };
                        if ends {
                            break;
                        }
                    }
                }
            }
            j += 1;
        }
        self.mson.push(PendingMson {
            target: MsonTarget::DataStructure,
            header: *line,
            name: Some(name),
            definition,
            description,
            body: lines.get(i + 1..j).unwrap_or_default().to_vec(),
        });
        j
    }

    /// Records a `+ Attributes` section of the current resource or action.
    fn attributes(
        &mut self,
        line: &Line<'a>,
        definition: Option<Vec<&'a str>>,
        children: &[Line<'a>],
    ) {
        let Some((g, r, a)) = self.position() else {
            return;
        };
        let target = match (self.context, a) {
            (Context::Action, Some(a)) => MsonTarget::Action(g, r, a),
            _ => MsonTarget::Resource(g, r),
        };
        self.push_mson(target, line, definition, children);
    }

    /// Indices of the current group, resource and (if any) action.
    fn position(&self) -> Option<(usize, usize, Option<usize>)> {
        let g = self.blueprint.groups.len().checked_sub(1)?;
        let group = self.blueprint.groups.get(g)?;
        let r = group.resources.len().checked_sub(1)?;
        let a = group
            .resources
            .get(r)
            .and_then(|res| res.actions.len().checked_sub(1));
        Some((g, r, a))
    }

    /// Queues an attributes section for `target`; a second one is ignored with a warning.
    fn push_mson(
        &mut self,
        target: MsonTarget,
        line: &Line<'a>,
        definition: Option<Vec<&'a str>>,
        children: &[Line<'a>],
    ) {
        if !self.attribute_targets.insert(target) {
            self.diagnostics.push(Diagnostic::warning(
                "duplicate-attributes",
                line.number,
                line.content_column(),
                "a second `+ Attributes` section for the same resource, action or payload is ignored",
            ));
            return;
        }
        self.mson.push(PendingMson {
            target,
            header: *line,
            name: None,
            definition,
            description: None,
            body: children.to_vec(),
        });
    }

    fn parse_uri(&mut self, line: &Line<'_>, uri: &str, offset: usize) -> UriTemplate {
        if let Some(template) = grammar::uri_template(uri) {
            // Characters RFC 3986 has no place for in a path, which drafter
            // also rejects in URI template literals (`/test/{id}[2]`).
            let bad = template.segments.iter().find_map(|s| match s {
                crate::ir::UriSegment::Literal(l) => l.char_indices().find(|&(i, c)| {
                    matches!(
                        c,
                        '[' | ']' | '"' | '\'' | '<' | '>' | '\\' | '^' | '`' | '|'
                    ) || c.is_control()
                        || (c == '%'
                            && !l
                                .get(i + 1..i + 3)
                                .is_some_and(|h| h.chars().all(|d| d.is_ascii_hexdigit())))
                }),
                crate::ir::UriSegment::Variable(_) | crate::ir::UriSegment::Expression(_) => None,
            });
            if let Some((_, c)) = bad {
                let at = uri.find(c).unwrap_or(0);
                self.diagnostics.push(
                    Diagnostic::warning(
                        "invalid-uri-template",
                        line.number,
                        line.column_at(offset + at),
                        format!("`{uri}` contains `{c}`, which a URI path cannot hold unencoded (drafter wants it percent-encoded); kept as written"),
                    )
                    .with_length(1),
                );
            }
            return template;
        }
        let (template, empties) = grammar::lenient_uri_template(uri);
        self.diagnostics.push(
            Diagnostic::warning(
                "invalid-uri-template",
                line.number,
                line.column_at(offset),
                format!("`{uri}` is not a URI template of RFC 6570 simple expansions (`{{a}}`, `{{a,b}}`) with optional `{{?a,b}}` query expressions; read as `{template}`"),
            )
            .with_length(to_u32(uri.chars().count())),
        );
        for empty in empties {
            let column = line.column_at(offset + empty.offset);
            self.diagnostics.push(match empty.query_name {
                Some(name) => Diagnostic::warning(
                    "empty-uri-expression",
                    line.number,
                    column,
                    format!("`{{}}` names no variable; read as `{{{name}}}`, the value of the query parameter `{name}` it follows (sent as `{name}=<value>`)"),
                ),
                None => Diagnostic::error(
                    "empty-uri-expression",
                    line.number,
                    column,
                    format!("`{{}}` in `{uri}` names no variable, so no argument can fill it and a client would send the literal text `{{}}`; name it (`{{id}}`)"),
                ),
            }
            .with_length(2));
        }
        template
    }

    fn start_resource(
        &mut self,
        line: &Line<'_>,
        level: usize,
        name: &str,
        uri: &str,
        offset: usize,
    ) {
        self.ensure_group(line);
        let parsed = self.parse_uri(line, uri, offset);
        let resource = Resource {
            name: name.to_owned(),
            uri_template: uri.to_owned(),
            uri: parsed,
            line: line.number,
            column: line.content_column(),
            scope: None,
            description: String::new(),
            parameters: Vec::new(),
            attributes: None,
            model: None,
            actions: Vec::new(),
        };
        if let Some(g) = self.blueprint.groups.last_mut() {
            g.resources.push(resource);
        }
        self.resource_level = level;
        self.endpoint_resource = false;
        self.context = Context::Resource;
    }

    fn start_action(
        &mut self,
        line: &Line<'_>,
        name: &str,
        method: &str,
        uri: Option<(&str, usize)>,
    ) {
        let (uri_template, uri) = match uri {
            Some((u, offset)) => (u.to_owned(), self.parse_uri(line, u, offset)),
            None => self
                .current_resource()
                .map(|r| (r.uri_template.clone(), r.uri.clone()))
                .unwrap_or_else(|| {
                    (
                        String::new(),
                        UriTemplate {
                            segments: Vec::new(),
                            query: Vec::new(),
                        },
                    )
                }),
        };
        let action = Action {
            name: name.to_owned(),
            method: method.to_owned(),
            uri_template,
            uri,
            line: line.number,
            column: line.content_column(),
            description: String::new(),
            parameters: Vec::new(),
            attributes: None,
            requests: Vec::new(),
            responses: Vec::new(),
        };
        if let Some(r) = self.current_resource() {
            r.actions.push(action);
            self.context = Context::Action;
        }
    }

    /// Reads a `+ Model`, `+ Request` or `+ Response` section (see [`payload`])
    /// and queues its attributes section for `target`.
    fn read_payload(
        &mut self,
        line: &Line<'a>,
        status: Option<u16>,
        media_type: Option<&str>,
        children: &[Line<'a>],
        target: Option<MsonTarget>,
    ) -> Payload {
        let request = matches!(target, Some(MsonTarget::Request(..)));
        let (payload, attributes) = payload(
            line,
            status,
            media_type,
            children,
            request,
            &mut self.memo,
            self.diagnostics,
        );
        if let (Some(target), Some((header, definition, body))) = (target, attributes) {
            self.push_mson(target, &header, definition, &body);
        }
        payload
    }

    /// Handles a top-level list item in a resource or action; returns false
    /// when it is description text.
    fn section(&mut self, line: &Line<'a>, item: Item<'_>, children: &[Line<'a>]) -> bool {
        let in_action = self.context == Context::Action;
        let position = self.position();
        match item {
            Item::Parameters => {
                let params = parameters(children, &mut self.memo, self.diagnostics);
                let target = if in_action {
                    self.current_action().map(|a| &mut a.parameters)
                } else {
                    self.current_resource().map(|r| &mut r.parameters)
                };
                if let Some(t) = target {
                    t.extend(params);
                }
                true
            }
            Item::Model { media_type } if !in_action => {
                let has_model = self.current_resource().is_some_and(|r| r.model.is_some());
                let target = match position {
                    Some((g, r, _)) if !has_model => Some(MsonTarget::Model(g, r)),
                    _ => None,
                };
                let model = self.read_payload(line, None, media_type, children, target);
                if let Some(r) = self.current_resource() {
                    if r.model.is_none() {
                        r.model = Some(model);
                        return true;
                    }
                }
                self.diagnostics.push(Diagnostic::warning(
                    "duplicate-model",
                    line.number,
                    line.content_column(),
                    "a second `+ Model` in the same resource is ignored",
                ));
                true
            }
            Item::Response { status, media_type } if in_action => {
                let status = status.unwrap_or_else(|| {
                    self.diagnostics.push(Diagnostic::warning(
                        "missing-status",
                        line.number,
                        line.content_column(),
                        "`+ Response` without an HTTP status code; read as `+ Response 200`, like drafter",
                    ));
                    200
                });
                let target = match position {
                    Some((g, r, Some(a))) => {
                        let n = self.current_action().map_or(0, |a| a.responses.len());
                        Some(MsonTarget::Response(g, r, a, n))
                    }
                    _ => None,
                };
                let p = self.read_payload(line, Some(status), media_type, children, target);
                if let Some(a) = self.current_action() {
                    a.responses.push(p);
                }
                true
            }
            Item::Request { media_type } if in_action => {
                let target = match position {
                    Some((g, r, Some(a))) => {
                        let n = self.current_action().map_or(0, |a| a.requests.len());
                        Some(MsonTarget::Request(g, r, a, n))
                    }
                    _ => None,
                };
                let p = self.read_payload(line, None, media_type, children, target);
                if let Some(a) = self.current_action() {
                    a.requests.push(p);
                }
                true
            }
            Item::Response { .. } | Item::Request { .. } | Item::Model { .. } => {
                let what = if in_action {
                    "an action"
                } else {
                    "a resource (outside an action)"
                };
                self.diagnostics.push(Diagnostic::warning(
                    "misplaced-section",
                    line.number,
                    line.content_column(),
                    format!("this section is not allowed in {what}; it is read as description"),
                ));
                false
            }
            Item::Scope(scope) => {
                if let Some(r) = self.current_resource() {
                    if r.scope.is_none() && !in_action {
                        r.scope = Some(scope.to_owned());
                    }
                }
                false
            }
            _ => false,
        }
    }
}

/// If line `i` opens a fenced code block, the index after its closing fence
/// (or the end of the document if it is never closed).
fn fence_end(lines: &[Line<'_>], i: usize) -> Option<usize> {
    let open = lines.get(i)?;
    let marker = open
        .content
        .chars()
        .next()
        .filter(|c| *c == '`' || *c == '~')?;
    let len = open.content.chars().take_while(|c| *c == marker).count();
    if len < 3 || (marker == '`' && open.content.chars().skip(len).any(|c| c == '`')) {
        return None;
    }
    let mut j = i + 1;
    while let Some(l) = lines.get(j) {
        j += 1;
        let n = l.content.chars().take_while(|c| *c == marker).count();
        if l.indent < 4 && n >= len && l.content.chars().skip(n).all(char::is_whitespace) {
            return Some(j);
        }
    }
    Some(j)
}

/// If line `i` opens an HTML block, the index after it: `<!--` runs to `-->`,
/// other blocks to the next blank line.
fn html_end(lines: &[Line<'_>], i: usize) -> Option<usize> {
    let open = lines.get(i)?;
    let c = open.content;
    let is_tag = c.starts_with('<')
        && c.chars()
            .nth(1)
            .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
    if !is_tag {
        return None;
    }
    let mut j = i;
    if c.starts_with("<!--") {
        while let Some(l) = lines.get(j) {
            j += 1;
            if l.content.contains("-->") {
                break;
            }
        }
        return Some(j);
    }
    while let Some(l) = lines.get(j) {
        if l.is_blank() {
            break;
        }
        j += 1;
    }
    Some(j)
}

/// The index after the last line that belongs to the item at `i`: the lines
/// that continue its first paragraph (Markdown's lazy continuation: text right
/// after the item line, at any indentation), then every following line that is
/// blank or indented deeper than the item.
fn extent_end(lines: &[Line<'_>], i: usize) -> usize {
    let indent = lines.get(i).map_or(0, |l| l.indent);
    let mut j = i + 1 + lazy_lines(lines.get(i + 1..).unwrap_or_default());
    while let Some(l) = lines.get(j) {
        if !l.is_blank() && l.indent <= indent {
            break;
        }
        j += 1;
    }
    j
}

/// How many of `lines` continue the paragraph of the item line just before
/// them: non-blank lines up to the first blank line or the start of another
/// block (a list item, a heading, a fence, an HTML block).
fn lazy_lines(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .take_while(|l| {
            let c = l.content;
            !l.is_blank()
                && !grammar::starts_with_bullet(c)
                && !(l.indent < 4
                    && (c.starts_with('#')
                        || c.starts_with("```")
                        || c.starts_with("~~~")
                        || c.starts_with('<')))
        })
        .count()
}

/// Whether `media_type` is JSON as drafter decides: type `application` and
/// subtype or `+suffix` `json`, ignoring case and parameters.
pub(crate) fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("");
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    let syntax = subtype.rsplit('+').next().unwrap_or(subtype);
    kind.trim().eq_ignore_ascii_case("application") && syntax.trim().eq_ignore_ascii_case("json")
}

/// The text after a list bullet and its byte offset in `content`.
fn after_bullet(content: &str) -> (&str, usize) {
    let rest = content.get(1..).unwrap_or("");
    let text = rest.trim_start();
    (text, content.len() - text.len())
}

/// Reads the parameter list under `+ Parameters`.
fn parameters<'a>(
    children: &[Line<'a>],
    memo: &mut Memo<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    let mut level: Option<usize> = None;
    let mut in_values = None::<usize>;
    for line in children.iter().filter(|l| !l.is_blank()) {
        let bullet = grammar::starts_with_bullet(line.content);
        let is_param = bullet && level.is_none_or(|lv| line.indent < lv + 2);
        if is_param {
            level.get_or_insert(line.indent);
            in_values = None;
            out.push(parameter(line, memo, diagnostics));
            continue;
        }
        let Some(param) = out.last_mut() else {
            continue;
        };
        if bullet {
            if in_values.is_some_and(|v| line.indent > v) {
                if let Some(v) = grammar::value_item(line.content) {
                    param.values.push(v.to_owned());
                }
                continue;
            }
            if let Some(Item::Values) = memo.item(line.content) {
                in_values = Some(line.indent);
                continue;
            }
            if let Some(d) = grammar::default_item(line.content) {
                param.default = Some(d.to_owned());
                continue;
            }
        }
        // Continuation text of the description.
        if !param.description.is_empty() {
            param.description.push('\n');
        }
        param.description.push_str(line.content);
    }
    out
}

/// Reads one parameter item, with irregular-signature diagnostics.
fn parameter<'a>(
    line: &Line<'a>,
    memo: &mut Memo<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Parameter {
    let (text, base) = after_bullet(line.content);
    let column = line.content_column();
    let Some(sig) = memo.parameter(text) else {
        // The name ends where either signature would end it (`id:`, `id=`).
        let name = text
            .trim_start_matches(['(', '`'])
            .split([' ', '\t', '(', '`', ':', '='])
            .next()
            .unwrap_or("");
        diagnostics.push(
            Diagnostic::warning(
                "irregular-parameter-signature",
                line.number,
                line.column_at(base),
                format!("cannot read the signature of parameter `{name}`; expected `name (required, type, `example`) ... description` or `name: `example` (type, required) - description`"),
            )
            .with_length(to_u32(text.chars().count())),
        );
        return Parameter {
            name: name.to_owned(),
            required: true,
            type_name: None,
            example: None,
            default: None,
            description: String::new(),
            values: Vec::new(),
            location: Location::Query,
            line: line.number,
            column,
        };
    };
    for &offset in &sig.missing_commas {
        diagnostics.push(Diagnostic::warning(
            "irregular-parameter-signature",
            line.number,
            line.column_at(base + offset),
            format!("missing comma between the attributes of parameter `{}`; read as if the comma were there", sig.name),
        ));
    }
    for &(offset, word) in &sig.extra_words {
        diagnostics.push(
            Diagnostic::warning(
                "irregular-parameter-signature",
                line.number,
                line.column_at(base + offset),
                format!("unexpected attribute `{word}` in parameter `{}` (it already has a type); ignored", sig.name),
            )
            .with_length(to_u32(word.chars().count())),
        );
    }
    for &(offset, word, keyword) in &sig.misspelled {
        diagnostics.push(
            Diagnostic::warning(
                "irregular-parameter-signature",
                line.number,
                line.column_at(base + offset),
                format!(
                    "`{word}` in parameter `{}` is read as `{keyword}`",
                    sig.name
                ),
            )
            .with_length(to_u32(word.chars().count())),
        );
    }
    if let Some(t) = sig.type_name {
        if !grammar::is_known_parameter_type(t) {
            let offset = text.find(t).unwrap_or(0);
            diagnostics.push(
                Diagnostic::warning(
                    "unknown-parameter-type",
                    line.number,
                    line.column_at(base + offset),
                    format!(
                        "parameter `{}` has unknown type `{t}`; kept as written",
                        sig.name
                    ),
                )
                .with_length(to_u32(t.chars().count())),
            );
        }
    }
    Parameter {
        name: sig.name.to_owned(),
        required: sig.required.unwrap_or(true),
        type_name: sig.type_name.map(str::to_owned),
        example: sig.example.map(str::to_owned),
        default: sig.default.map(str::to_owned),
        description: sig.description.to_owned(),
        values: Vec::new(),
        location: Location::Query,
        line: line.number,
        column,
    }
}

/// An attributes section found in a payload: its line, type definition and lines.
type PayloadAttributes<'a> = (Line<'a>, Option<Vec<&'a str>>, Vec<Line<'a>>);

/// Reads a `+ Model`, `+ Request` or `+ Response` section.
fn payload<'a>(
    line: &Line<'a>,
    status: Option<u16>,
    media_type: Option<&str>,
    children: &[Line<'a>],
    request: bool,
    memo: &mut Memo<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Payload, Option<PayloadAttributes<'a>>) {
    let mut p = Payload {
        status,
        media_type: media_type.map(str::to_owned),
        media_type_is_json: false,
        description: String::new(),
        headers: Vec::new(),
        body: None,
        body_is_json: None,
        schema: None,
        json: None,
        repaired: None,
        model_reference: None,
        parameters: Vec::new(),
        attributes: None,
        generated_body: None,
        generated_json: None,
        body_line: None,
        line: line.number,
        column: line.content_column(),
    };
    let mut attributes = None;
    // Lines continuing the payload line's paragraph: a body without a blank
    // line before it, or the start of the description.
    let lazy = lazy_lines(children);
    let rest = children.get(lazy..).unwrap_or_default();
    let Some(first) = children.iter().find(|l| !l.is_blank()) else {
        return (p, attributes);
    };
    let sub_level = rest
        .iter()
        .find(|l| !l.is_blank())
        .map_or(first.indent, |l| l.indent)
        + 1;
    // Classify the candidate section lines once (never the lazy ones).
    let kinds: Vec<Option<Item<'_>>> = children
        .iter()
        .enumerate()
        .map(|(k, l)| {
            if k >= lazy && l.indent <= sub_level {
                memo.item(l.content).filter(|i| {
                    matches!(
                        i,
                        Item::Headers
                            | Item::Body
                            | Item::Schema
                            | Item::Attributes { .. }
                            | Item::Parameters
                    )
                })
            } else {
                None
            }
        })
        .collect();
    if kinds.iter().all(Option::is_none) {
        if let Some(name) = grammar::model_reference(first.content) {
            p.model_reference = Some(name.to_owned());
            return (p, attributes);
        }
        body(&mut p, line, children, lazy > 0, diagnostics);
        return (p, attributes);
    }
    let mut description: Vec<&str> = Vec::new();
    let mut k = 0;
    while let Some(l) = children.get(k) {
        let kind = kinds.get(k).cloned().flatten();
        let end = extent_end(children, k);
        let inner = children.get(k + 1..end).unwrap_or_default();
        match kind {
            Some(Item::Headers) => headers(&mut p, inner, memo, diagnostics),
            Some(Item::Body) => body(&mut p, l, inner, false, diagnostics),
            Some(Item::Schema) => {
                let (text, _, _) = block_text(inner);
                p.schema = text;
            }
            Some(Item::Parameters) => {
                if !request {
                    diagnostics.push(Diagnostic::warning(
                        "misplaced-section",
                        l.number,
                        l.content_column(),
                        "`+ Parameters` belong to requests; kept on this payload, but drafter ignores them",
                    ));
                }
                p.parameters.extend(parameters(inner, memo, diagnostics));
            }
            Some(Item::Attributes { definition }) => {
                if attributes.is_none() {
                    attributes = Some((*l, definition, inner.to_vec()));
                } else {
                    diagnostics.push(Diagnostic::warning(
                        "duplicate-attributes",
                        l.number,
                        l.content_column(),
                        "a second `+ Attributes` section in the same payload is ignored",
                    ));
                }
            }
            _ => {
                // Not a section: the payload's description.
                description.push(l.content);
                k += 1;
                continue;
            }
        }
        k = end;
    }
    let text = description.join("\n");
    p.description = text.trim_matches('\n').to_owned();
    (p, attributes)
}

fn headers<'a>(
    p: &mut Payload,
    lines: &[Line<'a>],
    memo: &mut Memo<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for l in lines.iter().filter(|l| !l.is_blank()) {
        match memo.header_line(l.content) {
            Some((name, value)) => p.headers.push(Header {
                name: name.to_owned(),
                value: value.to_owned(),
            }),
            None => diagnostics.push(
                Diagnostic::warning(
                    "invalid-header-line",
                    l.number,
                    l.content_column(),
                    "expected a `Name: value` header line",
                )
                .with_length(to_u32(l.content.chars().count())),
            ),
        }
    }
}

/// The de-indented text of a block of lines: (text, first non-blank line, common indentation).
fn block_text<'a, 'b>(lines: &'b [Line<'a>]) -> (Option<String>, Option<&'b Line<'a>>, usize) {
    let start = lines.iter().position(|l| !l.is_blank());
    let end = lines.iter().rposition(|l| !l.is_blank());
    let (Some(start), Some(end)) = (start, end) else {
        return (None, None, 0);
    };
    let block = lines.get(start..=end).unwrap_or_default();
    let strip = block
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    // One allocation for the whole block rather than one per line.
    let size = block.iter().map(|l| l.text.len() + 1).sum();
    let mut text = String::with_capacity(size);
    for (n, l) in block.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        if !l.is_blank() {
            l.push_deindented(strip, &mut text);
        }
    }
    (Some(text), block.first(), strip)
}

/// Reads a body block under `marker` (the `+ Body` line or the payload line);
/// `lazy` when it starts right after the payload line, without a blank line.
fn body(
    p: &mut Payload,
    marker: &Line<'_>,
    lines: &[Line<'_>],
    lazy: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let expected = marker.indent + 8;
    // A fenced block (```json … ```) that is not itself inside an indented
    // code block: its content is the body, without the fences.
    let inner = unfenced(lines, expected);
    let fenced = inner.is_some();
    let lines = inner.unwrap_or(lines);
    let (text, first, strip) = block_text(lines);
    let (Some(text), Some(first)) = (text, first) else {
        diagnostics.push(Diagnostic::warning(
            "empty-body",
            marker.number,
            marker.content_column(),
            "this `+ Body` section is empty",
        ));
        return;
    };
    let start = lines.iter().position(|l| !l.is_blank()).unwrap_or(0);
    let block = lines.get(start..).unwrap_or_default();
    p.body_line = Some(first.number);
    if lazy {
        diagnostics.push(Diagnostic::warning(
            "body-indentation",
            first.number,
            first.content_column(),
            format!(
                "body right after its `{}` line, without a blank line before it; API Blueprint expects a blank line and an indentation of {expected} columns; read anyway, like drafter",
                marker.content
            ),
        ));
    } else if strip != expected && !fenced {
        diagnostics.push(Diagnostic::warning(
            "body-indentation",
            first.number,
            first.content_column(),
            format!(
                "body indented {strip} columns (tabs expanded to 4-column stops); API Blueprint expects {expected}, 8 more than its `{}` line; read anyway",
                marker.content
            ),
        ));
    }
    let media_is_json = p.media_type.as_deref().is_some_and(|m| m.contains("json"));
    if media_is_json || json_repair::looks_like_json(&text) {
        match json_repair::check(&text) {
            JsonCheck::Valid(value) => {
                p.body_is_json = Some(true);
                p.json = Some(std::sync::Arc::new(value));
            }
            JsonCheck::Invalid {
                line,
                column,
                message,
                repair,
            } => {
                p.body_is_json = Some(false);
                let src = block
                    .get(line.saturating_sub(1))
                    .or(block.last())
                    .unwrap_or(first);
                let col = if src.is_blank() {
                    src.content_column()
                } else {
                    src.column_of_deindented(strip, column)
                };
                diagnostics.push(Diagnostic::warning(
                    "invalid-json-body",
                    src.number,
                    col,
                    format!(
                        "body (line {}) is not valid JSON as written: {message}",
                        first.number
                    ),
                ));
                if let Some((what, value)) = repair {
                    diagnostics.push(Diagnostic::warning(
                        "repaired-json-body",
                        first.number,
                        first.content_column(),
                        format!("invalid JSON body repaired unambiguously ({what}); the raw text is kept and the repaired value is used as the example"),
                    ));
                    p.repaired = Some(RepairedJson {
                        repair: what,
                        value,
                    });
                }
            }
        }
    } else {
        p.body_is_json = Some(false);
    }
    p.body = Some(text);
}

/// The lines inside a fence when `lines` (blank lines aside) are one fenced
/// code block whose opening fence is indented less than `code_indent`
/// (deeper, it would be text of an indented code block).
fn unfenced<'a, 'b>(lines: &'b [Line<'a>], code_indent: usize) -> Option<&'b [Line<'a>]> {
    let start = lines.iter().position(|l| !l.is_blank())?;
    let open = lines.get(start)?;
    let marker = open
        .content
        .chars()
        .next()
        .filter(|c| *c == '`' || *c == '~')?;
    let len = open.content.chars().take_while(|c| *c == marker).count();
    if len < 3 || open.indent >= code_indent {
        return None;
    }
    let end = lines.iter().rposition(|l| !l.is_blank())?;
    let close = lines.get(end)?;
    let closing = end > start
        && close.content.chars().take_while(|c| *c == marker).count() >= len
        && close.content.chars().all(|c| c == marker);
    let inner_end = if closing { end } else { lines.len() };
    lines.get(start + 1..inner_end)
}
