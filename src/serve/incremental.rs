//! The dev server's site: rebuilt in full when the theme, configuration or static files
//! change or a file is added, removed or renamed; otherwise only the changed content
//! files are re-read and only the pages they can affect are rendered again.
//!
//! The dependency rules are in `affected`, one function per kind of content, and a
//! test (`tests/incremental.rs`) checks, edit after edit, that the result equals a full
//! build byte for byte. Whenever a rule cannot be sure, it falls back to a full rebuild.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::watch::Change;
use crate::content::model::{DeputyMatter, NewsMatter};
use crate::content::reload::{Reloaded, reload};
use crate::content::{Content, validate};
use crate::diagnostics::{Diagnostics, SiteErrors};
use crate::render::Selection;
use crate::render::cards::tag_slugs;
use crate::site::{self, BuildOptions, Prepared};

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// Pages rendered.
    pub rendered: usize,
    /// True when everything was rebuilt.
    pub full: bool,
}

/// The site as the dev server keeps it between saves.
pub struct LiveSite {
    options: BuildOptions,
    /// The loaded site; `None` after a failed update (the next one starts afresh).
    prepared: Option<Prepared>,
    /// The output of the last good build; bytes are shared with the server's copies.
    pub files: site::Files,
    /// Leave the list pages an edit affects for [`LiveSite::finish_pending`], so the page
    /// being edited reloads sooner (set by the server when no open page is a list page).
    pub defer_lists: bool,
    /// List pages open in a browser (output paths): rendered before the others are
    /// deferred.
    pub open_lists: std::collections::HashSet<String>,
    /// List pages still to render after the last update.
    pending: Option<Selection>,
    /// The build date of the current pages ("upcoming" reception days depend on it).
    built_on: Option<chrono::NaiveDate>,
}

impl LiveSite {
    /// A site that has not been built yet; call [`LiveSite::update`] with no changes.
    /// Links pages to `base_url` from the next build on (the site's path in `site.yaml`
    /// changed while serving).
    pub fn set_base_url(&mut self, base_url: String) {
        self.options.base_url = Some(base_url);
    }

    pub fn new(options: BuildOptions) -> Self {
        LiveSite {
            options,
            prepared: None,
            files: HashMap::new(),
            defer_lists: false,
            open_lists: Default::default(),
            pending: None,
            built_on: None,
        }
    }

    /// Warnings of the current site.
    pub fn warnings(&self) -> &[crate::diagnostics::Diagnostic] {
        self.prepared
            .as_ref()
            .map_or(&[], |p| p.warnings.as_slice())
    }

    /// Brings the site up to date with `changes` (relative or absolute paths). On error the
    /// last good output stays in `files`.
    pub fn update(&mut self, changes: &[(Change, PathBuf)]) -> Result<Updated, SiteErrors> {
        if self.pending.is_some() {
            self.finish_pending()?;
        }
        let content_only =
            !changes.is_empty() && changes.iter().all(|(c, _)| *c == Change::Content);
        if content_only && self.prepared.is_some() && !self.is_outdated() {
            match self.update_content(changes) {
                Ok(Some(updated)) => return Ok(updated),
                Ok(None) => {} // structural: rebuild below
                Err(errors) => {
                    self.prepared = None;
                    return Err(errors);
                }
            }
        }
        self.rebuild()
    }

    /// True when the date changed since the pages were rendered (a server running past
    /// midnight): the next update rebuilds everything.
    pub fn is_outdated(&self) -> bool {
        self.built_on
            .is_some_and(|built_on| built_on != site::build_date())
    }

    /// True when list pages of the last update are still to be rendered.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Renders the list pages the last update deferred; returns how many.
    pub fn finish_pending(&mut self) -> Result<usize, SiteErrors> {
        let (Some(selection), Some(prepared)) = (self.pending.take(), self.prepared.as_ref())
        else {
            return Ok(0);
        };
        render_into(&mut self.files, prepared, Some(&selection), &self.options)
            .inspect_err(|_| self.prepared = None)
    }

