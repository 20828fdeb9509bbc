//! `cargo xtask regen [--spec PATH] [--check]`: regenerate the client crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::pipeline::{generate, GenerateError};

use crate::{workspace_root, OVERRIDES};

/// Runs the command with its arguments (after `regen`).
pub fn run(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut check = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => match args.next() {
                Some(path) => spec = Some(PathBuf::from(path)),
                None => return usage("--spec needs a path"),
            },
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let root = workspace_root();
    let spec = spec.unwrap_or_else(|| root.join("apiary.apib"));
    match regenerate(&root, &spec, check) {
        Ok(Outcome { stale, .. }) if check && !stale.is_empty() => {
            for path in &stale {
                eprintln!("stale: {path}");
            }
            eprintln!("{} generated file(s) are out of date: run `cargo xtask regen` and commit the result", stale.len());
            ExitCode::FAILURE
        }
        Ok(Outcome { written, .. }) if !check => {
            println!(
                "{} file(s) written or removed, the others were up to date",
                written.len()
            );
            for path in written {
                println!("  {path}");
            }
            ExitCode::SUCCESS
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: cargo xtask regen [--spec PATH] [--check]");
    ExitCode::from(2)
}

/// What a regeneration did (or, in check mode, would do).
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files whose contents differ from what the generator produces (or that
    /// should not exist any more).
    pub stale: Vec<String>,
    /// Files written or removed (never in check mode).
    pub written: Vec<String>,
}

/// Generates everything in memory first, then writes only the files whose
/// contents changed (or, with `check`, only reports them). On a spec error
/// nothing is touched and the rendered diagnostics are returned.
pub fn regenerate(root: &Path, spec_path: &Path, check: bool) -> Result<Outcome, String> {
    let spec = fs::read(spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    let overrides_path = root.join(OVERRIDES);
    let overrides = match fs::read_to_string(&overrides_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(format!(
                "error: cannot read {}: {e}",
                overrides_path.display()
            ))
        }
    };
    let spec_name = spec_path
        .file_name()
        .map_or_else(|| "spec".into(), |n| n.to_string_lossy().into_owned());
    let generation =
        generate(&spec_name, &spec, overrides.as_deref()).map_err(|error| match error {
            GenerateError::Spec(ref diagnostics) => {
                let source = String::from_utf8_lossy(&spec);
                let shown = spec_path.display().to_string();
                let text: String = diagnostics
                    .iter()
                    .map(|d| d.render(&shown, &source) + "\n")
                    .collect();
                format!("{text}error: {error}; nothing was written")
            }
            GenerateError::Overrides(ref diagnostics) => {
                let source = overrides.as_deref().unwrap_or_default();
                let shown = overrides_path.display().to_string();
                let text: String = diagnostics
                    .iter()
                    .map(|d| d.render(&shown, source) + "\n")
                    .collect();
                format!("{text}error: {error}; nothing was written")
            }
            other => format!("error: {other}; nothing was written"),
        })?;

    let mut outcome = Outcome::default();
    let mut expected = Vec::new();
    for file in &generation.files {
        let path = root.join(&file.path);
        expected.push(path.clone());
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        outcome.stale.push(file.path.clone());
        if !check {
            write_atomically(&path, &file.contents)?;
            outcome.written.push(file.path.clone());
        }
    }
    for leftover in leftover_generated_files(root, &expected) {
        let shown = leftover
            .strip_prefix(root)
            .unwrap_or(&leftover)
            .display()
            .to_string();
        outcome.stale.push(shown.clone());
        if !check {
            fs::remove_file(&leftover).map_err(|e| format!("error: cannot remove {shown}: {e}"))?;
            outcome.written.push(shown);
        }
    }
    Ok(outcome)
}

/// Generated files on disk that the generator no longer produces: anything
/// under `src/generated/` and the crate's `tests/generated_*.rs`.
fn leftover_generated_files(root: &Path, expected: &[PathBuf]) -> Vec<PathBuf> {
    let krate = root.join(codegen::emit::GENERATED_CRATE);
    let mut found = Vec::new();
    let mut directories = vec![krate.join("src/generated")];
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
    if let Ok(entries) = fs::read_dir(krate.join("tests")) {
        found.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("generated_"))
        }));
    }
    found.retain(|p| p.is_file() && !expected.contains(p));
    found.sort();
    found
}

fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
    }
    let temporary = path.with_extension("regen-tmp");
    fs::write(&temporary, contents)
        .map_err(|e| format!("error: cannot write {}: {e}", temporary.display()))?;
    fs::rename(&temporary, path).map_err(|e| format!("error: cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test --workspace` alone catches a generated crate that is stale
    /// against `apiary.apib` (the same check as `cargo xtask regen --check`).
    #[test]
    fn generated_crate_is_up_to_date() {
        let root = workspace_root();
        let outcome =
            regenerate(&root, &root.join("apiary.apib"), true).expect("generation succeeds");
        assert!(
            outcome.stale.is_empty(),
            "stale generated files: {:?}; run `cargo xtask regen` and commit the result",
            outcome.stale
        );
    }

    #[test]
    fn spec_errors_leave_files_untouched() {
        let dir = std::env::temp_dir().join(format!("regen-error-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("broken.apib");
        fs::write(&spec, [0xff, 0xfe, 0x00]).unwrap();
        let error = regenerate(&dir, &spec, false).expect_err("non-UTF-8 spec is an error");
        assert!(error.contains("nothing was written"), "{error}");
        assert!(!dir.join(codegen::emit::GENERATED_CRATE).exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
