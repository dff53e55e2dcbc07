//! SRS's tokenizer (`SrsConfDirective::read_token`), reproduced state for
//! state, but error-tolerant: where SRS stops at its first error we record it
//! and go on, so one run reports every problem.

use super::syntax::Word;
use crate::source::{FileId, Span};

/// What ended a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// `;` at this offset.
    Semicolon(usize),
    /// `{` at this offset.
    BlockStart(usize),
    /// `}` at this offset.
    BlockEnd(usize),
    /// The end of the file.
    Eof,
}

/// A grammar error SRS raises, at a byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub kind: LexErrorKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexErrorKind {
    /// `;` with no words before it.
    UnexpectedSemicolon,
    /// `{` with no words before it.
    UnexpectedOpenBrace,
    /// `}` right after words, as in `listen 1935 }`.
    UnexpectedCloseBrace,
    /// A character other than space, `;` or `{` right after a closing quote.
    UnexpectedAfterQuote(char),
    /// The file ended inside a statement.
    EofInStatement,
}

/// One statement as the tokenizer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub words: Vec<Word>,
    pub terminator: Terminator,
    /// The first line break met after a complete word (SRS ≥ 6.0 rejects it).
    pub line_break: Option<usize>,
    /// Where a dropped empty word (`""`) stood, if any.
    pub empty_word: Option<Span>,
}

pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
    /// Errors past [`MAX_LEX_ERRORS`] are counted here instead of stored.
    pub dropped: usize,
}

/// A binary file can hold an error per byte; beyond this many we only count.
pub const MAX_LEX_ERRORS: usize = 256;

