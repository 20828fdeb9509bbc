//! Accessors and method names: what a user types to call an operation
//! (`client.jobs().pause_all()`).
//!
//! # Accessors
//!
//! Each group of the spec is one accessor, named by the group's words
//! (transliterated: `Calendários escolares` → `calendarios_escolares`;
//! section numbers and the word `API` left out: `12. Enumerations API` →
//! `enumerations`). Operations outside any named group, or in a group named
//! only in an ideographic script, are grouped by the first segment of their
//! path (`/flight-search/` → `flight_search`; `/host` and `/hosts` are one
//! accessor, `hosts`).
//!
//! # Methods
//!
//! A method is named from the spec's own words, in this order:
//!
//! 1. **The action's name**, when it says what happens: a verb (`Pause all
//!    jobs`, `Set Valet Mode`, `Container stop`) and its object. The verbs of
//!    the CRUD shapes are canonical whatever synonym the spec uses
//!    (`Retrieve`, `Fetch`, `Show` → `get`; `Remove`, `Destroy` → `delete`;
//!    `Edit`, `Modify` → `update`); any other verb is kept (`pause`,
//!    `redeploy`, `register`). The object is the words after the verb up to
//!    a preposition or conjunction (`device` in `Register a device with its
//!    id`), without filler (`a`, `the`, `given`, `single`) and structure words
//!    (`resource`, `collection`, `details`, `info`, `API`), without the words
//!    the accessor already says (`jobs().pause_all()`, not `pause_all_jobs`),
//!    and none at all when it names the group's own thing (`Retrieve Route53
//!    hosted DNS zones` in `Zones` is `list`). `all` stays with other verbs
//!    (`delete_all`); a `get` of all, of a list or of a collection is `list`.
//!    The resource's name is read the same way when the action has none.
//! 2. **The literal path segment** of an RPC-style endpoint, when it is a
//!    verb (`POST /session/ignore` → `ignore`, `/host/accept/all` →
//!    `accept_all`), or the literal query value that selects the operation
//!    (`?action=getListOfMembers` → `list_members`).
//! 3. **The CRUD shape**: on a collection `GET` is `list` and `POST` is
//!    `create`; on an item `GET` is `get`, `PUT` and `PATCH` `update`,
//!    `DELETE` `delete` (`delete_all` on a collection whose items are also
//!    deleted one by one); with the path's last literal segment as the
//!    object when it is not the group's own collection (`list_files`).
//!
//! Where a `PUT` and a `PATCH` on one path would both be `update`, the
//! `PATCH` is `patch`.
//!
//! # Collisions
//!
//! When operations of one accessor want the same name, the first in the
//! document keeps it and each later one is told apart by the first of its
//! words that differs: a literal path segment (`send_service_jetton`; both
//! siblings take theirs when each has one), a literal query value, the
//! phrase after its object (`register_with_id`), the object's other words
//! (`get_troposphere_version`), its resource's or action's other words, its
//! HTTP method. Only when nothing in the spec tells them apart does a name
//! get a counter (`_2`), with a warning naming both and the configuration
//! key that pins a name. A name in the names lock stays with its operation,
//! and nothing else takes it; configuration renames come first of all.

use std::collections::{BTreeMap, BTreeSet};

use blueprint_parser::Diagnostic;

use super::naming::{singular, snake_ident};
use super::words::{self, is_conjunction, is_version_word, name_words, Verb};
use crate::model::{NameOrigin, NameSource, PathTemplate};

/// Methods of the generated `Client`: an accessor cannot take their names.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "rate_limit",
    "retry_policy",
    "granted_scopes",
    "wait_for_action",
    "runtime",
    "clone",
    "clone_from",
    "fmt",
];

/// Methods a group handle derives (`Clone`, `Debug`): a method cannot take them.
const HANDLE_METHODS: &[&str] = &["clone", "clone_from", "fmt"];

/// `name`, or `name_` when it is taken by one of `reserved`.
pub(crate) fn avoid(name: String, reserved: &[&str]) -> String {
    if reserved.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// What naming needs to know about one operation.
#[derive(Debug, Clone)]
pub(crate) struct OperationFacts<'a> {
    /// The group's name (empty outside groups).
    pub(crate) group: &'a str,
    /// The resource's name.
    pub(crate) resource: &'a str,
    /// The action's name.
    pub(crate) action: &'a str,
    /// The HTTP method, upper case.
    pub(crate) method: &'a str,
    /// The path template.
    pub(crate) path: &'a PathTemplate,
    /// Whether the call returns a list or a page.
    pub(crate) is_list: bool,
    /// Whether the call returns one typed object (`Settings` of a
    /// `GET …/gui_settings` is not a list).
    pub(crate) is_object: bool,
    /// Where the action is, for warnings.
    pub(crate) line: u32,
    /// Column of the action.
    pub(crate) column: u32,
}

impl OperationFacts<'_> {
    /// The key of the operation in the names lock (before telling apart
    /// operations written twice, see [`lock_keys`]).
    fn lock_key(&self) -> String {
        format!("{} {} {}", self.method, self.path, self.action)
    }

    /// The key of the operation's accessor in the names lock: its group, or
    /// the path segment it is named after.
    fn accessor_key(&self) -> String {
        if has_group_words(self.group) {
            self.group.to_owned()
        } else {
            format!("/{}", first_segment(self.path).unwrap_or_default())
        }
    }
}

/// The names given to one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationName {
    /// The accessor (`jobs`).
    pub(crate) accessor: String,
    /// Where the accessor's name came from.
    pub(crate) accessor_origin: NameOrigin,
    /// The method (`pause_all`).
    pub(crate) method: String,
    /// Where the method's name came from.
    pub(crate) method_origin: NameOrigin,
}

/// What naming is given besides the operations.
pub(crate) struct NamingInput<'a> {
    /// The lock's accessors: group (or `/segment`) → accessor.
    pub(crate) locked_accessors: &'a BTreeMap<String, String>,
    /// The lock's methods: operation key → `accessor.method`.
    pub(crate) locked_methods: &'a BTreeMap<String, String>,
    /// Configuration renames: the operation's index → the method it asks for
    /// and the configuration line.
    pub(crate) configured: &'a BTreeMap<usize, String>,
}

