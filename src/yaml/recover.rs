//! Finding more than the first error in one YAML text.
//!
//! The parser stops at the first problem it meets. To list every problem of a file in
//! one run, the caller blanks the block that holds the error and parses again; this
//! module decides which lines make that block, from indentation alone:
//!
//! - an entry of a nested block (`    satisfied: 六十六` under a report's `votes:`), when
//!   the block has other entries, so the rest of the item is still checked;
//! - an item of a block list (`- year: 2024` and the lines indented under it), when the
//!   list has other items, so one bad year of a record hides nothing else;
//! - otherwise the whole top-level entry (`contact:` and everything under it).
//!
//! Blanked lines become empty lines, so every later error keeps its line number.

use std::ops::Range;

/// The lines to blank for an error on `line` (0-based) and `column` (1-based) of
/// `lines`, and the top-level key that goes with them when the whole entry is blanked (a
/// required key then reads as missing, which the caller must not report). `None` when
/// the line lies outside every entry, so nothing can be blanked.
pub fn block_at(
    lines: &[&str],
    line: usize,
    column: usize,
) -> Option<(Range<usize>, Option<String>)> {
    let text = lines.get(line)?;
    // An error at a list's first dash is about the list as a whole (a list where one
    // text belongs): blanking item by item would report it once per item.
    if !at_dash(text, column)
        && let Some(item) = list_item_at(lines, line)
    {
        return Some((item, None));
    }
    let start = (0..=line).rev().find(|&i| is_top_level_key(lines[i]))?;
    Some((
        start..entry_end(lines, start),
        Some(top_level_key(lines[start])),
    ))
}

/// An entry of a nested block, to blank alone (see [`nested_entry_at`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its lines: the `key: value` line and the lines indented under it.
    pub lines: Range<usize>,
    /// How many bytes of its first line to keep: the dash (`  -`) when the entry is
    /// the first key of a list item (`  - meetings: many`), so the item's other keys
    /// stay an item; else 0.
    pub keep: usize,
    /// Its key as written.
    pub key: String,
}

/// The entry of a nested block that holds `line` (0-based), for an error there: the
/// `key: value` line and the lines indented under it, so the rest of its block is still
/// read and checked (a report's station, when its vote count is wrong). A value on a
/// line of its own belongs to the key above it. The only entry of its block gives way to
/// the entry that holds the block (`votes:` for its only count), since an empty block is
/// a problem of its own. `None` when no nested entry with others beside it holds the
/// line: then a list item or the top-level entry is blanked.
pub fn nested_entry_at(lines: &[&str], line: usize) -> Option<Entry> {
    let mut at = line;
    let mut indent = indent_of(lines.get(at)?)?;
    if key_column(lines[at]).is_none() {
        // A value on a line of its own, or an item of a list that is one key's value:
        // it belongs to the key above. (An item beside others is blanked alone.)
        if is_dash(lines[at]) && list_item_at(lines, at).is_some() {
            return None;
        }
        (at, indent) = if is_dash(lines[at]) {
            list_owner(lines, at, indent)?
        } else {
            parent_of(lines, at, indent)?
        };
    }
    loop {
        let text = lines[at];
        if is_dash(text) {
            // The item's first key, on the dash line: its siblings are the item's
            // other keys, one column past the dash's.
            let key_indent = key_column(text)? - 1;
            let end = value_end(lines, at, key_indent);
            let sibling = lines
                .get(end)
                .is_some_and(|l| indent_of(l) == Some(key_indent) && !is_dash(l));
            return sibling.then(|| Entry {
                lines: at..end,
                keep: indent + 1,
                key: key_of(&text[key_indent..]),
            });
        }
        if indent == 0 || !reads_as_key(text) {
            return None;
        }
        let end = value_end(lines, at, indent);
        let sibling_after = lines.get(end).is_some_and(|l| indent_of(l) == Some(indent));
        let (parent, parent_indent) = parent_of(lines, at, indent)?;
        // A key above at the same indentation, or the item's first key on its dash line.
        let sibling_before = (parent + 1..at).any(|i| indent_of(lines[i]) == Some(indent))
            || (is_dash(lines[parent]) && key_column(lines[parent]) == Some(indent + 1));
        if sibling_before || sibling_after {
            return Some(Entry {
                lines: at..end,
                keep: 0,
                key: key_of(text.trim_start()),
            });
        }
        (at, indent) = (parent, parent_indent);
    }
}

