//! Broken sites: each error kind gets a clear `file:line:col: message`, every error of a
//! run is listed together, the exit code is 1 and nothing is written.

mod common;

use std::fs;

use common::*;

const DEPUTY: &str = "---\nname: 赵一\nlevels: [district]\nstation: center\n---\n正文\n";

/// Builds the good fixture with `files` replaced, expecting failure; returns stderr.
fn broken(files: &[(&str, &[u8])]) -> String {
    let site = fixture("good");
    for (path, bytes) in files {
        let path = site.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let output = run(site.path(), &["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "nothing may be written on error"
    );
    let check = run(site.path(), &["check"]);
    assert_eq!(stderr(&check), err, "check reports exactly what build does");
    err
}

/// The good fixture's `site.yaml`, to break in a test.
fn good_site_yaml() -> String {
    fs::read_to_string(repo().join("tests/fixtures/good/site.yaml")).unwrap()
}

fn assert_has(err: &str, expected: &str) {
    assert!(err.contains(expected), "expected\n  {expected}\nin\n{err}");
}

#[test]
fn malformed_yaml() {
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        "---\nname: 赵一\nlevels: [district\nstation: center\n---\n".as_bytes(),
    )]);
    // The parser stumbles on line 4; the message points at the bracket left open.
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:3:9: this list is opened with \"[\" and never closed",
    );
}

#[test]
fn every_problem_of_one_file_is_listed_in_one_run() {
    let text = concat!(
        "---\ngender: [男]\nlevels: [district]\nstation: center\nhobby: 读书\n",
        "contact:\n  wechat: x\nrecord:\n  - year: 2024\n    meetings: many\n",
        "  - year: 2025\n    meetings: -2\n---\n正文\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    for expected in [
        "zhao-yi.md:2:1: missing required key \"name\"",
        "zhao-yi.md:2:9: expected a single value here",
        "zhao-yi.md:5:1: unknown key \"hobby\"",
        "zhao-yi.md:7:3: unknown key \"wechat\"",
        "zhao-yi.md:10:15: expected a whole number here",
        "zhao-yi.md:12:15: expected a whole number here",
    ] {
        assert_has(&err, expected);
    }
    assert_has(&err, "found 6 errors");
}

#[test]
fn a_wrong_value_inside_an_item_hides_nothing_else_of_the_item() {
    // The vote count is wrong and the station unknown: both are found in one run, and
    // so is a year written twice beside a wrong meeting count.
    let text = DEPUTY.replace(
        "station: center\n",
        concat!(
            "station: center\nreports:\n  - date: 2024-11-28\n    station: nowhere\n",
            "    votes:\n      satisfied: 六十六\n      basically: 5\n",
            "record:\n  - year: 2024\n    meetings: many\n  - year: 2024\n",
        ),
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    for expected in [
        "zhao-yi.md:7:14: no station has the slug \"nowhere\"",
        "zhao-yi.md:9:18: expected a whole number here",
        "zhao-yi.md:13:15: expected a whole number here",
        "zhao-yi.md:14:5: the record has the year 2024 twice",
    ] {
        assert_has(&err, expected);
    }
    assert_has(&err, "found 4 errors");

    // A required key written wrong in an item is one problem, not also a missing key.
    for (item, expected) in [
        (
            "  - meetings: 1\n    yaer: 2024\n",
            "zhao-yi.md:7:5: unknown key \"yaer\"",
        ),
        ("  - meetings: 1\n    year: 20x4\n", "zhao-yi.md:7:11:"),
    ] {
        let text = DEPUTY.replace(
            "station: center\n",
            &format!("station: center\nrecord:\n{item}  - year: 2025\n"),
        );
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(&err, expected);
        assert_has(&err, "found 1 error:");
    }
}

#[test]
fn more_problems_of_one_item_are_found_past_a_wrong_first_key_or_an_only_count() {
    let deputy =
        |yaml: &str| DEPUTY.replace("station: center\n", &format!("station: center\n{yaml}"));
    for (yaml, expected) in [
        // A wrong value on the item's first line, and another below it.
        (
            "record:\n  - meetings: many\n    year: 2024\n    reviews: lots\n",
            &[
                "zhao-yi.md:6:15: expected a whole number",
                "zhao-yi.md:8:14: expected a whole number",
            ][..],
        ),
        // The only count of a vote, written on a line of its own, beside a wrong station.
        (
            "reports:\n  - date: 2025-01-01\n    station: nowhere\n    votes:\n      satisfied:\n        x\n",
            &[
                "zhao-yi.md:10:9: expected a whole number",
                "zhao-yi.md:7:14: no station has the slug \"nowhere\"",
            ][..],
        ),
        // A year really missing is named beside another wrong value of the item.
        (
            "record:\n  - meetings: 2\n    reviews: many\n",
            &[
                "missing required key \"year\"",
                "zhao-yi.md:7:14: expected a whole number",
            ][..],
        ),
    ] {
        let err = broken(&[("content/deputies/zhao-yi.md", deputy(yaml).as_bytes())]);
        for expected in expected {
            assert_has(&err, expected);
        }
        assert_has(&err, "found 2 errors");
    }
}

#[test]
fn a_block_where_one_value_belongs_is_one_problem() {
    let page = |yaml: &str| format!("---\n{yaml}---\n正文\n");
    let err = broken(&[(
        "content/pages/about.md",
        page("title:\n  zh: 关于\n  en: About\n  fr: À propos\n").as_bytes(),
    )]);
    assert_has(&err, "about.md:3:3: expected a single value here");
    assert_has(&err, "found 1 error:");
    let err = broken(&[(
        "content/pages/about.md",
        page("title: 关于\nslug:\n  - x: 1\n    y: 2\norder: z\n").as_bytes(),
    )]);
    assert_has(&err, "found 2 errors");
    assert_has(&err, "about.md:6:8:");
}

#[test]
fn a_private_block_never_gets_quoted_and_hides_no_other_problem() {
    let deputy =
        |yaml: &str| DEPUTY.replace("station: center\n", &format!("station: center\n{yaml}"));
    // A `{…}` over two lines, its second line at column 1: not a top-level key.
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        deputy("private: {mobile: \"1\",\nSECRET 139: x, SECRET 139: y}\n").as_bytes(),
    )]);
    assert_has(
        &err,
        "zhao-yi.md:6:16: this key appears twice in the same block",
    );
    assert!(!err.contains("SECRET"), "{err}");
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        deputy("contact: {phone: \"1\",\nwechat: x}\n").as_bytes(),
    )]);
    assert_has(&err, "zhao-yi.md:6:1: unknown key \"wechat\"");
    assert_has(&err, "found 1 error:");
    // Nor after a tab, a tag or an anchor, in a quoted text over two lines, or under a
    // list item's block text.
    for private in [
        "private:\t{a: 1, a: 2,\nSECRET110: x}\n",
        "private: !!map {a: 1, a: 2,\nSECRET110: x}\n",
        "private:\n  a: 1\n  a: \"x\nSECRET110: 1\"\n",
        "private:\n  - note: |\n      x\n    k: {a: 1, a: 2,\nSECRET110: 1}\n",
    ] {
        let err = broken(&[("content/deputies/zhao-yi.md", deputy(private).as_bytes())]);
        assert!(!err.contains("SECRET"), "{private}\n{err}");
    }
    // Values any YAML may hold are kept as nothing, and the real problem is found.
    for private in ["private:\n  <<: x\n", "private:\n  temp: .inf\n"] {
        let text = deputy(&format!(
            "{private}record:\n  - year: 2024\n    meetings: many\n"
        ));
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(&err, "zhao-yi.md:9:15: expected a whole number here");
        assert_has(&err, "found 1 error:");
    }
    // A value the parser cannot read there is an error that quotes nothing of it, and
    // hides nothing else.
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        deputy("private:\n  born: !!binary SECRETSECRET\n").as_bytes(),
    )]);
    assert_has(&err, "zhao-yi.md:6:");
    assert!(!err.contains("SECRET"), "{err}");
    let text = deputy(
        "private:\n  born: !!timestamp 2024-01-01\nrecord:\n  - year: 2024\n    meetings: many\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:6:21: this entry under \"private:\" cannot be read",
    );
    assert_has(&err, "zhao-yi.md:9:15: expected a whole number here");
}

