//! The naming rules on the fixtures written for them (`naming_methods`,
//! `naming_types`, `transliteration`, whose golden crates compile): names a
//! person would write, from the spec's own words.

use std::path::Path;

use blueprint_codegen::config::Config;
use blueprint_codegen::model::{NameSource, TypeKind, TypeModel};

fn model(fixture: &str) -> TypeModel {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{fixture}.apib"));
    let spec = std::fs::read(path).expect("fixture exists");
    blueprint_codegen::infer::infer(&blueprint_parser::parse(&spec), &Config::default())
}

/// `accessor().method()` of the operation at `method path`.
fn call(m: &TypeModel, method: &str, path: &str) -> Vec<String> {
    m.operations
        .iter()
        .filter(|o| o.method.to_string() == method && o.path.to_string() == path)
        .map(|o| format!("{}().{}()", o.accessor, o.fn_name))
        .collect()
}

fn type_names(m: &TypeModel) -> Vec<&str> {
    m.types.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn methods_come_from_the_action_s_words() {
    let m = model("naming_methods");
    let set = "/vehicles/{vehicle_id}/command/set_valet_mode";
    assert_eq!(
        call(&m, "POST", set),
        ["vehicle_commands().set_valet_mode()"]
    );
    assert_eq!(call(&m, "POST", "/jobs/pause"), ["jobs().pause_all()"]);
    assert_eq!(call(&m, "POST", "/jobs/unpause"), ["jobs().unpause_all()"]);
    // Section numbers and `API` are no words of a name.
    assert_eq!(call(&m, "GET", "/drivers"), ["drivers().list()"]);
    assert_eq!(call(&m, "POST", "/drivers"), ["drivers().create()"]);
    // Filler (`Resource`, `details`, `Collection`, `specific`) says nothing.
    assert_eq!(call(&m, "GET", "/jobs/{id}"), ["jobs().get()"]);
    assert_eq!(call(&m, "GET", "/boot_scripts"), ["boot_scripts().list()"]);
    assert_eq!(
        call(&m, "GET", "/devices/template/{template_id}"),
        ["devices().list_by_template()"]
    );
}

#[test]
fn put_and_patch_on_one_path_get_two_verbs() {
    let m = model("naming_methods");
    assert_eq!(call(&m, "PUT", "/jobs/{id}"), ["jobs().update()"]);
    assert_eq!(call(&m, "PATCH", "/jobs/{id}"), ["jobs().patch()"]);
    let m = model("naming_types");
    let requests: Vec<String> = m
        .operations
        .iter()
        .filter_map(|o| o.request.as_ref())
        .map(|r| r.ty.rust_spelling())
        .collect();
    assert_eq!(requests, ["PolicyUpdateRequest", "PolicyPatchRequest"]);
}

#[test]
fn rpc_segments_and_query_literals_name_what_the_action_names_do_not() {
    let m = model("naming_methods");
    assert_eq!(call(&m, "POST", "/session/create"), ["sessions().create()"]);
    assert_eq!(call(&m, "POST", "/session/ignore"), ["sessions().ignore()"]);
    assert_eq!(call(&m, "POST", "/session/commit"), ["sessions().commit()"]);
    let by_query: Vec<(String, NameSource)> = m
        .operations
        .iter()
        .filter(|o| o.accessor == "members")
        .map(|o| (o.fn_name.clone(), o.fn_origin.source))
        .collect();
    assert_eq!(
        by_query,
        [
            ("list".to_owned(), NameSource::QueryLiteral),
            ("create".to_owned(), NameSource::QueryLiteral)
        ]
    );
}

#[test]
fn collisions_are_told_apart_by_the_spec_s_words_and_a_counter_is_the_last_resort() {
    let m = model("naming_methods");
    assert_eq!(
        call(&m, "POST", "/withdrawals/send"),
        ["withdrawals().send()"]
    );
    assert_eq!(
        call(&m, "POST", "/withdrawals/service/jetton"),
        ["withdrawals().send_service_jetton()"]
    );
    assert_eq!(
        call(&m, "GET", "/version"),
        ["version().get()", "version().get_troposphere()"]
    );
    assert_eq!(
        call(&m, "POST", "/devices"),
        [
            "devices().register()",
            "devices().register_with_entered_id()"
        ]
    );
    // Written twice: nothing tells them apart, so a counter and a warning
    // naming both and the key that pins a name.
    assert_eq!(
        call(&m, "GET", "/twins/{id}"),
        ["devices().get_twin()", "devices().get_twin_2()"]
    );
    let warning = m
        .diagnostics
        .iter()
        .find(|d| d.code == "method-name-collision")
        .expect("a warning for the counter");
    assert!(
        warning
            .message
            .contains("`Get a twin` (line 182) and `Get a twin` (line 177)"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("[[method]]"),
        "{}",
        warning.message
    );
    let counters = m
        .operations
        .iter()
        .filter(|o| o.fn_origin.source == NameSource::Counter)
        .count();
    assert_eq!(counters, 1);
}

#[test]
fn types_are_told_apart_by_a_word_of_context() {
    let m = model("naming_types");
    let names = type_names(&m);
    // `Device info` would also be `Device`: its whole name tells it apart.
    assert!(
        names.contains(&"Device") && names.contains(&"DeviceInfo"),
        "{names:?}"
    );
    // The tags inside a device are a part of a tag's keys.
    assert!(
        names.contains(&"DeviceTag") && names.contains(&"DeviceTagSummary"),
        "{names:?}"
    );
    // Two error bodies without a short name: the status tells them apart.
    assert!(
        names.contains(&"ErrorBody") && names.contains(&"NotFoundError"),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(|c: char| c.is_ascii_digit())),
        "no counter: {names:?}"
    );
}

#[test]
fn a_shape_with_two_names_is_one_type() {
    let m = model("naming_types");
    // The notifications' examples have the shape of the data structure `Alert`.
    let list = m
        .operations
        .iter()
        .find(|o| o.action == "List notifications")
        .expect("the operation");
    assert_eq!(list.response.rust_spelling(), "Vec<Alert>");
    assert!(!type_names(&m).contains(&"Notification"));
}

#[test]
fn letters_outside_ascii_are_transliterated_in_every_identifier() {
    let m = model("transliteration");
    assert_eq!(
        call(&m, "GET", "/school-calendars"),
        ["calendarios_escolares().list()"]
    );
    assert_eq!(
        call(&m, "GET", "/foyers/{code}"),
        ["recuperation().get_foyer()"]
    );
    let list = &m.operations[0];
    assert_eq!(list.parameters[0].rust, "ordenacao");
    let names = type_names(&m);
    for expected in [
        "PeriodoLetivo",
        "PeriodoLetivoSituacao",
        "CalendarioEscolar",
        "RecuperationDuFoyerDeclarant",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    let fields = |name: &str| -> Vec<String> {
        match &m.types.iter().find(|t| t.name == name).expect(name).kind {
            TypeKind::Struct { fields } => fields.iter().map(|f| f.rust.clone()).collect(),
            _ => Vec::new(),
        }
    };
    assert_eq!(
        fields("CalendarioEscolar"),
        ["id", "descricao", "numero_de_fases", "situacao"]
    );
    assert_eq!(fields("RecuperationDuFoyerDeclarant"), ["prenom", "age"]);
    let variants = match &m
        .types
        .iter()
        .find(|t| t.name == "PeriodoLetivoSituacao")
        .unwrap()
        .kind
    {
        TypeKind::Enum { variants, .. } => {
            variants.iter().map(|v| v.name.clone()).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    assert_eq!(variants, ["Concluida", "EmAndamento", "NaoIniciada"]);
}
