//! Label maps (a pod's labels, a service's selector): small string maps,
//! read in key order as Kubernetes prints them.
//!
//! A `BTreeMap<String, String>` of two labels costs a 500-byte tree leaf and
//! an allocation per string; a large run holds one for every pod and
//! service it models (27 of the 235 MB heap of 22,000 documents). Here
//! the pairs sit sorted in one boxed slice, and strings of up to 24 bytes
//! (most keys and values) inline.

use compact_str::CompactString;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;

/// A map of label keys to values, sorted by key; a key appears once.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels(Box<[(CompactString, CompactString)]>);

impl Labels {
    pub fn new() -> Self {
        Labels::default()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|i| self.0[i].1.as_str())
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, replacing a value it had. Rebuilds the
    /// slice: labels are set while a pod is made, a handful at a time.
    pub fn insert(&mut self, key: impl Into<CompactString>, value: impl Into<CompactString>) {
        let (key, value) = (key.into(), value.into());
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => {
                let mut pairs = std::mem::take(&mut self.0).into_vec();
                pairs.insert(i, (key, value));
                self.0 = pairs.into_boxed_slice();
            }
        }
    }

    /// The pairs in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

/// The last value of a key wins, as when a map is filled in order.
impl<K: Into<CompactString>, V: Into<CompactString>> FromIterator<(K, V)> for Labels {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut pairs: Vec<(CompactString, CompactString)> =
            iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        // Stable: equal keys keep their order, and the last is kept.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(CompactString, CompactString)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match kept.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => kept.push(pair),
            }
        }
        Labels(kept.into_boxed_slice())
    }
}

impl From<BTreeMap<String, String>> for Labels {
    fn from(map: BTreeMap<String, String>) -> Self {
        // Already sorted and unique.
        Labels(map.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (CompactString, CompactString)>,
        fn(&'a (CompactString, CompactString)) -> (&'a str, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl std::fmt::Debug for Labels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A JSON object in key order, as the `BTreeMap` it replaces was written.
impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Labels;

    #[test]
    fn reads_in_key_order_and_the_last_value_wins() {
        let labels: Labels = [("b", "1"), ("a", "2"), ("b", "3")].into_iter().collect();
        assert_eq!(labels.iter().collect::<Vec<_>>(), [("a", "2"), ("b", "3")]);
        assert_eq!(labels.get("b"), Some("3"));
        assert_eq!(labels.get("c"), None);
        assert!(labels.contains_key("a"));
    }

    #[test]
    fn insert_keeps_the_order_and_replaces() {
        let mut labels = Labels::new();
        labels.insert("statefulset.kubernetes.io/pod-name", "srs-origin-0");
        labels.insert("app", "srs-origin");
        labels.insert("app", "srs");
        assert_eq!(
            labels.iter().collect::<Vec<_>>(),
            [("app", "srs"), ("statefulset.kubernetes.io/pod-name", "srs-origin-0")]
        );
        assert_eq!(labels.len(), 2);
    }

    #[test]
    fn serialises_as_a_map_in_key_order() {
        let labels: Labels = [("z", "1"), ("a", "2")].into_iter().collect();
        assert_eq!(serde_json::to_string(&labels).unwrap(), r#"{"a":"2","z":"1"}"#);
        assert_eq!(format!("{labels:?}"), r#"{"a": "2", "z": "1"}"#);
    }

    #[test]
    fn is_far_smaller_than_a_btree_map() {
        assert_eq!(std::mem::size_of::<Labels>(), 16);
    }
}
