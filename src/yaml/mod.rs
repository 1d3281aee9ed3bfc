//! The one place that knows which YAML crate parses front matter and `site.yaml`.
//!
//! serde-saphyr replaces the deprecated serde_yaml. Its errors carry a line and column
//! relative to the text it was given; [`parse`] shifts them by the line where the YAML
//! starts in the file, so messages point at the file the user has open.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, did_you_mean};

mod recover;

/// A value with the position of its YAML node in the file (1-based line and column).
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// The 1-based (line, column) of a spanned value, shifted to file coordinates.
pub fn position<T>(value: &Spanned<T>, line_offset: usize) -> (usize, usize) {
    let location = value.referenced;
    (
        location.line() as usize + line_offset,
        location.column() as usize,
    )
}

/// Parses `text` (which starts at line `line_offset + 1` of `path`) into `T`.
///
/// Unknown keys become an error with a "did you mean" hint; every other problem keeps the
/// parser's own message without its source snippet. When the text has a problem, the
/// others are looked for too (see [`recover`]), so one run lists them all; a syntax
/// error ends the search, since what follows it cannot be read reliably.
///
/// Anchors (`&name`) and aliases (`*name`) are refused: an alias of a value under
/// `private:` would copy it into a public field, where nothing marks it as private.
/// Content files have no use for them, and the parser's other limits (nesting depth,
/// number of nodes) stay as they are.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    parse_with_rest(text, path, line_offset).map_err(|(problems, _)| problems)
}

/// [`parse`], which on problems also returns the rest of the text: what it reads as once
/// the blocks that hold the problems are left out, when that reads without standing in
/// for a missing required key. Checks across files use it, so a file's wrong reference
/// is reported in the same run as its YAML slips.
pub fn parse_with_rest<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, (Vec<Diagnostic>, Option<T>)> {
    // Front matter of nothing but comments is an empty mapping, whose missing keys the
    // search names; the parser itself calls it an unexpected end of input.
    let read = if all_blank(text.lines()) { "{}" } else { text };
    parse_once(read).map_err(|first| every_problem::<T>(text, first, path, line_offset))
}

/// Whether `lines` hold nothing but blanks and comments.
fn all_blank<'a>(mut lines: impl Iterator<Item = &'a str>) -> bool {
    lines.all(|line| {
        let line = line.trim_start();
        line.is_empty() || line.starts_with('#')
    })
}

/// At most this many problems are listed for one text: past that, fixing the first ones
/// comes first.
const MAX_PROBLEMS: usize = 20;

fn parse_once<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_anchors: 0,
            max_aliases: 0,
        },
    };
    serde_saphyr::from_str_with_options::<T>(text, options)
}

/// The problems of `text`, starting with the parser's `first` error: the block that holds
/// each error is blanked (kept as empty lines, so positions stay right) and the text
/// parsed again, until it parses, the error is one blanking cannot get past, or it
/// repeats. A missing top-level key gets a stand-in value, so the next one is found too.
/// Also returns what the text parsed to at the end, if it did without stand-ins.
fn every_problem<T: DeserializeOwned>(
    text: &str,
    first: serde_saphyr::Error,
    path: &Path,
    line_offset: usize,
) -> (Vec<Diagnostic>, Option<T>) {
    let mut lines: Vec<&str> = text.lines().collect();
    // `key: value` lines appended below the text for missing top-level keys, so the
    // parse gets past one and names the next (see [`stand_in`]).
    let mut stand_ins: Vec<String> = Vec::new();
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut current = text.to_string();
    let mut error = first;
    loop {
        let error_now = error.without_snippet();
        if let serde_saphyr::Error::SerdeMissingField { field, .. } = error_now
            && error_now.location().is_none_or(|l| l.column() <= 1)
        {
            // The parser names a missing top-level key only once every value read well,
            // and one key at a time: name it unless this search blanked it, then stand in
            // for it to find the next.
            let (next, allowed) = stand_in::<T>(&lines, &mut stand_ins, field);
            if !blanked_keys.iter().any(|key| key == field) {
                let mut problem = to_diagnostic(&error, &current, path, line_offset);
                if let Some(allowed) = allowed {
                    problem = problem.with_hint(format!(
                        "add a line \"{field}: ...\" with one of: {}",
                        allowed.join(", ")
                    ));
                }
                if problems.contains(&problem) || problems.len() == MAX_PROBLEMS {
                    break;
                }
                problems.push(problem);
            }
            match next {
                Some(Err(next)) => error = next,
                Some(Ok(())) | None => break,
            }
            continue;
        }
        let problem = to_diagnostic(&error, &current, path, line_offset);
        if problems.contains(&problem) || problems.len() == MAX_PROBLEMS {
            break;
        }
        problems.push(problem);
        let blocks = blocks_to_blank(error_now, &current, &lines);
        if blocks.is_empty() {
            break;
        }
        for (range, key) in blocks {
            lines[range].fill("");
            blanked_keys.extend(key);
        }
        current = joined(&lines, &stand_ins);
        match parse_once::<T>(&current) {
            Ok(rest) => {
                if stand_ins.is_empty() {
                    return (problems, Some(rest));
                }
                break;
            }
            Err(next) => error = next,
        }
    }
    (problems, None)
}

