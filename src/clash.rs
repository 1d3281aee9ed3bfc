//! Static files that would take the place of a generated page.
//!
//! A file in `static/` may not have a page's path (`news/first/index.html`), nor the path
//! of a folder a page needs (`news/first`), nor sit below a page's file. Found while the
//! pages are rendered, so `check`, `build` and `serve` all report it, naming the static
//! file, instead of a write failing half-way.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::output::StaticFile;

/// Checks page paths, from many threads, against the static files of one build.
pub struct Clashes<'a> {
    root: &'a Path,
    /// Static files by their output path.
    files: HashMap<&'a str, &'a StaticFile>,
    /// Every folder that holds a static file (`photos`, `css/print`).
    folders: HashSet<&'a str>,
    /// Each static file in a clash is reported once (a message names no page that
    /// depends on the order pages are rendered in).
    found: Mutex<HashMap<&'a str, Diagnostic>>,
}

impl<'a> Clashes<'a> {
    /// A check against `statics`; messages name files relative to `root`.
    pub fn new(statics: &'a [StaticFile], root: &'a Path) -> Self {
        let files = statics.iter().map(|f| (f.path.as_str(), f)).collect();
        let folders = statics.iter().flat_map(|f| parents(&f.path)).collect();
        Clashes {
            root,
            files,
            folders,
            found: Mutex::new(HashMap::new()),
        }
    }

    /// Records a clash of the page at `path` with a static file, if there is one.
    pub fn page(&self, path: &str) {
        if let Some(file) = self.files.get(path) {
            self.report(
                file,
                format!("this file has the path of a generated page, {path}"),
            );
        }
        for folder in parents(path) {
            if let Some(file) = self.files.get(folder) {
                self.report(
                    file,
                    format!("this file is in the way of the folder {folder}/, which holds generated pages"),
                );
            }
        }
        if self.folders.contains(path)
            && let Some(file) = self.files.values().find(|f| {
                f.path
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
        {
            self.report(
                file,
                format!("this file is inside {path}/, but {path} is a generated page"),
            );
        }
    }

    /// Every clash found, sorted by file.
    pub fn finish(self) -> Vec<Diagnostic> {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut found: Vec<Diagnostic> = found.into_values().collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    fn report(&self, file: &'a StaticFile, message: String) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.entry(file.path.as_str()).or_insert_with(|| {
            let shown = file.source.strip_prefix(self.root).unwrap_or(&file.source);
            Diagnostic::error(shown, 0, 0, message).with_hint(
                "rename or move the static file: the page is made from the site's content",
            )
        });
    }
}

/// The folders above `path`, nearest last: `a/b/c.html` → `a`, `a/b`.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn statics(paths: &[&str]) -> Vec<StaticFile> {
        paths
            .iter()
            .map(|p| StaticFile {
                source: PathBuf::from("/site/static").join(p),
                path: p.to_string(),
            })
            .collect()
    }

    #[test]
    fn finds_files_in_the_place_of_pages_and_their_folders() {
        let files = statics(&[
            "news/first/index.html",
            "deputies",
            "404.html/x",
            "css/site.css",
        ]);
        let clashes = Clashes::new(&files, Path::new("/site"));
        for page in [
            "news/first/index.html",
            "deputies/a/index.html",
            "deputies/b/index.html",
            "404.html",
            "css/other.css",
            "index.html",
        ] {
            clashes.page(page);
        }
        let found: Vec<String> = clashes.finish().iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("static/404.html/x"), "{}", found[0]);
        assert!(found[0].contains("404.html is a generated page"));
        assert!(found[1].contains("static/deputies"));
        assert!(found[1].contains("folder deputies/"));
        assert!(found[2].contains("news/first/index.html"));
    }
}
