//! Rendering: turns loaded, validated content into the bytes of every output file.
//!
//! Nothing here touches the disk. Cards and relations are built once ([`cards`]), then
//! every page is an independent job rendered in parallel over shared, immutable data.

pub mod calendar;
pub mod cards;
pub mod print;
pub mod templates;
pub mod view;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use cards::Cards;
use templates::{Strings, Theme, join_url};
use view::*;

/// One file of the output: its path relative to the output folder (with `/`) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path such as `deputies/zhang/index.html`.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// What the renderer needs.
pub struct RenderInput<'a> {
    /// Site configuration.
    pub config: &'a SiteConfig,
    /// Loaded and validated content.
    pub content: &'a Content,
    /// The theme, templates parsed.
    pub theme: &'a Theme,
    /// Base URL of this build (may differ from the configured one).
    pub base_url: &'a str,
    /// The public portal's base URL, for QR codes on printed sheets.
    pub public_base_url: &'a str,
    /// The build date.
    pub today: NaiveDate,
}

/// The variables every template receives besides `site` and `lang`, plus the page's own.
#[derive(Serialize)]
struct PageContext<T: Serialize> {
    section: &'static str,
    current_url: String,
    #[serde(flatten)]
    page: T,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    DeputiesIndex,
    Deputy(usize),
    StationsIndex,
    Station(usize),
    StationCalendar(usize),
    NewsIndex(usize),
    News(usize),
    TagsIndex,
    Tag(usize),
    Page(usize),
    NotFound,
    Robots,
    Sitemap,
    PrintIndex,
    PrintAll,
    PrintStation(usize),
    PrintDeputy(usize),
}

/// Renders every output file of the site (static files excepted) and hands each to
/// `emit` as soon as it is ready, in parallel. Returns how many files were emitted, or
/// every template error (each reported once).
pub fn render_site(
    input: &RenderInput<'_>,
    emit: &(dyn Fn(OutputFile) -> anyhow::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    render_selected(input, None, emit)
}

/// Which pages to render again after an edit (the dev server's incremental rebuild).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Home, deputies, stations and tags indexes, 404, robots.txt and sitemap.xml.
    pub indexes: bool,
    /// Every page of the paginated news list.
    pub news_lists: bool,
    /// Deputy pages, by slug.
    pub deputies: std::collections::HashSet<String>,
    /// Station pages and calendars, by slug.
    pub stations: std::collections::HashSet<String>,
    /// News pages, by slug.
    pub news: std::collections::HashSet<String>,
    /// Tag pages, by tag slug.
    pub tags: std::collections::HashSet<String>,
    /// Free pages, by slug.
    pub pages: std::collections::HashSet<String>,
}

/// Renders the pages `selection` names (all pages when `None`), handing each to `emit`.
pub fn render_selected(
    input: &RenderInput<'_>,
    selection: Option<&Selection>,
    emit: &(dyn Fn(OutputFile) -> anyhow::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let cards = Cards::build(
        input.config,
        input.content,
        input.theme,
        input.base_url,
        input.today,
    );
    // `site` and `lang` are the same on every page: convert them to template values once.
    let shared = shared_values(&cards.site, &input.theme.strings).map_err(|e| {
        vec![Diagnostic::error(
            &input.theme.dir,
            0,
            0,
            format!("cannot build the template context: {e}"),
        )]
    })?;
    let renderer = Renderer {
        input,
        cards: &cards,
        tag_keys: cards.tags.keys().collect(),
        shared,
    };
    let mut jobs = renderer.jobs();
    if let Some(selection) = selection {
        jobs.retain(|job| renderer.selected(*job, selection));
    }
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let file = match renderer.render(*job) {
                Ok(file) => file,
                Err(error) => return Some(error),
            };
            let path = file.path.clone();
            emit(file).err().map(|e| {
                Diagnostic::error(
                    std::path::Path::new(&path),
                    0,
                    0,
                    format!("cannot write the page: {e:#}"),
                )
            })
        })
        .collect();
    let mut unique: Vec<Diagnostic> = Vec::new();
    for error in errors {
        if !unique.contains(&error) {
            unique.push(error);
        }
    }
    if unique.is_empty() {
        Ok(jobs.len())
    } else {
        Err(unique)
    }
}

