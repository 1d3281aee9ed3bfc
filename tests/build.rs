//! Builds the good fixture site with the real binary and checks what it wrote.

mod common;

use std::fs;
use std::path::Path;

use common::*;

#[test]
fn builds_every_page_and_prints_a_summary() {
    let site = fixture("good");
    let output = build_ok(site.path(), &[]);
    let err = stderr(&output);
    assert!(err.contains("built "), "{err}");
    assert!(err.contains(" pages in "), "{err}");
    // 王二 has no photo: a warning, not an error.
    assert!(
        err.contains("content/deputies/wang-er.md: warning: 王二 has no photo"),
        "{err}"
    );
    let out = site.path().join("public");
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "deputies/index.html",
        "deputies/zhao-yi/index.html",
        "deputies/shan-yu-mei/index.html",
        "stations/index.html",
        "stations/center/index.html",
        "stations/center/reception.ics",
        "stations/lake-home/index.html",
        "news/index.html",
        "news/page/2/index.html",
        "news/first/index.html",
        "tags/index.html",
        "tags/shu-zhi-ping-yi/index.html",
        "about/index.html",
        "photos/zhao-yi.svg",
        "css/site.css",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
    assert!(
        !out.join("news/draft").exists(),
        "drafts are not built by default"
    );
    assert!(
        !out.join("news/page/3").exists(),
        "3 news at 2 per page make 2 pages"
    );
}

