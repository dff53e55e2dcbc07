//! The same inputs and seed give the same bytes natively and in wasm.
//!
//! Lints the bundled seed deployment (the guide's manifests, broken and
//! fixed) through the core API, simulates it with scenarios that exercise
//! the random picks (kube-proxy's, Zipf popularity, several protocols, a
//! failed pod, `--find-capacity`) and compares the JSON of both with the
//! golden files in `core/tests/golden/`. The native test (`cargo test`)
//! and the wasm32 one (`bash scripts/wasm-test.sh`: the same file built for
//! `wasm32-unknown-unknown` and run in Node by wasm-bindgen-test-runner)
//! compare against the same files, so native == golden == wasm.
//!
//! Run with `SRS_CHECK_BLESS=1` (natively) to rewrite the golden files, and
//! read the diff before committing it: a change here is a change of the
//! JSON contract's bytes.

use srs_check_core::editor::{self, Buffer};
use srs_check_core::lint::{lint_inputs, Input, LintOptions};
use srs_check_core::provider::MemoryProvider;
use srs_check_core::render;
use srs_check_core::sim::{self, ProtocolMix, Scenario};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

/// A bundled deployment: its files as the CLI names them, and their bytes.
struct Deployment {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
}

const SEED_K8S: Deployment = Deployment {
    name: "seed-k8s",
    files: &[
        (
            "fixtures/examples/seed-k8s/1-storage.yaml",
            include_str!("../../fixtures/examples/seed-k8s/1-storage.yaml"),
        ),
        (
            "fixtures/examples/seed-k8s/2-origin.yaml",
            include_str!("../../fixtures/examples/seed-k8s/2-origin.yaml"),
        ),
        (
            "fixtures/examples/seed-k8s/3-edge.yaml",
            include_str!("../../fixtures/examples/seed-k8s/3-edge.yaml"),
        ),
    ],
};

const SEED_K8S_FIXED: Deployment = Deployment {
    name: "seed-k8s-fixed",
    files: &[
        (
            "fixtures/examples/seed-k8s-fixed/1-storage.yaml",
            include_str!("../../fixtures/examples/seed-k8s-fixed/1-storage.yaml"),
        ),
        (
            "fixtures/examples/seed-k8s-fixed/2-origin.yaml",
            include_str!("../../fixtures/examples/seed-k8s-fixed/2-origin.yaml"),
        ),
        (
            "fixtures/examples/seed-k8s-fixed/3-edge.yaml",
            include_str!("../../fixtures/examples/seed-k8s-fixed/3-edge.yaml"),
        ),
    ],
};

/// Golden file name, and where it is embedded for the wasm build (which has
/// no file system).
const GOLDEN: &[(&str, &str)] = &[
    ("seed-k8s.lint.json", include_str!("golden/seed-k8s.lint.json")),
    ("seed-k8s.sim.json", include_str!("golden/seed-k8s.sim.json")),
    (
        "seed-k8s-fixed.lint.json",
        include_str!("golden/seed-k8s-fixed.lint.json"),
    ),
    (
        "seed-k8s-fixed.sim.json",
        include_str!("golden/seed-k8s-fixed.sim.json"),
    ),
    (
        "seed-k8s-fixed.capacity.json",
        include_str!("golden/seed-k8s-fixed.capacity.json"),
    ),
];

fn mix(text: &str) -> ProtocolMix {
    ProtocolMix::parse(text).expect("a valid protocol mix")
}

/// The guide as published: publishes through the edges hit the glued
/// coworker hosts, plays fail over from the typo'd origin. Zipf
/// popularity, all three protocols, an edge down, kube-proxy picking edges
/// at random.
fn broken_scenario() -> Scenario {
    Scenario {
        streams: 120,
        players: 2_500,
        zipf: Some(0.85),
        bitrate_kbps: 2_500,
        protocols: mix("rtmp=50,flv=30,hls=20"),
        fail: vec!["srs-edge-deploy-1".to_string()],
        seed: 0x5EED_0004_D1CE_CAFE,
        nic_mbps: Some(1_000),
        trace: Some("s7".to_string()),
        ..Scenario::default()
    }
}

