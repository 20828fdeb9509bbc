//! Embeds the runtime crate's files (`../blueprint-runtime`: its manifest,
//! `src/**`, and the licence files of the repository) in the command, for
//! `generate --runtime vendored`: writes `OUT_DIR/runtime_files.rs`, a table
//! of `(path relative to the runtime, include_str!(…))`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let runtime = manifest_dir.join("../blueprint-runtime");
    let repository = manifest_dir.join("../..");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    files.push(("Cargo.toml".to_owned(), runtime.join("Cargo.toml")));
    // A README the runtime's docs may include; the licences its copies carry.
    for (name, path) in [
        ("README.md", runtime.join("README.md")),
        ("LICENSE-MIT", repository.join("LICENSE-MIT")),
        ("LICENSE-APACHE", repository.join("LICENSE-APACHE")),
    ] {
        if path.is_file() {
            files.push((name.to_owned(), path));
        }
    }
    let mut sources = Vec::new();
    collect(&runtime.join("src"), &mut sources);
    sources.sort();
    for path in sources {
        let relative = path
            .strip_prefix(&runtime)
            .expect("under the runtime")
            .to_string_lossy()
            .replace('\\', "/");
        files.push((relative, path));
    }
    assert!(
        files.iter().any(|(name, _)| name == "src/lib.rs"),
        "the runtime's sources are not at {}: apib-rs is built from a checkout of its repository",
        runtime.display()
    );
    let mut table = String::from(
        "/// The runtime crate's files: (path relative to its directory, contents).\n\
         pub(crate) const RUNTIME_FILES: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        let absolute = fs::canonicalize(path).expect("the file exists");
        let _ = writeln!(
            table,
            "    ({name:?}, include_str!({:?})),",
            absolute.to_string_lossy()
        );
    }
    table.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("runtime_files.rs"), table).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!(
        "cargo:rerun-if-changed={}",
        runtime.join("Cargo.toml").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        runtime.join("README.md").display()
    );
    println!("cargo:rerun-if-changed=build.rs");
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
