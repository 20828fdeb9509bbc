//! Rule tests on tiny hand-built blueprints.

use blueprint_parser::{
    Action, Blueprint, Group, Location, Metadata, Parameter, Payload, RepairedJson, Resource,
    UriTemplate,
};
use serde_json::{json, Value};

use super::requests::clean_description;
use super::*;
use crate::model::{EnumRepr, Field, Response, TypeDef, TypeKind, TypeModel, TypeRef};

/// The conventions these tests' bodies follow: `{"response": …}`, pages
/// with `count` and `pagination`, and `- Scope: _x_` in descriptions.
const CONVENTIONS: &str = "[conventions]\nenvelope = \"response\"\n\n[conventions.page]\nitems = \"response\"\ncount = \"count\"\npagination = \"pagination\"\nprevious = \"previous\"\nnext = \"next\"\ncurrent = \"current\"\nper_page = \"per_page\"\ntotal = \"count\"\npages = \"pages\"\npage_parameter = \"page\"\nper_page_parameter = \"per_page\"\n\n[conventions.scopes]\nmarker = \"Scope\"\n";

/// A configuration with these corrections (first, so their lines are kept)
/// and the tests' conventions.
fn config(corrections: &str) -> Config {
    Config::from_toml(&format!("{corrections}\n{CONVENTIONS}")).expect("a valid configuration")
}

/// Inference with the tests' conventions (and `with`'s corrections).
fn infer(bp: &Blueprint, with: Option<&Config>) -> TypeModel {
    match with {
        Some(c) => super::infer(bp, c),
        None => super::infer(bp, &config("")),
    }
}

struct R {
    group: &'static str,
    name: &'static str,
    uri: &'static str,
    method: &'static str,
    body: Option<Value>,
    repaired: bool,
    params: Vec<Parameter>,
    description: &'static str,
}

fn r(
    group: &'static str,
    name: &'static str,
    uri: &'static str,
    method: &'static str,
    body: Option<Value>,
) -> R {
    R {
        group,
        name,
        uri,
        method,
        body,
        repaired: false,
        params: vec![],
        description: "",
    }
}

fn page(items: Value) -> Option<Value> {
    Some(
        json!({"response": items, "count": 1, "pagination": {"previous": null, "next": null, "current": 1, "per_page": 30, "count": 1, "pages": 1}}),
    )
}

fn single(v: Value) -> Option<Value> {
    Some(json!({ "response": v }))
}

fn param(name: &str, ty: &str, description: &str) -> Parameter {
    Parameter {
        name: name.into(),
        required: true,
        type_name: Some(ty.into()),
        example: None,
        default: None,
        description: description.into(),
        values: vec![],
        location: Location::Form,
        line: 1,
        column: 1,
    }
}

fn blueprint(rs: Vec<R>) -> Blueprint {
    let mut groups: Vec<Group> = Vec::new();
    for (i, r) in rs.into_iter().enumerate() {
        let line = u32::try_from(i).unwrap() * 10 + 1;
        let payload = Payload {
            status: Some(200),
            media_type: Some("application/json".into()),
            media_type_is_json: true,
            description: String::new(),
            headers: vec![],
            body: r.body.as_ref().map(|b| b.to_string()),
            body_is_json: r.body.as_ref().map(|_| !r.repaired),
            schema: None,
            json: if r.repaired {
                None
            } else {
                r.body.clone().map(std::sync::Arc::new)
            },
            repaired: if r.repaired {
                r.body.clone().map(|value| RepairedJson {
                    repair: "removed a `}`".into(),
                    value,
                })
            } else {
                None
            },
            model_reference: None,
            parameters: vec![],
            attributes: None,
            generated_body: None,
            generated_json: None,
            body_line: r.body.as_ref().map(|_| line + 5),
            line: line + 4,
            column: 1,
        };
        let action = Action {
            name: r.name.into(),
            method: r.method.into(),
            uri_template: r.uri.into(),
            uri: blueprint_parser::parse_uri_template(r.uri).expect("a URI template"),
            line: line + 2,
            column: 1,
            description: String::new(),
            parameters: r.params.clone(),
            attributes: None,
            requests: vec![],
            responses: vec![payload],
        };
        let resource = Resource {
            name: r.name.into(),
            uri_template: r.uri.into(),
            uri: UriTemplate {
                segments: vec![],
                query: vec![],
            },
            line,
            column: 1,
            scope: Some("public".into()),
            description: r.description.into(),
            parameters: r.params,
            attributes: None,
            model: None,
            actions: vec![action],
        };
        match groups.iter_mut().find(|g| g.name == r.group) {
            Some(g) => g.resources.push(resource),
            None => groups.push(Group {
                name: r.group.into(),
                line,
                column: 1,
                description: String::new(),
                resources: vec![resource],
            }),
        }
    }
    Blueprint {
        metadata: Metadata::default(),
        description: String::new(),
        groups,
        data_structures: vec![],
        diagnostics: vec![],
        sources: vec![],
    }
}

