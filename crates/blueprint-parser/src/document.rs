//! Blueprints split across files: `<!-- include(path) -->`.
//!
//! aglio and hercule, the most used renderers, replace a line holding only
//! `<!-- include(path) -->` with the text of that file, each of its lines
//! indented like the directive; the path is relative to the including file,
//! and included files may include others. A [`Document`] is that assembled
//! text with a map from each of its lines back to the file and line it came
//! from, so a diagnostic (located in the assembled text, like every line of
//! the IR) renders at its own file, line and column.
//!
//! An include that cannot be read is an error at the directive's line, and
//! the directive stays in the text (an HTML comment, read as description):
//! a missing file (`missing-include`), a file that includes itself through
//! any chain (`circular-include`), a path that leaves the folder of the root
//! file (`include-outside-folder`), an assembled text over
//! [`MAX_ASSEMBLED_BYTES`] (`include-too-large`). A file that is not UTF-8 is
//! read with replacement characters and a `non-utf8-input` error, as a
//! single file is.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceLines};
use crate::ir::Blueprint;
use crate::source::to_u32;

/// The largest assembled text, in bytes: far beyond any real blueprint, and
/// a bound on what includes of includes can multiply.
pub const MAX_ASSEMBLED_BYTES: usize = 64 << 20;

/// One file of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name diagnostics show: the root's as given, an included file's
    /// path relative to the root's folder (with `/`).
    pub name: String,
    /// Its bytes as read.
    pub bytes: Vec<u8>,
    /// Its text (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
}

/// A run of lines of the assembled text that come from one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceSpan {
    /// The run's first line in the assembled text (1-based).
    pub line: u32,
    /// How many lines it has.
    pub lines: u32,
    /// Index into [`Document::files`].
    pub file: usize,
    /// The run's first line in that file (1-based).
    pub file_line: u32,
    /// Columns of indentation the include directive added to each line.
    pub indent: u32,
}

/// A blueprint and every file it includes, assembled.
#[derive(Debug, Clone)]
pub struct Document {
    /// The assembled text the parser reads (the root's own text when it
    /// includes nothing).
    pub text: String,
    /// The root first, then each included file in the order first included.
    pub files: Vec<SourceFile>,
    /// Where each line of `text` comes from, in order.
    pub spans: Vec<SourceSpan>,
    /// Problems found while assembling, located in `text`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read, as the loader says it.
pub type LoadError = String;

impl Document {
    /// A document of one file, whose include directives are not followed
    /// (what [`crate::parse`] reads).
    pub fn single(name: &str, bytes: &[u8]) -> Document {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let lines = to_u32(SourceLines::new(&text).len());
        Document {
            spans: vec![SourceSpan {
                line: 1,
                lines,
                file: 0,
                file_line: 1,
                indent: 0,
            }],
            files: vec![SourceFile {
                name: name.to_owned(),
                bytes: bytes.to_vec(),
                text: text.clone(),
            }],
            text,
            diagnostics: Vec::new(),
        }
    }

    /// Reads the blueprint at `path` and every file it includes, from the
    /// file system. Fails only if `path` itself cannot be read; an include
    /// that cannot be read is a diagnostic. Includes must stay inside the
    /// folder of `path`, symbolic links resolved.
    pub fn read(path: &Path) -> std::io::Result<Document> {
        let bytes = std::fs::read(path)?;
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let real_folder = std::fs::canonicalize(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &folder
        })
        .ok();
        let name = path.display().to_string();
        Ok(Document::assemble(&name, &bytes, &mut |relative: &Path| {
            let full = folder.join(relative);
            if let (Some(real_folder), Ok(real)) = (&real_folder, std::fs::canonicalize(&full)) {
                if !real.starts_with(real_folder) {
                    return Err(format!(
                        "it resolves to {}, outside the folder of the root file",
                        real.display()
                    ));
                }
            }
            std::fs::read(&full).map_err(|e| e.to_string())
        }))
    }

