//! The theme API: typed, borrowed views that templates receive.
//!
//! Every template gets `site` ([`SiteView`]), `lang` (the UI strings of
//! `i18n/LANG.yaml`), `section` and `current_url`, plus the page's own object. Lists reuse
//! the same card structs everywhere, so a theme learns one shape per kind of thing.
//! `docs/themes.md` documents these fields; keep the two in step.

use std::ops::Deref;
use std::sync::OnceLock;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::cache::{self, Hasher, Key};
use crate::content::model::{Contact, RecordYear, Votes};

/// A card that many pages show (a deputy appears on the deputies index, the station
/// page, the news that name them and three printed sheets), converted to a template
/// value the first time a page needs it, and shared from then on: Tera takes a value met
/// during serialization as it is instead of walking the struct again. Other serializers
/// see the same fields as the card's own, in the same order (Tera's `preserve_order`
/// feature), except the build cache's page keys ([`cache::keying`]): they get a one-entry
/// map holding a digest of the card, made once per build.
#[derive(Debug)]
pub struct Shared<T> {
    card: T,
    value: OnceLock<Result<tera::Value, String>>,
    digest: OnceLock<Result<Key, String>>,
}

/// The key of a shared card's digest in a page key's encoding (no field has this name).
const DIGEST_KEY: &str = "#shared";

impl<T> Shared<T> {
    /// Wraps `card`; nothing is converted yet.
    pub fn new(card: T) -> Self {
        Shared {
            card,
            value: OnceLock::new(),
            digest: OnceLock::new(),
        }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.card
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if cache::keying() {
            let digest = self.digest.get_or_init(|| {
                let mut hasher = Hasher::new(0);
                hasher.add_value(&self.card).map(|()| hasher.finish())
            });
            // A map, not a number: a flattened card must serialize as a map.
            return match digest {
                Ok(digest) => {
                    let mut map = serializer.serialize_map(Some(1))?;
                    map.serialize_entry(DIGEST_KEY, digest)?;
                    map.end()
                }
                Err(message) => Err(serde::ser::Error::custom(message)),
            };
        }
        let value = self.value.get_or_init(|| {
            tera::Value::try_from_serializable(&self.card).map_err(|e| e.to_string())
        });
        match value {
            Ok(value) => value.serialize(serializer),
            Err(message) => Err(serde::ser::Error::custom(message)),
        }
    }
}

/// A congress level: `site.yaml` key and display name.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView<'a> {
    /// Key from `site.yaml` (`district`).
    pub key: &'a str,
    /// Display name (`区人大代表`).
    pub name: &'a str,
}

/// A link in the site menu.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// `site`: configuration and build facts, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Base URL, ending with `/`.
    pub base_url: &'a str,
    /// UI language (`zh-CN`), for `<html lang>`.
    pub language: &'a str,
    /// Congress levels in `site.yaml` order.
    pub levels: Vec<LevelView<'a>>,
    /// `print.organisation`.
    pub organisation: &'a str,
    /// The day the site was built, `YYYY-MM-DD`.
    pub build_date: String,
    /// `strokes`, `pinyin` or `file`: the order deputy lists are in.
    pub deputy_order: &'static str,
    /// Pages with an `order`, for the menu.
    pub menu: Vec<LinkView>,
    /// `deputy-board VERSION`.
    pub generator: &'static str,
    /// The URLs of the site's sections, for navigation on every page.
    pub urls: SiteUrls,
    /// Every URL the main navigation links to (home, the sections, then the menu): a
    /// page whose `current_url` is one of them is marked in the navigation.
    pub nav_urls: Vec<String>,
}

/// `site.urls`: where each section of the site is (absolute URLs). The same as
/// `url_for(path="deputies/")` and so on, but looked up instead of called: every page's
/// navigation links to them all.
#[derive(Debug, Clone, Serialize)]
pub struct SiteUrls {
    /// The home page.
    pub home: String,
    /// The deputies index.
    pub deputies: String,
    /// The stations index.
    pub stations: String,
    /// The first page of the news list.
    pub news: String,
    /// The tags index.
    pub tags: String,
    /// The printable sheets index.
    pub print: String,
}

/// A short reference to a station.
#[derive(Debug, Clone, Serialize)]
pub struct StationRef<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Station page URL.
    pub url: String,
    /// Name.
    pub name: &'a str,
    /// `station`, `home` or `kiosk`.
    pub kind: &'static str,
    /// The kind in the UI language (联络站 …).
    pub kind_name: &'a str,
}

