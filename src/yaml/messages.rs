//! Plain words for the parser's errors: what is wrong, at which line and column of the
//! file, and a hint at the fix, in terms of what a clerk sees in the file (a full-width
//! colon, an unclosed bracket) rather than the parser's own.

use std::path::Path;

use super::{Spanned, lines, position, recover};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// The diagnostic for `error`, found in `text` (which starts at line `line_offset + 1`
/// of `path`).
pub(super) fn to_diagnostic(
    error: &serde_saphyr::Error,
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Diagnostic {
    let error = error.without_snippet();
    let lines: Vec<&str> = text.lines().collect();
    let flows = lines::open_flows(&lines);
    let (index, column) = error
        .location()
        .filter(|location| location.line() > 0)
        .map_or((usize::MAX, 0), |location| {
            (location.line() as usize - 1, location.column() as usize)
        });
    let in_flow = flows.get(index).copied().flatten().is_some();
    // A full-width space (全角空格) where YAML needs an ASCII one throws the parser off on
    // its line, or on the key above it whose block it was to begin: its words then say
    // nothing of the real slip.
    let opens_block = |at: usize| {
        lines
            .get(at)
            .is_some_and(|line| line.trim_end().ends_with(':'))
    };
    // (A key's own problems, unknown or repeated, are never the line below's.)
    let about_key = matches!(
        error,
        serde_saphyr::Error::SerdeUnknownField { .. }
            | serde_saphyr::Error::DuplicateMappingKey { .. }
    );
    let near = [
        Some(index),
        (opens_block(index) && !about_key).then(|| index + 1),
    ];
    // A row of dashes meant to end the front matter (`———`): the parser speaks of
    // indentation or of keys.
    if lines
        .get(index)
        .is_some_and(|line| lines::is_dash_line(line))
    {
        return Diagnostic::error(
            path,
            index + line_offset + 1,
            1,
            "this line of dashes is not YAML, and not the \"---\" that ends the front matter",
        )
        .with_hint(lines::DASH_LINE_HINT);
    }
    // A tab in the indentation: the parser's position is past it, at the key or list
    // item above, or at the `private:` block it is in (a tab is never right there).
    let window = index.saturating_sub(1)..index.saturating_add(3);
    if let Some((at, column)) = window
        .filter_map(|at| Some((at, indenting_tab(lines.get(at)?)?)))
        .next()
    {
        return Diagnostic::error(path, at + line_offset + 1, column, TAB_INDENT.0)
            .with_hint(TAB_INDENT.1);
    }
    if let Some((at, column)) = (near.into_iter().flatten())
        .filter_map(|at| Some((at, odd_space(lines.get(at)?)?)))
        .next()
    {
        let (column, space) = column;
        if space == IDEOGRAPHIC_SPACE {
            return Diagnostic::error(path, at + line_offset + 1, column, FULL_WIDTH_SPACE.0)
                .with_hint(FULL_WIDTH_SPACE.1);
        }
        let what = if space == '\u{a0}' {
            "a non-breaking space (U+00A0), as Word, WPS and web pages paste,".to_string()
        } else {
            format!("a special space (U+{:04X})", u32::from(space))
        };
        return Diagnostic::error(
            path,
            at + line_offset + 1,
            column,
            format!("this line has {what} where YAML needs an ordinary space"),
        )
        .with_hint("it looks like a space but is not one: delete it and type an ordinary space");
    }
    let worded = worded(error, text, path, line_offset, in_flow);
    if !lines::under_private(&lines, &flows, index, column) {
        return worded;
    }
    // Under `private:` a message may say only what it says of any text: the parser's
    // words may quote the value or the key, which are private data.
    let keeps = [
        UNCLOSED_QUOTE.0,
        UNCLOSED_LIST.0,
        REPEATED_KEY.0,
        NO_ALIASES.0,
    ];
    if keeps.contains(&worded.message.as_str()) {
        return worded;
    }
    Diagnostic::error(path, worded.line, worded.col, UNREADABLE_PRIVATE.0)
        .with_hint(UNREADABLE_PRIVATE.1)
}

/// The message for a full-width space where YAML needs an ASCII one. It quotes nothing,
/// so it is said of a line under `private:` too.
const FULL_WIDTH_SPACE: (&str, &str) = (
    "this line has a full-width space (全角空格) where YAML needs an ordinary space",
    "replace it with an ordinary space: switch the input method to half-width (半角) and type the space again",
);

/// Values written in Chinese, with the keys front matter and `site.yaml` take for them
/// (the words the office uses for a station's kind and the site's order).
const CHINESE_VALUES: &[(&str, &[&str])] = &[
    ("station", &["联络站", "代表联络站", "人大代表联络站"]),
    ("home", &["之家", "代表之家", "人大代表之家"]),
    ("kiosk", &["联络亭", "代表联络亭", "人大代表联络亭"]),
    ("strokes", &["笔画", "姓氏笔画", "按姓氏笔画"]),
    ("pinyin", &["拼音", "按拼音"]),
    ("file", &["文件名", "按文件名"]),
];

/// The key written for `value`, a value in Chinese that is one of `expected`'s.
fn key_for_chinese_value(value: &str, expected: &[&str]) -> Option<&'static str> {
    let value = value.trim();
    CHINESE_VALUES
        .iter()
        .find(|(key, words)| expected.contains(key) && words.contains(&value))
        .map(|(key, _)| *key)
}

