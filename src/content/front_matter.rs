//! Splits a content file into its YAML front matter and its Markdown body.
//!
//! Also turns the raw bytes into text, reporting non-UTF-8 bytes and empty files with a
//! position, because both are common when staff save files from other editors.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// A content file cut into its two parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Lines before the YAML in the file (the opening `---`), to shift parser positions.
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
}

/// Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped).
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        // `valid` is UTF-8 by definition of `valid_up_to`, so this cannot fail.
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(path, line, col, "the file is not valid UTF-8 text")
            .with_hint("save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)")
    })
}

/// Splits `text` at its `---` lines.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, "the file is empty")
            .with_hint("start the file with front matter between two \"---\" lines; `deputy-board new` writes a skeleton"));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.starts_with("---\r") && !first.starts_with("---\r\n") {
        return Err(Diagnostic::error(path, 1, 4, "the lines of this file end with a carriage return alone (old Mac style)")
            .with_hint("save the file with ordinary line endings (in Notepad++: Edit → EOL Conversion → Windows CR LF)"));
    }
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(path, 1, 1, "the file does not start with front matter")
            .with_hint("the first line must be \"---\", followed by the YAML fields and another \"---\" line"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            if text[yaml_start..offset].trim().is_empty() {
                return Err(Diagnostic::error(
                    path,
                    2,
                    1,
                    "the front matter between the \"---\" lines is empty",
                )
                .with_hint(
                    "write the required fields between them; `deputy-board new` writes a skeleton",
                ));
            }
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    // A line meant to close it, typed with other dashes (`———` from an input method,
    // `----`): said at that line.
    if let Some(index) = text.lines().skip(1).position(crate::yaml::is_dash_line) {
        return Err(Diagnostic::error(
            path,
            index + 2,
            1,
            "the front matter is never closed: this line is not \"---\"",
        )
        .with_hint(crate::yaml::DASH_LINE_HINT));
    }
    Err(
        Diagnostic::error(path, 1, 1, "the front matter is never closed")
            .with_hint("add a line \"---\" after the last YAML field"),
    )
}

/// The keys of a kind of file, asked for only when a body's first line may be one
/// ([`crate::yaml::field_names`]).
pub type Fields = fn() -> &'static [&'static str];

/// Refuses a body that holds front-matter data: a `private:` line (in any letter case),
/// the indented rest of a block, or a first line that is one of `fields` (the keys of
/// the file's kind). The body is published as written, so such lines almost always mean
/// that a stray `---` line ended the front matter early: the data below it would be
/// published as page text, or silently left out of the page's fields.
pub fn check_body(
    text: &str,
    split: &Split<'_>,
    path: &Path,
    fields: Fields,
) -> Result<(), Diagnostic> {
    let Some(stray) = stray_block(split, fields) else {
        return Ok(());
    };
    let problem = InBody::new(text, split).problem(path, stray.index, stray.col, &stray.what);
    if stray.private_line && !(closed_below(split.body) && yaml_above(split.body, stray.index)) {
        // No closing line further down, or page text above the line: the front matter
        // ended where it should, and the line is page text that starts like the private
        // key. (A `---` further down is then a divider of the text.)
        return Err(problem.with_hint(
            "a line of page text may not start with \"private:\": private data goes under \"private:\" in the front matter, which is never published; reword the line, or put it in a code block (``` lines) if it shows how a file is written",
        ));
    }
    Err(if stray.private_rest {
        let hint = problem.hint.clone().unwrap_or_default();
        problem.with_hint(format!(
            "{hint}; if these lines are page text, write the private entries under \
             \"private:\" or delete that line"
        ))
    } else {
        problem
    })
}

/// Where the body of a file starts, for messages about front matter found in it.
struct InBody<'a> {
    /// The file line of the body's first line.
    first_line: usize,
    /// The line that closed the front matter (`---` or `...`).
    closing: &'a str,
}

impl<'a> InBody<'a> {
    fn new(text: &'a str, split: &Split<'_>) -> Self {
        let before_body = &text[..text.len() - split.body.len()];
        InBody {
            first_line: before_body.matches('\n').count() + 1,
            closing: before_body.lines().last().unwrap_or("---").trim_end(),
        }
    }

