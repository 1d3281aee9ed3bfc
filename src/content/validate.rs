//! Checks across files: unique slugs, references that resolve, levels that exist,
//! photos that are there. Every problem is collected; nothing stops at the first.

use std::collections::HashMap;
use std::path::Path;

use super::static_paths::StaticPaths;
use super::{CONTENT_DIR, Content, Item};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{self, Spanned};

/// Where site files are copied from, relative to the root; photos and images live here.
pub const STATIC_DIR: &str = "static";

/// Top-level output folders that a page slug may not take.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "deputies",
    "stations",
    "news",
    "tags",
    "suggestions",
    "print",
    "search",
    "data",
    "photos",
    "theme",
    "404",
];

/// Line offset of front matter inside a content file (the opening `---`).
pub(super) const LINE_OFFSET: usize = 1;

/// Whether `text` is an http(s) address with a host and no spaces (`http://` alone, or
/// `https://微信 号`, would be a link and a printed code that lead nowhere).
fn is_web_address(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !text.chars().any(char::is_whitespace)
}

/// Warns of each file that is a copy of another of the same folder, by its name
/// (`张晓红 - 副本.md`, `zhang-xiaohong - Copy (2).md`, as Windows and WPS name copies):
/// both are published, so the deputy shows twice on the station's page and sheet.
fn check_copies<M>(items: &[Item<M>], diagnostics: &mut Diagnostics) {
    let present: std::collections::HashSet<&Path> =
        items.iter().map(|item| item.path.as_path()).collect();
    for path in items.iter().map(|item| &item.path) {
        let Some(stem) = path.file_stem().map(|s| s.to_string_lossy()) else {
            continue;
        };
        // A copy of a copy (`X - 副本 - 副本`) is a copy of the first.
        let Some(mut original) = copied_from(&stem) else {
            continue;
        };
        while let Some(earlier) = copied_from(original) {
            original = earlier;
        }
        let original = path.with_file_name(format!("{original}.md"));
        if present.contains(original.as_path()) {
            let name = original.file_name().unwrap_or_default().to_string_lossy();
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!("this looks like a copy of {name}, and both are published"),
                )
                .with_hint(
                    "delete the copy if it is one; otherwise give the file a name of its own",
                ),
            );
        }
    }
}

/// The file name `stem` had before a copy's suffix (` - 副本`, ` - Copy (2)`, ` (1)`),
/// if it has one.
fn copied_from(stem: &str) -> Option<&str> {
    let mut rest = stem.trim_end();
    // A count: " (2)", "(2)", "（2）".
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = rest.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
            && !inner[at + open.len_utf8()..].is_empty()
            && inner[at + open.len_utf8()..]
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            rest = inner[..at].trim_end();
            break;
        }
    }
    if let Some(copied) = rest.strip_prefix("Copy of ") {
        return (!copied.is_empty()).then_some(copied);
    }
    let before_word = ["副本", "複本", "拷贝", "コピー", "Copy", "copy"]
        .iter()
        .find_map(|word| rest.strip_suffix(word))
        .map(|before| before.trim_end_matches([' ', '-', '_']));
    let original = before_word.unwrap_or(rest);
    (original.len() < stem.len() && !original.is_empty()).then_some(original)
}