/// The keys of the operations in the names lock: method, path and action;
/// an operation written twice has its rank after the first (`#2`).
fn lock_keys(ops: &[OperationFacts<'_>]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    ops.iter()
        .map(|op| {
            let key = op.lock_key();
            let rank = seen.entry(key.clone()).or_insert(0);
            *rank += 1;
            if *rank == 1 {
                key
            } else {
                format!("{key}#{rank}")
            }
        })
        .collect()
}

/// What naming gives back: a name per operation, the lock entries written
/// for them, and the warnings.
pub(crate) struct Naming {
    /// One per operation, in order.
    pub(crate) names: Vec<OperationName>,
    /// The key of each operation in the names lock.
    pub(crate) keys: Vec<String>,
    /// The accessors given: lock key → accessor.
    pub(crate) accessors: BTreeMap<String, String>,
    /// Warnings (counters).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Names every operation (see the module docs).
pub(crate) fn name_operations(ops: &[OperationFacts<'_>], input: &NamingInput<'_>) -> Naming {
    let (accessors, accessor_origins) = accessors(ops, input.locked_accessors);
    let groups = GroupShape::of_all(ops, &accessors);
    let wanted: Vec<Wanted> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| wanted_name(op, &groups[&accessors[i]]))
        .collect();
    let wanted = patch_beside_put(ops, &accessors, wanted);
    let wanted = phrases_beside_none(&accessors, wanted);
    let mut diagnostics = Vec::new();
    let keys = lock_keys(ops);
    let methods = resolve(ops, &keys, &accessors, &wanted, input, &mut diagnostics);
    let mut accessor_lock = BTreeMap::new();
    for (op, accessor) in ops.iter().zip(&accessors) {
        accessor_lock.insert(op.accessor_key(), accessor.clone());
    }
    let names = accessors
        .into_iter()
        .zip(accessor_origins)
        .zip(methods)
        .map(
            |((accessor, accessor_origin), (method, method_origin))| OperationName {
                accessor,
                accessor_origin,
                method,
                method_origin,
            },
        )
        .collect();
    Naming {
        names,
        keys,
        accessors: accessor_lock,
        diagnostics,
    }
}

/// Whether a group's name gives an accessor (it has words in an alphabetic script).
fn has_group_words(group: &str) -> bool {
    words::has_name_words(group)
}

/// The words of a group's name that name it: `API`, and the document's
/// structure at its end (`Collection`, `Resources`), are left out when
/// something else remains (`Orders API` → `orders`, `Employees Collection`
/// → `employees`, but `Resource Requests` stays).
fn group_words(group: &str) -> Vec<String> {
    let all = name_words(group);
    let mut named: Vec<String> = all.iter().filter(|w| *w != "api").cloned().collect();
    while named.len() > 1 && named.last().is_some_and(|w| words::is_structure(w)) {
        named.pop();
    }
    if named.is_empty() {
        all
    } else {
        named
    }
}

/// The path split at `/`: each segment's literal text (variables removed)
/// and whether it holds a variable.
fn segments(path: &PathTemplate) -> Vec<Segment> {
    let mut text = String::new();
    for segment in &path.segments {
        match segment {
            crate::model::PathSegment::Literal(literal) => text.push_str(literal),
            // A character no literal has marks where a variable was.
            crate::model::PathSegment::Variable(_) | crate::model::PathSegment::Expression(_) => {
                text.push('\u{0}')
            }
        }
    }
    text.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| Segment {
            literal: s.replace('\u{0}', " "),
            // An Express-style `:id` is sent as written, but names nothing:
            // it stands where a variable was meant (the parser warns).
            variable: s.contains('\u{0}') || blueprint_parser::colon_placeholder(s).is_some(),
        })
        .collect()
}

/// One `/`-separated piece of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    /// Its literal text, variables replaced by a space.
    literal: String,
    /// Whether it holds a variable.
    variable: bool,
}

impl Segment {
    /// A segment that is only literal text naming something (not `v1`).
    fn is_name(&self) -> bool {
        !self.variable && {
            let w = name_words(&self.literal);
            !w.is_empty() && !w.iter().all(|w| is_version_word(w))
        }
    }

    fn words(&self) -> Vec<String> {
        name_words(&self.literal)
    }
}

/// The first segment of a path that names something (`flight-search`).
fn first_segment(path: &PathTemplate) -> Option<String> {
    segments(path)
        .into_iter()
        .find(Segment::is_name)
        .map(|s| s.literal)
}