    /// The error for `what` ("\"levels:\" is") at line `index` of the body.
    fn problem(&self, path: &Path, index: usize, col: usize, what: &str) -> Diagnostic {
        let closing = self.closing;
        Diagnostic::error(
            path,
            self.first_line + index,
            col,
            format!(
                "{what} in the published text of the page: the front matter ended at the \"{closing}\" on line {}",
                self.first_line - 1
            ),
        )
        .with_hint(format!(
            "delete the stray \"{closing}\" line, so that the lines below it stay in the front matter"
        ))
    }
}

/// Turns each "missing required key" problem whose key stands in the body as a `key:`
/// line of its own into what happened: a stray `---` ended the front matter above it
/// (`name: x`, `---`, `levels: …`, `station: …`, `---`).
pub fn explain_cut_off_keys(
    text: &str,
    split: &Split<'_>,
    path: &Path,
    problems: &mut [Diagnostic],
) {
    let in_body = InBody::new(text, split);
    let lines: Vec<&str> = split.body.lines().collect();
    for problem in problems.iter_mut() {
        // (A top-level key is reported missing at the start of the front matter.)
        let top_level = (problem.line, problem.col) == (split.yaml_line_offset + 1, 1);
        let Some(key) = crate::yaml::missing_key(problem).filter(|_| top_level) else {
            continue;
        };
        let written = lines.iter().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '：']))
        });
        // The real end of the front matter is then further down: without one, the key
        // was written into the page text, and the message of the parser stands.
        let closed_below =
            |at: usize| (lines[at..].iter()).any(|line| matches!(line.trim_end(), "---" | "..."));
        if let Some(index) = written.filter(|&at| closed_below(at)) {
            *problem = in_body.problem(path, index, 1, &format!("\"{key}:\" is"));
        }
    }
}

/// Whether a body `line` is indented as YAML indents (a space or a tab), or, when it
/// holds a key (`　　mobile: …`), with full-width spaces (全角空格), which a clerk may
/// have meant as indentation. A paragraph indented with full-width spaces, the usual
/// Chinese first-line indent, is page text.
fn indented(line: &str) -> bool {
    line.starts_with([' ', '\t']) || (line.starts_with('\u{3000}') && is_yaml_key(line))
}

/// Whether a closing line (`---` or `...`) comes further down the body: then a `---`
/// above it, where the front matter ended, was a stray one.
fn closed_below(body: &str) -> bool {
    body.lines()
        .any(|line| matches!(line.trim_end(), "---" | "..."))
}

/// Whether each written line of `body` above its line `index` could be front matter
/// (`key: value`, an indented line, a list item): then a stray `---` above them ended
/// the front matter early.
fn yaml_above(body: &str, index: usize) -> bool {
    body.lines()
        .take(index)
        .all(|line| line.trim().is_empty() || line.starts_with([' ', '\t']) || is_yaml_key(line))
}

/// Front-matter data found in the body.
struct Stray {
    /// Its line in the body (0-based) and column.
    index: usize,
    col: usize,
    /// What it is, for the message ("\"private:\" is").
    what: String,
    /// Whether it is the rest of a `private:` block the front matter ended in (then the
    /// lines may also be page text after an empty `private:`).
    private_rest: bool,
    /// Whether it is a `private:` line of the body, outside code blocks.
    private_line: bool,
}

