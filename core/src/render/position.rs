//! Byte spans to 1-based lines and columns, the form every output shows.

use crate::source::{Sources, Span};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

pub fn locate(sources: &Sources, span: Span) -> Location {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    Location {
        file: file.name.to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}
