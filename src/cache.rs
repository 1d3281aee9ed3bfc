//! The build cache: what the last successful build into an output folder was made from,
//! kept in `.deputy-board-cache/` in the site folder (like Jekyll's `.jekyll-cache`).
//!
//! Two levels, both checked against the files actually in the output folder (size and
//! modification time, as `make` and rsync do), so a page deleted or edited by hand in
//! `public/` is always written again:
//! - **Inputs**: a fingerprint of every input file's path, size and modification time
//!   (site.yaml, content/, static/, themes/, templates/), the build options, the build
//!   date and the program itself. When it matches and the output folder holds exactly the
//!   files of the last build, nothing is loaded or rendered at all.
//! - **Pages**: each page's key is a hash of its template name, its whole template context
//!   (cards shared by many pages as a digest of their own, see [`keying`]) and the theme's
//!   fingerprint. A page whose key did not change since the last build is
//!   not rendered again; its file is kept as it is.
//!
//! The cache only ever skips work: deleting the folder (or `build --no-cache`) gives the
//! same output, only slower. A build that fails leaves it untouched.

use std::cell::Cell;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::diagnostics::Diagnostic;
use crate::output::{Produced, RealFolders, relative_path, site_entries};
use crate::qr::{QrCache, QrMatrix};

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".deputy-board-cache";

/// Bumped when the manifest's meaning changes, so an old manifest is ignored.
const FORMAT: u32 = 4;

/// A 128-bit fingerprint.
pub type Key = u128;

/// Streams bytes into a fingerprint; `ciborium` writes a value into it without building
/// the encoding in memory.
pub struct Hasher(Xxh3);

impl Hasher {
    /// A hasher seeded with `seed` (a fingerprint of everything pages have in common).
    pub fn new(seed: Key) -> Self {
        let mut hasher = Hasher(Xxh3::new());
        hasher.0.update(&seed.to_le_bytes());
        hasher
    }

    /// Adds a string, with its length (so "ab"+"c" differs from "a"+"bc").
    pub fn add_str(&mut self, text: &str) {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    /// Adds a file's stamp.
    fn add_stamp(&mut self, stamp: &Stamp) {
        for value in [stamp.len, stamp.mtime, stamp.ctime, stamp.ino] {
            self.0.update(&value.to_le_bytes());
        }
    }

    /// Adds a value in its CBOR encoding: unambiguous like JSON, but strings go in as
    /// they are, with a length, instead of being scanned for characters to escape.
    ///
    /// The encoding goes through a buffer: the serializer writes a few bytes at a time,
    /// and each hasher update has a fixed cost. On an error the hasher holds part of the
    /// value and its key must not be used.
    ///
    /// While it runs, [`keying`] is true on this thread: a value shared by many pages
    /// ([`crate::render::view::Shared`]) then writes a digest of itself, made once, instead
    /// of all its fields.
    pub fn add_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), String> {
        let _keying = KeyingGuard(KEYING.replace(true));
        let mut buffered = io::BufWriter::with_capacity(8192, &mut *self);
        ciborium::into_writer(value, &mut buffered).map_err(|e| e.to_string())?;
        buffered.flush().map_err(|e| e.to_string())
    }

    /// The fingerprint.
    pub fn finish(&self) -> Key {
        self.0.digest128()
    }
}

thread_local! {
    /// Whether [`Hasher::add_value`] is encoding a value on this thread.
    static KEYING: Cell<bool> = const { Cell::new(false) };
}

/// True while [`Hasher::add_value`] encodes a value on this thread: a `Serialize`
/// implementation may then write a digest of its data instead of the data (the key only
/// has to change when the data does).
pub fn keying() -> bool {
    KEYING.with(Cell::get)
}

/// Puts back the [`KEYING`] flag as it was (digests nest: a shared value's digest is made
/// by a hasher of its own).
struct KeyingGuard(bool);

impl Drop for KeyingGuard {
    fn drop(&mut self) {
        KEYING.set(self.0);
    }
}

