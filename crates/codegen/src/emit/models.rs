//! Emits `models.rs`: one struct or enum per named type of the model.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::doc::sanitize;
use super::tokens::{ident, Docs, Root, RustType};
use crate::model::{
    EnumRepr, Field, TypeDef, TypeKind, TypeModel, TypeRef, UntaggedVariant, Variant,
};

/// The tokens of the generated `models` module, whose code names the
/// generated code's root `root`.
pub fn models_file<'m>(model: &'m TypeModel, root: Root<'m>) -> TokenStream {
    let items = model.types.iter().map(|def| TypeItem {
        def,
        api: &model.api.name,
        root,
    });
    quote! {
        //! Response and parameter types inferred from the spec's example bodies.
        #(#items)*
    }
}

/// One named type of the model, with its impls.
struct TypeItem<'a> {
    def: &'a TypeDef,
    /// The API's name, for types the spec does not describe.
    api: &'a str,
    root: Root<'a>,
}

impl ToTokens for TypeItem<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let def = self.def;
        let doc = type_doc(def, self.api);
        let doc = Docs(&doc);
        let name = ident(&def.name);
        let root = self.root;
        tokens.extend(match &def.kind {
            TypeKind::Struct { fields } => struct_item(doc, &name, fields, def.input, root),
            TypeKind::Enum { repr, variants } => enum_item(doc, &name, *repr, variants, root),
            TypeKind::Untagged { variants } => untagged_item(doc, &name, variants, root),
            TypeKind::Alias { target } => {
                let target = RustType::new(target, root);
                quote! { #doc pub type #name = #target; }
            }
        });
    }
}

fn type_doc(def: &TypeDef, api: &str) -> String {
    let doc = sanitize(&def.doc);
    if doc.is_empty() {
        format!(
            "The `{}` object of {}.",
            def.name,
            crate::model::api_phrase(api)
        )
    } else {
        doc
    }
}

/// The attribute that gives a type `Default` under the `test-util` feature,
/// so that programs can build answers in their own tests (answers are
/// `#[non_exhaustive]`: no struct literal outside this crate).
///
/// Only a crate has that feature: a generated module's types sit in the
/// includer's crate, where `#[non_exhaustive]` does not forbid literals, and
/// a `cfg(feature = "test-util")` there would test a feature of the
/// includer's (`unexpected_cfgs` when it has none).
fn test_util_default() -> TokenStream {
    quote!(#[cfg_attr(feature = "test-util", derive(::std::default::Default))])
}

/// Whether `ty`'s default is `Default::default()` (not a number or a date,
/// which have none).
fn derives_default(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Number | TypeRef::DateTime => false,
        TypeRef::Boxed(inner) => derives_default(inner),
        _ => true,
    }
}

