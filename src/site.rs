//! The build pipeline, start to end: load → validate → render → write.
//!
//! `build` and `check` share everything up to writing, so `check` reports exactly what
//! `build` would. Every problem found before writing is returned together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cache::{BuildCache, BuildParameters};
use crate::clash::Clashes;
use crate::config::{CONFIG_FILE, ConfigErrors, SiteConfig};
use crate::content::{self, Content, validate};
use crate::diagnostics::{Diagnostic, Diagnostics, SiteErrors};
use crate::output::{Produced, StagedOutput, StaticFile, WriteStats};
use crate::render::{self, OutputFile, RenderInput, templates};
use rayon::prelude::*;

/// Options shared by `build` and `check`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root.
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Build news items marked `draft: true`.
    pub drafts: bool,
    /// Print the time each step takes.
    pub verbose: bool,
    /// Where QR codes on printed sheets point (the public portal); defaults to the base
    /// URL. `print` builds with a local `file://` base URL but prints public addresses.
    pub public_base_url: Option<String>,
    /// Overrides `print.paper` from site.yaml.
    pub paper: Option<crate::config::Paper>,
    /// Show a running count of rendered pages (for a terminal).
    pub progress: bool,
    /// Render every page, ignoring and not updating the build cache.
    pub no_cache: bool,
    /// Build into an output folder even when it holds files that are not an earlier
    /// build (they are removed).
    pub force: bool,
}

/// A site loaded and validated, ready to render.
pub struct Prepared {
    /// site.yaml.
    pub config: SiteConfig,
    /// Every content file, sorted and indexed.
    pub content: Content,
    /// The theme, templates parsed.
    pub theme: templates::Theme,
    /// The base URL of this build.
    pub base_url: String,
    /// The public base URL, for QR codes on printed sheets.
    pub public_base_url: String,
    /// Files to copy as they are.
    pub statics: Vec<StaticFile>,
    /// Every warning (content and static files).
    pub warnings: Vec<Diagnostic>,
    /// The warnings about static files and templates (kept when only content is
    /// reloaded).
    pub static_warnings: Vec<Diagnostic>,
    /// The warnings about single content files found while reading them (a `#` that
    /// cuts a text, a file not read), kept when other files are reloaded.
    pub load_warnings: Vec<Diagnostic>,
}

/// What a finished check reports.
pub struct CheckReport {
    /// Number of pages and files that would be written (static files excepted).
    pub rendered: usize,
    /// Warnings to show.
    pub warnings: Vec<Diagnostic>,
}

/// What a finished build reports.
pub struct BuildReport {
    /// Number of pages and files rendered.
    pub rendered: usize,
    /// Number of static files copied.
    pub copied: usize,
    /// What the write did.
    pub stats: WriteStats,
    /// Warnings to show.
    pub warnings: Vec<Diagnostic>,
    /// Nothing changed since the last build into this folder: nothing was loaded,
    /// rendered or written (the warnings are the last build's).
    pub up_to_date: bool,
}

/// The day the site is built, in China Standard Time: `SOURCE_DATE_EPOCH` (reproducible
/// builds) if set, else now.
///
/// Reception days and times are China's (the calendar files say `Asia/Shanghai`), so
/// "today" is China's too, whatever the time zone of the machine that builds: a server
/// on UTC would otherwise still show yesterday's reception as upcoming until 08:00.
pub fn build_date() -> NaiveDate {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    china_date(now)
}

/// The date in China at the moment `now`: UTC+8 all year (China has no daylight saving
/// time).
fn china_date(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    const CHINA: chrono::TimeDelta = chrono::TimeDelta::hours(8);
    // (A `SOURCE_DATE_EPOCH` at the end of time has no later hour: its own day then.)
    now.checked_add_signed(CHINA).unwrap_or(now).date_naive()
}

