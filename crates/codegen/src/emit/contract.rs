//! Emits the generated crate's contract test: for every operation, a mock
//! server serves the spec's example, and the generated method must send the
//! right method, path, query or form, and credentials, and decode the example.

use blueprint_parser::Location;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::examples::ExampleBodies;
use super::tokens::{ident, joined_ident, raw_string, Root, RustType};
use crate::model::{Example, Operation, Param, PathSegment, Response, TypeModel, TypeRef};

/// The body a mock serves for an operation whose responses are not JSON.
const TEXT_BODY: &str = "example body";

/// The tokens of `tests/generated_contract.rs`.
pub fn contract_file(model: &TypeModel, examples: &ExampleBodies<'_>) -> TokenStream {
    let mut tests = TokenStream::new();
    tests.extend(model.operations.iter().enumerate().map(
        |(index, op)| match op.examples.first() {
            Some(example) => contract_test(model, op, Some((example, examples.get(index, 0)))),
            None => {
                let made = synthesized(model, op);
                contract_test(model, op, made.as_ref().map(|(e, body)| (e, body.as_str())))
            }
        },
    ));
    for op in &model.operations {
        for (index, error) in op.errors.iter().enumerate() {
            tests.extend(error_test(model, op, index, error));
        }
    }
    if tests.is_empty() {
        return quote! {
            //! One contract test per operation: this spec has no operation.
        };
    }
    quote! {
        //! One contract test per operation: the generated method against a mock
        //! server that serves the spec's example for that operation.

        // Formatted by the generator; rustfmt must not make it differ from `regen`'s output.
        #[rustfmt::skip]
        mod contract {
        use ::blueprint_runtime::testing::{serve, Expected};

        #tests
        }
    }
}

/// What a contract test of `op` sends: the call's arguments and setters,
/// and the `Expected` fields describing the request.
struct Call {
    /// `client.group().method(args).setters()`, without `.send()`.
    call: TokenStream,
    /// `method: …, path: …, query: …, form: …, json: …, request_headers: …,`.
    expected: TokenStream,
}

