//! The front matter of each kind of content file, exactly as SPEC §4 defines it.
//!
//! Every struct denies unknown keys, so a typo is an error instead of silently dropped
//! data. `private:` blocks are accepted and thrown away while parsing
//! ([`Private`]): no struct can hold private data, so no renderer can leak it.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use super::date::Date;
use crate::yaml::{Private, Spanned};

/// `content/deputies/SLUG.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeputyMatter {
    /// Full name, e.g. 张晓红.
    #[serde(deserialize_with = "non_blank")]
    pub name: String,
    /// Overrides the slug derived from the file name.
    pub slug: Option<Spanned<String>>,
    /// 男 / 女.
    #[serde(default, deserialize_with = "one_line")]
    pub gender: Option<String>,
    /// e.g. 汉族.
    #[serde(default, deserialize_with = "one_line")]
    pub ethnicity: Option<String>,
    /// e.g. 中共党员.
    #[serde(default, deserialize_with = "one_line")]
    pub party: Option<String>,
    /// Photo path under `static/`.
    pub photo: Option<Spanned<String>>,
    /// Keys of `site.yaml` `levels`; required and non-empty.
    pub levels: Spanned<Vec<Spanned<String>>>,
    /// Electoral district (选区).
    #[serde(default, deserialize_with = "one_line")]
    pub constituency: Option<String>,
    /// Town or subdistrict.
    #[serde(default, deserialize_with = "one_line")]
    pub town: Option<String>,
    /// Slug of the deputy's station.
    pub station: Spanned<String>,
    /// Professional deputy groups (专业代表小组).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Occupation and position.
    #[serde(default, deserialize_with = "one_line")]
    pub occupation: Option<String>,
    /// Public contact channels.
    #[serde(default)]
    pub contact: Contact,
    /// Office-only data: parsed to nothing.
    #[serde(default)]
    pub private: Option<Private>,
    /// Performance record (履职档案), one entry per year.
    #[serde(default)]
    pub record: Vec<Spanned<RecordYear>>,
    /// Reports to voters (述职) and their evaluation (评议).
    #[serde(default)]
    pub reports: Vec<Report>,
}

/// A deputy's public contact channels.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Public phone.
    #[serde(default, deserialize_with = "one_line")]
    pub phone: Option<String>,
    /// Public e-mail.
    pub email: Option<Spanned<String>>,
    /// URL behind the deputy's own contact code (代表码).
    pub qr: Option<Spanned<String>>,
}

/// One year of a deputy's performance record.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordYear {
    /// The year.
    pub year: i32,
    /// Sessions attended.
    #[serde(default)]
    pub meetings: u32,
    /// Reports reviewed.
    #[serde(default)]
    pub reviews: u32,
    /// Inspections.
    #[serde(default)]
    pub inspections: u32,
    /// Contacts with constituents.
    #[serde(default)]
    pub contacts: u32,
    /// Trainings.
    #[serde(default)]
    pub trainings: u32,
    /// Deputy-group activities.
    #[serde(default)]
    pub group_activities: u32,
    /// Suggestions submitted.
    #[serde(default)]
    pub suggestions: u32,
}

/// One report to voters and the anonymous vote on it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// When the report was given.
    pub date: Date,
    /// Slug of the station where it was given.
    pub station: Option<Spanned<String>>,
    /// The three-level vote.
    pub votes: Option<Votes>,
}

/// The three-level satisfaction vote on a report.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    /// 满意.
    #[serde(default)]
    pub satisfied: u32,
    /// 基本满意.
    #[serde(default)]
    pub basically: u32,
    /// 不满意.
    #[serde(default)]
    pub dissatisfied: u32,
}

impl Votes {
    /// Votes cast; a u64, so three u32 counts cannot overflow it.
    pub fn total(self) -> u64 {
        u64::from(self.satisfied) + u64::from(self.basically) + u64::from(self.dissatisfied)
    }

    /// 满意 + 基本满意, the votes the satisfaction rate counts.
    pub fn approving(self) -> u64 {
        u64::from(self.satisfied) + u64::from(self.basically)
    }
}

/// What kind of place a station is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum StationKind {
    /// 代表联络站.
    Station,
    /// 代表之家.
    Home,
    /// 代表联络亭.
    Kiosk,
}

