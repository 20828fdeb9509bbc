//! The intermediate representation produced by the parser.
//!
//! Every node carries the 1-based `line` and `column` where it starts in the
//! original (un-normalised) source. The serialized JSON form of these types is
//! the contract printed by `cargo xtask ir`; keys may be added, never renamed.
//!
//! # MSON
//!
//! Data described with MSON (the `# Data Structures` section and every
//! `+ Attributes` section) is read into one node type, [`MsonValue`], shared by
//! named types ([`DataStructure`]), attributes sections (the `attributes` of a
//! [`Resource`], an [`Action`] and a [`Payload`]), properties and array or enum
//! items. The parser resolves what refers to what:
//!
//! - [`MsonValue::kind`] is the base kind after following named types
//!   (`+ author (User)` is an `object` when `User` is one);
//!   [`MsonValue::named_type`] keeps the name, so a consumer can map it to a
//!   named type of its own.
//! - When a value only names a type (`+ Attributes (User)`, `+ author (User)`
//!   without members of its own), [`MsonValue::reference`] is true and its
//!   `properties`/`items` are empty: look the type up with
//!   [`Blueprint::named_type`]. Otherwise the members are complete: those of
//!   the named base type first (inheritance), then its own in written order,
//!   with `Include` mixins expanded where they appear and a later property of
//!   the same name replacing the earlier one in place (MSON's member type
//!   precedence). [`Property::from_type`] tells which named type a member came
//!   from.
//! - Type names inside brackets (`array[Tag]`) stay names in
//!   [`MsonValue::nested_types`]; `items` holds only items actually written.
//! - Literals (`: value`), type attributes and descriptions are kept as
//!   written; a `+ Sample`/`+ Default` section is a value of the same kind in
//!   [`MsonValue::samples`]/[`MsonValue::default`].
//!
//! A [`Payload`] without a written body but with attributes (its own, or for a
//! request its action's) gets [`Payload::generated_body`]: the JSON drafter
//! renders from them, when the media type is JSON.

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
    /// The named types of `# Data Structures` sections, in document order
    /// (duplicates included; references resolve to the first).
    pub data_structures: Vec<DataStructure>,
    /// Errors and warnings, sorted by line then column.
    pub diagnostics: Vec<Diagnostic>,
    /// For a document assembled from several files (see
    /// [`crate::Document`]), which lines come from which file: every line
    /// number of the IR is one of the assembled text. Empty for one file
    /// (and then not serialized).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRun>,
}

/// A run of lines of an assembled document that come from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRun {
    /// The file: the root's name as given, an included file's path relative
    /// to the root's folder.
    pub file: String,
    /// The run's first line in the assembled text (1-based).
    pub line: u32,
    /// How many lines it has.
    pub lines: u32,
    /// The run's first line in `file` (1-based).
    pub file_line: u32,
    /// Columns of indentation the include directive added to each line.
    pub indent: u32,
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
    /// The `+ Attributes` section: the resource's data structure, also a named
    /// type under the resource's name when the resource has one.
    pub attributes: Option<MsonValue>,
    /// Actions of the resource (possibly none).
    pub actions: Vec<Action>,
}

/// A parsed URI template: RFC 6570 simple string expansions (`{a}`,
/// `{a,b}`) plus `{?a,b}` query expressions.
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
    /// A `{a,b}` simple-string expansion of several variables: their values,
    /// each percent-encoded, joined with `,` (RFC 6570, section 3.2.2); an
    /// undefined one is left out with its comma.
    Expression(Vec<String>),
}

impl std::fmt::Display for UriTemplate {
    /// The template as it is read: literal text, `{a}`, `{a,b}`, then one `{?…}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for segment in &self.segments {
            match segment {
                UriSegment::Literal(text) => f.write_str(text)?,
                UriSegment::Variable(name) => write!(f, "{{{name}}}")?,
                UriSegment::Expression(names) => write!(f, "{{{}}}", names.join(","))?,
            }
        }
        if !self.query.is_empty() {
            write!(f, "{{?{}}}", self.query.join(","))?;
        }
        Ok(())
    }
}

