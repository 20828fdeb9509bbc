//! `generate --spec FILE --out DIR [--name CRATE] [--config FILE] [--allow CODE]… [--lenient]
//! [--runtime vendored|published|path=DIR]`: a standalone client crate for any API Blueprint.
//!
//! The crate builds where it is written and wherever it is copied: its
//! runtime is vendored into it by default (see [`crate::runtime`]).
//! Warnings are rendered on stderr with their location; a spec that cannot
//! be generated gets its rendered diagnostics and nothing is written.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use blueprint_codegen::config::Config;
use blueprint_codegen::emit::{EmitOptions, RuntimeDependency};
use clap::Args;

use crate::input::{generate_files, read_config, read_lock};
use crate::output::Output;
use crate::runtime::{self, RuntimeChoice};
use crate::write::write_crate;
use crate::{Exit, Failure, Project};

/// `generate --spec FILE --out DIR [options]`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// The spec (with the files it includes).
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The crate's directory (created, or a crate this command wrote before).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The crate's package name (default: from the spec's title).
    #[arg(long, value_name = "CRATE")]
    pub name: Option<String>,
    /// The generator's configuration (names, types, pages…).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Count, without showing, the warnings of this code (repeatable; the
    /// configuration's `[lint] allow` is honoured too).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
    /// Generate despite the spec errors that have one safe reading (an
    /// undefined type becomes `serde_json::Value`).
    #[arg(long)]
    pub lenient: bool,
    /// Where the crate gets its runtime: `vendored` (copied into the crate,
    /// the default), `published` (crates.io, once verified to be this
    /// project's crate), or `path=DIR` (a relative path, from here).
    #[arg(long, value_name = "HOW")]
    pub runtime: Option<RuntimeChoice>,
    /// With `--runtime published`: depend on crates.io's `blueprint-runtime`
    /// even when it cannot be verified to be this project's crate; whoever
    /// owns that name then runs code in your build and your program.
    #[arg(long)]
    pub trust_unverified_runtime: bool,
}

/// What to generate, resolved from the arguments.
#[derive(Debug, Clone)]
pub struct GenerateRequest<'a> {
    /// The spec.
    pub spec: &'a Path,
    /// The crate's directory.
    pub out: &'a Path,
    /// The package name, if given.
    pub name: Option<&'a str>,
    /// The configuration file, if any.
    pub config: Option<&'a Path>,
    /// Warning codes to count without showing.
    pub allow: &'a [String],
    /// Relax the spec errors that have one safe reading.
    pub lenient: bool,
    /// The runtime dependency.
    pub runtime: RuntimeDependency,
}

/// Runs `generate`.
pub(crate) fn run(
    args: &GenerateArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let runtime = runtime_dependency(args, project, output)?;
    let request = GenerateRequest {
        spec: &args.spec,
        out: &args.out,
        name: args.name.as_deref(),
        config: args.config.as_deref(),
        allow: &args.allow,
        lenient: args.lenient,
        runtime,
    };
    let summary = generate_crate(&request, output)?;
    output.result(&format!("{summary}\n"));
    Ok(Exit::Ok)
}