/// `lines` and the `stand_ins` below them as one text; an empty mapping when there is
/// nothing but blank lines (an empty text is not a mapping).
fn joined(lines: &[&str], stand_ins: &[String]) -> String {
    if stand_ins.is_empty() && all_blank(lines.iter().copied()) {
        return "{}".to_string();
    }
    let mut text = lines.join("\n");
    for line in stand_ins {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// Appends to `stand_ins` a line that gives the missing top-level `key` a value the
/// parser accepts, and returns the parse of the text with it (`None` when no stand-in
/// fits), and the values `key` allows when it takes one of a fixed set. The values tried
/// fit every required key the content model has: a text, a list, a date, or the first
/// value of a fixed set.
fn stand_in<T: DeserializeOwned>(
    lines: &[&str],
    stand_ins: &mut Vec<String>,
    key: &str,
) -> (Option<Result<(), serde_saphyr::Error>>, Option<Vec<String>>) {
    let mut values: Vec<String> = vec!["\"\"".into(), "[]".into(), "2000-01-01".into()];
    let mut allowed: Option<Vec<String>> = None;
    let mut tried = 0;
    while let Some(value) = values.get(tried).cloned() {
        tried += 1;
        stand_ins.push(format!("{key}: {value}"));
        let text = joined(lines, stand_ins);
        let error = match parse_once::<T>(&text) {
            Ok(_) => return (Some(Ok(())), allowed),
            Err(error) => error,
        };
        let error_now = error.without_snippet();
        let got_past = match error_now {
            // Reported at the last key read, which may be a stand-in.
            serde_saphyr::Error::SerdeMissingField { field, .. } => *field != key,
            _ => error_now
                .location()
                .is_some_and(|l| l.line() as usize <= lines.len()),
        };
        if got_past {
            return (Some(Err(error)), allowed);
        }
        if let serde_saphyr::Error::SerdeUnknownVariant { expected, .. } = error_now
            && let Some(first) = expected.first()
            && allowed.is_none()
        {
            values.push((*first).to_string());
            allowed = Some(expected.iter().map(|value| (*value).to_string()).collect());
        }
        stand_ins.pop();
    }
    (None, allowed)
}

/// The blocks of `lines` (the lines of `text`) to blank so that a new parse gets past
/// `error`, each with the top-level key it removes; empty when the error is not one a
/// blank gets past (syntax errors and size limits).
fn blocks_to_blank(
    error: &serde_saphyr::Error,
    text: &str,
    lines: &[&str],
) -> Vec<(std::ops::Range<usize>, Option<String>)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach;
    let Some(location) = error.location().filter(|l| l.line() > 0) else {
        return Vec::new();
    };
    let line = location.line() as usize - 1;
    match error {
        E::SerdeUnknownField {
            field, expected, ..
        } if location.column() == 1 => {
            // Every unknown top-level key is named in one message: blank them all. A key
            // that is a misspelling of a required one (`nmae`) must not make that one
            // read as missing too.
            let mut keys = vec![(field.to_string(), line)];
            keys.extend(
                other_unknown_keys(text, field, expected, 0)
                    .into_iter()
                    .map(|(key, line)| (key, line - 1)),
            );
            keys.into_iter()
                .flat_map(|(key, line)| {
                    let meant = did_you_mean(&key, expected.iter().copied()).map(str::to_string);
                    recover::entries_at(lines, &[line])
                        .into_iter()
                        .map(move |range| (range, meant.clone()))
                })
                .collect()
        }
        _ => {
            let blankable = match error {
                E::Budget {
                    breach: BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. },
                    ..
                }
                | E::Message { .. }
                | E::Unexpected { .. }
                | E::InvalidScalar { .. }
                | E::NullIntoString { .. }
                | E::InvalidBooleanStrict { .. }
                | E::SerdeInvalidType { .. }
                | E::SerdeInvalidValue { .. }
                | E::SerdeInvalidLength { .. }
                | E::SerdeUnknownVariant { .. }
                | E::SerdeVariantId { .. }
                | E::SerdeUnknownField { .. }
                | E::DuplicateMappingKey { .. }
                | E::UnknownAnchor { .. } => true,
                // A key missing from a nested block is reported at a key of that block;
                // one missing from the top level ends the search (the parser reports it
                // last).
                E::SerdeMissingField { .. } => location.column() > 1,
                // A colon slip is a syntax error the line itself explains: the lines
                // after it read as they should once it is blanked.
                _ => lines.get(line).copied().and_then(colon_hint).is_some(),
            };
            if !blankable {
                return Vec::new();
            }
            recover::block_at(lines, line, location.column() as usize)
                .into_iter()
                .collect()
        }
    }
}

