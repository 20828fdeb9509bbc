//! Emits the generated crate's contract test: for every operation, a mock
//! server serves the spec's example, and the generated method must send the
//! right method, path, query or form, and bearer token, and decode the example.

use blueprint_parser::Location;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::round_trip::raw_string;
use super::tokens::{external_type_tokens, ident, path_parts, PathPart};
use crate::model::{Operation, Param, Response, TypeModel, TypeRef};

/// The tokens of `tests/generated_contract.rs`.
pub fn contract_file(model: &TypeModel) -> TokenStream {
    let tests = model.operations.iter().map(contract_test);
    quote! {
        //! One contract test per operation: the generated method against a mock
        //! server that serves the spec's example for that operation.

        // Formatted by the generator; rustfmt must not make it differ from `regen`'s output.
        #[rustfmt::skip]
        mod contract {
        use ::wiremock::matchers::{header, method, path, query_param};

        const TOKEN: &str = "contract-test-token";

        /// A client for the mock server, without retries so a mismatch fails fast.
        fn client_for(server: &::wiremock::MockServer) -> ::cloud66::Client {
            ::cloud66::Client::builder()
                .token(TOKEN)
                .base_url(server.uri())
                .retry_policy(::cloud66::RetryPolicy::none())
                .build()
                .expect("a loopback client builds")
        }

        /// Matches a form-encoded body holding exactly these pairs (in any order).
        struct FormBody(::std::vec::Vec<(&'static str, ::std::string::String)>);

        impl ::wiremock::Match for FormBody {
            fn matches(&self, request: &::wiremock::Request) -> bool {
                let mut sent: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
                    ::url::form_urlencoded::parse(&request.body).into_owned().collect();
                let mut expected: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = self
                    .0
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), value.clone()))
                    .collect();
                sent.sort();
                expected.sort();
                sent == expected
            }
        }

        /// A 200 response carrying `body` and the spec's rate-limit headers.
        fn example_response(body: &str) -> ::wiremock::ResponseTemplate {
            ::wiremock::ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Limit", "3600")
                .insert_header("X-RateLimit-Remaining", "3597")
                .set_body_raw(body.as_bytes().to_vec(), "application/json")
        }

        #(#tests)*
        }
    }
}

fn contract_test(op: &Operation) -> TokenStream {
    let name = format_ident!("{}_{}", op.accessor, op.fn_name);
    let doc = format!(
        " `{} {}`: {}.",
        op.method,
        op.path,
        op.action.trim_end_matches('.')
    );
    let http_method = &op.method;
    let expected_path = expected_path(op);
    let mut matchers = Vec::new();
    let mut form = Vec::new();
    for param in op
        .parameters
        .iter()
        .filter(|p| p.location != Location::Path)
    {
        let wire_name = &param.name;
        let wire_value = wire_value(param);
        match param.location {
            Location::Form => {
                form.push(quote!((#wire_name, ::std::string::String::from(#wire_value))))
            }
            _ => matchers.push(quote!(.and(query_param(#wire_name, #wire_value)))),
        }
    }
    if !form.is_empty() {
        matchers.push(quote!(.and(FormBody(::std::vec![#(#form),*]))));
    }
    let accessor = ident(&op.accessor);
    let method_name = ident(&op.fn_name);
    let args = op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path || p.required)
        .map(argument_expr);
    let setters = op
        .parameters
        .iter()
        .filter(|p| p.location != Location::Path && !p.required)
        .map(|p| {
            let setter = ident(&p.rust);
            let value = setter_expr(p);
            quote!(.#setter(#value))
        });
    let example = op.examples.first();
    let body = example.map_or_else(String::new, |e| {
        serde_json::to_string_pretty(&e.value).unwrap_or_default()
    });
    let body = raw_string(&body);
    // An operation without a documented body returns `()`.
    let binding = match (&op.response, example) {
        (Response::Empty, _) | (_, None) => quote!(()),
        _ => quote!(result),
    };
    let check = match (&op.response, example) {
        (Response::Empty, _) | (_, None) => TokenStream::new(),
        (Response::Single(_), Some(_)) => quote! {
            let expected: ::serde_json::Value = ::serde_json::from_str(body).expect("the example is JSON");
            let decoded = ::serde_json::to_value(::cloud66::Envelope { response: result }).expect("the result encodes");
            assert_eq!(decoded, expected);
        },
        (Response::Page(_), Some(_)) => quote! {
            let expected: ::serde_json::Value = ::serde_json::from_str(body).expect("the example is JSON");
            let decoded = ::serde_json::to_value(result).expect("the result encodes");
            assert_eq!(decoded, expected);
        },
    };
    quote! {
        #[doc = #doc]
        #[::tokio::test]
        async fn #name() {
            let server = ::wiremock::MockServer::start().await;
            let body = #body;
            ::wiremock::Mock::given(method(#http_method))
                .and(path(#expected_path))
                .and(header("authorization", "Bearer contract-test-token"))
                #(#matchers)*
                .respond_with(example_response(body))
                .expect(1)
                .mount(&server)
                .await;
            let #binding = client_for(&server)
                .#accessor()
                .#method_name(#(#args),*)
                #(#setters)*
                .send()
                .await
                .expect("the call succeeds against the spec's example");
            #check
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
    example
}

fn example_or_default(param: &Param) -> String {
    if let Some(example) = param.example.as_deref().filter(|e| !e.is_empty()) {
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

/// A Rust expression of the parameter's own type holding its example.
fn typed_value(param: &Param) -> TokenStream {
    let example = example_or_default(param);
    match &param.ty {
        TypeRef::I64 | TypeRef::U64 | TypeRef::F64 | TypeRef::Bool => {
            example.parse().unwrap_or_else(|_| quote!(1))
        }
        TypeRef::Map(_) | TypeRef::Json => {
            let json = raw_string(&example);
            let ty = external_type_tokens(&param.ty);
            quote!(::serde_json::from_str::<#ty>(#json).expect("the example is JSON"))
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            let value: TokenStream = example
                .parse::<i64>()
                .map(|code| quote!(#code))
                .unwrap_or_else(|_| quote!(#example));
            quote!(::cloud66::models::#name::from(#value))
        }
        _ => quote!(#example),
    }
}

fn argument_expr(param: &Param) -> TokenStream {
    typed_value(param)
}

fn setter_expr(param: &Param) -> TokenStream {
    match &param.ty {
        // `impl Into<String>` takes the literal as is.
        TypeRef::String => {
            let example = example_or_default(param);
            quote!(#example)
        }
        _ => typed_value(param),
    }
}

/// The request path the mock expects: the template with percent-encoded examples.
fn expected_path(op: &Operation) -> String {
    let mut out = String::new();
    for part in path_parts(&op.path) {
        match part {
            PathPart::Literal(text) => out.push_str(text),
            PathPart::Variable(variable) => {
                let value = op
                    .parameters
                    .iter()
                    .find(|p| p.location == Location::Path && p.name == variable)
                    .map_or_else(|| variable.to_owned(), example_or_default);
                out.push_str(&percent_encode(&value));
            }
        }
    }
    out
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