/// The accessor of every operation, and where each came from.
fn accessors(
    ops: &[OperationFacts<'_>],
    locked: &BTreeMap<String, String>,
) -> (Vec<String>, Vec<NameOrigin>) {
    // Path-named accessors: `/host` and `/hosts` are one, named in the plural.
    let path_named: BTreeSet<String> = ops
        .iter()
        .filter(|op| !has_group_words(op.group))
        .filter_map(|op| first_segment(op.path))
        .map(|s| snake_ident(&name_words(&s).join(" ")))
        .collect();
    ops.iter()
        .map(|op| {
            let (name, origin) = accessor_by_rules(op, &path_named);
            match locked.get(&op.accessor_key()) {
                Some(kept) if *kept != name => (
                    kept.clone(),
                    NameOrigin::new(NameSource::Lock, "kept from names.lock"),
                ),
                _ => (name, origin),
            }
        })
        .unzip()
}

/// The accessor the rules give an operation (`path_named`: the accessors
/// named after a first path segment, to name `/host` and `/hosts` alike).
fn accessor_by_rules(
    op: &OperationFacts<'_>,
    path_named: &BTreeSet<String>,
) -> (String, NameOrigin) {
    if has_group_words(op.group) {
        let name = avoid(
            snake_ident(&group_words(op.group).join(" ")),
            CLIENT_METHODS,
        );
        return (
            name,
            NameOrigin::new(NameSource::Group, format!("`{}`", op.group)),
        );
    }
    match first_segment(op.path) {
        Some(segment) => {
            let mut name = snake_ident(&name_words(&segment).join(" "));
            let plural = plural(&name);
            if path_named.contains(&plural) {
                name = plural;
            }
            (
                avoid(name, CLIENT_METHODS),
                NameOrigin::new(NameSource::PathSegment, format!("`{segment}`, the first")),
            )
        }
        None => (
            "api".to_owned(),
            NameOrigin::new(NameSource::Crud, "a path without named segments"),
        ),
    }
}

/// What naming knows of an accessor's operations as a whole.
struct GroupShape {
    /// The words the accessor says (its group's words, or its segment's).
    words: BTreeSet<String>,
    /// Whether the group is about one thing (no `and` in its name).
    single_concept: bool,
    /// The index, in each operation's segments, of the group's own collection.
    own: Option<OwnCollection>,
    /// The collections of the group that also have items (`/topics` for
    /// `/topics/{id}`), written without their trailing `/`.
    with_items: BTreeSet<String>,
}

/// The collection a group is about: its literal text.
struct OwnCollection {
    literal: String,
}

impl GroupShape {
    fn of_all(ops: &[OperationFacts<'_>], accessors: &[String]) -> BTreeMap<String, GroupShape> {
        let mut members: BTreeMap<&str, Vec<&OperationFacts<'_>>> = BTreeMap::new();
        for (op, accessor) in ops.iter().zip(accessors) {
            members.entry(accessor).or_default().push(op);
        }
        members
            .into_iter()
            .map(|(accessor, ops)| (accessor.to_owned(), GroupShape::of(accessor, &ops)))
            .collect()
    }

    fn of(accessor: &str, ops: &[&OperationFacts<'_>]) -> GroupShape {
        let group = ops[0].group;
        let name: Vec<String> = if has_group_words(group) {
            group_words(group)
        } else {
            accessor.split('_').map(str::to_owned).collect()
        };
        let single_concept = !name.iter().any(|w| is_conjunction(w));
        let own = if single_concept {
            own_collection(ops, &name)
        } else {
            None
        };
        let mut words: BTreeSet<String> = name.iter().flat_map(|w| forms(w)).collect();
        if let Some(own) = &own {
            words.extend(name_words(&own.literal).iter().flat_map(|w| forms(w)));
        }
        words.retain(|w| !is_conjunction(w));
        let with_items = ops
            .iter()
            .filter_map(|op| {
                let path = op.path.to_string();
                let path = path.split('?').next().unwrap_or_default();
                let (collection, last) = path.trim_end_matches('/').rsplit_once('/')?;
                (last.starts_with('{') && last.ends_with('}')).then(|| collection.to_owned())
            })
            .collect();
        GroupShape {
            words,
            single_concept,
            own,
            with_items,
        }
    }

    /// Whether the accessor already says `word`.
    fn says(&self, word: &str) -> bool {
        self.words.contains(word) || self.words.contains(&singular(word))
    }
}

/// A word and its singular.
fn forms(word: &str) -> [String; 2] {
    [word.to_owned(), singular(word)]
}

/// The group's own collection: the last segment all its operations share
/// that the group's name names (`environments` in `Environment Variables`,
/// `/stacks/{id}/environments…`), else any segment it names (`/user/` in
/// `Users`), else the last named segment its operations (two or more) all
/// share (`/school-calendars` in `Calendários escolares`).
fn own_collection(ops: &[&OperationFacts<'_>], group: &[String]) -> Option<OwnCollection> {
    let all: Vec<Vec<Segment>> = ops.iter().map(|op| segments(op.path)).collect();
    let shortest = all.iter().map(Vec::len).min().unwrap_or(0);
    let common = (0..shortest)
        .take_while(|&i| all.iter().all(|s| s[i] == all[0][i]))
        .count();
    let group: BTreeSet<String> = group.iter().flat_map(|w| forms(w)).collect();
    let named_by_group = |s: &&Segment| {
        s.is_name()
            && s.words()
                .iter()
                .all(|w| group.contains(w) || group.contains(&singular(w)))
    };
    let shared = &all[0][..common];
    // One operation shares its whole path with itself: only its group's
    // words make a segment its own.
    let shared_named = (ops.len() > 1)
        .then(|| shared.iter().rev().find(|s| s.is_name()))
        .flatten();
    shared
        .iter()
        .rev()
        .find(named_by_group)
        .or_else(|| all.iter().flatten().find(named_by_group))
        .or(shared_named)
        .map(|s| OwnCollection {
            literal: s.literal.clone(),
        })
}

/// The name an operation wants, before collisions, and what could tell it
/// apart from another that wants the same.
#[derive(Debug, Clone)]
struct Wanted {
    name: String,
    origin: NameOrigin,
    /// The phrase after the object (`with entered id`), filler removed.
    phrase: Vec<String>,
    /// The object's words, all of them (`atmosphere version`).
    object: Vec<String>,
}

/// The name an operation wants (rules 1 to 3 of the module docs).
fn wanted_name(op: &OperationFacts<'_>, group: &GroupShape) -> Wanted {
    for (text, source) in [
        (op.action, NameSource::ActionName),
        (op.resource, NameSource::ResourceName),
    ] {
        if let Some(wanted) = from_text(text, op, group, source) {
            return wanted;
        }
    }
    if let Some(wanted) = from_rpc_path(op, group) {
        return wanted;
    }
    if let Some(wanted) = from_query(op, group) {
        return wanted;
    }
    from_crud(op, group)
}

/// Rule 1: a verb and its object from a name.
fn from_text(
    text: &str,
    op: &OperationFacts<'_>,
    group: &GroupShape,
    source: NameSource,
) -> Option<Wanted> {
    let words = words::without_quantities(name_words(text));
    let origin = NameOrigin::new(source, format!("`{text}`"));
    let (verb, object) = match verb_and_object(&words) {
        // A `GET` changes nothing: `Charge State` is a state to get.
        Some((verb, _)) if is_read(op.method) && !words::reads(verb) => {
            let object: Vec<String> = words
                .iter()
                .filter(|w| !words::is_filler(w))
                .cloned()
                .collect();
            return (object.len() <= 4).then(|| phrase_name("get", object, op, group, origin));
        }
        Some(found) => found,
        None => return None,
    };
    Some(phrase_name(verb, object, op, group, origin))
}

/// Whether a method only reads.
fn is_read(method: &str) -> bool {
    matches!(method, "GET" | "HEAD")
}

/// The verb of a name and the words of its object: the first word that is
/// a verb (`Pause all jobs`), past adverbs (`Partially update …`), or the
/// last (`Container stop`).
fn verb_and_object(words: &[String]) -> Option<(&str, Vec<String>)> {
    let first = words
        .iter()
        .position(|w| !w.ends_with("ly"))
        .filter(|&i| words::verb(&words[i]).is_some());
    if let Some(i) = first {
        return Some((words[i].as_str(), words[i + 1..].to_vec()));
    }
    let last = words.len().checked_sub(1)?;
    if last > 0 && words::verb(&words[last]).is_some() {
        return Some((words[last].as_str(), words[..last].to_vec()));
    }
    None
}

/// A name from a verb and its object's words (rule 1).
fn phrase_name(
    verb_word: &str,
    object: Vec<String>,
    op: &OperationFacts<'_>,
    group: &GroupShape,
    origin: NameOrigin,
) -> Wanted {
    let mut verb = match words::verb(verb_word) {
        Some(Verb::Crud(canonical)) => canonical.to_owned(),
        _ => words::own_verb(verb_word).to_owned(),
    };
    let mut object: Vec<String> = object
        .into_iter()
        .filter(|w| !words::is_filler(w))
        .collect();
    // `list of devices`, `details of a zone`: the object follows `of`.
    if object.len() > 1 && object[1] == "of" && is_view_word(&object[0]) {
        if object[0] == "list" && matches!(verb.as_str(), "get" | "list") {
            verb = "list".to_owned();
        }
        object.drain(..2);
    }
    let cut = object
        .iter()
        .position(|w| words::is_qualifier(w))
        .unwrap_or(object.len());
    let phrase = qualifying_phrase(object.split_off(cut));
    let mut all = false;
    object.retain(|w| {
        if w == "all" || w == "every" {
            all = true;
            false
        } else {
            !words::is_structure(w)
        }
    });
    if let [.., previous, last] = object.as_slice() {
        if words::is_trailing_structure(last, previous) {
            if last == "list" && matches!(verb.as_str(), "get" | "list") {
                verb = "list".to_owned();
            }
            object.pop();
        }
    }
    let full_object = object.clone();
    let object = without_group_words(object, group);
    if verb == "get" && (all || op.is_list) {
        verb = "list".to_owned();
    }
    // `add` says more than `create` only with what is added (`add_device`).
    if verb == "add" && object.is_empty() {
        verb = "create".to_owned();
    }
    let mut name = vec![verb.clone()];
    if all && verb != "list" {
        name.push("all".to_owned());
    }
    name.extend(object_words(&verb, object));
    // A relation is part of what the operation does (`list_by_template`),
    // unless it only names the group (`by user` in `Users`).
    if phrase.first().is_some_and(|w| w == "by") {
        let target: Vec<String> = phrase[1..]
            .iter()
            .filter(|w| !group.says(w))
            .cloned()
            .collect();
        if !target.is_empty() {
            name.push("by".to_owned());
            name.extend(target);
        }
    }
    Wanted {
        name: finish(&name),
        origin,
        phrase,
        object: full_object,
    }
}

/// The phrase after an object, without filler; a relation (`associated
/// with`, `belonging to`, `related to`) says `by` (`list_by_template`).
fn qualifying_phrase(words: Vec<String>) -> Vec<String> {
    let mut phrase: Vec<String> = words.into_iter().filter(|w| !words::is_filler(w)).collect();
    let relation = phrase.len() > 2
        && matches!(
            phrase[0].as_str(),
            "associated" | "belonging" | "related" | "linked"
        )
        && matches!(phrase[1].as_str(), "with" | "to");
    if relation {
        phrase.splice(..2, ["by".to_owned()]);
    }
    phrase
}

/// Words that present a thing rather than name it (`list of`, `details of`).
fn is_view_word(word: &str) -> bool {
    matches!(
        word,
        "list" | "details" | "detail" | "info" | "information" | "collection" | "set" | "page"
    )
}

/// The object without what the accessor says: nothing when it names the
/// group's own thing (its words are the group's, or its last word is, in a
/// group about one thing), else without the group's words.
fn without_group_words(object: Vec<String>, group: &GroupShape) -> Vec<String> {
    if object.is_empty() {
        return object;
    }
    let head_is_group = object.last().is_some_and(|w| group.says(w));
    if group.single_concept && head_is_group {
        return Vec::new();
    }
    if object.iter().all(|w| group.says(w)) {
        // In a group of several things (`Schools and classes`) the object
        // says which one.
        return if group.single_concept {
            Vec::new()
        } else {
            object
        };
    }
    let rest: Vec<String> = object.iter().filter(|w| !group.says(w)).cloned().collect();
    if rest.is_empty() {
        object
    } else {
        rest
    }
}

/// At most three words of the object (its last ones: the head noun and
/// what qualifies it), plural for a `list`.
fn object_words(verb: &str, mut object: Vec<String>) -> Vec<String> {
    if object.len() > 3 {
        object.drain(..object.len() - 3);
    }
    if verb == "list" {
        if let Some(last) = object.last_mut() {
            if singular(last) == *last {
                *last = plural(last);
            }
        }
    }
    object
}

/// Rule 2: the verb of an RPC-style path (`/session/ignore`, `/host/accept/all`).
fn from_rpc_path(op: &OperationFacts<'_>, group: &GroupShape) -> Option<Wanted> {
    let segments = segments(op.path);
    // The literal tail of the path, after the group's own collection.
    let start = group
        .own
        .as_ref()
        .and_then(|own| segments.iter().rposition(|s| s.literal == own.literal))
        .map_or(0, |i| i + 1);
    let tail = &segments[start.min(segments.len())..];
    let Some(verb_at) = tail
        .iter()
        .position(|s| s.is_name() && s.words().first().is_some_and(|w| words::verb(w).is_some()))
    else {
        return rpc_segment(op, tail);
    };
    if tail[verb_at..].iter().any(|s| s.variable) {
        return None;
    }
    let words: Vec<String> = tail[verb_at..].iter().flat_map(Segment::words).collect();
    let (verb, object) = verb_and_object(&words)?;
    let literal: Vec<&str> = tail[verb_at..].iter().map(|s| s.literal.as_str()).collect();
    let origin = NameOrigin::new(NameSource::PathSegment, format!("`{}`", literal.join("/")));
    Some(phrase_name(verb, object, op, group, origin))
}

/// Rule 2 for a segment that is no verb: a call that changes something at a
/// last segment of several words (`POST …/command/flash_lights`) is named
/// by it; a one-word segment may be a collection, left to the CRUD rule.
fn rpc_segment(op: &OperationFacts<'_>, tail: &[Segment]) -> Option<Wanted> {
    let last = tail.last().filter(|s| s.is_name() && !is_read(op.method))?;
    let words = last.words();
    if words.len() < 2 || singular(words.last()?) != *words.last()? {
        return None;
    }
    Some(Wanted {
        name: finish(&words),
        origin: NameOrigin::new(NameSource::PathSegment, format!("`{}`", last.literal)),
        phrase: Vec::new(),
        object: words,
    })
}

/// Rule 2: the literal query value that selects the operation
/// (`?action=getListOfMembers`).
fn from_query(op: &OperationFacts<'_>, group: &GroupShape) -> Option<Wanted> {
    op.path.query.iter().find_map(|(key, value)| {
        // Only a value written out names the operation.
        let crate::model::QueryValue::Literal(value) = value else {
            return None;
        };
        let words = name_words(value);
        let (verb, object) = verb_and_object(&words)?;
        let origin = NameOrigin::new(NameSource::QueryLiteral, format!("`{key}={value}`"));
        Some(phrase_name(verb, object, op, group, origin))
    })
}

/// Rule 3: the CRUD shape of the method and the path.
fn from_crud(op: &OperationFacts<'_>, group: &GroupShape) -> Wanted {
    let segments = segments(op.path);
    let item = segments.last().is_some_and(|s| s.variable);
    // The object: the last named segment, unless it is the group's own.
    let noun = segments.iter().rev().find(|s| s.is_name()).filter(|s| {
        group
            .own
            .as_ref()
            .is_none_or(|own| own.literal != s.literal)
    });
    let noun_words: Vec<String> = noun.map(Segment::words).unwrap_or_default();
    let noun_words = without_group_words(noun_words, group);
    // A `GET` of a collection named in the plural lists it.
    let plural_collection = segments
        .last()
        .filter(|s| s.is_name())
        .and_then(|s| s.words().pop())
        .is_some_and(|w| singular(&w) != w);
    // A collection whose items are fetched one by one is listed.
    let has_items = !item
        && group.with_items.contains(
            op.path
                .to_string()
                .split('?')
                .next()
                .unwrap_or_default()
                .trim_end_matches('/'),
        );
    let verb = match op.method {
        "GET" if op.is_list || has_items || (plural_collection && !op.is_object) => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        other => return crud(&other.to_ascii_lowercase(), noun_words, op, item),
    };
    crud(verb, noun_words, op, item)
}

fn crud(verb: &str, noun: Vec<String>, op: &OperationFacts<'_>, item: bool) -> Wanted {
    let shape = if item { "an item" } else { "a collection" };
    let mut name = vec![verb.to_owned()];
    let mut noun = noun;
    // One of a collection is singular: an item (`get_user`) or what a
    // `POST` adds (`create_user`). Any other call on a path that is no item
    // acts on what that path names, as written (`GET …/gui_settings` is
    // `get_gui_settings`, `DELETE …/keys` is `delete_keys`).
    let as_written = verb == "list" || (!item && verb != "create");
    if !as_written {
        if let Some(last) = noun.last_mut() {
            *last = singular(last);
        }
    }
    name.extend(object_words(verb, noun.clone()));
    Wanted {
        name: finish(&name),
        origin: NameOrigin::new(
            NameSource::Crud,
            format!("`{}` of {shape} at `{}`", op.method, op.path),
        ),
        phrase: Vec::new(),
        object: noun,
    }
}

/// The word of context a method and a path give a type that another
/// wants the name of (`ZoneList`, `ZoneCreate`): what the CRUD shape does.
pub(crate) fn crud_word(method: &str, path: &PathTemplate) -> &'static str {
    let item = segments(path).last().is_some_and(|s| s.variable);
    match method {
        "GET" if item => "Details",
        "GET" => "List",
        "POST" => "Create",
        "PUT" => "Update",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        _ => "",
    }
}

/// A method name from its words.
fn finish(words: &[String]) -> String {
    avoid(snake_ident(&words.join(" ")), HANDLE_METHODS)
}

/// The plural of an English noun (`address` → `addresses`, `policy` → `policies`).
fn plural(noun: &str) -> String {
    if noun.ends_with("ss")
        || noun.ends_with('x')
        || noun.ends_with("ch")
        || noun.ends_with("sh")
        || (noun.ends_with('s') && singular(noun) == noun)
    {
        format!("{noun}es")
    } else if noun.ends_with('s') {
        noun.to_owned()
    } else if let Some(stem) = noun
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

/// Where a `PUT` and a `PATCH` on one path would both be `update…`, the
/// `PATCH` is `patch…`.
fn patch_beside_put(
    ops: &[OperationFacts<'_>],
    accessors: &[String],
    mut wanted: Vec<Wanted>,
) -> Vec<Wanted> {
    for i in 0..ops.len() {
        if ops[i].method != "PATCH" {
            continue;
        }
        let Some(rest) = wanted[i].name.strip_prefix("update").map(str::to_owned) else {
            continue;
        };
        let beside_put = (0..ops.len()).any(|j| {
            ops[j].method == "PUT"
                && accessors[j] == accessors[i]
                && ops[j].path.segments == ops[i].path.segments
                && wanted[j].name == wanted[i].name
        });
        if beside_put {
            wanted[i].name = format!("patch{rest}");
            wanted[i]
                .origin
                .detail
                .push_str("; `patch` beside a `PUT` that is `update`");
        }
    }
    wanted
}

/// Where operations want one name and one of them says nothing more, the
/// others say what they add (`set_charge_limit` and
/// `set_charge_limit_to_standard` for `Set Charge Limit` and `Set Charge
/// Limit to Standard`), whichever comes first.
fn phrases_beside_none(accessors: &[String], mut wanted: Vec<Wanted>) -> Vec<Wanted> {
    let mut by_name: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, w) in wanted.iter().enumerate() {
        by_name
            .entry((accessors[i].as_str(), w.name.clone()))
            .or_default()
            .push(i);
    }
    for members in by_name.into_values().filter(|m| m.len() > 1) {
        let bare = members
            .iter()
            .filter(|&&i| wanted[i].phrase.is_empty())
            .count();
        let phrases: BTreeSet<&Vec<String>> = members
            .iter()
            .map(|&i| &wanted[i].phrase)
            .filter(|p| !p.is_empty())
            .collect();
        if bare != 1 || phrases.len() != members.len() - 1 {
            continue;
        }
        for &i in &members {
            if !wanted[i].phrase.is_empty() {
                let name = finish(&[wanted[i].name.clone(), wanted[i].phrase.join(" ")]);
                wanted[i]
                    .origin
                    .detail
                    .push_str("; its phrase tells it from one without");
                wanted[i].name = name;
            }
        }
    }
    wanted
}

/// Gives every operation a unique method within its accessor (see
/// "Collisions" in the module docs).
fn resolve(
    ops: &[OperationFacts<'_>],
    keys: &[String],
    accessors: &[String],
    wanted: &[Wanted],
    input: &NamingInput<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, NameOrigin)> {
    let mut out: Vec<Option<(String, NameOrigin)>> = vec![None; ops.len()];
    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    // Configuration first, then the lock: their names are fixed.
    for (&i, method) in input.configured {
        out[i] = Some((
            method.clone(),
            NameOrigin::new(
                NameSource::Configuration,
                "`[[method]]` in the configuration",
            ),
        ));
        taken.insert((accessors[i].clone(), method.clone()));
    }
    for i in 0..ops.len() {
        if out[i].is_some() {
            continue;
        }
        let Some((accessor, method)) = input
            .locked_methods
            .get(&keys[i])
            .and_then(|v| v.split_once('.'))
        else {
            continue;
        };
        if accessor != accessors[i] || taken.contains(&(accessors[i].clone(), method.to_owned())) {
            continue;
        }
        // What the rules would give instead is found by `infer_locked`.
        let origin = if method == wanted[i].name {
            wanted[i].origin.clone()
        } else {
            NameOrigin::new(NameSource::Lock, "kept from names.lock")
        };
        out[i] = Some((method.to_owned(), origin));
        taken.insert((accessors[i].clone(), method.to_owned()));
    }
    // The rest, in document order: a free wanted name is taken as is.
    let mut holder: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, slot) in out.iter().enumerate() {
        if let Some((method, _)) = slot {
            holder.insert((accessors[i].clone(), method.clone()), i);
        }
    }
    let mut pending = Vec::new();
    for i in 0..ops.len() {
        if out[i].is_some() {
            continue;
        }
        let key = (accessors[i].clone(), wanted[i].name.clone());
        let wanted_elsewhere = (0..ops.len())
            .any(|j| j < i && accessors[j] == accessors[i] && wanted[j].name == wanted[i].name);
        if taken.contains(&key) || wanted_elsewhere {
            pending.push(i);
        } else {
            out[i] = Some((wanted[i].name.clone(), wanted[i].origin.clone()));
            taken.insert(key.clone());
            holder.insert(key, i);
        }
    }
    // Collisions: told apart by the spec's words, else numbered.
    let mut fixed: BTreeSet<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.is_some())
        .map(|(i, _)| i)
        .filter(|&i| {
            input.configured.contains_key(&i) || input.locked_methods.contains_key(&keys[i])
        })
        .collect();
    for i in pending {
        let key = (accessors[i].clone(), wanted[i].name.clone());
        let first = holder.get(&key).copied();
        let qualified = first.and_then(|h| {
            qualifiers(ops, wanted, i, h)
                .into_iter()
                .map(|(q, why)| (finish(&[wanted[i].name.clone(), q.join(" ")]), why, q))
                .find(|(name, _, _)| !taken.contains(&(accessors[i].clone(), name.clone())))
        });
        let (name, origin) = match (qualified, first) {
            (Some((name, why, words)), Some(h)) => {
                // Siblings told apart by their own path segments each take
                // theirs (`send_service_ton`, `send_service_jetton`).
                if why.starts_with("the path segment")
                    && !fixed.contains(&h)
                    && path_siblings(ops[i].path, ops[h].path)
                {
                    let theirs = qualifiers(ops, wanted, h, i)
                        .into_iter()
                        .find(|(_, why)| why.starts_with("the path segment"))
                        .filter(|(q, _)| *q != words)
                        .map(|(q, why)| (finish(&[wanted[h].name.clone(), q.join(" ")]), why));
                    if let Some((renamed, why)) =
                        theirs.filter(|(n, _)| !taken.contains(&(accessors[h].clone(), n.clone())))
                    {
                        taken.remove(&(accessors[h].clone(), wanted[h].name.clone()));
                        taken.insert((accessors[h].clone(), renamed.clone()));
                        let mut origin = wanted[h].origin.clone();
                        origin.collision = Some(format!(
                            "`{}` is also wanted by `{}`; told apart by {why}",
                            wanted[h].name,
                            ops[i].action_or_resource()
                        ));
                        out[h] = Some((renamed, origin));
                        fixed.insert(h);
                    }
                }
                let mut origin = wanted[i].origin.clone();
                origin.collision = Some(format!(
                    "`{}` is `{}`'s; told apart by {why}",
                    wanted[i].name,
                    ops[h].action_or_resource()
                ));
                (name, origin)
            }
            _ => {
                let mut n = 2;
                let mut candidate = format!("{}_{n}", wanted[i].name);
                while taken.contains(&(accessors[i].clone(), candidate.clone())) {
                    n += 1;
                    candidate = format!("{}_{n}", wanted[i].name);
                }
                let other = first.map_or_else(String::new, |h| {
                    format!(
                        " and `{}` (line {})",
                        ops[h].action_or_resource(),
                        ops[h].line
                    )
                });
                diagnostics.push(Diagnostic::warning(
                    "method-name-collision",
                    ops[i].line,
                    ops[i].column,
                    format!(
                        "`{}` (line {}){other} both want `{}().{}` and nothing in the spec tells them apart; this one is `{candidate}` (pin a name with `[[method]] operation = {:?}` and `fn = \"…\"` in the configuration)",
                        ops[i].action_or_resource(),
                        ops[i].line,
                        accessors[i],
                        wanted[i].name,
                        ops[i].action_or_resource(),
                    ),
                ));
                let mut origin =
                    NameOrigin::new(NameSource::Counter, "nothing in the spec tells it apart");
                origin.collision = Some(format!("`{}` was taken", wanted[i].name));
                (candidate, origin)
            }
        };
        taken.insert((accessors[i].clone(), name.clone()));
        out[i] = Some((name, origin));
    }
    out.into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| ("call".to_owned(), NameOrigin::new(NameSource::Crud, "")))
        })
        .collect()
}

