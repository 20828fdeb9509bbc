//! Names: Rust identifiers for types, fields, parameters and methods.
//!
//! Type names come from the spec (resource names, documented concepts, the
//! path `{Parent}{Field}` of nested objects), never from sample values.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{PathSegment, PathTemplate};

/// Rust keywords (strict and reserved, all editions) that cannot be field names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether a JSON key looks like a name (an identifier in some case style,
/// in any script: `descrição`) rather than data: letters, digits and `_`,
/// not starting with a digit.
pub fn is_name_like(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The words `heck` would split `text` into, when it is the common simple
/// case it needs no case analysis for: ASCII, and no word has an uppercase
/// letter after its first character (`created_at`, `Server Group List`).
/// Then `heck` finds no boundary inside a word, so its words are exactly
/// the non-empty runs of alphanumerics. `None` for anything else.
///
/// Names are computed for every field, parameter and resource on each run,
/// and `heck`'s formatter-based conversion dominated inference time.
fn simple_words(text: &str) -> Option<impl Iterator<Item = &str>> {
    let simple = text.is_ascii()
        && text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .all(|w| !w.bytes().skip(1).any(|b| b.is_ascii_uppercase()));
    simple.then(|| {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
    })
}

/// `text.to_snake_case()`, without `heck` in the simple case; letters
/// outside ASCII transliterated first (`Coleção` → `colecao`).
pub(super) fn snake_case(text: &str) -> String {
    let Some(words) = simple_words(text) else {
        return super::words::transliterate(text).to_snake_case();
    };
    let mut s = String::with_capacity(text.len());
    for w in words {
        if !s.is_empty() {
            s.push('_');
        }
        s.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    }
    s
}

/// `text.to_upper_camel_case()`, without `heck` in the simple case;
/// letters outside ASCII transliterated first.
fn upper_camel_case(text: &str) -> String {
    let Some(words) = simple_words(text) else {
        return super::words::transliterate(text).to_upper_camel_case();
    };
    let mut s = String::with_capacity(text.len());
    for w in words {
        // Only the first letter can be uppercase; the rest is kept as is.
        s.push(char::from(w.as_bytes()[0].to_ascii_uppercase()));
        s.push_str(&w[1..]);
    }
    s
}

/// A snake_case Rust identifier for any text: keywords get a `_` suffix,
/// text starting with a digit gets a `n` prefix, empty text becomes `value`.
pub fn snake_ident(text: &str) -> String {
    let mut s = snake_case(text);
    s.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    // Dropping characters (`a 文档 b`) can leave `a__b`, which rustc's
    // `non_snake_case` lint rejects; leading and trailing runs are allowed
    // and kept, so names that had them stay as they were.
    if s.trim_matches('_').contains("__") {
        s = collapse_inner_underscores(&s);
    }
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// `s` with every run of `_` between other characters made one `_`.
fn collapse_inner_underscores(s: &str) -> String {
    let core = s.trim_matches('_');
    let lead = s.len() - s.trim_start_matches('_').len();
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..lead]);
    for c in core.chars() {
        if !(c == '_' && out.ends_with('_') && out.len() > lead) {
            out.push(c);
        }
    }
    out.push_str(&s[lead + core.len()..]);
    out
}

/// A Cargo package name for an API's name: its words (transliterated, see
/// `words::name_words`), joined by `-`, then `-client`
/// (`灵析 API 文档(V1)` → `api-v1-client`, `Gestão` → `gestao-client`).
/// Cargo wants a letter first; a name without ASCII words is `api-client`.
pub fn package_name(api_name: &str) -> String {
    let mut name = super::words::name_words(api_name).join("-");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, if name.is_empty() { "api" } else { "api-" });
    }
    name.push_str("-client");
    name
}

/// An UpperCamelCase Rust type or variant name for any text (`Self`, the
/// one such keyword, becomes `SelfValue`: a `_` would not be camel case).
pub fn camel_ident(text: &str) -> String {
    let mut s = upper_camel_case(text);
    s.retain(|c| c.is_ascii_alphanumeric());
    if s.is_empty() {
        s = "Value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    if is_keyword(&s) {
        s.push_str("Value");
    }
    s
}

