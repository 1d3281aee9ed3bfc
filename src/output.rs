//! The only place that writes the site to disk.
//!
//! Rendering streams every finished file into a [`StagedOutput`]: a hidden staging folder
//! beside the output folder. Nothing in the output folder changes until
//! [`StagedOutput::commit`], which runs only when the whole site rendered without error,
//! so a failed build leaves the previous site byte-identical (dropping an uncommitted
//! stage deletes it).
//!
//! - A new output folder is staged whole and renamed into place in one step.
//! - An existing one gets only the files whose bytes changed, each moved in by a rename
//!   (atomic: a reader never sees half a file); unchanged files keep their mtime, so an
//!   rsync deploy uploads only what changed; files no longer produced are removed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

/// A file copied as-is from `static/` or the theme's `static/`.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it is read from.
    pub source: PathBuf,
    /// Its path relative to the output folder (with `/`).
    pub path: String,
}

/// Every file the site now has, by path: with its metadata when the write saw it (files
/// of a new output folder, read from the open file right after writing; moving the
/// staging folder into place does not change them), else `None` (read it from disk).
pub type Produced = HashMap<String, Option<fs::Metadata>>;

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

/// An output folder being written: files go to a staging folder until [`commit`].
///
/// [`commit`]: StagedOutput::commit
pub struct StagedOutput {
    out_dir: PathBuf,
    staging: tempfile::TempDir,
    /// True when the output folder did not exist: the stage becomes it whole.
    fresh: bool,
    /// Every path produced (to find stale files).
    produced: Mutex<Produced>,
    /// Paths staged because they are new or changed (existing output folder only).
    changed: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    /// Which folders of the existing output are real folders, not links.
    real: RealFolders,
}

/// Answers "is this output path inside real folders only?" for an existing output
/// folder, remembering each folder's answer. A file reached through a symbolic link
/// (placed in the output by hand) must never count as unchanged: the stale-file sweep
/// does not follow links and would remove the link with the files behind it.
pub struct RealFolders {
    out_dir: PathBuf,
    known: Mutex<std::collections::HashMap<String, bool>>,
}

