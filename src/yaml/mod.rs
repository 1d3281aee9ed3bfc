//! The one place that knows which YAML crate parses front matter and `site.yaml`.
//!
//! serde-saphyr replaces the deprecated serde_yaml. Its errors carry a line and column
//! relative to the text it was given; [`parse`] shifts them by the line where the YAML
//! starts in the file, so messages point at the file the user has open.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::DuplicateKeyPolicy;

use crate::diagnostics::Diagnostic;

mod fields;
mod lines;
mod messages;
mod private;
mod recover;
mod search;

/// A value with the position of its YAML node in the file (1-based line and column).
pub type Spanned<T> = serde_saphyr::Spanned<T>;

pub use fields::field_names;
pub use lines::{DASH_LINE_HINT, is_dash_line, is_private_key, starts_with_key};
pub use private::Private;

/// The 1-based (line, column) of a spanned value, shifted to file coordinates.
pub fn position<T>(value: &Spanned<T>, line_offset: usize) -> (usize, usize) {
    let location = value.referenced;
    (
        location.line() as usize + line_offset,
        location.column() as usize,
    )
}

/// Parses `text` (which starts at line `line_offset + 1` of `path`) into `T`.
///
/// Unknown keys become an error with a "did you mean" hint; every other problem keeps the
/// parser's own message without its source snippet. When the text has a problem, the
/// others are looked for too (see [`search`]), so one run lists them all; a syntax
/// error ends the search, since what follows it cannot be read reliably.
///
/// Anchors (`&name`) and aliases (`*name`) are refused: an alias of a value under
/// `private:` would copy it into a public field, where nothing marks it as private.
/// Content files have no use for them, and the parser's other limits (nesting depth,
/// number of nodes) stay as they are.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    parse_checked(text, path, line_offset).map_err(|(problems, _)| problems)
}

/// What a text with problems says once the blocks that hold them are left out.
#[derive(Debug)]
pub struct Rest<T> {
    /// The text read without those blocks.
    pub value: T,
    /// The top-level fields those blocks held (for a misspelled key, the field it was
    /// meant to be), and the required ones the text lacks: what `value` lacks, or holds
    /// only a stand-in for (`"-"`, `[]`, `2000-01-01`, a first allowed value), because of
    /// an error. Checks of these fields must be skipped.
    pub blanked: Vec<String>,
    /// Whether a blanked block's key matches no field (`网址: …`, `hidden: true`): then
    /// what `value` lacks is not known, and it may be anything.
    pub blanked_unknown: bool,
}

/// [`parse`] for front matter, which on problems also returns the rest of the text (see
/// [`Rest`]), when it reads. Checks across files use it, so a file's wrong reference is
/// reported in the same run as its YAML slips and its missing keys.
///
/// The text is read first without the parser's check for a key written twice, which
/// hashes every key of every block (≈ 3.5 % of a build). Nothing is lost: every block of
/// `T` must refuse a repeated key itself, as derived structs do and as [`Private`] does
/// for `private:` blocks, and a text that does
/// not read is read again with the check, so its problems are exactly what [`parse`]
/// finds.
pub fn parse_with_rest<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, (Vec<Diagnostic>, Option<Rest<T>>)> {
    match parse_unchecked(readable(text)) {
        Ok(value) => Ok(value),
        Err(_) => parse_checked(text, path, line_offset),
    }
}

/// [`parse_with_rest`] with the parser's duplicate-key check on from the start, for a
/// `T` that holds a map of its own (`site.yaml`'s `levels`), which would otherwise keep
/// the last of two equal keys without a word.
pub fn parse_checked<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: usize,
) -> Result<T, (Vec<Diagnostic>, Option<Rest<T>>)> {
    parse_once(readable(text))
        .map_err(|first| search::every_problem::<T>(text, first, path, line_offset))
}

/// `text`, or an empty mapping when it holds nothing but comments: the search then
/// names the missing keys, where the parser would call it an unexpected end of input.
fn readable(text: &str) -> &str {
    if all_blank(text.lines()) { "{}" } else { text }
}

