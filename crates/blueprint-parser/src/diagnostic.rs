//! Diagnostics: what is wrong or odd in a document, and where.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document cannot be used as is.
    Error,
    /// Something odd that was tolerated.
    Warning,
}

/// One finding with a stable kebab-case code and a 1-based location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `invalid-json-body`.
    pub code: String,
    /// 1-based line in the original source.
    pub line: u32,
    /// 1-based column (in characters) in the original source.
    pub column: u32,
    /// Number of characters to underline (at least 1 when rendered).
    #[serde(skip)]
    pub length: u32,
    /// What is wrong, in words.
    pub message: String,
}

impl Diagnostic {
    /// A warning with the given code at `line:column`.
    pub fn warning(code: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            code: code.to_owned(),
            line,
            column,
            length: 1,
            message: message.into(),
        }
    }

    /// An error with the given code at `line:column`.
    pub fn error(code: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: code.to_owned(),
            line,
            column,
            length: 1,
            message: message.into(),
        }
    }

    /// Sets the number of characters the rendered caret underlines.
    pub fn with_length(mut self, length: u32) -> Self {
        self.length = length;
        self
    }

    /// Renders the diagnostic like rustc: header, `--> file:line:column`,
    /// the source line and a caret under the span.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        self.render_in(file_name, &SourceLines::new(source))
    }

    /// [`Diagnostic::render`] against lines indexed once: rendering many
    /// diagnostics of one file stays linear in its size.
    pub fn render_in(&self, file_name: &str, source: &SourceLines<'_>) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{severity}[{}]: {}\n", self.code, self.message);
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        out.push_str(&format!(
            "{pad}--> {file_name}:{}:{}\n",
            self.line, self.column
        ));
        if let Some(text) = source.line(self.line) {
            // Tabs are expanded to 4-column stops, and the caret is placed
            // under the expanded position of the (character) column.
            let mut shown = String::with_capacity(text.len());
            let mut caret_at = None;
            for (i, c) in text.chars().enumerate() {
                if i + 1 == self.column as usize {
                    caret_at = Some(shown.chars().count());
                }
                if c == '\t' {
                    let width = 4 - shown.chars().count() % 4;
                    shown.extend(std::iter::repeat_n(' ', width));
                } else {
                    shown.push(c);
                }
            }
            let shown = shown.trim_end();
            let caret_at = caret_at.unwrap_or_else(|| shown.chars().count());
            let caret_pad = " ".repeat(caret_at);
            let carets = "^".repeat(self.length.max(1) as usize);
            out.push_str(&format!(
                "{pad} |\n{} | {shown}\n{pad} | {caret_pad}{carets}\n",
                self.line
            ));
        }
        out
    }
}

/// A source text with the start of each line indexed, to show the line of
/// a diagnostic without scanning the text from its start each time.
#[derive(Debug, Clone)]
pub struct SourceLines<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
}

impl<'a> SourceLines<'a> {
    /// Indexes the lines of `text` (split as [`str::lines`] does).
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&start| start < text.len())
            .collect();
        SourceLines { text, starts }
    }

    /// How many lines the text has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text has no line.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Line `number` (1-based), without its line ending; `None` past the end.
    pub fn line(&self, number: u32) -> Option<&'a str> {
        let index = (number as usize).checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod source_lines_tests {
    use super::SourceLines;

    #[test]
    fn lines_are_those_of_str_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc", "x\n\n"] {
            let indexed = SourceLines::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let got: Vec<&str> = (1..=expected.len() as u32 + 1)
                .map_while(|n| indexed.line(n))
                .collect();
            assert_eq!(got, expected, "{text:?}");
            assert_eq!(indexed.line(0), None);
        }
    }
}