fn to_diagnostic(
    error: &serde_saphyr::Error,
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Diagnostic {
    let error = error.without_snippet();
    let (line, col) = match error.location() {
        Some(location) if location.line() > 0 => (
            location.line() as usize + line_offset,
            location.column() as usize,
        ),
        _ => (line_offset + 1, 0),
    };
    match error {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            // The parser stops at the first unknown key; at the top level, the others are
            // named in the same message, so one run shows every typo of the file.
            let mut keys = vec![(field.to_string(), line)];
            if col == 1 {
                keys.extend(other_unknown_keys(text, field, expected, line_offset));
            }
            let suggestions: Vec<(String, &str)> = keys
                .iter()
                .filter_map(|(key, _)| {
                    did_you_mean(key, expected.iter().copied()).map(|best| (key.clone(), best))
                })
                .collect();
            let (message, hint) = match (keys.as_slice(), suggestions.as_slice()) {
                ([_], [(_, best)]) => (
                    format!("unknown key \"{field}\""),
                    format!("did you mean \"{best}\"?"),
                ),
                ([_], _) => (
                    format!("unknown key \"{field}\""),
                    format!("allowed keys here: {}", expected.join(", ")),
                ),
                (_, found) => {
                    let names: Vec<String> = keys
                        .iter()
                        .map(|(key, line)| format!("\"{key}\" (line {line})"))
                        .collect();
                    let hint = if found.is_empty() {
                        format!("allowed keys here: {}", expected.join(", "))
                    } else {
                        let pairs: Vec<String> = found
                            .iter()
                            .map(|(key, best)| format!("\"{best}\" for \"{key}\""))
                            .collect();
                        format!("did you mean {}?", pairs.join(", "))
                    };
                    (format!("unknown keys {}", names.join(", ")), hint)
                }
            };
            Diagnostic::error(path, line, col, message).with_hint(hint)
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            // The parser places a key missing from the top level at the last key it read,
            // which has nothing to do with it: point at the start of the front matter.
            let (line, col) = if col == 1 {
                (line_offset + 1, 1)
            } else {
                (line, col)
            };
            Diagnostic::error(path, line, col, format!("missing required key \"{field}\""))
                .with_hint(format!("add a line \"{field}: ...\""))
        }
        serde_saphyr::Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let hint = match did_you_mean(variant, expected.iter().copied()) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("allowed values: {}", expected.join(", ")),
            };
            Diagnostic::error(path, line, col, format!("unknown value \"{variant}\""))
                .with_hint(hint)
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            let (message, hint) = budget_message(breach);
            Diagnostic::error(path, line, col, message).with_hint(hint)
        }
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            let message = match key {
                Some(key) => format!("the key \"{key}\" appears twice in the same block"),
                None => "this key appears twice in the same block".to_string(),
            };
            Diagnostic::error(path, line, col, message).with_hint(
                "keep one of the two lines; if both values are needed, merge them into one",
            )
        }
        other => {
            let message = clean_message(&other.to_string());
            // An alias whose anchor is missing fails before the budget sees it.
            if message.contains("unknown anchor") {
                return Diagnostic::error(path, line, col, NO_ALIASES.0).with_hint(NO_ALIASES.1);
            }
            let index = line.saturating_sub(line_offset + 1);
            let written = text.lines().nth(index).unwrap_or("");
            match type_hint(&message, written) {
                Some((message, hint)) => {
                    Diagnostic::error(path, line, col, message).with_hint(hint)
                }
                None => {
                    if let Some((opener, column, what)) = recover::unclosed(text, index) {
                        let (message, hint) = match what {
                            '[' => (
                                "this list is opened with \"[\" and never closed",
                                "end the list with \"]\", e.g. groups: [教科文卫, 社会建设]",
                            ),
                            _ => (
                                "this text is opened with a quote and never closed",
                                "end the text with the same quote mark on the same line",
                            ),
                        };
                        return Diagnostic::error(path, opener + line_offset + 1, column, message)
                            .with_hint(hint);
                    }
                    match colon_hint(written) {
                        Some(hint) => Diagnostic::error(
                            path,
                            line,
                            col,
                            "the key on this line is not followed by an ASCII colon and a space",
                        )
                        .with_hint(hint),
                        None => Diagnostic::error(path, line, col, message).with_hint(
                            "check the YAML on this line: lists are written [a, b] with both \
                             brackets, and text containing \":\" or \"#\" must be in quotes",
                        ),
                    }
                }
            }
        }
    }
}

