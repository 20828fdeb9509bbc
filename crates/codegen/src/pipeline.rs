//! The whole generator in one call: spec bytes in, generated files out.
//!
//! text → [`blueprint_parser::parse`] → IR → [`crate::infer::infer`] → type
//! model → [`crate::emit::emit`] → formatted files.

use std::fmt;

use blueprint_parser::{Diagnostic, Severity};
use sha2::{Digest, Sha256};

use crate::emit::{self, EmitError, GeneratedFile, SpecInfo};
use crate::infer::{self, Overrides};

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Every file of the generated crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Warnings from the parser and from inference.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why nothing was generated.
#[derive(Debug, Clone)]
pub enum GenerateError {
    /// The spec (or the overrides file) has errors; every diagnostic is kept
    /// so the caller can render them all.
    Spec(Vec<Diagnostic>),
    /// The overrides file is invalid or has entries that match nothing;
    /// the diagnostics are located in the overrides file.
    Overrides(Vec<Diagnostic>),
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
            Self::Overrides(diagnostics) => {
                write!(f, "the overrides file has {} problem(s)", diagnostics.len())
            }
            Self::Emit(error) => write!(f, "emission failed: {error}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Parses, infers and emits the client crate for `spec` (the bytes of the
/// file named `spec_name`), corrected by the `overrides` TOML if given.
pub fn generate(
    spec_name: &str,
    spec: &[u8],
    overrides: Option<&str>,
) -> Result<Generation, GenerateError> {
    let blueprint = blueprint_parser::parse(spec);
    // Errors in the spec come first: overrides cannot match a spec that did not parse.
    if blueprint
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Err(GenerateError::Spec(blueprint.diagnostics));
    }
    let overrides = overrides
        .map(Overrides::from_toml)
        .transpose()
        .map_err(|error| GenerateError::Overrides(error.diagnostics))?;
    let model = infer::infer(&blueprint, overrides.as_ref());
    if model
        .override_diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Err(GenerateError::Overrides(model.override_diagnostics.clone()));
    }
    let mut diagnostics = blueprint.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    diagnostics.sort_by_key(|d| (d.line, d.column));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    let info = SpecInfo {
        file_name: spec_name.to_owned(),
        sha256: sha256_hex(spec),
        host: blueprint.metadata.host.clone(),
    };
    let files = emit::emit(&model, &info).map_err(GenerateError::Emit)?;
    Ok(Generation { files, diagnostics })
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

    #[test]
    fn spec_errors_are_reported_before_override_errors() {
        let overrides = "[[method]]\noperation = \"Nothing\"\nfn = \"x\"\n";
        let error = generate("bad.apib", &[0xff, 0xfe], Some(overrides)).expect_err("fails");
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
