//! Source files: text, names and the line index that turns byte offsets into
//! line/column pairs at the edges (renderers, JSON, the browser editor).

use serde::Serialize;

/// Identifies one file inside a [`Sources`] database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both (same file assumed).
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One input file. The text is always valid UTF-8: invalid bytes were replaced
/// when the file was decoded, and the decoder said where (see [`decode`]).
#[derive(Debug)]
pub struct SourceFile {
    /// The name as the user gave it (command-line path, tab name); shared,
    /// since every place in the deployment model names its file.
    pub name: std::sync::Arc<str>,
    /// Shared with the YAML trees read from it, whose plain values are
    /// ranges of it.
    pub text: std::sync::Arc<String>,
    line_starts: Vec<u32>,
    /// Set for text cut out of another file (an SRS config in a ConfigMap,
    /// a YAML block in Markdown): where each piece of it stands there.
    pub origin: Option<Origin>,
}

/// A run of `len` bytes at `frag` in an embedded text that stands at `orig`
/// in its parent file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub frag: u32,
    pub orig: u32,
    pub len: u32,
}

/// Where an embedded text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub parent: FileId,
    /// Sorted by `frag`; together they cover the text, except characters the
    /// extraction made up (a YAML escape's result maps to its escape).
    pub segments: Vec<Segment>,
    /// True when each segment is the parent's bytes unchanged (block scalars,
    /// Markdown fences, heredocs): an edit inside one line can be copied to
    /// the parent as it is. False for quoted YAML strings, whose escapes
    /// would need rewriting.
    pub verbatim: bool,
}

impl Origin {
    /// The parent offset of an offset in the embedded text.
    pub fn map(&self, offset: u32) -> u32 {
        let i = self.segments.partition_point(|s| s.frag <= offset);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some(seg) => seg.orig + (offset - seg.frag).min(seg.len),
            None => self.segments.first().map_or(0, |s| s.orig),
        }
    }

    /// True when `start..end` lies within one segment, so it is one
    /// contiguous range of the parent.
    pub fn contiguous(&self, start: u32, end: u32) -> bool {
        let i = self.segments.partition_point(|s| s.frag <= start);
        i.checked_sub(1)
            .map(|i| self.segments[i])
            .is_some_and(|seg| end <= seg.frag + seg.len)
    }
}

/// A 1-based line and column. Columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    pub fn new(name: impl Into<std::sync::Arc<str>>, text: String) -> Self {
        // SRS counts lines on '\n' only, and so do we: a lone '\r' is not a line break.
        // Counted first: the index of a large file is megabytes.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(0u32);
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1) as u32),
        );
        SourceFile {
            name: name.into(),
            text: std::sync::Arc::new(text),
            line_starts,
            origin: None,
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line_index: usize) -> usize {
        self.line_starts
            .get(line_index)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// Byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, line_index: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line_index);
        let mut end = self.line_start(line_index + 1);
        let bytes = self.text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: (line + 1) as u32,
            column: column as u32,
        }
    }

    /// Column in UTF-16 code units (0-based), for browser editors.
    pub fn utf16_column(&self, offset: usize) -> u32 {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let start = self.line_start(self.line_index(offset));
        self.text[start..offset].encode_utf16().count() as u32
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Every file of one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<std::sync::Arc<str>>, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// Adds text cut out of another file.
    pub fn add_embedded(&mut self, name: impl Into<std::sync::Arc<str>>, text: String, origin: Origin) -> FileId {
        let id = self.add(name, text);
        self.files[id.0 as usize].origin = Some(origin);
        id
    }

    /// The span in the file the user has: embedded spans are mapped through
    /// their origins (an SRS config in a ConfigMap in a Markdown page maps
    /// twice).
    pub fn to_real(&self, mut span: Span) -> Span {
        // Origins only point at files added earlier, so this ends.
        while let Some(origin) = &self.get(span.file).origin {
            let start = origin.map(span.start);
            let end = origin.map(span.end).max(start);
            span = Span {
                file: origin.parent,
                start,
                end,
            };
        }
        span
    }

    /// Maps an edit's span to the real file, when the edit can be copied
    /// there unchanged: inside one verbatim segment, and not adding lines
    /// (which would need the parent's indentation).
    pub fn edit_to_real(&self, mut span: Span, replacement: &str) -> Option<Span> {
        while let Some(origin) = &self.get(span.file).origin {
            if !origin.verbatim || replacement.contains('\n') || !origin.contiguous(span.start, span.end) {
                return None;
            }
            span = Span {
                file: origin.parent,
                start: origin.map(span.start),
                end: origin.map(span.end),
            };
        }
        Some(span)
    }

    /// The file the user has that `id` is, or is cut out of.
    pub fn real_file(&self, mut id: FileId) -> FileId {
        while let Some(origin) = &self.get(id).origin {
            id = origin.parent;
        }
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| *f.name == *name)
            .map(|i| FileId(i as u32))
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn text(&self, span: Span) -> &str {
        let file = self.get(span.file);
        file.text.get(span.range()).unwrap_or("")
    }
}