/// The corrected deployment, published through the origins' Service (random
/// picks spread streams over the origins), with an origin down, redirects
/// followed, Zipf popularity and all three protocols.
fn fixed_scenario() -> Scenario {
    Scenario {
        streams: 900,
        players: 7_000,
        zipf: Some(1.13),
        bitrate_kbps: 1_800,
        publish_to: Some("socs".to_string()),
        play_from: None,
        protocols: mix("rtmp=60,flv=25,hls=15"),
        fail: vec!["srs-origin-1".to_string()],
        seed: 9_007_199_254_740_993,
        nic_mbps: Some(800),
        follow_redirect: true,
        publishers_per_stream: 1,
        trace: Some("live/s3".to_string()),
        ..Scenario::default()
    }
}

/// `--find-capacity` on the corrected deployment through the edges: many
/// simulations, one per failed pod.
fn capacity_scenario() -> Scenario {
    Scenario {
        streams: 1_500,
        players: 6_000,
        zipf: Some(0.7),
        protocols: mix("rtmp=70,flv=20,hls=10"),
        seed: 31_337,
        find_capacity: true,
        ..Scenario::default()
    }
}

/// The lint run's JSON and the report's JSON, as the CLI prints them.
fn run(deployment: &Deployment, scenario: &Scenario) -> (String, String) {
    let mut provider = MemoryProvider::new();
    let mut inputs = Vec::new();
    for &(name, text) in deployment.files {
        provider.insert(name, text);
        inputs.push(Input {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        });
    }
    let options = LintOptions {
        namespace: Some("default".to_string()),
        ..LintOptions::default()
    };
    let result = lint_inputs(&provider, inputs, &options);
    let lint = render::json::render(&result.sources, &result.diagnostics, result.inputs.len());
    let report =
        sim::simulate(&result, scenario).unwrap_or_else(|e| panic!("{}: the simulation runs: {e}", deployment.name));
    (lint, report.to_json())
}

/// Every golden file's name and the bytes the core produces for it now.
fn outputs() -> Vec<(&'static str, String)> {
    let (broken_lint, broken_sim) = run(&SEED_K8S, &broken_scenario());
    let (fixed_lint, fixed_sim) = run(&SEED_K8S_FIXED, &fixed_scenario());
    let (_, capacity) = run(&SEED_K8S_FIXED, &capacity_scenario());
    vec![
        ("seed-k8s.lint.json", broken_lint),
        ("seed-k8s.sim.json", broken_sim),
        ("seed-k8s-fixed.lint.json", fixed_lint),
        ("seed-k8s-fixed.sim.json", fixed_sim),
        ("seed-k8s-fixed.capacity.json", capacity),
    ]
}

/// The first line where `got` and `want` differ, for a readable failure.
fn first_difference(got: &str, want: &str) -> String {
    let line = got
        .lines()
        .zip(want.lines())
        .position(|(g, w)| g != w)
        .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
    format!(
        "first difference at line {}:\n  got:  {:?}\n  want: {:?}",
        line + 1,
        got.lines().nth(line).unwrap_or("<end>"),
        want.lines().nth(line).unwrap_or("<end>")
    )
}

