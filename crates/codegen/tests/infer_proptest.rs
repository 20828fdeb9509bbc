//! Property: the model inferred from values admits every one of them, and
//! the model of `apiary.apib` admits every example body of the spec.

use blueprint_codegen::infer::{admits, admits_response, infer, infer_values};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys that exercise names, keywords, camel case and data keys.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id".to_owned()),
        Just("type".to_owned()),
        Just("name".to_owned()),
        Just("user_count".to_owned()),
        Just("created_at".to_owned()),
        Just("AppArmorProfile".to_owned()),
        Just("3000/tcp".to_owned()),
        Just("/usr/src/app/log".to_owned()),
        Just(String::new()),
        "[a-z]{1,3}",
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        Just(Value::from("2014-08-29T17:21:25Z")),
        Just(Value::from("2014-08-14 00:38:14 UTC")),
        Just(Value::from("2015-02-10T17:41:36.988310784+01:00")),
        "[a-z ]{0,6}".prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Objects sharing keys, so that joins of fields are exercised.
fn similar_objects() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(prop::collection::vec((key(), json()), 0..6), 1..4).prop_map(|objs| {
        objs.into_iter()
            .map(|kv| Value::Object(kv.into_iter().collect()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn inferred_type_admits_every_value(values in prop::collection::vec(json(), 1..4)) {
        let (model, ty) = infer_values("Root", &values);
        for v in &values {
            prop_assert!(admits(&model, &ty, v), "{} rejects {v}", ty.rust_spelling());
        }
    }

    #[test]
    fn inferred_struct_admits_every_object(values in similar_objects()) {
        let (model, ty) = infer_values("Root", &values);
        for v in &values {
            prop_assert!(admits(&model, &ty, v), "{} rejects {v}", ty.rust_spelling());
        }
        let (again, _) = infer_values("Root", &values);
        prop_assert_eq!(model, again);
    }
}

#[test]
fn apiary_model_admits_every_example_body() {
    let spec = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../apiary.apib"))
        .expect("apiary.apib");
    let bp = blueprint_parser::parse(&spec);
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/cloud66.toml"))
        .expect("cloud66.toml");
    let config =
        blueprint_codegen::config::Config::from_toml(&config).expect("a valid configuration");
    let model = infer(&bp, &config);
    let mut checked = 0;
    for op in &model.operations {
        for ex in &op.examples {
            assert!(
                admits_response(&model, op, &ex.value),
                "{}: example at line {}",
                op.action,
                ex.line
            );
            checked += 1;
        }
    }
    let repaired = model
        .operations
        .iter()
        .flat_map(|o| &o.examples)
        .filter(|e| e.repaired)
        .count();
    assert_eq!((checked, repaired), (48, 4));
}
