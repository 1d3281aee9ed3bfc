//! `stations/SLUG/reception.ics`: a station's reception days as an iCalendar file, so
//! voters can subscribe to it in their phone's calendar.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};

use crate::content::{Content, Station};

/// Time zone of reception times (mainland China has one).
const TZID: &str = "Asia/Shanghai";

/// The definition of [`TZID`] that RFC 5545 requires beside times that name it: UTC+8
/// all year, since China has had no daylight saving time since 1991. It also keeps a
/// calendar with no reception days valid (a calendar needs one component).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n\
    DTSTART:19910915T020000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\n\
    END:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The iCalendar text of one station's reception days.
///
/// Output is deterministic (fixed UIDs and DTSTAMPs derived from the data), so an
/// unchanged station's file is byte-identical across builds and is not rewritten.
pub fn station_calendar(station: &Station, content: &Content, host: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(&station.matter.name).timezone(TZID);
    // Each event's UID is made of its day and start, which an added or removed day
    // elsewhere in the list does not change (a subscribed calendar then updates the
    // same events instead of duplicating them); the same day and start twice are told
    // apart by a count.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for day in &station.matter.reception {
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
        let times = day
            .time
            .as_ref()
            .and_then(|t| crate::content::clock::parse_time_range(&t.value));
        let start = times.map_or_else(
            || "day".to_string(),
            |(start, _)| start.format("%H%M").to_string(),
        );
        let mut id = format!("{}-{}-{start}", station.slug, day.date);
        let count = seen.entry(id.clone()).or_default();
        *count += 1;
        if *count > 1 {
            id = format!("{id}-{count}");
        }
        event
            .uid(&format!("{id}@{host}"))
            .summary(&summary)
            .timestamp(stamp(day.date.0));
        if let Some(address) = &station.matter.address {
            event.location(address);
        }
        match times {
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
    with_time_zone(&calendar.done().to_string())
}

/// `ics` with [`VTIMEZONE`] put in before its first component (or its end). The
/// `icalendar` crate writes only the `X-WR-TIMEZONE` name, and gives every component it
/// writes a DTSTAMP and UID, which a time zone must not have.
fn with_time_zone(ics: &str) -> String {
    // (Whole lines: a text property could end in the same words.)
    let at = ["\r\nBEGIN:VEVENT\r\n", "\r\nEND:VCALENDAR\r\n"]
        .iter()
        .find_map(|line| ics.find(line).map(|at| at + 2))
        .unwrap_or(ics.len());
    let mut out = String::with_capacity(ics.len() + VTIMEZONE.len());
    out.push_str(&ics[..at]);
    out.push_str(VTIMEZONE);
    out.push_str(&ics[at..]);
    out
}

/// A fixed DTSTAMP for an event: midnight UTC of its day, so output never depends on
/// the clock.
fn stamp(date: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}
