//! Generates every fixture of the generator (`../fixtures/NAME.apib`, with
//! `NAME.toml` when there is one, and the names lock of its golden crate) as
//! a module into `OUT_DIR/NAME.rs`, and `OUT_DIR/modules.rs`, which declares
//! one module per fixture including it.
//!
//! The fixtures' warnings are the golden crates' business: they are not
//! repeated as cargo warnings here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fixtures = Path::new("../fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixtures)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    specs.retain(|path| path.extension().is_some_and(|e| e == "apib"));
    specs.sort();
    // A fixture added or removed.
    println!("cargo::rerun-if-changed={}", fixtures.display());
    let mut modules = String::new();
    for spec in specs {
        let name = spec
            .file_stem()
            .ok_or("a fixture without a name")?
            .to_string_lossy()
            .into_owned();
        let mut builder = blueprint_codegen::build::Builder::new(&spec)
            .names_lock(Path::new("../goldens").join(&name).join("names.lock"));
        let config = spec.with_extension("toml");
        if config.exists() {
            builder = builder.config(config);
        }
        let generated = builder.write()?;
        for instruction in generated.cargo_instructions() {
            if instruction.starts_with("cargo::rerun-if-changed=") {
                println!("{instruction}");
            }
        }
        writeln!(
            modules,
            "/// The fixture `{name}.apib` as a generated module.\npub mod {name} {{\n    \
             include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\"));\n}}"
        )?;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("modules.rs"), modules)?;
    Ok(())
}
