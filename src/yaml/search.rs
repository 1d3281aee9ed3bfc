//! The search for every problem of a text, past the first one the parser reports.
//!
//! The parser stops at its first error. The search blanks the block that holds it (see
//! [`recover`]) and parses again, until the text parses, the error is one blanking
//! cannot get past (a syntax error: what follows cannot be read reliably), or it
//! repeats. Missing top-level keys, which the parser names one at a time once every
//! value read well, each get a stand-in line so the next one is named too.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::messages::{colon_hint, other_unknown_keys, to_diagnostic};
use super::{MAX_PROBLEMS, Rest, all_blank, lines, parse_once, recover};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// The problems of `text`, starting with the parser's `first` error: the block that holds
/// each error is blanked (kept as empty lines, so positions stay right) and the text
/// parsed again, until it parses, the error is one blanking cannot get past, or it
/// repeats. A missing top-level key gets a stand-in value, so the next one is found too.
/// Also returns what the text parsed to at the end, if it did (see [`Rest`]).
pub(super) fn every_problem<T: DeserializeOwned>(
    text: &str,
    first: serde_saphyr::Error,
    path: &Path,
    line_offset: usize,
) -> (Vec<Diagnostic>, Option<Rest<T>>) {
    let all_lines: Vec<&str> = text.lines().collect();
    if is_flow_mapping(text)
        || lines::open_flows(&all_lines).iter().any(Option::is_some)
        || !lines::private_is_plain(&all_lines)
    {
        // `{title: …, date: …}` on one line or several, a `{…}` or `[…]` over several
        // lines anywhere, or a private block not written line by line: blanking works
        // on lines and indentation, which such a text does not keep to.
        return (vec![to_diagnostic(&first, text, path, line_offset)], None);
    }
    let mut search = Search {
        lines: text.lines().collect(),
        current: text.to_string(),
        stand_ins: Vec::new(),
        blanked_keys: Vec::new(),
        blanked_unknown: false,
        entries: Vec::new(),
        fields: None,
        problems: Vec::new(),
        path,
        line_offset,
    };
    let mut error = first;
    let rest = loop {
        let step = match error.without_snippet() {
            serde_saphyr::Error::SerdeMissingField { field, location }
                if location.column() <= 1 =>
            {
                search.missing_key::<T>(&error, field)
            }
            _ => search.blank_and_parse(&error),
        };
        match step {
            Step::Next(next) => error = next,
            Step::Done(rest) => break rest,
        }
    };
    (search.problems, rest)
}

/// The state of one search.
struct Search<'a> {
    /// The text's lines, the blanked ones empty.
    lines: Vec<&'a str>,
    /// The text last parsed: `lines` and `stand_ins`.
    current: String,
    /// `key: value` lines appended below the text for missing top-level keys, so the
    /// parse gets past one and names the next (see [`stand_in`]).
    stand_ins: Vec<String>,
    /// The fields whose values were blanked.
    blanked_keys: Vec<String>,
    /// Whether an entry was blanked whose key matches no field (then what the rest
    /// lacks is unknown).
    blanked_unknown: bool,
    /// The entries of nested blocks blanked alone, with their keys (see
    /// [`Held::Entry`]).
    entries: Vec<(std::ops::Range<usize>, String)>,
    /// The top-level fields of the parsed type, found when first needed.
    fields: Option<Vec<&'static str>>,
    /// The problems found so far.
    problems: Vec<Diagnostic>,
    path: &'a Path,
    line_offset: usize,
}

/// What the search does after one error.
enum Step<T> {
    /// Goes on with the next error.
    Next(serde_saphyr::Error),
    /// Stops, with the rest of the text when it parsed.
    Done(Option<Rest<T>>),
}

