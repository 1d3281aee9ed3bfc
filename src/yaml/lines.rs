//! What a line of a YAML text belongs to, read from its characters and indentation
//! alone: a `{…}` or `[…]` opened on a line above, or a `private:` block.
//!
//! Only messages and the search for further problems use this, when a text has
//! errors. Recovery works line by line and takes a line at column 1 for a top-level
//! key, which a line that continues a flow collection is not.

use super::recover::{indent_of, is_dash, key_column};

/// For each line of `lines`, the line where a `{…}` or `[…]` still open at its start
/// was opened, if any, when it is closed further down. Quotes, comments and block text
/// (`key: |`) are skipped; a bracket inside a plain text (`hours: 周一[上午]`) opens
/// nothing.
pub fn open_flows(lines: &[&str]) -> Vec<Option<usize>> {
    let mut flows = Vec::with_capacity(lines.len());
    let mut depth = 0usize;
    let mut opened_at = 0;
    let mut quote: Option<char> = None;
    // The indentation of the key of a `key: |` line, while its block text runs.
    let mut block_text: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        flows.push((depth > 0).then_some(opened_at));
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(key_indent) = block_text {
            if line.trim().is_empty() || indent > key_indent {
                continue;
            }
            block_text = None;
        }
        // Whether the next character starts a value (so a quote or bracket there is
        // syntax, not text).
        let mut at_value = true;
        let mut chars = line.chars().peekable();
        let mut previous = ' ';
        while let Some(c) = chars.next() {
            match quote {
                Some('"') => match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => quote = None,
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            quote = None;
                        }
                    }
                }
                None => match c {
                    '#' if previous == ' ' || previous == '\t' => break,
                    '"' | '\'' if at_value => {
                        quote = Some(c);
                        at_value = false;
                    }
                    '{' | '[' if at_value || depth > 0 => {
                        if depth == 0 {
                            opened_at = i;
                        }
                        depth += 1;
                        at_value = true;
                    }
                    '}' | ']' if depth > 0 => depth -= 1,
                    ',' if depth > 0 => at_value = true,
                    ' ' | '\t' => {}
                    ':' | '-' | '?'
                        if chars.peek().is_none_or(|next| matches!(next, ' ' | '\t')) =>
                    {
                        at_value = true;
                    }
                    // A tag or an anchor before a value: the value comes after it.
                    '!' | '&' if at_value => {
                        while chars.next_if(|next| !matches!(next, ' ' | '\t')).is_some() {}
                    }
                    _ => at_value = false,
                },
            }
            previous = c;
        }
        if depth == 0
            && quote.is_none()
            && opens_block_text(line)
            && let Some(key) = key_column(line)
        {
            // Its text is indented deeper than its key (`- note: |`: the key's column).
            block_text = Some(key - 1);
        }
    }
    // A `[` never closed is a slip, not a collection: the lines below it are read as
    // they are written.
    if depth > 0 {
        for flow in &mut flows[opened_at..] {
            *flow = None;
        }
    }
    flows
}

