//! YAML with positions: a multi-document parser into [`node::Node`] trees,
//! bounded against hostile input (alias bombs, deep nesting, huge documents).

pub mod node;
mod offsets;
pub mod parse;
pub mod resolve;
mod scalar;

#[cfg(test)]
mod tests;

pub use node::{Document, Entries, Items, Node, NodeKind, OwnedNode, Scalar, ScalarStyle, Tree};
pub use parse::{parse_shared, parse_stream, parse_stream_with, Limits};
pub use resolve::{resolve_plain, PlainValue};
