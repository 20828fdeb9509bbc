//! The declared `rust-version` is true: no dependency of the client needs a
//! newer Rust than the workspace declares (and generated crates declare).

#[cfg(test)]
mod tests {
    use std::process::Command;

    use crate::workspace_root;

    /// `1.88.0` as `(1, 88, 0)`; missing parts are 0.
    fn version(text: &str) -> (u64, u64, u64) {
        let mut parts = text.split('.').map(|p| p.parse().unwrap_or(0));
        (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        )
    }

    #[test]
    fn no_dependency_of_the_client_needs_a_newer_rust_than_declared() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(workspace_root())
            .output()
            .expect("cargo metadata runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
        let packages = metadata["packages"].as_array().expect("packages");
        let by_id = |id: &str| packages.iter().find(|p| p["id"] == id);
        let client = packages
            .iter()
            .find(|p| p["name"] == "cloud66-generated")
            .expect("the client is a member");
        let declared = client["rust_version"]
            .as_str()
            .expect("rust-version is declared");
        assert_eq!(
            declared,
            blueprint_codegen::emit::RUST_VERSION,
            "generated crates declare the workspace's rust-version"
        );
        // Every normal or build dependency the client reaches, transitively.
        let nodes = metadata["resolve"]["nodes"].as_array().expect("resolve");
        let node = |id: &str| nodes.iter().find(|n| n["id"] == id);
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![client["id"].as_str().unwrap_or_default().to_owned()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            for dep in node(&id)
                .and_then(|n| n["deps"].as_array())
                .into_iter()
                .flatten()
            {
                let runtime = dep["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k["kind"].is_null() || k["kind"] == "build");
                if runtime {
                    stack.push(dep["pkg"].as_str().unwrap_or_default().to_owned());
                }
            }
        }
        assert!(seen.len() > 20, "the walk found the dependency tree");
        let too_new: Vec<String> = seen
            .iter()
            .filter_map(|id| by_id(id))
            .filter_map(|p| {
                let needs = p["rust_version"].as_str()?;
                (version(needs) > version(declared))
                    .then(|| format!("{} {} needs Rust {needs}", p["name"], p["version"]))
            })
            .collect();
        assert!(
            too_new.is_empty(),
            "the workspace declares rust-version {declared}, but: {too_new:?}"
        );
    }
}