struct Renderer<'a, 'b> {
    input: &'b RenderInput<'a>,
    cards: &'b Cards<'a>,
    tag_keys: Vec<&'b String>,
    /// `site` and `lang` as template values.
    shared: [(&'static str, tera::Value); 2],
}

fn shared_values(
    site: &SiteView<'_>,
    lang: &Strings,
) -> serde_json::Result<[(&'static str, tera::Value); 2]> {
    Ok([
        ("site", serde_json::to_value(site)?),
        ("lang", serde_json::to_value(lang)?),
    ])
}

impl<'a, 'b> Renderer<'a, 'b> {
    fn jobs(&self) -> Vec<Job> {
        let content = self.input.content;
        let mut jobs = vec![
            Job::Home,
            Job::DeputiesIndex,
            Job::StationsIndex,
            Job::TagsIndex,
            Job::NotFound,
            Job::Robots,
            Job::Sitemap,
            Job::PrintIndex,
            Job::PrintAll,
        ];
        jobs.extend(
            (0..content.deputies.len()).flat_map(|i| [Job::Deputy(i), Job::PrintDeputy(i)]),
        );
        jobs.extend((0..content.stations.len()).flat_map(|i| {
            [
                Job::Station(i),
                Job::StationCalendar(i),
                Job::PrintStation(i),
            ]
        }));
        jobs.extend((0..self.news_pages()).map(Job::NewsIndex));
        jobs.extend((0..content.news.len()).map(Job::News));
        jobs.extend((0..self.tag_keys.len()).map(Job::Tag));
        jobs.extend((0..content.pages.len()).map(Job::Page));
        jobs
    }

    fn selected(&self, job: Job, selection: &Selection) -> bool {
        let content = self.input.content;
        match job {
            Job::Home
            | Job::DeputiesIndex
            | Job::StationsIndex
            | Job::TagsIndex
            | Job::NotFound
            | Job::Robots
            | Job::Sitemap
            | Job::PrintIndex
            | Job::PrintAll => selection.indexes,
            Job::Deputy(i) | Job::PrintDeputy(i) => {
                selection.deputies.contains(&content.deputies[i].slug)
            }
            Job::Station(i) | Job::StationCalendar(i) | Job::PrintStation(i) => {
                selection.stations.contains(&content.stations[i].slug)
            }
            Job::NewsIndex(_) => selection.news_lists,
            Job::News(i) => selection.news.contains(&content.news[i].slug),
            Job::Tag(t) => selection.tags.contains(self.tag_keys[t].as_str()),
            Job::Page(i) => selection.pages.contains(&content.pages[i].slug),
        }
    }

    fn news_pages(&self) -> usize {
        self.input
            .content
            .news
            .len()
            .div_ceil(self.input.config.news_per_page)
            .max(1)
    }

    fn url(&self, path: &str) -> String {
        join_url(self.input.base_url, path)
    }

    fn render(&self, job: Job) -> Result<OutputFile, Diagnostic> {
        let content = self.input.content;
        let cards = self.cards;
        match job {
            Job::Home => self.page("index.html", "index.html", "home", "", self.home()),
            Job::DeputiesIndex => self.page(
                "deputies/index.html",
                "deputies.html",
                "deputies",
                "deputies/",
                self.deputies_index(),
            ),
            Job::Deputy(i) => {
                let path = format!("deputies/{}/", cards.deputies[i].slug);
                self.page(
                    &format!("{path}index.html"),
                    "deputy.html",
                    "deputies",
                    &path,
                    DeputyPage {
                        deputy: self.deputy(i),
                    },
                )
            }
            Job::StationsIndex => self.page(
                "stations/index.html",
                "stations.html",
                "stations",
                "stations/",
                self.stations_index(),
            ),
            Job::Station(i) => {
                let path = format!("stations/{}/", cards.stations[i].reference.slug);
                self.page(
                    &format!("{path}index.html"),
                    "station.html",
                    "stations",
                    &path,
                    StationPage {
                        station: self.station(i),
                    },
                )
            }
            Job::StationCalendar(i) => {
                let station = &content.stations[i];
                let host = self.input.base_url.split('/').nth(2).unwrap_or("localhost");
                Ok(OutputFile {
                    path: format!("stations/{}/reception.ics", station.slug),
                    bytes: calendar::station_calendar(station, content, host).into_bytes(),
                })
            }
            Job::NewsIndex(n) => {
                let path = news_page_path(n + 1);
                self.page(
                    &format!("{path}index.html"),
                    "news_list.html",
                    "news",
                    &path,
                    self.news_index(n),
                )
            }
            Job::News(i) => {
                let path = format!("news/{}/", cards.news[i].slug);
                self.page(
                    &format!("{path}index.html"),
                    "news.html",
                    "news",
                    &path,
                    NewsPage { news: self.news(i) },
                )
            }
            Job::TagsIndex => self.page(
                "tags/index.html",
                "tags.html",
                "tags",
                "tags/",
                TagsPage {
                    tags: self.tag_facets(),
                },
            ),
            Job::Tag(t) => {
                let slug = self.tag_keys[t];
                let (name, list) = &cards.tags[slug];
                let path = format!("tags/{slug}/");
                let tag = Facet {
                    key: slug.clone(),
                    name,
                    count: list.len(),
                    url: self.url(&path),
                };
                let news = list.iter().map(|&n| &cards.news[n]).collect();
                self.page(
                    &format!("{path}index.html"),
                    "tag.html",
                    "tags",
                    &path,
                    TagPage { tag, news },
                )
            }
            Job::Page(i) => {
                let page = &content.pages[i];
                let path = format!("{}/", page.slug);
                let view = PageView {
                    slug: &page.slug,
                    url: self.url(&path),
                    title: &page.matter.title,
                    content: &content.pages[i].html,
                };
                self.page(
                    &format!("{path}index.html"),
                    "page.html",
                    "page",
                    &path,
                    FreePage { page: view },
                )
            }
            Job::NotFound => self.page("404.html", "404.html", "404", "404.html", Empty {}),
            Job::Robots => Ok(OutputFile {
                path: "robots.txt".into(),
                bytes: format!(
                    "User-agent: *\nAllow: /\nSitemap: {}\n",
                    self.url("sitemap.xml")
                )
                .into_bytes(),
            }),
            Job::Sitemap => Ok(OutputFile {
                path: "sitemap.xml".into(),
                bytes: self.sitemap().into_bytes(),
            }),
            Job::PrintIndex => {
                let page = self.print_context(self.print_index());
                self.page(
                    "print/index.html",
                    "print_index.html",
                    "print",
                    "print/",
                    page,
                )
            }
            Job::PrintAll => {
                let page = self.print_context(self.all_sheets());
                self.page(
                    "print/all/index.html",
                    "print_all.html",
                    "print",
                    "print/all/",
                    page,
                )
            }
            Job::PrintStation(i) => {
                let path = format!("print/stations/{}/", cards.stations[i].reference.slug);
                let page = self.print_context(self.sheet_page(i));
                self.page(
                    &format!("{path}index.html"),
                    "print_station.html",
                    "print",
                    &path,
                    page,
                )
            }
            Job::PrintDeputy(i) => {
                let path = format!("print/deputies/{}/", cards.deputies[i].slug);
                let page = self.print_context(self.deputy_sheet_page(i));
                self.page(
                    &format!("{path}index.html"),
                    "print_deputy.html",
                    "print",
                    &path,
                    page,
                )
            }
        }
    }

    /// Renders `template` with the common variables and `page`'s own.
    fn page<T: Serialize>(
        &self,
        out: &str,
        template: &str,
        section: &'static str,
        path: &str,
        page: T,
    ) -> Result<OutputFile, Diagnostic> {
        let theme = self.input.theme;
        let context = PageContext {
            section,
            current_url: self.url(path),
            page,
        };
        let context_error = |e: &dyn std::fmt::Display| {
            Diagnostic::error(
                &theme.source_of(template),
                0,
                0,
                format!("cannot build the template context: {e}"),
            )
        };
        let mut value = serde_json::to_value(&context).map_err(|e| context_error(&e))?;
        if let tera::Value::Object(map) = &mut value {
            for (key, shared) in &self.shared {
                map.insert((*key).to_string(), shared.clone());
            }
        }
        let context = tera::Context::from_value(value).map_err(|e| context_error(&e))?;
        let html = theme
            .tera
            .render(template, &context)
            .map_err(|e| templates::template_error(&e, &theme.sources, &theme.dir))?;
        Ok(OutputFile {
            path: out.to_string(),
            bytes: html.into_bytes(),
        })
    }

    fn home(&self) -> HomePage<'_> {
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
        HomePage {
            latest_news: cards.news.iter().take(6).collect(),
            stations: cards.stations.iter().collect(),
            levels: self.level_facets(),
            deputy_count: cards.deputies.len(),
            station_count: cards.stations.len(),
            news_count: cards.news.len(),
            upcoming_reception: upcoming,
        }
    }

    fn level_facets(&self) -> Vec<Facet<'_>> {
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
                url: self.url(&format!("deputies/#level-{key}")),
            })
            .collect()
    }

    fn deputies_index(&self) -> DeputiesPage<'_> {
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

    fn deputy(&self, i: usize) -> DeputyView<'_> {
        let cards = self.cards;
        let content = self.input.content;
        let matter = &content.deputies[i].matter;
        let mut record: Vec<_> = matter.record.iter().map(|r| &r.value).collect();
        record.sort_by_key(|r| std::cmp::Reverse(r.year));
        let mut reports: Vec<ReportView> = matter
            .reports
            .iter()
            .map(|r| {
                let votes = r.votes.unwrap_or_default();
                let total = votes.satisfied + votes.basically + votes.dissatisfied;
                ReportView {
                    date: r.date.to_string(),
                    station: r
                        .station
                        .as_ref()
                        .and_then(|s| content.station_index.get(&s.value))
                        .map(|&s| cards.stations[s].reference.clone()),
                    votes: r.votes,
                    total,
                    satisfaction_rate: satisfaction_rate(votes.satisfied + votes.basically, total),
                }
            })
            .collect();
        reports.sort_by(|a, b| b.date.cmp(&a.date));
        let slug = &content.deputies[i].slug;
        let mut reception_upcoming = Vec::new();
        for (s, station) in content.stations.iter().enumerate() {
            for day in &station.matter.reception {
                if day.date.0 >= cards.today && day.deputies.iter().any(|d| &d.value == slug) {
                    reception_upcoming.push(cards.reception(self.input.theme, content, s, day));
                }
            }
        }
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

    fn stations_index(&self) -> StationsPage<'_> {
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

    fn station(&self, i: usize) -> StationView<'_> {
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
            geo: station.matter.geo.as_ref().map(|g| g.value.as_slice()),
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

    fn news_index(&self, n: usize) -> NewsListPage<'_> {
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

    fn news(&self, i: usize) -> NewsView<'_> {
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

    fn tag_facets(&self) -> Vec<Facet<'_>> {
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

    fn sitemap(&self) -> String {
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
fn news_page_path(number: usize) -> String {
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

/// A percentage with one decimal, or empty when nobody voted.
pub fn satisfaction_rate(approving: u32, total: u32) -> String {
    if total == 0 {
        return String::new();
    }
    format!("{:.1}", f64::from(approving) * 100.0 / f64::from(total))
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct HomePage<'a> {
    latest_news: Vec<&'a NewsCard<'a>>,
    stations: Vec<&'a StationCard<'a>>,
    levels: Vec<Facet<'a>>,
    deputy_count: usize,
    station_count: usize,
    news_count: usize,
    upcoming_reception: Vec<ReceptionView<'a>>,
}

#[derive(Serialize)]
struct DeputiesPage<'a> {
    deputies: Vec<&'a DeputyCard<'a>>,
    levels: Vec<Facet<'a>>,
    towns: Vec<Facet<'a>>,
    groups: Vec<Facet<'a>>,
}

#[derive(Serialize)]
struct DeputyPage<'a> {
    deputy: DeputyView<'a>,
}

#[derive(Serialize)]
struct StationsPage<'a> {
    towns: Vec<TownGroup<'a>>,
    villages: Vec<VillageView<'a>>,
    stations: Vec<&'a StationCard<'a>>,
}

#[derive(Serialize)]
struct StationPage<'a> {
    station: StationView<'a>,
}

#[derive(Serialize)]
struct NewsListPage<'a> {
    news: Vec<&'a NewsCard<'a>>,
    paginator: Paginator,
}

#[derive(Serialize)]
struct NewsPage<'a> {
    news: NewsView<'a>,
}

#[derive(Serialize)]
struct TagsPage<'a> {
    tags: Vec<Facet<'a>>,
}

#[derive(Serialize)]
struct TagPage<'a> {
    tag: Facet<'a>,
    news: Vec<&'a NewsCard<'a>>,
}

#[derive(Serialize)]
struct FreePage<'a> {
    page: PageView<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_counts_satisfied_and_basically() {
        assert_eq!(satisfaction_rate(110, 112), "98.2");
        assert_eq!(satisfaction_rate(0, 0), "");
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
