//! Loading the site's content: every file under `content/`, parsed and sorted.
//!
//! Files are read and parsed in parallel. Problems are collected, not returned early, so
//! one run reports every broken file. Cross-file checks live in [`validate`].

pub mod clock;
pub mod date;
pub mod front_matter;
pub mod model;
pub mod reload;
pub mod slug;
pub(crate) mod static_paths;
pub(crate) mod static_text;
pub mod strokes;
pub mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{DeputyOrder, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{self, Spanned};
use model::{DeputyMatter, NewsMatter, PageMatter, StationMatter};

/// The folder under the site root that holds content.
pub const CONTENT_DIR: &str = "content";

/// Content folders this version builds, with the kind of file each holds.
pub const KNOWN_FOLDERS: [&str; 4] = ["deputies", "stations", "news", "pages"];

/// One content file: its slug, where it came from, its front matter and its Markdown.
#[derive(Debug)]
pub struct Item<M> {
    /// URL name, unique within its kind.
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    /// The parsed front matter.
    pub matter: M,
    /// The body, rendered from Markdown to HTML.
    pub html: String,
}

/// A loaded deputy.
pub type Deputy = Item<DeputyMatter>;
/// A loaded station.
pub type Station = Item<StationMatter>;
/// A loaded news item.
pub type News = Item<NewsMatter>;
/// A loaded page.
pub type Page = Item<PageMatter>;

/// Everything under `content/`, sorted for display and indexed by slug.
#[derive(Debug, Default)]
pub struct Content {
    /// Deputies in the site's `deputy_order`.
    pub deputies: Vec<Deputy>,
    /// Stations by town, kind, then name.
    pub stations: Vec<Station>,
    /// News, newest first.
    pub news: Vec<News>,
    /// Pages by `order`, then title.
    pub pages: Vec<Page>,
    /// Deputy slug → index in `deputies`.
    pub deputy_index: HashMap<String, usize>,
    /// Station slug → index in `stations`.
    pub station_index: HashMap<String, usize>,
    /// Slugs (from file names and readable `slug:` lines) of files that failed to load,
    /// per folder, with an entry for every folder that has such a file (even when no
    /// slug is known): references to them are not reported again as dangling, since the
    /// file's own error says it all.
    pub failed_slugs: HashMap<&'static str, Vec<String>>,
    /// Files that have errors but whose other parts read (see [`yaml::parse_with_rest`]),
    /// with the keys their errors took out: they are in the lists above only so that
    /// checks across files cover them in the same run, and get no warning about a key
    /// an error took out (it reads as absent). A site with any of them never renders,
    /// since they come with errors.
    pub incomplete: HashMap<PathBuf, Vec<String>>,
    /// News items left out because they are drafts (none with `--drafts`): each is
    /// warned about, so a draft forgotten as `draft: true` does not vanish unnoticed.
    pub drafts_left_out: Vec<PathBuf>,
}

/// What front matter must tell the loader to name a file.
pub(crate) trait Matter: DeserializeOwned + Send {
    fn explicit_slug(&self) -> Option<&Spanned<String>>;
    /// True for deputies: a Chinese file name is a person's name (surname readings apply).
    fn is_person() -> bool {
        false
    }
    fn is_draft(&self) -> bool {
        false
    }
    /// Levels the body's headings move down: deputy and station pages show the body in a
    /// section under an `h2`.
    fn heading_shift() -> u8 {
        0
    }
}

impl Matter for DeputyMatter {
    fn explicit_slug(&self) -> Option<&Spanned<String>> {
        self.slug.as_ref()
    }
    fn is_person() -> bool {
        true
    }
    fn heading_shift() -> u8 {
        1
    }
}

impl Matter for StationMatter {
    fn explicit_slug(&self) -> Option<&Spanned<String>> {
        self.slug.as_ref()
    }
    fn heading_shift() -> u8 {
        1
    }
}

impl Matter for NewsMatter {
    fn explicit_slug(&self) -> Option<&Spanned<String>> {
        self.slug.as_ref()
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
}

impl Matter for PageMatter {
    fn explicit_slug(&self) -> Option<&Spanned<String>> {
        self.slug.as_ref()
    }
}

/// Loads all content of the site at `root`. Drafts are kept only when `drafts` is set.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Content {
    check_folders(root, diagnostics);
    // The four folders load at once, so one folder's listing and its slowest files
    // overlap another's parsing; their problems are reported in folder order.
    let ((deputies, stations), (news, pages)) = rayon::join(
        || {
            rayon::join(
                || load_kind::<DeputyMatter>(root, "deputies"),
                || load_kind::<StationMatter>(root, "stations"),
            )
        },
        || {
            rayon::join(
                || load_kind::<NewsMatter>(root, "news"),
                || load_kind::<PageMatter>(root, "pages"),
            )
        },
    );
    let mut failed_slugs = HashMap::new();
    let mut incomplete = HashMap::new();
    let mut found = Found {
        diagnostics,
        failed_slugs: &mut failed_slugs,
        incomplete: &mut incomplete,
    };
    let deputies = found.take(deputies, "deputies");
    let stations = found.take(stations, "stations");
    let news = found.take(news, "news");
    let pages = found.take(pages, "pages");

    let (news, left_out): (Vec<News>, Vec<News>) = news
        .into_iter()
        .partition(|n| drafts || !n.matter.is_draft());
    let mut content = Content {
        deputies,
        stations,
        news,
        pages,
        failed_slugs,
        incomplete,
        drafts_left_out: left_out.into_iter().map(|n| n.path).collect(),
        ..Content::default()
    };
    content.finish(config.deputy_order);
    content
}

impl Content {
    /// Sorts every list for display and rebuilds the slug indexes.
    pub fn finish(&mut self, order: DeputyOrder) {
        sort(self, order);
        self.deputy_index = index_by_slug(&self.deputies);
        self.station_index = index_by_slug(&self.stations);
    }
}

fn sort(content: &mut Content, order: DeputyOrder) {
    match order {
        DeputyOrder::Strokes => content
            .deputies
            .sort_by_cached_key(|d| (strokes::stroke_key(&d.matter.name), d.slug.clone())),
        DeputyOrder::Pinyin => content.deputies.sort_by_cached_key(|d| {
            (
                slug::name_pinyin(&d.matter.name),
                d.matter.name.clone(),
                d.slug.clone(),
            )
        }),
        DeputyOrder::File => content.deputies.sort_by(|a, b| a.path.cmp(&b.path)),
    }
    content.stations.sort_by(|a, b| {
        (&a.matter.town, a.matter.kind, &a.matter.name).cmp(&(
            &b.matter.town,
            b.matter.kind,
            &b.matter.name,
        ))
    });
    content.news.sort_by(|a, b| {
        b.matter
            .date
            .cmp(&a.matter.date)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    content.pages.sort_by(|a, b| {
        (a.matter.order.unwrap_or(i64::MAX), &a.matter.title)
            .cmp(&(b.matter.order.unwrap_or(i64::MAX), &b.matter.title))
    });
}

fn index_by_slug<M>(items: &[Item<M>]) -> HashMap<String, usize> {
    // On duplicate slugs the first file wins; validation reports the duplicate.
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        index.entry(item.slug.clone()).or_insert(i);
    }
    index
}

/// Reports folders under `content/` that this version does not build, so data is never
/// silently left out of the site because a folder name has a typo.
fn check_folders(root: &Path, diagnostics: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(root.join(CONTENT_DIR)) else {
        diagnostics.push(
            Diagnostic::error(
                Path::new(CONTENT_DIR),
                0,
                0,
                "the content folder is missing",
            )
            .with_hint("create content/deputies, content/stations, content/news and content/pages"),
        );
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || KNOWN_FOLDERS.contains(&name.as_str()) {
            continue;
        }
        if !entry.path().is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    &Path::new(CONTENT_DIR).join(&name),
                    0,
                    0,
                    "this file is not read: content files go in a folder under content/",
                )
                .with_hint(format!("move it into one of: {}", KNOWN_FOLDERS.join(", "))),
            );
            continue;
        }
        let path = Path::new(CONTENT_DIR).join(&name);
        let diagnostic = if name == "suggestions" {
            Diagnostic::warning(
                &path,
                0,
                0,
                "suggestions are not published by this version yet; the folder is skipped",
            )
        } else {
            let hint = match did_you_mean(&name, KNOWN_FOLDERS) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("content folders are: {}", KNOWN_FOLDERS.join(", ")),
            };
            Diagnostic::error(&path, 0, 0, format!("unknown content folder \"{name}\""))
                .with_hint(hint)
        };
        diagnostics.push(diagnostic);
    }
}

