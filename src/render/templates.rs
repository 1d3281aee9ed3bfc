//! Loading a theme: its Tera templates (with the site's own overrides), its UI strings,
//! and the functions templates may call.
//!
//! Templates are parsed once per build and shared read-only by every render task.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use tera::{Kwargs, State, Tera};

use super::memo::ComponentMemo;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, did_you_mean};
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

/// UI string of a deputy photo's text alternative (`{name}` is filled in).
pub const PHOTO_ALT: &str = "photo_alt";

/// UI string labelling the placeholder of a deputy without a photo (`{name}` is filled in).
pub const PHOTO_NONE: &str = "photo_none";

/// UI string of a number of votes (`{n}` is filled in).
pub const COUNT_VOTES: &str = "count_votes";

/// The UI strings of one language: key → text.
pub type Strings = IndexMap<String, String>;

/// A loaded theme.
pub struct Theme {
    /// Parsed templates, overrides applied.
    pub tera: Arc<Tera>,
    /// UI strings of the site's language.
    pub strings: Strings,
    /// Where each template came from, relative to the site root, for error messages.
    pub sources: HashMap<String, PathBuf>,
    /// The theme folder, relative to the site root.
    pub dir: PathBuf,
    /// The QR codes `qr_svg` has made, by URL (shared with the template function).
    pub qr: crate::qr::QrCache,
    /// What `cached` has rendered in the current build.
    pub memo: Arc<ComponentMemo>,
    /// Warnings about the templates: an override in the site's `templates/` whose name
    /// is a slip for one of the theme's (`statoin.html`), which replaces nothing.
    pub warnings: Vec<Diagnostic>,
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

/// How to fix a `theme:` that names no folder under `themes/`: the folder meant, when
/// one is close, else where the default theme comes from.
fn theme_hint(root: &Path, name: &str) -> String {
    let folders: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    if let Some(meant) = crate::diagnostics::did_you_mean(name, folders.iter().map(String::as_str))
    {
        return format!("did you mean \"{meant}\"? (a folder under themes/)");
    }
    if name == "default" {
        "a site keeps its theme in themes/default; get a copy with `deputy-board --root \
         NEW-FOLDER init` and move its themes/ folder here"
            .to_string()
    } else {
        "set \"theme:\" in site.yaml to a folder under themes/".to_string()
    }
}

/// Loads the theme `config` names for a site at `root`, in the configured language, with
/// `base_url` for `url_for`.
pub fn load(root: &Path, config: &SiteConfig, base_url: &str) -> Result<Theme, Vec<Diagnostic>> {
    let (name, language) = (config.theme.as_str(), config.language.as_str());
    let dir = Path::new("themes").join(name);
    if !root.join(&dir).is_dir() {
        return Err(vec![
            Diagnostic::error(
                Path::new("site.yaml"),
                config.lines.theme.0,
                config.lines.theme.1,
                format!(
                    "theme \"{name}\" not found: there is no folder {}",
                    dir.display()
                ),
            )
            .with_hint(theme_hint(root, name)),
        ]);
    }
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut files: HashMap<String, (PathBuf, String)> = HashMap::new();
    // The theme's texts of the templates the site replaced, for messages.
    let mut replaced: HashMap<String, String> = HashMap::new();
    // Theme first, then the site's own templates/ replace files of the same name.
    for base in [dir.join("templates"), PathBuf::from("templates")] {
        let overrides = base.as_path() == Path::new("templates");
        for (template_name, relative) in template_files(root, &base) {
            if overrides && !files.contains_key(&template_name) {
                warnings.extend(unmatched_override(&template_name, &relative, &files));
            }
            match std::fs::read(root.join(&relative)).map(String::from_utf8) {
                Ok(Ok(text)) => {
                    if let Some((_, theme_text)) =
                        files.insert(template_name.clone(), (relative, text))
                    {
                        replaced.insert(template_name, theme_text);
                    }
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

    let mut tera = Tera::new();
    tera.set_escape_fn(write_escaped_html);
    let sources: HashMap<String, PathBuf> = files
        .iter()
        .map(|(n, (p, _))| (n.clone(), p.clone()))
        .collect();
    // Functions first: once every template is added, Tera checks that each function a
    // template calls exists.
    let base = base_url.to_string();
    tera.register_function("url_for", move |args: Kwargs, _: &State| {
        let path = text_argument(&args, "path", "url_for(path=\"css/site.css\")")?;
        Ok::<_, tera::Error>(join_url(&base, path))
    });

    // One cache per theme load: a deputy's code appears on several sheets, and in serve
    // the cache lives as long as the loaded site.
    let qr_cache = crate::qr::QrCache::default();
    let qr = qr_cache.clone();
    tera.register_function("qr_svg", move |args: Kwargs, _: &State| {
        let url = text_argument(&args, "url", "qr_svg(url=station.portal_url)")?;
        qr_cache
            .get(url)
            .map(|svg| tera::Value::safe_string(&svg))
            .map_err(tera::Error::message)
    });

    // `cached(component="deputy_card", d=d)`: the component, rendered once per build for
    // each distinct set of arguments (see `memo`).
    let memo = Arc::new(ComponentMemo::default());
    let function = memo.clone();
    tera.register_function("cached", move |args: Kwargs, state: &State| {
        function.call(args, state)
    });

    let strings = match load_strings(root, &dir, language, config.lines.language) {
        Ok(strings) => strings,
        Err(diagnostics) => {
            problems.extend(diagnostics);
            Strings::new()
        }
    };
    // `t(key="…")`: a UI string by key, for themes whose components do not declare
    // `@lang`. The strings are template values made once: a clone shares the text.
    let table: Arc<HashMap<String, tera::Value>> = Arc::new(
        strings
            .iter()
            .map(|(key, text)| (key.clone(), tera::Value::from(text.as_str())))
            .collect(),
    );
    let file = dir.join("i18n").join(format!("{language}.yaml"));
    let keys = Arc::clone(&table);
    let missing = move |key: &str| {
        let fix = match did_you_mean(key, keys.keys().map(String::as_str)) {
            Some(best) => format!("did you mean \"{best}\"? Or add it there"),
            None => "add it there".to_string(),
        };
        tera::Error::message(format!(
            "no UI string \"{key}\" in {}; {fix}",
            file.display()
        ))
    };
    let missing_date = missing.clone();
    let date_pattern = strings.get("date_long").cloned();
    tera.register_function("t", move |args: Kwargs, _: &State| {
        let key = text_argument(&args, "key", "t(key=\"nav_home\")")?;
        table.get(key).cloned().ok_or_else(|| missing(key))
    });
    // `"2026-06-15" | long_date`: the date written as the UI string `date_long` says;
    // `long_date(pattern="{d}")` with another pattern.
    tera.register_filter(
        "long_date",
        move |value: &str, kwargs: Kwargs, _: &State| {
            let pattern = match kwargs.get::<&str>("pattern")? {
                Some(pattern) => pattern,
                None => date_pattern
                    .as_deref()
                    .ok_or_else(|| missing_date("date_long"))?,
            };
            Ok::<_, tera::Error>(long_date(value, pattern).unwrap_or_default())
        },
    );
    if let Err(error) = tera.add_raw_templates(
        files
            .iter()
            .map(|(n, (_, text))| (n.as_str(), text.as_str())),
    ) {
        let before = problems.len();
        if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
            // Tera stops at the first file that does not parse: parse each on its own to
            // list every file's syntax error at once.
            for (name, (_, text)) in &files {
                if let Err(error) = Tera::new().add_raw_template(name, text)
                    && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
                {
                    problems.extend(load_errors(&error, &files, &replaced, &sources, &dir));
                }
            }
        }
        if problems.len() == before {
            problems.extend(load_errors(&error, &files, &replaced, &sources, &dir));
        }
    }
    if problems.is_empty() {
        let tera = Arc::new(tera);
        memo.attach(&tera);
        Ok(Theme {
            tera,
            strings,
            sources,
            dir,
            qr,
            memo,
            warnings,
        })
    } else {
        Err(problems)
    }
}

/// A warning for a template of the site's `templates/` that replaces none of the
/// theme's, when its name is a slip for one of them: it would be ignored without a word
/// (a site may add templates of its own, so other names are fine).
fn unmatched_override(
    name: &str,
    path: &Path,
    theme: &HashMap<String, (PathBuf, String)>,
) -> Option<Diagnostic> {
    // Names compared without their extension, which they all share.
    let stem = |name: &str| {
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_string()
    };
    let stems: Vec<(String, &str)> = theme.keys().map(|k| (stem(k), k.as_str())).collect();
    let meant_stem = did_you_mean(&stem(name), stems.iter().map(|(s, _)| s.as_str()))?;
    let meant = stems
        .iter()
        .find(|(s, _)| s == meant_stem)
        .map(|(_, k)| *k)?;
    Some(
        Diagnostic::warning(
            path,
            0,
            0,
            format!("the theme has no template {name}, so this file replaces nothing"),
        )
        .with_hint(format!(
            "to replace the theme's {meant}, name the file {meant}"
        )),
    )
}

/// A template function's text argument `name`; an error showing `example` when it is
/// missing or not text.
fn text_argument<'a>(args: &'a Kwargs, name: &'a str, example: &str) -> tera::TeraResult<&'a str> {
    args.must_get(name).map_err(|_| {
        tera::Error::message(format!("missing or wrong argument, call it as {example}"))
    })
}

/// Escapes text for HTML text and quoted attributes. (Not `tera::escape_html`: with
/// Tera's `fast` feature it leaves `'` as it is, and a theme may quote an attribute with
/// single quotes.)
///
/// Escapes `&`, `<`, `>`, `"` and `'`, never `/`: some escapers write `&#x2F;`, which
/// only matters for unquoted attributes; our templates quote every attribute, and URLs
/// stay readable and short.
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    // Writing into a Vec cannot fail.
    let _ = write_escaped_html(text, &mut out);
    // Only ASCII bytes were replaced by ASCII entities or dropped: the bytes are still
    // UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The bytes [`write_escaped_html`] replaces with an entity, or drops: control
/// characters other than tab and line breaks (a YAML escape such as `"\0"` or `"\e"` can
/// put them in a value; in HTML they are errors, and show as nothing or as �).
static SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut control = 0;
    while control < 0x20 {
        special[control] = !matches!(control, 0x09 | 0x0a | 0x0d);
        control += 1;
    }
    special[0x7f] = true;
    // The lead byte of U+0080–U+00BF: the C1 controls among them (U+0080–U+009F, such as
    // YAML's "\N") are dropped too; the rest (`·`, `°`, `©`…) are kept.
    special[0xc2] = true;
    special[b'&' as usize] = true;
    special[b'<' as usize] = true;
    special[b'>' as usize] = true;
    special[b'"' as usize] = true;
    special[b'\'' as usize] = true;
    special
};

/// [`escape_html`] for Tera: writes `text` escaped into `out`, copying the runs between
/// special characters whole.
fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    // Most text has nothing to escape: find that out with a cheap scan first.
    let Some(first) = bytes.iter().position(|byte| SPECIAL[usize::from(*byte)]) else {
        return out.write_all(bytes);
    };
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate().skip(first) {
        if !SPECIAL[usize::from(*byte)] {
            continue;
        }
        let (entity, length): (&[u8], usize) = match byte {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'"' => (b"&quot;", 1),
            b'\'' => (b"&#39;", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => (b"", 2),
            0xc2 => continue,
            _ => (b"", 1),
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + length;
    }
    out.write_all(&bytes[start..])
}

/// `date` (`YYYY-MM-DD`) written with `pattern` (see [`Date::format_with`]); `None`
/// when `date` is not a date.
///
/// [`Date::format_with`]: crate::content::date::Date::format_with
pub fn long_date(date: &str, pattern: &str) -> Option<String> {
    crate::content::date::parse(date).map(|date| date.format_with(pattern))
}

/// ASCII characters of a file path that would end or change a URL's path (`#` starts a
/// fragment, `?` a query, `%` an escape) or that a URL may not hold as they are. (Other
/// characters, Chinese among them, are always encoded as UTF-8 bytes.)
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The URL of a file under the output folder whose path was written by a user
/// (`photos/谭 静#1.jpg`): `base_url` joined with the path, percent-encoded where it
/// would otherwise break the link.
pub fn file_url(base_url: &str, path: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(path, PATH_ESCAPES).to_string();
    join_url(base_url, &encoded)
}

/// `base_url` joined with a site path (`deputies/`), never doubling or losing a slash.
pub fn join_url(base_url: &str, path: &str) -> String {
    // Every page calls this a dozen times (its links): two copies, no formatting.
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base_url.len() + path.len());
    url.push_str(base_url);
    url.push_str(path);
    url
}

/// Template files under `base` (relative to `root`): (Tera name, path relative to root).
fn template_files(root: &Path, base: &Path) -> Vec<(String, PathBuf)> {
    crate::walk::sorted(&root.join(base))
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

fn load_strings(
    root: &Path,
    dir: &Path,
    language: &str,
    (language_line, language_col): (usize, usize),
) -> Result<Strings, Vec<Diagnostic>> {
    let path = dir.join("i18n").join(format!("{language}.yaml"));
    let text = std::fs::read_to_string(root.join(&path))
        .map_err(|_| {
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
                language_line,
                language_col,
                format!(
                    "the theme has no UI strings for language \"{language}\" ({} is missing)",
                    path.display()
                ),
            )
            .with_hint(format!(
                "set \"language:\" to one of: {}",
                available.join(", ")
            ))
        })
        .map_err(|d| vec![d])?;
    let strings: Strings = yaml::parse(&text, &path, 0)?;
    let missing: Vec<&str> = KIND_STRINGS
        .iter()
        .chain(&WEEKDAY_STRINGS)
        .chain(&[PHOTO_ALT, PHOTO_NONE, COUNT_VOTES])
        .copied()
        .filter(|k| !strings.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(vec![Diagnostic::error(
            &path,
            0,
            0,
            format!("missing UI strings: {}", missing.join(", ")),
        )]);
    }
    Ok(strings)
}

/// Turns a Tera error into a diagnostic naming the template file and, where Tera knows
/// it, the line and column (the first of [`template_errors`]).
pub fn template_error(
    error: &tera::Error,
    sources: &HashMap<String, PathBuf>,
    dir: &Path,
) -> Diagnostic {
    let mut all = template_errors(error, sources, dir);
    // `template_errors` always returns at least one diagnostic.
    all.swap_remove(0)
}

/// [`template_errors`] for an error of loading the templates, whose texts are in
/// `files` (by template name), and the theme's own texts of those the site's
/// `templates/` replaced in `replaced`: a slip gets what it was meant to be.
fn load_errors(
    error: &tera::Error,
    files: &HashMap<String, (PathBuf, String)>,
    replaced: &HashMap<String, String>,
    sources: &HashMap<String, PathBuf>,
    dir: &Path,
) -> Vec<Diagnostic> {
    if let Some(explained) = explain_syntax_error(error, files) {
        return vec![explained];
    }
    if let tera::ErrorKind::MissingParent { current, parent } = error.kind()
        && let Some(missing) = missing_parent(current, parent, files)
    {
        return vec![missing];
    }
    let mut found = template_errors(error, sources, dir);
    for diagnostic in &mut found {
        if let Some(called) = (diagnostic.message)
            .strip_prefix("template error: Unknown component `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            diagnostic.hint =
                unknown_component_hint(called, files, replaced).or(diagnostic.hint.take());
        } else if let Some(hint) = (diagnostic.message)
            .strip_prefix("template error: ")
            .and_then(super::names::unknown_name_hint)
        {
            diagnostic.hint = Some(hint);
        }
    }
    found
}

/// A syntax error whose own message does not say what to fix, said again at the place
/// to fix it: a tag left open or closed by the wrong end tag (see [`super::tags`]), text
/// between the blocks of a child template (Tera points at the end of the tag before
/// it), a tag Tera does not know.
fn explain_syntax_error(
    error: &tera::Error,
    files: &HashMap<String, (PathBuf, String)>,
) -> Option<Diagnostic> {
    let tera::ErrorKind::SyntaxError(report) = error.kind() else {
        return None;
    };
    let (path, text) = files.get(report.filename())?;
    let at = (report.span().start_line, report.span().start_col + 1);
    let message = report.message();
    let (line, column, what, hint) = if let Some(slip) = tag_slip(text, at, message) {
        (slip.line, slip.column, slip.message, slip.hint)
    } else if message.starts_with("This content would be ignored") {
        let (line, column) = super::tags::next_content(text, at.0, at.1)?;
        (
            line,
            column,
            "this text is outside every block, so it would never show".to_string(),
            "a template that extends another may only hold blocks: move the text into a {% block %}, or delete it"
                .to_string(),
        )
    } else if message == "Unknown tag" {
        // Named, with what Tera 2 writes instead (of Tera 1's macros).
        let word = super::tags::word_at(text, at.0, at.1)?;
        (
            at.0,
            at.1,
            format!("unknown tag \"{word}\""),
            super::tags::unknown_tag_hint(word),
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::error(path, line, column, format!("template syntax error: {what}"))
            .with_hint(hint),
    )
}

/// How to fix a call of the component `called`, which no template defines: the theme
/// defines it in a file the site's `templates/` replaced (its own `macros.html`,
/// without the component), or its name is a slip for one that is defined.
fn unknown_component_hint(
    called: &str,
    files: &HashMap<String, (PathBuf, String)>,
    replaced: &HashMap<String, String>,
) -> Option<String> {
    let lost_in = replaced
        .iter()
        .find(|(_, theme_text)| super::tags::defined_components(theme_text).any(|c| c == called));
    if let Some((template, _)) = lost_in {
        let path = files
            .get(template)
            .map(|(path, _)| path.display().to_string())?;
        return Some(format!(
            "the theme's {template} defines it, but {path} replaces that file: copy the component into it"
        ));
    }
    let defined = files
        .values()
        .flat_map(|(_, text)| super::tags::defined_components(text));
    did_you_mean(called, defined).map(|best| format!("did you mean \"{best}\"?"))
}

/// A template that extends one that does not exist, at its `{% extends %}` line (Tera
/// names both templates, but no line), with the template it was meant to be.
fn missing_parent(
    child: &str,
    parent: &str,
    files: &HashMap<String, (PathBuf, String)>,
) -> Option<Diagnostic> {
    let (path, text) = files.get(child)?;
    let (line, column) = text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find("extends")?;
        let quote = line[at..].find(parent)? + at;
        Some((i + 1, line[..quote].chars().count()))
    })?;
    let hint = match did_you_mean(parent, files.keys().map(String::as_str)) {
        Some(best) => format!("did you mean \"{best}\"?"),
        None => format!("add {parent} to the theme's templates/ or the site's templates/"),
    };
    Some(
        Diagnostic::error(
            path,
            line,
            column,
            format!("template error: there is no template \"{parent}\" to extend"),
        )
        .with_hint(hint),
    )
}

/// Turns a Tera error into one diagnostic per problem it reports, each naming the
/// template file and, where Tera knows it, the line and column.
pub fn template_errors(
    error: &tera::Error,
    sources: &HashMap<String, PathBuf>,
    dir: &Path,
) -> Vec<Diagnostic> {
    let path_of = |template: &str| {
        sources
            .get(template)
            .cloned()
            .unwrap_or_else(|| dir.join("templates").join(template))
    };
    let (kind, report) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) => ("template syntax error", report),
        tera::ErrorKind::RenderingError(report) => ("template error", report),
        tera::ErrorKind::Msg(text) if reports(text).next().is_some() => {
            // Tera checks the names of filters, functions and components once every
            // template is parsed, and lists what it did not find in one message.
            return reports(text)
                .map(|(template, line, col, message)| {
                    Diagnostic::error(
                        &path_of(template),
                        line,
                        col,
                        format!("template error: {message}"),
                    )
                })
                .collect();
        }
        _ => {
            // Errors without a position (a missing parent template, a circular extend, a
            // component defined twice) name templates in quotes or backticks; without
            // one, the theme's settings in site.yaml are the place to look.
            let chain = error_chain(error);
            let path = chain
                .iter()
                .find_map(|m| quoted_template_name(m))
                .map_or_else(|| PathBuf::from("site.yaml"), |name| path_of(&name));
            return vec![Diagnostic::error(
                &path,
                0,
                0,
                format!("template error: {}", chain.join(": ")),
            )];
        }
    };
    let span = report.span();
    // A template function that renders templates itself (`cached`) fails with the whole
    // report of the inner error as its message: point at the inner error, called from
    // the function call. (One level: a `cached` component that fails inside another
    // `cached` call is reported at the outer component's call.)
    let (template, line, col, message, call) = match reports(report.message()).next() {
        Some((template, line, col, message)) => {
            let call = format!(
                "{}:{}:{}",
                report.filename(),
                span.start_line,
                span.start_col + 1
            );
            (template, line, col, message, Some(call))
        }
        None => (
            report.filename(),
            span.start_line,
            span.start_col + 1,
            report.message(),
            None,
        ),
    };
    let (message, hint) = shorten_undefined(message);
    let mut diagnostic =
        Diagnostic::error(&path_of(template), line, col, format!("{kind}: {message}"));
    // An error inside a component says where it was called from.
    let callers: Vec<String> = error
        .to_string()
        .lines()
        .filter_map(|line| line.strip_prefix("note: called from "))
        .chain(call.as_deref())
        .map(|place| match place.split_once(':') {
            Some((template, position)) => {
                format!("{}:{position}", path_of(template).display())
            }
            None => place.to_string(),
        })
        .collect();
    // A syntax error says what Tera expected, not how to get there.
    let hint = hint.or_else(|| {
        (kind == "template syntax error").then(|| {
            "{{ … }} prints a value and {% … %} is a tag: look for a brace, quote or bracket missing or left over here".to_string()
        })
    });
    let hint = match (hint, callers.is_empty()) {
        (Some(hint), true) => Some(hint),
        (Some(hint), false) => Some(format!("{hint}; called from {}", callers.join(", "))),
        (None, false) => Some(format!("called from {}", callers.join(", "))),
        (None, true) => None,
    };
    if let Some(hint) = hint {
        diagnostic = diagnostic.with_hint(hint);
    }
    vec![diagnostic]
}

