//! Calendar dates written `YYYY-MM-DD` in front matter.

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date; deserializes only from `YYYY-MM-DD` with a message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Day of the week, 0 = Monday.
    pub fn weekday_index(self) -> usize {
        self.0.weekday().num_days_from_monday() as usize
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The date written with `pattern`'s `{y}`, `{m}` and `{d}`, month and day without
    /// leading zeros (`{y}年{m}月{d}日` → 2026年6月5日).
    ///
    /// One pass over the pattern: templates call this for every date they show.
    pub fn format_with(self, pattern: &str) -> String {
        let mut out = String::with_capacity(pattern.len() + 8);
        let mut rest = pattern;
        while let Some(brace) = rest.find('{') {
            out.push_str(&rest[..brace]);
            rest = &rest[brace..];
            let value = match rest.get(..3) {
                Some("{y}") => self.0.year(),
                Some("{m}") => self.0.month() as i32,
                Some("{d}") => self.0.day() as i32,
                _ => {
                    out.push('{');
                    rest = &rest[1..];
                    continue;
                }
            };
            // Writing into a String cannot fail.
            let _ = write!(out, "{value}");
            rest = &rest[3..];
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As chrono's `%Y-%m-%d`, without parsing that pattern for every date.
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| {
            let problem = if is_shaped_like_a_date(&text) {
                format!(
                    "there is no day {}: check the month and the day",
                    text.trim()
                )
            } else {
                format!(
                    "invalid date \"{text}\": write dates as YYYY-MM-DD, for example 2024-01-15"
                )
            };
            serde::de::Error::custom(problem)
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether `text` is four, two and two digits joined by `-`, a date or not.
fn is_shaped_like_a_date(text: &str) -> bool {
    let bytes = text.trim().as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Parses a strict `YYYY-MM-DD` date: four, two and two ASCII digits.
pub fn parse(text: &str) -> Option<Date> {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    // The length is 10, so every range is inside `bytes`.
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).map(Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_full_dates() {
        assert!(parse("2024-01-15").is_some());
        assert!(parse("2024-1-15").is_none());
        assert!(parse("2024-02-30").is_none());
        assert!(parse("15.01.2024").is_none());
        assert!(parse("2024-13-01").is_none());
        assert!(parse("+999-01-01").is_none());
        assert!(parse("2024-0a-15").is_none());
        assert_eq!(parse(" 2024-01-15\n"), parse("2024-01-15"));
    }

    #[test]
    fn writes_dates_as_written_and_with_a_pattern() {
        let date = parse("2026-06-05").unwrap();
        assert_eq!(date.to_string(), "2026-06-05");
        assert_eq!(parse("0999-12-31").unwrap().to_string(), "0999-12-31");
        assert_eq!(date.format_with("{y}年{m}月{d}日"), "2026年6月5日");
        assert_eq!(date.format_with("{d}/{m} {y} {x} {"), "5/6 2026 {x} {");
        assert_eq!(date.format_with("{m}{m}"), "66");
    }
}
