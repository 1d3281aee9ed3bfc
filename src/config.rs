//! `site.yaml`: the site's configuration (SPEC §3). Unknown keys are errors.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, starts_with_key};

/// The file name of the configuration, relative to the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The order deputies are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeputyOrder {
    /// By the stroke count of the surname (按姓氏笔画), the official order.
    #[default]
    Strokes,
    /// By the pinyin of the name.
    Pinyin,
    /// By file name.
    File,
}

/// Paper size of printed sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Paper {
    /// ISO A4 portrait.
    #[default]
    A4,
    /// ISO A3 portrait.
    A3,
}

/// The `print:` section.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    /// Paper size of the notice-board sheets.
    #[serde(default)]
    pub paper: Paper,
    /// Printed in every sheet's footer.
    #[serde(default)]
    pub organisation: String,
}

/// The whole of `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Where the site is published; always ends with `/` after loading.
    pub base_url: String,
    /// UI language of the theme (an `i18n/LANG.yaml` file of the theme).
    #[serde(default = "default_language")]
    pub language: String,
    /// Folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Congress levels, key → display name, in the order written.
    #[serde(default)]
    pub levels: IndexMap<String, String>,
    /// Order of deputies in every list.
    #[serde(default)]
    pub deputy_order: DeputyOrder,
    /// News items per index page.
    #[serde(default = "default_news_per_page")]
    pub news_per_page: usize,
    /// Printing options.
    #[serde(default)]
    pub print: PrintConfig,
    /// Where keys are written in site.yaml, for messages found after parsing.
    #[serde(skip)]
    pub lines: ConfigLines,
}

/// The 1-based (line, column) of site.yaml values checked after parsing (by the theme
/// loader); (1, 1) when the key is not written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConfigLines {
    /// The value of `theme:`.
    pub theme: (usize, usize),
    /// The value of `language:`.
    pub language: (usize, usize),
}

fn default_language() -> String {
    "zh-CN".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_news_per_page() -> usize {
    20
}

/// A `site.yaml` with problems.
#[derive(Debug)]
pub struct ConfigErrors {
    /// Every problem found in it.
    pub problems: Vec<Diagnostic>,
    /// The configuration read without the parts that hold them, when the rest of the
    /// site can still be checked with it (its levels, theme and language are sound), so
    /// the content's problems are listed in the same run.
    pub rest: Option<Box<SiteConfig>>,
}

/// The keys the rest of the site is checked against: with one of them wrong, checking
/// the content or the theme would only report problems that are not there.
const CHECKED_AGAINST: [&str; 3] = ["levels", "theme", "language"];

impl SiteConfig {
    /// Parses and checks `site.yaml`; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        Self::parse_with_rest(text, path).map_err(|errors| errors.problems)
    }

    /// [`SiteConfig::parse`], which on problems also returns the rest of the
    /// configuration when the site can be checked with it (see [`ConfigErrors`]). Every
    /// value is checked that the YAML's problems leave readable.
    pub fn parse_with_rest(text: &str, path: &Path) -> Result<SiteConfig, ConfigErrors> {
        // A line whose key is unknown may have been meant as one of the keys the rest
        // is checked against (`them: x`), which then holds its default: the rest is
        // sound only if each of those keys is written as it should be.
        let written = |key: &&str| text.lines().any(|line| starts_with_key(line, key));
        let (mut config, mut problems, blanked) =
            match yaml::parse_checked::<SiteConfig>(text, path, 0) {
                Ok(config) => (config, Vec::new(), Vec::new()),
                Err((problems, Some(rest)))
                    if !rest.blanked_unknown || CHECKED_AGAINST.iter().all(written) =>
                {
                    (rest.value, problems, rest.blanked)
                }
                Err((problems, _)) => {
                    return Err(ConfigErrors {
                        problems,
                        rest: None,
                    });
                }
            };
        let readable = |key: &str| !blanked.iter().any(|blank| blank == key);
        let mut unsound: Vec<&str> = (CHECKED_AGAINST.iter())
            .copied()
            .filter(|key| !readable(key))
            .collect();
        // Lines are found by `str::lines`, which does not end a line at a lone CR (the
        // old Mac line end, which YAML reads as one).
        let text: std::borrow::Cow<str> = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n").into()
        } else {
            text.into()
        };
        let text = text.as_ref();
        let at = |key: &str| line_of_key(text, key);
        let value_at = |key: &str| position_of_value(text, key);
        // A problem inside a block the rest is checked against (a level's name left
        // empty) leaves it without that entry, though its key still reads.
        for key in CHECKED_AGAINST {
            let lines = block_lines(text, key);
            if problems.iter().any(|problem| lines.contains(&problem.line)) {
                unsound.push(key);
            }
        }
        if let Err(problem) = check_base_url(&config.base_url)
            && readable("base_url")
        {
            let (line, col) = value_at("base_url");
            problems.push(
                Diagnostic::error(path, line, col, format!("base_url {problem}"))
                    .with_hint("write the full address, e.g. https://example.org/renda/"),
            );
        }
        config.base_url = normalize_base_url(&config.base_url);
        if config.levels.is_empty() && readable("levels") {
            unsound.push("levels");
            problems.push(
                Diagnostic::error(path, at("levels"), 1, "no congress levels are defined")
                    .with_hint("add e.g. \"levels:\" with \"district: 区人大代表\" and \"town: 镇人大代表\""),
            );
        }
        // Level keys go into addresses (`deputies/?level=town`) and class names.
        for key in config.levels.keys() {
            if !crate::content::slug::is_valid(key) {
                unsound.push("levels");
                let (line, col) = position_of_level(text, key);
                problems.push(
                    Diagnostic::error(
                        path,
                        line,
                        col,
                        format!("the level key \"{key}\" may only use lowercase letters a-z, digits and hyphens"),
                    )
                    .with_hint("keys are short names such as district or town; the display name goes after the colon"),
                );
            }
        }
        let plain_name = |name: &str| {
            !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':'])
        };
        // Both name files to read (`themes/THEME/`, `i18n/LANGUAGE.yaml`): no paths.
        for (key, value, what, hint) in [
            (
                "theme",
                &config.theme,
                "a folder name",
                "name a folder under themes/, e.g. \"default\"",
            ),
            (
                "language",
                &config.language,
                "a language code",
                "write a code such as \"zh-CN\" or \"en\"",
            ),
        ] {
            if !plain_name(value) && readable(key) {
                unsound.push(key);
                let (line, col) = value_at(key);
                problems.push(
                    Diagnostic::error(path, line, col, format!("{key} \"{value}\" is not {what}"))
                        .with_hint(hint),
                );
            }
        }
        config.lines = ConfigLines {
            theme: value_at("theme"),
            language: value_at("language"),
        };
        if config.news_per_page == 0 && readable("news_per_page") {
            let (line, col) = value_at("news_per_page");
            problems.push(
                Diagnostic::error(path, line, col, "news_per_page must be at least 1").with_hint(
                    "how many news items each page of the news list shows, e.g. news_per_page: 10",
                ),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors {
                problems,
                rest: unsound.is_empty().then(|| Box::new(config)),
            })
        }
    }
}