/// Compares the outputs with the golden bytes given; returns what differs.
fn mismatches(golden: &[(&str, &str)]) -> Vec<String> {
    let outs = outputs();
    assert_eq!(outs.len(), golden.len(), "every output has a golden file");
    let mut bad = Vec::new();
    for ((name, got), (golden_name, want)) in outs.iter().zip(golden) {
        assert_eq!(name, golden_name);
        if got != want {
            bad.push(format!("{name}: {}", first_difference(got, want)));
        }
    }
    bad
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn the_runs_are_repeatable_and_exercise_what_they_claim() {
    let a = outputs();
    let b = outputs();
    assert_eq!(a, b, "two runs in one process give the same bytes");
    let text = |name: &str| &a.iter().find(|(n, _)| *n == name).expect("output").1;
    // The broken guide has findings; the fixed one none.
    assert!(text("seed-k8s.lint.json").contains("\"SRS307\""));
    assert!(text("seed-k8s-fixed.lint.json").contains("\"errors\": 0"));
    for name in ["seed-k8s.sim.json", "seed-k8s-fixed.sim.json"] {
        let sim = text(name);
        assert!(sim.contains("\"zipf\""), "{name}: Zipf popularity");
        assert!(sim.contains("\"down\": true"), "{name}: a failed pod");
        for p in ["\"rtmp\"", "\"flv\"", "\"hls\""] {
            assert!(sim.contains(p), "{name}: protocol {p}");
        }
    }
    assert!(text("seed-k8s-fixed.capacity.json").contains("\"under_failure\""));
}

/// Natively: compare with the files on disk, or rewrite them with
/// `SRS_CHECK_BLESS=1`.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_output_matches_the_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    if std::env::var_os("SRS_CHECK_BLESS").is_some() {
        std::fs::create_dir_all(&dir).expect("create tests/golden");
        for (name, got) in outputs() {
            std::fs::write(dir.join(name), got).expect("write a golden file");
        }
        return;
    }
    // Read from disk rather than the embedded copies, so a file rewritten
    // since the build is what gets compared.
    let on_disk: Vec<(&str, String)> = GOLDEN
        .iter()
        .map(|&(name, _)| {
            let text = std::fs::read_to_string(dir.join(name)).expect("read a golden file");
            (name, text)
        })
        .collect();
    let golden: Vec<(&str, &str)> = on_disk.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let bad = mismatches(&golden);
    assert!(
        bad.is_empty(),
        "native output differs from core/tests/golden/ (rewrite with SRS_CHECK_BLESS=1 cargo test -p srs-check-core --test determinism, then read the diff):\n{}",
        bad.join("\n")
    );
}

/// In wasm32 (Node): compare with the golden files embedded at build time.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn wasm_output_matches_the_golden_files() {
    let bad = mismatches(GOLDEN);
    assert!(
        bad.is_empty(),
        "wasm32 output differs from core/tests/golden/ (the native test passes against them: the core is not deterministic across platforms):\n{}",
        bad.join("\n")
    );
}

/// The golden file embedded under `name`.
fn golden(name: &str) -> &'static str {
    GOLDEN
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(|| panic!("no golden file {name}"), |(_, text)| text)
}

/// The playground's path (buffers → `editor::lint_result` → `sim::Session`,
/// the capacity search a step at a time) gives the CLI's bytes, on both
/// targets: the page shows what `srs-check simulate` prints.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn the_playground_path_gives_the_golden_bytes() {
    let buffers: Vec<Buffer> = SEED_K8S_FIXED
        .files
        .iter()
        .map(|&(name, text)| Buffer::new(name, text))
        .collect();
    let options = LintOptions {
        namespace: Some("default".to_string()),
        ..LintOptions::default()
    };
    let result = editor::lint_result(&buffers, &options);
    let session = sim::Session::new(&result, &fixed_scenario()).expect("the scenario resolves");
    let report = session.report().to_json();
    assert!(
        report == golden("seed-k8s-fixed.sim.json"),
        "{}",
        first_difference(&report, golden("seed-k8s-fixed.sim.json"))
    );

    let scenario = Scenario {
        find_capacity: false,
        ..capacity_scenario()
    };
    let mut search = sim::Session::new(&result, &scenario)
        .expect("the scenario resolves")
        .capacity_search();
    let mut steps = 0;
    let capacity = loop {
        steps += 1;
        assert!(steps < 100_000, "the search ends");
        if let Some(c) = search.step() {
            break c;
        }
    };
    let want: serde_json::Value = serde_json::from_str(golden("seed-k8s-fixed.capacity.json")).expect("golden JSON");
    assert_eq!(
        serde_json::to_value(&capacity).expect("a capacity serialises"),
        want["capacity"]
    );
}
