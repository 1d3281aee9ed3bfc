//! The build cache (`.deputy-board-cache/`): an unchanged site is not rebuilt, an
//! unchanged page is not rendered again, and after any edit the output is exactly what a
//! build without the cache writes.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds into `public/` (with the cache) and into `fresh/` (without), and asserts both
/// trees are byte-identical. Returns the cached build's summary line.
fn build_and_compare(root: &Path, args: &[&str], what: &str) -> String {
    let cached = build_ok(root, args);
    let _ = fs::remove_dir_all(root.join("fresh"));
    let mut fresh_args = vec!["--out", "fresh", "--no-cache"];
    fresh_args.extend_from_slice(args);
    build_ok(root, &fresh_args);
    let (public, fresh) = (tree(&root.join("public")), tree(&root.join("fresh")));
    assert_eq!(
        public.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "after {what}: the cached build has other files than a build without cache"
    );
    for (path, bytes) in &public {
        assert!(
            bytes == &fresh[path],
            "after {what}: {path} differs from a build without cache"
        );
    }
    stderr(&cached)
}

fn mtime(path: &Path) -> std::time::SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn an_unchanged_site_is_not_built_again() {
    let site = fixture("good");
    let first = stderr(&build_ok(site.path(), &[]));
    assert!(first.contains("built "), "{first}");
    let page = site.path().join("public/deputies/zhao-yi/index.html");
    let before = mtime(&page);
    let second = stderr(&build_ok(site.path(), &[]));
    assert!(
        second.contains("nothing changed since the last build"),
        "{second}"
    );
    assert_eq!(before, mtime(&page));
    // The last build's warnings are shown again.
    let warnings = |text: &str| {
        text.lines()
            .filter(|l| l.contains("warning:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(!warnings(&first).is_empty(), "the fixture has warnings");
    assert_eq!(warnings(&first), warnings(&second));
}

#[test]
fn after_every_edit_the_output_equals_a_build_without_cache() {
    let site = fixture("good");
    let root = site.path();
    build_and_compare(root, &[], "the first build");

    let summary = build_and_compare(root, &[], "nothing");
    assert!(summary.contains("nothing changed"), "{summary}");

    edit(root, "content/deputies/zhao-yi.md", "record:", "record:\n");
    edit(
        root,
        "content/deputies/zhao-yi.md",
        "reports:",
        "reports:\n  # a comment changes the file, not the site\n",
    );
    let summary = build_and_compare(root, &[], "an edit that changes no page");
    assert!(summary.contains("(0 written"), "{summary}");

    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "content/deputies/zhao-yi.md",
            "社区书记",
            "社区主任",
            "a deputy's occupation (lists, station, sheets)",
        ),
        (
            "content/deputies/wang-er.md",
            "---\n",
            "---\n",
            "a deputy saved unchanged",
        ),
        (
            "content/news/first.md",
            "第一条新闻",
            "第一条新闻（更新）",
            "a news title",
        ),
        (
            "content/news/first.md",
            "新闻正文一。",
            "新闻正文一，补充一句。",
            "a news body",
        ),
        (
            "content/stations/center.md",
            "name:",
            "name: 新",
            "a station name",
        ),
        (
            "site.yaml",
            "测试镇人大代表",
            "测试镇人大代表（试运行）",
            "the site title",
        ),
        (
            "themes/default/i18n/zh-CN.yaml",
            "station_deputies_title: \"进站代表\"",
            "station_deputies_title: \"本站代表\"",
            "a UI string",
        ),
        (
            "themes/default/templates/deputy.html",
            "<article class=\"deputy\"",
            "<article data-edited class=\"deputy\"",
            "a template",
        ),
    ];
    for (file, from, to, what) in cases {
        edit(root, file, from, to);
        build_and_compare(root, &[], what);
    }

    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/deputy.html"),
        "{% extends \"base.html\" %}{% block main %}<p>{{ deputy.name }}</p>{% endblock main %}",
    )
    .unwrap();
    build_and_compare(root, &[], "a site template override");
    fs::remove_file(root.join("templates/deputy.html")).unwrap();
    build_and_compare(root, &[], "removing the override");

    fs::remove_file(root.join("content/news/third.md")).unwrap();
    build_and_compare(root, &[], "a deleted news item");
    fs::write(
        root.join("content/news/fourth.md"),
        "---\ntitle: 第四条\ndate: 2026-03-01\ndeputies: [zhao-yi]\n---\n正文。\n",
    )
    .unwrap();
    build_and_compare(root, &[], "a new news item");

    let css = root.join("static/css/extra.css");
    fs::create_dir_all(css.parent().unwrap()).unwrap();
    fs::write(&css, "p { color: #333 }").unwrap();
    build_and_compare(root, &[], "a new static file");

    // A same-length edit with the old modification time put back (as `touch -r`,
    // `cp -p` or `rsync -a` do): the inode change time still tells.
    let file = root.join("content/deputies/wang-er.md");
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    let text = fs::read_to_string(&file).unwrap();
    let same_length = text.replace("卫生院医生", "卫生院护士");
    assert_eq!(text.len(), same_length.len());
    assert_ne!(text, same_length);
    fs::write(&file, same_length).unwrap();
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    build_and_compare(root, &[], "an edit with the old time put back");

    // Switching to another theme whose templates differ.
    common::copy_tree(&root.join("themes/default"), &root.join("themes/mine"));
    edit(
        root,
        "themes/mine/templates/deputy.html",
        "<article ",
        "<article data-theme=\"mine\" ",
    );
    build_and_compare(root, &[], "a second theme added");
    edit(root, "site.yaml", "theme: default", "theme: mine");
    build_and_compare(root, &[], "switching themes");

    // A theme reached through a symbolic link, edited where it really is.
    #[cfg(unix)]
    {
        fs::rename(root.join("themes/mine"), root.join("shared-theme")).unwrap();
        std::os::unix::fs::symlink("../shared-theme", root.join("themes/mine")).unwrap();
        build_and_compare(root, &[], "the theme moved behind a link");
        edit(
            root,
            "shared-theme/templates/deputy.html",
            "data-theme=\"mine\"",
            "data-theme=\"linked\"",
        );
        build_and_compare(root, &[], "a template edited behind a link");
    }

    build_and_compare(
        root,
        &["--base-url", "https://other.example.org/x/"],
        "another base URL",
    );
    build_and_compare(root, &["--paper", "a3"], "another paper size");
    build_and_compare(root, &["--drafts"], "drafts");
    build_and_compare(root, &[], "back to the defaults");
}