impl UriTemplate {
    /// The variables of the path (`{a}` and `{a,b}` expressions), in order.
    pub fn path_variables(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .flat_map(|s| match s {
                UriSegment::Literal(_) => [].iter(),
                UriSegment::Variable(v) => std::slice::from_ref(v).iter(),
                UriSegment::Expression(vars) => vars.iter(),
            })
            .map(String::as_str)
    }

    /// Whether `name` is a variable of the template (path or `{?…}`).
    pub fn has_variable(&self, name: &str) -> bool {
        self.path_variables().any(|v| v == name) || self.query.iter().any(|q| q == name)
    }
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
    /// `uri_template` parsed (leniently when it is not a valid template, as
    /// its `invalid-uri-template` warning says): what the action is sent to.
    pub uri: UriTemplate,
    /// 1-based line of the action header.
    pub line: u32,
    /// 1-based column of the action header.
    pub column: u32,
    /// Markdown description.
    pub description: String,
    /// Resolved parameters: the resource's plus the action's own, each with a location.
    pub parameters: Vec<Parameter>,
    /// The `+ Attributes` section: the default attributes of the action's
    /// requests (a request without attributes of its own renders its
    /// `generated_body` from these).
    pub attributes: Option<MsonValue>,
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
    /// Whether the media type (or a `Content-Type` header) is JSON as drafter
    /// decides it: type `application` and subtype or suffix `json`
    /// (`application/json`, `application/hal+json; charset=utf-8`).
    pub media_type_is_json: bool,
    /// Text between the payload line and its first section (Markdown).
    pub description: String,
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
    /// The `+ Parameters` of a request (an example with other parameter
    /// values), with locations resolved like the action's.
    pub parameters: Vec<Parameter>,
    /// The `+ Attributes` section (MSON), if any.
    pub attributes: Option<MsonValue>,
    /// **Generated, not written**: the JSON body drafter renders from the
    /// attributes (the payload's own, or for a request its action's) when no
    /// body is written and the media type is JSON; pretty-printed with two
    /// spaces like drafter, numbers as written. `body` stays `None`.
    pub generated_body: Option<String>,
    /// `generated_body` parsed; `None` without one (or when a number in it is
    /// out of `serde_json`'s range).
    pub generated_json: Option<Arc<serde_json::Value>>,
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

/// A named type of a `# Data Structures` section (`## Name (Base)`).
///
/// Its [`MsonValue`] is complete: [`MsonValue::reference`] is always false,
/// `named_type` is the base it inherits from (`User` for `## Admin (User)`), and
/// the inherited members come first. In JSON the value's keys sit beside `name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataStructure {
    /// The type's name, as written (backticks removed).
    pub name: String,
    /// The structure; its `line`/`column` are those of the heading, its
    /// `type_name` the base type as written (`object`, `User`, `array[Tag]`).
    #[serde(flatten)]
    pub value: MsonValue,
}

impl DataStructure {
    /// The named type this one inherits from, if its base is not a base type.
    pub fn base(&self) -> Option<&str> {
        self.value.named_type.as_deref()
    }
}

/// The base kinds of MSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MsonKind {
    /// Properties.
    Object,
    /// An ordered list of items.
    Array,
    /// One of the listed members.
    Enum,
    /// Any string.
    String,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
}

impl MsonKind {
    /// Whether values of this kind have members (object, array, enum).
    pub fn is_structure(self) -> bool {
        matches!(self, Self::Object | Self::Array | Self::Enum)
    }
}

/// An MSON type attribute as written in a type definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeAttribute {
    /// The member must be present (MSON's default is optional).
    Required,
    /// Written explicitly: may be absent (drafter then leaves a property
    /// without a value out of the generated body).
    Optional,
    /// The value, and for structures the members' values, are fixed
    /// (propagates to nested members).
    Fixed,
    /// The structure is fixed, the values are not (does not propagate).
    FixedType,
    /// The value may be `null`.
    Nullable,
    /// The literal is a sample, not the value.
    Sample,
    /// The literal is the default.
    Default,
}

