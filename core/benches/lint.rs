//! How fast srs-check lints: SRS's own `full.conf` (parse alone, and parse
//! plus every check), all of SRS's sample configs in one run, and a generated
//! 1 MB config.
//!
//! Run with `cargo bench -p srs-check-core --bench lint`. The samples are read
//! from `shared/reference/srs-conf` at bench time; where that folder is
//! absent (a user's clone has none) a notice is printed and a generated
//! config of similar size stands in for `full.conf`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use srs_check_core::conf::parser;
use srs_check_core::provider::MemoryProvider;
use srs_check_core::source::FileId;
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult, SrsVersion};
use std::hint::black_box;
use std::path::PathBuf;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/srs-conf")
}

/// Every `*.conf` of SRS's samples, sorted by name, or `None` with a notice.
fn samples() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = reference_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("notice: {} is absent; the corpus benchmark is skipped", dir.display());
        return None;
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf"))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), bytes))
        })
        .collect();
    files.sort();
    Some(files)
}

/// SRS runs from `trunk/`, where the samples live in `conf/`; with the
/// include base `.`, `./conf/include.vhost.conf` resolves (as in
/// `tests/corpus.rs`).
fn provider(files: &[(String, Vec<u8>)]) -> MemoryProvider {
    let mut p = MemoryProvider::new();
    for (name, bytes) in files {
        p.insert(&format!("conf/{name}"), bytes.clone());
    }
    p
}

fn options() -> LintOptions {
    LintOptions {
        version: Some(SrsVersion::V6),
        include_base: Some(".".into()),
        ..LintOptions::default()
    }
}

fn lint(provider: &MemoryProvider, inputs: Vec<Input>) -> LintResult {
    lint_inputs(provider, inputs, &options())
}

/// A realistic config of at least `size` bytes: a few global sections and
/// then vhosts with the blocks SRS deployments use, each vhost named apart.
fn generated(size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    out.push_str(
        "listen 1935;\nmax_connections 1000;\ndaemon off;\nsrs_log_tank console;\n\
         http_api {\n    enabled on;\n    listen 1985;\n}\n\
         http_server {\n    enabled on;\n    listen 8080;\n    dir ./objs/nginx/html;\n}\n\
         rtc_server {\n    enabled on;\n    listen 8000;\n    candidate $CANDIDATE;\n}\n",
    );
    let mut i = 0usize;
    while out.len() < size {
        out.push_str(&format!(
            "# vhost number {i}\n\
             vhost v{i}.example.com {{\n\
             \x20   tcp_nodelay on;\n\
             \x20   min_latency on;\n\
             \x20   play {{\n        gop_cache off;\n        queue_length 10;\n        mw_latency 100;\n    }}\n\
             \x20   publish {{\n        mr off;\n    }}\n\
             \x20   hls {{\n        enabled on;\n        hls_fragment 10;\n        hls_window 60;\n        hls_path ./objs/nginx/html;\n        hls_m3u8_file [app]/[stream].m3u8;\n        hls_ts_file [app]/[stream]-[seq].ts;\n    }}\n\
             \x20   http_remux {{\n        enabled on;\n        mount [vhost]/[app]/[stream].flv;\n    }}\n\
             \x20   cluster {{\n        mode remote;\n        origin 127.0.0.1:19350 127.0.0.1:19351;\n    }}\n\
             \x20   rtc {{\n        enabled on;\n        rtmp_to_rtc off;\n        rtc_to_rtmp off;\n    }}\n\
             }}\n"
        ));
        i += 1;
    }
    out
}

fn input(name: &str, bytes: &[u8]) -> Input {
    Input {
        name: name.to_string(),
        bytes: bytes.to_vec(),
    }
}

fn bench_full_conf(c: &mut Criterion, files: Option<&[(String, Vec<u8>)]>) {
    let full = files.and_then(|f| f.iter().find(|(n, _)| n == "full.conf").map(|(_, bytes)| (f, bytes)));
    let (name, bytes, provider) = if let Some((files, bytes)) = full {
        ("full.conf", bytes.clone(), provider(files))
    } else {
        eprintln!("notice: full.conf is absent; a generated 120 KB config stands in for it");
        (
            "generated-120k.conf",
            generated(120 * 1024).into_bytes(),
            MemoryProvider::new(),
        )
    };
    let path = format!("conf/{name}");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let diagnostics = lint(&provider, vec![input(&path, &bytes)]).diagnostics.len();
    eprintln!("{name}: {} bytes, {diagnostics} diagnostics", bytes.len());

    let mut g = c.benchmark_group("full_conf");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function(BenchmarkId::new("parse", name), |b| {
        b.iter(|| parser::parse(FileId(0), black_box(&text), SrsVersion::V6));
    });
    g.bench_function(BenchmarkId::new("lint", name), |b| {
        b.iter(|| lint(&provider, vec![input(&path, black_box(&bytes))]));
    });
    g.finish();
}

fn bench_corpus(c: &mut Criterion, files: &[(String, Vec<u8>)]) {
    let provider = provider(files);
    let inputs: Vec<Input> = files.iter().map(|(n, b)| input(&format!("conf/{n}"), b)).collect();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let r = lint(&provider, inputs.clone());
    eprintln!(
        "corpus: {} files, {total} bytes, {} diagnostics",
        r.inputs.len(),
        r.diagnostics.len()
    );

    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(format!("lint_{}_samples", files.len()), |b| {
        b.iter(|| lint(&provider, black_box(inputs.clone())));
    });
    g.finish();
}

fn bench_generated(c: &mut Criterion) {
    let text = generated(1024 * 1024);
    let provider = MemoryProvider::new();
    let diagnostics = lint(&provider, vec![input("big.conf", text.as_bytes())])
        .diagnostics
        .len();
    eprintln!("generated: {} bytes, {diagnostics} diagnostics", text.len());

    let mut g = c.benchmark_group("generated");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("parse_1mb", |b| {
        b.iter(|| parser::parse(FileId(0), black_box(&text), SrsVersion::V6));
    });
    g.bench_function("lint_1mb", |b| {
        b.iter(|| lint(&provider, vec![input("big.conf", black_box(text.as_bytes()))]));
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let files = samples();
    bench_full_conf(c, files.as_deref());
    if let Some(files) = &files {
        bench_corpus(c, files);
    }
    bench_generated(c);
}

criterion_group!(lint_benches, benches);
criterion_main!(lint_benches);