/// Where the body holds front-matter data.
fn stray_block(split: &Split<'_>, fields: Fields) -> Option<Stray> {
    let stray = |index, col, what: String, private_rest| {
        Some(Stray {
            index,
            col,
            what,
            private_rest,
            private_line: false,
        })
    };
    // A stray line inside a block (`private:`, `---`, `  mobile: ...`) leaves the key
    // without a value and publishes the indented rest as text.
    let last_key = (split.yaml.lines().rev()).find(|line| !line.trim().is_empty());
    let body_start = split.body.lines().position(|line| !line.trim().is_empty());
    if let (Some(key), Some(index)) = (last_key, body_start)
        && let Some(line) = split.body.lines().nth(index)
        && indented(line)
        && (key.trim_end().ends_with(':') || is_yaml_key(line))
    {
        // A top-level key is a field name, and named; any other line is named by its
        // number only, since it may be private (a key under `private:` can be a phone
        // number, a line of block text anything).
        let what = match key.split_once(':') {
            Some((name, _)) if crate::yaml::is_field_name(name) => {
                format!("the indented lines below \"{name}:\" are")
            }
            _ => {
                // (Only on this rare path are the lines counted.)
                let lines: Vec<&str> = split.yaml.lines().collect();
                let key_index = (lines.iter())
                    .rposition(|line| !line.trim().is_empty())
                    .unwrap_or_default();
                format!(
                    "the indented lines below line {} are",
                    split.yaml_line_offset + key_index + 1
                )
            }
        };
        return stray(index, 1, what, false);
    }
    // A stray line inside the `private:` block that ends the front matter: the rest of
    // the block (indented lines, block-text lines, items of a list written at the key's
    // own indentation) would be published. Only the body's first lines, up to the first
    // blank one, can be that rest.
    if let Some(private) = last_top_level_key(split.yaml).filter(|key| yaml::is_private_key(key)) {
        // A list item can continue the block only when the key has no value yet, or
        // its list is at the key's indentation.
        let last_line = last_written_line(split.yaml).unwrap_or_default();
        let no_value = written_value(private).is_none_or(str::is_empty);
        // The indentation at which a list item continues the block: that of a list
        // item the block ends with, or the key's own when it has no value yet.
        let item_indent = |line: &str| {
            let content = line.trim_start();
            (content.starts_with("- ") || content.trim_end() == "-")
                .then_some(line.len() - content.len())
        };
        let list_at = item_indent(last_line).or((no_value && last_line == private).then_some(0));
        // Indented lines continue the block only when it is still open: the key has no
        // value yet, or block text (`|`, `>`) runs to the end. After a whole block, an
        // indented paragraph is page text (some writers indent first lines).
        let open = (no_value && last_line == private) || ends_in_block_text(split.yaml);
        // A plain value (`notes: 回访记录`) goes on over more deeply indented lines, so a
        // body line indented past it would be the rest of that value, when a closing
        // line further down shows that the front matter ended early (else an indented
        // first paragraph is page text).
        let plain_at = plain_value_indent(last_line).filter(|_| closed_below(split.body));
        let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
        let first_block = split
            .body
            .lines()
            .enumerate()
            .skip_while(|(_, line)| line.trim().is_empty())
            .take_while(|(_, line)| !line.trim().is_empty());
        for (index, line) in first_block {
            let continues_list = list_at.is_some() && item_indent(line) == list_at;
            let deeper = plain_at.is_some_and(|at| indent(line) > at);
            if (indented(line) && (open || deeper || is_yaml_key(line))) || continues_list {
                return stray(index, 1, "the lines below \"private:\" are".into(), true);
            }
        }
    }
    // A field of this kind of file on the body's first line, at the start of the line
    // (`reception:`, `tags: [...]`), with a closing line further down: the front matter
    // went on below a stray line, and what follows would be missing from the page
    // (reception days, tags) or published as text. (Without a closing line below, the
    // line is page text that starts like a key: `phone: 本站没有专线`.)
    if let Some(index) = body_start
        && let Some(line) = split.body.lines().nth(index)
        && line.starts_with(|c: char| c.is_ascii_lowercase())
        && let Some((key, _)) = line.split_once([':', '：'])
        && fields().contains(&key)
        && closed_below(split.body)
    {
        return stray(index, 1, format!("\"{key}:\" is"), false);
    }
    // (`split('\n')` finds the line ends with a fast search; a CR left at the end of a
    // line does not matter, only its start is read.) A fenced code block (``` or ~~~)
    // shows text as it is written, such as how a content file is written: it is found
    // as CommonMark finds it, only once a line is a private key.
    let mut code: Option<Vec<std::ops::Range<usize>>> = None;
    let mut offset = 0;
    split
        .body
        .split('\n')
        .enumerate()
        .find_map(|(index, line)| {
            let at = offset;
            offset += line.len() + 1;
            let content = line.trim_start();
            let key = content.strip_prefix("- ").unwrap_or(content).trim_start();
            // Most lines are settled by their first character.
            if !key.starts_with(['p', 'P', 'ｐ', 'Ｐ', '"', '\'']) || !yaml::is_private_key(key) {
                return None;
            }
            let code = code.get_or_insert_with(|| crate::markdown::code_block_ranges(split.body));
            if code.iter().any(|range| range.contains(&at)) {
                return None;
            }
            let col = line[..line.len() - content.len()].chars().count() + 1;
            Some(Stray {
                index,
                col,
                what: "\"private:\" is".to_string(),
                private_rest: false,
                private_line: true,
            })
        })
}

/// Keys whose text is published as written, where a `#` starts a YAML comment that cuts
/// the rest of the line off without a word (`title: 第3期 #停车难` publishes 第3期).
const TEXT_KEYS: [&str; 14] = [
    "title",
    "summary",
    "name",
    "occupation",
    "address",
    "hours",
    "constituency",
    "town",
    "party",
    "ethnicity",
    "gender",
    "phone",
    "time",
    "organisation",
];

