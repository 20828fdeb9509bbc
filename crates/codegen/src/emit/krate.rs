//! Emits the crate's frame: `Cargo.toml` and `src/lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::Root;
use super::{
    EmitError, EmitOptions, GeneratedFile, RuntimeDependency, VendoredRuntime, VENDORED_RUNTIME_DIR,
};
use crate::model::TypeModel;
use crate::names::quote as quote_toml;

/// The oldest Rust the generated crates (and the runtime) build with; the
/// workspace declares the same `rust-version`, checked by a test.
pub const RUST_VERSION: &str = "1.88";

/// The generated crate's `Cargo.toml`.
pub fn manifest(model: &TypeModel, options: &EmitOptions) -> String {
    let api = &model.api;
    let source = &api.source;
    let runtime = match &options.runtime {
        RuntimeDependency::Path(path) => format!(
            "{{ path = {}, default-features = false }}",
            quote_toml(path)
        ),
        RuntimeDependency::Version(version) => format!(
            "{{ version = {}, default-features = false }}",
            quote_toml(version)
        ),
        // Under its own package name: no crates.io name is involved, and a
        // workspace may hold this copy beside the real runtime.
        RuntimeDependency::Vendored(_) => format!(
            "{{ path = {}, package = {}, default-features = false }}",
            quote_toml(VENDORED_RUNTIME_DIR),
            quote_toml(&vendored_package(model))
        ),
    };
    let testing = format!(
        "{}, features = [\"testing\"] }}",
        runtime.trim_end_matches('}').trim_end()
    );
    let workspace = if options.workspace_member {
        "\n[lints]\nworkspace = true\n"
    } else {
        "\n# A crate of its own, wherever it is generated.\n[workspace]\n"
    };
    format!(
        "# Generated from {file} (sha256 {sha}) by blueprint codegen. Do not edit by hand.\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         description = {description}\n\
         edition = \"2021\"\n\
         rust-version = \"{RUST_VERSION}\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         name = {lib}\n\
         \n\
         [features]\n\
         default = [\"rustls\", \"tracing\"]\n\
         ## TLS through rustls with the `aws-lc-rs` provider (reqwest's default) and the platform's certificate verifier.\n\
         rustls = [\"blueprint-runtime/rustls\"]\n\
         ## TLS through the platform's native library (OpenSSL, Secure Transport, SChannel).\n\
         native-tls = [\"blueprint-runtime/native-tls\"]\n\
         ## Negotiate HTTP/2 where the server offers it.\n\
         http2 = [\"blueprint-runtime/http2\"]\n\
         ## A `tracing` span per call (never with the token or bodies).\n\
         tracing = [\"blueprint-runtime/tracing\"]\n\
         ## Conversions between `DateTime` and `time::OffsetDateTime`.\n\
         time = [\"blueprint-runtime/time\"]\n\
         ## `Default` for every model, so that programs can build answers in their own tests.\n\
         test-util = []\n\
         \n\
         [dependencies]\n\
         blueprint-runtime = {runtime}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\
         \n\
         [dev-dependencies]\n\
         # The generated tests' round trips and mock servers.\n\
         blueprint-runtime = {testing}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         {workspace}",
        file = source.described(),
        sha = source.sha256,
        name = quote_toml(&api.package),
        version = quote_toml(&api.version),
        description = quote_toml(&api.description),
        lib = quote_toml(&api.lib),
    )
}

/// The package name of the runtime vendored into the crate of `model`.
fn vendored_package(model: &TypeModel) -> String {
    format!("{}-runtime", model.api.package)
}

