//! The whole generator in one call: spec bytes and configuration in,
//! generated files out.
//!
//! text → [`blueprint_parser::parse`] → IR → [`crate::infer::infer`] → type
//! model → [`crate::emit::emit`] → formatted files.

use std::fmt;

use blueprint_parser::{Diagnostic, Severity};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::emit::{self, EmitError, EmitOptions, GeneratedFile};
use crate::infer;
use crate::model::{SpecSource, TypeModel};
use crate::names::NameLock;

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Every file of the generated crate, sorted by path (relative to the crate).
    pub files: Vec<GeneratedFile>,
    /// Warnings from the parser and from inference, located in the spec.
    pub diagnostics: Vec<Diagnostic>,
    /// The model the files were emitted from.
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
/// file named `spec_name`) with `config` ([`Config::default`] for none;
/// read one with [`Config::from_toml`]), keeping the names of `lock` (the
/// crate's `names.lock` from its previous generation, or an empty one).
pub fn generate(
    spec_name: &str,
    spec: &[u8],
    config: &Config,
    lock: &NameLock,
    options: &EmitOptions,
) -> Result<Generation, GenerateError> {
    let blueprint = blueprint_parser::parse(spec);
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
    model.api.source = SpecSource {
        file_name: spec_name.to_owned(),
        sha256: sha256_hex(spec),
    };
    let mut diagnostics = blueprint.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    // A client that calls the wrong endpoint is the worst one there is.
    diagnostics.extend(crate::endpoints::check(&blueprint, config, &model));
    diagnostics.sort_by_key(|d| (d.line, d.column));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    let files = emit::emit(&model, options).map_err(GenerateError::Emit)?;
    Ok(Generation {
        files,
        diagnostics,
        model,
    })
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

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