/// Loads and validates the site. Errors are every problem found.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, SiteErrors> {
    let root = &options.root;
    let mut diagnostics = Diagnostics::default();
    // A site.yaml with problems still lets the rest of the site be checked when its
    // levels, theme and language are sound: every problem is then listed in one run.
    let mut config = match load_config_with_rest(root) {
        Ok(config) => config,
        Err(ConfigErrors {
            problems,
            rest: Some(config),
        }) => {
            diagnostics.extend(problems);
            *config
        }
        Err(ConfigErrors {
            problems,
            rest: None,
        }) => return Err(SiteErrors::new(problems, &[])),
    };
    if let Some(paper) = options.paper {
        config.print.paper = paper;
    }
    let base_url = options.base_url.as_deref().map_or_else(
        || config.base_url.clone(),
        crate::config::normalize_base_url,
    );

    let (theme, content) = timed("load and validate", options.verbose, || {
        rayon::join(
            || templates::load(root, &config, &base_url),
            || {
                let mut found = Diagnostics::default();
                let content = content::load(root, &config, options.drafts, &mut found);
                let load_warnings: Vec<Diagnostic> =
                    found.warnings().into_iter().cloned().collect();
                validate::validate(root, &config, &content, &mut found);
                (content, found, load_warnings)
            },
        )
    });
    let (content, found, load_warnings): (Content, Diagnostics, Vec<Diagnostic>) = content;
    diagnostics.extend(found.errors().into_iter().chain(found.warnings()).cloned());
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    let mut static_diagnostics = Diagnostics::default();
    let statics = collect_static_files(root, &config.theme, &mut static_diagnostics);
    let mut static_warnings: Vec<Diagnostic> =
        static_diagnostics.warnings().into_iter().cloned().collect();
    if let Some(theme) = &theme {
        static_warnings.extend(theme.warnings.iter().cloned());
    }
    diagnostics.extend(static_warnings.iter().cloned());
    diagnostics.extend(static_diagnostics.errors().into_iter().cloned());
    let (Some(theme), false) = (theme, diagnostics.has_errors()) else {
        return Err(SiteErrors::from(&diagnostics));
    };
    let warnings = diagnostics.warnings().into_iter().cloned().collect();
    Ok(Prepared {
        config,
        content,
        theme,
        public_base_url: options
            .public_base_url
            .as_deref()
            .map_or_else(|| base_url.clone(), crate::config::normalize_base_url),
        base_url,
        statics,
        warnings,
        static_warnings,
        load_warnings,
    })
}

/// Renders a prepared site, handing each file to `emit`.
fn render(
    site: &Prepared,
    options: &BuildOptions,
    cache: Option<&BuildCache>,
    emit: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<usize, SiteErrors> {
    // Found while rendering, so `check` reports it as `build` does (see `clash.rs`).
    let clashes = Clashes::new(&site.statics, &options.root);
    let emit = |file: OutputFile| {
        clashes.page(&file.path);
        emit(file)
    };
    let rendered = if options.progress {
        let done = AtomicUsize::new(0);
        let finished = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| show_progress(&done, &finished));
            let result = render_selected(site, None, cache, options.verbose, &|file| {
                done.fetch_add(1, Ordering::Relaxed);
                emit(file)
            });
            finished.store(true, Ordering::Relaxed);
            result
        })
    } else {
        render_selected(site, None, cache, options.verbose, &emit)
    }?;
    let errors = clashes.finish();
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(SiteErrors::new(errors, &site.warnings))
    }
}

/// Rewrites one terminal line with the number of pages rendered so far, from the first
/// half second on (small sites finish before it shows), and clears it at the end.
fn show_progress(done: &AtomicUsize, finished: &AtomicBool) {
    use std::io::Write;
    let start = Instant::now();
    let mut shown = false;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if start.elapsed().as_millis() >= 500 {
            eprint!("\rrendering… {} pages", done.load(Ordering::Relaxed));
            let _ = std::io::stderr().flush();
            shown = true;
        }
    }
    if shown {
        eprint!("\r\x1b[2K");
    }
}