impl Search<'_> {
    /// Records `problem`; false when it was already recorded or the list is
    /// full, which ends the search.
    fn record(&mut self, problem: Diagnostic) -> bool {
        if self.problems.contains(&problem) || self.problems.len() == MAX_PROBLEMS {
            return false;
        }
        self.problems.push(problem);
        true
    }

    /// The parser names a missing top-level key only once every value read well, and
    /// one key at a time: name it unless this search blanked it, then stand in for it
    /// to find the next.
    fn missing_key<T: DeserializeOwned>(
        &mut self,
        error: &serde_saphyr::Error,
        field: &str,
    ) -> Step<T> {
        if self.problems.len() == MAX_PROBLEMS {
            return Step::Done(None);
        }
        let (outcome, allowed) = stand_in::<T>(&self.lines, &mut self.stand_ins, field);
        if !self.blanked_keys.iter().any(|key| key == field) {
            let mut problem = to_diagnostic(error, &self.current, self.path, self.line_offset);
            if let Some(allowed) = allowed {
                problem = problem.with_hint(format!(
                    "add a line \"{field}: ...\" with one of: {}",
                    allowed.join(", ")
                ));
            }
            if !self.record(problem) {
                return Step::Done(None);
            }
        }
        match outcome {
            StandIn::Next(next) => Step::Next(next),
            StandIn::Parses(value) => Step::Done(Some(self.rest(value))),
            StandIn::NoFit => Step::Done(None),
        }
    }

    /// Records `error`, blanks the block that holds it and parses again.
    fn blank_and_parse<T: DeserializeOwned>(&mut self, error: &serde_saphyr::Error) -> Step<T> {
        let blocks = blocks_to_blank(error.without_snippet(), &self.current, &self.lines);
        // A key missing from a block that lost its entry to an earlier error (`year:
        // 20x4`, or misspelled `yaer: 2024`) is not a problem of its own.
        let explained = match error.without_snippet() {
            serde_saphyr::Error::SerdeMissingField { field, .. } => {
                blocks.iter().any(|(range, _)| {
                    // (Only while the blank still takes something away, so the search
                    // ends.)
                    self.lines[range.clone()]
                        .iter()
                        .any(|line| !line.is_empty())
                        && self.entries.iter().any(|(lines, key)| {
                            range.start <= lines.start
                                && lines.end <= range.end
                                && (key == field || did_you_mean(key, [*field]).is_some())
                        })
                })
            }
            _ => false,
        };
        if !explained {
            let problem = to_diagnostic(error, &self.current, self.path, self.line_offset);
            if !self.record(problem) {
                return Step::Done(None);
            }
        }
        if blocks.is_empty() {
            return Step::Done(None);
        }
        for (range, held) in blocks {
            let first = self.lines[range.start];
            self.lines[range.clone()].fill("");
            let field = match held {
                Held::Nothing => continue,
                Held::Entry(entry) => {
                    // (The dash of an item, which keeps its other keys an item.)
                    self.lines[range.start] = &first[..entry.keep];
                    self.entries.push((range, entry.key));
                    continue;
                }
                Held::Field(field) => field,
                Held::Written(key) => {
                    field_meant(&key, self.fields.get_or_insert_with(field_names::<T>))
                }
            };
            match field {
                Some(field) => self.blanked_keys.push(field),
                None => self.blanked_unknown = true,
            }
        }
        self.current = joined(&self.lines, &self.stand_ins);
        match parse_once::<T>(&self.current) {
            Ok(value) => Step::Done(Some(self.rest(value))),
            Err(next) => Step::Next(next),
        }
    }

    /// What the text parsed to: it lacks the blanked fields, and holds only a stand-in
    /// for the missing ones.
    fn rest<T>(&mut self, value: T) -> Rest<T> {
        let mut blanked = std::mem::take(&mut self.blanked_keys);
        for line in &self.stand_ins {
            // (Every stand-in line is written as "key: value" by `stand_in`.)
            if let Some((key, _)) = line.split_once(':')
                && !blanked.iter().any(|field| field == key)
            {
                blanked.push(key.to_string());
            }
        }
        Rest {
            value,
            blanked,
            blanked_unknown: self.blanked_unknown,
        }
    }
}