/// The message for a tab in a line's indentation.
const TAB_INDENT: (&str, &str) = (
    "a tab is used for indentation here",
    "indent with spaces only, two for each level (editors can turn tabs into spaces)",
);

/// The 1-based column of a tab in the indentation of `line`, when the line holds more.
fn indenting_tab(line: &str) -> Option<usize> {
    let content = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - content.len()];
    (!content.trim().is_empty())
        .then(|| indent.find('\t').map(|at| at + 1))
        .flatten()
}

/// The full-width space (全角空格).
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// Characters that look like a space but that YAML does not take for one: the
/// full-width space an input method types, the non-breaking space that Word and web
/// pages paste, and the typographic spaces.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        IDEOGRAPHIC_SPACE | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}'
    )
}

/// The 1-based column, and the character, of a space YAML does not take for one (see
/// [`is_odd_space`]) that `line` has where YAML needs an ASCII space: in its
/// indentation, after a list dash, or after a key's colon.
fn odd_space(line: &str) -> Option<(usize, char)> {
    let column = |at: usize| line[..at].chars().count() + 1;
    let found = |at: usize| Some((column(at), line[at..].chars().next()?));
    let content = line.trim_start_matches(|c| c == ' ' || is_odd_space(c));
    let indent = line.len() - content.len();
    // In the indentation of a key line (`　　phone: …`); a text going on from the
    // line above may start with one (`  　　村委会主任`).
    let key_line =
        (content.split_once([':', '：'])).is_some_and(|(key, _)| super::is_field_name(key.trim()));
    if let Some(at) = line[..indent].find(is_odd_space).filter(|_| key_line) {
        return found(at);
    }
    let entry = match content.strip_prefix('-') {
        Some(rest) if rest.starts_with(is_odd_space) => return found(indent + 1),
        Some(rest) if rest.starts_with(' ') => rest.trim_start_matches(' '),
        _ => content,
    };
    let colon = entry.find([':', '：'])?;
    let (key, rest) = entry.split_at(colon);
    let after = rest.chars().next().map_or(0, char::len_utf8);
    (super::is_field_name(key.trim()) && rest[after..].starts_with(is_odd_space))
        .then(|| found(line.len() - entry.len() + colon + after))
        .flatten()
}

/// The message for an error under `private:` whose words might quote it.
const UNREADABLE_PRIVATE: (&str, &str) = (
    "this entry under \"private:\" cannot be read",
    "private entries are never published, but they are written like the others: \"key: value\" lines, with text that holds \":\" or \"#\" in quotes",
);

/// The message for a list opened with `[` and never closed.
const UNCLOSED_LIST: (&str, &str) = (
    "this list is opened with \"[\" and never closed",
    "end the list with \"]\", e.g. groups: [教科文卫, 社会建设]",
);

/// The message for a key written twice in one block; it names no key, which may be
/// private data (see [`worded`]).
const REPEATED_KEY: (&str, &str) = (
    "this key appears twice in the same block",
    "keep one of the two lines; if both values are needed, merge them into one",
);

/// Parts of keys that name personal data, which belongs in the `private:` block
/// (`mobile`, `manager_mobile`, `手机号码`, `身份证号码`).
const PERSONAL_KEY_PARTS: &[&str] = &[
    "mobile",
    "cellphone",
    "cell_phone",
    "id_number",
    "id_card",
    "idcard",
    "home_address",
    "birth",
    "wechat",
    "notes",
    "手机",
    "身份证",
    "住址",
    "出生",
    "生日",
    "微信",
    "备注",
];

