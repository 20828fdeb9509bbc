//! The pest grammar (`blueprint.pest`) and typed views of its line-level rules.

use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use crate::ir::{UriSegment, UriTemplate};

/// The generated pest parser for one line of API Blueprint.
#[derive(Parser)]
#[grammar = "blueprint.pest"]
pub(crate) struct BlueprintGrammar;

/// A map keyed by line text.
type LineMap<'a, V> = FastMap<&'a str, V>;

/// A `HashMap` with rustc's Fx hasher: keys are short lines of one document,
/// for which SipHash's setup dominates (no hash-flooding concern here).
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Per-document memo of the line rules that see the same text again and again.
///
/// Each pest call costs about a microsecond of fixed overhead, and API
/// Blueprint repeats lines verbatim (`+ Response 200`, `+ Headers`,
/// `X-RateLimit-Limit: 3600`, the same `stack_id` parameter in most
/// resources: 444 list items but 91 distinct ones in `apiary.apib`). The line
/// rules are pure functions of the text, so each distinct line goes through
/// pest once; a repeated line gets the first one's result, whose slices are
/// the same text (only offsets, never addresses, are used by callers).
#[derive(Default)]
pub(crate) struct Memo<'a> {
    items: LineMap<'a, Option<Item<'a>>>,
    parameters: LineMap<'a, Option<ParamSig<'a>>>,
    headers: LineMap<'a, Option<(&'a str, &'a str)>>,
}

impl<'a> Memo<'a> {
    /// [`item`], memoised.
    pub(crate) fn item(&mut self, line: &'a str) -> Option<Item<'a>> {
        // Most lines are not list items: answer those without hashing.
        if !starts_with_bullet(line) {
            return None;
        }
        self.items.entry(line).or_insert_with(|| item(line)).clone()
    }

    /// [`parameter`], memoised.
    pub(crate) fn parameter(&mut self, text: &'a str) -> Option<ParamSig<'a>> {
        self.parameters
            .entry(text)
            .or_insert_with(|| parameter(text))
            .clone()
    }

    /// [`header_line`], memoised.
    pub(crate) fn header_line(&mut self, line: &'a str) -> Option<(&'a str, &'a str)> {
        *self
            .headers
            .entry(line)
            .or_insert_with(|| header_line(line))
    }
}

/// Parses `input` with `rule`, returning the top pair's children.
fn parse_rule(rule: Rule, input: &str) -> Option<Pair<'_, Rule>> {
    BlueprintGrammar::parse(rule, input).ok()?.next()
}

/// A `KEY: value` metadata line.
pub(crate) fn metadata(line: &str) -> Option<(&str, &str)> {
    key_value(line, Rule::metadata, Rule::meta_key, Rule::meta_value)
}

/// A `key: value` line parsed with `rule`, whose children `key_rule` and
/// `value_rule` hold the two sides (the value trimmed, possibly empty).
fn key_value(line: &str, rule: Rule, key_rule: Rule, value_rule: Rule) -> Option<(&str, &str)> {
    if !line.contains(':') {
        return None;
    }
    let pair = parse_rule(rule, line)?;
    let mut key = None;
    let mut value = "";
    for p in pair.into_inner() {
        if p.as_rule() == key_rule {
            key = Some(p.as_str());
        } else if p.as_rule() == value_rule {
            value = p.as_str().trim();
        }
    }
    Some((key?, value))
}

/// What a heading declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeadingKind<'a> {
    /// `# Group Name`.
    Group(&'a str),
    /// A resource and/or action heading.
    Endpoint {
        /// The name, when the heading has one.
        name: Option<&'a str>,
        /// The method, for action forms.
        method: Option<&'a str>,
        /// The URI as written and its byte offset in the line.
        uri: Option<(&'a str, usize)>,
    },
    /// `# Data Structures`: the MSON named types section.
    DataStructures,
    /// A heading without text (a lone `#`).
    Empty,
    /// Any other heading: description text.
    Plain,
}

/// A classified ATX heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading<'a> {
    /// Heading level (number of `#`).
    pub level: usize,
    /// What it declares.
    pub kind: HeadingKind<'a>,
    /// Whether the hashes are directly followed by text (`###Get [GET]`).
    pub missing_space: bool,
    /// The text after the hashes, trimmed.
    pub text: &'a str,
}

/// Classifies a heading line (indentation already removed); `None` if not a heading.
pub(crate) fn heading(line: &str) -> Option<Heading<'_>> {
    if !line.starts_with('#') {
        return None;
    }
    let pair = parse_rule(Rule::heading, line)?;
    let mut level = 0;
    let mut kind = HeadingKind::Plain;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::hashes => level = p.as_str().len(),
            Rule::data_structures_heading => kind = HeadingKind::DataStructures,
            Rule::group_heading => {
                let name = p.into_inner().next().map_or("", |n| n.as_str().trim());
                kind = HeadingKind::Group(name);
            }
            Rule::named_endpoint | Rule::method_endpoint | Rule::uri_endpoint => {
                let mut name = None;
                let mut method = None;
                let mut uri = None;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::heading_name => {
                            let n = q.as_str().trim();
                            if !n.is_empty() {
                                name = Some(n);
                            }
                        }
                        Rule::method => method = Some(q.as_str()),
                        Rule::uri_raw | Rule::bracketed_uri => {
                            uri = Some((q.as_str().trim_end(), q.as_span().start()));
                        }
                        _ => {}
                    }
                }
                kind = HeadingKind::Endpoint { name, method, uri };
            }
            _ => {}
        }
    }
    let text = line.get(level..).unwrap_or("").trim();
    let missing_space =
        !text.is_empty() && !line.get(level..).unwrap_or("").starts_with([' ', '\t']);
    if text.is_empty() {
        kind = HeadingKind::Empty;
    } else if missing_space && kind == HeadingKind::Plain {
        // `#hashtag`: Markdown readers other than drafter's see no heading here.
        return None;
    }
    Some(Heading {
        level,
        kind,
        missing_space,
        text,
    })
}

