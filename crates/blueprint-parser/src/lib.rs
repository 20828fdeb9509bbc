//! A tolerant parser for API Blueprint 1A documents.
//!
//! [`parse`] turns any input into a [`Blueprint`] IR plus diagnostics; it never panics.
//! A blueprint split across files (`<!-- include(path) -->`, as aglio and
//! hercule assemble it) is read with [`Document::read`], then
//! [`Document::parse`]; its diagnostics render at their own file and line
//! with [`Document::renderer`].
//!
//! The syntax of single lines (headings, section keywords, parameter
//! signatures in both the pre-2015 and the 2015+ form, URI templates, header
//! lines, model references, MSON members and named type headings) lives in a
//! pest grammar (`src/blueprint.pest`). A small Rust layer expands leading
//! tabs to 4-column stops (keeping the original line and column for
//! diagnostics), tracks indentation, fenced code and HTML blocks, assembles
//! the tree, reads MSON once every named type is known (see [`ir`] for what
//! is resolved), and resolves model references and parameter locations.
//!
//! Where drafter (the official parser) reads a construct, it is read the same
//! way, with a warning wherever drafter warns: headings without a space after
//! the hashes, actions at any heading level within their resource (but each
//! endpoint heading `## Name [METHOD /uri]` after another is a resource of
//! its own), bodies
//! right after the payload line, fenced bodies, `+ Request ()`, `+ Response`
//! without a status, URIs with characters drafter warns about, section
//! keywords in lower case or the singular. Where drafter is wrong (`_` in
//! names read as emphasis, parameter attributes without commas, tabs), the
//! text is read as written.
//!
//! # Diagnostic codes
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `non-utf8-input` | error | the input is not UTF-8; it was read with replacement characters |
//! | `unresolved-model-reference` | error | `[Name][]` names no resource model |
//! | `tab-character` | warning | tabs in the source: one warning per contiguous run of lines containing tabs |
//! | `invalid-json-body` | warning | a body is not valid JSON as written; located where parsing breaks |
//! | `repaired-json-body` | warning | such a body was repaired unambiguously (see [`RepairedJson`]) |
//! | `empty-body` | warning | a `+ Body` section without content |
//! | `body-indentation` | warning | a body not indented 8 columns deeper than its `+ Body` (or payload) line, or right after the payload line without a blank line |
//! | `irregular-parameter-signature` | warning | missing comma, unexpected attribute, or an unreadable signature |
//! | `unknown-parameter-type` | warning | a type other than string, number, integer, boolean, object, array, enum, file, date, datetime |
//! | `unused-parameter` | warning | a parameter that is neither a URI variable nor sendable as query/form |
//! | `undeclared-uri-variable` | warning | a URI template variable without a parameter |
//! | `literal-uri-segment` | warning | a non-path parameter whose name is a literal segment of the URI (missing braces?) |
//! | `colon-uri-segment` | warning | an Express-style `:name` segment (`/users/:id`): literal text, sent as written; `{name}` may have been meant |
//! | `duplicate-uri-template` | warning | two resources with the same URI template |
//! | `equivalent-uri-template` | warning | two URI templates that differ only in variable names |
//! | `duplicate-action` | warning | two actions with the same method and (equivalent) URI |
//! | `duplicate-model` | warning | a second `+ Model` in one resource |
//! | `duplicate-model-name` | warning | two resources with models under the same name |
//! | `invalid-uri-template` | warning | a URI that is not RFC 6570 simple expansions (`{a}`, `{a,b}`) plus `{?a,b}` (kept, `{…}` read as variables: the message shows the reading), or holds a character drafter wants percent-encoded (`[`, `|`, …) |
//! | `empty-uri-expression` | warning / error | an empty `{}`: right after `name=` in a URI's query it is read as the variable `name` (the value of that query parameter, a warning); anywhere else no argument can fill it (an error) |
//! | `optional-path-variable` | warning | a `{a,b}` path expression with an optional variable: expanded into the path (values joined with `,`, unset ones left out), where `{?a,b}` may have been meant |
//! | `inherited-parameter-dropped` | warning | a resource's parameter that is a variable of its URI template but not of the action's own URI: the action does not take it (drafter: not in the URI template) |
//! | `relative-uri` | warning | an action heading whose URI has no leading `/` (`[GET {name}]`): like drafter, not an action, kept in the description |
//! | `action-after-endpoint` | warning | an action without a URI after an endpoint heading (`## Name [METHOD /uri]`, a resource of one action): kept as another action of it, where drafter ignores it |
//! | `invalid-header-line` | warning | a `+ Headers` line that is not `Name: value` |
//! | `misplaced-section` | warning | `+ Response`/`+ Request` outside an action, `+ Model` inside one, `+ Parameters` in a response, a type section heading outside a named type |
//! | `missing-status` | warning | `+ Response` without a status code; read as 200 like drafter |
//! | `missing-heading-space` | warning | a section heading without a space after its hashes (`###Get [GET]`); read as a heading like drafter |
//! | `empty-heading` | warning | a lone `#`; kept in the description, the section goes on |
//! | `not-a-blueprint` | warning | no `FORMAT` line, group, resource or data structure: the whole text is the API description |
//! | `duplicate-attributes` | warning | a second `+ Attributes` in one resource, action or payload (ignored) |
//! | `unknown-mson-type` | error | an MSON type (of a named type, an attributes section, a member or an `Include`) that is neither a base type nor a named type |
//! | `circular-mson-type` | error | a named type that inherits or includes itself |
//! | `unknown-nested-type` | warning | a name in `array[…]`/`enum[…]` that is no type |
//! | `duplicate-data-structure` | warning | a named type defined twice (data structures and named resources); references use the first |
//! | `irregular-type-attribute` | warning | an unrecognised or conflicting type attribute, `sample`/`default` without a value |
//! | `irregular-mson-member` | warning | an MSON member where it cannot be (members of a primitive, `One Of` outside an object, a mixin of another kind, a value on an object, a property without a name, an unreadable line, nesting or copying beyond the bounds) |
//! | `invalid-mson-value` | warning | a `number` or `boolean` literal drafter rejects (rendered as `0`/`false` like drafter) |
//! | `unsupported-mson-construct` | warning | generic types (`*T*`) and typed variable property names, not read |
//! | `generated-body-too-large` | warning | a generated body would hold more than 100 000 values; not generated |
//! | `missing-include` | error | an `<!-- include(path) -->` whose file cannot be read (see [`Document`]); the directive stays an HTML comment |
//! | `circular-include` | error | a file that includes itself, through any chain of includes |
//! | `include-outside-folder` | error | an include path that leaves the root file's folder (or is absolute) |
//! | `include-too-large` | error | including a file would make the assembled document larger than 64 MiB |

