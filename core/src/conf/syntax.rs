//! The tree an SRS config parses into. Every node keeps its span.

use crate::source::Span;
use compact_str::CompactString;
use serde::Serialize;

/// One word of a directive: its name or an argument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The text without its quotes. Most words are short: kept inline,
    /// with no allocation of their own.
    pub text: CompactString,
    /// The whole token, quotes included.
    pub span: Span,
    /// The quote character when the word was quoted (`'` or `"`).
    pub quote: Option<char>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The `{`.
    pub open: Span,
    /// The matching `}`, absent when the file ended first.
    pub close: Option<Span>,
    pub children: Vec<Directive>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub name: Word,
    pub args: Vec<Word>,
    pub block: Option<Box<Block>>,
    /// From the name to the terminating `;` or `{` (or the last word when the
    /// terminator is missing).
    pub span: Span,
}

impl Directive {
    /// The first argument, as SRS's `arg0()`: empty when absent.
    pub fn arg0(&self) -> &str {
        self.args.first().map_or("", |w| w.text.as_str())
    }

    pub fn children(&self) -> &[Directive] {
        self.block.as_ref().map_or(&[], |b| b.children.as_slice())
    }

    /// The first child of that name, as SRS's `get(name)`: later duplicates are ignored.
    pub fn get(&self, name: &str) -> Option<&Directive> {
        self.children().iter().find(|d| d.name.text == name)
    }

    pub fn is_block(&self) -> bool {
        self.block.is_some()
    }

    /// The span from the name to the closing brace, or to the terminator.
    pub fn full_span(&self) -> Span {
        match self.block.as_ref().and_then(|b| b.close) {
            Some(close) => self.span.cover(close),
            None => self.span,
        }
    }

    /// The args' span, or the name's when there are none.
    pub fn args_span(&self) -> Span {
        match (self.args.first(), self.args.last()) {
            (Some(a), Some(b)) => a.span.cover(b.span),
            _ => self.name.span,
        }
    }
}

/// Finds the first directive named `name` among `list` (SRS's `get`).
pub fn find<'a>(list: &'a [Directive], name: &str) -> Option<&'a Directive> {
    list.iter().find(|d| d.name.text == name)
}
