//! `cargo xtask lint --baseline`: which diagnostics of a new spec were not
//! in an old one.
//!
//! Lines move when a spec is edited, so a diagnostic is recognised by what
//! it says and where, not by its line number: its severity, its code, its
//! message with every number blanked (messages cite lines), and the text of
//! the line it points at. Identical diagnostics are counted, so a warning
//! that appears once more than before is new once.

use std::collections::BTreeMap;

use blueprint_parser::{Diagnostic, Severity};

/// The diagnostics of a new spec split against a baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineSplit {
    /// Indexes (into the new diagnostics) of those the baseline does not have.
    pub new: Vec<usize>,
    /// How many the baseline has too.
    pub known: usize,
}

type Key = (bool, String, String, String);

fn key(d: &Diagnostic, lines: &[&str]) -> Key {
    let mut message = String::with_capacity(d.message.len());
    let mut in_number = false;
    for c in d.message.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                message.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            message.push(c);
        }
    }
    let text = lines
        .get(d.line.saturating_sub(1) as usize)
        .map_or("", |l| l.trim())
        .to_owned();
    (d.severity == Severity::Error, d.code.clone(), message, text)
}

/// Splits `new` (diagnostics of `new_source`) into those `old` (of
/// `old_source`) does not have and a count of the others.
pub fn new_diagnostics(
    old: &[Diagnostic],
    old_source: &str,
    new: &[Diagnostic],
    new_source: &str,
) -> BaselineSplit {
    let old_lines: Vec<&str> = old_source.lines().collect();
    let new_lines: Vec<&str> = new_source.lines().collect();
    let mut remaining: BTreeMap<Key, usize> = BTreeMap::new();
    for d in old {
        *remaining.entry(key(d, &old_lines)).or_default() += 1;
    }
    let mut split = BaselineSplit {
        new: Vec::new(),
        known: 0,
    };
    for (i, d) in new.iter().enumerate() {
        match remaining.get_mut(&key(d, &new_lines)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                split.known += 1;
            }
            _ => split.new.push(i),
        }
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_diagnostics_are_known_and_added_ones_are_new() {
        let old_source = "FORMAT: 1A\n\n# API\n\n## A [/a]\n\n### List [GET]\n\n+ Response 200 (application/json)\n\n        {\"a\": 1,}\n";
        // Two lines inserted above, and a second broken body.
        let new_source = "FORMAT: 1A\n\n# API\n\nIntro.\n\n## A [/a]\n\n### List [GET]\n\n+ Response 200 (application/json)\n\n        {\"a\": 1,}\n\n## B [/b]\n\n### List [GET]\n\n+ Response 200 (application/json)\n\n        {\"b\": 1,}\n";
        let old = blueprint_parser::parse(old_source.as_bytes()).diagnostics;
        let new = blueprint_parser::parse(new_source.as_bytes()).diagnostics;
        assert!(!old.is_empty(), "the broken body is reported");
        let split = new_diagnostics(&old, old_source, &new, new_source);
        assert_eq!(split.known, old.len());
        assert!(!split.new.is_empty());
        assert!(
            split.new.iter().all(|&i| new[i].line > 14),
            "only the diagnostics of B are new: {:?}",
            split.new.iter().map(|&i| &new[i]).collect::<Vec<_>>()
        );
        let same = new_diagnostics(&new, new_source, &new, new_source);
        assert_eq!((same.new.len(), same.known), (0, new.len()));
    }
}
