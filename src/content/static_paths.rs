//! Paths from front matter (`photo:`, `image:`) checked against `static/`: the file is
//! there, under the name written (capital letters count), is a file browsers show, and
//! is not so large that a phone loads it slowly.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::validate::{LINE_OFFSET, STATIC_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{self, Spanned};

/// Image formats every current browser shows.
const WEB_IMAGE_EXTENSIONS: [&str; 12] = [
    "jpg", "jpeg", "jpe", "jfif", "png", "apng", "webp", "avif", "gif", "svg", "bmp", "ico",
];

/// Above this size an image is worth shrinking: a portrait shown 300 pixels wide needs
/// about a tenth of it, and the deputies index shows every portrait at once.
const LARGE_IMAGE_BYTES: u64 = 500 * 1024;

/// An image at `file` (`bytes` long) that browsers cannot show is an error, since the
/// page would show a broken picture; one that is large for a web page is a warning.
fn image_problem(
    path: &Path,
    (line, col): (usize, usize),
    file: &Spanned<String>,
    key: &str,
    bytes: u64,
) -> Option<Diagnostic> {
    let extension = Path::new(&file.value)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !WEB_IMAGE_EXTENSIONS.contains(&extension.as_str()) {
        let hint = match extension.as_str() {
            "heic" | "heif" => {
                "this is the iPhone photo format: open it and save or export it as JPEG (.jpg), then change the file name here"
            }
            _ => "save the picture as JPEG (.jpg) or PNG (.png), then change the file name here",
        };
        let what = if extension.is_empty() {
            "has no file type (.jpg, .png, ...)".to_string()
        } else {
            format!("is a .{extension} file, which web browsers do not show")
        };
        return Some(
            Diagnostic::error(
                path,
                line,
                col,
                format!("{key} static/{} {what}", file.value),
            )
            .with_hint(hint),
        );
    }
    if bytes > LARGE_IMAGE_BYTES && extension != "svg" {
        let megabytes = bytes as f64 / (1024.0 * 1024.0);
        return Some(
            Diagnostic::warning(
                path,
                line,
                col,
                format!(
                    "{key} static/{} is {megabytes:.1} MB: pages that show it load slowly on phones",
                    file.value
                ),
            )
            .with_hint(
                "save it about 600 pixels wide as JPEG (a portrait needs no more); that makes it 50 to 150 KB",
            ),
        );
    }
    None
}

/// Checks that paths from front matter name files under `static/` that the build will
/// publish; remembers which folders are symbolic links, so ten thousand photos in one
/// folder cost one `lstat` each.
pub(super) struct StaticPaths {
    /// `ROOT/static`.
    dir: PathBuf,
    /// Folder (relative to `dir`) → whether it or a folder above it is a symbolic link.
    linked: HashMap<PathBuf, bool>,
}

impl StaticPaths {
    pub(super) fn new(root: &Path) -> Self {
        StaticPaths {
            dir: root.join(STATIC_DIR),
            linked: HashMap::new(),
        }
    }

