//! `cargo xtask`: maintainer commands for the workspace.
//!
//! `regen` (the Cloud 66 crate, the golden crates, the changelog) and
//! `minimal-versions` (the declared lower bounds build) are the
//! repository's own; every other command is `apib-rs`'s (the
//! `blueprint-cli` library), run with the Cloud 66 project's defaults: the
//! spec `apiary.apib`, its configuration `crates/codegen/cloud66.toml` and
//! the crate `crates/cloud66-generated` (its `names.lock`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blueprint_cli::args::{VerbosityArgs, EXIT_CODES, SPEC_ARGUMENTS};
use blueprint_cli::{Output, Project};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod changelog;
mod minimal_versions;
mod regen;
mod rust_version;
#[cfg(test)]
mod workflow;

/// The generator allocates and frees hundreds of thousands of small token
/// and syntax-tree nodes per run; mimalloc serves them faster than glibc's
/// malloc (see the README's figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Maintainer commands: `apib-rs`'s with the Cloud 66 defaults, and `regen`.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands: apib-rs's commands with the Cloud 66 defaults (the spec \
             apiary.apib, crates/codegen/cloud66.toml, crates/cloud66-generated/names.lock), \
             and regen",
    after_help = EXIT_CODES
)]
struct Xtask {
    #[command(flatten)]
    verbosity: VerbosityArgs,
    #[command(subcommand)]
    command: XtaskCommand,
}

#[derive(Debug, Subcommand)]
enum XtaskCommand {
    /// Regenerate crates/cloud66-generated with crates/codegen/cloud66.toml, and the
    /// generator's golden crates (with --check: write nothing, fail naming each stale file).
    Regen(regen::RegenArgs),
    /// Build the published crates with each crates.io requirement they declare pinned
    /// to its lower bound (the rest resolved afresh): the declared bounds are true.
    MinimalVersions(minimal_versions::MinimalVersionsArgs),
    #[command(flatten)]
    Shared(blueprint_cli::Command),
}

/// The Cloud 66 configuration of the generator, relative to the workspace root.
pub(crate) const CLOUD66_CONFIG: &str = "crates/codegen/cloud66.toml";

/// Where the generated Cloud 66 crate lives.
pub(crate) const CLOUD66_CRATE: &str = "crates/cloud66-generated";

/// The runtime crate every generated crate depends on.
pub(crate) const RUNTIME_CRATE: &str = "crates/blueprint-runtime";

/// The generator's one-concern fixture specs.
pub(crate) const FIXTURES: &str = "crates/codegen/tests/fixtures";

/// Where the fixtures' generated crates (workspace members) live.
pub(crate) const GOLDENS: &str = "crates/codegen/tests/goldens";

fn main() -> ExitCode {
    let matches = command().get_matches();
    let xtask = Xtask::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let verbosity = xtask.verbosity.verbosity();
    match xtask.command {
        XtaskCommand::Regen(args) => regen::run(&args),
        XtaskCommand::MinimalVersions(args) => minimal_versions::run(&args),
        XtaskCommand::Shared(command) => {
            let mut output = Output::stdio(verbosity);
            blueprint_cli::run(&command, Some(&cloud66()), &mut output).into()
        }
    }
}

/// The command line: `apib-rs`'s, its spec paths optional (the Cloud 66
/// spec by default).
fn command() -> clap::Command {
    let mut command = Xtask::command();
    for (sub, arg) in SPEC_ARGUMENTS {
        command = command.mut_subcommand(sub, |c| {
            c.mut_arg(arg, |a| {
                a.required(false)
                    .help("The spec to read (default: apiary.apib, with the Cloud 66 configuration and names.lock)")
            })
        });
    }
    command.mut_subcommand("fetch-spec", |c| {
        c.mut_arg("out", |a| {
            a.required(false)
                .help("Where to write the spec (default: apiary.apib)")
        })
    })
}

/// The Cloud 66 project of this workspace.
pub(crate) fn cloud66() -> Project {
    let root = workspace_root();
    Project {
        spec: root.join("apiary.apib"),
        config: root.join(CLOUD66_CONFIG),
        crate_dir: root.join(CLOUD66_CRATE),
        runtime: root.join(RUNTIME_CRATE),
        root,
    }
}

/// The workspace root (the parent of the xtask crate).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent_and_defaults_the_spec() {
        command().debug_assert();
        for args in [
            vec!["xtask", "lint"],
            vec!["xtask", "ir"],
            vec!["xtask", "types", "--no-config"],
            vec!["xtask", "names", "--json"],
            vec!["xtask", "fetch-spec"],
            vec!["xtask", "diff", "--since", "HEAD"],
            vec!["xtask", "regen", "--check"],
        ] {
            let matches = command().try_get_matches_from(&args);
            assert!(matches.is_ok(), "{args:?}: {matches:?}");
        }
        // What apib-rs requires, generate still requires here.
        assert!(command()
            .try_get_matches_from(["xtask", "generate", "--out", "x"])
            .is_err());
    }
}
