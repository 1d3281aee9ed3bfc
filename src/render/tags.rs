//! Which block tag of a template is left open, or closed by the wrong end tag.
//!
//! Tera's parser reports such a slip where it gets lost: "Unknown tag" at an end tag it
//! did not expect (`{% endblock %}` while an `{% if %}` is still open), or "Unexpected
//! end of input" at the end of the file. Neither names the tag that needs closing. This
//! module reads the template's tags in order, keeping the open ones on a stack, and
//! names the first slip it finds with the line and column of both tags. It reads tags
//! only (`{% … %}`), skipping comments, expressions and raw sections; Tera still decides
//! whether a template is valid, and this reading only explains its error. The same
//! reading lists the components a template defines, for "did you mean" hints.

use crate::diagnostics::did_you_mean;

/// A tag slip, at the tag to fix (1-based line and column).
#[derive(Debug, PartialEq, Eq)]
pub struct Slip {
    /// Line of the tag.
    pub line: usize,
    /// Column of the tag's `{%`, in characters.
    pub column: usize,
    /// Column of the tag's first word (`endblock`), where Tera points.
    pub word_column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// Whether it is a tag never closed (found at the end of the file), rather than a
    /// tag where the slip stands.
    pub unclosed: bool,
}

/// A block tag still open: its name (`if`, `for`, `block`, a component call's `<name`)
/// and where it opened.
struct Open {
    name: String,
    line: usize,
    column: usize,
}

impl Open {
    /// The first word of the tag that closes it (`endif`, `</panel>`).
    fn end_word(&self) -> String {
        match self.name.strip_prefix('<') {
            Some(component) => format!("</{component}>"),
            None => format!("end{}", self.name),
        }
    }

    /// The tag that closes it.
    fn end_tag(&self) -> String {
        format!("{{% {} %}}", self.end_word())
    }

    /// How it is written, for messages.
    fn written(&self) -> String {
        match self.name.strip_prefix('<') {
            Some(component) => format!("{{% <{component}(…)> %}}"),
            None => format!("{{% {} … %}}", self.name),
        }
    }
}