impl StationKind {
    /// The key used in front matter and in i18n strings (`kind_station`, …).
    pub fn key(self) -> &'static str {
        match self {
            StationKind::Station => "station",
            StationKind::Home => "home",
            StationKind::Kiosk => "kiosk",
        }
    }
}

/// `content/stations/SLUG.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationMatter {
    /// Station name.
    #[serde(deserialize_with = "non_blank")]
    pub name: String,
    /// Overrides the slug derived from the file name.
    pub slug: Option<Spanned<String>>,
    /// station | home | kiosk.
    pub kind: StationKind,
    /// Town or subdistrict.
    #[serde(default, deserialize_with = "one_line")]
    pub town: Option<String>,
    /// Street address.
    #[serde(default, deserialize_with = "one_line")]
    pub address: Option<String>,
    /// Latitude, longitude.
    pub geo: Option<Spanned<Vec<f64>>>,
    /// Public phone.
    #[serde(default, deserialize_with = "one_line")]
    pub phone: Option<String>,
    /// Opening hours.
    #[serde(default, deserialize_with = "one_line")]
    pub hours: Option<String>,
    /// Villages and communities it serves.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Reception days (接待日).
    #[serde(default)]
    pub reception: Vec<Reception>,
    /// Office-only data: parsed to nothing.
    #[serde(default)]
    pub private: Option<Private>,
}

/// One reception day at a station.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reception {
    /// The day.
    pub date: Date,
    /// Time of day, free text such as "09:00-11:00" (checked in `validate`: a time the
    /// calendar cannot read makes an all-day event).
    #[serde(default, deserialize_with = "one_line_spanned")]
    pub time: Option<Spanned<String>>,
    /// Slugs of the deputies on duty.
    #[serde(default)]
    pub deputies: Vec<Spanned<String>>,
}

/// `content/news/SLUG.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsMatter {
    /// Headline.
    #[serde(deserialize_with = "non_blank")]
    pub title: String,
    /// Overrides the slug derived from the file name.
    pub slug: Option<Spanned<String>>,
    /// Publication date.
    pub date: Date,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// Slugs of the deputies it is about.
    #[serde(default)]
    pub deputies: Vec<Spanned<String>>,
    /// Slugs of the stations it is about.
    #[serde(default)]
    pub stations: Vec<Spanned<String>>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Lead image under `static/`.
    pub image: Option<Spanned<String>>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Office-only data: parsed to nothing.
    #[serde(default)]
    pub private: Option<Private>,
}

/// `content/pages/SLUG.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMatter {
    /// Page title.
    #[serde(deserialize_with = "non_blank")]
    pub title: String,
    /// Overrides the slug derived from the file name.
    pub slug: Option<Spanned<String>>,
    /// Position in menus (smaller first); pages without it are not in the menu.
    pub order: Option<i64>,
    /// Office-only data: parsed to nothing.
    #[serde(default)]
    pub private: Option<Private>,
}

/// The parser's message for a name or title with no text (`name: ""`).
pub const BLANK_TEXT: &str = "this text is blank";

/// How the parser's message for an overlong name or title starts (the count follows).
pub const LONG_TEXT: &str = "this text has this many characters: ";

/// The most characters a name or title may have: more is a slip (a paragraph pasted
/// into the wrong line), and would run off every card, list and printed sheet.
pub const MAX_NAME_CHARS: usize = 200;

/// Reads a name or title, which must say something: a blank one would publish a page
/// without a heading and a link without words.
fn non_blank<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(D::Error::custom(BLANK_TEXT));
    }
    short(text)
}

/// Reads a text meant for one line, such as an address or a time of day, which must be
/// as short as a name: longer is a slip (a paragraph pasted into the wrong line), and
/// the calendar file's line folding (`icalendar`) slows with the square of its length.
fn one_line<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(short)
        .transpose()
}

/// [`one_line`], with the value's position.
fn one_line_spanned<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<String>>, D::Error> {
    let Some(mut text) = Option::<Spanned<String>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    text.value = short(std::mem::take(&mut text.value))?;
    Ok(Some(text))
}

/// `text`, when it has at most [`MAX_NAME_CHARS`] characters.
fn short<E: serde::de::Error>(text: String) -> Result<String, E> {
    let count = text.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(E::custom(format!("{LONG_TEXT}{count}")));
    }
    Ok(text)
}
