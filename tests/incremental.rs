//! The dev server's incremental rebuild equals a full build, byte for byte, after every
//! edit of a series; edits that change the site's shape fall back to a full rebuild.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use deputy_board::serve::incremental::LiveSite;
use deputy_board::serve::watch::Change;

/// Applies `edit` to the file, updates the live site, and compares it with a full build.
fn edit_and_compare(
    live: &mut LiveSite,
    root: &Path,
    file: &str,
    edit: impl Fn(String) -> String,
) -> bool {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap_or_default();
    fs::write(&path, edit(text)).unwrap();
    let updated = live
        .update(&[(Change::Content, PathBuf::from(file))])
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    if live.has_pending() {
        assert!(live.defer_lists, "lists are deferred only when asked");
        live.finish_pending()
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    assert_same_as_full_build(live, root, &format!("after editing {file}"));
    updated.full
}

/// Changes 赵一's occupation from `old` to `new` and updates the live site; returns a
/// test for "this page of the live site shows the new occupation".
fn set_occupation(
    live: &mut LiveSite,
    root: &Path,
    old: &str,
    new: &'static str,
) -> impl Fn(&LiveSite, &str) -> bool + use<> {
    let file = "content/deputies/zhao-yi.md";
    edit(root, file, old, new);
    live.update(&[(Change::Content, PathBuf::from(file))])
        .unwrap();
    move |live: &LiveSite, path: &str| String::from_utf8_lossy(&live.files[path]).contains(new)
}

#[test]
fn incremental_updates_equal_full_builds() {
    edit_series(false);
}

#[test]
fn incremental_updates_with_deferred_list_pages_equal_full_builds() {
    edit_series(true);
}

#[test]
fn deferred_list_pages_are_rendered_after_the_others() {
    let site = fixture("good");
    let root = site.path();
    unsafe_set_epoch();
    let mut live = LiveSite::new(serve_options(root));
    live.update(&[]).unwrap();
    live.defer_lists = true;
    let has = set_occupation(&mut live, root, "社区书记", "社区党委书记");
    assert!(
        has(&live, "deputies/zhao-yi/index.html"),
        "own page at once"
    );
    assert!(live.has_pending());
    assert!(!has(&live, "deputies/index.html"), "the index waits");
    assert!(live.finish_pending().unwrap() > 0);
    assert!(has(&live, "deputies/index.html"));
    assert!(has(&live, "print/all/index.html"));

    // An open list page is rendered with the deputy's own pages, the rest after.
    live.open_lists = ["deputies/index.html".to_string()].into();
    let has = set_occupation(&mut live, root, "社区党委书记", "社区主任");
    assert!(has(&live, "deputies/index.html"), "the open index at once");
    assert!(!has(&live, "print/all/index.html"), "the others wait");
    live.finish_pending().unwrap();
    assert!(has(&live, "print/all/index.html"));
}

#[test]
fn list_pages_are_exactly_what_the_list_flags_select() {
    let site = fixture("good");
    let root = site.path();
    unsafe_set_epoch();
    let prepared = deputy_board::site::prepare(&serve_options(root)).unwrap();
    let lists = deputy_board::render::Selection {
        indexes: true,
        news_lists: true,
        ..Default::default()
    };
    let (selected, _) =
        deputy_board::site::render_in_memory(&prepared, Some(&lists), &serve_options(root))
            .unwrap();
    let (all, _) =
        deputy_board::site::render_in_memory(&prepared, None, &serve_options(root)).unwrap();
    let mut expected: Vec<&String> = selected.keys().collect();
    let mut classified: Vec<&String> = all
        .keys()
        .filter(|path| deputy_board::render::is_list_page(path))
        .collect();
    expected.sort();
    classified.sort();
    assert!(
        expected.iter().any(|p| p.starts_with("news/page/")),
        "fixture paginates news"
    );
    assert_eq!(classified, expected);
    // Each list page can be selected alone.
    for path in expected {
        let one = deputy_board::render::Selection {
            only_lists: Some([path.clone()].into()),
            ..lists.clone()
        };
        let (files, _) =
            deputy_board::site::render_in_memory(&prepared, Some(&one), &serve_options(root))
                .unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), vec![path], "only {path}");
    }
}