/// The tag left open or closed wrongly that a syntax error at `line` and `column` of the template
/// `source` comes from, when Tera's message does not name it: "Unknown tag" at an
/// end tag that closes another tag than the one open, "Unexpected end of input" for a
/// tag never closed (see [`super::tags`]).
fn tag_slip(
    source: &str,
    (line, column): (usize, usize),
    message: &str,
) -> Option<super::tags::Slip> {
    let at_end = match message {
        "Unknown tag" => false,
        "Unexpected end of input" => true,
        _ => return None,
    };
    let slip = super::tags::find_slip(source)?;
    // Only the slip Tera stopped at: the end tag it points at, or a tag never closed.
    let same_tag = (slip.line, slip.word_column) == (line, column);
    (same_tag || (at_end && slip.unclosed)).then_some(slip)
}

/// Tera lists every name it knows after "X is not defined." (all 200 UI strings for a
/// mistyped `lang.…`): keeps the message short and turns the list into a suggestion.
fn shorten_undefined(message: &str) -> (&str, Option<String>) {
    let Some((message, known)) = message
        .split_once(" Available fields: ")
        .or_else(|| message.split_once(" Available variables: "))
    else {
        return (message, None);
    };
    let hint = message
        .split('`')
        .nth(1)
        .and_then(|name| did_you_mean(name, known.split(", ")))
        .map(|best| format!("did you mean \"{best}\"?"));
    (message, hint)
}