/// The first tag slip in `source`: an end tag that closes another tag than the one open
/// (or none), an `else`/`elif` outside the tag it belongs to, or a tag never closed.
pub fn find_slip(source: &str) -> Option<Slip> {
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find('{') {
        let start = at + found;
        let rest = &source[start..];
        let close = match rest.as_bytes().get(1) {
            Some(b'#') => "#}",
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        // An unclosed comment, expression or tag: Tera's own message says so.
        let end = start + 2 + rest[2..].find(close)?;
        at = end + 2;
        if close != "%}" {
            continue;
        }
        let inner = source[start + 2..end].trim_matches('-').trim();
        let word = inner.split_whitespace().next().unwrap_or("");
        let (line, column) = position(source, start);
        let word_column = match source[start + 2..end].find(word) {
            Some(offset) if !word.is_empty() => position(source, start + 2 + offset).1,
            _ => column,
        };
        let here = |message: String, hint: String| {
            Some(Slip {
                line,
                column,
                word_column,
                message,
                hint,
                unclosed: false,
            })
        };
        match word {
            "raw" => {
                // Everything up to `{% endraw %}` is text.
                let end_raw = source[at..].find("endraw")?;
                at += end_raw + source[at + end_raw..].find("%}")? + 2;
            }
            "if" | "for" | "block" | "filter" | "component" => open.push(Open {
                name: word.to_string(),
                line,
                column,
            }),
            // `{% set x %}…{% endset %}` captures a body; `{% set x = … %}` does not.
            "set" | "set_global" if !inner.contains('=') => open.push(Open {
                name: "set".to_string(),
                line,
                column,
            }),
            "elif" | "else" => {
                let belongs = if word == "elif" {
                    &["if"][..]
                } else {
                    &["if", "for"]
                };
                if !open
                    .last()
                    .is_some_and(|o| belongs.contains(&o.name.as_str()))
                {
                    let owner = belongs.join(" or ");
                    return here(
                        format!("{{% {word} %}} is not inside an {{% {owner} %}}"),
                        match open.last() {
                            Some(inner) => format!(
                                "the {} opened at {}:{} is still open here: close it with {} before this line",
                                inner.written(),
                                inner.line,
                                inner.column,
                                inner.end_tag()
                            ),
                            None => format!("remove it, or add the {{% {owner} %}} it belongs to"),
                        },
                    );
                }
            }
            _ if word.starts_with("end") || word.starts_with("</") => {
                let closes = match word.strip_prefix("</") {
                    Some(name) => format!("<{}", name.trim_end_matches('>')),
                    None => word["end".len()..].to_string(),
                };
                match open.last() {
                    Some(top) if top.name == closes => {
                        open.pop();
                    }
                    // A slip in the end tag itself (`{% endfi %}`).
                    Some(top) if did_you_mean(word, [top.end_word().as_str()]).is_some() => {
                        return here(
                            format!("unknown tag {{% {word} %}}"),
                            format!(
                                "did you mean {}? It closes the {} opened at {}:{}",
                                top.end_tag(),
                                top.written(),
                                top.line,
                                top.column
                            ),
                        );
                    }
                    Some(top) => {
                        return here(
                            format!(
                                "{{% {word} %}} comes while the {} opened at {}:{} is still open",
                                top.written(),
                                top.line,
                                top.column
                            ),
                            format!(
                                "add {} before this tag (or remove the {})",
                                top.end_tag(),
                                top.written()
                            ),
                        );
                    }
                    None => {
                        return here(
                            format!(
                                "{{% {word} %}} closes nothing: no tag it could end is open here"
                            ),
                            "remove it, or add the tag it should close above it".to_string(),
                        );
                    }
                }
            }
            _ if word.starts_with('<') && !inner.ends_with("/>") => open.push(Open {
                name: word.split(['(', '>']).next().unwrap_or(word).to_string(),
                line,
                column,
            }),
            _ => {}
        }
    }
    let unclosed = open.pop()?;
    Some(Slip {
        line: unclosed.line,
        column: unclosed.column,
        word_column: unclosed.column,
        message: format!("this {} is never closed", unclosed.written()),
        hint: format!("add {} where its part ends", unclosed.end_tag()),
        unclosed: true,
    })
}

/// How to fix a tag Tera does not know, named by its first word `word`: Tera 1's macros
/// (Zola's themes use them) are components in Tera 2.
pub fn unknown_tag_hint(word: &str) -> String {
    match word {
        "macro" | "endmacro" | "import" => "Tera 2 has no macros or imports: define a component \
            ({% component name(arg) %}…{% endcomponent name %}) and call it as \
            {{<name arg={x} />}} (docs/themes.md, \"Template language\")"
            .to_string(),
        _ => format!("check the spelling of \"{word}\", the first word after {{%"),
    }
}

/// The first word of the tag at `line` and `column` (1-based, in characters) of
/// `source`, where Tera reports an unknown tag.
pub fn word_at(source: &str, line: usize, column: usize) -> Option<&str> {
    let word = identifier(&source[offset_of(source, line, column)?..]);
    (!word.is_empty()).then_some(word)
}

/// The names of the components `source` defines (`{% component card(d) %}`).
pub fn defined_components(source: &str) -> impl Iterator<Item = &str> {
    source.match_indices("{%").filter_map(|(at, _)| {
        let rest = source[at + 2..].trim_start_matches('-').trim_start();
        let rest = rest.strip_prefix("component")?;
        let name = identifier(rest.trim_start());
        (!name.is_empty() && rest.starts_with(char::is_whitespace)).then_some(name)
    })
}

/// The name (letters, digits, `_`) `text` starts with; empty if none.
fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The line and column (1-based, in characters) of the first character at or after
/// `line` and `column` of `source` that is not white space: where text that Tera reports
/// from the end of the tag before it (with the line breaks between) really starts.
pub fn next_content(source: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let start = offset_of(source, line, column)?;
    let offset = start + source[start..].find(|c: char| !c.is_whitespace())?;
    Some(position(source, offset))
}

/// The byte offset of `line` and `column` (1-based, in characters, as Tera counts) of
/// `source`; a column past the end of the line runs on into the next ones.
fn offset_of(source: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => source.match_indices('\n').nth(breaks)?.0 + 1,
    };
    let rest = &source[line_start..];
    let within = (rest.char_indices())
        .nth(column.checked_sub(1)?)
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The 1-based line and column (in characters) of byte `offset` of `source`.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(source: &str) -> Option<(usize, usize, String)> {
        find_slip(source).map(|s| (s.line, s.column, s.message))
    }

    #[test]
    fn an_if_left_open_inside_a_block_is_named_at_the_end_tag() {
        let source =
            "{% block main %}\n<p>\n  {% if page.title %}<h1>x</h1>\n</p>\n{% endblock main %}\n";
        let found = find_slip(source).unwrap();
        assert_eq!((found.line, found.column, found.word_column), (5, 1, 4));
        assert_eq!(
            found.message,
            "{% endblock %} comes while the {% if … %} opened at 3:3 is still open"
        );
        assert!(found.hint.contains("add {% endif %}"), "{}", found.hint);
    }

    #[test]
    fn a_tag_never_closed_is_named_where_it_opens() {
        assert_eq!(
            slip("<ul>\n{%- for d in deputies -%}\n<li>{{ d.name }}</li>\n"),
            Some((2, 1, "this {% for … %} is never closed".into()))
        );
        assert_eq!(
            find_slip("{% set note %}x").unwrap().hint,
            "add {% endset %} where its part ends"
        );
    }

    #[test]
    fn stray_end_and_else_tags_are_named() {
        assert_eq!(
            slip("a {% endif %}"),
            Some((
                1,
                3,
                "{% endif %} closes nothing: no tag it could end is open here".into()
            ))
        );
        assert_eq!(
            slip("{% for x in xs %}{% elif y %}{% endfor %}"),
            Some((1, 18, "{% elif %} is not inside an {% if %}".into()))
        );
    }

    #[test]
    fn well_formed_templates_have_no_slip() {
        let source = concat!(
            "{# {% if %} in a comment #}{{ \"{% if\" }}",
            "{% if a %}{% elif b %}{% else %}{% endif %}",
            "{% for x in xs %}{% else %}{% endfor %}",
            "{% set y = a == b %}{% set z %}t{% endset %}",
            "{% raw %}{% if %}{% endraw %}",
            "{% component card(d) %}{{ d }}{% endcomponent %}",
            "{% <panel(x=1)> %}body{% </panel> %}{{<card d={d} />}}",
            "{% filter upper %}t{% endfilter %}",
            "{% block b %}ü{% endblock b %}",
        );
        assert_eq!(slip(source), None);
    }

    #[test]
    fn a_misspelled_end_tag_is_named() {
        let found = find_slip("{% if a %}x{% endfi %}").unwrap();
        assert_eq!(found.message, "unknown tag {% endfi %}");
        assert_eq!(
            found.hint,
            "did you mean {% endif %}? It closes the {% if … %} opened at 1:1"
        );
    }

    #[test]
    fn components_defined_are_listed() {
        let source = "{% component card(d) %}x{% endcomponent card %}\n{%- component help_panel() -%}{% endcomponent %}{% componentx %}";
        let names: Vec<&str> = defined_components(source).collect();
        assert_eq!(names, ["card", "help_panel"]);
    }

    #[test]
    fn an_unknown_tag_is_read_where_tera_points() {
        let source = "<p>\n  {% macro card(d) %}";
        assert_eq!(word_at(source, 2, 6), Some("macro"));
        assert!(unknown_tag_hint("macro").contains("component"));
        assert_eq!(word_at(source, 9, 1), None);
    }

    #[test]
    fn text_is_found_past_the_white_space_before_it() {
        let source = "{% block a %}x{% endblock a %}\n\n  <p>说明</p>\n";
        assert_eq!(next_content(source, 1, 31), Some((3, 3)));
        assert_eq!(next_content("ab", 1, 2), Some((1, 2)));
        assert_eq!(next_content("ab  ", 1, 3), None);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(slip("代表 {% endfor %}").map(|s| (s.0, s.1)), Some((1, 4)));
    }
}
