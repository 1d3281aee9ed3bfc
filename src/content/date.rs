//! Calendar dates written `YYYY-MM-DD` in front matter.

use std::fmt;

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
    pub fn format_with(self, pattern: &str) -> String {
        pattern
            .replace("{y}", &self.0.year().to_string())
            .replace("{m}", &self.0.month().to_string())
            .replace("{d}", &self.0.day().to_string())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date \"{text}\": write dates as YYYY-MM-DD, for example 2024-01-15"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Date)
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
    }
}
