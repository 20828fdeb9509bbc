//! Reading MSON sections into [`MsonValue`]s: type definitions, members,
//! samples and defaults, with named types, inheritance and mixins resolved.

use super::tree::{self, Node, Tree};
use super::{MsonTarget, PendingMson, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::grammar::{self, FastMap, HeadingKind, MemberGroup, MsonItem, MsonSignature, NameForm};
use crate::ir::{
    Blueprint, Member, MsonKind, MsonValue, OneOf, OneOfOption, Property, TypeAttribute,
};
use crate::source::Line;

/// Reads every pending section; the values come back in `pending`'s order.
pub(super) fn read_all(
    bp: &Blueprint,
    pending: &[PendingMson<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MsonValue> {
    let mut names: Vec<Option<&str>> = vec![None; pending.len()];
    let mut index: FastMap<&str, usize> = FastMap::default();
    // Data structures first, then named resources (see `super::named_types`).
    for pass in [true, false] {
        for (i, p) in pending.iter().enumerate() {
            let name = match (pass, p.target) {
                (true, MsonTarget::DataStructure) => p.name.unwrap_or_default(),
                (false, MsonTarget::Resource(g, r)) => bp
                    .groups
                    .get(g)
                    .and_then(|g| g.resources.get(r))
                    .map_or("", |r| r.name.as_str()),
                _ => continue,
            };
            if name.is_empty() {
                continue;
            }
            if let Some(&first) = index.get(name) {
                let line = pending.get(first).map_or(0, |f| f.header.number);
                diagnostics.push(Diagnostic::warning(
                    "duplicate-data-structure",
                    p.header.number,
                    p.header.content_column(),
                    format!("named type `{name}` is already defined on line {line}; references use that one"),
                ));
            } else {
                index.insert(name, i);
                if let Some(n) = names.get_mut(i) {
                    *n = Some(name);
                }
            }
        }
    }
    let mut reader = Reader {
        pending,
        index,
        names,
        kinds: vec![Slot::Todo; pending.len()],
        values: vec![Slot::Todo; pending.len()],
        inheritance: Vec::new(),
        sizes: vec![None; pending.len()],
        copied: 0,
        budget: COPY_BASE + COPY_PER_LINE * pending.iter().map(|p| p.body.len() + 1).sum::<usize>(),
        diagnostics,
    };
    for i in 0..pending.len() {
        reader.ensure(i, 0);
    }
    reader
        .values
        .into_iter()
        .zip(pending)
        .map(|(slot, p)| match slot {
            Slot::Done(v) => v,
            _ => MsonValue::empty(MsonKind::Object, &p.header),
        })
        .collect()
}

/// Members (nested ones included) inheritance and mixins may copy per line of
/// MSON, plus [`COPY_BASE`]: copies of copies could otherwise grow
/// exponentially, while real documents stay far below a linear bound.
const COPY_PER_LINE: usize = 20;

/// The copy budget of a document without MSON lines to speak of.
const COPY_BASE: usize = 20_000;

/// What a type name refers to.
enum Name {
    /// A base type.
    Base(MsonKind),
    /// The named type of a pending section.
    Named(usize),
    /// Nothing in this document.
    Unknown,
}

/// The outcome of [`Reader::copy_members`].
enum Copy {
    /// The members and items.
    Members(Vec<Member>, Vec<MsonValue>),
    /// Being read (a cycle) or too deep.
    Unavailable,
    /// Over the copy budget (reported).
    Over,
}

/// The number of values in `v`, nested ones included.
fn size(v: &MsonValue) -> usize {
    1 + v.properties.iter().map(member_size).sum::<usize>()
        + v.items.iter().map(size).sum::<usize>()
}

fn member_size(m: &Member) -> usize {
    match m {
        Member::Property(p) => size(&p.value),
        Member::OneOf(o) => {
            1 + o
                .options
                .iter()
                .flat_map(|opt| &opt.properties)
                .map(member_size)
                .sum::<usize>()
        }
    }
}

/// The state of a lazily computed, cycle-checked result.
#[derive(Debug, Clone)]
enum Slot<T> {
    Todo,
    Busy,
    Done(T),
}

struct Reader<'p, 'a, 'd> {
    pending: &'p [PendingMson<'a>],
    /// Named type -> its pending section.
    index: FastMap<&'a str, usize>,
    /// The name each pending section defines (first definitions only).
    names: Vec<Option<&'a str>>,
    /// Base kind of each named type, following inheritance.
    kinds: Vec<Slot<Option<MsonKind>>>,
    /// The value of each section.
    values: Vec<Slot<MsonValue>>,
    /// Named types whose kind is being resolved, innermost last.
    inheritance: Vec<usize>,
    /// Member count of each named type's value (memoised for the copy budget).
    sizes: Vec<Option<usize>>,
    /// Members copied by inheritance and mixins so far.
    copied: usize,
    /// How many may be copied in this document.
    budget: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// What a value is read from.
struct Decl<'n, 'a> {
    /// The type definition.
    spec: Spec<'a>,
    /// The literal as written (`: value`, an item's value).
    literal: Option<&'a str>,
    /// The inline description.
    description: Option<&'a str>,
    /// Nested items.
    children: &'n [Node<'a>],
    /// Nested text lines (the block description).
    text: &'n [&'a str],
    /// Where it is declared.
    line: &'n Line<'a>,
    /// Whether the value must be complete (data structures, named resources):
    /// it inherits its base's members even without members of its own.
    complete: bool,
    /// The kind when nothing says otherwise.
    default_kind: MsonKind,
}