fn push_error(errors: &mut Vec<LexError>, dropped: &mut usize, e: LexError) {
    if errors.len() < MAX_LEX_ERRORS {
        errors.push(e);
    } else {
        *dropped += 1;
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Lexer<'a> {
    pub fn new(file: FileId, text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            // A byte-order mark is reported by the loader (SRS004); reading it
            // as part of the first word would only repeat that one cause.
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
            file,
            dropped: 0,
        }
    }

    pub fn at_eof(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Reads the next statement. Returns `None` at the end of the file when no
    /// statement is under way.
    pub fn next_statement(&mut self, errors: &mut Vec<LexError>) -> Option<Statement> {
        let mut words: Vec<Word> = Vec::new();
        let mut line_break = None;
        let mut empty_word = None;
        let mut sharp_comment = false;
        let mut quote: Option<u8> = None;
        let mut need_space = false;
        let mut last_space = true;
        let mut word_start = 0usize;

        macro_rules! done {
            ($t:expr) => {
                return Some(Statement {
                    words,
                    terminator: $t,
                    line_break,
                    empty_word,
                })
            };
        }

        loop {
            if self.pos >= self.bytes.len() {
                if !last_space {
                    // A word (maybe an unterminated quote) runs into the end of the file.
                    let (text_start, quote_char) = match quote {
                        Some(q) => (word_start + 1, Some(q as char)),
                        None => (word_start, None),
                    };
                    let text = &self.text[text_start..self.pos];
                    if !text.is_empty() {
                        words.push(Word {
                            text: text.into(),
                            span: Span::new(self.file, word_start, self.pos),
                            quote: quote_char,
                        });
                    }
                }
                if !words.is_empty() || !last_space || empty_word.is_some() {
                    let start = words.first().map_or(self.pos, |w| w.span.start as usize);
                    push_error(
                        errors,
                        &mut self.dropped,
                        LexError {
                            kind: LexErrorKind::EofInStatement,
                            start,
                            end: self.pos,
                        },
                    );
                    done!(Terminator::Eof);
                }
                return None;
            }

            let ch = self.bytes[self.pos];
            self.pos += 1;

            if ch == b'\n' || ch == b'\r' {
                sharp_comment = false;
                if !words.is_empty() && line_break.is_none() {
                    line_break = Some(self.pos - 1);
                }
            }

            if sharp_comment {
                continue;
            }

            if need_space {
                if is_space(ch) {
                    last_space = true;
                    need_space = false;
                    continue;
                }
                match ch {
                    b';' => done!(Terminator::Semicolon(self.pos - 1)),
                    b'{' => done!(Terminator::BlockStart(self.pos - 1)),
                    _ => {
                        let at = self.pos - 1;
                        let c = self.text[at..].chars().next().unwrap_or('?');
                        push_error(
                            errors,
                            &mut self.dropped,
                            LexError {
                                kind: LexErrorKind::UnexpectedAfterQuote(c),
                                start: at,
                                end: at + c.len_utf8(),
                            },
                        );
                        // Recover as if a space had been there.
                        need_space = false;
                        last_space = true;
                        if ch == b'}' {
                            done!(Terminator::BlockEnd(at));
                        }
                        self.pos = at;
                        continue;
                    }
                }
            }

            if last_space {
                if is_space(ch) {
                    continue;
                }
                word_start = self.pos - 1;
                match ch {
                    b';' => {
                        if words.is_empty() && empty_word.is_none() {
                            push_error(
                                errors,
                                &mut self.dropped,
                                LexError {
                                    kind: LexErrorKind::UnexpectedSemicolon,
                                    start: self.pos - 1,
                                    end: self.pos,
                                },
                            );
                            continue;
                        }
                        done!(Terminator::Semicolon(self.pos - 1));
                    }
                    b'{' => {
                        if words.is_empty() && empty_word.is_none() {
                            push_error(
                                errors,
                                &mut self.dropped,
                                LexError {
                                    kind: LexErrorKind::UnexpectedOpenBrace,
                                    start: self.pos - 1,
                                    end: self.pos,
                                },
                            );
                        }
                        done!(Terminator::BlockStart(self.pos - 1));
                    }
                    b'}' => {
                        if !words.is_empty() {
                            push_error(
                                errors,
                                &mut self.dropped,
                                LexError {
                                    kind: LexErrorKind::UnexpectedCloseBrace,
                                    start: self.pos - 1,
                                    end: self.pos,
                                },
                            );
                        }
                        done!(Terminator::BlockEnd(self.pos - 1));
                    }
                    b'#' => {
                        sharp_comment = true;
                        continue;
                    }
                    b'"' | b'\'' => {
                        quote = Some(ch);
                        last_space = false;
                        continue;
                    }
                    _ => {
                        last_space = false;
                        continue;
                    }
                }
            }

            // Inside a word.
            let mut found = false;
            if let Some(q) = quote {
                if ch == q {
                    quote = None;
                    need_space = true;
                    found = true;
                    let text = &self.text[word_start + 1..self.pos - 1];
                    let span = Span::new(self.file, word_start, self.pos);
                    if text.is_empty() {
                        // SRS drops empty words silently.
                        empty_word.get_or_insert(span);
                    } else {
                        words.push(Word {
                            text: text.into(),
                            span,
                            quote: Some(q as char),
                        });
                    }
                }
            } else if is_space(ch) || ch == b';' || ch == b'{' {
                last_space = true;
                found = true;
                let end = self.pos - 1;
                words.push(Word {
                    text: self.text[word_start..end].into(),
                    span: Span::new(self.file, word_start, end),
                    quote: None,
                });
            }
            if found {
                match ch {
                    b';' => done!(Terminator::Semicolon(self.pos - 1)),
                    b'{' => done!(Terminator::BlockStart(self.pos - 1)),
                    b'\n' | b'\r' if !words.is_empty() && line_break.is_none() => {
                        line_break = Some(self.pos - 1);
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> (Vec<Statement>, Vec<LexError>) {
        let mut lx = Lexer::new(FileId(0), src);
        let mut errs = Vec::new();
        let mut out = Vec::new();
        while let Some(s) = lx.next_statement(&mut errs) {
            let eof = s.terminator == Terminator::Eof;
            out.push(s);
            if eof {
                break;
            }
        }
        (out, errs)
    }

    fn words(s: &Statement) -> Vec<&str> {
        s.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn plain_statement() {
        let (s, e) = lex("listen 1935;");
        assert!(e.is_empty());
        assert_eq!(words(&s[0]), ["listen", "1935"]);
        assert_eq!(s[0].terminator, Terminator::Semicolon(11));
    }

    #[test]
    fn comment_only_at_token_start() {
        let (s, e) = lex("a#b c; # x ; y\n");
        assert!(e.is_empty());
        assert_eq!(s.len(), 1);
        assert_eq!(words(&s[0]), ["a#b", "c"]);
    }

    #[test]
    fn quotes_only_at_token_start_and_no_escapes() {
        let (s, e) = lex(r#"a "b c;{" 'x\' a"b;"#);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(words(&s[0]), ["a", "b c;{", "x\\", "a\"b"]);
        assert_eq!(s[0].words[1].quote, Some('"'));
    }

    #[test]
    fn close_brace_inside_word_is_literal() {
        let (s, _) = lex("listen 1935};");
        assert_eq!(words(&s[0]), ["listen", "1935}"]);
    }

    #[test]
    fn empty_words_are_dropped() {
        let (s, e) = lex(r#"a "" b;"#);
        assert!(e.is_empty());
        assert_eq!(words(&s[0]), ["a", "b"]);
        assert!(s[0].empty_word.is_some());
    }

    #[test]
    fn errors_are_reported_and_parsing_goes_on() {
        let (s, e) = lex(";; a \"b\"c; d }");
        let kinds: Vec<_> = e.iter().map(|e| e.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                LexErrorKind::UnexpectedSemicolon,
                LexErrorKind::UnexpectedSemicolon,
                LexErrorKind::UnexpectedAfterQuote('c'),
                LexErrorKind::UnexpectedCloseBrace
            ]
        );
        assert_eq!(words(&s[0]), ["a", "b", "c"]);
        assert_eq!(words(&s[1]), ["d"]);
    }

    #[test]
    fn line_break_after_a_word_is_recorded() {
        let (s, _) = lex("listen\n1935;");
        assert_eq!(s[0].line_break, Some(6));
        let (s, _) = lex("listen 1935;\n");
        assert_eq!(s[0].line_break, None);
        // A first word that is quoted across lines has no complete word before the break.
        let (s, _) = lex("\"a\nb\";");
        assert_eq!(s[0].line_break, None);
    }

    #[test]
    fn eof_inside_statement() {
        let (s, e) = lex("listen 1935");
        assert_eq!(e[0].kind, LexErrorKind::EofInStatement);
        assert_eq!(words(&s[0]), ["listen", "1935"]);
        let (_, e) = lex("'unterminated");
        assert_eq!(e[0].kind, LexErrorKind::EofInStatement);
    }
}
