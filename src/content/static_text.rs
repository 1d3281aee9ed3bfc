//! Text files in the static folders, which are published byte for byte: a `private:`
//! block in one would be public (an error), and a Markdown file there is published as
//! it is, not as a page (a warning: a content file dropped into the wrong folder).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Extensions of the files read for a `private:` key: text that a clerk may have put in
/// `static/` by mistake (content files, data exported from a spreadsheet, notes).
const TEXT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "yaml", "yml", "txt", "csv", "json", "html", "htm", "xml",
];

/// The problem of the static file at `source` (shown to the user as `shown`), if any.
pub fn problem(source: &Path, shown: &Path) -> Option<Diagnostic> {
    let extension = source.extension()?.to_string_lossy().to_ascii_lowercase();
    if !TEXT_EXTENSIONS.contains(&extension.as_str()) {
        return None;
    }
    // A file that cannot be read is reported when it is copied.
    let bytes = std::fs::read(source).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    if let Some((line, column)) = private_key(&text) {
        return Some(
            Diagnostic::error(
                shown,
                line,
                column,
                "this file has a \"private:\" block, and files in static folders are published exactly as they are",
            )
            .with_hint(
                "move content files to content/ (deputies/, stations/, news/, pages/), where private blocks are never published; keep files with private data out of static/",
            ),
        );
    }
    matches!(extension.as_str(), "md" | "markdown").then(|| {
        Diagnostic::warning(
            shown,
            0,
            0,
            "this Markdown file is published as it is, not as a page",
        )
        .with_hint("content files go in content/ (deputies/, stations/, news/, pages/)")
    })
}

/// The line and column of the first `private:` key in `text` (any indentation, in a list
/// item, quoted, any letter case, with an ASCII or full-width colon).
fn private_key(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let line = line.trim_start_matches('\u{feff}');
        let body = line.trim_start();
        let body = body.strip_prefix("- ").map_or(body, str::trim_start);
        let column = line[..line.len() - body.len()].chars().count() + 1;
        let unquoted = body.trim_start_matches(['"', '\'']);
        let word = unquoted.get(..7)?;
        let rest = unquoted[7..].trim_start_matches(['"', '\'']).trim_start();
        (word.eq_ignore_ascii_case("private") && (rest.starts_with(':') || rest.starts_with('：')))
            .then_some((i + 1, column))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_private_key_however_it_is_written() {
        for (text, at) in [
            ("---\nname: 甲\nprivate:\n  mobile: 1\n---\n", Some((3, 1))),
            ("a: 1\n  Private: {x: 1}\n", Some((2, 3))),
            ("- \"private\": 1\n", Some((1, 3))),
            ("\u{feff}PRIVATE ：x\n", Some((1, 1))),
            ("name: 私人\nprivately: no\nnot private: x\n", None),
            ("私\n", None),
        ] {
            assert_eq!(private_key(text), at, "{text:?}");
        }
    }
}