/// Whether `line` is a `key: |` or `key: >` line, whose text follows on the lines
/// indented under it.
fn opens_block_text(line: &str) -> bool {
    if line.trim_start().starts_with('#') {
        return false;
    }
    let value = line
        .split([' ', '\t'])
        .take_while(|word| !word.starts_with('#'));
    let last = value.filter(|word| !word.is_empty()).last().unwrap_or("");
    (last.starts_with('|') || last.starts_with('>'))
        && last[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && line.contains(':')
}

/// Whether the position at `line` (0-based) and `column` (1-based, in characters) of
/// `lines` lies under a `private:` key, at any depth, in block or flow style. `flows`
/// is [`open_flows`] of `lines`.
pub fn under_private(lines: &[&str], flows: &[Option<usize>], line: usize, column: usize) -> bool {
    if line >= lines.len() {
        return false;
    }
    // A line that continues a flow collection belongs where the collection opened.
    let (line, column) = match flows.get(line).copied().flatten() {
        Some(opened) => (opened, usize::MAX),
        None => (line, column),
    };
    let text = lines[line];
    // The position is in the value of a `private:` key on its own line.
    if let Some(key_column) = private_key_column(text)
        && column > key_column + "private".len()
    {
        return true;
    }
    // A line at column 1 right after a `private:` block, unless it is a field's
    // `key:` line, was most likely meant to be in the block (typed without its
    // indentation): it may hold private data too.
    let top_level = |line: &str| indent_of(line) == Some(0) && !is_dash(line);
    if top_level(text)
        && !is_field_line(text)
        && (lines[..line].iter().rev())
            .find(|above| top_level(above))
            .is_some_and(|above| private_key_column(above).is_some())
    {
        return true;
    }
    // Or under one: walk up through the lines indented less (a list may sit at its
    // key's own indentation).
    let mut indent = indent_of(text).unwrap_or(0);
    let mut in_item = is_dash(text);
    for above in lines[..line].iter().rev() {
        let Some(found) = indent_of(above) else {
            continue;
        };
        let parent = found < indent || (found == indent && in_item && !is_dash(above));
        if !parent {
            continue;
        }
        if private_key_column(above).is_some() {
            return true;
        }
        if found == 0 && !is_dash(above) {
            return false;
        }
        indent = found;
        in_item = is_dash(above);
    }
    false
}

/// Whether every `private:` block of `lines` is written plainly, line by line: the key's
/// own line and each line under it complete in itself
/// (quotes and brackets closed on the line, no block text, no tab). Only then may the
/// search for further problems blank lines around it: a line that continues a quoted
/// text or a `{…}` there could otherwise be taken for a key of its own and quoted in a
/// message.
pub fn private_is_plain(lines: &[&str]) -> bool {
    lines.iter().enumerate().all(|(i, line)| {
        let Some(column) = private_key_column(line) else {
            return true;
        };
        let key_indent = column - 1;
        if !is_complete(line) {
            return false;
        }
        lines[i + 1..]
            .iter()
            .take_while(|line| {
                // The block runs to the first line indented as little as its key (a list
                // may sit at the key's own indentation).
                // (A line indented with a tab is taken for part of it: not complete.)
                line.starts_with('\t')
                    || indent_of(line).is_none_or(|indent| {
                        indent > key_indent || (indent == key_indent && is_dash(line))
                    })
            })
            .all(|line| is_complete(line))
    })
}

/// Whether `line` holds nothing that runs on to the next line: its quotes and brackets
/// close on it, it opens no block text (`|`, `>`), and it has no tab.
fn is_complete(line: &str) -> bool {
    if line.contains('\t') {
        return false;
    }
    let mut quote: Option<char> = None;
    let mut depth = 0isize;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth -= 1,
            (None, _) => {}
        }
    }
    quote.is_none() && depth == 0 && !opens_block_text(line)
}

/// The 1-based column of a `private:` key that starts `line` (after its indentation
/// and a list dash), if it does.
fn private_key_column(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let mut column = indent + 1;
    if let Some(item) = rest.strip_prefix("- ") {
        let spaces = item.len() - item.trim_start_matches(' ').len();
        rest = &item[spaces..];
        column += 2 + spaces;
    }
    is_private_key(rest).then_some(column)
}