    fn rebuild(&mut self) -> Result<Updated, SiteErrors> {
        self.prepared = None;
        self.pending = None;
        self.built_on = Some(site::build_date());
        let prepared = site::prepare(&self.options)?;
        let mut files = HashMap::new();
        let rendered = render_into(&mut files, &prepared, None, &self.options)?;
        self.files = files;
        self.prepared = Some(prepared);
        Ok(Updated {
            rendered,
            full: true,
        })
    }

    /// Applies content edits in place. `Ok(None)` asks for a full rebuild.
    fn update_content(
        &mut self,
        changes: &[(Change, PathBuf)],
    ) -> Result<Option<Updated>, SiteErrors> {
        let root = self.options.root.clone();
        let Some(prepared) = self.prepared.as_mut() else {
            return Ok(None);
        };
        let tags_before = tag_keys(&prepared.content);
        let mut selection = Selection::default();
        for (_, path) in changes {
            let relative = path.strip_prefix(&root).unwrap_or(path);
            let old = reload(
                &root,
                self.options.drafts,
                &mut prepared.content,
                relative,
                &mut prepared.load_warnings,
            );
            if !affected(&prepared.content, old, &tags_before, &mut selection) {
                return Ok(None);
            }
        }
        prepared.content.finish(prepared.config.deputy_order);
        if tag_keys(&prepared.content) != tags_before {
            // A tag page appears or disappears, or a tag's address moved (see
            // `tag_slugs`): links to it are on pages this update would not render.
            return Ok(None);
        }
        let mut found = Diagnostics::default();
        validate::validate(&root, &prepared.config, &prepared.content, &mut found);
        if found.has_errors() {
            return Err(SiteErrors::from(&found));
        }
        prepared.warnings = found
            .warnings()
            .into_iter()
            .cloned()
            .chain(prepared.load_warnings.iter().cloned())
            .chain(prepared.static_warnings.iter().cloned())
            .collect();
        let later = if self.defer_lists {
            selection.defer_lists(&self.open_lists)
        } else {
            Selection::default()
        };
        let rendered = render_into(&mut self.files, prepared, Some(&selection), &self.options)?;
        self.pending = (!later.is_empty()).then_some(later);
        Ok(Some(Updated {
            rendered,
            full: false,
        }))
    }
}

/// Renders the pages `selection` names (all when `None`) into `files`.
fn render_into(
    files: &mut site::Files,
    prepared: &Prepared,
    selection: Option<&Selection>,
    options: &BuildOptions,
) -> Result<usize, SiteErrors> {
    let (rendered_files, rendered) = site::render_in_memory(prepared, selection, options)?;
    files.extend(rendered_files);
    Ok(rendered)
}

/// Every tag with its address.
fn tag_keys(content: &Content) -> BTreeMap<String, String> {
    tag_slugs(&content.news)
        .into_iter()
        .map(|(text, slug)| (text.to_string(), slug))
        .collect()
}

