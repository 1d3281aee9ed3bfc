//! Stroke counts for the official order of deputies' names (按姓氏笔画).
//!
//! `strokes.bin` holds one byte per code point from U+3400 to U+9FFF: the first
//! `kTotalStrokes` value of Unihan (the mainland convention), 0 where Unihan has none.
//! `tools/gen_strokes.py` regenerates it from Debian's `unicode-data` package.

use std::cmp::Ordering;

use super::slug::name_pinyin;

const FIRST: u32 = 0x3400;
static TABLE: &[u8; 0x9FFF - 0x3400 + 1] = include_bytes!("strokes.bin");

/// The stroke count of a character, or `None` when it is not a CJK ideograph we know.
pub fn strokes(ch: char) -> Option<u8> {
    let index = (ch as u32).checked_sub(FIRST)? as usize;
    TABLE.get(index).copied().filter(|&n| n > 0)
}

/// A sort key for names in stroke order: the stroke count of each character in turn
/// (characters without a count sort after every ideograph), then the pinyin.
pub fn stroke_key(name: &str) -> (Vec<u8>, String) {
    let counts = name
        .chars()
        .map(|ch| strokes(ch).unwrap_or(u8::MAX))
        .collect();
    (counts, name_pinyin(name))
}

/// Compares two names in the official stroke order.
pub fn compare_by_strokes(a: &str, b: &str) -> Ordering {
    stroke_key(a).cmp(&stroke_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_counts() {
        for (ch, n) in [
            ('一', 1),
            ('丁', 2),
            ('王', 4),
            ('李', 7),
            ('赵', 9),
            ('曾', 12),
            ('戴', 17),
        ] {
            assert_eq!(strokes(ch), Some(n), "{ch}");
        }
        assert_eq!(strokes('a'), None);
    }

    #[test]
    fn orders_by_surname_strokes_then_following_characters() {
        let mut names = vec!["赵丽华", "王建国", "丁一", "王二", "李秀兰", "张伟"];
        names.sort_by(|a, b| compare_by_strokes(a, b));
        // 张伟 [7, 6] comes before 李秀兰 [7, 7, 5]: ties on the surname go to the next character.
        assert_eq!(
            names,
            ["丁一", "王二", "王建国", "张伟", "李秀兰", "赵丽华"]
        );
    }
}
