//! A YAML stream into [`Document`]s whose every node has its byte span.
//!
//! Events come from `saphyr-parser` (pure Rust, `no_std` + `alloc`, so it
//! builds for wasm32), pulled one at a time with `Parser::next_event`: its
//! state machine keeps an explicit stack, so neither it nor the tree builder
//! here recurses on the input's nesting. Its positions are character
//! indexes; [`CharOffsets`] turns them into byte offsets.
//!
//! Hostile input is bounded by [`Limits`]: stream and document size, the
//! number of documents, nesting depth, and the nodes (and bytes) a document
//! may grow to once aliases are copied, so an alias bomb stops at the first
//! alias that would cross the bound. Each bound crossed is one `SRS403`
//! diagnostic and the end of reading; the documents finished before it are
//! returned.
//!
//! Aliases are resolved by copying the anchored node's record (the copy gets
//! the alias's span; its children, shared with the anchored node, keep the
//! anchored text's spans). The bounds count an alias as the full copy that
//! readers of the tree (JSON for Kubernetes) make of it. Merge keys
//! (`<<: *base`) stay ordinary entries: nothing is merged.

use super::node::{Document, Extra, OwnedNode, Raw, ScalarStyle, Tree, Value, MAX_EXTRAS};
use super::offsets::CharOffsets;
use super::resolve::{resolve_plain, PlainValue};
use super::scalar;
use crate::checks::kubernetes::{yaml_duplicate_key, yaml_limit, yaml_syntax_error};
use crate::diagnostic::Diagnostic;
use crate::hash::HashMap;
use crate::source::{FileId, Segment, Span};
use saphyr_parser::{Event, Parser, ScanError, Tag};
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// 100 MiB: the default bound of a stream and of one document.
pub const MAX_BYTES: usize = 100 * 1024 * 1024;
/// Collection levels (`[`, `{`, block sequences and mappings) one inside
/// another.
pub const MAX_DEPTH: usize = 256;
/// Nodes in one document, alias copies included.
pub const MAX_NODES: usize = 1_000_000;
pub const MAX_DOCUMENTS: usize = 100_000;

/// The bounds of one parse. No real Kubernetes manifest comes near the
/// defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The whole stream, in bytes (at most `u32::MAX`: spans are `u32`).
    pub max_stream_bytes: usize,
    /// One document, in bytes of text; also the bytes of scalar values
    /// (and their segments) a document may hold once aliases are copied.
    pub max_document_bytes: usize,
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: MAX_BYTES,
            max_document_bytes: MAX_BYTES,
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_documents: MAX_DOCUMENTS,
        }
    }
}

impl Limits {
    /// The defaults, with the caller's size bound for streams and documents.
    #[must_use]
    pub fn with_max_bytes(max_bytes: usize) -> Self {
        Limits {
            max_stream_bytes: max_bytes,
            max_document_bytes: max_bytes,
            ..Limits::default()
        }
    }
}

/// Parses every document of a YAML stream with the default [`Limits`].
pub fn parse_stream(file: FileId, text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_stream_with(file, text, &Limits::default())
}

/// Parses every document of a YAML stream. Never panics; the diagnostics
/// are `SRS401` (syntax), `SRS402` (duplicate key) and `SRS403` (a bound
/// crossed), in file order.
pub fn parse_stream_with(file: FileId, text: &str, limits: &Limits) -> (Vec<Document>, Vec<Diagnostic>) {
    read(file, text, None, limits)
}

/// [`parse_stream`] of a file's text that the trees may share: values that
/// are one run of the file unchanged (most plain ones) are not copied.
pub fn parse_shared(file: FileId, text: &Arc<String>) -> (Vec<Document>, Vec<Diagnostic>) {
    read(file, text, Some(text), &Limits::default())
}

