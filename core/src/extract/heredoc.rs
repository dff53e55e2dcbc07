//! Shell heredocs (`cat <<EOF | kubectl apply -f -`, `cat > srs.conf <<'EOF'`,
//! `<<-EOF` with tab-indented lines), found by a line scanner that knows
//! enough shell to pass over quotes, comments, here-strings (`<<<`) and
//! arithmetic (`$((1 << 2))`).
//!
//! The command around the heredoc says what it holds: a `*.conf` file
//! written (`> x`, `tee x`) makes it an SRS config, a `*.yaml`/`*.yml` file
//! or `kubectl … -f -` makes it YAML; otherwise its first line decides.
//!
//! Limits of a line scanner: quotes do not carry over to the next line (a
//! stray apostrophe hides nothing beyond its line), `$(…)` and backticks
//! are not parsed, and the terminator may be followed by blanks (bash would
//! not end the heredoc there; a separate check can say so).

use super::{compose, compose_span, Builder, Fragment, FragmentKind, Line, Sink, SkipReason, MAX_FRAGMENTS};
use crate::source::{FileId, Segment, Span};

/// The heredocs of a shell script whose command or content says they hold
/// YAML or an SRS config, each line mapped to the file.
pub fn heredocs(file: FileId, text: &str) -> Vec<Fragment> {
    let mut sink = Sink::new(MAX_FRAGMENTS);
    if super::fits(text) {
        scan(file, text, &mut sink, None);
    }
    sink.fragments
}

/// Searches `text`. With `outer`, `text` is itself embedded (a Markdown
/// shell block) and what is found is mapped through `outer` into its parent.
pub(super) fn scan(file: FileId, text: &str, sink: &mut Sink, outer: Option<&[Segment]>) {
    let map_span = |span: Span| outer.map_or(span, |o| compose_span(span, o));
    let mut pos = 0;
    while pos < text.len() && !sink.is_full() {
        let cmd = CommandLine::parse(text, pos);
        pos = cmd.next;
        if cmd.heredocs.is_empty() {
            continue;
        }
        // The bodies follow the command line one after the other.
        let mut bodies = Vec::with_capacity(cmd.heredocs.len());
        for op in &cmd.heredocs {
            if op.flattened {
                sink.skip(
                    map_span(Span::new(file, op.start, cmd.end)),
                    SkipReason::TerminatorOnCommandLine {
                        delimiter: op.delimiter.trim_matches(char::is_whitespace).to_string(),
                    },
                );
                continue;
            }
            let body = read_body(text, pos, op);
            pos = body.next;
            bodies.push((op, body));
        }
        // `cat <<EOF |`, the body, then `kubectl apply -f -` after it.
        let follow = (cmd.trailing_pipe && !bodies.is_empty()).then(|| CommandLine::parse(text, pos));
        let mut kinds: Vec<Option<Option<FragmentKind>>> = vec![None; cmd.pipelines.len()];
        for (op, body) in bodies {
            let by_command = *kinds[op.pipeline].get_or_insert_with(|| {
                let kind = pipeline_kind(&cmd.pipelines[op.pipeline]);
                match &follow {
                    Some(next) if kind.is_none() && op.pipeline + 1 == cmd.pipelines.len() => {
                        next.pipelines.first().and_then(|p| pipeline_kind(p))
                    }
                    _ => kind,
                }
            });
            let span = Span::new(file, op.start, body.end);
            match by_command.or_else(|| guess_kind(&body.content.text)) {
                Some(kind) => {
                    let fragment = body.content.finish(kind, span);
                    sink.push(match outer {
                        Some(o) => compose(fragment, o),
                        None => fragment,
                    });
                }
                None => sink.skip(map_span(span), SkipReason::UnknownContent),
            }
        }
    }
}

struct Body {
    content: Builder,
    /// End of the terminator (before its line break), or of the text.
    end: usize,
    /// Where scanning goes on.
    next: usize,
}

/// The lines from `pos` up to the one holding only the delimiter (after a
/// `<<-` heredoc's leading tabs), or to the end of the text.
fn read_body(text: &str, mut pos: usize, op: &Op) -> Body {
    let mut content = Builder::default();
    while pos < text.len() {
        let line = Line::at(text, pos);
        let s = &text[line.start..line.end];
        let tabs = if op.strip_tabs {
            s.bytes().take_while(|&b| b == b'\t').count()
        } else {
            0
        };
        let rest = &s[tabs..];
        if rest == op.delimiter || rest.trim_end_matches([' ', '\t', '\r']) == op.delimiter {
            return Body {
                content,
                end: line.end,
                next: line.next,
            };
        }
        content.push(text, line.start + tabs, line.next);
        pos = line.next;
    }
    Body {
        content,
        end: text.len(),
        next: text.len(),
    }
}