/// The top-level keys of `text` after `first` that are not `expected`, with their file
/// lines; empty when the text cannot be read as a mapping.
fn other_unknown_keys(
    text: &str,
    first: &str,
    expected: &[&str],
    line_offset: usize,
) -> Vec<(String, usize)> {
    let Ok(keys) =
        serde_saphyr::from_str::<indexmap::IndexMap<Spanned<String>, serde::de::IgnoredAny>>(text)
    else {
        return Vec::new();
    };
    keys.into_keys()
        .filter(|key| key.value != first && !expected.contains(&key.value.as_str()))
        .map(|key| {
            let (line, _) = position(&key, line_offset);
            (key.value, line)
        })
        .collect()
}

/// A hint for the two colon slips that break a `key: value` line: the full-width colon
/// of a Chinese input method, and no space after the colon.
fn colon_hint(line: &str) -> Option<&'static str> {
    let line = line.trim_start();
    let line = line.strip_prefix("- ").unwrap_or(line);
    let key_end = line.find([':', '：'])?;
    let key = line[..key_end].trim();
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain_key {
        return None;
    }
    let rest = &line[key_end..];
    if rest.starts_with("://") {
        // A web address on a line of its own, not a key.
        return None;
    }
    if rest.starts_with('：') {
        return Some(
            "this line uses the full-width colon \"：\"; write the key with the ASCII colon \":\" and a space (switch the input method to half-width, 半角)",
        );
    }
    match rest[1..].chars().next() {
        Some(c) if !c.is_whitespace() => Some("put a space after the colon, e.g. \"name: 张晓红\""),
        _ => None,
    }
}

/// The message and hint for an anchor or alias, which [`parse`] refuses.
const NO_ALIASES: (&str, &str) = (
    "YAML anchors (&name) and aliases (*name) are not allowed",
    "if the text just starts with * or &, put it in quotes (\"*注：改期*\"); otherwise write the value out in full: an alias could copy data from private: into a published field",
);

/// Plain words for a limit the parser enforces, with a hint.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> (String, &'static str) {
    use serde_saphyr::budget::BudgetBreach;
    match breach {
        BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. } => {
            (NO_ALIASES.0.to_string(), NO_ALIASES.1)
        }
        BudgetBreach::Depth { depth } => (
            format!("the YAML is nested too deeply ({depth} levels)"),
            "no field nests more than a few levels; check the brackets and the indentation",
        ),
        _ => (
            "the YAML is too large to read: too many values, or a value too long".into(),
            "split the data into several files, or remove the repeated part",
        ),
    }
}

