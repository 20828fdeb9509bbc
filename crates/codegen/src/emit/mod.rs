//! Emission: the type model becomes formatted Rust files and the generated
//! crate's README ([`emit`]), or one Rust file to `include!` in a module of
//! another crate ([`emit_module`]).
//!
//! Every file is built as tokens with `quote`, parsed into a `syn::File`
//! (so malformed output is caught here, not by the user's compiler) and
//! formatted with `prettyplease`. Output depends only on the model and the
//! spec's hash, so the same spec gives byte-identical files on any machine.

mod api;
mod client;
mod contract;
mod doc;
mod examples;
mod krate;
mod models;
mod module;
mod oauth;
mod readme;
mod round_trip;
mod table;
mod tokens;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use proc_macro2::TokenStream;

use crate::model::TypeModel;
use tokens::Root;

pub use doc::sanitize as sanitize_markdown;
pub use krate::{vendored_manifest, RUST_VERSION};
pub use module::emit_module;

/// How the generated crate's manifest is written: where it finds the
/// runtime crate, and whether it stands alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// The `blueprint-runtime` dependency.
    pub runtime: RuntimeDependency,
    /// A member of an enclosing workspace (no `[workspace]` table of its own)
    /// rather than a crate that builds anywhere.
    pub workspace_member: bool,
}

/// Where the generated crate gets the runtime crate from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path, relative to the generated crate's directory.
    Path(String),
    /// A version requirement on crates.io.
    Version(String),
    /// The runtime's own files, copied into the generated crate under
    /// [`VENDORED_RUNTIME_DIR`] as a package of its own: the crate builds
    /// with nothing but crates.io.
    Vendored(VendoredRuntime),
}

/// The directory of the generated crate that holds a vendored runtime.
pub const VENDORED_RUNTIME_DIR: &str = "blueprint-runtime";

/// The runtime crate's files, for [`RuntimeDependency::Vendored`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendoredRuntime {
    /// The runtime's version, named in the header of each vendored file.
    pub version: String,
    /// Its files, paths relative to the runtime crate's directory: its
    /// standalone `Cargo.toml` (rewritten for the generated crate: see
    /// [`vendored_manifest`]), `src/…` and any other file they need.
    pub files: Vec<GeneratedFile>,
}

/// One file of the generated crate, with its path relative to the crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's directory, with `/` separators.
    pub path: String,
    /// The complete file contents.
    pub contents: String,
}

/// A bug or an unsupported construct met while emitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    message: String,
}

impl EmitError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EmitError {}

/// Builds the tokens of one generated Rust file.
type RustJob<'m> = Box<dyn Fn() -> Result<TokenStream, EmitError> + Send + Sync + 'm>;

