//! The command line of `apib-rs` (clap, derived): the subcommands and their
//! flags. `cargo xtask` reuses [`Command`] with its own defaults (see
//! [`crate::Project`]).

use clap::{Args, Parser, Subcommand};

use crate::output::Verbosity;
use crate::{DiffArgs, FetchSpecArgs, GenerateArgs, IrArgs, LintArgs, NamesArgs, TypesArgs};

/// The exit codes, shown at the end of `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done, nothing to report
  1  done, with findings: lint errors (or warnings with --deny-warnings), a breaking
     change with `diff --deny-breaking`, errors in the spec `ir` and `types` printed anyway
  2  not done: bad arguments, a file that cannot be read or written, errors in the spec
     or configuration, a failed download, a runtime dependency refused";

/// Typed async Rust clients from API Blueprint specs.
#[derive(Debug, Parser)]
#[command(
    name = "apib-rs",
    version,
    about = "Typed async Rust clients from API Blueprint specs",
    long_about = "Typed async Rust clients from API Blueprint specs: generate a client crate, \
                  lint a spec, show what the generator reads and infers, compare two versions \
                  of an API.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// How much to say besides the result.
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `--quiet` and `--verbose`, for every command.
#[derive(Debug, Clone, Copy, Args)]
pub struct VerbosityArgs {
    /// Print only errors and the result.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print every file written and how long each step took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl VerbosityArgs {
    /// The verbosity these flags ask for.
    pub fn verbosity(self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// A command of `apib-rs` (and of `cargo xtask`).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a client crate for an API Blueprint.
    Generate(GenerateArgs),
    /// Print the spec's diagnostics like rustc; fail on errors.
    Lint(LintArgs),
    /// Print the parsed spec (the parser's IR) as JSON.
    Ir(IrArgs),
    /// Print the inferred type model as JSON.
    Types(TypesArgs),
    /// List every public name of the generated crate and where it came from.
    Names(NamesArgs),
    /// What changed in the API between two specs, and whether it breaks the crate.
    Diff(DiffArgs),
    /// Download a published spec, whole or not at all.
    FetchSpec(FetchSpecArgs),
}

/// The subcommands whose spec is a positional argument, and its name.
pub const SPEC_ARGUMENTS: [(&str, &str); 4] = [
    ("lint", "spec"),
    ("ir", "spec"),
    ("types", "spec"),
    ("names", "spec"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_help() {
        let command = Cli::command();
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(
            names,
            [
                "generate",
                "lint",
                "ir",
                "types",
                "names",
                "diff",
                "fetch-spec"
            ]
        );
        for sub in command.get_subcommands() {
            assert!(sub.get_about().is_some(), "{}", sub.get_name());
            for arg in sub.get_arguments() {
                assert!(
                    arg.get_help().is_some(),
                    "{} {}",
                    sub.get_name(),
                    arg.get_id()
                );
            }
        }
    }

    #[test]
    fn a_spec_path_is_required_where_there_is_no_project() {
        let error = Cli::try_parse_from(["apib-rs", "lint"]).expect_err("no spec");
        assert_eq!(
            error.kind(),
            clap::error::ErrorKind::MissingRequiredArgument
        );
        // clap's usage errors exit 2, as the contract says.
        assert_eq!(error.exit_code(), 2);
        let cli = Cli::try_parse_from(["apib-rs", "-q", "lint", "x.apib", "--deny-warnings"])
            .expect("parses");
        assert_eq!(cli.verbosity.verbosity(), Verbosity::Quiet);
        assert!(matches!(cli.command, Command::Lint(ref a) if a.deny_warnings));
    }
}