impl Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Size, modification time and (on Unix) inode change time and inode number of a file:
/// how the cache recognises a file it knows. The change time cannot be set by `touch`,
/// `cp -p` or `rsync -a`, so a file put back with an old time is still noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    /// Nanoseconds since 1970 (0 when the platform has no modification time).
    mtime: u64,
    /// Nanoseconds since 1970 of the last inode change (0 off Unix).
    ctime: u64,
    /// Inode number (0 off Unix).
    ino: u64,
}

impl Stamp {
    fn of(metadata: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (ctime, ino) = {
            use std::os::unix::fs::MetadataExt;
            let nanos =
                i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec());
            (u64::try_from(nanos).unwrap_or(0), metadata.ino())
        };
        #[cfg(not(unix))]
        let (ctime, ino) = (0, 0);
        Stamp {
            len: metadata.len(),
            mtime: metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
            ctime,
            ino,
        }
    }

    /// Modified so recently, on a file system whose clock counts whole seconds (FAT,
    /// some network drives), that another edit within the same tick would leave the
    /// same time: such a file is not trusted by its stamp ("racy git").
    fn is_racy(&self, now: u64) -> bool {
        const SECOND: u64 = 1_000_000_000;
        self.mtime.is_multiple_of(SECOND) && self.mtime.saturating_add(2 * SECOND) >= now
    }

    fn read(path: &Path) -> Option<Stamp> {
        fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| Stamp::of(&m))
    }
}

/// One output file as the last build left it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The page's key (hex), empty for files that are not template pages.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    key: String,
    /// Size and modification time.
    stamp: Stamp,
}

/// What a successful build wrote, and from what.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// Fingerprint of every input (hex).
    inputs: String,
    /// Pages rendered (or kept) by that build.
    pages: usize,
    /// Static files copied.
    statics: usize,
    /// The warnings it printed, shown again when nothing changed.
    warnings: Vec<Diagnostic>,
    /// Every file of the output folder, by relative path with `/`.
    files: HashMap<String, Entry>,
}

/// The result of a build that found nothing to do.
#[derive(Debug)]
pub struct UpToDate {
    /// Pages in the output folder.
    pub pages: usize,
    /// Static files in the output folder.
    pub statics: usize,
    /// The last build's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// What the build depends on besides the files it reads.
#[derive(Debug, Serialize)]
pub struct BuildParameters<'a> {
    /// `--base-url`.
    pub base_url: Option<&'a str>,
    /// Where QR codes point, when not the base URL.
    pub public_base_url: Option<&'a str>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--paper`, as text.
    pub paper: Option<String>,
    /// The build date (upcoming reception days depend on it).
    pub today: String,
}

/// The cache for one build into one output folder.
pub struct BuildCache {
    /// The manifest file for this output folder.
    file: PathBuf,
    /// The QR codes of earlier builds of the site (any output folder).
    qr_file: PathBuf,
    /// Fingerprint of the program (QR codes of another program are not reused).
    program: Key,
    /// How many QR symbols came from earlier builds.
    qr_seeded: AtomicUsize,
    out_dir: PathBuf,
    inputs: Key,
    theme: Key,
    /// Some input was modified within the last clock tick of a coarse file system: the
    /// next build must not trust the fingerprint (`inputs`), or page keys too when the
    /// file is a template or UI string (`theme`).
    racy: Racy,
    previous: Option<Manifest>,
    /// Keys of the pages of this build, by output path.
    keys: Mutex<HashMap<String, Key, xxhash_rust::xxh3::Xxh3Builder>>,
    /// Held for the whole build: two builds into one folder take turns, so the manifest
    /// always describes what its own build wrote.
    _lock: fs::File,
    /// A page kept must be in real folders (see [`RealFolders`]).
    real: RealFolders,
}

