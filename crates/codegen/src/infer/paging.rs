//! Listings in pages, found per operation in the result's type ([`Paging`]).
//!
//! A `GET` whose result is a struct with one list of items beside what says
//! where the next page is, and whose request has a parameter asking for a
//! page, is paged; its builder gets `.stream()` and `.collect_all()`. The
//! rule (keys compared without case, `_` or `-`):
//!
//! - **Items**: the struct's only list field, or among several the one named
//!   `items`, `data`, `results`, `entries`, `records` or `values`.
//! - **Next page**, at the top level or in a required object field
//!   (`pagination`, `meta`, `links`, …), two levels at most:
//!   - *page numbers*: `next`/`next_page` holding a number, or
//!     `has_next`/`has_more`/`has_next_page` with this page's number
//!     (`page`, `current_page`, `page_num`, …), optionally the page count
//!     (`pages`, `total_pages`, `page_count`); asked for with a `page`,
//!     `page_num`, `page_number`, `page_no` or `page_index` parameter;
//!   - *cursors*: `next_cursor`, `next_page_token`, `next_token`,
//!     `continuation_token`, `end_cursor`, or `next` holding text that is no
//!     URL; asked for with a `cursor`, `after`, `page_token`, `starting_after`,
//!     `marker` or `continuation_token` parameter;
//!   - *links*: `links.next` (or `_links.next.href`), or `next`/`next_url`/
//!     `next_link` holding a URL; the page parameter is the operation's
//!     parameter that the example link's query names, else its page-number or
//!     cursor parameter.
//!
//!   A `next` that is `null` in every example is a page number or a cursor
//!   by the operation's parameter.
//! - **Page size**: a `page_size`, `per_page`, `limit`, `size` or
//!   `max_results` parameter gets a setter typed `u64` like the page number.
//!
//! The field saying where the next page is becomes optional (the last page
//! may leave it out or send `null`, even where every example has one).
//!
//! A shape of a page without a parameter to ask for the next one is not
//! streamed, with a `page-without-parameter` warning. The configured
//! `[conventions.page]` (a generated `Page<T>`) wins where it matches.

use std::collections::BTreeMap;

use blueprint_parser::Location;

use super::overrides::{NextKind, PagingSetting};
use super::{Inference, USE_PAGING};
use crate::model::{
    Field, Method, NextPage, Operation, Paging, Param, Response, TypeDef, TypeKind, TypeRef,
};

/// A key without case, `_` or `-`: `next_page`, `nextPage` → `nextpage`.
fn normal(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

const ITEMS: &[&str] = &["items", "data", "results", "entries", "records", "values"];
const NEXT: &[&str] = &["next", "nextpage", "nextpagenumber", "nextpagenum"];
const NEXT_CURSOR: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "endcursor",
];
const NEXT_LINK: &[&str] = &["nexturl", "nextlink", "nextpageurl", "nexthref"];
const HAS_NEXT: &[&str] = &["hasnext", "hasmore", "hasnextpage", "hasmorepages"];
const CURRENT: &[&str] = &[
    "page",
    "currentpage",
    "current",
    "pagenum",
    "pagenumber",
    "pageno",
    "pageindex",
];
const PAGES: &[&str] = &["pages", "totalpages", "pagecount", "numpages", "lastpage"];
const LINK_HOLDERS: &[&str] = &["links", "link", "paging"];

const NUMBER_PARAMS: &[&str] = &["page", "pagenum", "pagenumber", "pageno", "pageindex"];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "pagetoken",
    "nextpagetoken",
    "startingafter",
    "marker",
    "continuationtoken",
];
const SIZE_PARAMS: &[&str] = &["pagesize", "perpage", "limit", "size", "maxresults"];

/// A field found at a path of JSON keys from the result's top level.
struct Found<'t> {
    path: Vec<String>,
    field: &'t Field,
}

