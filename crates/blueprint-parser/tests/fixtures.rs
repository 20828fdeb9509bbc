//! One small blueprint per construct or irregularity (`tests/fixtures/*.apib`),
//! each with two snapshots: the IR as JSON and the rendered diagnostics.

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "apib"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn fixture_snapshots() {
    let paths = fixtures();
    assert!(paths.len() >= 44, "fixtures found: {}", paths.len());
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name")
            .to_owned();
        let bytes = std::fs::read(&path).expect("readable fixture");
        let blueprint = blueprint_parser::parse(&bytes);
        let source = String::from_utf8_lossy(&bytes);
        let file = format!("{name}.apib");
        let rendered: String = blueprint
            .diagnostics
            .iter()
            .map(|d| d.render(&file, &source) + "\n")
            .collect();
        insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, description => file.clone() }, {
            insta::assert_json_snapshot!(format!("{name}.ir"), blueprint);
            insta::assert_snapshot!(format!("{name}.diagnostics"), rendered);
        });
    }
}

#[test]
fn heading_forms() {
    let bp = blueprint_parser::parse(include_bytes!("fixtures/heading_forms.apib"));
    assert_eq!(bp.description, "# Example API\nText before any group.");
    let summary: Vec<(String, String, usize)> = bp
        .resources()
        .map(|r| (r.name.clone(), r.uri_template.clone(), r.actions.len()))
        .collect();
    assert_eq!(
        summary,
        [
            (String::new(), "/anonymous".to_owned(), 1),
            ("Named".to_owned(), "/named/{id}".to_owned(), 2),
            (String::new(), "/combined".to_owned(), 1),
        ]
    );
    let replace = bp
        .actions()
        .map(|(_, a)| a)
        .find(|a| a.name == "Replace")
        .expect("Replace");
    assert_eq!(replace.uri_template, "/named/{id}/replace");
    let combined = bp
        .actions()
        .map(|(_, a)| a)
        .find(|a| a.method == "POST")
        .expect("POST /combined");
    assert_eq!(combined.responses[0].status, Some(202));
}

#[test]
fn non_utf8_is_an_error_not_a_panic() {
    let bp = blueprint_parser::parse(include_bytes!("fixtures/non_utf8.apib"));
    let d = bp
        .diagnostics
        .iter()
        .find(|d| d.code == "non-utf8-input")
        .expect("diagnostic");
    assert_eq!((d.line, d.column), (3, 12));
    assert!(bp.has_errors());
    assert_eq!(bp.actions().count(), 1);
}

fn fixture(name: &str) -> blueprint_parser::Blueprint {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.apib"));
    blueprint_parser::parse(&std::fs::read(path).expect("fixture"))
}

fn codes(bp: &blueprint_parser::Blueprint) -> Vec<(&str, u32)> {
    bp.diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line))
        .collect()
}

#[test]
fn lenient_headings_attach_actions_to_their_resource() {
    let bp = fixture("lenient_action_same_level");
    let summary: Vec<(&str, &str, &str)> = bp
        .actions()
        .map(|(r, a)| (r.name.as_str(), a.name.as_str(), a.method.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("User endpoints", "Get possible endpoints", "GET"),
            ("User endpoints", "Delete every user", "DELETE"),
        ]
    );
    let bp = fixture("lenient_action_uri_after_resource");
    let cancel = bp
        .actions()
        .find(|(_, a)| a.name == "Cancel an order")
        .expect("Cancel an order");
    assert_eq!(
        (cancel.0.name.as_str(), cancel.1.uri_template.as_str()),
        ("Orders", "/orders/{id}/cancel")
    );
    let bp = fixture("lenient_heading_without_space");
    assert_eq!(bp.groups[0].name, "Dispatch");
    assert_eq!(bp.actions().count(), 1);
    assert_eq!(
        codes(&bp),
        [
            ("missing-heading-space", 3),
            ("missing-heading-space", 5),
            ("missing-heading-space", 7)
        ]
    );
}

#[test]
fn lenient_payloads_keep_their_bodies() {
    let bp = fixture("lenient_body_without_blank_line");
    let (_, read) = bp.actions().next().expect("Read status");
    assert_eq!(
        read.responses[0].json_value(),
        Some(&serde_json::json!({"up": true, "since": "2020-01-01"}))
    );
    assert_eq!(read.responses.len(), 2, "the second response is not lost");
    let (_, reset) = bp.actions().nth(1).expect("Reset status");
    assert_eq!(
        reset.requests[0].description,
        "Resets the counters; the body is optional."
    );
    let bp = fixture("lenient_fenced_body");
    let bodies: Vec<Option<&str>> = bp
        .actions()
        .flat_map(|(_, a)| &a.responses)
        .map(|p| p.body.as_deref())
        .collect();
    assert_eq!(
        bodies,
        [
            Some("{\"height\": 2}"),
            Some("{\"height\": 3}"),
            Some("```\ninside an indented code block the backticks are text\n```"),
        ]
    );
    let bp = fixture("lenient_response_without_status");
    let statuses: Vec<Option<u16>> = bp
        .actions()
        .flat_map(|(_, a)| &a.responses)
        .map(|p| p.status)
        .collect();
    assert_eq!(statuses, [Some(200), Some(200), Some(404)]);
    let bp = fixture("lenient_empty_media_type");
    let (_, create) = bp.actions().next().expect("Create a note");
    assert_eq!(create.requests.len(), 2);
    assert!(create.requests.iter().all(|r| r.media_type.is_none()));
}

