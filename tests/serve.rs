//! The dev server, run for real: pages over HTTP, live reload after an edit, the error
//! overlay, path safety and concurrent clients. Only loopback addresses are used and
//! every loop is bounded.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running `deputy-board serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    start_with(root, &[])
}

/// Starts `serve` on a port the system picks (`--port 0`: a port chosen here and freed
/// for the server could be taken by a parallel test in between) and reads the port from
/// its "serving … at http://127.0.0.1:PORT/…" line.
fn start_with(root: &Path, extra: &[&str]) -> Server {
    let mut args = vec!["--root", root.to_str().unwrap(), "serve", "--port", "0"];
    args.extend(extra);
    start_in(root, &args)
}

/// Starts the binary with `args` in the folder `cwd`, as [`start_with`] does.
fn start_in(cwd: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deputy-board"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().unwrap();
    let (found, port) = std::sync::mpsc::channel();
    // Reads the server's messages to the end, so it never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some((_, rest)) = line.split_once(" at http://127.0.0.1:") {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let _ = found.send(digits.parse::<u16>().unwrap());
            }
        }
    });
    let port = port
        .recv_timeout(Duration::from_secs(30))
        .expect("server did not start");
    Server { child, port }
}

/// A parsed HTTP response.
struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// Sends `METHOD target` exactly as given (no client-side normalisation).
fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

fn get(port: u16, target: &str) -> Reply {
    request(port, "GET", target)
}

/// An open live-reload stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        Events::open_for(port, "")
    }

    /// The event stream as the page at `page` (a URL path) opens it.
    fn open_for(port: u16, page: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let query = if page.is_empty() {
            String::new()
        } else {
            format!("?page={}", page.replace('/', "%2F"))
        };
        write!(
            stream,
            "GET /__deputy_board/events{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.wait_for(": connected");
        events
    }

    /// Reads lines until one equals `expected`; fails after 30 s.
    fn wait_for(&mut self, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("event stream closed while waiting for {expected}"),
                Ok(_) if line.trim_end() == expected => return,
                Ok(_) => {}
                Err(e) => panic!("no {expected} in time: {e}"),
            }
        }
        panic!("no {expected} in time");
    }
}