/// Top-level blocks whose nested keys may be [`TEXT_KEYS`] (`contact: phone:`,
/// `reception: - time:`).
const PUBLIC_BLOCKS: [&str; 3] = ["contact", "reception", "reports"];

/// Whether `yaml` is written as plain block `key: value` lines: no flow mapping or list
/// left open at the end of a line, no explicit keys (`? key`), tags (`!!str`), anchors
/// or aliases, and no escapes in quoted keys.
fn is_plain_block_yaml(yaml: &str) -> bool {
    yaml.lines().all(|line| {
        let content = line.trim_start();
        let content = content.strip_prefix("- ").unwrap_or(content);
        if content.starts_with('#') {
            return true;
        }
        let opens = |open: char, close: char| {
            content.chars().filter(|&c| c == open).count()
                > content.chars().filter(|&c| c == close).count()
        };
        let escaped_key = content.starts_with('"')
            && (content.split(':').next()).is_some_and(|key| key.contains('\\'));
        !content.starts_with(['?', '!', '&', '*', '{', '[', '}', ']'])
            && !opens('{', '}')
            && !opens('[', ']')
            && !escaped_key
            && !quote_left_open(content)
    })
}

/// Whether the value of a `key: value` line (or a list item's text) is a quoted text
/// that goes on past the end of the line.
fn quote_left_open(entry: &str) -> bool {
    let value = match entry.split_once([':', '：']) {
        Some((_, value)) => value.trim_start(),
        None => entry,
    };
    let mut chars = value.chars();
    match chars.next() {
        Some('"') => {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => return false,
                    _ => {}
                }
            }
            true
        }
        // In single quotes, '' is a quote mark inside the text.
        Some('\'') => {
            let mut rest = value[1..].chars().peekable();
            while let Some(c) = rest.next() {
                if c == '\'' && rest.next_if_eq(&'\'').is_none() {
                    return false;
                }
            }
            true
        }
        _ => false,
    }
}

/// Warnings for published text that a ` #` cuts short. Lines inside `private:` are never
/// looked at (a message must not quote them).
pub fn cut_by_comments(split: &Split<'_>, path: &Path) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // One fast search settles almost every file: no `#`, no comment.
    if !split.yaml.contains('#') {
        return warnings;
    }
    // Lines are read one by one, so only plain `key: value` lines are looked at: in a
    // file with YAML's other syntax (`{…}` over several lines, `? key`, tags, escapes
    // in quoted keys), a line under `private:` could pass for a public one, and a
    // message must never quote it.
    if !is_plain_block_yaml(split.yaml) {
        return warnings;
    }
    // The top-level key whose block is being read: only known public blocks are looked
    // at (not `private:`, and not a misspelled `privat:` meant to be private).
    let mut block = "";
    // The indentation of a block scalar (`|`, `>`), where `#` is text.
    let mut skipped: Option<usize> = None;
    for (index, line) in split.yaml.lines().enumerate() {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        match skipped {
            Some(depth) if indent > depth => continue,
            _ => skipped = None,
        }
        let entry = content.strip_prefix("- ").unwrap_or(content);
        let Some(colon) = entry.find([':', '：']) else {
            continue;
        };
        let key = entry[..colon].trim().trim_matches(['"', '\'']);
        if indent == 0 && !content.starts_with('-') {
            block = key;
        }
        if !TEXT_KEYS.contains(&block) && !PUBLIC_BLOCKS.contains(&block) {
            continue;
        }
        let value = entry[colon..]
            .strip_prefix(':')
            .or_else(|| entry[colon..].strip_prefix('：'))
            .unwrap_or("");
        let value_trimmed = value.trim_start();
        if value_trimmed.starts_with(['|', '>']) {
            skipped = Some(indent);
            continue;
        }
        if !TEXT_KEYS.contains(&key) || value_trimmed.starts_with(['"', '\'', '[', '{']) {
            continue;
        }
        // A space or tab, then `#`: where the comment starts.
        let Some(at) = value
            .char_indices()
            .zip(value.chars().skip(1))
            .find(|((_, blank), next)| matches!(blank, ' ' | '\t') && *next == '#')
            .map(|((at, _), _)| at)
        else {
            continue;
        };
        if value[..at].trim().is_empty() {
            continue;
        }
        let comment = value[at + 1..].trim_end();
        // The byte where the `#` is: `value` ends where the line ends.
        let hash_at = line.len() - value.len() + at + 1;
        warnings.push(
            Diagnostic::warning(
                path,
                split.yaml_line_offset + index + 1,
                line[..hash_at].chars().count() + 1,
                format!(
                    "\"{comment}\" is left out of the published text: after a space, \"#\" starts a comment"
                ),
            )
            .with_hint(format!(
                "if it belongs to the text, put the whole value in quotes: {key}: \"{}\"",
                value.trim().replace('"', "\\\"")
            )),
        );
    }
    warnings
}

