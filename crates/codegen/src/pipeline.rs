//! The whole generator in one call: spec bytes and configuration in,
//! generated files out.
//!
//! text → [`blueprint_parser::parse`] → IR → [`crate::infer::infer`] → type
//! model → [`crate::emit::emit`] → formatted files.

use std::fmt;

use blueprint_parser::{Diagnostic, Document, Severity};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::emit::{self, EmitError, EmitOptions, GeneratedFile};
use crate::infer;
use crate::model::{SpecSource, TypeModel};
use crate::names::NameLock;

/// The result of a successful generation of a crate.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Every file of the generated crate, sorted by path (relative to the crate).
    pub files: Vec<GeneratedFile>,
    /// Warnings from the parser and from inference, located in the spec.
    pub diagnostics: Vec<Diagnostic>,
    /// The model the files were emitted from.
    pub model: TypeModel,
}

/// The result of a successful generation of a module ([`generate_module`]).
#[derive(Debug, Clone)]
pub struct ModuleGeneration {
    /// The text of the module's one Rust file, to `include!`.
    pub module: String,
    /// Warnings from the parser and from inference, located in the spec.
    pub diagnostics: Vec<Diagnostic>,
    /// The model the module was emitted from (its `names` are the names
    /// lock after this generation).
    pub model: TypeModel,
}

/// Why nothing was generated.
#[derive(Debug, Clone)]
pub enum GenerateError {
    /// The spec has errors; every diagnostic is kept so the caller can
    /// render them all.
    Spec(Vec<Diagnostic>),
    /// The configuration file is invalid or has entries that match nothing;
    /// the diagnostics are located in the configuration file.
    Config(Vec<Diagnostic>),
    /// Emission failed (a generator bug or an unsupported construct).
    Emit(EmitError),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spec(diagnostics) => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                write!(f, "the spec has {errors} error(s)")
            }
            Self::Config(diagnostics) => {
                write!(
                    f,
                    "the configuration file has {} problem(s)",
                    diagnostics.len()
                )
            }
            Self::Emit(error) => write!(f, "emission failed: {error}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Parses, infers and emits the client crate for `spec` (the bytes of the
/// file named `spec_name`, read alone: its include directives are not
/// followed; see [`generate_document`]) with `config` ([`Config::default`]
/// for none; read one with [`Config::from_toml`]), keeping the names of
/// `lock` (the crate's `names.lock` from its previous generation, or an
/// empty one).
pub fn generate(
    spec_name: &str,
    spec: &[u8],
    config: &Config,
    lock: &NameLock,
    options: &EmitOptions,
) -> Result<Generation, GenerateError> {
    generate_document(&Document::single(spec_name, spec), config, lock, options)
}

/// [`generate`] for a spec and the files it includes
/// ([`Document::read`]): every diagnostic is located in the assembled text
/// (render them with [`Document::renderer`]), and the generated files name
/// the root file and a hash over all of them.
pub fn generate_document(
    document: &Document,
    config: &Config,
    lock: &NameLock,
    options: &EmitOptions,
) -> Result<Generation, GenerateError> {
    let (model, diagnostics) = model_document(document, config, lock)?;
    let files = emit::emit(&model, options).map_err(GenerateError::Emit)?;
    Ok(Generation {
        files,
        diagnostics,
        model,
    })
}

/// [`generate_document`] as one module to `include!` in a crate of the
/// caller's ([`emit::emit_module`], whose doc examples name it `doc_path`)
/// rather than a crate.
pub fn generate_module(
    document: &Document,
    config: &Config,
    lock: &NameLock,
    doc_path: Option<&str>,
) -> Result<ModuleGeneration, GenerateError> {
    let (model, diagnostics) = model_document(document, config, lock)?;
    let module = emit::emit_module(&model, doc_path).map_err(GenerateError::Emit)?;
    Ok(ModuleGeneration {
        module,
        diagnostics,
        model,
    })
}

/// Parses, infers and checks: the model to emit and the warnings, sorted
/// by line.
fn model_document(
    document: &Document,
    config: &Config,
    lock: &NameLock,
) -> Result<(TypeModel, Vec<Diagnostic>), GenerateError> {
    let mut blueprint = document.parse();
    if config.generate.lenient {
        relax(&mut blueprint.diagnostics);
    }
    // Errors in the spec come first: a configuration cannot match a spec that did not parse.
    if blueprint.has_errors() {
        return Err(GenerateError::Spec(blueprint.diagnostics));
    }
    let mut model = infer::infer_locked(&blueprint, config, lock);
    if model
        .override_diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Err(GenerateError::Config(model.override_diagnostics));
    }
    let root = &document.files[0].name;
    model.api.source = SpecSource {
        file_name: std::path::Path::new(root)
            .file_name()
            .map_or_else(|| root.clone(), |n| n.to_string_lossy().into_owned()),
        sha256: document_sha256(document),
        included: document.files[1..].iter().map(|f| f.name.clone()).collect(),
        spans: if document.has_includes() {
            document.spans.clone()
        } else {
            Vec::new()
        },
    };
    let mut diagnostics = blueprint.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    // A client that calls the wrong endpoint is the worst one there is.
    diagnostics.extend(crate::endpoints::check(&blueprint, config, &model));
    diagnostics.sort_by_key(|d| (d.line, d.column));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    Ok((model, diagnostics))
}

