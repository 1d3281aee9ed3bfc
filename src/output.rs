//! The only place that writes the site to disk.
//!
//! Called only after everything rendered without error, so a failed build never touches
//! the output folder. Each file is written atomically (temporary file + rename in the same
//! folder); a file whose bytes did not change is left alone (its mtime stays, so rsync
//! uploads only what changed); files no longer produced are removed.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::render::OutputFile;

/// A file copied as-is from `static/` or the theme's `static/`.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it is read from.
    pub source: PathBuf,
    /// Its path relative to the output folder (with `/`).
    pub path: String,
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or replaced.
    pub written: usize,
    /// Files already identical, left untouched.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Makes `out_dir` contain exactly `files` and `statics`.
///
/// Entries whose name starts with `.` (such as a deploy repository's `.git`) are kept.
pub fn write_site(
    out_dir: &Path,
    files: &[OutputFile],
    statics: &[StaticFile],
) -> Result<WriteStats> {
    fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create the output folder {}", out_dir.display()))?;
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for path in files
        .iter()
        .map(|f| &f.path)
        .chain(statics.iter().map(|s| &s.path))
    {
        if let Some(parent) = Path::new(path).parent() {
            dirs.insert(out_dir.join(parent));
        }
    }
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort();
    for dir in &dirs {
        create_dir(dir)?;
    }

    let rendered: Vec<bool> = files
        .par_iter()
        .map(|file| write_if_changed(&out_dir.join(&file.path), &file.bytes))
        .collect::<Result<_>>()?;
    let copied: Vec<bool> = statics
        .par_iter()
        .map(|file| {
            let bytes = fs::read(&file.source)
                .with_context(|| format!("cannot read {}", file.source.display()))?;
            write_if_changed(&out_dir.join(&file.path), &bytes)
        })
        .collect::<Result<_>>()?;
    let written = rendered.iter().chain(&copied).filter(|w| **w).count();

    let keep: HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(statics.iter().map(|s| s.path.as_str()))
        .collect();
    let removed = remove_stale(out_dir, &keep)?;
    Ok(WriteStats {
        written,
        unchanged: files.len() + statics.len() - written,
        removed,
    })
}

/// Creates a folder; a stale file in its place (from an older site layout) is removed.
fn create_dir(dir: &Path) -> Result<()> {
    if dir.is_file() {
        fs::remove_file(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))
}

/// Writes `bytes` to `path` unless it already holds exactly them. Returns true if written.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_dir() {
            fs::remove_dir_all(path)
                .with_context(|| format!("cannot remove the folder {}", path.display()))?;
        } else if meta.len() == bytes.len() as u64 && fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

/// Writes to a temporary file beside `path`, then renames it over `path`.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".deputy-board-");
    // Temporary files are created private (0600); published files must be readable by
    // the web server like any other file (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Removes files under `out_dir` that are not in `keep`, then folders left empty.
fn remove_stale(out_dir: &Path, keep: &HashSet<&str>) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    let walker = walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot list {}", out_dir.display()))?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(out_dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !keep.contains(relative.as_str()) {
            fs::remove_file(entry.path()).with_context(|| {
                format!("cannot remove the stale file {}", entry.path().display())
            })?;
            removed += 1;
        }
    }
    // Deepest first, so a folder emptied by removing its subfolders goes too.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_none()) {
            fs::remove_dir(&dir)
                .with_context(|| format!("cannot remove the empty folder {}", dir.display()))?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_changed_keeps_unchanged_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let stats = write_site(
            out,
            &[file("a/index.html", "A"), file("b/index.html", "B")],
            &[],
        )
        .unwrap();
        assert_eq!(stats.written, 2);
        let stats = write_site(out, &[file("a/index.html", "A"), file("c.txt", "C")], &[]).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("b").exists(), "empty stale folder removed");
        assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "C");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", "A")], &[]).unwrap();
        write_site(&out, &[file("a/index.html", "B")], &[]).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&out) & 0o005, 0o005, "folder readable");
        assert_eq!(
            mode(&out.join("a/index.html")) & 0o004,
            0o004,
            "rewritten file readable"
        );
    }

    #[test]
    fn keeps_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".git/HEAD"), "x").unwrap();
        write_site(dir.path(), &[file("index.html", "I")], &[]).unwrap();
        assert!(dir.path().join(".git/HEAD").exists());
    }
}
