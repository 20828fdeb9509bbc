//! A tolerant parser for API Blueprint 1A documents.
//!
//! [`parse`] turns any input into a [`Blueprint`] IR plus diagnostics; it never panics.
//!
//! The syntax of single lines (headings, section keywords, parameter
//! signatures in both the pre-2015 and the 2015+ form, URI templates, header
//! lines, model references) lives in a pest grammar (`src/blueprint.pest`).
//! A small Rust layer expands leading tabs to 4-column stops (keeping the
//! original line and column for diagnostics), tracks indentation, fenced code
//! and HTML blocks, assembles the tree, and resolves model references and
//! parameter locations.
//!
//! # Diagnostic codes
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `non-utf8-input` | error | the input is not UTF-8; it was read with replacement characters |
//! | `unresolved-model-reference` | error | `[Name][]` names no resource model |
//! | `tab-character` | warning | tabs in the source: one warning per contiguous run of lines containing tabs |
//! | `invalid-json-body` | warning | a body is not valid JSON as written; located where parsing breaks |
//! | `repaired-json-body` | warning | such a body was repaired unambiguously (see [`RepairedJson`]) |
//! | `empty-body` | warning | a `+ Body` section without content |
//! | `body-indentation` | warning | a body not indented 8 columns deeper than its `+ Body` (or payload) line |
//! | `irregular-parameter-signature` | warning | missing comma, unexpected attribute, or an unreadable signature |
//! | `unknown-parameter-type` | warning | a type other than string, number, integer, boolean, object, array, enum, file, date, datetime |
//! | `unused-parameter` | warning | a parameter that is neither a URI variable nor sendable as query/form |
//! | `undeclared-uri-variable` | warning | a URI template variable without a parameter |
//! | `literal-uri-segment` | warning | a non-path parameter whose name is a literal segment of the URI (missing braces?) |
//! | `duplicate-uri-template` | warning | two resources with the same URI template |
//! | `equivalent-uri-template` | warning | two URI templates that differ only in variable names |
//! | `duplicate-action` | warning | two actions with the same method and (equivalent) URI |
//! | `duplicate-model` | warning | a second `+ Model` in one resource |
//! | `duplicate-model-name` | warning | two resources with models under the same name |
//! | `invalid-uri-template` | warning | a URI that is not RFC 6570 level 1 plus `{?a,b}` |
//! | `invalid-header-line` | warning | a `+ Headers` line that is not `Name: value` |
//! | `misplaced-section` | warning | `+ Response`/`+ Request` outside an action, `+ Model` inside one |

// pest's derive without its `std` feature (see the workspace manifest) names
// `crate::alloc` in the generated code.
extern crate alloc;

pub mod diagnostic;
mod grammar;
pub mod ir;
mod json_repair;
mod parser;
mod resolve;
mod source;

use std::num::NonZeroUsize;

pub use diagnostic::{Diagnostic, Severity};
pub use ir::*;

/// Upper bound on pest rule calls for one line, so backtracking can never hang.
const CALL_LIMIT: usize = 2_000_000;

/// Parses any bytes. Non-UTF-8 input yields a `non-utf8-input` error
/// diagnostic and is parsed with invalid sequences replaced by U+FFFD.
pub fn parse(source: &[u8]) -> Blueprint {
    match std::str::from_utf8(source) {
        Ok(text) => parse_str(text),
        Err(err) => {
            let valid = source.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let text = String::from_utf8_lossy(source);
            let mut bp = parse_str(&text);
            bp.diagnostics.push(Diagnostic::error(
                "non-utf8-input",
                source::to_u32(line),
                source::to_u32(column),
                "the input is not valid UTF-8; invalid bytes were replaced by U+FFFD",
            ));
            sort(&mut bp.diagnostics);
            bp
        }
    }
}

/// Parses a blueprint held in a string.
pub fn parse_str(source: &str) -> Blueprint {
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let mut diagnostics = Vec::new();
    let lines = source::split_lines(source, &mut diagnostics);
    let mut bp = parser::build(&lines, &mut diagnostics);
    resolve::resolve(&mut bp, &mut diagnostics);
    sort(&mut diagnostics);
    bp.diagnostics = diagnostics;
    bp
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.line, d.column));
}

impl Blueprint {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// All actions with their resource, in document order.
    pub fn actions(&self) -> impl Iterator<Item = (&Resource, &Action)> {
        self.groups
            .iter()
            .flat_map(|g| &g.resources)
            .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
    }

    /// All resources in document order.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.groups.iter().flat_map(|g| &g.resources)
    }
}
