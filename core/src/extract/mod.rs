//! Manifests and configs embedded where people keep them: fenced code
//! blocks in Markdown and shell heredocs (`kubectl apply -f - <<EOF`). Each
//! fragment knows where every line of it stands in the file, so findings
//! point at the line the user has.
//!
//! Both scanners work line by line in one pass, never panic and stop after
//! [`MAX_FRAGMENTS`] fragments. Every line of a fragment is one verbatim
//! [`Segment`] of the parent (its line ending included, `\r\n` kept as it
//! is), so `Origin { parent, segments, verbatim: true }` maps any offset
//! back.

pub mod heredoc;
pub mod markdown;

use std::fmt;

use crate::source::{FileId, Segment, Span};

pub use heredoc::heredocs;
pub use markdown::fenced_blocks;

/// What a fragment holds, from its fence's info string or its heredoc's command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FragmentKind {
    /// Kubernetes manifests (`yaml`, `yml`, or YAML in a heredoc).
    Yaml,
    /// An SRS config (`conf`, `nginx`, or a heredoc written to a `.conf`).
    SrsConf,
    /// A shell script (`bash`, `sh`, `shell`): searched for heredocs in turn.
    Shell,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub kind: FragmentKind,
    /// The fragment's text, with a fence's or `<<-` heredoc's indentation removed.
    pub text: String,
    /// Where each run of `text` stands in the file (verbatim runs).
    pub segments: Vec<Segment>,
    /// The whole block in the file, fences or heredoc markers included.
    pub span: Span,
}

/// What kind of file the fragments are searched in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Fenced code blocks, and heredocs inside the shell ones.
    Markdown,
    /// Heredocs.
    Shell,
}

/// Extraction stops after this many fragments in one file.
pub const MAX_FRAGMENTS: usize = 10_000;

/// Something that looked embedded but was not extracted, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The heredoc marker or block in the file.
    pub span: Span,
    pub reason: SkipReason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The heredoc's terminator ends the command line itself
    /// (`cat <<EOF | kubectl apply -f -apiVersion: v1 … EOF`): the line
    /// breaks were lost, typically in a page copied from the web.
    TerminatorOnCommandLine { delimiter: String },
    /// Neither the heredoc's command (`> x.conf`, `kubectl apply -f -`) nor
    /// its first lines say it is YAML or an SRS config.
    UnknownContent,
    /// [`MAX_FRAGMENTS`] were extracted; the rest of the file was not searched.
    TooManyFragments,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TerminatorOnCommandLine { delimiter } => write!(
                f,
                "the heredoc's terminator `{delimiter}` is on the command line itself, so its line breaks \
                 were probably lost; put the content and `{delimiter}` on lines of their own"
            ),
            SkipReason::UnknownContent => f.write_str(
                "the heredoc is neither written to a `.conf`/`.yaml` file nor piped to `kubectl … -f -`, \
                 and its first line looks like neither a manifest nor an SRS config",
            ),
            SkipReason::TooManyFragments => {
                write!(
                    f,
                    "more than {MAX_FRAGMENTS} embedded blocks; the rest of the file was not searched"
                )
            }
        }
    }
}

/// The fragments of a file, and what was passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extraction {
    /// In the order they start in the file; a shell block comes before the
    /// heredocs inside it.
    pub fragments: Vec<Fragment>,
    pub skipped: Vec<Skipped>,
}

/// The fragments of a file: for Markdown, the fenced blocks and the
/// heredocs inside shell blocks (their segments point straight into the
/// Markdown file); for a shell script, its heredocs.
pub fn extract(file: FileId, text: &str, kind_of_file: FileKind) -> Vec<Fragment> {
    extract_with_skips(file, text, kind_of_file).fragments
}

/// [`extract`], also saying what was skipped and why.
pub fn extract_with_skips(file: FileId, text: &str, kind_of_file: FileKind) -> Extraction {
    let mut sink = Sink::new(MAX_FRAGMENTS);
    if fits(text) {
        match kind_of_file {
            FileKind::Markdown => markdown::scan(file, text, &mut sink, true),
            FileKind::Shell => heredoc::scan(file, text, &mut sink, None),
        }
    }
    sink.into_extraction()
}

