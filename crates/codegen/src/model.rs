//! The inferred type model: what inference produces and emission consumes.
//!
//! Everything here is plain data in a deterministic order (types sorted by
//! name, operations in document order), serialized by `cargo xtask types`.

use blueprint_parser::{Diagnostic, Location};
use serde::Serialize;

/// The whole model of the API: named types, operations and inference warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeModel {
    /// What the API is and how it behaves: names, base URL, conventions.
    pub api: ApiInfo,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Guesses inference had to make (same type as the parser's diagnostics),
    /// located in the spec.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with the configuration file (e.g. an entry that matches
    /// nothing), located in that file. Any error here must fail generation.
    pub override_diagnostics: Vec<Diagnostic>,
    /// The names given, to keep in the crate's names lock.
    #[serde(skip)]
    pub names: crate::names::NameLock,
    /// Where each type's name came from, by type name.
    pub type_origins: std::collections::BTreeMap<String, NameOrigin>,
    /// The type entries of the names lock that named a type of this model
    /// (an entry of an older key form is live without being rewritten).
    #[serde(skip)]
    pub(crate) live_lock_types: std::collections::BTreeSet<String>,
}

/// Where a public name came from: the rule that gave it and what the rule
/// read (`cargo xtask names` prints it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameOrigin {
    /// The rule.
    pub source: NameSource,
    /// What it read, as the spec writes it (`` `Pause all jobs` ``).
    pub detail: String,
    /// How a collision with another name was resolved, if there was one.
    pub collision: Option<String>,
    /// For a name kept from the names lock: what the rules would give now.
    pub rules_give: Option<String>,
}

impl NameOrigin {
    /// An origin without a collision.
    pub fn new(source: NameSource, detail: impl Into<String>) -> Self {
        NameOrigin {
            source,
            detail: detail.into(),
            collision: None,
            rules_give: None,
        }
    }
}

/// The rules public names come from (see `blueprint_codegen::infer`'s naming modules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameSource {
    /// The action's name says what happens (`Pause all jobs`).
    ActionName,
    /// The resource's name (`Zone List`, `Container stop`).
    ResourceName,
    /// The group's name (accessors).
    Group,
    /// The canonical verb of a CRUD shape (`GET` of a collection is `list`).
    Crud,
    /// A literal path segment (`/session/ignore`, `/flight-search/`).
    PathSegment,
    /// A literal query value (`?action=getListOfMembers`).
    QueryLiteral,
    /// An MSON named type (`# Data Structures`).
    Mson,
    /// A resource's or a documented object's concept (`Stack List` → `Stack`).
    Resource,
    /// The place of an object in a body: its parent and field (`ContainerPort`).
    Field,
    /// A request, an error or a parameter of an operation (`PolicyPatchRequest`).
    Operation,
    /// The keys of an object (`{ok, message}` → `OkMessage`).
    Keys,
    /// The names lock of a previous generation.
    Lock,
    /// The configuration file.
    Configuration,
    /// A number: nothing in the spec told two things apart.
    Counter,
}

/// A named Rust type: a struct, an enum or an alias.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// Rust type name, unique in the model (UpperCamelCase).
    pub name: String,
    /// Markdown documentation for the type.
    pub doc: String,
    /// `struct`, `enum` or `alias`, with its body.
    #[serde(flatten)]
    pub kind: TypeKind,
    /// Built by callers (part of a request body): its fields can be set
    /// with a struct literal, so the struct is not `#[non_exhaustive]`.
    pub input: bool,
}

/// The body of a named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields, in the order of the examples.
    Struct {
        /// The fields.
        fields: Vec<Field>,
    },
    /// A documented value set with a catch-all variant that keeps unknown values.
    Enum {
        /// Whether values are integers or strings on the wire.
        repr: EnumRepr,
        /// The known variants.
        variants: Vec<Variant>,
    },
    /// An untagged union of JSON shapes (e.g. a setting value: string or bool).
    Untagged {
        /// One variant per shape, tried in order.
        variants: Vec<UntaggedVariant>,
    },
    /// A type alias for another type.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// How an enum is represented in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    /// JSON integers (the fallback variant keeps an `i64`).
    Integer,
    /// JSON strings (the fallback variant keeps a `String`).
    String,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// Rust variant name (UpperCamelCase).
    pub name: String,
    /// The wire value: an integer or a string, as written in the spec.
    pub value: serde_json::Value,
    /// The documentation from the spec's table.
    pub doc: String,
}

