//! A YAML document as a tree in which every node keeps its span, so every
//! finding in a manifest points at its line. Typed access (k8s-openapi) is
//! for meaning; this tree is for where. `k8s::decode` joins the two by path.
//!
//! A 22,000-document manifest has a million nodes, so the tree is an arena:
//! each document's nodes are 20-byte records in one array (a collection's
//! children side by side, found by index), its scalar values one string
//! (or, when the parser was given the file's text to share, ranges of that
//! text for the values that are one run of it unchanged), and what few
//! nodes have (a tag, the runs of a scalar that is not one run at its start)
//! a table apart. A [`Node`] is a copyable handle into it.

use crate::source::{FileId, Origin, Segment, Span};
use serde::Serialize;
use smallvec::SmallVec;
use std::fmt;
use std::sync::Arc;

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

impl ScalarStyle {
    const ALL: [ScalarStyle; 5] = [
        ScalarStyle::Plain,
        ScalarStyle::SingleQuoted,
        ScalarStyle::DoubleQuoted,
        ScalarStyle::Literal,
        ScalarStyle::Folded,
    ];

    fn is_quoted(self) -> bool {
        matches!(self, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scalar<'t> {
    /// The value after YAML's unquoting, folding and escapes.
    pub value: &'t str,
    pub style: ScalarStyle,
    /// True when every segment is the file's bytes unchanged (block scalars,
    /// plain and single-line quoted scalars without escapes).
    pub verbatim: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind<'t> {
    Scalar(Scalar<'t>),
    Seq { items: Items<'t> },
    Map { entries: Entries<'t> },
}

const KIND_SCALAR: u32 = 0;
const KIND_SEQ: u32 = 1;
const KIND_MAP: u32 = 2;
const STYLE_SHIFT: u32 = 2;
const VERBATIM: u32 = 1 << 5;
/// The value is the file's text at `a..a + b`, not the tree's own.
const IN_SOURCE: u32 = 1 << 6;
const EXTRA_SHIFT: u32 = 7;

/// One node of the arena. A scalar's `a..a + b` is its value in the tree's
/// text, or in the file's where the value is one run of it unchanged (most
/// plain values); a collection's children are the records `a..a + b` (a
/// mapping's alternate key, value). `meta` packs the kind, a scalar's style,
/// verbatim and in-source flags, and one more than the index of its
/// [`Extra`] (0: none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Raw {
    pub(crate) start: u32,
    pub(crate) end: u32,
    a: u32,
    b: u32,
    meta: u32,
}

impl Raw {
    pub(crate) fn scalar(start: u32, end: u32, value: Value, style: ScalarStyle, verbatim: bool) -> Raw {
        let style = ScalarStyle::ALL.iter().position(|s| *s == style).unwrap_or(0) as u32;
        let ((a, b), place) = match value {
            Value::Own(at, len) => ((at, len), 0),
            Value::InSource(at, len) => ((at, len), IN_SOURCE),
        };
        Raw {
            start,
            end,
            a,
            b,
            meta: KIND_SCALAR | style << STYLE_SHIFT | if verbatim { VERBATIM } else { 0 } | place,
        }
    }

    pub(crate) fn collection(start: u32, end: u32, map: bool, children: (u32, u32)) -> Raw {
        Raw {
            start,
            end,
            a: children.0,
            b: children.1,
            meta: if map { KIND_MAP } else { KIND_SEQ },
        }
    }

    fn kind(self) -> u32 {
        self.meta & 3
    }

    pub(crate) fn is_scalar(self) -> bool {
        self.kind() == KIND_SCALAR
    }

    pub(crate) fn style(self) -> ScalarStyle {
        ScalarStyle::ALL[((self.meta >> STYLE_SHIFT) & 7) as usize % ScalarStyle::ALL.len()]
    }

    fn verbatim(self) -> bool {
        self.meta & VERBATIM != 0
    }

    pub(crate) fn in_source(self) -> bool {
        self.meta & IN_SOURCE != 0
    }

    /// A scalar's value in the tree's text, as a range.
    pub(crate) fn value_range(self) -> std::ops::Range<usize> {
        self.a as usize..(self.a + self.b) as usize
    }

    pub(crate) fn extra(self) -> Option<usize> {
        (self.meta >> EXTRA_SHIFT).checked_sub(1).map(|i| i as usize)
    }

    pub(crate) fn with_extra(mut self, index: Option<usize>) -> Raw {
        let field = index.map_or(0, |i| i as u32 + 1);
        self.meta = (self.meta & ((1 << EXTRA_SHIFT) - 1)) | field << EXTRA_SHIFT;
        self
    }

    pub(crate) fn moved(mut self, start: u32, end: u32) -> Raw {
        self.start = start;
        self.end = end;
        self
    }

    /// The run most scalars are: the whole value, written at the span's
    /// start (after the quote of a quoted one).
    pub(crate) fn derived_run(self) -> SmallVec<[Segment; 1]> {
        if !self.is_scalar() || self.b == 0 {
            return SmallVec::new();
        }
        SmallVec::from_buf([Segment {
            frag: 0,
            orig: self.start + u32::from(self.style().is_quoted()),
            len: self.b,
        }])
    }
}

/// Where a scalar's value is: `(offset, length)` in the tree's own text or in
/// the file's.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Value {
    Own(u32, u32),
    InSource(u32, u32),
}

/// The largest extra index `meta` can hold; a document has at most
/// `Limits::max_nodes` nodes, far fewer.
pub(crate) const MAX_EXTRAS: usize = (1 << (32 - EXTRA_SHIFT)) - 2;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Extra {
    /// An explicit tag (`!!str`, `!custom`).
    pub(crate) tag: Option<Box<str>>,
    /// A scalar's runs when they are not the one run [`Node::segments`]
    /// derives from the span.
    pub(crate) runs: Option<Box<[Segment]>>,
}

/// The nodes of one document, in one allocation each: see the module doc.
#[derive(Debug, PartialEq, Eq)]
pub struct Tree {
    file: FileId,
    nodes: Box<[Raw]>,
    text: Box<str>,
    extras: Box<[Extra]>,
    /// The file's text, when the parser was given it to share.
    source: Option<Arc<String>>,
}

impl Tree {
    pub(crate) fn new(file: FileId, nodes: &[Raw], text: &str, extras: &[Extra], source: Option<Arc<String>>) -> Tree {
        Tree {
            file,
            nodes: nodes.into(),
            text: text.into(),
            extras: extras.into(),
            source,
        }
    }

    /// The node at `id` (an index the builder handed out).
    pub fn node(&self, id: u32) -> Node<'_> {
        let raw = self.nodes[id as usize];
        Node {
            tree: self,
            id,
            span: Span {
                file: self.file,
                start: raw.start,
                end: raw.end,
            },
        }
    }

    /// Bytes held (the shared file text aside), for tests that watch the
    /// tree's size.
    pub fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.nodes) + self.text.len() + std::mem::size_of_val(&*self.extras)
    }
}

