//! The generator on its one-concern fixtures (`tests/fixtures/NAME.apib`,
//! with the configuration `NAME.toml` when there is one).
//!
//! Each fixture's generated crate is checked in under `tests/goldens/NAME`
//! as a workspace member, so `cargo test --workspace` compiles it and runs
//! its generated round-trip and contract tests; `cargo xtask regen` writes
//! the goldens and a test of `xtask` fails when one is stale. Review a
//! change of emitted code with `git diff crates/codegen/tests/goldens`.

use std::fs;
use std::path::{Path, PathBuf};

use blueprint_codegen::config::Config;
use blueprint_codegen::emit::{EmitOptions, RuntimeDependency};
use blueprint_codegen::names::NameLock;
use blueprint_codegen::pipeline::{generate, generate_document, GenerateError, Generation};
use blueprint_parser::Document;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn options() -> EmitOptions {
    EmitOptions {
        runtime: RuntimeDependency::Path("../blueprint-runtime".into()),
        workspace_member: false,
    }
}

/// Generates fixture `name` (with the files it includes) with its configuration.
fn generated(name: &str) -> Result<Generation, GenerateError> {
    let dir = fixtures();
    let spec = Document::read(&dir.join(format!("{name}.apib"))).expect("fixture exists");
    let config = match fs::read_to_string(dir.join(format!("{name}.toml"))) {
        Ok(text) => Config::from_toml(&text).expect("the fixture's configuration is valid"),
        Err(_) => Config::default(),
    };
    generate_document(&spec, &config, &NameLock::default(), &options())
}

fn names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures())
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|path| path.extension().is_some_and(|e| e == "apib"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_generates_the_same_files_twice() {
    let names = names();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let first = generated(&name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let second = generated(&name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(first.files, second.files, "{name}");
    }
}

#[test]
fn stale_correction_is_an_error() {
    let spec = fs::read(fixtures().join("pages.apib")).unwrap();
    let config = Config::from_toml("[[method]]\noperation = \"No Such Action\"\nfn = \"x\"\n")
        .expect("a valid configuration");
    let error = generate(
        "pages.apib",
        &spec,
        &config,
        &NameLock::default(),
        &options(),
    )
    .expect_err("an unmatched entry fails");
    assert!(
        matches!(error, GenerateError::Config(ref d) if d.iter().any(|d| d.code == "unused-override")),
        "{error:?}"
    );
}

#[test]
fn what_the_configuration_does_not_know_is_a_warning_not_an_error() {
    // `pages.toml` knows the scope `public` only, and pages with page
    // numbers; `pages.apib` also uses the scope `tags`, a list with a count
    // but no page numbers, and a body without the envelope.
    let generation = generated("pages").expect("generates");
    let codes: Vec<&str> = generation
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    for code in ["unknown-scope", "list-without-pagination", "no-envelope"] {
        assert!(codes.contains(&code), "{code} missing: {codes:?}");
    }
    let scopes: Vec<&str> = generation
        .model
        .api
        .scopes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(scopes, ["public", "tags"]);
}

#[test]
fn every_fixture_s_names_are_in_a_snapshot() {
    // Every public name of each golden crate and the rule that gave it
    // (what `cargo xtask names` prints), so a change of naming shows in
    // review name by name.
    for name in names() {
        let generation = generated(&name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let report = blueprint_codegen::explain::render(&blueprint_codegen::explain::name_entries(
            &generation.model,
        ));
        insta::assert_snapshot!(format!("names_{name}"), report);
    }
}

#[test]
fn lenient_generation_relaxes_undefined_types_only() {
    // `lenient.toml` says `[generate] lenient = true`.
    let generation = generated("lenient").expect("lenient generation succeeds");
    let relaxed: Vec<&str> = generation
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-mson-type")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(relaxed.len(), 6, "{relaxed:#?}");
    assert!(generation
        .diagnostics
        .iter()
        .all(|d| d.severity == blueprint_parser::Severity::Warning));
    assert!(relaxed
        .iter()
        .any(|m| m.contains("`bool`") && m.contains("did you mean `boolean`?")));
    assert!(relaxed
        .iter()
        .all(|m| m.contains("generated anyway (lenient)")));
    // Without it, today's errors stand.
    let dir = fixtures();
    let spec = Document::read(&dir.join("lenient.apib")).expect("fixture");
    let strict = generate_document(&spec, &Config::default(), &NameLock::default(), &options());
    let Err(GenerateError::Spec(diagnostics)) = strict else {
        panic!("a strict generation of undefined types must fail");
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == blueprint_parser::Severity::Error)
        .count();
    assert_eq!(errors, 6);
    // What has no safe reading stays an error, lenient or not.
    let mut lenient = Config::default();
    lenient.generate.lenient = true;
    let empty_path = b"FORMAT: 1A\n\n# T [/t/{}]\n\n## Get [GET]\n\n+ Response 204\n";
    let result = generate(
        "t.apib",
        empty_path,
        &lenient,
        &NameLock::default(),
        &options(),
    );
    assert!(
        matches!(result, Err(GenerateError::Spec(ref d)) if d.iter().any(|d| d.code == "empty-uri-expression")),
        "{result:?}"
    );
}