/// One shape of an untagged union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntaggedVariant {
    /// Rust variant name (UpperCamelCase).
    pub name: String,
    /// The type the variant holds.
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The JSON key.
    pub json: String,
    /// The Rust field name (snake_case, never a keyword; emitted with a serde rename when it differs).
    pub rust: String,
    /// The field's type, without the `Option` that `optional`/`nullable` add.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Absent in at least one example.
    pub optional: bool,
    /// `null` in at least one example.
    pub nullable: bool,
    /// Documentation from the spec's property tables, if any.
    pub doc: String,
    /// A value of the examples, if the field is a scalar.
    pub example: Option<serde_json::Value>,
    /// The field holds keys of the object itself (`#[serde(flatten)]`): the
    /// alternatives of an MSON `One Of`, whose `json` is empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flatten: bool,
    /// The value an MSON `fixed` property always has, when it is a string,
    /// number or boolean (emitted as an associated constant of the type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<serde_json::Value>,
}

/// A reference to a type, as the emitter will spell it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `serde_json::Number`: a position with both integers and fractions in
    /// the examples, kept exactly as sent (`1` stays `1`, `2.5` stays `2.5`).
    Number,
    /// The runtime's date-time type (`crate::DateTime`).
    DateTime,
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// A named type of the model.
    Named(String),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`: a nullable list item, map value or untagged variant
    /// (struct fields say `optional`/`nullable` instead).
    Option(Box<TypeRef>),
    /// `Box<T>`: where a type would otherwise hold itself (a recursive MSON
    /// type: `Node.parent (Node)`, or `User.person` and `Person.user`).
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// The Rust spelling used in `cargo xtask types` and docs: `String`,
    /// `bool`, `i64`, `u64`, `f64`, `serde_json::Number`, `DateTime`, `serde_json::Value`, a type
    /// name, `Vec<T>`, `BTreeMap<String, T>`, `Option<T>`, `Box<T>`.
    pub fn rust_spelling(&self) -> String {
        match self {
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::U64 => "u64".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Number => "serde_json::Number".to_owned(),
            TypeRef::DateTime => "DateTime".to_owned(),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Named(n) => n.clone(),
            TypeRef::List(t) => format!("Vec<{}>", t.rust_spelling()),
            TypeRef::Map(t) => format!("BTreeMap<String, {}>", t.rust_spelling()),
            TypeRef::Option(t) => format!("Option<{}>", t.rust_spelling()),
            TypeRef::Boxed(t) => format!("Box<{}>", t.rust_spelling()),
        }
    }

    /// Parses a spelling written by [`TypeRef::rust_spelling`] (also
    /// accepting `Value`, `serde_json::Value`, `HashMap`/`BTreeMap` with a
    /// `String` key, and any UpperCamelCase identifier as a named type).
    pub fn parse_spelling(text: &str) -> Option<TypeRef> {
        let t = text.trim();
        let generic = |prefix: &str| {
            t.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(inner) = generic("Vec<") {
            return Some(TypeRef::List(Box::new(TypeRef::parse_spelling(inner)?)));
        }
        if let Some(inner) = generic("Option<") {
            return Some(TypeRef::Option(Box::new(TypeRef::parse_spelling(inner)?)));
        }
        if let Some(inner) = generic("BTreeMap<").or_else(|| generic("HashMap<")) {
            let (key, value) = inner.split_once(',')?;
            if key.trim() != "String" {
                return None;
            }
            return Some(TypeRef::Map(Box::new(TypeRef::parse_spelling(value)?)));
        }
        Some(match t {
            "String" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i64" => TypeRef::I64,
            "u64" => TypeRef::U64,
            "f64" => TypeRef::F64,
            "serde_json::Number" | "Number" => TypeRef::Number,
            "DateTime" => TypeRef::DateTime,
            "serde_json::Value" | "Value" | "Json" => TypeRef::Json,
            _ if t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                TypeRef::Named(t.to_owned())
            }
            _ => return None,
        })
    }
}

impl Field {
    /// The field's full Rust type spelling: `Option<T>` when optional or
    /// nullable, `Option<Option<T>>` when both (absent, `null`, or a value;
    /// a JSON value holds its own `null`).
    pub fn rust_spelling(&self) -> String {
        if self.optional && self.nullable && self.ty != TypeRef::Json {
            format!("Option<Option<{}>>", self.ty.rust_spelling())
        } else if self.optional || self.nullable {
            format!("Option<{}>", self.ty.rust_spelling())
        } else {
            self.ty.rust_spelling()
        }
    }
}

impl Param {
    /// The parameter's Rust type spelling: `Option<T>` when not required.
    pub fn rust_spelling(&self) -> String {
        if self.required {
            self.ty.rust_spelling()
        } else {
            format!("Option<{}>", self.ty.rust_spelling())
        }
    }
}

impl Response {
    /// The Rust spelling of what the call returns: `()`, `T` or `Page<T>`.
    pub fn rust_spelling(&self) -> String {
        match self {
            Response::Empty => "()".to_owned(),
            Response::Single(t) => t.rust_spelling(),
            Response::Page(t) => format!("Page<{}>", t.rust_spelling()),
            Response::Text => "String".to_owned(),
            Response::Bytes => "Vec<u8>".to_owned(),
        }
    }
}

/// One API operation (one Blueprint action).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The group the operation belongs to.
    pub group: String,
    /// The resource name.
    pub resource: String,
    /// The action name.
    pub action: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template after corrections, e.g. `/stacks/{stack_id}/servers`.
    pub path: PathTemplate,
    /// The required OAuth scope, if documented (one of [`ApiInfo::scopes`]).
    pub scope: Option<String>,
    /// Whether the response body wraps its data in the API's envelope key
    /// ([`ApiInfo::envelope`]); pages are always read from their own shape.
    pub enveloped: bool,
    /// The client accessor for the group, e.g. `stacks`.
    pub accessor: String,
    /// Where the accessor's name came from.
    pub accessor_origin: NameOrigin,
    /// The Rust method on the accessor, e.g. `list`.
    #[serde(rename = "fn")]
    pub fn_name: String,
    /// Where the method's name came from.
    #[serde(rename = "fn_origin")]
    pub fn_origin: NameOrigin,
    /// Markdown documentation (resource and action descriptions).
    pub doc: String,
    /// Path, query and form parameters, path ones in template order first.
    pub parameters: Vec<Param>,
    /// The JSON request body, if the spec documents one.
    pub request: Option<RequestBody>,
    /// Request headers the spec documents that the caller may set (not the
    /// ones the client sets itself: `Authorization`, `Accept`, `Content-Type`, …).
    pub request_headers: Vec<HeaderParam>,
    /// What a successful call returns.
    pub response: Response,
    /// Whether the response type is declared (MSON attributes) rather than
    /// inferred from examples; the examples are then checked against it.
    pub declared: bool,
    /// The example bodies of the response (for round-trip and contract tests).
    pub examples: Vec<Example>,
    /// Headers the spec documents on the success responses.
    pub response_headers: Vec<String>,
    /// The documented error responses (4xx and 5xx), in the spec's order.
    pub errors: Vec<ErrorResponse>,
    /// How the result's pages follow each other, when its examples show a
    /// listing in pages that is not the configured `Page<T>` (see
    /// [`Response::Page`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// 1-based line of the action in the spec.
    pub line: u32,
}

impl Operation {
    /// The name of the operation's request builder: its accessor and its
    /// method, `StacksList`.
    pub fn builder_name(&self) -> String {
        use heck::ToUpperCamelCase;
        format!(
            "{}{}",
            self.accessor.to_upper_camel_case(),
            self.fn_name.to_upper_camel_case()
        )
    }
}

/// How the pages of a listing follow each other, found in its examples: the
/// result is a struct holding the items and what says where the next page
/// is; a request parameter asks for that page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paging {
    /// The field of the result holding the items (JSON key).
    pub items: String,
    /// The items' type.
    pub item: TypeRef,
    /// Where the next page is.
    pub next: NextPage,
    /// The query parameter that asks for a page (its wire name).
    pub parameter: String,
    /// The query parameter that sets the page size, if the operation has one.
    pub size_parameter: Option<String>,
}

/// What a page says about the next one. Paths are JSON keys from the
/// result's top level (`["pagination", "next_page"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextPage {
    /// Page numbers: the next page's number, or a flag saying there is one
    /// with this page's number (the next is one more), and the page count.
    Number {
        /// The next page's number (`null` on the last page).
        next: Option<Vec<String>>,
        /// Whether there is a next page (`has_next`).
        has_next: Option<Vec<String>>,
        /// This page's number.
        current: Option<Vec<String>>,
        /// The number of pages.
        pages: Option<Vec<String>>,
    },
    /// An opaque cursor for the next page (`null` or empty on the last).
    Cursor {
        /// Where the cursor is.
        next: Vec<String>,
    },
    /// The URL of the next page (`links.next`), whose query names the page.
    Link {
        /// Where the link is.
        next: Vec<String>,
    },
}

/// A request body sent as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// The media type sent as `Content-Type` (`application/json`).
    pub media_type: String,
    /// The spec's examples of it.
    pub examples: Vec<Example>,
}

