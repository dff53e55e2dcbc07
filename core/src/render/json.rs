//! The JSON output: a stable contract. Fields are only ever added.
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"code","name","severity","message","file","line","column",
//!                  "end_line","end_column","notes":[],"fix":null|{...},
//!                  "help","labels":[...],"category","url","start","end"}],
//!  "summary":{"files","errors","warnings","infos"}}
//! ```

use super::position::locate;
use super::Summary;
use crate::checks::registry;
use crate::diagnostic::Diagnostic;
use crate::source::Sources;
use serde_json::{json, Value};

pub const FORMAT_VERSION: u32 = 1;

pub fn diagnostic_value(sources: &Sources, d: &Diagnostic) -> Value {
    let loc = locate(sources, d.primary.span);
    let meta = registry::find(d.code);
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "title": f.title,
            "applicability": f.applicability,
            "edits": f.edits.iter().map(|e| {
                let l = locate(sources, e.span);
                json!({
                    "file": l.file, "line": l.line, "column": l.column,
                    "end_line": l.end_line, "end_column": l.end_column,
                    "start": e.span.start, "end": e.span.end,
                    "replacement": e.replacement,
                })
            }).collect::<Vec<_>>(),
        })
    });
    json!({
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "notes": d.notes,
        "fix": fix,
        "help": d.help,
        "label": d.primary.message,
        "labels": d.labels.iter().map(|l| {
            let loc = locate(sources, l.span);
            json!({
                "file": loc.file, "line": loc.line, "column": loc.column,
                "end_line": loc.end_line, "end_column": loc.end_column,
                "message": l.message,
            })
        }).collect::<Vec<_>>(),
        "category": meta.map(|m| m.category.as_str()),
        "url": meta.map(super::super::checks::CheckMeta::help_uri),
        "start": d.primary.span.start,
        "end": d.primary.span.end,
    })
}

pub fn render(sources: &Sources, diagnostics: &[Diagnostic], files: usize) -> String {
    let s = Summary::of(files, diagnostics);
    let v = json!({
        "version": FORMAT_VERSION,
        "diagnostics": diagnostics.iter().map(|d| diagnostic_value(sources, d)).collect::<Vec<_>>(),
        "summary": {"files": s.files, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
    });
    let mut out = serde_json::to_string_pretty(&v).expect("JSON values serialise");
    out.push('\n');
    out
}