/// A node of a [`Tree`]: a handle, copied freely; what it reads lives as
/// long as the tree.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    id: u32,
    /// The whole node, from its first to its last character.
    pub span: Span,
}

impl<'t> Node<'t> {
    fn raw(&self) -> Raw {
        self.tree.nodes[self.id as usize]
    }

    pub fn kind(&self) -> NodeKind<'t> {
        let raw = self.raw();
        match raw.kind() {
            KIND_SCALAR => NodeKind::Scalar(self.scalar()),
            KIND_SEQ => NodeKind::Seq {
                items: Items {
                    tree: Some(self.tree),
                    next: raw.a,
                    end: raw.a + raw.b,
                },
            },
            _ => NodeKind::Map {
                entries: Entries {
                    tree: Some(self.tree),
                    next: raw.a,
                    end: raw.a + raw.b,
                },
            },
        }
    }

    fn scalar(&self) -> Scalar<'t> {
        let raw = self.raw();
        let text = match (&self.tree.source, raw.in_source()) {
            (Some(source), true) => source.as_str(),
            _ => &self.tree.text,
        };
        Scalar {
            value: text.get(raw.value_range()).unwrap_or_default(),
            style: raw.style(),
            verbatim: raw.verbatim(),
        }
    }

    fn extra(&self) -> Option<&'t Extra> {
        self.raw().extra().and_then(|i| self.tree.extras.get(i))
    }

    /// An explicit tag (`!!str`, `!custom`), if any.
    pub fn tag(&self) -> Option<&'t str> {
        self.extra().and_then(|e| e.tag.as_deref())
    }

    /// Where each run of a scalar's value stands in the file: lets an SRS
    /// config inside a block scalar be linted with positions in the YAML
    /// file. Empty for collections.
    pub fn segments(&self) -> SmallVec<[Segment; 1]> {
        match self.extra().and_then(|e| e.runs.as_deref()) {
            Some(runs) => SmallVec::from_slice(runs),
            None => self.raw().derived_run(),
        }
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

    pub fn as_scalar(&self) -> Option<Scalar<'t>> {
        self.raw().is_scalar().then(|| self.scalar())
    }

    pub fn as_str(&self) -> Option<&'t str> {
        self.as_scalar().map(|s| s.value)
    }

    /// The value of `key` in a mapping (the first, as Kubernetes reads it).
    pub fn get(&self, key: &str) -> Option<Node<'t>> {
        self.entries().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }

    /// The key node of `key`, for pointing at a field's name.
    pub fn key(&self, key: &str) -> Option<Node<'t>> {
        self.entries().find(|(k, _)| k.as_str() == Some(key)).map(|(k, _)| k)
    }

    /// A sequence's items; none for anything else.
    pub fn items(&self) -> Items<'t> {
        match self.kind() {
            NodeKind::Seq { items } => items,
            _ => Items::default(),
        }
    }

    /// A mapping's entries; none for anything else.
    pub fn entries(&self) -> Entries<'t> {
        match self.kind() {
            NodeKind::Map { entries } => entries,
            _ => Entries::default(),
        }
    }

    /// Follows a path of map keys and sequence indexes (`["spec", "replicas"]`,
    /// `["containers", "0", "image"]`).
    pub fn at(&self, path: &[&str]) -> Option<Node<'t>> {
        let mut node = *self;
        for step in path {
            node = match node.kind() {
                NodeKind::Map { .. } => node.get(step)?,
                NodeKind::Seq { items } => items.get(step.parse::<usize>().ok()?)?,
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }
}