#[test]
fn missing_front_matter() {
    let err = broken(&[("content/deputies/zhao-yi.md", "只有正文\n".as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:1:1: the file does not start with front matter",
    );
}

#[test]
fn wrong_type() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nrecord:\n  - year: 2025\n    meetings: many\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(&err, "content/deputies/zhao-yi.md:7:15:");
}

#[test]
fn missing_required_field() {
    let err = broken(&[(
        "content/stations/center.md",
        "---\nkind: station\n---\n".as_bytes(),
    )]);
    assert_has(&err, "content/stations/center.md:");
    assert_has(&err, "missing required key \"name\"");
}

#[test]
fn every_missing_required_key_is_listed_in_one_run() {
    // A clerk's first draft: keys left out of three kinds of file, one misspelled, and
    // a station whose front matter is still only a comment.
    let err = broken(&[
        (
            "content/deputies/zhao-yi.md",
            "---\nnmae: 赵一\nphoto: photos/zhao-yi.svg\n---\n正文\n".as_bytes(),
        ),
        (
            "content/stations/center.md",
            "---\n# 明天补上\n---\n".as_bytes(),
        ),
        (
            "content/news/draft-one.md",
            "---\nsummary: 待定\n---\n正文\n".as_bytes(),
        ),
    ]);
    for expected in [
        "content/deputies/zhao-yi.md:2:1: unknown key \"nmae\"",
        "content/deputies/zhao-yi.md:2:1: missing required key \"levels\"",
        "content/deputies/zhao-yi.md:2:1: missing required key \"station\"",
        "content/stations/center.md:2:1: missing required key \"name\"",
        "content/stations/center.md:2:1: missing required key \"kind\"",
        "content/news/draft-one.md:2:1: missing required key \"title\"",
        "content/news/draft-one.md:2:1: missing required key \"date\"",
    ] {
        assert_has(&err, expected);
    }
    assert_has(
        &err,
        "hint: add a line \"kind: ...\" with one of: station, home, kiosk",
    );
    // The station of the deputy that cannot be read is not warned about as empty.
    assert!(!err.contains("no deputy belongs to"), "{err}");
    // The misspelled key stands for "name", which is not reported missing too.
    assert!(
        !err.contains("zhao-yi.md:2:1: missing required key \"name\""),
        "{err}"
    );
}

#[test]
fn a_file_with_yaml_slips_is_checked_against_other_files_in_the_same_run() {
    // The wrong type and the unknown key are the parser's; the photo, level and station
    // are checks across files, made on what the rest of the file says.
    let text = concat!(
        "---\nname: 赵一\ngender: [男]\nphoto: photos/zhao-yi.jpg\n",
        "levels: [district, 区人大代表]\nstation: centre\noccupaton: 书\n---\n正文\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    for expected in [
        "zhao-yi.md:3:9: expected a single value here",
        "zhao-yi.md:4:8: photo file static/photos/zhao-yi.jpg does not exist",
        "zhao-yi.md:5:20: unknown level \"区人大代表\"",
        "zhao-yi.md:6:10: no station has the slug \"centre\"",
        "zhao-yi.md:7:1: unknown key \"occupaton\"",
    ] {
        assert_has(&err, expected);
    }
    assert_has(&err, "found 5 errors");

    // A photo line with a slip is not also warned about as missing; a slug line with
    // one leaves the file out of the checks across files, which would use a wrong slug.
    let text =
        "---\nname: 赵一\nslug: [zhao]\nphoto: [a.jpg]\nlevels: [district]\nstation: centre\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert!(!err.contains("赵一 has no photo"), "{err}");
    assert!(!err.contains("\"centre\""), "{err}");
    assert_has(&err, "found 2 errors");

    // The same for a misspelled slug key: the file name's slug would clash with wang-er.
    let text = "---\nname: 王二\nslgu: wang-er-b\nlevels: [district]\nstation: lake-home\n---\n";
    let err = broken(&[("content/deputies/王二.md", text.as_bytes())]);
    assert!(!err.contains("duplicate slug"), "{err}");
    assert_has(&err, "found 1 error");

    // Nor for a key that matches no field at all: it may have been the slug.
    let text = "---\nname: 王二\nSLUG: wang-er-b\nlevels: [district]\nstation: lake-home\n---\n";
    let err = broken(&[("content/deputies/王二.md", text.as_bytes())]);
    assert!(!err.contains("duplicate slug"), "{err}");
    let text = "---\nname: 王二\n网址: wang-er-b\n照片: photos/a.svg\nlevels: [district]\nstation: lake-home\n---\n";
    let err = broken(&[("content/deputies/王二.md", text.as_bytes())]);
    assert!(!err.contains("duplicate slug"), "{err}");
    assert!(!err.contains("王二.md: warning"), "{err}");

    // A slug written twice: the first still stands, and references to it resolve.
    let text = "---\nname: 中心站\nslug: center\nslug: center\nkind: station\n---\n";
    let err = broken(&[
        (
            "content/stations/center.md",
            b"---\nname: x\nkind: [station]\n---\n",
        ),
        ("content/stations/c.md", text.as_bytes()),
    ]);
    assert!(!err.contains("no station has the slug"), "{err}");

    // A draft whose draft line has a slip is not checked as published news.
    let text = "---\ntitle: 草稿\ndate: 2026-04-10\ndraft: 是\ndeputies: [li-si]\n---\n";
    let err = broken(&[("content/news/draft.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/news/draft.md:4:8: expected true or false here",
    );
    assert!(!err.contains("li-si"), "{err}");
    let text = "---\ntitle: 草稿\ndate: 2026-04-10\nhidden: true\ndeputies: [li-si]\n---\n";
    let err = broken(&[("content/news/draft.md", text.as_bytes())]);
    assert!(!err.contains("li-si"), "{err}");

    // A photo left out (not broken) is still warned about.
    let text = "---\nname: 赵一\ngender: [男]\nlevels: [district]\nstation: center\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(&err, "赵一 has no photo");
}

#[test]
fn a_file_missing_keys_is_checked_against_other_files_in_the_same_run() {
    // The news item lacks its title and date, the deputy's station is left empty: the
    // wrong references, level and photo are reported with them, and nothing is said
    // about the values that stand in for what is missing.
    let news = "---\nsummary: 待定\ndeputies: [zhao-er]\nstations: [centre]\n---\n正文\n";
    let deputy = "---\nname: 赵一\nphoto: photos/zhao.jpg\nlevels: [区人大代表]\nstation:\n---\n";
    let err = broken(&[
        ("content/news/draft-one.md", news.as_bytes()),
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
    ]);
    for expected in [
        "content/news/draft-one.md:2:1: missing required key \"title\"",
        "content/news/draft-one.md:2:1: missing required key \"date\"",
        "content/news/draft-one.md:3:12: no deputy has the slug \"zhao-er\"",
        "content/news/draft-one.md:4:12: no station has the slug \"centre\"",
        "content/deputies/zhao-yi.md:3:8: photo file static/photos/zhao.jpg does not exist",
        "content/deputies/zhao-yi.md:4:10: unknown level \"区人大代表\"",
        "content/deputies/zhao-yi.md:5:8: this value is empty",
    ] {
        assert_has(&err, expected);
    }
    assert_has(&err, "found 7 errors");
    // While the deputy's station is unknown, no station is said to have no deputies.
    assert!(!err.contains("no deputy belongs to"), "{err}");

    // Levels and name left out: no "levels is empty" for the stand-in, and the warning
    // names the deputy by slug.
    let deputy = "---\nstation: centre\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(&err, "zhao-yi.md:2:10: no station has the slug \"centre\"");
    assert!(!err.contains("levels is empty"), "{err}");
    assert_has(&err, "zhao-yi.md: warning: zhao-yi has no photo");
    assert_has(&err, "found 3 errors");
}

#[test]
fn a_missing_closing_quote_is_found_at_the_line_that_opens_it() {
    // `new`'s skeleton has a `""` lines below: the open quote runs on to it, and the
    // parser complains there.
    let deputy = concat!(
        "---\nname: \"赵一\ngender:\nlevels: [district]\nstation: center\ngroups: []\n",
        "occupation:\nprivate:\n  mobile: \"\"\n---\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:2:7: this text is opened with a quote and never closed",
    );
    assert_has(&err, "found 1 error");
    // With no quote below it, the parser stops at the quote itself.
    let deputy = "---\nname: 赵一\nlevels: [district]\nstation: center\noccupation: \"教师\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:5:13: this text is opened with a quote and never closed",
    );
    // A ": " inside a text.
    let deputy =
        "---\nname: 赵一\nlevels: [district]\nstation: center\noccupation: 教师 职务: 主任\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:5:18: this text holds \": \", which reads as the start of another key",
    );
    // A comment in Chinese after a value is not taken for full-width list punctuation.
    let deputy = "---\nname: 赵一\nlevels: town  # 写键，如 district、town\nstation: center\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(&err, "zhao-yi.md:3:9: expected a list here");
    assert!(!err.contains("半角"), "{err}");
}

#[test]
fn rare_yaml_slips_get_plain_words_not_the_parsers() {
    let news = |yaml: &str| format!("---\ntitle: 标题\ndate: 2026-01-10\n{yaml}---\n正文\n");
    for (yaml, expected) in [
        (
            "stations: !!binary aGVsbG8=\n",
            "first.md:4:1: expected a text here",
        ),
        (
            &format!("tags: {}{}\n", "[".repeat(300), "]".repeat(300)),
            "the lists or blocks here are nested too deeply",
        ),
        (
            "summary: 摘要\n  image: a.jpg\n",
            "first.md:5:8: this line is indented, but the key above it already has a value",
        ),
        (
            "summary: \"\\ud800\"\n",
            "a \\u escape here writes half a character",
        ),
        ("summary: a\u{0}b\n", "the file holds a NUL character"),
    ] {
        let err = broken(&[("content/news/first.md", news(yaml).as_bytes())]);
        assert_has(&err, expected);
        assert!(!err.contains("check the YAML on this line"), "{err}");
    }
    // A second document in site.yaml, an overlong name, a file with old Mac line ends.
    let site = good_site_yaml();
    let err = broken(&[("site.yaml", format!("{site}---\ntitle: x\n").as_bytes())]);
    assert_has(
        &err,
        "a \"---\" line here starts a second block of settings",
    );
    assert!(!err.contains("from_str_multiple"), "{err}");
    let station = format!("---\nname: {}\nkind: home\n---\n", "王".repeat(5000));
    let err = broken(&[("content/stations/lake-home.md", station.as_bytes())]);
    assert_has(
        &err,
        "lake-home.md:2:7: this name or title is 5000 characters long (at most 200 are allowed)",
    );
    // An address or a reception time is as short: the calendar's line folding slows
    // with the square of their length.
    let station = format!(
        "---\nname: 湖边之家\nkind: home\naddress: {}\nreception:\n  - date: 2026-12-01\n    time: {}\n---\n",
        "湖".repeat(300),
        "9".repeat(201),
    );
    let err = broken(&[("content/stations/lake-home.md", station.as_bytes())]);
    assert_has(
        &err,
        "lake-home.md:4:10: this text is 300 characters long (at most 200 are allowed)",
    );
    assert_has(
        &err,
        "lake-home.md:7:11: this text is 201 characters long (at most 200 are allowed)",
    );
    let err = broken(&[(
        "content/news/first.md",
        b"---\rtitle: t\rdate: 2026-01-10\r---\rbody\r".as_slice(),
    )]);
    assert_has(
        &err,
        "first.md:1:4: the lines of this file end with a carriage return alone",
    );
}