/// The key a "missing required key" problem names, if `problem` is one.
pub fn missing_key(problem: &Diagnostic) -> Option<&str> {
    let quoted = problem.message.strip_prefix(messages::MISSING_KEY)?;
    quoted.strip_prefix('"')?.strip_suffix('"')
}

/// Whether `key` is written like a field name (`contact`, `news_per_page`): a lowercase
/// ASCII letter, then letters, digits and underscores.
pub fn is_field_name(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `lines` hold nothing but blanks and comments.
fn all_blank<'a>(mut lines: impl Iterator<Item = &'a str>) -> bool {
    lines.all(|line| {
        let line = line.trim_start();
        line.is_empty() || line.starts_with('#')
    })
}

/// At most this many problems are listed for one text: past that, fixing the first ones
/// comes first.
const MAX_PROBLEMS: usize = 20;

fn parse_once<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<T>(text, options(DuplicateKeyPolicy::Error))
}

/// [`parse_once`] without the parser's duplicate-key check (see [`parse_with_rest`]).
fn parse_unchecked<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let options = options(DuplicateKeyPolicy::PassThrough);
    private::unchecked(|| serde_saphyr::from_str_with_options::<T>(text, options))
}

/// The parser's options, the same for both reads but the duplicate-key check.
///
/// - No anchors or aliases (see [`parse`]).
/// - `<<` is an ordinary key, not a merge (which the check would need, and which has
///   nothing to merge without anchors): in a struct it is an unknown key.
/// - `.inf` and `.nan` are read as text where any value may stand (a `private:` block,
///   which keeps nothing); where a number belongs they are that number, which the
///   checks of such a field refuse (`geo` must be a place on the globe).
fn options(duplicate_keys: DuplicateKeyPolicy) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_anchors: 0,
            max_aliases: 0,
        },
        duplicate_keys: duplicate_keys,
        merge_keys: serde_saphyr::MergeKeyPolicy::AsOrdinary,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
    }
}