impl RealFolders {
    /// For the output folder `out_dir`.
    pub fn new(out_dir: &Path) -> Self {
        RealFolders {
            out_dir: out_dir.to_path_buf(),
            known: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// True when every folder on the way to `path` (relative, with `/`) is a real folder.
    pub fn contain(&self, path: &str) -> bool {
        let mut end = 0;
        while let Some(at) = path[end..].find('/') {
            end += at;
            let dir = &path[..end];
            let known = lock(&self.known).get(dir).copied();
            let real = known.unwrap_or_else(|| {
                let real = fs::symlink_metadata(self.out_dir.join(dir)).is_ok_and(|m| m.is_dir());
                lock(&self.known).insert(dir.to_string(), real);
                real
            });
            if !real {
                return false;
            }
            end += 1;
        }
        true
    }
}

impl StagedOutput {
    /// Starts writing a site into `out_dir` (created on commit if missing).
    pub fn begin(out_dir: &Path) -> Result<Self> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        let staging = tempfile::Builder::new()
            .prefix(".deputy-board-staging-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        if out_dir.exists() && !out_dir.is_dir() {
            anyhow::bail!(
                "the output path {} is a file, not a folder; choose another --out",
                out_dir.display()
            );
        }
        Ok(StagedOutput {
            out_dir: out_dir.to_path_buf(),
            staging,
            fresh: !out_dir.exists(),
            produced: Mutex::new(Produced::new()),
            changed: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            real: RealFolders::new(out_dir),
        })
    }

    /// Accepts one rendered file. Safe to call from many threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        {
            let mut produced = lock(&self.produced);
            if produced.insert(path.to_string(), None).is_some() {
                anyhow::bail!(
                    "two files would be written to {path}: a file in static/ has the path of a generated page; rename or move it"
                );
            }
        }
        if !self.fresh && self.real.contain(path) && same_bytes(&self.out_dir.join(path), bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let staged = self.staging.path().join(path);
        if let Some(parent) = staged.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        }
        let written = write_file(&staged, bytes)
            .with_context(|| format!("cannot write {}", staged.display()))?;
        if self.fresh {
            // The staging folder becomes the output folder by one rename of the folder:
            // the file keeps this size, inode and these times.
            lock(&self.produced).insert(path.to_string(), Some(written));
        } else {
            // Moved in by a rename of its own, which changes its inode change time:
            // the cache reads the stamp from the output folder after the commit.
            lock(&self.changed).push(path.to_string());
        }
        Ok(())
    }

    /// Accepts a file that is already in the output folder as it should be (a page the
    /// build cache found unchanged): it stays, untouched.
    pub fn keep(&self, path: &str) -> Result<()> {
        if lock(&self.produced)
            .insert(path.to_string(), None)
            .is_some()
        {
            anyhow::bail!(
                "two files would be written to {path}: a file in static/ has the path of a generated page; rename or move it"
            );
        }
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Accepts one static file, copied from its source.
    pub fn copy(&self, file: &StaticFile) -> Result<()> {
        let bytes = fs::read(&file.source)
            .with_context(|| format!("cannot read {}", file.source.display()))?;
        self.write(&file.path, &bytes)
    }

    /// Makes the output folder hold exactly the accepted files; returns what the write
    /// did and the path of every file now in the site.
    pub fn commit(self) -> Result<(WriteStats, Produced)> {
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        if self.fresh {
            // The staging folder is created private (0700); the site must be readable
            // by the web server like any other folder.
            #[cfg(unix)]
            fs::set_permissions(
                self.staging.path(),
                std::os::unix::fs::PermissionsExt::from_mode(0o755),
            )
            .with_context(|| {
                format!(
                    "cannot set permissions on {}",
                    self.staging.path().display()
                )
            })?;
            let staged = self.staging.keep();
            if let Err(error) = fs::rename(&staged, &self.out_dir) {
                let _ = fs::remove_dir_all(&staged);
                return Err(error).with_context(|| {
                    format!("cannot move the new site into {}", self.out_dir.display())
                });
            }
            let stats = WriteStats {
                written: produced.len(),
                unchanged: 0,
                removed: 0,
            };
            return Ok((stats, produced));
        }
        let changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        for path in &changed {
            let target = self.out_dir.join(path);
            if let Some(parent) = target.parent() {
                create_dir(&self.out_dir, parent)?;
            }
            if fs::symlink_metadata(&target).is_ok_and(|meta| meta.is_dir()) {
                fs::remove_dir_all(&target)
                    .with_context(|| format!("cannot remove the folder {}", target.display()))?;
            }
            let staged = self.staging.path().join(path);
            fs::rename(&staged, &target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        let removed = remove_stale(&self.out_dir, &produced)?;
        let stats = WriteStats {
            written: changed.len(),
            unchanged: self.unchanged.into_inner(),
            removed,
        };
        Ok((stats, produced))
    }
}

/// Writes `bytes` to a new file at `path`; returns the file's metadata.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<fs::Metadata> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.metadata()
}

/// Locks a list; a panic elsewhere cannot leave a `Vec` of paths inconsistent.
fn lock<T>(value: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    value.lock().unwrap_or_else(|e| e.into_inner())
}

/// True when `path` is a file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Creates a folder of the output and its parents below `out_dir`. A file or a symbolic
/// link in the way (from an older layout, or placed by hand) is removed, so nothing is
/// ever written through a link to somewhere outside the output folder.
fn create_dir(out_dir: &Path, dir: &Path) -> Result<()> {
    let Ok(below) = dir.strip_prefix(out_dir) else {
        anyhow::bail!("{} is outside the output folder", dir.display());
    };
    let mut current = out_dir.to_path_buf();
    for part in below.components() {
        current.push(part);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => fs::remove_file(&current)
                .with_context(|| format!("cannot remove {}", current.display()))?,
            Err(_) => {}
        }
        fs::create_dir(&current)
            .with_context(|| format!("cannot create the folder {}", current.display()))?;
    }
    Ok(())
}

/// Everything in the output folder that is part of the site: hidden entries (`.git`,
/// deploy files) are not, and are never looked into.
pub fn site_entries(out_dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
}