/// An MSON value: what a data structure, an attributes section, a property or
/// an array/enum item describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MsonValue {
    /// The base kind, after following named types; `string` when nothing says
    /// otherwise, `object` for members without a type, `array` for a list of
    /// values (MSON's defaults).
    pub kind: MsonKind,
    /// The type specification as written in the type definition (`User`,
    /// `array[Tag]`, `string`), `None` when implied.
    pub type_name: Option<String>,
    /// The named type this value is of (`User` in `(User)`), resolved to a
    /// defined name; `None` for base types, unknown names and `array[…]`.
    pub named_type: Option<String>,
    /// Whether `type_name` names no type of the document (an
    /// `unknown-mson-type` error; `kind` is then a fallback). Serialized
    /// only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown_type: bool,
    /// Whether this value only refers to `named_type`: no members of its own,
    /// `properties` and `items` left empty (look it up with
    /// [`Blueprint::named_type`]).
    pub reference: bool,
    /// The type names in brackets (`Tag` in `array[Tag]`, `string` in `enum[string]`), as written.
    pub nested_types: Vec<String>,
    /// The type attributes as written, in order.
    pub type_attributes: Vec<TypeAttribute>,
    /// The literal value as written (`: value`, or an item's value), without
    /// its backticks or the asterisks of a variable value; for arrays and
    /// enums the whole comma-separated list (each value is also an item).
    pub literal: Option<String>,
    /// Whether the literal is a variable value (`*sample*`): a sample.
    pub variable: bool,
    /// The inline description (after ` - `) and the block description under
    /// the member, joined by a blank line.
    pub description: String,
    /// Properties (objects), with `One Of` groups where they are written.
    pub properties: Vec<Member>,
    /// Items (arrays) or members (enums).
    pub items: Vec<MsonValue>,
    /// `+ Sample` sections, each a value of the same kind.
    pub samples: Vec<MsonValue>,
    /// The `+ Default` section, a value of the same kind.
    pub default: Option<Box<MsonValue>>,
    /// 1-based line of the declaration (member line, heading, `+ Attributes` line).
    pub line: u32,
    /// 1-based column of the declaration.
    pub column: u32,
}

impl MsonValue {
    /// Whether a type attribute was written.
    pub fn has(&self, attribute: TypeAttribute) -> bool {
        self.type_attributes.contains(&attribute)
    }

    /// Whether the member is `required` (MSON's default is optional).
    pub fn is_required(&self) -> bool {
        self.has(TypeAttribute::Required)
    }

    /// Whether the value may be `null`.
    pub fn is_nullable(&self) -> bool {
        self.has(TypeAttribute::Nullable)
    }

    /// The named type this value only refers to (see [`MsonValue::reference`]).
    pub fn reference_name(&self) -> Option<&str> {
        if self.reference {
            self.named_type.as_deref()
        } else {
            None
        }
    }
}

/// A member of an object: a property or a `One Of` group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "member", rename_all = "snake_case")]
pub enum Member {
    /// `+ name: value (type) - description` (boxed: a value is large).
    Property(Box<Property>),
    /// `+ One Of`: exactly one of its options is present.
    OneOf(OneOf),
}

/// An object property: a name and its value. In JSON the value's keys sit beside `name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    /// The name, unescaped (`` `a.b` `` is `a.b`; `*rel*` is `rel`).
    pub name: String,
    /// Whether the name is a variable (`*rel*`): a sample of an arbitrary name.
    pub variable_name: bool,
    /// The named type this property was inherited or mixed in from; `None`
    /// when written here.
    pub from_type: Option<String>,
    /// The property's value (its `line`/`column` are the property's).
    #[serde(flatten)]
    pub value: MsonValue,
}

/// A `One Of` group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOf {
    /// The alternatives, in written order.
    pub options: Vec<OneOfOption>,
    /// The named type this group was inherited or mixed in from; `None` when written here.
    pub from_type: Option<String>,
    /// 1-based line of the `One Of` item.
    pub line: u32,
    /// 1-based column of the `One Of` item.
    pub column: u32,
}

/// One alternative of a `One Of`: a property, or several under `+ Properties`
/// or from an `Include`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOfOption {
    /// The option's members (properties, possibly a nested `One Of`).
    pub properties: Vec<Member>,
    /// 1-based line where the option starts.
    pub line: u32,
    /// 1-based column where the option starts.
    pub column: u32,
}
