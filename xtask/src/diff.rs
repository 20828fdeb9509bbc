//! `cargo xtask diff`: what changed in the API between two specs, by the
//! type models (`codegen::diff`), with the semver class of each change for
//! the generated crate; and what `regen` and `lint --baseline` need of it.
//!
//! ```text
//! cargo xtask diff OLD NEW [--config FILE | --no-config] [--old-config FILE] [--lock FILE]
//!                          [--format text|md|json] [--deny-breaking]
//! cargo xtask diff --since GIT_REV [--spec PATH] [same options]
//! ```
//!
//! `--since` compares the spec (default the checked-in `apiary.apib`) with
//! its version at that revision. When either side is the Cloud 66 spec (the
//! workspace's `apiary.apib`), both are compared with `crates/codegen/cloud66.toml` and the
//! crate's `names.lock` (with `--since`, the lock at that revision) unless
//! told otherwise; any other spec with no configuration and no lock.
//! `--old-config` gives the old side a configuration of its own (both
//! sides use `--config` otherwise). Exits
//! 0; 1 with `--deny-breaking` when a change is breaking; 2 on a spec or
//! usage error.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::config::Config;
use codegen::diff::{
    changelog_with_entry, diff_models, diff_specs, render_json, render_markdown, render_text, Diff,
    DiffError, Side, SpecInput, Which,
};
use codegen::model::TypeModel;
use codegen::names::NameLock;

use crate::regen::{read_config, read_lock};
use crate::{workspace_root, CLOUD66_CONFIG, CLOUD66_CRATE};

const USAGE: &str = "\
usage: cargo xtask diff OLD NEW [--config FILE | --no-config] [--old-config FILE] [--lock FILE]
                               [--format text|md|json] [--deny-breaking]
       cargo xtask diff --since GIT_REV [--spec PATH] [the options above]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Json,
}

/// Runs the command with its arguments (after `diff`).
pub fn run(args: &[String]) -> ExitCode {
    match execute(args) {
        Ok((output, code)) => {
            print!("{output}");
            code
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Spec(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Usage(String),
    Spec(String),
}

/// The command's output and exit code (its errors are the caller's to print).
fn execute(args: &[String]) -> Result<(String, ExitCode), Failure> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut since = None;
    let mut spec = None;
    let mut config_path: Option<Option<PathBuf>> = None;
    let mut old_config_path: Option<PathBuf> = None;
    let mut lock_path = None;
    let mut format = Format::Text;
    let mut deny_breaking = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("`{arg}` needs a value")))
        };
        match arg.as_str() {
            "--since" => since = Some(value()?),
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--config" => config_path = Some(Some(PathBuf::from(value()?))),
            "--no-config" => config_path = Some(None),
            "--old-config" => old_config_path = Some(PathBuf::from(value()?)),
            "--lock" => lock_path = Some(PathBuf::from(value()?)),
            "--format" => {
                format = match value()?.as_str() {
                    "text" => Format::Text,
                    "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => return Err(Failure::Usage(format!("unknown format `{other}`"))),
                }
            }
            "--deny-breaking" => deny_breaking = true,
            "-h" | "--help" => {
                return Ok((format!("{USAGE}\n"), ExitCode::SUCCESS));
            }
            other if other.starts_with('-') => {
                return Err(Failure::Usage(format!("unknown option `{other}`")))
            }
            other => paths.push(PathBuf::from(other)),
        }
    }
    let root = workspace_root();
    let (old, new) = match (&since, paths.as_slice()) {
        (Some(rev), []) => {
            let new_path = spec.clone().unwrap_or_else(|| root.join("apiary.apib"));
            let old_bytes = file_at_revision(rev, &new_path).map_err(Failure::Spec)?;
            let shown = format!("{}@{rev}", new_path.display());
            (Loaded::named(shown, old_bytes), Loaded::read(&new_path)?)
        }
        (None, [old, new]) if spec.is_none() => (Loaded::read(old)?, Loaded::read(new)?),
        (Some(_), _) => {
            return Err(Failure::Usage(
                "--since takes no OLD/NEW (use --spec)".into(),
            ))
        }
        _ => {
            return Err(Failure::Usage(
                "give OLD and NEW, or --since GIT_REV".into(),
            ))
        }
    };
    // Either side being the workspace's spec makes it a Cloud 66 comparison
    // (`diff apiary.apib next.apib` and `diff next.apib apiary.apib` alike).
    let cloud66 = [&old.path, &new.path]
        .into_iter()
        .flatten()
        .any(|path| is_cloud66(&root, path));
    let config_path = config_path.unwrap_or_else(|| cloud66.then(|| root.join(CLOUD66_CONFIG)));
    let (config, config_text) = match &config_path {
        Some(path) => read_config(path).map_err(Failure::Spec)?,
        None => (Config::default(), String::new()),
    };
    // The old side's own configuration, when it had another one (a rename
    // made in the configuration is then a change).
    let old_config = match &old_config_path {
        Some(path) => read_config(path).map_err(Failure::Spec)?.0,
        None => config.clone(),
    };
    let lock = match (&lock_path, cloud66) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::Spec(format!("error: cannot read {}: {e}", path.display()))
            })?;
            NameLock::from_toml(&text).map_err(|d| {
                let shown = path.display().to_string();
                Failure::Spec(d.iter().map(|d| d.render(&shown, &text) + "\n").collect())
            })?
        }
        (None, true) => {
            let crate_dir = root.join(CLOUD66_CRATE);
            let at_revision = since
                .as_deref()
                .and_then(|rev| file_at_revision(rev, &crate_dir.join("names.lock")).ok())
                .and_then(|bytes| NameLock::from_toml(&String::from_utf8_lossy(&bytes)).ok());
            match at_revision {
                Some(lock) => lock,
                None => read_lock(&crate_dir).map_err(Failure::Spec)?,
            }
        }
        (None, false) => NameLock::default(),
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
        Failure::Spec(render_error(
            &error,
            &old,
            &new,
            config_path.as_deref(),
            &config_text,
        ))
    })?;
    let version = if cloud66 {
        crate_version(&root.join(CLOUD66_CRATE)).unwrap_or_else(|| compared.new.api.version.clone())
    } else {
        compared.new.api.version.clone()
    };
    let code = if deny_breaking && compared.diff.summary.breaking > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    Ok((render(&compared.diff, format, &version), code))
}