/// Emits every file of the generated crate, sorted by path.
///
/// Each Rust file is built, parsed and formatted by one thread (token streams
/// are not `Send`); the files are spread over the available cores, and the
/// result does not depend on scheduling.
pub fn emit(model: &TypeModel, options: &EmitOptions) -> Result<Vec<GeneratedFile>, EmitError> {
    let examples = examples::ExampleBodies::new(model);
    let examples = &examples;
    // Roughly the largest first: see `run_jobs`.
    let mut jobs: Vec<(String, RustJob<'_>)> = vec![
        (
            "src/models.rs".into(),
            Box::new(|| Ok(models::models_file(model, Root::Crate))),
        ),
        (
            "tests/generated_contract.rs".into(),
            Box::new(|| Ok(contract::contract_file(model, examples))),
        ),
        (
            "src/operations.rs".into(),
            Box::new(|| Ok(table::operations_file(model))),
        ),
        (
            "tests/generated_round_trip.rs".into(),
            Box::new(|| Ok(round_trip::round_trip_file(model, examples))),
        ),
        (
            "src/client.rs".into(),
            Box::new(|| client::client_file(model, Root::Crate, None)),
        ),
    ];
    let mut groups = api::groups(model);
    groups.sort_by_key(|(_, ops)| std::cmp::Reverse(ops.len()));
    for (accessor, ops) in groups {
        jobs.push((
            format!("src/api/{accessor}.rs"),
            Box::new(move || api::group_file(model, accessor, &ops, Root::Crate)),
        ));
    }
    jobs.push((
        "src/api/mod.rs".into(),
        Box::new(|| Ok(api::api_mod_file(model, Root::Crate, true))),
    ));
    if model.api.oauth.is_some() {
        jobs.push((
            "src/oauth.rs".into(),
            Box::new(|| Ok(oauth::oauth_file(model, Root::Crate))),
        ));
    }
    jobs.push(("src/lib.rs".into(), Box::new(|| Ok(krate::lib_file(model)))));
    let mut files: Vec<GeneratedFile> =
        run_jobs(&jobs, &|path, tokens| format_rust(path, tokens, model))?
            .into_iter()
            .zip(&jobs)
            .map(|(contents, (path, _))| GeneratedFile {
                path: path.clone(),
                contents,
            })
            .collect();
    files.push(GeneratedFile {
        path: "README.md".into(),
        contents: readme::readme(model, options),
    });
    files.push(GeneratedFile {
        path: "names.lock".into(),
        contents: model.names.to_toml(),
    });
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: krate::manifest(model, options),
    });
    if let RuntimeDependency::Vendored(runtime) = &options.runtime {
        files.extend(krate::vendored_files(model, runtime)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Builds every job and formats its tokens with `format` (given the job's
/// name), on this thread and one helper thread per other core; the texts
/// come back in job order.
///
/// This thread takes jobs from the front of the list (the largest files) and
/// helpers from the back. A helper is a new thread whose allocator memory is
/// cold, so it pays a page fault for every page it touches: leaving it the
/// small files keeps that cost low, and the two ends meet in the middle
/// whatever the files' sizes.
fn run_jobs(
    jobs: &[(String, RustJob<'_>)],
    format: &(dyn Fn(&str, TokenStream) -> Result<String, EmitError> + Sync),
) -> Result<Vec<String>, EmitError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    let pending = Mutex::new(0..jobs.len());
    let run = |from_front: bool| {
        let mut done = Vec::new();
        loop {
            let next = {
                let mut pending = pending.lock().unwrap_or_else(PoisonError::into_inner);
                if from_front {
                    pending.next()
                } else {
                    pending.next_back()
                }
            };
            let Some(index) = next else {
                return done;
            };
            let (path, job) = &jobs[index];
            let contents = panic::catch_unwind(AssertUnwindSafe(|| {
                job().and_then(|tokens| format(path, tokens))
            }))
            .unwrap_or_else(|_| Err(EmitError::new(format!("emitting `{path}` panicked"))));
            done.push((index, contents));
        }
    };
    let mut contents: Vec<Option<Result<String, EmitError>>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(|| run(false))).collect();
        let mut done = run(true);
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .map_err(|_| EmitError::new("an emitting thread panicked"))?,
            );
        }
        for (index, result) in done {
            contents[index] = Some(result);
        }
        Ok::<(), EmitError>(())
    })?;
    jobs.iter()
        .zip(contents)
        .map(|((path, _), contents)| {
            contents.ok_or_else(|| EmitError::new(format!("`{path}` was not emitted")))?
        })
        .collect()
}

/// The first line of every generated file, naming the spec and its hash.
pub fn header(model: &TypeModel) -> String {
    let source = &model.api.source;
    format!(
        "// Generated by blueprint codegen from {} (sha256 {}). Do not edit by hand.\n",
        source.described(),
        source.sha256
    )
}

fn format_rust(name: &str, tokens: TokenStream, model: &TypeModel) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        EmitError::new(format!("emitted tokens for `{name}` do not parse: {error}"))
    })?;
    Ok(format!(
        "{}\n{}",
        header(model),
        prettyplease::unparse(&file)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const SPEC: &str = "FORMAT: 1A\nHOST: https://api.example.com/v1\n\n# Group Stacks\n\n## Stack servers [/stacks/{stack_id}/servers{?server_count}]\n\n+ Parameters\n    + stack_id (required, string, `abc def`) ... The stack UID\n    + server_count (optional, string, `{\"web\": 2}`) ... Counts\n\n### List servers [GET]\n\n+ Response 200 (application/json)\n\n        [{\"uid\": \"s1\", \"type\": \"web\"}]\n";

    fn model() -> TypeModel {
        let mut model = crate::infer::infer(
            &blueprint_parser::parse(SPEC.as_bytes()),
            &Config::default(),
        );
        model.api.source.file_name = "api.apib".into();
        model.api.source.sha256 = "00ff".into();
        model
    }

    #[test]
    fn emits_parseable_files_with_headers() {
        let options = EmitOptions {
            runtime: RuntimeDependency::Path("../blueprint-runtime".into()),
            workspace_member: false,
        };
        let files = emit(&model(), &options).expect("emits");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(
            paths.contains(&"Cargo.toml") && paths.contains(&"src/lib.rs"),
            "{paths:?}"
        );
        for file in &files {
            if file.path.ends_with(".rs") {
                assert!(
                    file.contents.starts_with(
                        "// Generated by blueprint codegen from `api.apib` (sha256 00ff)"
                    ),
                    "{}",
                    file.path
                );
            }
        }
        let api = files
            .iter()
            .find(|f| f.path == "src/api/stacks.rs")
            .expect("one file per group");
        assert!(
            api.contents
                .contains("pub fn list_servers(&self, stack_id: &str) -> StacksListServers"),
            "{}",
            api.contents
        );
        assert!(api
            .contents
            .contains("::blueprint_runtime::json_param(\"server_count\", value)"));
        let manifest = files.iter().find(|f| f.path == "Cargo.toml").unwrap();
        assert!(manifest
            .contents
            .contains("path = \"../blueprint-runtime\""));
        assert!(manifest.contents.contains("\n[workspace]\n"));
    }
}
