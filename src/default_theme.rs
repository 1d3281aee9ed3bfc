//! The default theme as the binary carries it: the files `init` copies into a new site,
//! and what other parts need to know of it.

use std::collections::HashSet;
use std::sync::OnceLock;

use include_dir::{Dir, include_dir};

/// The default theme's files, as they were when this binary was built.
pub static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The `id`s the default theme's templates give elements of a page (`main`, `h-menu`),
/// which a heading's generated id must not take.
pub fn element_ids() -> &'static HashSet<String> {
    static IDS: OnceLock<HashSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let templates = FILES.get_dir("templates");
        let texts = templates
            .into_iter()
            .flat_map(|dir| dir.files())
            .filter_map(include_dir::File::contents_utf8);
        let mut ids = HashSet::new();
        for text in texts {
            for (at, found) in text.match_indices(" id=\"") {
                let rest = &text[at + found.len()..];
                let id = rest.split('"').next().unwrap_or_default();
                if !id.is_empty() && !id.contains(['{', '}']) {
                    ids.insert(id.to_string());
                }
            }
        }
        ids
    })
}
