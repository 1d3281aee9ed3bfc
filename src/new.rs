//! `new`: writes a content file with a front-matter skeleton to fill in.
//!
//! What only the office knows is left empty, so `check` points at each line to fill
//! instead of publishing a guess: a new deputy's station and levels (a comment beside
//! each lists the site's choices). A news item starts as a draft. Optional keys are
//! present and empty, which reads as left out.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::NewKind;
use crate::config::CONFIG_FILE;
use crate::content::model::StationKind;
use crate::content::validate::RESERVED_PAGE_SLUGS;
use crate::content::{CONTENT_DIR, slug, slug_from_file_name};
use crate::diagnostics::UsageError;

/// Writes the new file and returns its path relative to the root. Its file name is
/// `slug`, or made from `name` (for a news item, after `today`).
pub fn new_content(
    root: &Path,
    kind: NewKind,
    name: &str,
    slug: Option<&str>,
    today: &str,
) -> Result<PathBuf> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the name is empty");
    }
    if !root.join(CONFIG_FILE).is_file() {
        bail!(
            "there is no site.yaml in {}: run this in the site's folder, or pass --root with it",
            root.display()
        );
    }
    let folder = match kind {
        NewKind::Deputy => "deputies",
        NewKind::Station => "stations",
        NewKind::News => "news",
        NewKind::Page => "pages",
    };
    let slug = match slug {
        Some(chosen) => {
            slug::check_chosen(chosen).map_err(anyhow::Error::msg)?;
            if matches!(kind, NewKind::Page) && RESERVED_PAGE_SLUGS.contains(&chosen) {
                bail!("\"{chosen}\" is used by the site itself (/{chosen}/); choose another");
            }
            chosen.to_string()
        }
        None => {
            let made = match kind {
                NewKind::Deputy => slug::slugify_name(name),
                NewKind::News => format!("{today}-{}", slug::slugify(name)),
                NewKind::Station | NewKind::Page => slug::slugify(name),
            };
            if !slug::is_valid(&made) {
                return Err(UsageError(format!(
                    "cannot make a file name from \"{name}\"; use letters or Chinese \
                     characters, or choose one with --slug"
                ))
                .into());
            }
            made
        }
    };
    let relative = Path::new(CONTENT_DIR)
        .join(folder)
        .join(format!("{slug}.md"));
    let path = root.join(&relative);
    if path.exists() {
        let another = match kind {
            NewKind::Deputy => format!(
                "; for another person of the same name, run `new deputy {name} --slug \
                 {slug}-2`"
            ),
            _ => String::new(),
        };
        bail!(
            "{} already exists; edit it, or choose another name{another}",
            relative.display()
        );
    }
    // Another file of the folder may have the slug under another file name (张三.md).
    let people = matches!(kind, NewKind::Deputy);
    if slugs(&root.join(CONTENT_DIR).join(folder), people).contains(&slug) {
        bail!(
            "another file in {CONTENT_DIR}/{folder} already has the web name \"{slug}\"; \
             choose another with --slug"
        );
    }
    let quoted = yaml_string(name);
    let text = match kind {
        NewKind::Deputy => {
            let stations = slugs(&root.join(CONTENT_DIR).join("stations"), false);
            let levels = level_choices(root);
            format!(
                "---\nname: {quoted}\ngender:\nethnicity:\nparty:\n# photo: photos/{slug}.jpg\n\
                 levels: []  # {levels}\nconstituency:\ntown:\n\
                 station:  # {stations}\ngroups: []\noccupation:\ncontact:\n  phone:\n\
                 private:\n  mobile: \"\"\nrecord: []\nreports: []\n---\n",
                levels = choices("代表层级，写 site.yaml 里的键", &levels),
                stations = choices("联络站的网址名", &stations),
            )
        }
        NewKind::Station => format!(
            "---\nname: {quoted}\nkind: {kind}\ntown:\naddress:\nphone:\nhours:\ncovers: []\nreception: []\n---\n",
            kind = station_kind(name).key(),
        ),
        NewKind::News => format!(
            "---\ntitle: {quoted}\ndate: {today}\nsummary:\ndeputies: []\nstations: []\ntags: []\ndraft: true\n---\n正文。\n"
        ),
        NewKind::Page => format!("---\ntitle: {quoted}\n---\n正文。\n"),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // `create_new`: never through a link left at that path, never over a file made
    // since the check above.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(relative)
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The kind a station's name says it is: 代表之家 is a home, a 亭 a kiosk.
fn station_kind(name: &str) -> StationKind {
    if name.contains("之家") {
        StationKind::Home
    } else if name.contains('亭') {
        StationKind::Kiosk
    } else {
        StationKind::Station
    }
}

/// A comment naming what may go on a line: `label：a、b、c`, at most ten choices.
fn choices(label: &str, options: &[String]) -> String {
    const SHOWN: usize = 10;
    if options.is_empty() {
        return label.to_string();
    }
    let mut list = options[..options.len().min(SHOWN)].join("、");
    if options.len() > SHOWN {
        list.push_str("……");
    }
    format!("{label}：{list}")
}

/// The slugs of the content files in `dir` (from their file names; `people`: with the
/// surname readings of deputies' files), sorted.
fn slugs(dir: &Path, people: bool) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        // As the loader names the file (a `slug:` line inside it is not read here: this
        // is only a reminder).
        .filter_map(|e| slug_from_file_name(&e.path(), people))
        .collect();
    stems.sort();
    stems
}

/// The level keys of the site, each with its display name: `district（区人大代表）`.
fn level_choices(root: &Path) -> Vec<String> {
    crate::site::load_config(root)
        .map(|config| {
            config
                .levels
                .iter()
                .map(|(key, name)| format!("{key}（{name}）"))
                .collect()
        })
        .unwrap_or_default()
}