/// Runs every cross-file check on loaded content.
pub fn validate(
    root: &Path,
    config: &SiteConfig,
    content: &Content,
    diagnostics: &mut Diagnostics,
) {
    check_duplicates(&content.deputies, diagnostics);
    check_duplicates(&content.stations, diagnostics);
    check_duplicates(&content.news, diagnostics);
    check_duplicates(&content.pages, diagnostics);
    check_tags(&content.news, diagnostics);
    check_copies(&content.deputies, diagnostics);
    check_copies(&content.stations, diagnostics);
    check_copies(&content.news, diagnostics);
    check_copies(&content.pages, diagnostics);
    check_joined_items(root, content, diagnostics);
    check_repeated_items(root, content, diagnostics);
    // Whether an error left the file without `key`, or with only a stand-in for it:
    // its checks are skipped (the error is reported already).
    let lacks = |path: &Path, key: &str| {
        (content.incomplete.get(path)).is_some_and(|blanked| blanked.iter().any(|k| k == key))
    };
    // While a deputy file cannot be read, or lacks its station, which station it belongs
    // to is unknown.
    let deputies_unread = content.failed_slugs.contains_key("deputies")
        || (content.deputies.iter()).any(|deputy| lacks(&deputy.path, "station"));
    let stations_with_deputies: std::collections::HashSet<&str> = content
        .deputies
        .iter()
        .map(|d| d.matter.station.value.as_str())
        .collect();
    let failed = |folder| {
        content
            .failed_slugs
            .get(folder)
            .map_or(&[][..], Vec::as_slice)
    };
    // (Looked up only for a reference that does not resolve: no index for the hint.)
    let station_named = |name: &str| {
        (content.stations.iter())
            .find(|s| s.matter.name == name)
            .map(|s| s.slug.as_str())
    };
    let deputy_named = |name: &str| {
        (content.deputies.iter())
            .find(|d| d.matter.name == name)
            .map(|d| d.slug.as_str())
    };
    // The file whose name is a reference but whose `slug:` gives it another slug.
    fn renamed<'a, M>(items: &'a [Item<M>], reference: &str) -> Option<(&'a Path, &'a str)> {
        items
            .iter()
            .find(|item| {
                item.slug != reference
                    && item.path.file_stem().is_some_and(|stem| stem == reference)
            })
            .map(|item| (item.path.as_path(), item.slug.as_str()))
    }
    let station_file = |reference: &str| renamed(&content.stations, reference);
    let deputy_file = |reference: &str| renamed(&content.deputies, reference);
    let stations = Refs {
        kind: "station",
        slugs: &content.station_index,
        named: &station_named,
        renamed: &station_file,
        folder: "stations",
        failed: failed("stations"),
    };
    let deputies = Refs {
        kind: "deputy",
        slugs: &content.deputy_index,
        named: &deputy_named,
        renamed: &deputy_file,
        folder: "deputies",
        failed: failed("deputies"),
    };

    let mut static_paths = StaticPaths::new(root);
    for deputy in &content.deputies {
        let path = &deputy.path;
        let m = &deputy.matter;
        if m.levels.value.is_empty() && !lacks(path, "levels") {
            let (line, col) = yaml::position(&m.levels, LINE_OFFSET);
            diagnostics.push(
                Diagnostic::error(path, line, col, "levels is empty").with_hint(format!(
                    "list at least one of: {}",
                    level_keys(config).join(", ")
                )),
            );
        }
        for level in &m.levels.value {
            if !config.levels.contains_key(&level.value) {
                let (line, col) = yaml::position(level, LINE_OFFSET);
                let by_name = config
                    .levels
                    .iter()
                    .find(|(_, name)| name.as_str() == level.value.trim())
                    .map(|(key, _)| key);
                let suggestion =
                    did_you_mean(&level.value, config.levels.keys().map(String::as_str));
                let hint = match (by_name, list_separator_hint(&level.value), suggestion) {
                    (Some(key), _, _) => {
                        format!("levels are written with their key from site.yaml: \"{key}\"")
                    }
                    (None, Some(hint), _) => hint.to_string(),
                    (None, None, Some(best)) => format!("did you mean \"{best}\"?"),
                    (None, None, None) => format!(
                        "levels defined in site.yaml: {}",
                        level_keys(config).join(", ")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        line,
                        col,
                        format!("unknown level \"{}\"", level.value),
                    )
                    .with_hint(hint),
                );
            }
        }
        if !lacks(path, "station") {
            stations.check(path, &m.station, diagnostics);
        }
        // The contact code becomes a link and a printed QR code: only web addresses.
        if let Some(qr) = &m.contact.qr
            && !is_web_address(&qr.value)
        {
            let (line, col) = yaml::position(qr, LINE_OFFSET);
            diagnostics.push(
                Diagnostic::error(path, line, col, format!("contact.qr \"{}\" is not a web address", qr.value))
                    .with_hint("write the full address of the contact page, e.g. https://example.org/contact/zhang"),
            );
        }
        // It is printed as a QR code on the deputy's card: it must fit in one. (Only
        // long addresses are tried here; any short one fits.)
        if let Some(qr) = &m.contact.qr
            && qr.value.len() > 500
            && crate::qr::encode(&qr.value).is_err()
        {
            let (line, col) = yaml::position(qr, LINE_OFFSET);
            diagnostics.push(
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!(
                        "contact.qr is {} characters long, too long for a QR code",
                        qr.value.chars().count()
                    ),
                )
                .with_hint("use the short address of the contact page"),
            );
        }
        // The address becomes a mailto: link: one plain address, nothing that could add
        // a subject, a body or a second recipient.
        if let Some(email) = &m.contact.email
            && !is_plain_email(&email.value)
        {
            let (line, col) = yaml::position(email, LINE_OFFSET);
            diagnostics.push(
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!("contact.email \"{}\" is not an e-mail address", email.value),
                )
                .with_hint(
                    "write one address such as daibiao@example.org, without mailto: or spaces",
                ),
            );
        }
        for report in &m.reports {
            if let Some(station) = &report.station {
                stations.check(path, station, diagnostics);
            }
        }
        for (i, year) in m.record.iter().enumerate() {
            let (line, col) = yaml::position(year, LINE_OFFSET);
            let value = year.value.year;
            let mut problem = |message: String, hint: &str| {
                diagnostics.push(Diagnostic::error(path, line, col, message).with_hint(hint));
            };
            // People's congresses keep records from 1954; a two-digit year is a slip.
            if !(1954..=2200).contains(&value) {
                problem(
                    format!("{value} is not a year of a record"),
                    "write the year with four digits, e.g. year: 2025",
                );
            }
            if m.record[..i].iter().any(|other| other.value.year == value) {
                problem(
                    format!("the record has the year {value} twice"),
                    "add the numbers into one entry for the year, and delete the other",
                );
            }
        }
        match &m.photo {
            Some(photo) => static_paths.check(path, photo, "photo", diagnostics),
            // A photo line with an error is reported as that, not as a missing photo.
            None if lacks(path, "photo") => {}
            None => diagnostics.push(
                Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!(
                        "{} has no photo",
                        shown(&m.name, &deputy.slug, lacks(path, "name"))
                    ),
                )
                .with_hint("add \"photo: photos/FILE.jpg\" with the file under static/photos/"),
            ),
        }
    }

    for station in &content.stations {
        let path = &station.path;
        for day in &station.matter.reception {
            for deputy in &day.deputies {
                deputies.check(path, deputy, diagnostics);
            }
            if let Some(time) = &day.time {
                diagnostics.extend(time_problem(path, time));
            }
        }
        if let Some(geo) = &station.matter.geo {
            let valid = matches!(geo.value.as_slice(), [lat, lon] if (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon));
            if !valid {
                let (line, col) = yaml::position(geo, LINE_OFFSET);
                diagnostics.push(
                    Diagnostic::error(path, line, col, "geo must be [latitude, longitude]")
                        .with_hint("for example geo: [39.75, 116.45]"),
                );
            }
        }
        if !deputies_unread && !stations_with_deputies.contains(station.slug.as_str()) {
            diagnostics.push(Diagnostic::warning(
                path,
                0,
                0,
                format!(
                    "no deputy belongs to {}",
                    shown(&station.matter.name, &station.slug, lacks(path, "name"))
                ),
            ));
        }
    }

    for news in &content.news {
        for deputy in &news.matter.deputies {
            deputies.check(&news.path, deputy, diagnostics);
        }
        for station in &news.matter.stations {
            stations.check(&news.path, station, diagnostics);
        }
        if let Some(image) = &news.matter.image {
            static_paths.check(&news.path, image, "image", diagnostics);
        }
    }

    for path in &content.drafts_left_out {
        diagnostics.push(
            Diagnostic::warning(
                path,
                0,
                0,
                "this news item is a draft (draft: true) and is not published",
            )
            .with_hint("when it is ready, set \"draft: false\"; to preview drafts, add --drafts"),
        );
    }

    for page in &content.pages {
        if RESERVED_PAGE_SLUGS.contains(&page.slug.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    &page.path,
                    1,
                    1,
                    format!("the page slug \"{}\" is used by the site itself", page.slug),
                )
                .with_hint("rename the file or set another \"slug:\""),
            );
        }
    }
}