/// The entry whose value is the block list that starts at `line`, for an error at that
/// list's first dash, on `column` (a list where a mapping or one value belongs, such as
/// `votes:` then `- satisfied: 44`): the list goes with its key, so the rest of the item
/// or block around it is still read. `None` when the error is not at a dash, or no
/// nested entry with others beside it owns the list (then [`block_at`] blanks the
/// top-level entry).
pub fn list_value_at(lines: &[&str], line: usize, column: usize) -> Option<Entry> {
    let text = lines.get(line)?;
    if !at_dash(text, column) {
        return None;
    }
    let (owner, _) = list_owner(lines, line, indent_of(text)?)?;
    nested_entry_at(lines, owner)
}

/// Whether `column` (1-based) of `text` is the dash of a list item: where an error about
/// the list as a whole is reported.
fn at_dash(text: &str, column: usize) -> bool {
    is_dash(text) && indent_of(text).is_some_and(|indent| column == indent + 1)
}

/// The 1-based column of the key that a `key: value` line, or a list item's first line
/// (`- key: value`), starts with; `None` for other lines.
pub fn key_column(line: &str) -> Option<usize> {
    let indent = indent_of(line)?;
    if is_dash(line) {
        let item = line.trim_start_matches(' ')[1..].trim_start_matches(' ');
        return reads_as_key(item).then(|| line.len() - item.len() + 1);
    }
    reads_as_key(line).then_some(indent + 1)
}

/// The end of the value of the key at `start`, whose column is `indent` + 1: the first
/// line after it indented as little, but for the items of a list written at the key's
/// own indentation (`year:` then `- 2024`).
fn value_end(lines: &[&str], start: usize, indent: usize) -> usize {
    (start + 1..lines.len())
        .find(|&i| key_level(lines[i], indent).is_some())
        .unwrap_or(lines.len())
}

/// The key whose value is the list item at `line` (indented `indent`): the nearest
/// line above indented less, or a key at the item's own indentation (`time:` then
/// `- 09:00`).
fn list_owner(lines: &[&str], line: usize, indent: usize) -> Option<(usize, usize)> {
    (0..line)
        .rev()
        .find_map(|i| key_level(lines[i], indent).map(|found| (i, found)))
}

/// The indentation of `line` when it is at the level of a key indented `indent` or
/// above it (an item of a list written at the key's own indentation is not): such a
/// line ends that key's value, and owns a list item indented `indent`.
fn key_level(line: &str, indent: usize) -> Option<usize> {
    indent_of(line).filter(|&found| found < indent || (found == indent && !is_dash(line)))
}

/// The nearest line above `line` indented less than `indent`, with its indentation.
fn parent_of(lines: &[&str], line: usize, indent: usize) -> Option<(usize, usize)> {
    (0..line).rev().find_map(|i| {
        indent_of(lines[i])
            .filter(|&found| found < indent)
            .map(|found| (i, found))
    })
}

/// The key of a `key: value` text that starts with it.
fn key_of(text: &str) -> String {
    let key = text.split(": ").next().unwrap_or(text);
    key.trim_end_matches(':')
        .trim()
        .trim_matches(['"', '\''])
        .to_string()
}

/// Whether a line reads as `key: value` or `key:`.
fn reads_as_key(line: &str) -> bool {
    let rest = line.trim();
    rest.contains(": ") || rest.ends_with(':')
}