    /// Assembles the root file `name` (its `bytes`) and what it includes,
    /// read with `load` (given a path relative to the root's folder, already
    /// checked not to leave it).
    pub fn assemble(
        name: &str,
        bytes: &[u8],
        load: &mut dyn FnMut(&Path) -> Result<Vec<u8>, LoadError>,
    ) -> Document {
        let mut doc = Document::single(name, bytes);
        if !has_directive(&doc.text) {
            return doc;
        }
        let root = doc.files[0].clone();
        let mut assembler = Assembler {
            text: String::with_capacity(root.text.len()),
            files: vec![root],
            spans: Vec::new(),
            diagnostics: Vec::new(),
            line: 1,
            load,
        };
        assembler.file(0, Path::new(""), "", &mut vec![0]);
        doc.text = assembler.text;
        doc.files = assembler.files;
        doc.spans = assembler.spans;
        doc.diagnostics = assembler.diagnostics;
        doc
    }

    /// Parses the assembled text; the assembling problems come first among
    /// the diagnostics of their line, every diagnostic located in the
    /// assembled text (see [`Document::locate`]). The IR's `sources` says
    /// where its lines come from when there are includes.
    pub fn parse(&self) -> Blueprint {
        let mut bp = if self.has_includes() {
            let mut bp = crate::parse_str(&self.text);
            bp.sources = self
                .spans
                .iter()
                .map(|s| crate::ir::SourceRun {
                    file: self.files[s.file].name.clone(),
                    line: s.line,
                    lines: s.lines,
                    file_line: s.file_line,
                    indent: s.indent,
                })
                .collect();
            bp
        } else {
            crate::parse(&self.files[0].bytes)
        };
        bp.diagnostics.extend(self.diagnostics.iter().cloned());
        crate::sort(&mut bp.diagnostics);
        bp
    }

    /// The file, line and column in that file of `line:column` of the
    /// assembled text (the root's when outside every span).
    pub fn locate(&self, line: u32, column: u32) -> (&SourceFile, u32, u32) {
        let span = self
            .spans
            .iter()
            .rev()
            .find(|s| s.line <= line && line < s.line + s.lines.max(1));
        match span {
            Some(s) => (
                &self.files[s.file],
                s.file_line + (line - s.line),
                if column > s.indent {
                    column - s.indent
                } else {
                    column
                },
            ),
            None => (&self.files[0], line, column),
        }
    }

    /// Whether the document includes other files.
    pub fn has_includes(&self) -> bool {
        self.files.len() > 1
    }

    /// A renderer of diagnostics located in this document.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer {
            document: self,
            lines: self
                .files
                .iter()
                .map(|f| SourceLines::new(&f.text))
                .collect(),
        }
    }
}

/// Renders diagnostics of a [`Document`] like rustc, each at its own file,
/// line and column (every file's lines indexed once).
#[derive(Debug)]
pub struct Renderer<'d> {
    document: &'d Document,
    lines: Vec<SourceLines<'d>>,
}

impl Renderer<'_> {
    /// `diagnostic` (located in the assembled text) rendered at its file.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let (file, line, column) = self.document.locate(diagnostic.line, diagnostic.column);
        let index = self
            .document
            .files
            .iter()
            .position(|f| std::ptr::eq(f, file))
            .unwrap_or(0);
        let mut local = diagnostic.clone();
        local.line = line;
        local.column = column;
        if self.document.has_includes() {
            local.message = self.localize(&diagnostic.message, index);
        }
        match self.lines.get(index) {
            Some(lines) => local.render_in(&file.name, lines),
            None => local.render(&file.name, &file.text),
        }
    }
}