/// How a warning names an item: by its name, or by its slug when an error left the
/// name out (`name_lacking`).
fn shown<'a>(name: &'a str, slug: &'a str, name_lacking: bool) -> &'a str {
    if name_lacking { slug } else { name }
}

/// A hint for a list item that holds several values joined by the full-width comma or
/// the enumeration comma of Chinese text (`[a，b]`, `[a、b]`), which YAML reads as one.
fn list_separator_hint(value: &str) -> Option<&'static str> {
    value.contains(['，', '、']).then_some(
        "separate list items with the ASCII comma and a space, [a, b]: \"，\" and \"、\" are \
         read as part of one item (switch the input method to half-width, 半角)",
    )
}

fn level_keys(config: &SiteConfig) -> Vec<&str> {
    config.levels.keys().map(String::as_str).collect()
}

/// The slugs of one kind of content, to check references against.
struct Refs<'a> {
    kind: &'a str,
    slugs: &'a std::collections::HashMap<String, usize>,
    /// The slug of the deputy or station with a display name, for a reference that
    /// names it instead of giving its slug (the first of two with the same name).
    named: &'a dyn Fn(&str) -> Option<&'a str>,
    /// The file named like a reference whose `slug:` gives it another slug, with that
    /// slug.
    renamed: &'a dyn Fn(&str) -> Option<(&'a Path, &'a str)>,
    folder: &'a str,
    /// Slugs of files that failed to load; their own error is already reported.
    failed: &'a [String],
}

