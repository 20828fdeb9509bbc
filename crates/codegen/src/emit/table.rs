//! Emits `operations.rs`: one `Operation` static per operation and the
//! `OPERATIONS` table, so programs and the runtime can inspect the API.

use proc_macro2::TokenStream;
use quote::quote;

use super::api::operation_static;
use super::tokens::Docs;
use super::EmitError;
use crate::model::{Operation, TypeModel};

/// The tokens of the generated `operations` module.
pub fn operations_file(model: &TypeModel) -> Result<TokenStream, EmitError> {
    let statics = model
        .operations
        .iter()
        .map(operation_item)
        .collect::<Result<Vec<_>, _>>()?;
    let names = model.operations.iter().map(operation_static);
    Ok(quote! {
        //! The operations table: what each API call sends and needs.
        #(#statics)*

        /// Every operation of the API, in the spec's order.
        pub static OPERATIONS: &[&crate::Operation] = &[#(&#names),*];
    })
}

fn operation_item(op: &Operation) -> Result<TokenStream, EmitError> {
    let name = operation_static(op);
    let doc = format!(
        "`{} {}`: {}.",
        op.method,
        op.path,
        op.action.trim_end_matches('.')
    );
    let doc = Docs(&doc);
    let action = &op.action;
    let method = match op.method.as_str() {
        "GET" => quote!(crate::Method::Get),
        "POST" => quote!(crate::Method::Post),
        "PUT" => quote!(crate::Method::Put),
        "PATCH" => quote!(crate::Method::Patch),
        "DELETE" => quote!(crate::Method::Delete),
        other => {
            return Err(EmitError::new(format!(
                "`{}`: unsupported HTTP method `{other}`",
                op.action
            )))
        }
    };
    let scope = match op.scope.as_deref() {
        None => quote!(::std::option::Option::None),
        Some(scope) => {
            let variant = match scope {
                "public" => quote!(Public),
                "redeploy" => quote!(Redeploy),
                "jobs" => quote!(Jobs),
                "users" => quote!(Users),
                "admin" => quote!(Admin),
                other => {
                    return Err(EmitError::new(format!(
                        "`{}`: unknown OAuth scope `{other}`",
                        op.action
                    )))
                }
            };
            quote!(::std::option::Option::Some(crate::Scope::#variant))
        }
    };
    let path = &op.path;
    let rust_method = format!("{}().{}", op.accessor, op.fn_name);
    let result = op.response.rust_spelling();
    Ok(quote! {
        #doc
        pub static #name: crate::Operation = crate::Operation {
            name: #action,
            method: #method,
            path: #path,
            scope: #scope,
            rust_method: #rust_method,
            result: #result,
        };
    })
}