/// Keys of a public contact written at the top of a deputy's file.
const CONTACT_KEYS: &[&str] = &["phone", "tel", "telephone", "email", "qr", "电话", "邮箱"];

/// For an unknown key that names personal data (`mobile` under `contact:`), a public
/// contact outside `contact:`, or a `private:` block below the top level: where such
/// data goes. The allowed keys of the block would invite renaming `mobile` to a
/// published one (`phone`), which would publish it.
fn personal_data_hint(key: &str, expected: &[&str]) -> Option<String> {
    let key = key.to_lowercase();
    if key == "private" && !expected.contains(&"private") {
        return Some(
            "a \"private:\" block is kept only at the top level of the file: move it there, unindented (one per file)"
                .to_string(),
        );
    }
    if PERSONAL_KEY_PARTS.iter().any(|part| key.contains(part)) {
        let published = if expected.contains(&"private") {
            String::new()
        } else {
            format!("; the keys here are published: {}", expected.join(", "))
        };
        return Some(format!(
            "if this is personal data, put it under the top-level \"private:\" block, which is never published{published}"
        ));
    }
    (CONTACT_KEYS.contains(&key.as_str()) && expected.contains(&"contact")).then(|| {
        "a public phone, e-mail or contact code goes under \"contact:\" (phone, email, qr); personal ones under \"private:\", which is never published".to_string()
    })
}