/// A request header the caller may set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderParam {
    /// The header's name as documented.
    pub name: String,
    /// The builder's setter.
    pub rust: String,
    /// The documented value.
    pub example: String,
}

/// A documented error response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorResponse {
    /// Its status.
    pub status: u16,
    /// The type of its JSON body, if it has one (`Error::body_as` decodes it).
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// Its example, if its body is JSON.
    pub example: Option<Example>,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust argument or setter name.
    pub rust: String,
    /// Path, query or form.
    pub location: Location,
    /// The Rust type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the caller must provide it.
    pub required: bool,
    /// Sent as a JSON-encoded string (e.g. `server_count`).
    pub json_encoded: bool,
    /// The spec's description.
    pub description: String,
    /// The spec's example, as written.
    pub example: Option<String>,
    /// What a request of the spec that sets this parameter says (the first
    /// line of its description), when that request gets an answer of another
    /// shape than the operation's result (`idsOnly` answering a list of ids
    /// instead of the devices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes_result: Option<String>,
}

/// The typed result of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Response {
    /// No example body: the call returns `()`.
    Empty,
    /// A JSON body (inside the envelope when the operation is
    /// [`enveloped`](Operation::enveloped)): the call returns `T`.
    Single(TypeRef),
    /// A page of a listing ([`ApiInfo::page`]): the call returns `Page<T>`.
    Page(TypeRef),
    /// A text body (`text/*`) that is not JSON: the call returns a `String`.
    Text,
    /// Another body that is not JSON: the call returns its bytes.
    Bytes,
}

