//! The three reports of a [`Diff`]: text for a terminal, Markdown for a pull
//! request or a changelog entry, JSON as a contract.

use std::fmt::Write as _;

use super::{Bump, Change, Class, Diff, Subject};

/// `1 breaking, 3 additive, 0 informational`.
fn counts(diff: &Diff) -> String {
    let s = diff.summary;
    format!(
        "{} breaking, {} additive, {} informational",
        s.breaking, s.additive, s.informational
    )
}

fn at_line(change: &Change) -> String {
    change
        .line
        .map_or_else(String::new, |l| format!(" (line {l})"))
}

/// The changes in groups: operations (in the diff's order), then types (by name).
fn groups(diff: &Diff) -> Vec<(&Subject, Vec<&Change>)> {
    let mut out: Vec<(&Subject, Vec<&Change>)> = Vec::new();
    for change in &diff.changes {
        match out.iter_mut().find(|(s, _)| *s == &change.subject) {
            Some((_, list)) => list.push(change),
            None => out.push((&change.subject, vec![change])),
        }
    }
    // Operations keep their order; types come after, by name.
    out.sort_by(|(a, _), (b, _)| match (a, b) {
        (Subject::Operation { .. }, Subject::Type { .. }) => std::cmp::Ordering::Less,
        (Subject::Type { .. }, Subject::Operation { .. }) => std::cmp::Ordering::Greater,
        (Subject::Type { name: x, .. }, Subject::Type { name: y, .. }) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    out
}

/// The report for a terminal: the counts first, then each operation and
/// each type with its changes, one line each.
pub fn render_text(diff: &Diff) -> String {
    let mut out = counts(diff);
    if diff.is_empty() {
        out.push_str(": no change in the API\n");
        return out;
    }
    out.push('\n');
    let groups = groups(diff);
    let mut section = "";
    for (subject, changes) in groups {
        let (title, head) = match subject {
            Subject::Operation { key, rust } => ("operations", format!("{key}  {rust}")),
            Subject::Type { name, rust } => ("types", format!("{name}  {rust}")),
        };
        if title != section {
            let _ = writeln!(out, "\n{title}:");
            section = title;
        }
        let _ = writeln!(out, "  {head}");
        for c in changes {
            let _ = writeln!(
                out,
                "    {:<13} {}: {}{}",
                c.class.as_str(),
                c.kind.as_str(),
                c.message,
                at_line(c)
            );
        }
    }
    out
}

/// The report as Markdown, for a pull request or a `CHANGELOG.md` entry:
/// the counts and the version the changes need, then one list per class
/// under headings of `level` (`####` for 4).
pub fn render_markdown(diff: &Diff, bump: &Bump, level: usize) -> String {
    let hashes = "#".repeat(level.clamp(1, 6));
    let mut out = String::new();
    let need = match &bump.to {
        Some(to) => format!(
            "the crate needs a {} version bump ({} → {to})",
            bump.part, bump.from
        ),
        None => "no new version is needed".to_owned(),
    };
    let _ = writeln!(out, "**{}**: {need}.", counts(diff));
    for (class, title) in [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Additive"),
        (Class::Informational, "Informational"),
    ] {
        let of_class: Vec<&Change> = diff.changes.iter().filter(|c| c.class == class).collect();
        if of_class.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{hashes} {title}\n");
        for c in of_class {
            let place = match &c.operation {
                Some(op) => format!(
                    " (`{op}`{})",
                    c.line.map_or_else(String::new, |l| format!(", line {l}"))
                ),
                None => at_line(c),
            };
            let _ = writeln!(out, "- {}{place}", c.message);
        }
    }
    out
}

/// The JSON contract: `{"summary": {"breaking", "additive",
/// "informational"}, "changes": [{"kind", "class", "operation", "item",
/// "rust", "old", "new", "line", "message"}]}`.
pub fn render_json(diff: &Diff) -> String {
    serde_json::to_string_pretty(diff).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}
