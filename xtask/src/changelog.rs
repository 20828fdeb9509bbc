//! What `regen` says of the Cloud 66 crate it wrote: the changes to its API
//! since the committed crate (`blueprint_codegen::diff`), and the "Unreleased" entry of
//! its `CHANGELOG.md`.

use std::path::Path;

use blueprint_cli::{file_at_revision, read_config, read_lock};
use blueprint_codegen::config::Config;
use blueprint_codegen::diff::{
    changelog_with_entry, diff_models, render_markdown, render_text, Diff, Side,
};
use blueprint_codegen::model::TypeModel;
use blueprint_codegen::names::NameLock;

use crate::{CLOUD66_CONFIG, CLOUD66_CRATE};

/// What `regen` reports: the changes from the committed Cloud 66 crate
/// (the spec, configuration and names lock at `HEAD`) to the model just
/// generated, and the identity of that base. `None` outside a git checkout
/// or before the spec's first commit.
struct RegenChanges {
    /// The changes.
    pub diff: Diff,
    /// What the changes are against: a hash of the committed spec,
    /// configuration and lock.
    pub base: String,
    /// The committed spec's and the new spec's SHA-256, shortened.
    pub specs: (String, String),
}

/// The changes `regen` made to the API of the Cloud 66 crate (see [`RegenChanges`]).
fn regen_changes(
    root: &Path,
    new: &TypeModel,
    new_source: &str,
    new_config: &Config,
) -> Option<RegenChanges> {
    let spec = file_at_revision("HEAD", &root.join("apiary.apib")).ok()?;
    let config_bytes = file_at_revision("HEAD", &root.join(CLOUD66_CONFIG)).unwrap_or_default();
    let lock_bytes =
        file_at_revision("HEAD", &root.join(CLOUD66_CRATE).join("names.lock")).unwrap_or_default();
    let config = Config::from_toml(&String::from_utf8_lossy(&config_bytes))
        .ok()
        .or_else(|| read_config(&root.join(CLOUD66_CONFIG)).ok().map(|c| c.0))?;
    let lock = NameLock::from_toml(&String::from_utf8_lossy(&lock_bytes)).unwrap_or_default();
    let blueprint = blueprint_parser::parse(&spec);
    if blueprint.has_errors() {
        return None;
    }
    let old = blueprint_codegen::infer::infer_locked(&blueprint, &config, &lock);
    let old_fresh = blueprint_codegen::infer::infer(&blueprint, &config);
    let new_blueprint = blueprint_parser::parse(new_source.as_bytes());
    let new_fresh = blueprint_codegen::infer::infer(&new_blueprint, new_config);
    let old_source = String::from_utf8_lossy(&spec);
    let diff = diff_models(
        Side {
            model: &old,
            source: &old_source,
            fresh: Some(&old_fresh),
        },
        Side {
            model: new,
            source: new_source,
            fresh: Some(&new_fresh),
        },
    );
    let mut all = spec.clone();
    all.extend_from_slice(&config_bytes);
    all.extend_from_slice(&lock_bytes);
    let short = |bytes: &[u8]| blueprint_codegen::pipeline::sha256_hex(bytes)[..12].to_owned();
    Some(RegenChanges {
        diff,
        base: short(&all),
        specs: (short(&spec), short(new_source.as_bytes())),
    })
}

