//! The dev server's HTTP side (tiny_http kept behind this module).
//!
//! Files are served from the site rendered in memory, so a request can never read the
//! disk: `..`, encoded slashes and symlinks have nothing to escape to. Paths are still
//! checked and malformed ones answered with 400, so clients learn what went wrong.

use std::borrow::Cow;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload::Reload;
use crate::site::Files;

/// URL path of the dev server's own endpoints (outside any site prefix).
pub const DEV_PREFIX: &str = "/__deputy_board/";

/// Longest request path accepted.
const MAX_PATH: usize = 2048;

/// What the server currently serves: the last good site, and the errors of the last
/// build if it failed.
pub struct Served {
    /// Output path → bytes.
    pub files: Files,
    /// The site's URL path prefix, `/` or e.g. `/renda/`.
    pub prefix: String,
    /// The diagnostics of the last failed build, shown as an overlay on every page.
    pub errors: Option<String>,
    /// Set while the list pages of an edit are still being rendered: requests for list
    /// pages wait for them instead of getting the old version.
    pub pending: Option<Arc<Pending>>,
}

/// List pages being rendered after an edit.
#[derive(Default)]
pub struct Pending {
    done: Mutex<bool>,
    finished: Condvar,
    /// List pages already up to date (open in a browser, so rendered before the event).
    ready: std::collections::HashSet<String>,
}

impl Pending {
    /// Pending list pages, except `ready` ones.
    pub fn new(ready: std::collections::HashSet<String>) -> Self {
        Pending {
            ready,
            ..Pending::default()
        }
    }

    /// Whether a request for `route` must wait.
    fn holds(&self, route: &Route) -> bool {
        let key = match route {
            Route::File(key) => key.as_str(),
            Route::NotFound => "404.html",
            _ => return false,
        };
        crate::render::is_list_page(key) && !self.ready.contains(key)
    }

    /// Marks the list pages rendered (or given up on) and wakes every waiting request.
    pub fn finish(&self) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.finished.notify_all();
    }

    /// Waits until [`Pending::finish`], at most a minute.
    fn wait(&self) {
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .finished
            .wait_timeout_while(done, Duration::from_secs(60), |done| !*done);
    }
}

/// Shared, swappable state: handlers clone the `Arc` and never hold the lock.
pub type State = Arc<Mutex<Arc<Served>>>;

/// How a request path resolves.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by output path.
    File(String),
    /// Redirect to this path (a folder without its slash, or `/` to the site prefix).
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// Not part of the site: serve 404.html.
    NotFound,
    /// Malformed: 400.
    BadRequest,
}

/// Resolves a request target against the site's prefix and files.
pub fn route(target: &str, prefix: &str, exists: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') || path.len() > MAX_PATH || path.contains('\\') {
        return Route::BadRequest;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Route::BadRequest;
    };
    if decoded.contains(['\0', '\\'])
        || decoded.contains("//")
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Route::BadRequest;
    }
    match decoded.as_ref() {
        "/__deputy_board/events" => return Route::Events,
        "/__deputy_board/livereload.js" => return Route::Script,
        _ => {}
    }
    if decoded == "/" && prefix != "/" {
        return Route::Redirect(prefix.to_string());
    }
    let Some(key) = decoded.strip_prefix(prefix) else {
        if format!("{decoded}/") == prefix {
            return Route::Redirect(prefix.to_string());
        }
        return Route::NotFound;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if exists(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if exists(key) {
        return Route::File(key.to_string());
    }
    if exists(&format!("{key}/index.html")) {
        // Built from the path as sent (still percent-encoded), keeping the query.
        let query = target.find('?').map_or("", |at| &target[at..]);
        return Route::Redirect(format!("{path}/{query}"));
    }
    Route::NotFound
}

/// The output file of the page that opened an event stream (`?page=` + its path).
fn open_page(target: &str, served: &Served) -> Option<String> {
    let query = target.split_once('?')?.1;
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))?;
    let path = percent_decode_str(value).decode_utf8().ok()?;
    match route(&path, &served.prefix, |key| served.files.contains_key(key)) {
        Route::File(key) => Some(key),
        _ => None,
    }
}

