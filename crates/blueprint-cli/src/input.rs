//! Reading what the commands work on: a spec with the files it includes, a
//! configuration, a names lock; each failure rendered with its location.

use std::fs;
use std::path::{Path, PathBuf};

use blueprint_codegen::config::Config;
use blueprint_codegen::emit::EmitOptions;
use blueprint_codegen::names::NameLock;
use blueprint_codegen::pipeline::{generate_document, GenerateError, Generation};
use blueprint_parser::{Blueprint, Document};
use clap::Args;

use crate::Project;

/// `--config FILE | --no-config`: which configuration a command reads.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigChoice {
    /// The generator's configuration (names, types, pages…).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// No configuration, even for a project's own spec.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigChoice {
    /// The configuration to read: the one given, none with `--no-config`,
    /// else `own`'s (the project whose spec the command was given).
    pub(crate) fn path(&self, own: Option<&Project>) -> Option<PathBuf> {
        if self.no_config {
            return None;
        }
        self.config
            .clone()
            .or_else(|| own.map(|project| project.config.clone()))
    }
}

/// Reads the blueprint at `path` with the files it includes, and parses it.
pub(crate) fn load(path: &Path) -> Result<(Document, Blueprint), String> {
    let document =
        Document::read(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    let blueprint = document.parse();
    Ok((document, blueprint))
}

/// Reads a configuration file, rendering its errors.
pub fn read_config(path: &Path) -> Result<(Config, String), String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    let config = Config::from_toml(&text).map_err(|error| {
        let shown = path.display().to_string();
        let rendered: String = error
            .diagnostics
            .iter()
            .map(|d| d.render(&shown, &text) + "\n")
            .collect();
        format!("{rendered}error: the configuration file has errors; nothing was written")
    })?;
    Ok((config, text))
}

/// Reads a names lock file, rendering its errors.
pub(crate) fn read_lock_file(path: &Path) -> Result<NameLock, String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    NameLock::from_toml(&text.replace("\r\n", "\n")).map_err(|diagnostics| {
        let shown = path.display().to_string();
        let rendered: String = diagnostics
            .iter()
            .map(|d| d.render(&shown, &text) + "\n")
            .collect();
        format!("{rendered}error: the names lock cannot be read; nothing was written")
    })
}

/// The names lock of the crate at `dir` (empty if it has none yet).
pub fn read_lock(dir: &Path) -> Result<NameLock, String> {
    let path = dir.join("names.lock");
    if path.exists() {
        read_lock_file(&path)
    } else {
        Ok(NameLock::default())
    }
}

/// Generates in memory a crate keeping the names of `lock`, from the spec at
/// `spec_path` and the files it includes; on an error, the rendered
/// diagnostics (nothing is written). Returns the document too, to render
/// the warnings.
pub fn generate_files(
    spec_path: &Path,
    config: &Config,
    config_source: Option<(&Path, &str)>,
    lock: &NameLock,
    options: &EmitOptions,
) -> Result<(Generation, Document), String> {
    let document = Document::read(spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    let generation =
        generate_document(&document, config, lock, options).map_err(|error| match error {
            GenerateError::Spec(ref diagnostics) => {
                let renderer = document.renderer();
                let text: String = diagnostics
                    .iter()
                    .map(|d| renderer.render(d) + "\n")
                    .collect();
                format!("{text}error: {error}; nothing was written")
            }
            GenerateError::Config(ref diagnostics) => {
                let (shown, source) = config_source
                    .map(|(p, t)| (p.display().to_string(), t))
                    .unwrap_or_else(|| ("configuration".to_owned(), ""));
                let text: String = diagnostics
                    .iter()
                    .map(|d| d.render(&shown, source) + "\n")
                    .collect();
                format!("{text}error: {error}; nothing was written")
            }
            other => format!("error: {other}; nothing was written"),
        })?;
    Ok((generation, document))
}
