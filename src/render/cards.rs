//! Builds the view structs once per build: a card per deputy, station and news item, and
//! the relations between them (a station's deputies, a deputy's news, reception days).
//!
//! Pages then borrow these, so a deputy shown on ten pages is built once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::templates::{PHOTO_ALT, PHOTO_NONE, Theme, file_url, join_url};
use super::view::*;
use crate::config::SiteConfig;
use crate::content::model::Reception;
use crate::content::{Content, News, Station, slug};

/// Every card and relation the pages need, built from immutable content.
pub struct Cards<'a> {
    /// Site-wide view.
    pub site: SiteView<'a>,
    /// One card per deputy, same order as `content.deputies`.
    pub deputies: Vec<Shared<DeputyCard<'a>>>,
    /// One card per station, same order as `content.stations`.
    pub stations: Vec<Shared<StationCard<'a>>>,
    /// One card per news item, same order as `content.news`.
    pub news: Vec<Shared<NewsCard<'a>>>,
    /// Station index → its deputies' indexes, in deputy order.
    pub station_deputies: Vec<Vec<usize>>,
    /// Deputy index → news indexes naming the deputy, newest first.
    pub deputy_news: Vec<Vec<usize>>,
    /// Station index → news indexes naming the station, newest first.
    pub station_news: Vec<Vec<usize>>,
    /// Deputy index → upcoming reception days the deputy is on duty, as (station index,
    /// index in the station's `reception`), in station order.
    pub deputy_reception: Vec<Vec<(usize, usize)>>,
    /// Tag slug → (tag as first written, news indexes newest first).
    pub tags: BTreeMap<String, (&'a str, Vec<usize>)>,
    /// The build date: reception days on or after it are upcoming.
    pub today: NaiveDate,
}