impl Refs<'_> {
    fn check(&self, path: &Path, reference: &Spanned<String>, diagnostics: &mut Diagnostics) {
        if self.slugs.contains_key(&reference.value) || self.failed.contains(&reference.value) {
            return;
        }
        let (line, col) = yaml::position(reference, LINE_OFFSET);
        let named = (self.named)(reference.value.trim());
        let renamed = (self.renamed)(&reference.value).map(|(file, slug)| {
            format!(
                "{} sets \"slug: {slug}\": refer to it by that, or change its slug: line",
                file.display()
            )
        });
        let hint = if let Some(hint) = renamed {
            hint
        } else {
            match (named, list_separator_hint(&reference.value)) {
                (Some(slug), _) => format!(
                    "\"{}\" is the name of a {}: refer to it by its slug, \"{slug}\"",
                    reference.value.trim(),
                    self.kind
                ),
                (None, Some(hint)) => hint.to_string(),
                (None, None) => {
                    match did_you_mean(&reference.value, self.slugs.keys().map(String::as_str)) {
                        Some(best) => format!("did you mean \"{best}\"?"),
                        None => format!(
                            "use the file name (without .md) of a file in {CONTENT_DIR}/{}/",
                            self.folder
                        ),
                    }
                }
            }
        };
        diagnostics.push(
            Diagnostic::error(
                path,
                line,
                col,
                format!("no {} has the slug \"{}\"", self.kind, reference.value),
            )
            .with_hint(hint),
        );
    }
}