fn read(file: FileId, text: &str, source: Option<&Arc<String>>, limits: &Limits) -> (Vec<Document>, Vec<Diagnostic>) {
    let max_stream = limits.max_stream_bytes.min(u32::MAX as usize);
    if text.len() > max_stream {
        let d = yaml_limit::META
            .diagnostic(
                format!(
                    "the YAML stream is {} bytes, past srs-check's bound of {max_stream}",
                    text.len()
                ),
                Span::new(file, 0, 0),
                "not read",
            )
            .with_note("srs-check did not read this file.");
        return (Vec::new(), vec![d]);
    }

    // The parser takes NUL for the end of input and lets other control
    // characters through; Kubernetes' reader refuses them all.
    let cut = first_unprintable(text);
    let parsed = cut.map_or(text, |(pos, _)| &text[..pos]);
    let (mut docs, mut diags, last_explicit_end) = if let Some(read) = halves(file, parsed, source, limits) {
        read
    } else {
        let mut builder = Builder::new(file, parsed, limits);
        builder.source = source.cloned();
        builder.run();
        (builder.docs, builder.diags, builder.last_explicit_end)
    };
    if let Some((pos, c)) = cut {
        // The document holding the character is unfinished: drop it, and
        // the parser's complaints about the cut end.
        diags.retain(|d| (d.primary.span.start as usize) < pos);
        if !last_explicit_end {
            docs.pop();
        }
        let what = if c == '\0' {
            "a NUL byte".to_string()
        } else {
            format!("the control character U+{:04X}", u32::from(c))
        };
        diags.push(
            yaml_syntax_error::META
                .diagnostic(
                    format!("YAML syntax error: {what} (is this a binary file?)"),
                    Span::new(file, pos, pos + c.len_utf8()),
                    "not allowed in YAML",
                )
                .with_note("YAML allows no control characters other than tab and line breaks; Kubernetes refuses the file. srs-check stops reading here.")
                .with_help("Remove the character, or write it as an escape (`\\x01`) inside a double-quoted string."),
        );
    }
    diags.sort_by_key(|d| d.primary.span.start);
    (docs, diags)
}

/// YAML's `c-printable`: tab, line breaks, and everything printable.
fn is_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Streams shorter than this are read on one thread.
const PARALLEL_BYTES: usize = 1 << 20;

/// Reads a long stream in two halves at once, split at a `---` line near
/// the middle: a document marker at the start of a line ends whatever came
/// before it, so each half reads as it would in the whole. `None` (read it
/// whole) for a short stream, one with `%` directives (they apply to the
/// documents after them), no marker to split at, or when the first half did
/// not read to its end (a syntax error or bound there stops the whole
/// stream) or the halves together hold too many documents.
fn halves(
    file: FileId,
    text: &str,
    source: Option<&Arc<String>>,
    limits: &Limits,
) -> Option<(Vec<Document>, Vec<Diagnostic>, bool)> {
    if text.len() < PARALLEL_BYTES || text.starts_with('%') || text.contains("\n%") {
        return None;
    }
    let split = document_marker_from(text, text.len() / 2)?;
    let (mut first, second) = crate::parallel::join(
        || {
            let mut b = Builder::part(file, text, 0, split, limits);
            b.source = source.cloned();
            b.run();
            b
        },
        || {
            let mut b = Builder::part(file, text, split, text.len(), limits);
            b.source = source.cloned();
            b.run();
            b
        },
    );
    if first.stopped || first.doc.is_some() || first.docs.len() + second.docs.len() > limits.max_documents {
        return None;
    }
    first.docs.extend(second.docs);
    first.diags.extend(second.diags);
    Some((first.docs, first.diags, second.last_explicit_end))
}

/// The start of the first `---` line (the marker, then a blank or the line's
/// end) at or after `from`.
fn document_marker_from(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = text.get(at..)?.find("\n---") {
        let start = at + i + 1;
        if matches!(bytes.get(start + 3), None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
            return Some(start);
        }
        at = start;
    }
    None
}

