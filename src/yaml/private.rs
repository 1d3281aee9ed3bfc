//! A `private:` block: read to nothing, so no struct can hold private data and no
//! renderer can leak it.
//!
//! Front matter is read first with the parser's duplicate-key check off (see
//! [`super::parse_with_rest`]). Derived structs refuse a field written twice themselves;
//! while the check is off, this reader refuses a key that may be written twice inside
//! the block, which sends the text back to the parser with its check on. The parser
//! then decides, and says where. No key or value is kept or quoted.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The message that sends a text back to the parser's duplicate-key check; never shown.
const REPEATED_KEY: &str = "a key may be written twice in a private block";

thread_local! {
    /// Whether the parser reading on this thread has its duplicate-key check off.
    static UNCHECKED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` with the parser's duplicate-key check off, so [`Private`] blocks look
/// for repeated keys themselves.
pub(super) fn unchecked<R>(read: impl FnOnce() -> R) -> R {
    /// Turns the flag back off however `read` ends.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            UNCHECKED.with(|flag| flag.set(false));
        }
    }
    UNCHECKED.with(|flag| flag.set(true));
    let _reset = Reset;
    read()
}

/// A `private:` block, read and thrown away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Private;

impl<'de> Deserialize<'de> for Private {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PrivateVisitor)
    }
}

struct PrivateVisitor;

impl<'de> Visitor<'de> for PrivateVisitor {
    type Value = Private;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_i128<E>(self, _: i128) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_str<E>(self, _: &str) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_none<E>(self) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Private, D::Error> {
        Private::deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Private, E> {
        Ok(Private)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Private, D::Error> {
        Private::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Private, A::Error> {
        while items.next_element::<Private>()?.is_some() {}
        Ok(Private)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Private, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = entries.next_key::<KeyText>()? {
            entries.next_value::<Private>()?;
            keys.push(key.0);
        }
        if !UNCHECKED.with(Cell::get) {
            // The parser has already refused every key it takes for a repeat.
            return Ok(Private);
        }
        // Sorted, two equal neighbours are a possible repeat (n log n even for a
        // hostile block of thousands of keys).
        keys.sort_unstable();
        if keys.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(de::Error::custom(REPEATED_KEY));
        }
        Ok(Private)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Private, A::Error> {
        let (_, variant) = data.variant::<Private>()?;
        de::VariantAccess::newtype_variant::<Private>(variant)
    }
}

/// A key as text, to compare with its neighbours. The comparison may find a repeat the
/// parser would not: the parser's own check then decides. It must not miss one the
/// parser would find, so every key that is not plain text (a number, `yes`, `~`, a list
/// or block used as a key), and every text that a plain scalar of those kinds could be
/// written as (`"1.0"`, `"yes"`, `"0X10"`), compares equal to every other such key.
/// Texts compare by their value, so `mobile`, `"mobile"` and `!!str mobile` are equal.
struct KeyText(String);

/// The text of every key that is not plain text (see [`KeyText`]).
const NOT_TEXT: &str = "\u{0}";

impl KeyText {
    /// A key read as text, which stands for itself unless a plain scalar that is not
    /// text could be written the same way.
    fn text(value: String) -> KeyText {
        let first = value.chars().next();
        let scalar_like = first
            .is_none_or(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '~'))
            || matches!(
                value.to_ascii_lowercase().as_str(),
                "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
            );
        if scalar_like {
            KeyText(NOT_TEXT.to_string())
        } else {
            KeyText(value)
        }
    }

    fn not_text() -> KeyText {
        KeyText(NOT_TEXT.to_string())
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyTextVisitor)
    }
}

struct KeyTextVisitor;

impl<'de> Visitor<'de> for KeyTextVisitor {
    type Value = KeyText;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_bool<E>(self, _: bool) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_i64<E>(self, _: i64) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_i128<E>(self, _: i128) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_u64<E>(self, _: u64) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_u128<E>(self, _: u128) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_f64<E>(self, _: f64) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_str<E>(self, value: &str) -> Result<KeyText, E> {
        Ok(KeyText::text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<KeyText, E> {
        Ok(KeyText::text(value))
    }

    fn visit_bytes<E>(self, value: &[u8]) -> Result<KeyText, E> {
        Ok(KeyText::text(String::from_utf8_lossy(value).into_owned()))
    }

    fn visit_none<E>(self) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_unit<E>(self) -> Result<KeyText, E> {
        Ok(KeyText::not_text())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<KeyText, D::Error> {
        KeyText::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<KeyText, D::Error> {
        KeyText::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, items: A) -> Result<KeyText, A::Error> {
        PrivateVisitor.visit_seq(items)?;
        Ok(KeyText::not_text())
    }

    fn visit_map<A: MapAccess<'de>>(self, entries: A) -> Result<KeyText, A::Error> {
        PrivateVisitor.visit_map(entries)?;
        Ok(KeyText::not_text())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<KeyText, A::Error> {
        PrivateVisitor.visit_enum(data)?;
        Ok(KeyText::not_text())
    }
}