/// The vendored runtime's files, under [`VENDORED_RUNTIME_DIR`]: each Rust
/// file and the manifest with a header naming the runtime's version, the
/// manifest rewritten by [`vendored_manifest`], other files as they are.
pub fn vendored_files(
    model: &TypeModel,
    runtime: &VendoredRuntime,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let header = format!(
        "Vendored from blueprint-runtime {} by blueprint codegen. Do not edit by hand.",
        runtime.version
    );
    runtime
        .files
        .iter()
        .map(|file| {
            let contents = if file.path == "Cargo.toml" {
                format!(
                    "# {header}\n{}",
                    vendored_manifest(&file.contents, &vendored_package(model))?
                )
            } else if file.path.ends_with(".rs") {
                format!("// {header}\n{}", file.contents)
            } else {
                file.contents.clone()
            };
            Ok(GeneratedFile {
                path: format!("{VENDORED_RUNTIME_DIR}/{}", file.path),
                contents: contents.replace("\r\n", "\n"),
            })
        })
        .collect()
}

/// Doctests off in a vendored runtime: its examples name the library
/// `blueprint_runtime`, the name the generated crate gives the dependency,
/// while the renamed package's own library is `{package}_runtime` (two
/// libraries of one name in a workspace would share a documentation
/// directory).
const NO_DOCTESTS: &str = "# Its examples name the library as the generated crate does (`blueprint_runtime`).\ndoctest = false\n";

/// The runtime's standalone `Cargo.toml` as a package of the generated
/// crate: renamed to `package`, never published, its doctests off (its
/// examples name the library `blueprint_runtime`, as the generated crate
/// does, not the renamed package's), without what only the runtime's own
/// tests and packaging need (`[dev-dependencies]`, the `readme`, `include` and
/// `exclude` keys). Read line by line: the runtime's
/// manifest is written for it (one key a line, no inherited keys), and a
/// key it cannot carry over is an error, not a broken crate.
pub fn vendored_manifest(manifest: &str, package: &str) -> Result<String, EmitError> {
    let mut out = String::with_capacity(manifest.len());
    let mut section = String::new();
    // Inside a dropped key's value that spans lines (`include = [`…`]`).
    let mut skipping_array = false;
    let mut has_lib = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if skipping_array {
            skipping_array = !trimmed.starts_with(']');
            continue;
        }
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(|c| c == '[' || c == ']').to_owned();
        }
        let key = trimmed
            .split_once('=')
            .map(|(key, _)| key.trim())
            .filter(|_| !trimmed.starts_with('#') && !trimmed.starts_with('['));
        if section == "dev-dependencies" || section.starts_with("dev-dependencies.") {
            continue;
        }
        if key.is_some_and(|k| k.ends_with(".workspace")) || trimmed.contains("workspace = true") {
            return Err(EmitError::new(format!(
                "the runtime's manifest inherits from its workspace (`{trimmed}`): a vendored copy needs it standalone"
            )));
        }
        if section == "package" {
            match key {
                Some("name") => {
                    out.push_str(&format!(
                        "name = {}\npublish = false\n",
                        quote_toml(package)
                    ));
                    continue;
                }
                Some("publish" | "readme" | "include" | "exclude") => {
                    skipping_array = trimmed.ends_with('[');
                    continue;
                }
                _ => {}
            }
        }
        out.push_str(line);
        out.push('\n');
        if trimmed == "[lib]" {
            out.push_str(NO_DOCTESTS);
            has_lib = true;
        }
    }
    if !has_lib {
        out.push_str("\n[lib]\n");
        out.push_str(NO_DOCTESTS);
    }
    // The section headers of dropped sections leave runs of blank lines.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    Ok(out)
}

/// The tokens of `src/lib.rs`: the crate's docs, modules and re-exports.
pub fn lib_file(model: &TypeModel) -> TokenStream {
    let api = &model.api;
    let summary = format!(
        " Typed async client for {}, generated from its API Blueprint (`{}`).",
        crate::model::api_phrase(&api.name),
        api.source.file_name
    );
    let oauth = api.oauth.as_ref().map(|_| {
        quote! {
            #[rustfmt::skip]
            pub mod oauth;
        }
    });
    let exports = root_exports(model, Root::Crate);
    quote! {
        #![doc = #summary]
        #![doc = ""]
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[rustfmt::skip]
        pub mod api;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #oauth
        #[rustfmt::skip]
        pub mod operations;

        #exports
    }
}