/// The output path of a file in `out_dir`, relative and with `/`, as the build names it.
pub fn relative_path(out_dir: &Path, path: &Path) -> String {
    path.strip_prefix(out_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Removes files under `out_dir` that are not in `keep`, then folders left empty.
fn remove_stale(out_dir: &Path, keep: &Produced) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    // Folders that may be empty now: those with a file removed, and those the walk found
    // nothing in (only hidden entries, or nothing at all). Only these are looked into
    // again, not every folder of the site.
    let mut with_entries: HashSet<PathBuf> = HashSet::new();
    let mut maybe_empty: HashSet<PathBuf> = HashSet::new();
    for entry in site_entries(out_dir) {
        let entry = entry.with_context(|| format!("cannot list {}", out_dir.display()))?;
        if let Some(parent) = entry.path().parent()
            && !with_entries.contains(parent)
        {
            with_entries.insert(parent.to_path_buf());
        }
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
            continue;
        }
        if !keep.contains_key(&relative_path(out_dir, entry.path())) {
            fs::remove_file(entry.path()).with_context(|| {
                format!("cannot remove the stale file {}", entry.path().display())
            })?;
            removed += 1;
            if let Some(parent) = entry.path().parent() {
                maybe_empty.insert(parent.to_path_buf());
            }
        }
    }
    maybe_empty.extend(dirs.iter().filter(|d| !with_entries.contains(*d)).cloned());
    // Deepest first, so a folder emptied by removing its subfolders goes too.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if !maybe_empty.contains(&dir) {
            continue;
        }
        if fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_none()) {
            fs::remove_dir(&dir)
                .with_context(|| format!("cannot remove the empty folder {}", dir.display()))?;
            if let Some(parent) = dir.parent() {
                maybe_empty.insert(parent.to_path_buf());
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(out: &Path, files: &[(&str, &str)]) -> WriteStats {
        let stage = StagedOutput::begin(out).unwrap();
        for (path, text) in files {
            stage.write(path, text.as_bytes()).unwrap();
        }
        stage.commit().unwrap().0
    }

    #[test]
    fn writes_changed_keeps_unchanged_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stats = write_site(&out, &[("a/index.html", "A"), ("b/index.html", "B")]);
        assert_eq!(stats.written, 2);
        let stats = write_site(&out, &[("a/index.html", "A"), ("c.txt", "C")]);
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

    #[test]
    fn an_uncommitted_stage_changes_nothing_and_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html", "A")]);
        let stage = StagedOutput::begin(&out).unwrap();
        stage.write("a/index.html", b"CHANGED").unwrap();
        drop(stage);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
        let entries: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(entries, ["public"], "the staging folder is gone");
    }

    #[test]
    fn a_file_may_replace_a_folder_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("x/index.html", "folder")]);
        write_site(&out, &[("x", "file")]);
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "file");
        write_site(&out, &[("x/index.html", "folder again")]);
        assert_eq!(
            fs::read_to_string(out.join("x/index.html")).unwrap(),
            "folder again"
        );
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html", "A")]);
        write_site(&out, &[("a/index.html", "B")]);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&out) & 0o005, 0o005, "folder readable");
        assert_eq!(
            mode(&out.join("a/index.html")) & 0o004,
            0o004,
            "rewritten file readable"
        );
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symbolic_link_in_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        write_site(&out, &[("index.html", "I")]);
        std::os::unix::fs::symlink(&elsewhere, out.join("photos")).unwrap();
        write_site(&out, &[("index.html", "I"), ("photos/a.svg", "A")]);
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written outside"
        );
        assert!(
            fs::symlink_metadata(out.join("photos")).unwrap().is_dir(),
            "the link became a folder"
        );
        assert_eq!(fs::read_to_string(out.join("photos/a.svg")).unwrap(), "A");
    }

    #[test]
    fn keeps_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "x").unwrap();
        write_site(&out, &[("index.html", "I")]);
        assert!(out.join(".git/HEAD").exists());
    }

    #[test]
    fn removes_empty_folders_but_not_those_with_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/b/c/index.html", "C"), ("d/index.html", "D")]);
        fs::create_dir_all(out.join("empty/deeper")).unwrap();
        fs::create_dir_all(out.join("hidden")).unwrap();
        fs::write(out.join("hidden/.keep"), "").unwrap();
        let stats = write_site(&out, &[("d/index.html", "D")]);
        assert_eq!(stats.removed, 1);
        assert!(!out.join("a").exists(), "emptied folders go, up the tree");
        assert!(!out.join("empty").exists(), "empty folders go");
        assert!(out.join("hidden/.keep").exists());
        assert!(out.join("d/index.html").exists());
    }
}