#[test]
fn lenient_uris_are_kept_with_their_variables() {
    let bp = fixture("lenient_uri_expressions");
    let items = bp.resources().next().expect("Items");
    assert_eq!(items.uri.query, ["filter[id]", "page"]);
    let (_, list) = bp.actions().next().expect("List items");
    assert!(list
        .parameters
        .iter()
        .all(|p| p.location == blueprint_parser::Location::Query));
    let bp = fixture("lenient_uri_brackets");
    let tests = bp.resources().next().expect("Tests");
    assert_eq!(tests.uri_template, "/test/{id}[2]");
    assert_eq!(
        codes(&bp),
        [("invalid-uri-template", 3), ("invalid-uri-template", 12)]
    );
    let bp = fixture("lenient_group_named_resource");
    assert_eq!(
        bp.resources().next().map(|r| r.name.as_str()),
        Some("Group Dashboard")
    );
}

#[test]
fn not_a_blueprint_is_said_once() {
    let bp = fixture("lenient_not_a_blueprint");
    assert_eq!(codes(&bp), [("not-a-blueprint", 1)]);
    assert!(bp.description.contains("Version 2"));
}

#[test]
fn attributes_are_references_or_complete_structures() {
    use blueprint_parser::{Member, MsonKind};
    let bp = fixture("mson_attributes_reference");
    let payloads: Vec<_> = bp.payloads().map(|(_, _, p)| p).collect();
    let list = payloads[0].attributes.as_ref().expect("array[User]");
    assert_eq!(
        (list.kind, list.nested_types.as_slice()),
        (MsonKind::Array, &["User".to_owned()][..])
    );
    let create = payloads[1].attributes.as_ref().expect("(User)");
    assert_eq!(create.reference_name(), Some("User"));
    assert!(create.properties.is_empty());
    let created = payloads[2]
        .attributes
        .as_ref()
        .expect("(User) with members");
    assert_eq!(created.reference_name(), None);
    let names: Vec<(&str, Option<&str>)> = created
        .properties
        .iter()
        .map(|m| match m {
            Member::Property(p) => (p.name.as_str(), p.from_type.as_deref()),
            Member::OneOf(_) => ("one of", None),
        })
        .collect();
    assert_eq!(
        names,
        [
            ("name", Some("User")),
            ("email", Some("User")),
            ("id", None)
        ]
    );
    assert!(payloads.iter().all(|p| p.body.is_none()));
    assert!(
        !bp.diagnostics.iter().any(|d| d.code.contains("body")),
        "attributes are not bodies: {:?}",
        codes(&bp)
    );
    let bp = fixture("mson_data_structures");
    assert_eq!(
        bp.data_structure("Admin").and_then(|d| d.base()),
        Some("User")
    );
    assert_eq!(bp.named_type("Status").map(|v| v.items.len()), Some(2));
}

#[test]
fn generated_bodies_follow_drafter() {
    let bp = fixture("mson_generated_bodies");
    let (_, action) = bp.actions().next().expect("Render the rules");
    assert_eq!(
        action.requests[0].generated_json.as_deref(),
        Some(&serde_json::json!({"mode": "fast"})),
        "a request without attributes uses its action's"
    );
    assert_eq!(
        action.requests[1].generated_body, None,
        "XML is not rendered"
    );
    let response = &action.responses[0];
    assert!(response.media_type_is_json);
    assert_eq!(
        response.generated_json.as_deref(),
        Some(&serde_json::json!({
            "s": "text", "n": 5, "big": 421795144078094336_u64, "bad": 0, "b": true,
            "bad_bool": false, "empty_string": "", "empty_number": 0, "empty_bool": false,
            "nothing": null, "object": {}, "list": [],
            "node": {"name": "root", "child": {}},
            "escaped": "quote \" and \\ backslash"
        }))
    );
    assert_eq!(response.body, None, "a generated body is not a written one");
    assert_eq!(
        action.responses[1].generated_body, None,
        "a written body wins"
    );
    let bp = fixture("mson_circular");
    assert_eq!(
        codes(&bp),
        [
            ("circular-mson-type", 5),
            ("circular-mson-type", 13),
            ("circular-mson-type", 19)
        ]
    );
    assert!(bp.has_errors());
}