/// The top-level entries whose key is at one of `key_lines` (0-based), as ranges.
pub fn entries_at(lines: &[&str], key_lines: &[usize]) -> Vec<Range<usize>> {
    key_lines
        .iter()
        .filter(|&&i| i < lines.len() && is_top_level_key(lines[i]))
        .map(|&i| i..entry_end(lines, i))
        .collect()
}

/// The line (0-based), 1-based column and bracket or quote of a flow list `[` or a
/// quoted value that opens at or up to three lines above `line` and is still open
/// there: the parser reports such a slip where it gets confused, often a line later.
pub fn unclosed(text: &str, line: usize) -> Option<(usize, usize, char)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = line.min(lines.len().checked_sub(1)?);
    if let Some(found) = quote_closing_at(&lines, last) {
        return Some(found);
    }
    let depth = |l: &str| -> isize {
        l.chars()
            .map(|c| match c {
                '[' => 1,
                ']' => -1,
                _ => 0,
            })
            .sum()
    };
    // The nearest line above the error first: an earlier list that closes is not it.
    (last.saturating_sub(3)..=last).rev().find_map(|start| {
        let line = lines[start];
        let value_at = line.find(": ").map(|i| i + 2)?;
        let value = &line[value_at..];
        let column = line[..value_at].chars().count() + 1;
        match value.chars().next()? {
            '[' => {
                let still_open = depth(line) > 0
                    && lines[start..=last].iter().map(|l| depth(l)).sum::<isize>() > 0;
                still_open.then_some((start, column, '['))
            }
            quote @ ('"' | '\'') => {
                // Closed when the quote comes again (not escaped), whatever follows it.
                let rest = &value[1..];
                let closed = match quote {
                    '"' => rest.replace("\\\\", "").replace("\\\"", "").contains('"'),
                    _ => rest.contains('\''),
                };
                (!closed && start < last).then_some((start, column, quote))
            }
            _ => None,
        }
    })
}

/// The quoted value left open on a line above `last` that the quote on `last` closes:
/// a quoted value runs on, line after line, to the next quote of its kind, so a missing
/// closing quote is reported wherever the next quote of the file stands (often the
/// `mobile: ""` of a skeleton, lines below).
fn quote_closing_at(lines: &[&str], last: usize) -> Option<(usize, usize, char)> {
    ['"', '\''].into_iter().find_map(|quote| {
        if !lines[last].contains(quote) {
            return None;
        }
        // The nearest line above with that quote must be the one that opens the value.
        let start = (0..last).rev().find(|&i| lines[i].contains(quote))?;
        let line = lines[start];
        let value_at = line.find(": ").map(|i| i + 2)?;
        let value = line[value_at..].trim_start();
        let rest = value.strip_prefix(quote)?;
        let closed = match quote {
            '"' => rest.replace("\\\\", "").replace("\\\"", "").contains('"'),
            _ => rest.contains('\''),
        };
        let column = line[..line.len() - value.len()].chars().count() + 1;
        (!closed).then_some((start, column, quote))
    })
}

/// The block-list item holding `line`, when its list has at least one other item.
fn list_item_at(lines: &[&str], line: usize) -> Option<Range<usize>> {
    // The nearest dash line at or above `line` whose item reaches down to `line`: every
    // line in between is indented deeper than its dash.
    let mut deepest_allowed = usize::MAX;
    let mut dash_line = None;
    for i in (0..=line).rev() {
        let Some(indent) = indent_of(lines[i]) else {
            continue;
        };
        if i != line && indent >= deepest_allowed {
            continue;
        }
        if is_dash(lines[i]) {
            dash_line = Some((i, indent));
            break;
        }
        if indent == 0 {
            return None;
        }
        deepest_allowed = indent;
    }
    let (start, dash) = dash_line?;
    let end = next_line_at_or_below(lines, start, dash);
    let sibling_before = (0..start)
        .rev()
        .find_map(|i| {
            indent_of(lines[i])
                .filter(|&indent| indent <= dash)
                .map(|indent| (i, indent))
        })
        .is_some_and(|(i, indent)| indent == dash && is_dash(lines[i]));
    let sibling_after = lines
        .get(end)
        .is_some_and(|l| indent_of(l) == Some(dash) && is_dash(l));
    (sibling_before || sibling_after).then_some(start..end)
}

