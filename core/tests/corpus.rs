//! SRS's own sample configs (shared/reference/srs-conf): every one that SRS 6
//! accepts must lint without errors. Skips with a notice where the folder is
//! absent (a user's clone has none).

use srs_check_core::provider::MemoryProvider;
use srs_check_core::{lint_paths, LintOptions, Severity, SrsVersion};
use std::path::PathBuf;

/// Samples SRS 6 itself refuses (srs-semantics.md §8).
const REFUSED_BY_SRS: &[&str] = &["full.conf", "hls.edge.conf", "include.vhost.conf", "nginx.proxy.conf"];

fn corpus() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/srs-conf");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("notice: {} is absent; SRS corpus tests skipped", dir.display());
        return None;
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    Some(files)
}

/// SRS runs from `trunk/`, where the samples live in `conf/`: include paths
/// like `./conf/include.vhost.conf` resolve there.
fn provider(files: &[(String, Vec<u8>)]) -> MemoryProvider {
    let mut p = MemoryProvider::new();
    for (name, bytes) in files {
        p.insert(&format!("conf/{name}"), bytes.clone());
    }
    p
}

#[test]
fn samples_srs_accepts_lint_without_errors() {
    let Some(files) = corpus() else { return };
    let p = provider(&files);
    let options = LintOptions {
        version: Some(SrsVersion::V6),
        include_base: Some(".".into()),
        ..LintOptions::default()
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, _) in &files {
        if REFUSED_BY_SRS.contains(&name.as_str()) {
            continue;
        }
        checked += 1;
        let r = lint_paths(&p, &[format!("conf/{name}")], &options);
        for d in r.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            let f = r.sources.get(d.primary.span.file);
            let lc = f.line_col(d.primary.span.start as usize);
            failures.push(format!(
                "{}:{}:{}: {} {}",
                f.name, lc.line, lc.column, d.code, d.message
            ));
        }
    }
    assert!(checked > 90, "only {checked} samples checked");
    assert!(
        failures.is_empty(),
        "errors in samples SRS accepts:\n{}",
        failures.join("\n")
    );
}

#[test]
fn samples_srs_refuses_are_refused() {
    let Some(files) = corpus() else { return };
    let p = provider(&files);
    let options = LintOptions {
        version: Some(SrsVersion::V6),
        include_base: Some(".".into()),
        ..LintOptions::default()
    };
    // What `srs -t` says about each: `never use full.conf` and, for the
    // fragments and nginx files, `listen requires params`.
    for (name, code) in [
        ("full.conf", "SRS208"),
        ("hls.edge.conf", "SRS202"),
        ("include.vhost.conf", "SRS202"),
        ("nginx.proxy.conf", "SRS202"),
    ] {
        assert!(REFUSED_BY_SRS.contains(&name));
        let r = lint_paths(&p, &[format!("conf/{name}")], &options);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == code && d.severity == Severity::Error),
            "{name} should raise {code}"
        );
    }
}

#[test]
fn every_sample_parses_in_every_version_without_panicking() {
    let Some(files) = corpus() else { return };
    let p = provider(&files);
    for v in SrsVersion::ALL {
        let options = LintOptions {
            version: Some(v),
            include_base: Some(".".into()),
            ..LintOptions::default()
        };
        let names: Vec<String> = files.iter().map(|(n, _)| format!("conf/{n}")).collect();
        let r = lint_paths(&p, &names, &options);
        assert_eq!(r.inputs.len(), files.len());
    }
}