/// Waits until `check` holds for a page, fetching it again every 50 ms (at most 30 s).
fn eventually(port: u16, target: &str, check: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let reply = get(port, target);
        if check(&reply) || Instant::now() > deadline {
            return reply;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_pages_with_correct_status_and_headers() {
    let site = fixture("good");
    let server = start(site.path());
    let port = server.port;

    let root = get(port, "/");
    assert_eq!(root.status, 301);
    assert_eq!(root.header("Location").as_deref(), Some("/renda/"));

    let home = get(port, "/renda/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control").as_deref(), Some("no-store"));
    assert!(
        home.body.contains("/__deputy_board/livereload.js"),
        "live-reload script injected"
    );
    assert!(
        home.body
            .contains(&format!("http://127.0.0.1:{port}/renda/deputies/")),
        "links point at the dev server"
    );

    let folder = get(port, "/renda/deputies");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/renda/deputies/")
    );

    let css = get(port, "/renda/css/site.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let svg = get(port, "/renda/photos/zhao-yi.svg");
    assert_eq!(
        svg.header("Content-Type").as_deref(),
        Some("image/svg+xml; charset=utf-8")
    );

    let head = request(port, "HEAD", "/renda/deputies/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(
        head.header("Content-Length")
            .is_some_and(|l| l.parse::<usize>().unwrap() > 1000)
    );

    let missing = get(port, "/renda/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("</html>"),
        "the site's 404.html is served"
    );

    assert_eq!(request(port, "POST", "/renda/").status, 405);
    assert_eq!(request(port, "DELETE", "/renda/").status, 405);
    assert!(
        !site.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn an_edit_reloads_open_pages_and_a_broken_save_shows_an_overlay_until_fixed() {
    let site = fixture("good");
    let server = start(site.path());
    let port = server.port;
    let mut events = Events::open(port);
    let about = site.path().join("content/pages/about.md");
    let original = fs::read_to_string(&about).unwrap();

    fs::write(
        &about,
        original.replace("关于本平台的说明。", "新的说明文字。"),
    )
    .unwrap();
    events.wait_for("event: reload");
    let page = eventually(port, "/renda/about/", |r| r.body.contains("新的说明文字"));
    assert!(
        page.body.contains("新的说明文字"),
        "edited content is served after the reload event"
    );

    fs::write(&about, "---\ntitle: [broken\n---\n").unwrap();
    events.wait_for("event: reload");
    let page = eventually(port, "/renda/about/", |r| {
        r.body.contains("deputy-board-errors")
    });
    assert!(page.body.contains("deputy-board-errors"), "overlay shown");
    assert!(
        page.body.contains("content/pages/about.md:2:"),
        "overlay names file and line"
    );
    assert!(
        page.body.contains("新的说明文字"),
        "the last good site is still served under the overlay"
    );
    assert!(
        get(port, "/renda/deputies/")
            .body
            .contains("deputy-board-errors"),
        "on every page"
    );

    fs::write(&about, &original).unwrap();
    events.wait_for("event: reload");
    let page = eventually(port, "/renda/about/", |r| {
        !r.body.contains("deputy-board-errors")
    });
    assert!(
        !page.body.contains("deputy-board-errors"),
        "overlay cleared after the fix"
    );
    assert!(page.body.contains("关于本平台的说明"));
}

#[test]
fn list_pages_are_never_served_stale_after_the_reload_event() {
    let site = fixture("good");
    let server = start(site.path());
    let port = server.port;
    let deputy = site.path().join("content/deputies/zhao-yi.md");
    // The deputy's own page is open (list pages are then rendered after the event), and
    // then the index itself is (rendered before it).
    for (open, occupation) in [
        ("/renda/deputies/zhao-yi/", "社区党委书记"),
        ("/renda/deputies/", "社区党委委员"),
    ] {
        let mut events = Events::open_for(port, open);
        let text = fs::read_to_string(&deputy).unwrap();
        let old = text
            .lines()
            .find(|l| l.starts_with("occupation:"))
            .unwrap()
            .to_string();
        fs::write(
            &deputy,
            text.replace(&old, &format!("occupation: {occupation}")),
        )
        .unwrap();
        events.wait_for("event: reload");
        for page in [
            "/renda/deputies/zhao-yi/",
            "/renda/deputies/",
            "/renda/print/all/",
            "/renda/stations/center/",
        ] {
            let reply = get(port, page);
            assert!(
                reply.body.contains(occupation),
                "{page} fetched right after the reload event (open page {open}) is up to date"
            );
        }
    }
}

#[test]
fn a_stylesheet_change_reloads_only_stylesheets() {
    let site = fixture("good");
    let server = start(site.path());
    let mut events = Events::open(server.port);
    let css = site.path().join("themes/default/static/css/site.css");
    let mut text = fs::read_to_string(&css).unwrap();
    text.push_str("\n.test-marker { color: #000; }\n");
    fs::write(&css, text).unwrap();
    events.wait_for("event: css");
    let reply = eventually(server.port, "/renda/css/site.css", |r| {
        r.body.contains("test-marker")
    });
    assert!(reply.body.contains("test-marker"));
}

#[test]
fn nothing_outside_the_site_is_ever_served() {
    let site = fixture("good");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("static/passwd")).unwrap();
    fs::write(site.path().join("secret.txt"), "TOP-SECRET-OUTSIDE-OUTPUT").unwrap();
    let server = start(site.path());
    let port = server.port;
    let bad = [
        "/renda/../secret.txt",
        "/renda/%2e%2e/secret.txt",
        "/renda/%2E%2E/%2E%2E/etc/passwd",
        "/renda/..%2fsecret.txt",
        "/renda/..%5csecret.txt",
        "/renda/..\\secret.txt",
        "/renda/%00",
        "/etc/passwd",
        "/renda//etc/passwd",
        "/renda/%252e%252e/secret.txt",
        "/renda/passwd",
        "/renda/content/deputies/zhao-yi.md",
        "/renda/site.yaml",
    ];
    for target in bad {
        let reply = get(port, target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("TOP-SECRET") && !reply.body.contains("root:x:0:0"),
            "{target} leaked"
        );
        assert!(
            !reply.body.contains("13912345678"),
            "{target} leaked private data"
        );
    }
    let long = format!("/renda/{}", "a/".repeat(3000));
    assert_eq!(get(port, &long).status, 400);
    assert_eq!(get(port, "http://127.0.0.1/renda/").status, 400);
}

#[test]
fn many_concurrent_clients_during_a_rebuild_all_get_answers() {
    let site = fixture("good");
    let server = start(site.path());
    let port = server.port;
    let about = site.path().join("content/pages/about.md");
    let original = fs::read_to_string(&about).unwrap();
    let clients: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let target = if i % 2 == 0 {
                    "/renda/"
                } else {
                    "/renda/deputies/zhao-yi/"
                };
                get(port, target).status
            })
        })
        .collect();
    for n in 0..3 {
        fs::write(&about, format!("{original}\n第{n}次修改\n")).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    for client in clients {
        assert_eq!(client.join().unwrap(), 200);
    }
}

