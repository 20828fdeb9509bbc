//! The words of the spec's names, as naming reads them, and the small
//! lexicon naming needs.
//!
//! A name in the spec (`Calendários escolares`, `7.8 Get List of Drivers`,
//! `IgnoreSession`) becomes lower-case ASCII words: letters of alphabetic
//! scripts are transliterated (`Coleção` → `colecao`, `Récupération` →
//! `recuperation`), words written in an ideographic or syllabic script
//! (Chinese, Japanese, Korean) are left out, because their romanisation
//! (`zhu ji lie biao`) reads as noise in an identifier (such names are
//! named from their path instead); CamelCase is split (`IgnoreSession` →
//! `ignore session`), `'s` is dropped, a leading section number (`7.8`,
//! `12.`) is not a word of the name, and `Version 2` is `v2`.

use std::borrow::Cow;

/// `text` in ASCII: letters outside ASCII transliterated (`ção` → `cao`).
pub(crate) fn transliterate(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        let letters: String = text.chars().filter(|&c| !is_silent_sign(c)).collect();
        Cow::Owned(deunicode::deunicode(&letters))
    }
}

/// A letter that romanises to a quote only (Cyrillic `ь` and `ъ`, modifier
/// apostrophes): part of its word, which a quote would split in two
/// (`пользователем` is `polzovatelem`, not `pol` and `zovatelem`).
fn is_silent_sign(c: char) -> bool {
    !c.is_ascii()
        && deunicode::deunicode_char(c)
            .is_some_and(|t| !t.is_empty() && t.chars().all(|q| q == '\'' || q == '"'))
}

/// Whether `c` belongs to a script written without letters that
/// transliterate into readable words (Han, kana, Hangul, and their
/// punctuation and compatibility forms).
fn is_ideographic(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3000..=0x303F // CJK symbols and punctuation
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3100..=0x31FF // Bopomofo, Hangul compatibility, Katakana extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xA960..=0xA97F // Hangul Jamo extended A
        | 0xAC00..=0xD7FF // Hangul syllables and Jamo extended B
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF00..=0xFFEF // half- and full-width forms
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// The lower-case ASCII words of a name (see the module docs), leading
/// section numbers removed.
pub(crate) fn name_words(text: &str) -> Vec<String> {
    let mut words = all_words(text);
    // `Version 2` is said `v2`, as paths say it.
    let mut i = 0;
    while i + 1 < words.len() {
        if words[i] == "version" && words[i + 1].bytes().all(|b| b.is_ascii_digit()) {
            let number = words.remove(i + 1);
            words[i] = format!("v{number}");
        }
        i += 1;
    }
    let numbers = words
        .iter()
        .take_while(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    // A name that is only a number (`## 404`) keeps it.
    if numbers < words.len() {
        words.drain(..numbers);
    }
    words
}

/// Every lower-case ASCII word of `text`, numbers included.
fn all_words(text: &str) -> Vec<String> {
    // Ideographic runs are separators: their romanisation is not kept.
    let alphabetic: String = text
        .chars()
        .map(|c| if is_ideographic(c) { ' ' } else { c })
        .collect();
    let ascii = transliterate(&alphabetic);
    let mut words = Vec::new();
    for token in ascii.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'') {
        // `user's` is `user`; a quote inside a word otherwise separates.
        let token = token.strip_suffix("'s").unwrap_or(token);
        for part in token.split('\'') {
            split_case(part, &mut words);
        }
    }
    words
}

/// Splits a run of ASCII letters and digits at its case boundaries
/// (`IgnoreSession` → `ignore`, `session`; `IPAddress` → `ip`, `address`;
/// `Route53` stays one word) and pushes the lower-case words.
fn split_case(token: &str, out: &mut Vec<String>) {
    let bytes = token.as_bytes();
    let mut start = 0;
    for i in 1..bytes.len() {
        let (prev, cur) = (bytes[i - 1], bytes[i]);
        let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower);
        if boundary {
            out.push(token[start..i].to_ascii_lowercase());
            start = i;
        }
    }
    if start < token.len() {
        out.push(token[start..].to_ascii_lowercase());
    }
}

/// Whether `text` has words naming can use (see [`name_words`]).
pub(crate) fn has_name_words(text: &str) -> bool {
    !name_words(text).is_empty()
}

/// What an action word means to a method name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// One of the canonical verbs of the CRUD shapes (`get`, `list`,
    /// `create`, `update`, `delete`), the spec's synonym mapped onto it.
    Crud(&'static str),
    /// Another verb, kept as the spec writes it (`pause`, `redeploy`).
    Own,
}