/// Whether two paths differ in exactly one named segment, at the same place
/// (`/service/ton`, `/service/jetton`).
fn path_siblings(a: &PathTemplate, b: &PathTemplate) -> bool {
    let (a, b) = (segments(a), segments(b));
    a.len() == b.len()
        && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.is_name() && y.is_name()))
}

impl OperationFacts<'_> {
    /// The operation as the spec names it, for messages.
    fn action_or_resource(&self) -> String {
        if self.action.trim().is_empty() {
            if self.resource.trim().is_empty() {
                format!("{} {}", self.method, self.path)
            } else {
                self.resource.to_owned()
            }
        } else {
            self.action.to_owned()
        }
    }
}

/// What could tell operation `i` apart from `holder`, which has the name
/// both want: candidate words to append, with what they are, in order.
fn qualifiers(
    ops: &[OperationFacts<'_>],
    wanted: &[Wanted],
    i: usize,
    holder: usize,
) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let (a, b) = (&ops[i], &ops[holder]);
    // The object's words the holder's object does not have.
    let object: Vec<String> = wanted[i]
        .object
        .iter()
        .filter(|w| !wanted[holder].object.contains(w))
        .cloned()
        .collect();
    if !object.is_empty() {
        out.push((object.clone(), format!("its words `{}`", object.join(" "))));
    }
    // The phrase after the object.
    if !wanted[i].phrase.is_empty() && wanted[i].phrase != wanted[holder].phrase {
        out.push((
            wanted[i].phrase.clone(),
            format!("its words `{}`", wanted[i].phrase.join(" ")),
        ));
    }
    // A literal path segment the holder does not have at that place.
    let (sa, sb) = (segments(a.path), segments(b.path));
    // A version (`/v2/`) tells two paths apart too.
    let named_or_version = |s: &Segment| !s.variable && !s.words().is_empty();
    let differing: Vec<String> = sa
        .iter()
        .enumerate()
        .filter(|(k, s)| named_or_version(s) && sb.get(*k) != Some(s))
        .flat_map(|(_, s)| s.words())
        .filter(|w| !sb.iter().any(|t| t.words().contains(w)))
        .collect();
    if !differing.is_empty() {
        let by = sa
            .iter()
            .position(|s| s.is_name() && s.words().first() == differing.first())
            .is_some_and(|k| sa.get(k + 1).is_some_and(|n| n.variable) && k + 2 == sa.len());
        let mut words = differing.clone();
        if by {
            words.insert(0, "by".to_owned());
        }
        out.push((words, format!("the path segment `{}`", differing.join("/"))));
    }
    // A literal query value.
    let qa: Vec<String> = a
        .path
        .query
        .iter()
        .filter(|p| !b.path.query.contains(p))
        .flat_map(|(_, v)| match v {
            crate::model::QueryValue::Literal(text) => name_words(text),
            _ => Vec::new(),
        })
        .collect();
    if !qa.is_empty() {
        out.push((qa.clone(), format!("the query value `{}`", qa.join(" "))));
    }
    // The other words of its names.
    for (mine, theirs, what) in [
        (a.resource, b.resource, "resource"),
        (a.action, b.action, "action"),
    ] {
        // A plural is the same word.
        let theirs: Vec<String> = name_words(theirs).iter().map(|w| singular(w)).collect();
        let own: Vec<String> = name_words(mine)
            .into_iter()
            .filter(|w| {
                !theirs.contains(&singular(w)) && !words::is_filler(w) && !words::is_structure(w)
            })
            .collect();
        if !own.is_empty() {
            out.push((
                own.clone(),
                format!("its {what}'s words `{}`", own.join(" ")),
            ));
        }
    }
    if a.method != b.method {
        out.push((
            vec![a.method.to_ascii_lowercase()],
            format!("its method `{}`", a.method),
        ));
    }
    // A word the name already says tells nothing apart (`pause_all_pause`).
    let said: Vec<&str> = wanted[i].name.split('_').collect();
    out.into_iter()
        .filter_map(|(words, why)| {
            let words: Vec<String> = words
                .into_iter()
                .filter(|w| w == "by" || !said.contains(&w.as_str()))
                .collect();
            (!words.is_empty() && words != ["by"]).then_some((words, why))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(template: &str) -> PathTemplate {
        PathTemplate::from_uri(&blueprint_parser::parse_uri_template(template).unwrap())
    }

    struct Op {
        group: &'static str,
        resource: &'static str,
        action: &'static str,
        method: &'static str,
        path: PathTemplate,
        is_list: bool,
        is_object: bool,
    }

    fn op(group: &'static str, action: &'static str, method: &'static str, template: &str) -> Op {
        Op {
            group,
            resource: "",
            action,
            method,
            path: path(template),
            is_list: false,
            is_object: false,
        }
    }

    fn names(ops: &[Op]) -> Vec<String> {
        let facts: Vec<OperationFacts<'_>> = ops
            .iter()
            .enumerate()
            .map(|(i, o)| OperationFacts {
                group: o.group,
                resource: o.resource,
                action: o.action,
                method: o.method,
                path: &o.path,
                is_list: o.is_list,
                is_object: o.is_object,
                line: u32::try_from(i).unwrap() + 1,
                column: 1,
            })
            .collect();
        let empty = BTreeMap::new();
        let naming = name_operations(
            &facts,
            &NamingInput {
                locked_accessors: &empty,
                locked_methods: &empty,
                configured: &BTreeMap::new(),
            },
        );
        naming
            .names
            .into_iter()
            .map(|n| format!("{}.{}", n.accessor, n.method))
            .collect()
    }

    #[test]
    fn the_action_says_what_happens() {
        assert_eq!(
            names(&[
                op("Jobs", "List jobs", "GET", "/jobs"),
                op("Jobs", "Pause all jobs", "POST", "/jobs/pause"),
                op("Jobs", "Unpause all jobs", "POST", "/jobs/unpause"),
                op(
                    "Vehicle Commands",
                    "Set Valet Mode",
                    "POST",
                    "/vehicles/{id}/command/set_valet_mode"
                ),
                op(
                    "Vehicle Commands",
                    "Reset Valet PIN",
                    "POST",
                    "/vehicles/{id}/command/reset_valet_pin"
                ),
            ]),
            [
                "jobs.list",
                "jobs.pause_all",
                "jobs.unpause_all",
                "vehicle_commands.set_valet_mode",
                "vehicle_commands.reset_valet_pin",
            ]
        );
    }

    #[test]
    fn structure_words_leave_group_names_and_quantities_leave_actions() {
        assert_eq!(
            names(&[
                op(
                    "Employees Collection",
                    "List employees",
                    "GET",
                    "/employees"
                ),
                op("Orders API", "Create one or more orders", "POST", "/orders"),
                op("Resources", "", "GET", "/resources"),
                op("Resource Requests", "", "GET", "/requests"),
            ]),
            [
                "employees.list",
                "orders.create",
                "resources.list",
                "resource_requests.list"
            ]
        );
    }

    #[test]
    fn express_style_placeholders_name_nothing() {
        assert_eq!(
            names(&[
                op("Companies", "", "GET", "/api/companies/:id"),
                op("Companies", "", "DELETE", "/api/companies/:id"),
                op(
                    "Companies",
                    "",
                    "GET",
                    "/api/companies/:company_id/projects"
                ),
            ]),
            [
                "companies.get",
                "companies.delete",
                "companies.list_projects"
            ]
        );
    }

    #[test]
    fn a_get_of_a_path_that_is_no_item_keeps_its_noun_as_written() {
        // Each answers one object: what the path names, plural or not.
        let object = |group, template| Op {
            is_object: true,
            ..op(group, "", "GET", template)
        };
        assert_eq!(
            names(&[
                object("Vehicles", "/vehicles/{id}/data_request/gui_settings"),
                object("Hosts", "/hosts/{id}/keys"),
                op("Hosts", "", "POST", "/hosts/{id}/keys"),
                op("Hosts", "", "DELETE", "/hosts/{id}/keys"),
                op("Users", "", "GET", "/users/{id}/settings/{name}"),
            ]),
            [
                "vehicles.get_gui_settings",
                "hosts.get_keys",
                // One of a collection is singular.
                "hosts.create_key",
                "hosts.delete_keys",
                "users.get_setting",
            ]
        );
    }

    #[test]
    fn filler_and_group_words_are_not_names() {
        let mut list = op(
            "Zones",
            "Retrieve Route53 hosted DNS zones",
            "GET",
            "/zones/",
        );
        list.is_list = true;
        assert_eq!(
            names(&[
                list,
                op(
                    "Zones",
                    "Retrieve hosted DNS zone details",
                    "GET",
                    "/zones/{id}/"
                ),
                op("Zones", "Remove hosted DNS zone", "DELETE", "/zones/{id}/"),
                op(
                    "Records",
                    "Update record resource",
                    "PATCH",
                    "/zones/{id}/records/{record_id}/"
                ),
                op(
                    "Boot Scripts",
                    "Create a Boot Script",
                    "POST",
                    "/boot_scripts"
                ),
                op("Stacks", "View a stack", "GET", "/stacks/{id}"),
                op(
                    "Stacks",
                    "View a stack action",
                    "GET",
                    "/stacks/{stack_id}/actions/{id}"
                ),
            ]),
            [
                "zones.list",
                "zones.get",
                "zones.delete",
                "records.update",
                "boot_scripts.create",
                "stacks.get",
                "stacks.get_action",
            ]
        );
    }

    #[test]
    fn rpc_paths_and_crud_shapes() {
        assert_eq!(
            names(&[
                op("", "", "POST", "/session/create"),
                op("", "", "POST", "/session/ignore"),
                op("", "", "POST", "/host/accept"),
                op("", "", "POST", "/host/accept/all"),
                op("", "", "GET", "/hosts"),
                op("Escolas e turmas", "Criar escola", "POST", "/schools"),
                op(
                    "Escolas e turmas",
                    "Detalhes da turma",
                    "GET",
                    "/school-classes/{id}"
                ),
            ]),
            [
                "session.create",
                "session.ignore",
                "hosts.accept",
                "hosts.accept_all",
                "hosts.list",
                "escolas_e_turmas.create_school",
                "escolas_e_turmas.get_school_class",
            ]
        );
    }

    #[test]
    fn put_and_patch_get_two_verbs() {
        assert_eq!(
            names(&[
                op(
                    "Policies",
                    "Update a specific policy",
                    "PUT",
                    "/policies/{id}"
                ),
                op(
                    "Policies",
                    "Partially update a specific policy",
                    "PATCH",
                    "/policies/{id}"
                ),
            ]),
            ["policies.update", "policies.patch"]
        );
    }

    #[test]
    fn collisions_are_told_apart_by_the_spec_s_words() {
        assert_eq!(
            names(&[
                op(
                    "",
                    "Send service withdrawal",
                    "POST",
                    "/v1/withdrawal/service/ton"
                ),
                op(
                    "",
                    "Send service withdrawal",
                    "POST",
                    "/v1/withdrawal/service/jetton"
                ),
                op("Version", "Retrieve Atmosphere version", "GET", "/version"),
                op("Version", "Retrieve Troposphere version", "GET", "/version"),
                op("Devices", "Register a new device", "POST", "/device"),
                op(
                    "Devices",
                    "Register a new device with the entered id",
                    "POST",
                    "/device"
                ),
            ]),
            [
                "withdrawal.send_ton",
                "withdrawal.send_jetton",
                "version.get",
                "version.get_troposphere",
                "devices.register",
                "devices.register_with_entered_id",
            ]
        );
    }

    #[test]
    fn a_counter_only_when_nothing_tells_them_apart() {
        assert_eq!(
            names(&[
                op("Things", "Get thing", "GET", "/things/{id}"),
                op("Things", "Get thing", "GET", "/things/{id}"),
            ]),
            ["things.get", "things.get_2"]
        );
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("address"), "addresses");
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("drivers"), "drivers");
        assert_eq!(plural("box"), "boxes");
    }
}
