//! Recursive types: a struct that holds itself, directly (`Node.parent
//! (Node)`) or through others (`User.person (Person)`, `Person.user
//! (User)`), would have no size. Each field (or variant, or alias) whose
//! type leads back to its own type without passing through a `Vec` or a
//! map is boxed (`Option<Box<Person>>`); serde reads and writes a `Box<T>`
//! as the `T` it holds, so the JSON is unchanged.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{TypeDef, TypeKind, TypeRef};

/// Boxes every reference of `types` that closes a cycle of direct
/// containment.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|def| {
            let targets = references(&def.kind)
                .filter_map(direct)
                .map(str::to_owned)
                .collect();
            (def.name.clone(), targets)
        })
        .collect();
    for def in types.iter_mut() {
        let owner = def.name.clone();
        let closes = |t: &TypeRef| direct(t).is_some_and(|target| reaches(&edges, target, &owner));
        match &mut def.kind {
            TypeKind::Struct { fields } => {
                for field in fields.iter_mut().filter(|f| closes(&f.ty)) {
                    field.ty = boxed(field.ty.clone());
                }
            }
            TypeKind::Untagged { variants } => {
                for variant in variants.iter_mut().filter(|v| closes(&v.ty)) {
                    variant.ty = boxed(variant.ty.clone());
                }
            }
            TypeKind::Alias { target } if closes(target) => *target = boxed(target.clone()),
            TypeKind::Alias { .. } | TypeKind::Enum { .. } => {}
        }
    }
}

/// The type references a type's body holds.
fn references(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Struct { fields } => Box::new(fields.iter().map(|f| &f.ty)),
        TypeKind::Untagged { variants } => Box::new(variants.iter().map(|v| &v.ty)),
        TypeKind::Alias { target } => Box::new(std::iter::once(target)),
        TypeKind::Enum { .. } => Box::new(std::iter::empty()),
    }
}

/// The named type a reference holds in place (through `Option`, which has
/// the size of what it holds), if any: `Vec`, maps and boxes are indirect.
fn direct(t: &TypeRef) -> Option<&str> {
    match t {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner) => direct(inner),
        _ => None,
    }
}

/// `t` with its named type boxed, inside any `Option`.
fn boxed(t: TypeRef) -> TypeRef {
    match t {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        other => TypeRef::Boxed(Box::new(other)),
    }
}

/// Whether `from` holds `to` in place, itself or through other types.
fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(name) = todo.pop() {
        if name == to {
            return true;
        }
        if seen.insert(name) {
            todo.extend(edges.get(name).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn field(json: &str, ty: TypeRef) -> Field {
        Field {
            json: json.into(),
            rust: json.into(),
            ty,
            optional: true,
            nullable: false,
            doc: String::new(),
            example: None,
            flatten: false,
            fixed: None,
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: String::new(),
            kind: TypeKind::Struct { fields },
            input: false,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    fn field_type<'t>(types: &'t [TypeDef], name: &str, json: &str) -> &'t TypeRef {
        let def = types.iter().find(|t| t.name == name).unwrap();
        let TypeKind::Struct { fields } = &def.kind else {
            panic!("{name} is a struct")
        };
        &fields.iter().find(|f| f.json == json).unwrap().ty
    }

    #[test]
    fn cycles_are_boxed_and_the_rest_left_alone() {
        let mut types = vec![
            strukt(
                "Node",
                vec![
                    field("parent", named("Node")),
                    field("children", TypeRef::List(Box::new(named("Node")))),
                ],
            ),
            strukt(
                "User",
                vec![
                    field("person", TypeRef::Option(Box::new(named("Person")))),
                    field("tag", named("Tag")),
                ],
            ),
            strukt("Person", vec![field("user", named("User"))]),
            strukt("Tag", vec![field("name", TypeRef::String)]),
        ];
        box_cycles(&mut types);
        assert_eq!(
            field_type(&types, "Node", "parent"),
            &TypeRef::Boxed(Box::new(named("Node")))
        );
        assert_eq!(
            field_type(&types, "Node", "children"),
            &TypeRef::List(Box::new(named("Node"))),
            "a Vec is already indirect"
        );
        assert_eq!(
            field_type(&types, "User", "person"),
            &TypeRef::Option(Box::new(TypeRef::Boxed(Box::new(named("Person")))))
        );
        assert_eq!(
            field_type(&types, "Person", "user"),
            &TypeRef::Boxed(Box::new(named("User")))
        );
        assert_eq!(
            field_type(&types, "User", "tag"),
            &named("Tag"),
            "not in a cycle"
        );
    }
}