/// Offsets are `u32`: longer texts are not searched (inputs stop at 16 MiB).
fn fits(text: &str) -> bool {
    u32::try_from(text.len()).is_ok()
}

/// Collects fragments up to a limit.
pub(crate) struct Sink {
    fragments: Vec<Fragment>,
    skipped: Vec<Skipped>,
    limit: usize,
    full: bool,
}

impl Sink {
    fn new(limit: usize) -> Self {
        Sink {
            fragments: Vec::new(),
            skipped: Vec::new(),
            limit,
            full: false,
        }
    }

    fn is_full(&self) -> bool {
        self.full
    }

    fn remaining(&self) -> usize {
        self.limit.saturating_sub(self.fragments.len())
    }

    /// Keeps the fragment, or notes that the limit was reached.
    fn push(&mut self, fragment: Fragment) {
        if self.full {
            return;
        }
        if self.fragments.len() >= self.limit {
            self.full = true;
            self.skip(fragment.span, SkipReason::TooManyFragments);
        } else {
            self.fragments.push(fragment);
        }
    }

    fn skip(&mut self, span: Span, reason: SkipReason) {
        if self.skipped.len() < MAX_FRAGMENTS {
            self.skipped.push(Skipped { span, reason });
        }
    }

    /// Takes over what a nested search found.
    fn absorb(&mut self, inner: Sink) {
        self.full |= inner.full;
        self.fragments.extend(inner.fragments);
        for s in inner.skipped {
            self.skip(s.span, s.reason);
        }
    }

    fn into_extraction(self) -> Extraction {
        Extraction {
            fragments: self.fragments,
            skipped: self.skipped,
        }
    }
}

/// One line of a text: `start..end` is its content without the line
/// ending (`\n` or `\r\n`), `next` the start of the following line.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

impl Line {
    fn at(text: &str, start: usize) -> Line {
        let start = start.min(text.len());
        let bytes = text.as_bytes();
        let rest = bytes.get(start..).unwrap_or_default();
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let nl = start + i;
                let end = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                Line {
                    start,
                    end,
                    next: nl + 1,
                }
            }
            None => Line {
                start,
                end: text.len(),
                next: text.len(),
            },
        }
    }
}

/// A fragment's text being cut out of its parent, one verbatim run at a time.
#[derive(Default)]
struct Builder {
    text: String,
    segments: Vec<Segment>,
}

impl Builder {
    /// Appends `parent[start..end]`; both must be char boundaries.
    fn push(&mut self, parent: &str, start: usize, end: usize) {
        let Some(run) = parent.get(start..end) else {
            return;
        };
        if run.is_empty() {
            return;
        }
        self.segments.push(Segment {
            frag: self.text.len() as u32,
            orig: start as u32,
            len: run.len() as u32,
        });
        self.text.push_str(run);
    }

    fn finish(self, kind: FragmentKind, span: Span) -> Fragment {
        Fragment {
            kind,
            text: self.text,
            segments: self.segments,
            span,
        }
    }
}

/// Rewrites a fragment found inside an embedded text (a heredoc in a
/// Markdown shell block) so that it points into the outer text's parent.
fn compose(mut fragment: Fragment, outer: &[Segment]) -> Fragment {
    fragment.segments = compose_segments(&fragment.segments, outer);
    fragment.span = compose_span(fragment.span, outer);
    fragment
}

fn compose_span(span: Span, outer: &[Segment]) -> Span {
    let start = map_through(outer, span.start, false);
    let end = map_through(outer, span.end, true).max(start);
    Span { start, end, ..span }
}

/// The parent offset of `offset`; with `at_end`, an offset between two
/// segments maps to the end of the first rather than the start of the next.
fn map_through(segments: &[Segment], offset: u32, at_end: bool) -> u32 {
    let i = if at_end {
        segments.partition_point(|s| s.frag < offset)
    } else {
        segments.partition_point(|s| s.frag <= offset)
    };
    match i.checked_sub(1).map(|i| segments[i]) {
        Some(seg) => seg.orig + (offset - seg.frag).min(seg.len),
        None => segments.first().map_or(0, |s| s.orig),
    }
}

