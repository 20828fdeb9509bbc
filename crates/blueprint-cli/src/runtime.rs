//! Where a generated crate gets its runtime (`generate --runtime`):
//! vendored (the runtime's files, embedded in this command at build time,
//! copied into the crate), published (crates.io, once verified to be this
//! project's crate) or a relative path. Never an absolute path: it would tie
//! the crate to one machine's layout.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use blueprint_codegen::emit::{GeneratedFile, RuntimeDependency, VendoredRuntime};

include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));

/// The crates.io name of the runtime.
pub const RUNTIME_PACKAGE: &str = "blueprint-runtime";

/// `--runtime vendored|published|path=DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeChoice {
    /// The runtime's files copied into the crate: it builds with nothing
    /// but crates.io.
    Vendored,
    /// `blueprint-runtime` from crates.io.
    Published,
    /// The runtime crate at this relative directory (from the current
    /// directory), written relative to the generated crate.
    Path(PathBuf),
}

impl FromStr for RuntimeChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "vendored" => Ok(RuntimeChoice::Vendored),
            "published" => Ok(RuntimeChoice::Published),
            _ => match text.strip_prefix("path=") {
                Some("") => Err("`path=` needs a directory".to_owned()),
                Some(dir) if is_absolute(dir) => Err(format!(
                    "`{dir}` is an absolute path: the crate would build only on this machine, \
                     with the runtime where it is now; give a relative path (or use `vendored`)"
                )),
                Some(dir) => Ok(RuntimeChoice::Path(PathBuf::from(dir))),
                None => Err(format!(
                    "`{text}` is not one of `vendored`, `published`, `path=DIR`"
                )),
            },
        }
    }
}

/// Absolute on any platform (`/x`, `C:\x`, `\\server\x`): a crate may be
/// generated on one system and built on another.
fn is_absolute(dir: &str) -> bool {
    Path::new(dir).is_absolute()
        || dir.starts_with('/')
        || dir.starts_with('\\')
        || dir.as_bytes().get(1) == Some(&b':')
}

/// The embedded runtime's version (its manifest's `version`).
pub fn runtime_version() -> String {
    package_key("version").unwrap_or_else(|| "0.0.0".to_owned())
}

/// The embedded runtime's `repository`, if its manifest names one.
pub fn runtime_repository() -> Option<String> {
    package_key("repository")
}

/// A string key of the `[package]` table of the embedded runtime's manifest.
fn package_key(key: &str) -> Option<String> {
    let manifest = RUNTIME_FILES
        .iter()
        .find(|(path, _)| *path == "Cargo.toml")?
        .1;
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if in_package && name.trim() == key {
            let value = value.trim();
            if value.starts_with('"') && value.ends_with('"') && value.len() >= 2 {
                return Some(value[1..value.len() - 1].to_owned());
            }
        }
    }
    None
}

/// The runtime embedded in this command, to vendor.
pub fn vendored() -> VendoredRuntime {
    VendoredRuntime {
        version: runtime_version(),
        files: RUNTIME_FILES
            .iter()
            .map(|(path, contents)| GeneratedFile {
                path: (*path).to_owned(),
                contents: (*contents).to_owned(),
            })
            .collect(),
    }
}

/// The paths of the embedded runtime's files.
pub fn vendored_paths() -> Vec<&'static str> {
    RUNTIME_FILES.iter().map(|(path, _)| *path).collect()
}

/// The crates.io requirement on the runtime this command was built with:
/// `major.minor` of its version.
pub fn published_requirement() -> String {
    let version = runtime_version();
    let mut parts = version.split('.');
    format!(
        "{}.{}",
        parts.next().unwrap_or("0"),
        parts.next().unwrap_or("0")
    )
}

