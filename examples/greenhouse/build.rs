//! Generates the Greenhouse API's client from `api/greenhouse.apib` (and the
//! file it includes) into `OUT_DIR/greenhouse.rs`, which `src/lib.rs` includes.

fn main() -> Result<(), blueprint_codegen::build::Error> {
    blueprint_codegen::build::Builder::new("api/greenhouse.apib")
        .config("api/greenhouse.toml")
        .names_lock("api/greenhouse.names.lock")
        // where src/lib.rs puts the module: its doc examples become doctests
        .doc_path("greenhouse_example::greenhouse")
        .generate()?;
    Ok(())
}
