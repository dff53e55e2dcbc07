//! Manifests and configs embedded where people keep them: fenced code
//! blocks in Markdown and shell heredocs (`kubectl apply -f - <<EOF`). Each
//! fragment knows where every line of it stands in the file, so findings
//! point at the line the user has.

use crate::source::{Segment, Span};

/// What a fragment holds, from its fence's info string or its heredoc's command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FragmentKind {
    /// Kubernetes manifests (`yaml`, `yml`, or YAML in a heredoc).
    Yaml,
    /// An SRS config (`conf`, `nginx`, or a heredoc written to a `.conf`).
    SrsConf,
    /// A shell script (`bash`, `sh`, `shell`): searched for heredocs in turn.
    Shell,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub kind: FragmentKind,
    /// The fragment's text, with a fence's or `<<-` heredoc's indentation removed.
    pub text: String,
    /// Where each run of `text` stands in the file (verbatim runs).
    pub segments: Vec<Segment>,
    /// The whole block in the file, fences or heredoc markers included.
    pub span: Span,
}
