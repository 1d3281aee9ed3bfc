//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough and task lists,
//! with an `id` on every heading so each can be linked.
//!
//! Raw HTML in bodies is kept on purpose (staff paste video and map embeds); front-matter
//! values never pass through here and are escaped by the templates instead.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::content::slug::slugify;

/// Renders a Markdown body to HTML, with every heading `shift` levels lower (at most
/// `h6`): a body shown inside a section of its page, under that section's `h2`, has its
/// `##` headings rendered as `h3`, so the page's outline stays in order.
pub fn render(markdown: &str, shift: u8) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut events = add_heading_ids(events);
    if shift > 0 {
        for event in &mut events {
            match event {
                Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                    *level = lower(*level, shift);
                }
                _ => {}
            }
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    // (Most bodies have no table: they skip the wrapping adapter, which costs a tenth
    // of the rendering.)
    if events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        html::push_html(&mut out, events.into_iter().flat_map(wrap_table));
    } else {
        html::push_html(&mut out, events.into_iter());
    }
    out
}

/// Opens the box a table scrolls sideways in on a narrow screen. It can take keyboard
/// focus, so a reader without a mouse can scroll it too (WCAG 2.1.1).
const TABLE_BOX_OPEN: &str = "<div class=\"prose-table\" tabindex=\"0\">";

/// `event`, with a table's start and end wrapped in the box it scrolls in.
/// The byte ranges of `markdown`'s fenced code blocks (``` or ~~~), found as CommonMark
/// finds them: text shown as written, such as how a content file is written.
pub fn code_block_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    Parser::new_ext(markdown, Options::empty())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) => Some(range),
            _ => None,
        })
        .collect()
}

fn wrap_table(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (before, after) = match event {
        Event::Start(Tag::Table(_)) => (Some(Event::Html(CowStr::Borrowed(TABLE_BOX_OPEN))), None),
        Event::End(TagEnd::Table) => (None, Some(Event::Html(CowStr::Borrowed("</div>\n")))),
        _ => (None, None),
    };
    before
        .into_iter()
        .chain(std::iter::once(event))
        .chain(after)
}

/// `level` moved `shift` levels down, stopping at `h6`.
fn lower(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let number = (level as usize + usize::from(shift)).min(6);
    HeadingLevel::try_from(number).unwrap_or(HeadingLevel::H6)
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique
/// within the page (`jian-jie`, `jian-jie-1`, …): taken by no other heading, explicit
/// ids included, nor by an element of the default theme (`main`).
fn add_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let theme = crate::default_theme::element_ids();
    let mut taken: HashSet<String> = (events.iter())
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    for i in 0..events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let text = heading_text(&events[i + 1..]);
            let base = match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let free = |id: &String| !taken.contains(id) && !theme.contains(id);
            let id = std::iter::once(base.clone())
                .chain((1..).map(|n| format!("{base}-{n}")))
                .find(free)
                .unwrap_or(base);
            taken.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
    }
    events
}

/// The plain text of a heading, up to its end tag.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_top(markdown: &str) -> String {
        render(markdown, 0)
    }

    #[test]
    fn headings_move_down_inside_a_section() {
        let html = render("# 一\n\n## 二\n\n###### 六\n", 1);
        assert!(html.contains(r#"<h2 id="yi">一</h2>"#), "{html}");
        assert!(html.contains(r#"<h3 id="er">二</h3>"#), "{html}");
        assert!(html.contains(r#"<h6 id="liu">六</h6>"#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render_top("## 个人简介\n\n## 个人简介\n\n## Custom {#mine}\n");
        assert!(html.contains(r#"<h2 id="ge-ren-jian-jie">"#), "{html}");
        assert!(html.contains(r#"<h2 id="ge-ren-jian-jie-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="mine">"#), "{html}");
        // Explicit ids and the theme's own (`main`) are never taken again.
        let html = render_top("## 简介\n\n## 简介\n\n## 其他 {#jian-jie-1}\n\n## Main\n");
        assert!(html.contains(r#"<h2 id="jian-jie">"#), "{html}");
        assert!(html.contains(r#"<h2 id="jian-jie-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="jian-jie-1">其他"#), "{html}");
        assert!(html.contains(r#"<h2 id="main-1">"#), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html = render_top(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nnote[^1]\n\n[^1]: foot\n",
        );
        // A table sits in a box that scrolls sideways and takes keyboard focus.
        assert!(
            html.contains("<div class=\"prose-table\" tabindex=\"0\"><table>"),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
        assert!(html.contains("<del>x</del>"));
        assert!(html.contains("checkbox"));
        assert!(html.contains("footnote"));
    }
}
