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
    assert!(paths.len() >= 15, "fixtures found: {}", paths.len());
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