/// What `regen` does after writing the Cloud 66 crate from `spec_path`:
/// returns the short text report of the API's changes since the committed
/// crate (empty when nothing changed) and brings the "Unreleased" entry of
/// the crate's `CHANGELOG.md` up to date (written only when it changes).
pub(crate) fn after_regen(root: &Path, spec_path: &Path) -> Result<String, String> {
    let crate_dir = root.join(CLOUD66_CRATE);
    let new_source = std::fs::read(spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    let new_source = String::from_utf8_lossy(&new_source).into_owned();
    let (config, _) = read_config(&root.join(CLOUD66_CONFIG))?;
    let lock = read_lock(&crate_dir)?;
    let new = blueprint_codegen::infer::infer_locked(
        &blueprint_parser::parse(new_source.as_bytes()),
        &config,
        &lock,
    );
    let Some(changes) = regen_changes(root, &new, &new_source, &config) else {
        return Ok("no committed spec to compare the API with (not a git checkout?)\n".to_owned());
    };
    let path = crate_dir.join("CHANGELOG.md");
    let current = std::fs::read_to_string(&path).ok();
    let entry = (!changes.diff.is_empty()).then(|| {
        let version =
            blueprint_cli::crate_version(&crate_dir).unwrap_or_else(|| new.api.version.clone());
        let spec_name = spec_path.file_name().map_or_else(
            || "the spec".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!(
            "### `{spec_name}` {} → {}\n\n{}",
            changes.specs.0,
            changes.specs.1,
            render_markdown(&changes.diff, &changes.diff.bump(&version), 4)
        )
    });
    let updated = changelog_with_entry(current.as_deref(), &changes.base, entry.as_deref());
    let mut report = String::new();
    if !changes.diff.is_empty() {
        report.push_str("API changes since the committed crate: ");
        report.push_str(&render_text(&changes.diff));
    }
    if current.as_deref().map(|c| c.replace("\r\n", "\n")) != Some(updated.clone()) {
        std::fs::write(&path, &updated)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        report.push_str(&format!(
            "{CLOUD66_CRATE}/CHANGELOG.md: \"Unreleased\" entry updated\n"
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;
    use crate::workspace_root;

    /// `regen`'s report and changelog entry, in a copy of the workspace's
    /// Cloud 66 files committed to a temporary git repository.
    #[test]
    fn regen_reports_the_change_and_keeps_one_changelog_entry_per_base() {
        let real = workspace_root();
        let root = std::env::temp_dir().join(format!("xtask-regen-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in [
            "apiary.apib",
            CLOUD66_CONFIG,
            "crates/cloud66-generated/names.lock",
            "crates/cloud66-generated/Cargo.toml",
        ] {
            let to = root.join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(real.join(file), &to).unwrap();
        }
        let git = |list: &[&str]| {
            let out = Command::new("git")
                .arg("-C")
                .arg(&root)
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@t",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(list)
                .output()
                .expect("git runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "base"]);
        let spec = root.join("apiary.apib");
        let changelog = root.join(CLOUD66_CRATE).join("CHANGELOG.md");
        let original = std::fs::read_to_string(&spec).unwrap();

        // Nothing changed: no report, and a changelog without entries.
        let report = after_regen(&root, &spec).unwrap();
        assert!(!report.contains("API changes"), "{report}");
        let empty = std::fs::read_to_string(&changelog).unwrap();
        assert!(!empty.contains("<!-- regen"), "{empty}");

        // A field added: reported, and one entry naming the patch release.
        let edited = original.replacen(
            "\"has_loadbalancer\": false,",
            "\"has_loadbalancer\": false, \"region\": \"eu\",",
            1,
        );
        std::fs::write(&spec, &edited).unwrap();
        let report = after_regen(&root, &spec).unwrap();
        assert!(
            report.contains("0 breaking, 1 additive") && report.contains("Stack::region"),
            "{report}"
        );
        let entry = std::fs::read_to_string(&changelog).unwrap();
        assert!(
            entry.contains("patch version bump (0.1.0 → 0.1.1)"),
            "{entry}"
        );
        assert_eq!(entry.matches("<!-- regen: since").count(), 1, "{entry}");
        // Again: the same entry, not a second one.
        after_regen(&root, &spec).unwrap();
        assert_eq!(std::fs::read_to_string(&changelog).unwrap(), entry);
        // Back to the committed spec: the entry goes.
        std::fs::write(&spec, &original).unwrap();
        after_regen(&root, &spec).unwrap();
        assert_eq!(std::fs::read_to_string(&changelog).unwrap(), empty);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
