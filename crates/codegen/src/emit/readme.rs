//! Emits the generated crate's `README.md`: what it is, a usage example
//! built from the model (compiled as a doctest of the crate), and a table of
//! every operation.

use std::fmt::Write as _;

use blueprint_parser::Location;

use super::api::positional;
use crate::model::{Method, Operation, Param, Response, TypeModel, TypeRef};

/// The README of the generated crate.
pub fn readme(model: &TypeModel) -> String {
    let api = &model.api;
    let source = &api.source;
    let count = model.operations.len();
    let mut features = vec![
        "serde models from the spec's examples and data structures",
        "request builders grouped like the spec",
        "typed errors that keep the HTTP status and the API's error code",
        "retries with backoff for idempotent calls",
    ];
    if api.rate_limit.is_some() {
        features.push("rate-limit tracking");
    }
    if api.page.is_some() {
        features.push("pages as streams");
    }
    if api.action.is_some() {
        features.push("waiting for asynchronous actions");
    }
    if api.oauth.is_some() {
        features.push("the OAuth2 authorization-code flow");
    }
    let mut out = format!(
        "<!-- Generated from {described} (sha256 {sha}) by blueprint codegen. Do not edit by hand. -->\n\
         # {package}\n\n\
         A typed async client for the {name} API, generated from its API Blueprint (`{file}`). {covers}:\n\
         {features}.\n\n\
         ## Usage\n\n\
         ```toml\n[dependencies]\n{lib} = {{ package = \"{package}\", path = \"…\" }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n",
        file = source.file_name,
        described = source.described(),
        sha = source.sha256,
        package = api.package,
        name = api.name,
        lib = api.lib,
        features = features.join(", "),
        covers = match count {
            0 => "The spec describes no operation yet; the crate has what every generated client has".to_owned(),
            1 => "It covers the spec's one operation".to_owned(),
            _ => format!("It covers all {count} operations of the spec"),
        },
    );
    out.push_str(&usage_example(model));
    let _ = write!(
        out,
        "\nThe token comes from `{token}` (or `ClientBuilder::token`); `{base}` overrides the base URL{default}.\n\
         Errors keep what the server said: `Error::status()`, `Error::is_retryable()`,\n\
         `Error::rate_limit()`, and `Error::Api {{ code, message, body, .. }}` with the API's error code.\n\n\
         ## Operations\n\n",
        token = api.token_env,
        base = api.base_url_env,
        default = match &api.base_url {
            Some(url) => format!(" (default `{url}`)"),
            None => " (required: the spec has no `HOST`)".to_owned(),
        },
    );
    let pages = model
        .operations
        .iter()
        .filter(|op| matches!(op.response, Response::Page(_)))
        .count();
    if pages > 0 {
        let _ = writeln!(
            out,
            "{pages} of the {count} operations return a `Page<T>`; their builders also offer `.stream()` and\n\
             `.collect_all()`."
        );
    }
    if count == 0 {
        out.push_str("None yet: the spec has no action.\n");
        return out;
    }
    let _ = write!(
        out,
        "`{lib}::OPERATIONS` holds this table at run time.\n\n\
         | Method | Path | Rust method | Scope | Result |\n\
         | --- | --- | --- | --- | --- |\n",
        lib = api.lib
    );
    for op in &model.operations {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | `client.{}().{}()` | {} | `{}` |",
            op.method,
            op.path.to_string().replace('|', "\\|"),
            op.accessor,
            op.fn_name,
            op.scope
                .as_deref()
                .map_or_else(|| "-".to_owned(), |s| format!("`{s}`")),
            op.response.rust_spelling()
        );
    }
    out
}

/// A Rust expression for an argument of the example, if its type is simple.
fn argument(param: &Param) -> Option<String> {
    let example = param.example.as_deref().unwrap_or("").trim();
    let usable = !example.is_empty() && example != "." && example != "..";
    Some(match param.ty {
        TypeRef::String => format!("{:?}", if usable { example } else { "example" }),
        TypeRef::I64 => example.parse::<i64>().unwrap_or(1).to_string(),
        TypeRef::U64 => example.parse::<u64>().unwrap_or(1).to_string(),
        TypeRef::F64 => format!("{:?}", example.parse::<f64>().unwrap_or(1.5)),
        TypeRef::Bool => (example != "false").to_string(),
        _ => return None,
    })
}

