//! MSON: `+ Attributes` sections and the `# Data Structures` section.
//!
//! Tree assembly ([`crate::parser`]) only records where each MSON section is
//! ([`PendingMson`]); they are read here once the whole document is known,
//! because a type may be used before it is declared. Reading resolves named
//! types, inheritance and `Include` mixins ([`read`]); rendering produces the
//! JSON bodies drafter would generate from attributes ([`render`]).

mod read;
mod render;
mod tree;

use crate::diagnostic::Diagnostic;
use crate::ir::{Blueprint, DataStructure, MsonValue};
use crate::source::Line;

/// Deepest nesting of members (and of named types within named types) that is
/// read; deeper input is reported, never recursed into (bounded stack).
const MAX_DEPTH: usize = 64;

/// Where the value read from a [`PendingMson`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum MsonTarget {
    /// A new entry of [`Blueprint::data_structures`].
    DataStructure,
    /// `attributes` of resource `(group, resource)`.
    Resource(usize, usize),
    /// `attributes` of action `(group, resource, action)`.
    Action(usize, usize, usize),
    /// `attributes` of request `(group, resource, action, request)`.
    Request(usize, usize, usize, usize),
    /// `attributes` of response `(group, resource, action, response)`.
    Response(usize, usize, usize, usize),
    /// `attributes` of the model of resource `(group, resource)`.
    Model(usize, usize),
}

/// An MSON section found during tree assembly, read later.
#[derive(Debug, Clone)]
pub(crate) struct PendingMson<'a> {
    /// Where the value goes.
    pub target: MsonTarget,
    /// The `+ Attributes` line, or the named type's heading.
    pub header: Line<'a>,
    /// The named type's name (data structures only).
    pub name: Option<&'a str>,
    /// The items of the type definition (`User` in `+ Attributes (User)`).
    pub definition: Option<Vec<&'a str>>,
    /// A named type heading's description (`## Id (string) - text`).
    pub description: Option<&'a str>,
    /// The lines of the section, after its header line.
    pub body: Vec<Line<'a>>,
}

/// Reads every pending section into the IR, with its diagnostics.
pub(crate) fn resolve(
    bp: &mut Blueprint,
    pending: &[PendingMson<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if pending.is_empty() {
        return;
    }
    let values = read::read_all(bp, pending, diagnostics);
    for (p, value) in pending.iter().zip(values) {
        let slot = match p.target {
            MsonTarget::DataStructure => {
                bp.data_structures.push(DataStructure {
                    name: p.name.unwrap_or_default().to_owned(),
                    value,
                });
                continue;
            }
            MsonTarget::Resource(g, r) => resource(bp, g, r).map(|r| &mut r.attributes),
            MsonTarget::Model(g, r) => resource(bp, g, r)
                .and_then(|r| r.model.as_mut())
                .map(|m| &mut m.attributes),
            MsonTarget::Action(g, r, a) => action(bp, g, r, a).map(|a| &mut a.attributes),
            MsonTarget::Request(g, r, a, i) => action(bp, g, r, a)
                .and_then(|a| a.requests.get_mut(i))
                .map(|p| &mut p.attributes),
            MsonTarget::Response(g, r, a, i) => action(bp, g, r, a)
                .and_then(|a| a.responses.get_mut(i))
                .map(|p| &mut p.attributes),
        };
        if let Some(slot) = slot {
            *slot = Some(value);
        }
    }
}

/// Sets `media_type_is_json` on every payload and renders `generated_body`
/// where drafter would (after model references are resolved).
pub(crate) fn generate_bodies(bp: &mut Blueprint, diagnostics: &mut Vec<Diagnostic>) {
    render::generate(bp, diagnostics);
}

fn resource(bp: &mut Blueprint, g: usize, r: usize) -> Option<&mut crate::ir::Resource> {
    bp.groups.get_mut(g)?.resources.get_mut(r)
}

fn action(bp: &mut Blueprint, g: usize, r: usize, a: usize) -> Option<&mut crate::ir::Action> {
    resource(bp, g, r)?.actions.get_mut(a)
}

/// The named types, as references resolve them: data structures first (the
/// first of a name), then named resources' attributes.
pub(crate) fn named_types(bp: &Blueprint) -> crate::grammar::FastMap<&str, &MsonValue> {
    let mut map = crate::grammar::FastMap::default();
    for ds in &bp.data_structures {
        map.entry(ds.name.as_str()).or_insert(&ds.value);
    }
    for r in bp.resources() {
        if let (false, Some(a)) = (r.name.is_empty(), r.attributes.as_ref()) {
            map.entry(r.name.as_str()).or_insert(a);
        }
    }
    map
}