/// The reports in a Tera message that lists several (names it could not find), or that
/// carries a whole report (the message of a failed `cached` call), each
/// "error: MESSAGE\n --> TEMPLATE:LINE:COL\n…" and separated by a blank line:
/// (template, line, column, message).
fn reports(text: &str) -> impl Iterator<Item = (&str, usize, usize, &str)> {
    text.split("\n\nerror: ").filter_map(|report| {
        let report = report.strip_prefix("error: ").unwrap_or(report);
        let (message, rest) = report.split_once('\n')?;
        let place = rest.trim_start().strip_prefix("--> ")?;
        let place = place.lines().next()?.trim();
        let (place, col) = place.rsplit_once(':')?;
        let (template, line) = place.rsplit_once(':')?;
        Some((
            template,
            line.parse().ok()?,
            col.parse().ok()?,
            message.trim(),
        ))
    })
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

/// The first template name in quotes (`'deputy.html'`) or backticks in a Tera message.
fn quoted_template_name(message: &str) -> Option<String> {
    ['\'', '`'].iter().find_map(|&quote| {
        message
            .split(quote)
            .skip(1)
            .step_by(2)
            .find(|name| name.ends_with(".html") || name.ends_with(".xml"))
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_date_writes_the_pattern_without_leading_zeros() {
        assert_eq!(
            long_date("2026-06-05", "{y}年{m}月{d}日").as_deref(),
            Some("2026年6月5日")
        );
        assert_eq!(long_date("2026-12-20", "{d}").as_deref(), Some("20"));
        assert_eq!(long_date("2026-06", "{y}"), None);
        assert_eq!(long_date("2026-06-05-1", "{y}"), None);
        assert_eq!(long_date("二〇二六-06-05", "{y}"), None);
        assert_eq!(long_date("", "{y}"), None);
    }

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
        assert_eq!(escape_html("代表 & 选民"), "代表 &amp; 选民");
        assert_eq!(escape_html("<"), "&lt;");
        assert_eq!(escape_html("a>"), "a&gt;");
        assert_eq!(escape_html(""), "");
        assert_eq!(
            escape_html("卫生院\0医生\x1b\x7f\t\r\n"),
            "卫生院医生\t\r\n"
        );
        assert_eq!(escape_html("买买提·艾力\u{85}\u{9f}©<"), "买买提·艾力©&lt;");
    }

    #[test]
    fn lists_every_report_of_a_message() {
        let mut tera = Tera::new();
        let error = tera
            .add_raw_templates([
                ("a.html", "{{ x | no_filter }}"),
                ("b.html", "<p>\n{{ no_function() }}</p>"),
            ])
            .unwrap_err();
        let sources = HashMap::new();
        let found: Vec<String> = template_errors(&error, &sources, Path::new("themes/x"))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("themes/x/templates/a.html:1:8:")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("themes/x/templates/b.html:2:4:")),
            "{found:?}"
        );
    }

    #[test]
    fn names_the_quoted_template() {
        assert_eq!(
            quoted_template_name("Template 'deputy.html' is inheriting from 'x'"),
            Some("deputy.html".into())
        );
        assert_eq!(
            quoted_template_name("Component `card` is defined in both `a.html` and `b.html`"),
            Some("a.html".into())
        );
        assert_eq!(quoted_template_name("Component `card` loops"), None);
    }

    #[test]
    fn a_mistyped_field_gets_a_suggestion_not_the_whole_list() {
        let (message, hint) =
            shorten_undefined("Field `nav_hme` is not defined. Available fields: nav_home, colon");
        assert_eq!(message, "Field `nav_hme` is not defined.");
        assert_eq!(hint.as_deref(), Some("did you mean \"nav_home\"?"));
    }

    #[test]
    fn reports_syntax_errors_at_their_line_and_column() {
        let mut tera = Tera::new();
        let error = tera
            .add_raw_template("page.html", "<p>\n  {% if %}</p>")
            .unwrap_err();
        let sources = HashMap::from([("page.html".to_string(), PathBuf::from("t/page.html"))]);
        let diagnostic = template_error(&error, &sources, Path::new("themes/x"));
        let text = diagnostic.to_string();
        assert!(text.starts_with("t/page.html:2:"), "{text}");
        assert!(text.contains("template syntax error"), "{text}");
    }

    #[test]
    fn every_name_a_hint_can_offer_exists() {
        // The demo site's theme, loaded as a build loads it; a template that uses every
        // filter, test and function `names` lists loads only if each one exists.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::site::load_config(root).unwrap();
        let theme = load(root, &config, "https://example.org/").unwrap();
        let mut uses = String::from("{% if false %}");
        for filter in super::super::names::FILTERS {
            uses.push_str(&format!("{{{{ 1 | {filter} }}}}"));
        }
        for test in super::super::names::TESTS {
            uses.push_str(&format!("{{% if 1 is {test} %}}{{% endif %}}"));
        }
        for function in super::super::names::FUNCTIONS {
            uses.push_str(&format!("{{{{ {function}() }}}}"));
        }
        uses.push_str("{% endif %}");
        let mut tera = (*theme.tera).clone();
        if let Err(error) = tera.add_raw_template("names.html", &uses) {
            panic!("{}", template_errors(&error, &theme.sources, &theme.dir)[0]);
        }
        // And a name that does not exist fails, so the check above can fail.
        let error = tera
            .add_raw_template("slip.html", "{{ 1 | uper }}")
            .unwrap_err();
        assert!(
            template_errors(&error, &theme.sources, &theme.dir)[0]
                .message
                .contains("Unknown filter `uper`")
        );
    }
}
