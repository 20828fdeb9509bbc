//! `apib-rs`: typed Rust clients from API Blueprint, from the command line.
//! See `apib-rs --help`, and the library's docs for the exit codes.

use std::process::ExitCode;

use blueprint_cli::{Cli, Output};
use clap::Parser;

/// The generator allocates and frees hundreds of thousands of small token
/// and syntax-tree nodes per run; mimalloc serves them faster than glibc's
/// malloc (see the repository README's figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints help and usage errors itself (exit 0 and 2).
    let cli = Cli::parse();
    let mut output = Output::stdio(cli.verbosity.verbosity());
    blueprint_cli::run(&cli.command, None, &mut output).into()
}
