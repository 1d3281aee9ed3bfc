//! The names a template can call (filters, tests, functions), for the hint under Tera's
//! "Unknown filter `uper`": Tera checks the names when the templates load, but does not
//! list the ones it knows.
//!
//! The lists are Tera 2.4's own names and the ones [`super::templates`] registers; a
//! test loads a template that uses every one of them, so a list that falls behind Tera
//! or the loader fails it.

use crate::diagnostics::did_you_mean;

/// Filters: Tera's and `long_date`.
pub const FILTERS: &[&str] = &[
    "abs",
    "capitalize",
    "default",
    "escape",
    "escape_html",
    "escape_xml",
    "first",
    "float",
    "get",
    "group_by",
    "indent",
    "int",
    "join",
    "keys",
    "last",
    "length",
    "long_date",
    "lower",
    "newlines_to_br",
    "nth",
    "pairs",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "sort",
    "split",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "unique",
    "upper",
    "values",
    "wordcount",
];

/// Tests (`{% if x is odd %}`): Tera's.
pub const TESTS: &[&str] = &[
    "array",
    "bool",
    "containing",
    "defined",
    "divisible_by",
    "ending_with",
    "even",
    "float",
    "integer",
    "iterable",
    "map",
    "none",
    "number",
    "odd",
    "starting_with",
    "string",
    "undefined",
];

/// Functions: Tera's `range` and `throw`, and this program's.
pub const FUNCTIONS: &[&str] = &["cached", "qr_svg", "range", "t", "throw", "url_for"];

/// Names of Tera 1 and of Zola's themes that Tera 2 and this program do not have, with
/// what to write instead: (kind, name, advice).
const RENAMED: &[(&str, &str, &str)] = &[
    (
        "filter",
        "date",
        "Tera 2 has no \"date\" filter: write a content date with `| long_date` (as the UI string date_long says) or `| long_date(pattern=\"{y}年{m}月\")`",
    ),
    (
        "filter",
        "linebreaksbr",
        "Tera 2 calls it \"newlines_to_br\"",
    ),
    (
        "filter",
        "markdown",
        "Markdown is rendered before it reaches templates: print the page's HTML field (such as deputy.content) as it is",
    ),
    (
        "function",
        "get_url",
        "this program's function is url_for(path=\"…\"); the sections' URLs are also at hand as site.urls",
    ),
    (
        "function",
        "trans",
        "this program's function is t(key=\"…\"), or the UI strings as lang.KEY",
    ),
];

/// Names of Tera 1 and of Zola that neither Tera 2 nor this program has, nor anything
/// like them: (kind, name).
const GONE: &[(&str, &str)] = &[
    ("filter", "slugify"),
    ("filter", "urlencode"),
    ("filter", "urlencode_strict"),
    ("filter", "json_encode"),
    ("filter", "filesizeformat"),
    ("filter", "striptags"),
    ("filter", "as_str"),
    ("filter", "concat"),
    ("filter", "map"),
    ("filter", "filter"),
    ("function", "now"),
    ("function", "get_env"),
    ("function", "get_random"),
    ("function", "load_data"),
    ("function", "get_section"),
    ("function", "get_page"),
    ("function", "get_taxonomy"),
    ("function", "resize_image"),
    ("function", "get_image_metadata"),
];

/// The hint for a Tera message "Unknown filter `NAME`" (or test, or function): what the
/// name was meant to be. `None` for other messages and for names like none known.
pub fn unknown_name_hint(message: &str) -> Option<String> {
    let (kind, rest) = ["filter", "test", "function"].iter().find_map(|kind| {
        let rest = message.strip_prefix(&format!("Unknown {kind} `"))?;
        Some((*kind, rest))
    })?;
    let name = rest.strip_suffix('`')?;
    if let Some((_, _, advice)) = RENAMED.iter().find(|(k, n, _)| *k == kind && *n == name) {
        return Some((*advice).to_string());
    }
    if kind == "filter" && name == "slice" {
        return Some("Tera 2 takes a part of a list with brackets: items[:3]".to_string());
    }
    if GONE.contains(&(kind, name)) {
        return Some(format!(
            "\"{name}\" is a {kind} of Tera 1 or Zola, which Tera 2 and deputy-board do not have: each page's data is in its template context (docs/themes.md)"
        ));
    }
    let known = match kind {
        "filter" => FILTERS,
        "test" => TESTS,
        _ => FUNCTIONS,
    };
    did_you_mean(name, known.iter().copied()).map(|best| format!("did you mean \"{best}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_gets_the_name_it_was_meant_to_be() {
        for (message, hint) in [
            ("Unknown filter `uper`", "did you mean \"upper\"?"),
            ("Unknown filter `long_dat`", "did you mean \"long_date\"?"),
            ("Unknown test `definedd`", "did you mean \"defined\"?"),
            ("Unknown function `url_fr`", "did you mean \"url_for\"?"),
        ] {
            assert_eq!(
                unknown_name_hint(message).as_deref(),
                Some(hint),
                "{message}"
            );
        }
    }

    #[test]
    fn a_tera_1_or_zola_name_gets_what_to_write_instead() {
        let hint = unknown_name_hint("Unknown filter `date`").unwrap();
        assert!(hint.contains("long_date"), "{hint}");
        let hint = unknown_name_hint("Unknown function `trans`").unwrap();
        assert!(hint.contains("t(key="), "{hint}");
        // A name of another kind is not confused with it.
        assert_eq!(unknown_name_hint("Unknown test `date`"), None);
        let hint = unknown_name_hint("Unknown function `get_section`").unwrap();
        assert!(hint.contains("Tera 1 or Zola"), "{hint}");
        let hint = unknown_name_hint("Unknown filter `slice`").unwrap();
        assert!(hint.contains("items[:3]"), "{hint}");
    }

    #[test]
    fn other_messages_and_unlike_names_get_none() {
        assert_eq!(unknown_name_hint("Unknown filter `zzzzzzzz`"), None);
        assert_eq!(unknown_name_hint("Unknown component `uper`"), None);
        assert_eq!(unknown_name_hint("something else"), None);
    }
}
