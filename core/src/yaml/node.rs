//! A YAML document as a tree in which every node keeps its span, so every
//! finding in a manifest points at its line. Typed access (k8s-openapi) is
//! for meaning; this tree is for where. `k8s::decode` joins the two by path.

use crate::source::{FileId, Origin, Segment, Span};
use compact_str::CompactString;
use serde::Serialize;
use smallvec::SmallVec;
use std::ops::Deref;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A scalar's runs, read as a slice: one inline, several boxed (a block
/// scalar has one a line). 16 bytes, where a `SmallVec` of one is 24: a
/// manifest has hundreds of thousands of scalars.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Runs {
    #[default]
    None,
    One(Segment),
    Many(Box<Vec<Segment>>),
}

impl Deref for Runs {
    type Target = [Segment];

    fn deref(&self) -> &[Segment] {
        match self {
            Runs::None => &[],
            Runs::One(s) => std::slice::from_ref(s),
            Runs::Many(v) => v,
        }
    }
}

impl From<SmallVec<[Segment; 1]>> for Runs {
    fn from(mut v: SmallVec<[Segment; 1]>) -> Self {
        match v.len() {
            0 => Runs::None,
            1 => Runs::One(v[0]),
            _ => {
                v.shrink_to_fit();
                Runs::Many(Box::new(v.into_vec()))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scalar {
    /// The value after YAML's unquoting, folding and escapes. Most values
    /// in a manifest are short: kept inline, with no allocation of their own.
    pub value: CompactString,
    pub style: ScalarStyle,
    /// Where each run of `value` stands in the file: lets an SRS config
    /// inside a block scalar be linted with positions in the YAML file.
    /// Most scalars are one run: kept inline.
    #[serde(skip)]
    pub segments: Runs,
    /// True when every segment is the file's bytes unchanged (block scalars,
    /// plain and single-line quoted scalars without escapes).
    pub verbatim: bool,
}

impl Scalar {
    /// Where the value stands in `parent`, the file this scalar was read
    /// from: lets the value be added to [`crate::source::Sources`] as an
    /// embedded file (an SRS config in a ConfigMap) whose spans map back.
    pub fn origin(&self, parent: FileId) -> Origin {
        Origin {
            parent,
            segments: self.segments.to_vec(),
            verbatim: self.verbatim,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum NodeKind {
    Scalar(Scalar),
    Seq { items: Vec<Node> },
    Map { entries: Vec<(Node, Node)> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub kind: NodeKind,
    /// The whole node, from its first to its last character.
    pub span: Span,
    /// An explicit tag (`!!str`, `!custom`), if any. Boxed twice: tags
    /// are rare, and a node is the unit of a manifest's memory.
    pub tag: Option<Box<String>>,
}

impl Node {
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref().map(String::as_str)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// The value of `key` in a mapping (the first, as Kubernetes reads it).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map { entries } => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key node of `key`, for pointing at a field's name.
    pub fn key(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map { entries } => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(k, _)| k),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq { items } => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map { entries } => entries,
            _ => &[],
        }
    }

    /// Follows a path of map keys and sequence indexes (`["spec", "replicas"]`,
    /// `["containers", "0", "image"]`).
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match &node.kind {
                NodeKind::Map { .. } => node.get(step)?,
                NodeKind::Seq { items } => items.get(step.parse::<usize>().ok()?)?,
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }
}

/// One document of a YAML stream (`---` separated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    /// `None` for an empty document.
    pub root: Option<Node>,
    /// From the document's first to its last character (or its `---`).
    pub span: Span,
}