/// An example body of a response, kept for generated tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// 1-based line of the body in the spec.
    pub line: u32,
    /// The response's status (200 when the spec gives none).
    pub status: u16,
    /// The response's documented headers, as written.
    pub headers: Vec<(String, String)>,
    /// The JSON value (repaired if the body was not valid JSON as written),
    /// shared with the parser's IR rather than copied.
    pub value: std::sync::Arc<serde_json::Value>,
    /// Whether the value comes from a repaired body.
    pub repaired: bool,
    /// Whether the value is not written in the spec but rendered from its
    /// MSON attributes (as drafter renders it).
    pub generated: bool,
}

/// An HTTP method, as the parser accepts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
    /// `CONNECT`
    Connect,
    /// `LINK`
    Link,
    /// `UNLINK`
    Unlink,
    /// `PROPPATCH`
    Proppatch,
    /// `LOCK`
    Lock,
    /// `UNLOCK`
    Unlock,
    /// `COPY`
    Copy,
    /// `MOVE`
    Move,
    /// `MKCOL`
    Mkcol,
}

impl Method {
    /// Every method, in this order.
    pub const ALL: [Method; 17] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
        Method::Trace,
        Method::Connect,
        Method::Link,
        Method::Unlink,
        Method::Proppatch,
        Method::Lock,
        Method::Unlock,
        Method::Copy,
        Method::Move,
        Method::Mkcol,
    ];

    /// The method as sent on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Connect => "CONNECT",
            Method::Link => "LINK",
            Method::Unlink => "UNLINK",
            Method::Proppatch => "PROPPATCH",
            Method::Lock => "LOCK",
            Method::Unlock => "UNLOCK",
            Method::Copy => "COPY",
            Method::Move => "MOVE",
            Method::Mkcol => "MKCOL",
        }
    }

    /// The method named `text` (upper case, as the parser reports it).
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// The Rust variant of the runtime's method enum: `Get`.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
            Method::Options => "Options",
            Method::Trace => "Trace",
            Method::Connect => "Connect",
            Method::Link => "Link",
            Method::Unlink => "Unlink",
            Method::Proppatch => "Proppatch",
            Method::Lock => "Lock",
            Method::Unlock => "Unlock",
            Method::Copy => "Copy",
            Method::Move => "Move",
            Method::Mkcol => "Mkcol",
        }
    }

    /// Where parameters that are not in the path travel: the query for
    /// methods without a request body, the form otherwise.
    pub fn parameter_location(self) -> Location {
        match self {
            Method::Post | Method::Put | Method::Patch => Location::Form,
            _ => Location::Query,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed path template: literal text, `{variable}`s and `{a,b}`
/// expressions, plus the query pairs a template may carry after a literal
/// `?` (`/search?type=user`, sent with every call; `?section={id}`, the
/// value of the query parameter `section` taken from the variable `id`).
/// The template's `{?a,b}` variables are parameters, not part of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PathTemplate {
    /// The path, in order.
    pub segments: Vec<PathSegment>,
    /// The `name=value` query pairs written in the template, in order.
    pub query: Vec<(String, QueryValue)>,
    /// The variables of the template's `{?a,b}` expressions: optional query
    /// parameters (not shown in the template's text).
    pub query_expression: Vec<String>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Literal text as the blueprint writes it; [`wire_literal`] is what is sent.
    Literal(String),
    /// A `{name}` variable, filled with a percent-encoded argument.
    Variable(String),
    /// A `{a,b}` expression: the arguments given, each percent-encoded,
    /// joined with `,` (RFC 6570, section 3.2.2).
    Expression(Vec<String>),
}

/// The value of a query pair written in a template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QueryValue {
    /// Sent as written (`type=user`).
    Literal(String),
    /// The argument of this variable (`section={id}`): the operation's
    /// query parameter named after the pair.
    Variable(String),
    /// Text and variables (`role={kind}:{id}`): the arguments given for the
    /// variables (path parameters of the operation, filled by the template)
    /// with the text between them, as one value.
    Template(Vec<PathSegment>),
}

