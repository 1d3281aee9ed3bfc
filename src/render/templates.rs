//! Loading a theme: its Tera templates (with the site's own overrides), its UI strings,
//! and the functions templates may call.
//!
//! Templates are parsed once per build and shared read-only by every render task.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "deputies.html",
    "deputy.html",
    "stations.html",
    "station.html",
    "news_list.html",
    "news.html",
    "tags.html",
    "tag.html",
    "page.html",
    "404.html",
    "print_index.html",
    "print_all.html",
    "print_station.html",
    "print_deputy.html",
    "print_base.html",
];

/// UI strings of the days of the week, Monday first.
pub const WEEKDAY_STRINGS: [&str; 7] = [
    "weekday_0",
    "weekday_1",
    "weekday_2",
    "weekday_3",
    "weekday_4",
    "weekday_5",
    "weekday_6",
];

/// UI strings of the station kinds.
pub const KIND_STRINGS: [&str; 3] = ["kind_station", "kind_home", "kind_kiosk"];

/// The UI strings of one language: key → text.
pub type Strings = IndexMap<String, String>;

/// A loaded theme.
pub struct Theme {
    /// Parsed templates, overrides applied.
    pub tera: Tera,
    /// UI strings of the site's language.
    pub strings: Strings,
    /// Where each template came from, relative to the site root, for error messages.
    pub sources: HashMap<String, PathBuf>,
    /// The theme folder, relative to the site root.
    pub dir: PathBuf,
    /// The QR codes `qr_svg` has made, by URL (shared with the template function).
    pub qr: crate::qr::QrCache,
    /// A template calls `now()`, `get_random()` or `get_env()`: its output may change
    /// without any input changing, so the build cache does not reuse pages.
    pub volatile: bool,
}

impl Theme {
    /// The file a template was loaded from, for messages.
    pub fn source_of(&self, template: &str) -> PathBuf {
        self.sources
            .get(template)
            .cloned()
            .unwrap_or_else(|| self.dir.join("templates").join(template))
    }

    /// A UI string, or its key when the theme lacks it (checked at load time for the
    /// strings the renderer needs).
    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }
}

/// Loads theme `name` for a site at `root` in `language`, with `base_url` for `url_for`.
pub fn load(
    root: &Path,
    name: &str,
    language: &str,
    base_url: &str,
) -> Result<Theme, Vec<Diagnostic>> {
    let dir = Path::new("themes").join(name);
    if !root.join(&dir).is_dir() {
        return Err(vec![
            Diagnostic::error(
                Path::new("site.yaml"),
                0,
                0,
                format!(
                    "theme \"{name}\" not found: there is no folder {}",
                    dir.display()
                ),
            )
            .with_hint("set \"theme:\" in site.yaml to a folder under themes/"),
        ]);
    }
    let mut problems = Vec::new();
    let mut files: HashMap<String, (PathBuf, String)> = HashMap::new();
    // Theme first, then the site's own templates/ replace files of the same name.
    for base in [dir.join("templates"), PathBuf::from("templates")] {
        for (template_name, relative) in template_files(root, &base) {
            match std::fs::read(root.join(&relative)).map(String::from_utf8) {
                Ok(Ok(text)) => {
                    files.insert(template_name, (relative, text));
                }
                Ok(Err(_)) => problems.push(Diagnostic::error(
                    &relative,
                    0,
                    0,
                    "the template is not valid UTF-8 text",
                )),
                Err(e) => problems.push(Diagnostic::error(
                    &relative,
                    0,
                    0,
                    format!("cannot read the template: {e}"),
                )),
            }
        }
    }
    for required in REQUIRED_TEMPLATES {
        if !files.contains_key(*required) {
            problems.push(
                Diagnostic::error(
                    &dir.join("templates").join(required),
                    0,
                    0,
                    format!("template \"{required}\" is missing from theme \"{name}\""),
                )
                .with_hint(format!(
                    "add {required} to {}/templates/ or to the site's templates/",
                    dir.display()
                )),
            );
        }
    }

    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    let sources: HashMap<String, PathBuf> = files
        .iter()
        .map(|(n, (p, _))| (n.clone(), p.clone()))
        .collect();
    if let Err(error) = tera.add_raw_templates(
        files
            .iter()
            .map(|(n, (_, text))| (n.as_str(), text.as_str())),
    ) {
        problems.push(template_error(&error, &sources, &dir));
    }
    // Tera's own functions that make a page differ from one render to the next: pages
    // of a theme that calls them are never reused from the build cache.
    let volatile = files.values().any(|(_, text)| {
        ["now", "get_random", "get_env"]
            .iter()
            .any(|f| calls(text, f))
    });
    let base = base_url.to_string();
    tera.register_function("url_for", move |args: &HashMap<String, tera::Value>| {
        let path = args
            .get("path")
            .and_then(tera::Value::as_str)
            .ok_or("url_for needs a path, e.g. url_for(path=\"css/site.css\")")?;
        Ok(tera::Value::String(join_url(&base, path)))
    });

    // One cache per theme load: a deputy's code appears on several sheets, and in serve
    // the cache lives as long as the loaded site.
    let qr_cache = crate::qr::QrCache::default();
    let qr = qr_cache.clone();
    tera.register_function("qr_svg", move |args: &HashMap<String, tera::Value>| {
        let url = args
            .get("url")
            .and_then(tera::Value::as_str)
            .ok_or("qr_svg needs a url, e.g. qr_svg(url=station.portal_url)")?;
        qr_cache
            .get(url)
            .map(tera::Value::String)
            .map_err(tera::Error::msg)
    });

    let strings = match load_strings(root, &dir, language) {
        Ok(strings) => strings,
        Err(diagnostic) => {
            problems.push(diagnostic);
            Strings::new()
        }
    };
    // `t(key="…")`: a UI string where `lang` is not in scope (Tera macros only see their
    // arguments; passing `lang` to each would copy the whole table at every call).
    let table = std::sync::Arc::new(strings.clone());
    let file = dir.join("i18n").join(format!("{language}.yaml"));
    tera.register_function("t", move |args: &HashMap<String, tera::Value>| {
        let key = args
            .get("key")
            .and_then(tera::Value::as_str)
            .ok_or("t needs a key, e.g. t(key=\"nav_home\")")?;
        table
            .get(key)
            .map(|text| tera::Value::String(text.clone()))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "no UI string \"{key}\" in {}; add it there",
                    file.display()
                ))
            })
    });
    if problems.is_empty() {
        Ok(Theme {
            tera,
            strings,
            sources,
            dir,
            qr,
            volatile,
        })
    } else {
        Err(problems)
    }
}

