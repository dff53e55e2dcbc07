//! Helpers for the unit tests of checks.

use crate::diagnostic::Diagnostic;
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

/// Lints named files together, as one run.
pub fn lint_named(files: &[(&str, &str)], options: &LintOptions) -> crate::lint::LintResult {
    let inputs = files
        .iter()
        .map(|(n, t)| Input {
            name: (*n).into(),
            bytes: t.as_bytes().to_vec(),
        })
        .collect();
    lint_inputs(&MemoryProvider::new(), inputs, options)
}

/// The diagnostics of one check for `src`.
pub fn lint_code(src: &str, version: SrsVersion, code: &str) -> Vec<Diagnostic> {
    lint_conf(src, version).into_iter().filter(|d| d.code == code).collect()
}

pub fn codes_of(src: &str) -> Vec<&'static str> {
    lint_conf(src, SrsVersion::V6).iter().map(|d| d.code).collect()
}

pub fn lint_files(provider: &MemoryProvider, names: &[&str], version: SrsVersion) -> Vec<Diagnostic> {
    let names: Vec<String> = names.iter().map(|s| (*s).to_string()).collect();
    lint_paths(provider, &names, &options(version)).diagnostics
}

/// Applies every safe fix, re-lints, and repeats until nothing changes.
pub fn fix_until_stable(src: &str, version: SrsVersion) -> String {
    let input = Input {
        name: "srs.conf".into(),
        bytes: src.as_bytes().to_vec(),
    };
    let out = crate::fix::fix_until_stable(&MemoryProvider::new(), vec![input], &options(version), false, 10);
    out.changed
        .into_iter()
        .next()
        .map_or_else(|| src.to_string(), |c| c.after)
}