#[test]
fn drafts_are_built_with_the_flag() {
    let site = fixture("good");
    let output = build_ok(site.path(), &["--drafts"]);
    assert!(site.path().join("public/news/draft/index.html").is_file());
    assert!(
        !stderr(&output).contains("is a draft"),
        "{}",
        stderr(&output)
    );
    // Without the flag the draft is left out, and the build says so.
    let output = build_ok(site.path(), &[]);
    assert!(!site.path().join("public/news/draft/index.html").exists());
    assert!(
        stderr(&output).contains(
            "content/news/draft.md: warning: this news item is a draft (draft: true) and is not published"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn levels_show_in_site_yaml_order_whatever_order_a_file_lists_them() {
    let site = fixture("good");
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "levels: [district, town]",
        "levels: [town, district]",
    );
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "deputies/zhao-yi/index.html");
    let district = html.find("badge-level-district").unwrap();
    let town = html.find("badge-level-town").unwrap();
    assert!(district < town, "site.yaml lists district first");
}

#[test]
fn deputies_are_listed_in_stroke_order() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "deputies/index.html");
    // 丁 2 strokes, 王 4, 单 8, 赵 9.
    let positions: Vec<usize> = ["丁三", "王二", "单玉梅", "赵一"]
        .iter()
        .map(|n| html.find(n).unwrap_or_else(|| panic!("{n} missing")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn bearers_of_one_surname_stay_together_in_stroke_order() {
    let site = fixture("good");
    let dir = site.path().join("content/deputies");
    // 李 and 张 both have seven strokes; 丁 (2) and 明 (8) follow 李, 三 (3) follows 张.
    for (file, name) in [
        ("li-ming", "李明"),
        ("zhang-san", "张三"),
        ("li-ding", "李丁"),
    ] {
        std::fs::write(
            dir.join(format!("{file}.md")),
            format!("---\nname: {name}\nlevels: [district]\nstation: center\n---\n"),
        )
        .unwrap();
    }
    build_ok(site.path(), &[]);
    // (The station page names 赵一 earlier too, on its reception days.)
    for (page, names) in [
        ("deputies/index.html", &["李丁", "李明", "张三", "赵一"][..]),
        ("stations/center/index.html", &["李丁", "李明", "张三"][..]),
    ] {
        let html = read(&site.path().join("public"), page);
        let positions: Vec<usize> = names
            .iter()
            .map(|n| {
                html.find(n)
                    .unwrap_or_else(|| panic!("{n} missing from {page}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{page}: {positions:?}"
        );
    }
}

#[test]
fn a_station_page_lists_its_deputies_and_splits_reception_days_at_the_build_date() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "stations/center/index.html");
    assert!(html.contains("赵一") && html.contains("单玉梅"));
    assert!(!html.contains("王二"), "王二 belongs to another station");
    let upcoming = html.find("2026-12-10").expect("upcoming day");
    let past = html.find("2026-10-10").expect("past day");
    assert!(
        upcoming < past,
        "upcoming reception days come before past ones"
    );
    let ics = read(&site.path().join("public"), "stations/center/reception.ics");
    assert!(ics.contains("BEGIN:VEVENT"));
    assert!(
        ics.contains("DTSTART;TZID=Asia/Shanghai:20261210T090000"),
        "{ics}"
    );
    // The time zone the times name is defined in the file (RFC 5545), before the events.
    let zone = ics
        .find("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n")
        .expect("a VTIMEZONE");
    assert!(zone < ics.find("BEGIN:VEVENT").unwrap(), "{ics}");
    assert!(ics.contains("TZOFFSETTO:+0800\r\n"), "{ics}");
    // UIDs are made of the day and its start, not the entry's place in the list.
    assert!(ics.contains("UID:center-2026-12-10-0900@"), "{ics}");
}

#[test]
fn a_station_calendar_keeps_its_uids_when_a_day_is_added_and_is_valid_when_empty() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let uids = |site: &Path| {
        let ics = read(&site.join("public"), "stations/center/reception.ics");
        let uids: Vec<String> = (ics.lines())
            .filter(|line| line.starts_with("UID:"))
            .map(str::to_string)
            .collect();
        uids
    };
    let before = uids(site.path());
    edit(
        site.path(),
        "content/stations/center.md",
        "reception:\n",
        "reception:\n  - date: 2026-12-01\n    time: \"09:00-11:00\"\n  - date: 2026-12-01\n    time: \"09:00-11:00\"\n",
    );
    build_ok(site.path(), &[]);
    let after = uids(site.path());
    assert_eq!(after.len(), before.len() + 2);
    assert!(before.iter().all(|uid| after.contains(uid)), "{after:?}");
    assert!(
        after
            .iter()
            .any(|uid| uid.starts_with("UID:center-2026-12-01-0900-2@"))
    );
    // A station with no reception days: still one component, the time zone.
    let hill = read(
        &site.path().join("public"),
        "stations/hill-kiosk/reception.ics",
    );
    assert!(hill.contains("BEGIN:VTIMEZONE"), "{hill}");
}

#[test]
fn a_reception_day_without_clock_times_is_a_whole_day_in_the_calendar() {
    let site = fixture("good");
    edit(
        site.path(),
        "content/stations/center.md",
        "time: \"09:00-11:00\"",
        "time: 上午",
    );
    build_ok(site.path(), &[]);
    let ics = read(&site.path().join("public"), "stations/center/reception.ics");
    // DTEND of a whole day is exclusive: the next day (RFC 5545).
    assert!(ics.contains("DTSTART;VALUE=DATE:20261210"), "{ics}");
    assert!(ics.contains("DTEND;VALUE=DATE:20261211"), "{ics}");
}

#[test]
fn a_deputy_page_lists_the_upcoming_reception_days_the_deputy_is_on_duty() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let zhao = read(&out, "deputies/zhao-yi/index.html");
    assert!(
        zhao.contains("datetime=\"2026-12-10\""),
        "on duty on 2026-12-10"
    );
    assert!(
        !zhao.contains("2026-10-10"),
        "not on duty that day, and it is past"
    );
    let shan = read(&out, "deputies/shan-yu-mei/index.html");
    assert!(
        !shan.contains("datetime=\"2026-12-10\""),
        "赵一's day, not hers"
    );
    assert!(!shan.contains("datetime=\"2026-10-10\""), "her day is past");
}

#[test]
fn deputy_page_shows_record_and_computed_satisfaction_rate() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "deputies/zhao-yi/index.html");
    // (104 + 6) / 112 = 98.2 %.
    assert!(html.contains("98.2"), "rate missing");
    // The counts, written with the UI string `count_votes` ("{n} 票").
    for (label, count) in [
        ("满意", 104),
        ("基本满意", 6),
        ("不满意", 2),
        ("总票数", 112),
    ] {
        let row = format!("<dt>{label}</dt><dd>{count} 票</dd>");
        assert!(html.contains(&row), "{row} missing");
    }
    // The bar's widths: 104, 6 and 2 of 112 votes, in percent with at most two decimals.
    for (class, width) in [
        ("satisfied", "92.86"),
        ("basically", "5.36"),
        ("dissatisfied", "1.79"),
    ] {
        let bar = format!(r#"<span class="vote-bar-{class}" style="width: {width}%">"#);
        assert!(html.contains(&bar), "{bar} missing");
    }
    assert!(html.contains("测试镇中心代表联络站"), "station missing");
    assert!(html.contains("第一条新闻"), "related news missing");
    assert!(html.contains(r#"id="ge-ren-jian-jie""#), "heading ids");
}

#[test]
fn front_matter_is_escaped_and_markdown_html_is_kept() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        let is_text = [".html", ".xml", ".ics", ".txt", ".json", ".csv"]
            .iter()
            .any(|ext| path.ends_with(ext));
        assert!(
            !text.contains(r#"<script>alert("occupation")"#),
            "unescaped front matter in {path}"
        );
        // ding-san.md writes "农\0民\e": control characters are dropped.
        assert!(
            !is_text || (!bytes.contains(&0) && !bytes.contains(&0x1b)),
            "a control character in {path}"
        );
    }
    assert!(read(&out, "deputies/ding-san/index.html").contains("农民"));
    let html = read(&out, "deputies/zhao-yi/index.html");
    assert!(html.contains("&lt;script&gt;"), "escaped text shown");
    assert!(
        html.contains("<b>原样保留的 HTML</b>"),
        "raw HTML in Markdown kept"
    );
}

#[test]
fn nothing_private_reaches_any_output_file() {
    let site = fixture("good");
    build_ok(site.path(), &["--drafts"]);
    let private = [
        "13912345678",
        "PRIVATE-ID-110199199001011234",
        "13800001111",
        "PRIVATE-STATION-MOBILE-7781",
        "PRIVATE-PAGE-NOTE-5521",
    ];
    let files = tree(&site.path().join("public"));
    assert!(files.len() > 20);
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for value in private {
            assert!(!text.contains(value), "{value} leaked into {path}");
        }
    }
}