impl<'a> Cards<'a> {
    /// Builds all cards for `content`.
    pub fn build(
        config: &'a SiteConfig,
        content: &'a Content,
        theme: &'a Theme,
        base_url: &'a str,
        today: NaiveDate,
    ) -> Self {
        let url = |path: String| join_url(base_url, &path);
        let mut station_deputies = vec![Vec::new(); content.stations.len()];
        for (i, deputy) in content.deputies.iter().enumerate() {
            if let Some(&s) = content.station_index.get(&deputy.matter.station.value) {
                station_deputies[s].push(i);
            }
        }
        let mut deputy_news = vec![Vec::new(); content.deputies.len()];
        let mut station_news = vec![Vec::new(); content.stations.len()];
        let tag_slugs = tag_slugs(&content.news);
        let mut tags: BTreeMap<String, (&str, Vec<usize>)> = BTreeMap::new();
        for (i, news) in content.news.iter().enumerate() {
            for d in &news.matter.deputies {
                if let Some(&d) = content.deputy_index.get(&d.value) {
                    push_once(&mut deputy_news[d], i);
                }
            }
            for s in &news.matter.stations {
                if let Some(&s) = content.station_index.get(&s.value) {
                    push_once(&mut station_news[s], i);
                }
            }
            for tag in &news.matter.tags {
                let entry = tags
                    .entry(tag_slugs[tag.value.as_str()].clone())
                    .or_insert((tag.value.as_str(), Vec::new()));
                push_once(&mut entry.1, i);
            }
        }

        let mut deputy_reception = vec![Vec::new(); content.deputies.len()];
        for (s, station) in content.stations.iter().enumerate() {
            for (k, day) in station.matter.reception.iter().enumerate() {
                if day.date.0 < today {
                    continue;
                }
                for d in &day.deputies {
                    if let Some(&d) = content.deputy_index.get(&d.value) {
                        push_once(&mut deputy_reception[d], (s, k));
                    }
                }
            }
        }

        let level_view = |key: &'a str| LevelView {
            key,
            name: config.levels.get(key).map_or(key, String::as_str),
        };
        let station_ref = |s: &'a Station| StationRef {
            slug: &s.slug,
            url: url(format!("stations/{}/", s.slug)),
            name: &s.matter.name,
            kind: s.matter.kind.key(),
            kind_name: theme.string(kind_key(s.matter.kind.key())),
        };
        let stations = content
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| StationCard {
                reference: station_ref(s),
                town: s.matter.town.as_deref(),
                address: s.matter.address.as_deref(),
                phone: s.matter.phone.as_deref(),
                hours: s.matter.hours.as_deref(),
                covers: &s.matter.covers,
                deputy_count: station_deputies[i].len(),
                calendar_url: url(format!("stations/{}/reception.ics", s.slug)),
            })
            .map(Shared::new)
            .collect();
        let deputies = content
            .deputies
            .par_iter()
            .map(|d| {
                let m = &d.matter;
                DeputyCard {
                    slug: &d.slug,
                    url: url(format!("deputies/{}/", d.slug)),
                    name: &m.name,
                    initial: m.name.chars().next().map(String::from).unwrap_or_default(),
                    gender: m.gender.as_deref(),
                    photo_url: m.photo.as_ref().map(|p| file_url(base_url, &p.value)),
                    photo_alt: theme
                        .string(if m.photo.is_some() {
                            PHOTO_ALT
                        } else {
                            PHOTO_NONE
                        })
                        .replace("{name}", &m.name),
                    levels: {
                        // In site.yaml's order, whatever order the file lists them in.
                        let mut keys: Vec<&str> =
                            m.levels.value.iter().map(|l| l.value.as_str()).collect();
                        keys.sort_by_key(|key| config.levels.get_index_of(*key));
                        keys.into_iter().map(level_view).collect()
                    },
                    occupation: m.occupation.as_deref(),
                    constituency: m.constituency.as_deref(),
                    town: m.town.as_deref(),
                    groups: &m.groups,
                    contact: &m.contact,
                    station: content
                        .station_index
                        .get(&m.station.value)
                        .map(|&s| station_ref(&content.stations[s])),
                }
            })
            .map(Shared::new)
            .collect();
        let news = content
            .news
            .par_iter()
            .map(|n| NewsCard {
                slug: &n.slug,
                url: url(format!("news/{}/", n.slug)),
                title: &n.matter.title,
                date: n.matter.date.to_string(),
                summary: n.matter.summary.as_deref(),
                image_url: (n.matter.image.as_ref()).map(|p| file_url(base_url, &p.value)),
                tags: n
                    .matter
                    .tags
                    .iter()
                    .map(|t| tag_ref(base_url, &t.value, &tag_slugs[t.value.as_str()]))
                    .collect(),
            })
            .map(Shared::new)
            .collect();
        let menu: Vec<LinkView> = content
            .pages
            .iter()
            .filter(|p| p.matter.order.is_some())
            .map(|p| LinkView {
                title: p.matter.title.clone(),
                url: url(format!("{}/", p.slug)),
            })
            .collect();
        let urls = SiteUrls {
            home: url(String::new()),
            deputies: url("deputies/".into()),
            stations: url("stations/".into()),
            news: url("news/".into()),
            tags: url("tags/".into()),
            print: url("print/".into()),
        };
        let nav_urls = [
            &urls.home,
            &urls.deputies,
            &urls.stations,
            &urls.news,
            &urls.tags,
        ]
        .into_iter()
        .chain(menu.iter().map(|link| &link.url))
        .cloned()
        .collect();
        let site = SiteView {
            title: &config.title,
            base_url,
            language: &config.language,
            levels: config.levels.keys().map(|k| level_view(k)).collect(),
            organisation: &config.print.organisation,
            build_date: today.format("%Y-%m-%d").to_string(),
            deputy_order: match config.deputy_order {
                crate::config::DeputyOrder::Strokes => "strokes",
                crate::config::DeputyOrder::Pinyin => "pinyin",
                crate::config::DeputyOrder::File => "file",
            },
            menu,
            generator: concat!("deputy-board ", env!("CARGO_PKG_VERSION")),
            urls,
            nav_urls,
        };
        Cards {
            site,
            deputies,
            stations,
            news,
            station_deputies,
            deputy_news,
            station_news,
            deputy_reception,
            tags,
            today,
        }
    }

    /// A station's reception day as a view, with references resolved.
    pub fn reception(
        &self,
        theme: &'a Theme,
        content: &'a Content,
        station: usize,
        day: &'a Reception,
    ) -> ReceptionView<'a> {
        ReceptionView {
            date: day.date.to_string(),
            weekday: theme.string(super::templates::WEEKDAY_STRINGS[day.date.weekday_index()]),
            time: day.time.as_ref().map(|t| t.value.as_str()),
            station: self.stations[station].reference.clone(),
            deputies: day
                .deputies
                .iter()
                .filter_map(|d| content.deputy_index.get(&d.value))
                .map(|&d| DeputyRef {
                    slug: self.deputies[d].slug,
                    url: self.deputies[d].url.clone(),
                    name: self.deputies[d].name,
                })
                .collect(),
        }
    }
}

fn kind_key(kind: &str) -> &'static str {
    match kind {
        "home" => "kind_home",
        "kiosk" => "kind_kiosk",
        _ => "kind_station",
    }
}

/// The address (`tags/SLUG/`) of every tag the news items use.
///
/// A tag's slug is its pinyin, so words that sound alike would share one page (城市 and
/// 成事 are both `cheng-shi`). Tags are taken in the byte order of their text and each
/// gets the first of `SLUG`, `SLUG-2`, `SLUG-3`… not taken yet: the result depends only
/// on the set of tags, not on the order of the news. (Validation has refused tags without
/// letters or digits; they would fall back to `tag`.)
pub fn tag_slugs(news: &[News]) -> BTreeMap<&str, String> {
    let texts: std::collections::BTreeSet<&str> = news
        .iter()
        .flat_map(|n| n.matter.tags.iter().map(|t| t.value.as_str()))
        .collect();
    let mut taken = std::collections::HashSet::new();
    texts
        .into_iter()
        .map(|text| {
            let base = match slug::slugify(text) {
                s if s.is_empty() => "tag".to_string(),
                s => s,
            };
            let mut slug = base.clone();
            let mut n = 1;
            while !taken.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            (text, slug)
        })
        .collect()
}

fn tag_ref<'a>(base_url: &str, tag: &'a str, slug: &str) -> TagRef<'a> {
    TagRef {
        name: tag,
        url: join_url(base_url, &format!("tags/{slug}/")),
        slug: slug.to_string(),
    }
}

fn push_once<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if list.last() != Some(&value) {
        list.push(value);
    }
}