/// A short reference to a deputy (on-duty lists, news).
#[derive(Debug, Clone, Serialize)]
pub struct DeputyRef<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Deputy page URL.
    pub url: String,
    /// Name.
    pub name: &'a str,
}

/// A deputy as shown in lists and on station pages.
#[derive(Debug, Clone, Serialize)]
pub struct DeputyCard<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Deputy page URL.
    pub url: String,
    /// Name.
    pub name: &'a str,
    /// First character of the name, for a placeholder when there is no photo.
    pub initial: String,
    /// 男 / 女, if given.
    pub gender: Option<&'a str>,
    /// Absolute URL of the photo, if any.
    pub photo_url: Option<String>,
    /// The photo's text alternative, or the placeholder's label without a photo: the UI
    /// string `photo_alt` (or `photo_none`) with the name in place of `{name}`.
    pub photo_alt: String,
    /// Levels the deputy serves at.
    pub levels: Vec<LevelView<'a>>,
    /// Occupation.
    pub occupation: Option<&'a str>,
    /// Electoral district.
    pub constituency: Option<&'a str>,
    /// Town.
    pub town: Option<&'a str>,
    /// Deputy groups.
    pub groups: &'a [String],
    /// Public contact channels.
    pub contact: &'a Contact,
    /// The deputy's station.
    pub station: Option<StationRef<'a>>,
}

/// A reception day, with the deputies on duty.
#[derive(Debug, Clone, Serialize)]
pub struct ReceptionView<'a> {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Day of the week in the UI language.
    pub weekday: &'a str,
    /// Time of day, as written.
    pub time: Option<&'a str>,
    /// Where.
    pub station: StationRef<'a>,
    /// Who is on duty.
    pub deputies: Vec<DeputyRef<'a>>,
}

/// One report to voters with its computed rate.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView<'a> {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where it was given.
    pub station: Option<StationRef<'a>>,
    /// The vote counts, if a vote was held.
    pub votes: Option<Votes>,
    /// Number of votes cast.
    pub total: u64,
    /// (满意 + 基本满意) / total, as a percentage with one decimal (`"94.6"`); empty without votes.
    pub satisfaction_rate: String,
    /// The counts written with the UI string `count_votes` (`92 票`), if a vote was held.
    pub vote_counts: Option<VoteTexts>,
    /// Each count's share of the votes cast, as a percentage rounded half up to at most
    /// two decimals (`"92.52"`, `"5.6"`, `"100"`; no `%` sign), for drawing a bar; null
    /// without votes.
    pub vote_shares: Option<VoteTexts>,
}

/// One text per answer of a report's vote and one for all votes cast: the counts
/// (`vote_counts`) or their shares (`vote_shares`). Made in Rust: the `replace` filters
/// and the divisions with `round` that templates used cost ≈ 45k instructions per report.
#[derive(Debug, Clone, Serialize)]
pub struct VoteTexts {
    /// 满意.
    pub satisfied: String,
    /// 基本满意.
    pub basically: String,
    /// 不满意.
    pub dissatisfied: String,
    /// All votes cast.
    pub total: String,
}

/// `deputy`: one deputy's full page.
#[derive(Debug, Clone, Serialize)]
pub struct DeputyView<'a> {
    /// Everything the card shows.
    #[serde(flatten)]
    pub card: &'a Shared<DeputyCard<'a>>,
    /// Ethnicity.
    pub ethnicity: Option<&'a str>,
    /// Party.
    pub party: Option<&'a str>,
    /// Performance record, newest year first.
    pub record: Vec<&'a RecordYear>,
    /// Reports to voters, newest first.
    pub reports: Vec<ReportView<'a>>,
    /// Upcoming reception days on which the deputy is on duty.
    pub reception_upcoming: Vec<ReceptionView<'a>>,
    /// The body, rendered from Markdown.
    pub content: &'a str,
    /// News items that name the deputy, newest first.
    pub news: Vec<&'a Shared<NewsCard<'a>>>,
}

/// A station as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct StationCard<'a> {
    /// Slug, URL, name and kind.
    #[serde(flatten)]
    pub reference: StationRef<'a>,
    /// Town.
    pub town: Option<&'a str>,
    /// Street address.
    pub address: Option<&'a str>,
    /// Phone.
    pub phone: Option<&'a str>,
    /// Opening hours.
    pub hours: Option<&'a str>,
    /// Villages and communities served.
    pub covers: &'a [String],
    /// Number of deputies at the station.
    pub deputy_count: usize,
    /// URL of the reception calendar (`reception.ics`).
    pub calendar_url: String,
}