// pest's derive without its `std` feature (see the workspace manifest) names
// `crate::alloc` in the generated code.
extern crate alloc;

pub mod diagnostic;
pub mod document;
mod grammar;
pub mod ir;
mod json_repair;
mod mson;
mod parser;
mod resolve;
mod source;

use std::num::NonZeroUsize;

pub use diagnostic::{Diagnostic, Severity, SourceLines};
pub use document::{Document, Renderer, SourceFile, SourceSpan};
pub use ir::*;
pub use resolve::colon_placeholder;

/// Upper bound on pest rule calls for one line, so backtracking can never hang.
const CALL_LIMIT: usize = 2_000_000;

/// Parses any bytes. Non-UTF-8 input yields a `non-utf8-input` error
/// diagnostic and is parsed with invalid sequences replaced by U+FFFD.
pub fn parse(source: &[u8]) -> Blueprint {
    match std::str::from_utf8(source) {
        Ok(text) => parse_str(text),
        Err(err) => {
            let valid = source.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let text = String::from_utf8_lossy(source);
            let mut bp = parse_str(&text);
            bp.diagnostics.push(Diagnostic::error(
                "non-utf8-input",
                source::to_u32(line),
                source::to_u32(column),
                "the input is not valid UTF-8; invalid bytes were replaced by U+FFFD",
            ));
            sort(&mut bp.diagnostics);
            bp
        }
    }
}

/// Parses a blueprint held in a string.
pub fn parse_str(source: &str) -> Blueprint {
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let mut diagnostics = Vec::new();
    let lines = source::split_lines(source, &mut diagnostics);
    let (mut bp, pending) = parser::build(&lines, &mut diagnostics);
    mson::resolve(&mut bp, &pending, &mut diagnostics);
    resolve::resolve(&mut bp, &mut diagnostics);
    mson::generate_bodies(&mut bp, &mut diagnostics);
    sort(&mut diagnostics);
    bp.diagnostics = diagnostics;
    bp
}

pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.line, d.column));
}

/// Parses a URI template (RFC 6570 simple expansions `{a}` and `{a,b}` plus
/// `{?a,b}` query expressions) as the parser reads the templates of
/// headings; `None` if it is not one.
pub fn parse_uri_template(template: &str) -> Option<UriTemplate> {
    grammar::uri_template(template)
}

impl Action {
    /// Replaces the action's URI template (a correction made outside the
    /// spec) and locates each parameter again against it: a variable of the
    /// new template travels in the path, the others where the method sends
    /// parameters. Fails, changing nothing, if `template` is not a URI template.
    pub fn set_uri_template(&mut self, template: &str) -> Result<(), InvalidUriTemplate> {
        let uri = grammar::uri_template(template).ok_or_else(|| InvalidUriTemplate {
            template: template.to_owned(),
        })?;
        for p in &mut self.parameters {
            p.location = resolve::location(&p.name, &self.method, &uri).unwrap_or(Location::Query);
        }
        self.uri_template = template.to_owned();
        self.uri = uri;
        Ok(())
    }
}

/// A text that is not a URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUriTemplate {
    /// The text.
    pub template: String,
}

impl std::fmt::Display for InvalidUriTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a URI template", self.template)
    }
}

impl std::error::Error for InvalidUriTemplate {}

impl Blueprint {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// All actions with their resource, in document order.
    pub fn actions(&self) -> impl Iterator<Item = (&Resource, &Action)> {
        self.groups
            .iter()
            .flat_map(|g| &g.resources)
            .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
    }

    /// All resources in document order.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.groups.iter().flat_map(|g| &g.resources)
    }

    /// The `# Data Structures` named type called `name` (the first, if several are).
    pub fn data_structure(&self, name: &str) -> Option<&DataStructure> {
        self.data_structures.iter().find(|d| d.name == name)
    }

    /// The named type `name` as MSON references resolve it: a data structure,
    /// else the attributes of the resource of that name.
    pub fn named_type(&self, name: &str) -> Option<&MsonValue> {
        mson::named_types(self).get(name).copied()
    }

    /// Every payload with where it is: resource models, then each action's
    /// requests and responses, in document order.
    pub fn payloads(&self) -> impl Iterator<Item = (&Resource, Option<&Action>, &Payload)> {
        self.resources().flat_map(|r| {
            let model = r.model.iter().map(move |m| (r, None, m));
            let actions = r.actions.iter().flat_map(move |a| {
                a.requests
                    .iter()
                    .chain(&a.responses)
                    .map(move |p| (r, Some(a), p))
            });
            model.chain(actions)
        })
    }
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
