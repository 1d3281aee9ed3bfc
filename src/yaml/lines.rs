//! What a line of a YAML text belongs to, read from its characters and indentation
//! alone: a `{…}` or `[…]` opened on a line above, or a `private:` block.
//!
//! Only messages and the search for further problems use this, when a text has
//! errors. Recovery works line by line and takes a line at column 1 for a top-level
//! key, which a line that continues a flow collection is not.

/// For each line of `lines`, the line where a `{…}` or `[…]` still open at its start
/// was opened, if any, when it is closed further down. Quotes, comments and block text
/// (`key: |`) are skipped; a bracket inside a plain text (`hours: 周一[上午]`) opens
/// nothing.
pub fn open_flows(lines: &[&str]) -> Vec<Option<usize>> {
    let mut flows = Vec::with_capacity(lines.len());
    let mut depth = 0usize;
    let mut opened_at = 0;
    let mut quote: Option<char> = None;
    // The indentation of a `key: |` line while its block text runs.
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
                    ':' | '-' | '?' if chars.peek().is_none_or(|next| *next == ' ') => {
                        at_value = true;
                    }
                    _ => at_value = false,
                },
            }
            previous = c;
        }
        if depth == 0 && quote.is_none() {
            let value = line.split(" #").next().unwrap_or(line).trim_end();
            let indicator = value.rsplit(' ').next().unwrap_or("");
            if (indicator.starts_with('|') || indicator.starts_with('>'))
                && indicator[1..]
                    .chars()
                    .all(|c| matches!(c, '+' | '-' | '1'..='9'))
                && value.len() > indicator.len()
            {
                block_text = Some(indent);
            }
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
    let rest = ["\"private\"", "'private'", "private"]
        .iter()
        .find_map(|key| rest.strip_prefix(key))?;
    rest.trim_start().starts_with(':').then_some(column)
}

/// The indentation of a line with content; `None` for blank and comment-only lines.
fn indent_of(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    let content = rest.trim_end();
    (!content.is_empty() && !content.starts_with('#')).then_some(line.len() - rest.len())
}

fn is_dash(line: &str) -> bool {
    let rest = line.trim_start_matches(' ').trim_end();
    rest == "-" || rest.starts_with("- ")
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
        // Nor is a list never closed: that is a slip.
        assert_eq!(
            flows("a: [1,\n2]\nb: [1\nc: 2\n"),
            [None, Some(0), None, None]
        );
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