impl std::fmt::Display for QueryValue {
    /// The value as the template writes it: `user`, `{id}`, `{kind}:{id}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryValue::Literal(value) => f.write_str(value),
            QueryValue::Variable(var) => write!(f, "{{{var}}}"),
            QueryValue::Template(pieces) => {
                for piece in pieces {
                    match piece {
                        PathSegment::Literal(text) => f.write_str(text)?,
                        PathSegment::Variable(v) => write!(f, "{{{v}}}")?,
                        PathSegment::Expression(vars) => write!(f, "{{{}}}", vars.join(","))?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// Splits literal query text into the pairs being built: text up to a `&`
/// ends the current pair.
fn push_query_literal(pairs: &mut Vec<Vec<PathSegment>>, text: &str) {
    let mut parts = text.split('&');
    if let Some(first) = parts.next() {
        push_piece(pairs, first);
    }
    for part in parts {
        pairs.push(Vec::new());
        push_piece(pairs, part);
    }
}

fn push_piece(pairs: &mut [Vec<PathSegment>], text: &str) {
    let Some(pair) = pairs.last_mut() else {
        return;
    };
    if text.is_empty() {
        return;
    }
    match pair.last_mut() {
        Some(PathSegment::Literal(last)) => last.push_str(text),
        _ => pair.push(PathSegment::Literal(text.to_owned())),
    }
}

impl PathTemplate {
    /// The template from the parser's URI template (see [`PathTemplate::read_uri`]).
    pub fn from_uri(uri: &blueprint_parser::UriTemplate) -> PathTemplate {
        Self::read_uri(uri).0
    }

    /// The template from the parser's URI template: literal text after a
    /// `?` splits into query pairs, a variable right after `name=` is the
    /// value of the query parameter `name`; `{?a,b}` expressions are
    /// parameters, not part of the template. Also returns the variables met
    /// in the query anywhere else (`?{id}`, `?x=a{id}`), which are read as
    /// query pairs of their own name (`id={id}`) for the caller to report.
    pub fn read_uri(uri: &blueprint_parser::UriTemplate) -> (PathTemplate, Vec<String>) {
        use blueprint_parser::UriSegment;
        let mut out = PathTemplate::default();
        let mut unplaced = Vec::new();
        // After the literal `?`: the query's pairs, each a run of pieces.
        let mut pairs: Option<Vec<Vec<PathSegment>>> = None;
        for segment in &uri.segments {
            match (segment, &mut pairs) {
                (UriSegment::Literal(text), Some(pairs)) => push_query_literal(pairs, text),
                (UriSegment::Literal(text), None) => match text.split_once('?') {
                    Some((path, query)) => {
                        out.push_literal(path);
                        let mut new = vec![Vec::new()];
                        push_query_literal(&mut new, query);
                        pairs = Some(new);
                    }
                    None => out.push_literal(text),
                },
                (UriSegment::Variable(name), Some(pairs)) => {
                    if let Some(pair) = pairs.last_mut() {
                        pair.push(PathSegment::Variable(name.clone()));
                    }
                }
                (UriSegment::Expression(names), Some(pairs)) => {
                    if let Some(pair) = pairs.last_mut() {
                        pair.push(PathSegment::Expression(names.clone()));
                    }
                }
                (UriSegment::Variable(name), None) => {
                    out.segments.push(PathSegment::Variable(name.clone()))
                }
                (UriSegment::Expression(names), None) => {
                    out.segments.push(PathSegment::Expression(names.clone()))
                }
            }
        }
        for pair in pairs.unwrap_or_default() {
            out.push_query_pair(pair, &mut unplaced);
        }
        out.query_expression = uri.query.clone();
        if out.segments.is_empty() {
            out.push_literal("/");
        }
        (out, unplaced)
    }

    /// Appends one `name=value` pair of the query: a literal value, one
    /// variable, or a template of several pieces; a variable before the
    /// `=` (or without one) travels under its own name, and is reported.
    fn push_query_pair(&mut self, pieces: Vec<PathSegment>, unplaced: &mut Vec<String>) {
        let split = pieces.iter().enumerate().find_map(|(i, p)| match p {
            PathSegment::Literal(text) => text.find('=').map(|at| (i, at)),
            _ => None,
        });
        let name_pieces = split.map_or(pieces.as_slice(), |(i, _)| &pieces[..=i]);
        let name_is_literal = name_pieces
            .iter()
            .all(|p| matches!(p, PathSegment::Literal(_)));
        if split.is_none() && name_is_literal {
            // `?flag`: a name without a value (sent as `flag=`).
            let name: String = pieces
                .iter()
                .filter_map(|p| match p {
                    PathSegment::Literal(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            if !name.is_empty() {
                self.query.push((name, QueryValue::Literal(String::new())));
            }
            return;
        }
        let Some((i, at)) = split.filter(|_| name_is_literal) else {
            // `?{id}`, `{key}=value`: each variable is a parameter of its own name.
            for piece in &pieces {
                let names = match piece {
                    PathSegment::Literal(_) => continue,
                    PathSegment::Variable(v) => std::slice::from_ref(v),
                    PathSegment::Expression(vars) => vars.as_slice(),
                };
                for name in names {
                    unplaced.push(name.clone());
                    self.query
                        .push((name.clone(), QueryValue::Variable(name.clone())));
                }
            }
            return;
        };
        let mut name = String::new();
        for p in &pieces[..i] {
            if let PathSegment::Literal(text) = p {
                name.push_str(text);
            }
        }
        let mut value: Vec<PathSegment> = Vec::new();
        if let PathSegment::Literal(text) = &pieces[i] {
            name.push_str(&text[..at]);
            let rest = &text[at + 1..];
            if !rest.is_empty() {
                value.push(PathSegment::Literal(rest.to_owned()));
            }
        }
        value.extend(pieces[i + 1..].iter().cloned());
        let value = match value.as_slice() {
            [] => QueryValue::Literal(String::new()),
            [PathSegment::Literal(text)] => QueryValue::Literal(text.clone()),
            [PathSegment::Variable(v)] => QueryValue::Variable(v.clone()),
            _ => QueryValue::Template(value),
        };
        if name.is_empty() && value == QueryValue::Literal(String::new()) {
            return;
        }
        self.query.push((name, value));
    }

    fn push_literal(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.segments.last_mut() {
            Some(PathSegment::Literal(last)) => last.push_str(text),
            _ => self.segments.push(PathSegment::Literal(text.to_owned())),
        }
    }

    /// The variables the template fills: those of the path (`{a}` and
    /// `{a,b}`), then those of query values of several pieces
    /// (`?role={kind}:{id}`), in order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        let templates = self.query.iter().flat_map(|(_, value)| match value {
            QueryValue::Template(pieces) => pieces.as_slice(),
            _ => &[],
        });
        self.segments
            .iter()
            .chain(templates)
            .flat_map(|s| match s {
                PathSegment::Literal(_) => [].iter(),
                PathSegment::Variable(v) => std::slice::from_ref(v).iter(),
                PathSegment::Expression(vars) => vars.iter(),
            })
            .map(String::as_str)
    }

    /// Whether `name` is a variable the template fills (see [`PathTemplate::variables`]).
    pub fn has_variable(&self, name: &str) -> bool {
        self.variables().any(|v| v == name)
    }

    /// The literal query pairs, sent with every call.
    pub fn literal_query(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().filter_map(|(name, value)| match value {
            QueryValue::Literal(v) => Some((name.as_str(), v.as_str())),
            _ => None,
        })
    }

    /// The query pairs whose value is a variable: (query name, variable).
    pub fn query_variables(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().filter_map(|(name, value)| match value {
            QueryValue::Variable(v) => Some((name.as_str(), v.as_str())),
            _ => None,
        })
    }

    /// The query pairs whose value is text and variables: (query name, pieces).
    pub fn query_templates(&self) -> impl Iterator<Item = (&str, &[PathSegment])> {
        self.query.iter().filter_map(|(name, value)| match value {
            QueryValue::Template(pieces) => Some((name.as_str(), pieces.as_slice())),
            _ => None,
        })
    }
}

/// A literal path piece as it travels: characters a URI path may hold
/// (RFC 3986 unreserved, sub-delims, `:`, `@`, `/` and existing `%`
/// escapes) stay, anything else (a space, non-ASCII) is percent-encoded.
pub fn wire_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl std::fmt::Display for PathTemplate {
    /// The template as written: `/stacks/{stack_id}/servers?type=web`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for segment in &self.segments {
            match segment {
                PathSegment::Literal(text) => f.write_str(text)?,
                PathSegment::Variable(name) => write!(f, "{{{name}}}")?,
                PathSegment::Expression(names) => write!(f, "{{{}}}", names.join(","))?,
            }
        }
        for (i, (name, value)) in self.query.iter().enumerate() {
            f.write_str(if i == 0 { "?" } else { "&" })?;
            write!(f, "{name}={value}")?;
        }
        Ok(())
    }
}

impl Serialize for PathTemplate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What the API is and how it behaves, from the spec and its configuration:
/// everything the emitter needs beyond types and operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiInfo {
    /// The API's name in docs (`Cloud 66`).
    pub name: String,
    /// The generated package's name (`cloud66-generated`).
    pub package: String,
    /// The generated library's name (`cloud66`).
    pub lib: String,
    /// The package version.
    pub version: String,
    /// The package description.
    pub description: String,
    /// The spec the crate was generated from.
    pub source: SpecSource,
    /// The default base URL (the spec's `HOST`); `None` makes it required.
    pub base_url: Option<String>,
    /// The environment variable of the secret: the token (`CLOUD66_TOKEN`),
    /// the API key (`{LIB}_API_KEY`) or the basic-auth password (`{LIB}_PASSWORD`).
    pub token_env: String,
    /// The environment variable of the basic-auth user name (`{LIB}_USERNAME`),
    /// for basic auth only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_env: Option<String>,
    /// The environment variable that overrides the base URL.
    pub base_url_env: String,
    /// The key bodies wrap their data in, if the API has one.
    pub envelope: Option<String>,
    /// The page shape, if the API pages its listings.
    pub page: Option<crate::config::PageConvention>,
    /// The OAuth scopes, in documented order (then first use).
    pub scopes: Vec<ScopeInfo>,
    /// A scope every token has, never checked.
    pub always_granted_scope: Option<String>,
    /// The rate-limit headers, if the API sends them.
    pub rate_limit: Option<crate::config::RateLimitHeaders>,
    /// Where error bodies keep their code and message.
    pub error_code_keys: Vec<String>,
    /// Keys of the error message, tried in order.
    pub error_message_keys: Vec<String>,
    /// The documented error codes.
    pub error_codes: Vec<ErrorCodeInfo>,
    /// The asynchronous action object, if the API has one.
    pub action: Option<ActionInfo>,
    /// The OAuth2 endpoints, if the API uses the authorization-code flow.
    pub oauth: Option<crate::config::OAuthEndpoints>,
    /// How callers authenticate.
    pub auth: AuthInfo,
}

/// How an API's callers authenticate, from its spec (documented request
/// headers, the description's prose) or its configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthInfo {
    /// The scheme.
    pub scheme: AuthScheme,
    /// Whether calls cannot succeed without the credentials (`build()` then
    /// requires them).
    pub required: bool,
    /// Where the scheme was found, for docs ("the `Authorization: Bearer`
    /// header documented on every request").
    pub evidence: String,
}

