//! Renderings of diagnostics: text for people, JSON (the stable contract),
//! SARIF for code-scanning tools and GitHub workflow commands. All are pure
//! functions from data to a `String`, so the browser uses them too.

pub mod github;
pub mod json;
pub mod position;
pub mod sarif;
pub mod text;

use crate::diagnostic::{Diagnostic, Severity};

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}
