//! `cargo xtask`: maintainer commands for the workspace.
//!
//! Each command lives in its own module; `main` only dispatches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod generate;
mod inspect;
mod regen;
mod rust_version;
mod types;
mod write;

/// The generator allocates and frees hundreds of thousands of small token
/// and syntax-tree nodes per run; mimalloc serves them faster than glibc's
/// malloc (see the README's figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  ir [PATH]                      print the parsed IR of PATH (default: apiary.apib) as JSON
  lint [PATH] [--deny-warnings]  print the diagnostics of PATH like rustc; fail on errors
                                 (and on warnings with --deny-warnings)
  types [PATH] [--config FILE | --no-config] [--lenient]
                                 print the inferred type model of PATH as JSON
  regen [--spec PATH] [--check] [--lenient]
                                 regenerate crates/cloud66-generated with
                                 crates/codegen/cloud66.toml, and the generator's golden
                                 crates (with --check: write nothing, fail naming each
                                 stale file)
  generate --spec FILE --out DIR [--name CRATE] [--config FILE] [--lenient]
                                 write a standalone client crate for any API Blueprint

PATH and FILE may include other files (`<!-- include(path) -->`, as aglio and
hercule read them); --lenient generates despite the spec errors that have one safe
reading (a type the spec never defines becomes serde_json::Value), as the
configuration's `[generate] lenient = true` does.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => return usage(None),
    };
    let result = match command {
        "ir" => inspect::ir(rest),
        "lint" => inspect::lint(rest),
        "types" => Ok(types::run(rest)),
        "regen" => Ok(regen::run(rest)),
        "generate" => Ok(generate::run(rest)),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => return usage(Some(other)),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the usage message to stderr and returns exit code 2.
fn usage(unknown: Option<&str>) -> ExitCode {
    if let Some(c) = unknown {
        eprintln!("error: unknown command `{c}`\n");
    }
    eprint!("{USAGE}");
    ExitCode::from(2)
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

/// The workspace root (the parent of the xtask crate).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A user-given path (relative to the current directory) or the default
/// `apiary.apib` of the workspace root.
pub(crate) fn spec_path(arg: Option<&str>) -> PathBuf {
    match arg {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("apiary.apib"),
    }
}
