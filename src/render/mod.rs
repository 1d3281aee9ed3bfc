//! Rendering: turns loaded, validated content into the bytes of every output file.
//!
//! Nothing here touches the disk. Cards and relations are built once ([`cards`]), then
//! every page is an independent job rendered in parallel over shared, immutable data.

pub mod calendar;
pub mod cards;
pub mod memo;
pub mod names;
pub mod pages;
pub mod print;
pub mod tags;
pub mod templates;
pub mod view;

use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{BuildCache, Hasher, Key};
use crate::config::SiteConfig;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use cards::Cards;
use pages::*;
use templates::{Theme, join_url};
use view::*;

/// One file of the output: its path relative to the output folder (with `/`) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path such as `deputies/zhang/index.html`.
    pub path: String,
    /// The file's content (empty when `kept`).
    pub bytes: Vec<u8>,
    /// The build cache found this page's inputs unchanged: the file already in the
    /// output folder is the page, and was not rendered again.
    pub kept: bool,
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
    /// Pages whose inputs did not change since the last build are not rendered again.
    pub cache: Option<&'a BuildCache>,
}

/// The variables every template receives besides `site` and `lang`, plus the page's own,
/// as the build cache hashes them into the page's key. Tera gets the same variables
/// without this wrapper (see [`Renderer::page_with`]).
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
    /// When set, of the list pages `indexes` and `news_lists` select only these (output
    /// paths): the dev server renders an open list page before the reload event.
    pub only_lists: Option<std::collections::HashSet<String>>,
}

impl Selection {
    /// Leaves of the list pages (`indexes`, `news_lists`) only those in `now` in this
    /// selection, and returns a selection of all of them for later: the dev server renders
    /// them after telling pages to reload (the ones in `now`, open in a browser, again).
    pub fn defer_lists(&mut self, now: &std::collections::HashSet<String>) -> Selection {
        let later = Selection {
            indexes: self.indexes,
            news_lists: self.news_lists,
            ..Selection::default()
        };
        if now.is_empty() {
            self.indexes = false;
            self.news_lists = false;
        } else {
            self.only_lists = Some(now.clone());
        }
        later
    }

    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }
}

/// The list pages [`Selection::indexes`] selects, with their output files (the pages of
/// the news list, [`Selection::news_lists`], are `news/index.html` and
/// `news/page/N/index.html`).
const INDEX_PAGES: [(Job, &str); 9] = [
    (Job::Home, "index.html"),
    (Job::DeputiesIndex, "deputies/index.html"),
    (Job::StationsIndex, "stations/index.html"),
    (Job::TagsIndex, "tags/index.html"),
    (Job::NotFound, "404.html"),
    (Job::Robots, "robots.txt"),
    (Job::Sitemap, "sitemap.xml"),
    (Job::PrintIndex, "print/index.html"),
    (Job::PrintAll, "print/all/index.html"),
];

