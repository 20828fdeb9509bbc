//! The MSON typing rules on the `mson_*` fixtures, asserted on the type
//! model (their golden crates check that the emitted code compiles and
//! round-trips; this says which types the rules give).

use blueprint_codegen::config::Config;
use blueprint_codegen::infer::infer;
use blueprint_codegen::model::{Field, Response, TypeDef, TypeKind, TypeModel, TypeRef};

fn model(fixture: &str) -> TypeModel {
    let path = format!(
        "{}/tests/fixtures/{fixture}.apib",
        env!("CARGO_MANIFEST_DIR")
    );
    let spec = std::fs::read(&path).expect("the fixture exists");
    let blueprint = blueprint_parser::parse(&spec);
    assert!(!blueprint.has_errors(), "{:?}", blueprint.diagnostics);
    infer(&blueprint, &Config::default())
}

fn ty<'m>(m: &'m TypeModel, name: &str) -> &'m TypeDef {
    m.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields<'m>(m: &'m TypeModel, name: &str) -> &'m [Field] {
    match &ty(m, name).kind {
        TypeKind::Struct { fields } => fields,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'m>(m: &'m TypeModel, name: &str, key: &str) -> &'m Field {
    fields(m, name)
        .iter()
        .find(|f| f.json == key)
        .unwrap_or_else(|| panic!("no field {name}.{key}"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.into())
}

#[test]
fn data_structures_keep_their_names_and_flatten_inheritance_and_mixins() {
    let m = model("mson_types");
    let keys: Vec<&str> = fields(&m, "Note").iter().map(|f| f.json.as_str()).collect();
    // Inherited from `Base` first, then the `Include Stamp` mixin, then its own.
    assert_eq!(
        &keys[..6],
        ["id", "created", "kind", "revision", "schema", "title"]
    );
    assert_eq!(
        field(&m, "Note", "status").ty,
        named("Status"),
        "a value written beside the type keeps it"
    );
    let list = m.operations.iter().find(|o| o.fn_name == "list").unwrap();
    assert_eq!(
        list.response,
        Response::Single(TypeRef::List(Box::new(named("Note"))))
    );
    assert!(list.declared);
}

#[test]
fn required_optional_and_nullable_decide_the_option() {
    let m = model("mson_types");
    let title = field(&m, "Note", "title");
    assert!(!title.optional && !title.nullable, "required");
    let tags = field(&m, "Note", "tags");
    assert!(
        tags.optional && !tags.nullable,
        "MSON's default is optional"
    );
    let owner = field(&m, "Note", "owner");
    assert!(
        owner.optional && owner.nullable,
        "optional and nullable: Option<Option<T>>"
    );
    let archived = field(&m, "Note", "archived");
    assert!(
        !archived.optional && archived.nullable,
        "required, nullable: Option<T>"
    );
}

#[test]
fn numbers_follow_what_is_written() {
    let m = model("mson_types");
    assert_eq!(field(&m, "Note", "id").ty, TypeRef::U64, "an integer id");
    assert_eq!(
        field(&m, "Note", "revision").ty,
        TypeRef::I64,
        "an integer sample"
    );
    assert_eq!(field(&m, "Note", "score").ty, TypeRef::F64, "a fraction");
    assert_eq!(
        field(&m, "Note", "weight").ty,
        TypeRef::Number,
        "nothing written"
    );
    assert_eq!(
        field(&m, "Note", "sizes").ty,
        TypeRef::List(Box::new(TypeRef::Number)),
        "only what is not a number written"
    );
}

#[test]
fn fixed_scalars_carry_their_value_and_others_do_not() {
    let m = model("mson_types");
    let kind = field(&m, "Note", "kind");
    assert_eq!(kind.fixed, Some(serde_json::json!("note")));
    assert!(kind.optional, "`fixed` does not make a property required");
    assert!(kind.doc.contains("Always `note`."), "{}", kind.doc);
    assert_eq!(
        field(&m, "Note", "schema").fixed,
        Some(serde_json::json!(2))
    );
    assert_eq!(field(&m, "Note", "title").fixed, None, "not fixed");
}

#[test]
fn one_of_is_a_flattened_untagged_enum_with_a_catch_all() {
    let m = model("mson_types");
    let one_of = fields(&m, "Note")
        .iter()
        .find(|f| f.flatten)
        .expect("a flattened field");
    assert_eq!(
        (one_of.rust.as_str(), &one_of.ty),
        ("one_of", &named("NoteOneOf"))
    );
    let TypeKind::Untagged { variants } = &ty(&m, "NoteOneOf").kind else {
        panic!("untagged")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Colour", "Pattern", "Other"]);
    assert_eq!(variants[2].ty, TypeRef::Map(Box::new(TypeRef::Json)));
    let colour = field(&m, "NoteColour", "colour");
    assert!(!colour.optional, "a lone property tells its alternative");
}

#[test]
fn enums_keep_each_member_once_with_its_description() {
    let m = model("mson_payloads");
    let TypeKind::Enum { variants, .. } = &ty(&m, "OrderState").kind else {
        panic!("enum")
    };
    let values: Vec<&str> = variants.iter().filter_map(|v| v.value.as_str()).collect();
    assert_eq!(
        values,
        ["open", "shipped"],
        "the written value is not a second member"
    );
}

#[test]
fn requests_errors_and_several_transactions_are_typed() {
    let m = model("mson_payloads");
    let create = m.operations.iter().find(|o| o.fn_name == "create").unwrap();
    let request = create.request.as_ref().expect("a typed request body");
    assert_eq!(request.ty, named("OrderCreateRequest"));
    assert!(ty(&m, "OrderCreateRequest").input);
    assert_eq!(create.errors[0].status, 422);
    assert_eq!(create.errors[0].ty, Some(named("PlaceAnOrderError")));
    // Two transactions declaring `open` and `closed`: one type, both optional.
    let list = m.operations.iter().find(|o| o.fn_name == "list").unwrap();
    assert_eq!(list.response, Response::Single(named("OrderList")));
    assert!(field(&m, "OrderList", "open").optional);
    assert!(field(&m, "OrderList", "closed").optional);
    // 204: nothing to decode.
    let delete = m.operations.iter().find(|o| o.fn_name == "delete").unwrap();
    assert_eq!(delete.response, Response::Empty);
}

#[test]
fn an_example_the_declaration_would_lose_keys_of_is_reported_and_left_out() {
    let m = model("mson_payloads");
    let get = m.operations.iter().find(|o| o.fn_name == "get").unwrap();
    assert!(get.examples.is_empty(), "left out of the generated tests");
    let warning = m
        .diagnostics
        .iter()
        .find(|d| d.code == "example-does-not-match")
        .expect("a warning");
    assert_eq!(warning.line, 61, "at the example's line");
    // The example that fits is kept.
    let create = m.operations.iter().find(|o| o.fn_name == "create").unwrap();
    assert_eq!(create.examples.len(), 1);
}

#[test]
fn recursive_types_are_boxed_where_the_cycle_closes() {
    let m = model("mson_recursive");
    let boxed = |name: &str| TypeRef::Boxed(Box::new(named(name)));
    assert_eq!(field(&m, "Folder", "parent").ty, boxed("Folder"));
    assert_eq!(field(&m, "Folder", "owner").ty, boxed("Person"));
    assert_eq!(field(&m, "Person", "home").ty, boxed("Folder"));
    assert_eq!(
        field(&m, "Folder", "children").ty,
        TypeRef::List(Box::new(named("Folder"))),
        "a Vec is already indirect"
    );
}
