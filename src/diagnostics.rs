//! Problems found in a site, collected across a whole run and reported together.
//!
//! Every check in the loader and validator pushes a [`Diagnostic`] instead of returning
//! early, so one run lists every problem (numbered) and the user fixes them in one pass.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How serious a problem is: errors fail the build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Fails the build (exit code 1) and leaves the output untouched.
    Error,
    /// Printed, but the build still succeeds.
    Warning,
}

/// One problem in one file, with the position when it is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root when possible.
    pub path: PathBuf,
    /// 1-based line in the file (0 when unknown).
    pub line: usize,
    /// 1-based column in the file (0 when unknown).
    pub col: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when a useful hint exists.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `path:line:col`.
    pub fn warning(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    /// Adds a hint that tells the user how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform, so messages and tests read the same everywhere.
        let path = self.path.to_string_lossy().replace('\\', "/");
        match (self.line, self.col) {
            (0, _) => write!(f, "{path}: ")?,
            (line, 0) => write!(f, "{path}:{line}: ")?,
            (line, col) => write!(f, "{path}:{line}:{col}: ")?,
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&printable(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// At most this many characters of a message or hint are shown: one that quotes a huge
/// value shows its start and its end.
const MAX_SHOWN_CHARS: usize = 1000;

/// `text` as a terminal or the error overlay should show it: characters that are
/// invisible, look like a space but are not one, or change how a line displays (control
/// characters, zero-width and non-breaking spaces, right-to-left overrides, a byte-order
/// mark) written as `\u{…}`, so a key that
/// differs from the right one only by them can be seen; and shortened in the middle
/// when it is very long.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
            // Spaces that look like an ordinary one: a key or slug that differs by one
            // would otherwise look the same as the one it should be.
            || matches!(c, '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}')
    };
    let count = text.chars().count();
    if count <= MAX_SHOWN_CHARS && !text.chars().any(hidden) {
        return text.into();
    }
    let mut shown = String::new();
    for (i, c) in text.chars().enumerate() {
        if count > MAX_SHOWN_CHARS && i == MAX_SHOWN_CHARS - 100 {
            shown.push_str(&format!(
                " … ({} characters left out) … ",
                count - MAX_SHOWN_CHARS
            ));
        }
        if count > MAX_SHOWN_CHARS && (MAX_SHOWN_CHARS - 100..count - 100).contains(&i) {
            continue;
        }
        if hidden(c) && c != '\n' {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown.into()
}

/// Every problem found during one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records every problem of another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors, sorted by file and position so the report reads top to bottom.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.sorted(Severity::Error)
    }

    /// The warnings, sorted by file and position.
    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.sorted(Severity::Warning)
    }

    fn sorted(&self, severity: Severity) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        list.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        list.dedup();
        list
    }
}

/// The error a failed run returns: every error found, already formatted for people.
#[derive(Debug, Default)]
pub struct SiteErrors {
    /// The errors, sorted.
    pub errors: Vec<Diagnostic>,
    /// Warnings found on the way, sorted: shown after the errors, since one may explain
    /// an error (a file that is not read, so a reference to it dangles).
    pub warnings: Vec<Diagnostic>,
}

impl SiteErrors {
    /// `errors`, shown with the `warnings` found before them.
    pub fn new(errors: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Self {
        SiteErrors {
            errors,
            warnings: warnings.to_vec(),
        }
    }
}

impl From<&Diagnostics> for SiteErrors {
    /// The errors and warnings of a run, sorted.
    fn from(found: &Diagnostics) -> Self {
        SiteErrors {
            errors: found.errors().into_iter().cloned().collect(),
            warnings: found.warnings().into_iter().cloned().collect(),
        }
    }
}

impl SiteErrors {
    /// "error" or "errors", as many as there are.
    pub fn noun(&self) -> &'static str {
        if self.errors.len() == 1 {
            "error"
        } else {
            "errors"
        }
    }

    /// The errors, numbered, one per line (each ending in a line break).
    pub fn numbered(&self) -> String {
        (self.errors.iter().enumerate())
            .map(|(i, diagnostic)| format!("{:>3}. {diagnostic}\n", i + 1))
            .collect()
    }
}

impl fmt::Display for SiteErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.noun();
        writeln!(f, "found {} {noun}:", self.errors.len())?;
        f.write_str(&self.numbered())?;
        if !self.warnings.is_empty() {
            let noun = if self.warnings.len() == 1 {
                "warning"
            } else {
                "warnings"
            };
            writeln!(f, "and {} {noun}:", self.warnings.len())?;
            for diagnostic in &self.warnings {
                writeln!(f, "  - {diagnostic}")?;
            }
        }
        write!(f, "nothing was written; fix the {noun} above and run again")
    }
}

impl std::error::Error for SiteErrors {}

/// A command line that asks for something that cannot be (a station that does not
/// exist, a name that makes no file name): exit code 2, like clap's own usage errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            // `PRIVATE`, `Name`: the same word in other letter case is the best match.
            let score = if candidate == lower {
                2.0
            } else {
                strsim::jaro_winkler(word, candidate)
            };
            (score, candidate)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    #[test]
    fn invisible_characters_are_shown_and_long_messages_shortened() {
        let d = Diagnostic::error(
            Path::new("a.md"),
            2,
            1,
            "unknown key \"the\u{200b}me\u{202e}\"",
        )
        .with_hint("did you mean \"theme\"?\u{85}");
        assert_eq!(
            d.to_string(),
            "a.md:2:1: unknown key \"the\\u{200b}me\\u{202e}\"\n    hint: did you mean \"theme\"?\\u{85}"
        );
        let long = format!("invalid date \"{}\"", "x".repeat(100_000));
        let shown = Diagnostic::error(Path::new("a.md"), 2, 1, long).to_string();
        assert!(shown.len() < 1100, "{}", shown.len());
        assert!(shown.contains("characters left out"), "{shown}");
        assert!(shown.ends_with("x\""), "{shown}");
    }

    use super::*;

    #[test]
    fn formats_position_and_hint() {
        let d = Diagnostic::error(Path::new("content/deputies/zhang.md"), 7, 3, "unknown key")
            .with_hint("did you mean \"phone\"?");
        assert_eq!(
            d.to_string(),
            "content/deputies/zhang.md:7:3: unknown key\n    hint: did you mean \"phone\"?"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("phnoe", ["phone", "email", "qr"]),
            Some("phone")
        );
        assert_eq!(did_you_mean("zzz", ["phone", "email"]), None);
    }
}
