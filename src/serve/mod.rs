//! `serve`: build into memory, serve over HTTP, watch the site, rebuild on change and
//! tell open pages to reload.
//!
//! Rebuilds use the same pipeline as `build` (a full in-memory rebuild: simple and
//! correct). A failed rebuild keeps the last good site served and shows the errors as an
//! overlay on every page until a save fixes them.

pub mod http;
pub mod incremental;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::diagnostics::{Diagnostic, SiteErrors};
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
    /// The address pages link to, when not the one served at (see [`page_address`]).
    pub base_url: Option<String>,
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
    let base_url = match &options.base_url {
        Some(url) => url.clone(),
        None => {
            let prefix = site_prefix(&options.root).unwrap_or_else(|| "/".to_string());
            page_address(options.bind, address, &prefix)
        }
    };
    let mut prefix = url_path(&base_url);
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        verbose: false,
        ..Default::default()
    };

    // Watch before the first build, so a save during it is not missed.
    let (sender, changes) = mpsc::channel();
    let mut watcher = watch::watch(&options.root, options.poll, sender)?;

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
            report_failure("the first build failed", &errors, &mut shown_warnings);
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
    // Where this machine's browser finds the site; the pages may link elsewhere.
    let local_ip = match options.bind {
        ip if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        ip => ip,
    };
    let served_at = page_address(local_ip, address, &prefix);
    let links = if served_at == base_url {
        String::new()
    } else if options.base_url.is_none() {
        format!("; pages link to {base_url}, which other devices on the network can open")
    } else {
        format!("; pages link to {base_url}")
    };
    eprintln!(
        "serving {} at {served_at} (Ctrl-C to stop){links}",
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
        // A `templates/` made while serving, or a folder deleted (and made again).
        relevant.extend(
            watcher
                .changed_folders()
                .into_iter()
                .map(|folder| (Change::Folder, folder)),
        );
        if relevant.is_empty() && !live.is_outdated() {
            continue;
        }
        relevant.sort();
        relevant.dedup();
        // A new path in site.yaml's base_url (`/renda/` to `/xx/`): serve the site there.
        if options.base_url.is_none()
            && relevant.iter().any(|(c, _)| *c == Change::Config)
            && let Some(moved) = site_prefix(&options.root)
            && moved != prefix
        {
            let base_url = page_address(options.bind, address, &moved);
            eprintln!("base_url has a new path: the site is now served under {moved}");
            live.set_base_url(base_url);
            prefix = moved;
        }
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
                    finish_lists(
                        &mut live,
                        &state,
                        &prefix,
                        &reload,
                        options.quiet,
                        &mut shown_warnings,
                    );
                    pending.finish();
                }
            }
            Err(errors) => {
                report_failure(
                    &format!("rebuild after {shown} failed, still serving the last good site"),
                    &errors,
                    &mut shown_warnings,
                );
                show_errors(&state, &live, &prefix, &errors);
                reload.send(Event::Reload);
            }
        }
    }
    Ok(())
}

/// Renders the list pages an update deferred and publishes them.
fn finish_lists(
    live: &mut LiveSite,
    state: &State,
    prefix: &str,
    reload: &Reload,
    quiet: bool,
    shown_warnings: &mut Vec<String>,
) {
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
            report_failure("rendering the list pages failed", &errors, shown_warnings);
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
    print_new_warnings(live.warnings(), shown);
    let how = if updated.full { "" } else { " incrementally" };
    eprintln!(
        "rebuilt {} pages{how} in {} ms ({what})",
        updated.rendered,
        start.elapsed().as_millis()
    );
}

/// Prints the warnings that were not printed before, with how many others still stand:
/// a save that changes nothing about them prints none (on a site of 1,500 deputies
/// without photos, 3,000 lines a save would bury the rest).
fn print_new_warnings(warnings: &[Diagnostic], shown: &mut Vec<String>) {
    let now: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let before: std::collections::HashSet<&String> = shown.iter().collect();
    let fresh: Vec<&String> = now.iter().filter(|w| !before.contains(w)).collect();
    if !fresh.is_empty() {
        for warning in &fresh {
            eprintln!("{warning}");
        }
        let earlier = now.len() - fresh.len();
        if earlier > 0 {
            let noun = if earlier == 1 { "warning" } else { "warnings" };
            eprintln!("(and {earlier} {noun} printed before)");
        }
    }
    *shown = now;
}

/// Prints a failed build's errors in full, and its warnings as [`print_new_warnings`]
/// does; the site rebuilds by itself once a file is saved again.
fn report_failure(what: &str, errors: &SiteErrors, shown_warnings: &mut Vec<String>) {
    let noun = errors.noun();
    eprint!(
        "error: {what}: {} {noun}:\n{}",
        errors.errors.len(),
        errors.numbered()
    );
    print_new_warnings(&errors.warnings, shown_warnings);
    eprintln!("fix the {noun} above and save: the site rebuilds by itself");
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

/// The URL path under which the site lives, from `base_url` in site.yaml, if it reads.
fn site_prefix(root: &Path) -> Option<String> {
    crate::site::load_config(root)
        .ok()
        .map(|config| url_path(&config.base_url))
}

/// The path of a URL (`/renda/` of `https://example.org/renda/`), `/` when it has none.
fn url_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match without_scheme.find('/') {
        Some(at) => without_scheme[at..].to_string(),
        None => "/".to_string(),
    }
}

/// The address pages link to when served at `listening`, under `prefix`: the address
/// listened on, or, when listening on every address (`--bind 0.0.0.0`), this machine's
/// address on its network, so the pages' links and stylesheets also work on a phone
/// that opens them; 127.0.0.1 when the machine has no network.
fn page_address(bind: IpAddr, listening: SocketAddr, prefix: &str) -> String {
    let ip = if bind.is_unspecified() {
        network_address(bind.is_ipv6()).unwrap_or(IpAddr::from([127, 0, 0, 1]))
    } else {
        listening.ip()
    };
    let host = match ip {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}{prefix}", listening.port())
}

/// The address this machine reaches other machines from: "connecting" a UDP socket
/// only picks the route (no packet is sent), and the socket's own address is that
/// route's. The documentation addresses of RFC 5737 and RFC 3849 stand for any other
/// machine.
fn network_address(ipv6: bool) -> Option<IpAddr> {
    let (local, remote): (IpAddr, SocketAddr) = if ipv6 {
        (
            IpAddr::from([0u16; 8]),
            SocketAddr::from(([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], 9)),
        )
    } else {
        (
            IpAddr::from([0, 0, 0, 0]),
            SocketAddr::from(([192, 0, 2, 1], 9)),
        )
    };
    let socket = std::net::UdpSocket::bind(SocketAddr::new(local, 0)).ok()?;
    socket.connect(remote).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_the_address_listened_on_under_the_site_path() {
        assert_eq!(url_path("https://example.org/renda/"), "/renda/");
        assert_eq!(url_path("http://192.0.2.7:8080"), "/");
        let listening = SocketAddr::from(([192, 0, 2, 7], 1111));
        assert_eq!(
            page_address(listening.ip(), listening, "/renda/"),
            "http://192.0.2.7:1111/renda/"
        );
        let listening = SocketAddr::from(([0u16, 0, 0, 0, 0, 0, 0, 1], 1111));
        assert_eq!(
            page_address(listening.ip(), listening, "/"),
            "http://[::1]:1111/"
        );
    }
}