/// Why `url` cannot be a site's base URL, if it cannot: it must be an http(s) address
/// with a host (or a `file:///` folder, to open a build from disk), and every page's
/// address is made by appending a path to it, so it can have no query (`?`) or fragment
/// (`#`), and no spaces, quotes or angle brackets.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let rest = if let Some(path) = url.strip_prefix("file://") {
        // A build to open from disk (`--base-url file:///tmp/site/`): an absolute path.
        if !path.starts_with('/') {
            return Err(format!("\"{url}\" is not a file:/// address of a folder"));
        }
        path
    } else {
        let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        else {
            return Err(format!("\"{url}\" is not an http(s) address"));
        };
        if rest.is_empty() || rest.starts_with('/') {
            return Err(format!("\"{url}\" has no host name"));
        }
        rest
    };
    if let Some(bad) = rest.chars().find(|c| {
        matches!(c, '?' | '#' | '"' | '\'' | '<' | '>' | '\\' | '`')
            || c.is_whitespace()
            || c.is_control()
    }) {
        return Err(format!(
            "\"{url}\" contains \"{bad}\", which cannot be part of the address every page's address starts with"
        ));
    }
    Ok(())
}

/// [`check_base_url`] for a command-line value.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    check_base_url(url).map(|()| url.trim().to_string())
}

/// Makes sure a base URL ends with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

/// The 1-based line and column of the value of a top-level `key:` (of the key when it
/// has none on its line), or (1, 1) when the key is not written.
fn position_of_value(text: &str, key: &str) -> (usize, usize) {
    let Some((index, line)) = key_line(text, key) else {
        return (1, 1);
    };
    let value = line
        .split_once(':')
        .map_or("", |(_, value)| value)
        .trim_start();
    let column = if value.is_empty() || value.starts_with('#') {
        1
    } else {
        line[..line.len() - value.len()].chars().count() + 1
    };
    (index + 1, column)
}