/// Plain words for the parser's type errors, with a hint; `written` is the line the
/// error is on, for the slips of a Chinese input method (full-width brackets and commas).
fn type_hint(message: &str, written: &str) -> Option<(String, &'static str)> {
    let full_width = written.contains(['［', '］', '，', '、']);
    if message.starts_with("cannot deserialize null") {
        let item = written.trim_start().starts_with('-');
        return Some((
            "this value is empty".to_string(),
            if item {
                "write the item's text after \"- \", or delete the line"
            } else {
                "write the value after the colon and a space, e.g. \"station: hexi-station\""
            },
        ));
    }
    if message.starts_with("expected sequence start") {
        return Some((
            "expected a list here".to_string(),
            if full_width {
                "write the list with ASCII brackets and commas, [district, town], not ［ ］ or \
                 ， (switch the input method to half-width, 半角)"
            } else {
                "write a list in square brackets, e.g. levels: [district, town], or one item \
                 per line starting with \"- \""
            },
        ));
    }
    // `name:赵一` and `name：赵一` read as text where keys were expected: the colon
    // hint below says what is wrong.
    if message.starts_with("expected mapping start") && colon_hint(written).is_none() {
        return Some((
            "expected \"key: value\" lines here".to_string(),
            "write the block's keys on their own lines, indented under it by two spaces",
        ));
    }
    if message.starts_with("tabs disallowed") || message.contains("found a tab") {
        return Some((
            "a tab is used for indentation here".to_string(),
            "indent with spaces only, two for each level (editors can turn tabs into spaces)",
        ));
    }
    if message.starts_with("invalid boolean") {
        return Some((
            "expected true or false here".to_string(),
            "write true or false",
        ));
    }
    if message.starts_with("invalid floating point") {
        return Some((
            "expected a number here".to_string(),
            if full_width {
                "separate numbers with the ASCII comma, e.g. geo: [39.70, 116.39] (switch the \
                 input method to half-width, 半角)"
            } else {
                "write digits with an optional decimal point, e.g. 39.75"
            },
        ));
    }
    if message.starts_with("there is no day") {
        return Some((
            message.to_string(),
            "a month has 28 to 31 days; February 29 exists only in leap years",
        ));
    }
    if message.starts_with("invalid date") {
        return Some((
            message.to_string(),
            "write the date with a four-digit year, then month and day with two digits each",
        ));
    }
    let kind = message.strip_prefix("invalid ").unwrap_or(message);
    let (what, hint) = match kind {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => (
            "a whole number",
            "write digits only, e.g. 4: no sign or decimals, and not absurdly large",
        ),
        "f32" | "f64" => (
            "a number",
            "write digits with an optional decimal point, e.g. 39.75",
        ),
        "bool" => ("true or false", "write true or false"),
        "expected string scalar" => (
            "a single text value",
            "write plain text here, not a list or a mapping",
        ),
        _ => return None,
    };
    Some((format!("expected {what} here"), hint))
}

