//! Applying fixes: every safe fix of a lint result, per file, skipping edits
//! that overlap one already taken. Callers re-lint and repeat until nothing
//! changes (a fix may enable another, e.g. moving settings into a new block).

use crate::diagnostic::{apply_edits, Applicability, Diagnostic, Edit};
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