/// A heredoc operator on a command line.
#[derive(Debug)]
struct Op {
    /// Where `<<` stands.
    start: usize,
    /// The delimiter word, quotes removed.
    delimiter: String,
    /// `<<-`: leading tabs are stripped from the lines and the terminator.
    strip_tabs: bool,
    /// Index into [`CommandLine::pipelines`].
    pipeline: usize,
    /// End of the delimiter word.
    word_end: usize,
    /// The command line ends with the delimiter: its line breaks were lost.
    flattened: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Arg,
    /// The target of `>`, `>>`, `&>`: a file written.
    Output,
    /// The word after `<`, `<<<`, `>&`: not a file written.
    Other,
}

#[derive(Debug)]
struct Word {
    text: String,
    role: Role,
}

/// What the next word is.
#[derive(Clone, Copy, Debug)]
enum Pending {
    Nothing,
    Redirect(Role),
    HereDoc { start: usize, strip_tabs: bool },
}

/// One logical line of shell (backslash-newlines joined), as words grouped
/// into commands (split at `|`) and pipelines (split at `;`, `&&`, `||`, `&`).
#[derive(Debug)]
struct CommandLine {
    /// End of the logical line, before its line break.
    end: usize,
    /// Start of the next line: where the heredoc bodies begin.
    next: usize,
    heredocs: Vec<Op>,
    pipelines: Vec<Vec<Vec<Word>>>,
    /// The line ends with `|`: the pipeline goes on after the bodies.
    trailing_pipe: bool,
}

struct Lexer {
    word: Vec<u8>,
    in_word: bool,
    pending: Pending,
    line: CommandLine,
}

impl Lexer {
    fn push(&mut self, bytes: &[u8]) {
        self.word.extend_from_slice(bytes);
        self.in_word = true;
    }

    /// Ends the current word at byte `at`.
    fn finish(&mut self, at: usize) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        self.line.trailing_pipe = false;
        let text = String::from_utf8_lossy(&self.word).into_owned();
        self.word.clear();
        let pending = std::mem::replace(&mut self.pending, Pending::Nothing);
        let role = match pending {
            Pending::HereDoc { start, strip_tabs } => {
                if !text.is_empty() {
                    self.line.heredocs.push(Op {
                        start,
                        delimiter: text,
                        strip_tabs,
                        pipeline: self.line.pipelines.len() - 1,
                        word_end: at,
                        flattened: false,
                    });
                }
                return;
            }
            Pending::Redirect(role) => role,
            Pending::Nothing => Role::Arg,
        };
        if let Some(command) = self.line.pipelines.last_mut().and_then(|p| p.last_mut()) {
            command.push(Word { text, role });
        }
    }

    /// Before a redirection: a word of digits is its file descriptor (`2>`).
    fn finish_before_redirect(&mut self, at: usize) {
        if self.in_word && !self.word.is_empty() && self.word.iter().all(u8::is_ascii_digit) {
            self.word.clear();
            self.in_word = false;
        }
        self.finish(at);
    }

    /// `|`, `;`, `&&`: a heredoc or redirection without its word is dropped.
    fn separate(&mut self, at: usize, new_pipeline: bool) {
        self.finish(at);
        self.pending = Pending::Nothing;
        self.line.trailing_pipe = false;
        if new_pipeline {
            self.line.pipelines.push(vec![Vec::new()]);
        } else if let Some(p) = self.line.pipelines.last_mut() {
            p.push(Vec::new());
        }
    }

    fn operator(&mut self, at: usize, pending: Pending) {
        self.finish_before_redirect(at);
        self.line.trailing_pipe = false;
        self.pending = pending;
    }
}

