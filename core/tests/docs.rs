//! Check docs: every check documents itself in the required sections, its
//! examples behave as the docs say, and `docs/checks/` matches the code.
//! Run with `SRS_CHECK_BLESS=1` to rewrite `docs/checks/`.

use srs_check_core::checks::{docs, registry};
use srs_check_core::provider::MemoryProvider;
use srs_check_core::{lint_inputs, Input, LintOptions, Severity, SrsVersion};
use std::path::PathBuf;

const SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Fix",
    "## References",
];

/// Docs write raw bytes as `\xHH` (a config with invalid UTF-8 cannot be shown otherwise).
fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 4 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 2..i + 4], 16) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The SRS version an example is for: "(checked as SRS 4" in the doc, else 6.
fn version_for(doc: &str) -> SrsVersion {
    doc.split("checked as SRS ")
        .nth(1)
        .and_then(|r| r.chars().next())
        .and_then(|c| c.to_digit(10))
        .and_then(|d| SrsVersion::from_major(u64::from(d)))
        .unwrap_or(SrsVersion::V6)
}

#[test]
fn every_check_is_documented_with_runnable_examples() {
    let mut problems = Vec::new();
    for m in registry::all() {
        let mut pos = 0;
        for s in SECTIONS {
            match m.doc[pos..].find(s) {
                Some(i) => pos += i + s.len(),
                None => problems.push(format!("{}: missing or misplaced section `{s}`", m.code)),
            }
        }
        let version = version_for(m.doc);
        let run = |example: &docs::Example| {
            let input = Input {
                name: example.file_name().into(),
                bytes: unescape(&example.text),
            };
            let options = LintOptions {
                version: Some(version),
                ..LintOptions::default()
            };
            lint_inputs(&MemoryProvider::new(), vec![input], &options).diagnostics
        };
        match docs::examples(m.doc, "Example").first() {
            Some(bad) => {
                if !run(bad).iter().any(|d| d.code == m.code) {
                    problems.push(format!("{}: the Example does not raise it", m.code));
                }
            }
            None => problems.push(format!("{}: no ```conf or ```yaml block under Example", m.code)),
        }
        match docs::examples(m.doc, "Fix").first() {
            Some(good) => {
                let d = run(good);
                if d.iter().any(|d| d.code == m.code || d.severity == Severity::Error) {
                    problems.push(format!(
                        "{}: the Fix example still has problems: {:?}",
                        m.code,
                        d.iter()
                            .map(|d| format!("{} {}", d.code, d.message))
                            .collect::<Vec<_>>()
                    ));
                }
            }
            None => problems.push(format!("{}: no ```conf or ```yaml block under Fix", m.code)),
        }
        if m.summary.is_empty() || !m.summary.ends_with('.') {
            problems.push(format!(
                "{}: the summary must be one sentence ending with a period",
                m.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn generated_docs_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/checks");
    let mut expected = vec![("README.md".to_string(), docs::index_markdown())];
    for m in registry::all() {
        expected.push((format!("{}.md", m.code), docs::check_markdown(m)));
    }
    if std::env::var_os("SRS_CHECK_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            std::fs::remove_file(e.path()).unwrap();
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let on_disk = std::fs::read_dir(&dir).map_or(0, Iterator::count);
    assert!(
        stale.is_empty() && on_disk == expected.len(),
        "docs/checks is out of date ({stale:?}); run SRS_CHECK_BLESS=1 cargo test -p srs-check-core --test docs"
    );
}
