//! `cargo xtask types [PATH] [--config FILE | --no-config] [--lenient]`: prints the
//! inferred type model of a spec as JSON (the contract documented in
//! `codegen::model_json`).
//!
//! `PATH` defaults to the workspace's `apiary.apib` and the configuration to
//! `crates/codegen/cloud66.toml`. Inference warnings are rendered on stderr
//! like rustc's; errors in the spec (but those `--lenient` relaxes) or in
//! the configuration (including entries that match nothing) make the
//! command fail after printing the model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blueprint_parser::{Diagnostic, Document, Severity};
use codegen::config::Config;
use codegen::infer;
use codegen::model_json::type_model_json;

use crate::{workspace_root, CLOUD66_CONFIG};

const USAGE: &str = "usage: cargo xtask types [PATH] [--config FILE | --no-config] [--lenient]";

fn render_all(diagnostics: &[Diagnostic], file: &Path, source: &str) {
    let name = file.display().to_string();
    let lines = blueprint_parser::SourceLines::new(source);
    for d in diagnostics {
        eprintln!("{}", d.render_in(&name, &lines));
    }
}

/// Runs `cargo xtask types` with the arguments after `types`.
pub fn run(args: &[String]) -> ExitCode {
    let mut spec: Option<PathBuf> = None;
    let mut config_path: Option<PathBuf> = Some(workspace_root().join(CLOUD66_CONFIG));
    let mut lenient = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-config" => config_path = None,
            "--lenient" => lenient = true,
            "--config" => match it.next() {
                Some(p) => config_path = Some(PathBuf::from(p)),
                None => {
                    eprintln!("error: `--config` needs a file\n{USAGE}");
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
    let document = match Document::read(&spec) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec.display());
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    let mut config_text = String::new();
    let config = match &config_path {
        None => Config::default(),
        Some(path) => {
            config_text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            match Config::from_toml(&config_text) {
                Ok(c) => c,
                Err(e) => {
                    render_all(&e.diagnostics, path, &config_text);
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let mut config = config;
    config.generate.lenient |= lenient;
    let mut blueprint = document.parse();
    let renderer = document.renderer();
    // The spec's errors (those `--lenient` relaxes shown as warnings): the
    // model is printed anyway, but the command fails on an error left.
    let relaxable = |d: &Diagnostic| d.severity == Severity::Error;
    let shown: Vec<bool> = blueprint.diagnostics.iter().map(relaxable).collect();
    if config.generate.lenient {
        codegen::pipeline::relax(&mut blueprint.diagnostics);
    }
    for (d, show) in blueprint.diagnostics.iter().zip(shown) {
        if show {
            eprintln!("{}", renderer.render(d));
        }
    }
    failed |= blueprint.has_errors();
    let model = infer::infer(&blueprint, &config);
    for d in &model.diagnostics {
        eprintln!("{}", renderer.render(d));
    }
    if let Some(path) = &config_path {
        render_all(&model.override_diagnostics, path, &config_text);
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