/// The singular of an English noun, good enough for resource and field
/// names (`stacks` → `stack`, `histories` → `history`, `access_rights` →
/// `access_right`, `addresses` → `address`). Works on the last word.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{}", &word[..word.len() - n], add);
    if lower.ends_with("ies") && word.len() > 4 {
        cut(3, "y")
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        cut(2, "")
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 2
    {
        cut(1, "")
    } else {
        word.to_owned()
    }
}

/// The words of a name (see [`super::words::name_words`]): empty for a
/// name written in an ideographic script.
pub(crate) fn words(text: &str) -> Vec<String> {
    super::words::name_words(text)
}

/// The words of a path's literal segments, in order.
fn path_words(path: &PathTemplate) -> Vec<String> {
    path.segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Literal(text) => Some(words(text)),
            PathSegment::Variable(_) | PathSegment::Expression(_) => None,
        })
        .flatten()
        .collect()
}

/// A type name from a path, for resources named in no ASCII word: its last
/// word, singular (`/api/users/{id}` → `User`), or `None`.
pub fn path_concept(path: &PathTemplate) -> Option<String> {
    path_words(path)
        .into_iter()
        .rev()
        .find(|w| !super::words::is_version_word(w))
        .map(|w| camel_ident(&singular(&w)))
}

/// Words that describe how a resource is viewed, not what it is.
const VIEW_WORDS: &[&str] = &[
    "list", "show", "all", "view", "get", "a", "an", "the", "single",
];

/// Verbs that name what an action does to a resource.
const VERBS: &[&str] = &[
    "add", "new", "create", "update", "delete", "remove", "run", "perform", "cancel", "import",
    "stop", "scale", "redeploy", "set",
];

/// The concept a resource name talks about, as an UpperCamelCase type name:
/// view words (`list`, `show`) dropped, the last word singular
/// (`Server Group List` → `ServerGroup`, `Environment Variable list` →
/// `EnvironmentVariable`, `Services list` → `Service`). With `strip_verbs`,
/// action verbs are dropped too (`Add Device` → `Device`).
pub fn concept_name(resource: &str, strip_verbs: bool) -> String {
    use super::words::{is_filler, is_structure, is_trailing_structure};
    let mut words: Vec<String> = words(resource)
        .into_iter()
        .filter(|w| !VIEW_WORDS.contains(&w.as_str()) && !is_filler(w) && !is_structure(w))
        .filter(|w| !strip_verbs || !VERBS.contains(&w.as_str()))
        .collect();
    // `Device info`, `Blogs item`: the thing, not its presentation.
    while let [.., previous, last] = words.as_slice() {
        if !is_trailing_structure(last, previous) {
            break;
        }
        words.pop();
    }
    let Some(last) = words.last_mut() else {
        return String::new();
    };
    *last = singular(last);
    camel_ident(&words.join(" "))
}

/// A type name for a nested object: `{Parent}{Field}`, singular when the
/// object is the item of an array (`Container` + `ports` → `ContainerPort`).
pub fn nested_name(parent: &str, field: &str, is_item: bool) -> String {
    // The elements of a body that is an array or a map are named like the
    // body (`Vec<Book>`, `BTreeMap<String, Port>`).
    if field.is_empty() {
        return parent.to_owned();
    }
    let field = if is_item {
        singular(field)
    } else {
        field.to_owned()
    };
    format!("{parent}{}", camel_ident(&field))
}