/// `inner` maps a fragment into a middle text, `outer` the middle text into
/// its parent: the result maps the fragment into the parent, split where
/// `outer`'s runs end. Parts of `inner` that `outer` does not cover are dropped.
fn compose_segments(inner: &[Segment], outer: &[Segment]) -> Vec<Segment> {
    let mut out = Vec::with_capacity(inner.len());
    for seg in inner {
        let (mut at, end) = (seg.orig, seg.orig + seg.len);
        let mut k = outer.partition_point(|s| s.frag <= at).saturating_sub(1);
        while at < end && k < outer.len() {
            let o = outer[k];
            if at < o.frag {
                at = o.frag.min(end);
                continue;
            }
            let o_end = o.frag + o.len;
            if at < o_end {
                let len = o_end.min(end) - at;
                out.push(Segment {
                    frag: seg.frag + (at - seg.orig),
                    orig: o.orig + (at - o.frag),
                    len,
                });
                at += len;
            }
            k += 1;
        }
    }
    out
}

/// Checks used by the tests of both scanners.
#[cfg(test)]
pub(crate) mod check {
    use super::Fragment;
    use crate::source::{FileId, Origin};

    /// Every segment is the parent's bytes, the segments cover the fragment
    /// in order, and every line of the fragment maps back through
    /// [`Origin::map`] onto the same text in the parent.
    pub(crate) fn assert_maps_back(parent: &str, fragments: &[Fragment]) {
        for f in fragments {
            assert_segments_valid(parent, f);
            let origin = Origin {
                parent: FileId(0),
                segments: f.segments.clone(),
                verbatim: true,
            };
            let mut at = 0u32;
            for line in f.text.split_inclusive('\n') {
                let len = line.len() as u32;
                let start = origin.map(at) as usize;
                assert!(origin.contiguous(at, at + len), "line {line:?} of {f:?} is split");
                assert_eq!(&parent[start..start + line.len()], line, "line at {at} of {f:?}");
                // Every char of the line maps to itself, too.
                for (i, ch) in line.char_indices() {
                    let p = origin.map(at + i as u32) as usize;
                    assert!(parent[p..].starts_with(ch), "char {i} of line {line:?}");
                }
                at += len;
            }
        }
    }

    /// What the property test can say of any fragment.
    pub(crate) fn assert_segments_valid(parent: &str, f: &Fragment) {
        let mut frag = 0;
        for s in &f.segments {
            assert_eq!(s.frag, frag, "segments of {f:?} leave a gap");
            let (o, l) = (s.orig as usize, s.len as usize);
            assert!(l > 0, "empty segment in {f:?}");
            assert!(o + l <= parent.len(), "segment {s:?} outside the parent");
            assert!(
                parent.is_char_boundary(o) && parent.is_char_boundary(o + l),
                "{s:?} splits a char"
            );
            let piece = &f.text[s.frag as usize..s.frag as usize + l];
            assert_eq!(&parent[o..o + l], piece, "segment {s:?} is not verbatim");
            assert!(s.orig >= f.span.start, "segment {s:?} before the span {:?}", f.span);
            frag += s.len;
        }
        assert_eq!(frag as usize, f.text.len(), "segments of {f:?} do not cover its text");
        let (a, b) = (f.span.start as usize, f.span.end as usize);
        assert!(a <= b && b <= parent.len(), "span {:?} outside the parent", f.span);
        assert!(
            parent.is_char_boundary(a) && parent.is_char_boundary(b),
            "span {:?}",
            f.span
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check::{assert_maps_back, assert_segments_valid};
    use super::*;
    use crate::source::{Sources, Span};
    use proptest::prelude::*;

    const MD: &str = "# Deploy\n\nApply it:\n\n```bash\nkubectl create ns live\ncat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nEOF\n```\n\nThen:\n\n1. Write the config:\n\n   ```sh\n   cat <<EOF > srs.conf\n   listen 1935;\n   EOF\n   ```\n";

    #[test]
    fn heredocs_in_markdown_shell_blocks_map_into_the_markdown() {
        let frags = extract(FileId(0), MD, FileKind::Markdown);
        let kinds: Vec<_> = frags.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FragmentKind::Shell,
                FragmentKind::Yaml,
                FragmentKind::Shell,
                FragmentKind::SrsConf
            ]
        );
        assert_eq!(frags[1].text, "apiVersion: v1\nkind: Namespace\n");
        assert_eq!(frags[3].text, "listen 1935;\n");
        // The list item's fence indentation is gone from the config, and
        // its line maps to the indented line of the Markdown file.
        let at = MD.find("listen 1935;").unwrap() as u32;
        assert_eq!(frags[3].segments[0].orig, at);
        assert_eq!(
            &MD[frags[1].span.range()],
            "<<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nEOF"
        );
        assert_eq!(&MD[frags[3].span.range()], "<<EOF > srs.conf\n   listen 1935;\n   EOF");
        assert_maps_back(MD, &frags);
    }

