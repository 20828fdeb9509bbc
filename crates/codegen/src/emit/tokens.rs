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

/// How emitted code names the root of the generated code: `crate` in a
/// generated crate, a relative path in a generated module (which can then be
/// `include!`d anywhere without saying where), the crate's name outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root<'a> {
    /// `crate`: code of a generated crate.
    Crate,
    /// `self`, `super`, `super::super`, …: code of a generated module, in a
    /// module this many levels below the module's root.
    Relative(usize),
    /// `::lib`: code outside the generated crate `lib` (its tests).
    External(&'a str),
}

impl Root<'_> {
    /// Whether the code is a crate's, whose features (`test-util`) exist:
    /// a module's `cfg(feature = …)` would test its includer's features.
    pub fn is_crate(self) -> bool {
        !matches!(self, Root::Relative(_))
    }
}

impl ToTokens for Root<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match *self {
            Root::Crate => tokens.extend(quote!(crate)),
            Root::Relative(0) => tokens.extend(quote!(self)),
            Root::Relative(depth) => {
                tokens.extend(quote!(super));
                for _ in 1..depth {
                    tokens.extend(quote!(::super));
                }
            }
            Root::External(lib) => {
                let lib = ident(lib);
                tokens.extend(quote!(::#lib));
            }
        }
    }
}

/// The root as written in a doc link: `crate`, `super::super`, `::lib`.
impl std::fmt::Display for Root<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Root::Crate => f.write_str("crate"),
            Root::Relative(0) => f.write_str("self"),
            Root::Relative(depth) => {
                f.write_str("super")?;
                for _ in 1..depth {
                    f.write_str("::super")?;
                }
                Ok(())
            }
            Root::External(lib) => write!(f, "::{}", ident(lib)),
        }
    }
}

/// The fully qualified Rust type of a model type reference, written straight
/// into the surrounding tokens (no intermediate token stream to copy).
#[derive(Debug, Clone, Copy)]
pub struct RustType<'a> {
    ty: &'a TypeRef,
    /// How the code around it names the generated code's root.
    root: Root<'a>,
}

impl<'a> RustType<'a> {
    /// The type as named from code whose root is `root`:
    /// `crate::models::Stack`, `super::models::Stack`, `::cloud66::models::Stack`.
    pub fn new(ty: &'a TypeRef, root: Root<'a>) -> Self {
        Self { ty, root }
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
            TypeRef::Number => quote!(::serde_json::Number),
            TypeRef::DateTime => {
                let root = self.root;
                quote!(#root::DateTime)
            }
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::Named(name) => {
                let name = ident(name);
                let root = self.root;
                quote!(#root::models::#name)
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
            TypeRef::Boxed(inner) => {
                let inner = self.of(inner);
                quote!(::std::boxed::Box<#inner>)
            }
        });
    }
}

/// A snake_case identifier joining `parts` with `_` (no doubled `_` where a
/// part ends in one, as `builder_` does): the names of generated tests.
pub fn joined_ident(parts: &[&str]) -> Ident {
    let mut name = String::new();
    for part in parts {
        let part = part.trim_matches('_');
        if part.is_empty() {
            continue;
        }
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(part);
    }
    ident(&name)
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

/// `#![doc = "…"]` inner attributes, one per line of `text` (rendered as `//!` lines).
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
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
    // Characters that render as nothing (a soft hyphen in a name, say) are
    // denied by clippy in a literal unless escaped, which a raw string
    // cannot do.
    if text.contains(['\u{ad}', '\u{200b}', '\u{2060}']) {
        return Literal::string(text);
    }
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

#[cfg(test)]
mod tests {
    #[test]
    fn invisible_characters_are_escaped() {
        let literal = raw_string("Liefer\u{ad}adresse \u{200b}").to_string();
        assert_eq!(literal, r#""Liefer\u{ad}adresse \u{200b}""#);
    }

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