/// Whether `blueprint-runtime` on crates.io is this project's crate: its
/// `repository` (as `lookup` reports it, `cargo info` output) must be the
/// embedded runtime's. Anyone may publish a crate under a name its owner
/// has not taken (dependency confusion): an unverified name is refused.
pub fn verify_published(lookup: impl FnOnce(&str) -> Result<String, String>) -> Result<(), String> {
    verify_published_against(runtime_repository().as_deref(), lookup)
}

/// [`verify_published`] against the repository `expected`.
fn verify_published_against(
    expected: Option<&str>,
    lookup: impl FnOnce(&str) -> Result<String, String>,
) -> Result<(), String> {
    let requirement = published_requirement();
    let Some(expected) = expected else {
        return Err(format!(
            "error: refusing `--runtime published`: this apib-rs knows no repository for its runtime, so \
             it cannot tell whether `{RUNTIME_PACKAGE}` on crates.io is this project's crate \
             (anyone could have published a crate under that name: dependency confusion); use \
             `--runtime vendored`, or `--trust-unverified-runtime` to take that risk"
        ));
    };
    let info = lookup(&requirement).map_err(|problem| {
        format!(
            "error: refusing `--runtime published`: cannot verify that `{RUNTIME_PACKAGE}@{requirement}` on \
             crates.io is this project's crate ({problem}); until it is, anyone could publish a crate \
             under that name and run code in your build (dependency confusion): use `--runtime vendored`, \
             or `--trust-unverified-runtime` to take that risk"
        )
    })?;
    let found = info
        .lines()
        .find_map(|line| line.strip_prefix("repository:"))
        .map(|url| url.trim().to_owned());
    let normal = |url: &str| {
        url.trim_end_matches('/')
            .trim_end_matches(".git")
            .to_ascii_lowercase()
    };
    match found {
        Some(url) if normal(&url) == normal(expected) => Ok(()),
        found => Err(format!(
            "error: refusing `--runtime published`: `{RUNTIME_PACKAGE}` on crates.io names the repository {}, \
             not this project's ({expected}): it is another crate under the same name (dependency \
             confusion); use `--runtime vendored`",
            found.map_or_else(|| "nowhere".to_owned(), |u| format!("`{u}`"))
        )),
    }
}

/// `cargo info blueprint-runtime@REQUIREMENT` on crates.io (run from the
/// temporary directory, so that no local workspace answers for it).
pub fn cargo_info(requirement: &str) -> Result<String, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "info",
            &format!("{RUNTIME_PACKAGE}@{requirement}"),
            "--registry",
            "crates-io",
        ])
        .current_dir(std::env::temp_dir())
        .output()
        .map_err(|e| format!("cannot run `cargo info`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("`cargo info` failed")
            .trim()
            .to_owned())
    }
}

/// The dependency for a path choice: `dir` (relative to the current
/// directory) as seen from the crate at `out`; both are made absolute
/// lexically (`out` may not exist yet).
pub fn path_dependency(dir: &Path, out: &Path) -> Result<RuntimeDependency, String> {
    let runtime = absolute(dir)?;
    if !runtime.join("Cargo.toml").is_file() {
        return Err(format!(
            "error: `--runtime path={}`: {} has no Cargo.toml (give the runtime crate's directory)",
            dir.display(),
            runtime.display()
        ));
    }
    let from = absolute(out)?;
    relative_path(&from, &runtime)
        .map(RuntimeDependency::Path)
        .ok_or_else(|| {
            format!(
                "error: `--runtime path={}` and the crate at {} have no directory in common: \
                 a relative path cannot join them (use `vendored`)",
                dir.display(),
                out.display()
            )
        })
}