    #[test]
    fn spans_map_through_sources() {
        let mut sources = Sources::new();
        let md = sources.add("README.md", MD.to_string());
        let frags = extract(md, MD, FileKind::Markdown);
        let conf = &frags[3];
        let origin = crate::source::Origin {
            parent: md,
            segments: conf.segments.clone(),
            verbatim: true,
        };
        let inner = sources.add_embedded("README.md#srs.conf", conf.text.clone(), origin);
        let real = sources.to_real(Span::new(inner, 7, 11));
        assert_eq!(sources.text(real), "1935");
        assert_eq!(
            sources.edit_to_real(Span::new(inner, 7, 11), "1936"),
            Some(Span::new(md, real.start as usize, real.end as usize))
        );
    }

    #[test]
    fn shell_files_give_their_heredocs() {
        let sh = "#!/bin/sh\ncat <<EOF > srs.conf\nlisten 1935;\nEOF\n";
        let frags = extract(FileId(0), sh, FileKind::Shell);
        assert_eq!(frags.len(), 1);
        assert_eq!(frags[0].kind, FragmentKind::SrsConf);
        assert_maps_back(sh, &frags);
    }

    #[test]
    fn the_seed_page_with_lost_line_breaks_is_skipped_with_a_reason() {
        // As published: the heredoc, its manifests and `EOF` on one line.
        let page = "在NAS基础上可以创建PV:\ncat <<EOF | kubectl apply -f -apiVersion: v1kind: PersistentVolumemetadata: \
                    name: pv-nas --- apiVersion: v1kind: PersistentVolumeClaim   pv: nfs-pvEOF\n\nNote:请将上面的挂载点替换成你的。\n\
                    cat <<EOF | kubectl apply -f -apiVersion: v1kind: ConfigMap targetPort: 1935EOF\n";
        for kind in [FileKind::Shell, FileKind::Markdown] {
            let ex = extract_with_skips(FileId(0), page, kind);
            assert!(ex.fragments.is_empty(), "{kind:?}: {:?}", ex.fragments);
        }
        let ex = extract_with_skips(FileId(0), page, FileKind::Shell);
        assert_eq!(ex.skipped.len(), 2);
        for s in &ex.skipped {
            assert_eq!(
                s.reason,
                SkipReason::TerminatorOnCommandLine {
                    delimiter: "EOF".into()
                }
            );
            assert!(page[s.span.range()].starts_with("<<EOF | kubectl"));
            assert!(s.reason.to_string().contains("line breaks"));
        }
    }

    #[test]
    fn the_seed_file_does_not_panic() {
        let Ok(seed) = std::fs::read_to_string("/work/shared/seeds/000_ea7d0d07fccf9949.txt") else {
            return;
        };
        for kind in [FileKind::Shell, FileKind::Markdown] {
            let ex = extract_with_skips(FileId(0), &seed, kind);
            assert_maps_back(&seed, &ex.fragments);
            assert!(ex.fragments.iter().all(|f| f.kind != FragmentKind::Yaml), "{kind:?}");
        }
        let ex = extract_with_skips(FileId(0), &seed, FileKind::Shell);
        assert_eq!(ex.skipped.len(), 3, "{:?}", ex.skipped);
    }