#[test]
fn the_polling_watcher_picks_up_edits_too() {
    let site = fixture("good");
    let server = start_with(site.path(), &["--poll"]);
    let mut events = Events::open(server.port);
    let about = site.path().join("content/pages/about.md");
    let text = fs::read_to_string(&about)
        .unwrap()
        .replace("关于本平台的说明。", "轮询看到的修改。");
    fs::write(&about, text).unwrap();
    events.wait_for("event: reload");
    let page = eventually(server.port, "/renda/about/", |r| {
        r.body.contains("轮询看到的修改")
    });
    assert!(page.body.contains("轮询看到的修改"));
}

#[test]
fn edits_are_picked_up_when_serving_the_current_folder() {
    // A clerk runs `serve` inside the site's folder, without --root: the watcher reports
    // absolute paths, which must still be matched against the site.
    let site = fixture("good");
    let server = start_in(site.path(), &["serve", "--port", "0"]);
    let mut events = Events::open(server.port);
    let about = site.path().join("content/pages/about.md");
    let text = fs::read_to_string(&about)
        .unwrap()
        .replace("关于本平台的说明。", "在站点文件夹里预览。");
    fs::write(&about, text).unwrap();
    events.wait_for("event: reload");
    let page = eventually(server.port, "/renda/about/", |r| {
        r.body.contains("在站点文件夹里预览")
    });
    assert!(page.body.contains("在站点文件夹里预览"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture("good");
    let output = run(site.path(), &["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_changes_and_new_files_are_picked_up() {
    let site = fixture("good");
    let server = start(site.path());
    let mut events = Events::open(server.port);
    let config = site.path().join("site.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("测试镇人大代表信息公示平台", "改名后的平台");
    // Replace the file by a rename, as many editors save.
    fs::write(site.path().join("site.yaml.new"), text).unwrap();
    fs::rename(site.path().join("site.yaml.new"), &config).unwrap();
    events.wait_for("event: reload");
    let home = eventually(server.port, "/renda/", |r| r.body.contains("改名后的平台"));
    assert!(
        home.body
            .contains("<span class=\"brand-title\">改名后的平台</span>")
    );
    // The header and footer are rendered once per build (`cached`): no page keeps the
    // old ones.
    for path in ["/renda/", "/renda/deputies/zhao-yi/", "/renda/news/"] {
        let page = eventually(server.port, path, |r| r.status == 200);
        assert!(
            !page.body.contains("测试镇人大代表信息公示平台"),
            "{path} still shows the old title"
        );
    }

    fs::write(
        site.path().join("content/news/brand-new.md"),
        "---\ntitle: 全新的一条\ndate: 2026-06-01\n---\n正文\n",
    )
    .unwrap();
    events.wait_for("event: reload");
    let page = eventually(server.port, "/renda/news/brand-new/", |r| r.status == 200);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("全新的一条"));
}

#[test]
fn a_site_broken_from_the_start_shows_its_errors_until_fixed() {
    let site = fixture("good");
    let about = site.path().join("content/pages/about.md");
    let original = fs::read_to_string(&about).unwrap();
    fs::write(&about, "---\ntitle: [broken\n---\n").unwrap();
    let server = start(site.path());
    let mut events = Events::open(server.port);
    let page = get(server.port, "/renda/");
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains("deputy-board-errors")
            && page.body.contains("content/pages/about.md:2:")
    );
    assert!(
        page.body.contains("/__deputy_board/livereload.js"),
        "the page reloads itself once fixed"
    );
    assert!(
        !page.body.contains("showing the last good build"),
        "there is none"
    );
    fs::write(&about, original).unwrap();
    events.wait_for("event: reload");
    let page = eventually(server.port, "/renda/", |r| r.status == 200);
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("deputy-board-errors"));
}

#[test]
fn pages_link_to_the_address_given_with_base_url() {
    // As for a phone on the network: `--bind 0.0.0.0` picks this machine's network
    // address by itself; `--base-url` names the address, and its path is the site's.
    let site = fixture("good");
    let server = start_with(site.path(), &["--base-url", "http://192.0.2.7:8080/xx/"]);
    let home = get(server.port, "/xx/");
    assert_eq!(home.status, 200);
    assert!(
        home.body
            .contains("href=\"http://192.0.2.7:8080/xx/css/site.css\""),
        "{}",
        home.body
    );
    assert_eq!(get(server.port, "/renda/").status, 404);
}

#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    // A theme author's first step: start `serve`, then make templates/ with an override.
    let site = fixture("good");
    assert!(!site.path().join("templates").exists());
    let server = start(site.path());
    let templates = site.path().join("templates");
    let not_found = |marker: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block main %}}<p>{marker}</p>{{% endblock main %}}"
        )
    };
    // Whether the 404 page comes to show `marker` (or, with `shown` false, stops).
    let shows = |marker: &str, shown: bool| {
        let page = eventually(server.port, "/renda/no-such-page/", |r| {
            r.body.contains(marker) == shown
        });
        assert_eq!(page.body.contains(marker), shown, "{marker}");
    };
    fs::create_dir(&templates).unwrap();
    fs::write(templates.join("404.html"), not_found("OVERRIDE-1")).unwrap();
    shows("OVERRIDE-1", true);
    // Later saves into it are seen too.
    fs::write(templates.join("404.html"), not_found("OVERRIDE-2")).unwrap();
    shows("OVERRIDE-2", true);
    // So is a folder deleted and made again.
    fs::remove_dir_all(&templates).unwrap();
    shows("OVERRIDE-2", false);
    fs::create_dir(&templates).unwrap();
    fs::write(templates.join("404.html"), not_found("OVERRIDE-3")).unwrap();
    shows("OVERRIDE-3", true);
    fs::write(templates.join("404.html"), not_found("OVERRIDE-4")).unwrap();
    shows("OVERRIDE-4", true);
}

#[test]
fn a_new_path_in_base_url_moves_the_served_site() {
    let site = fixture("good");
    let server = start(site.path());
    let config = site.path().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.contains("/renda/"), "{text}");
    fs::write(&config, text.replace("/renda/", "/xx/")).unwrap();
    let home = eventually(server.port, "/xx/", |r| r.status == 200);
    assert_eq!(home.status, 200);
    assert!(home.body.contains("/xx/css/site.css"), "{}", home.body);
    assert_eq!(get(server.port, "/renda/").status, 404);
}
