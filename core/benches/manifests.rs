//! How lint time grows with the size of a Kubernetes manifest: the example
//! deployment of `fixtures/examples/seed-k8s-fixed` (storage, origin cluster
//! and edges: 11 documents, two SRS configs in ConfigMaps) repeated 20, 200
//! and 2,000 times in one `deploy.yaml`, and 20,000 times as 10 files of
//! 2,000 copies each (one stream of 20,000 copies, about 120 MB, would pass
//! the 16 MiB per-file bound, the 100 MiB stream bound and the 100,000
//! documents bound of a stream).
//!
//! Every copy is renamed apart: each object name and each reference to one
//! (labels and selectors, `serviceName`, `claimName`, ConfigMap volumes, the
//! pod selector of `srs-api-service`, and the coworker and origin hosts in the
//! SRS configs) gets the suffix `-<i>`, so each copy is a distinct deployment
//! and no duplicate-object findings arise.
//!
//! Run with `cargo bench -p srs-check-core --bench manifests`; the 20,000
//! copies point is slow (seconds an iteration) and runs only with
//! `SRS_CHECK_BENCH_20000=1`. With `SRS_CHECK_BENCH_WRITE=DIR` the bench
//! writes the same inputs as files to DIR (for timing the CLI) and measures
//! nothing. `docs/benchmarks.md` has the figures.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use srs_check_core::provider::MemoryProvider;
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const FILES: [&str; 3] = ["1-storage.yaml", "2-origin.yaml", "3-edge.yaml"];

/// The names renamed per copy, each as it appears as a whole token (a run of
/// letters, digits, `-` and `.`). Port names (`socs-1935-1935`, ...) are left
/// alone: they need only be unique within their Service.
const NAMES: [&str; 15] = [
    "pv-nas",
    "nfs-pv",
    "pvc-nas",
    "srs-origin-config",
    "socs",
    "srs-origin",
    "nginx-origin-deploy",
    "nginx-origin",
    "srs-http-service",
    "srs-api-service",
    "srs-edge-config",
    "srs-edge-deploy",
    "srs-edge",
    "srs-edge-service",
    // The pod selector of `srs-api-service`.
    "srs-origin-0",
];

/// The example deployment: the three files joined with `---`.
fn template() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/examples/seed-k8s-fixed");
    FILES
        .iter()
        .map(|f| {
            let path = dir.join(f);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// `template` with every name of [`NAMES`] suffixed `-<i>`; the pod hosts
/// `srs-origin-K.socs` become `srs-origin-<i>-K.socs-<i>`.
fn copy(template: &str, i: usize) -> String {
    let mut map: HashMap<String, String> = NAMES.iter().map(|n| (n.to_string(), format!("{n}-{i}"))).collect();
    map.insert("srs-origin-0".into(), format!("srs-origin-{i}-0"));
    for k in 0..3 {
        map.insert(format!("srs-origin-{k}.socs"), format!("srs-origin-{i}-{k}.socs-{i}"));
    }
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find(is_name_char) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let token = &rest[..end];
        out.push_str(map.get(token).map_or(token, String::as_str));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Copies `from..from + n` of the deployment in one stream.
fn deployment(template: &str, from: usize, n: usize) -> String {
    let copies: Vec<String> = (from..from + n).map(|i| copy(template, i)).collect();
    let mut out = copies.join("\n---\n");
    out.push('\n');
    out
}

fn lint(inputs: Vec<Input>) -> LintResult {
    lint_inputs(&MemoryProvider::new(), inputs, &LintOptions::default())
}

/// The input files for `copies` copies: one `deploy.yaml` up to 2,000
/// copies, else files of 2,000 copies each.
fn inputs(template: &str, copies: usize) -> Vec<Input> {
    if copies <= 2_000 {
        return vec![Input {
            name: "deploy.yaml".into(),
            bytes: deployment(template, 0, copies).into_bytes(),
        }];
    }
    (0..copies.div_ceil(2_000))
        .map(|k| Input {
            name: format!("deploy-{k}.yaml"),
            bytes: deployment(template, k * 2_000, 2_000.min(copies - k * 2_000)).into_bytes(),
        })
        .collect()
}

/// With `SRS_CHECK_BENCH_WRITE=DIR`, writes the inputs the CLI is timed on
/// instead of benchmarking: `deployN.yaml` for 2, 20, 200 and 2,000 copies,
/// and `deploy20000-K.yaml` (K = 0..9) for 20,000.
fn write_inputs(template: &str, dir: &std::ffi::OsStr) {
    let dir = PathBuf::from(dir);
    for copies in [2, 20, 200, 2_000] {
        let path = dir.join(format!("deploy{copies}.yaml"));
        std::fs::write(&path, deployment(template, 0, copies)).expect("write input");
        eprintln!("wrote {}", path.display());
    }
    for input in inputs(template, 20_000) {
        let path = dir.join(input.name.replace("deploy-", "deploy20000-"));
        std::fs::write(&path, &input.bytes).expect("write input");
        eprintln!("wrote {}", path.display());
    }
}

fn benches(c: &mut Criterion) {
    let template = template();
    if let Some(dir) = std::env::var_os("SRS_CHECK_BENCH_WRITE") {
        write_inputs(&template, &dir);
        return;
    }
    let mut sizes = vec![20, 200, 2_000];
    if std::env::var_os("SRS_CHECK_BENCH_20000").is_some() {
        sizes.push(20_000);
    }
    let mut g = c.benchmark_group("manifests");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    for copies in sizes {
        let inputs = inputs(&template, copies);
        let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
        let r = lint(inputs.clone());
        eprintln!(
            "{copies} copies: {} files, {bytes} bytes, {} objects, {} diagnostics ({} errors)",
            inputs.len(),
            r.objects.len(),
            r.diagnostics.len(),
            r.diagnostics
                .iter()
                .filter(|d| d.severity == srs_check_core::Severity::Error)
                .count()
        );
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::new("lint", copies), &inputs, |b, inputs| {
            b.iter(|| lint(black_box(inputs.clone())));
        });
    }
    g.finish();
}

criterion_group!(manifest_benches, benches);
criterion_main!(manifest_benches);