/// `station`: one station's full page.
#[derive(Debug, Clone, Serialize)]
pub struct StationView<'a> {
    /// Everything the card shows.
    #[serde(flatten)]
    pub card: &'a Shared<StationCard<'a>>,
    /// `[latitude, longitude]` written out as decimals (`"39.9"`, `"116"`: never with an
    /// exponent, so they fit a `geo:` link), if given.
    pub geo: Option<Vec<String>>,
    /// Its deputies, in the site's deputy order.
    pub deputies: Vec<&'a Shared<DeputyCard<'a>>>,
    /// Reception days from the build date on, soonest first.
    pub reception_upcoming: Vec<ReceptionView<'a>>,
    /// Earlier reception days, latest first.
    pub reception_past: Vec<ReceptionView<'a>>,
    /// The body, rendered from Markdown.
    pub content: &'a str,
    /// News items that name the station, newest first.
    pub news: Vec<&'a Shared<NewsCard<'a>>>,
}

/// A tag with its page.
#[derive(Debug, Clone, Serialize)]
pub struct TagRef<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: String,
    /// Tag page URL.
    pub url: String,
}

/// A news item as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct NewsCard<'a> {
    /// Slug.
    pub slug: &'a str,
    /// News page URL.
    pub url: String,
    /// Headline.
    pub title: &'a str,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Summary.
    pub summary: Option<&'a str>,
    /// Absolute URL of the lead image, if any.
    pub image_url: Option<String>,
    /// Tags.
    pub tags: Vec<TagRef<'a>>,
}

/// `news`: one news item's page.
#[derive(Debug, Clone, Serialize)]
pub struct NewsView<'a> {
    /// Everything the card shows.
    #[serde(flatten)]
    pub card: &'a Shared<NewsCard<'a>>,
    /// Deputies it is about.
    pub deputies: Vec<&'a Shared<DeputyCard<'a>>>,
    /// Stations it is about.
    pub stations: Vec<StationRef<'a>>,
    /// The body, rendered from Markdown.
    pub content: &'a str,
}

/// `page`: a free page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// Slug.
    pub slug: &'a str,
    /// Page URL.
    pub url: String,
    /// Title.
    pub title: &'a str,
    /// The body, rendered from Markdown.
    pub content: &'a str,
}

/// A value with the number of things that have it (filters, tag lists).
#[derive(Debug, Clone, Serialize)]
pub struct Facet<'a> {
    /// Machine value (level key, town, group, tag slug).
    pub key: String,
    /// Display name.
    pub name: &'a str,
    /// How many deputies or news items have it.
    pub count: usize,
    /// Page URL, where the facet has one (tags, levels on the home page).
    pub url: String,
}

/// Pagination of a list spread over several pages.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total_pages: usize,
    /// URL of the previous page, if any.
    pub previous: Option<String>,
    /// URL of the next page, if any.
    pub next: Option<String>,
    /// A window of pages to link: the first, the last and two on each side of this one
    /// (so the list stays short on a site with hundreds of pages).
    pub pages: Vec<PageLink>,
}

/// One entry of a [`Paginator`].
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Page number, from 1.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// True for the page being rendered.
    pub current: bool,
    /// True when pages are skipped between the previous entry and this one (show "…").
    pub gap_before: bool,
}

/// Stations of one kind in one town, for the stations index.
#[derive(Debug, Clone, Serialize)]
pub struct KindGroup<'a> {
    /// `station`, `home` or `kiosk`.
    pub kind: &'static str,
    /// The kind in the UI language.
    pub kind_name: &'a str,
    /// The stations.
    pub stations: Vec<&'a Shared<StationCard<'a>>>,
}

/// The stations of one town.
#[derive(Debug, Clone, Serialize)]
pub struct TownGroup<'a> {
    /// Town name (empty when stations name none).
    pub name: &'a str,
    /// Stations grouped by kind.
    pub kinds: Vec<KindGroup<'a>>,
}

/// A village or community and the stations that serve it ("find my station").
#[derive(Debug, Clone, Serialize)]
pub struct VillageView<'a> {
    /// Village or community name.
    pub name: &'a str,
    /// Stations covering it.
    pub stations: Vec<StationRef<'a>>,
}