/// The Markdown files of one content folder, sorted by path, and a warning for each other
/// file in it (`.MD`, `.markdown`, `.md.txt` from Notepad...): none of them is read.
fn list_files(root: &Path, folder: &str) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR).join(folder);
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let entries = crate::walk::sorted(&dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok);
    for entry in entries {
        if entry.file_type().is_symlink() {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            skipped.push(crate::walk::link_warning(
                shown,
                "in content folders are not read",
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if entry.path().extension().is_some_and(|x| x == "md") {
            files.push(entry.into_path());
        } else {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            skipped.push(
                Diagnostic::warning(shown, 0, 0, "this file is not read: content files end in .md")
                    .with_hint("rename it to end in .md (lowercase) if it is content; photos and other files go in static/"),
            );
        }
    }
    files.sort();
    (files, skipped)
}

/// What loading one folder found.
struct Loaded<M> {
    /// Its items, incomplete ones included.
    items: Vec<Item<M>>,
    /// The problems of its files.
    problems: Vec<Diagnostic>,
    /// The slugs broken files would have had, so references to them are not reported
    /// again as dangling.
    failed: Vec<String>,
    /// The paths of items read from files with errors, with the keys errors took out.
    incomplete: Vec<(PathBuf, Vec<String>)>,
    /// Whether a file of the folder has errors and no rest that reads.
    any_unread: bool,
}

/// Where the problems, failed slugs and incomplete files of every folder are gathered.
struct Found<'a> {
    diagnostics: &'a mut Diagnostics,
    failed_slugs: &'a mut HashMap<&'static str, Vec<String>>,
    incomplete: &'a mut HashMap<PathBuf, Vec<String>>,
}

impl Found<'_> {
    /// A folder's items; what else loading it found is gathered.
    fn take<M>(&mut self, loaded: Loaded<M>, folder: &'static str) -> Vec<Item<M>> {
        self.diagnostics.extend(loaded.problems);
        if loaded.any_unread {
            self.failed_slugs.insert(folder, loaded.failed);
        }
        self.incomplete.extend(loaded.incomplete);
        loaded.items
    }
}

