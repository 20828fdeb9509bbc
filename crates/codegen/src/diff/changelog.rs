//! The "Unreleased" section of a generated crate's `CHANGELOG.md`, kept by
//! `cargo xtask regen`.
//!
//! Each regeneration writes one entry: the Markdown report of what changed
//! since the committed spec (its base). The entry is fenced by HTML comments
//! naming its base, so running `regen` again against the same base replaces
//! it instead of adding a second one, and an API back to its base removes
//! it. Entries of earlier bases (committed regenerations) stay, newest first,
//! until the maintainer releases: they bump the version, rename the section
//! and start a new `## [Unreleased]`.

/// The file a crate starts with.
pub const CHANGELOG_TEMPLATE: &str = "# Changelog\n\
\n\
What changed in this crate's API, release by release. `cargo xtask regen` writes the\n\
entries under \"Unreleased\" (each names the version bump its changes need); the maintainer\n\
bumps the version in `Cargo.toml`, turns \"Unreleased\" into that version with its date, and\n\
starts a new \"Unreleased\" section.\n\
\n\
## [Unreleased]\n";

const UNRELEASED: &str = "## [Unreleased]";

/// The opening comment of the entry written against `base`.
pub fn entry_marker(base: &str) -> String {
    format!("<!-- regen: since {base} -->")
}

fn closing_marker(base: &str) -> String {
    format!("<!-- /regen: since {base} -->")
}

/// `current` (the file, or `None` for a new one) with the entry against
/// `base` replaced by `entry` (removed when `None`). A new entry goes first
/// under `## [Unreleased]`, which is added after the title when missing.
pub fn changelog_with_entry(current: Option<&str>, base: &str, entry: Option<&str>) -> String {
    let mut text = current.unwrap_or(CHANGELOG_TEMPLATE).replace("\r\n", "\n");
    let (open, close) = (entry_marker(base), closing_marker(base));
    // An entry is `\n<open>\n…\n<close>\n` right after a line.
    if let (Some(start), Some(end)) = (text.find(&open), text.find(&close)) {
        if end > start {
            let start = if text[..start].ends_with("\n\n") {
                start - 1
            } else {
                start
            };
            let mut end = end + close.len();
            if text[end..].starts_with('\n') {
                end += 1;
            }
            text.replace_range(start..end, "");
        }
    }
    let Some(entry) = entry else { return text };
    if !text.contains(UNRELEASED) {
        // After the title and its paragraph: before the first release heading.
        let at = text.find("\n## ").map_or(text.len(), |i| i + 1);
        let mut prefix = text[..at].to_owned();
        if !prefix.ends_with("\n\n") && !prefix.is_empty() {
            prefix.push('\n');
        }
        let rest = &text[at..];
        let gap = if rest.is_empty() { "" } else { "\n" };
        text = format!("{prefix}{UNRELEASED}\n{gap}{rest}");
    }
    let heading = text.find(UNRELEASED).unwrap_or(0);
    let after = text[heading..]
        .find('\n')
        .map_or(text.len(), |i| heading + i + 1);
    let block = format!("\n{open}\n{}\n{close}\n", entry.trim_end());
    text.insert_str(after, &block);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_goes_first_and_replaces_the_one_of_its_base() {
        let first = changelog_with_entry(None, "aaaa", Some("### One\n\n- x\n"));
        assert!(first.starts_with("# Changelog"));
        let unreleased = first.find(UNRELEASED).unwrap();
        let entry = first.find("### One").unwrap();
        assert!(entry > unreleased, "{first}");
        // The same base again: replaced, not added.
        let again = changelog_with_entry(Some(&first), "aaaa", Some("### Two\n"));
        assert!(
            !again.contains("### One") && again.contains("### Two"),
            "{again}"
        );
        // A new base: prepended above the older entry.
        let next = changelog_with_entry(Some(&again), "bbbb", Some("### Three\n"));
        assert!(
            next.find("### Three").unwrap() < next.find("### Two").unwrap(),
            "{next}"
        );
        // Back to its base: the entry goes, the others stay.
        let back = changelog_with_entry(Some(&next), "bbbb", None);
        assert_eq!(back, again);
        assert_eq!(
            changelog_with_entry(Some(&first), "aaaa", None),
            CHANGELOG_TEMPLATE
        );
    }

    #[test]
    fn an_unreleased_section_is_added_before_the_releases() {
        let text = "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-01-01\n\n- first\n";
        let out = changelog_with_entry(Some(text), "cc", Some("### New\n"));
        let u = out.find(UNRELEASED).unwrap();
        assert!(
            u < out.find("## [0.1.0]").unwrap() && u > out.find("Intro.").unwrap(),
            "{out}"
        );
        assert!(out.contains("### New"), "{out}");
    }
}