/// The segment of a simple string expansion: a variable, or an expression of several.
fn expansion(mut names: Vec<String>) -> UriSegment {
    if names.len() == 1 {
        UriSegment::Variable(names.pop().unwrap_or_default())
    } else {
        UriSegment::Expression(names)
    }
}

/// Parses a URI template (RFC 6570 simple expansions plus `{?a,b}`); `None` if malformed.
pub(crate) fn uri_template(uri: &str) -> Option<UriTemplate> {
    let pair = parse_rule(Rule::uri_template, uri)?;
    let mut segments = Vec::new();
    let mut query = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::uri_literal => segments.push(UriSegment::Literal(p.as_str().to_owned())),
            Rule::uri_variable => {
                let names: Vec<String> = p.into_inner().map(|v| v.as_str().to_owned()).collect();
                segments.push(expansion(names));
            }
            Rule::uri_query => query.extend(p.into_inner().map(|v| v.as_str().to_owned())),
            _ => {}
        }
    }
    Some(UriTemplate { segments, query })
}

/// An empty `{}` met by [`lenient_uri_template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmptyExpression {
    /// Byte offset of the `{` in the URI.
    pub offset: usize,
    /// The query parameter whose value it stands for (`sectionid` in
    /// `?sectionid={}`), read as the variable of that name; `None` elsewhere,
    /// where it is kept as literal text.
    pub query_name: Option<String>,
}

/// Reads a URI template that [`uri_template`] rejects: every `{…}` is an
/// expression (`{?a,b}` and `{&a,b}` query variables; otherwise variables, a
/// leading operator such as `+` dropped); stray braces are literal text. An
/// empty `{}` right after `name=` in the query is the variable `name` (the
/// value of that query parameter); anywhere else it is literal text. Each
/// empty `{}` is returned with its offset, for the caller's diagnostic.
pub(crate) fn lenient_uri_template(uri: &str) -> (UriTemplate, Vec<EmptyExpression>) {
    let mut segments: Vec<UriSegment> = Vec::new();
    let mut query = Vec::new();
    let mut empties = Vec::new();
    let literal = |segments: &mut Vec<UriSegment>, text: &str| match segments.last_mut() {
        Some(UriSegment::Literal(l)) => l.push_str(text),
        _ => segments.push(UriSegment::Literal(text.to_owned())),
    };
    let Some(pair) = parse_rule(Rule::uri_lenient, uri) else {
        return (
            UriTemplate {
                segments: vec![UriSegment::Literal(uri.to_owned())],
                query,
            },
            empties,
        );
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::uri_lenient_expression => {
                let offset = p.as_span().start();
                let body = p.into_inner().next().map_or("", |b| b.as_str());
                let names = |s: &str| -> Vec<String> {
                    s.split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned)
                        .collect()
                };
                if let Some(q) = body.strip_prefix(['?', '&']) {
                    query.extend(names(q));
                    continue;
                }
                let vars = names(body.trim_start_matches(['+', '#', '.', '/', ';']));
                if !vars.is_empty() {
                    segments.push(expansion(vars));
                    continue;
                }
                let query_name = query_name_before(&segments);
                match &query_name {
                    Some(name) => segments.push(UriSegment::Variable(name.clone())),
                    None => literal(&mut segments, "{}"),
                }
                empties.push(EmptyExpression { offset, query_name });
            }
            Rule::uri_lenient_literal | Rule::uri_stray_brace => literal(&mut segments, p.as_str()),
            _ => {}
        }
    }
    (UriTemplate { segments, query }, empties)
}

/// The name of the query parameter whose value comes next: `name` when the
/// template so far ends with `?name=` or `&name=` in literal text.
fn query_name_before(segments: &[UriSegment]) -> Option<String> {
    let Some(UriSegment::Literal(last)) = segments.last() else {
        return None;
    };
    let in_query = segments
        .iter()
        .any(|s| matches!(s, UriSegment::Literal(l) if l.contains('?')));
    let before = last.strip_suffix('=')?;
    let name = before.rsplit(['?', '&']).next()?;
    let valid = in_query
        && before.len() > name.len()
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']'));
    valid.then(|| name.to_owned())
}