/// `path` made absolute from the current directory, `.` and `..` resolved
/// lexically.
pub fn absolute(path: &Path) -> Result<PathBuf, String> {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("error: no current directory: {e}"))?
            .join(path)
    };
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// `to` relative to the directory `from` (both absolute), with `/`
/// separators; `None` when they share nothing (two Windows drives).
pub fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded table holds the runtime's manifest and every file of
    /// its `src/`, as they are on disk.
    #[test]
    fn the_embedded_runtime_is_the_runtime_on_disk() {
        let runtime = crate::tests::workspace_root().join("crates/blueprint-runtime");
        let mut on_disk = Vec::new();
        let mut directories = vec![runtime.join("src")];
        while let Some(directory) = directories.pop() {
            for entry in std::fs::read_dir(&directory).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    directories.push(path);
                } else {
                    on_disk.push(path);
                }
            }
        }
        on_disk.push(runtime.join("Cargo.toml"));
        assert!(on_disk.len() > 10, "{on_disk:?}");
        for path in &on_disk {
            let relative = path
                .strip_prefix(&runtime)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let embedded = RUNTIME_FILES
                .iter()
                .find(|(p, _)| *p == relative)
                .unwrap_or_else(|| panic!("{relative} is not embedded"));
            assert_eq!(
                embedded.1,
                std::fs::read_to_string(path).unwrap(),
                "{relative}"
            );
        }
        let sources = RUNTIME_FILES
            .iter()
            .filter(|(p, _)| p.starts_with("src/"))
            .count();
        assert_eq!(sources, on_disk.len() - 1, "no file embedded twice or gone");
        assert!(vendored_paths().contains(&"LICENSE-MIT"));
        assert_eq!(runtime_version(), "0.1.0");
        assert_eq!(published_requirement(), "0.1");
    }

    #[test]
    fn choices_parse_and_absolute_paths_are_refused() {
        assert_eq!("vendored".parse(), Ok(RuntimeChoice::Vendored));
        assert_eq!("published".parse(), Ok(RuntimeChoice::Published));
        assert_eq!(
            "path=../rt".parse(),
            Ok(RuntimeChoice::Path(PathBuf::from("../rt")))
        );
        for absolute in ["path=/opt/rt", "path=C:\\rt", "path=\\\\server\\rt"] {
            let error = absolute.parse::<RuntimeChoice>().expect_err(absolute);
            assert!(error.contains("absolute path"), "{error}");
        }
        assert!("crates".parse::<RuntimeChoice>().is_err());
        assert!("path=".parse::<RuntimeChoice>().is_err());
    }

    #[test]
    fn relative_paths_climb_to_the_common_ancestor() {
        assert_eq!(
            relative_path(
                Path::new("/w/crates/x"),
                Path::new("/w/crates/blueprint-runtime")
            )
            .as_deref(),
            Some("../blueprint-runtime")
        );
        assert_eq!(
            relative_path(Path::new("/tmp/out"), Path::new("/work/rt")).as_deref(),
            Some("../../work/rt")
        );
        assert_eq!(
            relative_path(Path::new("/a"), Path::new("/a")).as_deref(),
            Some(".")
        );
    }

    #[test]
    fn published_is_refused_unless_crates_io_names_this_repository() {
        let ours = Some("https://github.com/example/apib-rs");
        let not_found = verify_published_against(ours, |_| {
            Err("could not find `blueprint-runtime@0.1`".into())
        })
        .expect_err("not on crates.io");
        assert!(
            not_found.contains("dependency confusion") && not_found.contains("could not find"),
            "{not_found}"
        );
        let foreign = verify_published_against(ours, |_| {
            Ok(
                "blueprint-runtime\nversion: 0.1.3\nrepository: https://github.com/someone/else\n"
                    .into(),
            )
        })
        .expect_err("another repository");
        assert!(
            foreign.contains("`https://github.com/someone/else`"),
            "{foreign}"
        );
        // Ours, with `.git` and in capitals.
        verify_published_against(ours, |requirement| {
            assert_eq!(requirement, "0.1");
            Ok("blueprint-runtime\nrepository: https://github.com/Example/apib-rs.git\n".into())
        })
        .expect("this project's crate");
        // A runtime that names no repository cannot be verified at all.
        let error = verify_published_against(None, |_| unreachable!("not looked up"))
            .expect_err("unverifiable");
        assert!(error.contains("knows no repository"), "{error}");
    }
}
