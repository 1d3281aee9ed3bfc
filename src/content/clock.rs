//! Times of day of reception days (`time: "09:00-11:00"`): read for the calendar
//! files, and checked for slips that would lose the time there.

use chrono::NaiveTime;

/// Parses `"09:00-11:00"` (also with `–`, `—`, `~`, `至`, `到`, full-width digits,
/// colons and hyphens, as a Chinese input method types them); `None` unless both are
/// times of day and the end comes after the start.
pub fn parse_time_range(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let text = half_width(text);
    let (a, b) = text.split_once(['-', '–', '—', '−', '~', '至', '到'])?;
    let (start, end) = (parse_time(a)?, parse_time(b)?);
    (start < end).then_some((start, end))
}

/// What is wrong with a reception day's time (see [`time_slip`]).
#[derive(Debug, PartialEq, Eq)]
pub enum TimeSlip {
    /// A clock time that does not exist, such as `25:00`: the text as written.
    Impossible(String),
    /// The end is not after the start.
    Reversed,
    /// Has digits, but is not a range of times (one time alone has no end): the
    /// calendar makes the event last all day.
    Unreadable,
}

/// What is wrong with `text` as a reception time: `None` for a range of times or words
/// without digits (`上午`, which the page shows as written).
pub fn time_slip(text: &str) -> Option<TimeSlip> {
    if parse_time_range(text).is_some() {
        return None;
    }
    // One time alone (`9:00`) gives the calendar no end.
    if parse_time(text).is_some() {
        return Some(TimeSlip::Unreadable);
    }
    let text = half_width(text);
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // `H:MM` in shape, with a number out of range.
    let shaped = |part: &str| {
        let (hours, minutes) = part.trim().split_once(':')?;
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        (digits(hours, 1..=2) && digits(minutes, 2..=2)).then(|| part.trim().to_string())
    };
    let parts: Vec<&str> = text.split(['-', '–', '—', '−', '~', '至', '到']).collect();
    if !parts.iter().all(|part| shaped(part).is_some()) || parts.len() > 2 {
        return Some(TimeSlip::Unreadable);
    }
    match parts.iter().find(|part| parse_time(part).is_none()) {
        Some(impossible) => Some(TimeSlip::Impossible(impossible.trim().to_string())),
        None => Some(TimeSlip::Reversed),
    }
}

/// Parses one time of day, `"09:00"` or `"9:00"` (full-width characters too).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(half_width(text).trim(), "%H:%M").ok()
}

/// `text` with full-width digits, colons, hyphens and tildes as their ASCII forms.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '：' | '－' | '～' => {
                // The full-width forms lie 0xFEE0 above the ASCII ones.
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '﹣' => '-',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_time_ranges() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_time_range("09:00-11:00"), Some((t(9, 0), t(11, 0))));
        assert_eq!(
            parse_time_range("14：30至16：00"),
            Some((t(14, 30), t(16, 0)))
        );
        assert_eq!(
            parse_time_range("０９：００－１１：００"),
            Some((t(9, 0), t(11, 0)))
        );
        assert_eq!(parse_time_range("9:00到11:30"), Some((t(9, 0), t(11, 30))));
        assert_eq!(parse_time_range("25:00-26:00"), None);
        assert_eq!(parse_time_range("上午"), None);
        assert_eq!(parse_time_range("11:00-09:00"), None);
    }

    #[test]
    fn tells_what_is_wrong_with_a_time() {
        for (text, slip) in [
            ("09:00-11:00", None),
            ("9：00", Some(TimeSlip::Unreadable)),
            ("09:00-", Some(TimeSlip::Unreadable)),
            ("09:00-09:00", Some(TimeSlip::Reversed)),
            ("上午", None),
            ("25:00-26:00", Some(TimeSlip::Impossible("25:00".into()))),
            ("09:61", Some(TimeSlip::Impossible("09:61".into()))),
            ("11:00-09:00", Some(TimeSlip::Reversed)),
            ("9点至11点", Some(TimeSlip::Unreadable)),
            ("0900", Some(TimeSlip::Unreadable)),
            ("上午9:00-11:00", Some(TimeSlip::Unreadable)),
        ] {
            assert_eq!(time_slip(text), slip, "{text}");
        }
    }
}
