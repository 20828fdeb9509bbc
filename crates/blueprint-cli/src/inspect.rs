//! `ir` and `lint`: look at what the parser reads.

use std::path::PathBuf;

use blueprint_codegen::config::Config;
use blueprint_parser::Severity;
use clap::Args;

use crate::diff::{against_baseline, Baseline};
use crate::input::{load, read_config, ConfigChoice};
use crate::output::Output;
use crate::{spec_or_default, Exit, Failure, Project};

/// `ir SPEC`.
#[derive(Debug, Clone, Args)]
pub struct IrArgs {
    /// The spec to read (with the files it includes).
    #[arg(value_name = "SPEC", required = true)]
    pub spec: Option<PathBuf>,
}

/// `lint SPEC [--config FILE | --no-config] [--deny-warnings] [--allow CODE]… [--baseline OLD | --since GIT_REV]`.
#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// The spec to check (with the files it includes).
    #[arg(value_name = "SPEC", required = true)]
    pub spec: Option<PathBuf>,
    /// Fail (exit 1) on warnings too (against a baseline: on new ones).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Count, without showing, the warnings of this code (repeatable; with
    /// the configuration's `[lint] allow`).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
    /// The configuration the endpoint check and the names use, and whose
    /// `[lint] allow` codes are counted, not shown.
    #[command(flatten)]
    pub configuration: ConfigChoice,
    /// Show only the diagnostics this older spec does not have.
    #[arg(long, value_name = "OLD", conflicts_with = "since")]
    pub baseline: Option<PathBuf>,
    /// Show only the diagnostics the spec did not have at this git revision.
    #[arg(long, value_name = "GIT_REV")]
    pub since: Option<String>,
}

/// `ir`: prints the IR as JSON; exit 1 if the spec has an error.
pub(crate) fn ir(
    args: &IrArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let path = spec_or_default(args.spec.as_deref(), project)?;
    let (document, blueprint) = load(&path)?;
    let json = serde_json::to_string_pretty(&blueprint)
        .map_err(|e| format!("error: cannot serialise the IR: {e}"))?;
    output.result(&format!("{json}\n"));
    let renderer = document.renderer();
    for d in &blueprint.diagnostics {
        if d.severity == Severity::Error {
            output.diagnostic(&renderer.render(d), d.severity);
        }
    }
    Ok(if blueprint.has_errors() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// `lint`: renders the diagnostics of the parser, of the endpoint check
/// (every operation a client would have, sent where the spec says; see
/// `blueprint_codegen::endpoints`) and the names that needed a counter, but the
/// warnings `--allow` names, which are counted; against a baseline (an older
/// spec, or the spec at a revision), only those the baseline does not have,
/// counting the others (`--deny-warnings` then fails on new warnings only).
/// The summary line is the result.
pub(crate) fn lint(
    args: &LintArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let baseline = match (&args.baseline, &args.since) {
        (Some(old), None) => Some(Baseline::File(old.clone())),
        (None, Some(rev)) => Some(Baseline::Revision(rev.clone())),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err(Failure(
                "error: give one of --baseline and --since".to_owned(),
            ))
        }
    };
    let path = spec_or_default(args.spec.as_deref(), project)?;
    let config = match args
        .configuration
        .path(project.filter(|p| p.is_spec(&path)))
    {
        Some(config_path) => read_config(&config_path)?.0,
        None => Config::default(),
    };
    let (document, mut blueprint) = load(&path)?;
    if !blueprint.has_errors() {
        let model = blueprint_codegen::infer::infer(&blueprint, &config);
        let mismatches = blueprint_codegen::endpoints::check(&blueprint, &config, &model);
        blueprint.diagnostics.extend(mismatches);
        // A name the spec's words could not tell apart is numbered: say so.
        blueprint
            .diagnostics
            .extend(model.diagnostics.into_iter().filter(|d| {
                matches!(
                    d.code.as_str(),
                    "method-name-collision" | "type-name-collision"
                )
            }));
        blueprint.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    let renderer = document.renderer();
    let split = against_baseline(
        baseline.as_ref(),
        &path,
        &blueprint.diagnostics,
        &document.text,
    )?;
    let allow: Vec<String> = config
        .lint
        .allow
        .iter()
        .chain(&args.allow)
        .cloned()
        .collect();
    let (kept, allowed) = blueprint_codegen::lint::partition(&blueprint.diagnostics, &allow);
    // With a baseline, only what it does not have is shown.
    let shown: Vec<&blueprint_parser::Diagnostic> = match &split {
        Some(split) => kept
            .into_iter()
            .filter(|d| {
                split
                    .new
                    .iter()
                    .any(|&i| std::ptr::eq(&blueprint.diagnostics[i], *d))
            })
            .collect(),
        None => kept,
    };
    for d in &shown {
        output.diagnostic(&renderer.render(d), d.severity);
    }
    let errors = blueprint
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = blueprint.diagnostics.len() - errors - allowed.total();
    let shown_warnings = shown
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .count();
    if !allowed.is_empty() {
        output.note(&format!("note: {allowed}"));
    }
    let name = path.display();
    let included = document.files.len() - 1;
    let files = if included > 0 {
        format!(" (and {included} included file(s))")
    } else {
        String::new()
    };
    output.result(&match &split {
        Some(split) => format!(
            "{name}{files}: {errors} error(s), {warnings} warning(s): {} new, {} also in the baseline (not shown)\n",
            split.new.len(),
            split.known
        ),
        None => format!("{name}{files}: {errors} error(s), {warnings} warning(s)\n"),
    });
    let failed = errors > 0 || (args.deny_warnings && shown_warnings > 0);
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}
