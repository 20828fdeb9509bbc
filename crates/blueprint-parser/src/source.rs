//! The normalising pre-pass: split the source into lines and expand the
//! leading indentation (tabs to 4-column stops) while keeping the mapping back
//! to original 1-based line and character columns.

use crate::diagnostic::Diagnostic;

/// Width of a tab stop used when expanding leading indentation.
pub(crate) const TAB_WIDTH: usize = 4;

/// One line of the source with its indentation measured after tab expansion.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the original source.
    pub number: u32,
    /// The line as written, without the line terminator.
    pub text: &'a str,
    /// Indentation width in columns after expanding tabs to 4-column stops.
    pub indent: usize,
    /// Number of characters of leading whitespace as written.
    pub lead_chars: usize,
    /// The line after its leading whitespace, with trailing whitespace removed.
    pub content: &'a str,
}

impl<'a> Line<'a> {
    /// Whether the line holds only whitespace.
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    /// The 1-based original column of the first content character.
    pub fn content_column(&self) -> u32 {
        to_u32(self.lead_chars + 1)
    }

    /// The 1-based original column of byte offset `offset` within `content`.
    pub fn column_at(&self, offset: usize) -> u32 {
        let chars = match self.content.get(..offset) {
            Some(prefix) => prefix.chars().count(),
            None => self.content.chars().count(),
        };
        to_u32(self.lead_chars + chars + 1)
    }

    /// [`Line::push_deindented`] into a new string (for tests).
    #[cfg(test)]
    pub fn deindented(&self, strip: usize) -> String {
        let mut out = String::new();
        self.push_deindented(strip, &mut out);
        out
    }

    /// Appends the text of the line with its first `strip` columns of
    /// (expanded) indentation removed to `out`; leading tabs become spaces,
    /// the rest is as written. Appending lets a block be built in one buffer.
    pub fn push_deindented(&self, strip: usize, out: &mut String) {
        // Spaces are appended in slices, not one `char` at a time.
        const SPACES: &str = "                                ";
        let mut keep = self.indent.saturating_sub(strip);
        while keep > 0 {
            let n = keep.min(SPACES.len());
            out.push_str(SPACES.get(..n).unwrap_or(""));
            keep -= n;
        }
        out.push_str(self.content);
    }

    /// The 1-based original column of column `col` (1-based, bytes) of the
    /// line as de-indented by [`Line::push_deindented`] with `strip`.
    pub fn column_of_deindented(&self, strip: usize, col: usize) -> u32 {
        let keep = self.indent.saturating_sub(strip);
        let zero = col.saturating_sub(1);
        if zero < keep {
            // Inside re-created indentation: point at the first content character.
            self.content_column()
        } else {
            self.column_at(zero - keep)
        }
    }
}

/// Saturating conversion for line and column numbers.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits `source` into lines with their expanded indentation, and reports
/// tab characters: one `tab-character` warning per contiguous run of lines
/// that contain a tab (not one per line).
pub(crate) fn split_lines<'a>(source: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let bytes = source.as_bytes();
    // Counting first (a few microseconds) spares regrowing a large vector.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    // (first line, first tab column, last line) of the current run of tab lines.
    let mut run: Option<(u32, u32, u32)> = None;
    // One SIMD scan for line feeds over the whole source (a `find` per line
    // paid a call and setup per short line in profiles); tabs are searched
    // from the end of the last line that had one, skipping its other tabs.
    let mut newlines = memchr::memchr_iter(b'\n', bytes);
    let mut next_tab = memchr::memchr(b'\t', bytes);
    let mut start = 0;
    let mut index = 0;
    while start <= source.len() {
        let end = newlines.next().unwrap_or(source.len());
        // Offset of the line's first tab, if it has one.
        let tab = match next_tab {
            Some(t) if t < end => {
                // Jump past the line's other tabs (indented bodies have many).
                next_tab = bytes
                    .get(end..)
                    .and_then(|rest| memchr::memchr(b'\t', rest))
                    .map(|n| n + end);
                Some(t.saturating_sub(start))
            }
            _ => None,
        };
        // `\n` and `\t` are ASCII, so these offsets are char boundaries.
        let raw = source.get(start..end).unwrap_or("");
        start = end + 1;
        index += 1;
        let number = to_u32(index);
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let mut indent = 0usize;
        // Leading whitespace is ASCII: one byte per character.
        let mut lead_chars = 0usize;
        for &b in text.as_bytes() {
            match b {
                b' ' => indent += 1,
                b'\t' => indent += TAB_WIDTH - indent % TAB_WIDTH,
                _ => break,
            }
            lead_chars += 1;
        }
        let content = text.get(lead_chars..).unwrap_or("").trim_end();
        if let Some(pos) = tab.filter(|&pos| pos < text.len()) {
            let column = to_u32(text.get(..pos).map_or(0, |p| p.chars().count()) + 1);
            run = match run {
                Some((first, col, _)) => Some((first, col, number)),
                None => Some((number, column, number)),
            };
        } else if let Some(done) = run.take() {
            diagnostics.push(tab_warning(done));
        }
        lines.push(Line {
            number,
            text,
            indent,
            lead_chars,
            content,
        });
    }
    if let Some(done) = run.take() {
        diagnostics.push(tab_warning(done));
    }
    // A final newline does not start another line.
    if source.ends_with('\n') {
        lines.pop();
    }
    lines
}

fn tab_warning((first, column, last): (u32, u32, u32)) -> Diagnostic {
    let message = if first == last {
        format!("line {first} contains a tab character; tabs are read as 4-column tab stops")
    } else {
        format!(
            "lines {first}-{last} ({} lines) contain tab characters; tabs are read as 4-column tab stops",
            last - first + 1
        )
    };
    Diagnostic::warning("tab-character", first, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_leading_tabs_to_four_column_stops() {
        let mut d = Vec::new();
        let lines = split_lines("a\n\tb\n  \tc\n    \td\n", &mut d);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].indent, 4);
        assert_eq!(lines[2].indent, 4);
        assert_eq!(lines[3].indent, 8);
        assert_eq!(lines[3].content, "d");
        assert_eq!(lines[3].content_column(), 6);
        assert_eq!(lines[3].deindented(4), "    d");
        assert_eq!(d.len(), 1, "one warning for the run of tab lines");
        assert_eq!((d[0].line, d[0].column), (2, 1));
    }

    #[test]
    fn maps_deindented_columns_back() {
        let mut d = Vec::new();
        let lines = split_lines("\t\t\"a\": x", &mut d);
        let l = lines[0];
        assert_eq!(l.deindented(4), "    \"a\": x");
        assert_eq!(l.column_of_deindented(4, 5), 3);
        assert_eq!(l.column_of_deindented(4, 10), 8);
    }
}
