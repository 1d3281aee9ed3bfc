//! Printing notice-board sheets through a real Chromium, checked with poppler and zbar:
//! page counts for 12/13 deputies on A4 and 24/25 on A3, no card split across pages, an
//! embedded CJK font, QR codes that decode to the exact public URLs, and no private data.
//!
//! Needs chromium, fonts-noto-cjk, poppler-utils and zbar-tools (.ci/run installs them).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐";
const GIVEN: &str = "一二三四五六七八九十";

/// A site with one station holding `count` deputies; deputy 0 has its own contact code.
fn site_with_deputies(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
    fs::create_dir_all(root.join("content/deputies")).unwrap();
    fs::create_dir_all(root.join("content/stations")).unwrap();
    fs::create_dir_all(root.join("static/photos")).unwrap();
    fs::write(
        root.join("site.yaml"),
        "title: 打印测试\nbase_url: https://example.org/renda/\nlevels:\n  district: 区人大代表\n  town: 镇人大代表\nprint:\n  paper: A4\n  organisation: 打印测试镇人大主席团\n",
    )
    .unwrap();
    fs::write(
        root.join("content/stations/center.md"),
        // As full as a sheet's head and foot get: a name of two lines, a long address,
        // and more upcoming reception days than the sheet lists.
        "---\nname: 打印测试联络站暨青禾镇南湖片区人大代表之家活动中心（南湖村村委会院内）\nkind: station\naddress: 临川区青禾镇南湖村村民委员会办公楼院内东侧原村小学旧校舍平房一楼西侧第二间\nhours: 每周二、周四 8:30–11:30；接待日全天开放\nphone: \"010-60000000\"\nreception:\n  - date: 2099-03-10\n    time: \"09:00-11:00\"\n    deputies: [d00]\n  - date: 2099-05-12\n    time: \"09:00-11:00\"\n    deputies: [d00]\n  - date: 2099-07-14\n    time: \"09:00-11:00\"\n    deputies: [d00]\n  - date: 2099-09-08\n    time: \"09:00-11:00\"\n    deputies: [d00]\n---\n",
    )
    .unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 400"><rect width="300" height="400" fill="#9ab"/></svg>"##;
    fs::write(root.join("static/photos/p.svg"), svg).unwrap();
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    for i in 0..count {
        // Names of six, eight and twelve characters too (transcribed names).
        let name = match i {
            1 => "阿不都热合曼".to_string(),
            2 => "阿依古丽·买买提".to_string(),
            3 => "买买提·艾力·阿不都热合曼".to_string(),
            _ => format!(
                "{}{}{}",
                surnames[i % surnames.len()],
                given[i / surnames.len() % 10],
                given[i % 10]
            ),
        };
        let qr = if i == 0 {
            "\n  qr: https://example.org/contact/d00"
        } else {
            ""
        };
        fs::write(
            root.join(format!("content/deputies/d{i:02}.md")),
            format!(
                "---\nname: {name}\nphoto: photos/p.svg\nlevels: [town]\nstation: center\nconstituency: 第{i}选区\noccupation: 测试职业{i}号\ncontact:\n  phone: \"010-6100{i:04}\"{qr}\nprivate:\n  mobile: \"1390000{i:04}\"\n---\n简介。\n"
            ),
        )
        .unwrap();
    }
    dir
}

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (apt-get install poppler-utils zbar-tools): {e}")
    });
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    tool(
        "pdftotext",
        &["-f", &n, "-l", &n, "-layout", pdf.to_str().unwrap(), "-"],
    )
}

