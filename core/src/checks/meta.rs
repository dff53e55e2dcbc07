//! What every check declares about itself. The CLI's `checks`/`explain`, the
//! generated `docs/checks/` and SARIF rule metadata all read this.

use crate::diagnostic::{Diagnostic, Fix, Label, Severity};
use crate::source::Span;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The file cannot be read the way the user meant.
    Syntax,
    /// Names, blocks and values against SRS's directive table.
    Schema,
    /// What `srs -t` refuses.
    Semantic,
    /// What `srs -t` lets through but breaks an origin cluster or edge.
    Cluster,
    /// Kubernetes manifests: YAML and the object schema.
    Kubernetes,
    /// Across the objects of a deployment: names, services, volumes.
    Deployment,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Schema => "schema",
            Category::Semantic => "semantic",
            Category::Cluster => "cluster",
            Category::Kubernetes => "kubernetes",
            Category::Deployment => "deployment",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    None,
    Sometimes,
    Always,
}

/// A check's documentation, or nothing in a build without the `docs`
/// feature: the browser playground leaves the 150 KB of check docs out of
/// its wasm (each diagnostic links to its page instead). The text is
/// dropped at compile time: a literal used only by a `const` evaluation
/// that discards it is not in the binary.
pub const fn doc_text(text: &'static str) -> &'static str {
    if cfg!(feature = "docs") {
        text
    } else {
        ""
    }
}

#[derive(Debug, Serialize)]
pub struct CheckMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub fix: FixKind,
    /// One line: what the check finds.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example /
    /// Fix / References. The first ```conf block under Example must trigger
    /// the check and the one under Fix must not: a test runs them.
    pub doc: &'static str,
}

impl CheckMeta {
    pub fn diagnostic(&'static self, message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn help_uri(&self) -> String {
        format!(
            "https://github.com/srs-check/srs-check/blob/main/docs/checks/{}.md",
            self.code
        )
    }
}

impl Diagnostic {
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// A safe fix that replaces `span` with `text`.
    #[must_use]
    pub fn with_replacement(self, title: impl Into<String>, span: Span, text: impl Into<String>) -> Self {
        self.with_fix(Fix::replace(title, span, text))
    }
}