/// The 1-based lines of the top-level `key:` and the lines under it; empty when the key
/// is not written.
fn block_lines(text: &str, key: &str) -> std::ops::Range<usize> {
    let Some((start, _)) = key_line(text, key) else {
        return 0..0;
    };
    let end = (text.lines().enumerate().skip(start + 1))
        .find(|(_, line)| !line.trim().is_empty() && !line.starts_with([' ', '\t', '#', '-']))
        .map_or(text.lines().count(), |(i, _)| i);
    start + 1..end + 1
}

/// The 1-based line where a top-level `key:` is written, or 1.
fn line_of_key(text: &str, key: &str) -> usize {
    key_line(text, key).map_or(1, |(index, _)| index + 1)
}

/// The 0-based index and the text of the line where a top-level `key:` is written.
fn key_line<'a>(text: &'a str, key: &str) -> Option<(usize, &'a str)> {
    (text.lines().enumerate()).find(|(_, line)| starts_with_key(line, key))
}

/// The line and column of the level `key` under `levels:`, written as an indented
/// `key: name` line or inside `{…}` on the `levels:` line; else the `levels:` line.
fn position_of_level(text: &str, key: &str) -> (usize, usize) {
    let levels = line_of_key(text, "levels");
    let mut lines = text.lines().enumerate().skip(levels - 1);
    let Some((_, first)) = lines.next() else {
        return (levels, 1);
    };
    // `levels: {district: 区, Town: 镇}`: the key after `{` or `,`.
    let first = first.split(" #").next().unwrap_or(first);
    if let Some(open) = first.find('{') {
        let mut at = open + 1;
        for part in first[open + 1..].split(',') {
            let start = at + (part.len() - part.trim_start().len());
            if starts_with_key(&first[start..], key) {
                return (levels, first[..start].chars().count() + 1);
            }
            at += part.len() + 1;
        }
    }
    // The keys are the lines at the first key's indentation (deeper ones are text).
    let mut key_indent = None;
    lines
        .take_while(|(_, line)| line.is_empty() || line.starts_with([' ', '#']))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            if *key_indent.get_or_insert(indent) != indent {
                return None;
            }
            starts_with_key(&line[indent..], key).then(|| (i + 1, indent + 1))
        })
        .unwrap_or((levels, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_plain_or_quoted() {
        let text = "title: a\n\"theme\": \"../x\"\n'news_per_page': 0\n";
        assert_eq!(line_of_key(text, "theme"), 2);
        assert_eq!(line_of_key(text, "news_per_page"), 3);
        assert_eq!(line_of_key(text, "title"), 1);
    }

    #[test]
    fn a_level_key_is_found_on_its_own_line_or_in_braces() {
        let text = "title: a\nlevels:\n  district: 区\n  # 镇\n  \"Town\": 镇\nlanguage: en\n";
        assert_eq!(position_of_level(text, "Town"), (5, 3));
        assert_eq!(position_of_level(text, "district"), (3, 3));
        // Not in a comment, nor in a level's text.
        let text = "levels: # {Town: x}\n  district: |\n    Town: 镇\n  Town: 镇\n";
        assert_eq!(position_of_level(text, "Town"), (4, 3));
        let text = "title: a\nlevels: {district: 区, Town: 镇}\n";
        assert_eq!(position_of_level(text, "Town"), (2, 23));
        assert_eq!(position_of_level(text, "language"), (2, 1));
    }

    #[test]
    fn base_urls_must_be_plain_http_addresses() {
        assert!(check_base_url("https://example.org/renda/").is_ok());
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("file:///tmp/site/").is_ok());
        assert!(check_base_url("file://tmp/site/").is_err());
        for bad in [
            "example.org",
            "javascript:alert(1)//",
            "https://",
            "https:///x",
            "https://example.org/?lang=zh",
            "https://example.org/#top",
            "https://example.org/a b/",
            "https://example.org/\"x",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    const GOOD: &str =
        "title: T\nbase_url: https://example.org/renda\nlevels:\n  town: 镇\n  district: 区\n";

    #[test]
    fn parses_and_keeps_level_order() {
        let config = SiteConfig::parse(GOOD, Path::new("site.yaml")).unwrap();
        assert_eq!(config.base_url, "https://example.org/renda/");
        assert_eq!(
            config.levels.keys().collect::<Vec<_>>(),
            ["town", "district"]
        );
        assert_eq!(config.news_per_page, 20);
    }

    #[test]
    fn unknown_key_suggests() {
        let text = format!("{GOOD}deputy_ordr: pinyin\n");
        let errors = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(errors[0].line, 6);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean \"deputy_order\"?")
        );
    }
}
