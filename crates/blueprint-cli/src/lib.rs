//! `apib-rs`: typed Rust clients from API Blueprint, from the command line.
//!
//! The commands (`generate`, `lint`, `ir`, `types`, `names`, `diff`,
//! `fetch-spec`) are this library, so that the binary `apib-rs` and the
//! repository's `cargo xtask` run the same code: [`run`] executes a parsed
//! [`Command`] and returns its [`Exit`]; `cargo xtask` passes a [`Project`]
//! (the Cloud 66 spec, configuration and crate) for the paths a maintainer
//! leaves out. What a command prints goes through an [`Output`], never
//! straight to the process's streams.
//!
//! # Exit codes
//!
//! | code | meaning |
//! | --- | --- |
//! | 0 | done, nothing to report |
//! | 1 | done, with findings: lint errors (or warnings with `--deny-warnings`), a breaking change with `diff --deny-breaking`, errors in the spec `ir` and `types` printed anyway |
//! | 2 | not done: bad arguments, a file that cannot be read or written, errors in the spec or the configuration, a download that failed, a runtime dependency refused |

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub mod args;
mod diff;
mod fetch_spec;
mod generate;
mod input;
mod inspect;
mod names;
pub mod output;
pub mod runtime;
mod types;
pub mod write;

pub use args::{Cli, Command};
pub use diff::{crate_version, file_at_revision, DiffArgs, Format};
pub use fetch_spec::{fetch, FetchSpecArgs, Limits};
pub use generate::{generate_crate, GenerateArgs, GenerateRequest};
pub use input::{generate_files, read_config, read_lock, ConfigChoice};
pub use inspect::{IrArgs, LintArgs};
pub use names::NamesArgs;
pub use output::{Output, Verbosity};
pub use runtime::RuntimeChoice;
pub use types::TypesArgs;

/// How a command ended: its process exit code (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, nothing to report.
    Ok,
    /// 1: done, with findings the caller asked to fail on.
    Findings,
    /// 2: not done: bad input or a failure to read, write or download.
    Error,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::Error => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A command that could not do its work (exit 2): the message to show,
/// rendered diagnostics included, its last line `error: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure(message)
    }
}

/// A project whose spec the commands read when given none: for `cargo
/// xtask`, the Cloud 66 spec with its configuration and generated crate.
/// Commands given this project's spec use its configuration and names lock
/// unless told otherwise; `apib-rs` has no project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The repository's root: a crate generated under it depends on
    /// [`Project::runtime`] by a relative path (outside it, the runtime is
    /// vendored).
    pub root: PathBuf,
    /// The spec (`apiary.apib`).
    pub spec: PathBuf,
    /// Its configuration.
    pub config: PathBuf,
    /// Its generated crate (holding `names.lock`).
    pub crate_dir: PathBuf,
    /// The runtime crate's directory.
    pub runtime: PathBuf,
}

impl Project {
    /// Whether `path` is this project's spec (the same file).
    pub fn is_spec(&self, path: &Path) -> bool {
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        canonical(path).is_some() && canonical(path) == canonical(&self.spec)
    }
}

/// Runs `command`, printing through `output`; returns how it ended. A
/// failure is printed as an error and ends with [`Exit::Error`].
pub fn run(command: &Command, project: Option<&Project>, output: &mut Output) -> Exit {
    let started = std::time::Instant::now();
    let result = match command {
        Command::Generate(args) => generate::run(args, project, output),
        Command::Lint(args) => inspect::lint(args, project, output),
        Command::Ir(args) => inspect::ir(args, project, output),
        Command::Types(args) => types::run(args, project, output),
        Command::Names(args) => names::run(args, project, output),
        Command::Diff(args) => diff::run(args, project, output),
        Command::FetchSpec(args) => fetch_spec::run(args, project, output),
    };
    let exit = result.unwrap_or_else(|Failure(message)| {
        output.error(&message);
        Exit::Error
    });
    output.detail(&format!(
        "done in {} ms (exit {})",
        started.elapsed().as_millis(),
        exit.code()
    ));
    exit
}

/// The spec a command reads: the one given, else the project's; an error
/// when there is neither.
pub(crate) fn spec_or_default(
    given: Option<&Path>,
    project: Option<&Project>,
) -> Result<PathBuf, Failure> {
    given
        .map(Path::to_path_buf)
        .or_else(|| project.map(|p| p.spec.clone()))
        .ok_or_else(|| Failure("error: give the path of the spec to read".to_owned()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The repository's root (the parent of `crates/`).
    pub(crate) fn workspace_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The Cloud 66 project, as `cargo xtask` gives it.
    pub(crate) fn cloud66() -> Project {
        let root = workspace_root();
        Project {
            spec: root.join("apiary.apib"),
            config: root.join("crates/codegen/cloud66.toml"),
            crate_dir: root.join("crates/cloud66-generated"),
            runtime: root.join("crates/blueprint-runtime"),
            root,
        }
    }
}
