//! Writing a generated crate: only the files that changed, all or nothing.
//!
//! Every file is first written beside its destination under a temporary
//! name; only when all of them were written are they renamed into place
//! (renames within one directory do not fail for reasons writing did not
//! already hit, such as a name too long or a full disk). On any failure the
//! temporary files are removed and the crate is left as it was.

use std::fs;
use std::path::{Path, PathBuf};

use blueprint_codegen::emit::{GeneratedFile, VENDORED_RUNTIME_DIR};

/// What writing a crate did (or, in check mode, would do).
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files whose contents differ from what the generator produces (or that
    /// should not exist any more), relative to the crate.
    pub stale: Vec<String>,
    /// Files written or removed (never in check mode).
    pub written: Vec<String>,
}

/// Brings the crate at `dir` to exactly `files`: writes those that differ,
/// removes generated files that are no longer produced (those under
/// `src/`, `tests/generated_*`, and a vendored runtime's directory). With
/// `check`, only reports.
///
/// Line endings are compared without carriage returns, so a checkout with
/// CRLF line endings is not reported stale for them alone.
pub fn write_crate(dir: &Path, files: &[GeneratedFile], check: bool) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    let mut changed: Vec<(&GeneratedFile, PathBuf)> = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref().map(strip_cr).as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        outcome.stale.push(file.path.clone());
        changed.push((file, path));
    }
    let expected: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    let leftovers = leftover_generated_files(dir, &expected);
    for leftover in &leftovers {
        outcome.stale.push(relative(dir, leftover));
    }
    if check {
        return Ok(outcome);
    }
    stage_and_commit(&changed)?;
    outcome.written = changed.iter().map(|(f, _)| f.path.clone()).collect();
    for leftover in leftovers {
        let shown = relative(dir, &leftover);
        fs::remove_file(&leftover).map_err(|e| format!("error: cannot remove {shown}: {e}"))?;
        outcome.written.push(shown);
    }
    Ok(outcome)
}

fn strip_cr(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The temporary name of a file being written.
fn staged(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".regen-tmp");
    path.with_file_name(name)
}

/// Writes every file under its temporary name, then renames them all into
/// place; on a failure before the renames, removes what it wrote.
fn stage_and_commit(changed: &[(&GeneratedFile, PathBuf)]) -> Result<(), String> {
    let mut written: Vec<PathBuf> = Vec::new();
    let result = changed.iter().try_for_each(|(file, path)| {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
        }
        let temporary = staged(path);
        fs::write(&temporary, &file.contents)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        written.push(temporary);
        Ok::<(), String>(())
    });
    if let Err(error) = result {
        for temporary in written {
            let _ = fs::remove_file(temporary);
        }
        return Err(format!("{error}; nothing was written"));
    }
    for (_, path) in changed {
        fs::rename(staged(path), path)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Generated files on disk that the generator no longer produces: anything
/// under `src/`, the crate's `tests/generated_*.rs`, and anything in a
/// vendored runtime's directory (one whose manifest says it was vendored).
fn leftover_generated_files(dir: &Path, expected: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut directories = vec![dir.join("src")];
    let vendored = dir.join(VENDORED_RUNTIME_DIR);
    let manifest = fs::read_to_string(vendored.join("Cargo.toml")).unwrap_or_default();
    if manifest.starts_with("# Vendored from ") {
        directories.push(vendored);
    }
    while let Some(directory) = directories.pop() {
        for entry in fs::read_dir(&directory).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                directories.push(path);
            } else {
                found.push(path);
            }
        }
    }
    if let Ok(entries) = fs::read_dir(dir.join("tests")) {
        found.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("generated_"))
        }));
    }
    found.retain(|p| p.is_file() && !expected.contains(p));
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("apib-rs-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_changes_removes_leftovers_and_ignores_crlf() {
        let dir = scratch("basic");
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/old.rs"), "old").unwrap();
        fs::write(dir.join("src/same.rs"), "a\r\nb\r\n").unwrap();
        let files = [file("src/same.rs", "a\nb\n"), file("src/new.rs", "new")];
        let checked = write_crate(&dir, &files, true).unwrap();
        assert_eq!(checked.stale, ["src/new.rs", "src/old.rs"]);
        assert!(!dir.join("src/new.rs").exists());
        let done = write_crate(&dir, &files, false).unwrap();
        assert_eq!(done.written, ["src/new.rs", "src/old.rs"]);
        assert_eq!(fs::read_to_string(dir.join("src/new.rs")).unwrap(), "new");
        assert!(!dir.join("src/old.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_vendored_runtime_s_files_are_generated_files() {
        let dir = scratch("vendored");
        fs::create_dir_all(dir.join("blueprint-runtime/src")).unwrap();
        fs::write(
            dir.join("blueprint-runtime/Cargo.toml"),
            "# Vendored from blueprint-runtime 0.1.0\n",
        )
        .unwrap();
        fs::write(dir.join("blueprint-runtime/src/gone.rs"), "").unwrap();
        let files = [file(
            "blueprint-runtime/Cargo.toml",
            "# Vendored from blueprint-runtime 0.1.0\n",
        )];
        let checked = write_crate(&dir, &files, true).unwrap();
        assert_eq!(checked.stale, ["blueprint-runtime/src/gone.rs"]);
        // Going back to a path dependency removes the copy.
        let done = write_crate(&dir, &[], false).unwrap();
        assert_eq!(
            done.written,
            [
                "blueprint-runtime/Cargo.toml",
                "blueprint-runtime/src/gone.rs"
            ]
        );
        // A directory of that name the generator did not write is left alone.
        fs::write(dir.join("blueprint-runtime/mine.rs"), "").unwrap();
        assert!(write_crate(&dir, &[], true).unwrap().stale.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_everything_as_it_was() {
        let dir = scratch("atomic");
        let long = "x".repeat(300);
        let files = [
            file("src/lib.rs", "fine"),
            file(&format!("src/{long}.rs"), "too long a name"),
        ];
        let error = write_crate(&dir, &files, false).expect_err("the long name fails");
        assert!(error.contains("nothing was written"), "{error}");
        let left: Vec<_> = fs::read_dir(dir.join("src")).unwrap().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
