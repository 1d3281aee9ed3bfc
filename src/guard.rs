//! Which folder a build may write its site into.
//!
//! A build leaves exactly the site in its output folder, so the folder it is given must
//! not hold the site's own files, nor anybody's documents.

use std::path::Path;

use anyhow::{Context, Result};

/// Refuses output folders that would overwrite the site's own files, and, unless `force`
/// is set, folders that hold other files: a build leaves only the site in its output
/// folder, so `--out ../docs` would otherwise delete someone's documents.
pub fn check_output_folder(root: &Path, out_dir: &Path, force: bool) -> Result<()> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", root.display()))?;
    // The folder may not exist yet: resolve its nearest existing ancestor, then add back
    // the rest, so `--out static/new` is caught as well as `--out static`.
    let out_dir = std::path::absolute(out_dir)
        .with_context(|| format!("cannot resolve {}", out_dir.display()))?;
    let mut existing = out_dir.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", existing.display()))?;
    out.extend(rest.iter().rev());
    if root.starts_with(&out) {
        anyhow::bail!(
            "refusing to write the site into {}: it contains the site's own files; choose another --out",
            out_dir.display()
        );
    }
    for protected in ["content", "static", "themes", "templates"] {
        if out.starts_with(root.join(protected)) {
            anyhow::bail!(
                "refusing to write the site into {}: it is inside the site's {protected}/ folder",
                out_dir.display()
            );
        }
    }
    if force || !out.is_dir() || is_earlier_build(&out) {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .with_context(|| format!("cannot read the output folder {}", out_dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.file_name().to_string_lossy().into_owned()))
        // Hidden entries (.git, deploy settings) are never touched by a build.
        .filter(|name| !name.starts_with('.'))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown = names.len().min(3);
    let more = if names.len() > shown { ", ..." } else { "" };
    anyhow::bail!(
        "refusing to write the site into {}: it holds files that are not an earlier build of a site ({}{more}), and a build removes everything in its output folder except hidden files; choose a new or empty folder with --out, or add --force to replace its contents",
        out_dir.display(),
        names[..shown].join(", ")
    )
}

/// Whether `out` holds an earlier build: every build writes `robots.txt`, `sitemap.xml`
/// and the `deputies/` and `stations/` folders, whatever the theme.
fn is_earlier_build(out: &Path) -> bool {
    out.join("robots.txt").is_file()
        && out.join("sitemap.xml").is_file()
        && out.join("deputies").is_dir()
        && out.join("stations").is_dir()
}