/// [`to_diagnostic`] in words, the error's line continuing a `{…}` or `[…]` opened
/// above when `in_flow` (so a key at its column 1 is not a top-level one).
fn worded(
    error: &serde_saphyr::Error,
    text: &str,
    path: &Path,
    line_offset: usize,
    in_flow: bool,
) -> Diagnostic {
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
            if col == 1 && !in_flow {
                keys.extend(other_unknown_keys(text, field, expected, line_offset));
            }
            // Personal data and contacts are told where they go (see
            // `personal_data_hint`), not what other key they might be.
            let places: Vec<Option<String>> = keys
                .iter()
                .map(|(key, _)| personal_data_hint(key, expected))
                .collect();
            let mut placed: Vec<&String> = Vec::new();
            for hint in places.iter().flatten() {
                if !placed.contains(&hint) {
                    placed.push(hint);
                }
            }
            let suggestions: Vec<(String, &str)> = (keys.iter().zip(&places))
                .filter(|(_, place)| place.is_none())
                .filter_map(|((key, _), _)| {
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
            let placed: Vec<&str> = placed.iter().map(|hint| hint.as_str()).collect();
            let hint = match (placed.is_empty(), places.iter().any(Option::is_none)) {
                (true, _) => hint,
                (false, true) => format!("{hint}; {}", placed.join("; ")),
                (false, false) => placed.join("; "),
            };
            Diagnostic::error(path, line, col, message).with_hint(hint)
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            // The parser places a key missing from the top level at the last key it read,
            // which has nothing to do with it: point at the start of the front matter.
            let (line, col) = if col == 1 && !in_flow {
                (line_offset + 1, 1)
            } else {
                (line, col)
            };
            Diagnostic::error(path, line, col, format!("{MISSING_KEY}\"{field}\""))
                .with_hint(format!("add a line \"{field}: ...\""))
        }
        serde_saphyr::Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let hint = match (
                key_for_chinese_value(variant, expected),
                did_you_mean(variant, expected.iter().copied()),
            ) {
                (Some(key), _) => format!("values are written with their key: \"{key}\""),
                (None, Some(best)) => format!("did you mean \"{best}\"?"),
                (None, None) => format!("allowed values: {}", expected.join(", ")),
            };
            Diagnostic::error(path, line, col, format!("unknown value \"{variant}\""))
                .with_hint(hint)
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            let (message, hint) = budget_message(breach);
            Diagnostic::error(path, line, col, message).with_hint(hint)
        }
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            // A key inside `private:` may itself be private data: the key is quoted
            // only on a plain top-level `key: value` line, where it is a field name. (A
            // nested or `{…}` key is found by its line and column just as well.)
            let written = text
                .lines()
                .nth(line.saturating_sub(line_offset + 1))
                .unwrap_or("");
            let own_key = written.split(':').next().unwrap_or("").trim();
            let top_level = !written.starts_with([' ', '-', '{', '[']) && !in_flow;
            let message = match key {
                Some(key) if top_level && key == own_key && key != "private" => {
                    format!("the key \"{key}\" appears twice in the same block")
                }
                _ => REPEATED_KEY.0.to_string(),
            };
            Diagnostic::error(path, line, col, message).with_hint(REPEATED_KEY.1)
        }
        other => {
            let message = clean_message(&other.to_string());
            // An alias whose anchor is missing fails before the budget sees it.
            if message.contains("unknown anchor") {
                return Diagnostic::error(path, line, col, NO_ALIASES.0).with_hint(NO_ALIASES.1);
            }
            let index = line.saturating_sub(line_offset + 1);
            let written = text.lines().nth(index).unwrap_or("");
            // `year: 2025` with `     meetings: 3` indented further below it: the key
            // line reads as more text of the value above it, which then fails its type.
            if message.starts_with("invalid ")
                && let Some((below, column)) = key_indented_past(text, index)
            {
                return Diagnostic::error(
                    path,
                    below + line_offset + 1,
                    column,
                    KEY_INDENTED_PAST.0,
                )
                .with_hint(KEY_INDENTED_PAST.1);
            }
            match type_hint(&message, written) {
                Some((message, hint)) => {
                    Diagnostic::error(path, line, col, message).with_hint(hint)
                }
                None => {
                    if let Some((opener, column, what)) = recover::unclosed(text, index) {
                        let (message, hint) = match what {
                            '[' => UNCLOSED_LIST,
                            _ => UNCLOSED_QUOTE,
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

/// The message for a key line indented further than the key above it, which has a value.
const KEY_INDENTED_PAST: (&str, &str) = (
    "this line is indented further than the key above it, so it reads as more text of that key's value",
    "start the line in the same column as the key above it",
);

/// The line (0-based) below line `index` of `text`, and the 1-based column of its key,
/// when it is a `key:` line indented further than the key on line `index`, which has a
/// value (`year: 2025`).
fn key_indented_past(text: &str, index: usize) -> Option<(usize, usize)> {
    let mut lines = text.lines().enumerate().skip(index);
    let (_, line) = lines.next()?;
    let content = line.trim_start();
    let entry = content.strip_prefix("- ").unwrap_or(content);
    let (key, value) = entry.split_once(": ")?;
    if !super::is_field_name(key) || value.trim().is_empty() {
        return None;
    }
    let key_column = line.len() - entry.len();
    let (below, next) = lines.find(|(_, line)| !line.trim().is_empty())?;
    let next_key = next.trim_start();
    let indent = next.len() - next_key.len();
    let is_key = (next_key.split_once(':')).is_some_and(|(key, _)| super::is_field_name(key));
    (indent > key_column && is_key).then_some((below, indent + 1))
}

/// How the message for a missing required key starts (the key follows, in quotes).
pub(super) const MISSING_KEY: &str = "missing required key ";

/// The message and hint for a quoted text whose closing quote is missing.
const UNCLOSED_QUOTE: (&str, &str) = (
    "this text is opened with a quote and never closed",
    "end the text with the same quote mark on the same line",
);

/// The top-level keys of `text` after `first` that are not `expected`, with their file
/// lines; empty when the text cannot be read as a mapping.
pub(super) fn other_unknown_keys(
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
pub(super) fn colon_hint(line: &str) -> Option<&'static str> {
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
    // (Not in a comment after the value: `new`'s skeletons explain keys in Chinese.)
    let value = written.split(" #").next().unwrap_or(written);
    let full_width = value.contains(['［', '］', '，', '、']);
    // The line as it starts, past a quote around its key (`"name": ""`).
    let key = written.trim_start().trim_start_matches(['"', '\'']);
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
    if let Some(count) = message.strip_prefix(crate::content::model::LONG_TEXT) {
        let count: String = count.chars().take_while(char::is_ascii_digit).collect();
        let (what, hint) = if key.starts_with("name") || key.starts_with("title") {
            (
                "this name or title",
                "shorten it; a longer text belongs in the summary or the body",
            )
        } else {
            (
                "this text",
                "shorten it to one line; a longer text belongs in the body",
            )
        };
        return Some((
            format!(
                "{what} is {count} characters long (at most {} are allowed)",
                crate::content::model::MAX_NAME_CHARS
            ),
            hint,
        ));
    }
    if message.starts_with(crate::content::model::BLANK_TEXT) {
        return Some(if key.starts_with("name") {
            (
                "this name is blank".to_string(),
                "write the name after the colon and a space, e.g. \"name: 张晓红\"",
            )
        } else if !key.starts_with("title") {
            (
                "this name or title is blank".to_string(),
                "write the text after the colon and a space, e.g. \"name: 张晓红\"",
            )
        } else {
            (
                "this title is blank".to_string(),
                "write the title after the colon and a space, e.g. \"title: 南湖代表之家开展接待日活动\"",
            )
        });
    }
    let colon_in_value = (written.split_once(": ")).is_some_and(|(_, value)| value.contains(": "));
    if message.starts_with("mapping values are not allowed") && colon_in_value {
        // `occupation: 教师 职务: 主任`: the second ": " reads as a key inside a text.
        return Some((
            "this text holds \": \", which reads as the start of another key".to_string(),
            "put the whole text in double quotes, e.g. occupation: \"教师 职务: 主任\"",
        ));
    }
    if message.starts_with("mapping values are not allowed") && written.starts_with([' ', '\t']) {
        let key = written.trim_start().split(':').next().unwrap_or_default();
        return Some(if super::is_field_name(key) {
            // `  date: …` under a key that already has a value.
            (
                "this line is indented, but the key above it already has a value".to_string(),
                "start the line in the same column as the key above it, or give that key no value",
            )
        } else {
            // `summary: 议程如下` then `  时间: 上午`: text going on over two lines.
            (
                "this line continues the text above it and holds \": \", which reads as a key"
                    .to_string(),
                "put the whole text in double quotes, or write it without \": \"",
            )
        });
    }
    let confused = [
        "simple key expected",
        "while parsing a block mapping",
        "mapping values",
    ]
    .iter()
    .any(|said| message.contains(said));
    if confused && super::is_field_name(written.trim()) {
        // `contact` and the lines under it: the key lost its colon.
        return Some((
            format!(
                "the key \"{}\" on this line has no colon after it",
                written.trim()
            ),
            "write a colon right after the key, e.g. \"contact:\"",
        ));
    }
    if message.starts_with("unclosed quote") {
        // Reported at the quote that opens the text, when no other quote follows.
        return Some((UNCLOSED_QUOTE.0.to_string(), UNCLOSED_QUOTE.1));
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
        return Some((TAB_INDENT.0.to_string(), TAB_INDENT.1));
    }
    if message.starts_with("invalid boolean") {
        return Some((
            "expected true or false here".to_string(),
            "write true for 是 or false for 否, in half-width letters",
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
    // The parser's words for rarer slips, each put plainly.
    let plain: [(&str, &str, &str); 8] = [
        (
            "multiple YAML documents",
            "a \"---\" line here starts a second block of settings",
            "the file holds one block: delete this \"---\" line",
        ),
        (
            "recursion limit exceeded",
            "the lists or blocks here are nested too deeply",
            "write a plain list, e.g. tags: [民生, 交通]",
        ),
        (
            "did not find expected <document start>",
            "a line starting with \"%\" is read as a YAML directive",
            "delete the line, or put its text in quotes",
        ),
        (
            "while parsing a block mapping",
            "the indentation of this line does not fit the lines above it",
            "keys of one block start in the same column; indent the keys under a key by two spaces",
        ),
        (
            "did not find expected '-' indicator",
            "this line does not fit the list above it",
            "the items of a list start with \"- \" in the same column, and the keys of one item line up with the key after its \"- \"",
        ),
        (
            "simple key expected",
            "the indentation of this line does not fit the lines above it",
            "keys of one block start in the same column; indent the keys under a key by two spaces",
        ),
        (
            "found high surrogate",
            "a \\u escape here writes half a character",
            "write the character itself instead of its \\u code",
        ),
        (
            "unexpected character: `\\u{0}",
            "the file holds a NUL character, which text files do not",
            "the file was probably damaged: copy its text into a new file saved as UTF-8",
        ),
    ];
    // (A colon slip confuses the parser too: the colon hint says what is wrong.)
    let found = plain.iter().find(|(said, ..)| message.contains(said));
    if let Some((_, message, hint)) = found.filter(|_| colon_hint(written).is_none()) {
        return Some((message.to_string(), hint));
    }
    if message.contains("span-aware newtype wrapper") {
        // A tag (`!!binary`) turned the value into something else.
        return Some((
            "expected a text here".to_string(),
            "write the value as plain text: YAML tags such as !!binary are not used in these files",
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
        "bool" => (
            "true or false",
            "write true for 是 or false for 否, in half-width letters",
        ),
        "expected string scalar" => (
            "a single value",
            "write one value here (a text, a number or a date, as the key takes), not a list or a mapping",
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