/// What a list item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item<'a> {
    /// `+ Parameters`.
    Parameters,
    /// `+ Values` / `+ Members`.
    Values,
    /// `+ Headers`.
    Headers,
    /// `+ Body`.
    Body,
    /// `+ Schema`.
    Schema,
    /// `+ Attributes (type definition)`.
    Attributes {
        /// The items of the type definition, when there is one.
        definition: Option<Vec<&'a str>>,
    },
    /// `+ Response 200 (media)`.
    Response {
        /// The status code; `None` when not written.
        status: Option<u16>,
        /// The media type.
        media_type: Option<&'a str>,
    },
    /// `+ Request Name (media)`.
    Request {
        /// The media type.
        media_type: Option<&'a str>,
    },
    /// `+ Model (media)`.
    Model {
        /// The media type.
        media_type: Option<&'a str>,
    },
    /// `- Scope: _word_`: the scope word.
    Scope(&'a str),
    /// Any other list item; the text after the bullet.
    Other(&'a str),
}

/// Classifies a list item line (indentation removed); `None` if not a list item.
pub(crate) fn item(line: &str) -> Option<Item<'_>> {
    if !starts_with_bullet(line) {
        return None;
    }
    let pair = parse_rule(Rule::item, line)?;
    let Some(p) = pair.into_inner().next() else {
        return Some(Item::Other(""));
    };
    Some(match p.as_rule() {
        Rule::scope_kw => Item::Scope(p.into_inner().next().map_or("", |w| w.as_str())),
        Rule::parameters_kw => Item::Parameters,
        Rule::values_kw => Item::Values,
        Rule::headers_kw => Item::Headers,
        Rule::body_kw => Item::Body,
        Rule::schema_kw => Item::Schema,
        Rule::attributes_kw => Item::Attributes {
            definition: p
                .into_inner()
                .find(|q| q.as_rule() == Rule::mson_type_definition)
                .map(type_definition),
        },
        Rule::response_kw => {
            let mut status = None;
            let mut media_type = None;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::status => status = q.as_str().parse().ok(),
                    Rule::media_type => media_type = Some(q.as_str().trim()),
                    _ => {}
                }
            }
            Item::Response { status, media_type }
        }
        Rule::request_kw => Item::Request {
            media_type: media(p),
        },
        Rule::model_kw => Item::Model {
            media_type: media(p),
        },
        _ => Item::Other(p.as_str().trim_end()),
    })
}

/// Which parameter syntax a signature uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamSyntax {
    /// `name (required, type, `example`) ... description`.
    Old,
    /// `name: `example` (type, required) - description`.
    New,
}

/// A parsed parameter signature (the item text after the bullet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamSig<'a> {
    /// The name (backticks removed).
    pub name: &'a str,
    /// `Some(true)` for `required`, `Some(false)` for `optional`.
    pub required: Option<bool>,
    /// The type word as written.
    pub type_name: Option<&'a str>,
    /// The example as written (inside backticks).
    pub example: Option<&'a str>,
    /// The default value.
    pub default: Option<&'a str>,
    /// The description.
    pub description: &'a str,
    /// Which syntax was used (checked by the grammar tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub syntax: ParamSyntax,
    /// Byte offsets of attribute separators that lack a comma.
    pub missing_commas: Vec<usize>,
    /// Attribute words that are neither `required`/`optional` nor the type (offset, word).
    pub extra_words: Vec<(usize, &'a str)>,
    /// Words read as `required` or `optional` though written otherwise
    /// (`reqired`, `Optional`): (offset, word, the keyword).
    pub misspelled: Vec<(usize, &'a str, &'static str)>,
}

/// Types a parameter may declare without an `unknown-parameter-type` warning.
pub(crate) const KNOWN_PARAMETER_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "enum", "file", "date", "datetime",
];

/// Whether `type_name` (`string`, `enum[string]`) is one of [`KNOWN_PARAMETER_TYPES`].
pub(crate) fn is_known_parameter_type(type_name: &str) -> bool {
    let base = type_name.split('[').next().unwrap_or(type_name);
    KNOWN_PARAMETER_TYPES.contains(&base)
}

/// The keyword (`required` or `optional`) an attribute word stands for: as
/// written, or within two typing mistakes of it (`reqired`, `Optional`).
fn requirement_keyword(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    ["required", "optional"]
        .into_iter()
        .find(|k| lower == *k || (lower.len() >= 6 && typing_distance(&lower, k) <= 2))
}

/// The optimal-string-alignment distance: insertions, deletions,
/// substitutions and swaps of neighbours, each counting one.
fn typing_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// Parses a parameter signature; `None` if it fits neither syntax.
pub(crate) fn parameter(text: &str) -> Option<ParamSig<'_>> {
    let pair = parse_rule(Rule::parameter, text)?;
    let mut sig = ParamSig {
        name: "",
        required: None,
        type_name: None,
        example: None,
        default: None,
        description: "",
        syntax: ParamSyntax::Old,
        missing_commas: Vec::new(),
        extra_words: Vec::new(),
        misspelled: Vec::new(),
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::param_name => sig.name = p.as_str().trim_matches('`'),
            Rule::param_old | Rule::param_new => {
                if p.as_rule() == Rule::param_new {
                    sig.syntax = ParamSyntax::New;
                }
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::default_value => sig.default = Some(inner_text(q)),
                        Rule::new_example => sig.example = Some(inner_text(q)),
                        Rule::description => sig.description = q.as_str().trim(),
                        Rule::attributes => attributes(q, &mut sig),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Some(sig)
}

/// The text of a value that may be a code span.
fn inner_text(pair: Pair<'_, Rule>) -> &str {
    let whole = pair.as_str();
    pair.into_inner().next().map_or(whole, |q| q.as_str())
}

/// One word or code span of an attribute list.
struct AttributePiece<'a> {
    /// Byte offset in the signature.
    offset: usize,
    /// Byte offset of its end.
    end: usize,
    text: &'a str,
    code: bool,
    /// The offset of a separator without a comma just before it.
    gap: Option<usize>,
}

