//! Linting for an editor: in-memory buffers (the browser playground's tabs)
//! in, diagnostics located the way an editor needs them out, fixes applied
//! back to the buffers. The buffers are one deployment, as the CLI's files
//! are, and `include` resolves between them.
//!
//! An editor needs more than the CLI's line and column: which buffer, and
//! the range in UTF-16 code units, the unit of a browser's text selection.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::hash::HashMap;
use crate::lint::{lint_inputs, Input, LintOptions, LintResult};
use crate::model::layout::{self, Picture};
use crate::provider::{normalize, MemoryProvider};
use crate::source::{FileId, Sources};
use std::collections::BTreeMap;

pub mod wire;

/// The largest buffer an editor should accept. The core reads files up to
/// 16 MiB, but a browser re-lints on every pause in typing: 2 MiB (about
/// 3,500 manifests of the seed guide's size) keeps a lint to a second or two
/// (in the playground, in a Web Worker: see [`wire`]).
pub const MAX_BUFFER_BYTES: usize = 2 * 1024 * 1024;

/// The rounds of fixes an editor's "fix all" runs before it gives up on
/// converging (as the CLI's `--fix` does).
pub const FIX_ALL_ROUNDS: usize = 10;

/// One open file: its name (the path `include` and the diagnostics use) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buffer {
    pub name: String,
    pub text: String,
}

impl Buffer {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Buffer {
        Buffer {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// A range of one buffer, in every unit an editor may want.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index into the buffers given to [`lint_buffers`].
    pub buffer: usize,
    /// Byte offsets.
    pub start: usize,
    pub end: usize,
    /// 1-based; columns count Unicode scalar values, as the CLI's do.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Offsets from the start of the buffer in UTF-16 code units (a
    /// textarea's `setSelectionRange`).
    pub utf16_start: u32,
    pub utf16_end: u32,
}

/// Replace `start..end` (bytes) of a buffer with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferEdit {
    pub buffer: usize,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<BufferEdit>,
}

/// A diagnostic with its place in the buffers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The short text under the range.
    pub label: String,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The name of the file it points into, as the CLI would show it.
    pub file: String,
    /// `None` when it points into a file that is not a buffer (never today:
    /// every file the core reads comes from the buffers).
    pub location: Option<Location>,
    /// `None` also when an edit would fall outside the buffers.
    pub fix: Option<BufferFix>,
}

/// What one lint of the buffers gives an editor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Linted {
    /// As [`lint_buffers`] returns them.
    pub diagnostics: Vec<EditorDiagnostic>,
    /// The deployment the buffers describe, drawn, its broken references
    /// carrying their diagnostics.
    pub picture: Picture,
}

/// Lints every buffer as one deployment. Sorted by buffer, then position.
pub fn lint_buffers(buffers: &[Buffer], options: &LintOptions) -> Vec<EditorDiagnostic> {
    located(buffers, &lint_result(buffers, options))
}

/// [`lint_buffers`] and the picture of the deployment, from one lint: an
/// editor that shows both lints once per change.
pub fn lint_session(buffers: &[Buffer], options: &LintOptions) -> Linted {
    let result = lint_result(buffers, options);
    Linted {
        diagnostics: located(buffers, &result),
        picture: layout::picture(&result.deployment, &result.sources, &result.diagnostics),
    }
}

/// The run's diagnostics located in the buffers.
fn located(buffers: &[Buffer], result: &LintResult) -> Vec<EditorDiagnostic> {
    let mut locator = Locator::new(&result.sources, &result.inputs, buffers);
    let mut out: Vec<EditorDiagnostic> = result.diagnostics.iter().map(|d| locator.diagnostic(d)).collect();
    // A buffer that another one includes is linted twice, as an input and
    // as an include: the same finding at the same place is shown once.
    out.sort_by(|a, b| {
        let key = |d: &EditorDiagnostic| d.location.map(|l| (l.buffer, l.start, l.end));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
    out
}

/// The whole lint run over the buffers as one deployment, as the CLI has it
/// for `simulate` and `graph`: the model a simulation or a picture of the
/// deployment is made from. [`lint_buffers`] is this, located for an editor.
pub fn lint_result(buffers: &[Buffer], options: &LintOptions) -> LintResult {
    let mut provider = MemoryProvider::new();
    for b in buffers.iter().rev() {
        // Reversed so that of two buffers with one name, the first is what
        // an `include` reads, as it is the first that diagnostics name.
        provider.insert(&b.name, b.text.as_bytes());
    }
    let inputs = buffers
        .iter()
        .map(|b| Input {
            name: b.name.clone(),
            bytes: b.text.as_bytes().to_vec(),
        })
        .collect();
    lint_inputs(&provider, inputs, options)
}

/// Why a fix was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixError {
    /// The buffers changed since the lint that made the fix (an edit falls
    /// outside its buffer or inside a character).
    Stale,
    /// Two of the fix's edits overlap.
    Overlapping,
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::Stale => f.write_str("the files changed since this fix was found; lint again"),
            FixError::Overlapping => f.write_str("the fix's edits overlap"),
        }
    }
}