/// Prints the station's sheet and checks pages, cards, fonts, QR codes and privacy.
fn check_sheet(count: usize, paper: &str, expected_pages: usize) {
    let site = site_with_deputies(count);
    let pdf = site.path().join("sheet.pdf");
    let output = run(
        site.path(),
        &[
            "print",
            "--station",
            "center",
            "--paper",
            paper,
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "print failed: {}", stderr(&output));
    assert_eq!(pages(&pdf), expected_pages, "{count} deputies on {paper}");

    // Every card is whole on one page: the name and the occupation share a page.
    let texts: Vec<String> = (1..=expected_pages).map(|p| page_text(&pdf, p)).collect();
    let all = texts.concat();
    for i in 0..count {
        let occupation = format!("测试职业{i}号");
        let page = texts
            .iter()
            .position(|t| t.contains(&occupation))
            .unwrap_or_else(|| panic!("{occupation} missing"));
        let name =
            fs::read_to_string(site.path().join(format!("content/deputies/d{i:02}.md"))).unwrap();
        let name = name
            .lines()
            .find_map(|l| l.strip_prefix("name: "))
            .unwrap()
            .to_string();
        // (A long name breaks after its dots, and its lines stand apart in the text,
        // where pdftotext may also put a space between two characters.)
        let page_text: String = texts[page]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
            .collect();
        assert!(
            name.split('·').all(|part| page_text.contains(part)),
            "card of {name} split across pages:\n{page_text}"
        );
    }
    assert!(
        all.contains("打印测试联络站") && all.contains("打印测试镇人大主席团"),
        "station and organisation"
    );
    assert!(
        !all.contains("1390000"),
        "private mobile numbers must not be printed"
    );

    // The fonts are embedded, and they are Noto Sans CJK (so no glyph fell back elsewhere).
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.split_whitespace().rev().nth(4) == Some("yes")),
        "every font embedded:\n{fonts}"
    );
    let bytes = fs::read(&pdf).unwrap();
    let names = font_names(&bytes);
    assert!(
        names.iter().any(|n| n.contains("NotoSansCJK")),
        "a CJK font is embedded: {names:?}"
    );
    assert!(
        names.iter().all(|n| n.contains("NotoSansCJK")),
        "no fallback fonts (missing glyphs): {names:?}"
    );

    // The QR codes on the first page decode to the public URLs. zbar now and then misses
    // one of many symbols at a given resolution, so the page is scanned at three.
    let mut decoded: BTreeSet<String> = BTreeSet::new();
    for dpi in ["150", "200", "250"] {
        let prefix = site.path().join(format!("page{dpi}"));
        tool(
            "pdftoppm",
            &[
                "-r",
                dpi,
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let image = format!("{}.png", prefix.display());
        decoded.extend(
            tool("zbarimg", &["-q", "--raw", &image])
                .lines()
                .map(str::to_string),
        );
    }
    // Expected: the station's page, and for each card on page 1 its deputy's own contact
    // code (d00) or portal page.
    let mut expected: BTreeSet<String> = (0..count)
        .filter(|i| texts[0].contains(&format!("测试职业{i}号")))
        .map(|i| match i {
            0 => "https://example.org/contact/d00".to_string(),
            _ => format!("https://example.org/renda/deputies/d{i:02}/"),
        })
        .collect();
    assert_eq!(
        expected.len(),
        count.min(if paper == "A4" { 12 } else { 24 }),
        "cards on page 1"
    );
    expected.insert("https://example.org/renda/stations/center/".into());
    assert_eq!(decoded, expected);
}

/// `/FontName` entries of a PDF (Chromium writes them uncompressed).
fn font_names(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/FontName")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('/'))
        .map(|rest| {
            rest.split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn twelve_deputies_fit_one_a4_sheet() {
    check_sheet(12, "A4", 1);
}

#[test]
fn the_thirteenth_deputy_starts_a_second_a4_sheet() {
    check_sheet(13, "A4", 2);
}

#[test]
fn twenty_four_deputies_fit_one_a3_sheet() {
    check_sheet(24, "A3", 1);
}

#[test]
fn the_twenty_fifth_deputy_starts_a_second_a3_sheet() {
    check_sheet(25, "A3", 2);
}

#[test]
fn printing_without_a_browser_says_how_to_get_one() {
    let site = site_with_deputies(1);
    let output = Command::new(env!("CARGO_BIN_EXE_deputy-board"))
        .args([
            "--root",
            site.path().to_str().unwrap(),
            "print",
            "--pdf",
            "x.pdf",
        ])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("printing needs Chromium") && err.contains("apt-get install chromium"),
        "{err}"
    );
}

#[test]
fn a_wrong_station_slug_gets_a_suggestion() {
    let site = site_with_deputies(1);
    let output = run(
        site.path(),
        &["print", "--station", "centre", "--pdf", "x.pdf"],
    );
    // A usage error (SPEC §2): exit code 2.
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean \"center\"?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn build_writes_the_print_pages_with_public_qr_codes() {
    let site = site_with_deputies(3);
    build_ok(site.path(), &["--paper", "A3"]);
    let out = site.path().join("public");
    for path in [
        "print/index.html",
        "print/all/index.html",
        "print/stations/center/index.html",
        "print/deputies/d01/index.html",
    ] {
        assert!(out.join(path).is_file(), "{path}");
    }
    let sheet = read(&out, "print/stations/center/index.html");
    assert!(
        sheet.contains("size: A3 portrait"),
        "build --paper sets the page size"
    );
    assert!(
        sheet.matches("<svg class=\"qr\"").count() == 4,
        "a QR code per deputy and one for the station"
    );
    for (path, bytes) in tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("1390000"),
            "private data in {path}"
        );
    }
}