/// Two files of one kind with the same slug would write the same page.
fn check_duplicates<M: super::Matter>(items: &[Item<M>], diagnostics: &mut Diagnostics) {
    let mut first: HashMap<&str, &Item<M>> = HashMap::new();
    for item in items {
        let Some(other) = first.get(item.slug.as_str()) else {
            first.insert(&item.slug, item);
            continue;
        };
        // Said at the `slug:` line that made the clash, when one did; else in the file
        // whose path sorts later.
        let (said, other) = match (item.matter.explicit_slug(), other.matter.explicit_slug()) {
            (Some(_), _) => (item, *other),
            (None, Some(_)) => (*other, item),
            (None, None) if other.path < item.path => (item, *other),
            (None, None) => (*other, item),
        };
        let (line, col) = said
            .matter
            .explicit_slug()
            .map_or((1, 1), |slug| yaml::position(slug, LINE_OFFSET));
        diagnostics.push(
            Diagnostic::error(
                &said.path,
                line,
                col,
                format!(
                    "duplicate slug \"{}\": {} has it too",
                    item.slug,
                    other.path.display()
                ),
            )
            .with_hint("give one of the files another name or set \"slug:\" in its front matter"),
        );
    }
}

/// Tags become addresses (`tags/SLUG/`): each needs letters or digits to make one from,
/// and must be short enough for a folder name. (Tags that sound alike get addresses of
/// their own: see `render::cards::tag_slugs`.)
fn check_tags(news: &[super::News], diagnostics: &mut Diagnostics) {
    // Slug length by tag: a tag is on many news items, its pinyin is made once.
    let mut lengths: HashMap<&str, usize> = HashMap::new();
    for item in news {
        for tag in &item.matter.tags {
            let length = *lengths
                .entry(&tag.value)
                .or_insert_with(|| super::slug::slugify(&tag.value).len());
            let (message, hint) = if length == 0 {
                (
                    format!(
                        "the tag \"{}\" has no letters or digits to make its address from",
                        tag.value
                    ),
                    "write the tag as a word, e.g. 民生",
                )
            } else if length > super::slug::MAX_LEN {
                (
                    "the tag is too long to be an address".to_string(),
                    "tags are a few words; put longer text in the summary or the body",
                )
            } else {
                continue;
            };
            let (line, col) = yaml::position(tag, LINE_OFFSET);
            diagnostics.push(Diagnostic::error(&item.path, line, col, message).with_hint(hint));
        }
    }
}

/// Warns about list items that hold several values joined by `，` or `、` (a tag
/// 接待选民，述职评议, villages 南湖村、西山村): YAML reads each as one item, so the site
/// would show one tag or one village where the office meant two.
fn check_joined_items(root: &Path, content: &Content, diagnostics: &mut Diagnostics) {
    let warn = |path: &Path, line: usize, col: usize, key: &str, value: &str| {
        Diagnostic::warning(
            path,
            line,
            col,
            format!("the {key} item \"{value}\" holds \"，\" or \"、\": is it several items?"),
        )
        .with_hint(list_separator_hint(value).unwrap_or_default())
    };
    for item in &content.news {
        for tag in item
            .matter
            .tags
            .iter()
            .filter(|t| list_separator_hint(&t.value).is_some())
        {
            let (line, col) = yaml::position(tag, LINE_OFFSET);
            diagnostics.push(warn(&item.path, line, col, "tags", &tag.value));
        }
    }
    // `covers` and `groups` carry no positions (see `item_position`).
    let unplaced = (content.stations.iter())
        .map(|s| (&s.path, "covers", &s.matter.covers))
        .chain(
            content
                .deputies
                .iter()
                .map(|d| (&d.path, "groups", &d.matter.groups)),
        );
    for (path, key, items) in unplaced {
        for item in items.iter().filter(|i| list_separator_hint(i).is_some()) {
            let (line, col) = item_position(&root.join(path), key, item, 0);
            diagnostics.push(warn(path, line, col, key, item));
        }
    }
}