/// An authentication scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthScheme {
    /// No credentials documented.
    None,
    /// `Authorization: <scheme> <token>` (`Bearer`, `Token`, …).
    Token {
        /// The scheme word.
        scheme: String,
    },
    /// `Authorization: Basic …`.
    Basic,
    /// A key in a header of its own.
    ApiKey {
        /// The header (`X-Api-Key`).
        header: String,
    },
}

impl AuthScheme {
    /// The request header the scheme's credentials travel in, if any.
    pub fn header(&self) -> Option<&str> {
        match self {
            AuthScheme::None => None,
            AuthScheme::Token { .. } | AuthScheme::Basic => Some("Authorization"),
            AuthScheme::ApiKey { header } => Some(header),
        }
    }
}

/// How docs name an API: "the Cloud 66 API", and "the Device Management
/// API" or "the zinc API Specification" for a name that already says "API"
/// (not "API API"; the runtime's messages follow the same rule).
pub fn api_phrase(name: &str) -> String {
    let says_api = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("api") || word.eq_ignore_ascii_case("apis"));
    if says_api {
        format!("the {name}")
    } else {
        format!("the {name} API")
    }
}

/// Where the generated files come from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpecSource {
    /// The spec's file name, e.g. `apiary.apib`.
    pub file_name: String,
    /// Hex SHA-256 of the spec's bytes; for a spec that includes other
    /// files, of every file (see [`crate::pipeline::document_sha256`]).
    pub sha256: String,
    /// The files the spec includes (`<!-- include(path) -->`), relative to
    /// its folder, in the order first included.
    pub included: Vec<String>,
    /// Which lines of the assembled spec (those of the model) come from
    /// which file (file 0 the spec itself, then `included`); empty when it
    /// includes nothing.
    #[serde(skip)]
    pub spans: Vec<blueprint_parser::SourceSpan>,
}

