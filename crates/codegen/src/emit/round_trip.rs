//! Emits the generated crate's round-trip test: every example body of the spec
//! is decoded into its generated type and encoded back to the same JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::ExampleBodies;
use super::tokens::{raw_string, RustType};
use crate::model::{Response, TypeModel};

/// The tokens of `tests/generated_round_trip.rs`.
pub fn round_trip_file(model: &TypeModel, examples: &ExampleBodies<'_>) -> TokenStream {
    let tests = model
        .operations
        .iter()
        .enumerate()
        .flat_map(|(op_index, op)| {
            // The response wrapper and the type inside it.
            let target = match &op.response {
                Response::Empty => None,
                Response::Single(ty) => Some((quote!(Envelope), RustType::external(ty))),
                Response::Page(ty) => Some((quote!(Page), RustType::external(ty))),
            };
            let many = op.examples.len() > 1;
            op.examples
                .iter()
                .enumerate()
                .filter_map(move |(index, example)| {
                    let (wrapper, ty) = target.clone()?;
                    let name = if many {
                        format_ident!("{}_{}_example_{}", op.accessor, op.fn_name, index + 1)
                    } else {
                        format_ident!("{}_{}_example", op.accessor, op.fn_name)
                    };
                    let doc = format!(
                        " The example of `{} {}` at line {}{}.",
                        op.method,
                        op.path,
                        example.line,
                        if example.repaired {
                            " (repaired: not valid JSON as written)"
                        } else {
                            ""
                        }
                    );
                    let body = raw_string(examples.get(op_index, index));
                    Some(quote! {
                        #[doc = #doc]
                        #[test]
                        fn #name() {
                            round_trip::<::cloud66::#wrapper<#ty>>(#body);
                        }
                    })
                })
        });
    quote! {
        //! Every example body of the spec decodes into its generated type and
        //! encodes back to the same JSON.

        // Formatted by the generator; rustfmt must not make it differ from `regen`'s output.
        #[rustfmt::skip]
        mod round_trip {
        /// Decodes `body` into `T`, encodes it again and compares the JSON values.
        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(body: &str) {
            let original: ::serde_json::Value = ::serde_json::from_str(body).expect("the example is JSON");
            let typed: T = match ::serde_path_to_error::deserialize(original.clone()) {
                ::std::result::Result::Ok(typed) => typed,
                ::std::result::Result::Err(error) => panic!("decoding failed at `{}`: {}", error.path(), error.inner()),
            };
            let encoded = ::serde_json::to_value(&typed).expect("the typed value encodes");
            assert_eq!(encoded, original);
        }

        #(#tests)*
        }
    }
}
