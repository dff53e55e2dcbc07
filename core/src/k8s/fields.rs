//! The fields a k8s-openapi type declares at each place of a value, for
//! "did you mean" suggestions on unknown fields. k8s-openapi's types name
//! all their fields when they ask for a struct (`deserialize_struct`); this
//! is a deserializer over a JSON value that writes them down by path.
//!
//! It is also the deserializer every typed object is read with ([`reader`]),
//! writing nothing down then: one deserializer type means one copy of
//! k8s-openapi's visitors in the program. A second one (serde_json's own
//! for the read, this one for the fields) doubled them, 40 % of the
//! playground's wasm. It reads a value as serde_json's `&Value` does:
//! numbers, strings, `null` for `Option`, newtypes, maps and lists.

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
    let _ = serde_path_to_error::deserialize::<_, T>(De {
        value,
        path: Vec::new(),
        found: Some(&found),
    });
    found.into_inner()
}

/// The deserializer a typed object is read with (see the module doc).
pub fn reader(value: &Value) -> De<'_, 'static> {
    De {
        value,
        path: Vec::new(),
        found: None,
    }
}

type Found = RefCell<HashMap<Vec<Step>, &'static [&'static str]>>;

pub struct De<'v, 'f> {
    value: &'v Value,
    /// Kept only when fields are written down.
    path: Vec<Step>,
    found: Option<&'f Found>,
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
        if let Some(found) = self.found {
            found.borrow_mut().insert(self.path.clone(), fields);
        }
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

pub struct Seq<'f, I> {
    items: I,
    path: Vec<Step>,
    found: Option<&'f Found>,
}

impl<'de, I: Iterator<Item = (usize, &'de Value)>> SeqAccess<'de> for Seq<'_, I> {
    type Error = serde_json::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Self::Error> {
        let Some((i, value)) = self.items.next() else {
            return Ok(None);
        };
        let path = match self.found {
            Some(_) => [self.path.as_slice(), &[Step::Index(i)]].concat(),
            None => Vec::new(),
        };
        seed.deserialize(De {
            value,
            path,
            found: self.found,
        })
        .map(Some)
    }
}

pub struct Entries<'v, 'f> {
    iter: serde_json::map::Iter<'v>,
    /// The entry whose key was read last, for its value.
    pending: Option<(&'v String, &'v Value)>,
    path: Vec<Step>,
    found: Option<&'f Found>,
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
        let path = match self.found {
            Some(_) => [self.path.as_slice(), &[Step::Key(key.clone())]].concat(),
            None => Vec::new(),
        };
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

    /// The reader gives what serde_json's own `&Value` deserializer gives:
    /// the same values, the same errors at the same paths.
    #[test]
    fn k8s_fields_reader_reads_as_serde_json_does() {
        use k8s_openapi::api::apps::v1::StatefulSet;
        use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
        fn same<T: DeserializeOwned + PartialEq + std::fmt::Debug>(value: &Value) {
            let ours = serde_path_to_error::deserialize::<_, T>(reader(value));
            let theirs = serde_path_to_error::deserialize::<_, T>(value);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
                (Err(a), Err(b)) => {
                    assert_eq!(a.path().to_string(), b.path().to_string(), "{value}");
                    assert_eq!(a.into_inner().to_string(), b.into_inner().to_string(), "{value}");
                }
                (a, b) => panic!("{value}: {:?} against {:?}", a.map(|_| ()), b.map(|_| ())),
            }
        }
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "b"},
            "creationTimestamp": "2024-01-02T03:04:05Z"},
            "spec": {"containers": [{"name": "srs", "image": "ossrs/srs:5", "args": ["-c", "x.conf"],
                "ports": [{"containerPort": 1935, "protocol": "TCP"}], "env": [{"name": "A", "value": "1"}],
                "resources": {"limits": {"cpu": "500m"}}}],
                "volumes": [{"name": "v", "configMap": {"name": "c", "items": [{"key": "k", "path": "p"}]}}]}});
        same::<Pod>(&pod);
        for bad in [
            json!({"spec": {"containers": [{"name": "srs", "ports": [{"containerPort": "1935"}]}]}}),
            json!({"spec": {"containers": [{"name": 5}]}}),
            json!({"spec": {"containers": {"name": "srs"}}}),
            json!({"spec": {"containers": [{"name": "srs", "ports": [{"containerPort": 99_999_999_999_i64}]}]}}),
            json!({"metadata": {"labels": ["a"]}}),
            json!({"metadata": {"creationTimestamp": "yesterday"}}),
            json!({"spec": {"containers": [{"name": "srs", "stdin": "yes"}]}}),
            json!({"spec": {"containers": [{"name": "srs", "ports": [{"containerPort": 1.5}]}]}}),
            json!({"spec": {"containers": [{"name": "srs"}], "hostNetwork": null}}),
            json!("a string"),
            json!([1, 2]),
        ] {
            same::<Pod>(&bad);
        }
        same::<StatefulSet>(&json!({"spec": {"replicas": "3", "selector": {}, "template": {}}}));
        same::<StatefulSet>(
            &json!({"spec": {"replicas": 3, "serviceName": "socs", "selector": {"matchLabels": {"app": "o"}},
            "template": {"spec": {"containers": []}}, "ordinals": {"start": 2}}}),
        );
        same::<PersistentVolumeClaim>(&json!({"spec": {"resources": {"requests": {"storage": "1Gi"}},
            "accessModes": ["ReadWriteMany"], "selector": {"matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}]}}}));
        same::<PersistentVolumeClaim>(&json!({"spec": {"resources": {"requests": {"storage": 5}}}}));
        same::<Service>(
            &json!({"spec": {"ports": [{"port": 80, "targetPort": "http"}, {"port": 81, "targetPort": 8081}],
            "selector": {"app": "x"}, "type": "LoadBalancer"}}),
        );
        same::<Service>(&json!({"spec": {"ports": [{"port": 80, "targetPort": true}]}}));
    }

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
