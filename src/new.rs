//! `new`: writes a content file with a front-matter skeleton that passes `check` as it is
//! wherever the site allows (it picks an existing station and level for a new deputy).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::NewKind;
use crate::content::{CONTENT_DIR, slug};

/// Writes the new file and returns its path relative to the root.
pub fn new_content(root: &Path, kind: NewKind, name: &str, today: &str) -> Result<PathBuf> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the name is empty");
    }
    let (folder, slug) = match kind {
        NewKind::Deputy => ("deputies", slug::slugify_name(name)),
        NewKind::Station => ("stations", slug::slugify(name)),
        NewKind::News => ("news", format!("{today}-{}", slug::slugify(name))),
        NewKind::Page => ("pages", slug::slugify(name)),
    };
    if !slug::is_valid(&slug) {
        bail!("cannot make a file name from \"{name}\"; use letters or Chinese characters");
    }
    let relative = Path::new(CONTENT_DIR)
        .join(folder)
        .join(format!("{slug}.md"));
    let path = root.join(&relative);
    if path.exists() {
        bail!(
            "{} already exists; edit it, or choose another name",
            relative.display()
        );
    }
    let quoted = yaml_string(name);
    let text = match kind {
        NewKind::Deputy => {
            let station = first_slug(&root.join(CONTENT_DIR).join("stations"))
                .unwrap_or_else(|| "STATION-SLUG".into());
            let level = first_level(root).unwrap_or_else(|| "district".into());
            format!(
                "---\nname: {quoted}\ngender: \nethnicity: \nparty: \n# photo: photos/{slug}.jpg\nlevels: [{level}]\nconstituency: \ntown: \nstation: {station}\ngroups: []\noccupation: \ncontact:\n  phone: \nprivate:\n  mobile: \"\"\nrecord: []\nreports: []\n---\n个人简介。\n"
            )
        }
        NewKind::Station => format!(
            "---\nname: {quoted}\nkind: station\ntown: \naddress: \nphone: \nhours: \ncovers: []\nreception: []\n---\n联络站简介。\n"
        ),
        NewKind::News => format!(
            "---\ntitle: {quoted}\ndate: {today}\nsummary: \ndeputies: []\nstations: []\ntags: []\ndraft: true\n---\n正文。\n"
        ),
        NewKind::Page => format!("---\ntitle: {quoted}\n---\n正文。\n"),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(relative)
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn first_slug(dir: &Path) -> Option<String> {
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            e.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .filter(|s| slug::is_valid(s))
        .collect();
    stems.sort();
    stems.into_iter().next()
}

fn first_level(root: &Path) -> Option<String> {
    let config = crate::site::load_config(root).ok()?;
    config.levels.keys().next().cloned()
}