/// The line of the top-level key after the one at `start`, or the number of lines (a
/// list may sit at its key's own indentation, so only a key ends an entry).
fn entry_end(lines: &[&str], start: usize) -> usize {
    (start + 1..lines.len())
        .find(|&i| is_top_level_key(lines[i]))
        .unwrap_or(lines.len())
}

/// The first line after `start` that has content and is indented `indent` or less (the
/// end of the block that starts at `start`), or the number of lines.
fn next_line_at_or_below(lines: &[&str], start: usize, indent: usize) -> usize {
    (start + 1..lines.len())
        .find(|&i| indent_of(lines[i]).is_some_and(|found| found <= indent))
        .unwrap_or(lines.len())
}

/// The indentation of a line with content; `None` for blank and comment-only lines.
pub(super) fn indent_of(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    let content = rest.trim_end();
    (!content.is_empty() && !content.starts_with('#')).then_some(line.len() - rest.len())
}

pub(super) fn is_dash(line: &str) -> bool {
    let rest = line.trim_start_matches(' ').trim_end();
    rest == "-" || rest.starts_with("- ")
}

fn is_top_level_key(line: &str) -> bool {
    indent_of(line) == Some(0)
        && !is_dash(line)
        && !line.starts_with("---")
        && !line.starts_with("...")
}

