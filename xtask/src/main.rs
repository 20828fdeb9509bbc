//! `cargo xtask`: maintainer commands for the workspace.
//!
//! Each command lives in its own module; `main` only dispatches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod diff;
mod fetch_spec;
mod generate;
mod inspect;
mod names;
mod regen;
mod rust_version;
mod types;
#[cfg(test)]
mod workflow;
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
  lint [PATH] [--deny-warnings] [--allow CODE]... [--baseline OLD | --since GIT_REV]
                                 print the diagnostics of PATH like rustc; fail on errors
                                 (and on warnings with --deny-warnings); warnings of an
                                 allowed code are counted, not shown; with a baseline,
                                 only the diagnostics it does not have, counting the rest
  types [PATH] [--config FILE | --no-config] [--lenient]
                                 print the inferred type model of PATH as JSON
  regen [--spec PATH] [--check] [--lenient]
                                 regenerate crates/cloud66-generated with
                                 crates/codegen/cloud66.toml, and the generator's golden
                                 crates (with --check: write nothing, fail naming each
                                 stale file)
  generate --spec FILE --out DIR [--name CRATE] [--config FILE] [--allow CODE]... [--lenient]
                                 write a standalone client crate for any API Blueprint
                                 (the configuration's [lint] allow is honoured too)
  diff OLD NEW [--config FILE | --no-config] [--old-config FILE] [--lock FILE]
       [--format text|md|json] [--deny-breaking]
  diff --since GIT_REV [--spec PATH] [options as above]
                                 what changed in the API between two specs (type models),
                                 each change breaking, additive or informational for the
                                 generated crate; exit 1 with --deny-breaking on a breaking one
  fetch-spec [URL] [--out PATH] [--config FILE] [--max-bytes N] [--timeout SECS]
                                 download the published spec (URL, else `[crate] spec_url`
                                 of the configuration) into apiary.apib, whole or not at all
  names [SPEC] [--config FILE | --no-config] [--lock FILE] [--json]
                                 every public name of the generated crate and where it
                                 came from (default: apiary.apib with its configuration
                                 and the Cloud 66 crate's names.lock)

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
        "names" => Ok(names::run(rest)),
        "diff" => Ok(diff::run(rest)),
        "fetch-spec" => Ok(fetch_spec::run(rest)),
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