#[test]
fn a_contact_code_too_long_for_a_qr_code_is_named_at_its_line() {
    let deputy = format!(
        "---\nname: 赵一\nlevels: [district]\nstation: center\ncontact:\n  qr: https://example.org/{}\n---\n",
        "x".repeat(3000)
    );
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:6:7: contact.qr is 3020 characters long, too long for a QR code",
    );
    assert!(!err.contains("template error"), "{err}");
}

#[test]
fn a_blank_name_or_title_is_an_error() {
    let deputy = "---\nname: \"  \"\nlevels: [district]\nstation: center\n---\n";
    let page = "---\ntitle: ''\n---\n正文\n";
    let err = broken(&[
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
        ("content/pages/about.md", page.as_bytes()),
    ]);
    assert_has(&err, "zhao-yi.md:2:7: this name is blank");
    assert_has(
        &err,
        "hint: write the name after the colon and a space, e.g. \"name: 张晓红\"",
    );
    assert_has(&err, "about.md:2:8: this title is blank");
    assert_has(&err, "found 2 errors");
}

#[test]
fn a_duplicate_key_inside_private_is_not_quoted() {
    // The key itself may be private data (a clerk's note keyed by a phone number).
    let text = concat!(
        "---\nname: 赵一\nlevels: [district]\nstation: center\nprivate:\n",
        "  \"13912345678\": 老家电话\n  \"13912345678\": 单位电话\n---\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:7:3: this key appears twice in the same block",
    );
    assert!(!err.contains("13912345678"), "{err}");
    // Nor in a list at the key's own indentation, nor in a `{…}` block.
    for private in [
        "private:\n- SECRETKEY: 1\n  SECRETKEY: 2\n",
        "private: {SECRETKEY: 1, SECRETKEY: 2}\n",
    ] {
        let text = format!("---\nname: 赵一\nlevels: [district]\nstation: center\n{private}---\n");
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(&err, "this key appears twice in the same block");
        assert!(!err.contains("SECRETKEY"), "{err}");
    }
}

#[test]
fn front_matter_written_as_one_flow_mapping_gets_one_clear_problem() {
    let text = "---\n{\"title\": \"第三条新闻\", \"stations\": [\"lake-home\"]}\n---\n";
    let err = broken(&[("content/news/third.md", text.as_bytes())]);
    assert_has(&err, "content/news/third.md:2:");
    assert_has(&err, ": missing required key \"date\"");
    assert!(!err.contains("key \"title\""), "{err}");
    assert_has(&err, "found 1 error");
}

#[test]
fn unknown_key_with_suggestion() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\ncontact:\n  phnoe: \"010\"\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:3: unknown key \"phnoe\"\n    hint: did you mean \"phone\"?",
    );
}

#[test]
fn invalid_date() {
    let err = broken(&[(
        "content/news/first.md",
        "---\ntitle: 新闻\ndate: 2026-13-01\n---\n".as_bytes(),
    )]);
    assert_has(
        &err,
        "content/news/first.md:3:7: there is no day 2026-13-01: check the month and the day",
    );
    let err = broken(&[(
        "content/news/first.md",
        "---\ntitle: 新闻\ndate: 2026-2-1\n---\n".as_bytes(),
    )]);
    assert_has(
        &err,
        "content/news/first.md:3:7: invalid date \"2026-2-1\": write dates as YYYY-MM-DD",
    );
}

#[test]
fn unknown_level() {
    let text = DEPUTY.replace("levels: [district]", "levels: [district, twon]");
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:3:20: unknown level \"twon\"\n    hint: did you mean \"town\"?",
    );
}

#[test]
fn a_reference_to_a_file_whose_slug_line_renames_it_says_so() {
    // The station file center.md sets another slug: references by its file name
    // fail, and the hint names the line that renamed it.
    let station = fs::read_to_string(repo().join("tests/fixtures/good/content/stations/center.md"))
        .unwrap()
        .replace("kind: station\n", "kind: station\nslug: zhongxin\n");
    let err = broken(&[("content/stations/center.md", station.as_bytes())]);
    assert_has(
        &err,
        "no station has the slug \"center\"\n    hint: content/stations/center.md sets \"slug: zhongxin\": refer to it by that, or change its slug: line",
    );
}

#[test]
fn dangling_reference() {
    let text = DEPUTY.replace("station: center", "station: centre");
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:4:10: no station has the slug \"centre\"\n    hint: did you mean \"center\"?",
    );
}

#[test]
fn duplicate_slug() {
    let text = DEPUTY.replace("name: 赵一\n", "name: 赵一\nslug: zhao-yi\n");
    let err = broken(&[("content/deputies/zhao-yi-copy.md", text.as_bytes())]);
    // At the `slug:` line that made the clash.
    assert_has(
        &err,
        "content/deputies/zhao-yi-copy.md:3:7: duplicate slug \"zhao-yi\": content/deputies/zhao-yi.md has it too",
    );
    // Two file names that make one slug: at the start of the one that sorts later.
    let err = broken(&[("content/deputies/赵一.md", DEPUTY.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/赵一.md:1:1: duplicate slug \"zhao-yi\": content/deputies/zhao-yi.md has it too",
    );
}

#[test]
fn missing_photo() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nphoto: photos/nobody.jpg\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:8: photo file static/photos/nobody.jpg does not exist",
    );
}

#[test]
fn photo_outside_static() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nphoto: ../../etc/passwd\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:8: photo \"../../etc/passwd\" must be a path inside static/",
    );
}

#[test]
fn non_utf8_file() {
    let err = broken(&[("content/deputies/zhao-yi.md", b"---\nname: \xd5\xd4\n---\n")]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:2:7: the file is not valid UTF-8 text",
    );
}

#[test]
fn empty_file() {
    let err = broken(&[("content/pages/about.md", b"")]);
    assert_has(&err, "content/pages/about.md:1:1: the file is empty");
}

#[test]
fn invalid_explicit_slug() {
    let text = DEPUTY.replace("name: 赵一\n", "name: 赵一\nslug: Zhao Yi\n");
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:3:7: slug \"Zhao Yi\" may only use lowercase letters",
    );
}

