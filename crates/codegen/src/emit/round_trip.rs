//! Emits the generated crate's round-trip test: every example body of the spec
//! is decoded into its generated type and encoded back to the same JSON.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::examples::ExampleBodies;
use super::tokens::{joined_ident, raw_string, Root, RustType};
use crate::model::{Example, Response, TypeModel};

/// The tokens of `tests/generated_round_trip.rs`.
pub fn round_trip_file(model: &TypeModel, examples: &ExampleBodies<'_>) -> TokenStream {
    let lib = &model.api.lib;
    let root = Root::External(lib);
    let mut tests: Vec<TokenStream> = Vec::new();
    for (op_index, op) in model.operations.iter().enumerate() {
        // The type a whole response body decodes into.
        let target = match &op.response {
            Response::Empty | Response::Text | Response::Bytes => None,
            Response::Single(ty) if op.enveloped => {
                let ty = RustType::new(ty, Root::External(lib));
                Some(quote!(#root::Envelope<#ty>))
            }
            Response::Single(ty) => Some(RustType::new(ty, Root::External(lib)).to_token_stream()),
            Response::Page(ty) => {
                let ty = RustType::new(ty, Root::External(lib));
                Some(quote!(#root::Page<#ty>))
            }
        };
        let many = op.examples.len() > 1;
        for (index, example) in op.examples.iter().enumerate() {
            let Some(target) = &target else { break };
            let number = (index + 1).to_string();
            let mut parts = vec![op.accessor.as_str(), op.fn_name.as_str(), "example"];
            if many {
                parts.push(&number);
            }
            let what = format!("The example of `{} {}`", op.method, op.path);
            let body = examples.get(op_index, index);
            tests.push(test(
                &model.api.source,
                &parts,
                &what,
                example,
                target,
                body,
            ));
        }
        if let Some(request) = &op.request {
            let target = RustType::new(&request.ty, Root::External(lib)).to_token_stream();
            let many = request.examples.len() > 1;
            for (index, example) in request.examples.iter().enumerate() {
                let number = (index + 1).to_string();
                let mut parts = vec![op.accessor.as_str(), op.fn_name.as_str(), "request"];
                if many {
                    parts.push(&number);
                }
                let what = format!("The request example of `{} {}`", op.method, op.path);
                let body = pretty(&example.value);
                tests.push(test(
                    &model.api.source,
                    &parts,
                    &what,
                    example,
                    &target,
                    &body,
                ));
            }
        }
        for (index, error) in op.errors.iter().enumerate() {
            let (Some(ty), Some(example)) = (&error.ty, &error.example) else {
                continue;
            };
            let target = RustType::new(ty, Root::External(lib)).to_token_stream();
            let status = error.status.to_string();
            let number = (index + 1).to_string();
            let parts = [
                op.accessor.as_str(),
                op.fn_name.as_str(),
                "error",
                status.as_str(),
                number.as_str(),
            ];
            let what = format!(
                "The `{}` example of `{} {}`",
                error.status, op.method, op.path
            );
            let body = pretty(&example.value);
            tests.push(test(
                &model.api.source,
                &parts,
                &what,
                example,
                &target,
                &body,
            ));
        }
    }
    if tests.is_empty() {
        return quote! {
            //! Every example body of the spec decodes into its generated type and
            //! encodes back to the same JSON: this spec has no JSON example.
        };
    }
    quote! {
        //! Every example body of the spec decodes into its generated type and
        //! encodes back to the same JSON.

        // Formatted by the generator; rustfmt must not make it differ from `regen`'s output.
        #[rustfmt::skip]
        mod round_trip {
        use ::blueprint_runtime::testing::round_trip;

        #(#tests)*
        }
    }
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// One round-trip test of `body` (an example at its line) through `target`.
fn test(
    source: &crate::model::SpecSource,
    parts: &[&str],
    what: &str,
    example: &Example,
    target: &TokenStream,
    body: &str,
) -> TokenStream {
    let name = joined_ident(parts);
    let doc = format!(
        " {what} at {}{}.",
        source.place(example.line),
        if example.repaired {
            " (repaired: not valid JSON as written)"
        } else {
            ""
        }
    );
    let body = raw_string(body);
    quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            round_trip::<#target>(#body);
        }
    }
}