/// Whether `line` starts like a YAML `key:` line (a plain ASCII key, then a colon).
/// The last line of `yaml` that starts a top-level entry (`key: value` at column 1).
fn last_top_level_key(yaml: &str) -> Option<&str> {
    yaml.lines().rev().find(|line| {
        !line.is_empty()
            && !line.starts_with([' ', '\t', '#', '-'])
            && !line.trim().is_empty()
            && line != &"..."
    })
}

/// Whether block text (`key: |` or `key: >`) runs to the end of `yaml`: the lines after
/// it would still belong to it.
fn ends_in_block_text(yaml: &str) -> bool {
    let starts_block_text = |line: &str| {
        let entry = line.trim_start();
        let entry = entry.strip_prefix("- ").unwrap_or(entry);
        written_value(entry).is_some_and(|value| value.starts_with(['|', '>']))
    };
    let mut written = (yaml.lines().rev())
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    let Some(last) = written.next() else {
        return false;
    };
    if starts_block_text(last) {
        return true;
    }
    // The lines the last one sits under, each less indented than the one below it.
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut deepest = indent(last);
    for line in written {
        if indent(line) >= deepest {
            continue;
        }
        if starts_block_text(line) {
            return true;
        }
        if indent(line) == 0 {
            return false;
        }
        deepest = indent(line);
    }
    false
}

/// The indentation of `line` when it ends in a plain value (`notes: 回访记录`,
/// `- 139…`), which YAML lets go on over the more deeply indented lines below it; `None`
/// for a quoted, bracketed, block-text or empty value.
fn plain_value_indent(line: &str) -> Option<usize> {
    let content = line.trim_start_matches([' ', '\t']);
    let entry = content.strip_prefix("- ").unwrap_or(content);
    let value = match written_value(entry) {
        Some(value) => value,
        // A list item that is a value of its own (`- 139…`).
        None if content.starts_with("- ") => entry.split(" #").next().unwrap_or_default().trim(),
        None => return None,
    };
    let plain = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']);
    plain.then_some(line.len() - content.len())
}

/// The value of a `key: value` text (ASCII or full-width colon), without a comment
/// after it and trimmed; `None` when the text has no colon.
fn written_value(entry: &str) -> Option<&str> {
    let (_, value) = entry.split_once([':', '：'])?;
    Some(value.split(" #").next().unwrap_or_default().trim())
}

