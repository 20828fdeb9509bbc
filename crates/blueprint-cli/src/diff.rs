//! `diff`: what changed in the API between two specs, by the type models
//! (`blueprint_codegen::diff`), with the semver class of each change for the
//! generated crate; and what `lint --since`/`--baseline` need of it.
//!
//! ```text
//! apib-rs diff OLD NEW [--config FILE | --no-config] [--old-config FILE] [--lock FILE]
//!                      [--format text|md|json] [--deny-breaking]
//! apib-rs diff --since GIT_REV --spec PATH [same options]
//! ```
//!
//! `--since` compares the spec with its version at that revision. When
//! either side is a project's own spec (`cargo xtask`: the workspace's
//! `apiary.apib`), both are compared with the project's configuration and
//! its crate's `names.lock` (with `--since`, the lock at that revision)
//! unless told otherwise; any other spec with no configuration and no lock.
//! `--old-config` gives the old side a configuration of its own (both sides
//! use `--config` otherwise). Exits 0; 1 with `--deny-breaking` when a
//! change is breaking; 2 on a spec or usage error.

use std::path::{Path, PathBuf};
use std::process::Command;

use blueprint_codegen::config::Config;
use blueprint_codegen::diff::{
    diff_specs, render_json, render_markdown, render_text, Diff, DiffError, SpecInput, Which,
};
use blueprint_codegen::names::NameLock;
use clap::{Args, ValueEnum};

use crate::input::{read_config, read_lock, read_lock_file, ConfigChoice};
use crate::output::Output;
use crate::{Exit, Failure, Project};

/// How `diff` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A short text report.
    Text,
    /// A Markdown changelog entry, with the version bump it calls for.
    Md,
    /// The changes as JSON.
    Json,
}

/// `diff OLD NEW` or `diff --since GIT_REV --spec PATH`, with options.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The old spec.
    #[arg(value_name = "OLD", requires = "new", conflicts_with = "since")]
    pub old: Option<PathBuf>,
    /// The new spec.
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// Compare the spec with its version at this git revision.
    #[arg(long, value_name = "GIT_REV")]
    pub since: Option<String>,
    /// The spec `--since` compares.
    #[arg(long, value_name = "PATH", requires = "since")]
    pub spec: Option<PathBuf>,
    /// The configuration both sides are inferred with.
    #[command(flatten)]
    pub configuration: ConfigChoice,
    /// The old side's own configuration.
    #[arg(long, value_name = "FILE")]
    pub old_config: Option<PathBuf>,
    /// The generated crate's `names.lock`, whose names both sides keep.
    #[arg(long, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// How to report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a change breaks the generated crate.
    #[arg(long)]
    pub deny_breaking: bool,
}

/// Runs `diff`.
pub(crate) fn run(
    args: &DiffArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let (text, exit) = execute(args, project)?;
    output.result(&text);
    Ok(exit)
}

/// The command's output and exit code (its errors are the caller's to print).
fn execute(args: &DiffArgs, project: Option<&Project>) -> Result<(String, Exit), Failure> {
    let since = args.since.as_deref();
    let (old, new) = match (since, &args.old, &args.new) {
        (Some(rev), None, None) => {
            let new_path = crate::spec_or_default(args.spec.as_deref(), project)?;
            let old_bytes = file_at_revision(rev, &new_path)?;
            let shown = format!("{}@{rev}", new_path.display());
            (Loaded::named(shown, old_bytes), Loaded::read(&new_path)?)
        }
        (None, Some(old), Some(new)) => (Loaded::read(old)?, Loaded::read(new)?),
        (Some(_), _, _) => {
            return Err(Failure(
                "error: --since takes no OLD/NEW (use --spec)".into(),
            ))
        }
        _ => {
            return Err(Failure(
                "error: give OLD and NEW, or --since GIT_REV".into(),
            ))
        }
    };
    // Either side being the project's spec makes it the project's
    // comparison (`diff apiary.apib next.apib` and `diff next.apib apiary.apib` alike).
    let own = project.filter(|project| {
        [&old.path, &new.path]
            .into_iter()
            .flatten()
            .any(|path| project.is_spec(path))
    });
    let config_path = args.configuration.path(own);
    let (config, config_text) = match &config_path {
        Some(path) => read_config(path)?,
        None => (Config::default(), String::new()),
    };
    // The old side's own configuration, when it had another one (a rename
    // made in the configuration is then a change).
    let old_config = match &args.old_config {
        Some(path) => read_config(path)?.0,
        None => config.clone(),
    };
    let lock = match (&args.lock, own) {
        (Some(path), _) => read_lock_file(path)?,
        (None, Some(project)) => {
            let at_revision = since
                .and_then(|rev| file_at_revision(rev, &project.crate_dir.join("names.lock")).ok())
                .and_then(|bytes| NameLock::from_toml(&String::from_utf8_lossy(&bytes)).ok());
            match at_revision {
                Some(lock) => lock,
                None => read_lock(&project.crate_dir)?,
            }
        }
        (None, None) => NameLock::default(),
    };
    let compared = diff_specs(
        SpecInput {
            bytes: &old.bytes,
            config: &old_config,
        },
        SpecInput {
            bytes: &new.bytes,
            config: &config,
        },
        &lock,
    )
    .map_err(|error| {
        Failure(render_error(
            &error,
            &old,
            &new,
            config_path.as_deref(),
            &config_text,
        ))
    })?;
    let version = own
        .and_then(|project| crate_version(&project.crate_dir))
        .unwrap_or_else(|| compared.new.api.version.clone());
    let exit = if args.deny_breaking && compared.diff.summary.breaking > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    };
    Ok((render(&compared.diff, args.format, &version), exit))
}

