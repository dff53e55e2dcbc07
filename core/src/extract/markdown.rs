//! Fenced code blocks of a Markdown file, found by a CommonMark line
//! scanner: ```` ``` ```` and `~~~` fences of three or more, closed by a fence
//! of the same character at least as long, inside list items too.
//!
//! Not handled: fences inside block quotes (`> ```yaml`), and HTML blocks
//! (a fence inside `<details>` is found, one inside `<pre>` too).

use super::{heredoc, Builder, Fragment, FragmentKind, Line, Sink};
use crate::source::{FileId, Span};

/// The fenced blocks whose info string names YAML (`yaml`, `yml`), an SRS
/// config (`conf`, `nginx`) or a shell script (`bash`, `sh`, `shell`,
/// `console`), each line mapped to the file. Other blocks are skipped.
pub fn fenced_blocks(file: FileId, text: &str) -> Vec<Fragment> {
    let mut sink = Sink::new(super::MAX_FRAGMENTS);
    if super::fits(text) {
        scan(file, text, &mut sink, false);
    }
    sink.fragments
}

/// Searches `text`; with `nested`, each shell block is followed by the
/// heredocs inside it, mapped into `text`.
pub(super) fn scan(file: FileId, text: &str, sink: &mut Sink, nested: bool) {
    // Content columns of the open list items, innermost last.
    let mut lists: Vec<usize> = Vec::new();
    let mut pos = 0;
    while pos < text.len() && !sink.is_full() {
        let line = Line::at(text, pos);
        pos = line.next;
        let content = &text[line.start..line.end];
        if is_blank(content) {
            continue;
        }
        let (mut col, mut off) = indentation(content, 0, 0);
        // List markers open containers; a line indented less than an open
        // item's content closes it.
        loop {
            while lists.last().is_some_and(|&c| c > col) {
                lists.pop();
            }
            if col > container(&lists) + 3 {
                break;
            }
            match list_marker(content, off, col) {
                Some((c, o)) => {
                    lists.push(c);
                    (col, off) = (c, o);
                }
                None => break,
            }
        }
        let inside = container(&lists);
        if col > inside + 3 {
            continue;
        }
        let Some(open) = Fence::open(content, off) else {
            continue;
        };
        let block = read_block(text, line, &open, col, inside);
        pos = block.next;
        let Some(kind) = kind_of_info(open.info) else {
            continue;
        };
        let span = Span::new(file, line.start + off, block.end);
        let fragment = block.content.finish(kind, span);
        if nested && kind == FragmentKind::Shell {
            // One slot is the shell block's own.
            let mut inner = Sink::new(sink.remaining().saturating_sub(1));
            heredoc::scan(file, &fragment.text, &mut inner, Some(&fragment.segments));
            sink.push(fragment);
            if !sink.is_full() {
                sink.absorb(inner);
            }
        } else {
            sink.push(fragment);
        }
    }
}

/// The innermost open list item's content column, 0 outside lists.
fn container(lists: &[usize]) -> usize {
    lists.last().copied().unwrap_or(0)
}

struct Fence<'a> {
    ch: u8,
    len: usize,
    info: &'a str,
}

impl<'a> Fence<'a> {
    /// An opening fence at byte `off` of a line.
    fn open(line: &'a str, off: usize) -> Option<Fence<'a>> {
        let bytes = line.as_bytes();
        let ch = *bytes.get(off)?;
        if ch != b'`' && ch != b'~' {
            return None;
        }
        let len = bytes[off..].iter().take_while(|&&b| b == ch).count();
        if len < 3 {
            return None;
        }
        let info = line[off + len..].trim_matches(|c| c == ' ' || c == '\t');
        // A backtick in a backtick fence's info string makes it inline code.
        if ch == b'`' && info.contains('`') {
            return None;
        }
        Some(Fence { ch, len, info })
    }

    /// True when the line from `off` closes this fence.
    fn closes(&self, line: &str, off: usize) -> bool {
        let rest = line.as_bytes().get(off..).unwrap_or_default();
        let run = rest.iter().take_while(|&&b| b == self.ch).count();
        run >= self.len && rest[run..].iter().all(|&b| b == b' ' || b == b'\t')
    }
}

struct Block {
    content: Builder,
    /// End of the closing fence, or of the last line of an unclosed block.
    end: usize,
    /// Where scanning goes on.
    next: usize,
}

/// Reads a block's lines after its opening line up to its closing fence. The opening
/// fence stands at column `fence_col`, inside a list item whose content
/// starts at column `inside` (0 outside lists).
fn read_block(text: &str, opening: Line, fence: &Fence<'_>, fence_col: usize, inside: usize) -> Block {
    let mut content = Builder::default();
    let mut end = opening.end;
    let mut pos = opening.next;
    let keep = kind_of_info(fence.info).is_some();
    while pos < text.len() {
        let line = Line::at(text, pos);
        let s = &text[line.start..line.end];
        let (col, off) = indentation(s, 0, 0);
        if inside > 0 && !is_blank(s) && col < inside {
            // Less indented than the list item: the item, and the block, end.
            break;
        }
        if col <= inside + 3 && fence.closes(s, off) {
            return Block {
                content,
                end: line.end,
                next: line.next,
            };
        }
        if keep {
            let strip = strip_columns(s, fence_col);
            content.push(text, line.start + strip, line.next);
        }
        end = line.end;
        pos = line.next;
    }
    Block {
        content,
        end,
        next: pos,
    }
}

/// The kind named by the first word of an info string (`yaml`,
/// `yaml title="x"`, `{.yaml}`, `yaml{1,3}`), if it is one we read.
fn kind_of_info(info: &str) -> Option<FragmentKind> {
    let word = info.trim_start_matches(['{', '.']);
    let end = word
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '+'))
        .unwrap_or(word.len());
    let word = &word[..end];
    let is = |names: &[&str]| names.iter().any(|n| word.eq_ignore_ascii_case(n));
    if is(&["yaml", "yml"]) {
        Some(FragmentKind::Yaml)
    } else if is(&["conf", "nginx"]) {
        Some(FragmentKind::SrsConf)
    } else if is(&["bash", "sh", "shell", "console"]) {
        Some(FragmentKind::Shell)
    } else {
        None
    }
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t' || b == b'\r')
}