#[test]
fn qr_codes_are_kept_for_the_next_builds() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    let store = root.join(".deputy-board-cache/qr-codes.json");
    let text = fs::read_to_string(&store).expect("the codes are kept");
    assert!(
        text.contains("https://example.org/renda/stations/center/"),
        "{text}"
    );
    // A build into a new folder draws its sheets from the kept codes: same bytes as
    // codes encoded afresh.
    build_ok(root, &["--out", "second"]);
    build_ok(root, &["--out", "fresh", "--no-cache"]);
    assert_eq!(tree(&root.join("second")), tree(&root.join("fresh")));
}

#[test]
fn a_new_build_date_renders_the_reception_lists_again() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    // A year later every reception day of the fixture is in the past.
    let later = [("SOURCE_DATE_EPOCH", "1827187200")];
    for args in [
        &["build"][..],
        &["build", "--out", "fresh", "--no-cache"][..],
    ] {
        let output = run_with_env(root, args, &later);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(tree(&root.join("public")), tree(&root.join("fresh")));
}

#[test]
fn files_changed_or_removed_in_the_output_are_written_again() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    let out = root.join("public");
    let original = tree(&out);
    fs::remove_file(out.join("deputies/zhao-yi/index.html")).unwrap();
    fs::write(out.join("news/index.html"), "edited by hand").unwrap();
    fs::write(out.join("stray.html"), "not part of the site").unwrap();
    let summary = stderr(&build_ok(root, &[]));
    assert!(summary.contains("2 written"), "{summary}");
    assert!(summary.contains("1 removed"), "{summary}");
    assert_eq!(tree(&out), original);
}

#[test]
fn a_failed_build_and_no_cache_leave_the_cache_alone() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    let manifests = || {
        let mut files = tree(&root.join(".deputy-board-cache"));
        files.retain(|path, _| path.starts_with("build-") && path.ends_with(".json"));
        files
    };
    let saved = manifests();
    assert_eq!(saved.len(), 1, "one manifest per output folder");

    edit(
        root,
        "content/deputies/zhao-yi.md",
        "name: 赵一",
        "name: [赵一",
    );
    let failed = run(root, &["build"]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(manifests(), saved);
    edit(
        root,
        "content/deputies/zhao-yi.md",
        "name: [赵一",
        "name: 赵一",
    );

    build_ok(root, &["--no-cache"]);
    assert_eq!(manifests(), saved);
    // The page files were rewritten by the --no-cache build only where bytes changed, so
    // the cache still describes them and the next build has nothing to do.
    let summary = stderr(&build_ok(root, &[]));
    assert!(summary.contains("(0 written"), "{summary}");
}

#[cfg(unix)]
#[test]
fn a_link_placed_in_the_output_by_hand_loses_nothing() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    let out = root.join("public");
    let original = tree(&out);
    // The deputies folder moved elsewhere and linked back: same files, through a link.
    fs::rename(out.join("deputies"), root.join("moved-deputies")).unwrap();
    std::os::unix::fs::symlink(root.join("moved-deputies"), out.join("deputies")).unwrap();
    for args in [&[][..], &["--no-cache"][..]] {
        build_ok(root, args);
        assert!(
            !fs::symlink_metadata(out.join("deputies"))
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is replaced by a real folder"
        );
        assert_eq!(tree(&out), original, "nothing lost ({args:?})");
        fs::remove_dir_all(out.join("deputies")).unwrap();
        std::os::unix::fs::symlink(root.join("moved-deputies"), out.join("deputies")).unwrap();
    }
}