/// Nodes are equal when they read the same and stand in the same place,
/// whichever trees hold them.
impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span
            && self.tag() == other.tag()
            && self.segments() == other.segments()
            && self.kind() == other.kind()
    }
}

impl Eq for Node<'_> {}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Node");
        s.field("span", &self.span);
        if let Some(tag) = self.tag() {
            s.field("tag", &tag);
        }
        match self.kind() {
            NodeKind::Scalar(v) => s.field("scalar", &v),
            NodeKind::Seq { items } => s.field("items", &items.collect::<Vec<_>>()),
            NodeKind::Map { entries } => s.field("entries", &entries.collect::<Vec<_>>()),
        };
        s.finish()
    }
}

/// What a list of children has of a slice: `iter`, equality by element,
/// a list's `Debug`.
macro_rules! children_list {
    ($list:ident, $item:ty) => {
        impl<'t> $list<'t> {
            /// The children again, from this point on (as a slice's `iter`).
            #[must_use]
            pub fn iter(&self) -> $list<'t> {
                self.clone()
            }
        }

        impl<'t> IntoIterator for &$list<'t> {
            type Item = $item;
            type IntoIter = $list<'t>;

            fn into_iter(self) -> $list<'t> {
                self.clone()
            }
        }

        impl ExactSizeIterator for $list<'_> {}

        impl PartialEq for $list<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
            }
        }

        impl Eq for $list<'_> {}

        impl fmt::Debug for $list<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }
    };
}

