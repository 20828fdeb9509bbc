//! Emits the generated crate's `README.md`: what it is, a usage example
//! built from the model (compiled as a doctest of the crate), and a table of
//! every operation.

use std::fmt::Write as _;

use blueprint_parser::Location;

use super::api::positional;
use super::{EmitOptions, RuntimeDependency, VENDORED_RUNTIME_DIR};
use crate::model::{
    api_phrase, AuthScheme, Method, Operation, Param, Response, TypeModel, TypeRef,
};

/// Whether the builder of `op` has `.stream()`: a configured page or pages found in its examples.
fn is_paged(op: &Operation) -> bool {
    matches!(op.response, Response::Page(_)) || op.paging.is_some()
}

/// Where the crate's runtime comes from, for its users: the sentence after
/// the dependency snippet.
fn runtime_sentence(options: &EmitOptions) -> String {
    match &options.runtime {
        RuntimeDependency::Vendored(runtime) => format!(
            "The mechanisms it is built on (HTTP, retries, errors, pages: `blueprint-runtime` {}) are\n\
             vendored in its `{VENDORED_RUNTIME_DIR}/` directory: the crate builds with nothing but crates.io.\n",
            runtime.version
        ),
        RuntimeDependency::Path(path) => format!(
            "It depends on the runtime crate (HTTP, retries, errors, pages) at `{path}`, relative to\n\
             this crate's directory: keep the two where they are to each other.\n"
        ),
        RuntimeDependency::Version(version) => format!(
            "It depends on the runtime crate (HTTP, retries, errors, pages) `blueprint-runtime` `{version}` from crates.io.\n"
        ),
    }
}

/// The README of the generated crate.
pub fn readme(model: &TypeModel, options: &EmitOptions) -> String {
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
    if model.operations.iter().any(is_paged) {
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
         A typed async client for {name}, generated from its API Blueprint (`{file}`). {covers}:\n\
         {features}.\n\n\
         ## Usage\n\n\
         Depend on this crate by its path (it is not published):\n\n\
         ```toml\n[dependencies]\n{lib} = {{ package = \"{package}\", path = \"…\" }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n\
         {runtime}\n",
        file = source.file_name,
        described = source.described(),
        sha = source.sha256,
        package = api.package,
        name = api_phrase(&api.name),
        lib = api.lib,
        features = features.join(", "),
        runtime = runtime_sentence(options),
        covers = match count {
            0 => "The spec describes no operation yet; the crate has what every generated client has".to_owned(),
            1 => "It covers the spec's one operation".to_owned(),
            _ => format!("It covers all {count} operations of the spec"),
        },
    );
    out.push_str(&usage_example(model));
    let credentials = match &api.auth.scheme {
        AuthScheme::None => format!(
            "The spec documents no credentials (read from {}): the client sends none, unless\n\
             given a token (`ClientBuilder::token`, or `{}`), which goes as `Authorization: Bearer`.",
            api.auth.evidence, api.token_env
        ),
        AuthScheme::Token { scheme } => format!(
            "The token goes as `Authorization: {scheme}` (read from {}); `from_env` reads it from `{}`.",
            api.auth.evidence, api.token_env
        ),
        AuthScheme::Basic => format!(
            "Basic auth (read from {}); `from_env` reads `{}` and `{}`.",
            api.auth.evidence,
            api.username_env.as_deref().unwrap_or_default(),
            api.token_env
        ),
        AuthScheme::ApiKey { header } => format!(
            "The API key goes as `{header}` (read from {}); `from_env` reads it from `{}`.",
            api.auth.evidence, api.token_env
        ),
    };
    let _ = write!(
        out,
        "\n{credentials} `{base}` overrides the base URL{default}.\n\
         Errors keep what the server said: `Error::status()`, `Error::api_body::<T>()` (the error types\n\
         each method lists), `Error::is_retryable()`, `Error::rate_limit()`, and\n\
         `Error::Api {{ code, message, body, .. }}` with the API's error code.\n\n\
         ## Operations\n\n",
        base = api.base_url_env,
        default = match &api.base_url {
            Some(url) => format!(" (default `{url}`)"),
            None => " (required: the spec has no `HOST`)".to_owned(),
        },
    );
    let pages = model.operations.iter().filter(|op| is_paged(op)).count();
    if pages > 0 {
        let _ = writeln!(
            out,
            "{pages} of the {count} operations return pages; their builders also offer `.stream()` (an\n\
             `Unpin` stream of every item, page after page) and `.collect_all()`."
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
            match &op.paging {
                Some(paging) => format!(
                    "{}`, pages of `{}",
                    op.response.rust_spelling(),
                    paging.item.rust_spelling()
                ),
                None => op.response.rust_spelling(),
            }
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

/// The usage example: a client for a local server, then from the
/// environment, a listing walked page by page, a call that takes arguments,
/// waiting for an action, and an error by status.
fn usage_example(model: &TypeModel) -> String {
    let api = &model.api;
    let gets = || {
        model
            .operations
            .iter()
            .filter(|op| op.method == Method::Get && call(op).is_some())
    };
    let mut body = String::new();
    let default = match &api.base_url {
        Some(url) => format!("the default is the spec's `{url}`"),
        None => "required: the spec has no HOST".to_owned(),
    };
    let _ = writeln!(
        body,
        "// A client for a local mock or a staging server ({default}).\nlet client = Client::builder()\n    .base_url(\"http://127.0.0.1:8080\")"
    );
    if let Some(credentials) = super::client::credentials_call(api) {
        let _ = writeln!(body, "    {credentials}");
    }
    body.push_str("    .build()?;\n");
    let env = match &api.auth.scheme {
        AuthScheme::Basic => format!(
            "{} and {}",
            api.username_env.as_deref().unwrap_or_default(),
            api.token_env
        ),
        AuthScheme::None => format!("{}, if set", api.token_env),
        _ => api.token_env.clone(),
    };
    let _ = writeln!(
        body,
        "// Or the shortcut: credentials from {env}, the base URL from {} when set.\n// let client = Client::from_env()?;",
        api.base_url_env
    );
    let stream = gets().find(|op| is_paged(op));
    if let Some(op) = stream {
        let _ = writeln!(
            body,
            "\n// Every item of every page, fetched lazily as the loop asks.\nlet mut items = {}.stream();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}",
            call(op).unwrap_or_default()
        );
    }
    let simple = gets()
        .filter(|op| !is_paged(op))
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
            "\n// Errors keep what the server said.\nmatch {}.send().await {{\n    Err(e) if e.status() == Some(404) => println!(\"not found: {{e}}\"),\n    other => println!(\"{{:?}}\", other?),\n}}",
            call(op).unwrap_or_default()
        );
    }
    let duration = if body.contains("Duration::") {
        "use std::time::Duration;\n"
    } else {
        ""
    };
    let imports = if stream.is_some() {
        "Client, Error, TryStreamExt"
    } else {
        "Client, Error"
    };
    let mut out = format!(
        "```rust,no_run\n{duration}use {lib}::{{{imports}}};\n\n# async fn run() -> Result<(), Error> {{\n",
        lib = api.lib
    );
    out.push_str(&body);
    out.push_str("# Ok(())\n# }\n```\n");
    out
}