/// Synonyms of the canonical CRUD verbs: a method says `get`, not
/// `retrieve` or `fetch`, whatever word the spec uses.
const CRUD_SYNONYMS: &[(&str, &str)] = &[
    ("get", "get"),
    ("retrieve", "get"),
    ("fetch", "get"),
    ("show", "get"),
    ("view", "get"),
    ("read", "get"),
    ("obtain", "get"),
    ("display", "get"),
    ("return", "get"),
    ("returns", "get"),
    ("gets", "get"),
    ("retrieves", "get"),
    ("list", "list"),
    ("lists", "list"),
    ("enumerate", "list"),
    ("browse", "list"),
    ("create", "create"),
    ("creates", "create"),
    ("new", "create"),
    ("make", "create"),
    ("insert", "create"),
    ("update", "update"),
    ("updates", "update"),
    ("edit", "update"),
    ("modify", "update"),
    ("change", "update"),
    ("alter", "update"),
    ("amend", "update"),
    ("delete", "delete"),
    ("deletes", "delete"),
    ("remove", "delete"),
    ("removes", "delete"),
    ("destroy", "delete"),
    ("erase", "delete"),
    ("put", "update"),
];

/// Verbs said shorter: `Perform a stack action` is `run_action`.
const SHORTER: &[(&str, &str)] = &[("perform", "run"), ("performs", "run")];

/// Verbs API Blueprint actions are named with, kept as written. Words that
/// are more often nouns in names (`record`, `post`, `order`, `report`,
/// `request`, `status`, `test`) are left out, so `Record Details` is not
/// read as an action.
const OWN_VERBS: &[&str] = &[
    "accept",
    "acknowledge",
    "activate",
    "add",
    "allocate",
    "append",
    "apply",
    "approve",
    "archive",
    "assign",
    "attach",
    "authenticate",
    "authorize",
    "ban",
    "block",
    "bulk",
    "calculate",
    "call",
    "cancel",
    "capture",
    "charge",
    "check",
    "checkout",
    "claim",
    "clear",
    "clone",
    "close",
    "commit",
    "complete",
    "compute",
    "configure",
    "confirm",
    "connect",
    "convert",
    "copy",
    "count",
    "deactivate",
    "decline",
    "decrypt",
    "deny",
    "deploy",
    "deregister",
    "detach",
    "disable",
    "disconnect",
    "dismiss",
    "download",
    "duplicate",
    "enable",
    "encrypt",
    "end",
    "enqueue",
    "enroll",
    "evaluate",
    "execute",
    "expire",
    "export",
    "extend",
    "filter",
    "find",
    "finish",
    "flag",
    "flash",
    "flush",
    "follow",
    "generate",
    "grant",
    "hide",
    "honk",
    "ignore",
    "import",
    "increment",
    "initiate",
    "install",
    "invalidate",
    "invite",
    "invoke",
    "issue",
    "join",
    "kick",
    "kill",
    "launch",
    "leave",
    "like",
    "link",
    "load",
    "lock",
    "login",
    "logout",
    "lookup",
    "mark",
    "merge",
    "migrate",
    "move",
    "mute",
    "notify",
    "open",
    "pause",
    "perform",
    "pin",
    "ping",
    "play",
    "poll",
    "preview",
    "print",
    "process",
    "promote",
    "provision",
    "publish",
    "pull",
    "purge",
    "push",
    "query",
    "queue",
    "reboot",
    "rebuild",
    "recalculate",
    "receive",
    "redeem",
    "redeploy",
    "refresh",
    "refund",
    "regenerate",
    "register",
    "reject",
    "release",
    "reload",
    "remind",
    "rename",
    "render",
    "renew",
    "reopen",
    "reorder",
    "replace",
    "reply",
    "reschedule",
    "resend",
    "reserve",
    "reset",
    "resize",
    "resolve",
    "restart",
    "restore",
    "resume",
    "retry",
    "revert",
    "revoke",
    "rollback",
    "rotate",
    "run",
    "save",
    "scale",
    "scan",
    "schedule",
    "search",
    "send",
    "set",
    "share",
    "shutdown",
    "sign",
    "signin",
    "signout",
    "signup",
    "skip",
    "snooze",
    "sort",
    "split",
    "start",
    "stop",
    "submit",
    "subscribe",
    "suspend",
    "swap",
    "sync",
    "synchronize",
    "tag",
    "terminate",
    "toggle",
    "track",
    "transfer",
    "translate",
    "trigger",
    "unarchive",
    "unassign",
    "unblock",
    "unfollow",
    "uninstall",
    "unlike",
    "unlink",
    "unlock",
    "unmute",
    "unpause",
    "unpin",
    "unpublish",
    "unregister",
    "unsubscribe",
    "untag",
    "unwatch",
    "upgrade",
    "upload",
    "upsert",
    "validate",
    "verify",
    "vote",
    "wait",
    "wake",
    "watch",
    "withdraw",
];