    #[test]
    fn extraction_stops_at_the_limit() {
        let md = "```yaml\na: 1\n```\n".repeat(MAX_FRAGMENTS + 5);
        let ex = extract_with_skips(FileId(0), &md, FileKind::Markdown);
        assert_eq!(ex.fragments.len(), MAX_FRAGMENTS);
        assert_eq!(ex.skipped.len(), 1);
        assert_eq!(ex.skipped[0].reason, SkipReason::TooManyFragments);

        let md = "```bash\ncat <<EOF >a.yaml\nkind: A\nEOF\n```\n".repeat(MAX_FRAGMENTS / 2 + 5);
        let ex = extract_with_skips(FileId(0), &md, FileKind::Markdown);
        assert_eq!(ex.fragments.len(), MAX_FRAGMENTS);
        assert_eq!(
            ex.skipped.last().map(|s| &s.reason),
            Some(&SkipReason::TooManyFragments)
        );
        assert_maps_back(&md, &ex.fragments[..10]);

        let sh = "cat <<EOF >a.conf\nlisten 1;\nEOF\n".repeat(MAX_FRAGMENTS + 1);
        assert_eq!(heredocs(FileId(0), &sh).len(), MAX_FRAGMENTS);
    }

    #[test]
    fn large_adversarial_inputs_take_linear_time() {
        // Many operators on one line, many unterminated heredocs, many
        // unclosed fences: each would be quadratic if rescanned.
        let start = std::time::Instant::now();
        let line = "cat <<a <<b <<c <<'d' <<-e ((1<<2)) \"<<x\" # <<y\n".repeat(20_000);
        let _ = extract_with_skips(FileId(0), &line, FileKind::Shell);
        let one_line = "x <<a".repeat(200_000);
        let _ = extract_with_skips(FileId(0), &one_line, FileKind::Shell);
        let fences = "```\n````yaml\n- ```bash\n".repeat(50_000);
        let _ = extract_with_skips(FileId(0), &fences, FileKind::Markdown);
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    #[test]
    fn compose_splits_across_outer_runs() {
        let outer = [
            Segment {
                frag: 0,
                orig: 10,
                len: 4,
            },
            Segment {
                frag: 4,
                orig: 20,
                len: 4,
            },
        ];
        let inner = [Segment {
            frag: 0,
            orig: 2,
            len: 4,
        }];
        assert_eq!(
            compose_segments(&inner, &outer),
            [
                Segment {
                    frag: 0,
                    orig: 12,
                    len: 2
                },
                Segment {
                    frag: 2,
                    orig: 20,
                    len: 2
                }
            ]
        );
        assert_eq!(map_through(&outer, 4, true), 14);
        assert_eq!(map_through(&outer, 4, false), 20);
    }

    fn pieces() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("````".to_string()),
            Just("yaml".to_string()),
            Just("bash".to_string()),
            Just("conf".to_string()),
            Just("<<".to_string()),
            Just("<<-".to_string()),
            Just("<<<".to_string()),
            Just("EOF".to_string()),
            Just("'EOF'".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\\".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\t".to_string()),
            Just("   ".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("#".to_string()),
            Just("((".to_string()),
            Just(" | kubectl apply -f -".to_string()),
            Just(" > srs.conf".to_string()),
            Just("apiVersion: v1".to_string()),
            Just("listen 1935;".to_string()),
            Just("é".to_string()),
            Just("世".to_string()),
            "\\PC{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_text_never_panics_and_segments_stay_inside(parts in prop::collection::vec(pieces(), 0..80)) {
            let text: String = parts.concat();
            for kind in [FileKind::Markdown, FileKind::Shell] {
                let ex = extract_with_skips(FileId(0), &text, kind);
                for f in &ex.fragments {
                    assert_segments_valid(&text, f);
                }
                for s in &ex.skipped {
                    prop_assert!(s.span.end as usize <= text.len());
                    prop_assert!(text.is_char_boundary(s.span.start as usize));
                    prop_assert!(text.is_char_boundary(s.span.end as usize));
                }
            }
            for f in fenced_blocks(FileId(0), &text).iter().chain(&heredocs(FileId(0), &text)) {
                assert_segments_valid(&text, f);
            }
        }
    }
}
