//! Where a scalar's value stands in the file. The parser gives a scalar's
//! value and roughly where it is (a block scalar's span starts at its first
//! content line, or at its anchor; a quoted one may end after trailing
//! blanks); this finds its exact extent and maps the value back to the file
//! as [`Segment`]s: one per content line of a block scalar, one per run of
//! unchanged text of a flow scalar, one per escape or line fold.
//!
//! Every function here is best effort and checked: a segment is emitted only
//! where the value's bytes were matched, and a mismatch (input this code does
//! not model) leaves fewer segments and `verbatim == false`, never a panic.

use super::node::ScalarStyle;
use crate::source::Segment;
use smallvec::{smallvec, SmallVec};

/// A scalar's runs; most scalars are one.
pub(crate) type Segments = SmallVec<[Segment; 1]>;

/// A scalar's extent in the file and the map of its value.
pub(crate) struct Mapped {
    /// From its first property (anchor, tag) or indicator to its last
    /// character.
    pub start: usize,
    pub end: usize,
    pub segments: Segments,
    pub verbatim: bool,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// YAML 1.2 line breaks: `\n`, `\r\n` and a lone `\r`.
fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn is_space(b: u8) -> bool {
    is_blank(b) || is_break(b)
}

/// The end of the line holding `pos`: its line break, or the end of text.
fn line_end(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[pos..]
        .iter()
        .position(|&b| is_break(b))
        .map_or(text.len(), |i| pos + i)
}

/// Past the line break at `pos`, if there is one.
fn after_break(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    match b.get(pos) {
        Some(b'\r') if b.get(pos + 1) == Some(&b'\n') => pos + 2,
        Some(b'\r' | b'\n') => pos + 1,
        _ => pos,
    }
}

/// The start of the line holding `pos`.
fn line_start(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .rposition(|&b| is_break(b))
        .map_or(0, |i| i + 1)
}

fn floor_boundary(text: &str, mut pos: usize) -> usize {
    pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

fn seg(frag: usize, orig: usize, len: usize) -> Segment {
    Segment {
        frag: frag as u32,
        orig: orig as u32,
        len: len as u32,
    }
}

/// Skips a node's properties (`&anchor`, `!tag`) and the blanks, line
/// breaks and comments around them. Stops on an ASCII byte or the end, so
/// the result is a char boundary.
pub(crate) fn skip_properties(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    loop {
        match b.get(i) {
            Some(&c) if is_space(c) => i += 1,
            Some(b'#') => i = line_end(text, i),
            Some(b'&' | b'!') => {
                while b.get(i).is_some_and(|&c| !is_space(c)) {
                    i += 1;
                }
            }
            _ => return i,
        }
    }
}

/// True when `text` at `i` starts with a node property.
pub(crate) fn has_properties(text: &str, i: usize) -> bool {
    matches!(text.as_bytes().get(i), Some(b'&' | b'!'))
}

/// Finds a block scalar's `|` or `>` after the previous token: only
/// blanks, comments, indicators (`-`, `?`, `:`, `---`) and properties may
/// stand between.
fn find_block_header(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let separated = |j: usize| b.get(j).is_none_or(|&c| is_space(c));
    let mut i = from;
    loop {
        match *b.get(i)? {
            c if is_space(c) => i += 1,
            b'#' => i = line_end(text, i),
            b'|' | b'>' => return Some(i),
            b'-' if b[i..].starts_with(b"---") && separated(i + 3) => i += 3,
            b'-' | b'?' | b':' if separated(i + 1) => i += 1,
            b'&' | b'!' => {
                while b.get(i).is_some_and(|&c| !is_space(c)) {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
}

/// The end of a block scalar header: the indicator and up to two of
/// chomping (`-`, `+`) and indentation (`1`-`9`).
fn block_header_end(text: &str, header: usize) -> usize {
    let b = text.as_bytes();
    let mut i = header + 1;
    while i < header + 3 && matches!(b.get(i), Some(b'-' | b'+' | b'1'..=b'9')) {
        i += 1;
    }
    i
}

/// A literal (`|`) or folded (`>`) scalar. `span_start` is where the parser
/// put it (its first content character, or its first property), `prev_end`
/// the end of the token before it.
pub(crate) fn map_block(text: &str, span_start: usize, prev_end: usize, value: &str, literal: bool) -> Mapped {
    let b = text.as_bytes();
    let props = has_properties(text, span_start);
    let header = if props {
        Some(skip_properties(text, span_start)).filter(|&h| matches!(b.get(h), Some(b'|' | b'>')))
    } else {
        find_block_header(text, prev_end.min(span_start))
    };
    let start = if props {
        span_start
    } else {
        header.unwrap_or(span_start)
    };
    let header_end = header.map_or(span_start, |h| block_header_end(text, h));
    let mut out = Mapped {
        start,
        end: header_end.max(start),
        segments: SmallVec::new(),
        verbatim: literal,
    };
    // Leading empty lines are one '\n' each in the value, whatever the style.
    let leading = value.bytes().take_while(|&c| c == b'\n').count();
    let content_len = value.trim_end_matches('\n').len();
    if content_len == 0 {
        return out;
    }

    // The first content line, and the indentation of the content.
    let (first_line, indent) = match header {
        // Without properties the parser's span starts at the first content
        // character, after the indentation.
        _ if !props => {
            let first = line_start(text, span_start);
            (first, span_start - first)
        }
        Some(h) => {
            let mut pos = after_break(text, line_end(text, h));
            for _ in 0..leading {
                pos = after_break(text, line_end(text, pos));
            }
            // With an indentation indicator the value may start with spaces.
            let in_file = b[pos.min(b.len())..].iter().take_while(|&&c| c == b' ').count();
            let in_value = value[leading..].bytes().take_while(|&c| c == b' ').count();
            let Some(indent) = in_file.checked_sub(in_value) else {
                out.verbatim = false;
                return out;
            };
            (pos, indent)
        }
        None => {
            out.verbatim = false;
            return out;
        }
    };
    if !b[first_line..first_line + indent].iter().all(|&c| c == b' ') {
        out.verbatim = false;
        return out;
    }

    let vb = value.as_bytes();
    let mut cursor = leading;
    let mut pos = first_line;
    while cursor < content_len && pos < text.len() {
        let end = line_end(text, pos);
        let line = &b[pos..end];
        let content = if line.len() > indent && line[..indent].iter().all(|&c| c == b' ') {
            pos + indent..end
        } else if line.iter().all(|&c| c == b' ') {
            end..end
        } else {
            // A less indented line ends the scalar.
            break;
        };
        if !content.is_empty() {
            let piece = &b[content.clone()];
            // Between lines the value holds the line feeds (and, folded,
            // the spaces) that the line breaks became.
            let mut p = cursor;
            let found = loop {
                if vb[p..].starts_with(piece) {
                    break Some(p);
                }
                match vb.get(p) {
                    Some(b'\n') => p += 1,
                    Some(b' ') if !literal => p += 1,
                    _ => break None,
                }
            };
            let Some(p) = found else { break };
            out.segments.push(seg(p, content.start, piece.len()));
            cursor = p + piece.len();
            out.end = end;
        }
        let next = after_break(text, end);
        if next == end {
            break;
        }
        pos = next;
    }
    out.verbatim = literal && cursor >= content_len;
    out
}

/// A plain, single- or double-quoted scalar the parser put at
/// `span_start..span_end`.
pub(crate) fn map_flow(text: &str, span_start: usize, span_end: usize, value: &str, style: ScalarStyle) -> Mapped {
    let b = text.as_bytes();
    let span_end = span_end.min(text.len()).max(span_start);
    let props = has_properties(text, span_start);
    let content_start = if props {
        skip_properties(text, span_start).min(span_end)
    } else {
        span_start
    };
    let fallback = |start: usize, end: usize| Mapped {
        start: span_start,
        end: end.max(span_start),
        segments: smallvec![seg(
            0,
            start,
            floor_boundary(text, start + value.len().min(end - start)) - start,
        )],
        verbatim: false,
    };
    match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let quote = if style == ScalarStyle::SingleQuoted {
                b'\''
            } else {
                b'"'
            };
            if b.get(content_start) != Some(&quote) {
                return fallback(content_start, span_end);
            }
            let Some(close) = closing_quote(text, content_start) else {
                return fallback(content_start, span_end);
            };
            match map_folded_text(text, content_start + 1, close, value, style) {
                Some((segments, verbatim)) => Mapped {
                    start: span_start,
                    end: close + 1,
                    segments,
                    verbatim,
                },
                None => fallback(content_start + 1, close),
            }
        }
        _ => {
            let mut end = span_end;
            while end > content_start && is_space(b[end - 1]) {
                end -= 1;
            }
            if value.is_empty() {
                // An empty value: where the parser put it, after the `:` of
                // `key:` rather than on it.
                let at = if !props && b.get(span_start) == Some(&b':') {
                    span_start + 1
                } else {
                    span_start
                };
                return Mapped {
                    start: at,
                    end: if props { end } else { at },
                    segments: SmallVec::new(),
                    verbatim: true,
                };
            }
            match map_folded_text(text, content_start, end, value, ScalarStyle::Plain) {
                Some((segments, verbatim)) => Mapped {
                    start: span_start,
                    end,
                    segments,
                    verbatim,
                },
                None => fallback(content_start, end),
            }
        }
    }
}

/// The closing quote of the quoted scalar opening at `open`.
fn closing_quote(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let quote = b[open];
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        if quote == b'"' && c == b'\\' {
            // The escaped byte may start a multi-byte char: its other bytes
            // are never a quote or a backslash.
            i += 2;
            continue;
        }
        if c == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Collects segments while checking them against the value.
struct Emitter<'v> {
    value: &'v [u8],
    frag: usize,
    segments: Segments,
    /// Whether the last segment is file text, which a following run of
    /// file text may extend.
    last_raw: bool,
    changed: bool,
}

impl Emitter<'_> {
    fn matches(&self, piece: &[u8]) -> bool {
        self.value.get(self.frag..self.frag + piece.len()) == Some(piece)
    }

    /// `piece` stands unchanged at `orig`.
    fn raw(&mut self, orig: usize, piece: &[u8]) -> Option<()> {
        if !self.matches(piece) {
            return None;
        }
        match self.segments.last_mut() {
            Some(last)
                if self.last_raw
                    && (last.frag + last.len) as usize == self.frag
                    && (last.orig + last.len) as usize == orig =>
            {
                last.len += piece.len() as u32;
            }
            _ => self.segments.push(seg(self.frag, orig, piece.len())),
        }
        self.frag += piece.len();
        self.last_raw = true;
        Some(())
    }

    /// `piece` is what YAML made of the escape or line break at `orig`.
    fn made(&mut self, orig: usize, piece: &[u8]) -> Option<()> {
        if !self.matches(piece) {
            return None;
        }
        self.segments.push(seg(self.frag, orig, piece.len()));
        self.frag += piece.len();
        self.last_raw = false;
        self.changed = true;
        Some(())
    }
}

/// The char a double-quoted escape stands for, and the escape's length.
fn escape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let simple = match *b.get(i + 1)? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        c @ (b'x' | b'u' | b'U') => {
            let n = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = b.get(i + 2..i + 2 + n)?;
            let code = std::str::from_utf8(hex).ok()?;
            if !code.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            return Some((char::from_u32(u32::from_str_radix(code, 16).ok()?)?, 2 + n));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// Maps the text `from..to` of a plain or quoted scalar (quotes excluded)
/// onto `value`, undoing escapes, doubled quotes and line folding. `None`
/// when the two do not line up.
fn map_folded_text(text: &str, from: usize, to: usize, value: &str, style: ScalarStyle) -> Option<(Segments, bool)> {
    let b = text.as_bytes();
    let double = style == ScalarStyle::DoubleQuoted;
    let single = style == ScalarStyle::SingleQuoted;
    let mut em = Emitter {
        value: value.as_bytes(),
        frag: 0,
        segments: SmallVec::new(),
        last_raw: false,
        changed: false,
    };
    let mut breaks = Vec::new();
    let mut i = from;
    while i < to {
        let c = b[i];
        if double && c == b'\\' {
            if b.get(i + 1).is_some_and(|&c| is_break(c)) {
                // An escaped line break: it and the next line's indentation
                // vanish; empty lines after it are line feeds.
                let mut j = after_break(text, i + 1);
                loop {
                    while j < to && is_blank(b[j]) {
                        j += 1;
                    }
                    if j < to && is_break(b[j]) {
                        em.made(j, b"\n")?;
                        j = after_break(text, j);
                    } else {
                        break;
                    }
                }
                em.changed = true;
                i = j;
                continue;
            }
            let (ch, len) = escape(b, i)?;
            em.made(i, ch.encode_utf8(&mut [0; 4]).as_bytes())?;
            i += len;
            continue;
        }
        if single && c == b'\'' {
            // Before the closing quote, a quote is the first of a pair.
            em.made(i, b"'")?;
            i += 2;
            continue;
        }
        if is_space(c) {
            let mut j = i;
            breaks.clear();
            while j < to && is_space(b[j]) {
                if is_break(b[j]) {
                    breaks.push(j);
                    j = after_break(text, j);
                } else {
                    j += 1;
                }
            }
            match breaks.as_slice() {
                [] => em.raw(i, &b[i..j])?,
                // One line break folds into a space; more keep all but one.
                [one] => em.made(*one, b" ")?,
                [_, rest @ ..] => {
                    for &at in rest {
                        em.made(at, b"\n")?;
                    }
                }
            }
            i = j;
            continue;
        }
        let mut j = i + 1;
        while j < to && !(is_space(b[j]) || (double && b[j] == b'\\') || (single && b[j] == b'\'')) {
            j += 1;
        }
        em.raw(i, &b[i..j])?;
        i = j;
    }
    if em.frag != value.len() {
        return None;
    }
    Some((em.segments, !em.changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, value: &str, m: &Mapped) -> Vec<(String, String)> {
        m.segments
            .iter()
            .map(|s| {
                let f = &value[s.frag as usize..(s.frag + s.len) as usize];
                let o = &text[s.orig as usize..(s.orig + s.len) as usize];
                (f.to_string(), o.to_string())
            })
            .collect()
    }

    #[test]
    fn yaml_literal_block_lines_map_to_the_file() {
        let text = "k: |-\n  a b\n\n   c\n  d\nx: 1\n";
        let value = "a b\n\n c\nd";
        let m = map_block(text, text.find("a b").unwrap(), 1, value, true);
        assert_eq!(&text[m.start..m.end], "|-\n  a b\n\n   c\n  d");
        assert!(m.verbatim);
        for (f, o) in pieces(text, value, &m) {
            assert_eq!(f, o);
        }
        assert_eq!(m.segments.len(), 3);
    }

    #[test]
    fn yaml_folded_block_is_mapped_but_not_verbatim() {
        let text = "k: >\n  one\n  two\n\n  three\n";
        let value = "one two\nthree\n";
        let m = map_block(text, text.find("one").unwrap(), 1, value, false);
        assert!(!m.verbatim);
        assert_eq!(pieces(text, value, &m).len(), 3);
        assert_eq!(m.segments[1].frag, 4);
    }

    #[test]
    fn yaml_block_with_anchor_and_indentation_indicator() {
        let text = "k: &a |2\n\n    x\n  y\n";
        let value = "\n  x\ny\n";
        let m = map_block(text, 3, 1, value, true);
        assert_eq!(&text[m.start..m.end], "&a |2\n\n    x\n  y");
        assert!(m.verbatim);
        assert_eq!(
            pieces(text, value, &m),
            [("  x".into(), "  x".into()), ("y".into(), "y".into())]
        );
    }

    #[test]
    fn yaml_quoted_escapes_and_folds() {
        let text = r#"k: "a\tb\u00e9
   c""#;
        let value = "a\tb\u{e9} c";
        let start = text.find('"').unwrap();
        let m = map_flow(text, start, text.len(), value, ScalarStyle::DoubleQuoted);
        assert_eq!(m.end, text.len());
        assert!(!m.verbatim);
        let covered: u32 = m.segments.iter().map(|s| s.len).sum();
        assert_eq!(covered as usize, value.len());

        let text = "k: 'it''s'  ";
        let m = map_flow(text, 3, text.len(), "it's", ScalarStyle::SingleQuoted);
        assert_eq!(&text[m.start..m.end], "'it''s'");
        assert!(!m.verbatim);

        let text = "k: \"plain\" ";
        let m = map_flow(text, 3, text.len(), "plain", ScalarStyle::DoubleQuoted);
        assert!(m.verbatim);
        assert_eq!(pieces(text, "plain", &m), [("plain".into(), "plain".into())]);
    }
}