/// Whether `line` is written as a field's `key: value` line (`name: 张晓红`, `contact:`).
fn is_field_line(line: &str) -> bool {
    line.split_once(':').is_some_and(|(key, rest)| {
        super::is_field_name(key) && (rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// Whether `line` starts with the `private` key and its colon (ASCII or full-width),
/// quoted or not, in any letter case and in half- or full-width letters (`Private:`,
/// `ＰＲＩＶＡＴＥ：`): whoever wrote it meant the data under it to stay private, so
/// messages treat it as private, and the body check refuses it.
pub fn is_private_key(line: &str) -> bool {
    let (quote, key) = match line.strip_prefix(['"', '\'']) {
        Some(key) => (&line[..1], key),
        None => ("", line),
    };
    crate::text::strip_word_folded(key, "private").is_some_and(|rest| {
        let rest = rest.strip_prefix(quote).unwrap_or(rest).trim_start();
        rest.starts_with([':', '：'])
    })
}

/// Whether `line` starts with `key` and its colon: plain, or in either kind of quotes.
pub fn starts_with_key(line: &str, key: &str) -> bool {
    ["", "\"", "'"].iter().any(|quote| {
        (line.strip_prefix(quote))
            .and_then(|rest| rest.strip_prefix(key))
            .and_then(|rest| rest.strip_prefix(quote))
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// How to write a line of dashes meant to end the front matter.
pub const DASH_LINE_HINT: &str = "the line that ends the front matter is exactly three ASCII hyphens \"---\" (switch the input method to half-width, 半角)";

/// Whether `line` is a row of dash-like characters other than exactly `---`: a line
/// meant to end the front matter (`———`, `－－－`, `----`, `一一一`).
pub fn is_dash_line(line: &str) -> bool {
    let line = line.trim();
    line != "---"
        && line.chars().filter(|c| !c.is_whitespace()).count() >= 2
        && line.chars().all(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '-' | '—' | '–' | '－' | '一' | '─' | '━' | '‐' | '‑' | '−'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flows(text: &str) -> Vec<Option<usize>> {
        open_flows(&text.lines().collect::<Vec<_>>())
    }

    #[test]
    fn a_line_inside_an_open_flow_collection_is_found() {
        assert_eq!(
            flows("a: {b: 1,\nc: 2}\nd: [1,\n  2,\n  3]\ne: x\n"),
            [None, Some(0), None, Some(2), Some(2), None]
        );
        // Brackets in quotes, comments, plain text and block text open nothing.
        assert_eq!(
            flows("a: \"{\"\nb: 周一[上午\nc: x # [\nd: |\n  {\ne: '[it''s'\nf: 1\n"),
            [None; 7]
        );
        // A quoted text over two lines is not a flow collection.
        assert_eq!(
            flows("a: \"x\n  {y\"\nb: [\n]\n"),
            [None, None, None, Some(2)]
        );
        // Tabs, tags and anchors before a value; a list item's block text; a comment
        // that ends in ">".
        assert_eq!(
            flows("a:\t{b: 1,\nc: 2}\nd: !!map {e: 1,\nf: 2}\ng: &x [1,\n2]\n"),
            [None, Some(0), None, Some(2), None, Some(4)]
        );
        assert_eq!(
            flows("l:\n  - note: |\n      {x\n    k: {a: 1,\nb: 2}\n# 开始 >\n  [1,\n2]\n"),
            [None, None, None, None, Some(3), None, None, Some(6)]
        );
        // Nor is a list never closed: that is a slip.
        assert_eq!(
            flows("a: [1,\n2]\nb: [1\nc: 2\n"),
            [None, Some(0), None, None]
        );
    }

    #[test]
    fn a_private_block_is_plain_when_each_line_stands_alone() {
        let plain = |text: &str| private_is_plain(&text.lines().collect::<Vec<_>>());
        assert!(plain(
            "name: a\nprivate:  # 内部\n  mobile: \"1\"\n  notes:\n    - x\nlist: [a,\n b]\n"
        ));
        assert!(plain("private:\n- a: 1\n- b: 'it''s'\nname: x\n"));
        assert!(plain("contact:\n  private:\n    a: 1\n  phone: 2\n"));
        assert!(plain(
            "record:\n  - year: 1\n    private: 3\nprivate: {a: 1}\n"
        ));
        for text in [
            "private: {a: 1,\nb: 2}\n",
            "private: !!map {a: 1,\n  b: 2}\n",
            "private:\n  a: \"x\nb: 1\"\n",
            "private:\n  a: [1,\nb: 2]\n",
            "private:\n  note: |\n    x\n",
            "private:\n\ta: 1\n",
            "private:\n  a: it's\n",
        ] {
            assert!(!plain(text), "{text}");
        }
    }

    #[test]
    fn a_position_under_private_is_found_at_any_depth() {
        let text = "name: a\nprivate:\n  mobile: 1\n  notes:\n    - x\nlist:\n- b\nprivate2: c\ncontact:\n  private: {a: 1,\nb: 2}\n  phone: 3\n";
        let lines: Vec<&str> = text.lines().collect();
        let flows = open_flows(&lines);
        let under = |line, column| under_private(&lines, &flows, line, column);
        assert!(!under(0, 7));
        assert!(under(2, 11));
        assert!(under(4, 7));
        assert!(!under(6, 3));
        assert!(!under(7, 11));
        assert!(under(9, 14));
        assert!(under(10, 1));
        assert!(!under(11, 10));
        // The key itself is not under it; a list at the key's own indentation is.
        assert!(!under(1, 1));
        let lines: Vec<&str> = "private:\n- a: 1\n  b: 2\nname: x\n".lines().collect();
        let flows = open_flows(&lines);
        assert!(under_private(&lines, &flows, 1, 6));
        assert!(under_private(&lines, &flows, 2, 6));
        assert!(!under_private(&lines, &flows, 3, 7));
    }
}
