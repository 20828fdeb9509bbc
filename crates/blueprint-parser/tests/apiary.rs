//! What must hold on the real `apiary.apib` (issue 2).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use blueprint_parser::{Action, Blueprint, Location, Parameter, Resource, Severity};

fn source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib");
        std::fs::read_to_string(path).expect("apiary.apib at the workspace root")
    })
}

fn blueprint() -> &'static Blueprint {
    static BP: OnceLock<Blueprint> = OnceLock::new();
    BP.get_or_init(|| blueprint_parser::parse(source().as_bytes()))
}

fn resources() -> Vec<&'static Resource> {
    blueprint().resources().collect()
}

fn actions() -> Vec<&'static Action> {
    blueprint().actions().map(|(_, a)| a).collect()
}

fn parameters() -> Vec<&'static Parameter> {
    actions().into_iter().flat_map(|a| &a.parameters).collect()
}

fn count<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeMap<T, usize> {
    let mut map = BTreeMap::new();
    for i in items {
        *map.entry(i).or_insert(0) += 1;
    }
    map
}

#[test]
fn metadata() {
    let m = &blueprint().metadata;
    assert_eq!(m.format.as_deref(), Some("1A"));
    assert_eq!(m.host.as_deref(), Some("https://app.cloud66.com/api/3"));
}

#[test]
fn groups_resources_actions() {
    let bp = blueprint();
    assert_eq!(bp.groups.len(), 16);
    assert_eq!(bp.groups[0].name, "Introduction");
    let rs = resources();
    assert_eq!(rs.len(), 55);
    assert_eq!(rs.iter().filter(|r| r.actions.len() == 1).count(), 53);
    let empty: Vec<_> = rs
        .iter()
        .filter(|r| r.actions.is_empty())
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        empty,
        [
            "Cloud vendor instance names",
            "Cloud vendor instance regions"
        ]
    );
    let methods = count(actions().iter().map(|a| a.method.as_str()));
    assert_eq!(
        methods,
        BTreeMap::from([("DELETE", 5), ("GET", 34), ("POST", 9), ("PUT", 5)])
    );
}

#[test]
fn fenced_and_action_shaped_lines_in_the_introduction_are_text() {
    let intro = &blueprint().groups[0];
    assert!(
        intro.resources.iter().all(|r| r.line > 219),
        "no resource from the intro prose"
    );
    assert!(intro.description.contains("#### POST "));
    assert!(intro.description.contains("```ruby"));
    // `# Stacks` (line 483) is prose, not a group.
    assert!(blueprint().groups.iter().all(|g| g.line != 483));
}

#[test]
fn parameters_counts_and_locations() {
    let ps = parameters();
    assert_eq!(ps.len(), 127);
    let locations = count(ps.iter().map(|p| p.location));
    assert_eq!(
        locations,
        BTreeMap::from([
            (Location::Path, 74),
            (Location::Query, 9),
            (Location::Form, 44)
        ])
    );
    let types = count(ps.iter().map(|p| p.type_name.as_deref().unwrap_or("-")));
    assert_eq!(
        types.keys().copied().collect::<Vec<_>>(),
        ["boolean", "integer", "string"]
    );
    assert!(
        ps.iter().all(|p| p.example.is_some()),
        "every parameter keeps its example"
    );
    // Declared on resources and inherited by their actions.
    let declared: usize = resources().iter().map(|r| r.parameters.len()).sum();
    assert_eq!(declared, 127);
}

fn param_at(line: u32) -> &'static Parameter {
    parameters()
        .into_iter()
        .find(|p| p.line == line)
        .unwrap_or_else(|| panic!("no parameter at line {line}"))
}

#[test]
fn missing_comma_lines_keep_their_example() {
    let expected = [
        (1008, "git_ref", "a_git_tag_or_hash"),
        (1009, "services_filter", "service1,service2"),
        (1100, "server_uid", "1239b763474b0eafa5fafb64bff0ba80"),
        (1159, "server_uid", "1239b763474b0eafa5fafb64bff0ba80"),
        (1251, "server_uid", "1239b763474b0eafa5fafb64bff0ba80"),
        (1299, "server_uid", "c6014897b8c8e9f2fc204a3a9efdae05"),
    ];
    for (line, name, example) in expected {
        let p = param_at(line);
        assert_eq!(
            (p.name.as_str(), p.example.as_deref()),
            (name, Some(example)),
            "line {line}"
        );
        assert_eq!(
            (p.required, p.type_name.as_deref()),
            (false, Some("string")),
            "line {line}"
        );
        let warned = blueprint()
            .diagnostics
            .iter()
            .any(|d| d.line == line && d.code == "irregular-parameter-signature");
        assert!(warned, "line {line} has an irregular-signature warning");
    }
}

