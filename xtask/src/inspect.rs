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

/// `cargo xtask lint [PATH] [--deny-warnings]`: prints rendered diagnostics:
/// the parser's, and the endpoint check's (every operation a client would
/// have, sent where the spec says; see `codegen::endpoints`).
pub(crate) fn lint(args: &[String]) -> Result<ExitCode, String> {
    let (path, flags) = path_and_flags(args, &["--deny-warnings"])?;
    let deny_warnings = flags.contains(&"--deny-warnings");
    let path = crate::spec_path(path);
    let (document, mut blueprint) = load(&path)?;
    if !blueprint.has_errors() {
        let config = Config::default();
        let model = codegen::infer::infer(&blueprint, &config);
        let mismatches = codegen::endpoints::check(&blueprint, &config, &model);
        blueprint.diagnostics.extend(mismatches);
        blueprint.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
    let renderer = document.renderer();
    for d in &blueprint.diagnostics {
        println!("{}", renderer.render(d));
    }
    let errors = blueprint
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = blueprint.diagnostics.len() - errors;
    let name = path.display();
    let included = document.files.len() - 1;
    let files = if included > 0 {
        format!(" (and {included} included file(s))")
    } else {
        String::new()
    };
    println!("{name}{files}: {errors} error(s), {warnings} warning(s)");
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
