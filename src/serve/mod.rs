//! `serve`: build into memory, serve over HTTP, watch the site, rebuild on change and
//! tell open pages to reload.
//!
//! Rebuilds use the same pipeline as `build` (a full in-memory rebuild: simple and
//! correct). A failed rebuild keeps the last good site served and shows the errors as an
//! overlay on every page until a save fixes them.

pub mod http;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::diagnostics::SiteErrors;
use crate::site::BuildOptions;
use http::{Pending, Served, State};
use incremental::{LiveSite, Updated};
use reload::{Event, Reload};
use watch::Change;

/// Worker threads answering requests; event streams do not hold one.
const WORKERS: usize = 8;

/// How often an idle server checks whether the date changed.
const DATE_CHECK: Duration = Duration::from_secs(60);

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; `None` means 1111 or the next free one.
    pub port: Option<u16>,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Poll for changes instead of native file events.
    pub poll: bool,
    /// Build drafts too.
    pub drafts: bool,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// Runs the dev server until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    // The watcher reports absolute paths, which are matched against the root: it must be
    // absolute too (the default root is ".").
    let root = std::path::absolute(&options.root)
        .with_context(|| format!("cannot find the folder {}", options.root.display()))?;
    let options = &ServeOptions {
        root,
        ..options.clone()
    };
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;
    let prefix = site_prefix(&options.root);
    let host = if options.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        address.ip().to_string()
    };
    let host = if address.is_ipv6() && !options.bind.is_unspecified() {
        format!("[{host}]")
    } else {
        host
    };
    let base_url = format!("http://{host}:{}{prefix}", address.port());
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        verbose: false,
        ..Default::default()
    };

    // Watch before the first build, so a save during it is not missed.
    let (sender, changes) = mpsc::channel();
    let _watcher = watch::watch(&options.root, options.poll, sender)?;

    let start = Instant::now();
    let mut shown_warnings = Vec::new();
    let mut live = LiveSite::new(build_options);
    live.defer_lists = true;
    let state: State = Arc::new(Mutex::new(Arc::new(Served {
        files: Default::default(),
        prefix: prefix.clone(),
        errors: None,
        pending: None,
    })));
    match live.update(&[]) {
        Ok(updated) => {
            report_success(
                &live,
                updated,
                start,
                "initial build",
                options.quiet,
                &mut shown_warnings,
            );
            swap(&state, &live, &prefix, None, None);
        }
        Err(errors) => {
            eprintln!("error: {errors}");
            show_errors(&state, &live, &prefix, &errors);
        }
    }

    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("cannot start the HTTP server: {e}"))?;
    let server = Arc::new(server);
    let reload = Arc::new(Reload::default());
    for _ in 0..WORKERS {
        let (server, state, reload) =
            (Arc::clone(&server), Arc::clone(&state), Arc::clone(&reload));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                http::handle(request, &state, &reload);
            }
        });
    }

    {
        let reload = Arc::clone(&reload);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(15));
                reload.ping();
            }
        });
    }
    eprintln!(
        "serving {} at {base_url} (Ctrl-C to stop)",
        options.root.display()
    );
    if options.open
        && let Err(error) = opener::open_browser(&base_url)
    {
        eprintln!("warning: cannot open a browser: {error}");
    }

    let out_dir = options.root.join("public");
    loop {
        let mut paths = match changes.recv_timeout(DATE_CHECK) {
            Ok(paths) => paths,
            // Past midnight "upcoming" reception days change: rebuild with the new date.
            Err(mpsc::RecvTimeoutError::Timeout) if live.is_outdated() => Vec::new(),
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // Saves often come in bursts (editor + formatter): take everything pending.
        while let Ok(more) = changes.recv_timeout(Duration::from_millis(10)) {
            paths.extend(more);
        }
        let mut relevant: Vec<(Change, PathBuf)> = paths
            .into_iter()
            .filter_map(|p| watch::classify(&options.root, &p, &out_dir).map(|c| (c, p)))
            .collect();
        if relevant.is_empty() && !live.is_outdated() {
            continue;
        }
        relevant.sort();
        relevant.dedup();
        let start = Instant::now();
        let shown = display_paths(&options.root, &relevant);
        // Pages that list many items (the deputies index, "print all"…) are rendered after
        // the reload event, except those open in a browser; until then requests for them
        // wait.
        live.open_lists = reload
            .open_pages()
            .into_iter()
            .filter(|page| crate::render::is_list_page(page))
            .collect();
        match live.update(&relevant) {
            Ok(updated) => {
                report_success(
                    &live,
                    updated,
                    start,
                    &shown,
                    options.quiet,
                    &mut shown_warnings,
                );
                let pending = live
                    .has_pending()
                    .then(|| Arc::new(Pending::new(live.open_lists.clone())));
                swap(&state, &live, &prefix, None, pending.clone());
                let css_only =
                    !relevant.is_empty() && relevant.iter().all(|(c, _)| *c == Change::Stylesheet);
                reload.send(if css_only { Event::Css } else { Event::Reload });
                if let Some(pending) = pending {
                    finish_lists(&mut live, &state, &prefix, &reload, options.quiet);
                    pending.finish();
                }
            }
            Err(errors) => {
                eprintln!(
                    "error: rebuild after {shown} failed, still serving the last good site\n{errors}"
                );
                show_errors(&state, &live, &prefix, &errors);
                reload.send(Event::Reload);
            }
        }
    }
    Ok(())
}