fn load_kind<M: Matter>(root: &Path, folder: &'static str) -> Loaded<M> {
    let (files, skipped) = list_files(root, folder);
    let results: Vec<FileResult<M>> = files
        .par_iter()
        .map(|path| load_file::<M>(root, path))
        .collect();
    let mut loaded = Loaded {
        items: Vec::with_capacity(results.len()),
        problems: skipped,
        failed: Vec::new(),
        incomplete: Vec::new(),
        any_unread: false,
    };
    for (result, path) in results.into_iter().zip(&files) {
        match result {
            Ok((item, warnings)) => {
                loaded.items.push(item);
                loaded.problems.extend(warnings);
            }
            Err(broken) => {
                loaded.problems.extend(broken.problems);
                if let Some((item, blanked)) = broken.rest.map(|rest| *rest) {
                    loaded.incomplete.push((item.path.clone(), blanked));
                    loaded.items.push(item);
                } else {
                    loaded.any_unread = true;
                    loaded
                        .failed
                        .extend(slug_from_file_name(path, M::is_person()));
                    loaded.failed.extend(broken.slug);
                }
            }
        }
    }
    loaded
}

/// One file read: its item and warnings, or what is wrong with it.
pub(crate) type FileResult<M> = Result<(Item<M>, Vec<Diagnostic>), Broken<M>>;

/// A file with errors.
#[derive(Debug)]
pub(crate) struct Broken<M> {
    /// Every problem found in it.
    pub problems: Vec<Diagnostic>,
    /// What the rest of its front matter says, when it reads without the parts that
    /// have errors, and the keys those parts held (see [`yaml::parse_with_rest`]).
    /// (Boxed: it is large, and most broken files have none.)
    pub rest: Option<Box<(Item<M>, Vec<String>)>>,
    /// The slug its front matter gives, when it reads but the rest is not kept:
    /// references to it are not dangling either.
    pub slug: Option<String>,
}

impl<M> From<Vec<Diagnostic>> for Broken<M> {
    fn from(problems: Vec<Diagnostic>) -> Self {
        Broken {
            problems,
            rest: None,
            slug: None,
        }
    }
}