/// Applies all of a fix's edits, or none of them.
pub fn apply_fix(buffers: &mut [Buffer], fix: &BufferFix) -> Result<(), FixError> {
    let mut by_buffer: BTreeMap<usize, Vec<&BufferEdit>> = BTreeMap::new();
    for e in &fix.edits {
        let text = &buffers.get(e.buffer).ok_or(FixError::Stale)?.text;
        if e.start > e.end || e.end > text.len() || !text.is_char_boundary(e.start) || !text.is_char_boundary(e.end) {
            return Err(FixError::Stale);
        }
        by_buffer.entry(e.buffer).or_default().push(e);
    }
    for edits in by_buffer.values_mut() {
        edits.sort_by_key(|e| (e.start, e.end));
        if edits.windows(2).any(|w| w[1].start < w[0].end) {
            return Err(FixError::Overlapping);
        }
    }
    for (buffer, edits) in by_buffer {
        let text = &mut buffers[buffer].text;
        // From the end, so earlier offsets stay valid.
        for e in edits.iter().rev() {
            text.replace_range(e.start..e.end, &e.replacement);
        }
    }
    Ok(())
}

/// Applies every safe fix (and the unsafe ones too when asked), lints again
/// and repeats until nothing changes or `max_rounds` is reached: a fix may
/// make another possible. Returns how many fixes were applied.
pub fn fix_all(buffers: &mut [Buffer], options: &LintOptions, include_unsafe: bool, max_rounds: usize) -> usize {
    let mut applied = 0;
    for _ in 0..max_rounds {
        let diagnostics = lint_buffers(buffers, options);
        // Fixes whose edits touch an edit already taken wait for the next round.
        let mut taken: Vec<&BufferEdit> = Vec::new();
        let mut round: Vec<&BufferFix> = Vec::new();
        for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            if fix.applicability == Applicability::Unsafe && !include_unsafe {
                continue;
            }
            let clashes = fix.edits.iter().any(|e| taken.iter().any(|t| overlaps(t, e)));
            if clashes || fix.edits.is_empty() {
                continue;
            }
            taken.extend(&fix.edits);
            round.push(fix);
        }
        let merged = BufferFix {
            title: String::new(),
            applicability: Applicability::Unsafe,
            edits: round.iter().flat_map(|f| f.edits.iter().cloned()).collect(),
        };
        if round.is_empty() || apply_fix(buffers, &merged).is_err() {
            break;
        }
        applied += round.len();
    }
    applied
}

/// Two edits of one buffer overlap; an insertion counts as one byte wide,
/// so two insertions at one place do not both go in (their order would be
/// a guess).
fn overlaps(a: &BufferEdit, b: &BufferEdit) -> bool {
    a.buffer == b.buffer && a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// Turns the core's spans into buffer locations.
struct Locator<'a> {
    sources: &'a Sources,
    buffers: &'a [Buffer],
    by_file: HashMap<FileId, usize>,
    by_name: HashMap<String, usize>,
    /// Per buffer, the UTF-16 offset of each line's start; built on first use.
    utf16_lines: HashMap<usize, Vec<u32>>,
}

impl<'a> Locator<'a> {
    fn new(sources: &'a Sources, inputs: &[FileId], buffers: &'a [Buffer]) -> Self {
        let mut by_name = HashMap::default();
        for (i, b) in buffers.iter().enumerate() {
            by_name.entry(normalize(&b.name)).or_insert(i);
        }
        Locator {
            sources,
            buffers,
            // The inputs are the buffers, in order, one each.
            by_file: inputs.iter().enumerate().map(|(i, &id)| (id, i)).collect(),
            by_name,
            utf16_lines: HashMap::default(),
        }
    }

    fn buffer_of(&self, file: FileId) -> Option<usize> {
        let found = self
            .by_file
            .get(&file)
            .or_else(|| self.by_name.get(&normalize(&self.sources.get(file).name)))?;
        // An included file read through the provider has the buffer's text;
        // anything else would make the offsets meaningless.
        (self.buffers[*found].text == *self.sources.get(file).text).then_some(*found)
    }

