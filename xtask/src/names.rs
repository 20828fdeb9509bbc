//! `cargo xtask names [SPEC] [--config FILE | --no-config] [--lock FILE] [--json]`:
//! every public name a generated crate gets, and where it came from
//! (the report of `codegen::explain`).
//!
//! `SPEC` defaults to the workspace's `apiary.apib`, with
//! `crates/codegen/cloud66.toml` and the Cloud 66 crate's `names.lock`, so
//! the report shows the names the lock keeps against today's rules.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::config::Config;
use codegen::explain::{name_entries, render};
use codegen::names::NameLock;

use crate::regen::{read_config, read_lock};
use crate::{workspace_root, CLOUD66_CONFIG, CLOUD66_CRATE};

const USAGE: &str =
    "usage: cargo xtask names [SPEC] [--config FILE | --no-config] [--lock FILE] [--json]";

/// Runs the command with its arguments (after `names`).
pub fn run(args: &[String]) -> ExitCode {
    let mut spec: Option<PathBuf> = None;
    let mut config_path: Option<Option<PathBuf>> = None;
    let mut lock_path: Option<PathBuf> = None;
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-config" => config_path = Some(None),
            "--json" => json = true,
            "--config" | "--lock" => {
                let Some(value) = it.next() else {
                    eprintln!("error: `{arg}` needs a file\n{USAGE}");
                    return ExitCode::from(2);
                };
                if arg == "--config" {
                    config_path = Some(Some(PathBuf::from(value)));
                } else {
                    lock_path = Some(PathBuf::from(value));
                }
            }
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
    let root = workspace_root();
    // The Cloud 66 spec comes with its configuration and lock by default.
    let cloud66 = spec.is_none();
    let spec = spec.unwrap_or_else(|| root.join("apiary.apib"));
    let config_path = config_path.unwrap_or_else(|| cloud66.then(|| root.join(CLOUD66_CONFIG)));
    let result = (|| {
        let config = match &config_path {
            Some(path) => read_config(path)?.0,
            None => Config::default(),
        };
        let lock = match (&lock_path, cloud66) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
                NameLock::from_toml(&text).map_err(|d| {
                    let shown = path.display().to_string();
                    d.iter()
                        .map(|d| d.render(&shown, &text))
                        .collect::<String>()
                })?
            }
            (None, true) => read_lock(&root.join(CLOUD66_CRATE))?,
            (None, false) => NameLock::default(),
        };
        let bytes = std::fs::read(&spec)
            .map_err(|e| format!("error: cannot read {}: {e}", spec.display()))?;
        let blueprint = blueprint_parser::parse(&bytes);
        if blueprint.has_errors() {
            let source = String::from_utf8_lossy(&bytes);
            let lines = blueprint_parser::SourceLines::new(&source);
            let shown = spec.display().to_string();
            let text: String = blueprint
                .diagnostics
                .iter()
                .filter(|d| d.severity == blueprint_parser::Severity::Error)
                .map(|d| d.render_in(&shown, &lines) + "\n")
                .collect();
            return Err(format!("{text}error: the spec has errors"));
        }
        Ok(codegen::infer::infer_locked(&blueprint, &config, &lock))
    })();
    let model = match result {
        Ok(model) => model,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let entries = name_entries(&model);
    if json {
        match serde_json::to_string_pretty(&entries) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", render(&entries));
    }
    ExitCode::SUCCESS
}
