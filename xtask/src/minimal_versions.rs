//! `cargo xtask minimal-versions [--dir DIR]`: the lower bounds the
//! published crates declare are true.
//!
//! `cargo update -Z direct-minimal-versions` needs a nightly cargo; this
//! does its work on stable. It copies the crates a user installs or depends
//! on (the runtime, the parser, the generator and the command) into a
//! workspace of their own, pins each requirement on a crates.io dependency
//! they declare (normal and build dependencies: what a user's build
//! resolves) to its lower bound (`tokio = "1.38"` becomes `"=1.38.0"`),
//! resolves the rest afresh (the newest versions, as for a user) and builds
//! them. A requirement lower than what another dependency needs fails to
//! resolve, and one lower than what the code needs fails to build: either
//! way the bound is raised where it is declared.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;

use crate::workspace_root;

/// The crates checked: what users build.
pub const PUBLISHED: [&str; 4] = [
    "crates/blueprint-runtime",
    "crates/blueprint-parser",
    "crates/codegen",
    "crates/blueprint-cli",
];

/// `minimal-versions [--dir DIR]`.
#[derive(Debug, Clone, Args)]
pub struct MinimalVersionsArgs {
    /// The scratch directory (default: a new one under the temporary
    /// directory); its `target/` is reused by the next run.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Runs the check; prints what it pinned and cargo's output.
pub fn run(args: &MinimalVersionsArgs) -> ExitCode {
    match check(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &MinimalVersionsArgs) -> Result<(), String> {
    let root = workspace_root();
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("apib-rs-minimal-versions"));
    let copy = dir.join("workspace");
    let _ = fs::remove_dir_all(&copy);
    for member in PUBLISHED {
        copy_dir(&root.join(member), &copy.join(member))?;
    }
    for file in ["LICENSE-MIT", "LICENSE-APACHE"] {
        fs::copy(root.join(file), copy.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    let names = registry_dependencies(&root)?;
    let workspace = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let workspace = with_members(&workspace, &PUBLISHED);
    let mut pinned = Vec::new();
    let (text, done) = pin_requirements(&workspace, &names);
    fs::write(copy.join("Cargo.toml"), text).map_err(|e| e.to_string())?;
    pinned.extend(done);
    for member in PUBLISHED {
        let path = copy.join(member).join("Cargo.toml");
        let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let (text, done) = pin_requirements(&text, &names);
        fs::write(&path, text).map_err(|e| e.to_string())?;
        pinned.extend(done.into_iter().map(|p| format!("{member}: {p}")));
    }
    println!("pinned to their lower bounds:");
    for line in &pinned {
        println!("  {line}");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = dir.join("target");
    let run = |args: &[&str]| -> Result<(), String> {
        println!("$ cargo {}", args.join(" "));
        let status = Command::new(&cargo)
            .args(args)
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "`cargo {}` failed with the lower bounds pinned: raise the bound it names where it is declared",
                args.join(" ")
            ))
        }
    };
    run(&["generate-lockfile"])?;
    run(&["build", "--package", "blueprint-runtime", "--all-features"])?;
    run(&[
        "build",
        "--package",
        "blueprint-parser",
        "--package",
        "codegen",
        "--package",
        "blueprint-cli",
    ])?;
    println!("every declared lower bound builds");
    Ok(())
}

/// The crates.io dependencies (normal and build) of the published crates,
/// from `cargo metadata`.
fn registry_dependencies(root: &Path) -> Result<BTreeSet<String>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--locked"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let mut names = BTreeSet::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let manifest = package["manifest_path"].as_str().unwrap_or_default();
        let published = PUBLISHED
            .iter()
            .any(|member| Path::new(manifest) == root.join(member).join("Cargo.toml"));
        if !published {
            continue;
        }
        for dependency in package["dependencies"].as_array().into_iter().flatten() {
            let from_registry = dependency["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("registry+"));
            let kind = &dependency["kind"];
            if from_registry && (kind.is_null() || kind == "build") {
                let name = dependency["rename"]
                    .as_str()
                    .or(dependency["name"].as_str())
                    .unwrap_or_default();
                names.insert(name.to_owned());
            }
        }
    }
    Ok(names)
}