/// The Content-Type of an output file, from its extension by `mime_guess`'s table, with
/// `charset=utf-8` for text (every text file of a site is UTF-8).
pub fn content_type(path: &str) -> Cow<'static, str> {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    let Some(mime) = mime_guess::from_ext(extension).first_raw() else {
        return Cow::Borrowed("application/octet-stream");
    };
    let text = mime.starts_with("text/")
        || mime.ends_with("+json")
        || mime.ends_with("+xml")
        || matches!(
            mime,
            "application/javascript" | "application/json" | "application/xml"
        );
    if text {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

/// Answers one request. Never panics on client input.
pub fn handle(request: Request, state: &State, reload: &Reload) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = Response::from_string("405 Method Not Allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let snapshot = || Arc::clone(&state.lock().unwrap_or_else(|e| e.into_inner()));
    let resolve = |served: &Served| {
        route(request.url(), &served.prefix, |key| {
            served.files.contains_key(key)
        })
    };
    let mut served = snapshot();
    let mut route = resolve(&served);
    // Until the list pages of an edit are rendered, requests for them (and for the 404
    // page, which is one) wait rather than get the old version.
    while let Some(pending) = served.pending.clone()
        && pending.holds(&route)
    {
        pending.wait();
        served = snapshot();
        route = resolve(&served);
    }
    let (status, path, body): (u16, String, Vec<u8>) = match route {
        Route::Events => {
            let page = open_page(request.url(), &served);
            reload.subscribe(request, page);
            return;
        }
        Route::Script => (
            200,
            "livereload.js".to_string(),
            super::reload::SCRIPT.as_bytes().to_vec(),
        ),
        Route::Redirect(location) => {
            let response = Response::empty(StatusCode(301))
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
            return;
        }
        Route::BadRequest => (400, "400.txt".to_string(), b"400 Bad Request\n".to_vec()),
        // The site has never built: every page is the error overlay, reloading when fixed.
        Route::File(_) | Route::NotFound if served.files.is_empty() && served.errors.is_some() => {
            (503, "503.html".to_string(), inject(&served, NEVER_BUILT))
        }
        Route::File(key) => {
            let body = page(&served, &key);
            (200, key, body)
        }
        Route::NotFound => match served.files.get("404.html") {
            Some(_) => (404, "404.html".to_string(), page(&served, "404.html")),
            None => (404, "404.txt".to_string(), b"404 Not Found\n".to_vec()),
        },
    };
    let content_type = content_type(&path);
    let length = body.len();
    let mut response = Response::from_data(if method == Method::Head {
        Vec::new()
    } else {
        body
    })
    .with_status_code(status)
    .with_header(header("Content-Type", &content_type))
    .with_header(header("Cache-Control", "no-store"));
    if method == Method::Head {
        response.add_header(header("Content-Length", &length.to_string()));
    }
    let _ = request.respond(response);
}

/// A file's bytes; HTML gets the live-reload script and, while the build is broken, the
/// error overlay.
fn page(served: &Served, key: &str) -> Vec<u8> {
    let bytes: &[u8] = served.files.get(key).map_or(&[][..], |b| b);
    if !key.ends_with(".html") {
        return bytes.to_vec();
    }
    inject(served, &String::from_utf8_lossy(bytes))
}

/// The page shown while the site has never built successfully.
const NEVER_BUILT: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>deputy-board</title></head><body></body></html>";

/// An HTML page with the live-reload script and, while the build is broken, the overlay.
fn inject(served: &Served, html: &str) -> Vec<u8> {
    let mut injected = String::from("<script src=\"/__deputy_board/livereload.js\"></script>");
    if let Some(errors) = &served.errors {
        injected.push_str(errors);
    }
    let mut out = Vec::with_capacity(html.len() + injected.len());
    match html.rfind("</body>") {
        Some(at) => {
            out.extend_from_slice(&html.as_bytes()[..at]);
            out.extend_from_slice(injected.as_bytes());
            out.extend_from_slice(&html.as_bytes()[at..]);
        }
        None => {
            out.extend_from_slice(html.as_bytes());
            out.extend_from_slice(injected.as_bytes());
        }
    }
    out
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII we control (or an ASCII path), so this cannot fail;
    // fall back to a harmless header rather than panic.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..])
            .expect("invariant: constant header is valid")
    })
}

/// Writes raw bytes to a connection and flushes, reporting whether it is still open.
pub fn write_all_flush(writer: &mut (dyn Write + Send), bytes: &[u8]) -> bool {
    writer
        .write_all(bytes)
        .and_then(|()| writer.flush())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(key: &str) -> bool {
        [
            "index.html",
            "deputies/index.html",
            "css/site.css",
            "404.html",
        ]
        .contains(&key)
    }

    #[test]
    fn routes_site_paths_under_a_prefix() {
        let r = |t| route(t, "/renda/", files);
        assert_eq!(r("/"), Route::Redirect("/renda/".into()));
        assert_eq!(r("/renda"), Route::Redirect("/renda/".into()));
        assert_eq!(r("/renda/"), Route::File("index.html".into()));
        assert_eq!(
            r("/renda/deputies/"),
            Route::File("deputies/index.html".into())
        );
        assert_eq!(
            r("/renda/deputies"),
            Route::Redirect("/renda/deputies/".into())
        );
        assert_eq!(
            r("/renda/css/site.css?v=1"),
            Route::File("css/site.css".into())
        );
        assert_eq!(r("/renda/nothing/"), Route::NotFound);
        assert_eq!(r("/other/"), Route::NotFound);
        assert_eq!(r("/__deputy_board/events"), Route::Events);
    }

    #[test]
    fn rejects_traversal_and_malformed_paths() {
        let r = |t: &str| route(t, "/", files);
        for target in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/css/%2e%2e/%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%5cetc",
            "/..\\etc",
            "/a%00b",
            "etc/passwd",
            "http://evil.example/",
            "/%ff%fe",
        ] {
            assert_eq!(r(target), Route::BadRequest, "{target}");
        }
        // Double encoding decodes once, to a literal name that does not exist.
        assert_eq!(r("/%252e%252e/etc/passwd"), Route::NotFound);
        let long = format!("/{}", "a".repeat(5000));
        assert_eq!(r(&long), Route::BadRequest);
        assert_eq!(r("//etc/passwd"), Route::BadRequest);
    }

    #[test]
    fn text_types_have_a_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("p.jpg"), "image/jpeg");
        // A script module, which browsers refuse as application/octet-stream.
        assert_eq!(
            content_type("js/app.mjs"),
            "application/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("stations/a/reception.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("clip.mp4"), "video/mp4");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
