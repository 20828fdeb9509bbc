//! Small token helpers shared by the emitters: identifiers, type paths, docs.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::TypeRef;

/// An identifier for `name`: raw (`r#type`) if it is a Rust keyword, with any
/// character that cannot appear in an identifier replaced by `_`. Inference
/// already produces valid names; this keeps emission total instead of panicking.
pub fn ident(name: &str) -> Ident {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.starts_with(|c: char| c.is_ascii_digit()) {
        clean.insert(0, '_');
    }
    if matches!(clean.as_str(), "self" | "Self" | "super" | "crate" | "_") {
        clean.push('_');
    }
    if is_keyword(&clean) {
        Ident::new_raw(&clean, Span::call_site())
    } else {
        Ident::new(&clean, Span::call_site())
    }
}

/// Whether `name` is a Rust keyword that needs a raw identifier.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// The fully qualified Rust type for a model type reference, inside the generated crate.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    type_tokens_from(ty, &quote!(crate))
}

/// The same type as seen from outside the generated crate (its tests): `::cloud66::…`.
pub fn external_type_tokens(ty: &TypeRef) -> TokenStream {
    type_tokens_from(ty, &quote!(::cloud66))
}

fn type_tokens_from(ty: &TypeRef, root: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(#root::DateTime),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#root::models::#name)
        }
        TypeRef::List(item) => {
            let item = type_tokens_from(item, root);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens_from(value, root);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens_from(inner, root);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// `#[doc = "…"]` attributes, one per line of `text` (rendered as `///` lines).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        // A leading space keeps `/// text` readable after formatting.
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Splits a path template into literal text and `{variable}` names
/// (query expressions `{?…}` are dropped: query parameters travel separately).
pub fn path_parts(template: &str) -> Vec<PathPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            parts.push(PathPart::Literal(&rest[open..]));
            return parts;
        };
        let name = &rest[open + 1..close];
        if !name.starts_with('?') && !name.starts_with('&') {
            parts.push(PathPart::Variable(name));
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest));
    }
    parts
}

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A `{name}` variable.
    Variable(&'a str),
}