fn first_unprintable(text: &str) -> Option<(usize, char)> {
    let bad = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b >= 0x7F;
    // Fast path over ASCII; only bytes that may be bad need a closer look.
    let mut from = 0;
    while let Some(i) = text.as_bytes()[from..].iter().position(|&b| bad(b)) {
        let at = from + i;
        let c = text[at..].chars().next()?;
        if !is_printable(c) {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
    None
}

/// The short form of a tag, as written: `!!str`, `!custom`.
fn tag_text(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

fn style_of(style: saphyr_parser::ScalarStyle) -> ScalarStyle {
    match style {
        saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    }
}

/// What a scalar costs in bytes, for the alias expansion bound.
fn scalar_cost(value: &str, runs: &[Segment]) -> usize {
    value.len() + std::mem::size_of_val(runs)
}

fn has_tag(raw: Raw, extras: &[Extra]) -> bool {
    raw.extra().and_then(|i| extras.get(i)).is_some_and(|e| e.tag.is_some())
}

fn is_empty_plain(raw: Raw, extras: &[Extra]) -> bool {
    raw.is_scalar() && raw.style() == ScalarStyle::Plain && raw.value_range().is_empty() && !has_tag(raw, extras)
}

/// Which keys are the same key to Kubernetes: plain scalars by their YAML
/// 1.1 value (`on` and `true` collide), others by their text. `<<` merge
/// keys and non-scalar keys are not compared.
fn key_identity<'a>(key: Raw, value: &'a str, extras: &[Extra]) -> Option<Cow<'a, str>> {
    if !key.is_scalar() {
        return None;
    }
    if key.style() != ScalarStyle::Plain || has_tag(key, extras) {
        return Some(Cow::Borrowed(value));
    }
    if value == "<<" {
        return None;
    }
    Some(match resolve_plain(value) {
        PlainValue::Null => Cow::Borrowed("null"),
        PlainValue::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        PlainValue::Int(i) => Cow::Owned(i.to_string()),
        PlainValue::Float(f) => Cow::Owned(format!("{f:?}")),
        PlainValue::Str => Cow::Borrowed(value),
    })
}

struct OpenDoc {
    start: usize,
    /// The end of its `---`, or `start`.
    head_end: usize,
    root: Option<Raw>,
}

/// A collection being read. Its children wait on the builder's scratch
/// stack, from `first` on, and move into the arena side by side when it
/// closes.
struct Frame {
    map: bool,
    first: usize,
    start: usize,
    /// The furthest end of a child, which ends a block collection.
    end: usize,
    flow: bool,
    tag: Option<String>,
    anchor: usize,
    nodes_before: usize,
    bytes_before: usize,
    /// Collection levels under this one.
    height: usize,
}

/// An anchored node, kept for its aliases, with what a copy costs.
struct Anchored {
    raw: Raw,
    nodes: usize,
    bytes: usize,
    height: usize,
}

/// What the cost of one finished node is.
struct Cost {
    height: usize,
    nodes: usize,
    bytes: usize,
}

struct Builder<'t> {
    file: FileId,
    text: &'t str,
    offsets: CharOffsets<'t>,
    limits: &'t Limits,
    docs: Vec<Document>,
    /// Whether the last document ended with `...`.
    last_explicit_end: bool,
    diags: Vec<Diagnostic>,
    doc: Option<OpenDoc>,
    stack: Vec<Frame>,
    /// The children of the open collections, innermost last.
    scratch: Vec<Raw>,
    /// The open document's finished collections' children ([`Tree`]).
    arena: Vec<Raw>,
    /// The open document's scalar values, one after another.
    values: String,
    extras: Vec<Extra>,
    /// By the parser's anchor id; cleared with each document.
    anchors: HashMap<usize, Anchored>,
    /// No `*` in the text means no alias: anchored nodes need no copy.
    keep_anchors: bool,
    /// Nodes and scalar bytes of the open document, copies included.
    nodes: usize,
    bytes: usize,
    /// Nodes and bytes held by `anchors`.
    anchored_nodes: usize,
    anchored_bytes: usize,
    /// The end of the parser's previous event.
    prev_end: usize,
    /// `text`, shared with the trees, when the caller has it so.
    source: Option<Arc<String>>,
    /// Where the part this builder reads starts in `text`, and ends.
    base: usize,
    end: usize,
    /// Whether reading stopped early (a syntax error, a bound crossed).
    stopped: bool,
}

impl<'t> Builder<'t> {
    fn new(file: FileId, text: &'t str, limits: &'t Limits) -> Self {
        Self::part(file, text, 0, text.len(), limits)
    }

