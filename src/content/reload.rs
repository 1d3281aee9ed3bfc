//! Re-reading one changed content file into already-loaded content, for the dev server.
//!
//! Only an edit that keeps the site's shape is applied in place: the file existed, still
//! exists, keeps its slug and (for news) stays published. Anything else is reported as
//! [`Reloaded::Structural`] and the caller rebuilds from scratch.

use std::path::Path;

use super::model::{DeputyMatter, NewsMatter, PageMatter, StationMatter};
use super::{CONTENT_DIR, Content, Deputy, Item, Matter, News, Page, Station, load_file};
use crate::diagnostics::Diagnostic;

/// What re-reading a file did.
#[derive(Debug)]
pub enum Reloaded {
    /// A deputy was replaced; the previous version is returned.
    Deputy(Box<Deputy>),
    /// A station was replaced.
    Station(Box<Station>),
    /// A news item was replaced.
    News(Box<News>),
    /// A page was replaced.
    Page(Box<Page>),
    /// The change adds, removes or renames something: rebuild everything.
    Structural,
}

/// Re-reads the content file at `relative` (relative to `root`) into `content`. A file
/// with errors is [`Reloaded::Structural`] too: the full build reports its errors with
/// the checks across files, as `check` does. The file's warnings (a `#` that cuts a
/// text) replace its earlier ones in `warnings`.
///
/// Call [`Content::finish`] after the last reload of a batch.
pub fn reload(
    root: &Path,
    drafts: bool,
    content: &mut Content,
    relative: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Reloaded {
    let absolute = root.join(relative);
    let folder = relative
        .strip_prefix(CONTENT_DIR)
        .ok()
        .and_then(|rest| rest.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    if !absolute.is_file() {
        return Reloaded::Structural;
    }
    match folder.as_deref() {
        Some("deputies") => {
            replace::<DeputyMatter>(root, &absolute, relative, &mut content.deputies, warnings)
                .map_or(Reloaded::Structural, |old| Reloaded::Deputy(Box::new(old)))
        }
        Some("stations") => {
            replace::<StationMatter>(root, &absolute, relative, &mut content.stations, warnings)
                .map_or(Reloaded::Structural, |old| Reloaded::Station(Box::new(old)))
        }
        Some("news") => {
            let Some(old) =
                replace::<NewsMatter>(root, &absolute, relative, &mut content.news, warnings)
            else {
                return Reloaded::Structural;
            };
            // A news item that became a draft leaves the site.
            let now_draft = content
                .news
                .iter()
                .any(|n| n.path == relative && n.matter.draft);
            if now_draft && !drafts {
                Reloaded::Structural
            } else {
                Reloaded::News(Box::new(old))
            }
        }
        Some("pages") => {
            replace::<PageMatter>(root, &absolute, relative, &mut content.pages, warnings)
                .map_or(Reloaded::Structural, |old| Reloaded::Page(Box::new(old)))
        }
        _ => Reloaded::Structural,
    }
}

/// Loads the file and swaps it for the item loaded from the same path, if it loads and
/// its slug is unchanged. Returns the old item, or `None` when the change is structural.
fn replace<M: Matter>(
    root: &Path,
    absolute: &Path,
    relative: &Path,
    items: &mut [Item<M>],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Item<M>> {
    let slot = items.iter_mut().find(|item| item.path == relative)?;
    let (new, found) = load_file::<M>(root, absolute).ok()?;
    if new.slug != slot.slug {
        return None;
    }
    warnings.retain(|warning| warning.path != relative);
    warnings.extend(found);
    Some(std::mem::replace(slot, new))
}
