//! SRS's own config language: tokenizer, parser, include loader and printer.

pub mod lexer;
pub mod loader;
pub mod parser;
pub mod printer;
pub mod syntax;

pub use loader::{load, LoadOptions, LoadedConfig};
pub use syntax::{Block, Directive, Word};
