//! The spec-drift workflow (`.github/workflows/spec-drift.yml`), read as
//! YAML: it runs on a schedule and calls, in order, the commands the
//! maintainer's guide gives for it, each a command this xtask has.

use yaml_rust2::{Yaml, YamlLoader};

use crate::workspace_root;

/// The guide's section on spec drift, whose first `sh` block lists the
/// workflow's commands: the documentation is the one place they are written.
const GUIDE: &str = "docs/maintaining.md";
const GUIDE_SECTION: &str = "## Keeping a generated client in step with a published spec";

/// The commands of the guide's spec-drift section, in order.
fn guide_commands() -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join(GUIDE)).expect("the guide exists");
    let section = text
        .split_once(GUIDE_SECTION)
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("{GUIDE} has the section `{GUIDE_SECTION}`"));
    let block = section
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .unwrap_or_else(|| panic!("the section `{GUIDE_SECTION}` has an `sh` block"));
    block
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn workflow() -> Yaml {
    let path = workspace_root().join(".github/workflows/spec-drift.yml");
    let text = std::fs::read_to_string(&path).expect("the workflow exists");
    let mut docs = YamlLoader::load_from_str(&text).expect("the workflow is YAML");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// Every `cargo xtask …` command of the workflow's `run` steps, in order.
fn xtask_commands(doc: &Yaml) -> Vec<String> {
    let jobs = doc["jobs"].as_hash().expect("jobs");
    let mut out = Vec::new();
    for (_, job) in jobs {
        for step in job["steps"].as_vec().expect("steps") {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            for line in run.lines() {
                let command = line.split('|').next().unwrap_or_default().trim();
                if command.starts_with("cargo xtask") {
                    out.push(command.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn the_workflow_runs_on_a_schedule_the_commands_the_guide_gives() {
    let doc = workflow();
    let on = &doc["on"];
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(
        !on["workflow_dispatch"].is_badvalue(),
        "it can be run by hand"
    );
    let commands = guide_commands();
    assert_eq!(commands.len(), 3, "fetch-spec, regen, diff: {commands:?}");
    assert_eq!(xtask_commands(&doc), commands);
}

#[test]
fn each_command_of_the_workflow_is_one_xtask_has() {
    for command in guide_commands() {
        // `cargo xtask NAME ARGS…` as xtask's command line reads it.
        let words = std::iter::once("xtask").chain(command.split_whitespace().skip(2));
        let parsed = crate::command().try_get_matches_from(words);
        assert!(parsed.is_ok(), "`{command}`: {parsed:?}");
    }
}

#[test]
fn the_stale_check_fails_the_job_with_the_changelog_entry() {
    let doc = workflow();
    let steps = doc["jobs"]["spec-drift"]["steps"].as_vec().expect("steps");
    let last = steps
        .last()
        .and_then(|s| s["run"].as_str())
        .expect("a last run step");
    assert!(last.contains("git status --porcelain"), "{last}");
    assert!(
        last.contains("spec-drift.md") && last.contains("::error"),
        "{last}"
    );
    assert!(last.trim_end().ends_with("exit 1"), "{last}");
}
