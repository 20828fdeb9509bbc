//! `cargo xtask regen [--spec PATH] [--check] [--lenient]`: regenerate the Cloud 66
//! crate from `apiary.apib` with `crates/codegen/cloud66.toml`, and the
//! generator's golden crates from its fixtures.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blueprint_cli::write::{write_crate, Outcome};
use blueprint_cli::{generate_files, read_config, read_lock};
use blueprint_codegen::config::Config;
use blueprint_codegen::emit::{EmitOptions, RuntimeDependency};
use blueprint_codegen::names::NameLock;
use clap::Args;

use crate::{workspace_root, CLOUD66_CONFIG, CLOUD66_CRATE, FIXTURES, GOLDENS};

/// The fixtures whose golden crate vendors the runtime (as `apib-rs
/// generate` does by default), so that `regen --check` catches a stale
/// vendored copy and `cargo test --workspace` builds one; the others depend
/// on the workspace's runtime by path.
pub const VENDORED_GOLDENS: [&str; 1] = ["vendored"];

/// `regen [--spec PATH] [--check] [--lenient]`.
#[derive(Debug, Clone, Args)]
pub struct RegenArgs {
    /// The Cloud 66 spec (default: apiary.apib).
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Write nothing; fail naming each stale file.
    #[arg(long)]
    check: bool,
    /// Generate despite the spec errors that have one safe reading.
    #[arg(long)]
    lenient: bool,
}