/// The hash generated files carry: the SHA-256 of the spec's bytes; for a
/// spec that includes files, of every file in the order first included,
/// each as its name (relative to the root's folder; `root` for the root,
/// whatever path it was read from), a NUL, its length in decimal, a NUL and
/// its bytes, so that a change in any of them changes it.
pub fn document_sha256(document: &Document) -> String {
    if !document.has_includes() {
        return sha256_hex(&document.files[0].bytes);
    }
    let mut hasher = Sha256::new();
    for (i, file) in document.files.iter().enumerate() {
        let name = if i == 0 { "root" } else { file.name.as_str() };
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(file.bytes.len().to_string().as_bytes());
        hasher.update([0]);
        hasher.update(&file.bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The spec errors `lenient` generation relaxes into warnings, each with the
/// one safe reading the generated client takes:
///
/// - `unknown-mson-type`: a type the spec names but never defines (`bool`,
///   `int`, `dateTime`, `guid`, a data structure left out): a value of it is
///   a `serde_json::Value`, whatever it holds (a value with members of its
///   own is typed from them); an `Include` of it adds nothing, and a type
///   inheriting from it has only its own members;
/// - `circular-mson-type`: a type that inherits or includes itself: the
///   circular reference is left out (the rest of the type stays);
/// - `missing-include`: an `<!-- include(path) -->` whose file is not
///   there stays the HTML comment it is, as drafter reads it (what the file
///   holds is missing from the client).
///
/// Every other error stands: an unreadable spec, an include that is
/// circular or leaves the spec's folder, a `{}` in a path, an unresolved
/// model reference (its payload's body is unknown), and an endpoint the
/// client would not call as the spec says.
pub const LENIENT_CODES: &[&str] = &["unknown-mson-type", "circular-mson-type", "missing-include"];

/// Turns the errors of [`LENIENT_CODES`] into warnings that say what the
/// generated client does instead (for `[generate] lenient = true`).
pub fn relax(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.severity == Severity::Error && LENIENT_CODES.contains(&d.code.as_str()))
    {
        d.severity = Severity::Warning;
        let reading = match d.code.as_str() {
            "unknown-mson-type" if d.message.starts_with("`Include") => {
                "generated anyway (lenient): the including type lacks its members"
            }
            "unknown-mson-type" => {
                "generated anyway (lenient): its values are `serde_json::Value` unless it has members of its own"
            }
            "missing-include" => {
                "generated anyway (lenient): the directive is read as the HTML comment it is, as drafter reads it, and what the file holds is missing"
            }
            _ => "generated anyway (lenient) without the circular reference",
        };
        d.message = format!("{}; {reading}", d.message);
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::RuntimeDependency;

    fn options() -> EmitOptions {
        EmitOptions {
            runtime: RuntimeDependency::Path("../blueprint-runtime".into()),
            workspace_member: false,
        }
    }

    #[test]
    fn spec_errors_are_reported_before_config_errors() {
        let config = Config::from_toml("[[method]]\noperation = \"Nothing\"\nfn = \"x\"\n")
            .expect("a valid configuration");
        let error = generate(
            "bad.apib",
            &[0xff, 0xfe],
            &config,
            &NameLock::default(),
            &options(),
        )
        .expect_err("fails");
        let GenerateError::Spec(diagnostics) = error else {
            panic!("expected the spec's errors, got {error:?}");
        };
        assert!(
            diagnostics.iter().any(|d| d.code == "non-utf8-input"),
            "{diagnostics:?}"
        );
    }

    fn split_document(part: &str) -> Document {
        let root = "FORMAT: 1A\n\n# Group Users\n\n<!-- include(users.apib) -->\n";
        Document::assemble(
            "api.apib",
            root.as_bytes(),
            &mut |path: &std::path::Path| {
                assert_eq!(path, std::path::Path::new("users.apib"));
                Ok(part.as_bytes().to_vec())
            },
        )
    }

    #[test]
    fn a_split_spec_names_its_files_and_hashes_them_all() {
        let part = "## User [/users/{id}]\n\n### Show a user [GET]\n\n+ Response 204\n";
        let generation = generate_document(
            &split_document(part),
            &Config::default(),
            &NameLock::default(),
            &options(),
        )
        .expect("generates");
        let source = &generation.model.api.source;
        assert_eq!(source.file_name, "api.apib");
        assert_eq!(source.included, ["users.apib"]);
        let lib = generation
            .files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .expect("lib.rs");
        assert!(
            lib.contents.starts_with(
                "// Generated by blueprint codegen from `api.apib` with `users.apib` (sha256 "
            ),
            "{}",
            lib.contents.lines().next().unwrap_or_default()
        );
        // A change in the included file alone changes the hash.
        let changed = split_document(&part.replace("204", "202"));
        assert_ne!(document_sha256(&changed), source.sha256);
        assert_eq!(document_sha256(&split_document(part)), source.sha256);
        // One file alone keeps the hash of its bytes.
        let single = Document::single("api.apib", b"FORMAT: 1A\n");
        assert_eq!(document_sha256(&single), sha256_hex(b"FORMAT: 1A\n"));
    }

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
