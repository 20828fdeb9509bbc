//! Which warnings are shown: the configuration's `[lint] allow` and the
//! command line's `--allow CODE`.
//!
//! An allowed warning is not shown, but never lost without a trace: the
//! caller prints one line counting them by code. Errors cannot be allowed.

use std::collections::BTreeMap;
use std::fmt;

use blueprint_parser::{Diagnostic, Severity};

/// The warnings left out, counted by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed {
    counts: BTreeMap<String, usize>,
}

impl Allowed {
    /// How many warnings were left out.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

impl fmt::Display for Allowed {
    /// `62 allowed warning(s) not shown: body-indentation (60), tab-character (2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let by_code: Vec<String> = self
            .counts
            .iter()
            .map(|(code, n)| format!("{code} ({n})"))
            .collect();
        write!(
            f,
            "{} allowed warning(s) not shown: {}",
            self.total(),
            by_code.join(", ")
        )
    }
}

/// The diagnostics to show, and the warnings `allow` leaves out.
pub fn partition<'d>(
    diagnostics: &'d [Diagnostic],
    allow: &[String],
) -> (Vec<&'d Diagnostic>, Allowed) {
    let mut shown = Vec::new();
    let mut allowed = Allowed::default();
    for d in diagnostics {
        if d.severity == Severity::Warning && allow.contains(&d.code) {
            *allowed.counts.entry(d.code.clone()).or_default() += 1;
        } else {
            shown.push(d);
        }
    }
    (shown, allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_warnings_are_counted_and_errors_always_shown() {
        let diagnostics = vec![
            Diagnostic::warning("body-indentation", 3, 1, "a"),
            Diagnostic::warning("body-indentation", 9, 1, "b"),
            Diagnostic::warning("tab-character", 4, 1, "c"),
            Diagnostic::error("unknown-mson-type", 5, 1, "d"),
        ];
        let allow = [
            "body-indentation".to_owned(),
            "unknown-mson-type".to_owned(),
        ];
        let (shown, allowed) = partition(&diagnostics, &allow);
        let codes: Vec<&str> = shown.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["tab-character", "unknown-mson-type"]);
        assert_eq!(allowed.total(), 2);
        assert_eq!(
            allowed.to_string(),
            "2 allowed warning(s) not shown: body-indentation (2)"
        );
        let (shown, allowed) = partition(&diagnostics, &[]);
        assert_eq!(shown.len(), 4);
        assert!(allowed.is_empty());
    }
}