#[test]
fn unknown_config_key() {
    let site = fixture("good");
    let config = site.path().join("site.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("deputy_order:", "deputy_ordr:");
    fs::write(&config, text).unwrap();
    let output = run(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_has(
        &stderr(&output),
        "site.yaml:8:1: unknown key \"deputy_ordr\"\n    hint: did you mean \"deputy_order\"?",
    );
}

#[test]
fn unknown_content_folder() {
    let err = broken(&[("content/deputes/x.md", DEPUTY.as_bytes())]);
    assert_has(
        &err,
        "content/deputes: unknown content folder \"deputes\"\n    hint: did you mean \"deputies\"?",
    );
}

#[test]
fn every_error_of_a_run_is_listed_together() {
    let err = broken(&[
        (
            "content/deputies/zhao-yi.md",
            DEPUTY
                .replace("station: center", "station: centre")
                .as_bytes(),
        ),
        (
            "content/news/first.md",
            "---\ntitle: 新闻\ndate: 2026-13-01\n---\n".as_bytes(),
        ),
        ("content/pages/about.md", b""),
    ]);
    assert_has(&err, "found 3 errors:");
    assert_has(&err, "  1. content/deputies/zhao-yi.md:4:10:");
    assert_has(&err, "  2. content/news/first.md:3:7:");
    assert_has(&err, "  3. content/pages/about.md:1:1:");
    assert_has(&err, "nothing was written");
}

#[test]
fn template_errors_name_the_template() {
    let err = broken(&[(
        "templates/deputy.html",
        b"{{ deputy.name | no_such_filter }}",
    )]);
    assert_has(
        &err,
        "templates/deputy.html:1:18: template error: Unknown filter `no_such_filter`",
    );
}

/// The good fixture's station `center` with its reception days replaced by `days`.
fn station_with_reception(days: &str) -> String {
    let text =
        fs::read_to_string(repo().join("tests/fixtures/good/content/stations/center.md")).unwrap();
    let start = text.find("reception:\n").unwrap();
    let end = text.find("private:\n").unwrap();
    format!("{}reception:\n{days}{}", &text[..start], &text[end..])
}

#[test]
fn reception_times_that_cannot_be_are_errors_and_unreadable_ones_warnings() {
    let days = concat!(
        "  - date: 2026-12-10\n    time: \"25:00-26:00\"\n",
        "  - date: 2026-12-11\n    time: \"11:00-09:00\"\n",
        "  - date: 2026-12-12\n    time: 9点至11点\n",
        "  - date: 2026-12-13\n    time: 上午\n",
    );
    let err = broken(&[(
        "content/stations/center.md",
        station_with_reception(days).as_bytes(),
    )]);
    assert_has(&err, "found 2 errors:");
    assert_has(
        &err,
        "content/stations/center.md:12:11: there is no time of day 25:00",
    );
    assert_has(
        &err,
        "content/stations/center.md:14:11: this time does not end after it starts",
    );
    assert_has(
        &err,
        "content/stations/center.md:16:11: warning: the calendar cannot read this time",
    );
    assert!(
        !err.contains(":18:11"),
        "words without digits are fine: {err}"
    );
}

#[test]
fn a_time_typed_in_full_width_reaches_the_calendar() {
    // What a Chinese input method types: full-width digits, colon and hyphen.
    let site = fixture("good");
    let days =
        "  - date: 2026-12-10\n    time: \"０９：３０－１１：００\"\n    deputies: [zhao-yi]\n";
    fs::write(
        site.path().join("content/stations/center.md"),
        station_with_reception(days),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let ics = read(&site.path().join("public"), "stations/center/reception.ics");
    assert!(
        ics.contains("DTSTART;TZID=Asia/Shanghai:20261210T093000"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=Asia/Shanghai:20261210T110000"),
        "{ics}"
    );
}

#[test]
fn a_tab_in_a_list_item_or_a_private_block_is_named_at_the_tab() {
    let station =
        fs::read_to_string(repo().join("tests/fixtures/good/content/stations/center.md")).unwrap();
    let in_list = station.replace("    time: \"09:00-11:00\"", "\ttime: \"09:00-11:00\"");
    let in_private = station.replace("  caretaker_mobile:", "  note: a\n\tcaretaker_mobile:");
    for (text, place) in [(in_list, "12:1"), (in_private, "19:1")] {
        let err = broken(&[("content/stations/center.md", text.as_bytes())]);
        assert_has(
            &err,
            &format!("content/stations/center.md:{place}: a tab is used for indentation here"),
        );
        assert!(!err.contains("PRIVATE-STATION-MOBILE"), "{err}");
    }
}

#[test]
fn values_written_in_chinese_get_their_key() {
    let station = fs::read_to_string(repo().join("tests/fixtures/good/content/stations/center.md"))
        .unwrap()
        .replace("kind: station", "kind: 代表联络站");
    let news = "---\ntitle: 第三条新闻\ndate: 2026-03-10\ndraft: 否\n---\n正文\n";
    let site = good_site_yaml().replace("deputy_order: strokes", "deputy_order: 姓氏笔画");
    let err = broken(&[
        ("content/stations/center.md", station.as_bytes()),
        ("content/news/third.md", news.as_bytes()),
        ("site.yaml", site.as_bytes()),
    ]);
    for expected in [
        "content/stations/center.md:3:7: unknown value \"代表联络站\"\n    hint: values are written with their key: \"station\"",
        "content/news/third.md:4:8: expected true or false here\n    hint: write true for 是 or false for 否",
        "site.yaml:8:15: unknown value \"姓氏笔画\"\n    hint: values are written with their key: \"strokes\"",
    ] {
        assert_has(&err, expected);
    }
}

#[test]
fn a_closing_line_typed_with_other_dashes_is_named_at_its_line() {
    let err = broken(&[
        (
            "content/deputies/zhao-yi.md",
            "---\nname: 赵一\nlevels: [district]\n———\nstation: center\n---\n".as_bytes(),
        ),
        (
            "content/news/first.md",
            "---\ntitle: 第一条\ndate: 2026-03-01\n－－－\n正文\n".as_bytes(),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: 关于\n----\n正文\n".as_bytes(),
        ),
    ]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:4:1: this line of dashes is not YAML, and not the \"---\" that ends the front matter",
    );
    assert_has(
        &err,
        "content/news/first.md:4:1: the front matter is never closed: this line is not \"---\"",
    );
    assert_has(
        &err,
        "content/pages/about.md:3:1: the front matter is never closed: this line is not \"---\"",
    );
    assert_has(&err, "exactly three ASCII hyphens");
}

#[test]
fn a_pasted_non_breaking_space_is_named() {
    // Word, WPS and web pages paste U+00A0, which looks like a space but is not one.
    let err = broken(&[
        (
            "content/deputies/zhao-yi.md",
            "---\nname: 赵一\nlevels: [district]\nstation:\u{a0}center\n---\n".as_bytes(),
        ),
        (
            "content/deputies/qian-er.md",
            "---\nname: 钱二\nlevels: [district]\nstation: center\u{a0}\n---\n".as_bytes(),
        ),
    ]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:4:9: this line has a non-breaking space (U+00A0), as Word, WPS and web pages paste, where YAML needs an ordinary space",
    );
    // In a value it stays part of the slug: shown, so the two do not look the same.
    assert_has(
        &err,
        "content/deputies/qian-er.md:4:10: no station has the slug \"center\\u{a0}\"",
    );
}

#[test]
fn personal_data_in_the_wrong_block_is_sent_to_the_private_block() {
    // The allowed keys of `contact:` would invite renaming `mobile` to `phone`, which
    // publishes the number: the hint says where personal data goes instead.
    let err = broken(&[
        (
            "content/deputies/zhao-yi.md",
            "---\nname: 赵一\nlevels: [district]\nstation: center\ncontact:\n  mobile: \"13900000000\"\nPRIVATE:\n  x: 1\n---\n".as_bytes(),
        ),
        (
            "content/stations/center.md",
            "---\nname: 中心站\nkind: station\nreception:\n  - date: 2027-01-02\n    private:\n      note: x\n---\n".as_bytes(),
        ),
    ]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:3: unknown key \"mobile\"\n    hint: if this is personal data, put it under the top-level \"private:\" block, which is never published; the keys here are published: phone, email, qr",
    );
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:7:1: unknown key \"PRIVATE\"\n    hint: did you mean \"private\"?",
    );
    assert_has(
        &err,
        "content/stations/center.md:6:5: unknown key \"private\"\n    hint: a \"private:\" block is kept only at the top level of the file",
    );
    assert!(!err.contains("13900000000"), "{err}");
    // Several together, in other words, and a public contact outside `contact:`.
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        "---\nname: 赵一\nlevels: [district]\nstation: center\nphone: \"1\"\n手机号码: \"2\"\nmanager_mobile: \"3\"\n---\n".as_bytes(),
    )]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:1: unknown keys \"phone\" (line 5), \"手机号码\" (line 6), \"manager_mobile\" (line 7)\n    hint: a public phone, e-mail or contact code goes under \"contact:\"",
    );
    assert_has(
        &err,
        "if this is personal data, put it under the top-level \"private:\" block",
    );
    assert!(!err.contains("photo\" for"), "{err}");
}

#[test]
fn a_file_with_private_data_in_static_is_refused() {
    // A deputy's file dropped into static/ would be copied byte for byte, private block
    // and all; a Markdown file without one is only warned about.
    let err = broken(&[
        (
            "static/photos/zhao-yi.md",
            "---\nname: 赵一\n  Private:\n    mobile: \"13900000000\"\n---\n".as_bytes(),
        ),
        ("static/notes.yaml", b"- private: x\n"),
        // Whatever the file is called, and however the key is written.
        (
            "static/data.json",
            b"{\"name\":\"x\",\"private\":{\"mobile\":\"13900000000\"}}",
        ),
        (
            "static/zhao-yi.md.bak",
            b"---\nprivate:\n  mobile: 1\n---\n",
        ),
        // A setting, a code example in Markdown and a binary file are not data.
        ("static/package.json", b"{\n  \"private\": true\n}\n"),
        (
            "static/readme.md",
            "# 说明\n\n```yaml\nprivate:\n  mobile: \"139...\"\n```\n".as_bytes(),
        ),
        ("static/photos/x.jpg", b"\xff\xd8\0private: 1\n"),
    ]);
    assert_has(&err, "found 4 errors:");
    assert_has(
        &err,
        "static/photos/zhao-yi.md:3:3: this file has a \"private\" key with a value, and files in static folders are published exactly as they are",
    );
    assert_has(
        &err,
        "static/notes.yaml:1:3: this file has a \"private\" key",
    );
    assert_has(
        &err,
        "static/data.json:1:13: this file has a \"private\" key",
    );
    assert_has(
        &err,
        "static/zhao-yi.md.bak:2:1: this file has a \"private\" key",
    );
    assert_has(
        &err,
        "static/readme.md: warning: this Markdown file is published as it is, not as a page",
    );
    assert!(!err.contains("13900000000"), "{err}");
}

#[test]
fn unknown_filters_tests_and_functions_get_what_they_were_meant_to_be() {
    let err = broken(&[(
        "templates/deputy.html",
        concat!(
            "{{ deputy.name | uper }}\n",
            "{% if deputy is definedd %}{% endif %}\n",
            "{{ url_fr(path=\"x\") }}\n",
            "{{ deputy.updated | date }}\n",
        )
        .as_bytes(),
    )]);
    assert_has(&err, "found 4 errors:");
    for (place, message, hint) in [
        ("1:18", "Unknown filter `uper`", "did you mean \"upper\"?"),
        (
            "2:17",
            "Unknown test `definedd`",
            "did you mean \"defined\"?",
        ),
        (
            "3:4",
            "Unknown function `url_fr`",
            "did you mean \"url_for\"?",
        ),
        ("4:21", "Unknown filter `date`", "`| long_date`"),
    ] {
        assert_has(
            &err,
            &format!("templates/deputy.html:{place}: template error: {message}\n    hint: "),
        );
        assert_has(&err, hint);
    }
}

#[test]
fn a_block_tag_left_open_is_named_where_it_opened() {
    // Tera itself says "Unknown tag" at the `{% endblock %}`, and "Unexpected end of
    // input" at the end of a file, without naming the tag to close. A Tera 1 macro
    // (Zola's themes have them) is named, with what Tera 2 writes instead.
    for (template, message, hint) in [
        (
            "{% extends \"base.html\" %}\n{% block main %}\n  {% if site.title %}<h1>找不到页面</h1>\n{% endblock main %}\n",
            "templates/404.html:4:1: template syntax error: {% endblock %} comes while the {% if … %} opened at 3:3 is still open",
            "hint: add {% endif %} before this tag",
        ),
        (
            "{% extends \"base.html\" %}\n{% block main %}\n<p>找不到页面</p>\n",
            "templates/404.html:2:1: template syntax error: this {% block … %} is never closed",
            "hint: add {% endblock %} where its part ends",
        ),
        (
            "{% extends \"base.html\" %}\n{% block main %}{% macro card(d) %}{{ d }}{% endmacro %}{% endblock main %}\n",
            "templates/404.html:2:20: template syntax error: unknown tag \"macro\"",
            "hint: Tera 2 has no macros or imports: define a component",
        ),
    ] {
        let err = broken(&[("templates/404.html", template.as_bytes())]);
        assert_has(&err, message);
        assert_has(&err, hint);
    }
}