/// Escapes text for HTML text and quoted attributes.
///
/// Tera's default also escapes `/` (as `&#x2F;`), which only matters for unquoted
/// attributes; our templates quote every attribute, and URLs stay readable and short.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// `base_url` joined with a site path (`deputies/`), never doubling or losing a slash.
pub fn join_url(base_url: &str, path: &str) -> String {
    format!("{}{}", base_url, path.trim_start_matches('/'))
}

/// Template files under `base` (relative to `root`): (Tera name, path relative to root).
fn template_files(root: &Path, base: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(root.join(base))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(root).ok()?.to_path_buf();
            let name = relative
                .strip_prefix(base)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((name, relative))
        })
        .collect()
}

/// True when `text` has `name` as a whole word followed (after optional spaces) by `(`.
fn calls(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].trim_start();
        !before.is_some_and(is_ident) && after.starts_with('(')
    })
}

fn load_strings(root: &Path, dir: &Path, language: &str) -> Result<Strings, Diagnostic> {
    let path = dir.join("i18n").join(format!("{language}.yaml"));
    let text = std::fs::read_to_string(root.join(&path)).map_err(|_| {
        let available: Vec<String> = std::fs::read_dir(root.join(dir).join("i18n"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .strip_suffix(".yaml")
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Diagnostic::error(
            Path::new("site.yaml"),
            0,
            0,
            format!(
                "the theme has no UI strings for language \"{language}\" ({} is missing)",
                path.display()
            ),
        )
        .with_hint(format!(
            "set \"language:\" to one of: {}",
            available.join(", ")
        ))
    })?;
    let strings: Strings = yaml::parse(&text, &path, 0)?;
    let missing: Vec<&str> = KIND_STRINGS
        .iter()
        .chain(&WEEKDAY_STRINGS)
        .copied()
        .filter(|k| !strings.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::error(
            &path,
            0,
            0,
            format!("missing UI strings: {}", missing.join(", ")),
        ));
    }
    Ok(strings)
}

/// Turns a Tera error into a diagnostic naming the template file and, for syntax
/// errors, the line and column.
pub fn template_error(
    error: &tera::Error,
    sources: &HashMap<String, PathBuf>,
    dir: &Path,
) -> Diagnostic {
    let chain = error_chain(error);
    let template = chain
        .iter()
        .find_map(|m| quoted_template_name(m))
        .unwrap_or_default();
    let path = sources
        .get(&template)
        .cloned()
        .unwrap_or_else(|| dir.join("templates").join(&template));
    let (line, col) = chain
        .iter()
        .find_map(|m| arrow_position(m))
        .unwrap_or((0, 0));
    // Syntax errors carry a source excerpt; its "= ..." line says what is wrong.
    let detail: Vec<&str> = chain
        .iter()
        .flat_map(|m| m.lines())
        .filter_map(|l| l.trim().strip_prefix("= "))
        .collect();
    if !detail.is_empty() {
        return Diagnostic::error(
            &path,
            line,
            col,
            format!("template syntax error: {}", detail.join("; ")),
        );
    }
    let message = chain
        .iter()
        .map(|m| {
            m.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(": ");
    Diagnostic::error(&path, line, col, format!("template error: {message}"))
}

/// Every message in an error's source chain, outermost first.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        chain.push(inner.to_string());
        source = inner.source();
    }
    chain
}

/// The first `'name.html'` in a Tera message.
fn quoted_template_name(message: &str) -> Option<String> {
    let start = message.find('\'')? + 1;
    let end = start + message[start..].find('\'')?;
    let name = &message[start..end];
    name.contains('.').then(|| name.to_string())
}

/// The `--> line:col` marker of a pest syntax error.
fn arrow_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {

    #[test]
    fn finds_function_calls_with_or_without_spaces() {
        assert!(calls("{{ now() }}", "now"));
        assert!(calls("{{ get_env (name=\"X\") }}", "get_env"));
        assert!(!calls("{{ snow() }}", "now"));
        assert!(!calls("{{ now }}", "now"));
        assert!(!calls("known(", "now"));
    }
    use super::*;

    #[test]
    fn joins_urls() {
        assert_eq!(
            join_url("https://a.org/renda/", "/deputies/"),
            "https://a.org/renda/deputies/"
        );
        assert_eq!(join_url("https://a.org/", ""), "https://a.org/");
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            escape_html(r#"<a href='x'>"&"</a>"#),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape_html("https://a.org/b/"), "https://a.org/b/");
    }

    #[test]
    fn finds_syntax_position() {
        assert_eq!(arrow_position(" --> 3:14\n  |"), Some((3, 14)));
        assert_eq!(
            quoted_template_name("Failed to parse 'deputy.html'"),
            Some("deputy.html".into())
        );
    }
}