impl BuildCache {
    /// Opens the cache of the site at `root` for a build into `out_dir`, fingerprinting
    /// every input; waits while another build into `out_dir` runs. `None` (build
    /// without cache) when the output folder cannot be resolved or the cache folder
    /// cannot be created.
    pub fn open(root: &Path, out_dir: &Path, parameters: &BuildParameters<'_>) -> Option<Self> {
        let out_dir = std::path::absolute(out_dir).ok()?;
        let root_abs = std::path::absolute(root).ok()?;
        let mut name = Hasher::new(0);
        name.add_str(&root_abs.to_string_lossy());
        name.add_str(&out_dir.to_string_lossy());
        let dir = root.join(CACHE_DIR);
        let file = dir.join(format!("build-{:032x}.json", name.finish()));
        // A site folder that cannot hold the cache (read-only) is built without it.
        fs::create_dir_all(&dir).ok()?;
        let lock = fs::File::create(file.with_extension("lock")).ok()?;
        if lock.try_lock().is_err() {
            eprintln!(
                "waiting for another build into {} to finish…",
                out_dir.display()
            );
            lock.lock().ok()?;
        }

        let now = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        let program = program_key();
        let (theme, racy_theme) = fingerprint_tree(root, &["themes", "templates"], program, now);
        let (content, racy_content) =
            fingerprint_tree(root, &["site.yaml", "content", "static"], theme, now);
        let mut inputs = Hasher::new(content);
        // Serializing plain strings and booleans cannot fail.
        let _ = inputs.add_value(parameters);
        // A missing, unreadable or outdated manifest only means a full build.
        let previous = fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|manifest| manifest.format == FORMAT);
        let real = RealFolders::new(&out_dir);
        Some(BuildCache {
            qr_file: dir.join("qr-codes.json"),
            program,
            qr_seeded: AtomicUsize::new(0),
            file,
            out_dir,
            inputs: inputs.finish(),
            theme,
            racy: Racy {
                inputs: racy_theme || racy_content,
                theme: racy_theme,
            },
            previous,
            keys: Mutex::new(HashMap::default()),
            _lock: lock,
            real,
        })
    }

    /// When no input changed since the last build and the output folder holds exactly
    /// what that build wrote, what it reported; else `None`.
    pub fn up_to_date(&self) -> Option<UpToDate> {
        let previous = self.previous.as_ref()?;
        if previous.inputs != hex(self.inputs) {
            return None;
        }
        let found = site_files(&self.out_dir)?;
        if found.len() != previous.files.len() {
            return None;
        }
        let all_same = found.par_iter().all(|(path, stamp)| {
            previous
                .files
                .get(path)
                .is_some_and(|entry| entry.stamp == *stamp)
        });
        all_same.then(|| UpToDate {
            pages: previous.pages,
            statics: previous.statics,
            warnings: previous.warnings.clone(),
        })
    }

    /// What every page key starts from: the program, the theme and its overrides.
    pub fn seed(&self) -> Key {
        self.theme
    }

    /// Records `key` as the key of the page at `path`; true when the file the last build
    /// wrote there has the same key and is still in the output folder untouched.
    pub fn reusable(&self, path: &str, key: Key) -> bool {
        lock(&self.keys).insert(path.to_string(), key);
        let Some(entry) = self.previous.as_ref().and_then(|m| m.files.get(path)) else {
            return false;
        };
        entry.key == hex(key)
            && self.real.contain(path)
            && Stamp::read(&self.out_dir.join(path)) == Some(entry.stamp)
    }

    /// Records a successful build: every file now in the output folder, with its page key.
    /// Call it once, at the end of the build: it takes the page keys recorded so far.
    pub fn save(
        &self,
        produced: Produced,
        pages: usize,
        statics: usize,
        warnings: &[Diagnostic],
    ) -> io::Result<()> {
        let keys = std::mem::take(&mut *lock(&self.keys));
        let files = produced
            .into_par_iter()
            .filter_map(|(path, metadata)| {
                let stamp = match metadata {
                    Some(metadata) => Stamp::of(&metadata),
                    None => Stamp::read(&self.out_dir.join(&path))?,
                };
                let key = match keys.get(&path) {
                    Some(key) if !self.racy.theme => hex(*key),
                    _ => String::new(),
                };
                Some((path, Entry { key, stamp }))
            })
            .collect();
        let manifest = Manifest {
            format: FORMAT,
            inputs: if self.racy.inputs {
                String::new()
            } else {
                hex(self.inputs)
            },
            pages,
            statics,
            warnings: warnings.to_vec(),
            files,
        };
        write_json(&self.file, &manifest)
    }
}

/// Which fingerprints this build's inputs make untrustworthy for the next build.
#[derive(Debug, Clone, Copy)]
struct Racy {
    inputs: bool,
    theme: bool,
}