/// Renders the pages `selection` names (all when `None`), handing each file to `emit`;
/// with a build cache, pages whose inputs did not change are handed over as kept.
pub fn render_selected(
    site: &Prepared,
    selection: Option<&render::Selection>,
    cache: Option<&BuildCache>,
    verbose: bool,
    emit: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<usize, SiteErrors> {
    let input = RenderInput {
        config: &site.config,
        content: &site.content,
        theme: &site.theme,
        base_url: &site.base_url,
        public_base_url: &site.public_base_url,
        today: build_date(),
        cache,
    };
    timed("render", verbose, || {
        render::render_selected(&input, selection, emit)
    })
    .map_err(|errors| SiteErrors::new(errors, &site.warnings))
}

/// Renders the site and writes it to `out_dir`. Pages stream into a staging folder as
/// they are rendered; the output folder changes only once everything succeeded.
pub fn build(options: &BuildOptions, out_dir: &Path) -> Result<BuildReport> {
    // A folder without site.yaml is no site: leave no cache folder in it.
    let is_site = options.root.join(crate::config::CONFIG_FILE).is_file();
    let cache = if options.no_cache || !is_site {
        None
    } else {
        timed("fingerprint the inputs", options.verbose, || {
            BuildCache::open(&options.root, out_dir, &cache_parameters(options))
        })
    };
    if let Some(done) = cache.as_ref().and_then(BuildCache::up_to_date) {
        return Ok(BuildReport {
            rendered: done.pages,
            copied: done.statics,
            stats: WriteStats {
                written: 0,
                unchanged: done.pages + done.statics,
                removed: 0,
            },
            warnings: done.warnings,
            up_to_date: true,
        });
    }
    let site = prepare(options)?;
    crate::guard::check_output_folder(&options.root, out_dir, options.force)?;
    if let Some(cache) = &cache {
        cache.seed_qr_codes(&site.theme.qr);
    }
    let stage = StagedOutput::begin(out_dir)?;
    let rendered = render(&site, options, cache.as_ref(), &|file| {
        if file.kept {
            stage.keep(&file.path)
        } else {
            stage.write(&file.path, &file.bytes)
        }
    })?;
    let (stats, produced) = timed(
        "copy static files and commit",
        options.verbose,
        || -> Result<(WriteStats, Produced)> {
            site.statics
                .par_iter()
                .try_for_each(|file| stage.copy(file))?;
            stage.commit()
        },
    )?;
    if let Some(cache) = cache {
        let saved = timed("save the build cache", options.verbose, || {
            // Two independent files of a few megabytes each at 10k deputies: write them
            // side by side.
            let (codes, pages) = rayon::join(
                || cache.save_qr_codes(&site.theme.qr),
                || cache.save(produced, rendered, site.statics.len(), &site.warnings),
            );
            codes.and(pages)
        });
        // The cache only saves work: a build that cannot record it still succeeded.
        if let (Err(error), true) = (saved, options.verbose) {
            eprintln!("cannot save the build cache: {error}");
        }
    }
    Ok(BuildReport {
        rendered,
        copied: site.statics.len(),
        stats,
        warnings: site.warnings,
        up_to_date: false,
    })
}

/// What a build depends on besides its input files.
fn cache_parameters(options: &BuildOptions) -> BuildParameters<'_> {
    BuildParameters {
        base_url: options.base_url.as_deref(),
        public_base_url: options.public_base_url.as_deref(),
        drafts: options.drafts,
        paper: options.paper.map(|paper| format!("{paper:?}")),
        today: build_date().to_string(),
    }
}

/// Validates everything a build would, rendering every page and writing nothing.
pub fn check(options: &BuildOptions) -> Result<CheckReport, SiteErrors> {
    let site = prepare(options)?;
    let rendered = render(&site, options, None, &|_| Ok(()))?;
    Ok(CheckReport {
        rendered,
        warnings: site.warnings,
    })
}

/// Reads and checks `site.yaml` of the site at `root`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    load_config_with_rest(root).map_err(|errors| errors.problems)
}

/// [`load_config`], with the rest of a configuration that has problems (see
/// [`ConfigErrors`]).
fn load_config_with_rest(root: &Path) -> Result<SiteConfig, ConfigErrors> {
    let unreadable = |problem: Diagnostic| ConfigErrors {
        problems: vec![problem],
        rest: None,
    };
    let path = Path::new(CONFIG_FILE);
    let bytes = std::fs::read(root.join(path)).map_err(|e| {
        unreadable(
            Diagnostic::error(
                path,
                0,
                0,
                format!("cannot read the site configuration: {e}"),
            )
            .with_hint(format!(
                "run deputy-board in the site folder, or pass --root DIR (looked in {})",
                root.display()
            )),
        )
    })?;
    let text = content::front_matter::decode(&bytes, path).map_err(unreadable)?;
    SiteConfig::parse_with_rest(text, path)
}

