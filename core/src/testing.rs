//! Helpers for the unit tests of checks.

use crate::diagnostic::{apply_edits, Applicability, Diagnostic};
use crate::lint::{lint_inputs, lint_paths, Input, LintOptions};
use crate::provider::MemoryProvider;
use crate::schema::SrsVersion;

pub fn options(version: SrsVersion) -> LintOptions {
    LintOptions {
        version: Some(version),
        ..LintOptions::default()
    }
}

pub fn lint_conf(src: &str, version: SrsVersion) -> Vec<Diagnostic> {
    let provider = MemoryProvider::new();
    lint_inputs(
        &provider,
        vec![Input {
            name: "srs.conf".into(),
            bytes: src.as_bytes().to_vec(),
        }],
        &options(version),
    )
    .diagnostics
}

pub fn codes_of(src: &str) -> Vec<&'static str> {
    lint_conf(src, SrsVersion::V6)
        .iter()
        .map(|d| d.code)
        .collect()
}

pub fn lint_files(
    provider: &MemoryProvider,
    names: &[&str],
    version: SrsVersion,
) -> Vec<Diagnostic> {
    let names: Vec<String> = names.iter().map(|s| (*s).to_string()).collect();
    lint_paths(provider, &names, &options(version)).diagnostics
}

/// Applies every safe fix, re-lints, and repeats until nothing changes.
pub fn fix_until_stable(src: &str, version: SrsVersion) -> String {
    let mut text = src.to_string();
    for _ in 0..10 {
        let diags = lint_conf(&text, version);
        let edits: Vec<_> = diags
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability == Applicability::Safe)
            .flat_map(|f| f.edits.iter())
            .collect();
        if edits.is_empty() {
            return text;
        }
        text = apply_edits(&text, &edits).0;
    }
    panic!("fixes did not converge:\n{text}");
}
