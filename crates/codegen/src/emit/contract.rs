//! Emits the generated crate's contract test: for every operation, a mock
//! server serves the spec's example, and the generated method must send the
//! right method, path, query or form, and bearer token, and decode the example.

use blueprint_parser::Location;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::ExampleBodies;
use super::tokens::{ident, path_parts, raw_string, PathPart, RustType};
use crate::model::{Operation, Param, Response, TypeModel, TypeRef};

/// The tokens of `tests/generated_contract.rs`.
pub fn contract_file(model: &TypeModel, examples: &ExampleBodies<'_>) -> TokenStream {
    let mut tests = TokenStream::new();
    tests.extend(model.operations.iter().enumerate().map(|(index, op)| {
        let example = (!op.examples.is_empty()).then(|| examples.get(index, 0));
        contract_test(op, example)
    }));
    quote! {
        //! One contract test per operation: the generated method against a mock
        //! server that serves the spec's example for that operation.

        // Formatted by the generator; rustfmt must not make it differ from `regen`'s output.
        #[rustfmt::skip]
        mod contract {
        use ::wiremock::matchers::{header, method, path, query_param};

        const TOKEN: &str = "contract-test-token";

        /// What an operation must send, and the example its mock server answers with.
        struct Expected {
            /// The HTTP method.
            method: &'static str,
            /// The path, with percent-encoded examples for its variables.
            path: &'static str,
            /// Query parameters the request must carry.
            query: &'static [(&'static str, &'static str)],
            /// The form body's fields, in any order; an empty list checks no body.
            form: &'static [(&'static str, &'static str)],
            /// The spec's example response body.
            body: &'static str,
        }

        /// A mock server that expects one request and answers it with an example.
        struct Mocked {
            server: ::wiremock::MockServer,
            body: &'static str,
        }

        impl Mocked {
            /// A client for the mock server, without retries so a mismatch fails fast.
            fn client(&self) -> ::cloud66::Client {
                ::cloud66::Client::builder()
                    .token(TOKEN)
                    .base_url(self.server.uri())
                    .retry_policy(::cloud66::RetryPolicy::none())
                    .build()
                    .expect("a loopback client builds")
            }

            /// Asserts that what the client decoded encodes back to the example.
            fn assert_encodes_to(&self, decoded: impl ::serde::Serialize) {
                let expected: ::serde_json::Value = ::serde_json::from_str(self.body).expect("the example is JSON");
                let decoded = ::serde_json::to_value(decoded).expect("the result encodes");
                assert_eq!(decoded, expected);
            }
        }

        /// Starts a mock server that answers the one request matching `expected`
        /// (with the bearer token) with its example; dropping it fails the test
        /// unless that request was received exactly once.
        async fn serve(expected: Expected) -> Mocked {
            let server = ::wiremock::MockServer::start().await;
            let mut mock = ::wiremock::Mock::given(method(expected.method))
                .and(path(expected.path))
                .and(header("authorization", "Bearer contract-test-token"));
            for (name, value) in expected.query {
                mock = mock.and(query_param(*name, *value));
            }
            if !expected.form.is_empty() {
                mock = mock.and(FormBody(expected.form));
            }
            mock.respond_with(example_response(expected.body))
                .expect(1)
                .mount(&server)
                .await;
            Mocked {
                server,
                body: expected.body,
            }
        }

        /// Matches a form-encoded body holding exactly these pairs (in any order).
        struct FormBody(&'static [(&'static str, &'static str)]);

        impl ::wiremock::Match for FormBody {
            fn matches(&self, request: &::wiremock::Request) -> bool {
                let mut sent: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
                    ::url::form_urlencoded::parse(&request.body).into_owned().collect();
                let mut expected: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = self
                    .0
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
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

        #tests
        }
    }
}

/// The contract test of `op`, whose mock answers with `example` (pretty JSON), if any.
fn contract_test(op: &Operation, example: Option<&str>) -> TokenStream {
    let name = format_ident!("{}_{}", op.accessor, op.fn_name);
    let doc = format!(
        " `{} {}`: {}.",
        op.method,
        op.path,
        op.action.trim_end_matches('.')
    );
    let http_method = &op.method;
    let expected_path = expected_path(op);
    let mut query = Vec::new();
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
    let body = raw_string(example.unwrap_or_default());
    let call = quote! {
        mock.client()
            .#accessor()
            .#method_name(#(#args),*)
            #(#setters)*
            .send()
            .await
            .expect("the call succeeds against the spec's example")
    };
    // An operation without a documented body returns `()`.
    let check = match (&op.response, example) {
        (Response::Empty, _) | (_, None) => quote!(let () = #call;),
        (Response::Single(_), Some(_)) => quote! {
            let result = #call;
            mock.assert_encodes_to(::cloud66::Envelope { response: result });
        },
        (Response::Page(_), Some(_)) => quote! {
            let result = #call;
            mock.assert_encodes_to(result);
        },
    };
    quote! {
        #[doc = #doc]
        #[::tokio::test]
        async fn #name() {
            let mock = serve(Expected {
                method: #http_method,
                path: #expected_path,
                query: &[#(#query),*],
                form: &[#(#form),*],
                body: #body,
            })
            .await;
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
            let ty = RustType::external(&param.ty);
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