/// Columns and bytes of the spaces and tabs from byte `off` (at column
/// `col`) of a line; a tab moves to the next multiple of 4.
fn indentation(line: &str, mut off: usize, mut col: usize) -> (usize, usize) {
    for &b in line.as_bytes().get(off..).unwrap_or_default() {
        match b {
            b' ' => col += 1,
            b'\t' => col = (col / 4 + 1) * 4,
            _ => break,
        }
        off += 1;
    }
    (col, off)
}

/// Bytes of leading whitespace making up at most `max` columns: CommonMark
/// removes the opening fence's indentation from each content line. A tab
/// reaching past `max` is kept (it cannot be cut verbatim).
fn strip_columns(line: &str, max: usize) -> usize {
    let mut col = 0;
    let mut off = 0;
    for &b in line.as_bytes() {
        let next = match b {
            b' ' => col + 1,
            b'\t' => (col / 4 + 1) * 4,
            _ => break,
        };
        if next > max {
            break;
        }
        col = next;
        off += 1;
    }
    off
}

/// A list item marker (`-`, `+`, `*`, `1.`, `1)`) at byte `off` (column
/// `col`): the column and byte where the item's content starts.
fn list_marker(line: &str, off: usize, col: usize) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut i = off;
    match bytes.get(i)? {
        b'-' | b'+' | b'*' => i += 1,
        b'0'..=b'9' => {
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 {
                return None;
            }
            i += digits;
            if !matches!(bytes.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    let marker_end = col + (i - off);
    match bytes.get(i) {
        None => return Some((marker_end + 1, i)),
        Some(b' ' | b'\t') => {}
        Some(_) => return None,
    }
    let (c, o) = indentation(line, i, marker_end);
    if o == bytes.len() {
        // Nothing after the marker: the content starts on the next line.
        Some((marker_end + 1, o))
    } else if c - marker_end > 4 {
        // Indented code inside the item: one space belongs to the marker.
        Some((marker_end + 1, i + 1))
    } else {
        Some((c, o))
    }
}

#[cfg(test)]
mod tests {
    use super::super::check::assert_maps_back;
    use super::*;

    fn blocks(text: &str) -> Vec<Fragment> {
        let frags = fenced_blocks(FileId(0), text);
        assert_maps_back(text, &frags);
        frags
    }

    fn texts(frags: &[Fragment]) -> Vec<(FragmentKind, &str)> {
        frags.iter().map(|f| (f.kind, f.text.as_str())).collect()
    }

    #[test]
    fn fences_with_a_language_are_kept_and_others_skipped() {
        let md =
            "intro\n```yaml\na: 1\n```\n\n```\nno: language\n```\n```json\n{}\n```\n``` conf \nlisten 1935;\n```\n";
        let f = blocks(md);
        assert_eq!(
            texts(&f),
            [
                (FragmentKind::Yaml, "a: 1\n"),
                (FragmentKind::SrsConf, "listen 1935;\n")
            ]
        );
        assert_eq!(&md[f[0].span.range()], "```yaml\na: 1\n```");
    }

    #[test]
    fn info_strings_are_read_by_their_first_word() {
        use FragmentKind::{Shell, SrsConf, Yaml};
        let md = "```YAML title=\"x\"\na\n```\n```{.yml}\nb\n```\n```yaml{1,3}\nc\n```\n```nginx\nd\n```\n\
                  ```sh\ne\n```\n```shell\nf\n```\n```console\ng\n```\n```yamlx\nh\n```\n```python\ni\n```\n";
        let kinds: Vec<_> = blocks(md).iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Yaml, Yaml, Yaml, SrsConf, Shell, Shell, Shell]);
    }

    #[test]
    fn tilde_fences_and_longer_closing_fences() {
        let md = "~~~yml\n```\nstill: inside\n~~\n~~~~~\nafter\n````bash\n```\necho hi\n```` \n";
        let f = blocks(md);
        assert_eq!(
            texts(&f),
            [
                (FragmentKind::Yaml, "```\nstill: inside\n~~\n"),
                (FragmentKind::Shell, "```\necho hi\n")
            ]
        );
    }

    #[test]
    fn a_skipped_block_hides_the_fences_inside_it() {
        let md = "````markdown\n```yaml\nnot: extracted\n```\n````\n```yaml\nyes: 1\n```\n";
        assert_eq!(texts(&blocks(md)), [(FragmentKind::Yaml, "yes: 1\n")]);
    }

    #[test]
    fn backtick_info_with_a_backtick_is_not_a_fence() {
        let md = "``` yaml ` x\na: 1\n```yaml\nb: 2\n```\n";
        assert_eq!(texts(&blocks(md)), [(FragmentKind::Yaml, "b: 2\n")]);
    }

    #[test]
    fn list_item_fences_lose_the_fence_indentation() {
        let md = "1. Create it:\n\n    ```yaml\n    kind: A\n      nested: 1\n\n   short: 2\n    ```\n2. Then\n";
        let f = blocks(md);
        assert_eq!(texts(&f), [(FragmentKind::Yaml, "kind: A\n  nested: 1\n\nshort: 2\n")]);
        let at = md.find("kind: A").unwrap() as u32;
        assert_eq!(f[0].segments[0].orig, at);
        assert_eq!(
            &md[f[0].span.range()],
            "```yaml\n    kind: A\n      nested: 1\n\n   short: 2\n    ```"
        );
    }

    #[test]
    fn nested_list_items_and_fences_on_the_marker_line() {
        let md = "- a\n  - b\n\n    ```yaml\n    x: 1\n    ```\n- ```conf\n  listen 1935;\n  ```\n";
        let f = blocks(md);
        assert_eq!(
            texts(&f),
            [
                (FragmentKind::Yaml, "x: 1\n"),
                (FragmentKind::SrsConf, "listen 1935;\n")
            ]
        );
    }

    #[test]
    fn indented_code_is_not_a_fence() {
        let md = "text\n\n    ```yaml\n    a: 1\n    ```\n";
        assert!(blocks(md).is_empty());
    }

    #[test]
    fn a_less_indented_line_ends_a_list_item_block() {
        let md = "- item\n  ```yaml\n  a: 1\nb: 2\n```yaml\nc: 3\n```\n";
        let f = blocks(md);
        assert_eq!(
            texts(&f),
            [(FragmentKind::Yaml, "a: 1\n"), (FragmentKind::Yaml, "c: 3\n")]
        );
        assert_eq!(&md[f[0].span.range()], "```yaml\n  a: 1");
    }

    #[test]
    fn unclosed_fences_run_to_the_end() {
        let md = "```yaml\na: 1\n```bash\nb: 2";
        let f = blocks(md);
        assert_eq!(texts(&f), [(FragmentKind::Yaml, "a: 1\n```bash\nb: 2")]);
        assert_eq!(f[0].span.end as usize, md.len());
        let md = "```yaml\n";
        let f = blocks(md);
        assert_eq!(texts(&f), [(FragmentKind::Yaml, "")]);
        assert_eq!(&md[f[0].span.range()], "```yaml");
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        let md = "# T\r\n```yaml\r\na: 1\r\nb: é\r\n```\r\n  ```conf\r\n  listen 1935;\r\n  ```";
        let f = blocks(md);
        assert_eq!(
            texts(&f),
            [
                (FragmentKind::Yaml, "a: 1\r\nb: é\r\n"),
                (FragmentKind::SrsConf, "listen 1935;\r\n")
            ]
        );
        assert_eq!(&md[f[0].span.range()], "```yaml\r\na: 1\r\nb: é\r\n```");
    }

    #[test]
    fn tabs_in_indentation() {
        let md = "-\t```yaml\n\ta: 1\n  \t\tb: 2\n\t```\n";
        let f = blocks(md);
        // The fence stands at column 4: a tab is 4 columns, and the second
        // line's tab beyond it stays.
        assert_eq!(texts(&f), [(FragmentKind::Yaml, "a: 1\n\tb: 2\n")]);
    }
}