impl SpecSource {
    /// The spec in words for generated headers: `` `api.apib` ``, or
    /// `` `api.apib` with `users.apib`, `orders.apib` `` when it includes
    /// files (`` `api.apib` with 12 included files `` beyond three).
    pub fn described(&self) -> String {
        if self.included.is_empty() {
            format!("`{}`", self.file_name)
        } else if self.included.len() <= 3 {
            let included: Vec<String> = self.included.iter().map(|f| format!("`{f}`")).collect();
            format!("`{}` with {}", self.file_name, included.join(", "))
        } else {
            format!(
                "`{}` with {} included files",
                self.file_name,
                self.included.len()
            )
        }
    }

    /// Line `line` of the model in words: `line 15`, or `line 15 of
    /// `parts/orders.apib`` for a line of an included file.
    pub fn place(&self, line: u32) -> String {
        let span = self
            .spans
            .iter()
            .rev()
            .find(|s| s.line <= line && line < s.line + s.lines.max(1));
        match span {
            Some(s) if s.file > 0 => {
                let name = self.included.get(s.file - 1).map_or("", String::as_str);
                format!("line {} of `{name}`", s.file_line + (line - s.line))
            }
            Some(s) => format!("line {}", s.file_line + (line - s.line)),
            None => format!("line {line}"),
        }
    }
}