impl CommandLine {
    /// Reads the logical line starting at byte `start`.
    fn parse(text: &str, start: usize) -> CommandLine {
        let b = text.as_bytes();
        let mut lx = Lexer {
            word: Vec::new(),
            in_word: false,
            pending: Pending::Nothing,
            line: CommandLine {
                end: text.len(),
                next: text.len(),
                heredocs: Vec::new(),
                pipelines: vec![vec![Vec::new()]],
                trailing_pipe: false,
            },
        };
        let at = |i: usize| b.get(i).copied();
        // Where the next '\n' (or the text's end) is, from `i`.
        let line_end = |i: usize| {
            b.get(i..)
                .and_then(|r| r.iter().position(|&x| x == b'\n'))
                .map_or(b.len(), |k| i + k)
        };
        let mut i = start;
        while let Some(c) = at(i) {
            match c {
                b'\n' => {
                    lx.line.end = i;
                    lx.line.next = i + 1;
                    break;
                }
                b'\\' => match at(i + 1) {
                    Some(b'\n') => i += 2,
                    Some(b'\r') if at(i + 2) == Some(b'\n') => i += 3,
                    Some(e) => {
                        lx.push(&[e]);
                        i += 2;
                    }
                    None => i += 1,
                },
                b'\'' => {
                    // To the closing quote, or the end of the line.
                    let stop = b[i + 1..]
                        .iter()
                        .position(|&x| x == b'\'' || x == b'\n')
                        .map_or(b.len(), |k| i + 1 + k);
                    lx.push(&b[i + 1..stop]);
                    i = if at(stop) == Some(b'\'') { stop + 1 } else { stop };
                }
                b'"' => {
                    lx.push(&[]);
                    i += 1;
                    while let Some(x) = at(i) {
                        match x {
                            b'"' => {
                                i += 1;
                                break;
                            }
                            b'\n' => break,
                            b'\\' => match at(i + 1) {
                                Some(b'\n') => i += 2,
                                Some(b'\r') if at(i + 2) == Some(b'\n') => i += 3,
                                Some(e @ (b'"' | b'\\' | b'$' | b'`')) => {
                                    lx.push(&[e]);
                                    i += 2;
                                }
                                _ => {
                                    lx.push(b"\\");
                                    i += 1;
                                }
                            },
                            _ => {
                                lx.push(&[x]);
                                i += 1;
                            }
                        }
                    }
                }
                b'#' if !lx.in_word => i = line_end(i),
                b'|' => {
                    if at(i + 1) == Some(b'|') {
                        lx.separate(i, true);
                        i += 2;
                    } else {
                        lx.separate(i, false);
                        lx.line.trailing_pipe = true;
                        i += if at(i + 1) == Some(b'&') { 2 } else { 1 };
                    }
                }
                b'&' => match at(i + 1) {
                    Some(b'&') => {
                        lx.separate(i, true);
                        i += 2;
                    }
                    Some(b'>') => {
                        lx.operator(i, Pending::Redirect(Role::Output));
                        i += if at(i + 2) == Some(b'>') { 3 } else { 2 };
                    }
                    _ => {
                        lx.separate(i, true);
                        i += 1;
                    }
                },
                b';' => {
                    lx.separate(i, true);
                    i += 1;
                }
                b'>' => {
                    // `2>` and the like write something else than the heredoc.
                    let other_fd =
                        lx.in_word && !lx.word.is_empty() && lx.word.iter().all(u8::is_ascii_digit) && lx.word != b"1";
                    let role = match at(i + 1) {
                        Some(b'>' | b'|') => {
                            i += 1;
                            Role::Output
                        }
                        Some(b'&') => {
                            i += 1;
                            Role::Other
                        }
                        _ => Role::Output,
                    };
                    i += 1;
                    let role = if other_fd { Role::Other } else { role };
                    if at(i) == Some(b'(') {
                        // Process substitution: `>(cmd)`.
                        lx.operator(i, Pending::Nothing);
                    } else {
                        lx.operator(i, Pending::Redirect(role));
                    }
                }
                b'<' => {
                    let start = i;
                    let pending = match (at(i + 1), at(i + 2)) {
                        (Some(b'<'), Some(b'<')) => {
                            i += 3;
                            Pending::Redirect(Role::Other)
                        }
                        (Some(b'<'), next) => {
                            i += 2;
                            let strip_tabs = next == Some(b'-');
                            if strip_tabs {
                                i += 1;
                            }
                            Pending::HereDoc { start, strip_tabs }
                        }
                        (Some(b'('), _) => {
                            i += 1;
                            Pending::Nothing
                        }
                        (Some(b'>'), _) => {
                            i += 2;
                            Pending::Redirect(Role::Output)
                        }
                        (Some(b'&'), _) => {
                            i += 2;
                            Pending::Redirect(Role::Other)
                        }
                        _ => {
                            i += 1;
                            Pending::Redirect(Role::Other)
                        }
                    };
                    lx.operator(start, pending);
                }
                b'(' if at(i + 1) == Some(b'(') && (!lx.in_word || lx.word.last() == Some(&b'$')) => {
                    // Arithmetic, `((x << 2))` or `$((1 << n))`: to its `))`.
                    let stop = line_end(i);
                    let close = b[i + 2..stop].windows(2).position(|w| w == b"))");
                    i = close.map_or(stop, |k| i + 2 + k + 2);
                    lx.push(&[]);
                }
                b' ' | b'\t' | b'\r' | b'(' | b')' | b'`' => {
                    lx.finish(i);
                    i += 1;
                }
                _ => {
                    lx.push(&[c]);
                    i += 1;
                }
            }
        }
        let end = if at(i).is_none() { b.len() } else { lx.line.end };
        lx.finish(end);
        let mut line = lx.line;
        line.end = end;
        mark_flattened(text, &mut line);
        line
    }
}

