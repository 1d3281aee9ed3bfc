//! `init`: starts a new site in an empty folder: `site.yaml` to edit, the content
//! folders, and the default theme, which the binary carries (SPEC §1 keeps a site's theme
//! in its own `themes/` folder, so a site built today keeps its look after an upgrade).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use include_dir::Dir;

use crate::config::CONFIG_FILE;
use crate::content::{CONTENT_DIR, KNOWN_FOLDERS};
use crate::default_theme::FILES as DEFAULT_THEME;

/// The `site.yaml` a new site starts with: every key of SPEC §3, with a comment on each
/// line that needs the office's own value.
const SITE_YAML: &str = "\
title: 某某镇人大代表信息公示平台          # 网站名称，改成本地的
base_url: https://example.org/renda/       # 网站发布后的地址，改成实际地址
language: zh-CN
theme: default
levels:                                    # 代表层级：键（写在代表文件里）: 显示的名称
  district: 区人大代表
  town: 镇人大代表
deputy_order: strokes                      # 按姓氏笔画排列
news_per_page: 20
print:
  paper: A4
  organisation: 某某镇人大主席团            # 印在公示栏页脚的单位名称
";

/// Files a new site's folder may already hold: a repository's own entries.
const ALLOWED: [&str; 3] = [".git", ".gitignore", "README.md"];

/// Writes a new site into `root` (created if missing), which must be empty. Returns the
/// files written, relative to `root`.
pub fn init(root: &Path) -> Result<Vec<PathBuf>> {
    if root.exists() {
        let entries =
            std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?;
        let mut taken: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !ALLOWED.contains(&name.as_str()))
            .collect();
        if !taken.is_empty() {
            taken.sort();
            bail!(
                "{} is not empty (it has {}); start a new site in a new folder: \
                 deputy-board --root NEW-FOLDER init",
                root.display(),
                taken.join(", ")
            );
        }
    }
    let mut written = Vec::new();
    let mut write = |relative: PathBuf, bytes: &[u8]| -> Result<()> {
        let path = root.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(relative);
        Ok(())
    };
    write(CONFIG_FILE.into(), SITE_YAML.as_bytes())?;
    if !root.join(".gitignore").exists() {
        write(".gitignore".into(), b"public/\n.deputy-board-cache/\n")?;
    }
    let theme = Path::new("themes").join("default");
    for file in theme_files(&DEFAULT_THEME) {
        write(theme.join(file.path()), file.contents())?;
    }
    for folder in KNOWN_FOLDERS {
        let dir = root.join(CONTENT_DIR).join(folder);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let photos = root.join("static").join("photos");
    std::fs::create_dir_all(&photos)
        .with_context(|| format!("cannot create {}", photos.display()))?;
    Ok(written)
}

/// Every file under `dir`, at any depth.
fn theme_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<&include_dir::File> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(theme_files(sub));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_repositorys() {
        let on_disk = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        )
        .unwrap();
        let embedded = DEFAULT_THEME
            .get_file("templates/base.html")
            .expect("base.html is embedded");
        assert_eq!(embedded.contents(), on_disk.as_slice());
        assert!(DEFAULT_THEME.get_file("i18n/zh-CN.yaml").is_some());
        assert!(DEFAULT_THEME.get_file("static/css/site.css").is_some());
    }
}