fn top_level_key(line: &str) -> String {
    // (The full-width colon of a slip `name：…` ends the key as well.)
    let key = line.split([':', '：']).next().unwrap_or(line).trim();
    key.trim_matches(['"', '\'']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name: 甲\nrecord:\n  - year: 2023\n    meetings: x\n  - year: 2024\n    meetings: 2\ncontact:\n  phone: 1\n\n  email: a\nlevels:\n- town\n";

    fn lines() -> Vec<&'static str> {
        TEXT.lines().collect()
    }

    #[test]
    fn a_list_item_with_siblings_is_blanked_alone() {
        assert_eq!(block_at(&lines(), 3, 15), Some((2..4, None)));
        assert_eq!(block_at(&lines(), 4, 5), Some((4..6, None)));
        // At the dash itself: the list as a whole.
        assert_eq!(
            block_at(&lines(), 2, 3),
            Some((1..6, Some("record".into())))
        );
    }

    #[test]
    fn a_list_where_a_block_belongs_goes_with_its_key() {
        let text = "reports:\n  - date: 1\n    votes:\n      - satisfied: 4\n  - date: 2\n";
        let lines: Vec<&str> = text.lines().collect();
        let entry = list_value_at(&lines, 3, 7).map(|e| (e.lines, e.keep, e.key));
        assert_eq!(entry, Some((2..4, 0, "votes".into())));
        // Not past the dash, nor for a top-level key's list (its entry is blanked).
        assert_eq!(list_value_at(&lines, 3, 9), None);
        assert_eq!(list_value_at(&lines, 1, 3), None);
    }

    #[test]
    fn otherwise_the_top_level_entry_is_blanked() {
        assert_eq!(
            block_at(&lines(), 9, 3),
            Some((6..10, Some("contact".into())))
        );
        assert_eq!(block_at(&lines(), 0, 7), Some((0..1, Some("name".into()))));
        // The only item of a list at the key's own indentation.
        assert_eq!(
            block_at(&lines(), 11, 3),
            Some((10..12, Some("levels".into())))
        );
        assert_eq!(block_at(&lines(), 12, 1), None);
    }

    #[test]
    fn unclosed_lists_and_quotes_are_found_above_the_error() {
        let text = "a: 1\ngroups: [x, y\nb: 2\nc: 3\n";
        assert_eq!(unclosed(text, 2), Some((1, 9, '[')));
        assert_eq!(unclosed("a: [x,\n  y]\nb: [\n", 1), None);
        assert_eq!(unclosed("name: \"张三\nb: 2\n", 1), Some((0, 7, '"')));
        assert_eq!(unclosed("name: \"张三\"\nb: 2\n", 1), None);
        assert_eq!(unclosed("a: 1\n", 5), None);
        // The list that stays open is named, not an earlier one that closes.
        assert_eq!(
            unclosed("levels: [town]\ngroups: [a, b\nstation: c\n", 2),
            Some((1, 9, '['))
        );
        // A closed quote with a comment after it is closed.
        assert_eq!(unclosed("name: \"赵一\"  # 全名\nb: 2\n", 1), None);
        // A quote left open runs on to the next quote, however far below.
        let text = "name: \"赵一\nb: 2\nc: 3\nd: 4\ne: 5\nprivate:\n  m: \"\"\n";
        assert_eq!(unclosed(text, 6), Some((0, 7, '"')));
        let text = "name: '赵一\nb: 2\nc: 3\nd: 4\ne: 5\nf: 'x'\n";
        assert_eq!(unclosed(text, 5), Some((0, 7, '\'')));
        // Not when a closed value stands between.
        let text = "name: \"赵一\nb: \"x\"\nc: 3\nd: 4\ne: 5\nf: \"\"\n";
        assert_eq!(unclosed(text, 5), None);
    }

    #[test]
    fn a_nested_entry_is_its_line_and_the_lines_under_it() {
        let text = "reports:\n  - date: 2024-01-02\n    votes:\n      satisfied: x\n      basically: 1\n    station: a\n";
        let lines: Vec<&str> = text.lines().collect();
        let entry = |line| nested_entry_at(&lines, line).map(|e| (e.lines, e.keep, e.key));
        assert_eq!(entry(3), Some((3..4, 0, "satisfied".to_string())));
        assert_eq!(entry(2), Some((2..5, 0, "votes".to_string())));
        // The item's first key keeps its dash.
        assert_eq!(entry(1), Some((1..2, 3, "date".to_string())));
        // A top-level key is not a nested entry.
        assert_eq!(entry(0), None);
    }

    #[test]
    fn the_only_entry_of_a_block_gives_way_to_the_one_that_holds_it() {
        let text = "reports:\n  - date: 2024-01-02\n    votes:\n      satisfied:\n        x\n    station: a\ncontact:\n  wechat: x\n";
        let lines: Vec<&str> = text.lines().collect();
        let entry = |line| nested_entry_at(&lines, line).map(|e| (e.lines, e.key));
        // `x` belongs to `satisfied:`, the only count of `votes:`, beside `station:`.
        assert_eq!(entry(4), Some((2..5, "votes".to_string())));
        assert_eq!(entry(3), Some((2..5, "votes".to_string())));
        // `contact:` is top-level: its whole entry goes (not decided here).
        assert_eq!(entry(7), None);
        // A list that is a key's value, one item long, goes with its key.
        let lines: Vec<&str> = "record:\n  - year:\n    - 2024\n    meetings: 1\n"
            .lines()
            .collect();
        assert_eq!(
            nested_entry_at(&lines, 2).map(|e| (e.lines, e.keep)),
            Some((1..3, 3))
        );
        // Also when the list is written at the key's own indentation.
        let lines: Vec<&str> = "r:\n  - date: 1\n    time:\n    - 9\n    deputies: [a]\n"
            .lines()
            .collect();
        assert_eq!(
            nested_entry_at(&lines, 3).map(|e| (e.lines, e.key)),
            Some((2..4, "time".to_string()))
        );
        // An item with only one key is blanked as an item.
        let lines: Vec<&str> = "record:\n  - year: x\n  - year: 2\n".lines().collect();
        assert_eq!(nested_entry_at(&lines, 1), None);
    }

    #[test]
    fn entries_are_found_by_their_key_lines() {
        assert_eq!(entries_at(&lines(), &[1, 6, 3]), vec![1..6, 6..10]);
    }
}