/// What `word` means as the verb of a method, if it is one.
pub(crate) fn verb(word: &str) -> Option<Verb> {
    if let Some((_, canonical)) = CRUD_SYNONYMS.iter().find(|(w, _)| *w == word) {
        return Some(Verb::Crud(canonical));
    }
    OWN_VERBS.binary_search(&word).ok().map(|_| Verb::Own)
}

/// Verbs a `GET` may be named with: reading verbs (`Search notes`,
/// `Export users`); any other (`Charge State`) makes the name a noun phrase.
const READ_VERBS: &[&str] = &[
    "calculate",
    "check",
    "compute",
    "count",
    "download",
    "evaluate",
    "export",
    "filter",
    "find",
    "lookup",
    "ping",
    "poll",
    "preview",
    "print",
    "query",
    "render",
    "resolve",
    "search",
    "sort",
    "validate",
    "verify",
    "wait",
    "watch",
];

/// Whether a `GET` may be named with `verb` (a CRUD verb or a reading one).
pub(crate) fn reads(verb: &str) -> bool {
    matches!(self::verb(verb), Some(Verb::Crud("get" | "list")))
        || READ_VERBS.contains(&own_verb(verb))
}

/// A verb as a method says it: `perform` is `run`; others as written.
pub(crate) fn own_verb(word: &str) -> &str {
    SHORTER
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, short)| short)
}

/// Words that qualify nothing in a method or type name: articles and
/// adjectives of reference (`a`, `the`, `given`, `specific`, `current`).
const FILLER: &[&str] = &[
    "a",
    "an",
    "certain",
    "current",
    "currently",
    "existing",
    "given",
    "its",
    "one",
    "particular",
    "provided",
    "selected",
    "single",
    "some",
    "specific",
    "specified",
    "the",
    "their",
    "this",
    "your",
];

/// Words that say how the spec's author organised a document, not what an
/// operation does (`Zone Resource`, `Record Details`, `Boot Scripts
/// Collection`, `Orders API`); `info`, `item` and `list` only after another word.
const STRUCTURE: &[&str] = &[
    "api",
    "collection",
    "collections",
    "detail",
    "details",
    "endpoint",
    "endpoints",
    "entity",
    "resource",
    "resources",
];

/// Words that are structure only after another word: `Device info`,
/// `Zone List`, `The stack object` (but `Add item to order` adds an item).
const TRAILING_STRUCTURE: &[&str] = &["info", "information", "list", "object"];

/// Whether `word` is a filler word (see [`FILLER`]).
pub(crate) fn is_filler(word: &str) -> bool {
    FILLER.contains(&word)
}

/// `words` without the quantities that say how many an operation takes
/// (`one or more`, `one to many`, `zero or more`, and the typo `one of
/// more`): as a whole they name nothing, and without `one`, a filler, they
/// would leave `or more` in a name.
pub(crate) fn without_quantities(mut words: Vec<String>) -> Vec<String> {
    let mut i = 0;
    while i + 2 < words.len() {
        let quantity = matches!(words[i].as_str(), "one" | "zero" | "1" | "0")
            && matches!(words[i + 1].as_str(), "or" | "of" | "to")
            && matches!(words[i + 2].as_str(), "more" | "many");
        if quantity {
            words.drain(i..i + 3);
        } else {
            i += 1;
        }
    }
    words
}

/// Whether `word` names the document's structure (see [`STRUCTURE`]).
pub(crate) fn is_structure(word: &str) -> bool {
    STRUCTURE.contains(&word)
}

/// Whether `word`, after `previous`, names the document's structure
/// (`Device info`); `item` only after a plural (`Blogs item`, not
/// `Padded item`).
pub(crate) fn is_trailing_structure(word: &str, previous: &str) -> bool {
    TRAILING_STRUCTURE.contains(&word)
        || (matches!(word, "item" | "items")
            && previous.ends_with('s')
            && crate::infer::naming::singular(previous) != previous)
}

