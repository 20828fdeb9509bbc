//! Emission: the type model becomes formatted Rust files and the generated
//! crate's README.
//!
//! Every file is built as tokens with `quote`, parsed into a `syn::File`
//! (so malformed output is caught here, not by the user's compiler) and
//! formatted with `prettyplease`. Output depends only on the model and the
//! spec's hash, so the same spec gives byte-identical files on any machine.

mod api;
mod contract;
mod doc;
mod examples;
mod models;
mod readme;
mod round_trip;
mod table;
mod tokens;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use proc_macro2::TokenStream;

use crate::model::TypeModel;

pub use doc::sanitize as sanitize_markdown;

/// Where the generated crate lives, relative to the workspace root.
pub const GENERATED_CRATE: &str = "crates/cloud66-generated";

/// What the generated files say about their origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecInfo {
    /// The spec's file name as shown in headers, e.g. `apiary.apib`.
    pub file_name: String,
    /// Hex SHA-256 of the spec's bytes.
    pub sha256: String,
    /// The spec's `HOST`, the client's default base URL.
    pub host: Option<String>,
}

/// One file the generator writes, with its path relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, with `/` separators.
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

/// Emits every generated file of the client crate, sorted by path.
///
/// Each Rust file is built, parsed and formatted by one thread (token streams
/// are not `Send`); the files are spread over the available cores, and the
/// result does not depend on scheduling.
pub fn emit(model: &TypeModel, spec: &SpecInfo) -> Result<Vec<GeneratedFile>, EmitError> {
    let examples = examples::ExampleBodies::new(model);
    let examples = &examples;
    // Roughly the largest first: see `run_jobs`.
    let mut jobs: Vec<(String, RustJob<'_>)> = vec![
        (
            "src/generated/models.rs".into(),
            Box::new(|| Ok(models::models_file(model))),
        ),
        (
            "tests/generated_contract.rs".into(),
            Box::new(|| Ok(contract::contract_file(model, examples))),
        ),
        (
            "src/generated/operations.rs".into(),
            Box::new(|| table::operations_file(model)),
        ),
        (
            "tests/generated_round_trip.rs".into(),
            Box::new(|| Ok(round_trip::round_trip_file(model, examples))),
        ),
    ];
    let mut groups = api::groups(model);
    groups.sort_by_key(|(_, ops)| std::cmp::Reverse(ops.len()));
    for (accessor, ops) in groups {
        jobs.push((
            format!("src/generated/api/{accessor}.rs"),
            Box::new(move || api::group_file(accessor, &ops)),
        ));
    }
    jobs.push((
        "src/generated/api/mod.rs".into(),
        Box::new(|| Ok(api::api_mod_file(model))),
    ));
    jobs.push((
        "src/generated/mod.rs".into(),
        Box::new(|| Ok(generated_mod())),
    ));
    let mut files = run_jobs(&jobs, spec)?;
    files.push(GeneratedFile {
        path: format!("{GENERATED_CRATE}/README.md"),
        contents: readme::readme(model, spec),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Builds, parses and formats every job, on this thread and one helper
/// thread per other core; the files come back in job order.
///
/// This thread takes jobs from the front of the list (the largest files) and
/// helpers from the back. A helper is a new thread whose allocator memory is
/// cold, so it pays a page fault for every page it touches: leaving it the
/// small files keeps that cost low, and the two ends meet in the middle
/// whatever the files' sizes.
fn run_jobs(
    jobs: &[(String, RustJob<'_>)],
    spec: &SpecInfo,
) -> Result<Vec<GeneratedFile>, EmitError> {
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
                job().and_then(|tokens| format_rust(path, tokens, spec))
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
            Ok(GeneratedFile {
                path: format!("{GENERATED_CRATE}/{path}"),
                contents: contents
                    .ok_or_else(|| EmitError::new(format!("`{path}` was not emitted")))??,
            })
        })
        .collect()
}

fn generated_mod() -> TokenStream {
    quote::quote! {
        //! The modules written by `cargo xtask regen` from the spec.
        //!
        //! They are formatted by the generator (prettyplease), so rustfmt skips them:
        //! `cargo fmt` must not make the checked-in files differ from `regen`'s output.
        #[rustfmt::skip]
        pub mod api;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        pub use operations::OPERATIONS;
    }
}

/// The first line of every generated Rust file.
pub fn header(spec: &SpecInfo) -> String {
    format!(
        "// Generated by `cargo xtask regen` from `{}` (sha256 {}). Do not edit by hand.\n",
        spec.file_name, spec.sha256
    )
}

fn format_rust(name: &str, tokens: TokenStream, spec: &SpecInfo) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        EmitError::new(format!("emitted tokens for `{name}` do not parse: {error}"))
    })?;
    Ok(format!(
        "{}\n{}",
        header(spec),
        prettyplease::unparse(&file)
    ))
}