    /// A builder that reads `text[base..end]`, with spans in `text`.
    fn part(file: FileId, text: &'t str, base: usize, end: usize, limits: &'t Limits) -> Self {
        Builder {
            file,
            text,
            offsets: CharOffsets::new(&text[base..end]),
            limits,
            docs: Vec::new(),
            last_explicit_end: false,
            diags: Vec::new(),
            doc: None,
            stack: Vec::new(),
            scratch: Vec::new(),
            arena: Vec::new(),
            values: String::new(),
            extras: Vec::new(),
            anchors: HashMap::default(),
            keep_anchors: text.contains('*'),
            nodes: 0,
            bytes: 0,
            anchored_nodes: 0,
            anchored_bytes: 0,
            prev_end: base,
            source: None,
            base,
            end,
            stopped: false,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end.max(start))
    }

    /// One character at `pos` (none at the end of the text).
    fn char_span(&self, pos: usize) -> Span {
        let len = self
            .text
            .get(pos..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        self.span(pos, pos + len)
    }

    fn run(&mut self) {
        let text = &self.text[self.base..self.end];
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            match next {
                Err(e) => {
                    self.scan_error(&e);
                    self.stopped = true;
                    return;
                }
                Ok((event, span)) => {
                    let start = self.base + self.offsets.byte(span.start.index());
                    let end = (self.base + self.offsets.byte(span.end.index())).max(start);
                    // An implicit document start spans the document's first
                    // token: the token before a block scalar's header is the
                    // one before it.
                    let implicit_start = event == Event::DocumentStart(false);
                    if !self.event(event, start, end) {
                        self.stopped = true;
                        return;
                    }
                    if !implicit_start {
                        self.prev_end = end;
                    }
                }
            }
        }
    }