#[test]
fn underscore_names_and_examples_are_intact() {
    let both: Vec<(&str, &str)> = parameters()
        .into_iter()
        .filter(|p| p.name.contains('_') && p.example.as_deref().is_some_and(|e| e.contains('_')))
        .map(|p| (p.name.as_str(), p.example.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(both.len(), 5, "{both:?}");
    assert!(both.contains(&("git_ref", "a_git_tag_or_hash")));
    assert!(both.contains(&("service_yaml", "service_yaml_serialised")));
    assert!(both.contains(&("manifest_yaml", "manifest_yaml_serialised")));
    assert!(both.contains(&("excluded_tables", "my_log_table")));
    assert!(both
        .iter()
        .any(|(n, e)| *n == "remote_url" && e.ends_with("/redis_23.tar")));
}

#[test]
fn irregular_whitespace_and_tab_indented_parameters() {
    let port = param_at(1987);
    assert_eq!(
        (
            port.name.as_str(),
            port.required,
            port.type_name.as_deref(),
            port.example.as_deref()
        ),
        ("port", true, Some("integer"), Some("80"))
    );
    assert_eq!(port.description, "Port of firewall rule");
    assert_eq!(port.location, Location::Form);
    let ttl = param_at(1979);
    assert_eq!((ttl.name.as_str(), ttl.column), ("ttl", 2));
    let params = param_at(2136);
    assert_eq!(params.example.as_deref(), Some("{'hipchat_room' : 'test'}"));
    let firewall = actions()
        .into_iter()
        .find(|a| a.line == 2000)
        .expect("Add Firewall rule [POST]");
    assert_eq!(firewall.parameters.len(), 10);
}

#[test]
fn scopes() {
    let scopes = count(resources().iter().filter_map(|r| r.scope.as_deref()));
    assert_eq!(
        scopes,
        BTreeMap::from([("admin", 14), ("public", 26), ("redeploy", 6), ("users", 7)])
    );
}

#[test]
fn responses_and_bodies() {
    let responses: Vec<_> = actions().into_iter().flat_map(|a| &a.responses).collect();
    assert_eq!(responses.len(), 53);
    for r in &responses {
        assert_eq!(r.status, Some(200));
        assert!(r.model_reference.is_some());
        assert_eq!(r.media_type.as_deref(), Some("application/json"));
        let names: Vec<_> = r.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["X-RateLimit-Limit", "X-RateLimit-Remaining"]);
    }
    let bodies: Vec<_> = responses
        .iter()
        .filter(|r| r.body.as_deref().is_some_and(|b| !b.is_empty()))
        .collect();
    assert_eq!(bodies.len(), 48);
    let invalid: Vec<_> = bodies
        .iter()
        .filter(|r| r.body_is_json == Some(false))
        .collect();
    assert_eq!(invalid.len(), 4);
    assert!(invalid
        .iter()
        .all(|r| r.repaired.is_some() && r.json.is_none()));
    assert!(bodies.iter().all(|r| r.json_value().is_some()));
    assert_eq!(
        responses
            .iter()
            .filter(|r| r.body_is_json.is_none())
            .count(),
        5
    );
}

#[test]
fn each_invalid_body_has_a_warning_inside_it() {
    let bp = blueprint();
    let mut models: Vec<_> = bp
        .resources()
        .filter_map(|r| r.model.as_ref())
        .filter(|m| m.body_is_json == Some(false))
        .collect();
    models.sort_by_key(|m| m.body_line);
    let starts: Vec<_> = models.iter().map(|m| m.body_line.unwrap_or(0)).collect();
    assert_eq!(starts, [958, 2601, 3045, 3628]);
    for m in models {
        let first = m.body_line.unwrap_or(0);
        let last = first + m.body.as_deref().unwrap_or("").lines().count() as u32 - 1;
        let inside = |code: &str| {
            bp.diagnostics
                .iter()
                .any(|d| d.code == code && (first..=last).contains(&d.line))
        };
        assert!(inside("invalid-json-body"), "body at {first}");
        assert!(inside("repaired-json-body"), "body at {first}");
    }
}

#[test]
fn no_errors_and_expected_warning_kinds() {
    let bp = blueprint();
    assert!(bp
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
    let codes = count(bp.diagnostics.iter().map(|d| d.code.as_str()));
    assert_eq!(codes.get("invalid-json-body"), Some(&4));
    assert_eq!(codes.get("repaired-json-body"), Some(&4));
    assert_eq!(codes.get("irregular-parameter-signature"), Some(&6));
    assert_eq!(codes.get("duplicate-action"), Some(&1));
    assert_eq!(codes.get("empty-body"), Some(&3));
    assert!(codes
        .get("duplicate-uri-template")
        .is_some_and(|n| *n >= 10));
    assert!(codes.contains_key("tab-character"));
    let sorted = bp
        .diagnostics
        .windows(2)
        .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column));
    assert!(sorted);
}

#[test]
fn delete_device_token_is_a_query_parameter_with_a_warning() {
    let (_, delete) = blueprint()
        .actions()
        .find(|(r, _)| r.uri_template == "/users/{id}/devices/token")
        .expect("Delete Device");
    let token = delete
        .parameters
        .iter()
        .find(|p| p.name == "token")
        .expect("token");
    assert_eq!(token.location, Location::Query);
    assert!(blueprint()
        .diagnostics
        .iter()
        .any(|d| d.code == "literal-uri-segment" && d.line == token.line));
}

#[test]
fn references_use_resource_names() {
    let differing = blueprint()
        .actions()
        .filter(|(r, a)| r.name != a.name)
        .count();
    assert_eq!(differing, 7);
    for (r, a) in blueprint().actions() {
        assert_eq!(
            a.responses[0].model_reference.as_deref(),
            Some(r.name.as_str())
        );
    }
}

#[test]
fn whole_ir_snapshot() {
    insta::assert_json_snapshot!("apiary_ir", blueprint());
}