fn call(model: &TypeModel, op: &Operation) -> Call {
    let lib = model.api.lib.as_str();
    let root = Root::External(lib);
    let http_method = op.method.as_str();
    let expected_path = expected_path(op);
    let mut query: Vec<TokenStream> = op
        .path
        .literal_query()
        .map(|(name, value)| quote!((#name, #value)))
        .collect();
    for (name, pieces) in op.path.query_templates() {
        let value: String = pieces
            .iter()
            .map(|piece| match piece {
                PathSegment::Literal(text) => text.clone(),
                PathSegment::Variable(v) => template_value(op, v),
                PathSegment::Expression(vars) => vars
                    .iter()
                    .map(|v| template_value(op, v))
                    .collect::<Vec<_>>()
                    .join(","),
            })
            .collect();
        query.push(quote!((#name, #value)));
    }
    let mut form = Vec::new();
    for param in op
        .parameters
        .iter()
        .filter(|p| p.location != Location::Path)
    {
        let wire_name = &param.name;
        let wire_value = wire_value(param);
        let pair = quote!((#wire_name, #wire_value));
        match param.location {
            Location::Form => form.push(pair),
            _ => query.push(pair),
        }
    }
    let accessor = ident(&op.accessor);
    let method_name = ident(&op.fn_name);
    let mut args: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| typed_value(p, lib))
        .collect();
    let json = match &op.request {
        Some(body) => {
            // The spec's example, or the smallest value of a declared type.
            let value = body.examples.first().map_or_else(
                || super::examples::synthesize(model, &body.ty),
                |e| (*e.value).clone(),
            );
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            let ty = RustType::new(&body.ty, Root::External(lib));
            let literal = raw_string(&text);
            args.push(quote!(::serde_json::from_str::<#ty>(#literal).expect("the request example decodes")));
            text
        }
        None => String::new(),
    };
    let json = raw_string(&json);
    let setters = op.parameters.iter().filter(|p| !p.required).map(|p| {
        let setter = ident(&p.rust);
        let value = setter_expr(p, lib);
        quote!(.#setter(#value))
    });
    let header_setters = op.request_headers.iter().map(|h| {
        let setter = ident(&h.rust);
        let value = &h.example;
        quote!(.#setter(#value))
    });
    let request_headers = op.request_headers.iter().map(|h| {
        let (name, value) = (&h.name, &h.example);
        quote!((#name, #value))
    });
    Call {
        call: quote! {
            mock.client::<#root::Client>()
                .#accessor()
                .#method_name(#(#args),*)
                #(#setters)*
                #(#header_setters)*
        },
        expected: quote! {
            method: #http_method,
            path: #expected_path,
            query: &[#(#query),*],
            form: &[#(#form),*],
            json: #json,
            request_headers: &[#(#request_headers),*],
        },
    }
}

/// An example for an operation with a typed result but no example in the
/// spec (a declared type without a rendered body): the smallest value the
/// type decodes.
fn synthesized(model: &TypeModel, op: &Operation) -> Option<(Example, String)> {
    let value = match &op.response {
        Response::Single(ty) => {
            let inner = super::examples::synthesize(model, ty);
            match (&model.api.envelope, op.enveloped) {
                (Some(key), true) => serde_json::json!({ key.as_str(): inner }),
                _ => inner,
            }
        }
        Response::Page(_) => super::examples::synthesize_page(model),
        _ => return None,
    };
    let body = serde_json::to_string_pretty(&value).unwrap_or_default();
    let example = Example {
        line: op.line,
        status: 200,
        headers: Vec::new(),
        value: std::sync::Arc::new(value),
        repaired: false,
        generated: true,
    };
    Some((example, body))
}

/// The response headers a mock sends: the documented ones but `Content-Type`.
fn mock_headers(example: Option<&Example>) -> impl Iterator<Item = TokenStream> + '_ {
    example
        .map(|e| e.headers.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .map(|(name, value)| quote!((#name, #value)))
}

/// The contract test of `op`, whose mock answers with `example` (and its
/// body as pretty JSON), if the spec has one.
fn contract_test(
    model: &TypeModel,
    op: &Operation,
    example: Option<(&Example, &str)>,
) -> TokenStream {
    let root = Root::External(&model.api.lib);
    let name = joined_ident(&[&op.accessor, &op.fn_name]);
    let doc = format!(
        " `{} {}`: {}.",
        op.method,
        op.path,
        op.action.trim_end_matches('.')
    );
    let Call { call, expected } = call(model, op);
    let body_text = match (&op.response, example) {
        (Response::Bytes | Response::Text, _) => TEXT_BODY,
        (_, Some((_, body))) => body,
        (_, None) => "",
    };
    let body = raw_string(body_text);
    let status = Literal::u16_unsuffixed(example.map_or(200, |(e, _)| e.status));
    let headers = mock_headers(example.map(|(e, _)| e));
    let call = quote! {
        #call
            .send()
            .await
            .expect("the call succeeds against the spec's example")
    };
    // An operation without a documented body returns `()`.
    let check = match (&op.response, example) {
        (Response::Bytes, _) => quote! {
            let body = #call;
            assert_eq!(body, #TEXT_BODY.as_bytes());
        },
        (Response::Text, _) => quote! {
            let body = #call;
            assert_eq!(body, #TEXT_BODY);
        },
        (Response::Empty, _) | (_, None) => quote!(let () = #call;),
        (Response::Single(_), Some(_)) if op.enveloped => {
            let key = model.api.envelope.as_deref().unwrap_or_default();
            let field = ident(&crate::infer::naming::snake_ident(key));
            quote! {
                let result = #call;
                mock.assert_encodes_to(#root::Envelope { #field: result });
            }
        }
        _ => quote! {
            let result = #call;
            mock.assert_encodes_to(result);
        },
    };
    quote! {
        #[doc = #doc]
        #[::tokio::test]
        async fn #name() {
            let mock = serve(&#root::API, Expected {
                #expected
                status: #status,
                headers: &[#(#headers),*],
                body: #body,
            })
            .await;
            #check
        }
    }
}

/// The test of documented error answer `index` of `op`: the call fails with
/// its status and, when the spec gives its JSON body, `Error::body_as`
/// decodes that body into its type and back to the same JSON.
fn error_test(
    model: &TypeModel,
    op: &Operation,
    index: usize,
    error: &crate::model::ErrorResponse,
) -> TokenStream {
    let lib = model.api.lib.as_str();
    let root = Root::External(lib);
    let status = error.status.to_string();
    let number = (index + 1).to_string();
    let name = joined_ident(&[&op.accessor, &op.fn_name, "error", &status, &number]);
    let doc = format!(
        " `{} {}` answering `{}`, as the spec documents.",
        op.method, op.path, error.status
    );
    let Call { call, expected } = call(model, op);
    let body_text = error
        .example
        .as_ref()
        .map(|e| serde_json::to_string_pretty(&e.value).unwrap_or_default())
        .unwrap_or_default();
    let body = raw_string(&body_text);
    let headers = mock_headers(error.example.as_ref());
    let status_literal = Literal::u16_unsuffixed(error.status);
    let decode = match (&error.ty, &error.example) {
        (Some(ty), Some(_)) => {
            let ty = RustType::new(ty, Root::External(lib));
            quote! {
                let decoded: #ty = error
                    .body_as()
                    .expect("an API error")
                    .expect("the documented error body decodes");
                mock.assert_encodes_to(decoded);
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #[doc = #doc]
        #[::tokio::test]
        async fn #name() {
            let mock = serve(&#root::API, Expected {
                #expected
                status: #status_literal,
                headers: &[#(#headers),*],
                body: #body,
            })
            .await;
            let error = #call
                .send()
                .await
                .expect_err("the documented error status is an error");
            assert_eq!(error.status(), ::std::option::Option::Some(#status_literal));
            #decode
        }
    }
}

/// The example value of a parameter as written on the wire.
fn wire_value(param: &Param) -> String {
    let example = example_or_default(param);
    if param.json_encoded {
        // The client sends maps with sorted keys, compactly.
        return serde_json::from_str::<std::collections::BTreeMap<String, serde_json::Value>>(
            &example,
        )
        .ok()
        .and_then(|map| serde_json::to_string(&map).ok())
        .unwrap_or(example);
    }
    // The client sends numbers as Rust formats them (`1.50` goes as `1.5`).
    match param.ty {
        TypeRef::I64 => example.parse::<i64>().map_or(example, |n| n.to_string()),
        TypeRef::U64 => example.parse::<u64>().map_or(example, |n| n.to_string()),
        TypeRef::F64 => example.parse::<f64>().map_or(example, |n| n.to_string()),
        _ => example,
    }
}

fn example_or_default(param: &Param) -> String {
    // An empty, `.` or `..` path argument is refused by the client.
    let usable = |e: &&str| !e.is_empty() && *e != "." && *e != "..";
    if let Some(example) = param.example.as_deref().filter(usable) {
        let fits = match param.ty {
            TypeRef::I64 => example.parse::<i64>().is_ok(),
            TypeRef::U64 => example.parse::<u64>().is_ok(),
            TypeRef::F64 => example.parse::<f64>().is_ok(),
            TypeRef::Bool => example == "true" || example == "false",
            TypeRef::Map(_) | TypeRef::Json => {
                serde_json::from_str::<serde_json::Value>(example).is_ok()
            }
            _ => true,
        };
        if fits {
            return example.to_owned();
        }
    }
    match param.ty {
        TypeRef::I64 | TypeRef::U64 => "1".to_owned(),
        TypeRef::F64 => "1.5".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Map(_) => "{}".to_owned(),
        _ => "example".to_owned(),
    }
}

/// A Rust expression of the parameter's own type holding its example:
/// literals carry their type's suffix (`1.0_f64`, `7_u64`), so an integer
/// example of a float parameter still compiles.
fn typed_value(param: &Param, lib: &str) -> TokenStream {
    let example = example_or_default(param);
    match &param.ty {
        TypeRef::I64 => {
            let value = Literal::i64_suffixed(example.parse().unwrap_or(1));
            quote!(#value)
        }
        TypeRef::U64 => {
            let value = Literal::u64_suffixed(example.parse().unwrap_or(1));
            quote!(#value)
        }
        TypeRef::F64 => {
            let value = Literal::f64_suffixed(example.parse().unwrap_or(1.5));
            quote!(#value)
        }
        TypeRef::Bool => {
            if example == "false" {
                quote!(false)
            } else {
                quote!(true)
            }
        }
        TypeRef::Map(_) | TypeRef::Json | TypeRef::List(_) => {
            let json = raw_string(&example);
            let ty = RustType::new(&param.ty, Root::External(lib));
            quote!(::serde_json::from_str::<#ty>(#json).expect("the example is JSON"))
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            let root = Root::External(lib);
            let value: TokenStream = example
                .parse::<i64>()
                .map(|code| quote!(#code))
                .unwrap_or_else(|_| quote!(#example));
            quote!(#root::models::#name::from(#value))
        }
        _ => quote!(#example),
    }
}

fn setter_expr(param: &Param, lib: &str) -> TokenStream {
    match &param.ty {
        // `impl Into<String>` takes the literal as is.
        TypeRef::String => {
            let example = example_or_default(param);
            quote!(#example)
        }
        _ => typed_value(param, lib),
    }
}

/// The request path the mock expects: the template with percent-encoded examples.
fn expected_path(op: &Operation) -> String {
    let mut out = String::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => out.push_str(&crate::model::wire_literal(text)),
            PathSegment::Variable(variable) => out.push_str(&path_value(op, variable)),
            // The test sets every optional parameter, so every value is there.
            PathSegment::Expression(variables) => {
                let values: Vec<String> = variables.iter().map(|v| path_value(op, v)).collect();
                out.push_str(&values.join(","));
            }
        }
    }
    out
}

/// The example a test passes for the template variable `variable`, as sent in a query value.
fn template_value(op: &Operation, variable: &str) -> String {
    op.parameters
        .iter()
        .find(|p| p.location == Location::Path && p.name == variable)
        .map_or_else(|| variable.to_owned(), wire_value)
}

/// The percent-encoded example a test passes for the path variable `variable`.
fn path_value(op: &Operation, variable: &str) -> String {
    let value = op
        .parameters
        .iter()
        .find(|p| p.location == Location::Path && p.name == variable)
        // As the argument is formatted: `007` is the number 7.
        .map_or_else(|| variable.to_owned(), wire_value);
    percent_encode(&value)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, as the runtime does.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
