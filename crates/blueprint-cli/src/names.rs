//! `names SPEC [--config FILE | --no-config] [--lock FILE] [--json]`: every
//! public name a generated crate gets, and where it came from (the report
//! of `blueprint_codegen::explain`).
//!
//! A project's own spec comes with its configuration and its crate's
//! `names.lock`, so the report shows the names the lock keeps against
//! today's rules.

use std::path::PathBuf;

use blueprint_codegen::config::Config;
use blueprint_codegen::explain::{name_entries, render};
use blueprint_codegen::names::NameLock;
use clap::Args;

use crate::input::{load, read_config, read_lock, read_lock_file, ConfigChoice};
use crate::output::Output;
use crate::{spec_or_default, Exit, Failure, Project};

/// `names SPEC [--config FILE | --no-config] [--lock FILE] [--json]`.
#[derive(Debug, Clone, Args)]
pub struct NamesArgs {
    /// The spec to read (with the files it includes).
    #[arg(value_name = "SPEC", required = true)]
    pub spec: Option<PathBuf>,
    /// The configuration the names come from.
    #[command(flatten)]
    pub configuration: ConfigChoice,
    /// The generated crate's `names.lock`, whose names are kept.
    #[arg(long, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `names`.
pub(crate) fn run(
    args: &NamesArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let spec = spec_or_default(args.spec.as_deref(), project)?;
    let own = project.filter(|p| p.is_spec(&spec));
    let config = match args.configuration.path(own) {
        Some(path) => read_config(&path)?.0,
        None => Config::default(),
    };
    let lock = match (&args.lock, own) {
        (Some(path), _) => read_lock_file(path)?,
        (None, Some(project)) => read_lock(&project.crate_dir)?,
        (None, None) => NameLock::default(),
    };
    let (document, blueprint) = load(&spec)?;
    if blueprint.has_errors() {
        let renderer = document.renderer();
        let text: String = blueprint
            .diagnostics
            .iter()
            .filter(|d| d.severity == blueprint_parser::Severity::Error)
            .map(|d| renderer.render(d) + "\n")
            .collect();
        return Err(Failure(format!("{text}error: the spec has errors")));
    }
    let model = blueprint_codegen::infer::infer_locked(&blueprint, &config, &lock);
    let entries = name_entries(&model);
    if args.json {
        let text = serde_json::to_string_pretty(&entries)
            .map_err(|e| format!("error: cannot serialise the names: {e}"))?;
        output.result(&format!("{text}\n"));
    } else {
        output.result(&render(&entries));
    }
    Ok(Exit::Ok)
}
