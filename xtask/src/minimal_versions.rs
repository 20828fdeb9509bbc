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
    /// The scratch directory, kept (its `target/` reused by the next run);
    /// by default one under the temporary directory, removed on success.
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
    fs::write(
        copy.join("Cargo.toml"),
        with_members(&workspace, &PUBLISHED),
    )
    .map_err(|e| e.to_string())?;
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
    // Resolved once as declared: cargo's index cache then lists every
    // published version of each dependency, yanked ones marked.
    run(&["generate-lockfile"])?;
    let index = cargo_home().join("registry/index");
    let lowest = |name: &str, requirement: &str| lowest_published(&index, name, requirement);
    let mut pinned = Vec::new();
    let manifests = std::iter::once("").chain(PUBLISHED);
    for manifest in manifests {
        let path = copy.join(manifest).join("Cargo.toml");
        let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let (text, done) = pin_requirements(&text, &names, &lowest);
        fs::write(&path, text).map_err(|e| e.to_string())?;
        let shown = if manifest.is_empty() {
            "workspace"
        } else {
            manifest
        };
        pinned.extend(done.into_iter().map(|p| format!("{shown}: {p}")));
    }
    println!("pinned to the lowest release each requirement allows (yanked ones skipped):");
    for line in &pinned {
        println!("  {line}");
    }
    run(&["generate-lockfile"])?;
    run(&["build", "--package", "blueprint-runtime", "--all-features"])?;
    run(&[
        "build",
        "--package",
        "blueprint-parser",
        "--package",
        "blueprint-codegen",
        "--package",
        "blueprint-cli",
    ])?;
    println!("every declared lower bound builds");
    if args.dir.is_none() {
        // A gigabyte of build; a directory given is kept for the next run.
        let _ = fs::remove_dir_all(&dir);
    }
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

/// A release version `major.minor.patch` (pre-releases are never chosen).
type Version = (u64, u64, u64);

fn parse_version(text: &str) -> Option<Version> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}

/// The lowest published, unyanked release that `requirement` (caret or
/// tilde) allows, from cargo's index cache under `index`; as `=x.y.z`.
fn lowest_published(index: &Path, name: &str, requirement: &str) -> Option<String> {
    let lower = parse_version(lower_bound(requirement)?.trim_start_matches('='))?;
    let tilde = requirement.trim_start().starts_with('~');
    let compatible = |v: &Version| match (tilde, lower) {
        (true, (major, minor, _)) => v.0 == major && v.1 == minor,
        (false, (0, 0, patch)) => *v == (0, 0, patch),
        (false, (0, minor, _)) => v.0 == 0 && v.1 == minor,
        (false, (major, _, _)) => v.0 == major,
    };
    let name = name.to_ascii_lowercase();
    let relative = match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    };
    let mut best: Option<Version> = None;
    for registry in fs::read_dir(index).ok()?.flatten() {
        let Ok(bytes) = fs::read(registry.path().join(".cache").join(&relative)) else {
            continue;
        };
        for (version, yanked) in cached_versions(&bytes) {
            if !yanked
                && version >= lower
                && compatible(&version)
                && best.is_none_or(|b| version < b)
            {
                best = Some(version);
            }
        }
    }
    best.map(|(a, b, c)| format!("={a}.{b}.{c}"))
}

/// The versions in one file of cargo's index cache (NUL-separated; each
/// version's entry is a JSON object with `vers` and `yanked`).
fn cached_versions(bytes: &[u8]) -> Vec<(Version, bool)> {
    bytes
        .split(|&b| b == 0)
        .filter(|part| part.first() == Some(&b'{'))
        .filter_map(|part| serde_json::from_slice::<serde_json::Value>(part).ok())
        .filter_map(|entry| {
            let version = parse_version(entry["vers"].as_str()?)?;
            Some((version, entry["yanked"].as_bool().unwrap_or(false)))
        })
        .collect()
}

/// `$CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// `manifest` with the requirement of each dependency in `names` (in the
/// dependency tables users resolve: `[dependencies]`,
/// `[build-dependencies]`, `[workspace.dependencies]`, and their
/// `[target.….dependencies]`) pinned to the version `lowest` gives for it
/// (or, when it gives none, to its [`lower_bound`]); and a line for each pin.
pub fn pin_requirements(
    manifest: &str,
    names: &BTreeSet<String>,
    lowest: &dyn Fn(&str, &str) -> Option<String>,
) -> (String, Vec<String>) {
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
                let lower = lowest(key, requirement).or_else(|| lower_bound(requirement))?;
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
        // A published version above the bound, for one of them.
        let lowest = |name: &str, _: &str| (name == "libc").then(|| "=0.2.1".to_owned());
        let (text, pinned) = pin_requirements(manifest, &names, &lowest);
        assert!(text.contains("serde = { version = \"=1.0.100\", features = [\"derive\"] }"));
        assert!(text.contains("[dependencies]\nserde"), "{text}");
        assert!(text.contains("\nurl = \"=2.0.0\"\n"), "{text}");
        assert!(text.contains("[dev-dependencies]\nurl = \"2\"\n"), "{text}");
        assert!(text.contains("libc = \"=0.2.1\""), "{text}");
        assert!(text.contains("local = { path = \"../local\" }"), "{text}");
        assert!(
            text.contains("version = \"1.0.0\"\n"),
            "the package's own version"
        );
        assert_eq!(pinned.len(), 3, "{pinned:?}");
    }

    #[test]
    fn the_lowest_unyanked_release_in_the_index_cache() {
        let dir = std::env::temp_dir().join(format!("minimal-versions-{}", std::process::id()));
        let file = dir.join("index.crates.io-0/.cache/fu/tu/futures-util");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        let entry = |v: &str, yanked: bool| {
            format!("{v}\0{{\"name\":\"futures-util\",\"vers\":\"{v}\",\"yanked\":{yanked}}}\0")
        };
        let mut cache = b"\x03\x02\0\0\0Unknown\0".to_vec();
        for (v, yanked) in [
            ("0.2.1", false),
            ("0.3.0", true),
            ("0.3.1", false),
            ("0.3.2-rc", false),
            ("0.3.2", false),
            ("1.0.0", false),
        ] {
            cache.extend_from_slice(entry(v, yanked).as_bytes());
        }
        fs::write(&file, cache).unwrap();
        let index = dir.as_path();
        assert_eq!(
            lowest_published(index, "futures-util", "0.3").as_deref(),
            Some("=0.3.1")
        );
        assert_eq!(
            lowest_published(index, "futures-util", "0.3.2").as_deref(),
            Some("=0.3.2")
        );
        assert_eq!(lowest_published(index, "futures-util", "0.4"), None);
        assert_eq!(lowest_published(index, "other", "1"), None);
        fs::remove_dir_all(&dir).unwrap();
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