/// Drops the position suffix that the parser appends, since the diagnostic prints its own.
fn clean_message(rendered: &str) -> String {
    let first_line = rendered.lines().next().unwrap_or(rendered).trim();
    let without_position = match first_line.find(" at line ") {
        Some(index) => &first_line[..index],
        None => first_line,
    };
    without_position.trim_end_matches(['.', ',']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        phone: Option<String>,
        count: Option<u32>,
        tags: Option<Vec<Spanned<String>>>,
    }

    /// The one problem `text` has.
    fn only_problem(text: &str) -> Diagnostic {
        let mut problems = parse::<Sample>(text, Path::new("x.md"), 1).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.remove(0)
    }

    /// Every problem of `text`, as `line:col message`.
    fn problems(text: &str) -> Vec<String> {
        parse::<Sample>(text, Path::new("x.md"), 1)
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn unknown_key_names_file_line_and_suggestion() {
        let d = only_problem("name: a\nphnoe: 1\n");
        eprintln!("{d}");
        assert_eq!(d.line, 3);
        assert_eq!(d.message, "unknown key \"phnoe\"");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"phone\"?"));
    }

    #[test]
    fn every_unknown_top_level_key_is_named() {
        let d = only_problem("name: a\nphnoe: 1\ncuont: 2\ncolour: x\n");
        assert_eq!(d.line, 3);
        assert_eq!(
            d.message,
            "unknown keys \"phnoe\" (line 3), \"cuont\" (line 4), \"colour\" (line 5)"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean \"phone\" for \"phnoe\", \"count\" for \"cuont\"?")
        );
    }

    #[test]
    fn missing_key_and_type_errors() {
        let d = only_problem("phone: x\n");
        eprintln!("{d}");
        assert!(d.message.contains("name"));
        let d = only_problem("name: a\ncount: many\n");
        eprintln!("{d}");
        assert_eq!(d.line, 3);
        let d = only_problem("name: [a\n");
        eprintln!("{d}");
    }

    #[test]
    fn colon_slips_get_their_own_hint() {
        let d = only_problem("name: a\nphone：1\n");
        assert!(
            d.hint.as_deref().unwrap().contains("full-width colon"),
            "{d}"
        );
        let d = only_problem("name:赵一\n");
        assert!(
            d.hint.as_deref().unwrap().contains("space after the colon"),
            "{d}"
        );
        assert_eq!(colon_hint("url: https://a.org/"), None);
        assert_eq!(colon_hint("https://example.org/zhao"), None);
        assert!(colon_hint("  - year:2025").is_some());
        assert_eq!(colon_hint("  - 代表：发言"), None);
    }

    #[test]
    fn every_problem_of_a_text_is_listed() {
        // A wrong type, an unknown key, and two bad list items: each list item is
        // blanked on its own, so the second is found too; the blanked top-level
        // `name` is not reported as missing.
        assert_eq!(
            problems("name: [a]\nphnoe: 1\ncount: -1\ntags:\n  - x\n  - [y]\n  - z\n  - {a: b}\n"),
            [
                "2:7 expected a single text value here",
                "3:1 unknown key \"phnoe\"",
                "4:8 expected a whole number here",
                "7:5 expected a single text value here",
                "9:5 expected a single text value here",
            ]
        );
    }

    #[test]
    fn a_missing_key_is_reported_at_the_start_and_last() {
        assert_eq!(
            problems("count: x\nphone: [1]\n"),
            [
                "2:8 expected a whole number here",
                "3:8 expected a single text value here",
                "2:1 missing required key \"name\"",
            ]
        );
    }

    #[test]
    fn a_colon_slip_does_not_end_the_search() {
        assert_eq!(
            problems("name: a\nphone：1\ncount: x\n"),
            [
                "3:1 the key on this line is not followed by an ASCII colon and a space",
                "4:8 expected a whole number here",
            ]
        );
        // A required key written with a slip is not reported again as missing.
        assert_eq!(
            problems("name：a\ncount: x\n"),
            [
                "2:1 the key on this line is not followed by an ASCII colon and a space",
                "3:8 expected a whole number here",
            ]
        );
    }

    #[test]
    fn a_list_where_one_text_belongs_is_one_problem() {
        assert_eq!(
            problems("name: a\nphone:\n  - 1\n  - 2\n  - 3\ncount: x\n"),
            [
                "4:3 expected a single text value here",
                "7:8 expected a whole number here"
            ]
        );
    }

    #[test]
    fn a_misspelled_required_key_is_not_also_missing() {
        assert_eq!(
            problems("nmae: a\ncount: x\n"),
            [
                "2:1 unknown key \"nmae\"",
                "3:8 expected a whole number here"
            ]
        );
    }

    /// A text with several required keys of different kinds.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        title: String,
        kind: Kind,
        levels: Vec<String>,
        date: crate::content::date::Date,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Home,
        Kiosk,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        year: u32,
        count: Option<u32>,
    }

    fn strict_problems(text: &str) -> Vec<String> {
        parse::<Strict>(text, Path::new("x.md"), 1)
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn every_missing_key_is_named_in_one_run() {
        assert_eq!(
            strict_problems("items:\n  - year: 2025\n    count: 3\n"),
            [
                "2:1 missing required key \"title\"",
                "2:1 missing required key \"kind\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
        let kind = parse::<Strict>("title: a\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(
            kind[0].hint.as_deref(),
            Some("add a line \"kind: ...\" with one of: home, kiosk")
        );
        assert_eq!(
            strict_problems("# to be written\n"),
            [
                "2:1 missing required key \"title\"",
                "2:1 missing required key \"kind\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
        // With other problems before them, and a blanked key not named again.
        assert_eq!(
            strict_problems("title: [a]\nkind: home\nitems:\n  - count: 1\n"),
            [
                "2:8 expected a single text value here",
                "5:5 missing required key \"year\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
    }

    #[test]
    fn a_syntax_error_ends_the_search() {
        // After a syntax error the rest cannot be read reliably: `count: x` below it
        // is not reported.
        assert_eq!(
            problems("phone: [1]\ntags: [a, b\nname: a\ncount: x\n"),
            [
                "2:8 expected a single text value here",
                "3:7 this list is opened with \"[\" and never closed",
            ]
        );
    }

    #[test]
    fn spans_are_shifted() {
        let s: Sample = parse("name: a\ntags:\n  - x\n  - y\n", Path::new("x.md"), 1).unwrap();
        let tags = s.tags.unwrap();
        assert_eq!(position(&tags[1], 1), (5, 5));
    }
}