/// The problem of a reception day's `time`, if any: a time that cannot be is an error;
/// one the calendar cannot read (its event would last all day) a warning, since the page
/// shows it as written.
fn time_problem(path: &Path, time: &Spanned<String>) -> Option<Diagnostic> {
    use super::clock::TimeSlip;
    const FORM: &str = "write it as \"09:00-11:00\": 24-hour clock, half-width colon and hyphen";
    let (line, col) = yaml::position(time, LINE_OFFSET);
    let problem = match super::clock::time_slip(&time.value)? {
        TimeSlip::Impossible(clock) => {
            Diagnostic::error(path, line, col, format!("there is no time of day {clock}"))
                .with_hint(format!("{FORM}, hours 00 to 23 and minutes 00 to 59"))
        }
        TimeSlip::Reversed => {
            Diagnostic::error(path, line, col, "this time does not end after it starts")
                .with_hint("write the start first: \"09:00-11:00\"")
        }
        TimeSlip::Unreadable => Diagnostic::warning(
            path,
            line,
            col,
            "the calendar cannot read this time, so reception.ics gives the day without it",
        )
        .with_hint(FORM),
    };
    Some(problem)
}

/// Refuses an item written twice in one list (`levels: [town, town]`, a deputy twice on
/// one reception day): the page would show it twice (镇人大代表 镇人大代表).
fn check_repeated_items(root: &Path, content: &Content, diagnostics: &mut Diagnostics) {
    let error = |path: &Path, (line, col): (usize, usize), key: &str, value: &str| {
        Diagnostic::error(
            path,
            line,
            col,
            format!("the {key} item \"{value}\" is written twice in the same list"),
        )
        .with_hint("delete one of the two")
    };
    let mut spanned: Vec<(&Path, &str, &[Spanned<String>])> = Vec::new();
    for deputy in &content.deputies {
        spanned.push((&deputy.path, "levels", &deputy.matter.levels.value));
    }
    for station in &content.stations {
        for day in &station.matter.reception {
            spanned.push((&station.path, "deputies", &day.deputies));
        }
    }
    for news in &content.news {
        let m = &news.matter;
        spanned.push((&news.path, "deputies", &m.deputies));
        spanned.push((&news.path, "stations", &m.stations));
        spanned.push((&news.path, "tags", &m.tags));
    }
    for (path, key, items) in spanned {
        for (i, item) in items.iter().enumerate() {
            if items[..i].iter().any(|earlier| earlier.value == item.value) {
                let at = yaml::position(item, LINE_OFFSET);
                diagnostics.push(error(path, at, key, &item.value));
            }
        }
    }
    // `covers` and `groups` carry no positions (see `item_position`).
    let unplaced = (content.stations.iter())
        .map(|s| (&s.path, "covers", &s.matter.covers))
        .chain((content.deputies.iter()).map(|d| (&d.path, "groups", &d.matter.groups)));
    for (path, key, items) in unplaced {
        for (i, item) in items.iter().enumerate() {
            let earlier = items[..i].iter().filter(|earlier| *earlier == item).count();
            if earlier > 0 {
                let at = item_position(&root.join(path), key, item, earlier);
                diagnostics.push(error(path, at, key, item));
            }
        }
    }
}

