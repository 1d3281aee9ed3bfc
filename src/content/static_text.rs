//! Text files in the static folders, which are published byte for byte: a `private:`
//! key with a value in one would be public (an error), and a Markdown file there is
//! published as it is, not as a page (a warning: a content file dropped into the wrong
//! folder).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Extensions of files that are not read: images, fonts, media, archives, and code
/// (`.js` and `.css` files of a library may well name a `private:` field).
const NOT_READ: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "ico", "svg", "tif", "tiff", "heic",
    "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "webm", "ogg", "wav", "mov", "pdf",
    "zip", "gz", "7z", "rar", "js", "mjs", "css", "map", "wasm",
];

/// The problem of the static file at `source` (shown to the user as `shown`), if any.
pub fn problem(source: &Path, shown: &Path) -> Option<Diagnostic> {
    let extension = source
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if NOT_READ.contains(&extension.as_str()) {
        return None;
    }
    // A file that cannot be read is reported when it is copied; one with a NUL byte in
    // its first 8 KB is binary.
    let bytes = std::fs::read(source).ok()?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes);
    let markdown = matches!(extension.as_str(), "md" | "markdown");
    let code = if markdown {
        crate::markdown::code_block_ranges(&text)
    } else {
        Vec::new()
    };
    if let Some((line, column)) = private_key(&text, &code) {
        return Some(
            Diagnostic::error(
                shown,
                line,
                column,
                "this file has a \"private\" key with a value, and files in static folders are published exactly as they are",
            )
            .with_hint(
                "move content files to content/ (deputies/, stations/, news/, pages/), where private blocks are never published; keep files with private data out of static/",
            ),
        );
    }
    markdown.then(|| {
        Diagnostic::warning(
            shown,
            0,
            0,
            "this Markdown file is published as it is, not as a page",
        )
        .with_hint("content files go in content/ (deputies/, stations/, news/, pages/)")
    })
}

/// The line and column of the first `private` key in `text` that has a value (YAML,
/// JSON or a flow mapping: `private:`, `"private":`, `{private: …}`, any letter case,
/// an ASCII or full-width colon), outside the byte ranges `skipped` (code blocks of a
/// Markdown file). A value of `true`, `false`, `null` or none is a setting, not data
/// (`"private": true` in a package manifest).
fn private_key(text: &str, skipped: &[std::ops::Range<usize>]) -> Option<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("private") {
        let at = from + found;
        from = at + "private".len();
        // A key starts its line, a list item or an entry of a flow mapping.
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at]
            .trim_start_matches('\u{feff}')
            .trim_end_matches([' ', '\t', '"', '\'']);
        if !(before.trim().is_empty() || before.ends_with(['-', '{', ',', '['])) {
            continue;
        }
        let rest = lower[from..]
            .trim_start_matches(['"', '\''])
            .trim_start_matches([' ', '\t']);
        let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) else {
            continue;
        };
        let value = value.trim_start_matches([' ', '\t']);
        let end = value
            .find([',', '}', ']', '\n', '\r', '#'])
            .unwrap_or(value.len());
        let setting = matches!(value[..end].trim(), "" | "true" | "false" | "null" | "~");
        // An empty value may open a block below it.
        let block_below = value[..end].trim().is_empty()
            && value[end..].starts_with(['\n', '\r'])
            && value[end..]
                .trim_start_matches(['\n', '\r'])
                .starts_with([' ', '\t', '-']);
        if (setting && !block_below) || skipped.iter().any(|range| range.contains(&at)) {
            continue;
        }
        let line = text[..at].matches('\n').count() + 1;
        // The column of the key, or of its opening quote.
        let key_at = if text[..at].ends_with(['"', '\'']) {
            at - 1
        } else {
            at
        };
        let column = text[line_start..key_at]
            .trim_start_matches('\u{feff}')
            .chars()
            .count()
            + 1;
        return Some((line, column));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_private_key_with_a_value_however_it_is_written() {
        for (text, at) in [
            ("---\nname: 甲\nprivate:\n  mobile: 1\n---\n", Some((3, 1))),
            ("a: 1\n  Private: {x: 1}\n", Some((2, 3))),
            ("- \"private\": 1\n", Some((1, 3))),
            ("\u{feff}PRIVATE ：x\n", Some((1, 1))),
            (
                "{\"name\":\"x\",\"private\":{\"mobile\":\"138\"}}",
                Some((1, 13)),
            ),
            ("[{\"private\": \"138\"}]", Some((1, 3))),
            ("{name: x, private: {mobile: \"138\"}}", Some((1, 11))),
            ("private:\n- 138\n", Some((1, 1))),
            ("name: 私人\nprivately: no\nnot private: x\n", None),
            ("{\n  \"private\": true,\n  \"name\": \"x\"\n}\n", None),
            ("private: false\nprivate:\nother: 1\n", None),
            ("私\n", None),
        ] {
            assert_eq!(private_key(text, &[]), at, "{text:?}");
        }
    }

    #[test]
    fn skips_the_ranges_it_is_told_to() {
        let text = "例子：\n\n```\nprivate:\n  mobile: 1\n```\n";
        let code = crate::markdown::code_block_ranges(text);
        assert_eq!(private_key(text, &code), None);
        assert_eq!(private_key(text, &[]), Some((4, 1)));
    }
}