/// Every internal link and asset in every HTML file resolves to a written file.
fn assert_links_resolve(out: &Path, base_url: &str) {
    let files = tree(out);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let url = &piece[..piece.find('"').expect("closing quote")];
                let url = url.replace("&amp;", "&");
                if url.starts_with('#')
                    || ["mailto:", "tel:", "geo:"]
                        .iter()
                        .any(|s| url.starts_with(s))
                {
                    continue;
                }
                assert!(
                    !url.starts_with('/'),
                    "root-relative link {url} in {path} breaks sub-path sites"
                );
                if url.starts_with("http") && !url.starts_with(base_url) {
                    continue; // external link (e.g. a contact code)
                }
                let relative = url
                    .strip_prefix(base_url)
                    .unwrap_or_else(|| panic!("relative link {url} in {path}"));
                let relative = relative.split(['#', '?']).next().unwrap_or_default();
                let target = if relative.is_empty() || relative.ends_with('/') {
                    format!("{relative}index.html")
                } else {
                    relative.to_string()
                };
                assert!(
                    files.contains_key(&target),
                    "{path} links to {url}, but {target} was not written"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn links_resolve_on_a_sub_path_site() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    assert_links_resolve(&site.path().join("public"), "https://example.org/renda/");
}

#[test]
fn links_resolve_on_a_domain_root_site() {
    let site = fixture("good");
    build_ok(site.path(), &["--base-url", "https://deputies.example.org"]);
    let out = site.path().join("public");
    assert_links_resolve(&out, "https://deputies.example.org/");
    assert!(!read(&out, "index.html").contains("example.org/renda"));
}

#[test]
fn unchanged_rebuild_writes_nothing_and_keeps_mtimes() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let before = fs::metadata(out.join("deputies/zhao-yi/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Without the build cache every page is rendered again and compared with the file.
    let output = build_ok(site.path(), &["--no-cache"]);
    assert!(
        stderr(&output).contains("(0 written"),
        "{}",
        stderr(&output)
    );
    let after = fs::metadata(out.join("deputies/zhao-yi/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn deleted_content_leaves_no_stale_files() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    fs::remove_file(site.path().join("content/news/third.md")).unwrap();
    fs::remove_file(site.path().join("content/stations/lake-home.md")).unwrap();
    fs::remove_file(site.path().join("content/deputies/wang-er.md")).unwrap();
    // second.md names wang-er; drop that reference so the site stays valid.
    let second = site.path().join("content/news/second.md");
    let text = fs::read_to_string(&second)
        .unwrap()
        .replace("[shan-yu-mei, wang-er]", "[shan-yu-mei]");
    fs::write(&second, text).unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(!out.join("news/third").exists());
    assert!(!out.join("stations/lake-home").exists());
    assert!(!out.join("deputies/wang-er").exists());
    assert!(
        !out.join("news/page/2").exists(),
        "2 news fit on one page now"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let before = tree(&out);
    // A broken template override and a content change that would alter pages.
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(site.path().join("templates/page.html"), "{% if %}broken").unwrap();
    fs::write(
        site.path().join("content/news/fourth.md"),
        "---\ntitle: 新\ndate: 2026-05-01\n---\n",
    )
    .unwrap();
    let output = run(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("templates/page.html"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&out), before);
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = fixture("good");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/page.html"),
        "OVERRIDE {{ page.title }}",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert_eq!(
        read(&site.path().join("public"), "about/index.html"),
        "OVERRIDE 关于本平台"
    );
}

#[test]
fn check_writes_nothing() {
    let site = fixture("good");
    let output = run(site.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("no errors"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn english_ui_strings_are_used_when_configured() {
    let site = fixture("good");
    let config = site.path().join("site.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("language: zh-CN", "language: en");
    fs::write(&config, text).unwrap();
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "index.html");
    assert!(html.contains("lang=\"en\""));
}

#[test]
fn new_writes_files_to_fill_in_and_never_guesses_a_deputys_station() {
    let site = fixture("good");
    for (kind, name) in [
        ("deputy", "曾小明"),
        ("station", "南湖村代表之家"),
        ("news", "新消息"),
        ("page", "说明"),
    ] {
        let output = run(site.path(), &["new", kind, name]);
        assert!(output.status.success(), "{kind}: {}", stderr(&output));
    }
    let deputy_path = site.path().join("content/deputies/zeng-xiao-ming.md");
    let deputy = fs::read_to_string(&deputy_path).unwrap();
    // The station and levels are left to fill in, with the site's choices beside them.
    assert!(
        deputy.contains("station:  # 联络站的网址名：center、hill-kiosk、lake-home"),
        "{deputy}"
    );
    assert!(
        deputy.contains("levels: []  # 代表层级，写 site.yaml 里的键：district（区人大代表）、town（镇人大代表）"),
        "{deputy}"
    );
    let station = fs::read_to_string(
        site.path()
            .join("content/stations/nan-hu-cun-dai-biao-zhi-jia.md"),
    )
    .unwrap();
    assert!(station.contains("kind: home"), "{station}");
    assert!(
        site.path()
            .join("content/news/2026-11-26-xin-xiao-xi.md")
            .is_file()
    );
    // Until the office fills them in, check says where: both in the first run.
    let output = run(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/deputies/zeng-xiao-ming.md:10:8: this value is empty"),
        "{err}"
    );
    assert!(
        err.contains("content/deputies/zeng-xiao-ming.md:7:9: levels is empty"),
        "{err}"
    );
    fs::write(
        &deputy_path,
        deputy
            .replace("levels: []", "levels: [town]")
            .replace("station: ", "station: center"),
    )
    .unwrap();
    let output = run(site.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let again = run(site.path(), &["new", "page", "说明"]);
    assert_eq!(again.status.code(), Some(1), "never overwrites");
    // A second person of the same name, and a short web name chosen for a station.
    let again = run(site.path(), &["new", "deputy", "曾小明"]);
    assert!(
        stderr(&again).contains("run `new deputy 曾小明 --slug zeng-xiao-ming-2`"),
        "{}",
        stderr(&again)
    );
    let output = run(
        site.path(),
        &["new", "deputy", "曾小明", "--slug", "zeng-xiao-ming-2"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let second =
        fs::read_to_string(site.path().join("content/deputies/zeng-xiao-ming-2.md")).unwrap();
    assert!(second.contains("name: \"曾小明\""), "{second}");
    let output = run(
        site.path(),
        &[
            "new",
            "station",
            "西山村代表联络亭",
            "--slug",
            "xishan-kiosk",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let station = fs::read_to_string(site.path().join("content/stations/xishan-kiosk.md")).unwrap();
    assert!(station.contains("kind: kiosk"), "{station}");
    // A web name another file has (单玉梅.md is shan-yu-mei), or the site's own.
    for (args, expected) in [
        (
            ["new", "deputy", "单玉梅", "--slug", "shan-yu-mei"],
            "already has the web name \"shan-yu-mei\"",
        ),
        (
            ["new", "page", "新闻", "--slug", "news"],
            "\"news\" is used by the site itself",
        ),
    ] {
        let err = refused(site.path(), &args);
        assert!(err.contains(expected), "{err}");
    }
    // A web name that cannot be one, a blank name, or one that makes no file name:
    // usage errors (exit code 2).
    for (args, expected) in [
        (
            &["new", "station", "西山", "--slug", "Xishan Kiosk"][..],
            "\"Xishan Kiosk\" cannot be a web name",
        ),
        (
            &["new", "station", " ", "--slug", "xishan"],
            "the name is blank",
        ),
        (
            &["new", "page", "!!!"],
            "cannot make a file name from \"!!!\"",
        ),
        (
            &["new", "news", "🎉"],
            "cannot make a file name from \"🎉\"",
        ),
    ] {
        let err = refused_with(site.path(), args, 2);
        assert!(err.contains(expected), "{err}");
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let output = run(elsewhere.path(), &["new", "page", "说明"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("there is no site.yaml"));
    assert!(!elsewhere.path().join("content").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let site = fixture("good");
    assert_eq!(
        run(site.path(), &["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(site.path(), &["new", "robot", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_output_may_not_be_a_file_or_inside_the_sites_own_folders() {
    let site = fixture("good");
    fs::write(site.path().join("notes.txt"), "keep me").unwrap();
    let output = run(site.path(), &["build", "--out", "notes.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is a file, not a folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(site.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    for out in ["static/site", "content/new/public", "."] {
        let output = run(site.path(), &["build", "--out", out]);
        assert_eq!(output.status.code(), Some(1), "--out {out}");
        assert!(
            stderr(&output).contains("refusing to write the site"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!site.path().join("static/site").exists());
}

#[test]
fn a_static_file_in_the_place_of_a_page_is_an_error() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let before = tree(&site.path().join("public"));
    fs::write(site.path().join("static/404.html"), "mine").unwrap();
    let output = run(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("static/404.html: this file has the path of a generated page, 404.html"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&site.path().join("public")), before, "nothing changed");
}

/// `{{ cached(component="x", a=b, c=true) }}` written as the direct call
/// `{{<x a={b} c={true} />}}`.
fn uncached(template: &str) -> String {
    const OPEN: &str = "{{ cached(component=\"";
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let end = after.find(") }}").expect("a cached call ends with ) }}");
        let (name, arguments) = after[..end].split_once('"').expect("a quoted name");
        out.push_str("{{<");
        out.push_str(name);
        for argument in arguments
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            let (key, value) = argument.split_once('=').expect("key=value");
            out.push_str(&format!(" {key}={{{value}}}"));
        }
        out.push_str(" />}}");
        rest = &after[end + ") }}".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn cached_components_print_what_direct_calls_print() {
    // The fixture and the demo site, each built with the default theme as it is and with
    // every `cached(…)` call written as a direct component call: the same bytes.
    let demo = tempfile::tempdir().unwrap();
    for entry in ["site.yaml", "content", "static", "themes/default"] {
        let from = repo().join(entry);
        if from.is_dir() {
            copy_tree(&from, &demo.path().join(entry));
        } else {
            fs::copy(&from, demo.path().join(entry)).unwrap();
        }
    }
    let good = fixture("good");
    for site in [good.path(), demo.path()] {
        build_ok(site, &["--no-cache"]);
        let cached = tree(&site.join("public"));
        let templates = site.join("themes/default/templates");
        let mut rewritten = 0;
        for entry in fs::read_dir(&templates).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let direct = uncached(&text);
            if direct != text {
                rewritten += 1;
                fs::write(&path, direct).unwrap();
            }
        }
        assert!(rewritten >= 5, "only {rewritten} templates call cached");
        build_ok(site, &["--no-cache"]);
        let direct = tree(&site.join("public"));
        assert_eq!(cached.len(), direct.len());
        for (path, bytes) in &cached {
            assert!(
                direct.get(path) == Some(bytes),
                "{path} differs between cached and direct component calls"
            );
        }
    }
}

#[test]
fn the_navigation_marks_the_page_it_links_to_and_no_other() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    // The nav list items: (link text, marked as the current page).
    let nav = |page: &str| -> Vec<(String, bool)> {
        let html = read(&out, page);
        let start = html.find("<nav class=\"site-nav\"").expect("site nav");
        let end = start + html[start..].find("</nav>").expect("end of nav");
        html[start..end]
            .split("<li>")
            .skip(1)
            .map(|item| {
                let text = item.split('>').nth(1).unwrap_or("").split('<').next();
                (
                    text.unwrap_or("").to_string(),
                    item.contains("aria-current=\"page\""),
                )
            })
            .collect()
    };
    let current = |page: &str| -> Vec<String> {
        nav(page)
            .into_iter()
            .filter(|(_, marked)| *marked)
            .map(|(text, _)| text)
            .collect()
    };
    assert_eq!(current("deputies/index.html"), ["代表名录"]);
    assert_eq!(current("index.html"), ["首页"]);
    assert_eq!(current("about/index.html"), ["关于本平台"]);
    assert!(current("deputies/zhao-yi/index.html").is_empty());
    // The section is highlighted on every page of it.
    let html = read(&out, "deputies/zhao-yi/index.html");
    assert!(
        html.contains("class=\"is-active\">代表名录"),
        "section not highlighted"
    );
    assert_eq!(
        nav("deputies/zhao-yi/index.html").len(),
        6,
        "5 sections and the menu page"
    );
}

#[test]
fn the_home_page_explains_level_counts_that_add_up_to_more_than_the_deputies() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let note = "同时是两级人大代表的，在每一级分别计入。";
    // zhao-yi.md is a deputy at both levels.
    assert!(read(&site.path().join("public"), "index.html").contains(note));
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "levels: [district, town]",
        "levels: [district]",
    );
    build_ok(site.path(), &[]);
    assert!(!read(&site.path().join("public"), "index.html").contains(note));
}

#[test]
fn tags_that_sound_alike_get_pages_of_their_own() {
    let site = fixture("good");
    edit(
        site.path(),
        "content/news/first.md",
        "tags: [述职评议]",
        "tags: [城市]",
    );
    edit(
        site.path(),
        "content/news/second.md",
        "tags: [述职评议, 接待选民]",
        "tags: [成事, 接待选民]",
    );
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    // Both are cheng-shi in pinyin; 城 (U+57CE) comes before 成 (U+6210).
    let first = read(&out, "tags/cheng-shi/index.html");
    let second = read(&out, "tags/cheng-shi-2/index.html");
    assert!(
        first.contains("城市") && first.contains("第一条新闻"),
        "{first}"
    );
    assert!(second.contains("成事") && !second.contains("第一条新闻"));
    assert!(read(&out, "news/first/index.html").contains("tags/cheng-shi/"));
}

#[test]
fn init_starts_a_site_that_builds_with_the_default_theme() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("new-site");
    let output = run(&site, &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The theme written is the repository's, byte for byte.
    assert_eq!(
        tree(&site.join("themes/default")),
        tree(&repo().join("themes/default"))
    );
    for folder in ["deputies", "stations", "news", "pages"] {
        assert!(site.join("content").join(folder).is_dir(), "{folder}");
    }
    let output = run(&site, &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A station and a deputy later, it builds.
    run(&site, &["new", "station", "南湖村代表之家"]);
    run(&site, &["new", "deputy", "李明"]);
    let deputy = site.join("content/deputies/li-ming.md");
    let text = fs::read_to_string(&deputy).unwrap();
    fs::write(
        &deputy,
        text.replace("levels: []", "levels: [town]")
            .replace("station: ", "station: nan-hu-cun-dai-biao-zhi-jia"),
    )
    .unwrap();
    build_ok(&site, &[]);
    let html = read(&site.join("public"), "deputies/li-ming/index.html");
    assert!(html.contains("李明"));
    // A folder with files in it is never written into.
    let again = run(&site, &["init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn hidden_static_folders_are_not_published_nor_used_for_photos() {
    let site = fixture("good");
    let git = site.path().join("static/.git");
    fs::create_dir_all(git.join("objects")).unwrap();
    fs::write(git.join("config"), "url = https://user:token@example.org/x").unwrap();
    fs::write(git.join("objects/a"), "x").unwrap();
    fs::write(site.path().join("static/.DS_Store"), "x").unwrap();
    fs::create_dir_all(site.path().join("static/.well-known")).unwrap();
    fs::write(
        site.path().join("static/.well-known/security.txt"),
        "Contact: x",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    assert!(!out.join(".git").exists() && !out.join(".DS_Store").exists());
    // `.well-known/` (RFC 8615) is meant to be published.
    assert!(out.join(".well-known/security.txt").is_file());
    // A photo in a hidden folder would be missing from the site: an error.
    fs::create_dir_all(site.path().join("static/.photos")).unwrap();
    fs::write(site.path().join("static/.photos/a.svg"), "<svg/>").unwrap();
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "photo: photos/zhao-yi.svg",
        "photo: .photos/a.svg",
    );
    let err = refused(site.path(), &["build"]);
    assert!(
        err.contains("photo static/.photos/a.svg is hidden"),
        "{err}"
    );
}

#[test]
fn a_name_with_u_umlaut_in_pinyin_gets_an_ascii_slug() {
    let site = fixture("good");
    let zhao = fs::read_to_string(site.path().join("content/deputies/zhao-yi.md")).unwrap();
    fs::write(
        site.path().join("content/deputies/吕女.md"),
        zhao.replace("赵一", "吕女"),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(
        site.path()
            .join("public/deputies/lv-nv/index.html")
            .exists()
    );
}

#[test]
fn a_photo_name_with_url_characters_is_linked_percent_encoded() {
    let site = fixture("good");
    fs::copy(
        site.path().join("static/photos/zhao-yi.svg"),
        site.path().join("static/photos/赵 一#1?.svg"),
    )
    .unwrap();
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "photo: photos/zhao-yi.svg",
        "photo: \"photos/赵 一#1?.svg\"",
    );
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let html = read(&out, "deputies/zhao-yi/index.html");
    assert!(
        html.contains("photos/%E8%B5%B5%20%E4%B8%80%231%3F.svg\""),
        "{html}"
    );
    assert!(out.join("photos/赵 一#1?.svg").is_file());
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_link_left_at_its_path() {
    let site = fixture("good");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("victim.txt");
    std::os::unix::fs::symlink(&target, site.path().join("content/pages/shuo-ming.md")).unwrap();
    let output = run(site.path(), &["new", "page", "说明"]);
    let err = stderr(&output);
    assert_ne!(output.status.code(), Some(0), "{err}");
    assert!(!target.exists(), "nothing was written through the link");
}

#[test]
fn an_override_named_with_a_slip_is_a_warning() {
    // templates/statoin.html replaces nothing: the theme's station.html is used.
    let site = fixture("good");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    for name in ["statoin.html", "my_panels.html"] {
        fs::write(site.path().join("templates").join(name), "<p>x</p>").unwrap();
    }
    let err = stderr(&build_ok(site.path(), &[]));
    assert!(
        err.contains("templates/statoin.html: warning: the theme has no template statoin.html, so this file replaces nothing\n    hint: to replace the theme's station.html, name the file station.html"),
        "{err}"
    );
    // A template of the site's own, close to no theme template, is fine.
    assert!(!err.contains("my_panels.html"), "{err}");
}