fn edit_series(defer: bool) {
    let site = fixture("good");
    let root = site.path();
    unsafe_set_epoch();
    let mut live = LiveSite::new(serve_options(root));
    assert!(live.update(&[]).unwrap().full);
    live.defer_lists = defer;

    let deputy = "content/deputies/zhao-yi.md";
    let station = "content/stations/center.md";
    let news = "content/news/second.md";
    let page = "content/pages/about.md";
    type Edit = Box<dyn Fn(String) -> String>;
    let edits: Vec<(&str, Edit, bool)> = vec![
        (
            deputy,
            Box::new(|t| t.replace("社区书记", "社区党委书记")),
            false,
        ),
        (
            deputy,
            Box::new(|t| t.replace("name: 赵一", "name: 丁零")),
            false,
        ), // moves in stroke order
        (
            deputy,
            Box::new(|t| t.replace("station: center", "station: lake-home")),
            false,
        ),
        (
            station,
            Box::new(|t| t.replace("测试镇中心代表联络站", "测试镇中心联络站")),
            false,
        ),
        (
            station,
            Box::new(|t| t.replace("deputies: [zhao-yi]", "deputies: [zhao-yi, wang-er]")),
            false,
        ),
        (
            station,
            Box::new(|t| t.replace("2026-12-10", "2026-11-20")),
            false,
        ), // upcoming → past
        (
            news,
            Box::new(|t| t.replace("第二条新闻", "第二条新闻（更新）")),
            false,
        ),
        (
            news,
            Box::new(|t| t.replace("date: 2026-02-10", "date: 2026-05-10")),
            false,
        ), // reorders the list
        (
            news,
            Box::new(|t| t.replace("[shan-yu-mei, wang-er]", "[ding-san]")),
            false,
        ),
        (
            news,
            Box::new(|t| t.replace("tags: [述职评议, 接待选民]", "tags: [述职评议]")),
            true,
        ), // a tag page goes
        (
            news,
            Box::new(|t| t.replace("tags: [述职评议]", "tags: [述职评议, 树枝评议]")),
            true,
        ), // a tag that sounds the same takes the address, the other one moves
        (
            page,
            Box::new(|t| t.replace("关于本平台的说明。", "新的说明。")),
            false,
        ),
        (
            page,
            Box::new(|t| t.replace("title: 关于本平台", "title: 关于")),
            true,
        ), // menu on every page
        (
            news,
            Box::new(|t| t.replace("title:", "draft: true\ntitle:")),
            true,
        ), // leaves the site
    ];
    for (file, edit, expect_full) in edits {
        let full = edit_and_compare(&mut live, root, file, edit);
        assert_eq!(
            full, expect_full,
            "{file}: full rebuild expected {expect_full}"
        );
    }

    // A new file is structural; a broken save fails and the next good one recovers.
    let full = edit_and_compare(&mut live, root, "content/news/fourth.md", |_| {
        "---\ntitle: 第四条\ndate: 2026-06-01\ntags: [述职评议]\n---\n正文\n".into()
    });
    assert!(full);
    fs::write(root.join(page), "---\ntitle: [broken\n---\n").unwrap();
    assert!(
        live.update(&[(Change::Content, PathBuf::from(page))])
            .is_err()
    );
    let full = edit_and_compare(&mut live, root, page, |_| {
        "---\ntitle: 关于\norder: 1\n---\n修好了。\n".into()
    });
    assert!(full, "after a failure the next update rebuilds everything");
    let full = edit_and_compare(&mut live, root, "content/deputies/ding-san.md", |t| {
        t.replace("丁三的简介。", "丁三的新简介。")
    });
    assert!(!full, "and then goes back to incremental updates");
}

/// The build date must match the binary-run tests' fixed date.
fn unsafe_set_epoch() {
    // SAFETY: set before any thread of this test reads the environment; the value is the
    // same in every test of this binary.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", BUILD_EPOCH) };
}

#[test]
fn an_incremental_update_keeps_the_warnings_of_other_files_and_renews_its_own() {
    let site = fixture("good");
    let root = site.path();
    unsafe_set_epoch();
    let cut = |live: &LiveSite| {
        (live.warnings().iter())
            .filter(|w| w.message.contains("is left out of the published text"))
            .map(|w| w.path.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    };
    edit(
        root,
        "content/deputies/wang-er.md",
        "name: 王二",
        "name: 王二\nconstituency: 第二选区 #老选区",
    );
    let mut live = LiveSite::new(serve_options(root));
    live.update(&[]).unwrap();
    assert_eq!(cut(&live), ["content/deputies/wang-er.md"]);
    // Another file's edit keeps that warning; the edited file's own comes and goes.
    let has = set_occupation(&mut live, root, "社区书记", "社区书记 #旧");
    assert!(
        !has(&live, "deputies/zhao-yi/index.html"),
        "the comment is cut"
    );
    assert_eq!(
        cut(&live),
        ["content/deputies/wang-er.md", "content/deputies/zhao-yi.md"]
    );
    let has = set_occupation(&mut live, root, "社区书记 #旧", "社区书记");
    assert!(has(&live, "deputies/zhao-yi/index.html"));
    assert_eq!(cut(&live), ["content/deputies/wang-er.md"]);
}
