//! `cargo xtask ir` and `cargo xtask lint`: look at what the parser reads.

use std::path::Path;
use std::process::ExitCode;

use blueprint_parser::{Blueprint, Document, Severity};
use codegen::config::Config;

/// Reads the blueprint at `path` with the files it includes, and parses it.
fn load(path: &Path) -> Result<(Document, Blueprint), String> {
    let document =
        Document::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let blueprint = document.parse();
    Ok((document, blueprint))
}

/// Splits `args` into at most one path and the flags in `allowed`.
fn path_and_flags<'a>(
    args: &'a [String],
    allowed: &[&str],
) -> Result<(Option<&'a str>, Vec<&'a str>), String> {
    let mut path = None;
    let mut flags = Vec::new();
    for a in args {
        if a.starts_with("--") {
            if !allowed.contains(&a.as_str()) {
                return Err(format!("unknown option `{a}`"));
            }
            flags.push(a.as_str());
        } else if path.replace(a.as_str()).is_some() {
            return Err(format!(
                "unexpected argument `{a}` (only one PATH is accepted)"
            ));
        }
    }
    Ok((path, flags))
}

/// `cargo xtask ir [PATH]`: prints the IR as JSON; fails if there is an error diagnostic.
pub(crate) fn ir(args: &[String]) -> Result<ExitCode, String> {
    let (path, _) = path_and_flags(args, &[])?;
    let path = crate::spec_path(path);
    let (_, blueprint) = load(&path)?;
    let json = serde_json::to_string_pretty(&blueprint)
        .map_err(|e| format!("cannot serialise the IR: {e}"))?;
    println!("{json}");
    Ok(if blueprint.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `cargo xtask lint [PATH] [--deny-warnings] [--allow CODE]… [--baseline OLD | --since GIT_REV]`:
/// prints rendered diagnostics: the parser's, the endpoint check's (every
/// operation a client would have, sent where the spec says; see
/// `codegen::endpoints`) and the names that needed a counter; but the
/// warnings `--allow` names, which are counted; against a baseline (an older
/// spec, or `PATH` at a revision), only those the baseline does not have,
/// counting the others (`--deny-warnings` then fails on new warnings only).
pub(crate) fn lint(args: &[String]) -> Result<ExitCode, String> {
    let (args, baseline) = crate::diff::baseline_option(args)?;
    let mut allow = Vec::new();
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--allow" {
            let code = args.next().ok_or("--allow needs a diagnostic code")?;
            allow.push(code.clone());
        } else {
            rest.push(arg.clone());
        }
    }
    let (path, flags) = path_and_flags(&rest, &["--deny-warnings"])?;
    let deny_warnings = flags.contains(&"--deny-warnings");
    let path = crate::spec_path(path);
    let (document, mut blueprint) = load(&path)?;
    if !blueprint.has_errors() {
        let config = Config::default();
        let model = codegen::infer::infer(&blueprint, &config);
        let mismatches = codegen::endpoints::check(&blueprint, &config, &model);
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
    let split = crate::diff::against_baseline(
        baseline.as_ref(),
        &path,
        &blueprint.diagnostics,
        &document.text,
    )?;
    let (kept, allowed) = codegen::lint::partition(&blueprint.diagnostics, &allow);
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
        println!("{}", renderer.render(d));
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
        println!("note: {allowed}");
    }
    let name = path.display();
    let included = document.files.len() - 1;
    let files = if included > 0 {
        format!(" (and {included} included file(s))")
    } else {
        String::new()
    };
    match &split {
        Some(split) => println!(
            "{name}{files}: {errors} error(s), {warnings} warning(s): {} new, {} also in the baseline (not shown)",
            split.new.len(),
            split.known
        ),
        None => println!("{name}{files}: {errors} error(s), {warnings} warning(s)"),
    }
    let failed = errors > 0 || (deny_warnings && shown_warnings > 0);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
