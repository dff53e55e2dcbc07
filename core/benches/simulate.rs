//! The routing simulator's speed: a generated deployment of 20 origins (a
//! StatefulSet under a headless Service, every origin listing all 20 as
//! coworkers with their HTTP API port) and 50 edges (a Deployment behind a
//! LoadBalancer, listing all 20 origins), publishers spread over the origins
//! through a LoadBalancer Service of their own, players entering through the
//! edges' LoadBalancer with a 70/20/10 RTMP/FLV/HLS mix. `max_connections`
//! is raised so that nothing is refused: every player is routed to the end.
//!
//! Groups: 100,000 streams with 1,000,000 players (the bar), and 10× and
//! 100× fewer clients to show the cost is linear in clients; then
//! `--find-capacity` on the bundled seed deployment.
//!
//! Run with `cargo bench -p srs-check-core --bench simulate`. With
//! `SRS_CHECK_BENCH_WRITE=DIR` it writes the generated deployment to
//! `DIR/generated.yaml` (for timing the CLI and its peak memory) and measures
//! nothing. `docs/benchmarks.md` has the figures.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use srs_check_core::provider::MemoryProvider;
use srs_check_core::sim::{simulate, ProtocolMix, Scenario};
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const ORIGINS: usize = 20;
const EDGES: usize = 50;

fn generated() -> String {
    let coworkers: Vec<String> = (0..ORIGINS).map(|i| format!("srs-origin-{i}.socs:1985")).collect();
    let origins: Vec<String> = (0..ORIGINS).map(|i| format!("srs-origin-{i}.socs")).collect();
    format!(
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-origin-config
data:
  srs.conf: |-
    listen              1935;
    max_connections     1000000;
    daemon              off;
    http_api {{
        enabled         on;
        listen          1985;
    }}
    http_server {{
        enabled         on;
        listen          8080;
    }}
    vhost __defaultVhost__ {{
        cluster {{
            origin_cluster  on;
            coworkers       {coworkers};
        }}
        http_remux {{
            enabled     on;
        }}
    }}
---
apiVersion: v1
kind: Service
metadata:
  name: socs
spec:
  clusterIP: None
  selector:
    app: srs-origin
  ports:
    - port: 1935
---
apiVersion: v1
kind: Service
metadata:
  name: srs-origin-service
spec:
  type: LoadBalancer
  selector:
    app: srs-origin
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
    - name: http
      port: 8080
      targetPort: 8080
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs-origin
spec:
  serviceName: socs
  replicas: {ORIGINS}
  selector:
    matchLabels:
      app: srs-origin
  template:
    metadata:
      labels:
        app: srs-origin
    spec:
      volumes:
        - name: config-volume
          configMap:
            name: srs-origin-config
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerPort: 1935
            - containerPort: 1985
            - containerPort: 8080
          volumeMounts:
            - name: config-volume
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-edge-config
data:
  srs.conf: |-
    listen              1935;
    max_connections     1000000;
    daemon              off;
    http_server {{
        enabled         on;
        listen          8080;
    }}
    vhost __defaultVhost__ {{
        cluster {{
            mode            remote;
            origin          {origins};
        }}
        http_remux {{
            enabled     on;
        }}
    }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-edge
spec:
  replicas: {EDGES}
  selector:
    matchLabels:
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
    spec:
      volumes:
        - name: config-volume
          configMap:
            name: srs-edge-config
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerPort: 1935
            - containerPort: 8080
          volumeMounts:
            - name: config-volume
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: Service
metadata:
  name: srs-edge-service
spec:
  type: LoadBalancer
  selector:
    app: srs-edge
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
    - name: http
      port: 8080
      targetPort: 8080
"#,
        coworkers = coworkers.join(" "),
        origins = origins.join(" "),
    )
}

fn lint(files: &[(String, String)]) -> LintResult {
    let inputs = files
        .iter()
        .map(|(n, t)| Input {
            name: n.clone(),
            bytes: t.as_bytes().to_vec(),
        })
        .collect();
    lint_inputs(&MemoryProvider::new(), inputs, &LintOptions::default())
}

fn scenario(streams: u64, players: u64) -> Scenario {
    Scenario {
        streams,
        players,
        zipf: Some(1.0),
        bitrate_kbps: 2000,
        publish_to: Some("srs-origin-service".into()),
        play_from: Some("srs-edge-service".into()),
        protocols: ProtocolMix::parse("rtmp=70,flv=20,hls=10").unwrap_or_default(),
        ..Scenario::default()
    }
}

fn bench(c: &mut Criterion) {
    if let Ok(dir) = std::env::var("SRS_CHECK_BENCH_WRITE") {
        let path = PathBuf::from(dir).join("generated.yaml");
        std::fs::write(&path, generated()).expect("writes the generated deployment");
        eprintln!("wrote {}", path.display());
        return;
    }
    let big = lint(&[("generated.yaml".into(), generated())]);
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (streams, players) in [(1_000u64, 10_000u64), (10_000, 100_000), (100_000, 1_000_000)] {
        let sc = scenario(streams, players);
        g.throughput(Throughput::Elements(streams + players));
        g.bench_with_input(BenchmarkId::new("20-origins-50-edges", players), &sc, |b, sc| {
            b.iter(|| black_box(simulate(&big, sc).expect("simulates")));
        });
    }
    g.finish();

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/examples/seed-k8s-fixed");
    let files: Vec<(String, String)> = ["1-storage.yaml", "2-origin.yaml", "3-edge.yaml"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(f)).expect("reads the seed deployment");
            ((*f).to_string(), text)
        })
        .collect();
    let seed = lint(&files);
    let sc = Scenario {
        streams: 1000,
        players: 10_000,
        find_capacity: true,
        ..Scenario::default()
    };
    let mut g = c.benchmark_group("find-capacity");
    g.sample_size(10);
    g.bench_function("seed-k8s-fixed", |b| {
        b.iter(|| black_box(simulate(&seed, &sc).expect("simulates")));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