/// The root manifest with `members` listing only `members`.
fn with_members(manifest: &str, members: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.trim_start().starts_with("members = [") {
            out.push_str("members = [\n");
            for member in members {
                out.push_str(&format!("    \"{member}\",\n"));
            }
            out.push_str("]\n");
            skipping = !line.contains(']');
            continue;
        }
        if skipping {
            skipping = !line.trim_start().starts_with(']');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The lowest version a requirement allows, as an exact requirement:
/// `"1.2"`, `"^1.2"`, `"~1.2"` and `">=1.2, <2"` give `=1.2.0`. `None`
/// for one that is already exact or has no lower bound.
pub fn lower_bound(requirement: &str) -> Option<String> {
    let first = requirement.split(',').next()?.trim();
    if first.starts_with('=') || first.starts_with('<') || first == "*" {
        return None;
    }
    let version = first.trim_start_matches(['^', '~', '>', '=', ' ']);
    let mut parts: Vec<&str> = version.split('.').collect();
    if parts.iter().any(|p| p.is_empty() || *p == "*") || parts.len() > 3 {
        return None;
    }
    while parts.len() < 3 {
        parts.push("0");
    }
    Some(format!("={}", parts.join(".")))
}

/// `manifest` with the requirement of each dependency in `names` (in the
/// dependency tables users resolve: `[dependencies]`,
/// `[build-dependencies]`, `[workspace.dependencies]`, and their
/// `[target.….dependencies]`) pinned to its [`lower_bound`]; and a line
/// for each pin.
pub fn pin_requirements(manifest: &str, names: &BTreeSet<String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(manifest.len());
    let mut pinned = Vec::new();
    let mut section = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(|c| c == '[' || c == ']').to_owned();
        }
        let resolved = section == "dependencies"
            || section == "build-dependencies"
            || section == "workspace.dependencies"
            || (section.starts_with("target.")
                && (section.ends_with(".dependencies")
                    || section.ends_with(".build-dependencies")));
        let pin = resolved
            .then(|| trimmed.split_once('='))
            .flatten()
            .map(|(key, value)| (key.trim(), value.trim()))
            .filter(|(key, _)| names.contains(*key))
            .and_then(|(key, value)| {
                // `name = "1.2"` or `name = { version = "1.2", … }`.
                let requirement = if value.starts_with('"') {
                    value.trim_matches('"')
                } else {
                    let start = value.find("version = \"")? + "version = \"".len();
                    let end = value[start..].find('"')? + start;
                    &value[start..end]
                };
                let lower = lower_bound(requirement)?;
                let line = line.replacen(&format!("\"{requirement}\""), &format!("\"{lower}\""), 1);
                Some((line, format!("{key} \"{requirement}\" -> \"{lower}\"")))
            });
        match pin {
            Some((line, note)) => {
                out.push_str(&line);
                pinned.push(note);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    (out, pinned)
}

/// Copies `from` to `to` recursively, but `target/` directories.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" {
                copy_dir(&path, &to.join(&name))?;
            }
        } else {
            fs::copy(&path, to.join(&name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds_of_requirements() {
        assert_eq!(lower_bound("1").as_deref(), Some("=1.0.0"));
        assert_eq!(lower_bound("0.13").as_deref(), Some("=0.13.0"));
        assert_eq!(lower_bound("^1.2.3").as_deref(), Some("=1.2.3"));
        assert_eq!(lower_bound("~0.3.1").as_deref(), Some("=0.3.1"));
        assert_eq!(lower_bound(">=1.2, <2").as_deref(), Some("=1.2.0"));
        assert_eq!(lower_bound("=1.2.3"), None);
        assert_eq!(lower_bound("<2"), None);
        assert_eq!(lower_bound("*"), None);
        assert_eq!(lower_bound("1.*"), None);
    }

    #[test]
    fn pins_the_named_requirements_of_resolved_tables_only() {
        let manifest = "\
[package]
name = \"x\"
version = \"1.0.0\"

[dependencies]
serde = { version = \"1.0.100\", features = [\"derive\"] }
url = \"2\"
local = { path = \"../local\" }
tokio.workspace = true

[dev-dependencies]
url = \"2\"

[target.'cfg(unix)'.dependencies]
libc = \"0.2\"
";
        let names: BTreeSet<String> = ["serde", "url", "libc", "local", "tokio"]
            .into_iter()
            .map(String::from)
            .collect();
        let (text, pinned) = pin_requirements(manifest, &names);
        assert!(text.contains("serde = { version = \"=1.0.100\", features = [\"derive\"] }"));
        assert!(text.contains("[dependencies]\nserde"), "{text}");
        assert!(text.contains("\nurl = \"=2.0.0\"\n"), "{text}");
        assert!(text.contains("[dev-dependencies]\nurl = \"2\"\n"), "{text}");
        assert!(text.contains("libc = \"=0.2.0\""), "{text}");
        assert!(text.contains("local = { path = \"../local\" }"), "{text}");
        assert!(
            text.contains("version = \"1.0.0\"\n"),
            "the package's own version"
        );
        assert_eq!(pinned.len(), 3, "{pinned:?}");
    }

    #[test]
    fn the_copy_lists_only_the_published_members() {
        let manifest = "[workspace]\nmembers = [\n    \"a\",\n    \"b\",\n]\n\n[workspace.package]\nedition = \"2021\"\n";
        assert_eq!(
            with_members(manifest, &["crates/x"]),
            "[workspace]\nmembers = [\n    \"crates/x\",\n]\n\n[workspace.package]\nedition = \"2021\"\n"
        );
    }
}