fn render(diff: &Diff, format: Format, version: &str) -> String {
    match format {
        Format::Text => render_text(diff),
        Format::Md => render_markdown(diff, &diff.bump(version), 3),
        Format::Json => render_json(diff),
    }
}

/// A spec's bytes and how to name it in diagnostics.
struct Loaded {
    shown: String,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
}

impl Loaded {
    fn read(path: &Path) -> Result<Loaded, Failure> {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure(format!("error: cannot read {}: {e}", path.display())))?;
        Ok(Loaded {
            shown: path.display().to_string(),
            path: Some(path.to_path_buf()),
            bytes,
        })
    }

    fn named(shown: String, bytes: Vec<u8>) -> Loaded {
        Loaded {
            shown,
            path: None,
            bytes,
        }
    }
}

fn render_error(
    error: &DiffError,
    old: &Loaded,
    new: &Loaded,
    config_path: Option<&Path>,
    config_text: &str,
) -> String {
    match error {
        DiffError::Spec(which, diagnostics) => {
            let spec = if *which == Which::Old { old } else { new };
            let source = String::from_utf8_lossy(&spec.bytes);
            let lines = blueprint_parser::SourceLines::new(&source);
            let text: String = diagnostics
                .iter()
                .map(|d| d.render_in(&spec.shown, &lines) + "\n")
                .collect();
            format!("{text}error: {error}")
        }
        DiffError::Config(diagnostics) => {
            let shown =
                config_path.map_or_else(|| "configuration".to_owned(), |p| p.display().to_string());
            let text: String = diagnostics
                .iter()
                .map(|d| d.render(&shown, config_text) + "\n")
                .collect();
            format!("{text}error: {error}")
        }
    }
}

/// The `version` of a crate's manifest.
pub fn crate_version(dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let value = line
            .strip_prefix("version")?
            .trim_start()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

/// The bytes of `path` (a file in a git work tree) at revision `rev`.
pub fn file_at_revision(rev: &str, path: &Path) -> Result<Vec<u8>, String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| format!("error: {} names no file", path.display()))?
        .to_string_lossy();
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("{rev}:./{name}")])
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "error: cannot read {} at `{rev}`: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// A baseline for `lint`: an older spec, or the linted spec at a revision.
pub(crate) enum Baseline {
    /// `--baseline OLD`.
    File(PathBuf),
    /// `--since GIT_REV`.
    Revision(String),
}

