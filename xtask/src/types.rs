//! `cargo xtask types [PATH] [--overrides FILE | --no-overrides]`: prints
//! the inferred type model of a spec as JSON (the contract documented in
//! `codegen::model_json`).
//!
//! `PATH` defaults to the workspace's `apiary.apib`; the overrides default
//! to `crates/codegen/overrides.toml`. Inference warnings are rendered on
//! stderr like rustc's; errors in the overrides file (including entries
//! that match nothing) make the command fail after printing the model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blueprint_parser::{Diagnostic, Severity};
use codegen::infer::{self, Overrides};
use codegen::model_json::type_model_json;

use crate::{workspace_root, OVERRIDES};

const USAGE: &str = "usage: cargo xtask types [PATH] [--overrides FILE | --no-overrides]";

fn render_all(diagnostics: &[Diagnostic], file: &Path, source: &str) {
    let name = file.display().to_string();
    for d in diagnostics {
        eprintln!("{}", d.render(&name, source));
    }
}

/// Runs `cargo xtask types` with the arguments after `types`.
pub fn run(args: &[String]) -> ExitCode {
    let mut spec: Option<PathBuf> = None;
    let mut overrides_path: Option<PathBuf> = Some(workspace_root().join(OVERRIDES));
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-overrides" => overrides_path = None,
            "--overrides" => match it.next() {
                Some(p) => overrides_path = Some(PathBuf::from(p)),
                None => {
                    eprintln!("error: `--overrides` needs a file\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') || spec.is_some() => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
            other => spec = Some(PathBuf::from(other)),
        }
    }
    let spec = spec.unwrap_or_else(|| workspace_root().join("apiary.apib"));
    let bytes = match std::fs::read(&spec) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec.display());
            return ExitCode::FAILURE;
        }
    };
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let mut failed = false;
    let overrides = match &overrides_path {
        None => None,
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            match Overrides::from_toml(&text) {
                Ok(o) => Some(o),
                Err(e) => {
                    render_all(&e.diagnostics, path, &text);
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let blueprint = blueprint_parser::parse(&bytes);
    let model = infer::infer(&blueprint, overrides.as_ref());
    render_all(&model.diagnostics, &spec, &source);
    if let Some(path) = &overrides_path {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        render_all(&model.override_diagnostics, path, &text);
        failed |= model
            .override_diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
    }
    match serde_json::to_string_pretty(&type_model_json(&model)) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