/// The runtime dependency `args` ask for. Without `--runtime`: a path to the
/// project's runtime for a crate under the project's root, else vendored.
fn runtime_dependency(
    args: &GenerateArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<RuntimeDependency, String> {
    let choice = match (&args.runtime, project) {
        (Some(choice), _) => choice.clone(),
        (None, Some(project)) => {
            let out = runtime::absolute(&args.out)?;
            if out.starts_with(runtime::absolute(&project.root)?) {
                RuntimeChoice::Path(project.runtime.clone())
            } else {
                RuntimeChoice::Vendored
            }
        }
        (None, None) => RuntimeChoice::Vendored,
    };
    if args.trust_unverified_runtime && choice != RuntimeChoice::Published {
        return Err("error: --trust-unverified-runtime goes with --runtime published only".into());
    }
    match choice {
        RuntimeChoice::Vendored => Ok(RuntimeDependency::Vendored(runtime::vendored())),
        RuntimeChoice::Path(dir) => runtime::path_dependency(&dir, &args.out),
        RuntimeChoice::Published => {
            let verified = runtime::verify_published(runtime::cargo_info);
            match verified {
                Ok(()) => {}
                Err(refusal) if args.trust_unverified_runtime => output.note(&format!(
                    "warning: {}\nwarning: going on as --trust-unverified-runtime asks",
                    refusal.trim_start_matches("error: ")
                )),
                Err(refusal) => return Err(refusal),
            }
            Ok(RuntimeDependency::Version(runtime::published_requirement()))
        }
    }
}

/// Generates the crate `request` describes; returns a one-line summary.
/// Warnings are rendered through `output`, but those whose code the
/// configuration's `[lint] allow` or `request.allow` names, which are
/// counted in one note.
pub fn generate_crate(
    request: &GenerateRequest<'_>,
    output: &mut Output,
) -> Result<String, String> {
    let started = Instant::now();
    let (mut config, text) = match request.config {
        Some(path) => read_config(path)?,
        None => (Config::default(), String::new()),
    };
    config.generate.lenient |= request.lenient;
    if let Some(name) = request.name {
        config.krate.name = Some(name.to_owned());
        config.krate.lib = None;
    }
    let out = request.out;
    refuse_foreign_directory(out)?;
    let options = EmitOptions {
        runtime: request.runtime.clone(),
        workspace_member: false,
    };
    let source = request.config.map(|p| (p, text.as_str()));
    let (generation, document) =
        generate_files(request.spec, &config, source, &read_lock(out)?, &options)?;
    let generated = started.elapsed();
    let renderer = document.renderer();
    let allow: Vec<String> = config
        .lint
        .allow
        .iter()
        .chain(request.allow)
        .cloned()
        .collect();
    let (warnings, allowed) = blueprint_codegen::lint::partition(&generation.diagnostics, &allow);
    for diagnostic in &warnings {
        output.diagnostic(&renderer.render(diagnostic), diagnostic.severity);
    }
    if !allowed.is_empty() {
        output.note(&format!("note: {allowed}"));
    }
    let outcome = write_crate(out, &generation.files, false)?;
    for path in &outcome.written {
        output.detail(&format!("wrote {}", out.join(path).display()));
    }
    output.detail(&format!(
        "generated in {} ms, written in {} ms",
        generated.as_millis(),
        (started.elapsed() - generated).as_millis()
    ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Verbosity;

    /// `cargo xtask generate`: a path to the project's runtime inside the
    /// project, the runtime vendored outside it.
    #[test]
    fn the_default_runtime_depends_on_where_the_crate_goes() {
        let dir = std::env::temp_dir().join(format!("generate-default-{}", std::process::id()));
        let root = dir.join("repo");
        fs::create_dir_all(root.join("crates/runtime")).unwrap();
        fs::write(root.join("crates/runtime/Cargo.toml"), "[package]\n").unwrap();
        let project = Project {
            spec: root.join("api.apib"),
            config: root.join("api.toml"),
            crate_dir: root.join("crates/client"),
            runtime: root.join("crates/runtime"),
            root: root.clone(),
        };
        let args = |out: PathBuf| GenerateArgs {
            spec: project.spec.clone(),
            out,
            name: None,
            config: None,
            allow: Vec::new(),
            lenient: false,
            runtime: None,
            trust_unverified_runtime: false,
        };
        let (mut output, _) = Output::captured(Verbosity::Normal, false);
        let inside = runtime_dependency(&args(root.join("target/x")), Some(&project), &mut output);
        assert_eq!(
            inside,
            Ok(RuntimeDependency::Path("../../crates/runtime".into()))
        );
        let outside = runtime_dependency(&args(dir.join("elsewhere")), Some(&project), &mut output);
        assert!(
            matches!(outside, Ok(RuntimeDependency::Vendored(_))),
            "{outside:?}"
        );
        let without = runtime_dependency(&args(root.join("target/x")), None, &mut output);
        assert!(
            matches!(without, Ok(RuntimeDependency::Vendored(_))),
            "{without:?}"
        );
        fs::remove_dir_all(&dir).unwrap();
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
        let config_path = dir.join("api.toml");
        fs::write(&config_path, "[lint]\nallow = [\"body-indentation\"]\n").unwrap();
        let out = dir.join("client");
        let allow_flag = ["body-indentation".to_owned()];
        let plain = GenerateRequest {
            spec: &spec,
            out: &out,
            name: None,
            config: None,
            allow: &[],
            lenient: false,
            runtime: RuntimeDependency::Path("../rt".into()),
        };
        let (mut output, captured) = Output::captured(Verbosity::Normal, false);
        let shown = generate_crate(&plain, &mut output).unwrap();
        assert!(shown.ends_with(", 1 warning(s)"), "{shown}");
        assert!(captured.stderr().contains("warning[body-indentation]"));
        let by_config = GenerateRequest {
            config: Some(&config_path),
            ..plain.clone()
        };
        let by_config = generate_crate(&by_config, &mut output).unwrap();
        assert!(
            by_config.ends_with(", 0 warning(s) (1 allowed)"),
            "{by_config}"
        );
        let by_flag = GenerateRequest {
            allow: &allow_flag,
            ..plain.clone()
        };
        assert!(generate_crate(&by_flag, &mut output)
            .unwrap()
            .ends_with("(1 allowed)"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