/// Runs `regen`.
pub fn run(args: &RegenArgs) -> ExitCode {
    let (check, lenient) = (args.check, args.lenient);
    let root = workspace_root();
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("apiary.apib"));
    let result = regenerate(&root, &spec, check, lenient).and_then(|(cloud66, kept)| {
        let goldens = regenerate_goldens(&root, check, lenient)?;
        Ok(([cloud66, goldens], kept))
    });
    match result {
        Ok((outcomes, kept)) => {
            // A maintainer decides whether to break a kept name on purpose.
            for line in &kept {
                println!("{line}");
            }
            let stale: Vec<&String> = outcomes.iter().flat_map(|o| &o.stale).collect();
            if check && !stale.is_empty() {
                for path in &stale {
                    eprintln!("stale: {path}");
                }
                eprintln!("{} generated file(s) are out of date: run `cargo xtask regen` and commit the result", stale.len());
                return ExitCode::FAILURE;
            }
            if !check {
                // What changed in the API, and its changelog entry.
                match crate::changelog::after_regen(&root, &spec) {
                    Ok(report) => print!("{report}"),
                    Err(message) => eprintln!("{message}"),
                }
                let written: Vec<&String> = outcomes.iter().flat_map(|o| &o.written).collect();
                println!(
                    "{} file(s) written or removed, the others were up to date",
                    written.len()
                );
                for path in written {
                    println!("  {path}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Generates the Cloud 66 crate in memory, then writes only the files whose
/// contents changed (or, with `check`, only reports them). On a spec or
/// configuration error nothing is touched and the rendered diagnostics are
/// returned. The crate's manifest is hand-written (it also lists what the
/// hand-written tour, benches and tests need), so it is not generated here.
/// Also returns, one line each, the names the crate's `names.lock` kept
/// against today's naming rules.
pub fn regenerate(
    root: &Path,
    spec_path: &Path,
    check: bool,
    lenient: bool,
) -> Result<(Outcome, Vec<String>), String> {
    let config_path = root.join(CLOUD66_CONFIG);
    let (mut config, text) = read_config(&config_path)?;
    config.generate.lenient |= lenient;
    let options = EmitOptions {
        runtime: RuntimeDependency::Path("../blueprint-runtime".into()),
        workspace_member: true,
    };
    let dir = root.join(CLOUD66_CRATE);
    let generation = generate_files(
        spec_path,
        &config,
        Some((&config_path, &text)),
        &read_lock(&dir)?,
        &options,
    )?
    .0;
    let kept = kept_names(&generation.model);
    let mut files = generation.files;
    files.retain(|f| f.path != "Cargo.toml");
    Ok((
        prefixed(write_crate(&dir, &files, check), CLOUD66_CRATE)?,
        kept,
    ))
}

/// The names `names.lock` kept against the rules, as lines to print.
fn kept_names(model: &blueprint_codegen::model::TypeModel) -> Vec<String> {
    blueprint_codegen::explain::name_entries(model)
        .into_iter()
        .filter_map(|e| {
            let rules = e.origin.rules_give?;
            Some(format!(
                "kept `{}` from names.lock; the naming rules would give `{rules}` (delete its entry to take the new name, a breaking change)",
                e.name
            ))
        })
        .collect()
}

/// The golden crates: each fixture `NAME.apib` of the generator (with its
/// configuration `NAME.toml`, if any) generated as the workspace member
/// `golden-NAME`, so `cargo test --workspace` builds it and runs its tests.
pub fn regenerate_goldens(root: &Path, check: bool, lenient: bool) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    let fixtures = root.join(FIXTURES);
    let mut specs: Vec<PathBuf> = fs::read_dir(&fixtures)
        .map_err(|e| format!("error: cannot read {}: {e}", fixtures.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "apib"))
        .collect();
    specs.sort();
    let mut expected_dirs = Vec::new();
    for spec in specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let config_path = spec.with_extension("toml");
        let (mut config, text) = if config_path.exists() {
            read_config(&config_path)?
        } else {
            (Config::default(), String::new())
        };
        config.generate.lenient |= lenient;
        config.krate.name = Some(format!("golden-{}", name.replace('_', "-")));
        config.krate.lib = Some(format!("golden_{name}"));
        let runtime = if VENDORED_GOLDENS.contains(&name.as_str()) {
            RuntimeDependency::Vendored(blueprint_cli::runtime::vendored())
        } else {
            RuntimeDependency::Path("../../../../blueprint-runtime".into())
        };
        let options = EmitOptions {
            runtime,
            workspace_member: true,
        };
        let source = config_path
            .exists()
            .then_some((config_path.as_path(), text.as_str()));
        let relative = format!("{GOLDENS}/{name}");
        // A golden shows the rules as they are: its names lock is written,
        // never read (keeping names is tested in codegen's `names_lock`).
        let files = generate_files(&spec, &config, source, &NameLock::default(), &options)?
            .0
            .files;
        let done = prefixed(write_crate(&root.join(&relative), &files, check), &relative)?;
        outcome.stale.extend(done.stale);
        outcome.written.extend(done.written);
        expected_dirs.push(root.join(&relative));
    }
    // A golden whose fixture is gone.
    for entry in fs::read_dir(root.join(GOLDENS))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() && !expected_dirs.contains(&path) {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            outcome.stale.push(shown.clone());
            if !check {
                fs::remove_dir_all(&path)
                    .map_err(|e| format!("error: cannot remove {shown}: {e}"))?;
                outcome.written.push(shown);
            }
        }
    }
    Ok(outcome)
}

/// The outcome with its paths relative to the workspace.
fn prefixed(outcome: Result<Outcome, String>, dir: &str) -> Result<Outcome, String> {
    let outcome = outcome?;
    let prefix = |paths: Vec<String>| paths.into_iter().map(|p| format!("{dir}/{p}")).collect();
    Ok(Outcome {
        stale: prefix(outcome.stale),
        written: prefix(outcome.written),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test --workspace` alone catches a generated crate that is stale
    /// against `apiary.apib` (the same check as `cargo xtask regen --check`).
    #[test]
    fn generated_crate_is_up_to_date() {
        let root = workspace_root();
        let outcome = regenerate(&root, &root.join("apiary.apib"), true, false)
            .expect("generation succeeds")
            .0;
        assert!(
            outcome.stale.is_empty(),
            "stale generated files: {:?}; run `cargo xtask regen` and commit the result",
            outcome.stale
        );
    }

    /// The same for the golden crates of the generator's fixtures.
    #[test]
    fn golden_crates_are_up_to_date() {
        let outcome =
            regenerate_goldens(&workspace_root(), true, false).expect("generation succeeds");
        assert!(
            outcome.stale.is_empty(),
            "stale golden files: {:?}; run `cargo xtask regen` and commit the result",
            outcome.stale
        );
    }

    #[test]
    fn spec_errors_leave_files_untouched() {
        let dir = std::env::temp_dir().join(format!("regen-error-{}", std::process::id()));
        fs::create_dir_all(dir.join("crates/codegen")).unwrap();
        fs::write(dir.join(CLOUD66_CONFIG), "").unwrap();
        let spec = dir.join("broken.apib");
        fs::write(&spec, [0xff, 0xfe, 0x00]).unwrap();
        let error = regenerate(&dir, &spec, false, false).expect_err("non-UTF-8 spec is an error");
        assert!(error.contains("nothing was written"), "{error}");
        assert!(!dir.join(CLOUD66_CRATE).exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
