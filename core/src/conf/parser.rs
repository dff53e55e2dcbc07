//! Builds the directive tree from the tokenizer's statements (SRS's
//! `parse_conf`), recovering at `;` and `}` instead of stopping.

use super::lexer::{LexError, LexErrorKind, Lexer, Statement, Terminator};
use super::syntax::{Block, Directive};
use crate::checks::registry as codes;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::schema::SrsVersion;
use crate::source::{FileId, Span};

/// Blocks nested deeper than this are skipped with a diagnostic: SRS's own
/// configs nest five deep, and the bound keeps every later walk shallow.
pub const MAX_DEPTH: usize = 64;

/// At most this many syntax errors are reported per file; a binary file would
/// otherwise produce one per byte.
pub const MAX_SYNTAX_ERRORS: usize = 100;

#[derive(Debug, Default)]
pub struct Parsed {
    pub directives: Vec<Directive>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Frame {
    /// The directive whose block this is; `None` for the file itself.
    owner: Option<Directive>,
    children: Vec<Directive>,
    /// A block opened by a `{` with no name: parsed for errors, then dropped.
    discard: bool,
}

pub fn parse(file: FileId, text: &str, version: SrsVersion) -> Parsed {
    let mut lexer = Lexer::new(file, text);
    let mut lex_errors: Vec<LexError> = Vec::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut stack: Vec<Frame> = vec![Frame {
        owner: None,
        children: Vec::new(),
        discard: false,
    }];
    // Depth of braces opened past MAX_DEPTH that we are skipping.
    let mut skipped_depth = 0usize;
    let sp = |s: usize, e: usize| Span::new(file, s, e);

    while let Some(stmt) = lexer.next_statement(&mut lex_errors) {
        let Statement {
            words,
            terminator,
            line_break,
            empty_word,
        } = stmt;

        if skipped_depth > 0 {
            match terminator {
                Terminator::BlockStart(_) => skipped_depth += 1,
                Terminator::BlockEnd(_) => skipped_depth -= 1,
                Terminator::Semicolon(_) => {}
                Terminator::Eof => break,
            }
            continue;
        }

        let mut words = words;
        if version.rejects_multiline() {
            if let (Some(at), Some(first)) = (line_break, words.first()) {
                let (diag, split) = multiline_diagnostic(file, text, &words, first, at, terminator);
                diags.push(diag);
                // A missing `;`: read the two lines as the two directives they are.
                if let Some((index, end)) = split {
                    let rest = words.split_off(index);
                    let mut it = words.into_iter();
                    if let Some(name) = it.next() {
                        let span = sp(name.span.start as usize, end);
                        stack.last_mut().expect("root frame").children.push(Directive {
                            name,
                            args: exactly(it),
                            block: None,
                            span,
                        });
                    }
                    words = rest;
                }
            }
        }

        if words.is_empty() {
            if let Some(empty) = empty_word {
                if !matches!(terminator, Terminator::Eof | Terminator::BlockEnd(_)) {
                    diags.push(
                        codes::SYNTAX_ERROR
                            .diagnostic(
                                "empty directive",
                                empty,
                                "this quoted word is empty, and SRS drops empty words",
                            )
                            .with_note("SRS: `empty directive`"),
                    );
                }
            }
        }

        let name_and_args = |words: Vec<super::syntax::Word>, end: usize| -> Option<Directive> {
            let mut it = words.into_iter();
            let name = it.next()?;
            let span = sp(name.span.start as usize, end);
            Some(Directive {
                name,
                args: exactly(it),
                block: None,
                span,
            })
        };

        match terminator {
            Terminator::Semicolon(at) => {
                if let Some(d) = name_and_args(words, at + 1) {
                    stack.last_mut().expect("root frame").children.push(d);
                }
            }
            Terminator::BlockStart(at) => {
                if stack.len() > MAX_DEPTH {
                    diags.push(codes::INPUT_LIMIT.diagnostic(
                        format!("blocks nest deeper than {MAX_DEPTH} levels"),
                        sp(at, at + 1),
                        "srs-check skips everything inside this block",
                    ));
                    skipped_depth = 1;
                    continue;
                }
                let owner = name_and_args(words, at + 1).map(|mut d| {
                    d.block = Some(Box::new(Block {
                        open: sp(at, at + 1),
                        close: None,
                        children: Vec::new(),
                    }));
                    d
                });
                let discard = owner.is_none();
                stack.push(Frame {
                    owner,
                    children: Vec::new(),
                    discard,
                });
            }
            Terminator::BlockEnd(at) => {
                // `listen 1935 }` (already reported) still yields its directive.
                let had_words = !words.is_empty();
                if let Some(d) = name_and_args(words, at) {
                    stack.last_mut().expect("root frame").children.push(d);
                }
                if stack.len() == 1 {
                    if had_words {
                        continue;
                    }
                    diags.push(
                        codes::SYNTAX_ERROR
                            .diagnostic("unexpected \"}\"", sp(at, at + 1), "no block is open here")
                            .with_note("SRS: `unexpected \"}\"`"),
                    );
                } else {
                    close_frame(&mut stack, Some(sp(at, at + 1)));
                }
            }
            Terminator::Eof => {
                if let Some(d) = name_and_args(words, lexer.pos()) {
                    stack.last_mut().expect("root frame").children.push(d);
                }
                break;
            }
        }
    }

    if stack.len() > 1 {
        let owner_span = stack
            .last()
            .and_then(|f| f.owner.as_ref())
            .map_or(sp(text.len(), text.len()), |d| d.span);
        let eof = sp(text.len(), text.len());
        diags.push(
            codes::SYNTAX_ERROR
                .diagnostic(
                    "unexpected end of file, expecting \"}\"",
                    owner_span,
                    "this block is never closed",
                )
                .with_label(eof, "the file ends here")
                .with_note("SRS: `unexpected end of file, expecting \"}\"`, reported at the block's first line"),
        );
        while stack.len() > 1 {
            close_frame(&mut stack, None);
        }
    }

    let mut syntax: Vec<Diagnostic> = lex_errors.iter().map(|e| lex_diagnostic(file, text, e)).collect();
    syntax.append(&mut diags);
    syntax.sort_by_key(|d| d.primary.span.start);
    let over = syntax.len().saturating_sub(MAX_SYNTAX_ERRORS) + lexer.dropped;
    if over > 0 {
        syntax.truncate(MAX_SYNTAX_ERRORS);
        let at = syntax.last().map_or(sp(0, 0), |d| d.primary.span);
        syntax.push(codes::INPUT_LIMIT.diagnostic(
            format!("{over} more syntax errors in this file are not shown"),
            at,
            "srs-check stops listing syntax errors here",
        ));
    }

    let mut root = stack.pop().expect("root frame");
    root.children.shrink_to_fit();
    Parsed {
        directives: root.children,
        diagnostics: syntax,
    }
}

/// The arguments in a buffer of their size: collecting would keep the
/// statement's buffer, which grew by doubling, and a large run holds
/// hundreds of thousands of directives. Blocks' children are shrunk alike.
fn exactly(words: std::vec::IntoIter<super::syntax::Word>) -> Vec<super::syntax::Word> {
    let mut args = Vec::with_capacity(words.len());
    args.extend(words);
    args
}

fn close_frame(stack: &mut Vec<Frame>, close: Option<Span>) {
    let frame = stack.pop().expect("non-root frame");
    if frame.discard {
        return;
    }
    if let Some(mut owner) = frame.owner {
        if let Some(b) = owner.block.as_mut() {
            b.children = frame.children;
            b.children.shrink_to_fit();
            b.close = close;
        }
        stack.last_mut().expect("root frame").children.push(owner);
    }
}

fn lex_diagnostic(file: FileId, _text: &str, e: &LexError) -> Diagnostic {
    let span = Span::new(file, e.start, e.end);
    let (msg, label, srs): (String, &str, String) = match &e.kind {
        LexErrorKind::UnexpectedSemicolon => (
            "unexpected ';'".into(),
            "a `;` with no directive before it",
            "unexpected ';'".into(),
        ),
        LexErrorKind::UnexpectedOpenBrace => (
            "unexpected '{'".into(),
            "a block needs a name, as in `vhost __defaultVhost__ {`",
            "unexpected '{'".into(),
        ),
        LexErrorKind::UnexpectedCloseBrace => (
            "unexpected '}'".into(),
            "the directive before this `}` is missing its `;`",
            "unexpected '}'".into(),
        ),
        LexErrorKind::UnexpectedAfterQuote(c) => (
            format!("unexpected '{c}'"),
            "a closing quote must be followed by a space, `;` or `{`",
            format!("unexpected '{c}'"),
        ),
        LexErrorKind::EofInStatement => (
            "unexpected end of file, expecting ; or \"}\"".into(),
            "this directive is never terminated",
            "unexpected end of file, expecting ; or \"}\"".into(),
        ),
    };
    let mut d = codes::SYNTAX_ERROR.diagnostic(msg, span, label);
    d.notes.push(format!("SRS: `{srs}`"));
    match &e.kind {
        LexErrorKind::UnexpectedCloseBrace => {
            d.fix = Some(Fix::safe(
                "insert `;` before `}`",
                vec![Edit {
                    span: Span::new(file, e.start, e.start),
                    replacement: "; ".into(),
                }],
            ));
        }
        LexErrorKind::UnexpectedSemicolon => {
            d.fix = Some(Fix::safe(
                "remove the stray `;`",
                vec![Edit {
                    span,
                    replacement: String::new(),
                }],
            ));
        }
        _ => {}
    }
    d
}

fn multiline_diagnostic(
    file: FileId,
    text: &str,
    words: &[super::syntax::Word],
    first: &super::syntax::Word,
    at: usize,
    terminator: Terminator,
) -> (Diagnostic, Option<(usize, usize)>) {
    // Zero-width at the end of the line, so the frame shows one line.
    let eol = Span::new(file, at, at);
    let next_index = words.iter().position(|w| w.span.start as usize > at);
    let next = next_index.map(|i| &words[i]);
    // `listen 1935⏎max_connections 1000;`: the next line starts a directive
    // of its own, so the `;` is what is missing.
    if let Some(next) = next.filter(|w| crate::schema::is_known_name(&w.text)) {
        let mut end = at;
        while end > first.span.start as usize && matches!(text.as_bytes()[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        let diag = codes::MULTI_LINE_DIRECTIVE
            .diagnostic(
                format!("directive `{}` has no `;` before the next line", first.text),
                Span::new(file, end, end),
                "`;` expected here",
            )
            .with_label(next.span, format!("`{}` starts a new directive", next.text))
            .with_note(format!("SRS 6.0.135+: `unexpected end of line to parse token {}`; older versions read both lines as one directive", first.text))
            .with_fix(Fix::safe(
                "insert the missing `;`",
                vec![Edit { span: Span::new(file, end, end), replacement: ";".into() }],
            ));
        return (diag, next_index.map(|i| (i, end)));
    }
    let mut d = codes::MULTI_LINE_DIRECTIVE.diagnostic(
        format!("directive `{}` continues on the next line", first.text),
        eol,
        "SRS 6.0.135+ rejects a line break inside a directive",
    );
    d.labels.push(crate::diagnostic::Label {
        span: first.span,
        message: "the directive starts here".into(),
    });
    d.notes
        .push(format!("SRS: `unexpected end of line to parse token {}`", first.text));
    // Join the directive onto one line when no quoted word spans the break.
    let end = match terminator {
        Terminator::Semicolon(e) | Terminator::BlockStart(e) => Some(e),
        _ => None,
    };
    let quoted_break = words.iter().any(|w| {
        let r = w.span.range();
        text[r.clone()].contains('\n') || text[r].contains('\r')
    });
    if let (Some(end), false) = (end, quoted_break) {
        let start = first.span.start as usize;
        let mut edits = Vec::new();
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            if bytes[i] == b'\n' || bytes[i] == b'\r' {
                let mut s = i;
                while s > start && matches!(bytes[s - 1], b' ' | b'\t') {
                    s -= 1;
                }
                let mut e = i;
                while e < end && matches!(bytes[e], b' ' | b'\t' | b'\r' | b'\n') {
                    e += 1;
                }
                let replacement = if e == end { String::new() } else { " ".to_string() };
                edits.push(Edit {
                    span: Span::new(file, s, e),
                    replacement,
                });
                i = e;
            } else {
                i += 1;
            }
        }
        d.fix = Some(Fix::safe("join the directive onto one line", edits));
    }
    (d, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Parsed {
        parse(FileId(0), src, SrsVersion::V6)
    }

    fn names(ds: &[Directive]) -> Vec<&str> {
        ds.iter().map(|d| d.name.text.as_str()).collect()
    }

    #[test]
    fn nested_blocks() {
        let r = p("listen 1935;\nvhost v {\n  cluster { mode remote; }\n}\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(names(&r.directives), ["listen", "vhost"]);
        let v = &r.directives[1];
        assert_eq!(v.arg0(), "v");
        assert_eq!(v.get("cluster").unwrap().get("mode").unwrap().arg0(), "remote");
        assert!(v.block.as_ref().unwrap().close.is_some());
    }

    #[test]
    fn recovers_after_errors() {
        let r = p("a 1 }\nb 2;\n}\nc {\n d;\n");
        let msgs: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "unexpected '}'",
                "unexpected \"}\"",
                "unexpected end of file, expecting \"}\""
            ]
        );
        assert_eq!(names(&r.directives), ["a", "b", "c"]);
        assert_eq!(names(r.directives[2].children()), ["d"]);
    }

    #[test]
    fn multiline_is_a_v6_error_only() {
        let src = "listen\n  1935;\n";
        let r = p(src);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, "SRS002");
        let fix = r.diagnostics[0].fix.as_ref().unwrap();
        let edits: Vec<_> = fix.edits.iter().collect();
        assert_eq!(crate::diagnostic::apply_edits(src, &edits).0, "listen 1935;\n");
        assert!(parse(FileId(0), src, SrsVersion::V5).diagnostics.is_empty());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = "a {".repeat(10_000);
        let r = p(&src);
        assert!(r.diagnostics.iter().any(|d| d.code == "SRS009"));
        let src = "{".repeat(1_000_000);
        let r = p(&src);
        assert!(r.diagnostics.len() <= MAX_SYNTAX_ERRORS + 2);
    }
}