#[test]
fn a_mistyped_ui_string_gets_a_suggestion_not_every_key() {
    let err = broken(&[(
        "templates/404.html",
        b"{% extends \"base.html\" %}{% block main %}{{ lang.nav_hme }}{% endblock main %}",
    )]);
    assert_has(&err, "templates/404.html:1:");
    assert_has(&err, "Field `nav_hme` is not defined.");
    assert_has(&err, "hint: did you mean \"nav_home\"?");
    assert!(
        !err.contains("nav_deputies"),
        "the whole table is listed:\n{err}"
    );
}

#[test]
fn an_error_inside_a_component_says_where_it_was_called_from() {
    let err = broken(&[
        (
            "templates/extra.html",
            b"{% component boom(x) %}<p>{{ x.no_such_field }}</p>{% endcomponent boom %}",
        ),
        (
            "templates/deputy.html",
            b"{% extends \"base.html\" %}{% block main %}\n{{<boom x={deputy} />}}{% endblock main %}",
        ),
    ]);
    assert_has(&err, "templates/extra.html:1:");
    assert_has(&err, "called from templates/deputy.html:2:");
}

#[test]
fn an_error_inside_a_cached_component_names_its_line_and_the_call() {
    let err = broken(&[
        (
            "templates/extra.html",
            b"{% component boom(x, @lang) %}\n<p>{{ lang.nav_home }}{{ x.no_such_field }}</p>{% endcomponent boom %}",
        ),
        (
            "templates/deputy.html",
            b"{% extends \"base.html\" %}{% block main %}\n\n  {{ cached(component=\"boom\", x=deputy) }}{% endblock main %}",
        ),
    ]);
    assert_has(
        &err,
        "templates/extra.html:2:28: template error: Field `no_such_field` is not defined.",
    );
    assert_has(&err, "called from templates/deputy.html:3:6");
}

#[test]
fn caching_an_unknown_component_is_an_error() {
    let err = broken(&[(
        "templates/deputy.html",
        b"{% extends \"base.html\" %}{% block main %}{{ cached(component=\"nope\") }}{% endblock main %}",
    )]);
    assert_has(&err, "templates/deputy.html:1:");
    assert_has(&err, "cached: there is no component \"nope\"");
}

#[test]
fn templates_cannot_read_the_clock_or_the_environment() {
    // The build cache keeps a page whose inputs did not change: that is only right
    // because no template function depends on anything else.
    let err = broken(&[(
        "templates/404.html",
        b"{% extends \"base.html\" %}{% block main %}{{ now() }}{{ get_env(name=\"HOME\") }}{% endblock main %}",
    )]);
    assert_has(&err, "templates/404.html:1:");
    assert_has(&err, "Unknown function `now`");
    assert_has(&err, "Unknown function `get_env`");
}

#[test]
fn template_syntax_errors_give_line_and_column_in_every_file() {
    let err = broken(&[
        (
            "templates/deputy.html",
            b"{% extends \"base.html\" %}\n{% block main %}\n{% if %}{% endblock main %}",
        ),
        ("templates/page.html", b"<p>{{ page.title </p>"),
    ]);
    assert_has(&err, "found 2 errors:");
    assert_has(&err, "templates/deputy.html:3:7: template syntax error");
    assert_has(&err, "templates/page.html:1:");
}

#[test]
fn a_theme_outside_the_themes_folder_is_an_error() {
    let site = fixture("good");
    let config = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("theme: default", "theme: ../elsewhere"),
    )
    .unwrap();
    let output = run(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_has(
        &stderr(&output),
        "site.yaml:4:8: theme \"../elsewhere\" is not a folder name",
    );
}

#[test]
fn an_unknown_ui_string_names_the_key_and_the_language_file() {
    let err = broken(&[(
        "templates/deputy.html",
        b"<p>{{ t(key=\"no_such_string\") }}</p>",
    )]);
    assert_has(&err, "templates/deputy.html");
    assert_has(
        &err,
        "no UI string \"no_such_string\" in themes/default/i18n/zh-CN.yaml",
    );
}

#[test]
fn a_language_file_without_the_strings_the_renderer_fills_in_is_an_error() {
    let strings = fs::read_to_string(repo().join("themes/default/i18n/zh-CN.yaml")).unwrap();
    let kept: String = strings
        .lines()
        .filter(|line| {
            !["weekday_3:", "photo_none:", "count_votes:"]
                .iter()
                .any(|key| line.starts_with(key))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(
        strings.lines().count() - kept.lines().count(),
        3,
        "the three keys were in the file"
    );
    let err = broken(&[("themes/default/i18n/zh-CN.yaml", kept.as_bytes())]);
    assert_has(
        &err,
        "themes/default/i18n/zh-CN.yaml: missing UI strings: weekday_3, photo_none, count_votes",
    );
}

#[test]
fn a_broken_file_does_not_also_report_references_to_it() {
    // center.md fails to parse; the deputies and news that name "center" are not
    // reported a second time as dangling references.
    let err = broken(&[(
        "content/stations/center.md",
        "---\nname: 中心站\nkind: stationn\n---\n".as_bytes(),
    )]);
    assert_has(
        &err,
        "content/stations/center.md:3:7: unknown value \"stationn\"\n    hint: did you mean \"station\"?",
    );
    assert_has(&err, "found 1 error:");
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = fixture("good");
    let output = run(site.path(), &["check"]);
    assert!(output.status.success());
    assert_has(
        &stderr(&output),
        "content/deputies/wang-er.md: warning: 王二 has no photo",
    );
    let quiet = run(site.path(), &["-q", "check"]);
    assert_eq!(stderr(&quiet), "", "-q prints nothing on success");
}

#[test]
fn a_contact_code_must_be_a_web_address() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\ncontact:\n  qr: \"javascript:alert(1)\"\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:7: contact.qr \"javascript:alert(1)\" is not a web address",
    );
    // An address with no host leads nowhere either.
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\ncontact:\n  qr: \"http://\"\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:7: contact.qr \"http://\" is not a web address",
    );
}

#[test]
fn a_paragraph_pasted_into_a_one_line_field_is_an_error() {
    // An occupation, phone or opening hours is one line; pasted text would stretch the
    // deputy lists and break the printed card.
    let long = "很长的一段文字".repeat(40);
    let text = DEPUTY.replace(
        "station: center\n",
        &format!("station: center\noccupation: {long}\ncontact:\n  phone: \"{long}\"\n"),
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:13: this text is 280 characters long (at most 200 are allowed)",
    );
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:7:10: this text is 280 characters long",
    );
}

#[test]
fn a_private_block_pushed_into_the_body_by_a_stray_line_is_an_error() {
    // A "---" too many ends the front matter early: what follows is published as text.
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\n---\nprivate:\n  mobile: \"13912345678\"\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:1: \"private:\" is in the published text of the page: the front matter ended at the \"---\" on line 5",
    );
    assert!(!err.contains("13912345678"));
    // The stray line inside the block: its block text, or a list at the key's own
    // indentation, would be published.
    for page in [
        "---\ntitle: 关于\nprivate:\n  note: |\n    第一行\n---\n    PRIVATE-NOTE-123\n",
        "---\ntitle: 关于\nprivate:\n- a\n---\n- PRIVATE-NOTE-123\n",
        "---\ntitle: 关于\nprivate:\n...\n%YAML 1.2\n  note: \"PRIVATE-NOTE-123\"\n---\n正文\n",
    ] {
        let err = broken(&[("content/pages/about.md", page.as_bytes())]);
        assert_has(
            &err,
            "the lines below \"private:\" are in the published text of the page",
        );
        assert!(!err.contains("PRIVATE-NOTE-123"), "{err}");
    }
}

#[test]
fn an_optional_field_below_a_stray_line_is_an_error_not_lost_data() {
    // Reception days after a "---" too many would silently vanish from the station page,
    // its calendar and its notice board.
    let station = fs::read_to_string(repo().join("tests/fixtures/good/content/stations/center.md"))
        .unwrap()
        .replace("reception:\n", "---\nreception:\n");
    let err = broken(&[("content/stations/center.md", station.as_bytes())]);
    assert_has(
        &err,
        "center.md:11:1: \"reception:\" is in the published text of the page: the front matter ended at the \"---\" on line 10",
    );
    let news = "---\ntitle: 第三条新闻\ndate: 2026-03-10\n---\ntags: [接待选民]\n---\n正文\n";
    let err = broken(&[("content/news/third.md", news.as_bytes())]);
    assert_has(&err, "third.md:5:1: \"tags:\" is in the published text");
}

#[test]
fn private_data_below_a_stray_line_is_refused_in_any_spelling() {
    for (stray, at) in [
        // `Private:` in other letter case or in full-width letters is still private.
        (
            "---\nPrivate:\n  mobile: \"PRIVATE-MOBILE-5521\"\n",
            "zhao-yi.md:6:1",
        ),
        (
            "---\nＰＲＩＶＡＴＥ：\n  mobile: \"PRIVATE-MOBILE-5521\"\n",
            "zhao-yi.md:6:1",
        ),
        // The rest of a plain value, more deeply indented below the stray line.
        (
            "private:\n  notes: 回访记录\n---\n    PRIVATE-MOBILE-5521\n",
            "zhao-yi.md:8:1",
        ),
        // A key of the block, indented with full-width spaces below the stray line.
        (
            "private:\n  notes: \"回访\"\n---\n　　mobile: \"PRIVATE-MOBILE-5521\"\n",
            "zhao-yi.md:8:1",
        ),
    ] {
        let text = DEPUTY.replace("station: center\n", &format!("station: center\n{stray}"));
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(&err, &format!("{at}: "));
        assert_has(&err, "in the published text of the page");
        assert!(!err.contains("PRIVATE-MOBILE-5521"), "{err}");
    }
}

