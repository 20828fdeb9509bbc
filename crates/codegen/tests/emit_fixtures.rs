//! Snapshots of the code emitted for small hand-written specs, one concern
//! each (`tests/fixtures/*.apib`). A fixture `NAME.apib` is generated with the
//! overrides in `NAME.overrides.toml` when that file exists.
//!
//! Review changes with `cargo insta review`.

use std::fs;
use std::path::Path;

use codegen::pipeline::generate;

/// Generates the fixture and joins the emitted Rust files into one snapshot.
fn emitted(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let spec = fs::read(dir.join(format!("{name}.apib"))).expect("fixture exists");
    let overrides = fs::read_to_string(dir.join(format!("{name}.overrides.toml"))).ok();
    let generation = generate(&format!("{name}.apib"), &spec, overrides.as_deref())
        .unwrap_or_else(|error| panic!("{name}.apib generates: {error:?}"));
    let mut out = String::new();
    for file in &generation.files {
        // The README and generated tests are covered by the crate's own checks.
        if file.path.contains("/src/generated/") && !file.path.ends_with("generated/mod.rs") {
            out.push_str(&format!("==== {}\n{}\n", file.path, file.contents));
        }
    }
    out
}

macro_rules! fixture {
    ($name:ident) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), emitted(stringify!($name)));
        }
    };
}

fixture!(pages);
fixture!(enums);
fixture!(keywords);
fixture!(maps);
fixture!(collisions);
fixture!(parameters);
fixture!(empty_bodies);
fixture!(overrides);

#[test]
fn same_spec_gives_byte_identical_files() {
    let first = emitted("parameters");
    let second = emitted("parameters");
    assert_eq!(first, second);
}

#[test]
fn stale_override_is_an_error() {
    let spec =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages.apib")).unwrap();
    let overrides = "[[method]]\noperation = \"No Such Action\"\nfn = \"x\"\n";
    let error =
        generate("pages.apib", &spec, Some(overrides)).expect_err("an unmatched entry fails");
    assert!(
        matches!(error, codegen::pipeline::GenerateError::Overrides(ref d) if !d.is_empty()),
        "{error:?}"
    );
}
