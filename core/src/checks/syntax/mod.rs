//! Problems found while reading a file: SRS's grammar errors, includes,
//! encodings and our own bounds on hostile input. The parser and loader
//! emit these; the files here hold their metadata, docs and tests.

pub mod byte_order_mark;
pub mod flattened_heredoc;
pub mod include_error;
pub mod input_limit;
pub mod invalid_encoding;
pub mod multi_line_directive;
pub mod syntax_error;
