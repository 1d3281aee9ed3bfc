//! `print`: builds the site with local file URLs, then prints notice-board sheets to one
//! PDF through a local Chromium (headless, offline, with a throw-away profile).
//!
//! The sheets' QR codes still point at the public portal (`base_url`), since the pages
//! are only rendered locally to be printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::config::Paper;
use crate::diagnostics::{UsageError, did_you_mean};
use crate::site::{self, BuildOptions};

/// Browsers tried, in order, when `--chrome` is not given.
pub const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long one print may take before it is abandoned.
const TIMEOUT: Duration = Duration::from_secs(180);

/// Options of `print`.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The site root.
    pub root: PathBuf,
    /// Only this station's sheet (all stations when `None`).
    pub station: Option<String>,
    /// Overrides `print.paper`.
    pub paper: Option<Paper>,
    /// The PDF to write.
    pub pdf: PathBuf,
    /// The browser to use instead of searching PATH.
    pub chrome: Option<PathBuf>,
    /// Overrides the public base URL the QR codes point at.
    pub base_url: Option<String>,
    /// Build drafts too (they do not appear on sheets, but must be valid).
    pub drafts: bool,
}

/// What a print produced.
pub struct Printed {
    /// Stations printed.
    pub stations: usize,
    /// The browser used.
    pub browser: PathBuf,
}

/// Builds the site into a temporary folder and prints the chosen sheets to `options.pdf`.
pub fn print(options: &PrintOptions) -> Result<Printed> {
    let browser = find_browser(options.chrome.as_deref())?;
    let work = tempfile::Builder::new()
        .prefix("deputy-board-print-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    let out = work.path().join("site");
    let local_base = file_url(&out)?;
    let build = BuildOptions {
        root: options.root.clone(),
        base_url: Some(local_base.clone()),
        public_base_url: options
            .base_url
            .clone()
            .or_else(|| configured_base_url(&options.root)),
        paper: options.paper,
        drafts: options.drafts,
        verbose: false,
        progress: false,
        // A throw-away build: it would only leave a cache entry for a deleted folder.
        no_cache: true,
        force: false,
    };
    site::build(&build, &out)?;

    let (page, stations) = match &options.station {
        Some(slug) => {
            let page = out.join("print/stations").join(slug).join("index.html");
            // Only a real slug may become part of the path (no "..", no absolute path).
            if !crate::content::slug::is_valid(slug) || !page.is_file() {
                let known = station_slugs(&out);
                let hint = match did_you_mean(slug, known.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean \"{best}\"?"),
                    None => format!("stations: {}", known.join(", ")),
                };
                return Err(UsageError(format!(
                    "there is no station with the slug \"{slug}\"; {hint}"
                ))
                .into());
            }
            (page, 1)
        }
        None => (out.join("print/all/index.html"), station_slugs(&out).len()),
    };
    let pdf = absolute(&options.pdf)?;
    if let Some(parent) = pdf.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // Print into the work folder first: a failed print leaves an existing PDF alone.
    let printed = work.path().join("sheets.pdf");
    let profile = work.path().join("profile");
    let url = file_url(&page)?;
    run_browser(
        &browser,
        &profile,
        &printed,
        &url,
        &work.path().join("browser.log"),
    )?;
    if !std::fs::metadata(&printed).is_ok_and(|meta| meta.len() > 0) {
        bail!("{} ran but wrote no PDF", browser.display());
    }
    if std::fs::rename(&printed, &pdf).is_err() {
        // Another file system: copy beside the target, then rename into place.
        let beside = pdf.with_extension("pdf.part");
        std::fs::copy(&printed, &beside)
            .with_context(|| format!("cannot write {}", beside.display()))?;
        std::fs::rename(&beside, &pdf)
            .with_context(|| format!("cannot write {}", pdf.display()))?;
    }
    Ok(Printed { stations, browser })
}

/// The browser to print with: `--chrome` if given, else the first of [`BROWSERS`] on PATH.
pub fn find_browser(chosen: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = chosen {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            bail!("--chrome {} does not exist", path.display())
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in BROWSERS {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "printing needs Chromium or Google Chrome, and none was found on PATH (looked for {}).\n\
         Install one (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk), or pass --chrome PATH",
        BROWSERS.join(", ")
    )
}

fn run_browser(browser: &Path, profile: &Path, pdf: &Path, url: &str, log: &Path) -> Result<()> {
    let mut command = Command::new(browser);
    command
        .arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        // Keep the browser off the network and away from the user's own profile.
        .arg("--disable-background-networking")
        .arg("--disable-component-update")
        .arg("--disable-sync")
        .arg("--disable-default-apps")
        .arg("--disable-extensions")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg(format!("--user-data-dir={}", profile.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // To a file, not a pipe: a chatty browser never blocks on a full pipe.
        .stderr(
            std::fs::File::create(log)
                .with_context(|| format!("cannot create {}", log.display()))?,
        );
    // Chromium refuses to start its sandbox as root (containers, CI).
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        command.arg("--no-sandbox");
    }
    command.arg(url);
    // Its own process group, so a timeout can stop the browser's helper processes too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", browser.display()))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().context("cannot wait for the browser")? {
            if status.success() {
                return Ok(());
            }
            let stderr = std::fs::read_to_string(log).unwrap_or_default();
            let last: Vec<&str> = stderr.lines().rev().take(5).collect();
            bail!(
                "{} failed ({status}) while printing:\n{}",
                browser.display(),
                last.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        if start.elapsed() > TIMEOUT {
            #[cfg(unix)]
            if let Ok(group) = i32::try_from(child.id()) {
                // SAFETY: killpg only sends a signal; the group is the browser's own.
                unsafe { libc::killpg(group, libc::SIGKILL) };
            }
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not finish printing within {} s",
                browser.display(),
                TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `file://` URL of a local path (made absolute), with a trailing `/` for folders.
fn file_url(path: &Path) -> Result<String> {
    let path = absolute(path)?;
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded: String = text
        .split('/')
        .map(|part| {
            percent_encoding::utf8_percent_encode(part, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("/");
    let prefix = if encoded.starts_with('/') {
        "file://"
    } else {
        "file:///"
    };
    let slash = if path.extension().is_none() { "/" } else { "" };
    Ok(format!("{prefix}{encoded}{slash}"))
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))
}

fn station_slugs(out: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(out.join("print/stations"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    slugs.sort();
    slugs
}

fn configured_base_url(root: &Path) -> Option<String> {
    crate::site::load_config(root).ok().map(|c| c.base_url)
}