/// Reads `(a, b, c)`: items are separated by commas; within an item, a code
/// span is the example, `required`/`optional` (or a word within two typing
/// mistakes of them) the requirement, and the other words, however many, a
/// type (`date time`). Items without their comma are read as if it were
/// there (with `missing_commas`). Of several types, the first one known
/// (`string` in `(request, string)`) is the type; the others are
/// `extra_words`.
fn attributes<'a>(pair: Pair<'a, Rule>, sig: &mut ParamSig<'a>) {
    let whole = pair.as_str();
    let base = pair.as_span().start();
    let mut items: Vec<Vec<AttributePiece<'a>>> = vec![Vec::new()];
    let mut gap = None;
    for q in pair.into_inner() {
        let span = q.as_span();
        let piece = |code| AttributePiece {
            offset: span.start(),
            end: span.end(),
            text: q.as_str(),
            code,
            gap: None,
        };
        match q.as_rule() {
            Rule::attr_sep if q.as_str().contains(',') => {
                items.push(Vec::new());
                gap = None;
            }
            Rule::attr_sep => gap = Some(span.start()),
            Rule::code_text | Rule::code_text_double => {
                if let Some(item) = items.last_mut() {
                    item.push(AttributePiece {
                        gap: gap.take(),
                        ..piece(true)
                    });
                }
            }
            Rule::attr_word => {
                if let Some(item) = items.last_mut() {
                    item.push(AttributePiece {
                        gap: gap.take(),
                        ..piece(false)
                    });
                }
            }
            _ => {}
        }
    }
    // (offset, type as written), in order.
    let mut types: Vec<(usize, &'a str)> = Vec::new();
    for item in &items {
        let mut type_span: Option<(usize, usize)> = None;
        let mut previous_is_type = false;
        for piece in item {
            let keyword = (!piece.code)
                .then(|| requirement_keyword(piece.text))
                .flatten();
            let is_type = !piece.code && keyword.is_none();
            if let Some(at) = piece.gap {
                if !(is_type && previous_is_type) {
                    sig.missing_commas.push(at);
                }
            }
            previous_is_type = is_type;
            if piece.code {
                sig.example = Some(piece.text);
            } else if let Some(keyword) = keyword {
                sig.required = Some(keyword == "required");
                if piece.text != keyword {
                    sig.misspelled.push((piece.offset, piece.text, keyword));
                }
            } else {
                let start = type_span.map_or(piece.offset, |(s, _)| s);
                type_span = Some((start, piece.end));
            }
        }
        if let Some((start, end)) = type_span {
            if let Some(text) = whole.get(start - base..end - base) {
                types.push((start, text));
            }
        }
    }
    let chosen = types
        .iter()
        .position(|(_, t)| is_known_parameter_type(t))
        .unwrap_or(0);
    for (i, (offset, text)) in types.into_iter().enumerate() {
        if i == chosen {
            sig.type_name = Some(text);
        } else {
            sig.extra_words.push((offset, text));
        }
    }
}

/// A nested `+ `value`` item of `+ Values`.
pub(crate) fn value_item(line: &str) -> Option<&str> {
    if !starts_with_bullet(line) {
        return None;
    }
    let pair = parse_rule(Rule::value_item, line)?;
    pair.into_inner()
        .find(|p| {
            matches!(
                p.as_rule(),
                Rule::code_text | Rule::code_text_double | Rule::value_text
            )
        })
        .map(|p| p.as_str())
}

/// A nested `+ Default: value` item.
pub(crate) fn default_item(line: &str) -> Option<&str> {
    if !starts_with_bullet(line) || !line.contains("Default") {
        return None;
    }
    let pair = parse_rule(Rule::default_item, line)?;
    pair.into_inner()
        .find(|p| {
            matches!(
                p.as_rule(),
                Rule::code_text | Rule::code_text_double | Rule::value_text
            )
        })
        .map(|p| p.as_str())
}

/// A `Name: value` header line.
pub(crate) fn header_line(line: &str) -> Option<(&str, &str)> {
    key_value(
        line,
        Rule::header_line,
        Rule::header_name,
        Rule::header_value,
    )
}

/// A `[Name][]` model reference.
pub(crate) fn model_reference(line: &str) -> Option<&str> {
    if !line.starts_with('[') || !line.contains("][]") {
        return None;
    }
    let pair = parse_rule(Rule::model_reference, line)?;
    pair.into_inner().next().map(|p| p.as_str().trim())
}

/// The items of an `mson_type_definition` pair, trimmed (empty items dropped).
fn type_definition(pair: Pair<'_, Rule>) -> Vec<&str> {
    pair.into_inner()
        .filter(|q| q.as_rule() == Rule::mson_type_item)
        .map(|q| q.as_str().trim())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A member type group keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberGroup {
    /// `Properties`: object members.
    Properties,
    /// `Items`: array members.
    Items,
    /// `Members`: enum members.
    Members,
}

/// How a member's name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameForm {
    /// As is.
    Plain,
    /// In backticks (`` `a.b` ``), which are removed.
    Escaped,
    /// In asterisks (`*name*`): a variable property name.
    Variable,
}

