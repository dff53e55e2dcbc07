//! SARIF 2.1.0, for GitHub code scanning and other SARIF consumers. Validated
//! against the OASIS schema by the CLI's end-to-end tests.

use super::position::{locate, Location};
use crate::checks::registry;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use serde_json::{json, Value};
use std::fmt::Write as _;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path as the user gave it.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~');
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    if out.is_empty() {
        out.push_str("stdin");
    }
    out
}

fn region(l: &Location) -> Value {
    json!({
        "startLine": l.line, "startColumn": l.column,
        "endLine": l.end_line, "endColumn": l.end_column,
    })
}

fn physical(l: &Location) -> Value {
    json!({
        "artifactLocation": {"uri": path_to_uri(&l.file)},
        "region": region(l),
    })
}

pub fn render(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = registry::all()
        .map(|m| {
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "helpUri": m.help_uri(),
                "help": {"text": m.summary, "markdown": m.doc},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"category": m.category.as_str(), "tags": [m.category.as_str()]},
            })
        })
        .collect();
    let index_of = |code: &str| registry::all().position(|m| m.code == code);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let loc = locate(sources, d.primary.span);
            let mut text = d.message.clone();
            for n in &d.notes {
                text.push_str("\nnote: ");
                text.push_str(n);
            }
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut r = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": physical(&loc)}],
            });
            if let Some(i) = index_of(d.code) {
                r["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() {
                r["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({
                            "id": i,
                            "physicalLocation": physical(&locate(sources, l.span)),
                            "message": {"text": l.message},
                        })
                    })
                    .collect();
            }
            if let Some(f) = &d.fix {
                let changes: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        let l = locate(sources, e.span);
                        json!({
                            "artifactLocation": {"uri": path_to_uri(&l.file)},
                            "replacements": [{
                                "deletedRegion": region(&l),
                                "insertedContent": {"text": e.replacement},
                            }],
                        })
                    })
                    .collect();
                r["fixes"] = json!([{"description": {"text": f.title}, "artifactChanges": changes}]);
            }
            r
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "srs-check",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/srs-check/srs-check",
                "rules": rules,
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    let mut out = serde_json::to_string_pretty(&v).expect("JSON values serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::path_to_uri;

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("conf/a b.conf"), "conf/a%20b.conf");
        assert_eq!(path_to_uri("<stdin>"), "%3Cstdin%3E");
    }
}