/// A parsed type definition: `(array[Tag], required)`.
#[derive(Debug, Clone, Default)]
struct Spec<'a> {
    /// The type specification as written.
    type_name: Option<&'a str>,
    /// The type name before `[`, without link or backticks.
    base: Option<&'a str>,
    /// The names inside `[…]`.
    nested: Vec<&'a str>,
    /// The type attributes.
    attributes: Vec<TypeAttribute>,
    /// Words that are neither attributes nor the (first) type.
    extra: Vec<&'a str>,
}

/// The base type named `name`, if it is one (drafter's names; any case).
pub(super) fn base_kind(name: &str) -> Option<MsonKind> {
    Some(match name.to_ascii_lowercase().as_str() {
        "object" => MsonKind::Object,
        "array" => MsonKind::Array,
        "enum" => MsonKind::Enum,
        "string" => MsonKind::String,
        "number" => MsonKind::Number,
        "boolean" => MsonKind::Boolean,
        _ => return None,
    })
}

/// Strips a Markdown link (`[User][]`, `[User](#user)`) and backticks from a type name.
fn clean_name(name: &str) -> &str {
    let name = name.trim();
    let name = match name.strip_prefix('[') {
        Some(rest) if rest.contains("][") || rest.contains("](") => {
            rest.split(']').next().unwrap_or(rest)
        }
        _ => name,
    };
    name.trim().trim_matches('`').trim()
}

/// Parses the items of a type definition.
fn spec<'a>(items: Option<&[&'a str]>) -> Spec<'a> {
    let mut s = Spec::default();
    for &item in items.unwrap_or_default() {
        let attribute = match item {
            "required" => TypeAttribute::Required,
            "optional" => TypeAttribute::Optional,
            "fixed" => TypeAttribute::Fixed,
            "fixed-type" => TypeAttribute::FixedType,
            "nullable" => TypeAttribute::Nullable,
            "sample" => TypeAttribute::Sample,
            "default" => TypeAttribute::Default,
            _ if s.type_name.is_none() => {
                s.type_name = Some(item);
                let (base, nested) = match item.find('[') {
                    Some(open) if item.ends_with(']') && !item.starts_with('[') => {
                        let inner = item.get(open + 1..item.len() - 1).unwrap_or("");
                        (item.get(..open).unwrap_or(""), split_top(inner, ','))
                    }
                    _ => (item, Vec::new()),
                };
                s.base = Some(clean_name(base)).filter(|b| !b.is_empty());
                s.nested = nested
                    .into_iter()
                    .map(clean_name)
                    .filter(|n| !n.is_empty())
                    .collect();
                continue;
            }
            _ => {
                s.extra.push(item);
                continue;
            }
        };
        if !s.attributes.contains(&attribute) {
            s.attributes.push(attribute);
        }
    }
    s
}

/// Splits `text` at `sep` outside backticks and brackets, trimming each part.
fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut code, mut start) = (0usize, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '[' | '(' if !code => depth += 1,
            ']' | ')' if !code => depth = depth.saturating_sub(1),
            c if c == sep && !code && depth == 0 => {
                parts.push(text.get(start..i).unwrap_or("").trim());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or("").trim());
    parts
}

/// A value as written without its asterisks (variable) and outer backticks.
fn unwrap_value(text: &str) -> (&str, bool) {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('*') && t.ends_with('*') && !t.starts_with("**") {
        return (strip_code(t.get(1..t.len() - 1).unwrap_or("")), true);
    }
    (strip_code(t), false)
}

/// Removes the backticks of a value that is one code span.
fn strip_code(t: &str) -> &str {
    let t = t.trim();
    for fence in ["``", "`"] {
        if let Some(inner) = t.strip_prefix(fence).and_then(|r| r.strip_suffix(fence)) {
            if !inner.contains(fence) {
                return inner.trim();
            }
        }
    }
    t
}

/// Whether `text` is a JSON number (drafter's check for `number` values).
pub(super) fn is_number(text: &str) -> bool {
    let b = text.trim().as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b.get(int_start) == Some(&b'0')) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The kind of items without a type: the single primitive nested type, else string.
fn item_kind(nested: &[String]) -> MsonKind {
    match nested {
        [one] => match base_kind(one) {
            Some(k @ (MsonKind::String | MsonKind::Number | MsonKind::Boolean)) => k,
            _ => MsonKind::String,
        },
        _ => MsonKind::String,
    }
}

/// What an inline literal is: the value, a sample or the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Value,
    Sample,
    Default,
}

/// The role of `v`'s literal.
pub(super) fn role(v: &MsonValue) -> Role {
    if v.has(TypeAttribute::Default) {
        Role::Default
    } else if v.has(TypeAttribute::Sample) || v.variable {
        Role::Sample
    } else {
        Role::Value
    }
}