#[test]
fn a_private_line_typed_at_column_1_is_never_quoted() {
    for line in [
        "PRIVATE-ID-5521",
        "PRIVATE ID 5521: x",
        "private id: PRIVATE-ID-5521",
    ] {
        let text = DEPUTY.replace(
            "station: center\n",
            &format!("station: center\nprivate:\n  id_number:\n{line}\n"),
        );
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(
            &err,
            "zhao-yi.md:7:1: this entry under \"private:\" cannot be read",
        );
        assert!(!err.contains("5521"), "{line}: {err}");
    }
}

#[test]
fn required_keys_below_a_stray_line_are_named_there() {
    let deputy = "---\nname: 赵一\n---\nlevels: [district]\nstation: center\n---\n正文\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:4:1: \"levels:\" is in the published text of the page: the front matter ended at the \"---\" on line 3",
    );
    assert_has(&err, "zhao-yi.md:5:1: \"station:\"");
    assert_has(&err, "hint: delete the stray \"---\" line");
    assert!(!err.contains("missing required key"), "{err}");
    // Without a closing line further down, the key was written into the page text: the
    // parser's message stands.
    let news = "---\ntitle: 第三条新闻\n---\n会议通知如下：\n\ndate: 2026年3月10日\n";
    let err = broken(&[("content/news/third.md", news.as_bytes())]);
    assert_has(&err, "third.md:2:1: missing required key \"date\"");
}

#[test]
fn a_key_without_its_colon_and_text_over_two_lines_get_the_right_advice() {
    let deputy =
        "---\nname: 赵一\nlevels: [district]\nstation: center\ncontact\n  phone: \"010-1\"\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:5:1: the key \"contact\" on this line has no colon after it",
    );
    let news = "---\ntitle: 第三条新闻\ndate: 2026-03-10\nsummary: 会议议程如下\n  时间: 上午九点\n---\n正文\n";
    let err = broken(&[("content/news/third.md", news.as_bytes())]);
    assert_has(
        &err,
        "third.md:5:5: this line continues the text above it and holds \": \"",
    );
    let station = "---\n\"name\": \"\"\nkind: home\n---\n";
    let err = broken(&[("content/stations/lake-home.md", station.as_bytes())]);
    assert_has(&err, "lake-home.md:2:9: this name is blank");
}