fn render(diff: &Diff, format: Format, version: &str) -> String {
    match format {
        Format::Text => render_text(diff),
        Format::Markdown => render_markdown(diff, &diff.bump(version), 3),
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
            .map_err(|e| Failure::Spec(format!("error: cannot read {}: {e}", path.display())))?;
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

/// Whether `path` is the workspace's Cloud 66 spec.
fn is_cloud66(root: &Path, path: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    canonical(path).is_some() && canonical(path) == canonical(&root.join("apiary.apib"))
}

/// The `version` of a crate's manifest.
pub(crate) fn crate_version(dir: &Path) -> Option<String> {
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
pub(crate) fn file_at_revision(rev: &str, path: &Path) -> Result<Vec<u8>, String> {
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

/// What `regen` reports: the changes from the committed Cloud 66 crate
/// (the spec, configuration and names lock at `HEAD`) to the model just
/// generated, and the identity of that base. `None` outside a git checkout
/// or before the spec's first commit.
pub(crate) struct RegenChanges {
    /// The changes.
    pub diff: Diff,
    /// What the changes are against: a hash of the committed spec,
    /// configuration and lock.
    pub base: String,
    /// The committed spec's and the new spec's SHA-256, shortened.
    pub specs: (String, String),
}

/// The changes `regen` made to the API of the Cloud 66 crate (see [`RegenChanges`]).
pub(crate) fn regen_changes(
    root: &Path,
    new: &TypeModel,
    new_source: &str,
    new_config: &Config,
) -> Option<RegenChanges> {
    let spec = file_at_revision("HEAD", &root.join("apiary.apib")).ok()?;
    let config_bytes = file_at_revision("HEAD", &root.join(CLOUD66_CONFIG)).unwrap_or_default();
    let lock_bytes =
        file_at_revision("HEAD", &root.join(CLOUD66_CRATE).join("names.lock")).unwrap_or_default();
    let config = Config::from_toml(&String::from_utf8_lossy(&config_bytes))
        .ok()
        .or_else(|| read_config(&root.join(CLOUD66_CONFIG)).ok().map(|c| c.0))?;
    let lock = NameLock::from_toml(&String::from_utf8_lossy(&lock_bytes)).unwrap_or_default();
    let blueprint = blueprint_parser::parse(&spec);
    if blueprint.has_errors() {
        return None;
    }
    let old = codegen::infer::infer_locked(&blueprint, &config, &lock);
    let old_fresh = codegen::infer::infer(&blueprint, &config);
    let new_blueprint = blueprint_parser::parse(new_source.as_bytes());
    let new_fresh = codegen::infer::infer(&new_blueprint, new_config);
    let old_source = String::from_utf8_lossy(&spec);
    let diff = diff_models(
        Side {
            model: &old,
            source: &old_source,
            fresh: Some(&old_fresh),
        },
        Side {
            model: new,
            source: new_source,
            fresh: Some(&new_fresh),
        },
    );
    let mut all = spec.clone();
    all.extend_from_slice(&config_bytes);
    all.extend_from_slice(&lock_bytes);
    let short = |bytes: &[u8]| codegen::pipeline::sha256_hex(bytes)[..12].to_owned();
    Some(RegenChanges {
        diff,
        base: short(&all),
        specs: (short(&spec), short(new_source.as_bytes())),
    })
}

/// A baseline for `lint`: an older spec, or the linted spec at a revision.
pub(crate) enum Baseline {
    /// `--baseline OLD`.
    File(PathBuf),
    /// `--since GIT_REV`.
    Revision(String),
}

/// `args` without `--baseline OLD` / `--since GIT_REV`, and the baseline they give.
pub(crate) fn baseline_option(args: &[String]) -> Result<(Vec<String>, Option<Baseline>), String> {
    let mut rest = Vec::new();
    let mut baseline = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let make: fn(String) -> Baseline = match arg.as_str() {
            "--baseline" => |v| Baseline::File(PathBuf::from(v)),
            "--since" => Baseline::Revision,
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        let value = it.next().ok_or_else(|| format!("`{arg}` needs a value"))?;
        if baseline.replace(make(value.clone())).is_some() {
            return Err("give one of --baseline and --since".to_owned());
        }
    }
    Ok((rest, baseline))
}

/// The diagnostics of `source` (the spec at `path`) split against the
/// baseline's, if there is one.
pub(crate) fn against_baseline(
    baseline: Option<&Baseline>,
    path: &Path,
    diagnostics: &[blueprint_parser::Diagnostic],
    source: &str,
) -> Result<Option<codegen::diff::BaselineSplit>, String> {
    let bytes = match baseline {
        None => return Ok(None),
        Some(Baseline::File(old)) => {
            std::fs::read(old).map_err(|e| format!("cannot read {}: {e}", old.display()))?
        }
        Some(Baseline::Revision(rev)) => file_at_revision(rev, path)?,
    };
    let old = blueprint_parser::parse(&bytes);
    let old_source = String::from_utf8_lossy(&bytes);
    Ok(Some(codegen::diff::new_diagnostics(
        &old.diagnostics,
        &old_source,
        diagnostics,
        source,
    )))
}

/// What `regen` does after writing the Cloud 66 crate from `spec_path`:
/// returns the short text report of the API's changes since the committed
/// crate (empty when nothing changed) and brings the "Unreleased" entry of
/// the crate's `CHANGELOG.md` up to date (written only when it changes).
pub(crate) fn after_regen(root: &Path, spec_path: &Path) -> Result<String, String> {
    let crate_dir = root.join(CLOUD66_CRATE);
    let new_source = std::fs::read(spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    let new_source = String::from_utf8_lossy(&new_source).into_owned();
    let (config, _) = read_config(&root.join(CLOUD66_CONFIG))?;
    let lock = read_lock(&crate_dir)?;
    let new = codegen::infer::infer_locked(
        &blueprint_parser::parse(new_source.as_bytes()),
        &config,
        &lock,
    );
    let Some(changes) = regen_changes(root, &new, &new_source, &config) else {
        return Ok("no committed spec to compare the API with (not a git checkout?)\n".to_owned());
    };
    let path = crate_dir.join("CHANGELOG.md");
    let current = std::fs::read_to_string(&path).ok();
    let entry = (!changes.diff.is_empty()).then(|| {
        let version = crate_version(&crate_dir).unwrap_or_else(|| new.api.version.clone());
        let spec_name = spec_path.file_name().map_or_else(
            || "the spec".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!(
            "### `{spec_name}` {} → {}\n\n{}",
            changes.specs.0,
            changes.specs.1,
            render_markdown(&changes.diff, &changes.diff.bump(&version), 4)
        )
    });
    let updated = changelog_with_entry(current.as_deref(), &changes.base, entry.as_deref());
    let mut report = String::new();
    if !changes.diff.is_empty() {
        report.push_str("API changes since the committed crate: ");
        report.push_str(&render_text(&changes.diff));
    }
    if current.as_deref().map(|c| c.replace("\r\n", "\n")) != Some(updated.clone()) {
        std::fs::write(&path, &updated)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        report.push_str(&format!(
            "{CLOUD66_CRATE}/CHANGELOG.md: \"Unreleased\" entry updated\n"
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn fixture(name: &str) -> String {
        workspace_root()
            .join("crates/codegen/tests/fixtures/diff")
            .join(name)
            .display()
            .to_string()
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        let (old, new) = (fixture("fields.old.apib"), fixture("fields.new.apib"));
        let Ok((json, code)) = execute(&args(&[&old, &new, "--format", "json"])) else {
            panic!("the fixtures compare");
        };
        assert_eq!(code, ExitCode::SUCCESS);
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert!(json["summary"]["breaking"].as_u64().unwrap() > 0, "{json}");
        let Ok((_, denied)) = execute(&args(&[&old, &new, "--deny-breaking"])) else {
            panic!("the fixtures compare");
        };
        assert_eq!(denied, ExitCode::FAILURE);
        let Ok((text, same)) = execute(&args(&[&old, &old, "--deny-breaking"])) else {
            panic!("a fixture compares with itself");
        };
        assert_eq!(same, ExitCode::SUCCESS);
        assert!(text.contains("no change in the API"), "{text}");
        assert!(matches!(
            execute(&args(&[&old, &new, "--format", "yaml"])),
            Err(Failure::Usage(_))
        ));
    }

    #[test]
    fn a_spec_error_is_rendered() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-error-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let broken = dir.join("broken.apib");
        std::fs::write(&broken, [0xff, 0xfe, b'\n']).unwrap();
        let result = execute(&args(&[
            &fixture("fields.old.apib"),
            broken.to_str().unwrap(),
        ]));
        let Err(Failure::Spec(message)) = result else {
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
        let root = workspace_root();
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
            let Ok((json, _)) = execute(&args(&[pair[0], pair[1], "--format", "json"])) else {
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

    /// `regen`'s report and changelog entry, in a copy of the workspace's
    /// Cloud 66 files committed to a temporary git repository.
    #[test]
    fn regen_reports_the_change_and_keeps_one_changelog_entry_per_base() {
        let real = workspace_root();
        let root = std::env::temp_dir().join(format!("xtask-regen-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in [
            "apiary.apib",
            CLOUD66_CONFIG,
            "crates/cloud66-generated/names.lock",
            "crates/cloud66-generated/Cargo.toml",
        ] {
            let to = root.join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(real.join(file), &to).unwrap();
        }
        let git = |list: &[&str]| {
            let out = Command::new("git")
                .arg("-C")
                .arg(&root)
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
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "base"]);
        let spec = root.join("apiary.apib");
        let changelog = root.join(CLOUD66_CRATE).join("CHANGELOG.md");
        let original = std::fs::read_to_string(&spec).unwrap();

        // Nothing changed: no report, and a changelog without entries.
        let report = after_regen(&root, &spec).unwrap();
        assert!(!report.contains("API changes"), "{report}");
        let empty = std::fs::read_to_string(&changelog).unwrap();
        assert!(!empty.contains("<!-- regen"), "{empty}");

        // A field added: reported, and one entry naming the patch release.
        let edited = original.replacen(
            "\"has_loadbalancer\": false,",
            "\"has_loadbalancer\": false, \"region\": \"eu\",",
            1,
        );
        std::fs::write(&spec, &edited).unwrap();
        let report = after_regen(&root, &spec).unwrap();
        assert!(
            report.contains("0 breaking, 1 additive") && report.contains("Stack::region"),
            "{report}"
        );
        let entry = std::fs::read_to_string(&changelog).unwrap();
        assert!(
            entry.contains("patch version bump (0.1.0 → 0.1.1)"),
            "{entry}"
        );
        assert_eq!(entry.matches("<!-- regen: since").count(), 1, "{entry}");
        // Again: the same entry, not a second one.
        after_regen(&root, &spec).unwrap();
        assert_eq!(std::fs::read_to_string(&changelog).unwrap(), entry);
        // Back to the committed spec: the entry goes.
        std::fs::write(&spec, &original).unwrap();
        after_regen(&root, &spec).unwrap();
        assert_eq!(std::fs::read_to_string(&changelog).unwrap(), empty);
        std::fs::remove_dir_all(&root).unwrap();
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
        let Ok((since, _)) = execute(&args(&[
            "--since", "HEAD", "--spec", &spec_arg, "--format", "json",
        ])) else {
            panic!("--since compares");
        };
        let Ok((direct, _)) = execute(&args(&[
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
