//! Small text helpers shared by the YAML layer and the content loader.

/// A full-width ASCII character (`Ｐ`, `ａ`, `１`, `：`) as its half-width form; others
/// as they are. Chinese input methods type these when left in full-width mode.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `text` without its first word when that word is `word` in any letter case and in
/// half- or full-width letters (`Private`, `ＰＲＩＶＡＴＥ` for `private`).
pub fn strip_word_folded<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let mut chars = text.char_indices();
    for letter in word.chars() {
        let (_, c) = chars.next()?;
        if !half_width(c).eq_ignore_ascii_case(&letter) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(at, _)| &text[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(half_width('ａ'), 'a');
        assert_eq!(half_width('：'), ':');
        assert_eq!(half_width('张'), '张');
        assert_eq!(strip_word_folded("Private: x", "private"), Some(": x"));
        assert_eq!(strip_word_folded("ＰＲＩＶＡＴＥ：", "private"), Some("："));
        assert_eq!(strip_word_folded("privat", "private"), None);
        assert_eq!(strip_word_folded("private", "private"), Some(""));
    }
}