#[test]
fn anchors_and_aliases_cannot_copy_private_values_into_public_fields() {
    let merged = DEPUTY.replace(
        "station: center\n",
        "station: center\nprivate: &p\n  phone: \"13700000000\"\ncontact:\n  <<: *p\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", merged.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:3: YAML anchors (&name) and aliases (*name) are not allowed",
    );
    let aliased = DEPUTY.replace("station: center\n", "station: center\noccupation: *id\n");
    let err = broken(&[("content/deputies/zhao-yi.md", aliased.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:13: YAML anchors (&name) and aliases (*name) are not allowed",
    );
    assert_has(&err, "put it in quotes");
}

#[test]
fn a_duplicate_key_says_so_in_plain_words() {
    let text = DEPUTY.replace("station: center\n", "station: center\nname: 赵二\n");
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:1: the key \"name\" appears twice in the same block",
    );
    assert!(!err.contains("DuplicateKeyPolicy"), "{err}");
}

#[test]
fn a_static_file_with_the_path_of_a_page_is_named_by_check_and_build() {
    let err = broken(&[("static/news/first/index.html", b"<p>old</p>".as_slice())]);
    assert_has(
        &err,
        "static/news/first/index.html: this file has the path of a generated page, news/first/index.html",
    );
    let err = broken(&[("static/stations", b"x".as_slice())]);
    assert_has(
        &err,
        "static/stations: this file is in the way of the folder stations/, which holds generated pages",
    );
    assert_has(&err, "found 1 error:");
    // Found while rendering, and still shown with the warnings found before; a draft
    // left out is one of them, so it does not vanish unnoticed.
    assert_has(
        &err,
        "content/news/draft.md: warning: this news item is a draft (draft: true) and is not published",
    );
    assert_has(
        &err,
        "and 2 warnings:\n  - content/deputies/wang-er.md: warning: 王二 has no photo",
    );
}

#[test]
fn an_overlong_slug_is_an_error_at_its_line() {
    let slug = "a".repeat(201);
    let text = format!("---\ntitle: 新闻\ndate: 2026-01-01\nslug: {slug}\n---\n");
    let err = broken(&[("content/news/first.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/news/first.md:4:7: the URL name (slug) is 201 characters long; at most 200 are allowed",
    );
}

#[test]
fn tags_need_letters() {
    let text = "---\ntitle: 二\ndate: 2026-01-09\ntags: [\"成事\", \"..\"]\n---\n";
    let err = broken(&[("content/news/second.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/news/second.md:4:14: the tag \"..\" has no letters or digits to make its address from",
    );
    assert_has(&err, "found 1 error:");
}

#[test]
fn a_linked_or_folder_photo_is_an_error() {
    let site = fixture("good");
    let photos = site.path().join("static/photos");
    fs::create_dir_all(&photos).unwrap();
    fs::write(photos.join("real.svg"), "<svg/>").unwrap();
    std::os::unix::fs::symlink("real.svg", photos.join("linked.svg")).unwrap();
    std::os::unix::fs::symlink("photos", site.path().join("static/album")).unwrap();
    edit(
        site.path(),
        "content/deputies/ding-san.md",
        "photo: photos/ding-san.svg",
        "photo: album/ding-san.svg",
    );
    edit(
        site.path(),
        "content/deputies/wang-er.md",
        "station: ",
        "photo: photos/linked.svg\nstation: ",
    );
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "photo: photos/zhao-yi.svg",
        "photo: photos",
    );
    let output = run(site.path(), &["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_has(
        &err,
        "photo static/photos/linked.svg is a symbolic link, and links in static/ are not published",
    );
    assert_has(&err, "photo static/photos is a folder, not a file");
    assert_has(
        &err,
        "content/deputies/ding-san.md:3:8: photo static/album/ding-san.svg is a symbolic link",
    );
}

#[test]
fn files_that_are_not_read_or_are_copies_are_named() {
    let site = fixture("good");
    fs::write(site.path().join("content/deputies/li-si.MD"), DEPUTY).unwrap();
    fs::write(site.path().join("content/news/note.md.txt"), "x").unwrap();
    fs::write(site.path().join("content/loose.md"), DEPUTY).unwrap();
    fs::copy(
        site.path().join("content/deputies/zhao-yi.md"),
        site.path().join("content/deputies/zhao-yi - 副本.md"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("content/loose.md"),
        site.path().join("content/deputies/linked.md"),
    )
    .unwrap();
    let output = run(site.path(), &["check"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_has(
        &err,
        "content/deputies/li-si.MD: warning: this file is not read: content files end in .md",
    );
    assert_has(
        &err,
        "content/news/note.md.txt: warning: this file is not read",
    );
    assert_has(
        &err,
        "content/loose.md: warning: this file is not read: content files go in a folder under content/",
    );
    #[cfg(unix)]
    assert_has(
        &err,
        "content/deputies/linked.md: warning: symbolic links in content folders are not read",
    );
    assert_has(
        &err,
        "content/deputies/zhao-yi - 副本.md: warning: this looks like a copy of zhao-yi.md, and both are published",
    );
}

#[test]
fn a_base_url_flag_must_be_a_plain_http_address() {
    let site = fixture("good");
    for bad in [
        "javascript:alert(1)//",
        "example.org",
        "https://example.org/?lang=zh",
    ] {
        let output = run(site.path(), &["build", "--base-url", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        assert!(!site.path().join("public").exists());
    }
    let mut config = fs::read_to_string(site.path().join("site.yaml")).unwrap();
    config = config.replacen(
        "base_url: https://example.org/renda/",
        "base_url: https://example.org/#top",
        1,
    );
    fs::write(site.path().join("site.yaml"), config).unwrap();
    let err = stderr(&run(site.path(), &["check"]));
    assert_has(&err, "contains \"#\"");
}

#[test]
fn a_folder_with_other_files_is_not_wiped_without_force() {
    let site = fixture("good");
    let docs = site.path().join("docs");
    fs::create_dir_all(docs.join("2025")).unwrap();
    fs::write(docs.join("memo.txt"), "memo").unwrap();
    fs::write(docs.join("2025/budget.xlsx"), "numbers").unwrap();
    let output = run(site.path(), &["build", "--out", "docs"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_has(
        &err,
        "it holds files that are not an earlier build of a site (2025, memo.txt)",
    );
    assert_has(&err, "--force");
    assert_eq!(fs::read_to_string(docs.join("memo.txt")).unwrap(), "memo");
    assert_eq!(
        fs::read_to_string(docs.join("2025/budget.xlsx")).unwrap(),
        "numbers"
    );

    // An earlier build (rebuilt after an edit, so the build cache cannot skip the
    // check), an empty folder and --force are all fine.
    build_ok(site.path(), &[]);
    edit(
        site.path(),
        "content/pages/about.md",
        "order: 1",
        "order: 2",
    );
    build_ok(site.path(), &[]);
    fs::create_dir_all(site.path().join("empty")).unwrap();
    build_ok(site.path(), &["--out", "empty"]);
    build_ok(site.path(), &["--out", "docs", "--force"]);
    assert!(!docs.join("memo.txt").exists());
    assert!(docs.join("index.html").is_file());
}

#[test]
fn empty_front_matter_and_repeated_record_years() {
    let err = broken(&[("content/deputies/zhao-yi.md", "---\n---\n正文\n".as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:2:1: the front matter between the \"---\" lines is empty",
    );
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nrecord:\n  - year: 2025\n    meetings: 1\n  - year: 2025\n    meetings: 2\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:8:5: the record has the year 2025 twice",
    );
}

#[test]
fn theme_and_language_errors_name_their_line() {
    for (from, to, expected) in [
        (
            "theme: default",
            "theme: plain",
            "site.yaml:4:8: theme \"plain\" not found",
        ),
        (
            "language: zh-CN",
            "language: fr",
            "site.yaml:3:11: the theme has no UI strings for language \"fr\"",
        ),
        (
            "language: zh-CN",
            "language: ../../x",
            "site.yaml:3:11: language \"../../x\" is not a language code",
        ),
    ] {
        let site = fixture("good");
        edit(site.path(), "site.yaml", from, to);
        let output = run(site.path(), &["check"]);
        assert_eq!(output.status.code(), Some(1));
        assert_has(&stderr(&output), expected);
    }
}

#[test]
fn a_contact_email_must_be_one_plain_address() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\ncontact:\n  email: \"mailto:a@b.org?subject=x\"\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:6:10: contact.email \"mailto:a@b.org?subject=x\" is not an e-mail address",
    );
}

#[test]
fn every_unknown_top_level_key_of_a_file_is_named_at_once() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nocupation: 医生\ngendr: 男\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:5:1: unknown keys \"ocupation\" (line 5), \"gendr\" (line 6)\n    hint: did you mean \"occupation\" for \"ocupation\", \"gender\" for \"gendr\"?",
    );
}

#[test]
fn input_method_slips_get_plain_messages() {
    let deputy = concat!(
        "---\nname: 赵一\ngender:\nlevels: ［district，town］\nstation: center\n",
        "contact:\n\tphone: 1\n---\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    // `gender:` left empty is fine: the key is optional.
    assert_has(
        &err,
        "zhao-yi.md:4:9: expected a list here\n    hint: write the list with ASCII brackets and commas",
    );
    // At the tab itself, also at the top level (where the parser speaks of indentation).
    assert_has(&err, "zhao-yi.md:7:1: a tab is used for indentation here");
    let err = broken(&[(
        "content/deputies/zhao-yi.md",
        "---\nname: 赵一\nlevels: [district]\n\tstation: center\n---\n".as_bytes(),
    )]);
    assert_has(&err, "zhao-yi.md:4:1: a tab is used for indentation here");
    let news = "---\ntitle: 新闻\ndate: 2026-01-01\ndraft: 否\n---\n";
    let err = broken(&[("content/news/first.md", news.as_bytes())]);
    assert_has(&err, "first.md:4:8: expected true or false here");
    let station = "---\nname: 站\nkind: station\ntown: 镇\ngeo: [39.70，116.39]\n---\n";
    let err = broken(&[("content/stations/center.md", station.as_bytes())]);
    assert_has(&err, "center.md:5:7: expected a number here");
    assert_has(&err, "separate numbers with the ASCII comma");
}

#[test]
fn an_empty_required_value_says_so() {
    let deputy = "---\nname: 赵一\nlevels: [district]\nstation:\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(&err, "zhao-yi.md:4:8: this value is empty");
}

#[test]
fn names_written_where_slugs_or_keys_belong_get_the_right_one() {
    let deputy = concat!(
        "---\nname: 赵一\nlevels: [区人大代表, district，town]\n",
        "station: 测试镇中心代表联络站\n---\n",
    );
    let news =
        "---\ntitle: 新闻\ndate: 2026-01-01\ndeputies: [王二]\ntags: [接待选民，述职评议]\n---\n";
    let err = broken(&[
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
        ("content/news/first.md", news.as_bytes()),
    ]);
    assert_has(
        &err,
        "zhao-yi.md:3:10: unknown level \"区人大代表\"\n    hint: levels are written with their key from site.yaml: \"district\"",
    );
    assert_has(
        &err,
        "zhao-yi.md:3:17: unknown level \"district，town\"\n    hint: separate list items with the ASCII comma",
    );
    assert_has(
        &err,
        "zhao-yi.md:4:10: no station has the slug \"测试镇中心代表联络站\"\n    hint: \"测试镇中心代表联络站\" is the name of a station: refer to it by its slug, \"center\"",
    );
    assert_has(
        &err,
        "first.md:4:12: no deputy has the slug \"王二\"\n    hint: \"王二\" is the name of a deputy: refer to it by its slug, \"wang-er\"",
    );
    // A warning that may explain an error is shown with the errors.
    assert_has(
        &err,
        "and 4 warnings:\n  - content/deputies/wang-er.md: warning: 王二 has no photo",
    );
    assert_has(
        &err,
        "first.md:5:8: warning: the tags item \"接待选民，述职评议\" holds \"，\" or \"、\": is it several items?",
    );
}

#[test]
fn a_level_key_that_is_not_a_web_name_is_named_at_its_line() {
    let site = good_site_yaml();
    let site = site.replace("  town: 镇人大代表\n", "  Town: 镇人大代表\n");
    let err = broken(&[("site.yaml", site.as_bytes())]);
    assert_has(&err, "site.yaml:7:3: the level key \"Town\" may only use");
}

#[test]
fn a_site_yaml_with_old_mac_line_ends_gets_right_lines() {
    let site = good_site_yaml();
    let site = site
        .replace("news_per_page: 2", "news_per_page: 0")
        .replace('\n', "\r");
    let err = broken(&[("site.yaml", site.as_bytes())]);
    assert_has(&err, "site.yaml:9:16: news_per_page must be at least 1");
}

#[test]
fn joined_villages_and_groups_are_warned_about_at_their_line() {
    let site = fixture("good");
    edit(
        site.path(),
        "content/stations/center.md",
        "covers: [和平社区, 南湖村]",
        "# covers: 和平社区、南湖村\ncovers: [旧和平社区、南湖村北, 和平社区、南湖村, 东街]",
    );
    edit(
        site.path(),
        "content/deputies/zhao-yi.md",
        "groups: [城市建设]\n",
        "groups:\n  - 财经\n  - 教科文卫，社会建设\n",
    );
    let output = run(site.path(), &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_has(
        &err,
        "center.md:10:22: warning: the covers item \"和平社区、南湖村\" holds",
    );
    assert_has(
        &err,
        "zhao-yi.md:11:5: warning: the groups item \"教科文卫，社会建设\" holds",
    );
}

#[test]
fn a_missing_photo_gets_a_hint_for_the_usual_slips() {
    for (written, hint) in [
        (
            "photos\\\\zhao-yi.svg",
            "hint: write \"/\", not \"\\\": photos/zhao-yi.svg",
        ),
        (
            "static/photos/zhao-yi.svg",
            "hint: paths start inside static/, so leave that out: photos/zhao-yi.svg",
        ),
        (
            "photos/Zhao-Yi.SVG",
            "hint: did you mean photos/zhao-yi.svg? (capital and small letters count in file names)",
        ),
        (
            "photos/zhao-yl.svg",
            "hint: did you mean photos/zhao-yi.svg?\n",
        ),
        (
            "static\\\\photos\\\\zhao-yi.svg",
            "hint: write \"/\", not \"\\\"; paths start inside static/, so leave that out: photos/zhao-yi.svg",
        ),
        (
            "static/photos/zhao-yi.jpg",
            "hint: paths start inside static/, so leave that out; did you mean photos/zhao-yi.svg?",
        ),
    ] {
        let text = format!(
            "---\nname: 赵一\nphoto: \"{written}\"\nlevels: [district]\nstation: center\n---\n"
        );
        let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
        assert_has(&err, hint);
    }
}

#[test]
fn text_cut_short_by_a_comment_is_warned_about() {
    let site = fixture("good");
    let path = site.path().join("content/news/first.md");
    let text = fs::read_to_string(&path).unwrap();
    let title_line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: 第3期 #停车难"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&path, text).unwrap();
    let output = run(site.path(), &["build"]);
    assert!(output.status.success(), "a warning does not fail the build");
    assert_has(
        &stderr(&output),
        &format!(
            "content/news/first.md:{title_line}:12: warning: \"#停车难\" is left out of the published text"
        ),
    );
    assert_has(
        &stderr(&output),
        "hint: if it belongs to the text, put the whole value in quotes: title: \"第3期 #停车难\"",
    );
}

#[test]
fn a_folder_without_site_yaml_is_left_as_it_was() {
    let folder = tempfile::tempdir().unwrap();
    let output = run(folder.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_has(
        &stderr(&output),
        "site.yaml: cannot read the site configuration",
    );
    assert_eq!(
        fs::read_dir(folder.path()).unwrap().count(),
        0,
        "no cache folder, no output"
    );
}

#[test]
fn a_record_year_must_have_four_digits() {
    let text = DEPUTY.replace(
        "station: center\n",
        "station: center\nrecord:\n  - year: 25\n    meetings: 1\n",
    );
    let err = broken(&[("content/deputies/zhao-yi.md", text.as_bytes())]);
    assert_has(&err, "zhao-yi.md:6:5: 25 is not a year of a record");
}

#[test]
fn a_photo_browsers_cannot_show_is_an_error_and_a_heavy_one_a_warning() {
    let heic =
        "---\nname: 赵一\nphoto: photos/IMG_0012.HEIC\nlevels: [district]\nstation: center\n---\n";
    let err = broken(&[
        ("content/deputies/zhao-yi.md", heic.as_bytes()),
        ("static/photos/IMG_0012.HEIC", b"not shown by browsers"),
    ]);
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:3:8: photo static/photos/IMG_0012.HEIC is a .heic file, which web browsers do not show\n    hint: this is the iPhone photo format",
    );

    // JPEG under the names Windows and old cameras give it is fine.
    let jfif =
        "---\nname: 赵一\nphoto: photos/zhao-yi.jfif\nlevels: [district]\nstation: center\n---\n";
    let err = broken(&[
        ("content/deputies/zhao-yi.md", jfif.as_bytes()),
        ("content/deputies/wang-er.md", b"---\nname: [x]\n---\n"),
        ("static/photos/zhao-yi.jfif", b"jpeg"),
    ]);
    assert!(!err.contains("zhao-yi.jfif"), "{err}");

    // A 2 MB portrait builds, with a warning that names its size.
    let site = fixture("good");
    fs::write(
        site.path().join("static/photos/zhao-yi.jpg"),
        vec![0u8; 2 * 1024 * 1024],
    )
    .unwrap();
    let text =
        "---\nname: 赵一\nphoto: photos/zhao-yi.jpg\nlevels: [district]\nstation: center\n---\n";
    fs::write(site.path().join("content/deputies/zhao-yi.md"), text).unwrap();
    let output = run(site.path(), &["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_has(
        &err,
        "content/deputies/zhao-yi.md:3:8: warning: photo static/photos/zhao-yi.jpg is 2.0 MB: pages that show it load slowly on phones",
    );
}

#[test]
fn site_yaml_problems_and_content_problems_are_listed_in_one_run() {
    let site = good_site_yaml()
        .replace("deputy_order: strokes", "deputy_order: stroke")
        .replace("https://example.org/renda/", "example.org/renda")
        .replace("news_per_page: 2", "news_per_page: 0")
        .replace("theme: default", "theme: defualt");
    let deputy = DEPUTY.replace("station: center\n", "station: center\nocupation: 教师\n");
    let err = broken(&[
        ("site.yaml", site.as_bytes()),
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
    ]);
    for expected in [
        "site.yaml:2:11: base_url \"example.org/renda\" is not an http(s) address",
        "site.yaml:4:8: theme \"defualt\" not found",
        "hint: did you mean \"default\"? (a folder under themes/)",
        "site.yaml:8:15: unknown value \"stroke\"",
        "site.yaml:9:16: news_per_page must be at least 1",
        "zhao-yi.md:5:1: unknown key \"ocupation\"",
    ] {
        assert_has(&err, expected);
    }
    // A level key written twice is refused, not silently kept once.
    let site = good_site_yaml().replace(
        "  town: 镇人大代表\n",
        "  town: 镇人大代表\n  town: 乡人大代表\n",
    );
    let err = broken(&[("site.yaml", site.as_bytes())]);
    assert_has(
        &err,
        "site.yaml:8:3: this key appears twice in the same block",
    );
    // A level's name left empty: the content is not checked against the other levels.
    let site = good_site_yaml().replace("  district: 区人大代表\n", "  district:\n");
    let err = broken(&[("site.yaml", site.as_bytes())]);
    assert_has(&err, "site.yaml:6:");
    assert!(!err.contains("unknown level"), "{err}");
    // Without sound levels, the content is not checked against them.
    let site = good_site_yaml().replace("levels:\n", "levels: 区\nold_levels:\n");
    let err = broken(&[
        ("site.yaml", site.as_bytes()),
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
    ]);
    assert_has(&err, "site.yaml:5:");
    assert!(!err.contains("ocupation"), "{err}");
    // An unknown key does not stop the rest from being checked, as long as the keys
    // the rest is checked against are written as they should be.
    let site = good_site_yaml()
        .replace("title:", "titel:")
        .replace("theme: default", "theme: defualt");
    let err = broken(&[
        ("site.yaml", site.as_bytes()),
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
    ]);
    for expected in [
        "site.yaml:1:1: unknown key \"titel\"",
        "site.yaml:4:8: theme \"defualt\" not found",
        "zhao-yi.md:5:1: unknown key \"ocupation\"",
    ] {
        assert_has(&err, expected);
    }
    // When the unknown key may be one of them (`them:`), its value is unknown: the rest
    // is not checked against the default that stands in for it.
    let site = good_site_yaml().replace("theme: default", "them: default");
    let err = broken(&[
        ("site.yaml", site.as_bytes()),
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
    ]);
    assert_has(&err, "site.yaml:4:1: unknown key \"them\"");
    assert!(!err.contains("ocupation"), "{err}");
}

#[test]
fn an_item_written_twice_in_a_list_is_an_error() {
    let deputy = "---\nname: 赵一\nlevels: [district, district]\nstation: center\ngroups: [城市建设, 城市建设, 社会建设,\n  社会建设]\n---\n正文\n";
    let news = "---\ntitle: 第三条新闻\ndate: 2026-03-10\ntags: [接待, 接待]\nstations:\n  - center\n  - center\n---\n正文\n";
    let err = broken(&[
        ("content/deputies/zhao-yi.md", deputy.as_bytes()),
        ("content/news/third.md", news.as_bytes()),
    ]);
    for expected in [
        "zhao-yi.md:3:20: the levels item \"district\" is written twice in the same list",
        "zhao-yi.md:5:16: the groups item \"城市建设\" is written twice",
        "zhao-yi.md:6:3: the groups item \"社会建设\" is written twice",
        "third.md:4:12: the tags item \"接待\" is written twice",
        "third.md:7:5: the stations item \"center\" is written twice",
        "hint: delete one of the two",
    ] {
        assert_has(&err, expected);
    }
}

#[test]
fn a_full_width_space_where_yaml_needs_a_space_is_named() {
    for (deputy, at) in [
        (
            "---\nname:　赵一\nlevels: [district]\nstation: center\n---\n",
            "zhao-yi.md:2:6",
        ),
        (
            "---\nname: 赵一\nlevels: [district]\nstation: center\ncontact:\n　　phone: \"010-1\"\n---\n",
            "zhao-yi.md:6:1",
        ),
        (
            "---\nname: 赵一\nlevels: [district]\nstation: center\nprivate:\n　 mobile: \"PRIVATE-5521\"\n---\n",
            "zhao-yi.md:6:1",
        ),
    ] {
        let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
        assert_has(
            &err,
            &format!(
                "{at}: this line has a full-width space (全角空格) where YAML needs an ordinary space"
            ),
        );
        assert!(!err.contains("PRIVATE-5521"), "{err}");
    }
    // A text going on with a full-width space, below a misspelled key: the key's own
    // problem keeps its words.
    let deputy = "---\nname: 赵一\nlevels: [district]\nstation: center\noccupatoin:\n  　　村委会主任\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(&err, "zhao-yi.md:5:1: unknown key \"occupatoin\"");
    assert!(!err.contains("full-width space"), "{err}");
}

#[test]
fn a_key_of_a_list_item_indented_one_space_off_is_named_at_its_line() {
    let deputy = |record: &str| {
        format!("---\nname: 赵一\nlevels: [district]\nstation: center\nrecord:\n{record}---\n")
    };
    let fewer = deputy("  - year: 2024\n    meetings: 2\n   reviews: 2\n");
    let err = broken(&[("content/deputies/zhao-yi.md", fewer.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:8:4: this line does not fit the list above it",
    );
    let more = deputy("  - year: 2024\n     meetings: 2\n");
    let err = broken(&[("content/deputies/zhao-yi.md", more.as_bytes())]);
    assert_has(
        &err,
        "zhao-yi.md:7:6: this line is indented further than the key above it",
    );
}

#[test]
fn a_list_where_a_block_belongs_hides_no_later_item() {
    // The first report's votes written as a list (a fuzzer's find): the second report's
    // wrong station is still named in the same run.
    let deputy = "---\nname: 赵一\nlevels: [district]\nstation: center\nreports:\n  - date: 2024-11-28\n    station: center\n    votes:\n      - satisfied: 44\n  - date: 2025-11-28\n    station: centre\n    votes:\n      satisfied: 40\n      basically: 2\n      dissatisfied: 0\n---\n";
    let err = broken(&[("content/deputies/zhao-yi.md", deputy.as_bytes())]);
    assert_has(&err, "zhao-yi.md:9:7: expected \"key: value\" lines here");
    assert_has(&err, "zhao-yi.md:11:14: no station has the slug \"centre\"");
}

#[test]
fn template_slips_get_the_name_they_were_meant_to_be() {
    let page = |main: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block main %}}\n{main}\n{{% endblock main %}}\n"
        )
    };
    for (main, expected) in [
        (
            "{% if site.title %}<p>x</p>{% endfi %}",
            "templates/404.html:3:28: template syntax error: unknown tag {% endfi %}\n    hint: did you mean {% endif %}? It closes the {% if … %} opened at 3:1",
        ),
        (
            "{{<help_panle />}}",
            "templates/404.html:3:3: template error: Unknown component `help_panle`\n    hint: did you mean \"help_panel\"?",
        ),
        (
            "{{ cached(component=\"help_panle\") }}",
            "cached: there is no component \"help_panle\"; did you mean \"help_panel\"?",
        ),
        (
            "{{ t(key=\"nav_hom\") }}",
            "no UI string \"nav_hom\" in themes/default/i18n/zh-CN.yaml; did you mean \"nav_home\"?",
        ),
    ] {
        let err = broken(&[("templates/404.html", page(main).as_bytes())]);
        assert_has(&err, expected);
    }
    let err = broken(&[(
        "templates/404.html",
        b"{% extends \"bse.html\" %}\n{% block main %}x{% endblock main %}\n",
    )]);
    assert_has(
        &err,
        "templates/404.html:1:12: template error: there is no template \"bse.html\" to extend\n    hint: did you mean \"base.html\"?",
    );
    // Text between the blocks of a child template, named at its own line (Tera points
    // at the end of the tag before it).
    let err = broken(&[(
        "templates/404.html",
        "{% extends \"base.html\" %}\n\n  <p>说明文字</p>\n{% block main %}x{% endblock main %}\n"
            .as_bytes(),
    )]);
    assert_has(
        &err,
        "templates/404.html:3:3: template syntax error: this text is outside every block, so it would never show",
    );
}

#[test]
fn a_component_lost_with_a_replaced_file_names_that_file() {
    // The site's own macros.html replaces the theme's, and lacks a component the
    // theme's other templates call.
    let theme = fs::read_to_string(repo().join("themes/default/templates/macros.html")).unwrap();
    let own = theme
        .replace("component menu_panel(", "component menu_panels(")
        .replace("endcomponent menu_panel ", "endcomponent menu_panels ");
    assert_ne!(own, theme);
    let err = broken(&[("templates/macros.html", own.as_bytes())]);
    assert_has(&err, "Unknown component `menu_panel`");
    assert_has(
        &err,
        "hint: the theme's macros.html defines it, but templates/macros.html replaces that file: copy the component into it",
    );
}