impl MsonValue {
    /// An empty value of `kind` declared at `line`.
    pub(super) fn empty(kind: MsonKind, line: &Line<'_>) -> Self {
        Self {
            kind,
            type_name: None,
            named_type: None,
            unknown_type: false,
            reference: false,
            nested_types: Vec::new(),
            type_attributes: Vec::new(),
            literal: None,
            variable: false,
            description: String::new(),
            properties: Vec::new(),
            items: Vec::new(),
            samples: Vec::new(),
            default: None,
            line: line.number,
            column: line.content_column(),
        }
    }
}

impl<'p, 'a> Reader<'p, 'a, '_> {
    fn warn(&mut self, code: &str, line: &Line<'_>, message: String) {
        self.diagnostics.push(Diagnostic::warning(
            code,
            line.number,
            line.content_column(),
            message,
        ));
    }

    fn error(&mut self, code: &str, line: &Line<'_>, message: String) {
        self.diagnostics.push(Diagnostic::error(
            code,
            line.number,
            line.content_column(),
            message,
        ));
    }

    /// Reads section `i` unless done; false when it is being read (a cycle)
    /// or nests too deep.
    fn ensure(&mut self, i: usize, depth: usize) -> bool {
        match self.values.get(i) {
            Some(Slot::Done(_)) => return true,
            Some(Slot::Busy) | None => return false,
            Some(Slot::Todo) => {}
        }
        let Some(p) = self.pending.get(i) else {
            return false;
        };
        if depth > MAX_DEPTH {
            self.warn(
                "irregular-mson-member",
                &p.header,
                format!("named types nest more than {MAX_DEPTH} levels deep here; the deeper ones are not expanded"),
            );
            return false;
        }
        if let Some(slot) = self.values.get_mut(i) {
            *slot = Slot::Busy;
        }
        let value = match p.target {
            MsonTarget::DataStructure => self.data_structure(p, depth),
            _ => self.attributes(i, p, depth),
        };
        if let Some(slot) = self.values.get_mut(i) {
            *slot = Slot::Done(value);
        }
        true
    }

    /// Whether section `i` is a named resource's attributes of its own type
    /// (`+ Attributes (Profile)` in resource `Profile`), which drafter reads
    /// as a plain object.
    fn names_itself(&self, i: usize) -> bool {
        self.pending.get(i).is_some_and(|p| {
            matches!(p.target, MsonTarget::Resource(..))
                && spec(p.definition.as_deref())
                    .base
                    .is_some_and(|b| self.index.get(b) == Some(&i))
        })
    }

    /// What a type name names. drafter's base type names are lower case; in
    /// another case (`String`) they are base types too unless a named type
    /// has that exact name (`## Array (array)`).
    fn resolve_name(&self, name: &str) -> Name {
        match (base_kind(name), self.index.get(name).copied()) {
            (Some(k), None) => Name::Base(k),
            (Some(k), Some(_)) if name.chars().all(|c| c.is_ascii_lowercase()) => Name::Base(k),
            (_, Some(j)) => Name::Named(j),
            (None, None) => Name::Unknown,
        }
    }

    /// Copies of the members of named type `j`, for inheritance or a mixin at
    /// `line`, within the document's copy budget.
    fn copy_members(&mut self, j: usize, depth: usize, line: &Line<'_>) -> Copy {
        if !self.ensure(j, depth + 1) {
            return Copy::Unavailable;
        }
        let size = match self.sizes.get(j).copied().flatten() {
            Some(n) => n,
            None => {
                let n = match self.values.get(j) {
                    Some(Slot::Done(v)) => size(v),
                    _ => 0,
                };
                if let Some(slot) = self.sizes.get_mut(j) {
                    *slot = Some(n);
                }
                n
            }
        };
        if self.copied + size > self.budget {
            let name = self.names.get(j).copied().flatten().unwrap_or("?");
            let budget = self.budget;
            self.warn(
                "irregular-mson-member",
                line,
                format!("expanding `{name}` here would copy more than {budget} members into this document (20 per MSON line); left out"),
            );
            return Copy::Over;
        }
        self.copied += size;
        match self.values.get(j) {
            Some(Slot::Done(v)) => Copy::Members(v.properties.clone(), v.items.clone()),
            _ => Copy::Unavailable,
        }
    }

    /// The base kind of named type `i`, following inheritance; `None` when
    /// its chain is circular or ends in an unknown name.
    fn kind_of(&mut self, i: usize) -> Option<MsonKind> {
        match self.kinds.get(i) {
            Some(Slot::Done(k)) => return *k,
            Some(Slot::Busy) => {
                self.circular(i);
                return None;
            }
            Some(Slot::Todo) => {}
            None => return None,
        }
        let p = self.pending.get(i)?;
        if self.inheritance.len() > MAX_DEPTH {
            return None;
        }
        if let Some(slot) = self.kinds.get_mut(i) {
            *slot = Slot::Busy;
        }
        self.inheritance.push(i);
        let mut s = spec(p.definition.as_deref());
        if self.names_itself(i) {
            s.base = None;
        }
        let kind = match s.base {
            None => Some(MsonKind::Object),
            Some(b) => match self.resolve_name(b) {
                Name::Base(k) => Some(k),
                Name::Named(j) => self.kind_of(j),
                Name::Unknown => None,
            },
        };
        self.inheritance.pop();
        if let Some(slot) = self.kinds.get_mut(i) {
            *slot = Slot::Done(kind);
        }
        kind
    }

    /// Reports the inheritance cycle that closes at named type `i`, at the
    /// declaration whose base closes it.
    fn circular(&mut self, i: usize) {
        let start = self.inheritance.iter().position(|&j| j == i).unwrap_or(0);
        let cycle = self.inheritance.get(start..).unwrap_or_default();
        let Some(&last) = cycle.last() else {
            return;
        };
        // Written from the reporting declaration: `A → B → A`.
        let mut names: Vec<&str> = std::iter::once(last)
            .chain(cycle.iter().copied().take(cycle.len() - 1))
            .map(|j| self.names.get(j).copied().flatten().unwrap_or("?"))
            .collect();
        names.push(names.first().copied().unwrap_or("?"));
        if let Some(p) = self.pending.get(last) {
            let line = p.header;
            self.error(
                "circular-mson-type",
                &line,
                format!(
                    "named type `{}` inherits from itself ({}); the cycle is not followed further",
                    names.first().copied().unwrap_or("?"),
                    names.join(" → ")
                ),
            );
        }
    }

    /// A `# Data Structures` named type.
    fn data_structure(&mut self, p: &'p PendingMson<'a>, depth: usize) -> MsonValue {
        // Header-defined type sections (`## Sample`, `## Properties`) become
        // items like their list-defined forms.
        let mut first: Vec<Line<'a>> = Vec::new();
        let mut sections: Vec<(Line<'a>, &'a str, Vec<Line<'a>>)> = Vec::new();
        for l in &p.body {
            let heading = (l.indent < 4 && l.content.starts_with('#'))
                .then(|| grammar::heading(l.content))
                .flatten();
            match heading {
                Some(h) if h.kind == HeadingKind::Empty => {
                    self.warn(
                        "empty-heading",
                        l,
                        "a heading without text inside a named type; ignored".to_owned(),
                    );
                }
                Some(h) => sections.push((*l, h.text, Vec::new())),
                None => match sections.last_mut() {
                    Some((_, _, lines)) => lines.push(*l),
                    None => first.push(*l),
                },
            }
        }
        let t = tree::tree(&first);
        self.report_depth(&t);
        let mut children = t.items;
        for (line, text, lines) in &sections {
            let sub = tree::tree(lines);
            self.report_depth(&sub);
            children.push(Node {
                line: *line,
                text,
                children: sub.items,
                text_lines: sub.text_lines,
            });
        }
        let decl = Decl {
            spec: spec(p.definition.as_deref()),
            literal: None,
            description: p.description,
            children: &children,
            text: &t.text_lines,
            line: &p.header,
            complete: true,
            default_kind: MsonKind::Object,
        };
        self.value(decl, depth)
    }

    /// An `+ Attributes` section.
    fn attributes(&mut self, i: usize, p: &'p PendingMson<'a>, depth: usize) -> MsonValue {
        let t = tree::tree(&p.body);
        self.report_depth(&t);
        let mut s = spec(p.definition.as_deref());
        if self.names_itself(i) {
            self.warn(
                "irregular-mson-member",
                &p.header,
                format!(
                    "the attributes of resource `{}` are declared of type `{0}`, their own name; read as `object`",
                    s.base.unwrap_or_default()
                ),
            );
            s.base = None;
        }
        let decl = Decl {
            spec: s,
            literal: None,
            description: None,
            children: &t.items,
            text: &t.text_lines,
            line: &p.header,
            complete: matches!(p.target, MsonTarget::Resource(..)),
            default_kind: MsonKind::Object,
        };
        self.value(decl, depth)
    }

    fn report_depth(&mut self, t: &Tree<'_>) {
        if let Some(l) = t.too_deep {
            self.warn(
                "irregular-mson-member",
                &l,
                format!("members nest more than {MAX_DEPTH} levels deep; the deeper lines are read as description"),
            );
        }
    }

    /// Reads one value: its type, literal, members, samples and default.
    fn value(&mut self, d: Decl<'_, 'a>, depth: usize) -> MsonValue {
        let line = d.line;
        let items: Vec<(Option<MsonItem<'a>>, &Node<'a>)> = d
            .children
            .iter()
            .map(|n| (grammar::mson_item(n.text), n))
            .collect();
        let has_members = items
            .iter()
            .any(|(i, _)| !matches!(i, Some(MsonItem::Sample(_) | MsonItem::Default(_))));
        let (literal, variable) = match d.literal.map(unwrap_value) {
            Some((l, var)) if !l.is_empty() => (Some(l), var),
            _ => (None, false),
        };
        let values: Vec<&str> = literal.map(|l| split_top(l, ',')).unwrap_or_default();
        self.check_spec(&d.spec, line);
        // The kind, and the named type it comes from.
        let implied = if values.len() > 1 {
            MsonKind::Array
        } else if has_members {
            MsonKind::Object
        } else {
            d.default_kind
        };
        let mut named_type = None;
        let mut unknown_type = false;
        let kind = match d.spec.base {
            None => implied,
            Some(b) => match self.resolve_name(b) {
                Name::Base(k) => k,
                Name::Named(j) => {
                    named_type = Some(j);
                    self.kind_of(j).unwrap_or(implied)
                }
                Name::Unknown if b.starts_with('*') => {
                    self.warn(
                        "unsupported-mson-construct",
                        line,
                        format!("generic type `{b}` (a variable type name) is not supported; read as `{}`", kind_name(implied)),
                    );
                    implied
                }
                Name::Unknown => {
                    unknown_type = true;
                    let fallback = if has_members || d.complete {
                        MsonKind::Object
                    } else {
                        implied
                    };
                    self.error(
                        "unknown-mson-type",
                        line,
                        format!(
                            "type `{b}` is neither a base type nor a named type of this document{}; the IR reads it as `{}`",
                            base_type_hint(b),
                            kind_name(fallback)
                        ),
                    );
                    fallback
                }
            },
        };
        let mut nested_types = Vec::new();
        for &n in &d.spec.nested {
            if base_kind(n).is_none() && !self.index.contains_key(n) {
                self.warn(
                    "unknown-nested-type",
                    line,
                    format!("`{n}` in `{}` is neither a base type nor a named type of this document; items of that type are left out", d.spec.type_name.unwrap_or(n)),
                );
            }
            nested_types.push(n.to_owned());
        }
        if !nested_types.is_empty() && !matches!(kind, MsonKind::Array | MsonKind::Enum) {
            self.warn(
                "irregular-mson-member",
                line,
                format!("nested types (`{}`) belong to arrays and enums only; kept but meaningless here", d.spec.type_name.unwrap_or_default()),
            );
        }
        let mut description = d.description.unwrap_or_default().to_owned();
        let block = tree::join(d.text);
        if !block.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&block);
        }
        let mut v = MsonValue::empty(kind, line);
        v.type_name = d.spec.type_name.map(str::to_owned);
        v.unknown_type = unknown_type;
        v.named_type = named_type
            .and_then(|j| self.names.get(j).copied().flatten())
            .map(str::to_owned);
        v.nested_types = nested_types;
        v.type_attributes = d.spec.attributes.clone();
        v.literal = literal.map(str::to_owned);
        v.variable = variable;
        v.description = description;
        self.inline_values(&mut v, &values, line);
        // Own members, in written order.
        let mut own = MsonValue::empty(kind, line);
        own.nested_types = v.nested_types.clone();
        for (item, node) in &items {
            self.member(&mut own, item.as_ref(), node, depth);
        }
        v.samples.append(&mut own.samples);
        if let Some(d) = own.default.take() {
            if v.default.is_some() {
                self.warn(
                    "irregular-mson-member",
                    line,
                    "more than one default value; the last is used, like drafter".to_owned(),
                );
            }
            v.default = Some(d);
        }
        // Inline values of an array or enum are members of its own too,
        // after the inherited ones.
        let inline_items = std::mem::take(&mut v.items);
        let has_own = !own.properties.is_empty()
            || !own.items.is_empty()
            || !inline_items.is_empty()
            || has_members;
        match (named_type, has_own || d.complete) {
            (Some(j), true) => {
                let name = v.named_type.clone();
                let base = self.copy_members(j, depth, line);
                match base {
                    Copy::Over => {}
                    Copy::Members(properties, items) => {
                        for mut m in properties {
                            set_origin(&mut m, name.as_deref());
                            push_member(&mut v.properties, m);
                        }
                        v.items = items;
                    }
                    // A circular inheritance is reported by `kind_of`.
                    Copy::Unavailable if matches!(self.kinds.get(j), Some(Slot::Done(Some(_)))) => self.warn(
                        "irregular-mson-member",
                        line,
                        format!(
                            "`{}` is used inside its own definition with members of its own; only those are listed",
                            name.as_deref().unwrap_or_default()
                        ),
                    ),
                    Copy::Unavailable => {}
                }
                for m in own.properties {
                    push_member(&mut v.properties, m);
                }
                v.items.extend(inline_items);
                v.items.append(&mut own.items);
            }
            (Some(_), false) => v.reference = true,
            (None, _) => {
                for m in own.properties {
                    push_member(&mut v.properties, m);
                }
                v.items = inline_items;
                v.items.append(&mut own.items);
            }
        }
        v
    }

    /// Warns about unrecognised and conflicting type attributes.
    fn check_spec(&mut self, s: &Spec<'_>, line: &Line<'_>) {
        for word in &s.extra {
            self.warn(
                "irregular-type-attribute",
                line,
                format!(
                    "unrecognised type attribute `{word}` (the type is already `{}`); ignored",
                    s.type_name.unwrap_or_default()
                ),
            );
        }
        use TypeAttribute as T;
        for (a, b, an, bn) in [
            (T::Required, T::Optional, "required", "optional"),
            (T::Fixed, T::Optional, "fixed", "optional"),
            (T::Default, T::Sample, "default", "sample"),
            (T::Fixed, T::FixedType, "fixed", "fixed-type"),
        ] {
            if s.attributes.contains(&a) && s.attributes.contains(&b) {
                self.warn(
                    "irregular-type-attribute",
                    line,
                    format!("cannot use `{an}` and `{bn}` together; both are kept as written"),
                );
            }
        }
    }

    /// Applies the inline literal: its values become items (arrays, enums),
    /// and a sample or default literal is also the first sample or the default.
    fn inline_values(&mut self, v: &mut MsonValue, values: &[&str], line: &Line<'_>) {
        let r = role(v);
        if v.literal.is_none() {
            for (attribute, name) in [
                (TypeAttribute::Sample, "sample"),
                (TypeAttribute::Default, "default"),
            ] {
                if v.has(attribute) {
                    self.warn(
                        "irregular-type-attribute",
                        line,
                        format!("`{name}` without a value"),
                    );
                }
            }
            return;
        }
        let mut carrier = MsonValue::empty(v.kind, line);
        carrier.literal = v.literal.clone();
        match v.kind {
            MsonKind::Array | MsonKind::Enum => {
                let kind = item_kind(&v.nested_types);
                for &value in values {
                    let (text, variable) = unwrap_value(value);
                    self.check_literal(kind, text, line);
                    let mut item = MsonValue::empty(kind, line);
                    item.literal = Some(text.to_owned());
                    item.variable = variable;
                    carrier.items.push(item);
                }
            }
            MsonKind::Object => {
                self.warn(
                    "irregular-mson-member",
                    line,
                    "an object has members, not a value; the value is kept as written but describes nothing".to_owned(),
                );
                return;
            }
            kind => {
                if let Some(l) = v.literal.clone() {
                    self.check_literal(kind, &l, line);
                }
            }
        }
        match r {
            Role::Value => v.items.append(&mut carrier.items),
            Role::Sample => v.samples.push(carrier),
            Role::Default => v.default = Some(Box::new(carrier)),
        }
    }

    /// Warns about a `number` or `boolean` literal drafter rejects.
    fn check_literal(&mut self, kind: MsonKind, text: &str, line: &Line<'_>) {
        let bad = match kind {
            MsonKind::Number => !is_number(text),
            MsonKind::Boolean => !matches!(text.trim(), "true" | "false"),
            _ => false,
        };
        if bad {
            self.warn(
                "invalid-mson-value",
                line,
                format!(
                    "`{text}` is not a valid {}; kept as written, rendered as `{}` like drafter",
                    kind_name(kind),
                    if kind == MsonKind::Number {
                        "0"
                    } else {
                        "false"
                    }
                ),
            );
        }
    }

    /// Reads one nested item of `v`.
    fn member(
        &mut self,
        v: &mut MsonValue,
        item: Option<&MsonItem<'a>>,
        node: &Node<'a>,
        depth: usize,
    ) {
        let Some(item) = item else {
            self.warn(
                "irregular-mson-member",
                &node.line,
                "cannot read this member; ignored".to_owned(),
            );
            return;
        };
        match item {
            MsonItem::Sample(inline) | MsonItem::Default(inline) => {
                let s = self.section_value(v, *inline, node, depth);
                let what = if matches!(item, MsonItem::Sample(_)) { "Sample" } else { "Default" };
                if s.literal.is_none() && s.items.is_empty() && s.properties.is_empty() {
                    self.warn(
                        "irregular-mson-member",
                        &node.line,
                        format!("an empty `{what}` section; ignored, like drafter"),
                    );
                } else if what == "Sample" {
                    v.samples.push(s);
                } else {
                    if v.default.is_some() {
                        self.warn(
                            "irregular-mson-member",
                            &node.line,
                            "more than one default value; the last is used, like drafter".to_owned(),
                        );
                    }
                    v.default = Some(Box::new(s));
                }
            }
            MsonItem::Group(group) => {
                let expected = match v.kind {
                    MsonKind::Object => Some(MemberGroup::Properties),
                    MsonKind::Array => Some(MemberGroup::Items),
                    MsonKind::Enum => Some(MemberGroup::Members),
                    _ => None,
                };
                if expected != Some(*group) {
                    self.warn(
                        "irregular-mson-member",
                        &node.line,
                        format!("`{}` does not fit {}; its members are read as members of it anyway", node.text, a_kind(v.kind)),
                    );
                }
                for child in &node.children {
                    let item = grammar::mson_item(child.text);
                    self.member(v, item.as_ref(), child, depth);
                }
            }
            MsonItem::Include(target) => self.include(v, target, node, depth),
            MsonItem::OneOf => {
                if v.kind != MsonKind::Object {
                    self.warn(
                        "irregular-mson-member",
                        &node.line,
                        format!("`One Of` belongs to objects, not to {}; ignored", a_kind(v.kind)),
                    );
                    return;
                }
                let one_of = self.one_of(node, depth);
                v.properties.push(Member::OneOf(one_of));
            }
            MsonItem::Member(sig) => match v.kind {
                MsonKind::Object => {
                    if let Some(p) = self.property(sig, node, depth) {
                        push_member(&mut v.properties, Member::Property(Box::new(p)));
                    }
                }
                MsonKind::Array | MsonKind::Enum => {
                    let item = self.item(sig, node, item_kind(&v.nested_types), depth);
                    v.items.push(item);
                }
                kind => self.warn(
                    "irregular-mson-member",
                    &node.line,
                    format!("{} has no members; ignored (drafter: sub-types of primitive types should not have nested members)", a_kind(kind)),
                ),
            },
        }
    }

    /// An object property.
    fn property(
        &mut self,
        sig: &MsonSignature<'a>,
        node: &Node<'a>,
        depth: usize,
    ) -> Option<Property> {
        let Some(mut name) = sig.name.filter(|n| !n.is_empty()) else {
            self.warn(
                "irregular-mson-member",
                &node.line,
                format!("`{}` in an object has no property name; ignored", node.text),
            );
            return None;
        };
        if sig.colon && sig.value.is_none() {
            self.warn(
                "irregular-mson-member",
                &node.line,
                format!("`{name}:` without a value"),
            );
        }
        let variable_name = sig.name_form == NameForm::Variable;
        if variable_name {
            if let Some((n, _)) = name.split_once('(') {
                self.warn(
                    "unsupported-mson-construct",
                    &node.line,
                    format!(
                        "the type of variable property name `{name}` is not read; the name is `{}`",
                        n.trim()
                    ),
                );
                name = n.trim();
            }
        }
        let decl = Decl {
            spec: spec(sig.definition.as_deref()),
            literal: if sig.colon { sig.value } else { None },
            description: sig.description,
            children: &node.children,
            text: &node.text_lines,
            line: &node.line,
            complete: false,
            default_kind: MsonKind::String,
        };
        if depth > MAX_DEPTH {
            return None;
        }
        let value = self.value(decl, depth + 1);
        Some(Property {
            name: name.to_owned(),
            variable_name,
            from_type: None,
            value,
        })
    }

    /// An array item or enum member.
    fn item(
        &mut self,
        sig: &MsonSignature<'a>,
        node: &Node<'a>,
        kind: MsonKind,
        depth: usize,
    ) -> MsonValue {
        let decl = Decl {
            spec: spec(sig.definition.as_deref()),
            literal: Some(sig.head).filter(|h| !h.is_empty()),
            description: sig.description,
            children: &node.children,
            text: &node.text_lines,
            line: &node.line,
            complete: false,
            default_kind: kind,
        };
        self.value(decl, depth + 1)
    }

    /// A `Sample` or `Default` section of `parent`: a value of the same kind.
    fn section_value(
        &mut self,
        parent: &MsonValue,
        inline: Option<&'a str>,
        node: &Node<'a>,
        depth: usize,
    ) -> MsonValue {
        let mut s = MsonValue::empty(parent.kind, &node.line);
        s.nested_types = parent.nested_types.clone();
        let text = tree::join(&node.text_lines);
        let literal = inline
            .map(str::to_owned)
            .or_else(|| (!text.is_empty()).then_some(text));
        match parent.kind {
            MsonKind::Array | MsonKind::Enum => {
                if let Some(l) = &literal {
                    let kind = item_kind(&s.nested_types);
                    for value in split_top(l, ',') {
                        let (t, variable) = unwrap_value(value);
                        let mut item = MsonValue::empty(kind, &node.line);
                        item.literal = Some(t.to_owned());
                        item.variable = variable;
                        s.items.push(item);
                    }
                }
                for child in &node.children {
                    let item = grammar::mson_item(child.text);
                    self.member(&mut s, item.as_ref(), child, depth);
                }
            }
            MsonKind::Object => {
                for child in &node.children {
                    let item = grammar::mson_item(child.text);
                    self.member(&mut s, item.as_ref(), child, depth);
                }
            }
            kind => {
                if let Some(l) = &literal {
                    self.check_literal(kind, l, &node.line);
                }
                if !node.children.is_empty() {
                    self.warn(
                        "irregular-mson-member",
                        &node.line,
                        format!(
                            "a sample of {} is text, not a list; the list items are ignored",
                            a_kind(kind)
                        ),
                    );
                }
            }
        }
        s.literal = literal.map(|l| unwrap_value(&l).0.to_owned());
        s
    }

    /// `Include Type`: the type's members, inserted here.
    fn include(&mut self, v: &mut MsonValue, target: &str, node: &Node<'a>, depth: usize) {
        let s = spec(Some(&[target]));
        let Some(name) = s.base else {
            self.warn(
                "irregular-mson-member",
                &node.line,
                "`Include` without a type; ignored".to_owned(),
            );
            return;
        };
        let Some(j) = self.index.get(name).copied() else {
            if base_kind(name).is_some() {
                self.warn(
                    "irregular-mson-member",
                    &node.line,
                    format!("`Include {name}`: only named types can be included; ignored"),
                );
            } else {
                self.error(
                    "unknown-mson-type",
                    &node.line,
                    format!("`Include {name}`: `{name}` is not a named type of this document; nothing is included"),
                );
            }
            return;
        };
        if matches!(self.values.get(j), Some(Slot::Busy)) {
            self.error(
                "circular-mson-type",
                &node.line,
                format!("`Include {name}` includes `{name}` in itself; ignored"),
            );
            return;
        }
        let kind = self.kind_of(j);
        let compatible = matches!(
            (v.kind, kind),
            (MsonKind::Object, Some(MsonKind::Object))
                | (
                    MsonKind::Array | MsonKind::Enum,
                    Some(MsonKind::Array | MsonKind::Enum)
                )
        );
        if !compatible {
            self.warn(
                "irregular-mson-member",
                &node.line,
                format!(
                    "`Include {name}`: {} cannot include {}; ignored",
                    a_kind(v.kind),
                    kind.map_or("a type of unknown kind", a_kind)
                ),
            );
            return;
        }
        let Copy::Members(properties, items) = self.copy_members(j, depth, &node.line) else {
            return;
        };
        for mut m in properties {
            set_origin(&mut m, Some(name));
            push_member(&mut v.properties, m);
        }
        v.items.extend(items);
    }

    /// A `One Of` group.
    fn one_of(&mut self, node: &Node<'a>, depth: usize) -> OneOf {
        let mut options = Vec::new();
        for child in &node.children {
            let item = grammar::mson_item(child.text);
            let mut holder = MsonValue::empty(MsonKind::Object, &child.line);
            match &item {
                Some(MsonItem::Group(MemberGroup::Properties)) => {
                    for grandchild in &child.children {
                        let item = grammar::mson_item(grandchild.text);
                        self.member(&mut holder, item.as_ref(), grandchild, depth + 1);
                    }
                }
                Some(MsonItem::Sample(_) | MsonItem::Default(_)) => {
                    self.warn(
                        "irregular-mson-member",
                        &child.line,
                        "a `One Of` option is a property, not a sample or default; ignored"
                            .to_owned(),
                    );
                    continue;
                }
                _ => self.member(&mut holder, item.as_ref(), child, depth + 1),
            }
            if !holder.properties.is_empty() {
                options.push(OneOfOption {
                    properties: holder.properties,
                    line: child.line.number,
                    column: child.line.content_column(),
                });
            }
        }
        if options.is_empty() {
            self.warn(
                "irregular-mson-member",
                &node.line,
                "`One Of` without options".to_owned(),
            );
        }
        OneOf {
            options,
            from_type: None,
            line: node.line.number,
            column: node.line.content_column(),
        }
    }
}