/// The value of a field of type `ty` in a `test-util` default.
fn default_value(ty: &TypeRef, root: Root<'_>) -> TokenStream {
    match ty {
        TypeRef::Number => quote!(::serde_json::Number::from(0u8)),
        TypeRef::DateTime => quote!(#root::DateTime::from(::std::time::SystemTime::UNIX_EPOCH)),
        TypeRef::Boxed(inner) => {
            let inner = default_value(inner, root);
            quote!(::std::boxed::Box::new(#inner))
        }
        _ => quote!(::std::default::Default::default()),
    }
}

fn struct_item(
    doc: Docs<'_>,
    name: &proc_macro2::Ident,
    fields: &[Field],
    input: bool,
    root: Root<'_>,
) -> TokenStream {
    let constants: Vec<TokenStream> = fields.iter().filter_map(fixed_constant).collect();
    let constants = (!constants.is_empty()).then(|| quote! { impl #name { #(#constants)* } });
    // A request body whose every field may be left out starts from `Default`
    // (`..Default::default()`); any other type gets it under `test-util`,
    // for programs' own tests: derived where every field has one, else
    // written out.
    let all_optional = !fields.is_empty() && fields.iter().all(|f| f.optional && !f.flatten);
    let derivable = fields
        .iter()
        .all(|f| f.optional || f.nullable || derives_default(&f.ty));
    let (always_default, test_derive, test_impl) = if input && all_optional {
        (quote!(::std::default::Default,), None, None)
    } else if !root.is_crate() {
        (TokenStream::new(), None, None)
    } else if derivable {
        (TokenStream::new(), Some(test_util_default()), None)
    } else {
        let names = fields.iter().map(|f| ident(&f.rust));
        let values = fields.iter().map(|f| {
            if f.optional || f.nullable {
                quote!(::std::default::Default::default())
            } else {
                default_value(&f.ty, root)
            }
        });
        let manual = quote! {
            #[cfg(feature = "test-util")]
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name { #(#names: #values,)* }
                }
            }
        };
        (TokenStream::new(), None, Some(manual))
    };
    let fields = fields.iter().map(|field| FieldItem { field, root });
    // Callers build request bodies with struct literals; answers may gain
    // fields, so they are `#[non_exhaustive]`.
    let non_exhaustive = (!input).then(|| quote!(#[non_exhaustive]));
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #always_default ::serde::Serialize, ::serde::Deserialize)]
        #test_derive
        #non_exhaustive
        pub struct #name {
            #(#fields)*
        }
        #test_impl
        #constants
    }
}

/// The associated constant of an MSON `fixed` field (`pub const KIND: &str =
/// "note";`), named after the field in upper case.
fn fixed_constant(field: &Field) -> Option<TokenStream> {
    let value = field.fixed.as_ref()?;
    let (ty, literal) = match (&field.ty, value) {
        (TypeRef::String, serde_json::Value::String(text)) => (quote!(&str), quote!(#text)),
        (TypeRef::Bool, serde_json::Value::Bool(flag)) => (quote!(bool), quote!(#flag)),
        (TypeRef::I64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            (quote!(i64), quote!(#n))
        }
        (TypeRef::U64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n.as_u64()?);
            (quote!(u64), quote!(#n))
        }
        (TypeRef::F64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64()?);
            (quote!(f64), quote!(#n))
        }
        _ => return None,
    };
    let doc = format!(
        "The value `{}` always has (MSON `fixed`): `{}`.",
        field.json,
        value.to_string().replace('`', "'")
    );
    let doc = Docs(&doc);
    let name = ident(&field.rust.to_uppercase());
    Some(quote! { #doc pub const #name: #ty = #literal; })
}

/// A struct field with its docs and serde attributes.
struct FieldItem<'a> {
    field: &'a Field,
    root: Root<'a>,
}

impl ToTokens for FieldItem<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let field = self.field;
        let doc = field_doc(field);
        let doc = Docs(&doc);
        let name = ident(&field.rust);
        let ty = RustType::new(&field.ty, self.root);
        if field.flatten {
            tokens.extend(quote! {
                #doc
                #[serde(flatten)]
                pub #name: #ty,
            });
            return;
        }
        let rename = (field.rust != field.json).then(|| {
            let json = &field.json;
            quote!(#[serde(rename = #json)])
        });
        // Every example must encode back to itself, so absence and `null`
        // are kept apart: a field absent in some examples is skipped when
        // `None`; one that is also `null` in some is `Option<Option<T>>`
        // (`Some(None)` is the `null`; a JSON value holds its own `null`);
        // one only ever `null` keeps it. All accept a missing key.
        let inner = (field.optional && field.nullable && field.ty != TypeRef::Json)
            .then(|| quote!(::std::option::Option<#ty>));
        tokens.extend(if field.optional && field.nullable {
            let ty = inner.unwrap_or_else(|| ty.to_token_stream());
            quote! {
                #doc
                #rename
                #[serde(default, deserialize_with = "::blueprint_runtime::fields::present", skip_serializing_if = "::std::option::Option::is_none")]
                pub #name: ::std::option::Option<#ty>,
            }
        } else if field.optional {
            quote! {
                #doc
                #rename
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #name: ::std::option::Option<#ty>,
            }
        } else if field.nullable {
            quote! {
                #doc
                #rename
                #[serde(default)]
                pub #name: ::std::option::Option<#ty>,
            }
        } else {
            quote! {
                #doc
                #rename
                pub #name: #ty,
            }
        });
    }
}

/// A field's documentation: the spec's description (else the JSON key it
/// holds), an example value, and what `None` means for it.
fn field_doc(field: &Field) -> String {
    let mut doc = sanitize(field.doc.trim());
    let example = field
        .example
        .as_ref()
        .map(|e| e.to_string().replace('`', "'"));
    if doc.is_empty() {
        // The spec says nothing of the field: say what it holds, not its name again.
        doc = match (&field.ty, &example) {
            (_, Some(e)) => format!("For example `{e}`."),
            (TypeRef::List(item), None) => match &**item {
                TypeRef::Named(n) => format!("A list of [`{n}`]."),
                other => format!("A list of `{}`.", other.rust_spelling()),
            },
            (TypeRef::Named(n), None) => format!("A [`{n}`]."),
            (TypeRef::Map(value), None) => {
                format!("A map from keys to `{}`.", value.rust_spelling())
            }
            (_, None) => format!("The `{}` field.", field.json),
        };
    } else {
        if !doc.ends_with(['.', '!', '?', ':']) {
            doc.push('.');
        }
        if let Some(e) = &example {
            doc.push_str(&format!("\n\nExample: `{e}`."));
        }
    }
    let none = match (field.optional, field.nullable, &field.ty) {
        (_, true, TypeRef::Json) if field.example.is_none() => Some(
            "`null` in every example, so its type is not known: any JSON value (`None` when absent).",
        ),
        (true, true, TypeRef::Json) => Some("`None` when the field is absent; a JSON `null` is kept as such."),
        (true, true, _) => Some("`None` when the field is absent, `Some(None)` when it is `null`."),
        (true, false, _) => Some("`None` when the field is absent."),
        (false, true, _) => Some("`None` when the API sends `null`."),
        (false, false, _) => None,
    };
    if let Some(none) = none {
        doc.push_str("\n\n");
        doc.push_str(none);
    }
    doc
}

fn enum_item(
    doc: Docs<'_>,
    name: &proc_macro2::Ident,
    repr: EnumRepr,
    variants: &[Variant],
    root: Root<'_>,
) -> TokenStream {
    let variant_docs: Vec<String> = variants.iter().map(variant_doc).collect();
    let variant_docs = variant_docs.iter().map(|doc| Docs(doc));
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    // The catch-all keeps values this crate does not know; it takes another
    // name when the documented table already has an `Unknown`/`Other` value.
    let preferred = match repr {
        EnumRepr::Integer => "Unknown",
        EnumRepr::String => "Other",
    };
    let fallback = if variants.iter().any(|v| v.name == preferred) {
        ident("Unrecognized")
    } else {
        ident(preferred)
    };
    // Under `test-util`, the first documented value is the default (for
    // programs' own tests); without one, the catch-all holding nothing.
    let (test_derive, test_impl) = if !root.is_crate() {
        (None, None)
    } else if variants.is_empty() {
        let empty = match repr {
            EnumRepr::Integer => quote!(0),
            EnumRepr::String => quote!(::std::string::String::new()),
        };
        let manual = quote! {
            #[cfg(feature = "test-util")]
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#fallback(#empty)
                }
            }
        };
        (None, Some(manual))
    } else {
        (Some(test_util_default()), None)
    };
    let default_marks = (0..names.len()).map(|i| {
        (i == 0 && root.is_crate()).then(|| quote!(#[cfg_attr(feature = "test-util", default)]))
    });
    let default_marks: Vec<_> = default_marks.collect();
    match repr {
        EnumRepr::Integer => {
            let codes: Vec<proc_macro2::Literal> = variants
                .iter()
                .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default()))
                .collect();
            quote! {
                #doc
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(from = "i64", into = "i64")]
                #test_derive
                #[non_exhaustive]
                pub enum #name {
                    #(#variant_docs #default_marks #names,)*
                    /// A code this version of the crate does not know, kept as received.
                    #fallback(i64),
                }

                #test_impl

                impl #name {
                    /// The integer code sent on the wire.
                    pub fn code(self) -> i64 {
                        match self {
                            #(Self::#names => #codes,)*
                            Self::#fallback(code) => code,
                        }
                    }
                }

                impl ::std::convert::From<i64> for #name {
                    fn from(code: i64) -> Self {
                        match code {
                            #(#codes => Self::#names,)*
                            other => Self::#fallback(other),
                        }
                    }
                }

                impl ::std::convert::From<#name> for i64 {
                    fn from(value: #name) -> i64 {
                        value.code()
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.code(), f)
                    }
                }
            }
        }
        EnumRepr::String => {
            let values: Vec<String> = variants
                .iter()
                .map(|v| {
                    v.value
                        .as_str()
                        .map_or_else(|| v.value.to_string(), str::to_owned)
                })
                .collect();
            quote! {
                #doc
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
                #test_derive
                #[non_exhaustive]
                pub enum #name {
                    #(#variant_docs #default_marks #names,)*
                    /// A value this version of the crate does not know, kept as received.
                    #fallback(::std::string::String),
                }

                #test_impl

                impl #name {
                    /// The string sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#names => #values,)*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#values => Self::#names,)*
                            other => Self::#fallback(::std::borrow::ToOwned::to_owned(other)),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                        ::std::result::Result::Ok(Self::from(value.as_ref()))
                    }
                }
            }
        }
    }
}

fn variant_doc(variant: &Variant) -> String {
    let value = match &variant.value {
        serde_json::Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    };
    if variant.doc.trim().is_empty() {
        format!("The value {value}.")
    } else {
        format!(
            "{} ({value}).",
            sanitize(variant.doc.trim().trim_end_matches('.'))
        )
    }
}

fn untagged_item(
    doc: Docs<'_>,
    name: &proc_macro2::Ident,
    variants: &[UntaggedVariant],
    root: Root<'_>,
) -> TokenStream {
    let variant_docs: Vec<String> = variants
        .iter()
        .map(|v| format!("A value of type `{}`.", v.ty.rust_spelling()))
        .collect();
    let variant_docs = variant_docs.iter().map(|doc| Docs(doc));
    let names = variants.iter().map(|v| ident(&v.name));
    let types = variants.iter().map(|v| RustType::new(&v.ty, root));
    let test_impl = variants.first().filter(|_| root.is_crate()).map(|first| {
        let variant = ident(&first.name);
        let value = default_value(&first.ty, root);
        quote! {
            #[cfg(feature = "test-util")]
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#variant(#value)
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #names(#types),)*
        }
        #test_impl
    }
}
