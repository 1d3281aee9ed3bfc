//! The top-level keys a front-matter type takes, read from its derived `Deserialize`.
//!
//! A derived struct hands its field names to `deserialize_struct`; a deserializer that
//! only records them learns the keys without a hand-kept list that could drift from the
//! model.

use serde::de::{self, DeserializeOwned, Visitor};

/// The field names (as written in YAML) of `T`, a struct with a derived `Deserialize`;
/// empty for any other type.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The recorder always ends with an error: it has no data to give.
    let _ = T::deserialize(Recorder(&mut fields));
    fields
}

/// A deserializer that records the field names it is asked for and gives no data.
struct Recorder<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for Recorder<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only the field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Matter {
        name: String,
        #[serde(rename = "levels")]
        level_keys: Vec<String>,
    }

    #[test]
    fn reads_the_field_names_of_a_derived_struct() {
        assert_eq!(field_names::<Matter>(), ["name", "levels"]);
        assert!(field_names::<String>().is_empty());
    }
}
