//! A YAML document as a tree in which every node keeps its span, so every
//! finding in a manifest points at its line. Typed access (k8s-openapi) is
//! for meaning; this tree is for where. `k8s::decode` joins the two by path.

use crate::source::{FileId, Origin, Segment, Span};
use compact_str::CompactString;
use serde::Serialize;
use smallvec::SmallVec;

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scalar {
    /// The value after YAML's unquoting, folding and escapes. Most values
    /// in a manifest are short: kept inline, with no allocation of their own.
    pub value: CompactString,
    pub style: ScalarStyle,
    /// True when every segment is the file's bytes unchanged (block scalars,
    /// plain and single-line quoted scalars without escapes).
    pub verbatim: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum NodeKind {
    Scalar(Scalar),
    Seq { items: Vec<Node> },
    Map { entries: Vec<(Node, Node)> },
}

/// A node is the unit of a manifest's memory (a 22,000-document file has
/// a million): 56 bytes, with what few nodes have (a tag, the runs of a
/// scalar that is not one run at its start) boxed apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub kind: NodeKind,
    /// The whole node, from its first to its last character.
    pub span: Span,
    #[serde(rename = "tag", serialize_with = "tag_of")]
    extra: Option<Box<Extra>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Extra {
    /// An explicit tag (`!!str`, `!custom`).
    tag: Option<String>,
    /// A scalar's runs when they are not the one run [`Node::segments`]
    /// derives from the span.
    runs: Option<Vec<Segment>>,
}

// serde's `serialize_with` hands over a reference to the field as it is.
#[allow(clippy::ref_option)]
fn tag_of<S: serde::Serializer>(extra: &Option<Box<Extra>>, s: S) -> Result<S::Ok, S::Error> {
    extra.as_ref().and_then(|e| e.tag.as_deref()).serialize(s)
}

impl Node {
    /// A scalar node whose value maps to the file through `runs` (see
    /// [`Node::segments`]).
    pub fn scalar(scalar: Scalar, span: Span, tag: Option<String>, runs: &[Segment]) -> Node {
        let mut node = Node {
            kind: NodeKind::Scalar(scalar),
            span,
            extra: None,
        };
        let derived = node.derived_run();
        if runs != derived.as_slice() {
            node.extra_mut().runs = Some(runs.to_vec());
        }
        if tag.is_some() {
            node.extra_mut().tag = tag;
        }
        node
    }

    /// A sequence or mapping node.
    pub fn collection(kind: NodeKind, span: Span, tag: Option<String>) -> Node {
        Node {
            kind,
            span,
            extra: tag.map(|tag| {
                Box::new(Extra {
                    tag: Some(tag),
                    runs: None,
                })
            }),
        }
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// An explicit tag (`!!str`, `!custom`), if any.
    pub fn tag(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.tag.as_deref())
    }

    /// Where each run of a scalar's value stands in the file: lets an SRS
    /// config inside a block scalar be linted with positions in the YAML
    /// file. Empty for collections.
    pub fn segments(&self) -> SmallVec<[Segment; 1]> {
        match self.extra.as_ref().and_then(|e| e.runs.as_ref()) {
            Some(runs) => SmallVec::from_slice(runs),
            None => self.derived_run(),
        }
    }

    /// The run most scalars are: the whole value, written at the span's
    /// start (after the quote of a quoted one).
    fn derived_run(&self) -> SmallVec<[Segment; 1]> {
        let Some(s) = self.as_scalar() else {
            return SmallVec::new();
        };
        if s.value.is_empty() {
            return SmallVec::new();
        }
        let quote = u32::from(matches!(s.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted));
        SmallVec::from_buf([Segment {
            frag: 0,
            orig: self.span.start + quote,
            len: s.value.len() as u32,
        }])
    }

    /// Moves the node (an alias's copy) to `span`, its runs staying where
    /// the anchored text is.
    #[must_use]
    pub fn moved_to(mut self, span: Span) -> Node {
        if self.as_scalar().is_some() && self.extra.as_ref().is_none_or(|e| e.runs.is_none()) {
            let runs = self.derived_run().to_vec();
            self.extra_mut().runs = Some(runs);
        }
        self.span = span;
        self
    }

    /// Where a scalar's value stands in `parent`, the file this node was
    /// read from: lets the value be added to [`crate::source::Sources`] as
    /// an embedded file (an SRS config in a ConfigMap) whose spans map back.
    pub fn origin(&self, parent: FileId) -> Option<Origin> {
        let s = self.as_scalar()?;
        Some(Origin {
            parent,
            segments: self.segments().to_vec(),
            verbatim: s.verbatim,
        })
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