/// Renders the list pages an update deferred and publishes them.
fn finish_lists(live: &mut LiveSite, state: &State, prefix: &str, reload: &Reload, quiet: bool) {
    let start = Instant::now();
    match live.finish_pending() {
        Ok(rendered) => {
            swap(state, live, prefix, None, None);
            if !quiet {
                eprintln!(
                    "  then {rendered} list pages in {} ms",
                    start.elapsed().as_millis()
                );
            }
        }
        Err(errors) => {
            eprintln!("error: rendering the list pages failed\n{errors}");
            show_errors(state, live, prefix, &errors);
            reload.send(Event::Reload);
        }
    }
}

/// Keeps the last good site served, with the errors as an overlay on every page.
fn show_errors(state: &State, live: &LiveSite, prefix: &str, errors: &SiteErrors) {
    swap(
        state,
        live,
        prefix,
        Some(reload::overlay(&errors.errors, !live.files.is_empty())),
        None,
    );
}

/// Publishes the live site's files (cheap: the bytes are shared, not copied).
fn swap(
    state: &State,
    live: &LiveSite,
    prefix: &str,
    errors: Option<String>,
    pending: Option<Arc<Pending>>,
) {
    let served = Arc::new(Served {
        files: live.files.clone(),
        prefix: prefix.to_string(),
        errors,
        pending,
    });
    *state.lock().unwrap_or_else(|e| e.into_inner()) = served;
}

fn report_success(
    live: &LiveSite,
    updated: Updated,
    start: Instant,
    what: &str,
    quiet: bool,
    shown: &mut Vec<String>,
) {
    if quiet {
        return;
    }
    // Warnings are printed when they change, not again on every save.
    let warnings: Vec<String> = live.warnings().iter().map(ToString::to_string).collect();
    if warnings != *shown {
        for warning in &warnings {
            eprintln!("{warning}");
        }
        *shown = warnings;
    }
    let how = if updated.full { "" } else { " incrementally" };
    eprintln!(
        "rebuilt {} pages{how} in {} ms ({what})",
        updated.rendered,
        start.elapsed().as_millis()
    );
}

fn display_paths(root: &Path, changes: &[(Change, PathBuf)]) -> String {
    let mut names: Vec<String> = changes
        .iter()
        .map(|(_, p)| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.dedup();
    match names.len() {
        0 => "a new day: reception days moved".to_string(),
        1..=3 => names.join(", "),
        n => format!("{}, … {} files", names[..2].join(", "), n),
    }
}

/// The URL path under which the site lives, from `base_url` in site.yaml (`/` if unknown).
fn site_prefix(root: &Path) -> String {
    let Ok(config) = crate::site::load_config(root) else {
        return "/".to_string();
    };
    let without_scheme = config
        .base_url
        .split_once("://")
        .map_or(config.base_url.as_str(), |(_, rest)| rest);
    match without_scheme.find('/') {
        Some(at) => without_scheme[at..].to_string(),
        None => "/".to_string(),
    }
}

/// Binds the port asked for, or 1111 and up to 10 ports after it when none was asked.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!("port {port} on {ip} is already in use; stop the other server or choose another --port")
            } else {
                anyhow::anyhow!("cannot listen on {ip}:{port}: {e}")
            }
        });
    }
    for port in 1111..=1121 {
        match TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(listener) => {
                if port != 1111 {
                    eprintln!("port 1111 is in use; using port {port} instead");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => bail!("cannot listen on {ip}:{port}: {e}"),
        }
    }
    bail!("ports 1111 to 1121 on {ip} are all in use; choose one with --port")
}
pub mod incremental;