children_list!(Items, Node<'t>);
children_list!(Entries, (Node<'t>, Node<'t>));

/// A sequence's items, in order.
#[derive(Clone, Default)]
pub struct Items<'t> {
    /// `None` for no items.
    tree: Option<&'t Tree>,
    next: u32,
    end: u32,
}

impl<'t> Items<'t> {
    pub fn get(&self, index: usize) -> Option<Node<'t>> {
        let id = u32::try_from(index).ok()?.checked_add(self.next)?;
        (id < self.end).then(|| self.tree.map(|t| t.node(id))).flatten()
    }

    pub fn first(&self) -> Option<Node<'t>> {
        self.get(0)
    }

    pub fn is_empty(&self) -> bool {
        self.next >= self.end
    }
}

impl<'t> Iterator for Items<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        self.tree.map(|t| t.node(self.next - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Items<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        self.tree.map(|t| t.node(self.end))
    }
}

/// A mapping's entries, key and value, in order.
#[derive(Clone, Default)]
pub struct Entries<'t> {
    /// `None` for no entries.
    tree: Option<&'t Tree>,
    next: u32,
    end: u32,
}

impl<'t> Entries<'t> {
    pub fn get(&self, index: usize) -> Option<(Node<'t>, Node<'t>)> {
        let id = u32::try_from(index).ok()?.checked_mul(2)?.checked_add(self.next)?;
        let tree = self.tree.filter(|_| id + 1 < self.end)?;
        Some((tree.node(id), tree.node(id + 1)))
    }

    pub fn first(&self) -> Option<(Node<'t>, Node<'t>)> {
        self.get(0)
    }

    pub fn is_empty(&self) -> bool {
        self.next + 1 >= self.end
    }
}

impl<'t> Iterator for Entries<'t> {
    type Item = (Node<'t>, Node<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next + 1 >= self.end {
            return None;
        }
        self.next += 2;
        self.tree.map(|t| (t.node(self.next - 2), t.node(self.next - 1)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.end.saturating_sub(self.next) / 2) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Entries<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next + 1 >= self.end {
            return None;
        }
        self.end -= 2;
        self.tree.map(|t| (t.node(self.end), t.node(self.end + 1)))
    }
}

/// A node with the tree it lives in, to be kept (a document's root, a
/// Kubernetes object's mapping): the tree is shared by the objects of one
/// document (the items of a `kind: List`).
#[derive(Clone)]
pub struct OwnedNode {
    tree: Arc<Tree>,
    id: u32,
}

impl OwnedNode {
    pub(crate) fn new(tree: Arc<Tree>, id: u32) -> OwnedNode {
        OwnedNode { tree, id }
    }

    pub fn node(&self) -> Node<'_> {
        self.tree.node(self.id)
    }

    /// A node of this tree (found from [`OwnedNode::node`]), to keep.
    #[must_use]
    pub fn child(&self, node: Node<'_>) -> OwnedNode {
        debug_assert!(
            std::ptr::eq(node.tree, Arc::as_ptr(&self.tree)),
            "a node of another tree"
        );
        OwnedNode::new(self.tree.clone(), node.id)
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }
}

impl PartialEq for OwnedNode {
    fn eq(&self, other: &Self) -> bool {
        self.node() == other.node()
    }
}

impl fmt::Debug for OwnedNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node().fmt(f)
    }
}

/// One document of a YAML stream (`---` separated).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// `None` for an empty document.
    pub root: Option<OwnedNode>,
    /// From the document's first to its last character (or its `---`).
    pub span: Span,
}

impl Document {
    pub fn root(&self) -> Option<Node<'_>> {
        self.root.as_ref().map(OwnedNode::node)
    }
}
