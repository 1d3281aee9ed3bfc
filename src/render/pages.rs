//! The view of each kind of page: what its template receives, built from the cards.

use serde::Serialize;

use crate::content::model::Votes;

use super::Renderer;
use super::templates;
use super::view::*;

impl<'a, 'b> Renderer<'a, 'b> {
    pub(super) fn home(&self) -> HomePage<'_> {
        let cards = self.cards;
        let content = self.input.content;
        let mut upcoming: Vec<ReceptionView> = Vec::new();
        for (s, station) in content.stations.iter().enumerate() {
            for day in station
                .matter
                .reception
                .iter()
                .filter(|d| d.date.0 >= cards.today)
            {
                upcoming.push(cards.reception(self.input.theme, content, s, day));
            }
        }
        upcoming.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
        upcoming.truncate(6);
        let levels = self.level_facets();
        HomePage {
            latest_news: cards.news.iter().take(6).collect(),
            stations: cards.stations.iter().collect(),
            levels_overlap: levels.iter().map(|l| l.count).sum::<usize>() > cards.deputies.len(),
            levels,
            deputy_count: cards.deputies.len(),
            station_count: cards.stations.len(),
            news_count: cards.news.len(),
            upcoming_reception: upcoming,
        }
    }

    pub(super) fn level_facets(&self) -> Vec<Facet<'_>> {
        self.input
            .config
            .levels
            .iter()
            .map(|(key, name)| Facet {
                key: key.clone(),
                name,
                count: self
                    .cards
                    .deputies
                    .iter()
                    .filter(|d| d.levels.iter().any(|l| l.key == key))
                    .count(),
                // A query, not a fragment: without JavaScript the full list shows, and no
                // link points at an anchor that is not there.
                url: self.url(&format!("deputies/?level={key}")),
            })
            .collect()
    }

    pub(super) fn deputies_index(&self) -> DeputiesPage<'_> {
        let deputies = &self.cards.deputies;
        let facet = |values: Vec<&'b str>| -> Vec<Facet<'b>> {
            let mut counts: std::collections::BTreeMap<&str, usize> =
                std::collections::BTreeMap::new();
            for v in values {
                *counts.entry(v).or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(name, count)| Facet {
                    key: name.to_string(),
                    name,
                    count,
                    url: String::new(),
                })
                .collect()
        };
        DeputiesPage {
            deputies: deputies.iter().collect(),
            levels: self.level_facets(),
            towns: facet(deputies.iter().filter_map(|d| d.town).collect()),
            groups: facet(
                deputies
                    .iter()
                    .flat_map(|d| d.groups.iter().map(String::as_str))
                    .collect(),
            ),
        }
    }

    pub(super) fn deputy(&self, i: usize) -> DeputyView<'_> {
        let cards = self.cards;
        let content = self.input.content;
        let matter = &content.deputies[i].matter;
        let mut record: Vec<_> = matter.record.iter().map(|r| &r.value).collect();
        record.sort_by_key(|r| std::cmp::Reverse(r.year));
        let count_votes = self.input.theme.string(templates::COUNT_VOTES);
        let count = |n: u64| count_votes.replace("{n}", &n.to_string());
        let mut reports: Vec<ReportView> = matter
            .reports
            .iter()
            .map(|r| {
                let votes = r.votes.unwrap_or_default();
                let total = votes.total();
                ReportView {
                    date: r.date.to_string(),
                    station: r
                        .station
                        .as_ref()
                        .and_then(|s| content.station_index.get(&s.value))
                        .map(|&s| cards.stations[s].reference.clone()),
                    votes: r.votes,
                    total,
                    satisfaction_rate: satisfaction_rate(votes.approving(), total),
                    vote_counts: r.votes.map(|votes| vote_texts(votes, total, count)),
                    vote_shares: r
                        .votes
                        .filter(|_| total > 0)
                        .map(|votes| vote_texts(votes, total, |n| share(n, total))),
                }
            })
            .collect();
        reports.sort_by(|a, b| b.date.cmp(&a.date));
        let mut reception_upcoming: Vec<ReceptionView> = cards.deputy_reception[i]
            .iter()
            .map(|&(s, k)| {
                let day = &content.stations[s].matter.reception[k];
                cards.reception(self.input.theme, content, s, day)
            })
            .collect();
        reception_upcoming.sort_by(|a, b| a.date.cmp(&b.date));
        DeputyView {
            card: &cards.deputies[i],
            ethnicity: matter.ethnicity.as_deref(),
            party: matter.party.as_deref(),
            record,
            reports,
            reception_upcoming,
            content: &content.deputies[i].html,
            news: cards.deputy_news[i]
                .iter()
                .map(|&n| &cards.news[n])
                .collect(),
        }
    }

    pub(super) fn stations_index(&self) -> StationsPage<'_> {
        let cards = self.cards;
        let content = self.input.content;
        // Stations are sorted by town, then kind: consecutive runs make the groups.
        let mut towns: Vec<TownGroup> = Vec::new();
        for (i, station) in content.stations.iter().enumerate() {
            let town = station.matter.town.as_deref().unwrap_or("");
            if towns.last().is_none_or(|t| t.name != town) {
                towns.push(TownGroup {
                    name: town,
                    kinds: Vec::new(),
                });
            }
            let kinds = &mut towns
                .last_mut()
                .expect("invariant: a town group was pushed above")
                .kinds;
            let card = &cards.stations[i];
            if kinds.last().is_none_or(|k| k.kind != card.reference.kind) {
                kinds.push(KindGroup {
                    kind: card.reference.kind,
                    kind_name: card.reference.kind_name,
                    stations: Vec::new(),
                });
            }
            kinds
                .last_mut()
                .expect("invariant: a kind group was pushed above")
                .stations
                .push(card);
        }
        let mut villages: std::collections::BTreeMap<(String, &str), Vec<StationRef>> =
            std::collections::BTreeMap::new();
        for (i, station) in content.stations.iter().enumerate() {
            for village in &station.matter.covers {
                villages
                    .entry((crate::content::slug::name_pinyin(village), village.as_str()))
                    .or_default()
                    .push(cards.stations[i].reference.clone());
            }
        }
        StationsPage {
            towns,
            villages: villages
                .into_iter()
                .map(|((_, name), stations)| VillageView { name, stations })
                .collect(),
            stations: cards.stations.iter().collect(),
        }
    }

    pub(super) fn station(&self, i: usize) -> StationView<'_> {
        let cards = self.cards;
        let content = self.input.content;
        let station = &content.stations[i];
        let (mut upcoming, mut past): (Vec<ReceptionView>, Vec<ReceptionView>) =
            (Vec::new(), Vec::new());
        for day in &station.matter.reception {
            let view = cards.reception(self.input.theme, content, i, day);
            if day.date.0 >= cards.today {
                upcoming.push(view)
            } else {
                past.push(view)
            }
        }
        upcoming.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
        past.sort_by(|a, b| (&b.date, b.time).cmp(&(&a.date, a.time)));
        StationView {
            card: &cards.stations[i],
            geo: station
                .matter
                .geo
                .as_ref()
                .map(|g| g.value.iter().map(f64::to_string).collect()),
            deputies: cards.station_deputies[i]
                .iter()
                .map(|&d| &cards.deputies[d])
                .collect(),
            reception_upcoming: upcoming,
            reception_past: past,
            content: &content.stations[i].html,
            news: cards.station_news[i]
                .iter()
                .map(|&n| &cards.news[n])
                .collect(),
        }
    }

    pub(super) fn news_index(&self, n: usize) -> NewsListPage<'_> {
        let per_page = self.input.config.news_per_page;
        let total_pages = self.news_pages();
        let page_url = |number: usize| self.url(&news_page_path(number));
        NewsListPage {
            news: self
                .cards
                .news
                .iter()
                .skip(n * per_page)
                .take(per_page)
                .collect(),
            paginator: Paginator {
                current: n + 1,
                total_pages,
                previous: (n > 0).then(|| page_url(n)),
                next: (n + 1 < total_pages).then(|| page_url(n + 2)),
                pages: page_window(n + 1, total_pages)
                    .into_iter()
                    .map(|(number, gap_before)| PageLink {
                        number,
                        url: page_url(number),
                        current: number == n + 1,
                        gap_before,
                    })
                    .collect(),
            },
        }
    }

    pub(super) fn news(&self, i: usize) -> NewsView<'_> {
        let cards = self.cards;
        let content = self.input.content;
        let matter = &content.news[i].matter;
        NewsView {
            card: &cards.news[i],
            deputies: matter
                .deputies
                .iter()
                .filter_map(|d| content.deputy_index.get(&d.value))
                .map(|&d| &cards.deputies[d])
                .collect(),
            stations: matter
                .stations
                .iter()
                .filter_map(|s| content.station_index.get(&s.value))
                .map(|&s| cards.stations[s].reference.clone())
                .collect(),
            content: &content.news[i].html,
        }
    }

    pub(super) fn tag_facets(&self) -> Vec<Facet<'_>> {
        self.cards
            .tags
            .iter()
            .map(|(slug, (name, list))| Facet {
                key: slug.clone(),
                name,
                count: list.len(),
                url: self.url(&format!("tags/{slug}/")),
            })
            .collect()
    }

    pub(super) fn sitemap(&self) -> String {
        let cards = self.cards;
        let mut urls = vec![
            self.url(""),
            self.url("deputies/"),
            self.url("stations/"),
            self.url("tags/"),
        ];
        urls.extend((1..=self.news_pages()).map(|n| self.url(&news_page_path(n))));
        urls.extend(cards.deputies.iter().map(|d| d.url.clone()));
        urls.extend(cards.stations.iter().map(|s| s.reference.url.clone()));
        urls.extend(cards.news.iter().map(|n| n.url.clone()));
        urls.extend(
            self.tag_keys
                .iter()
                .map(|t| self.url(&format!("tags/{t}/"))),
        );
        urls.extend(
            self.input
                .content
                .pages
                .iter()
                .map(|p| self.url(&format!("{}/", p.slug))),
        );
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for url in urls {
            xml.push_str("  <url><loc>");
            xml.push_str(&templates::escape_html(&url));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// `news/` for page 1, `news/page/N/` after.
pub(super) fn news_page_path(number: usize) -> String {
    if number <= 1 {
        "news/".to_string()
    } else {
        format!("news/page/{number}/")
    }
}

/// The page numbers to link from page `current` of `total`: first, last and two either
/// side of the current one, each with whether pages were skipped before it.
fn page_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let mut numbers: Vec<usize> =
        (current.saturating_sub(2).max(1)..=(current + 2).min(total)).collect();
    numbers.insert(0, 1);
    numbers.push(total);
    numbers.sort_unstable();
    numbers.dedup();
    let mut previous = 0;
    numbers
        .into_iter()
        .map(|n| {
            let gap = n > previous + 1;
            previous = n;
            (n, gap)
        })
        .collect()
}

/// Each count of `votes`, and `total`, written by `text`.
fn vote_texts(votes: Votes, total: u64, text: impl Fn(u64) -> String) -> VoteTexts {
    VoteTexts {
        satisfied: text(votes.satisfied.into()),
        basically: text(votes.basically.into()),
        dissatisfied: text(votes.dissatisfied.into()),
        total: text(total),
    }
}

/// A percentage with one decimal, rounded half up (四舍五入: 6.25 → 6.3), or empty when
/// nobody voted. Only all votes make 100.0 and none 0.0: 1999 of 2000 is 99.9, not a
/// 100.0 that hides a dissatisfied vote.
pub fn satisfaction_rate(approving: u64, total: u64) -> String {
    if total == 0 {
        return String::new();
    }
    let rate = not_all_or_none(
        approving,
        total,
        round_half_up(percent(approving, total), 1),
        0.1,
    );
    format!("{rate:.1}")
}

/// `rounded` (the share `part` of `total` in percent, rounded to steps of `step`), kept
/// one step away from 100 when not all of `total` is `part`, and from 0 when some is.
fn not_all_or_none(part: u64, total: u64, rounded: f64, step: f64) -> f64 {
    if part < total && rounded >= 100.0 {
        100.0 - step
    } else if part > 0 && rounded <= 0.0 {
        step
    } else {
        rounded
    }
}

/// `part` of `total` in percent. Counts up to 2^53 convert to `f64` exactly, far beyond
/// any real vote.
fn percent(part: u64, total: u64) -> f64 {
    part as f64 * 100.0 / total as f64
}

/// `value` (not negative) rounded half up to `decimals` places. `format!("{:.N}")`
/// alone rounds an exact tie to even (6.25 → "6.2").
fn round_half_up(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// `part` as a percentage of `total` (not 0), rounded half up to at most two decimals,
/// without trailing zeros: `"92.52"`, `"5.6"`, `"100"` (only for all of it; `"0"` only
/// for none).
pub fn share(part: u64, total: u64) -> String {
    let percent = not_all_or_none(part, total, round_half_up(percent(part, total), 2), 0.01);
    let mut text = format!("{percent:.2}");
    // `{:.2}` always writes a point and two decimals.
    let kept = text.trim_end_matches('0').trim_end_matches('.').len();
    text.truncate(kept);
    text
}

#[derive(Serialize)]
pub(super) struct Empty {}

#[derive(Serialize)]
pub(super) struct HomePage<'a> {
    pub(super) latest_news: Vec<&'a Shared<NewsCard<'a>>>,
    pub(super) stations: Vec<&'a Shared<StationCard<'a>>>,
    pub(super) levels: Vec<Facet<'a>>,
    /// Some deputies sit at more than one level, so the level counts add up to more
    /// than `deputy_count`.
    pub(super) levels_overlap: bool,
    pub(super) deputy_count: usize,
    pub(super) station_count: usize,
    pub(super) news_count: usize,
    pub(super) upcoming_reception: Vec<ReceptionView<'a>>,
}

#[derive(Serialize)]
pub(super) struct DeputiesPage<'a> {
    pub(super) deputies: Vec<&'a Shared<DeputyCard<'a>>>,
    pub(super) levels: Vec<Facet<'a>>,
    pub(super) towns: Vec<Facet<'a>>,
    pub(super) groups: Vec<Facet<'a>>,
}