    fn diagnostic(&mut self, d: &Diagnostic) -> EditorDiagnostic {
        let span = d.primary.span;
        let location = self.buffer_of(span.file).map(|buffer| {
            let file = self.sources.get(span.file);
            let (start, end) = (span.start as usize, span.end as usize);
            let (from, to) = (file.line_col(start), file.line_col(end));
            Location {
                buffer,
                start,
                end,
                line: from.line,
                column: from.column,
                end_line: to.line,
                end_column: to.column,
                utf16_start: self.utf16_offset(buffer, span.file, start),
                utf16_end: self.utf16_offset(buffer, span.file, end),
            }
        });
        let fix = d.fix.as_ref().and_then(|f| {
            let edits: Option<Vec<BufferEdit>> = f
                .edits
                .iter()
                .map(|e| {
                    Some(BufferEdit {
                        buffer: self.buffer_of(e.span.file)?,
                        start: e.span.start as usize,
                        end: e.span.end as usize,
                        replacement: e.replacement.clone(),
                    })
                })
                .collect();
            Some(BufferFix {
                title: f.title.clone(),
                applicability: f.applicability,
                edits: edits?,
            })
        });
        EditorDiagnostic {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: d.message.clone(),
            label: d.primary.message.clone(),
            notes: d.notes.clone(),
            help: d.help.clone(),
            file: self.sources.get(span.file).name.to_string(),
            location,
            fix,
        }
    }