    /// Handles one event; false to stop reading.
    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> bool {
        if let Some(doc) = &self.doc {
            if end.saturating_sub(doc.start) > self.limits.max_document_bytes {
                let at = self.char_span(start);
                return self.limit(
                    at,
                    format!(
                        "this YAML document is larger than srs-check's bound of {} bytes",
                        self.limits.max_document_bytes
                    ),
                );
            }
        }
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => true,
            Event::DocumentStart(explicit) => {
                if self.docs.len() >= self.limits.max_documents {
                    let at = self.char_span(start);
                    return self.limit(
                        at,
                        format!("the YAML stream has more than {} documents", self.limits.max_documents),
                    );
                }
                self.doc = Some(OpenDoc {
                    start,
                    head_end: if explicit { end } else { start },
                    root: None,
                });
                true
            }
            Event::DocumentEnd => {
                self.end_document(start, end);
                true
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = style_of(style);
                let mapped = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        scalar::map_block(self.text, start, self.prev_end, &value, style == ScalarStyle::Literal)
                    }
                    _ => scalar::map_flow(self.text, start, end, &value, style),
                };
                let cost = Cost {
                    height: 0,
                    nodes: 1,
                    bytes: scalar_cost(&value, &mapped.segments),
                };
                let raw = self.scalar(
                    mapped.start,
                    mapped.end,
                    &value,
                    style,
                    mapped.verbatim,
                    tag.map(|t| tag_text(&t)),
                    &mapped.segments,
                );
                self.add_node(raw, anchor, &cost)
            }
            Event::SequenceStart(anchor, tag) => self.open(start, end, anchor, tag.map(|t| tag_text(&t)), false),
            Event::MappingStart(anchor, tag) => self.open(start, end, anchor, tag.map(|t| tag_text(&t)), true),
            Event::SequenceEnd | Event::MappingEnd => self.close(end),
            Event::Alias(id) => self.alias(id, start, end),
        }
    }

    fn end_document(&mut self, start: usize, end: usize) {
        let Some(doc) = self.doc.take() else { return };
        let explicit = self.text.get(start..end) == Some("...");
        let root = doc.root.filter(|r| !is_empty_plain(*r, &self.extras));
        let mut doc_start = doc.start;
        let mut doc_end = doc.head_end;
        if let Some(r) = root {
            if doc.head_end == doc.start {
                doc_start = doc_start.min(r.start as usize);
            }
            doc_end = doc_end.max(r.end as usize);
        }
        if explicit {
            doc_end = doc_end.max(end);
        }
        let root = root.map(|r| {
            self.arena.push(r);
            let tree = Tree::new(self.file, &self.arena, &self.values, &self.extras, self.source.clone());
            OwnedNode::new(Arc::new(tree), (self.arena.len() - 1) as u32)
        });
        self.docs.push(Document {
            root,
            span: self.span(doc_start, doc_end),
        });
        self.last_explicit_end = explicit;
        self.stack.clear();
        self.scratch.clear();
        self.arena.clear();
        self.values.clear();
        self.extras.clear();
        self.anchors.clear();
        self.nodes = 0;
        self.bytes = 0;
        self.anchored_nodes = 0;
        self.anchored_bytes = 0;
    }

    fn open(&mut self, start: usize, end: usize, anchor: usize, tag: Option<String>, map: bool) -> bool {
        if self.stack.len() >= self.limits.max_depth {
            let at = self.char_span(scalar::skip_properties(self.text, start));
            return self.limit(
                at,
                format!(
                    "YAML nesting goes deeper than srs-check's bound of {} levels",
                    self.limits.max_depth
                ),
            );
        }
        if !self.count(1, 0, start) {
            return false;
        }
        // A flow collection's start event ends with its bracket; a block
        // one's is empty or ends before its first child.
        let flow = end > start && matches!(self.text.as_bytes()[end - 1], b'[' | b'{');
        self.stack.push(Frame {
            map,
            first: self.scratch.len(),
            start,
            end: if flow { end } else { start },
            flow,
            tag,
            anchor,
            nodes_before: self.nodes - 1,
            bytes_before: self.bytes,
            height: 0,
        });
        true
    }

    fn close(&mut self, end: usize) -> bool {
        let Some(frame) = self.stack.pop() else {
            return true;
        };
        let end = if frame.flow { end.max(frame.end) } else { frame.end };
        let first = frame.first.min(self.scratch.len());
        if frame.map {
            if (self.scratch.len() - first) % 2 == 1 {
                // A key with no value: the parser always sends one; be safe anyway.
                let at = self.scratch.last().map_or(end, |k| k.end as usize);
                let empty = self.empty_scalar(at);
                self.scratch.push(empty);
            }
            self.check_duplicates(first);
        }
        let at = self.arena.len() as u32;
        let count = (self.scratch.len() - first) as u32;
        self.arena.extend(self.scratch.drain(first..));
        let span = self.span(frame.start, end);
        let raw = Raw::collection(span.start, span.end, frame.map, (at, count));
        let raw = match frame.tag {
            Some(tag) => raw.with_extra(self.extra(Extra {
                tag: Some(tag.into()),
                runs: None,
            })),
            None => raw,
        };
        let cost = Cost {
            height: frame.height + 1,
            nodes: self.nodes - frame.nodes_before,
            bytes: self.bytes - frame.bytes_before,
        };
        self.finish(raw, frame.anchor, &cost)
    }

    /// A scalar's record: its value a range of the file's text where it is
    /// one run of it unchanged and the trees share that text, else stored
    /// in the document's own.
    #[allow(clippy::too_many_arguments)]
    fn scalar(
        &mut self,
        start: usize,
        end: usize,
        value: &str,
        style: ScalarStyle,
        verbatim: bool,
        tag: Option<String>,
        runs: &[Segment],
    ) -> Raw {
        let span = self.span(start, end);
        let len = value.len() as u32;
        let in_source = match runs {
            [run] if self.source.is_some() && verbatim && run.frag == 0 && run.len == len => {
                debug_assert_eq!(
                    self.text.get(run.orig as usize..(run.orig + run.len) as usize),
                    Some(value)
                );
                Some(run.orig)
            }
            _ => None,
        };
        let place = if let Some(at) = in_source {
            Value::InSource(at, len)
        } else {
            let at = self.values.len() as u32;
            self.values.push_str(value);
            Value::Own(at, len)
        };
        let raw = Raw::scalar(span.start, span.end, place, style, verbatim);
        let own_runs = runs != raw.derived_run().as_slice();
        if tag.is_none() && !own_runs {
            return raw;
        }
        let extra = Extra {
            tag: tag.map(String::into_boxed_str),
            runs: own_runs.then(|| runs.into()),
        };
        raw.with_extra(self.extra(extra))
    }

    /// A scalar record's value, wherever it is kept.
    fn value_of(&self, raw: Raw) -> &str {
        let text = if raw.in_source() { self.text } else { &self.values };
        text.get(raw.value_range()).unwrap_or_default()
    }

    /// Stores what a record's `meta` cannot hold; `None` past the table's
    /// bound, which the node bound keeps out of reach.
    fn extra(&mut self, extra: Extra) -> Option<usize> {
        if self.extras.len() >= MAX_EXTRAS {
            return None;
        }
        self.extras.push(extra);
        Some(self.extras.len() - 1)
    }

    fn empty_scalar(&mut self, at: usize) -> Raw {
        self.scalar(at, at, "", ScalarStyle::Plain, true, None, &[])
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) -> bool {
        let name = self.text.get(start..end).unwrap_or("*");
        let span = self.span(start, end);
        if self.stack.iter().any(|f| f.anchor == id) {
            let d = yaml_syntax_error::META
                .diagnostic(
                    format!("YAML syntax error: the alias `{name}` refers to a node that contains it"),
                    span,
                    "recursive alias",
                )
                .with_note("Kubernetes refuses the file (go-yaml: `anchor value contains itself`).")
                .with_help("Point the alias at a node outside the anchored one.");
            self.diags.push(d);
            let node = self.empty_scalar(start);
            return self.add_node(
                node,
                0,
                &Cost {
                    height: 0,
                    nodes: 1,
                    bytes: 0,
                },
            );
        }
        let Some(anchored) = self.anchors.get(&id) else {
            let d = yaml_syntax_error::META
                .diagnostic(
                    format!("YAML syntax error: the alias `{name}` has no anchor in this document"),
                    span,
                    "undefined alias",
                )
                .with_note("Anchors do not cross `---`: each document of a stream is read on its own, and Kubernetes refuses this one.")
                .with_help("Define the anchor (`&name`) earlier in the same document.");
            self.diags.push(d);
            let node = self.empty_scalar(start);
            return self.add_node(
                node,
                0,
                &Cost {
                    height: 0,
                    nodes: 1,
                    bytes: 0,
                },
            );
        };
        let cost = Cost {
            height: anchored.height,
            nodes: anchored.nodes,
            bytes: anchored.bytes,
        };
        if self.stack.len() + cost.height > self.limits.max_depth {
            return self.limit(
                span,
                format!(
                    "the alias `{name}` makes YAML nesting deeper than srs-check's bound of {} levels",
                    self.limits.max_depth
                ),
            );
        }
        if self.nodes + cost.nodes > self.limits.max_nodes || self.bytes + cost.bytes > self.limits.max_document_bytes {
            let d = yaml_limit::META
                .diagnostic(
                    format!(
                        "the alias `{name}` expands this YAML document past srs-check's bound of {} nodes or {} bytes (an alias bomb?)",
                        self.limits.max_nodes, self.limits.max_document_bytes
                    ),
                    span,
                    format!("would copy {} nodes", cost.nodes),
                )
                .with_note("Each alias is a full copy of the anchored node, so aliases of aliases grow exponentially (\"billion laughs\"). srs-check stops reading the stream here.");
            self.diags.push(d);
            return false;
        }
        let raw = anchored.raw;
        let raw = self.moved(raw, span);
        self.nodes += cost.nodes;
        self.bytes += cost.bytes;
        self.finish(raw, 0, &cost)
    }

    /// An alias's copy of an anchored record, at `span`; a scalar's runs
    /// stay where the anchored text is.
    fn moved(&mut self, raw: Raw, span: Span) -> Raw {
        let extra = raw.extra().and_then(|i| self.extras.get(i));
        let raw = if raw.is_scalar() && extra.is_none_or(|e| e.runs.is_none()) {
            let extra = Extra {
                tag: extra.and_then(|e| e.tag.clone()),
                runs: Some(raw.derived_run().into_vec().into_boxed_slice()),
            };
            let index = self.extra(extra);
            raw.with_extra(index)
        } else {
            raw
        };
        raw.moved(span.start, span.end)
    }

    /// Counts a new scalar or collection node; false past the bound.
    fn count(&mut self, nodes: usize, bytes: usize, at: usize) -> bool {
        self.nodes += nodes;
        self.bytes += bytes;
        if self.nodes > self.limits.max_nodes {
            let span = self.char_span(at);
            return self.limit(
                span,
                format!(
                    "this YAML document has more than srs-check's bound of {} nodes",
                    self.limits.max_nodes
                ),
            );
        }
        true
    }

    fn add_node(&mut self, raw: Raw, anchor: usize, cost: &Cost) -> bool {
        if !self.count(cost.nodes, cost.bytes, raw.start as usize) {
            return false;
        }
        self.finish(raw, anchor, cost)
    }

    /// Puts a finished node into its parent (or the document), and keeps it
    /// for aliases when anchored.
    fn finish(&mut self, raw: Raw, anchor: usize, cost: &Cost) -> bool {
        if anchor != 0 && self.keep_anchors {
            self.anchored_nodes += cost.nodes;
            self.anchored_bytes += cost.bytes;
            if self.anchored_nodes > self.limits.max_nodes || self.anchored_bytes > self.limits.max_document_bytes {
                let span = self.span(raw.start as usize, raw.end as usize);
                return self.limit(
                    span,
                    format!(
                        "the anchors of this YAML document hold more than srs-check's bound of {} nodes or {} bytes",
                        self.limits.max_nodes, self.limits.max_document_bytes
                    ),
                );
            }
            self.anchors.insert(
                anchor,
                Anchored {
                    raw,
                    nodes: cost.nodes,
                    bytes: cost.bytes,
                    height: cost.height,
                },
            );
        }
        match self.stack.last_mut() {
            Some(frame) => {
                frame.height = frame.height.max(cost.height);
                frame.end = frame.end.max(raw.end as usize);
                self.scratch.push(raw);
            }
            None => {
                if let Some(doc) = &mut self.doc {
                    doc.root = Some(raw);
                }
            }
        }
        true
    }

    /// Reports repeated keys among the entries waiting on the scratch stack
    /// from `first` on (keys and values alternate).
    fn check_duplicates(&mut self, first: usize) {
        let keys: Vec<Raw> = self.scratch[first..].iter().step_by(2).copied().collect();
        if keys.len() < 2 {
            return;
        }
        let mut seen: HashMap<Cow<'_, str>, usize> =
            HashMap::with_capacity_and_hasher(keys.len(), rustc_hash::FxBuildHasher);
        let mut found = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let Some(identity) = key_identity(*key, self.value_of(*key), &self.extras) else {
                continue;
            };
            match seen.entry(identity) {
                Entry::Occupied(first) => found.push((*key, keys[*first.get()])),
                Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        drop(seen);
        for (key, first) in found {
            let shown = if key.is_scalar() { self.value_of(key) } else { "" };
            let d = yaml_duplicate_key::META
                .diagnostic(
                    format!("duplicate key `{shown}` in this YAML mapping"),
                    self.span(key.start as usize, key.end as usize),
                    "duplicate key",
                )
                .with_label(self.span(first.start as usize, first.end as usize), "first defined here")
                .with_note("With `kubectl apply --validate=strict` the API server rejects the object (`duplicate field`); with `--validate=warn` or `false`, and in clients that skip validation, the last value silently wins.")
                .with_help("Keep one of the two keys; merge their values if both matter.");
            self.diags.push(d);
        }
    }

    fn scan_error(&mut self, e: &ScanError) {
        let pos = self.base + self.offsets.byte(e.marker().index());
        let at = self.char_span(pos);
        let info = e.info();
        if info == "recursion limit exceeded" {
            self.limit(
                at,
                "YAML flow collections (`[`, `{`) nest deeper than 255 levels".to_string(),
            );
            return;
        }
        let d = if info.contains("unknown anchor") {
            let name: String = self.text[pos..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                .collect();
            yaml_syntax_error::META
                .diagnostic(
                    format!("YAML syntax error: the alias `{name}` has no anchor"),
                    self.span(pos, pos + name.len()),
                    "undefined alias",
                )
                .with_help("Define the anchor (`&name`) before the alias, in the same document.")
        } else {
            yaml_syntax_error::META
                .diagnostic(format!("YAML syntax error: {info}"), at, "here")
                .with_help("A tab in indentation, a missing `:` or space after it, or an unclosed quote or bracket are the usual causes.")
        };
        self.diags.push(d.with_note(
            "Kubernetes refuses the whole file; srs-check stops reading it here (the documents before this one were read).",
        ));
    }

    /// Reports a crossed bound; always false, to stop reading.
    fn limit(&mut self, span: Span, message: String) -> bool {
        self.diags.push(
            yaml_limit::META
                .diagnostic(message, span, "reading stops here")
                .with_note("No real Kubernetes manifest comes near this bound; srs-check stops reading the stream here (the documents before this one were read)."),
        );
        false
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;

    /// The stream read whole, on one thread.
    fn whole(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
        let limits = Limits::default();
        let mut b = Builder::new(FileId(0), text, &limits);
        b.run();
        let mut diags = b.diags;
        diags.sort_by_key(|d| d.primary.span.start);
        (b.docs, diags)
    }

    fn stream(middle: &str, end: &str) -> String {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/examples/seed-k8s-fixed/");
        let copy: String = ["1-storage.yaml", "2-origin.yaml", "3-edge.yaml"]
            .iter()
            .map(|f| std::fs::read_to_string(format!("{root}{f}")).unwrap())
            .collect::<Vec<_>>()
            .join("\n---\n");
        let half = PARALLEL_BYTES / copy.len() / 2 + 1;
        let mut text = vec![copy.as_str(); half].join("\n---\n");
        text.push_str(middle);
        text.push_str(&vec![copy.as_str(); half].join("\n---\n"));
        text.push_str(end);
        text
    }

    fn same(text: &str) {
        assert!(text.len() >= PARALLEL_BYTES);
        let (docs, diags) = parse_stream(FileId(0), text);
        let (want_docs, want_diags) = whole(text);
        assert_eq!(docs.len(), want_docs.len());
        assert!(docs == want_docs, "documents differ");
        // Trees that share the file's text read the same.
        let (shared, shared_diags) = parse_shared(FileId(0), &Arc::new(text.to_string()));
        assert!(shared == want_docs, "shared documents differ");
        assert_eq!(shared_diags.len(), diags.len());
        let show = |d: &[Diagnostic]| {
            d.iter()
                .map(|d| (d.code, d.primary.span, d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&diags), show(&want_diags));
    }

    #[test]
    fn a_long_stream_reads_the_same_in_halves() {
        let text = stream("\n---\n", "\n");
        assert!(
            halves(FileId(0), &text, None, &Limits::default()).is_some(),
            "not split"
        );
        same(&text);
        // Duplicate keys and an explicit end in either half.
        same(&stream("\n---\na: 1\na: 2\n...\n---\n", "\n---\nb: 1\nb: 2\n...\n"));
        // A syntax error in the second half stops the stream there.
        same(&stream("\n---\n", "\n---\nkey: [unclosed\n---\nx: 1\n"));
    }

    #[test]
    fn a_stream_the_halves_would_read_differently_is_read_whole() {
        // A syntax error in the first half stops everything after it.
        let text = stream("\n---\nkey: {unclosed\n---\n", "\n");
        assert!(halves(FileId(0), &text, None, &Limits::default()).is_none());
        same(&text);
        // A `%` directive applies to what follows.
        let text = format!("%YAML 1.1\n---\n{}", stream("\n---\n", "\n"));
        assert!(halves(FileId(0), &text, None, &Limits::default()).is_none());
        // Too many documents for the bound, counted over both halves.
        let text = stream("\n---\n", "\n");
        let limits = Limits {
            max_documents: 300,
            ..Limits::default()
        };
        assert!(halves(FileId(0), &text, None, &limits).is_none());
    }

    #[test]
    fn markers_are_found_only_at_line_starts() {
        assert_eq!(document_marker_from("a: 1\n---\nb: 2\n", 0), Some(5));
        assert_eq!(document_marker_from("a: ---\n---x\n--- \n", 0), Some(12));
        assert_eq!(document_marker_from("a: 1\n", 0), None);
    }
}