#[cfg(test)]
mod tests {
    use super::messages::colon_hint;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        phone: Option<String>,
        count: Option<u32>,
        tags: Option<Vec<Spanned<String>>>,
    }

    /// The one problem `text` has.
    fn only_problem(text: &str) -> Diagnostic {
        let mut problems = parse::<Sample>(text, Path::new("x.md"), 1).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.remove(0)
    }

    /// Every problem of `text` read as `T`, as `line:col message`.
    fn problems_as<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Vec<String> {
        parse::<T>(text, Path::new("x.md"), 1)
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    /// Every problem of `text` read as a [`Sample`].
    fn problems(text: &str) -> Vec<String> {
        problems_as::<Sample>(text)
    }

    #[test]
    fn unknown_key_names_file_line_and_suggestion() {
        let d = only_problem("name: a\nphnoe: 1\n");
        eprintln!("{d}");
        assert_eq!(d.line, 3);
        assert_eq!(d.message, "unknown key \"phnoe\"");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"phone\"?"));
    }

    #[test]
    fn every_unknown_top_level_key_is_named() {
        let d = only_problem("name: a\nphnoe: 1\ncuont: 2\ncolour: x\n");
        assert_eq!(d.line, 3);
        assert_eq!(
            d.message,
            "unknown keys \"phnoe\" (line 3), \"cuont\" (line 4), \"colour\" (line 5)"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean \"phone\" for \"phnoe\", \"count\" for \"cuont\"?")
        );
    }

    #[test]
    fn missing_key_and_type_errors() {
        let d = only_problem("phone: x\n");
        eprintln!("{d}");
        assert!(d.message.contains("name"));
        let d = only_problem("name: a\ncount: many\n");
        eprintln!("{d}");
        assert_eq!(d.line, 3);
        let d = only_problem("name: [a\n");
        eprintln!("{d}");
    }

    #[test]
    fn colon_slips_get_their_own_hint() {
        let d = only_problem("name: a\nphone：1\n");
        assert!(
            d.hint.as_deref().unwrap().contains("full-width colon"),
            "{d}"
        );
        let d = only_problem("name:赵一\n");
        assert!(
            d.hint.as_deref().unwrap().contains("space after the colon"),
            "{d}"
        );
        assert_eq!(colon_hint("url: https://a.org/"), None);
        assert_eq!(colon_hint("https://example.org/zhao"), None);
        assert!(colon_hint("  - year:2025").is_some());
        assert_eq!(colon_hint("  - 代表：发言"), None);
    }

    #[test]
    fn every_problem_of_a_text_is_listed() {
        // A wrong type, an unknown key, and two bad list items: each list item is
        // blanked on its own, so the second is found too; the blanked top-level
        // `name` is not reported as missing.
        assert_eq!(
            problems("name: [a]\nphnoe: 1\ncount: -1\ntags:\n  - x\n  - [y]\n  - z\n  - {a: b}\n"),
            [
                "2:7 expected a single value here",
                "3:1 unknown key \"phnoe\"",
                "4:8 expected a whole number here",
                "7:5 expected a single value here",
                "9:5 expected a single value here",
            ]
        );
    }

    #[test]
    fn a_missing_key_is_reported_at_the_start_and_last() {
        assert_eq!(
            problems("count: x\nphone: [1]\n"),
            [
                "2:8 expected a whole number here",
                "3:8 expected a single value here",
                "2:1 missing required key \"name\"",
            ]
        );
    }

    #[test]
    fn a_colon_slip_does_not_end_the_search() {
        assert_eq!(
            problems("name: a\nphone：1\ncount: x\n"),
            [
                "3:1 the key on this line is not followed by an ASCII colon and a space",
                "4:8 expected a whole number here",
            ]
        );
        // A required key written with a slip is not reported again as missing.
        assert_eq!(
            problems("name：a\ncount: x\n"),
            [
                "2:1 the key on this line is not followed by an ASCII colon and a space",
                "3:8 expected a whole number here",
            ]
        );
    }

    #[test]
    fn a_list_where_one_text_belongs_is_one_problem() {
        assert_eq!(
            problems("name: a\nphone:\n  - 1\n  - 2\n  - 3\ncount: x\n"),
            [
                "4:3 expected a single value here",
                "7:8 expected a whole number here"
            ]
        );
    }

    #[test]
    fn a_misspelled_required_key_is_not_also_missing() {
        assert_eq!(
            problems("nmae: a\ncount: x\n"),
            [
                "2:1 unknown key \"nmae\"",
                "3:8 expected a whole number here"
            ]
        );
    }

    /// A text with several required keys of different kinds.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        title: String,
        kind: Kind,
        levels: Vec<String>,
        date: crate::content::date::Date,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Home,
        Kiosk,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        year: u32,
        count: Option<u32>,
    }

    fn strict_problems(text: &str) -> Vec<String> {
        problems_as::<Strict>(text)
    }

    #[test]
    fn every_missing_key_is_named_in_one_run() {
        assert_eq!(
            strict_problems("items:\n  - year: 2025\n    count: 3\n"),
            [
                "2:1 missing required key \"title\"",
                "2:1 missing required key \"kind\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
        let kind = parse::<Strict>("title: a\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(
            kind[0].hint.as_deref(),
            Some("add a line \"kind: ...\" with one of: home, kiosk")
        );
        assert_eq!(
            strict_problems("# to be written\n"),
            [
                "2:1 missing required key \"title\"",
                "2:1 missing required key \"kind\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
        // With other problems before them, and a blanked key not named again.
        assert_eq!(
            strict_problems("title: [a]\nkind: home\nitems:\n  - count: 1\n"),
            [
                "2:8 expected a single value here",
                "5:5 missing required key \"year\"",
                "2:1 missing required key \"levels\"",
                "2:1 missing required key \"date\"",
            ]
        );
    }

    #[test]
    fn a_syntax_error_ends_the_search() {
        // After a syntax error the rest cannot be read reliably: `count: x` below it
        // is not reported.
        assert_eq!(
            problems("phone: [1]\ntags: [a, b\nname: a\ncount: x\n"),
            [
                "2:8 expected a single value here",
                "3:7 this list is opened with \"[\" and never closed",
            ]
        );
    }

    #[test]
    fn spans_are_shifted() {
        let s: Sample = parse("name: a\ntags:\n  - x\n  - y\n", Path::new("x.md"), 1).unwrap();
        let tags = s.tags.unwrap();
        assert_eq!(position(&tags[1], 1), (5, 5));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct WithPrivate {
        name: String,
        contact: Option<Contact>,
        private: Option<Private>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Contact {
        phone: Option<String>,
    }

    /// Every problem of `text` as front matter, read as content files are.
    fn front_matter_problems(text: &str) -> Vec<String> {
        parse_with_rest::<WithPrivate>(text, Path::new("x.md"), 1)
            .unwrap_err()
            .0
            .into_iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn a_key_written_twice_is_found_where_the_check_is_skipped_first() {
        let twice = "the key \"name\" appears twice in the same block";
        assert_eq!(
            front_matter_problems("name: a\nname: b\n"),
            [format!("3:1 {twice}")]
        );
        let nested = "this key appears twice in the same block";
        assert_eq!(
            front_matter_problems("name: a\ncontact:\n  phone: 1\n  phone: 2\n"),
            [format!("5:3 {nested}")]
        );
        for private in [
            "private:\n  电话: 1\n  电话: 2\n",
            "private:\n  - a: 1\n    a: 2\n",
            "private: {a: 1, a: 2}\n",
            "private:\n  16: x\n  0x10: y\n",
            "private:\n  notes:\n    old: 1\n    old: 2\n",
            "private:\n  \"16\": x\n  !!str 16: y\n",
            "private:\n  16: x\n  0X10: y\n",
            "private:\n  1.0: x\n  \"1.0\": y\n",
            "private:\n  yes: x\n  \"yes\": y\n",
            "private:\n  mobile: x\n  \"mobile\": y\n",
            "private:\n  ? [a, b]\n  : 1\n  ? [a, b]\n  : 2\n",
        ] {
            let problems = front_matter_problems(&format!("name: a\n{private}"));
            assert_eq!(problems.len(), 1, "{private}: {problems:?}");
            assert!(problems[0].ends_with(nested), "{private}: {problems:?}");
        }
    }

    #[test]
    fn private_blocks_of_any_shape_read_to_nothing() {
        for private in [
            "private:\n  电话: 1\n  手机: 2\n",
            "private: [1, 2, {a: b}]\n",
            "private: ~\n",
            "private:\n  a16: x\n  b16: y\n  true: z\n",
            "private:\n  ? [a, b]\n  : 1\n  ? [c]\n  : 2\n",
        ] {
            let text = format!("name: a\n{private}");
            let read = parse_with_rest::<WithPrivate>(&text, Path::new("x.md"), 1);
            assert!(read.is_ok(), "{private}: {:?}", read.err().map(|e| e.0));
        }
        // Keys this reader takes for a possible repeat, which the parser does not: the
        // first read fails, the second decides.
        for private in [
            "private:\n  ~: 1\n  \"\": 2\n",
            "private:\n  a: 1\n  !x a: 2\n",
            "private:\n  16: x\n  \"16\": y\n",
            "private:\n  1.0: x\n  yes: y\n",
        ] {
            let text = format!("name: a\n{private}");
            assert!(parse_unchecked::<WithPrivate>(&text).is_err(), "{private}");
            let read = parse_with_rest::<WithPrivate>(&text, Path::new("x.md"), 1);
            assert!(read.is_ok(), "{private}: {:?}", read.err().map(|e| e.0));
        }
    }

    #[test]
    fn a_merge_key_is_an_ordinary_key_in_both_reads() {
        // Nothing can be merged without anchors: at the top level `<<` is a typo; under
        // `private:` it is kept as nothing, also beside an error elsewhere.
        assert_eq!(
            front_matter_problems("<<: {name: a}\nname: b\n"),
            ["2:1 unknown key \"<<\""]
        );
        assert!(
            parse_with_rest::<WithPrivate>("name: a\nprivate:\n  <<: x\n", Path::new("x.md"), 1)
                .is_ok()
        );
        assert_eq!(
            front_matter_problems(
                "name: a\nprivate:\n  <<: x\n  temp: .inf\ncontact:\n  phone: [1]\n"
            ),
            ["7:10 expected a single value here"]
        );
    }
}
