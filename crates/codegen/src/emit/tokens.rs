//! Small token helpers shared by the emitters: identifiers, type paths, docs.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};

use crate::model::TypeRef;

/// An identifier for `name`: raw (`r#type`) if it is a Rust keyword, with any
/// character that cannot appear in an identifier replaced by `_`. Inference
/// already produces valid names; this keeps emission total instead of panicking.
pub fn ident(name: &str) -> Ident {
    let name = name.strip_prefix("r#").unwrap_or(name);
    // Inference's names are almost always usable as they are.
    let usable = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if usable && !matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        return new_ident(name);
    }
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
    new_ident(&clean)
}

fn new_ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
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

/// The fully qualified Rust type of a model type reference, written straight
/// into the surrounding tokens (no intermediate token stream to copy).
#[derive(Debug, Clone, Copy)]
pub struct RustType<'a> {
    ty: &'a TypeRef,
    external: bool,
}

impl<'a> RustType<'a> {
    /// The type as seen inside the generated crate: `crate::models::Stack`.
    pub fn internal(ty: &'a TypeRef) -> Self {
        Self {
            ty,
            external: false,
        }
    }

    /// The same type as seen from outside the generated crate (its tests):
    /// `::cloud66::models::Stack`.
    pub fn external(ty: &'a TypeRef) -> Self {
        Self { ty, external: true }
    }

    fn of(self, ty: &'a TypeRef) -> Self {
        Self { ty, ..self }
    }
}

impl ToTokens for RustType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self.ty {
            TypeRef::String => quote!(::std::string::String),
            TypeRef::Bool => quote!(bool),
            TypeRef::I64 => quote!(i64),
            TypeRef::U64 => quote!(u64),
            TypeRef::F64 => quote!(f64),
            TypeRef::DateTime if self.external => quote!(::cloud66::DateTime),
            TypeRef::DateTime => quote!(crate::DateTime),
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::Named(name) => {
                let name = ident(name);
                if self.external {
                    quote!(::cloud66::models::#name)
                } else {
                    quote!(crate::models::#name)
                }
            }
            TypeRef::List(item) => {
                let item = self.of(item);
                quote!(::std::vec::Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.of(value);
                quote!(::std::collections::BTreeMap<::std::string::String, #value>)
            }
            TypeRef::Option(inner) => {
                let inner = self.of(inner);
                quote!(::std::option::Option<#inner>)
            }
        });
    }
}

/// `#[doc = "…"]` attributes, one per line of the text (rendered as `///`
/// lines), written straight into the surrounding tokens.
#[derive(Debug, Clone, Copy)]
pub struct Docs<'a>(pub &'a str);

impl ToTokens for Docs<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        push_doc_attrs(tokens, self.0);
    }
}

/// Appends the `#[doc = "…"]` attributes of `text` to `out`.
///
/// Built token by token with raw string literals: docs are a large share of
/// every generated file, and a raw literal is the cheapest for `syn` to read
/// back and for `prettyplease` to turn into `///` lines.
fn push_doc_attrs(out: &mut TokenStream, text: &str) {
    let mut line_text = String::new();
    for line in text.lines() {
        // A leading space keeps `/// text` readable after formatting.
        line_text.clear();
        if !line.is_empty() {
            line_text.push(' ');
            line_text.push_str(line);
        }
        let attr: TokenStream = [
            TokenTree::Ident(Ident::new("doc", Span::call_site())),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(raw_string(&line_text)),
        ]
        .into_iter()
        .collect();
        out.extend([
            TokenTree::Punct(Punct::new('#', Spacing::Alone)),
            TokenTree::Group(Group::new(Delimiter::Bracket, attr)),
        ]);
    }
}

/// A raw string literal that holds `text` verbatim: `r#"…"#`, with one `#`
/// more than the longest run of `#` after a `"` in the text.
pub fn raw_string(text: &str) -> Literal {
    // Only a `"` followed by `#` can end a raw string early: search for that
    // pair rather than for every quote (example bodies are full of quotes).
    let hashes = text
        .match_indices("\"#")
        .map(|(quote, _)| {
            text[quote + 1..]
                .bytes()
                .take_while(|&byte| byte == b'#')
                .count()
                + 1
        })
        .max()
        .unwrap_or(1);
    let mut repr = String::with_capacity(text.len() + 2 * hashes + 3);
    repr.push('r');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.push('"');
    repr.push_str(text);
    repr.push('"');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.parse().unwrap_or_else(|_| Literal::string(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_hold_any_text_verbatim() {
        for text in [
            "plain",
            "say \"hi\"",
            "a \"# b",
            "x \"## y \"# z",
            "ends with \"",
            "#\"#",
            "{\n  \"key\": \"value\"\n}",
        ] {
            let literal = raw_string(text);
            assert!(literal.to_string().starts_with('r'), "{literal}");
            let parsed: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
            assert_eq!(parsed.value(), text);
        }
    }
}