/// Words that end an object phrase: what follows qualifies the object
/// (`device` in `device with the entered id`) rather than naming it.
const QUALIFIERS: &[&str] = &[
    "about",
    "across",
    "after",
    "against",
    "and",
    "as",
    "associated",
    "at",
    "before",
    "belonging",
    "between",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "onto",
    "or",
    "over",
    "per",
    "since",
    "than",
    "that",
    "through",
    "to",
    "under",
    "until",
    "using",
    "via",
    "where",
    "which",
    "while",
    "who",
    "whose",
    "with",
    "within",
    "without",
];

/// Whether `word` starts a qualifying phrase (see [`QUALIFIERS`]).
pub(crate) fn is_qualifier(word: &str) -> bool {
    QUALIFIERS.contains(&word)
}

/// Conjunctions in a group's name (`Schools and classes`): such a group
/// holds several collections, none of which is "the group's own".
pub(crate) fn is_conjunction(word: &str) -> bool {
    matches!(word, "and" | "e" | "et" | "y" | "und" | "or")
}

/// Path words that name no resource: `api`, `v1`, `v2`.
pub(crate) fn is_version_word(word: &str) -> bool {
    word == "api"
        || word == "rest"
        || word
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_outside_ascii_are_transliterated_not_dropped() {
        assert_eq!(name_words("Coleção de aulas"), ["colecao", "de", "aulas"]);
        assert_eq!(name_words("Calendário escolar"), ["calendario", "escolar"]);
        assert_eq!(
            name_words("Service de récupération du foyer fiscal"),
            ["service", "de", "recuperation", "du", "foyer", "fiscal"]
        );
        assert_eq!(name_words("Straße"), ["strasse"]);
        assert_eq!(
            without_quantities(name_words("Create one or more Markbook entries")),
            ["create", "markbook", "entries"]
        );
        assert_eq!(
            without_quantities(name_words("Update one to many staff absences")),
            ["update", "staff", "absences"]
        );
        assert_eq!(
            without_quantities(name_words("Get one user")),
            ["get", "one", "user"]
        );
        // Signs that romanise to a quote stay inside their word.
        assert_eq!(
            name_words("Проверка полученного пользователем кода"),
            ["proverka", "poluchennogo", "polzovatelem", "koda"]
        );
        assert_eq!(name_words("Объект"), ["obekt"]);
        // A quote written as such still separates (`user's` is `user`).
        assert_eq!(name_words("user's key"), ["user", "key"]);
    }

    #[test]
    fn ideographic_words_are_left_out() {
        assert!(name_words("主机列表").is_empty());
        assert_eq!(name_words("通过插件更新Scout"), ["scout"]);
        assert_eq!(name_words("灵析 API 文档(V1)"), ["api", "v1"]);
    }

    #[test]
    fn case_and_punctuation_split_words() {
        assert_eq!(name_words("IgnoreSession"), ["ignore", "session"]);
        assert_eq!(
            name_words("getListOfMembers"),
            ["get", "list", "of", "members"]
        );
        assert_eq!(name_words("IPAddress"), ["ip", "address"]);
        assert_eq!(name_words("Route53 zones"), ["route53", "zones"]);
        assert_eq!(name_words("user's devices"), ["user", "devices"]);
        assert_eq!(name_words("flight-search"), ["flight", "search"]);
    }

    #[test]
    fn section_numbers_are_not_words() {
        assert_eq!(
            name_words("7.8 Get List of Drivers"),
            ["get", "list", "of", "drivers"]
        );
        assert_eq!(name_words("12. Enumerations API"), ["enumerations", "api"]);
        assert_eq!(name_words("Route 53"), ["route", "53"]);
        assert_eq!(name_words("Artist - Version 2"), ["artist", "v2"]);
        assert_eq!(name_words("404"), ["404"]);
    }

    #[test]
    fn verbs() {
        assert_eq!(verb("retrieve"), Some(Verb::Crud("get")));
        assert_eq!(verb("remove"), Some(Verb::Crud("delete")));
        assert_eq!(verb("pause"), Some(Verb::Own));
        assert_eq!(verb("record"), None);
        assert_eq!(verb("zone"), None);
    }

    #[test]
    fn the_own_verbs_are_sorted_for_binary_search() {
        assert!(
            OWN_VERBS.windows(2).all(|w| w[0] < w[1]),
            "OWN_VERBS out of order"
        );
    }
}
