//! Parameters that change the shape of an answer.
//!
//! One call has one result type; a spec that documents another answer for
//! some requests (`idsOnly=true` answering a list of ids instead of the
//! devices) has that example left out of the type (`several-response-shapes`).
//! When such an operation has a request whose description names one
//! of its parameters (`` `idsOnly` query parameter set to `true` ``), that
//! parameter's setter says so: setting it gets a body `send()` cannot decode.

use blueprint_parser::Blueprint;

use crate::model::Operation;

/// Marks the parameters of `operations` (one per action of `bp`, in
/// document order) that a request documenting another answer names.
pub(super) fn note_shape_changing_parameters(bp: &Blueprint, operations: &mut [Operation]) {
    let actions = bp
        .groups
        .iter()
        .flat_map(|g| &g.resources)
        .flat_map(|r| &r.actions);
    for (action, op) in actions.zip(operations.iter_mut()) {
        let success_bodies = action
            .responses
            .iter()
            .filter(|p| p.status.is_none_or(|s| (200..300).contains(&s)))
            .filter(|p| p.json_value().is_some() || p.generated_json.is_some())
            .count();
        // Every success example was kept: no request gets another answer.
        if success_bodies <= op.examples.len() {
            continue;
        }
        for request in &action.requests {
            // Prose right after the request line, before any section, is
            // read as an abbreviated body when no section follows.
            let prose_body = request
                .body
                .as_deref()
                .filter(|_| request.body_is_json != Some(true));
            let text = match prose_body {
                Some(body) if request.description.trim().is_empty() => body,
                _ => request.description.as_str(),
            };
            let said = text.lines().map(str::trim).find(|l| !l.is_empty());
            let Some(said) = said else { continue };
            for param in op.parameters.iter_mut() {
                if param.changes_result.is_none() && names(text, &param.name) {
                    param.changes_result = Some(said.to_owned());
                }
            }
        }
    }
}

/// Whether `text` names the parameter `name`: in backticks, or as a word.
fn names(text: &str, name: &str) -> bool {
    if text.contains(&format!("`{name}`")) {
        return true;
    }
    text.match_indices(name).any(|(at, _)| {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn a_request_naming_a_parameter_with_another_answer_marks_it() {
        let spec = "FORMAT: 1A\n\n# API\n\n## Devices [/devices{?idsOnly,label}]\n\n+ Parameters\n    + idsOnly (optional, boolean)\n    + label (optional, string)\n\n### List devices [GET]\n\n+ Request All\n\n+ Response 200 (application/json)\n\n        {\"devices\": [{\"id\": \"a\"}]}\n\n+ Request Only ids\n\n    `idsOnly` set to `true`.\n\n    + Headers\n\n            X-Trace: 1\n\n+ Response 200 (application/json)\n\n        [\"a\", \"b\"]\n\n";
        let model = crate::infer::infer(
            &blueprint_parser::parse(spec.as_bytes()),
            &Config::default(),
        );
        let params = &model.operations[0].parameters;
        let ids = params.iter().find(|p| p.name == "idsOnly").unwrap();
        assert_eq!(
            ids.changes_result.as_deref(),
            Some("`idsOnly` set to `true`.")
        );
        let label = params.iter().find(|p| p.name == "label").unwrap();
        assert_eq!(label.changes_result, None);
        // The same prose read as an abbreviated body (no section after it).
        let bare = spec.replace("    + Headers\n\n            X-Trace: 1\n\n", "");
        let model = crate::infer::infer(
            &blueprint_parser::parse(bare.as_bytes()),
            &Config::default(),
        );
        let ids = model.operations[0]
            .parameters
            .iter()
            .find(|p| p.name == "idsOnly")
            .unwrap();
        assert_eq!(
            ids.changes_result.as_deref(),
            Some("`idsOnly` set to `true`.")
        );
    }
}