#[derive(Serialize)]
pub(super) struct DeputyPage<'a> {
    pub(super) deputy: DeputyView<'a>,
}

#[derive(Serialize)]
pub(super) struct StationsPage<'a> {
    pub(super) towns: Vec<TownGroup<'a>>,
    pub(super) villages: Vec<VillageView<'a>>,
    pub(super) stations: Vec<&'a Shared<StationCard<'a>>>,
}

#[derive(Serialize)]
pub(super) struct StationPage<'a> {
    pub(super) station: StationView<'a>,
}

#[derive(Serialize)]
pub(super) struct NewsListPage<'a> {
    pub(super) news: Vec<&'a Shared<NewsCard<'a>>>,
    pub(super) paginator: Paginator,
}

#[derive(Serialize)]
pub(super) struct NewsPage<'a> {
    pub(super) news: NewsView<'a>,
}

#[derive(Serialize)]
pub(super) struct TagsPage<'a> {
    pub(super) tags: Vec<Facet<'a>>,
}

#[derive(Serialize)]
pub(super) struct TagPage<'a> {
    pub(super) tag: Facet<'a>,
    pub(super) news: Vec<&'a Shared<NewsCard<'a>>>,
}

#[derive(Serialize)]
pub(super) struct FreePage<'a> {
    pub(super) page: PageView<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_counts_satisfied_and_basically() {
        assert_eq!(satisfaction_rate(110, 112), "98.2");
        assert_eq!(satisfaction_rate(0, 0), "");
        assert_eq!(share(99, 107), "92.52");
        assert_eq!(share(1, 2), "50");
        assert_eq!(share(1, 8), "12.5");
        assert_eq!(share(0, 7), "0");
        assert_eq!(share(7, 7), "100");
        // Exact ties round up, as 四舍五入 and Tera's `round` do.
        assert_eq!(share(1, 800), "0.13");
        assert_eq!(satisfaction_rate(1, 16), "6.3");
        // Only all votes round to 100, and only none to 0.
        assert_eq!(satisfaction_rate(1999, 2000), "99.9");
        assert_eq!(satisfaction_rate(1, 2001), "0.1");
        assert_eq!(share(19999, 20000), "99.99");
        assert_eq!(share(1, 20001), "0.01");
        // Three counts near u32::MAX neither wrap nor saturate.
        let max = u64::from(u32::MAX);
        assert_eq!(satisfaction_rate(max + 1, max + 1), "100.0");
        assert_eq!(share(max, 2 * max), "50");
    }

    #[test]
    fn page_window_is_short_with_gaps() {
        assert_eq!(page_window(1, 1), [(1, false)]);
        assert_eq!(page_window(1, 3), [(1, false), (2, false), (3, false)]);
        assert_eq!(
            page_window(50, 500),
            [
                (1, false),
                (48, true),
                (49, false),
                (50, false),
                (51, false),
                (52, false),
                (500, true)
            ]
        );
    }

    #[test]
    fn news_pages_paths() {
        assert_eq!(news_page_path(1), "news/");
        assert_eq!(news_page_path(3), "news/page/3/");
    }
}
