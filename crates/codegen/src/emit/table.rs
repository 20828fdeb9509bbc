//! Emits `operations.rs`: one `Operation` static per operation and the
//! `OPERATIONS` table, so programs and the runtime can inspect the API.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api::operation_static;
use super::tokens::Docs;
use crate::model::{Operation, TypeModel};

/// The tokens of the generated `operations` module.
pub fn operations_file(model: &TypeModel) -> TokenStream {
    let statics = model.operations.iter().map(operation_item);
    let names = model.operations.iter().map(operation_static);
    quote! {
        //! The operations table: what each API call sends and needs.
        #(#statics)*

        /// Every operation of the API, in the spec's order.
        pub static OPERATIONS: &[&::blueprint_runtime::Operation] = &[#(&#names),*];
    }
}

fn operation_item(op: &Operation) -> TokenStream {
    let name = operation_static(op);
    let doc = format!(
        "`{} {}`: {}.",
        op.method,
        op.path,
        op.action.trim_end_matches('.')
    );
    let doc = Docs(&doc);
    let action = &op.action;
    let method = format_ident!("{}", op.method.variant());
    let scope = match op.scope.as_deref() {
        None => quote!(::std::option::Option::None),
        Some(scope) => quote!(::std::option::Option::Some(#scope)),
    };
    let path = op.path.to_string();
    let rust_method = format!("{}().{}", op.accessor, op.fn_name);
    let result = op.response.rust_spelling();
    quote! {
        #doc
        pub static #name: ::blueprint_runtime::Operation = ::blueprint_runtime::Operation {
            name: #action,
            method: ::blueprint_runtime::Method::#method,
            path: #path,
            scope: #scope,
            rust_method: #rust_method,
            result: #result,
        };
    }
}
