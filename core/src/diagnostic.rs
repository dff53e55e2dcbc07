//! Diagnostics as plain data. Text, JSON, SARIF and GitHub annotations are
//! renderings of these values (see `render`), never the other way round.

use crate::source::Span;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How sure we are that applying a fix keeps the user's intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applying it changes nothing the user meant; `--fix` may apply it.
    Safe,
    /// Very likely right, but it changes behaviour; shown, applied only on request.
    Unsafe,
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// A safe fix that replaces one span.
    pub fn replace(title: impl Into<String>, span: Span, text: impl Into<String>) -> Fix {
        Fix::safe(
            title,
            vec![Edit {
                span,
                replacement: text.into(),
            }],
        )
    }

    /// An unsafe fix that replaces one span.
    pub fn replace_unsafe(title: impl Into<String>, span: Span, text: impl Into<String>) -> Fix {
        Fix::unsafe_(
            title,
            vec![Edit {
                span,
                replacement: text.into(),
            }],
        )
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `SRS101`.
    pub code: &'static str,
    /// Kebab-case check name, e.g. `unknown-directive`.
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where; its message is the short label under the code frame.
    pub primary: Label,
    pub labels: Vec<Label>,
    /// Why it matters, and other facts.
    pub notes: Vec<String>,
    /// What to do, when there is no fix or in addition to it.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn span(&self) -> Span {
        self.primary.span
    }
}

/// Applies non-overlapping edits to a text. Edits that overlap an earlier one
/// are skipped and returned, so a caller can run the linter again and apply
/// the rest (fixes converge in a few rounds).
pub fn apply_edits(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    let mut skipped = 0;
    for e in sorted {
        let r = e.span.range();
        if r.start < pos || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            skipped += 1;
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&e.replacement);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let f = FileId(0);
        let a = Edit {
            span: Span::new(f, 4, 5),
            replacement: "X".into(),
        };
        let b = Edit {
            span: Span::new(f, 0, 1),
            replacement: String::new(),
        };
        let c = Edit {
            span: Span::new(f, 4, 6),
            replacement: "Y".into(),
        };
        let (out, skipped) = apply_edits("abcdefg", &[&a, &b, &c]);
        assert_eq!(out, "bcdXfg");
        assert_eq!(skipped, 1);
    }
}