/// Every field of `fields` and of its required object fields, two levels deep.
fn fields_within<'t>(
    fields: &'t [Field],
    types: &'t BTreeMap<String, TypeDef>,
    prefix: &[String],
    out: &mut Vec<Found<'t>>,
) {
    for field in fields.iter().filter(|f| !f.flatten) {
        let mut path = prefix.to_vec();
        path.push(field.json.clone());
        if let TypeRef::Named(name) = &field.ty {
            let nested = types.get(name).and_then(|def| match &def.kind {
                TypeKind::Struct { fields } => Some(fields),
                _ => None,
            });
            if let Some(nested) = nested {
                // An object that may be absent cannot be read on every page.
                if !field.optional && !field.nullable && prefix.len() < 2 {
                    fields_within(nested, types, &path, out);
                }
                continue;
            }
        }
        out.push(Found { path, field });
    }
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::U64 | TypeRef::I64 | TypeRef::Number)
}

fn looks_like_url(example: Option<&serde_json::Value>) -> bool {
    example
        .and_then(serde_json::Value::as_str)
        .is_some_and(|s| {
            s.starts_with("http://")
                || s.starts_with("https://")
                || s.starts_with('/')
                || s.contains('?')
        })
}

/// What the result's fields say about the next page, before the parameter.
enum Shape {
    Number {
        next: Option<Vec<String>>,
        has_next: Option<Vec<String>>,
        current: Option<Vec<String>>,
        pages: Option<Vec<String>>,
    },
    Cursor(Vec<String>),
    Link(Vec<String>, Option<String>),
    /// `next`, `null` in every example: a number or a cursor by the parameter.
    Unknown(Vec<String>),
}

fn page_shape(found: &[Found<'_>]) -> Option<Shape> {
    let key = |f: &Found<'_>| normal(f.path.last().map_or("", String::as_str));
    let parent = |f: &Found<'_>| {
        f.path
            .len()
            .checked_sub(2)
            .map(|i| normal(&f.path[i]))
            .unwrap_or_default()
    };
    let find = |names: &[&str], accept: &dyn Fn(&Field) -> bool| {
        found
            .iter()
            .find(|f| names.contains(&key(f).as_str()) && accept(f.field))
            .map(|f| f.path.clone())
    };
    let text = |f: &Field| matches!(f.ty, TypeRef::String | TypeRef::Json);
    // Links: `links.next`, `_links.next.href`, `next_url`, or a `next` URL.
    let link = found.iter().find(|f| {
        let k = key(f);
        let in_holder = LINK_HOLDERS.contains(&parent(f).as_str()) && k == "next";
        let href = k == "href" && f.path.len() >= 2 && normal(&f.path[f.path.len() - 2]) == "next";
        let url = NEXT.contains(&k.as_str()) && looks_like_url(f.field.example.as_ref());
        text(f.field) && (in_holder || href || url || NEXT_LINK.contains(&k.as_str()))
    });
    if let Some(f) = link {
        let example = f
            .field
            .example
            .as_ref()
            .and_then(|e| e.as_str())
            .map(str::to_owned);
        return Some(Shape::Link(f.path.clone(), example));
    }
    if let Some(path) = find(NEXT_CURSOR, &text) {
        return Some(Shape::Cursor(path));
    }
    let next_number = find(NEXT, &|f| is_number(&f.ty));
    let has_next = find(HAS_NEXT, &|f| f.ty == TypeRef::Bool);
    let current = find(CURRENT, &|f| is_number(&f.ty));
    let pages = find(PAGES, &|f| is_number(&f.ty));
    if next_number.is_some() || (has_next.is_some() && current.is_some()) {
        // A `next` that is `null` everywhere beside a flag and a page number.
        let next = next_number.or_else(|| find(NEXT, &|f| f.ty == TypeRef::Json));
        return Some(Shape::Number {
            next,
            has_next,
            current,
            pages,
        });
    }
    if let Some(path) = find(NEXT, &|f| f.ty == TypeRef::String) {
        return Some(Shape::Cursor(path));
    }
    find(NEXT, &|f| f.ty == TypeRef::Json).map(Shape::Unknown)
}

