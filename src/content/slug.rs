//! Slugs: the URL-safe names of deputies, stations, news items, pages and tags.
//!
//! A slug is lowercase ASCII letters, digits and single hyphens. Chinese text is turned
//! into toneless pinyin, one syllable per character, joined by hyphens. Surnames often
//! have a reading that differs from the character's everyday one (单 is Shàn, not dān),
//! so names are converted with a surname table first.

use pinyin::ToPinyin;

/// Surnames whose reading differs from the `pinyin` crate's default reading, longest first.
const SURNAME_READINGS: &[(&str, &[&str])] = &[
    ("尉迟", &["yu", "chi"]),
    ("万俟", &["mo", "qi"]),
    ("长孙", &["zhang", "sun"]),
    ("澹台", &["tan", "tai"]),
    ("单", &["shan"]),
    ("曾", &["zeng"]),
    ("解", &["xie"]),
    ("仇", &["qiu"]),
    ("区", &["ou"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("盖", &["ge"]),
    ("乐", &["yue"]),
    ("缪", &["miao"]),
    ("翟", &["zhai"]),
    ("覃", &["qin"]),
    ("秘", &["bi"]),
    ("种", &["chong"]),
    ("冼", &["xian"]),
    ("召", &["shao"]),
    ("员", &["yun"]),
    ("柏", &["bai"]),
    ("薄", &["bo"]),
    ("宿", &["su"]),
    ("纪", &["ji"]),
    ("燕", &["yan"]),
    ("繁", &["po"]),
    ("句", &["gou"]),
    ("祭", &["zhai"]),
    ("重", &["chong"]),
    ("那", &["na"]),
];

/// The longest slug, in bytes: it becomes a folder name, and file systems refuse names
/// over 255 bytes. A Chinese title of 35 characters makes about 190 bytes of pinyin.
pub const MAX_LEN: usize = 200;

/// Why `chosen` (a slug the user typed, `new --slug`) cannot be a web name, if it cannot.
pub fn check_chosen(chosen: &str) -> Result<(), String> {
    if !is_valid(chosen) {
        return Err(format!(
            "\"{chosen}\" cannot be a web name: use lowercase letters, digits and hyphens, \
             e.g. xishan-kiosk"
        ));
    }
    if chosen.len() > MAX_LEN {
        return Err(format!(
            "the web name is {} characters long: at most {MAX_LEN} fit in an address",
            chosen.len()
        ));
    }
    Ok(())
}

/// True when `slug` is non-empty lowercase ASCII letters and digits in hyphen-separated runs.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The slug of arbitrary text (a file stem, a title, a tag).
pub fn slugify(text: &str) -> String {
    join_words(words(text))
}

/// The slug of a person's name or of a file named after one: the surname table applies
/// to the first character(s).
pub fn slugify_name(name: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = name;
    if let Some((surname, readings)) = SURNAME_READINGS.iter().find(|(s, _)| name.starts_with(s)) {
        parts.extend(readings.iter().map(|r| r.to_string()));
        rest = &name[surname.len()..];
    }
    parts.extend(words(rest));
    join_words(parts)
}

/// The toneless pinyin of a name, surname table included, for sorting (`wang jian guo`).
pub fn name_pinyin(name: &str) -> String {
    slugify_name(name).replace('-', " ")
}

/// Splits text into slug words: each Chinese character becomes its pinyin, runs of ASCII
/// letters and digits stay together, everything else separates words.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for (ch, reading) in text.chars().zip(text.to_pinyin()) {
        let ch = crate::text::half_width(ch);
        if ch.is_ascii_alphanumeric() {
            current.push(ch.to_ascii_lowercase());
            continue;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        match reading {
            // ü is written v, as on a pinyin keyboard (吕 lv, 女 nv): a slug is ASCII.
            Some(reading) => out.push(reading.plain().replace('ü', "v")),
            // A rare character the pinyin table lacks (many are in names: 𠈌, 䶮) keeps
            // its place as its code point, so 张𠈌 and 张𠈍 do not both become "zhang".
            None if is_ideograph(ch) => out.push(format!("u{:x}", u32::from(ch))),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether `ch` is a CJK ideograph (the unified blocks, their extensions and the
/// compatibility block).
fn is_ideograph(ch: char) -> bool {
    matches!(u32::from(ch),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x31350..=0x323AF)
}

fn join_words(words: Vec<String>) -> String {
    words
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_slugs() {
        assert!(is_valid("zhang-xiaohong"));
        assert!(is_valid("station-2"));
        assert!(!is_valid("Zhang"));
        assert!(!is_valid("a--b"));
        assert!(!is_valid("-a"));
        assert!(!is_valid("../etc"));
        assert!(!is_valid(""));
    }

    #[test]
    fn chinese_text_becomes_pinyin() {
        assert_eq!(slugify("张晓红"), "zhang-xiao-hong");
        assert_eq!(slugify("述职评议"), "shu-zhi-ping-yi");
        assert_eq!(slugify("2024年 Report!"), "2024-nian-report");
        assert_eq!(slugify("Hello World"), "hello-world");
        // Characters the pinyin table lacks are kept as code points, not dropped.
        assert_eq!(slugify_name("张𠈌"), "zhang-u2020c");
        assert_ne!(slugify_name("张𠈌"), slugify_name("张𠈍"));
        // ü is written v, so every slug stays ASCII and valid.
        assert_eq!(slugify_name("吕建华"), "lv-jian-hua");
        assert_eq!(slugify("妇女"), "fu-nv");
        assert!(is_valid(&slugify("绿色出行")));
        // Full-width letters and digits are letters and digits.
        assert_eq!(slugify("ｗａｎｇ１"), "wang1");
    }

    #[test]
    fn surnames_use_their_surname_reading() {
        assert_eq!(slugify_name("单玉梅"), "shan-yu-mei");
        assert_eq!(slugify_name("曾庆福"), "zeng-qing-fu");
        assert_eq!(slugify_name("解红波"), "xie-hong-bo");
        assert_eq!(slugify_name("尉迟敬"), "yu-chi-jing");
        assert_eq!(slugify_name("区伟"), "ou-wei");
        assert_eq!(slugify_name("朴成"), "piao-cheng");
        // Only the surname position is special: 单 inside a given name keeps its reading.
        assert_eq!(slugify_name("王单"), "wang-dan");
    }
}
