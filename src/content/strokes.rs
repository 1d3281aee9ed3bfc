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

/// Compound surnames (复姓): a name that starts with one of these (and has a given name
/// after it) is sorted under the whole surname.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "轩辕", "澹台", "公冶", "申屠", "太史", "钟离", "闻人", "万俟", "呼延",
    "赫连", "独孤", "南宫", "西门", "百里", "东郭", "拓跋", "司空", "濮阳",
];

/// The surname of a Chinese name: a compound surname when the name starts with one and
/// goes on, else the first character.
pub fn surname(name: &str) -> &str {
    if let Some(compound) = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.len() > s.len())
    {
        return &name[..compound.len()];
    }
    name.char_indices()
        .nth(1)
        .map_or(name, |(second, _)| &name[..second])
}

/// A sort key for names in stroke order (按姓氏笔画): surnames by the stroke count of
/// their first character, and every bearer of one surname together (李丁, 李明 before
/// 张三, though 李 and 张 both have seven strokes). Surnames with the same count follow
/// their pinyin (the official order by first stroke, 横竖撇点折, needs stroke-order data
/// Unihan does not have; see `docs/architecture.md`). Within a surname, the given
/// name's characters by stroke count in turn, then the pinyin. Characters without a
/// count sort after every ideograph.
pub fn stroke_key(name: &str) -> StrokeKey {
    let surname = surname(name);
    let given = &name[surname.len()..];
    let pinyin = name_pinyin(name);
    // One syllable per character of a Chinese name: the surname's are the first ones.
    let syllables = surname.chars().count();
    let surname_pinyin = pinyin
        .split(' ')
        .take(syllables)
        .collect::<Vec<_>>()
        .join(" ");
    StrokeKey {
        surname_strokes: count(surname.chars().next()),
        surname_pinyin,
        surname: surname.to_string(),
        given_strokes: given.chars().map(|ch| count(Some(ch))).collect(),
        pinyin,
    }
}

/// The sort key [`stroke_key`] makes; compared field by field, in order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StrokeKey {
    surname_strokes: u8,
    surname_pinyin: String,
    surname: String,
    given_strokes: Vec<u8>,
    pinyin: String,
}

fn count(ch: Option<char>) -> u8 {
    ch.and_then(strokes).unwrap_or(u8::MAX)
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
    fn bearers_of_one_surname_stay_together() {
        let mut names = vec![
            "赵丽华",
            "王建国",
            "丁一",
            "王二",
            "李秀兰",
            "张伟",
            "李丁",
            "张三丰",
            "区小平",
            "仇大",
        ];
        names.sort_by(|a, b| compare_by_strokes(a, b));
        // 李 and 张 both have seven strokes: every 李 comes first (li before zhang), then
        // every 张; within a surname, the given name by strokes (丁 2 before 秀 7, 三 3
        // before 伟 6).
        // 区 (ou) and 仇 (qiu) both have four strokes, like 王 (wang).
        assert_eq!(
            names,
            [
                "丁一",
                "区小平",
                "仇大",
                "王二",
                "王建国",
                "李丁",
                "李秀兰",
                "张三丰",
                "张伟",
                "赵丽华"
            ]
        );
    }

    #[test]
    fn compound_surnames_sort_as_one() {
        assert_eq!(surname("欧阳修文"), "欧阳");
        assert_eq!(surname("欧阳"), "欧");
        assert_eq!(surname("王五"), "王");
        assert_eq!(surname(""), "");
        let mut names = vec!["欧阳明", "欧小红", "欧阳丁"];
        names.sort_by(|a, b| compare_by_strokes(a, b));
        assert_eq!(names, ["欧小红", "欧阳丁", "欧阳明"]);
    }
}