/// The items field: the only list, or the one with an items name.
fn items_field(fields: &[Field]) -> Option<&Field> {
    let lists: Vec<&Field> = fields
        .iter()
        .filter(|f| !f.flatten && matches!(f.ty, TypeRef::List(_)))
        .collect();
    match lists.as_slice() {
        [only] => Some(only),
        several => several
            .iter()
            .find(|f| ITEMS.contains(&normal(&f.json).as_str()))
            .copied(),
    }
}

/// The key of the items of an object shaped like a page, for naming: its
/// only list of objects (or the one with an items name) beside a key that
/// says where the next page is, at the top level or one object down
/// (`next`, `next_cursor`, `has_more`, `links.next`, …). The items then take
/// the name the concept would have, and the page is `{Name}Page`.
pub(super) fn page_items_key(obj: &super::lattice::ObjectShape) -> Option<String> {
    let lists: Vec<&String> = obj
        .fields
        .iter()
        .filter(|f| {
            f.shape
                .array
                .as_ref()
                .is_some_and(|items| items.object.is_some())
        })
        .map(|f| &f.key)
        .collect();
    let items = match lists.as_slice() {
        [only] => (*only).clone(),
        several => (*several
            .iter()
            .find(|k| ITEMS.contains(&normal(k).as_str()))?)
        .clone(),
    };
    let says_next = |key: &str| {
        let k = normal(key);
        NEXT.contains(&k.as_str())
            || NEXT_CURSOR.contains(&k.as_str())
            || NEXT_LINK.contains(&k.as_str())
            || HAS_NEXT.contains(&k.as_str())
    };
    let next = obj.fields.iter().any(|f| {
        says_next(&f.key)
            || f.shape
                .object
                .as_ref()
                .is_some_and(|inner| inner.fields.iter().any(|g| says_next(&g.key)))
    });
    next.then_some(items)
}

/// The operation's query parameter named like one of `names`.
fn param_named<'p>(params: &'p [Param], names: &[&str]) -> Option<&'p Param> {
    params
        .iter()
        .find(|p| p.location == Location::Query && names.contains(&normal(&p.name).as_str()))
}