/// `client.group().method(args)` for an operation whose arguments are simple.
fn call(op: &Operation) -> Option<String> {
    if op.request.is_some() {
        return None;
    }
    let args: Option<Vec<String>> = positional(op).map(argument).collect();
    Some(format!(
        "client.{}().{}({})",
        op.accessor,
        op.fn_name,
        args?.join(", ")
    ))
}

/// The usage example: a client from the environment, a listing, a call that
/// takes arguments, waiting for an action, and an error by status.
fn usage_example(model: &TypeModel) -> String {
    let api = &model.api;
    let gets = || {
        model
            .operations
            .iter()
            .filter(|op| op.method == Method::Get && call(op).is_some())
    };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "// The token comes from {}; {} overrides the base URL.",
        api.token_env, api.base_url_env
    );
    if api.base_url.is_some() {
        body.push_str("let client = Client::from_env()?;\n");
    } else {
        body.push_str(
            "let client = Client::builder()\n    .from_env()?\n    .base_url(\"https://api.example.com\")\n    .build()?;\n",
        );
    }
    if let Some(op) = gets().find(|op| matches!(op.response, Response::Page(_))) {
        let _ = writeln!(
            body,
            "\n// Every item of every page, fetched lazily.\nlet all = {}.collect_all().await?;\nprintln!(\"{{}} items\", all.len());",
            call(op).unwrap_or_default()
        );
    }
    let simple = gets()
        .filter(|op| !matches!(op.response, Response::Page(_)))
        .max_by_key(|op| positional(op).count());
    if let Some(op) = simple {
        let _ = writeln!(
            body,
            "\n// One call; optional parameters are setters before `.send()`.\nlet result = {}.send().await?;\nprintln!(\"{{result:?}}\");",
            call(op).unwrap_or_default()
        );
    }
    if let Some(action) = &api.action {
        let poll = &model.operations[action.poll];
        let starts = model.operations.iter().find(|op| {
            op.method != Method::Get
                && matches!(&op.response, Response::Single(TypeRef::Named(n)) if *n == action.type_name)
                && call(op).is_some()
        });
        let wait_args: Option<Vec<String>> = positional(poll)
            .filter(|p| p.name != action.id_field)
            .map(argument)
            .collect();
        if let (Some(op), Some(wait_args)) = (starts, wait_args) {
            let mut args = vec!["&client".to_owned()];
            args.extend(wait_args);
            let _ = writeln!(
                body,
                "\n// Start asynchronous work, then wait for it with a deadline.\n\
                 let action = {}.send().await?;\n\
                 let outcome = action.wait({}).at_most(Duration::from_secs(600)).await?;\n\
                 println!(\"succeeded: {{}}\", outcome.is_success());",
                call(op).unwrap_or_default(),
                args.join(", ")
            );
        }
    }
    let failing = gets().find(|op| op.parameters.iter().any(|p| p.location == Location::Path));
    if let Some(op) = failing {
        let _ = writeln!(
            body,
            "\n// Errors keep what the server said.\nmatch {}.send().await {{\n    Err(e) if e.status() == Some(404) => println!(\"not found\"),\n    other => println!(\"{{:?}}\", other?),\n}}",
            call(op).unwrap_or_default()
        );
    }
    let duration = if body.contains("Duration::") {
        "use std::time::Duration;\n\n"
    } else {
        ""
    };
    let mut out = format!(
        "```rust,no_run\n{duration}use {lib}::{{Client, Error}};\n\n# async fn run() -> Result<(), Error> {{\n",
        lib = api.lib
    );
    out.push_str(&body);
    out.push_str("# Ok(())\n# }\n```\n");
    out
}