/// Theme static files, then the site's `static/` (which wins on equal paths).
fn collect_static_files(
    root: &Path,
    theme: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<StaticFile> {
    let mut files: indexmap::IndexMap<String, StaticFile> = indexmap::IndexMap::new();
    for dir in [
        root.join("themes").join(theme).join("static"),
        root.join(validate::STATIC_DIR),
    ] {
        // Hidden entries (`.git/`) are not published, nor is anything in them.
        let entries = crate::walk::sorted(&dir).into_iter().filter_entry(|e| {
            let relative = e.path().strip_prefix(&dir).unwrap_or(e.path());
            !content::static_paths::is_hidden(relative)
        });
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                // A missing static folder is fine; an unreadable one must not silently
                // drop files from the site (and so delete them from the output).
                Err(error)
                    if error
                        .io_error()
                        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                {
                    continue;
                }
                Err(error) => {
                    let path = error.path().unwrap_or(&dir).to_path_buf();
                    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    diagnostics.push(Diagnostic::error(
                        &shown,
                        0,
                        0,
                        format!("cannot read: {error}"),
                    ));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            if entry.file_type().is_symlink() {
                let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
                diagnostics.push(crate::walk::link_warning(
                    shown,
                    "in static folders are not copied",
                ));
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if let Some(problem) = content::static_text::problem(entry.path(), shown) {
                diagnostics.push(problem);
            }
            let relative = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(
                relative.clone(),
                StaticFile {
                    source: entry.into_path(),
                    path: relative,
                },
            );
        }
    }
    files.into_values().collect()
}

/// Times a closure, for `--verbose`.
pub fn timed<T>(label: &str, verbose: bool, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    if verbose {
        eprintln!("{label}: {} ms", start.elapsed().as_millis());
    }
    value
}

/// Output files in memory: output path → bytes.
pub type Files = HashMap<String, Arc<[u8]>>;

/// A site rendered into memory: output path → bytes (pages and static files).
pub struct MemorySite {
    /// Every output file.
    pub files: Files,
    /// Number of rendered pages (static files excepted).
    pub rendered: usize,
    /// Warnings to show.
    pub warnings: Vec<Diagnostic>,
}

/// Renders the site into memory, as `serve` needs it; the same pipeline as `build`.
pub fn build_in_memory(options: &BuildOptions) -> Result<MemorySite, SiteErrors> {
    let site = prepare(options)?;
    let (files, rendered) = render_in_memory(&site, None, options)?;
    Ok(MemorySite {
        files,
        rendered,
        warnings: site.warnings,
    })
}

/// Renders the selected pages (all when `None`) of a prepared site into memory; a full
/// render includes the static files.
///
/// Each page is kept as an exact-size shared slice as soon as it is rendered: the render
/// buffer is larger than most pages, and the server shares the bytes between requests.
pub fn render_in_memory(
    site: &Prepared,
    selection: Option<&render::Selection>,
    options: &BuildOptions,
) -> Result<(Files, usize), SiteErrors> {
    let files = Mutex::new(HashMap::new());
    let clashes = Clashes::new(&site.statics, &options.root);
    let rendered = render_selected(site, selection, None, options.verbose, &|file| {
        clashes.page(&file.path);
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path, Arc::from(file.bytes));
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut errors = clashes.finish();
    if !errors.is_empty() {
        return Err(SiteErrors::new(errors, &site.warnings));
    }
    if selection.is_some() {
        return Ok((files, rendered));
    }
    for file in &site.statics {
        match std::fs::read(&file.source) {
            Ok(bytes) => {
                files.insert(file.path.clone(), Arc::from(bytes));
            }
            Err(e) => errors.push(Diagnostic::error(
                file.source
                    .strip_prefix(&options.root)
                    .unwrap_or(&file.source),
                0,
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok((files, rendered))
    } else {
        Err(SiteErrors::new(errors, &site.warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_is_china_s() {
        let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        // 20:00 UTC is already the next morning in China; 15:59 UTC is still the day.
        assert_eq!(china_date(at("2026-11-25T20:00:00Z")), day("2026-11-26"));
        assert_eq!(china_date(at("2026-11-25T15:59:59Z")), day("2026-11-25"));
        // The last moment chrono can hold has no later hour, and no panic.
        let _ = china_date(chrono::DateTime::<chrono::Utc>::MAX_UTC);
    }
}