/// True for the output files that [`Selection::indexes`] and [`Selection::news_lists`]
/// select (the pages that list many items).
pub fn is_list_page(path: &str) -> bool {
    INDEX_PAGES.iter().any(|(_, file)| *file == path)
        || path == "news/index.html"
        || path
            .strip_prefix("news/page/")
            .and_then(|rest| rest.strip_suffix("/index.html"))
            .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// The output file of a list page's job; `None` for other jobs.
fn list_page_file(job: Job) -> Option<String> {
    match job {
        Job::NewsIndex(n) => Some(format!("{}index.html", news_page_path(n + 1))),
        _ => INDEX_PAGES
            .iter()
            .find(|(list, _)| std::mem::discriminant(list) == std::mem::discriminant(&job))
            .map(|(_, file)| (*file).to_string()),
    }
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
    // `site` and `lang` are the same on every page: convert them to template values
    // once (a template value shares its contents when cloned).
    let shared = [
        ("site", shared_value(&cards.site, input.theme)?),
        ("lang", shared_value(&input.theme.strings, input.theme)?),
    ];
    let seed = input.cache.map(|cache| {
        let mut hasher = Hasher::new(cache.seed());
        // Which theme folder and language file the templates and strings came from.
        hasher.add_str(&input.config.theme);
        hasher.add_str(&input.config.language);
        hasher.add_str(input.base_url);
        hasher.add_str(input.public_base_url);
        // Writing plain data (strings, numbers, lists) into a hasher cannot fail.
        let _ = hasher.add_value(&cards.site);
        let _ = hasher.add_value(&input.theme.strings);
        hasher.finish()
    });
    let renderer = Renderer {
        input,
        cards: &cards,
        tag_keys: cards.tags.keys().collect(),
        shared,
        seed,
        sheet_cards: std::iter::repeat_with(OnceLock::new)
            .take(cards.deputies.len())
            .collect(),
    };
    let mut jobs = renderer.jobs();
    if let Some(selection) = selection {
        jobs.retain(|job| renderer.selected(*job, selection));
    }
    input.theme.memo.clear();
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
    input.theme.memo.clear();
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

/// A value every page shares, converted for templates once.
fn shared_value<T: Serialize>(data: &T, theme: &Theme) -> Result<tera::Value, Vec<Diagnostic>> {
    tera::Value::try_from_serializable(data).map_err(|e| {
        vec![Diagnostic::error(
            &theme.dir,
            0,
            0,
            format!("cannot build the template context: {e}"),
        )]
    })
}

struct Renderer<'a, 'b> {
    input: &'b RenderInput<'a>,
    cards: &'b Cards<'a>,
    tag_keys: Vec<&'b String>,
    /// `site` and `lang` as template values.
    shared: [(&'static str, tera::Value); 2],
    /// With a build cache: what every page key starts from (program, theme, base URLs,
    /// `site` and `lang`).
    seed: Option<Key>,
    /// Each deputy's printed card, made when a page first needs it.
    sheet_cards: Vec<OnceLock<Shared<SheetCard<'b>>>>,
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
            | Job::PrintAll => selection.indexes && self.list_wanted(job, selection),
            Job::Deputy(i) | Job::PrintDeputy(i) => {
                selection.deputies.contains(&content.deputies[i].slug)
            }
            Job::Station(i) | Job::StationCalendar(i) | Job::PrintStation(i) => {
                selection.stations.contains(&content.stations[i].slug)
            }
            Job::NewsIndex(_) => selection.news_lists && self.list_wanted(job, selection),
            Job::News(i) => selection.news.contains(&content.news[i].slug),
            Job::Tag(t) => selection.tags.contains(self.tag_keys[t].as_str()),
            Job::Page(i) => selection.pages.contains(&content.pages[i].slug),
        }
    }

    /// Whether `selection.only_lists` lets a list page's job through.
    fn list_wanted(&self, job: Job, selection: &Selection) -> bool {
        match (&selection.only_lists, list_page_file(job)) {
            (Some(only), Some(file)) => only.contains(&file),
            _ => true,
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
                    kept: false,
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
                kept: false,
            }),
            Job::Sitemap => Ok(OutputFile {
                path: "sitemap.xml".into(),
                bytes: self.sitemap().into_bytes(),
                kept: false,
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
                // "Print all" holds every code of the site in one page, one render: make
                // the codes first, in parallel, so that page only looks them up.
                self.page_with(
                    "print/all/index.html",
                    "print_all.html",
                    "print",
                    "print/all/",
                    page,
                    || self.prepare_qr_codes(),
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
        self.page_with(out, template, section, path, page, || {})
    }

    /// Like [`Self::page`], calling `before_render` only when the page is rendered (not
    /// kept from the last build).
    fn page_with<T: Serialize>(
        &self,
        out: &str,
        template: &str,
        section: &'static str,
        path: &str,
        page: T,
        before_render: impl FnOnce(),
    ) -> Result<OutputFile, Diagnostic> {
        let theme = self.input.theme;
        let context = PageContext {
            section,
            current_url: self.url(path),
            page,
        };
        if let (Some(seed), Some(cache)) = (self.seed, self.input.cache) {
            let mut hasher = Hasher::new(seed);
            hasher.add_str(template);
            // A context that cannot be hashed is rendered, and any error reported, below.
            if hasher.add_value(&context).is_ok() && cache.reusable(out, hasher.finish()) {
                return Ok(OutputFile {
                    path: out.to_string(),
                    bytes: Vec::new(),
                    kept: true,
                });
            }
        }
        before_render();
        let context_error = |e: &dyn std::fmt::Display| {
            Diagnostic::error(
                &theme.source_of(template),
                0,
                0,
                format!("cannot build the template context: {e}"),
            )
        };
        // The page's own fields, then the two every page has: converting `PageContext`
        // as a whole would go through serde's `flatten`, which builds every key again.
        // (Print pages still flatten their page into `PrintContext`: a few thousand
        // pages, each with little of its own.)
        let PageContext {
            current_url, page, ..
        } = context;
        let mut context = tera::Context::from_serialize(&page).map_err(|e| context_error(&e))?;
        context.insert_value("section", tera::Value::from(section));
        context.insert_value("current_url", tera::Value::from(current_url));
        for (key, shared) in &self.shared {
            context.insert_value(*key, shared.clone());
        }
        // Most pages are 5–30 KB: start at 32 KB rather than grow from a few bytes.
        let mut bytes = Vec::with_capacity(32 << 10);
        theme
            .tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| templates::template_error(&e, &theme.sources, &theme.dir))?;
        Ok(OutputFile {
            path: out.to_string(),
            bytes,
            kept: false,
        })
    }
}
