//! `cargo xtask generate --spec FILE --out DIR [--name CRATE] [--config FILE] [--allow CODE]… [--lenient]`:
//! a standalone client crate for any API Blueprint.
//!
//! The crate depends on this workspace's runtime crate by path (until it is
//! published) and builds anywhere: `cargo build --manifest-path
//! DIR/Cargo.toml`. Warnings are rendered on stderr with their location;
//! a spec that cannot be generated gets its rendered diagnostics and
//! nothing is written.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use codegen::config::Config;
use codegen::emit::{EmitOptions, RuntimeDependency};

use crate::regen::{generate_files, read_config, read_lock};
use crate::write::write_crate;
use crate::{workspace_root, RUNTIME_CRATE};

const USAGE: &str = "usage: cargo xtask generate --spec FILE --out DIR [--name CRATE] [--config FILE] [--allow CODE]... [--lenient]";

/// Runs the command with its arguments (after `generate`).
pub fn run(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut config_path = None;
    let mut allow = Vec::new();
    let mut allowed = None;
    let mut lenient = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--lenient" => {
                lenient = true;
                continue;
            }
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--name" => &mut name,
            "--config" => &mut config_path,
            "--allow" => &mut allowed,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        };
        match args.next() {
            Some(value) => *slot = Some(value.clone()),
            None => return usage(&format!("{arg} needs a value")),
        }
        allow.extend(allowed.take());
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return usage("--spec and --out are required");
    };
    match generate_crate(
        Path::new(&spec),
        Path::new(&out),
        name.as_deref(),
        config_path.as_deref().map(Path::new),
        &allow,
        lenient,
    ) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

/// Generates the crate for `spec` into `out`; returns a one-line summary.
/// Warnings are printed on stderr (this is the command's own output), but
/// those whose code the configuration's `[lint] allow` or `allow` names,
/// which are counted in one line. `lenient` relaxes the spec errors that
/// have one safe reading (as `[generate] lenient = true` does).
pub fn generate_crate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    config_path: Option<&Path>,
    allow: &[String],
    lenient: bool,
) -> Result<String, String> {
    let (mut config, text) = match config_path {
        Some(path) => read_config(path)?,
        None => (Config::default(), String::new()),
    };
    config.generate.lenient |= lenient;
    if let Some(name) = name {
        config.krate.name = Some(name.to_owned());
        config.krate.lib = None;
    }
    refuse_foreign_directory(out)?;
    let out_absolute = absolute(out)?;
    let runtime = absolute(&workspace_root().join(RUNTIME_CRATE))?;
    let options = EmitOptions {
        runtime: RuntimeDependency::Path(relative_path(&out_absolute, &runtime)),
        workspace_member: false,
    };
    let source = config_path.map(|p| (p, text.as_str()));
    let (generation, document) = generate_files(spec, &config, source, &read_lock(out)?, &options)?;
    let renderer = document.renderer();
    let allow: Vec<String> = config.lint.allow.iter().chain(allow).cloned().collect();
    let (warnings, allowed) = codegen::lint::partition(&generation.diagnostics, &allow);
    for diagnostic in &warnings {
        eprintln!("{}", renderer.render(diagnostic));
    }
    if !allowed.is_empty() {
        eprintln!("note: {allowed}");
    }
    let outcome = write_crate(out, &generation.files, false)?;
    Ok(format!(
        "generated `{}` ({} operations, {} types) in {}: {} file(s) written, {} warning(s){}",
        generation.model.api.package,
        generation.model.operations.len(),
        generation.model.types.len(),
        out.display(),
        outcome.written.len(),
        warnings.len(),
        if allowed.is_empty() {
            String::new()
        } else {
            format!(" ({} allowed)", allowed.total())
        },
    ))
}

/// Generation replaces `src/` and removes stale files: never do that to a
/// directory that holds something else than a generated crate.
fn refuse_foreign_directory(out: &Path) -> Result<(), String> {
    let Ok(mut entries) = fs::read_dir(out) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if manifest.starts_with("# Generated from ") {
        Ok(())
    } else {
        Err(format!(
            "error: {} exists and is not a crate this generator wrote; choose another --out",
            out.display()
        ))
    }
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("error: no current directory: {e}"))?
            .join(path)
    };
    // Lexically: `out` may not exist yet.
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

/// `to` relative to the directory `from` (both absolute), with `/` separators.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return to
            .iter()
            .collect::<PathBuf>()
            .to_string_lossy()
            .replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_ancestor() {
        assert_eq!(
            relative_path(
                Path::new("/w/crates/x"),
                Path::new("/w/crates/blueprint-runtime")
            ),
            "../blueprint-runtime"
        );
        assert_eq!(
            relative_path(Path::new("/tmp/out"), Path::new("/work/rt")),
            "/work/rt"
        );
    }

    #[test]
    fn refuses_a_directory_with_other_content() {
        let dir = std::env::temp_dir().join(format!("generate-foreign-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let error = refuse_foreign_directory(&dir).expect_err("not a generated crate");
        assert!(
            error.contains("not a crate this generator wrote"),
            "{error}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn allowed_warnings_are_counted_not_shown() {
        let dir = std::env::temp_dir().join(format!("generate-allow-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // A body indented 4 columns instead of 8: one `body-indentation` warning.
        let spec = dir.join("api.apib");
        fs::write(
            &spec,
            "FORMAT: 1A\n\n# API\n\n## Thing [/thing]\n\n### Get [GET]\n\n+ Response 200 (application/json)\n\n    {\"id\": 1}\n",
        )
        .unwrap();
        let config = dir.join("api.toml");
        fs::write(&config, "[lint]\nallow = [\"body-indentation\"]\n").unwrap();
        let out = dir.join("client");
        let shown = generate_crate(&spec, &out, None, None, &[], false).unwrap();
        assert!(shown.ends_with(", 1 warning(s)"), "{shown}");
        let by_config = generate_crate(&spec, &out, None, Some(&config), &[], false).unwrap();
        assert!(
            by_config.ends_with(", 0 warning(s) (1 allowed)"),
            "{by_config}"
        );
        let by_flag = generate_crate(
            &spec,
            &out,
            None,
            None,
            &["body-indentation".to_owned()],
            false,
        );
        assert!(by_flag.unwrap().ends_with("(1 allowed)"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