/// The last line of `yaml` that is neither blank nor a comment.
fn last_written_line(yaml: &str) -> Option<&str> {
    yaml.lines()
        .rev()
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

fn is_yaml_key(line: &str) -> bool {
    let content = line.trim_start();
    let content = content.strip_prefix("- ").unwrap_or(content);
    let key_end = content
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(content.len());
    key_end > 0 && content[key_end..].trim_start().starts_with([':', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of the kind of file the tests read.
    const FIELDS: Fields = || &["name", "levels", "reception", "tags", "private"];

    /// [`check_body`] of `text`, a file `a.md` of a kind with [`FIELDS`].
    fn body_check(text: &str) -> Result<(), Diagnostic> {
        let parts = split(text, Path::new("a.md")).unwrap();
        check_body(text, &parts, Path::new("a.md"), FIELDS)
    }

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\nname: a\n---\nbody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "name: a\n");
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn windows_line_endings() {
        let s = split("---\r\nname: a\r\n---\r\nbody", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "name: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn old_mac_line_endings_are_named() {
        let d = split("---\rname: a\r---\rbody\r", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("carriage return alone"), "{}", d.message);
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(
            split("name: a\n", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(
            split("---\nname: a\n", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split(" \n", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn the_rest_of_a_private_block_cut_off_by_a_stray_line_is_an_error() {
        let refused = |text: &str| body_check(text).err().map(|d| (d.line, d.message));
        for text in [
            // Block text, with the stray line inside it or right after its key.
            "---\ntitle: a\nprivate:\n  note: |\n    one\n---\n    SECRET\n",
            "---\ntitle: a\nprivate: |\n---\n  SECRET\n",
            // A list at the key's indentation, or deeper.
            "---\ntitle: a\nprivate:\n- a\n---\n- SECRET\n",
            "---\ntitle: a\nprivate:\n  phones:\n  - 1\n---\n  - SECRET\n",
            "---\ntitle: a\nprivate:  # 不公开\n---\n- SECRET\n",
            // Block text opened on the last line, with nothing of it above the stray line.
            "---\ntitle: a\nprivate:\n  note: |\n---\n  SECRET\n",
            // Directives and document markers before the indented rest.
            "---\ntitle: a\nprivate:\n...\n%YAML 1.2\n  note: SECRET\n---\nbody\n",
        ] {
            let (line, message) = refused(text).unwrap_or_else(|| panic!("not refused: {text}"));
            assert!(message.contains("below \"private:\""), "{message}");
            assert!(line > 3, "{text}: {line}");
        }
        // A body that starts with a list or a paragraph after a whole private block.
        for text in [
            "---\ntitle: a\nprivate:\n  mobile: 1\n---\n- 第一项\n",
            "---\ntitle: a\nprivate:\n  mobile: 1\n---\n正文\n\n    代码\n",
            "---\ntitle: a\nprivate:\n  - 1\n---\n- 第一项\n",
            // Nested lists, HTML and code after a whole private block.
            "---\ntitle: a\nprivate:\n  mobile: 1\n---\n- 第一项\n  - 子项\n",
            "---\ntitle: a\nprivate:\n  mobile: 1\n---\n<div>\n  <p>简介</p>\n</div>\n",
            // A first line indented by habit, after a whole private block.
            "---\ntitle: a\nprivate:\n  mobile: \"1\"\n---\n  张晓红，女，1975年生。\n",
            "---\ntitle: a\nprivate:\n  note: |\n    一\n  mobile: 1\n---\n  正文\n",
        ] {
            assert_eq!(refused(text), None, "{text}");
        }
    }

    #[test]
    fn a_private_key_in_the_body_is_an_error_at_its_line() {
        let text = "---\nname: a\n---\n正文\n  private:\n  mobile: 1\n";
        let d = body_check(text).unwrap_err();
        assert_eq!((d.line, d.col), (5, 3));
        assert!(d.message.contains("line 3"), "{}", d.message);
        let text = "---\nname: a\n---\nprivate schools: 3\nprivate：x\n";
        assert_eq!(body_check(text).unwrap_err().line, 5);
        let text = "---\nname: a\n...\n- \"private\": x\n";
        let d = body_check(text).unwrap_err();
        assert_eq!((d.line, d.col), (4, 1));
        assert!(d.message.contains("\"...\" on line 3"), "{}", d.message);
        let text = "---\nname: a\n---\nprivately: no\n";
        assert!(body_check(text).is_ok());
    }

    #[test]
    fn a_private_line_in_a_code_block_shows_how_a_file_is_written() {
        // A help page for staff shows the private block in a fenced code block.
        for fence in ["```", "~~~", "````yaml"] {
            let close = &fence[..fence.find(|c| c != '`' && c != '~').unwrap_or(fence.len())];
            let text = format!(
                "---\nname: a\n---\n写法：\n\n{fence}\nprivate:\n  mobile: \"139\"\n{close}\n"
            );
            assert!(body_check(&text).is_ok(), "{text}");
        }
        // After the block closes, a private line counts again.
        let text = "---\nname: a\n---\n```\nx\n```\nprivate: 1\n";
        assert_eq!(body_check(text).unwrap_err().line, 7);
    }

    #[test]
    fn a_private_line_under_page_text_is_not_blamed_on_a_stray_line() {
        // A "---" further down is a divider of the text, not the front matter's end.
        let text = "---\ntitle: a\n---\n说明\n\nprivate: 手机号只写在这里\n\n---\n\n结尾\n";
        let hint = body_check(text).unwrap_err().hint.unwrap_or_default();
        assert!(hint.contains("may not start with"), "{hint}");
        // Lines that are not a fence, or a fence that a shorter one does not close.
        for text in [
            "---\ntitle: a\n---\n    ```\nprivate: 1\n",
            "---\ntitle: a\n---\n```a`b\nprivate: 1\n",
            "---\ntitle: a\n---\n- 示例：\n\n  ```yaml\nprivate: 1\n",
        ] {
            assert!(body_check(text).is_err(), "{text}");
        }
        let text = "---\ntitle: a\n---\n````\n```\nprivate: 1\n```\n````\n";
        assert!(body_check(text).is_ok(), "{text}");
    }

    #[test]
    fn a_private_line_with_no_closing_line_below_is_not_blamed_on_a_stray_line() {
        // The front matter closed where it should: deleting its "---" would break the file.
        let text = "---\nname: a\n---\nPrivate: 本站不接受私人预约\n";
        let d = body_check(text).unwrap_err();
        let hint = d.hint.unwrap_or_default();
        assert!(!hint.contains("delete the stray"), "{hint}");
        assert!(hint.contains("may not start with"), "{hint}");
        // With a closing line below, a stray "---" above is what happened.
        let text = "---\nname: a\n---\nprivate:\n  mobile: 1\n---\n";
        let hint = body_check(text).unwrap_err().hint.unwrap_or_default();
        assert!(hint.contains("delete the stray"), "{hint}");
    }

    #[test]
    fn a_private_key_in_any_letter_case_or_width_is_an_error() {
        for key in ["Private:", "PRIVATE：", "ｐｒｉｖａｔｅ:", "\"Private\":"] {
            let text = format!("---\nname: a\n---\n{key}\n  mobile: \"139\"\n");
            let d = body_check(&text).unwrap_err();
            assert_eq!((d.line, d.col), (4, 1), "{key}");
            assert!(d.message.contains("\"private:\" is"), "{}", d.message);
        }
        let text = "---\nname: a\n---\nPrivately: no\nprivates: no\n";
        assert!(body_check(text).is_ok());
    }

    #[test]
    fn a_field_on_the_first_line_of_the_body_is_an_error() {
        let text = "---\nname: a\n---\n\nreception:\n  - date: 2027-05-20\n---\n";
        let d = body_check(text).unwrap_err();
        assert_eq!((d.line, d.col), (5, 1));
        assert!(
            d.message
                .starts_with("\"reception:\" is in the published text")
        );
        let text = "---\nname: a\n---\ntags：[接待, 述职]\n---\n正文\n";
        let d = body_check(text).unwrap_err();
        assert_eq!(d.line, 4);
        // Not a field of this kind, not on the first line, or no closing line below:
        // page text.
        for text in [
            "---\nname: a\n---\ntime: 上午九点\n---\n",
            "---\nname: a\n---\n正文\n\ntags: [a]\n---\n",
            "---\nname: a\n---\nname: 本站没有专线，请打镇政府电话。\n",
        ] {
            assert!(body_check(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn the_rest_of_a_plain_private_value_cut_off_by_a_stray_line_is_an_error() {
        for text in [
            "---\nname: a\nprivate:\n  notes: 回访记录\n---\n    110199SECRET\n---\n正文\n",
            "---\nname: a\nprivate:\n  phones:\n    - 139\n---\n      0001\n---\n",
            "---\nname: a\nprivate: 回访\n---\n  记录\n...\n",
        ] {
            let d = body_check(text).unwrap_err();
            assert!(
                d.message.contains("below \"private:\""),
                "{text}: {}",
                d.message
            );
        }
        // No deeper than the value's key, after a quoted value, with no closing line
        // below, or a paragraph indented with full-width spaces: page text.
        for text in [
            "---\nname: a\nprivate:\n  notes: 回访记录\n---\n  张晓红，女。\n---\n",
            "---\nname: a\nprivate:\n  notes: \"回访\"\n---\n    正文\n---\n",
            "---\nname: a\nprivate:\n  mobile: 139\n---\n    代码示例\n",
            "---\nname: a\nprivate:\n  mobile: 139\n---\n　　吕建华，男，汉族。\n---\n",
            "---\nname: a\nhours:\n---\n　　本站位于村口。\n",
        ] {
            assert!(body_check(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn a_block_cut_in_two_by_a_stray_line_is_an_error() {
        let text = "---\nname: a\nprivate:\n---\n  mobile: \"139\"\n正文\n";
        let d = body_check(text).unwrap_err();
        assert_eq!((d.line, d.col), (5, 1));
        assert!(d.message.contains("below \"private:\""), "{}", d.message);
        let text = "---\nname: a\nprivate:\n  mobile: 1\n---\n  id_number: \"X\"\n";
        assert_eq!(body_check(text).unwrap_err().line, 6);
        // An ordinary body after a complete front matter is fine.
        let text = "---\nname: a\nlevels: [town]\n---\n\n    代码\n";
        assert!(body_check(text).is_ok());
    }

    #[test]
    fn text_cut_by_a_comment_is_named_but_private_lines_are_not_read() {
        let text = concat!(
            "---\ntitle: 第3期 #停车难\nsummary: \"引号里 #不算\"\nlevels: []  # 说明\n",
            "station:  # 说明\nprivate:\n  note: 内部 #机密\n  phone: 139 #旧\n",
            "\"private\":\n- name: 张三 #小名\ntime: 9:00\t#上午\naddress: |\n  time: 周五 #3\n---\n",
        );
        let split = split(text, Path::new("x.md")).unwrap();
        let found: Vec<String> = cut_by_comments(&split, Path::new("x.md"))
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "2:12 \"#停车难\" is left out of the published text: after a space, \"#\" starts a comment",
                "11:12 \"#上午\" is left out of the published text: after a space, \"#\" starts a comment",
            ]
        );
    }

    #[test]
    fn a_quoted_private_text_over_several_lines_is_not_read() {
        let text = "---\nname: a\nprivate:\n  notes: \"abc\nphone: 139 #secret\"\n---\n";
        let parts = split(text, Path::new("a.md")).unwrap();
        assert!(cut_by_comments(&parts, Path::new("a.md")).is_empty());
        let text = "---\nprivate:\n  notes: 'it''s\ntitle: x #secret'\n---\n";
        let parts = split(text, Path::new("a.md")).unwrap();
        assert!(cut_by_comments(&parts, Path::new("a.md")).is_empty());
        // Closed quotes on their line leave the check on, a quote in a comment too.
        for text in [
            "---\nprivate:\n  notes: 'it''s'\ntitle: 第3期 #停车难\n---\n",
            "---\nsummary: '一句话摘要' # office's note\ntitle: 第3期 #停车难\n---\n",
        ] {
            let parts = split(text, Path::new("a.md")).unwrap();
            assert_eq!(
                cut_by_comments(&parts, Path::new("a.md")).len(),
                1,
                "{text}"
            );
        }
    }

    #[test]
    fn private_lines_in_other_syntax_or_a_misspelled_block_are_not_read_either() {
        for yaml in [
            "name: x\nprivate: {\nphone: 13912345678 #old\n}\n",
            "name: x\n? private\n:\n  name: 13912345678 #old\n",
            "name: x\n!!str private:\n  phone: 13912345678 #old\n",
            "name: x\n\"priv\\x61te\":\n  phone: 13912345678 #old\n",
            "name: x\nprivat:\n  phone: 13912345678 #old\n",
            "name: x\nprivate:\n- phone: 13912345678 #old\n",
        ] {
            let text = format!("---\n{yaml}---\n");
            let split = split(&text, Path::new("x.md")).unwrap();
            let found = cut_by_comments(&split, Path::new("x.md"));
            assert!(found.is_empty(), "{yaml}: {found:?}");
        }
    }

    #[test]
    fn a_stray_line_message_names_the_key_but_never_a_private_value() {
        let text = "---\nname: a\nprivate:\n  mobile: \"13912345678\"\n---\n  id_number: X\n";
        let split = split(text, Path::new("x.md")).unwrap();
        let d = check_body(text, &split, Path::new("x.md"), FIELDS).unwrap_err();
        assert!(d.message.contains("below line 4"), "{}", d.message);
        assert!(!d.to_string().contains("139"), "{d}");
        // A line of block text, or a list item, is never quoted either.
        for text in [
            "---\ntitle: a\nprivate:\n  note: |\n    家属电话 13912345678\n---\n  id_number: \"1101\"\n",
            "---\ntitle: a\nprivate:\n  phones:\n  - 13912345678\n---\n  id_number: x\n",
            "---\ntitle: a\nprivate:\n  \"13912345678\": 老家\n---\n  id_number: x\n",
        ] {
            let parts = super::split(text, Path::new("x.md")).unwrap();
            let d = check_body(text, &parts, Path::new("x.md"), FIELDS).unwrap_err();
            assert!(!d.to_string().contains("139"), "{d}");
        }
    }

    #[test]
    fn reports_position_of_bad_utf8() {
        let d = decode(b"---\nname: \xff\n", Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.col), (2, 7));
    }
}