#[cfg(test)]
mod tests {
    use blueprint_parser::Location;
    use serde_json::json;

    use super::*;
    use crate::model::*;

    fn sample_model() -> TypeModel {
        TypeModel {
            types: vec![
                TypeDef {
                    name: "Stack".into(),
                    doc: "A stack.".into(),
                    kind: TypeKind::Struct {
                        fields: vec![
                            Field {
                                json: "uid".into(),
                                rust: "uid".into(),
                                ty: TypeRef::String,
                                optional: false,
                                nullable: false,
                                doc: "The id.".into(),
                            },
                            Field {
                                json: "type".into(),
                                rust: "r#type".into(),
                                ty: TypeRef::Named("StackStatus".into()),
                                optional: true,
                                nullable: false,
                                doc: String::new(),
                            },
                            Field {
                                json: "created_at".into(),
                                rust: "created_at".into(),
                                ty: TypeRef::DateTime,
                                optional: false,
                                nullable: true,
                                doc: String::new(),
                            },
                        ],
                    },
                },
                TypeDef {
                    name: "StackStatus".into(),
                    doc: "Stack status values.".into(),
                    kind: TypeKind::Enum {
                        repr: EnumRepr::Integer,
                        variants: vec![Variant {
                            name: "Queued".into(),
                            value: json!(0),
                            doc: "Pending analysis".into(),
                        }],
                    },
                },
            ],
            operations: vec![Operation {
                group: "Stacks".into(),
                resource: "Stack List".into(),
                action: "List all stacks".into(),
                method: "GET".into(),
                path: "/stacks/{stack_id}/servers".into(),
                scope: Some("public".into()),
                accessor: "stacks".into(),
                fn_name: "list".into(),
                doc: "See http://example.com and [Stack][].".into(),
                parameters: vec![
                    Param {
                        name: "stack_id".into(),
                        rust: "stack_id".into(),
                        location: Location::Path,
                        ty: TypeRef::String,
                        required: true,
                        json_encoded: false,
                        description: "The stack UID".into(),
                        example: Some("abc def".into()),
                    },
                    Param {
                        name: "server_count".into(),
                        rust: "server_count".into(),
                        location: Location::Query,
                        ty: TypeRef::Map(Box::new(TypeRef::I64)),
                        required: false,
                        json_encoded: true,
                        description: "Counts".into(),
                        example: Some("{\"web\": 2}".into()),
                    },
                ],
                response: Response::Page(TypeRef::Named("Stack".into())),
                examples: vec![Example {
                    line: 3,
                    value: std::sync::Arc::new(json!({"response": []})),
                    repaired: false,
                }],
                line: 1,
            }],
            diagnostics: vec![],
            override_diagnostics: vec![],
        }
    }

    #[test]
    fn emits_parseable_files_with_headers() {
        let spec = SpecInfo {
            file_name: "apiary.apib".into(),
            sha256: "00ff".into(),
            host: None,
        };
        let files = emit(&sample_model(), &spec).expect("emits");
        for file in &files {
            if file.path.ends_with(".rs") {
                assert!(file.contents.starts_with(
                    "// Generated by `cargo xtask regen` from `apiary.apib` (sha256 00ff)"
                ));
            }
            if std::env::var_os("SHOW_EMIT").is_some() {
                println!("==== {}\n{}", file.path, file.contents);
            }
        }
        let api = files
            .iter()
            .find(|f| f.path.ends_with("api/stacks.rs"))
            .expect("one file per group");
        assert!(api
            .contents
            .contains("pub fn list(&self, stack_id: &str) -> List<'a>"));
        assert!(api
            .contents
            .contains("crate::json_param(\"server_count\", value)"));
    }
}
