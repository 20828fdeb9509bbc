//! The intra-doc links of inferred docs (`[`Name`]`), checked once every
//! type is named: a nested object's docs name its parent as it was seen
//! (`SearchAnnotationRow`), and that parent may have been merged into
//! another type since. Such a link points to the type that holds it; a
//! link to no type at all is left as code. No generated doc then links to
//! nothing (`cargo doc -D warnings` in a generated crate stays clean).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{TypeDef, TypeKind};

/// Rewrites the links of every type's and field's docs in `types`;
/// `aliases` maps a name something was seen under to the type holding it.
pub(super) fn resolve(types: &mut [TypeDef], aliases: &BTreeMap<String, String>) {
    let names: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
    for t in types.iter_mut() {
        t.doc = resolved(&t.doc, &names, aliases);
        if let TypeKind::Struct { fields } = &mut t.kind {
            for f in fields {
                f.doc = resolved(&f.doc, &names, aliases);
            }
        }
    }
}

/// `doc` with each link to a name of `aliases` pointing to the type holding
/// it, other links left alone: for docs written while types are still being
/// named, so that two uses of one type read the same (and can be deduped).
pub(super) fn aliased(doc: &str, aliases: &BTreeMap<String, String>) -> String {
    rewrite(doc, |name| aliases.get(name).map(|t| format!("[`{t}`]")))
}

/// `doc` with each ``[`X`]`` (not followed by `(` or `[`, which give it a
/// target of its own) pointing to a type of `names`.
fn resolved(doc: &str, names: &BTreeSet<String>, aliases: &BTreeMap<String, String>) -> String {
    rewrite(doc, |name| {
        if names.contains(name) {
            None
        } else if let Some(target) = aliases.get(name).filter(|t| names.contains(*t)) {
            Some(format!("[`{target}`]"))
        } else {
            Some(format!("`{name}`"))
        }
    })
}

/// `doc` with each ``[`X`]`` link without a target of its own replaced by
/// what `replace` gives for `X` (kept as it is for `None`).
fn rewrite(doc: &str, replace: impl Fn(&str) -> Option<String>) -> String {
    if !doc.contains("[`") {
        return doc.to_owned();
    }
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(start) = rest.find("[`") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("`]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = &after[..end];
        let tail = &after[end + 2..];
        let explicit = tail.starts_with('(') || tail.starts_with('[');
        match (!explicit).then(|| replace(name)).flatten() {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_go_to_the_type_that_holds_a_name_or_become_code() {
        let names: BTreeSet<String> = ["Annotation".to_owned()].into();
        let aliases: BTreeMap<String, String> = [
            ("SearchRow".to_owned(), "Annotation".to_owned()),
            ("Lost".to_owned(), "AlsoLost".to_owned()),
        ]
        .into();
        assert_eq!(
            resolved(
                "The `a` object of [`Annotation`], of [`SearchRow`], of [`Lost`], of [`Gone`].",
                &names,
                &aliases
            ),
            "The `a` object of [`Annotation`], of [`Annotation`], of `Lost`, of `Gone`."
        );
        let explicit = "Returns [`Page`](crate::Page) and [`x`][y]; [`unclosed";
        assert_eq!(resolved(explicit, &names, &aliases), explicit);
    }
}