/// A unique name among `taken`: `name`, else `name2`, `name3`, ...
pub fn unique(name: &str, taken: &std::collections::BTreeSet<String>) -> String {
    if !taken.contains(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|n| !taken.contains(n))
        .expect("unbounded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_ascii_words_with_a_letter_first() {
        assert_eq!(package_name("灵析 API 文档(V1)"), "api-v1-client");
        assert_eq!(package_name("Cloud 66"), "cloud-66-client");
        assert_eq!(package_name("用户"), "api-client");
        assert_eq!(package_name("3D Printing"), "api-3d-printing-client");
    }

    #[test]
    fn letters_outside_ascii_are_transliterated_in_identifiers() {
        assert_eq!(snake_ident("Coleção de aulas"), "colecao_de_aulas");
        assert_eq!(camel_ident("Récupération"), "Recuperation");
        assert_eq!(camel_ident("São Paulo"), "SaoPaulo");
        assert_eq!(snake_ident("名前_id"), "ming_qian_id");
        assert_eq!(snake_ident("a 文档 b"), "a_wen_dang_b");
    }

    #[test]
    fn runs_of_underscores_inside_are_one() {
        assert_eq!(snake_ident("x__y"), "x_y");
        assert_eq!(snake_ident("a__b"), "a_b");
    }

    #[test]
    fn fast_case_conversions_match_heck() {
        for text in [
            "created_at",
            "Server Group List",
            "Environment Variable list",
            "_id",
            "a__b_",
            "ipv4_address2",
            "3000/tcp",
            "/usr/src/app/log",
            "maintenance mode",
            "AppArmorProfile",
            "IPAddress",
            "StackAction",
            "x1Y",
            "Add Device",
            "A",
            "a",
            "",
            " - ",
            "Ünïcode name",
            "The stack action object",
            "STK_QUEUED",
            "stk_queued_for_deploying",
            "9lives",
            "a-b.c",
        ] {
            let ascii = crate::infer::words::transliterate(text);
            assert_eq!(snake_case(text), ascii.to_snake_case(), "{text:?}");
            assert_eq!(
                upper_camel_case(text),
                ascii.to_upper_camel_case(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn keyword_and_non_identifier_fields() {
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("AppArmorProfile"), "app_armor_profile");
        assert_eq!(snake_ident("3000/tcp"), "n3000_tcp");
        assert_eq!(snake_ident("maintenance mode"), "maintenance_mode");
        assert_eq!(snake_ident("IPAddress"), "ip_address");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident(""), "value");
    }

    #[test]
    fn data_keys_are_not_names() {
        assert!(is_name_like("AppArmorProfile"));
        assert!(is_name_like("created_at"));
        assert!(!is_name_like("3000/tcp"));
        assert!(!is_name_like("/usr/src/app/log"));
        assert!(is_name_like("descrição"));
        assert!(!is_name_like(""));
    }

    #[test]
    fn concept_names_from_resources() {
        assert_eq!(concept_name("Stack List", false), "Stack");
        assert_eq!(concept_name("Server Group List", false), "ServerGroup");
        assert_eq!(
            concept_name("Environment Variable list", false),
            "EnvironmentVariable"
        );
        assert_eq!(concept_name("Services list", false), "Service");
        assert_eq!(concept_name("Service show", false), "Service");
        assert_eq!(concept_name("Backups list", false), "Backup");
        assert_eq!(concept_name("Server Settings list", false), "ServerSetting");
        assert_eq!(concept_name("Firewall rules list", false), "FirewallRule");
        assert_eq!(concept_name("Add Device", true), "Device");
        assert_eq!(concept_name("Stack Action list", false), "StackAction");
    }

    #[test]
    fn nested_names_are_singular_for_items() {
        assert_eq!(
            nested_name("EnvironmentVariable", "history", true),
            "EnvironmentVariableHistory"
        );
        assert_eq!(nested_name("Container", "ports", true), "ContainerPort");
        assert_eq!(
            nested_name("User", "access_rights", true),
            "UserAccessRight"
        );
        assert_eq!(nested_name("Server", "params", false), "ServerParams");
        assert_eq!(nested_name("Cloud", "regions", true), "CloudRegion");
    }

    #[test]
    fn collisions_get_numbers() {
        let taken: std::collections::BTreeSet<String> = ["A".into(), "A2".into()].into();
        assert_eq!(unique("A", &taken), "A3");
        assert_eq!(unique("B", &taken), "B");
    }
}