/// A heredoc whose command line itself ends with the delimiter (`cat <<EOF
/// | kubectl apply -f -apiVersion: v1 … EOF`) was flattened onto one line.
/// `cat <<A <<EOF` is not: there the line ends with another heredoc's word.
fn mark_flattened(text: &str, line: &mut CommandLine) {
    let word_ends: Vec<usize> = line.heredocs.iter().map(|op| op.word_end).collect();
    for op in &mut line.heredocs {
        let rest = text.get(op.word_end..line.end).unwrap_or("").trim_end();
        let rest_end = op.word_end + rest.len();
        // A page's no-break space after `<<EOF` is part of the word for bash.
        let delimiter = op.delimiter.trim_matches(char::is_whitespace);
        op.flattened = !delimiter.is_empty()
            && !rest.trim_start().is_empty()
            && rest.ends_with(delimiter)
            && word_ends.binary_search(&rest_end).is_err();
    }
}

/// What the commands of a pipeline say about the heredoc fed into it.
fn pipeline_kind(commands: &[Vec<Word>]) -> Option<FragmentKind> {
    let mut to_kubectl = false;
    for command in commands {
        let (mut tee, mut kubectl, mut after_f) = (false, false, false);
        for word in command {
            let w = word.text.as_str();
            match word.role {
                Role::Output => {
                    if let Some(kind) = kind_of_path(w) {
                        return Some(kind);
                    }
                }
                Role::Other => {}
                Role::Arg => {
                    let base = w.rsplit('/').next().unwrap_or(w);
                    if base == "tee" {
                        tee = true;
                    } else if matches!(base, "kubectl" | "oc" | "microk8s.kubectl") {
                        kubectl = true;
                    } else if tee && !w.starts_with('-') {
                        if let Some(kind) = kind_of_path(w) {
                            return Some(kind);
                        }
                    } else if kubectl {
                        to_kubectl |= (after_f && w == "-") || matches!(w, "-f-" | "-f=-" | "--filename=-");
                    }
                    after_f = kubectl && matches!(w, "-f" | "--filename");
                }
            }
        }
    }
    to_kubectl.then_some(FragmentKind::Yaml)
}

fn kind_of_path(path: &str) -> Option<FragmentKind> {
    let (_, ext) = path.rsplit_once('.')?;
    if ext.eq_ignore_ascii_case("conf") {
        Some(FragmentKind::SrsConf)
    } else if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") {
        Some(FragmentKind::Yaml)
    } else {
        None
    }
}

