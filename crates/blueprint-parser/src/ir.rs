//! The intermediate representation produced by the parser.
//!
//! Every node carries the 1-based `line` and `column` where it starts in the
//! original (un-normalised) source. The serialized JSON form of these types is
//! the contract printed by `cargo xtask ir`; keys may be added, never renamed.

use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// A whole parsed blueprint: metadata, groups and every diagnostic found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blueprint {
    /// The `KEY: value` lines at the top of the document.
    pub metadata: Metadata,
    /// Markdown before the first group or resource (the API description).
    pub description: String,
    /// Resource groups in document order.
    pub groups: Vec<Group>,
    /// Errors and warnings, sorted by line then column.
    pub diagnostics: Vec<Diagnostic>,
}

/// The metadata section (`FORMAT: 1A`, `HOST: …`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// The `FORMAT` value, e.g. `1A`.
    #[serde(rename = "FORMAT")]
    pub format: Option<String>,
    /// The `HOST` value, the API's base URL.
    #[serde(rename = "HOST")]
    pub host: Option<String>,
}

/// A `# Group Name` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group name (text after `# Group `).
    pub name: String,
    /// 1-based line of the group header.
    pub line: u32,
    /// 1-based column of the group header.
    pub column: u32,
    /// Markdown between the header and the first resource.
    pub description: String,
    /// Resources of this group in document order.
    pub resources: Vec<Resource>,
}

/// A `## Name [URI]` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// The resource name.
    pub name: String,
    /// The URI template exactly as written between the brackets.
    pub uri_template: String,
    /// The parsed URI template.
    pub uri: UriTemplate,
    /// 1-based line of the resource header.
    pub line: u32,
    /// 1-based column of the resource header.
    pub column: u32,
    /// The OAuth scope named by a `Scope: _word_` list item in the description.
    pub scope: Option<String>,
    /// Markdown description (everything that is not a recognised section).
    pub description: String,
    /// Parameters declared on the resource, with their location resolved
    /// against the URI template (query/form decided per action).
    pub parameters: Vec<Parameter>,
    /// The `+ Model` payload, if any.
    pub model: Option<Payload>,
    /// Actions of the resource (possibly none).
    pub actions: Vec<Action>,
}

/// A parsed URI template: RFC 6570 level 1 plus `{?a,b}` query expressions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UriTemplate {
    /// Literal and variable parts of the path, in order.
    pub segments: Vec<UriSegment>,
    /// Variables named by `{?a,b}` query expressions.
    pub query: Vec<String>,
}

/// One piece of a URI template path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum UriSegment {
    /// Literal text, copied as is.
    Literal(String),
    /// A `{name}` simple-string expansion.
    Variable(String),
}

/// A `### Name [METHOD]` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// The action name.
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The effective URI template: the action's own (`[GET /uri]`) or its resource's.
    pub uri_template: String,
    /// 1-based line of the action header.
    pub line: u32,
    /// 1-based column of the action header.
    pub column: u32,
    /// Markdown description.
    pub description: String,
    /// Resolved parameters: the resource's plus the action's own, each with a location.
    pub parameters: Vec<Parameter>,
    /// `+ Request` payloads.
    pub requests: Vec<Payload>,
    /// `+ Response` payloads, with model references resolved.
    pub responses: Vec<Payload>,
}

/// Where a parameter travels in the HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A variable of the URI template path.
    Path,
    /// A query-string parameter (GET, HEAD, DELETE, or `{?…}` variables).
    Query,
    /// A form field in the request body (POST, PUT, PATCH).
    Form,
}

/// One `+ name (…) ... description` parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// The parameter name as written.
    pub name: String,
    /// Whether it is `required` (the 1A default is required).
    pub required: bool,
    /// The declared type as written (`string`, `integer`, `boolean`, …).
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    /// The example value exactly as written between backticks.
    pub example: Option<String>,
    /// The `= default` value, if any.
    pub default: Option<String>,
    /// The description after `...` or `-`.
    pub description: String,
    /// Allowed values from `+ Values`/`+ Members`.
    pub values: Vec<String>,
    /// Where the parameter goes; on resource-level parameters this is
    /// resolved for the resource's first action (or `path`/`query` without one).
    pub location: Location,
    /// 1-based line of the parameter item.
    pub line: u32,
    /// 1-based column of the parameter item.
    pub column: u32,
}

/// A request, response or model payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payload {
    /// The HTTP status of a response; `None` for requests and models.
    pub status: Option<u16>,
    /// The media type in parentheses, e.g. `application/json`.
    pub media_type: Option<String>,
    /// `+ Headers` lines.
    pub headers: Vec<Header>,
    /// The raw body text, or `None` without a `+ Body` or with an empty one.
    ///
    /// The common indentation is removed (measured after expanding leading
    /// tabs to 4-column stops, so leading tabs become spaces); leading and
    /// trailing blank lines are dropped; everything else is as written.
    pub body: Option<String>,
    /// Whether `body` is valid JSON as written; `None` when there is no body.
    pub body_is_json: Option<bool>,
    /// The `+ Schema` text (de-indented), if any.
    pub schema: Option<String>,
    /// The parsed JSON value when the body is valid JSON as written; shared
    /// (not copied) by every payload that references the same model.
    pub json: Option<Arc<serde_json::Value>>,
    /// The repaired JSON value when the body was invalid but repairable.
    pub repaired: Option<RepairedJson>,
    /// The model this payload was resolved from (`[Name][]`), if any.
    pub model_reference: Option<String>,
    /// 1-based line of the first line of the body, if any.
    pub body_line: Option<u32>,
    /// 1-based line of the section header.
    pub line: u32,
    /// 1-based column of the section header.
    pub column: u32,
}

impl Payload {
    /// The JSON value of the body: as written if valid, else the repaired value.
    pub fn json_value(&self) -> Option<&serde_json::Value> {
        self.json
            .as_deref()
            .or_else(|| self.repaired.as_ref().map(|r| &r.value))
    }
}

/// A body that was not valid JSON as written but could be repaired unambiguously.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepairedJson {
    /// What was repaired, in words (e.g. "removed an unmatched `}` at the end").
    pub repair: String,
    /// The value after repair.
    pub value: serde_json::Value,
}

/// A `Name: value` header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Header name as written.
    pub name: String,
    /// Header value as written.
    pub value: String,
}
