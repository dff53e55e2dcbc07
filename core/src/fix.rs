//! Applying fixes: every safe fix of a lint result, per file, skipping edits
//! that overlap one already taken. Callers re-lint and repeat until nothing
//! changes (a fix may enable another, e.g. moving settings into a new block).

use crate::diagnostic::{apply_edits, Applicability, Diagnostic, Edit};
use crate::lint::{lint_inputs, Input, LintOptions};
use crate::provider::{ReadError, SourceProvider};
use crate::source::{FileId, Sources};
use std::collections::BTreeMap;

/// New texts of the files that the fixes change.
pub fn apply_safe_fixes(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    include_unsafe: bool,
) -> BTreeMap<FileId, String> {
    let mut by_file: BTreeMap<FileId, Vec<&Edit>> = BTreeMap::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !include_unsafe {
            continue;
        }
        // A fix's edits go in together or not at all.
        let files: Vec<FileId> = fix.edits.iter().map(|e| e.span.file).collect();
        let clashes = fix.edits.iter().any(|e| {
            by_file.get(&e.span.file).is_some_and(|taken| {
                taken.iter().any(|t| {
                    t.span.start < e.span.end.max(e.span.start + 1) && e.span.start < t.span.end.max(t.span.start + 1)
                })
            })
        });
        if clashes || files.is_empty() {
            continue;
        }
        for e in &fix.edits {
            by_file.entry(e.span.file).or_default().push(e);
        }
    }
    by_file
        .into_iter()
        .map(|(file, edits)| (file, apply_edits(&sources.get(file).text, &edits).0))
        .collect()
}

/// A file that fixing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub name: String,
    pub before: String,
    pub after: String,
}

/// The result of [`fix_until_stable`].
#[derive(Debug)]
pub struct FixOutcome {
    /// The lint of the fixed files: what is left.
    pub result: crate::lint::LintResult,
    pub changed: Vec<Changed>,
}

/// The files changed so far, over the caller's provider (includes are
/// fixed too, in memory, until the caller writes them).
struct Overlay<'a> {
    base: &'a dyn SourceProvider,
    files: BTreeMap<String, String>,
}

impl SourceProvider for Overlay<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.files.get(&crate::provider::normalize(path)) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read(path),
        }
    }
}

/// Lints, applies fixes, and lints again until nothing changes (at most
/// `max_rounds` times): a fix may make another possible. Nothing is
/// written; `changed` says what the caller should write or show.
pub fn fix_until_stable(
    provider: &dyn SourceProvider,
    inputs: Vec<Input>,
    options: &LintOptions,
    include_unsafe: bool,
    max_rounds: usize,
) -> FixOutcome {
    let mut overlay = Overlay {
        base: provider,
        files: BTreeMap::new(),
    };
    let mut originals: BTreeMap<String, String> = BTreeMap::new();
    let mut inputs = inputs;
    let mut result = lint_inputs(&overlay, inputs.clone(), options);
    for _ in 0..max_rounds {
        let changes = apply_safe_fixes(&result.sources, &result.diagnostics, include_unsafe);
        let mut any = false;
        for (id, text) in changes {
            let file = result.sources.get(id);
            if text == *file.text {
                continue;
            }
            any = true;
            originals
                .entry(file.name.to_string())
                .or_insert_with(|| file.text.to_string());
            if let Some(input) = inputs.iter_mut().find(|i| *i.name == *file.name) {
                input.bytes = text.as_bytes().to_vec();
            }
            overlay.files.insert(crate::provider::normalize(&file.name), text);
        }
        if !any {
            break;
        }
        result = lint_inputs(&overlay, inputs.clone(), options);
    }
    let changed = originals
        .into_iter()
        .filter_map(|(name, before)| {
            let after = match inputs.iter().find(|i| i.name == name) {
                Some(i) => String::from_utf8_lossy(&i.bytes).into_owned(),
                None => overlay.files.get(&crate::provider::normalize(&name))?.clone(),
            };
            (after != before).then_some(Changed { name, before, after })
        })
        .collect();
    FixOutcome { result, changed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::MemoryProvider;

    #[test]
    fn fixes_converge_across_an_include() {
        let provider =
            MemoryProvider::new().with("vhost.conf", "vhost v {\n    gop_cache off;\n    queue_length 10;\n}\n");
        let input = Input {
            name: "srs.conf".into(),
            bytes: b"listen 1935\ndaemon off;\ninclude vhost.conf;\n".to_vec(),
        };
        let out = fix_until_stable(&provider, vec![input], &LintOptions::default(), false, 10);
        let names: Vec<&str> = out.changed.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["srs.conf", "vhost.conf"]);
        assert!(out.changed[0].after.starts_with("listen 1935;"));
        // Both old play settings end up in one `play` block after two rounds.
        assert!(
            out.changed[1]
                .after
                .contains("play { queue_length 10; gop_cache off; }")
                || out.changed[1]
                    .after
                    .contains("play { gop_cache off; queue_length 10; }"),
            "{}",
            out.changed[1].after
        );
        assert!(!out
            .result
            .diagnostics
            .iter()
            .any(|d| d.code == "SRS104" || d.code == "SRS002"));
    }
}