/// A member signature: `name: value (definition) - description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MsonSignature<'a> {
    /// The name without its escapes, if any text precedes `:` or the definition.
    pub name: Option<&'a str>,
    /// How the name is written.
    pub name_form: NameForm,
    /// Whether a `:` follows the name.
    pub colon: bool,
    /// The text after `:`, if any.
    pub value: Option<&'a str>,
    /// Everything before the type definition or description, trimmed: a
    /// value member's value (`red`, `5, 6`, `` `a` ``).
    pub head: &'a str,
    /// The items of the type definition.
    pub definition: Option<Vec<&'a str>>,
    /// The inline description after ` - `.
    pub description: Option<&'a str>,
}

/// A classified MSON list item (the text after the bullet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MsonItem<'a> {
    /// `Include Type`.
    Include(&'a str),
    /// `One Of`.
    OneOf,
    /// `Sample` or `Sample: value`.
    Sample(Option<&'a str>),
    /// `Default` or `Default: value`.
    Default(Option<&'a str>),
    /// `Properties`, `Items` or `Members`.
    Group(MemberGroup),
    /// Any member.
    Member(MsonSignature<'a>),
}

/// Classifies the text of an MSON list item; `None` if the grammar gives up
/// (a pathological line that exhausts the call limit).
pub(crate) fn mson_item(text: &str) -> Option<MsonItem<'_>> {
    let pair = parse_rule(Rule::mson_item, text)?;
    let p = pair.into_inner().next()?;
    Some(match p.as_rule() {
        Rule::mson_include => MsonItem::Include(
            p.into_inner()
                .next()
                .map_or("", |q| q.as_str().trim())
                .trim_start_matches('(')
                .trim_end_matches(')')
                .trim(),
        ),
        Rule::mson_one_of => MsonItem::OneOf,
        Rule::mson_sample => MsonItem::Sample(section_value(p)),
        Rule::mson_default => MsonItem::Default(section_value(p)),
        Rule::mson_group => MsonItem::Group(member_group(p.as_str())),
        _ => MsonItem::Member(mson_signature(p)),
    })
}

fn section_value(p: Pair<'_, Rule>) -> Option<&str> {
    p.into_inner()
        .find(|q| q.as_rule() == Rule::mson_section_value)
        .map(|q| q.as_str().trim())
}

fn member_group(word: &str) -> MemberGroup {
    match word.get(1..) {
        Some("tems") => MemberGroup::Items,
        Some("embers") => MemberGroup::Members,
        _ => MemberGroup::Properties,
    }
}

fn mson_signature(p: Pair<'_, Rule>) -> MsonSignature<'_> {
    let whole = p.as_str();
    let start = p.as_span().start();
    let mut sig = MsonSignature {
        name: None,
        name_form: NameForm::Plain,
        colon: false,
        value: None,
        head: "",
        definition: None,
        description: None,
    };
    let mut head_end = whole.len();
    let mut name_end = 0;
    for q in p.into_inner() {
        let end = q.as_span().end() - start;
        match q.as_rule() {
            Rule::mson_plain_name => {
                sig.name = Some(q.as_str().trim());
                name_end = end;
            }
            Rule::mson_escaped_name => {
                sig.name_form = NameForm::Escaped;
                sig.name = q.into_inner().next().map(|t| t.as_str());
                name_end = end;
            }
            Rule::mson_variable_name => {
                sig.name_form = NameForm::Variable;
                sig.name = q.into_inner().next().map(|t| t.as_str().trim());
                name_end = end;
            }
            Rule::mson_value => sig.value = Some(q.as_str().trim()),
            Rule::mson_type_definition => {
                head_end = head_end.min(q.as_span().start() - start);
                sig.definition = Some(type_definition(q));
            }
            Rule::mson_description => {
                head_end = head_end.min(q.as_span().start() - start);
                sig.description = q.into_inner().next().map(|t| t.as_str().trim());
            }
            _ => {}
        }
    }
    sig.head = whole.get(..head_end).unwrap_or(whole).trim();
    sig.colon = whole
        .get(name_end..head_end)
        .is_some_and(|rest| rest.trim_start().starts_with(':'));
    sig
}

/// A heading inside `# Data Structures`, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MsonHeading<'a> {
    /// `## Sample`.
    Sample(Option<&'a str>),
    /// `## Default`.
    Default(Option<&'a str>),
    /// `## Properties`, `## Items`, `## Members`.
    Group(MemberGroup),
    /// `## Name (definition)`: a named type.
    NamedType {
        /// The name as written (backticks removed).
        name: &'a str,
        /// The items of the type definition.
        definition: Option<Vec<&'a str>>,
        /// A description after the definition (` - text`), if written.
        description: Option<&'a str>,
    },
}

/// Classifies the text of a heading in `# Data Structures`.
pub(crate) fn mson_heading(text: &str) -> Option<MsonHeading<'_>> {
    let pair = parse_rule(Rule::mson_heading, text)?;
    let p = pair.into_inner().next()?;
    Some(match p.as_rule() {
        Rule::mson_sample => MsonHeading::Sample(section_value(p)),
        Rule::mson_default => MsonHeading::Default(section_value(p)),
        Rule::mson_group => MsonHeading::Group(member_group(p.as_str())),
        _ => {
            let mut name = "";
            let mut definition = None;
            let mut description = None;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::mson_type_name => name = q.as_str().trim().trim_matches('`').trim(),
                    Rule::mson_type_definition => definition = Some(type_definition(q)),
                    Rule::mson_description => {
                        description = q
                            .into_inner()
                            .next()
                            .map(|t| t.as_str().trim())
                            .filter(|t| !t.is_empty())
                    }
                    _ => {}
                }
            }
            MsonHeading::NamedType {
                name,
                definition,
                description,
            }
        }
    })
}

/// A cheap pre-check (failed pest parses are costly): a bullet followed by
/// whitespace or the end of the line.
pub(crate) fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some('+' | '-' | '*'))
        && chars.next().is_none_or(|c| c == ' ' || c == '\t')
}