/// The re-exports at the root of the generated code, seen from the root
/// `root`: the client's items, the operations table, the runtime's types.
/// A crate names its modules as they are (`client::Client`); a module names
/// them from `self`, which no crate of the includer's can shadow.
pub fn root_exports(model: &TypeModel, root: Root<'_>) -> TokenStream {
    let api = &model.api;
    let local = (!root.is_crate()).then(|| quote!(#root::));
    let mut exports = vec![
        quote!(ApiCode),
        quote!(Client),
        quote!(ClientBuilder),
        quote!(Error),
        quote!(ItemStream),
        quote!(Result),
        quote!(Scope),
        quote!(API),
    ];
    if api.page.is_some() {
        exports.push(quote!(Page));
        exports.push(quote!(Pagination));
    }
    if api.envelope.is_some() {
        exports.push(quote!(Envelope));
    }
    if api.action.is_some() {
        exports.push(quote!(Wait));
    }
    quote! {
        pub use #local client::{#(#exports),*};
        pub use #local operations::OPERATIONS;
        pub use ::blueprint_runtime::{
            ActionOutcome, DateTime, DateTimeParseError, Integer, Method, Operation, RateLimit,
            Response, RetryPolicy, TrackedAction,
        };
        /// What walking an [`ItemStream`] needs (`try_next`, `try_collect`, `next`, …),
        /// re-exported from `futures`: no `futures` dependency of your own is needed.
        pub use ::blueprint_runtime::{Stream, StreamExt, TryStreamExt};
        /// The secret types used for tokens ([`secrecy::SecretString`]), re-exported.
        pub use ::blueprint_runtime::secrecy;
        /// The HTTP client crate this crate is built with, re-exported: configure a
        /// `reqwest::Client` of your own with it for [`ClientBuilder::http_client`], or use it
        /// beside this crate without guessing its version.
        pub use ::blueprint_runtime::reqwest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "\
[package]
name = \"blueprint-runtime\"
version = \"0.1.0\"
readme = \"README.md\"
include = [
    \"src/**\",
    \"README.md\",
]
publish = true
edition = \"2021\"

[features]
testing = [\"dep:wiremock\"]

[dependencies]
url = \"2.5\"
wiremock = { version = \"0.6.5\", optional = true }

[dev-dependencies]
tokio = \"1\"

[dev-dependencies.futures]
version = \"0.3\"

[lints.rust]
unsafe_code = \"forbid\"
";

    #[test]
    fn the_vendored_manifest_is_a_package_of_the_generated_crate() {
        let vendored = vendored_manifest(MANIFEST, "notes-client-runtime").expect("standalone");
        assert_eq!(
            vendored,
            "\
[package]
name = \"notes-client-runtime\"
publish = false
version = \"0.1.0\"
edition = \"2021\"

[features]
testing = [\"dep:wiremock\"]

[dependencies]
url = \"2.5\"
wiremock = { version = \"0.6.5\", optional = true }

[lints.rust]
unsafe_code = \"forbid\"

[lib]
# Its examples name the library as the generated crate does (`blueprint_runtime`).
doctest = false
"
        );
        let with_lib = MANIFEST.replace("[features]", "[lib]\npath = \"src/lib.rs\"\n\n[features]");
        let vendored = vendored_manifest(&with_lib, "x-runtime").expect("standalone");
        assert!(
            vendored.contains("[lib]\n# Its examples name the library as the generated crate does (`blueprint_runtime`).\ndoctest = false\npath = \"src/lib.rs\"\n"),
            "{vendored}"
        );
        assert_eq!(vendored.matches("[lib]").count(), 1, "{vendored}");
    }

    #[test]
    fn an_inheriting_manifest_cannot_be_vendored() {
        for inherited in ["edition.workspace = true", "url = { workspace = true }"] {
            let manifest = MANIFEST.replace("edition = \"2021\"", inherited);
            let error = vendored_manifest(&manifest, "x-runtime").expect_err(inherited);
            assert!(error.to_string().contains("needs it standalone"), "{error}");
        }
    }
}