/// One OAuth scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeInfo {
    /// The scope's name as OAuth2 spells it (`admin`).
    pub name: String,
    /// The Rust variant (`Admin`).
    pub rust: String,
    /// What it allows.
    pub doc: String,
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCodeInfo {
    /// The code as the API spells it (`throttled`).
    pub code: String,
    /// The Rust variant (`Throttled`).
    pub rust: String,
    /// The statuses that carry it.
    pub statuses: Vec<u16>,
    /// What it means.
    pub doc: String,
    /// Whether sending the same request again may succeed.
    pub retryable: bool,
}

/// The asynchronous action object and the operation that polls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionInfo {
    /// The model type (`StackAction`).
    pub type_name: String,
    /// Index into [`TypeModel::operations`] of the polling operation.
    pub poll: usize,
    /// The identifier field (JSON key), also the poll's path variable.
    pub id_field: String,
    /// The field set once the action has finished.
    pub finished_field: String,
    /// The field saying whether it succeeded.
    pub success_field: String,
}

#[cfg(test)]
mod tests {
    use super::api_phrase;

    #[test]
    fn an_api_named_an_api_is_not_called_an_api_twice() {
        assert_eq!(api_phrase("Cloud 66"), "the Cloud 66 API");
        assert_eq!(
            api_phrase("Device Management API"),
            "the Device Management API"
        );
        assert_eq!(
            api_phrase("zinc API Specification"),
            "the zinc API Specification"
        );
        assert_eq!(api_phrase("Public APIs (v2)"), "the Public APIs (v2)");
        // A word that merely contains the letters is not the word.
        assert_eq!(api_phrase("Rapid"), "the Rapid API");
    }
}