/// What a heredoc's first meaningful line says it is: `apiVersion:` or
/// `kind:` for manifests, a top-level SRS directive (`listen 1935;`,
/// `vhost x {`) for a config. `pid`, `daemon` and `include` are nginx's too,
/// so they decide nothing and the next line is read.
fn guess_kind(body: &str) -> Option<FragmentKind> {
    let root = crate::schema::context("root");
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with("--- ") {
            continue;
        }
        if t.starts_with("apiVersion:") || t.starts_with("kind:") {
            return Some(FragmentKind::Yaml);
        }
        let name = t.split([' ', '\t', ';', '{']).next().unwrap_or("");
        let code = t.split('#').next().unwrap_or("").trim_end();
        let srs = root.is_some_and(|c| c.get(name).is_some()) && (code.ends_with(';') || code.ends_with('{'));
        if !srs {
            return None;
        }
        if !matches!(name, "pid" | "daemon" | "include") {
            return Some(FragmentKind::SrsConf);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::check::assert_maps_back;
    use super::super::{extract_with_skips, FileKind};
    use super::*;

    fn docs(text: &str) -> Vec<Fragment> {
        let frags = heredocs(FileId(0), text);
        assert_maps_back(text, &frags);
        frags
    }

    fn texts(frags: &[Fragment]) -> Vec<(FragmentKind, &str)> {
        frags.iter().map(|f| (f.kind, f.text.as_str())).collect()
    }

    use FragmentKind::{SrsConf, Yaml};

    #[test]
    fn the_common_shapes() {
        let sh = "set -e\n\
                  cat <<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nEOF\n\
                  kubectl apply -f - <<EOF\nkind: Service\nEOF\n\
                  cat > x.yaml <<\"EOF\"\na: 1\nEOF\n\
                  cat <<EOF > srs.conf\nlisten 1935;\nEOF\n\
                  sudo tee /etc/srs/srs.conf >/dev/null <<EOF\ndaemon off;\nEOF\n\
                  tee x.yml <<EOF\nb: 2\nEOF\n";
        let f = docs(sh);
        assert_eq!(
            texts(&f),
            [
                (Yaml, "apiVersion: v1\nkind: ConfigMap\n"),
                (Yaml, "kind: Service\n"),
                (Yaml, "a: 1\n"),
                (SrsConf, "listen 1935;\n"),
                (SrsConf, "daemon off;\n"),
                (Yaml, "b: 2\n"),
            ]
        );
        assert_eq!(
            &sh[f[0].span.range()],
            "<<'EOF' | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nEOF"
        );
    }

    #[test]
    fn dash_heredocs_strip_leading_tabs() {
        let sh = "if true; then\n\tcat <<-END >srs.conf\n\t\tlisten 1935;\n\tvhost x {\n\t}\n\tEND\nfi\n";
        let f = docs(sh);
        assert_eq!(texts(&f), [(SrsConf, "listen 1935;\nvhost x {\n}\n")]);
        let at = sh.find("listen").unwrap() as u32;
        assert_eq!(f[0].segments[0].orig, at);
        // Without `-`, a tab-indented terminator does not end the heredoc.
        let sh = "cat <<END >a.yaml\n\ta: 1\n\tEND\nEND\n";
        assert_eq!(texts(&docs(sh)), [(Yaml, "\ta: 1\n\tEND\n")]);
    }

    #[test]
    fn two_heredocs_in_one_script_and_on_one_line() {
        let sh = "cat <<A >a.yaml\nkind: A\nA\necho hi\ncat <<B >b.conf\nlisten 1;\nB\n\
                  paste <<X >x.yaml <(cat) <<-'Y'\nkind: X\nX\n\tkind: Y\n\tY\n";
        let f = docs(sh);
        assert_eq!(
            texts(&f),
            [
                (Yaml, "kind: A\n"),
                (SrsConf, "listen 1;\n"),
                (Yaml, "kind: X\n"),
                (Yaml, "kind: Y\n")
            ]
        );
    }

    #[test]
    fn content_decides_when_the_command_does_not() {
        let sh = "cat <<EOF\n# comment\n---\napiVersion: v1\nEOF\n\
                  ssh host sh -c 'cat' <<EOF\n\npid x.pid;\nlisten 1935;\nEOF\n\
                  cat <<EOF >run.sh\necho hi\nEOF\n\
                  cat <<EOF\nworker_processes 1;\nEOF\n\
                  cat <<EOF\ndaemon off;\nEOF\n";
        let ex = extract_with_skips(FileId(0), sh, FileKind::Shell);
        assert_eq!(
            texts(&ex.fragments),
            [
                (Yaml, "# comment\n---\napiVersion: v1\n"),
                (SrsConf, "\npid x.pid;\nlisten 1935;\n")
            ]
        );
        assert_eq!(ex.skipped.len(), 3);
        assert!(ex.skipped.iter().all(|s| s.reason == SkipReason::UnknownContent));
        assert_eq!(&sh[ex.skipped[0].span.range()], "<<EOF >run.sh\necho hi\nEOF");
    }

    #[test]
    fn pipelines_continued_after_the_body() {
        let sh = "cat <<EOF |\nfoo: bar\nEOF\n  kubectl apply -f-\ncat <<EOF | grep x\nfoo: bar\nEOF\n";
        let ex = extract_with_skips(FileId(0), sh, FileKind::Shell);
        assert_eq!(texts(&ex.fragments), [(Yaml, "foo: bar\n")]);
        assert_eq!(ex.skipped.len(), 1);
    }

    #[test]
    fn quotes_comments_here_strings_and_arithmetic_are_not_heredocs() {
        let sh =
            "echo '<<EOF' \"a <<EOF\" # cat <<EOF\ngrep x <<< \"$y\"\necho $((1 << 2)) ; ((n <<= 1))\necho a\\<<b\n\
                  kind: x\nEOF\n";
        assert!(docs(sh).is_empty());
    }

    #[test]
    fn unterminated_heredocs_run_to_the_end() {
        let sh = "cat <<EOF >a.yaml\nkind: A\nEOF \nmore: 1";
        // Blanks after the terminator are forgiven.
        assert_eq!(texts(&docs(sh)), [(Yaml, "kind: A\n")]);
        let sh = "cat <<EOF >a.yaml\nkind: A\n EOF\nmore: 1";
        let f = docs(sh);
        assert_eq!(texts(&f), [(Yaml, "kind: A\n EOF\nmore: 1")]);
        assert_eq!(f[0].span.end as usize, sh.len());
        let sh = "cat <<EOF >a.yaml";
        assert_eq!(texts(&docs(sh)), [(Yaml, "")]);
    }

    #[test]
    fn crlf_scripts() {
        let sh = "cat <<EOF | kubectl apply -f -\r\nkind: A\r\nb: é\r\nEOF\r\necho\r\n";
        let f = docs(sh);
        assert_eq!(texts(&f), [(Yaml, "kind: A\r\nb: é\r\n")]);
        assert_eq!(
            &sh[f[0].span.range()],
            "<<EOF | kubectl apply -f -\r\nkind: A\r\nb: é\r\nEOF"
        );
    }

    #[test]
    fn line_continuations_join_the_command() {
        let sh = "cat <<EOF \\\n  | kubectl apply \\\n  -f -\nkind: A\nEOF\n";
        assert_eq!(texts(&docs(sh)), [(Yaml, "kind: A\n")]);
    }

    #[test]
    fn flattened_heredocs_are_skipped_but_legit_repeats_are_not() {
        let sh = "cat <<EOF | kubectl apply -f -apiVersion: v1kind: Namespace EOF\nkind: A\n";
        let ex = extract_with_skips(FileId(0), sh, FileKind::Shell);
        assert!(ex.fragments.is_empty());
        assert_eq!(ex.skipped.len(), 1);
        assert_eq!(
            &sh[ex.skipped[0].span.range()],
            "<<EOF | kubectl apply -f -apiVersion: v1kind: Namespace EOF"
        );
        // The same delimiter twice is two heredocs, not a flattened one.
        let sh = "cat >a.yaml <<EOF <<EOF\nkind: A\nEOF\nkind: B\nEOF\n";
        assert_eq!(texts(&docs(sh)), [(Yaml, "kind: A\n"), (Yaml, "kind: B\n")]);
    }

    #[test]
    fn kubectl_flags_and_paths() {
        let cmd = |s: &str| {
            let line = CommandLine::parse(s, 0);
            pipeline_kind(&line.pipelines[0])
        };
        assert_eq!(cmd("kubectl apply -n x --filename - <<EOF"), Some(Yaml));
        assert_eq!(cmd("/usr/bin/kubectl create -f=- <<EOF"), Some(Yaml));
        assert_eq!(cmd("kubectl apply -f x.json <<EOF"), None);
        assert_eq!(cmd("cat <<EOF 2>err.yaml >'/tmp/S R S.CONF'"), Some(SrsConf));
        assert_eq!(cmd("cat <<EOF >&2"), None);
        assert_eq!(cmd("tee -a x.yml <<EOF"), Some(Yaml));
        let line = CommandLine::parse("cat <<EOF > a.conf; cat <<B | kubectl apply -f -", 0);
        assert_eq!(line.heredocs.len(), 2);
        assert_eq!(line.heredocs[1].pipeline, 1);
        assert_eq!(pipeline_kind(&line.pipelines[1]), Some(Yaml));
    }
}