/// QR symbols by URL, kept between builds: encoding is the costly part of a printed
/// sheet, and URLs rarely change.
#[derive(Debug, Default, Serialize, Deserialize)]
struct QrStore {
    /// The program that encoded them (hex).
    program: String,
    codes: HashMap<String, QrMatrix>,
}

impl BuildCache {
    /// Gives `qr` the symbols earlier builds of this program encoded.
    pub fn seed_qr_codes(&self, qr: &QrCache) {
        let codes = fs::read(&self.qr_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<QrStore>(&bytes).ok())
            .filter(|store| store.program == hex(self.program))
            .map(|store| store.codes)
            .unwrap_or_default();
        self.qr_seeded.store(codes.len(), Ordering::Relaxed);
        qr.seed(codes);
    }

    /// Keeps the symbols of `qr` for the next builds, when this build encoded new ones.
    pub fn save_qr_codes(&self, qr: &QrCache) -> io::Result<()> {
        let codes = qr.matrices();
        if codes.len() <= self.qr_seeded.load(Ordering::Relaxed) {
            return Ok(());
        }
        let store = QrStore {
            program: hex(self.program),
            codes,
        };
        write_json(&self.qr_file, &store)
    }
}

/// Writes `value` as JSON to `path` atomically (a temporary file beside it, renamed).
fn write_json<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(io::BufWriter::new(temp.as_file_mut()), value)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn lock<T>(value: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    value.lock().unwrap_or_else(|e| e.into_inner())
}

fn hex(key: Key) -> String {
    format!("{key:032x}")
}

/// The program itself: its version, and its executable's path, size, times and inode
/// (a rebuilt or reinstalled binary is a new file with a new inode and change time, even
/// where packaging fixes modification times), so a new build of deputy-board, which may
/// render differently, never reuses old pages.
fn program_key() -> Key {
    let mut hasher = Hasher::new(0);
    hasher.add_str(env!("CARGO_PKG_VERSION"));
    let exe = std::env::current_exe().ok();
    match exe.as_deref().and_then(Stamp::read) {
        Some(stamp) => {
            hasher.add_str(&exe.unwrap_or_default().to_string_lossy());
            hasher.add_stamp(&stamp);
        }
        // Unknown program: a key no other run shares, so nothing is reused.
        None => hasher.0.update(&std::process::id().to_le_bytes()),
    }
    hasher.finish()
}

/// Fingerprint of the path, type, size and times of everything under the given entries
/// of `root`, in a fixed order, following symbolic links (the loaders read through
/// them); also whether any file is too recent to be trusted by its stamp (see
/// [`Stamp::is_racy`]).
fn fingerprint_tree(root: &Path, entries: &[&str], seed: Key, now: u64) -> (Key, bool) {
    let mut hasher = Hasher::new(seed);
    let mut racy = false;
    for entry in entries {
        hasher.add_str(entry);
        let walker = crate::walk::sorted(&root.join(entry)).follow_links(true);
        for item in walker {
            match item {
                Ok(item) => {
                    let relative = item.path().strip_prefix(root).unwrap_or(item.path());
                    hasher.add_str(&relative.to_string_lossy());
                    hasher.0.update(&[u8::from(item.file_type().is_dir())]);
                    if let Ok(metadata) = item.metadata() {
                        let stamp = Stamp::of(&metadata);
                        racy |= metadata.is_file() && stamp.is_racy(now);
                        hasher.add_stamp(&stamp);
                    }
                }
                // An unreadable entry or a link loop must not look like a missing file:
                // hash the error.
                Err(error) => hasher.add_str(&error.to_string()),
            }
        }
    }
    (hasher.finish(), racy)
}

/// Every file of the site in `out_dir` (hidden entries are not part of the site), with
/// its stamp; `None` when the folder cannot be read completely.
fn site_files(out_dir: &Path) -> Option<Vec<(String, Stamp)>> {
    let mut files = Vec::new();
    for entry in site_entries(out_dir) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            return None;
        }
        let stamp = Stamp::of(&entry.metadata().ok()?);
        files.push((relative_path(out_dir, entry.path()), stamp));
    }
    Some(files)
}