/// The trimmed media type inside a section keyword pair.
fn media(p: Pair<'_, Rule>) -> Option<&str> {
    p.into_inner()
        .find(|q| q.as_rule() == Rule::media_type)
        .map(|q| q.as_str().trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_lines() {
        assert_eq!(metadata("FORMAT: 1A"), Some(("FORMAT", "1A")));
        assert_eq!(
            metadata("HOST: https://app.cloud66.com/api/3"),
            Some(("HOST", "https://app.cloud66.com/api/3"))
        );
        assert_eq!(metadata("# Group X"), None);
    }

    fn endpoint(line: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
        match heading(line).map(|h| h.kind) {
            Some(HeadingKind::Endpoint { name, method, uri }) => (name, method, uri.map(|u| u.0)),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn heading_forms() {
        assert_eq!(
            heading("# Group Stacks").map(|h| h.kind),
            Some(HeadingKind::Group("Stacks"))
        );
        assert_eq!(
            endpoint("## Stack list [/stacks]"),
            (Some("Stack list"), None, Some("/stacks"))
        );
        assert_eq!(
            endpoint("## /stacks/{id}"),
            (None, None, Some("/stacks/{id}"))
        );
        assert_eq!(
            endpoint("### Get stack [GET]"),
            (Some("Get stack"), Some("GET"), None)
        );
        assert_eq!(
            endpoint("### Get [GET /stacks/{id}]"),
            (Some("Get"), Some("GET"), Some("/stacks/{id}"))
        );
        assert_eq!(
            endpoint("# GET /stacks"),
            (None, Some("GET"), Some("/stacks"))
        );
        assert_eq!(endpoint("#### POST "), (None, Some("POST"), None));
        assert_eq!(
            endpoint("## Cloud vendor instance names [/]"),
            (Some("Cloud vendor instance names"), None, Some("/"))
        );
        let plain = heading("# Stacks").map(|h| (h.level, h.kind));
        assert_eq!(plain, Some((1, HeadingKind::Plain)));
        assert_eq!(
            heading("#### POSTAL codes").map(|h| h.kind),
            Some(HeadingKind::Plain)
        );
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
    }

    #[test]
    fn uri_templates() {
        let t = uri_template("/stacks/{stack_id}/servers{?page,per_page}").unwrap();
        assert_eq!(
            t.segments,
            vec![
                UriSegment::Literal("/stacks/".into()),
                UriSegment::Variable("stack_id".into()),
                UriSegment::Literal("/servers".into()),
            ]
        );
        assert_eq!(t.query, vec!["page".to_owned(), "per_page".to_owned()]);
        assert!(uri_template("/a/{b").is_none());
        assert!(uri_template("/a/{+b}").is_none());
        assert_eq!(uri_template("/").map(|t| t.segments.len()), Some(1));
    }

    #[test]
    fn section_items() {
        assert_eq!(item("+ Parameters"), Some(Item::Parameters));
        assert_eq!(
            item("+ Response 200 (application/json)"),
            Some(Item::Response {
                status: Some(200),
                media_type: Some("application/json")
            })
        );
        assert_eq!(
            item("+ Response 200"),
            Some(Item::Response {
                status: Some(200),
                media_type: None
            })
        );
        assert_eq!(
            item("+ Model (application/json)"),
            Some(Item::Model {
                media_type: Some("application/json")
            })
        );
        assert_eq!(
            item("+ Request Create (text/plain)"),
            Some(Item::Request {
                media_type: Some("text/plain")
            })
        );
        assert_eq!(item("+ Headers"), Some(Item::Headers));
        assert_eq!(item("+ Body"), Some(Item::Body));
        assert_eq!(item("+ Bodyguard"), Some(Item::Other("Bodyguard")));
        assert_eq!(item("not an item"), None);
    }

    #[test]
    fn old_parameter_signature() {
        let p = parameter("stack_id (required, string, `5999b763`) ... The stack UID").unwrap();
        assert_eq!(p.name, "stack_id");
        assert_eq!(p.required, Some(true));
        assert_eq!(p.type_name, Some("string"));
        assert_eq!(p.example, Some("5999b763"));
        assert_eq!(p.description, "The stack UID");
        assert_eq!(p.syntax, ParamSyntax::Old);
        assert!(p.missing_commas.is_empty());
    }

    #[test]
    fn old_signature_irregularities() {
        let p =
            parameter("git_ref (optional, string `a_git_tag_or_hash`) ... Git reference").unwrap();
        assert_eq!(p.example, Some("a_git_tag_or_hash"));
        assert_eq!(p.required, Some(false));
        assert_eq!(p.missing_commas.len(), 1);
        let p = parameter("port (required,integer, `80`) ...  Port").unwrap();
        assert_eq!(
            (p.type_name, p.example, p.description),
            (Some("integer"), Some("80"), "Port")
        );
        assert!(p.missing_commas.is_empty());
        let p = parameter("params (optional, string, `{'a' : 'b', \"c\": 1}`) ... JSON").unwrap();
        assert_eq!(p.example, Some("{'a' : 'b', \"c\": 1}"));
        let p = parameter("id = `20` (optional, number, `5`) ... With default").unwrap();
        assert_eq!((p.default, p.example), (Some("20"), Some("5")));
        let p = parameter("just_a_name").unwrap();
        assert_eq!(
            (p.name, p.required, p.type_name),
            ("just_a_name", None, None)
        );
    }

    #[test]
    fn new_parameter_signature() {
        let p = parameter("id: `1000` (number, required) - The id").unwrap();
        assert_eq!(p.syntax, ParamSyntax::New);
        assert_eq!(
            (p.name, p.example, p.type_name, p.required),
            ("id", Some("1000"), Some("number"), Some(true))
        );
        assert_eq!(p.description, "The id");
        let p = parameter("kind: bare value (enum[string], optional) - Kind").unwrap();
        assert_eq!(
            (p.example, p.type_name, p.required),
            (Some("bare value"), Some("enum[string]"), Some(false))
        );
        let p = parameter("limit (number) - How many").unwrap();
        assert_eq!(
            (p.syntax, p.type_name, p.description),
            (ParamSyntax::New, Some("number"), "How many")
        );
    }

    #[test]
    fn nested_parameter_items() {
        assert_eq!(value_item("+ `asc`"), Some("asc"));
        assert_eq!(value_item("+ desc"), Some("desc"));
        assert_eq!(default_item("+ Default: `10`"), Some("10"));
    }

    #[test]
    fn headers_references_and_scopes() {
        assert_eq!(
            header_line("X-RateLimit-Limit: 3600"),
            Some(("X-RateLimit-Limit", "3600"))
        );
        assert_eq!(
            header_line("Content-Type:application/json "),
            Some(("Content-Type", "application/json"))
        );
        assert_eq!(header_line("{"), None);
        assert_eq!(
            model_reference("[Deployment list][]"),
            Some("Deployment list")
        );
        assert_eq!(model_reference("[x](http://y)"), None);
        assert_eq!(item("- Scope: _public_"), Some(Item::Scope("public")));
        assert_eq!(item("* Scope: admin"), Some(Item::Scope("admin")));
        assert_eq!(item("- Scope of work"), Some(Item::Other("Scope of work")));
    }

    #[test]
    fn lenient_headings() {
        let h = heading("###Get Dispatch List [GET]").unwrap();
        assert!(h.missing_space);
        assert_eq!(
            h.kind,
            HeadingKind::Endpoint {
                name: Some("Get Dispatch List"),
                method: Some("GET"),
                uri: None
            }
        );
        assert_eq!(heading("#").map(|h| h.kind), Some(HeadingKind::Empty));
        assert_eq!(
            endpoint("# Group Dashboard [/dash]"),
            (Some("Group Dashboard"), None, Some("/dash"))
        );
        assert_eq!(
            endpoint("## Test [/test/{id}[2]]"),
            (Some("Test"), None, Some("/test/{id}[2]"))
        );
        assert_eq!(
            endpoint("## Get [beta] thing [GET]"),
            (Some("Get [beta] thing"), Some("GET"), None)
        );
        assert_eq!(
            heading("# Data structure").map(|h| h.kind),
            Some(HeadingKind::DataStructures)
        );
        assert_eq!(
            endpoint("## Copy [COPY]"),
            (Some("Copy"), Some("COPY"), None)
        );
    }

    #[test]
    fn lenient_uris() {
        let (t, empties) = lenient_uri_template("/a/{}/{+rest}{?f[id], p}");
        assert_eq!(
            t.segments,
            vec![
                UriSegment::Literal("/a/{}/".into()),
                UriSegment::Variable("rest".into()),
            ]
        );
        assert_eq!(t.query, ["f[id]", "p"]);
        assert_eq!(
            empties,
            [EmptyExpression {
                offset: 3,
                query_name: None
            }]
        );
        assert!(uri_template("/a/{?f[id]}").is_none());
        let (t, _) = lenient_uri_template("/a}b{c");
        assert_eq!(t.segments, vec![UriSegment::Literal("/a}b{c".into())]);
    }

    #[test]
    fn empty_expressions_in_the_query_are_the_value_of_their_parameter() {
        let (t, empties) = lenient_uri_template("/m/?action=list&sectionid={}&termid={}");
        assert_eq!(
            t.segments,
            vec![
                UriSegment::Literal("/m/?action=list&sectionid=".into()),
                UriSegment::Variable("sectionid".into()),
                UriSegment::Literal("&termid=".into()),
                UriSegment::Variable("termid".into()),
            ]
        );
        let names: Vec<_> = empties.iter().map(|e| e.query_name.as_deref()).collect();
        assert_eq!(names, [Some("sectionid"), Some("termid")]);
        // Not after `name=` in a query: literal text.
        let (t, _) = lenient_uri_template("/m/{}?x={}y");
        assert_eq!(t.segments[0], UriSegment::Literal("/m/{}?x=".into()));
    }

    #[test]
    fn several_variables_make_one_expression() {
        let t = uri_template("/map/{x,y}{?z}").unwrap();
        assert_eq!(
            t.segments,
            vec![
                UriSegment::Literal("/map/".into()),
                UriSegment::Expression(vec!["x".into(), "y".into()]),
            ]
        );
        let (t, _) = lenient_uri_template("/map/{+x,y}");
        assert_eq!(
            t.segments[1],
            UriSegment::Expression(vec!["x".into(), "y".into()])
        );
    }

    #[test]
    fn lenient_section_keywords() {
        assert_eq!(
            item("+ Response (application/json)"),
            Some(Item::Response {
                status: None,
                media_type: Some("application/json")
            })
        );
        assert_eq!(
            item("+ Request ()"),
            Some(Item::Request { media_type: None })
        );
        assert_eq!(item("+ headers"), Some(Item::Headers));
        assert_eq!(item("+ Parameter"), Some(Item::Parameters));
        assert_eq!(
            item("+ Attributes(array[User])"),
            Some(Item::Attributes {
                definition: Some(vec!["array[User]"])
            })
        );
        assert_eq!(
            item("+ attribute"),
            Some(Item::Attributes { definition: None })
        );
        assert_eq!(
            item("+ Attributes of the thing"),
            Some(Item::Other("Attributes of the thing"))
        );
    }

    fn member(text: &str) -> MsonSignature<'_> {
        match mson_item(text) {
            Some(MsonItem::Member(sig)) => sig,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn mson_members() {
        let m = member("name: Ada (string, required) - Full name");
        assert_eq!(
            (m.name, m.colon, m.value, m.description),
            (Some("name"), true, Some("Ada"), Some("Full name"))
        );
        assert_eq!(m.definition, Some(vec!["string", "required"]));
        let m = member("`a.b`: x");
        assert_eq!((m.name, m.name_form), (Some("a.b"), NameForm::Escaped));
        let m = member("*rel*: self");
        assert_eq!((m.name, m.name_form), (Some("rel"), NameForm::Variable));
        let m = member("phone: +1 (555) 123 (string)");
        assert_eq!(m.value, Some("+1 (555) 123"));
        assert_eq!(m.definition, Some(vec!["string"]));
        let m = member("date: 2015-01-01 - a - in the description");
        assert_eq!(
            (m.value, m.description),
            (Some("2015-01-01"), Some("a - in the description"))
        );
        let m = member("red (string) - A sample value");
        assert_eq!((m.head, m.colon), ("red", false));
        let m = member("(array[A, B], fixed)");
        assert_eq!(
            (m.name, m.definition),
            (None, Some(vec!["array[A, B]", "fixed"]))
        );
        let m = member("url: `http://x.y/(z)` (string)");
        assert_eq!(m.value, Some("`http://x.y/(z)`"));
        let m = member("first-name");
        assert_eq!(m.name, Some("first-name"));
        assert_eq!(mson_item("Include (User)"), Some(MsonItem::Include("User")));
        assert_eq!(mson_item("one of"), Some(MsonItem::OneOf));
        assert_eq!(mson_item("Sample: 5"), Some(MsonItem::Sample(Some("5"))));
        assert_eq!(mson_item("Default"), Some(MsonItem::Default(None)));
        assert_eq!(
            mson_item("Items"),
            Some(MsonItem::Group(MemberGroup::Items))
        );
        assert!(matches!(
            mson_item("Sample size: 5"),
            Some(MsonItem::Member(_))
        ));
    }

    #[test]
    fn mson_headings() {
        assert_eq!(
            mson_heading("Admin User (User, fixed)"),
            Some(MsonHeading::NamedType {
                name: "Admin User",
                definition: Some(vec!["User", "fixed"]),
                description: None,
            })
        );
        assert_eq!(
            mson_heading("`Raw-Name`"),
            Some(MsonHeading::NamedType {
                name: "Raw-Name",
                definition: None,
                description: None,
            })
        );
        // drafter reads a description after the definition.
        assert_eq!(
            mson_heading("clUuid (string, optional) - `87d2a4e5`"),
            Some(MsonHeading::NamedType {
                name: "clUuid",
                definition: Some(vec!["string", "optional"]),
                description: Some("`87d2a4e5`"),
            })
        );
        assert_eq!(
            mson_heading("Dash-Name - not a definition"),
            Some(MsonHeading::NamedType {
                name: "Dash-Name - not a definition",
                definition: None,
                description: None,
            })
        );
        assert_eq!(mson_heading("Sample"), Some(MsonHeading::Sample(None)));
        assert_eq!(
            mson_heading("Properties"),
            Some(MsonHeading::Group(MemberGroup::Properties))
        );
    }
}