/// Marks a member as coming from named type `name` (unless it already says where from).
fn set_origin(m: &mut Member, name: Option<&str>) {
    let from = match m {
        Member::Property(p) => &mut p.from_type,
        Member::OneOf(o) => &mut o.from_type,
    };
    if from.is_none() {
        *from = name.map(str::to_owned);
    }
}

/// Adds a member; a property replaces an earlier one of the same name in
/// place (MSON's member type precedence).
fn push_member(members: &mut Vec<Member>, m: Member) {
    if let Member::Property(p) = &m {
        if let Some(slot) = members
            .iter_mut()
            .find(|q| matches!(q, Member::Property(q) if q.name == p.name))
        {
            *slot = m;
            return;
        }
    }
    members.push(m);
}

/// A kind with its article, for messages: "an `array`".
fn a_kind(kind: MsonKind) -> &'static str {
    match kind {
        MsonKind::Object => "an `object`",
        MsonKind::Array => "an `array`",
        MsonKind::Enum => "an `enum`",
        MsonKind::String => "a `string`",
        MsonKind::Number => "a `number`",
        MsonKind::Boolean => "a `boolean`",
    }
}

/// The MSON name of a kind.
pub(super) fn kind_name(kind: MsonKind) -> &'static str {
    match kind {
        MsonKind::Object => "object",
        MsonKind::Array => "array",
        MsonKind::Enum => "enum",
        MsonKind::String => "string",
        MsonKind::Number => "number",
        MsonKind::Boolean => "boolean",
    }
}