impl Renderer<'_> {
    /// `message` with each line number it cites (`line 34`, `lines 3-9`),
    /// which counts lines of the assembled text, as a line of its own file:
    /// `line 15` in the diagnostic's file `own`, else `parts/a.apib:15`.
    fn localize(&self, message: &str, own: usize) -> String {
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(at) = rest.find("line") {
            let (before, from) = rest.split_at(at);
            out.push_str(before);
            let word_start = before
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let keyword = if from.starts_with("lines ") {
                "lines "
            } else {
                "line "
            };
            let after = &from[keyword.len().min(from.len())..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let number = after.get(..digits).and_then(|d| d.parse::<u32>().ok());
            match number.filter(|_| word_start && from.starts_with(keyword)) {
                Some(n) => {
                    out.push_str(keyword);
                    out.push_str(&self.place(n, own));
                    rest = &after[digits..];
                    // `lines 3-9`: the end of the range too.
                    if keyword == "lines " {
                        if let Some(tail) = rest.strip_prefix('-') {
                            let d = tail.bytes().take_while(u8::is_ascii_digit).count();
                            if let Some(m) = tail.get(..d).and_then(|d| d.parse::<u32>().ok()) {
                                out.push('-');
                                out.push_str(&self.place(m, own));
                                rest = &tail[d..];
                            }
                        }
                    }
                }
                None => {
                    out.push_str("line");
                    rest = &from[4..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Assembled line `line` as `15` in file `own`, else `parts/a.apib:15`.
    fn place(&self, line: u32, own: usize) -> String {
        let (file, local, _) = self.document.locate(line, 1);
        let index = self
            .document
            .files
            .iter()
            .position(|f| std::ptr::eq(f, file))
            .unwrap_or(0);
        if index == own {
            local.to_string()
        } else {
            format!("{}:{local}", file.name)
        }
    }
}

/// An include directive found in a line: its byte range and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Directive<'a> {
    start: usize,
    end: usize,
    path: &'a str,
}

/// Every `<!-- include(path) -->` in `line` (the keyword in any case, as
/// aglio reads it; not inside a code span), in order.
fn directives(line: &str) -> Vec<Directive<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = line.get(from..).and_then(|rest| rest.find("<!--")) {
        let start = from + open;
        let Some(close) = line[start..].find("-->") else {
            break;
        };
        let end = start + close + 3;
        let inner = line[start + 4..end - 3].trim();
        let path = inner
            .get(..8)
            .filter(|k| k.eq_ignore_ascii_case("include("))
            .and_then(|_| inner[8..].strip_suffix(')'))
            .map(str::trim)
            .filter(|p| !p.is_empty());
        // Inside a code span (`` `<!-- include(x) -->` ``) it is an example, not a directive.
        let in_code = line[..start].matches('`').count() % 2 == 1;
        if let Some(path) = path.filter(|_| !in_code) {
            out.push(Directive { start, end, path });
        }
        from = end;
    }
    out
}

/// The path and indentation of a line that is only a directive.
fn whole_line_directive(line: &str) -> Option<(&str, &str)> {
    let content = line.trim_end_matches(['\n', '\r']);
    match directives(content).as_slice() {
        [d] if content[..d.start].chars().all(|c| c == ' ' || c == '\t')
            && content[d.end..].trim().is_empty() =>
        {
            Some((d.path, &content[..d.start]))
        }
        _ => None,
    }
}

fn has_directive(text: &str) -> bool {
    text.contains("<!--")
        && text
            .split_inclusive('\n')
            .any(|l| !directives(l).is_empty())
}

/// `folder/path` without `.` and `..`, or `None` if it climbs out of the
/// root's folder (or is absolute).
fn resolve(folder: &Path, path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in folder.join(path).components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

struct Assembler<'l> {
    text: String,
    files: Vec<SourceFile>,
    spans: Vec<SourceSpan>,
    diagnostics: Vec<Diagnostic>,
    /// The next line of `text` (1-based).
    line: u32,
    load: &'l mut dyn FnMut(&Path) -> Result<Vec<u8>, LoadError>,
}

impl Assembler<'_> {
    /// Appends file `index` (in folder `folder`, relative to the root's),
    /// each line prefixed with `indent`; `stack` holds the files being
    /// included, to refuse cycles.
    fn file(&mut self, index: usize, folder: &Path, indent: &str, stack: &mut Vec<usize>) {
        let text = std::mem::take(&mut self.files[index].text);
        if let Err(valid) = std::str::from_utf8(&self.files[index].bytes) {
            let prefix = String::from_utf8_lossy(
                self.files[index]
                    .bytes
                    .get(..valid.valid_up_to())
                    .unwrap_or_default(),
            );
            let line = prefix.matches('\n').count();
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            self.diagnostics.push(Diagnostic::error(
                "non-utf8-input",
                self.line + to_u32(line),
                to_u32(column + indent.chars().count()),
                format!(
                    "`{}` is not valid UTF-8; invalid bytes were replaced by U+FFFD",
                    self.files[index].name
                ),
            ));
        }
        let indent_width = to_u32(indent.chars().count());
        let mut file_line = 1;
        let mut run_start: Option<(u32, u32)> = None;
        for raw in text.split_inclusive('\n') {
            let found = if raw.contains("<!--") {
                directives(raw)
            } else {
                Vec::new()
            };
            if let Some((path, own_indent)) = whole_line_directive(raw) {
                // The lines before the directive end a run of this file.
                self.close_run(&mut run_start, index, indent_width);
                let nested_indent = format!("{indent}{own_indent}");
                match self.include(path, folder, stack, indent, own_indent) {
                    Ok((included, nested_folder)) => {
                        // The included lines take this line's place.
                        stack.push(included);
                        self.file(included, &nested_folder, &nested_indent, stack);
                        stack.pop();
                        file_line += 1;
                        continue;
                    }
                    Err(diagnostic) => self.diagnostics.push(diagnostic),
                }
            } else if !found.is_empty() {
                self.close_run(&mut run_start, index, indent_width);
                self.inline(raw, &found, index, folder, indent, file_line, stack);
                file_line += 1;
                continue;
            }
            if run_start.is_none() {
                run_start = Some((self.line, file_line));
            }
            self.push_line(indent, raw);
            file_line += 1;
        }
        self.close_run(&mut run_start, index, indent_width);
        self.files[index].text = text;
    }

    /// Appends `indent` and `raw`, ending the line.
    fn push_line(&mut self, indent: &str, raw: &str) {
        self.text.push_str(indent);
        self.text.push_str(raw);
        if !raw.ends_with('\n') {
            self.text.push('\n');
        }
        self.line += 1;
    }

    /// Line `file_line` of file `index`, whose directives are inside text
    /// (`| <!-- include(partials/401.md) --> |`): each is replaced in place
    /// by the included text, its lines after the first indented with the
    /// spaces before the directive, as aglio does. Every line this gives is
    /// located at the directive's line.
    #[allow(
        clippy::too_many_arguments,
        reason = "the assembler's state for one line"
    )]
    fn inline(
        &mut self,
        raw: &str,
        found: &[Directive<'_>],
        index: usize,
        folder: &Path,
        indent: &str,
        file_line: u32,
        stack: &mut Vec<usize>,
    ) {
        let mut out = String::with_capacity(raw.len());
        let mut last = 0;
        for d in found {
            let before = &raw[last..d.start];
            out.push_str(before);
            let spaces = &before[before.trim_end_matches(' ').len()..];
            match self.include(d.path, folder, stack, indent, "") {
                Ok((included, nested_folder)) => {
                    let text = self.expanded(included, &nested_folder, stack);
                    let separator = format!("\n{indent}{spaces}");
                    let body = text.strip_suffix('\n').unwrap_or(&text);
                    out.push_str(&body.lines().collect::<Vec<_>>().join(&separator));
                }
                Err(diagnostic) => {
                    self.diagnostics.push(diagnostic);
                    out.push_str(&raw[d.start..d.end]);
                }
            }
            last = d.end;
        }
        out.push_str(&raw[last..]);
        let indent_width = to_u32(indent.chars().count());
        for line in out.split_inclusive('\n') {
            self.spans.push(SourceSpan {
                line: self.line,
                lines: 1,
                file: index,
                file_line,
                indent: indent_width,
            });
            self.push_line(indent, line);
        }
    }

    /// The text of file `index` with its own includes expanded, for an
    /// inline directive: assembled apart, its problems located at the
    /// directive's line.
    fn expanded(&mut self, index: usize, folder: &Path, stack: &mut Vec<usize>) -> String {
        let line = self.line;
        let outer_text = std::mem::take(&mut self.text);
        let outer_spans = std::mem::take(&mut self.spans);
        let outer_diagnostics = std::mem::take(&mut self.diagnostics);
        stack.push(index);
        self.file(index, folder, "", stack);
        stack.pop();
        let text = std::mem::replace(&mut self.text, outer_text);
        self.spans = outer_spans;
        let inner = std::mem::replace(&mut self.diagnostics, outer_diagnostics);
        self.diagnostics.extend(inner.into_iter().map(|mut d| {
            d.line = line;
            d
        }));
        self.line = line;
        text
    }

    fn close_run(&mut self, run: &mut Option<(u32, u32)>, file: usize, indent: u32) {
        if let Some((line, file_line)) = run.take() {
            if self.line > line {
                self.spans.push(SourceSpan {
                    line,
                    lines: self.line - line,
                    file,
                    file_line,
                    indent,
                });
            }
        }
    }

    /// The file `path` names (read now if it is new) and its folder; an
    /// error diagnostic at the directive (which then stays in the text)
    /// when it cannot be included.
    fn include(
        &mut self,
        path: &str,
        folder: &Path,
        stack: &mut [usize],
        indent: &str,
        own_indent: &str,
    ) -> Result<(usize, PathBuf), Diagnostic> {
        let (line, column) = (
            self.line,
            to_u32(indent.chars().count() + own_indent.chars().count() + 1),
        );
        let fail = |code: &str, message: String| {
            Diagnostic::error(code, line, column, message)
                .with_length(to_u32(path.chars().count() + 17))
        };
        let Some(resolved) = resolve(folder, path) else {
            return Err(fail(
                "include-outside-folder",
                format!("`{path}` leaves the folder of the root file; only files in it (or below) can be included"),
            ));
        };
        let name = resolved.to_string_lossy().replace('\\', "/");
        let existing = self
            .files
            .iter()
            .skip(1)
            .position(|f| f.name == name)
            .map(|i| i + 1);
        if let Some(index) = existing.filter(|i| stack.contains(i)) {
            let chain: Vec<&str> = stack.iter().map(|&i| self.files[i].name.as_str()).collect();
            return Err(fail(
                "circular-include",
                format!(
                    "`{}` includes itself (through {} → {name}); not included again",
                    self.files[index].name,
                    chain.join(" → ")
                ),
            ));
        }
        let index = match existing {
            Some(i) => i,
            None => match (self.load)(&resolved) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    self.files.push(SourceFile {
                        name: name.clone(),
                        bytes,
                        text,
                    });
                    self.files.len() - 1
                }
                Err(reason) => {
                    return Err(fail(
                        "missing-include",
                        format!("cannot include `{path}`: {reason}"),
                    ))
                }
            },
        };
        let file_text = &self.files[index].text;
        let added = file_text.len() + file_text.lines().count() * (indent.len() + own_indent.len());
        if self.text.len() + added > MAX_ASSEMBLED_BYTES {
            return Err(fail(
                "include-too-large",
                format!(
                    "including `{path}` would make the document larger than {} MiB; not included",
                    MAX_ASSEMBLED_BYTES >> 20
                ),
            ));
        }
        let nested_folder = resolved.parent().unwrap_or(Path::new("")).to_path_buf();
        Ok((index, nested_folder))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn assemble(files: &[(&str, &str)]) -> Document {
        let map: BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
            .collect();
        let (root, text) = files[0];
        Document::assemble(root, text.as_bytes(), &mut |p: &Path| {
            map.get(&p.to_string_lossy().replace('\\', "/"))
                .cloned()
                .ok_or_else(|| "no such file".to_owned())
        })
    }

    #[test]
    fn directives_are_found_in_lines() {
        assert_eq!(
            whole_line_directive("  <!-- include(users.apib) -->\n"),
            Some(("users.apib", "  "))
        );
        assert_eq!(
            whole_line_directive("<!--include( a/b.md )-->"),
            Some(("a/b.md", ""))
        );
        assert_eq!(
            whole_line_directive("<!-- INCLUDE(x.apib) -->"),
            Some(("x.apib", ""))
        );
        assert_eq!(whole_line_directive("text <!-- include(x) -->"), None);
        assert_eq!(whole_line_directive("<!-- include() -->"), None);
        let found = directives("| <!-- include(a.md) --> | <!-- note --> <!-- include(b.md) -->");
        let paths: Vec<&str> = found.iter().map(|d| d.path).collect();
        assert_eq!(paths, ["a.md", "b.md"]);
        assert!(directives("write `<!-- include(path) -->` to include a file").is_empty());
    }

    #[test]
    fn directives_inside_a_line_are_replaced_in_place() {
        let doc = assemble(&[
            (
                "api.apib",
                "# A\n| <!-- include(p/401.md) --> |\n    + id: <!-- include(p/id.md) -->\n",
            ),
            ("p/401.md", "401 Unauthorized\n"),
            ("p/id.md", "`7` (number)\nmore\n"),
        ]);
        assert_eq!(
            doc.text,
            // Like aglio, later lines take the spaces right before the directive.
            "# A\n| 401 Unauthorized |\n    + id: `7` (number)\n more\n"
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        // Every line an inline include gives is located at the directive.
        let (file, line, _) = doc.locate(4, 1);
        assert_eq!((file.name.as_str(), line), ("api.apib", 3));
        assert_eq!(doc.locate(3, 1).1, 3);
        assert_eq!(doc.locate(2, 1).1, 2);
    }

    #[test]
    fn includes_are_replaced_and_mapped_back() {
        let doc = assemble(&[
            (
                "api.apib",
                "FORMAT: 1A\n<!-- include(parts/users.apib) -->\n# End\n",
            ),
            (
                "parts/users.apib",
                "## Users [/users]\n    <!-- include(orders.apib) -->\n",
            ),
            ("parts/orders.apib", "x\ny"),
        ]);
        assert_eq!(
            doc.text,
            "FORMAT: 1A\n## Users [/users]\n    x\n    y\n# End\n"
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let names: Vec<&str> = doc.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["api.apib", "parts/users.apib", "parts/orders.apib"]);
        let at = |line, column| {
            let (file, l, c) = doc.locate(line, column);
            (file.name.as_str(), l, c)
        };
        assert_eq!(at(1, 1), ("api.apib", 1, 1));
        assert_eq!(at(2, 4), ("parts/users.apib", 1, 4));
        assert_eq!(at(4, 5), ("parts/orders.apib", 2, 1));
        assert_eq!(at(5, 1), ("api.apib", 3, 1));
    }

    #[test]
    fn unreadable_includes_are_errors_at_their_directive() {
        let doc = assemble(&[
            (
                "api.apib",
                "a\n<!-- include(missing.apib) -->\n<!-- include(../up.apib) -->\n<!-- include(loop.apib) -->\n",
            ),
            ("loop.apib", "l\n<!-- include(loop.apib) -->\n"),
        ]);
        let found: Vec<(&str, u32)> = doc
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.line))
            .collect();
        assert_eq!(
            found,
            [
                ("missing-include", 2),
                ("include-outside-folder", 3),
                ("circular-include", 5),
            ]
        );
        let (file, line, _) = doc.locate(5, 1);
        assert_eq!((file.name.as_str(), line), ("loop.apib", 2));
        // Failed directives stay in the text.
        assert!(doc.text.contains("<!-- include(missing.apib) -->"));
    }

    #[test]
    fn a_document_without_includes_is_its_text() {
        let doc = assemble(&[("api.apib", "FORMAT: 1A\r\n# A\r\n")]);
        assert_eq!(doc.text, "FORMAT: 1A\r\n# A\r\n");
        assert!(!doc.has_includes());
        assert_eq!(doc.locate(2, 3).1, 2);
    }
}