    fn utf16_offset(&mut self, buffer: usize, file: FileId, offset: usize) -> u32 {
        let source = self.sources.get(file);
        let starts = self.utf16_lines.entry(buffer).or_insert_with(|| {
            let mut starts = vec![0u32];
            let mut units = 0u32;
            for c in source.text.chars() {
                units += c.len_utf16() as u32;
                if c == '\n' {
                    starts.push(units);
                }
            }
            starts
        });
        let line = source.line_index(offset.min(source.text.len()));
        starts.get(line).copied().unwrap_or(0) + source.utf16_column(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Vec<Buffer> {
        vec![
            Buffer::new(
                "1-storage.yaml",
                include_str!("../../fixtures/examples/seed-k8s/1-storage.yaml"),
            ),
            Buffer::new(
                "2-origin.yaml",
                include_str!("../../fixtures/examples/seed-k8s/2-origin.yaml"),
            ),
            Buffer::new(
                "3-edge.yaml",
                include_str!("../../fixtures/examples/seed-k8s/3-edge.yaml"),
            ),
        ]
    }

    #[test]
    fn the_seed_typo_is_located_in_its_buffer() {
        let buffers = seed();
        let diags = lint_buffers(&buffers, &LintOptions::default());
        let typo = diags.iter().find(|d| d.code == "SRS501").expect("SRS501");
        let at = typo.location.expect("located");
        // The CLI reports fixtures/examples/seed-k8s/3-edge.yaml:23:64.
        assert_eq!((at.buffer, at.line, at.column), (2, 23, 64));
        assert_eq!(&buffers[2].text[at.start..at.end], "srs-origin2.socs");
        assert_eq!(typo.file, "3-edge.yaml");
        // ASCII text: UTF-16 offsets are the byte offsets.
        assert_eq!((at.utf16_start as usize, at.utf16_end as usize), (at.start, at.end));
    }

    #[test]
    fn lint_result_is_the_run_lint_buffers_locates() {
        let buffers = seed();
        let result = lint_result(&buffers, &LintOptions::default());
        assert_eq!(result.inputs.len(), buffers.len());
        let located = lint_buffers(&buffers, &LintOptions::default());
        assert!(!located.is_empty());
        for d in &located {
            assert!(
                result
                    .diagnostics
                    .iter()
                    .any(|r| r.code == d.code && r.message == d.message),
                "{} {}",
                d.code,
                d.message
            );
        }
        // The model is the one a simulation reads: the guide's pods are in it.
        let pods = crate::sim::choices(&result).expect("the seed has SRS pods").pods;
        assert!(pods.iter().any(|p| p == "srs-edge-deploy-0"), "{pods:?}");
    }

    #[test]
    fn a_session_lints_once_for_the_list_and_the_picture() {
        let buffers = seed();
        let linted = lint_session(&buffers, &LintOptions::default());
        assert_eq!(linted.diagnostics, lint_buffers(&buffers, &LintOptions::default()));
        let broken: Vec<_> = linted
            .picture
            .edges
            .iter()
            .filter(|e| e.label == "origin srs-origin2.socs")
            .collect();
        assert!(!broken.is_empty() && broken.iter().all(|e| e.broken));
        // The fix the list offers makes the picture whole there.
        let mut fixed = buffers.clone();
        let fix = linted
            .diagnostics
            .iter()
            .find(|d| d.code == "SRS501")
            .and_then(|d| d.fix.clone());
        apply_fix(&mut fixed, &fix.expect("SRS501 has a fix")).expect("applies");
        let after = lint_session(&fixed, &LintOptions::default()).picture;
        assert!(!after.edges.iter().any(|e| e.label.contains("srs-origin2.socs")));
        assert!(!after.nodes.iter().any(|n| n.id == "host:default/srs-origin2.socs"));
    }

    #[test]
    fn applying_a_fix_removes_its_diagnostic() {
        let mut buffers = seed();
        let diags = lint_buffers(&buffers, &LintOptions::default());
        let fix = diags
            .iter()
            .find(|d| d.code == "SRS501")
            .and_then(|d| d.fix.clone())
            .expect("SRS501 has a fix");
        apply_fix(&mut buffers, &fix).expect("applies");
        assert!(buffers[2].text.contains("srs-origin-2.socs;"));
        let after = lint_buffers(&buffers, &LintOptions::default());
        assert!(!after.iter().any(|d| d.code == "SRS501"));
        // The same fix again finds different text under its range: refused,
        // not applied twice.
        let mut short = vec![Buffer::new("3-edge.yaml", "x"), buffers[1].clone(), buffers[2].clone()];
        let stale = BufferFix {
            edits: vec![BufferEdit {
                buffer: 0,
                ..fix.edits[0].clone()
            }],
            ..fix
        };
        assert_eq!(apply_fix(&mut short, &stale), Err(FixError::Stale));
        assert_eq!(short[0].text, "x");
    }

    #[test]
    fn fix_all_converges() {
        let mut buffers = seed();
        let before = lint_buffers(&buffers, &LintOptions::default());
        let applied = fix_all(&mut buffers, &LintOptions::default(), false, 10);
        assert!(applied >= 1);
        let after = lint_buffers(&buffers, &LintOptions::default());
        let safe = |ds: &[EditorDiagnostic]| {
            ds.iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
                .count()
        };
        assert!(safe(&before) > 0);
        assert_eq!(safe(&after), 0, "{after:#?}");
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        // `é` is 2 bytes and 1 UTF-16 unit; `😀` is 4 bytes and 2 units.
        let buffers = vec![Buffer::new("a.conf", "# é😀\nlisten 1935\ndaemon off;\n")];
        let diags = lint_buffers(&buffers, &LintOptions::default());
        let at = diags.first().and_then(|d| d.location).expect("a diagnostic");
        let text = &buffers[0].text;
        let expected = text[..at.start].encode_utf16().count() as u32;
        assert_eq!(at.utf16_start, expected);
        assert!(at.line >= 2);
    }

    #[test]
    fn includes_resolve_between_buffers_and_report_once() {
        let buffers = vec![
            Buffer::new("srs.conf", "listen 1935;\ninclude vhost.conf;\n"),
            Buffer::new("vhost.conf", "vhost v {\n    hls { enabled on; hls_fragmnet 10; }\n}\n"),
        ];
        let diags = lint_buffers(&buffers, &LintOptions::default());
        assert!(
            !diags.iter().any(|d| d.message.contains("does not exist")),
            "{diags:#?}"
        );
        let typos: Vec<_> = diags.iter().filter(|d| d.message.contains("hls_fragmnet")).collect();
        assert_eq!(typos.len(), 1, "{diags:#?}");
        assert_eq!(typos[0].location.map(|l| l.buffer), Some(1));
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let mut buffers = vec![Buffer::new("a", "abcdef")];
        let fix = BufferFix {
            title: "t".into(),
            applicability: Applicability::Safe,
            edits: vec![
                BufferEdit {
                    buffer: 0,
                    start: 0,
                    end: 3,
                    replacement: "x".into(),
                },
                BufferEdit {
                    buffer: 0,
                    start: 2,
                    end: 4,
                    replacement: "y".into(),
                },
            ],
        };
        assert_eq!(apply_fix(&mut buffers, &fix), Err(FixError::Overlapping));
        assert_eq!(buffers[0].text, "abcdef");
    }
}