    /// A relative path under `static/` that names an existing file, without `..` escapes
    /// or symbolic links (static files are copied without following links, so a linked
    /// photo would be missing from the site).
    pub(super) fn check(
        &mut self,
        path: &Path,
        file: &Spanned<String>,
        key: &str,
        diagnostics: &mut Diagnostics,
    ) {
        let (line, col) = yaml::position(file, LINE_OFFSET);
        let relative = Path::new(&file.value);
        let (message, hint) = if !is_plain_relative(relative) {
            (
                format!("{key} \"{}\" must be a path inside static/", file.value),
                "write it like photos/zhang-xiaohong.jpg, without \"..\" or a leading \"/\""
                    .to_string(),
            )
        } else if is_hidden(relative) {
            (
                format!(
                    "{key} static/{} is hidden (a name starting with \".\"), and hidden files are not published",
                    file.value
                ),
                "rename the file or folder so that its name does not start with \".\"".to_string(),
            )
        } else {
            let metadata = std::fs::symlink_metadata(self.dir.join(relative));
            let kind = metadata.as_ref().map(std::fs::Metadata::file_type);
            let linked = kind.as_ref().is_ok_and(std::fs::FileType::is_symlink)
                || relative
                    .parent()
                    .is_some_and(|folder| self.is_linked(folder));
            if linked {
                (
                    format!(
                        "{key} static/{} is a symbolic link, and links in static/ are not published",
                        file.value
                    ),
                    "copy the file itself into static/ instead of linking to it".to_string(),
                )
            } else {
                match kind {
                    Ok(kind) if kind.is_file() => {
                        let bytes = metadata.map_or(0, |m| m.len());
                        diagnostics.extend(image_problem(path, (line, col), file, key, bytes));
                        return;
                    }
                    Ok(kind) if kind.is_dir() => (
                        format!("{key} static/{} is a folder, not a file", file.value),
                        "name the file inside it, e.g. photos/zhang-xiaohong.jpg".to_string(),
                    ),
                    _ => (
                        format!("{key} file static/{} does not exist", file.value),
                        self.missing_hint(&file.value),
                    ),
                }
            }
        };
        diagnostics.push(Diagnostic::error(path, line, col, message).with_hint(hint));
    }

    /// How to fix a path to a file that does not exist: the usual slips of a Windows
    /// user (backslashes, a `static/` prefix), else the file of that folder whose name is
    /// closest (the same name in other letter case first).
    fn missing_hint(&self, value: &str) -> String {
        // The Windows slips first: the path as it was meant.
        let slashed = value.replace('\\', "/");
        let meant = slashed.strip_prefix("static/").unwrap_or(&slashed);
        let mut slips = Vec::new();
        if slashed != value {
            slips.push("write \"/\", not \"\\\"");
        }
        if meant.len() != slashed.len() {
            slips.push("paths start inside static/, so leave that out");
        }
        let relative = Path::new(meant);
        if self.dir.join(relative).is_file() {
            return format!("{}: {meant}", slips.join("; "));
        }
        let folder = relative.parent().unwrap_or(Path::new(""));
        let wanted = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let names: Vec<String> = std::fs::read_dir(self.dir.join(folder))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let same_but_case = names
            .iter()
            .find(|n| n.to_lowercase() == wanted.to_lowercase());
        let closest = same_but_case
            .map(String::as_str)
            .or_else(|| did_you_mean(&wanted, names.iter().map(String::as_str)));
        let case_note = if same_but_case.is_some() {
            " (capital and small letters count in file names)"
        } else {
            ""
        };
        let slips = if slips.is_empty() {
            String::new()
        } else {
            format!("{}; ", slips.join("; "))
        };
        match closest {
            Some(name) => format!(
                "{slips}did you mean {}?{case_note}",
                folder.join(name).to_string_lossy()
            ),
            None => {
                format!("{slips}put the file there, or correct the path (names are case-sensitive)")
            }
        }
    }

    /// Whether `folder` (relative to `static/`) or a folder above it is a symbolic link.
    fn is_linked(&mut self, folder: &Path) -> bool {
        if folder.as_os_str().is_empty() {
            return false;
        }
        if let Some(&linked) = self.linked.get(folder) {
            return linked;
        }
        let linked = folder.parent().is_some_and(|above| self.is_linked(above))
            || std::fs::symlink_metadata(self.dir.join(folder))
                .is_ok_and(|m| m.file_type().is_symlink());
        self.linked.insert(folder.to_path_buf(), linked);
        linked
    }
}

/// Whether a path relative to a static folder is left out of the site: one of its
/// names starts with "." (`.git/`, `.DS_Store`), but for a `.well-known/` folder at the
/// top (RFC 8615: security.txt, site verification), which is meant to be published.
pub(crate) fn is_hidden(relative: &Path) -> bool {
    relative.components().enumerate().any(|(i, part)| {
        let name = part.as_os_str().to_string_lossy();
        name.starts_with('.') && !(i == 0 && name == ".well-known")
    })
}

/// True when `path` has only normal components (no `..`, no root, no drive).
fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}
