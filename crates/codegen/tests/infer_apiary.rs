//! Inference on the real spec: the type model snapshot and its invariants.

use std::collections::BTreeSet;

use blueprint_codegen::config::Config;
use blueprint_codegen::infer::{self, admits_response};
use blueprint_codegen::model::{Response, TypeModel};
use blueprint_codegen::model_json::type_model_json;

fn spec() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib")).expect("apiary.apib")
}

fn config() -> Config {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/cloud66.toml"))
        .expect("cloud66.toml");
    Config::from_toml(&text).expect("a valid configuration")
}

fn model() -> TypeModel {
    infer::infer(&blueprint_parser::parse(&spec()), &config())
}

#[test]
fn apiary_type_model() {
    insta::assert_json_snapshot!("apiary_type_model", type_model_json(&model()));
}

#[test]
fn every_example_body_is_admitted_by_its_operation_type() {
    let model = model();
    let mut n = 0;
    for op in &model.operations {
        for ex in &op.examples {
            n += 1;
            assert!(
                admits_response(&model, op, &ex.value),
                "{} rejects its example at line {}",
                op.action,
                ex.line
            );
        }
    }
    assert_eq!(n, 48);
}

#[test]
fn operations_pages_and_names() {
    let model = model();
    assert_eq!(model.operations.len(), 53);
    let pages = model
        .operations
        .iter()
        .filter(|o| matches!(o.response, Response::Page(_)))
        .count();
    assert_eq!(pages, 17);
    let names: BTreeSet<(&str, &str)> = model
        .operations
        .iter()
        .map(|o| (o.accessor.as_str(), o.fn_name.as_str()))
        .collect();
    assert_eq!(names.len(), 53, "(accessor, fn) must be unique");
    assert!(
        model.override_diagnostics.is_empty(),
        "{:?}",
        model.override_diagnostics
    );
}

#[test]
fn deterministic_and_works_without_a_configuration() {
    assert_eq!(model(), model());
    let bare = infer::infer(&blueprint_parser::parse(&spec()), &Config::default());
    assert_eq!(bare.operations.len(), 53);
    // Without the envelope convention, bodies are read as written.
    assert!(bare.operations.iter().all(|op| !op.enveloped));
    assert!(bare
        .operations
        .iter()
        .all(|op| !matches!(op.response, Response::Page(_))));
    for op in &bare.operations {
        for ex in &op.examples {
            assert!(admits_response(&bare, op, &ex.value));
        }
    }
}
