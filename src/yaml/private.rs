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

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
        Node { text: false }
            .deserialize(deserializer)
            .map(|_| Private)
    }
}

/// Reads one node of a private block to nothing; with `text`, a key to its text, so
/// it can be compared with its neighbours (see [`compared_as`]).
#[derive(Clone, Copy)]
struct Node {
    text: bool,
}

impl<'de> DeserializeSeed<'de> for Node {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A node that reads to nothing, and a node that is not text.
const NOTHING: Option<String> = None;

impl<'de> Visitor<'de> for Node {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_i128<E>(self, _: i128) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(self.text.then(|| value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(self.text.then_some(value))
    }

    fn visit_bytes<E>(self, value: &[u8]) -> Result<Self::Value, E> {
        Ok(self
            .text
            .then(|| String::from_utf8_lossy(value).into_owned()))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(NOTHING)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        while items.next_element_seed(Node { text: false })?.is_some() {}
        Ok(NOTHING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        // With the parser's check on, it has already refused every key it takes for a
        // repeat: the keys are not read as text.
        let compare = UNCHECKED.with(Cell::get);
        let mut keys = Vec::new();
        while let Some(key) = entries.next_key_seed(Node { text: compare })? {
            entries.next_value_seed(Node { text: false })?;
            if compare {
                keys.push(compared_as(key));
            }
        }
        // Sorted, two equal neighbours are a possible repeat (n log n even for a
        // hostile block of thousands of keys).
        keys.sort_unstable();
        if keys.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(de::Error::custom(REPEATED_KEY));
        }
        Ok(NOTHING)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (_, variant) = data.variant_seed(Node { text: false })?;
        de::VariantAccess::newtype_variant_seed(variant, Node { text: false })?;
        Ok(NOTHING)
    }
}

/// What a key read as `text` is compared as. The comparison may find a repeat the parser
/// would not: the parser's own check then decides. It must not miss one the parser
/// would find, so every key that is not plain text (a number, `yes`, `~`, a list or
/// block used as a key: `None`), and every text that a plain scalar of those kinds could
/// be written as (`"1.0"`, `"yes"`, `"0X10"`), compares equal to every other such key.
/// Texts compare by their value, so `mobile`, `"mobile"` and `!!str mobile` are equal.
fn compared_as(text: Option<String>) -> String {
    let scalar_like = |text: &str| {
        text.chars()
            .next()
            .is_none_or(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '~'))
            || matches!(
                text.to_ascii_lowercase().as_str(),
                "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
            )
    };
    match text {
        Some(text) if !scalar_like(&text) => text,
        // (A key written as "\0" compares equal to these too: the parser then decides.)
        _ => "\u{0}".to_string(),
    }
}