/// `(resource name, URI, [action names])` of every resource.
fn resource_summary(bp: &blueprint_parser::Blueprint) -> Vec<(String, String, Vec<String>)> {
    bp.resources()
        .map(|r| {
            let actions = r.actions.iter().map(|a| a.name.clone()).collect();
            (r.name.clone(), r.uri_template.clone(), actions)
        })
        .collect()
}

#[test]
fn named_endpoints_are_resources_of_their_own() {
    let bp = blueprint_parser::parse(include_bytes!("fixtures/named_endpoints.apib"));
    let summary = resource_summary(&bp);
    let own = |name: &str, uri: &str, actions: &[&str]| {
        (
            name.to_owned(),
            uri.to_owned(),
            actions.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        summary,
        [
            own(
                "Charge state",
                "/vehicles/{vehicle_id}/charge_state",
                &["Charge state"]
            ),
            own(
                "Climate settings",
                "/vehicles/{vehicle_id}/climate_state",
                &["Climate settings", "Refresh"]
            ),
            own(
                "Start climate",
                "/vehicles/{vehicle_id}/command/climate_start",
                &["Start climate"]
            ),
            // After a plain resource, endpoint headings are its actions.
            own(
                "Users",
                "/users",
                &["List users", "Show a user", "Create user"]
            ),
        ]
    );
    assert!(bp
        .diagnostics
        .iter()
        .any(|d| d.code == "action-after-endpoint"));
}

#[test]
fn a_relative_action_uri_is_no_action_and_a_bare_uri_keeps_its_spaces() {
    let bp = blueprint_parser::parse(include_bytes!("fixtures/relative_action_uri.apib"));
    let summary = resource_summary(&bp);
    assert_eq!(summary, [("Users".to_owned(), "/users".to_owned(), vec![])]);
    let warning = bp
        .diagnostics
        .iter()
        .find(|d| d.code == "relative-uri")
        .expect("relative-uri");
    assert_eq!((warning.line, warning.column), (7, 22));
    let bp = blueprint_parser::parse(include_bytes!("fixtures/bare_uri_with_space.apib"));
    let summary = resource_summary(&bp);
    assert_eq!(summary, [(String::new(), "/ GET".to_owned(), vec![])]);
}

#[test]
fn uri_templates_are_read_as_written() {
    use blueprint_parser::UriSegment;
    let bp = blueprint_parser::parse(include_bytes!("fixtures/uri_templates_as_written.apib"));
    let actions: Vec<_> = bp.actions().map(|(_, a)| a).collect();
    let names = |a: &blueprint_parser::Action| -> Vec<String> {
        a.parameters.iter().map(|p| p.name.clone()).collect()
    };
    assert_eq!(names(actions[0]), ["id"]);
    // The resource's `id` is not a parameter of actions whose URI lacks it.
    assert_eq!(names(actions[1]), ["sectionid"]);
    assert_eq!(
        actions[1].uri.segments[1..],
        [
            UriSegment::Variable("sectionid".into()),
            UriSegment::Literal("&termid=".into()),
            UriSegment::Variable("termid".into()),
        ]
    );
    assert_eq!(
        actions[2].uri.segments[1],
        UriSegment::Expression(vec!["lat".into(), "lon".into()])
    );
    assert_eq!(names(actions[3]), ["q", "sort"]);
    let codes: Vec<&str> = bp.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "inherited-parameter-dropped")
            .count(),
        3
    );
    assert!(codes.contains(&"optional-path-variable"));
    assert!(!bp.has_errors());
}

#[test]
fn express_style_segments_are_literal_text_said_once_per_template() {
    let bp = fixture("colon_segments");
    assert_eq!(
        codes(&bp),
        [("colon-uri-segment", 7), ("colon-uri-segment", 15)]
    );
    let messages: Vec<&str> = bp.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[0].starts_with("`:id` in `/api/companies/:id` is literal text"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("`:company_id`, `:reason` in `/api/companies/:company_id/archive/:reason` are literal text"),
        "{messages:?}"
    );
    // Sent as written: the segments stay literal, with no variable.
    let show = &bp.groups[0].resources[0].actions[0];
    assert!(show
        .uri
        .segments
        .iter()
        .all(|s| matches!(s, blueprint_parser::UriSegment::Literal(_))));
    assert_eq!(blueprint_parser::colon_placeholder(":id"), Some("id"));
    assert_eq!(blueprint_parser::colon_placeholder(":"), None);
    assert_eq!(blueprint_parser::colon_placeholder(":1"), None);
    assert_eq!(blueprint_parser::colon_placeholder("a:b"), None);
}