impl Inference<'_> {
    /// Finds the operations whose results are pages (see the module docs)
    /// and types their page parameters.
    pub(super) fn detect_paging(&mut self, operations: &mut [Operation]) {
        for op in operations.iter_mut() {
            // The configuration's `[[paging]]` entry for the operation, if any.
            let ov = self.ov;
            let configured = ov
                .pagings
                .iter()
                .position(|p| p.operation == op.action)
                .or_else(|| ov.pagings.iter().position(|p| p.operation == op.resource));
            let paging = match configured {
                Some(i) => {
                    let entry = &ov.pagings[i];
                    match &entry.paging {
                        None => {
                            self.used.insert((USE_PAGING, i));
                            None
                        }
                        Some(setting) => match configured_paging(op, setting, &self.types) {
                            Ok(paging) => {
                                self.used.insert((USE_PAGING, i));
                                Some(paging)
                            }
                            Err(why) => {
                                self.config_error(
                                    entry.line,
                                    format!("`{}`: {why}", entry.operation),
                                );
                                None
                            }
                        },
                    }
                }
                None => self.paging_of(op),
            };
            let Some(paging) = paging else {
                continue;
            };
            // The last page has no next page: its `next` may be absent or
            // `null` even where every example has one.
            let next = match &paging.next {
                NextPage::Number { next, .. } => next.clone(),
                NextPage::Cursor { next } | NextPage::Link { next } => Some(next.clone()),
            };
            if let (Some(path), Response::Single(TypeRef::Named(name))) = (next, &op.response) {
                self.may_be_absent(name, &path);
            }
            for p in op.parameters.iter_mut() {
                let page_number =
                    p.name == paging.parameter && matches!(paging.next, NextPage::Number { .. });
                let size = paging.size_parameter.as_ref() == Some(&p.name);
                if page_number || size {
                    p.ty = TypeRef::U64;
                    p.required = false;
                }
            }
            op.paging = Some(paging);
        }
    }

    /// A configuration error located at `line` of the configuration file.
    fn config_error(&mut self, line: u32, message: String) {
        self.config_diags.push(blueprint_parser::Diagnostic::error(
            "invalid-override",
            line,
            1,
            format!("this paging entry does not fit the operation {message}"),
        ));
    }

    /// Makes the field at `path` (JSON keys from the struct `type_name`)
    /// optional, so that a page without it decodes.
    fn may_be_absent(&mut self, type_name: &str, path: &[String]) {
        let mut at = type_name.to_owned();
        for (i, key) in path.iter().enumerate() {
            let Some(TypeKind::Struct { fields }) = self.types.get_mut(&at).map(|d| &mut d.kind)
            else {
                return;
            };
            let Some(field) = fields.iter_mut().find(|f| f.json == *key) else {
                return;
            };
            if i + 1 == path.len() {
                field.optional = true;
                return;
            }
            let TypeRef::Named(next) = &field.ty else {
                return;
            };
            at = next.clone();
        }
    }

    fn paging_of(&mut self, op: &Operation) -> Option<Paging> {
        if op.method != Method::Get {
            return None;
        }
        let Response::Single(TypeRef::Named(name)) = &op.response else {
            return None;
        };
        let TypeKind::Struct { fields } = &self.types.get(name)?.kind else {
            return None;
        };
        let items = items_field(fields)?;
        let TypeRef::List(item) = &items.ty else {
            return None;
        };
        let mut found = Vec::new();
        let others: Vec<Field> = fields
            .iter()
            .filter(|f| f.json != items.json)
            .cloned()
            .collect();
        fields_within(&others, &self.types, &[], &mut found);
        let shape = page_shape(&found)?;
        let number_param = param_named(&op.parameters, NUMBER_PARAMS);
        let cursor_param = param_named(&op.parameters, CURSOR_PARAMS);
        let (next, parameter) = match shape {
            Shape::Number {
                next,
                has_next,
                current,
                pages,
            } => (
                NextPage::Number {
                    next,
                    has_next,
                    current,
                    pages,
                },
                number_param,
            ),
            Shape::Cursor(next) => (NextPage::Cursor { next }, cursor_param),
            Shape::Unknown(next) => match (number_param, cursor_param) {
                (Some(p), _) => (
                    NextPage::Number {
                        next: Some(next),
                        has_next: None,
                        current: None,
                        pages: None,
                    },
                    Some(p),
                ),
                (None, p) => (NextPage::Cursor { next }, p),
            },
            Shape::Link(next, example) => {
                let named = example.as_deref().and_then(|link| {
                    let query = link.split_once('?')?.1;
                    let keys: Vec<&str> = query
                        .split('&')
                        .map(|pair| pair.split('=').next().unwrap_or(""))
                        .collect();
                    op.parameters
                        .iter()
                        .find(|p| p.location == Location::Query && keys.contains(&p.name.as_str()))
                });
                (
                    NextPage::Link { next },
                    named.or(number_param).or(cursor_param),
                )
            }
        };
        let Some(parameter) = parameter else {
            self.warn(
                "page-without-parameter",
                Some(op.line),
                format!(
                    "the result of `{}` looks like a page of `{}`, but the operation has no query parameter to ask for the next page (`page`, `cursor`, …); it is returned as one value, without `.stream()`",
                    op.action, items.json
                ),
            );
            return None;
        };
        Some(Paging {
            items: items.json.clone(),
            item: (**item).clone(),
            next,
            parameter: parameter.name.clone(),
            size_parameter: param_named(&op.parameters, SIZE_PARAMS).map(|p| p.name.clone()),
        })
    }
}