/// Adds to `selection` every page that shows data of the replaced item, before or after
/// the edit; `tags` is every tag's address before the edit. Returns false when the edit
/// needs a full rebuild.
fn affected(
    content: &Content,
    old: Reloaded,
    tags: &BTreeMap<String, String>,
    selection: &mut Selection,
) -> bool {
    match old {
        Reloaded::Structural => false,
        Reloaded::Deputy(old) => {
            // The new version sits where the old one was until the batch is finished.
            let Some(new) = content.deputies.iter().find(|d| d.slug == old.slug) else {
                return false;
            };
            selection.deputies.insert(old.slug.clone());
            if deputy_card(&old.matter) != deputy_card(&new.matter) {
                // Everything that shows the deputy's card, name or station.
                deputy_affected(content, &old.slug, &old.matter.station.value, selection);
                selection.stations.insert(new.matter.station.value.clone());
            }
            // Otherwise only its own page shows what changed (biography, record, reports).
            true
        }
        Reloaded::Station(old) => {
            let slug = old.slug.clone();
            selection.indexes = true;
            selection.stations.insert(slug.clone());
            let on_duty = |station: &crate::content::Station| -> Vec<String> {
                station
                    .matter
                    .reception
                    .iter()
                    .flat_map(|r| r.deputies.iter().map(|d| d.value.clone()))
                    .collect()
            };
            selection.deputies.extend(on_duty(&old));
            if let Some(new) = content.stations.iter().find(|s| s.slug == slug) {
                selection.deputies.extend(on_duty(new));
            }
            for deputy in &content.deputies {
                let shows = deputy.matter.station.value == slug
                    || deputy
                        .matter
                        .reports
                        .iter()
                        .any(|r| r.station.as_ref().is_some_and(|s| s.value == slug));
                if shows {
                    selection.deputies.insert(deputy.slug.clone());
                }
            }
            for news in &content.news {
                let names_station = news.matter.stations.iter().any(|s| s.value == slug);
                let shows_member = news.matter.deputies.iter().any(|d| {
                    content
                        .deputies
                        .iter()
                        .any(|dep| dep.slug == d.value && dep.matter.station.value == slug)
                });
                if names_station || shows_member {
                    selection.news.insert(news.slug.clone());
                }
            }
            true
        }
        Reloaded::News(old) => {
            selection.news.insert(old.slug.clone());
            let Some(new) = content.news.iter().find(|n| n.slug == old.slug) else {
                return false;
            };
            if news_card(&old.matter) == news_card(&new.matter) {
                return true; // only the body changed: only its own page shows it
            }
            selection.indexes = true;
            selection.news_lists = true;
            // A tag the edit added has no address yet: the tag table changes, and the
            // update falls back to a full build (see `update_content`).
            for news in [&*old, new] {
                selection.tags.extend(
                    news.matter
                        .tags
                        .iter()
                        .filter_map(|t| tags.get(&t.value).cloned()),
                );
                selection
                    .deputies
                    .extend(news.matter.deputies.iter().map(|d| d.value.clone()));
                selection
                    .stations
                    .extend(news.matter.stations.iter().map(|s| s.value.clone()));
            }
            true
        }
        Reloaded::Page(old) => {
            let Some(new) = content.pages.iter().find(|p| p.slug == old.slug) else {
                return false;
            };
            // Titles and order feed the menu on every page.
            if new.matter.title != old.matter.title || new.matter.order != old.matter.order {
                return false;
            }
            selection.pages.insert(old.slug.clone());
            true
        }
    }
}

/// What other pages show of a deputy: everything but the biography, record and reports.
fn deputy_card(m: &DeputyMatter) -> impl PartialEq + '_ {
    (
        (
            &m.name,
            &m.gender,
            m.photo.as_ref().map(|p| &p.value),
            &m.occupation,
        ),
        (
            &m.constituency,
            &m.town,
            &m.station.value,
            &m.groups,
            &m.contact,
        ),
        m.levels.value.iter().map(|l| &l.value).collect::<Vec<_>>(),
    )
}

/// What other pages show of a news item: everything but the body.
fn news_card(m: &NewsMatter) -> impl PartialEq + '_ {
    (
        (
            &m.title,
            m.date,
            &m.summary,
            m.image.as_ref().map(|p| &p.value),
            m.tags.iter().map(|t| &t.value).collect::<Vec<_>>(),
            m.draft,
        ),
        m.deputies.iter().map(|d| &d.value).collect::<Vec<_>>(),
        m.stations.iter().map(|s| &s.value).collect::<Vec<_>>(),
    )
}

/// Pages showing a deputy: its own, its station's, pages of deputies who share a
/// reception day with it, stations whose reception days name it, news naming it.
fn deputy_affected(content: &Content, slug: &str, station: &str, selection: &mut Selection) {
    selection.indexes = true;
    selection.deputies.insert(slug.to_string());
    selection.stations.insert(station.to_string());
    for s in &content.stations {
        for day in &s.matter.reception {
            if day.deputies.iter().any(|d| d.value == slug) {
                selection.stations.insert(s.slug.clone());
                selection
                    .deputies
                    .extend(day.deputies.iter().map(|d| d.value.clone()));
            }
        }
    }
    for news in &content.news {
        if news.matter.deputies.iter().any(|d| d.value == slug) {
            selection.news.insert(news.slug.clone());
        }
    }
}
