//! Watching the site for changes: which files matter, and what a change means.
//!
//! [`classify`] is a pure function (unit-tested below); [`watch`] wires it to notify's
//! debounced watcher, native or polling.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{self, RecursiveMode};

/// What a changed file asks of the dev server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A stylesheet under a static folder: rebuild, then reload stylesheets only.
    Stylesheet,
    /// Another static file (photo, script): rebuild and reload the page.
    Static,
    /// A template or UI strings file of the theme or the site.
    Template,
    /// A content file.
    Content,
    /// `site.yaml`.
    Config,
    /// A site folder (`templates/`…) that appeared, was replaced or went away after
    /// the watching began: everything in it is new, or gone.
    Folder,
}

/// What a file change means, or `None` when it does not affect the site (editor temp
/// files, the output folder, anything outside the watched folders).
pub fn classify(root: &Path, path: &Path, out_dir: &Path) -> Option<Change> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    if path.starts_with(out_dir) || relative.starts_with(out_dir) {
        return None;
    }
    let name = relative.file_name()?.to_string_lossy();
    if is_editor_temp_file(&name) || relative.components().any(|c| is_hidden(&c)) {
        return None;
    }
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let is_css = relative.extension().is_some_and(|e| e == "css");
    match parts.as_slice() {
        ["site.yaml"] => Some(Change::Config),
        ["content", .., _] if relative.extension().is_some_and(|e| e == "md") => {
            Some(Change::Content)
        }
        ["content", _, ..] => None,
        ["static", .., _] | ["themes", _, "static", .., _] if is_css => Some(Change::Stylesheet),
        ["static", .., _] | ["themes", _, "static", .., _] => Some(Change::Static),
        ["templates", .., _] | ["themes", _, "templates", .., _] | ["themes", _, "i18n", _] => {
            Some(Change::Template)
        }
        _ => None,
    }
}

/// Swap, backup and lock files that editors write beside the real file.
fn is_editor_temp_file(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913" // vim's write test file
}

fn is_hidden(component: &Component<'_>) -> bool {
    matches!(component, Component::Normal(name) if name.to_string_lossy().starts_with('.'))
}

/// The folders of a site that are watched, each with everything in it.
const FOLDERS: [&str; 4] = ["content", "static", "themes", "templates"];

/// Keeps the watcher alive (dropping it stops watching), and watches the site's folders
/// that appear later (a site's first `templates/`).
pub struct WatchHandle {
    inner: Box<dyn Watches>,
    /// Each of the site's [`FOLDERS`], with the identity of the folder last seen there
    /// (`None`: none): a folder deleted and made again is another folder, and needs a
    /// watch of its own.
    watched: Vec<(PathBuf, Option<FolderId>)>,
}

/// What tells one folder from another at the same path: its device and inode number on
/// Unix; elsewhere only whether it exists.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// A debounced watcher, whatever its kind, that can watch one more folder.
trait Watches: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
}

impl<T, C> Watches for notify_debouncer_full::Debouncer<T, C>
where
    T: notify::Watcher + Send,
    C: notify_debouncer_full::FileIdCache + Send,
{
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        notify_debouncer_full::Debouncer::watch(self, path, mode)
    }
}

impl WatchHandle {
    /// The site's folders that appeared, were replaced or went away since the last
    /// call; a new one is watched from now on. The files already in a new folder were
    /// made before its watch began (and a folder that went away may say nothing of its
    /// files), so the caller rebuilds.
    pub fn changed_folders(&mut self) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for (path, seen) in &mut self.watched {
            let id = folder_id(path);
            if *seen == id {
                continue;
            }
            // (A folder that cannot be watched is tried again at the next change.)
            if id.is_none() || self.inner.watch(path, RecursiveMode::Recursive).is_ok() {
                *seen = id;
                changed.push(path.clone());
            }
        }
        changed
    }
}

/// Watches the site's folders and sends each debounced batch of changed paths.
pub fn watch(root: &Path, poll: bool, sender: Sender<Vec<PathBuf>>) -> Result<WatchHandle> {
    let handler = move |result: notify_debouncer_full::DebounceEventResult| {
        if let Ok(events) = result {
            // Reads (access events) are not changes; our own rebuild reads every file.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = sender.send(paths);
            }
        }
    };
    let timeout = Duration::from_millis(25);
    let folders: Vec<(PathBuf, Option<FolderId>)> = (FOLDERS.iter())
        .map(|name| {
            let path = root.join(name);
            let id = folder_id(&path);
            (path, id)
        })
        .collect();
    if poll {
        // notify's poller compares mtimes in whole seconds, so two saves within one second
        // would look like one; comparing contents catches every save.
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(400))
            .with_compare_contents(true);
        let debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )
        .context("cannot start the polling file watcher")?;
        watch_all(debouncer, root, folders)
    } else {
        let debouncer = notify_debouncer_full::new_debouncer(timeout, None, handler)
            .context("cannot start the file watcher; try --poll")?;
        watch_all(debouncer, root, folders)
    }
}

/// Watches the root and the `folders` there are with a debouncer, and keeps it alive in
/// the handle.
fn watch_all<T, C>(
    mut debouncer: notify_debouncer_full::Debouncer<T, C>,
    root: &Path,
    folders: Vec<(PathBuf, Option<FolderId>)>,
) -> Result<WatchHandle>
where
    T: notify::Watcher + Send + 'static,
    C: notify_debouncer_full::FileIdCache + Send + 'static,
{
    // The root itself, not recursively: site.yaml is often replaced by a rename when an
    // editor saves it, which a watch on the file alone would lose.
    let present = folders.iter().filter(|(_, id)| id.is_some());
    let targets = std::iter::once((root, RecursiveMode::NonRecursive))
        .chain(present.map(|(path, _)| (path.as_path(), RecursiveMode::Recursive)));
    for (target, mode) in targets {
        debouncer
            .watch(target, mode)
            .with_context(|| format!("cannot watch {}", target.display()))?;
    }
    Ok(WatchHandle {
        inner: Box::new(debouncer),
        watched: folders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> Option<Change> {
        classify(
            Path::new("/site"),
            &Path::new("/site").join(path),
            Path::new("/site/public"),
        )
    }

    #[test]
    fn classifies_site_files() {
        assert_eq!(class("site.yaml"), Some(Change::Config));
        assert_eq!(class("content/deputies/zhang.md"), Some(Change::Content));
        assert_eq!(class("static/photos/zhang.jpg"), Some(Change::Static));
        assert_eq!(class("static/css/extra.css"), Some(Change::Stylesheet));
        assert_eq!(
            class("themes/default/static/css/site.css"),
            Some(Change::Stylesheet)
        );
        assert_eq!(
            class("themes/default/templates/deputy.html"),
            Some(Change::Template)
        );
        assert_eq!(
            class("themes/default/i18n/zh-CN.yaml"),
            Some(Change::Template)
        );
        assert_eq!(class("templates/page.html"), Some(Change::Template));
    }

    #[test]
    fn ignores_editor_files_output_and_strangers() {
        assert_eq!(class("content/deputies/.zhang.md.swp"), None);
        assert_eq!(class("content/deputies/zhang.md~"), None);
        assert_eq!(class("content/deputies/4913"), None);
        assert_eq!(class("content/deputies/.#zhang.md"), None);
        assert_eq!(class("content/deputies/notes.txt"), None);
        assert_eq!(class("public/index.html"), None);
        assert_eq!(class(".git/index"), None);
        assert_eq!(class("README.md"), None);
        assert_eq!(class("target/debug/x"), None);
    }
}