/// The paging a `[[paging]]` entry describes, checked against the
/// operation: its result has the items list and the field at `next`, and it
/// has the query parameters.
fn configured_paging(
    op: &Operation,
    setting: &PagingSetting,
    types: &BTreeMap<String, TypeDef>,
) -> Result<Paging, String> {
    let Response::Single(TypeRef::Named(name)) = &op.response else {
        return Err("(its result is not a struct)".to_owned());
    };
    let Some(TypeKind::Struct { fields }) = types.get(name).map(|d| &d.kind) else {
        return Err(format!("(its result `{name}` is not a struct)"));
    };
    let item = match fields
        .iter()
        .find(|f| f.json == setting.items)
        .map(|f| &f.ty)
    {
        Some(TypeRef::List(item)) => (**item).clone(),
        _ => {
            return Err(format!(
                "(`{}` is no list of its result `{name}`)",
                setting.items
            ))
        }
    };
    let mut found = Vec::new();
    fields_within(fields, types, &[], &mut found);
    if !found.iter().any(|f| f.path == setting.next) {
        return Err(format!(
            "(its result `{name}` has no `{}`)",
            setting.next.join(".")
        ));
    }
    for parameter in std::iter::once(&setting.parameter).chain(&setting.size_parameter) {
        if !op
            .parameters
            .iter()
            .any(|p| p.location == Location::Query && p.name == *parameter)
        {
            return Err(format!("(it has no query parameter `{parameter}`)"));
        }
    }
    let next = setting.next.clone();
    let next = match setting.kind {
        NextKind::Number => NextPage::Number {
            next: Some(next),
            has_next: None,
            current: None,
            pages: None,
        },
        NextKind::Cursor => NextPage::Cursor { next },
        NextKind::Link => NextPage::Link { next },
    };
    Ok(Paging {
        items: setting.items.clone(),
        item,
        next,
        parameter: setting.parameter.clone(),
        size_parameter: setting.size_parameter.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn model(spec: &str) -> crate::model::TypeModel {
        crate::infer::infer(
            &blueprint_parser::parse(spec.as_bytes()),
            &Config::default(),
        )
    }

    /// A listing at `uri`, declaring its query parameters, answering `body`.
    fn listing(uri: &str, body: &str) -> String {
        let params: String = uri
            .split_once("{?")
            .map(|(_, vars)| vars.trim_end_matches('}'))
            .unwrap_or("")
            .split(',')
            .filter(|v| !v.is_empty())
            .map(|v| format!("    + {v} (optional, string)\n"))
            .collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("+ Parameters\n{params}\n")
        };
        format!(
            "FORMAT: 1A\n\n# API\n\n## Items [{uri}]\n\n{params}### List items [GET]\n\n+ Response 200 (application/json)\n\n        {body}\n\n"
        )
    }

    fn configured(spec: &str, toml: &str) -> crate::model::TypeModel {
        let config = Config::from_toml(toml).expect("a valid configuration");
        crate::infer::infer(&blueprint_parser::parse(spec.as_bytes()), &config)
    }

    #[test]
    fn the_configuration_pages_what_the_examples_do_not_say() {
        // Names the rules do not know: `rows`, `more`, `continue`.
        let spec = listing(
            "/items{?continue}",
            r#"{"rows": [{"id": 1}], "extra": [{"k": 2}], "more": "t2"}"#,
        );
        assert!(model(&spec).operations[0].paging.is_none());
        let m = configured(
            &spec,
            "[[paging]]\noperation = \"List items\"\nitems = \"rows\"\nnext = \"more\"\nkind = \"cursor\"\nparameter = \"continue\"\n",
        );
        let paging = m.operations[0]
            .paging
            .as_ref()
            .expect("paged by the configuration");
        assert_eq!(paging.items, "rows");
        assert_eq!(
            paging.next,
            NextPage::Cursor {
                next: vec!["more".to_owned()]
            }
        );
        assert!(
            m.override_diagnostics.is_empty(),
            "{:?}",
            m.override_diagnostics
        );
    }

    #[test]
    fn the_configuration_turns_paging_off_and_a_wrong_entry_is_an_error() {
        let spec = listing("/items{?page}", r#"{"items": [{"id": 1}], "next": 2}"#);
        assert!(model(&spec).operations[0].paging.is_some());
        let off = configured(
            &spec,
            "[[paging]]\noperation = \"List items\"\npaged = false\n",
        );
        assert!(off.operations[0].paging.is_none());
        assert!(off.override_diagnostics.is_empty());
        let wrong = configured(
            &spec,
            "[[paging]]\noperation = \"List items\"\nitems = \"items\"\nnext = \"next_page\"\nkind = \"number\"\nparameter = \"page\"\n",
        );
        let error = &wrong.override_diagnostics[0];
        assert_eq!((error.code.as_str(), error.line), ("invalid-override", 1));
        assert!(
            error.message.contains("has no `next_page`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_flag_and_a_page_number_page_by_number() {
        let m = model(&listing(
            "/items{?page_num,page_size}",
            r#"{"items": [{"id": 1}], "pagination": {"has_next": true, "next_page": null, "page": 1, "total": 9}}"#,
        ));
        let op = &m.operations[0];
        let paging = op.paging.as_ref().expect("paged");
        assert_eq!(paging.items, "items");
        assert_eq!(paging.parameter, "page_num");
        assert_eq!(paging.size_parameter.as_deref(), Some("page_size"));
        let NextPage::Number {
            next,
            has_next,
            current,
            ..
        } = &paging.next
        else {
            panic!("{:?}", paging.next)
        };
        assert_eq!(
            next.as_deref(),
            Some(&["pagination".to_owned(), "next_page".to_owned()][..])
        );
        assert_eq!(
            has_next.as_deref(),
            Some(&["pagination".to_owned(), "has_next".to_owned()][..])
        );
        assert_eq!(
            current.as_deref(),
            Some(&["pagination".to_owned(), "page".to_owned()][..])
        );
        for p in &op.parameters {
            assert_eq!(p.ty, TypeRef::U64, "{}", p.name);
        }
    }

    #[test]
    fn a_cursor_and_a_link_are_followed() {
        let m = model(&listing(
            "/events{?cursor}",
            r#"{"data": [{"id": "e1"}], "next_cursor": "abc"}"#,
        ));
        let paging = m.operations[0].paging.as_ref().expect("paged");
        assert!(matches!(&paging.next, NextPage::Cursor { next } if next == &["next_cursor"]));
        assert_eq!(paging.parameter, "cursor");
        // The last page may leave the cursor out.
        let Response::Single(TypeRef::Named(name)) = &m.operations[0].response else {
            panic!("{:?}", m.operations[0].response)
        };
        let def = m.types.iter().find(|t| t.name == *name).unwrap();
        let TypeKind::Struct { fields } = &def.kind else {
            panic!()
        };
        let cursor = fields.iter().find(|f| f.json == "next_cursor").unwrap();
        assert!(cursor.optional);
        let m = model(&listing(
            "/events{?offset}",
            r#"{"results": [{"id": "e1"}], "links": {"next": "https://api.example.com/events?offset=20", "prev": null}}"#,
        ));
        let paging = m.operations[0].paging.as_ref().expect("paged");
        assert!(matches!(&paging.next, NextPage::Link { next } if next == &["links", "next"]));
        assert_eq!(paging.parameter, "offset");
    }

    #[test]
    fn a_page_without_a_parameter_is_one_value_with_a_warning() {
        let m = model(&listing("/items", r#"{"items": [{"id": 1}], "next": 2}"#));
        assert!(m.operations[0].paging.is_none());
        assert!(
            m.diagnostics
                .iter()
                .any(|d| d.code == "page-without-parameter"),
            "{:?}",
            m.diagnostics
        );
        // A plain list, or an object without a next page, is not a page.
        let m = model(&listing(
            "/items{?page}",
            r#"{"items": [{"id": 1}], "total": 1}"#,
        ));
        assert!(m.operations[0].paging.is_none());
        assert!(m
            .diagnostics
            .iter()
            .all(|d| d.code != "page-without-parameter"));
    }
}
