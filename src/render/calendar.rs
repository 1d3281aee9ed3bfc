//! `stations/SLUG/reception.ics`: a station's reception days as an iCalendar file, so
//! voters can subscribe to it in their phone's calendar.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};

use crate::content::{Content, Station};

/// Time zone of reception times (mainland China has one).
const TZID: &str = "Asia/Shanghai";

/// The iCalendar text of one station's reception days.
///
/// Output is deterministic (fixed UIDs and DTSTAMPs derived from the data), so an
/// unchanged station's file is byte-identical across builds and is not rewritten.
pub fn station_calendar(station: &Station, content: &Content, host: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(&station.matter.name).timezone(TZID);
    for (i, day) in station.matter.reception.iter().enumerate() {
        let mut event = icalendar::Event::new();
        let names: Vec<&str> = day
            .deputies
            .iter()
            .filter_map(|d| content.deputy_index.get(&d.value))
            .map(|&d| content.deputies[d].matter.name.as_str())
            .collect();
        let summary = if names.is_empty() {
            format!("{} 接待日", station.matter.name)
        } else {
            format!("{} 接待日：{}", station.matter.name, names.join("、"))
        };
        event
            .uid(&format!("{}-{}-{}@{}", station.slug, day.date, i, host))
            .summary(&summary)
            .timestamp(stamp(day.date.0));
        if let Some(address) = &station.matter.address {
            event.location(address);
        }
        match day.time.as_deref().and_then(parse_time_range) {
            Some((start, end)) => {
                let at = |t: NaiveTime| CalendarDateTime::WithTimezone {
                    date_time: day.date.0.and_time(t),
                    tzid: TZID.to_string(),
                };
                event.starts(at(start)).ends(at(end));
            }
            // A whole day: DTEND is exclusive and must come after DTSTART (RFC 5545), so
            // it is the next day.
            None => match day.date.0.succ_opt() {
                Some(next) => {
                    event.starts(day.date.0).ends(next);
                }
                None => {
                    event.starts(day.date.0);
                }
            },
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// A fixed DTSTAMP for an event: midnight UTC of its day, so output never depends on
/// the clock.
fn stamp(date: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// Parses `"09:00-11:00"` (also with `–`, `—`, `~`, `至` and full-width colons).
pub fn parse_time_range(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let text = text.replace('：', ":");
    let (a, b) = text.split_once(['-', '–', '—', '~', '～', '至'])?;
    let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    let (start, end) = (parse(a)?, parse(b)?);
    (start < end).then_some((start, end))
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
        assert_eq!(parse_time_range("上午"), None);
        assert_eq!(parse_time_range("11:00-09:00"), None);
    }
}
