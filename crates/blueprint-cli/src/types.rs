//! `types SPEC [--config FILE | --no-config] [--lenient]`: prints the
//! inferred type model of a spec as JSON (the contract documented in
//! `blueprint_codegen::model_json`).
//!
//! Inference warnings are rendered on stderr like rustc's; errors in the
//! spec (but those `--lenient` relaxes) or in the configuration (including
//! entries that match nothing) make the command exit 1 after printing the
//! model; a configuration that cannot be read, 2.

use std::path::PathBuf;

use blueprint_codegen::config::Config;
use blueprint_codegen::infer;
use blueprint_codegen::model_json::type_model_json;
use blueprint_parser::{Diagnostic, Severity};
use clap::Args;

use crate::input::{load, read_config, ConfigChoice};
use crate::output::Output;
use crate::{spec_or_default, Exit, Failure, Project};

/// `types SPEC [--config FILE | --no-config] [--lenient]`.
#[derive(Debug, Clone, Args)]
pub struct TypesArgs {
    /// The spec to read (with the files it includes).
    #[arg(value_name = "SPEC", required = true)]
    pub spec: Option<PathBuf>,
    /// The configuration the model is inferred with.
    #[command(flatten)]
    pub configuration: ConfigChoice,
    /// Read the spec errors that have one safe reading as warnings (an
    /// undefined type becomes `serde_json::Value`).
    #[arg(long)]
    pub lenient: bool,
}

fn render_all(
    output: &mut Output,
    diagnostics: &[Diagnostic],
    file: &std::path::Path,
    source: &str,
) {
    let name = file.display().to_string();
    let lines = blueprint_parser::SourceLines::new(source);
    for d in diagnostics {
        output.diagnostic(&d.render_in(&name, &lines), d.severity);
    }
}

/// Runs `types`.
pub(crate) fn run(
    args: &TypesArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let spec = spec_or_default(args.spec.as_deref(), project)?;
    let (document, mut blueprint) = load(&spec)?;
    let config_path = args
        .configuration
        .path(project.filter(|p| p.is_spec(&spec)));
    let (mut config, config_text) = match &config_path {
        None => (Config::default(), String::new()),
        Some(path) => read_config(path)?,
    };
    config.generate.lenient |= args.lenient;
    let renderer = document.renderer();
    // The spec's errors (those `--lenient` relaxes shown as warnings): the
    // model is printed anyway, but the command fails on an error left.
    let shown: Vec<bool> = blueprint
        .diagnostics
        .iter()
        .map(|d| d.severity == Severity::Error)
        .collect();
    if config.generate.lenient {
        blueprint_codegen::pipeline::relax(&mut blueprint.diagnostics);
    }
    for (d, show) in blueprint.diagnostics.iter().zip(shown) {
        if show {
            output.diagnostic(&renderer.render(d), d.severity);
        }
    }
    let mut failed = blueprint.has_errors();
    let model = infer::infer(&blueprint, &config);
    for d in &model.diagnostics {
        output.diagnostic(&renderer.render(d), d.severity);
    }
    if let Some(path) = &config_path {
        render_all(output, &model.override_diagnostics, path, &config_text);
        failed |= model
            .override_diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
    }
    let json = serde_json::to_string_pretty(&type_model_json(&model))
        .map_err(|e| format!("error: cannot serialise the model: {e}"))?;
    output.result(&format!("{json}\n"));
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}
