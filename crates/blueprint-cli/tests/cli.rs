//! `apib-rs` as a user runs it: the built binary, from a directory of its
//! own, on the specs of `tests/fixtures/`; its exit codes, its streams, and
//! the crates it writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh directory outside the repository, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("apib-rs-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// `apib-rs ARGS` run in `dir`, without the colour variables of the caller.
fn apib_rs(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apib-rs"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR");
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("apib-rs runs");
    (
        status.code().expect("an exit code"),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn every_command_has_help_and_bad_arguments_exit_2() {
    let dir = scratch("help");
    let (code, help, _) = run(&mut apib_rs(&dir, &["--help"]));
    assert_eq!(code, 0);
    for command in [
        "generate",
        "lint",
        "ir",
        "types",
        "names",
        "diff",
        "fetch-spec",
    ] {
        assert!(help.contains(command), "{command} in {help}");
        let (code, text, _) = run(&mut apib_rs(&dir, &[command, "--help"]));
        assert_eq!(code, 0, "{command} --help");
        assert!(text.contains("Usage: apib-rs"), "{text}");
    }
    assert!(help.contains("Exit codes:"), "{help}");
    let (code, _, error) = run(&mut apib_rs(&dir, &["lint"]));
    assert_eq!(code, 2, "a spec is required: {error}");
    let (code, _, _) = run(&mut apib_rs(&dir, &["lint", "x.apib", "--no-such-flag"]));
    assert_eq!(code, 2);
    let (code, _, error) = run(&mut apib_rs(&dir, &["lint", "missing.apib"]));
    assert_eq!(code, 2, "an unreadable spec");
    assert!(
        error.starts_with("error: cannot read missing.apib"),
        "{error}"
    );
}

#[test]
fn lint_exit_codes_and_verbosity() {
    let dir = scratch("lint");
    let clean = fixture("notes.apib");
    let indented = fixture("indented.apib");
    let undefined = fixture("undefined.apib");
    let path = |p: &PathBuf| p.display().to_string();
    let (code, out, err) = run(&mut apib_rs(&dir, &["lint", &path(&clean)]));
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.ends_with(": 0 error(s), 0 warning(s)\n"), "{out}");

    // A warning: shown on stderr like rustc, exit 0; 1 when denied.
    let (code, out, err) = run(&mut apib_rs(&dir, &["lint", &path(&indented)]));
    assert_eq!(code, 0);
    assert!(err.starts_with("warning[body-indentation]"), "{err}");
    assert!(err.contains("indented.apib:13:5"), "{err}");
    assert!(out.ends_with(": 0 error(s), 1 warning(s)\n"), "{out}");
    let (code, _, _) = run(&mut apib_rs(
        &dir,
        &["lint", &path(&indented), "--deny-warnings"],
    ));
    assert_eq!(code, 1);
    // `--quiet`: the result only.
    let (code, out, err) = run(&mut apib_rs(&dir, &["-q", "lint", &path(&indented)]));
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("1 warning(s)"), "{out}");
    // The configuration's `[lint] allow` counts the code instead of showing it,
    // and a counted warning is not denied.
    std::fs::write(
        dir.join("allow.toml"),
        "[lint]\nallow = [\"body-indentation\"]\n",
    )
    .unwrap();
    let (code, out, err) = run(&mut apib_rs(
        &dir,
        &[
            "lint",
            &path(&indented),
            "--config",
            "allow.toml",
            "--deny-warnings",
        ],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning[body-indentation]"), "{err}");
    assert!(
        err.contains("1 allowed warning(s) not shown: body-indentation (1)"),
        "{err}"
    );
    assert!(out.ends_with(": 0 error(s), 0 warning(s)\n"), "{out}");

    // An error: a finding of lint (1), bad input for generate (2).
    let (code, _, err) = run(&mut apib_rs(&dir, &["lint", &path(&undefined)]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[") && err.contains("undefined.apib:"),
        "{err}"
    );
    let (code, _, err) = run(&mut apib_rs(
        &dir,
        &["generate", "--spec", &path(&undefined), "--out", "client"],
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!dir.join("client").exists());
}

#[test]
fn colour_only_where_asked_for() {
    let dir = scratch("colour");
    let spec = fixture("indented.apib").display().to_string();
    // Not a terminal: plain text.
    let (_, _, plain) = run(&mut apib_rs(&dir, &["lint", &spec]));
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    // Forced: rustc's styles.
    let (_, _, styled) = run(apib_rs(&dir, &["lint", &spec]).env("CLICOLOR_FORCE", "1"));
    assert!(styled.contains("\u{1b}["), "{styled:?}");
    // `NO_COLOR` wins over a terminal's colour (as anstream reads it).
    let (_, _, no_color) = run(apib_rs(&dir, &["lint", &spec]).env("NO_COLOR", "1"));
    assert!(!no_color.contains('\u{1b}'), "{no_color:?}");
}

#[test]
fn generate_vendors_the_runtime_and_writes_no_absolute_path() {
    let dir = scratch("generate");
    let spec = fixture("notes.apib").display().to_string();
    let (code, out, err) = run(&mut apib_rs(
        &dir,
        &["-v", "generate", "--spec", &spec, "--out", "notes-client"],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("generated `notes-api-client`"), "{out}");
    // `--verbose`: every file written, and the timings.
    assert!(err.contains("wrote notes-client/Cargo.toml"), "{err}");
    assert!(err.contains("generated in "), "{err}");
    assert!(err.trim_end().ends_with("(exit 0)"), "{err}");
    let crate_dir = dir.join("notes-client");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(
            "blueprint-runtime = { path = \"blueprint-runtime\", package = \"notes-api-client-runtime\", default-features = false }"
        ),
        "{manifest}"
    );
    let runtime = std::fs::read_to_string(crate_dir.join("blueprint-runtime/Cargo.toml")).unwrap();
    assert!(
        runtime.contains("name = \"notes-api-client-runtime\""),
        "{runtime}"
    );
    assert!(!runtime.contains("\n[dev-dependencies]"), "{runtime}");
    let lib = std::fs::read_to_string(crate_dir.join("blueprint-runtime/src/lib.rs")).unwrap();
    assert!(
        lib.starts_with("// Vendored from blueprint-runtime "),
        "{lib}"
    );
    let readme = std::fs::read_to_string(crate_dir.join("README.md")).unwrap();
    assert!(
        readme.contains("vendored in its `blueprint-runtime/` directory"),
        "{readme}"
    );
    // Nothing names the machine's directories.
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let checkout = std::fs::canonicalize(checkout).unwrap();
    for file in ["Cargo.toml", "README.md", "blueprint-runtime/Cargo.toml"] {
        let text = std::fs::read_to_string(crate_dir.join(file)).unwrap();
        assert!(!text.contains(&*checkout.to_string_lossy()), "{file}");
        assert!(!text.contains(&*dir.to_string_lossy()), "{file}");
    }
    // Again: nothing to write.
    let (code, out, _) = run(&mut apib_rs(
        &dir,
        &["generate", "--spec", &spec, "--out", "notes-client"],
    ));
    assert_eq!(code, 0);
    assert!(out.contains(": 0 file(s) written"), "{out}");
}

#[test]
fn a_runtime_path_is_relative_and_an_absolute_one_is_refused() {
    let dir = scratch("path");
    let spec = fixture("notes.apib").display().to_string();
    std::fs::create_dir_all(dir.join("vendor/rt")).unwrap();
    std::fs::write(dir.join("vendor/rt/Cargo.toml"), "[package]\n").unwrap();
    let (code, _, err) = run(&mut apib_rs(
        &dir,
        &[
            "generate",
            "--spec",
            &spec,
            "--out",
            "clients/notes",
            "--runtime",
            "path=vendor/rt",
        ],
    ));
    assert_eq!(code, 0, "{err}");
    let manifest = std::fs::read_to_string(dir.join("clients/notes/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(
            "blueprint-runtime = { path = \"../../vendor/rt\", default-features = false }"
        ),
        "{manifest}"
    );
    assert!(!dir.join("clients/notes/blueprint-runtime").exists());
    let absolute = format!("path={}", dir.join("vendor/rt").display());
    let (code, _, err) = run(&mut apib_rs(
        &dir,
        &[
            "generate",
            "--spec",
            &spec,
            "--out",
            "x",
            "--runtime",
            &absolute,
        ],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("is an absolute path"), "{err}");
    let (code, _, err) = run(&mut apib_rs(
        &dir,
        &[
            "generate",
            "--spec",
            &spec,
            "--out",
            "x",
            "--runtime",
            "path=nowhere",
        ],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("has no Cargo.toml"), "{err}");
}

#[test]
fn published_is_refused_when_it_cannot_be_verified() {
    let dir = scratch("published");
    let spec = fixture("notes.apib").display().to_string();
    let args = [
        "generate",
        "--spec",
        &spec,
        "--out",
        "client",
        "--runtime",
        "published",
    ];
    // No `cargo` to ask crates.io with: unverified, so refused.
    let (code, _, err) = run(apib_rs(&dir, &args).env("CARGO", dir.join("no-cargo")));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dependency confusion"), "{err}");
    assert!(!dir.join("client").exists());
    // Overridden, loudly.
    let mut trusting = args.to_vec();
    trusting.push("--trust-unverified-runtime");
    let (code, _, err) = run(apib_rs(&dir, &trusting).env("CARGO", dir.join("no-cargo")));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("warning: refusing") || err.contains("warning:"),
        "{err}"
    );
    let manifest = std::fs::read_to_string(dir.join("client/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("blueprint-runtime = { version = \"0.1\", default-features = false }"),
        "{manifest}"
    );
    let readme = std::fs::read_to_string(dir.join("client/README.md")).unwrap();
    assert!(
        readme.contains("`blueprint-runtime` `0.1` from crates.io"),
        "{readme}"
    );
}

#[test]
fn ir_types_names_and_diff_read_a_spec_from_anywhere() {
    let dir = scratch("inspect");
    let spec = fixture("notes.apib").display().to_string();
    let (code, ir, _) = run(&mut apib_rs(&dir, &["ir", &spec]));
    assert_eq!(code, 0);
    let ir: serde_json::Value = serde_json::from_str(&ir).expect("JSON");
    assert_eq!(ir["metadata"]["HOST"], "https://api.example.com/v1", "{ir}");
    let (code, types, _) = run(&mut apib_rs(&dir, &["types", &spec]));
    assert_eq!(code, 0);
    assert!(types.contains("\"Note\""), "{types}");
    let (code, names, _) = run(&mut apib_rs(&dir, &["names", &spec]));
    assert_eq!(code, 0);
    assert!(names.contains("notes().delete()"), "{names}");
    let (code, same, _) = run(&mut apib_rs(
        &dir,
        &["diff", &spec, &spec, "--deny-breaking"],
    ));
    assert_eq!(code, 0);
    assert!(same.contains("no change in the API"), "{same}");
    let other = fixture("indented.apib").display().to_string();
    let (code, _, _) = run(&mut apib_rs(
        &dir,
        &["diff", &spec, &other, "--deny-breaking"],
    ));
    assert_eq!(code, 1, "removing every operation breaks the crate");
    let (code, _, err) = run(&mut apib_rs(&dir, &["fetch-spec", "--out", "x.apib"]));
    assert_eq!(code, 2, "no URL and no configuration: {err}");
}