/// Where the copy number `copy` (from 0) of `value`, an item of the top-level list
/// `key`, is written in the file at `path`, as (line, column), or (0, 0) when it is not
/// found as written (quoted with escapes, say). These lists carry no positions, which would cost every file's parse for a
/// warning few files get; the file is read again only for such a warning.
fn item_position(path: &Path, key: &str, value: &str, copy: usize) -> (usize, usize) {
    let Ok(bytes) = std::fs::read(path) else {
        return (0, 0);
    };
    let text = String::from_utf8_lossy(&bytes);
    // The front matter: from the line after the opening `---` to the closing one.
    let mut lines = text
        .lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| !matches!(line.trim_end(), "---" | "..."));
    let Some((start, first)) = lines.find(|(_, line)| yaml::starts_with_key(line, key)) else {
        return (0, 0);
    };
    // The list runs on to the next top-level key.
    let below = lines.take_while(|(_, line)| line.is_empty() || line.starts_with([' ', '-', '#']));
    std::iter::once((
        start,
        &first[first.find(':').map_or(0, |colon| colon + 1)..],
    ))
    .chain(below)
    .filter(|(_, line)| !line.trim_start().starts_with('#'))
    .flat_map(|(i, part)| items_in(part, value).map(move |at| (i, part, at)))
    .nth(copy)
    .and_then(|(i, part, at)| {
        // (`part` ends the line it was cut from.)
        let line = text.lines().nth(i)?;
        let column = line[..line.len() - part.len() + at].chars().count() + 1;
        Some((i + 1, column))
    })
    .unwrap_or((0, 0))
}

/// Where in `part` the list item `value` is written whole: after `[`, `,`, `- ` or
/// nothing, and before `,`, `]`, a comment or the end, with or without quotes around
/// it.
fn items_in<'a>(part: &'a str, value: &'a str) -> impl Iterator<Item = usize> + 'a {
    part.match_indices(value)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = part[..at].trim_end_matches(['"', '\'']).trim_end();
            let after = part[at + value.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start();
            // (Nothing before it: a `[…]` list going on from the line above.)
            (before.is_empty() || before.ends_with(['[', ',', '-', ':']))
                && (after.is_empty() || after.starts_with([',', ']', '#']))
        })
}

/// One e-mail address: a name, `@`, and a domain with a dot, without spaces or the
/// characters that carry more than an address in a `mailto:` link.
fn is_plain_email(text: &str) -> bool {
    let forbidden =
        |c: char| c.is_whitespace() || c.is_control() || "?&#:/\\<>\"'(),;[]".contains(c);
    match text.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.contains(forbidden)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_one_plain_address() {
        assert!(is_plain_email("daibiao@example.org"));
        assert!(is_plain_email("zhang.san+renda@mail.example.gov.cn"));
        for bad in [
            "mailto:a@b.org",
            "a@b.org?subject=x",
            "a b@c.org",
            "a@b",
            "@b.org",
            "a@b.org,c@d.org",
            "a@@b.org",
            "a@.org",
        ] {
            assert!(!is_plain_email(bad), "{bad}");
        }
    }

    #[test]
    fn names_a_copy_by_its_suffix() {
        for (stem, original) in [
            ("张晓红 - 副本", Some("张晓红")),
            ("zhang-xiaohong - Copy", Some("zhang-xiaohong")),
            ("zhang-xiaohong - Copy (2)", Some("zhang-xiaohong")),
            ("zhang-xiaohong (1)", Some("zhang-xiaohong")),
            ("张晓红 - 副本 (2)", Some("张晓红")),
            ("张晓红（2）", Some("张晓红")),
            ("张晓红 - 副本 - 副本", Some("张晓红 - 副本")),
            ("guide - 複本", Some("guide")),
            ("guide - コピー", Some("guide")),
            ("Copy of guide", Some("guide")),
            ("zhang-xiaohong", None),
            ("copy", None),
            ("2024-copy-desk", None),
        ] {
            assert_eq!(copied_from(stem), original, "{stem}");
        }
    }

    #[test]
    fn a_web_address_has_a_host_and_no_spaces() {
        for (text, ok) in [
            ("https://example.org/contact/zhang", true),
            ("http://example.org?id=3#a", true),
            ("http://", false),
            ("https:///path", false),
            ("https://example.org/张 晓红", false),
            ("example.org", false),
        ] {
            assert_eq!(is_web_address(text), ok, "{text}");
        }
    }
}