fn ty<'m>(m: &'m TypeModel, name: &str) -> &'m TypeDef {
    m.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}: {:?}", names(m)))
}

fn names(m: &TypeModel) -> Vec<&str> {
    m.types.iter().map(|t| t.name.as_str()).collect()
}

fn field<'m>(m: &'m TypeModel, t: &str, key: &str) -> &'m Field {
    match &ty(m, t).kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .find(|f| f.json == key)
            .unwrap_or_else(|| panic!("no field {key}")),
        other => panic!("{t} is not a struct: {other:?}"),
    }
}

fn codes(m: &TypeModel) -> Vec<&str> {
    m.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn envelopes_give_single_page_and_empty() {
    let m = infer(
        &blueprint(vec![
            r(
                "Things",
                "Thing List",
                "/things",
                "GET",
                page(json!([{"id": 1, "name": "a"}])),
            ),
            r(
                "Things",
                "Thing",
                "/things/{id}",
                "GET",
                single(json!({"id": 1, "name": "a"})),
            ),
            r("Things", "Delete Thing", "/things/{id}", "DELETE", None),
        ]),
        None,
    );
    let responses: Vec<_> = m.operations.iter().map(|o| o.response.clone()).collect();
    let thing = TypeRef::Named("Thing".into());
    assert_eq!(
        responses,
        [
            Response::Page(thing.clone()),
            Response::Single(thing),
            Response::Empty
        ]
    );
    assert_eq!(names(&m), ["Thing"]);
}

#[test]
fn list_item_and_detail_join_with_absent_and_null_apart() {
    let m = infer(
        &blueprint(vec![
            r(
                "Things",
                "Thing List",
                "/things",
                "GET",
                page(json!([{"id": 1, "a": null, "n": 1}])),
            ),
            r(
                "Things",
                "Thing",
                "/things/{id}",
                "GET",
                single(json!({"id": 1, "a": "x", "b": true, "n": 1.5})),
            ),
        ]),
        None,
    );
    let a = field(&m, "Thing", "a");
    assert_eq!(
        (a.ty.clone(), a.optional, a.nullable),
        (TypeRef::String, false, true)
    );
    let b = field(&m, "Thing", "b");
    assert_eq!(
        (b.ty.clone(), b.optional, b.nullable),
        (TypeRef::Bool, true, false)
    );
    // An integer in one example and a fraction in another: kept exactly.
    assert_eq!(field(&m, "Thing", "n").ty, TypeRef::Number);
    assert_eq!(field(&m, "Thing", "id").ty, TypeRef::U64);
}

#[test]
fn resources_named_in_another_script_join_by_their_path() {
    let m = infer(
        &blueprint(vec![
            r(
                "用户",
                "用户列表",
                "/users",
                "GET",
                page(json!([{"id": 1, "name": "张三"}])),
            ),
            r(
                "用户",
                "用户",
                "/users/{id}",
                "GET",
                single(json!({"id": 1, "name": "张三", "email": "z@example.com"})),
            ),
        ]),
        None,
    );
    assert_eq!(names(&m), ["User"], "one type, named by the path");
    assert!(
        field(&m, "User", "email").optional,
        "absent from the list item"
    );
}

#[test]
fn numbers_ids_and_counts() {
    let (m, t) = infer_values(
        "T",
        &[json!({"id": 3, "user_count": 0, "size": 4, "delta_id": -1, "ratio": 1e3})],
    );
    assert_eq!(t, TypeRef::Named("T".into()));
    assert_eq!(field(&m, "T", "id").ty, TypeRef::U64);
    assert_eq!(field(&m, "T", "user_count").ty, TypeRef::U64);
    assert_eq!(field(&m, "T", "size").ty, TypeRef::I64);
    assert_eq!(field(&m, "T", "delta_id").ty, TypeRef::I64);
    assert_eq!(field(&m, "T", "ratio").ty, TypeRef::F64);
}

#[test]
fn date_times_in_both_formats_and_not_otherwise() {
    let (m, _) = infer_values(
        "T",
        &[
            json!({"a": "2014-08-14 00:38:14 UTC", "b": "2014-08-29T17:21:25Z", "c": "2014-08-29T17:21:25Z"}),
            json!({"a": "2014-08-14T01:46:53+00:00", "b": "2014-08-29T17:21:25Z", "c": "yesterday"}),
        ],
    );
    assert_eq!(field(&m, "T", "a").ty, TypeRef::DateTime);
    assert_eq!(field(&m, "T", "b").ty, TypeRef::DateTime);
    assert_eq!(field(&m, "T", "c").ty, TypeRef::String);
}

#[test]
fn keyword_and_camel_case_fields_get_rust_names() {
    let (m, _) = infer_values(
        "T",
        &[json!({"type": "x", "AppArmorProfile": "", "self": 1})],
    );
    assert_eq!(field(&m, "T", "type").rust, "type_");
    assert_eq!(field(&m, "T", "AppArmorProfile").rust, "app_armor_profile");
    assert_eq!(field(&m, "T", "self").rust, "self_");
}

#[test]
fn data_keys_make_maps() {
    let (m, _) = infer_values(
        "T",
        &[
            json!({"Ports": {"3000/tcp": null}, "Volumes": {"/usr/src/app/log": "/var/log", "/tmp": "/tmp"}, "Empty": {}}),
        ],
    );
    assert_eq!(
        field(&m, "T", "Ports").ty,
        TypeRef::Map(Box::new(TypeRef::Json))
    );
    assert_eq!(
        field(&m, "T", "Volumes").ty,
        TypeRef::Map(Box::new(TypeRef::String))
    );
    assert_eq!(
        field(&m, "T", "Empty").ty,
        TypeRef::Map(Box::new(TypeRef::Json))
    );
}

#[test]
fn nested_objects_are_named_parent_field_singular() {
    let (m, _) = infer_values(
        "Container",
        &[json!({"ports": [{"container": 3000}], "runtime": {"State": {"Pid": 1}}})],
    );
    assert_eq!(
        field(&m, "Container", "ports").ty,
        TypeRef::List(Box::new(TypeRef::Named("ContainerPort".into())))
    );
    assert_eq!(
        field(&m, "Container", "runtime").ty,
        TypeRef::Named("ContainerRuntime".into())
    );
    assert_eq!(
        field(&m, "ContainerRuntime", "State").ty,
        TypeRef::Named("ContainerRuntimeState".into())
    );
}

#[test]
fn mixed_scalars_give_untagged_and_warn() {
    let (m, _) = infer_values(
        "Setting",
        &[
            json!({"value": null}),
            json!({"value": "x"}),
            json!({"value": false}),
        ],
    );
    let f = field(&m, "Setting", "value");
    assert_eq!(
        (f.ty.clone(), f.nullable),
        (TypeRef::Named("SettingValue".into()), true)
    );
    match &ty(&m, "SettingValue").kind {
        TypeKind::Untagged { variants } => {
            let v: Vec<_> = variants.iter().map(|v| v.ty.clone()).collect();
            assert_eq!(v, [TypeRef::Bool, TypeRef::String]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(codes(&m), ["conflicting-types"]);
}

#[test]
fn incompatible_shapes_give_json_and_null_only_warns() {
    let (m, _) = infer_values(
        "T",
        &[
            json!({"x": [1], "n": null}),
            json!({"x": {"a": 1}, "n": null}),
        ],
    );
    assert_eq!(field(&m, "T", "x").ty, TypeRef::Json);
    assert_eq!(field(&m, "T", "n").ty, TypeRef::Json);
    let mut c = codes(&m);
    c.sort();
    assert_eq!(c, ["conflicting-types", "null-only-field"]);
}

#[test]
fn structural_dedup_of_results_and_value_objects() {
    let m = infer(
        &blueprint(vec![
            r(
                "Deployments",
                "Deployment",
                "/d/{id}",
                "GET",
                single(
                    json!({"id": 1, "outcome": {"code": 1, "meaning": "ok"}, "deploy_type": {"code": 0, "meaning": "build"}}),
                ),
            ),
            r(
                "Deployments",
                "Redeploy",
                "/d",
                "POST",
                single(json!({"ok": true, "message": "queued"})),
            ),
            r(
                "Backups",
                "New Backup",
                "/b",
                "POST",
                single(json!({"ok": true, "message": "queued too"})),
            ),
        ]),
        None,
    );
    assert_eq!(names(&m), ["CodeMeaning", "Deployment", "OkMessage"]);
    assert_eq!(
        field(&m, "Deployment", "outcome").ty,
        TypeRef::Named("CodeMeaning".into())
    );
    assert_eq!(
        field(&m, "Deployment", "deploy_type").ty,
        TypeRef::Named("CodeMeaning".into())
    );
    assert_eq!(m.operations[1].response, m.operations[2].response);
}

#[test]
fn unrelated_gets_with_same_keys_stay_apart_and_collisions_are_told_apart_by_their_keys() {
    let m = infer(
        &blueprint(vec![
            r(
                "Settings",
                "Setting",
                "/s/{id}",
                "GET",
                single(json!({"key": "a", "value": "b"})),
            ),
            r(
                "Server settings",
                "Server Setting",
                "/x/{id}",
                "GET",
                single(json!({"key": "a", "value": "b"})),
            ),
            r(
                "Files",
                "Backup files",
                "/f",
                "GET",
                page(json!([{"id": "tar", "name": "x"}])),
            ),
            r(
                "Files",
                "Backup file",
                "/f/{id}",
                "GET",
                single(json!({"ok": true, "public_url": "u"})),
            ),
        ]),
        None,
    );
    assert_eq!(
        names(&m),
        [
            "BackupFile",
            "BackupFileOkPublicUrl",
            "ServerSetting",
            "Setting"
        ]
    );
    assert!(!codes(&m).contains(&"type-name-collision"));
}

#[test]
fn documented_tables_name_type_document_fields_and_make_enums() {
    let prose = "**<a name=\"The thing object\"></a> The thing object**\n\n| Property | Data type | Description | Sample value |\n| --- | --- | --- | --- |\n| status | int | The status code. | 1 |\n| note | string | A note. | x |\n\n**Thing status values**\n\n| Status | Code | Description |\n| --- | :---: | --- |\n| TH_NEW | 0 | New |\n| TH_DONE | 1 | Done |\n";
    let mut a = r(
        "Things",
        "Thing List",
        "/things",
        "GET",
        page(json!([{"status": 1, "note": null}])),
    );
    a.description = "See [the thing object](#The thing object).";
    let mut bp = blueprint(vec![a]);
    bp.groups[0].description = prose.into();
    let m = infer(&bp, None);
    assert_eq!(
        field(&m, "Thing", "status").ty,
        TypeRef::Named("ThingStatus".into())
    );
    assert_eq!(field(&m, "Thing", "status").doc, "The status code.");
    // The table's `string` resolves the null-only example.
    assert_eq!(field(&m, "Thing", "note").ty, TypeRef::String);
    match &ty(&m, "ThingStatus").kind {
        TypeKind::Enum { repr, variants } => {
            assert_eq!(*repr, EnumRepr::Integer);
            assert_eq!(variants[1].name, "Done");
            assert_eq!(variants[1].value, json!(1));
            assert!(variants[1].doc.contains("Done"));
        }
        other => panic!("{other:?}"),
    }
    assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
}

#[test]
fn parameter_value_lists_make_enums_linked_to_fields() {
    let mut list = r(
        "Backups",
        "Backups list",
        "/b",
        "GET",
        page(json!([{"id": 1, "db_type": "mysql"}])),
    );
    list.params = vec![param(
        "db_type",
        "string",
        "Type (valid options are: mysql, redis)",
    )];
    let mut fw = r("Firewall rules", "Add Firewall rule", "/f", "POST", None);
    fw.params = vec![param("protocol", "integer", "Protocol. TCP = 1 , UDP = 2")];
    let m = infer(&blueprint(vec![list, fw]), None);
    assert_eq!(
        field(&m, "Backup", "db_type").ty,
        TypeRef::Named("BackupDbType".into())
    );
    assert_eq!(
        m.operations[0].parameters[0].ty,
        TypeRef::Named("BackupDbType".into())
    );
    assert_eq!(
        m.operations[1].parameters[0].ty,
        TypeRef::Named("FirewallRuleProtocol".into())
    );
}

#[test]
fn repaired_examples_are_used_with_a_warning() {
    let mut a = r(
        "Users",
        "User",
        "/users/{id}",
        "GET",
        single(json!({"id": 1, "email": "a"})),
    );
    a.repaired = true;
    let m = infer(
        &blueprint(vec![
            r(
                "Users",
                "User List",
                "/users",
                "GET",
                page(json!([{"id": 1, "email": "a"}])),
            ),
            a,
        ]),
        None,
    );
    assert_eq!(
        m.operations[1].response,
        Response::Single(TypeRef::Named("User".into()))
    );
    assert!(m.operations[1].examples[0].repaired);
    assert_eq!(codes(&m), ["repaired-example-used"]);
    assert_eq!(m.diagnostics[0].line, 16);
}

#[test]
fn overrides_rename_pin_fix_and_report_stale_entries() {
    let text = "[[type]]\nname = \"OkMessage\"\nrename = \"Confirmation\"\n\n[[method]]\noperation = \"Redeploy\"\nfn = \"go\"\n\n[[field]]\ntype = \"Confirmation\"\nfield = \"message\"\npin = \"serde_json::Value\"\n\n[[path]]\noperation = \"Redeploy\"\npath = \"/d/{token}\"\n\n[[type]]\nname = \"Nothing\"\nrename = \"Else\"\n";
    let ov = config(text);
    let m = infer(
        &blueprint(vec![r(
            "Deployments",
            "Redeploy",
            "/d",
            "POST",
            single(json!({"ok": true, "message": "q"})),
        )]),
        Some(&ov),
    );
    assert_eq!(names(&m), ["Confirmation"]);
    assert_eq!(field(&m, "Confirmation", "message").ty, TypeRef::Json);
    let op = &m.operations[0];
    assert_eq!(
        (op.fn_name.as_str(), op.path.to_string().as_str()),
        ("go", "/d/{token}")
    );
    assert_eq!(op.parameters[0].name, "token");
    assert_eq!(m.override_diagnostics.len(), 1);
    assert_eq!(m.override_diagnostics[0].code, "unused-override");
    assert_eq!(m.override_diagnostics[0].line, 18);
}

#[test]
fn same_input_same_model() {
    let make = || {
        blueprint(vec![
            r(
                "Things",
                "Thing List",
                "/things",
                "GET",
                page(json!([{"id": 1, "b": {"x": 1}, "a": [{"k": "v"}]}])),
            ),
            r(
                "Things",
                "Thing",
                "/things/{id}",
                "GET",
                single(json!({"id": 2, "a": [], "c": {"3000/tcp": {}}})),
            ),
        ])
    };
    assert_eq!(infer(&make(), None), infer(&make(), None));
}

#[test]
fn validator_rejects_what_would_not_decode() {
    let (m, t) = infer_values(
        "T",
        &[json!({"a": 1, "when": "2014-08-29T17:21:25Z", "tags": ["x"]})],
    );
    assert!(admits(
        &m,
        &t,
        &json!({"a": 2, "when": "2014-08-14 00:38:14 UTC", "tags": [], "extra": null})
    ));
    assert!(
        !admits(&m, &t, &json!({"when": "2014-08-29T17:21:25Z", "tags": []})),
        "missing required field"
    );
    assert!(
        !admits(
            &m,
            &t,
            &json!({"a": "1", "when": "2014-08-29T17:21:25Z", "tags": []})
        ),
        "wrong scalar"
    );
    assert!(
        !admits(&m, &t, &json!({"a": 1, "when": "soon", "tags": []})),
        "not a date-time"
    );
    assert!(
        !admits(
            &m,
            &t,
            &json!({"a": 1, "when": "2014-08-29T17:21:25Z", "tags": [1]})
        ),
        "wrong item"
    );
    assert!(!admits(&m, &t, &json!(null)));
}

#[test]
fn loose_responses_with_objects_inside_maps() {
    let m = infer(
        &blueprint(vec![
            r(
                "Things",
                "Thing",
                "/t",
                "GET",
                single(json!({"3000/tcp": {"code": 1, "meaning": "x"}})),
            ),
            r(
                "Things",
                "Other",
                "/o",
                "GET",
                single(json!({"id": 1, "kind": {"code": 2, "meaning": "y", "extra": true}})),
            ),
        ]),
        None,
    );
    for op in &m.operations {
        for ex in &op.examples {
            assert!(admits_response(&m, op, &ex.value), "{}", op.action);
        }
    }
    assert_eq!(
        m.operations[0].response,
        Response::Single(TypeRef::Map(Box::new(TypeRef::Named("Thing".into())))),
        "the values of a body that is a map are named like the body"
    );
}

#[test]
fn descriptions_lose_scope_lines_and_page_anchors() {
    assert_eq!(
        clean_description(
            "See [the stack object](#The stack object) and [x](http://a).\n\n- Scope: _public_\n",
            Some("Scope"),
        ),
        "See the stack object and [x](http://a)."
    );
}

#[test]
fn value_table_overrides_link_fields_and_params() {
    let table = "**Colour values**\n\n| Colour | Meaning |\n| --- | --- |\n| red | Stop |\n| green | Go |\n";
    let mut a = r(
        "Lights",
        "Light",
        "/l/{id}",
        "GET",
        single(json!({"id": 1, "colour": "red"})),
    );
    a.params = vec![param("to", "string", "Target colour")];
    a.description = table;
    let text = "[[value_table]]\ntable = \"Colour values\"\ntype = \"Light\"\nfield = \"colour\"\nenum = \"Colour\"\n\n[[value_table]]\ntable = \"Colour values\"\noperation = \"Light\"\nparam = \"to\"\n\n[[value_table]]\ntable = \"No such table\"\ntype = \"Light\"\nfield = \"colour\"\n";
    let ov = config(text);
    let m = infer(&blueprint(vec![a]), Some(&ov));
    assert_eq!(
        field(&m, "Light", "colour").ty,
        TypeRef::Named("Colour".into())
    );
    let to = m.operations[0]
        .parameters
        .iter()
        .find(|p| p.name == "to")
        .unwrap();
    assert_eq!(to.ty, TypeRef::Named("Colour".into()));
    match &ty(&m, "Colour").kind {
        TypeKind::Enum { repr, variants } => {
            assert_eq!(*repr, EnumRepr::String);
            assert_eq!(variants[0].doc, "Stop");
        }
        other => panic!("{other:?}"),
    }
    let stale: Vec<u32> = m.override_diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(stale, [12]);
}

#[test]
fn lists_of_ids_named_after_a_type_are_u64_like_its_ids() {
    let spec = "FORMAT: 1A\n\n# API\n\n## Template [/templates/{id}]\n\n+ Parameters\n    + id (required, integer, `4865`)\n\n### Get a template [GET]\n\n+ Response 200 (application/json)\n\n        {\"id\": 4865, \"label\": \"sensor\"}\n\n## Devices [/devices]\n\n### Register a device [POST]\n\n+ Request (application/json)\n\n        {\"label\": \"d1\", \"templates\": [4865], \"scores\": [3, 4], \"member_ids\": [1]}\n\n+ Response 200 (application/json)\n\n        {\"ok\": true}\n\n";
    let m = super::infer(
        &blueprint_parser::parse(spec.as_bytes()),
        &Config::default(),
    );
    let request = m.operations[1].request.as_ref().expect("a request body");
    let TypeRef::Named(name) = &request.ty else {
        panic!("{:?}", request.ty)
    };
    let u64s = TypeRef::List(Box::new(TypeRef::U64));
    assert_eq!(field(&m, "Template", "id").ty, TypeRef::U64);
    assert_eq!(field(&m, name, "templates").ty, u64s);
    assert_eq!(field(&m, name, "member_ids").ty, u64s);
    assert_eq!(
        field(&m, name, "scores").ty,
        TypeRef::List(Box::new(TypeRef::I64)),
        "a list named after no type keeps i64"
    );
}