/// What a blanked block held, for the rest of the text.
enum Held {
    /// Nothing the rest lacks: a list item, or the repeat of a key that stands above.
    Nothing,
    /// One entry of a nested block, whose block the rest still holds. When that leaves
    /// the block without the key it was meant to be, the whole block is blanked in
    /// turn, without a problem of its own (see [`Search::blank_and_parse`]).
    Entry(recover::Entry),
    /// A top-level entry whose key was matched against the fields already: the field
    /// it stands for (`nmae` → `name`), or none.
    Field(Option<String>),
    /// A top-level entry, by its key as written (see [`field_meant`]).
    Written(String),
}

/// The top-level field names of `T`, from the parser's message about a key that is not
/// one of them (read only when a text has errors).
fn field_names<T: DeserializeOwned>() -> Vec<&'static str> {
    match parse_once::<T>("deputy-board-probe-not-a-field: 0") {
        Err(error) => match error.without_snippet() {
            serde_saphyr::Error::SerdeUnknownField { expected, .. } => expected.clone(),
            _ => Vec::new(),
        },
        Ok(_) => Vec::new(),
    }
}

/// The field a top-level key written as `written` stands for: itself, or the field it
/// is close to in other letter case or with a slip (`Slug`, `PHOTO`, `nmae`).
fn field_meant(written: &str, fields: &[&'static str]) -> Option<String> {
    if fields.contains(&written) {
        return Some(written.to_string());
    }
    did_you_mean(&written.to_lowercase(), fields.iter().copied()).map(str::to_string)
}

/// `lines` and the `stand_ins` below them as one text; an empty mapping when there is
/// nothing but blank lines (an empty text is not a mapping).
fn joined(lines: &[&str], stand_ins: &[String]) -> String {
    if stand_ins.is_empty() && all_blank(lines.iter().copied()) {
        return "{}".to_string();
    }
    let mut text = lines.join("\n");
    for line in stand_ins {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// What parsing with a stand-in for a missing key gave.
enum StandIn<T> {
    /// The text parses, to this.
    Parses(T),
    /// The parse got past the key and stopped at this error.
    Next(serde_saphyr::Error),
    /// No stand-in value fits the key.
    NoFit,
}

/// Appends to `stand_ins` a line that gives the missing top-level `key` a value the
/// parser accepts, and returns how the text parses with it, and the values `key` allows
/// when it takes one of a fixed set. The values tried fit every required key the content
/// model has: a text, a list, a date, or the first value of a fixed set.
fn stand_in<T: DeserializeOwned>(
    lines: &[&str],
    stand_ins: &mut Vec<String>,
    key: &str,
) -> (StandIn<T>, Option<Vec<String>>) {
    // (A name or title must not be blank: the text stand-in is not.)
    let mut values: Vec<String> = vec!["\"-\"".into(), "[]".into(), "2000-01-01".into()];
    let mut allowed: Option<Vec<String>> = None;
    let mut tried = 0;
    while let Some(value) = values.get(tried).cloned() {
        tried += 1;
        stand_ins.push(format!("{key}: {value}"));
        let text = joined(lines, stand_ins);
        let error = match parse_once::<T>(&text) {
            Ok(value) => return (StandIn::Parses(value), allowed),
            Err(error) => error,
        };
        let error_now = error.without_snippet();
        let got_past = match error_now {
            // Reported at the last key read, which may be a stand-in.
            serde_saphyr::Error::SerdeMissingField { field, .. } => *field != key,
            _ => error_now
                .location()
                .is_some_and(|l| l.line() as usize <= lines.len()),
        };
        if got_past {
            return (StandIn::Next(error), allowed);
        }
        if let serde_saphyr::Error::SerdeUnknownVariant { expected, .. } = error_now
            && let Some(first) = expected.first()
            && allowed.is_none()
        {
            values.push((*first).to_string());
            allowed = Some(expected.iter().map(|value| (*value).to_string()).collect());
        }
        stand_ins.pop();
    }
    (StandIn::NoFit, allowed)
}

/// The blocks of `lines` (the lines of `text`) to blank so that a new parse gets past
/// `error`, each with the top-level key it removes; empty when the error is not one a
/// blank gets past (syntax errors and size limits).
fn blocks_to_blank(
    error: &serde_saphyr::Error,
    text: &str,
    lines: &[&str],
) -> Vec<(std::ops::Range<usize>, Held)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach;
    let Some(location) = error.location().filter(|l| l.line() > 0) else {
        return Vec::new();
    };
    let line = location.line() as usize - 1;
    match error {
        E::SerdeUnknownField {
            field, expected, ..
        } if location.column() == 1 => {
            // Every unknown top-level key is named in one message: blank them all. A key
            // that is a misspelling of a required one (`nmae`) must not make that one
            // read as missing too.
            let mut keys = vec![(field.to_string(), line)];
            keys.extend(
                other_unknown_keys(text, field, expected, 0)
                    .into_iter()
                    .map(|(key, line)| (key, line - 1)),
            );
            keys.into_iter()
                .flat_map(|(key, line)| {
                    let field = field_meant(&key, expected);
                    recover::entries_at(lines, &[line])
                        .into_iter()
                        .map(move |range| (range, Held::Field(field.clone())))
                })
                .collect()
        }
        _ => {
            let blankable = match error {
                E::Budget {
                    breach: BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. },
                    ..
                }
                | E::Message { .. }
                | E::Unexpected { .. }
                | E::InvalidScalar { .. }
                | E::NullIntoString { .. }
                | E::InvalidBooleanStrict { .. }
                | E::SerdeInvalidType { .. }
                | E::SerdeInvalidValue { .. }
                | E::SerdeInvalidLength { .. }
                | E::SerdeUnknownVariant { .. }
                | E::SerdeVariantId { .. }
                | E::SerdeUnknownField { .. }
                | E::DuplicateMappingKey { .. }
                | E::UnknownAnchor { .. }
                // (Only a key missing from a nested block comes here, reported at a key
                // of that block; a top-level one gets a stand-in instead.)
                | E::SerdeMissingField { .. } => true,
                // A colon slip is a syntax error the line itself explains: the lines
                // after it read as they should once it is blanked. So is anything the
                // parser cannot read under `private:` (a `!!timestamp`), since the
                // private block, written line by line here, is read as nothing anyway.
                _ => {
                    lines.get(line).copied().and_then(colon_hint).is_some()
                        || lines::under_private(
                            lines,
                            &lines::open_flows(lines),
                            line,
                            location.column() as usize,
                        )
                }
            };
            if !blankable {
                return Vec::new();
            }
            // A wrong value or key inside a nested block: blank that entry alone, so the
            // rest of the block is still read. (A key missing from a nested block is
            // reported at another key of it, so its whole block is blanked; so is a
            // block where one value belongs, reported at its first key.)
            let about_key = matches!(
                error,
                E::SerdeUnknownField { .. } | E::DuplicateMappingKey { .. }
            );
            let at_block = lines
                .get(line)
                .and_then(|text| recover::key_column(text))
                .is_some_and(|key| location.column() as usize <= key);
            let whole_block = matches!(error, E::SerdeMissingField { .. } | E::Budget { .. });
            // A list where a mapping or one value belongs, reported at its first dash:
            // blank the entry whose value it is (the whole list at once).
            if !whole_block
                && let Some(entry) = recover::list_value_at(lines, line, location.column() as usize)
            {
                return vec![(entry.lines.clone(), Held::Entry(entry))];
            }
            if !whole_block
                && (about_key || !at_block)
                && let Some(entry) = recover::nested_entry_at(lines, line)
            {
                return vec![(entry.lines.clone(), Held::Entry(entry))];
            }
            let Some((range, key)) = recover::block_at(lines, line, location.column() as usize)
            else {
                return Vec::new();
            };
            let held = match key {
                // The first of two equal keys still stands: the rest lacks nothing.
                Some(_) if matches!(error, E::DuplicateMappingKey { .. }) => Held::Nothing,
                Some(written) => Held::Written(written),
                None => Held::Nothing,
            };
            vec![(range, held)]
        }
    }
}

/// Whether `text` is written as one flow mapping (`{title: …, date: …}`) rather than
/// as `key: value` lines.
fn is_flow_mapping(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.starts_with('{'))
}
