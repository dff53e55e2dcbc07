//! Paths into an object (`spec.template.spec.containers[0].image`): the
//! join between a typed value (serde's error paths, the round-trip walk)
//! and the YAML nodes that say where.

use super::json;
use crate::yaml::{Node, NodeKind};
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl From<&str> for Step {
    fn from(key: &str) -> Self {
        Step::Key(key.to_string())
    }
}

impl From<usize> for Step {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

/// The steps of a serde error path. Enum variants and unknown steps (which
/// k8s-openapi's types do not produce) are left out.
pub fn from_serde(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            _ => None,
        })
        .collect()
}

/// `spec.template.spec.containers[0].image`; keys that are not plain words
/// in brackets: `selector["statefulset.kubernetes.io/pod-name"]`.
pub fn display(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Step::Key(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                let _ = write!(out, "[{}]", serde_json::Value::String(k.clone()));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(the object)");
    }
    out
}

/// Where a path leads in a YAML tree.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    /// The deepest node reached.
    pub value: Node<'a>,
    /// The key node of the last step, when it was a mapping key.
    pub key: Option<Node<'a>>,
    /// Whether every step was found.
    pub complete: bool,
}

impl<'a> Found<'a> {
    /// The key when there is one, else the value: where a field is named.
    pub fn key_or_value(&self) -> Node<'a> {
        self.key.unwrap_or(self.value)
    }
}

/// Follows `path` from `root`, reading keys as Kubernetes does (YAML 1.1
/// keys, merge keys, the last of repeated keys); stops at the deepest node
/// it finds. A `Key` step of digits also indexes a list.
pub fn find<'a>(root: Node<'a>, path: &[Step]) -> Found<'a> {
    find_by(
        root,
        path.iter().map(|s| match s {
            Step::Key(k) => StepRef::Key(k),
            Step::Index(i) => StepRef::Index(*i),
        }),
    )
}

/// [`find`] with keys as written in a call (`&["spec", "replicas"]`): the
/// checks look up paths by the hundred thousand, with nothing to allocate.
pub fn find_str<'a>(root: Node<'a>, path: &[&str]) -> Found<'a> {
    find_by(root, path.iter().map(|&k| StepRef::Key(k)))
}

#[derive(Clone, Copy)]
enum StepRef<'s> {
    Key(&'s str),
    Index(usize),
}

fn find_by<'a, 's>(root: Node<'a>, path: impl Iterator<Item = StepRef<'s>>) -> Found<'a> {
    let mut found = Found {
        value: root,
        key: None,
        complete: true,
    };
    for step in path {
        let next = match (found.value.kind(), step) {
            (NodeKind::Map { .. }, StepRef::Key(k)) => json::get(found.value, k).map(|e| (Some(e.key), e.value)),
            (NodeKind::Seq { items }, StepRef::Index(i)) => items.get(i).map(|n| (None, n)),
            (NodeKind::Seq { items }, StepRef::Key(k)) => {
                k.parse::<usize>().ok().and_then(|i| items.get(i)).map(|n| (None, n))
            }
            _ => None,
        };
        let Some((key, value)) = next else {
            found.complete = false;
            break;
        };
        found.key = key;
        found.value = value;
    }
    found
}

/// The node at a path of keys and list indexes (`["spec", "ports", "0"]`).
pub fn at<'a>(root: Node<'a>, path: &[&str]) -> Option<Node<'a>> {
    let found = find_str(root, path);
    found.complete.then_some(found.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn k8s_path_display() {
        let p = [
            Step::from("spec"),
            Step::from("containers"),
            Step::Index(0),
            Step::from("image"),
        ];
        assert_eq!(display(&p), "spec.containers[0].image");
        let p = [Step::from("selector"), Step::from("app.kubernetes.io/name")];
        assert_eq!(display(&p), "selector[\"app.kubernetes.io/name\"]");
        assert_eq!(display(&[]), "(the object)");
    }

    #[test]
    fn k8s_path_find_reads_keys_like_kubernetes() {
        let text = "a:\n  on: x\n  l: [p, q]\n  k: 1\n  k: 2\n";
        let (docs, _) = crate::yaml::parse_stream(FileId(0), text);
        let root = docs[0].root().unwrap();
        assert_eq!(at(root, &["a", "true"]).and_then(|n| n.as_str()), Some("x"));
        assert_eq!(at(root, &["a", "l", "1"]).and_then(|n| n.as_str()), Some("q"));
        assert_eq!(at(root, &["a", "k"]).and_then(|n| n.as_str()), Some("2"));
        let f = find(root, &[Step::from("a"), Step::from("nope"), Step::from("x")]);
        assert!(!f.complete);
        assert_eq!(f.value.span.start, 5);
    }
}
