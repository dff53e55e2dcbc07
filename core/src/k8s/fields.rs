//! The fields a k8s-openapi type declares at each place of a value, for
//! "did you mean" suggestions on unknown fields. k8s-openapi's types name
//! all their fields when they ask for a struct (`deserialize_struct`); this
//! is a deserializer over a JSON value that writes them down by path.

use super::path::Step;
use crate::hash::HashMap;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Value;
use std::cell::RefCell;

/// The declared fields of each struct in `value` read as a `T`, by path.
pub fn declared<T: DeserializeOwned>(value: &Value) -> HashMap<Vec<Step>, &'static [&'static str]> {
    let found = RefCell::new(HashMap::default());
    let _ = T::deserialize(De {
        value,
        path: Vec::new(),
        found: &found,
    });
    found.into_inner()
}

type Found = RefCell<HashMap<Vec<Step>, &'static [&'static str]>>;

struct De<'v, 'f> {
    value: &'v Value,
    path: Vec<Step>,
    found: &'f Found,
}

impl<'de> Deserializer<'de> for De<'de, '_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or_default())
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Seq {
                items: items.iter().enumerate(),
                path: self.path,
                found: self.found,
            }),
            Value::Object(map) => visitor.visit_map(Entries {
                iter: map.iter(),
                pending: None,
                path: self.path,
                found: self.found,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.value.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.found.borrow_mut().insert(self.path.clone(), fields);
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum identifier
    }
}

struct Seq<'f, I> {
    items: I,
    path: Vec<Step>,
    found: &'f Found,
}

impl<'de, I: Iterator<Item = (usize, &'de Value)>> SeqAccess<'de> for Seq<'_, I> {
    type Error = serde_json::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Self::Error> {
        let Some((i, value)) = self.items.next() else {
            return Ok(None);
        };
        let mut path = self.path.clone();
        path.push(Step::Index(i));
        seed.deserialize(De {
            value,
            path,
            found: self.found,
        })
        .map(Some)
    }
}

struct Entries<'v, 'f> {
    iter: serde_json::map::Iter<'v>,
    /// The entry whose key was read last, for its value.
    pending: Option<(&'v String, &'v Value)>,
    path: Vec<Step>,
    found: &'f Found,
}

impl<'de> MapAccess<'de> for Entries<'de, '_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Self::Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value without its key"));
        };
        let mut path = self.path.clone();
        path.push(Step::Key(key.clone()));
        seed.deserialize(De {
            value,
            path,
            found: self.found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Service;
    use serde_json::json;

    #[test]
    fn k8s_fields_declared_by_path() {
        let value = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}});
        let found = declared::<Service>(&value);
        assert!(found[&vec![]].contains(&"spec"));
        assert!(found[&vec![Step::from("metadata")]].contains(&"labels"));
        let port = vec![Step::from("spec"), Step::from("ports"), Step::Index(0)];
        assert!(found[&port].contains(&"nodePort"));
    }
}
