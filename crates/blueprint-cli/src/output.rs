//! What a command prints, and where: results on standard output,
//! diagnostics, notes and errors on standard error, styled like rustc's
//! where colour is wanted.
//!
//! [`Output::stdio`] writes through `anstream`, which keeps colour only on
//! a terminal and never with `NO_COLOR` set (`CLICOLOR_FORCE` forces it);
//! tests capture both streams with [`Output::captured`].

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use anstyle::{AnsiColor, Style};
use blueprint_parser::Severity;

/// How much a command says besides its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `--quiet`: only errors and the result.
    Quiet,
    /// Warnings, notes and the result.
    Normal,
    /// `--verbose`: also every file written and the time each step took.
    Verbose,
}

/// Where a command's text goes (see the module docs).
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    verbosity: Verbosity,
    styled: bool,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("verbosity", &self.verbosity)
            .field("styled", &self.styled)
            .finish_non_exhaustive()
    }
}

/// Both streams of an [`Output::captured`], as text.
#[derive(Debug, Clone, Default)]
pub struct Captured {
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

impl Captured {
    /// What went to standard output.
    pub fn stdout(&self) -> String {
        text(&self.out)
    }

    /// What went to standard error.
    pub fn stderr(&self) -> String {
        text(&self.err)
    }
}

fn text(buffer: &Mutex<Vec<u8>>) -> String {
    String::from_utf8_lossy(&buffer.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
}

/// A writer into a shared buffer.
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Output {
    /// The process's standard output and error, colour decided by `anstream`.
    pub fn stdio(verbosity: Verbosity) -> Output {
        Output {
            out: Box::new(anstream::stdout()),
            err: Box::new(anstream::stderr()),
            verbosity,
            styled: true,
        }
    }

    /// Captured streams (for tests): unstyled unless `styled`.
    pub fn captured(verbosity: Verbosity, styled: bool) -> (Output, Captured) {
        let captured = Captured::default();
        let output = Output {
            out: Box::new(Shared(captured.out.clone())),
            err: Box::new(Shared(captured.err.clone())),
            verbosity,
            styled,
        };
        (output, captured)
    }

    /// The verbosity asked for.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// The command's result, on standard output, always. A result that
    /// cannot be written (a closed pipe) has no one left to read it.
    pub fn result(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// A rendered diagnostic (as `Diagnostic::render_in` writes it), on
    /// standard error; warnings are left out with `--quiet`.
    pub fn diagnostic(&mut self, rendered: &str, severity: Severity) {
        if severity == Severity::Warning && self.verbosity == Verbosity::Quiet {
            return;
        }
        self.write_err(rendered.trim_end_matches('\n'));
    }

    /// A note on what the command did (`note: …`), left out with `--quiet`.
    pub fn note(&mut self, text: &str) {
        if self.verbosity > Verbosity::Quiet {
            self.write_err(text);
        }
    }

    /// A detail only `--verbose` shows (files written, timings).
    pub fn detail(&mut self, text: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.write_err(text);
        }
    }

    /// An error (and the diagnostics that explain it), always shown.
    pub fn error(&mut self, text: &str) {
        self.write_err(text.trim_end_matches('\n'));
    }

    fn write_err(&mut self, text: &str) {
        let shown = if self.styled {
            style(text)
        } else {
            text.to_owned()
        };
        let _ = writeln!(self.err, "{shown}");
        let _ = self.err.flush();
    }
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Green.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const EMPHASIS: Style = Style::new().bold();

/// `text` (rendered diagnostics and `error:`/`warning:`/`note:` lines, in
/// the layout `Diagnostic::render_in` writes) with rustc's styles: the
/// severity and its code coloured, the message bold, the location arrow and
/// the gutter blue, the carets in the severity's colour.
pub fn style(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut severity = ERROR;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if let Some((_, style)) = [("error", ERROR), ("warning", WARNING), ("note", NOTE)]
            .into_iter()
            .find(|(word, _)| {
                line.strip_prefix(word)
                    .is_some_and(|rest| rest.starts_with(':') || rest.starts_with('['))
            })
        {
            severity = style;
            // `error[code]: message`: the severity and code coloured, the message bold.
            let (label, message) = line.split_once(": ").unwrap_or((line, ""));
            out.push_str(&format!("{style}{label}:{style:#}"));
            if !message.is_empty() {
                out.push_str(&format!(" {EMPHASIS}{message}{EMPHASIS:#}"));
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(location) = trimmed.strip_prefix("--> ") {
            let pad = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{pad}{GUTTER}-->{GUTTER:#} {location}"));
            continue;
        }
        if let Some((gutter, source)) = line.split_once(" |") {
            if !gutter.is_empty() && gutter.trim().chars().all(|c| c.is_ascii_digit()) {
                out.push_str(&format!("{GUTTER}{gutter} |{GUTTER:#}"));
                let carets = source.trim();
                if !carets.is_empty() && carets.chars().all(|c| c == '^') {
                    let lead = &source[..source.len() - source.trim_start().len()];
                    out.push_str(&format!("{lead}{severity}{carets}{severity:#}"));
                } else {
                    out.push_str(source);
                }
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(source: &str, severity: Severity) -> String {
        let message = "the body is indented 4 columns";
        let diagnostic = match severity {
            Severity::Warning => {
                blueprint_parser::Diagnostic::warning("body-indentation", 2, 3, message)
            }
            Severity::Error => {
                blueprint_parser::Diagnostic::error("body-indentation", 2, 3, message)
            }
        }
        .with_length(4);
        diagnostic.render("api.apib", source)
    }

    /// Stripped of its escapes, a styled diagnostic is the plain one.
    #[test]
    fn styling_only_adds_escapes() {
        let plain = rendered("FORMAT: 1A\n  body here\n", Severity::Warning) + "error: stop";
        let styled = style(&plain);
        assert_ne!(styled, plain);
        let mut stripped = Vec::new();
        let mut stream = anstream::StripStream::new(&mut stripped);
        stream.write_all(styled.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(stripped).unwrap(), plain);
        // The severity and the carets in yellow, the location in blue.
        assert!(
            styled.starts_with(&format!("{WARNING}warning[body-indentation]:{WARNING:#}")),
            "{styled:?}"
        );
        assert!(
            styled.contains(&format!("{WARNING}^^^^{WARNING:#}")),
            "{styled:?}"
        );
        assert!(
            styled.contains(&format!("{GUTTER}-->{GUTTER:#}")),
            "{styled:?}"
        );
        assert!(
            styled.contains(&format!("{ERROR}error:{ERROR:#}")),
            "{styled:?}"
        );
    }

    #[test]
    fn quiet_keeps_errors_and_results_only() {
        let (mut output, captured) = Output::captured(Verbosity::Quiet, false);
        output.diagnostic(&rendered("a\nb\n", Severity::Warning), Severity::Warning);
        output.note("note: 1 allowed");
        output.detail("wrote src/lib.rs");
        output.diagnostic(&rendered("a\nb\n", Severity::Error), Severity::Error);
        output.result("done\n");
        assert!(captured.stderr().starts_with("error[body-indentation]"));
        assert!(!captured.stderr().contains("warning") && !captured.stderr().contains("note"));
        assert_eq!(captured.stdout(), "done\n");
        let (mut output, captured) = Output::captured(Verbosity::Verbose, false);
        output.detail("wrote src/lib.rs");
        assert_eq!(captured.stderr(), "wrote src/lib.rs\n");
    }
}