/// A hint for a type name other languages use for one of MSON's base types
/// (`bool`, `int`, `varchar(30)`, …): `` (did you mean `boolean`?)``.
fn base_type_hint(name: &str) -> String {
    let word = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let base = match word.as_str() {
        "bool" => "boolean",
        "int" | "integer" | "tinyint" | "smallint" | "bigint" | "long" | "float" | "double"
        | "decimal" | "numeric" | "real" => "number",
        "str" | "text" | "varchar" | "char" | "date" | "datetime" | "timestamp" | "time"
        | "uuid" | "guid" | "email" | "url" | "uri" => "string",
        "list" => "array",
        "dict" | "map" | "hash" => "object",
        _ => return String::new(),
    };
    format!(" (did you mean `{base}`?)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_definitions() {
        let s = spec(Some(&[
            "array[`Tag`, [User][]]",
            "required",
            "fixed-type",
            "bogus",
        ]));
        assert_eq!(s.base, Some("array"));
        assert_eq!(s.nested, ["Tag", "User"]);
        assert_eq!(
            s.attributes,
            [TypeAttribute::Required, TypeAttribute::FixedType]
        );
        assert_eq!(s.extra, ["bogus"]);
        assert_eq!(spec(Some(&["[User](#user)"])).base, Some("User"));
    }

    #[test]
    fn values() {
        assert_eq!(unwrap_value("*sample*"), ("sample", true));
        assert_eq!(unwrap_value("`a, b`"), ("a, b", false));
        assert_eq!(unwrap_value("_x_"), ("_x_", false));
        assert_eq!(split_top("`a,b`, c, [d, e]", ','), ["`a,b`", "c", "[d, e]"]);
        for ok in ["0", "-1", "1.5e-3", "421795144078094336", " 1.1e-1   "] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["00", "1.", "--1", "NaN", "infinity", "1e", "pre-3"] {
            assert!(!is_number(bad), "{bad}");
        }
    }

    #[test]
    fn other_languages_type_names_get_a_hint() {
        assert_eq!(super::base_type_hint("bool"), " (did you mean `boolean`?)");
        assert_eq!(
            super::base_type_hint("varchar(30)"),
            " (did you mean `string`?)"
        );
        assert_eq!(
            super::base_type_hint("Decimal"),
            " (did you mean `number`?)"
        );
        assert_eq!(super::base_type_hint("Customer"), "");
    }
}
