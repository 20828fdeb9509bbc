//! Every operation the repository generates is sent where its spec says:
//! [`blueprint_codegen::endpoints::check`] over each generator fixture (whose goldens
//! are checked in), each parser fixture that generates, and `apiary.apib`
//! with `cloud66.toml` (whose `[[path]]` corrections are deliberate: the
//! check compares against the corrected IR), plus the mistakes it must catch.

use std::fs;
use std::path::{Path, PathBuf};

use blueprint_codegen::config::Config;
use blueprint_codegen::endpoints::check;
use blueprint_codegen::infer::infer;
use blueprint_codegen::model::{PathSegment, PathTemplate, QueryValue, TypeModel};
use blueprint_parser::{Blueprint, Location};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn specs(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "apib"))
        .collect();
    paths.sort();
    paths
}

fn model_of(spec: &Path) -> (Blueprint, Config, TypeModel) {
    let blueprint = blueprint_parser::Document::read(spec)
        .expect("readable")
        .parse();
    let config = match fs::read_to_string(spec.with_extension("toml")) {
        Ok(text) => Config::from_toml(&text).expect("valid configuration"),
        Err(_) => Config::default(),
    };
    let model = infer(&blueprint, &config);
    (blueprint, config, model)
}

fn assert_at_spec_endpoints(
    spec: &Path,
    blueprint: &Blueprint,
    config: &Config,
    model: &TypeModel,
) {
    let problems = check(blueprint, config, model);
    assert!(
        problems.is_empty(),
        "{}: {:#?}",
        spec.display(),
        problems.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    assert_eq!(
        model.operations.len(),
        blueprint.actions().count(),
        "{}",
        spec.display()
    );
}

#[test]
fn every_generator_fixture_is_at_its_endpoints() {
    let specs = specs(&workspace().join("crates/codegen/tests/fixtures"));
    assert!(specs.len() >= 20, "fixtures: {}", specs.len());
    for spec in specs {
        let (blueprint, config, model) = model_of(&spec);
        assert_at_spec_endpoints(&spec, &blueprint, &config, &model);
    }
}

#[test]
fn every_parser_fixture_without_errors_is_at_its_endpoints() {
    let mut checked = 0;
    for spec in specs(&workspace().join("crates/blueprint-parser/tests/fixtures")) {
        let (blueprint, config, model) = model_of(&spec);
        if blueprint.has_errors() {
            continue;
        }
        assert_at_spec_endpoints(&spec, &blueprint, &config, &model);
        checked += 1;
    }
    assert!(checked >= 30, "parser fixtures checked: {checked}");
}

#[test]
fn cloud66_is_at_the_corrected_endpoints() {
    let root = workspace();
    let blueprint = blueprint_parser::parse(&fs::read(root.join("apiary.apib")).expect("spec"));
    let config = Config::from_toml(
        &fs::read_to_string(root.join("crates/codegen/cloud66.toml")).expect("configuration"),
    )
    .expect("valid configuration");
    let model = infer(&blueprint, &config);
    assert!(check(&blueprint, &config, &model).is_empty());
    assert_eq!(model.operations.len(), 53);
    // Against the spec as written, the two corrected operations differ.
    let uncorrected = check(&blueprint, &Config::default(), &model);
    assert_eq!(uncorrected.len(), 2, "{uncorrected:#?}");
    assert!(uncorrected.iter().all(|d| d.code == "endpoint-mismatch"
        && d.message
            .contains("it sends to `/users/{id}/devices/{token}`")));
}

const SPEC: &str = "FORMAT: 1A

# Group Members

## Member [/members/{id}]

+ Parameters
    + id (string, `7`) ... The member.

### Get a member [GET]

+ Response 204

### List members [GET /members{?page}]

+ Parameters
    + page (number, optional, `2`) ... The page.

+ Response 204

### Find [GET /members/find?action=find&section={}]

+ Parameters
    + section (string, `s`) ... The section.

+ Response 204

### Point [GET /members/at/{x,y}]

+ Response 204
";

fn sample() -> (Blueprint, TypeModel) {
    let blueprint = blueprint_parser::parse(SPEC.as_bytes());
    assert!(!blueprint.has_errors(), "{:#?}", blueprint.diagnostics);
    let model = infer(&blueprint, &Config::default());
    assert!(check(&blueprint, &Config::default(), &model).is_empty());
    (blueprint, model)
}

fn mismatch(blueprint: &Blueprint, model: &TypeModel) -> String {
    let found = check(blueprint, &Config::default(), model);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "endpoint-mismatch");
    found[0].message.clone()
}

#[test]
fn an_action_sent_to_its_resources_uri_is_caught() {
    let (blueprint, mut model) = sample();
    // What the generator used to do with an action URI it could not parse.
    model.operations[2].path = PathTemplate::from_uri(&blueprint.resources().next().unwrap().uri);
    let message = mismatch(&blueprint, &model);
    assert!(message.contains("it sends to `/members/{id}`"), "{message}");
    assert_eq!(check(&blueprint, &Config::default(), &model)[0].line, 21);
}

#[test]
fn a_glued_expression_and_a_lost_query_pair_are_caught() {
    let (blueprint, mut model) = sample();
    assert_eq!(model.operations[3].path.to_string(), "/members/at/{x,y}");
    model.operations[3].path.segments[1] = PathSegment::Variable("x".into());
    model.operations[3]
        .path
        .segments
        .push(PathSegment::Variable("y".into()));
    assert!(mismatch(&blueprint, &model).contains("/members/at/{x}{y}"));

    let (blueprint, mut model) = sample();
    assert_eq!(
        model.operations[2].path.query,
        [
            ("action".to_owned(), QueryValue::Literal("find".into())),
            ("section".to_owned(), QueryValue::Variable("section".into())),
        ]
    );
    model.operations[2]
        .parameters
        .retain(|p| p.name != "section");
    assert!(mismatch(&blueprint, &model).contains("`section` of the template is not sent"));
}

#[test]
fn a_dropped_template_query_and_an_inherited_path_parameter_are_caught() {
    let (blueprint, mut model) = sample();
    assert!(model.operations[1]
        .parameters
        .iter()
        .all(|p| p.name != "id"));
    let page = model.operations[1]
        .parameters
        .iter_mut()
        .find(|p| p.name == "page")
        .expect("page");
    page.location = Location::Form;
    assert!(mismatch(&blueprint, &model).contains("`page` of the template is not sent"));

    let (blueprint, mut model) = sample();
    let id = model.operations[0].parameters[0].clone();
    model.operations[1].parameters.push(id);
    let message = mismatch(&blueprint, &model);
    assert!(message.contains("`id` is sent in the path"), "{message}");
    assert!(
        message.contains("the action's own template drops"),
        "{message}"
    );
}

#[test]
fn a_wrong_method_is_caught() {
    let (blueprint, mut model) = sample();
    model.operations[0].method = blueprint_codegen::model::Method::Post;
    assert!(mismatch(&blueprint, &model).contains("its method is `POST`"));
}
