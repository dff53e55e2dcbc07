//! YAML with positions: a multi-document parser into [`node::Node`] trees,
//! bounded against hostile input (alias bombs, deep nesting, huge documents).

pub mod node;

pub use node::{Document, Node, NodeKind, Scalar, ScalarStyle};