/// A deputy's card on a printed sheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetCard<'a> {
    /// Everything the portal card shows.
    #[serde(flatten)]
    pub card: &'a Shared<DeputyCard<'a>>,
    /// What the card's QR code opens: the deputy's own contact code (`contact.qr`) or else
    /// the deputy's public portal page.
    pub qr_url: String,
}

/// One station's notice-board sheet (代表信息公示栏).
#[derive(Debug, Clone, Serialize)]
pub struct SheetView<'a> {
    /// The station: name, kind, address, hours, phone, covers…
    pub station: &'a Shared<StationCard<'a>>,
    /// The station's public portal page (the sheet's QR code opens it).
    pub portal_url: String,
    /// The deputies' cards in deputy order, split into printed pages of at most
    /// `per_page` cards; a card never straddles two pages.
    pub pages: Vec<Vec<&'a Shared<SheetCard<'a>>>>,
    /// Upcoming reception days, soonest first.
    pub reception_upcoming: Vec<ReceptionView<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Card {
        name: &'static str,
        levels: Vec<&'static str>,
    }

    #[derive(Serialize)]
    struct Page<'a> {
        #[serde(flatten)]
        card: &'a Shared<Card>,
        list: Vec<&'a Shared<Card>>,
    }

    #[test]
    fn a_shared_card_serializes_like_the_card() {
        let card = || Card {
            name: "张晓红",
            levels: vec!["town", "district"],
        };
        let shared = Shared::new(card());
        let page = Page {
            card: &shared,
            list: vec![&shared, &shared],
        };
        let expected = serde_json::json!({
            "name": "张晓红",
            "levels": ["town", "district"],
            "list": [
                {"name": "张晓红", "levels": ["town", "district"]},
                {"name": "张晓红", "levels": ["town", "district"]},
            ],
        });
        // As templates see it, flattened and in lists.
        let value = tera::Value::try_from_serializable(&page).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), expected);
        // Once converted, the shared value is what serializers see.
        assert_eq!(serde_json::to_value(&page).unwrap(), expected);
        assert_eq!(shared.name, "张晓红");
    }

    #[test]
    fn a_page_key_holds_a_digest_of_each_shared_card() {
        let key = |name: &'static str, levels: Vec<&'static str>| {
            let shared = Shared::new(Card { name, levels });
            let page = Page {
                card: &shared,
                list: vec![&shared],
            };
            let mut hasher = Hasher::new(7);
            hasher.add_value(&page).unwrap();
            hasher.finish()
        };
        assert_eq!(key("张晓红", vec!["town"]), key("张晓红", vec!["town"]));
        assert_ne!(key("张晓红", vec!["town"]), key("张晓虹", vec!["town"]));
        assert_ne!(key("张晓红", vec!["town"]), key("张晓红", vec!["district"]));
        // The digest is made once, however many pages show the card.
        let shared = Shared::new(card_of("李建国"));
        assert!(shared.digest.get().is_none());
        let mut once = Hasher::new(0);
        once.add_value(&shared).unwrap();
        assert!(shared.digest.get().is_some(), "made by the first key");
        let mut twice = Hasher::new(0);
        twice.add_value(&shared).unwrap();
        assert_eq!(once.finish(), twice.finish());
        // Outside a key, a shared card still serializes as the card.
        assert_eq!(
            serde_json::to_value(&shared).unwrap(),
            serde_json::to_value(card_of("李建国")).unwrap()
        );
    }

    #[test]
    fn a_shared_card_inside_a_shared_card_is_in_its_digest() {
        #[derive(Serialize)]
        struct Printed<'a> {
            #[serde(flatten)]
            card: &'a Shared<Card>,
            qr_url: &'static str,
        }
        let key = |name: &'static str| {
            let inner = Shared::new(card_of(name));
            let outer = Shared::new(Printed {
                card: &inner,
                qr_url: "https://example.org/d/",
            });
            let mut hasher = Hasher::new(0);
            hasher.add_value(&vec![&outer]).unwrap();
            hasher.finish()
        };
        assert_eq!(key("李建国"), key("李建国"));
        assert_ne!(key("李建国"), key("李建华"));
    }

    fn card_of(name: &'static str) -> Card {
        Card {
            name,
            levels: vec!["town"],
        }
    }
}