/// Reads one file into an item and its warnings, or lists every problem found in its
/// front matter and body.
pub(crate) fn load_file<M: Matter>(root: &Path, path: &Path) -> FileResult<M> {
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            &relative,
            0,
            0,
            format!("cannot read the file: {e}"),
        )]
    })?;
    let text = front_matter::decode(&bytes, &relative).map_err(|d| vec![d])?;
    let split = front_matter::split(text, &relative).map_err(|d| vec![d])?;
    let parsed = yaml::parse_with_rest::<M>(split.yaml, &relative, split.yaml_line_offset);
    let body = front_matter::check_body(text, &split, &relative, yaml::field_names::<M>);
    let matter = match (parsed, body) {
        (Ok(matter), Ok(())) => matter,
        (Err((mut problems, rest)), body) => {
            front_matter::explain_cut_off_keys(text, &split, &relative, &mut problems);
            // (A required key on the body's first line is named by both.)
            problems.extend(body.err().filter(|problem| !problems.contains(problem)));
            let Some(rest) = rest else {
                return Err(problems.into());
            };
            // Without the keys that say what a file is called and whether it is
            // published, or with a blanked key that may have been one of them, the
            // rest would be checked as something else (a draft as published news,
            // under a slug from the file name that nothing refers to): better no
            // checks than wrong ones. Its own slug still counts as taken.
            let identity_lost = rest.blanked_unknown
                || (rest.blanked.iter()).any(|key| IDENTITY_KEYS.contains(&key.as_str()));
            if identity_lost {
                let slug = rest.value.explicit_slug().map(|s| s.value.clone());
                return Err(Broken {
                    problems,
                    rest: None,
                    slug,
                });
            }
            // A slug error of the rest is left for the run after the others are fixed.
            let rest = named(rest.value, path, &relative, &split)
                .ok()
                .map(|item| Box::new((item, rest.blanked)));
            return Err(Broken {
                problems,
                rest,
                slug: None,
            });
        }
        (Ok(_), Err(problem)) => return Err(vec![problem].into()),
    };
    let item = named(matter, path, &relative, &split).map_err(|d| vec![d])?;
    let warnings = front_matter::cut_by_comments(&split, &relative);
    Ok((item, warnings))
}

/// Keys that decide what a file is (its URL name) and whether it is published.
const IDENTITY_KEYS: [&str; 2] = ["slug", "draft"];

/// The item for a file whose front matter parsed: its slug checked, its body rendered.
fn named<M: Matter>(
    matter: M,
    path: &Path,
    relative: &Path,
    split: &front_matter::Split<'_>,
) -> Result<Item<M>, Diagnostic> {
    let relative = relative.to_path_buf();
    let slug = match matter.explicit_slug() {
        Some(explicit) => {
            if !slug::is_valid(&explicit.value) {
                let (line, col) = yaml::position(explicit, split.yaml_line_offset);
                return Err(Diagnostic::error(
                    &relative,
                    line,
                    col,
                    format!(
                        "slug \"{}\" may only use lowercase letters a-z, digits and single hyphens",
                        explicit.value
                    ),
                )
                .with_hint(match slug::slugify(&explicit.value) {
                    suggestion if suggestion.is_empty() => {
                        "for example \"zhang-xiao-hong\"".to_string()
                    }
                    suggestion => format!("for example \"{suggestion}\""),
                }));
            }
            explicit.value.clone()
        }
        None => slug_from_file_name(path, M::is_person()).ok_or_else(|| {
            Diagnostic::error(
                &relative,
                1,
                1,
                "cannot make a URL name (slug) from this file name",
            )
            .with_hint(
                "rename the file with letters or Chinese characters, or add a \"slug:\" line",
            )
        })?,
    };
    if slug.len() > slug::MAX_LEN {
        let (line, col, hint) = match matter.explicit_slug() {
            Some(explicit) => {
                let (line, col) = yaml::position(explicit, split.yaml_line_offset);
                (line, col, "write a shorter slug: a few words are enough")
            }
            None => (
                1,
                1,
                "give the file a shorter name, or add a shorter \"slug:\" line",
            ),
        };
        return Err(Diagnostic::error(
            &relative,
            line,
            col,
            format!(
                "the URL name (slug) is {} characters long; at most {} are allowed",
                slug.len(),
                slug::MAX_LEN
            ),
        )
        .with_hint(hint));
    }
    Ok(Item {
        slug,
        path: relative,
        matter,
        html: crate::markdown::render(split.body, M::heading_shift()),
    })
}

/// The slug of a file: its stem if already valid, else its pinyin.
pub(crate) fn slug_from_file_name(path: &Path, is_person: bool) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    let slug = if slug::is_valid(&stem) {
        stem.into_owned()
    } else if is_person {
        slug::slugify_name(&stem)
    } else {
        slug::slugify(&stem)
    };
    slug::is_valid(&slug).then_some(slug)
}
