//! Blueprints split across files (`tests/fixtures/includes/`): assembled,
//! parsed as one document, every diagnostic located in its own file.

use std::path::Path;

use blueprint_parser::{Document, Severity};

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/includes")
        .join(name);
    Document::read(&path).expect("readable fixture")
}

#[test]
fn a_split_blueprint_reads_as_one() {
    let doc = fixture("api.apib");
    let names: Vec<&str> = doc.files.iter().map(|f| f.name.as_str()).collect();
    assert!(names[0].ends_with("api.apib"), "{names:?}");
    assert_eq!(
        names[1..],
        ["parts/users.apib", "parts/orders.apib", "types.apib"]
    );
    let bp = doc.parse();
    // Alone, a part refers to types it does not define; assembled, nothing is unknown.
    assert!(!bp.has_errors(), "{:#?}", bp.diagnostics);
    let groups: Vec<&str> = bp.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["Users", "Orders"]);
    assert_eq!(bp.data_structures.len(), 2);
    assert_eq!(bp.actions().count(), 3);
    let part = blueprint_parser::parse(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/includes/parts/users.apib"),
        )
        .expect("part"),
    );
    assert!(part
        .diagnostics
        .iter()
        .any(|d| d.code == "unknown-mson-type"));
    // The IR says where its lines come from.
    assert_eq!(bp.sources.len(), doc.spans.len());
    assert_eq!(bp.sources[1].file, "parts/users.apib");
    assert_eq!((bp.sources[1].line, bp.sources[1].file_line), (7, 1));
    let show = bp
        .actions()
        .find(|(_, a)| a.name == "Show a user")
        .expect("action")
        .1;
    let (file, line, column) = doc.locate(show.line, show.column);
    assert_eq!(
        (file.name.as_str(), line, column),
        ("parts/users.apib", 8, 1)
    );
}

#[test]
fn diagnostics_render_at_their_own_file_and_line() {
    let doc = fixture("api.apib");
    let bp = doc.parse();
    let repaired = bp
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-json-body")
        .expect("the request body has a trailing comma");
    let rendered = doc.renderer().render(repaired);
    assert!(
        rendered.contains("--> parts/orders.apib:15:37"),
        "{rendered}"
    );
    assert!(
        rendered.contains(r#"15 |         {"item": "lamp", "count": 2,}"#),
        "{rendered}"
    );
    // The line the message cites is the included file's too.
    assert!(
        rendered.contains("body (line 15) is not valid JSON"),
        "{rendered}"
    );
}

#[test]
fn unreadable_includes_are_errors_at_their_line() {
    let doc = fixture("broken.apib");
    let bp = doc.parse();
    let errors: Vec<(&str, String, u32)> = bp
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let (file, line, _) = doc.locate(d.line, d.column);
            (
                d.code.as_str(),
                file.name.rsplit('/').next().unwrap_or("").to_owned(),
                line,
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("missing-include", "broken.apib".to_owned(), 5),
            ("include-outside-folder", "broken.apib".to_owned(), 6),
            ("circular-include", "loop.apib".to_owned(), 2),
        ]
    );
    let rendered = doc.renderer().render(&bp.diagnostics[0]);
    assert!(rendered.contains("broken.apib:5:1"), "{rendered}");
    assert!(
        rendered.contains("cannot include `parts/missing.apib`"),
        "{rendered}"
    );
}