/// The diagnostics of `source` (the spec at `path`) split against the
/// baseline's, if there is one.
pub(crate) fn against_baseline(
    baseline: Option<&Baseline>,
    path: &Path,
    diagnostics: &[blueprint_parser::Diagnostic],
    source: &str,
) -> Result<Option<blueprint_codegen::diff::BaselineSplit>, String> {
    let bytes = match baseline {
        None => return Ok(None),
        Some(Baseline::File(old)) => {
            std::fs::read(old).map_err(|e| format!("cannot read {}: {e}", old.display()))?
        }
        Some(Baseline::Revision(rev)) => file_at_revision(rev, path)?,
    };
    let old = blueprint_parser::parse(&bytes);
    let old_source = String::from_utf8_lossy(&bytes);
    Ok(Some(blueprint_codegen::diff::new_diagnostics(
        &old.diagnostics,
        &old_source,
        diagnostics,
        source,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn execute_without(args: &DiffArgs) -> Result<(String, Exit), Failure> {
        execute(args, None)
    }

    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        diff: DiffArgs,
    }

    fn args(list: &[&str]) -> DiffArgs {
        Wrapper::try_parse_from(std::iter::once("diff").chain(list.iter().copied()))
            .expect("the arguments parse")
            .diff
    }

    fn fixture(name: &str) -> String {
        crate::tests::workspace_root()
            .join("crates/codegen/tests/fixtures/diff")
            .join(name)
            .display()
            .to_string()
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        let (old, new) = (fixture("fields.old.apib"), fixture("fields.new.apib"));
        let Ok((json, code)) = execute_without(&args(&[&old, &new, "--format", "json"])) else {
            panic!("the fixtures compare");
        };
        assert_eq!(code, Exit::Ok);
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert!(json["summary"]["breaking"].as_u64().unwrap() > 0, "{json}");
        let Ok((_, denied)) = execute_without(&args(&[&old, &new, "--deny-breaking"])) else {
            panic!("the fixtures compare");
        };
        assert_eq!(denied, Exit::Findings);
        let Ok((text, same)) = execute_without(&args(&[&old, &old, "--deny-breaking"])) else {
            panic!("a fixture compares with itself");
        };
        assert_eq!(same, Exit::Ok);
        assert!(text.contains("no change in the API"), "{text}");
        assert!(Wrapper::try_parse_from(["diff", &old, &new, "--format", "yaml"]).is_err());
    }

    #[test]
    fn a_spec_error_is_rendered() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-error-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let broken = dir.join("broken.apib");
        std::fs::write(&broken, [0xff, 0xfe, b'\n']).unwrap();
        let result = execute_without(&args(&[
            &fixture("fields.old.apib"),
            broken.to_str().unwrap(),
        ]));
        let Err(Failure(message)) = result else {
            panic!("a spec error");
        };
        assert!(
            message.contains("broken.apib:1:1") && message.contains("non-utf8-input"),
            "{message}"
        );
        assert!(message.contains("the new spec has 1 error(s)"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn either_side_being_apiary_gives_the_cloud66_configuration() {
        let project = crate::tests::cloud66();
        let root = &project.root;
        let apiary = root.join("apiary.apib");
        let text = std::fs::read_to_string(&apiary).unwrap();
        let edited: String = text
            .split_inclusive('\n')
            .filter(|line| !line.contains("\"has_loadbalancer\""))
            .collect();
        let dir = std::env::temp_dir().join(format!("xtask-diff-cloud66-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join("next.apib");
        std::fs::write(&copy, edited).unwrap();
        let (a, b) = (apiary.display().to_string(), copy.display().to_string());
        for pair in [[&a, &b], [&b, &a]] {
            let Ok((json, _)) = execute(
                &args(&[pair[0], pair[1], "--format", "json"]),
                Some(&project),
            ) else {
                panic!("apiary.apib compares");
            };
            let json: serde_json::Value = serde_json::from_str(&json).unwrap();
            let changes = json["changes"].as_array().unwrap();
            assert_eq!(changes.len(), 1, "{json}");
            // The library's name comes from cloud66.toml.
            assert_eq!(
                changes[0]["rust"], "cloud66::models::Stack::has_loadbalancer",
                "{json}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn since_reads_the_spec_at_the_revision() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-since-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let git = |list: &[&str]| {
            let status = Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@t",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(list)
                .output()
                .expect("git runs");
            assert!(
                status.status.success(),
                "{}",
                String::from_utf8_lossy(&status.stderr)
            );
        };
        git(&["init", "-q"]);
        let spec = dir.join("api.apib");
        std::fs::copy(fixture("fields.old.apib"), &spec).unwrap();
        git(&["add", "api.apib"]);
        git(&["commit", "-q", "-m", "old"]);
        std::fs::copy(fixture("fields.new.apib"), &spec).unwrap();
        assert_eq!(
            file_at_revision("HEAD", &spec).unwrap(),
            std::fs::read(fixture("fields.old.apib")).unwrap()
        );
        let spec_arg = spec.display().to_string();
        let Ok((since, _)) = execute_without(&args(&[
            "--since", "HEAD", "--spec", &spec_arg, "--format", "json",
        ])) else {
            panic!("--since compares");
        };
        let Ok((direct, _)) = execute_without(&args(&[
            &fixture("fields.old.apib"),
            &fixture("fields.new.apib"),
            "--format",
            "json",
        ])) else {
            panic!("the fixtures compare");
        };
        assert_eq!(since, direct);
        assert!(file_at_revision("no-such-rev", &spec).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