/// The result of turning raw bytes into text.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Byte offset (in `text`) of the first replaced invalid sequence.
    pub first_invalid: Option<usize>,
}

/// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD. SRS itself
/// reads bytes and does not care, but every token with a replacement
/// character in it is reported, so nothing is silently changed. Valid UTF-8
/// stays in the buffer it came in (a 12 MB manifest is not copied).
pub fn decode(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            first_invalid: None,
        },
        Err(e) => {
            let first_invalid = Some(e.utf8_error().valid_up_to());
            Decoded {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                first_invalid,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lf_only() {
        let f = SourceFile::new("a", "ab\r\ncé d\rx\n".to_string());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        // 'd' comes after a two-byte 'é'.
        assert_eq!(f.line_col(8), LineCol { line: 2, column: 4 });
        // '\r' alone does not start a line.
        assert_eq!(f.line_col(10), LineCol { line: 2, column: 6 });
        assert_eq!(f.line_range(0), 0..2);
        assert_eq!(f.line_count(), 3);
    }

    #[test]
    fn decode_reports_first_invalid_byte() {
        let d = decode(b"ab\xffcd".to_vec());
        assert_eq!(d.first_invalid, Some(2));
        assert_eq!(d.text, "ab\u{fffd}cd");
        assert_eq!(decode(b"ok".to_vec()).first_invalid, None);
    }

    #[test]
    fn embedded_spans_map_to_the_parent() {
        let mut s = Sources::new();
        // The parent holds `key: |` and a block scalar indented by 2.
        let parent = s.add("a.yaml", "key: |\n  listen 1935;\n  daemon off;\n".to_string());
        let origin = Origin {
            parent,
            segments: vec![
                Segment {
                    frag: 0,
                    orig: 9,
                    len: 13,
                },
                Segment {
                    frag: 13,
                    orig: 24,
                    len: 12,
                },
            ],
            verbatim: true,
        };
        let inner = s.add_embedded("a.yaml#key", "listen 1935;\ndaemon off;\n".to_string(), origin);
        let real = s.to_real(Span::new(inner, 13, 19));
        assert_eq!(s.text(real), "daemon");
        assert_eq!(
            s.edit_to_real(Span::new(inner, 7, 11), "1936"),
            Some(Span::new(parent, 16, 20))
        );
        assert_eq!(s.edit_to_real(Span::new(inner, 7, 11), "1\n2"), None);
        assert_eq!(s.edit_to_real(Span::new(inner, 7, 15), "x"), None, "crosses a line");
        assert_eq!(s.real_file(inner), parent);
    }

    #[test]
    fn offsets_inside_a_char_do_not_panic() {
        let f = SourceFile::new("a", "é".to_string());
        assert_eq!(f.line_col(1).column, 1);
        assert_eq!(f.utf16_column(2), 1);
    }
}
