//! Every row of `srs-cluster-observed.md` (what a real SRS 6.0.157 did on a
//! 3-origin + 2-edge cluster) as a named test, on the same layout
//! (`fixtures/sim/observed/`: O1-O3 on RTMP 19351-19353 with HTTP APIs on
//! 19851-19853, E1 with origins O1 O2 O3, E2 with a dead port, O2, O1), and
//! the seed deployment's bar.

use super::*;
use crate::lint::{LintOptions, LintResult};
use crate::testing::lint_named;

const O1: &str = include_str!("../../../fixtures/sim/observed/o1.conf");
const O2: &str = include_str!("../../../fixtures/sim/observed/o2.conf");
const O3: &str = include_str!("../../../fixtures/sim/observed/o3.conf");
const E1: &str = include_str!("../../../fixtures/sim/observed/e1.conf");
const E2: &str = include_str!("../../../fixtures/sim/observed/e2.conf");

const STORAGE: &str = include_str!("../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml");
const ORIGIN: &str = include_str!("../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");
const EDGE: &str = include_str!("../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");
const ORIGIN_GUIDE: &str = include_str!("../../../fixtures/examples/seed-k8s/2-origin.yaml");
const EDGE_GUIDE: &str = include_str!("../../../fixtures/examples/seed-k8s/3-edge.yaml");

fn observed() -> LintResult {
    lint_named(
        &[
            ("o1.conf", O1),
            ("o2.conf", O2),
            ("o3.conf", O3),
            ("e1.conf", E1),
            ("e2.conf", E2),
        ],
        &LintOptions::default(),
    )
}

fn seed(origin: &str, edge: &str) -> LintResult {
    lint_named(
        &[
            ("1-storage.yaml", STORAGE),
            ("2-origin.yaml", origin),
            ("3-edge.yaml", edge),
        ],
        &LintOptions::default(),
    )
}

fn one(publish: &str, play: &str) -> Scenario {
    Scenario {
        streams: 1,
        players: 1,
        publish_to: Some(publish.into()),
        play_from: Some(play.into()),
        trace: Some("s0".into()),
        ..Scenario::default()
    }
}

fn run(r: &LintResult, sc: &Scenario) -> Report {
    simulate(r, sc).unwrap_or_else(|e| panic!("{e}"))
}

fn pod<'a>(r: &'a Report, name: &str) -> &'a report::PodReport {
    r.pods
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no pod {name}"))
}

fn reason(map: &BTreeMap<String, u64>, r: &str) -> u64 {
    map.get(r).copied().unwrap_or(0)
}

fn hops(r: &Report) -> String {
    r.trace.as_ref().map(|t| t.hops.join("\n")).unwrap_or_default()
}

#[test]
fn observed_1_rtmp_play_on_another_origin_is_redirected() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:19352");
    sc.follow_redirect = true;
    let rep = run(&r, &sc);
    assert_eq!((rep.play.ok, rep.play.redirected), (1, 1));
    let h = hops(&rep);
    assert!(
        h.contains("o2.conf asks coworker 127.0.0.1:19851 (o1.conf): has it"),
        "{h}"
    );
    assert!(h.contains("o2.conf answers RTMP 302 → 127.0.0.1:19351"), "{h}");
    // The player ends on O1 (publisher + player); O2 closed its connection.
    assert_eq!(pod(&rep, "o1.conf").connections, 2);
    assert_eq!(pod(&rep, "o2.conf").connections, 0);
}

#[test]
fn observed_2_a_coworker_without_the_stream_is_skipped() {
    let r = observed();
    let mut sc = one("127.0.0.1:19353", "127.0.0.1:19352");
    sc.follow_redirect = true;
    let rep = run(&r, &sc);
    let h = hops(&rep);
    assert!(
        h.contains("asks coworker 127.0.0.1:19851 (o1.conf): origin null"),
        "{h}"
    );
    assert!(h.contains("asks coworker 127.0.0.1:19853 (o3.conf): has it"), "{h}");
    assert_eq!(rep.play.ok, 1);
    assert_eq!(pod(&rep, "o3.conf").connections, 2);
    // Connect, two queries, reconnect.
    assert_eq!(rep.play.startup_ms.max, Some(4 * routing::ROUND_TRIP_MS));
}

#[test]
fn observed_3_no_coworker_has_the_stream() {
    let r = observed();
    // The publish goes to a dead port, so no origin has the stream.
    let rep = run(&r, &one("127.0.0.1:19359", "127.0.0.1:19352"));
    assert_eq!(reason(&rep.publish.by_reason, "refused"), 1);
    assert_eq!(reason(&rep.play.by_reason, "stream-not-found"), 1);
    // The origin does not wait: the connection is closed.
    assert_eq!(pod(&rep, "o2.conf").connections, 0);
}

#[test]
fn observed_4_plain_players_do_not_follow_the_302_but_edges_do() {
    let r = observed();
    let rep = run(&r, &one("127.0.0.1:19351", "127.0.0.1:19352"));
    assert_eq!(rep.play.failed, 1);
    assert_eq!(reason(&rep.play.by_reason, "redirect-not-followed"), 1);
    assert_eq!(rep.play.redirected, 1);
    // E1 pulls from O1 first; published on O2, O1 answers 302 and E1 follows.
    let rep = run(&r, &one("127.0.0.1:19352", "127.0.0.1:19361"));
    assert_eq!((rep.play.ok, rep.play.redirected), (1, 1));
    assert!(hops(&rep).contains("o1.conf answers RTMP 302 → 127.0.0.1:19352; the edge follows"));
}

#[test]
fn observed_5_flv_on_an_origin_without_the_stream_waits_forever() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:18082");
    sc.protocols = ProtocolMix::parse("flv").unwrap();
    sc.follow_redirect = true;
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.play.by_reason, "waits-forever"), 1);
    assert_eq!(rep.play.redirected, 0, "no coworker query, no redirect");
    assert!(!hops(&rep).contains("asks coworker"));
    // The player stays connected.
    assert_eq!(pod(&rep, "o2.conf").connections, 1);
}

#[test]
fn observed_6_a_stream_is_listed_only_on_its_origin() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:19351");
    sc.streams = 5;
    sc.players = 0;
    let rep = run(&r, &sc);
    assert_eq!(pod(&rep, "o1.conf").streams, 5);
    assert_eq!(pod(&rep, "o2.conf").streams, 0);
    assert_eq!(pod(&rep, "o3.conf").streams, 0);
}

#[test]
fn observed_7_edge_pulls_start_at_the_first_origin_one_per_stream() {
    let r = observed();
    let mut sc = one("127.0.0.1:19353", "127.0.0.1:19361");
    sc.streams = 10;
    sc.players = 100;
    let rep = run(&r, &sc);
    assert_eq!((rep.play.ok, rep.play.redirected), (100, 100));
    let h = hops(&rep);
    assert!(h.starts_with("publisher"), "{h}");
    assert!(h.contains("edge e1.conf pulls from 127.0.0.1:19351 → o1.conf"), "{h}");
    // One upstream per stream however many players: 10 publishers + 10 pulls.
    assert_eq!(pod(&rep, "o3.conf").connections, 20);
    assert_eq!(pod(&rep, "o1.conf").connections, 0);
    assert_eq!(pod(&rep, "e1.conf").connections, 100);
    assert_eq!(pod(&rep, "e1.conf").streams, 10);
}

#[test]
fn observed_8_edge_fails_over_after_3_s_for_every_fresh_stream() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:19362");
    sc.streams = 4;
    sc.players = 8;
    let rep = run(&r, &sc);
    assert_eq!(rep.play.ok, 8);
    assert_eq!(rep.play.slow, 8, "every fresh stream pays the wait");
    assert_eq!(reason(&rep.play.slow_by_reason, "refused"), 8);
    let max = rep.play.startup_ms.max.unwrap();
    assert!((3000..4000).contains(&max), "{max} ms: observed about 3.5 s");
    // The same with the first origin of E1 failed instead.
    let mut sc = one("127.0.0.1:19352", "127.0.0.1:19361");
    sc.fail = vec!["o1.conf".into()];
    let rep = run(&r, &sc);
    assert_eq!((rep.play.ok, rep.play.slow), (1, 1));
    assert_eq!(reason(&rep.play.slow_by_reason, "pod-down"), 1);
}

#[test]
fn observed_9_edge_publishes_every_stream_to_its_first_origin() {
    let r = observed();
    let mut sc = one("127.0.0.1:19361", "127.0.0.1:19361");
    sc.streams = 30;
    sc.players = 0;
    let rep = run(&r, &sc);
    assert_eq!(rep.publish.accepted, 30);
    assert_eq!(pod(&rep, "o1.conf").streams, 30);
    assert_eq!(pod(&rep, "o2.conf").streams + pod(&rep, "o3.conf").streams, 0);
}

#[test]
fn observed_10_edge_publish_has_no_failover() {
    let r = observed();
    let mut sc = one("127.0.0.1:19362", "127.0.0.1:19362");
    sc.streams = 5;
    sc.players = 0;
    let rep = run(&r, &sc);
    assert_eq!(rep.publish.rejected, 5);
    assert_eq!(reason(&rep.publish.by_reason, "refused"), 5);
    assert_eq!(rep.publish.failures[0].host.as_deref(), Some("127.0.0.1:19359"));
    let mut sc = one("127.0.0.1:19361", "127.0.0.1:19361");
    sc.players = 0;
    sc.fail = vec!["o1.conf".into()];
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.publish.by_reason, "pod-down"), 1);
    assert_eq!(pod(&rep, "o2.conf").streams, 0, "no failover to O2");
    // The edge drops the publisher.
    assert_eq!(pod(&rep, "e1.conf").connections, 0);
}

#[test]
fn observed_11_a_coworker_without_port_is_asked_on_port_80() {
    let origin = ORIGIN.replace(
        "srs-origin-0.socs:1985 srs-origin-1.socs:1985 srs-origin-2.socs:1985",
        "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
    );
    let r = seed(&origin, EDGE);
    let mut sc = one("srs-origin-0.socs", "srs-origin-1.socs");
    sc.follow_redirect = true;
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.play.by_reason, "coworker-unreachable"), 1);
    let f = &rep.play.failures[0];
    assert_eq!(
        (f.host.as_deref(), f.cause),
        (Some("srs-origin-2.socs"), Some("refused"))
    );
    // Edges see a failed attempt at origin 0 and get the stream from
    // origin 1 three seconds later: slow starts (ossrs/srs#2825).
    let mut sc = one("srs-origin-1.socs", "srs-edge-service");
    sc.players = 50;
    let rep = run(&r, &sc);
    assert_eq!((rep.play.ok, rep.play.slow), (50, 50));
    assert_eq!(reason(&rep.play.slow_by_reason, "coworker-unreachable"), 50);
}

#[test]
fn observed_12_http_api_on_loopback_cannot_be_asked_by_coworkers() {
    let origin = ORIGIN.replace("listen          1985;", "listen          127.0.0.1:1985;");
    assert_ne!(origin, ORIGIN);
    let r = seed(&origin, EDGE);
    let mut sc = one("srs-origin-0.socs", "srs-origin-1.socs");
    sc.follow_redirect = true;
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.play.by_reason, "coworker-unreachable"), 1);
    assert!(hops(&rep).contains("asks coworker srs-origin-0.socs:1985: refused at srs-origin-0"));
}

#[test]
fn seed_edge_publishing_lands_every_stream_on_origin_0() {
    let r = seed(ORIGIN, EDGE);
    let sc = Scenario {
        streams: 3000,
        players: 0,
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    assert_eq!(rep.scenario.publish_to, "srs-edge-service:1935");
    assert_eq!(pod(&rep, "srs-origin-0").streams, 1000);
    assert_eq!(pod(&rep, "srs-origin-0").connections, 1000);
    assert_eq!(pod(&rep, "srs-origin-1").streams + pod(&rep, "srs-origin-2").streams, 0);
    assert_eq!(rep.publish.rejected, 2000);
    assert_eq!(reason(&rep.publish.by_reason, "max-connections"), 2000);
    assert_eq!(rep.publish.failures[0].pod.as_deref(), Some("srs-origin-0"));
    assert_eq!(rep.bottleneck.as_ref().map(|b| b.pod.as_str()), Some("srs-origin-0"));
}

#[test]
fn seed_publishing_through_a_service_of_the_origins_spreads_them() {
    let r = seed(ORIGIN, EDGE);
    let sc = Scenario {
        streams: 3000,
        players: 0,
        publish_to: Some("socs".into()),
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    for o in ["srs-origin-0", "srs-origin-1", "srs-origin-2"] {
        let s = pod(&rep, o).streams;
        assert!((900..=1000).contains(&s), "{o}: {s}");
    }
    assert!(rep.publish.accepted > 2900, "{}", rep.publish.accepted);
}

#[test]
fn seed_as_published_fails_every_edge_publish_and_play_by_reason() {
    let r = seed(ORIGIN_GUIDE, EDGE_GUIDE);
    let sc = Scenario {
        streams: 10,
        players: 100,
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.publish.by_reason, "unknown-host"), 10);
    assert_eq!(
        rep.publish.failures[0].host.as_deref(),
        Some("srs-origin-0.socssrs-origin-1.socs")
    );
    assert_eq!(reason(&rep.play.by_reason, "edge-upstream-failed"), 100);
    let last = &rep.play.failures[0];
    assert_eq!(
        (last.host.as_deref(), last.cause),
        (Some("srs-origin2.socs"), Some("unknown-host"))
    );
}

#[test]
fn seed_typo_makes_failover_plays_slow_or_failed() {
    let edge = EDGE.replace("srs-origin-2.socs;", "srs-origin2.socs;");
    assert_ne!(edge, EDGE);
    let r = seed(ORIGIN, &edge);
    let base = Scenario {
        streams: 20,
        players: 200,
        publish_to: Some("socs".into()),
        ..Scenario::default()
    };
    // Origin 0 down: pulls fail over to origin 1 after 3 s: slow.
    let rep = run(
        &r,
        &Scenario {
            fail: vec!["srs-origin-0".into()],
            ..base.clone()
        },
    );
    assert_eq!(rep.play.ok, 200);
    assert_eq!(rep.play.slow, 200);
    assert_eq!(reason(&rep.play.slow_by_reason, "pod-down"), 200);
    // Origins 0 and 1 down: the only way left is the typo: failed.
    let rep = run(
        &r,
        &Scenario {
            fail: vec!["srs-origin-0".into(), "srs-origin-1".into()],
            ..base
        },
    );
    assert_eq!(rep.publish.accepted, 20);
    assert_eq!(rep.play.ok, 0);
    let f = &rep.play.failures[0];
    assert_eq!(f.reason, "edge-upstream-failed");
    assert_eq!(
        (f.host.as_deref(), f.cause),
        (Some("srs-origin2.socs"), Some("unknown-host"))
    );
}

#[test]
fn hls_goes_through_nginx_on_the_shared_volume() {
    let r = seed(ORIGIN, EDGE);
    let sc = Scenario {
        streams: 30,
        players: 300,
        publish_to: Some("socs".into()),
        protocols: ProtocolMix::parse("hls").unwrap(),
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    assert_eq!(rep.scenario.play_from["hls"], "srs-http-service:80");
    assert_eq!(rep.play.ok, 300);
    assert_eq!(pod(&rep, "nginx-origin-deploy-0").egress_kbps, 300 * 1000);
    // Nginx without the claim: every playlist is a 404.
    let origin = ORIGIN.replace(
        "              mountPath: /usr/share/nginx/html",
        "              mountPath: /srv/elsewhere",
    );
    assert_ne!(origin, ORIGIN);
    let rep = run(&seed(&origin, EDGE), &sc);
    assert_eq!(reason(&rep.play.by_reason, "hls-not-found"), 300);
    // Through the edges, which write no HLS: 404 too.
    let rep = run(
        &r,
        &Scenario {
            play_from: Some("srs-edge-service:8080".into()),
            ..sc
        },
    );
    assert_eq!(reason(&rep.play.by_reason, "hls-not-found"), 300);
}

#[test]
fn duplicate_publish_is_rejected_on_the_same_origin_but_not_across_a_service() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:19351");
    sc.publishers_per_stream = 2;
    let rep = run(&r, &sc);
    assert_eq!(reason(&rep.publish.by_reason, "duplicate-publish"), 1);
    assert_eq!(pod(&rep, "o1.conf").connections, 1 + 1, "publisher and player");
}

#[test]
fn max_connections_counts_players_and_rejects_the_rest() {
    let r = observed();
    let mut sc = one("127.0.0.1:19351", "127.0.0.1:19351");
    sc.players = 1500;
    let rep = run(&r, &sc);
    assert_eq!(rep.play.ok, 999);
    assert_eq!(reason(&rep.play.by_reason, "max-connections"), 501);
    assert_eq!(pod(&rep, "o1.conf").connections, 1000);
}

#[test]
fn same_seed_same_bytes_other_seed_other_picks() {
    let r = seed(ORIGIN, EDGE);
    let sc = Scenario {
        streams: 500,
        players: 5000,
        zipf: Some(1.1),
        protocols: ProtocolMix::parse("rtmp=70,flv=20,hls=10").unwrap(),
        find_capacity: true,
        ..Scenario::default()
    };
    let a = run(&r, &sc).to_json();
    assert_eq!(a, run(&r, &sc).to_json());
    let b = run(&r, &Scenario { seed: 2, ..sc }).to_json();
    assert_ne!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    for key in ["seed", "publish", "play", "pods", "capacity"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    for key in ["attempted", "accepted", "rejected", "by_reason"] {
        assert!(v["publish"].get(key).is_some(), "{key}");
    }
    for key in ["attempted", "ok", "redirected", "failed", "by_reason", "startup_ms"] {
        assert!(v["play"].get(key).is_some(), "{key}");
    }
    for key in ["p50", "p95", "max"] {
        assert!(v["play"]["startup_ms"].get(key).is_some(), "{key}");
    }
    for key in [
        "name",
        "role",
        "streams",
        "connections",
        "max_connections",
        "egress_mbps",
    ] {
        assert!(v["pods"][0].get(key).is_some(), "{key}");
    }
}

#[test]
fn capacity_of_the_seed_is_origin_0s_max_connections() {
    let r = seed(ORIGIN, EDGE);
    let sc = Scenario {
        streams: 100,
        players: 0,
        find_capacity: true,
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    let c = rep.capacity.unwrap();
    assert_eq!(c.streams, 1000);
    let l = c.limited_by.unwrap();
    assert_eq!(
        (l.pod.as_deref(), l.reason, l.what),
        (Some("srs-origin-0"), "max-connections", "publish")
    );
    let down0 = c.under_failure.iter().find(|f| f.failed == "srs-origin-0").unwrap();
    assert_eq!(down0.streams, 0, "no publishing through edges without origin 0");
    assert_eq!(down0.limited_by.as_ref().unwrap().reason, "pod-down");
}

#[test]
fn bad_scenarios_are_errors_not_panics() {
    let r = seed(ORIGIN, EDGE);
    let bad = |sc: Scenario| simulate(&r, &sc).unwrap_err().to_string();
    assert!(bad(Scenario {
        streams: u64::MAX,
        ..Scenario::default()
    })
    .contains("--streams"));
    assert!(bad(Scenario {
        players: u64::MAX,
        ..Scenario::default()
    })
    .contains("--players"));
    assert!(bad(Scenario {
        zipf: Some(f64::NAN),
        ..Scenario::default()
    })
    .contains("--zipf"));
    let e = bad(Scenario {
        fail: vec!["srs-origin-9".into()],
        ..Scenario::default()
    });
    assert!(e.contains("srs-origin-0"), "{e}");
    let e = bad(Scenario {
        publish_to: Some("srs-edge-servce".into()),
        ..Scenario::default()
    });
    assert!(e.contains("did you mean `srs-edge-service`"), "{e}");
    assert!(bad(Scenario {
        trace: Some("s999".into()),
        ..Scenario::default()
    })
    .contains("--trace"));
    let empty = lint_named(
        &[("x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")],
        &LintOptions::default(),
    );
    assert_eq!(simulate(&empty, &Scenario::default()).unwrap_err(), SimError::NoServers);
}

#[test]
fn startup_histogram_buckets_are_half_open_and_the_last_has_no_end() {
    let delays: BTreeMap<u32, u64> = [(0, 1), (199, 2), (200, 4), (2999, 8), (3000, 16), (50_000, 32)].into();
    let h = report::startup_histogram(&delays);
    assert_eq!(h.len(), report::STARTUP_BUCKET_EDGES_MS.len());
    let count = |from: u32| h.iter().find(|b| b.from_ms == from).map(|b| b.players);
    assert_eq!(count(0), Some(3));
    assert_eq!(count(200), Some(4));
    assert_eq!(count(2000), Some(8));
    assert_eq!(count(3000), Some(16));
    assert_eq!(count(12_000), Some(32));
    for pair in h.windows(2) {
        assert_eq!(pair[0].to_ms, Some(pair[1].from_ms));
    }
    assert_eq!(h.last().map(|b| b.to_ms), Some(None));
    assert!(report::startup_histogram(&BTreeMap::new())
        .iter()
        .all(|b| b.players == 0));
}

#[test]
fn startup_histogram_counts_every_started_play_and_the_slow_ones_from_retry_ms() {
    let edge = EDGE.replace("srs-origin-2.socs;", "srs-origin2.socs;");
    let r = seed(ORIGIN, &edge);
    let sc = Scenario {
        streams: 40,
        players: 900,
        zipf: Some(0.9),
        publish_to: Some("socs".into()),
        protocols: ProtocolMix::parse("rtmp=2,flv=1").unwrap(),
        fail: vec!["srs-origin-0".into()],
        ..Scenario::default()
    };
    let rep = run(&r, &sc);
    let h = &rep.play.startup_histogram;
    assert_eq!(h.iter().map(|b| b.players).sum::<u64>(), rep.play.ok);
    let slow: u64 = h
        .iter()
        .filter(|b| b.from_ms >= routing::RETRY_MS)
        .map(|b| b.players)
        .sum();
    assert!(slow > 0);
    assert_eq!(slow, rep.play.slow);
    let max = rep.play.startup_ms.max.unwrap();
    let last = h.iter().rev().find(|b| b.players > 0).unwrap();
    assert!(
        last.from_ms <= max && last.to_ms.is_none_or(|to| max < to),
        "{max} in {last:?}"
    );
}

/// The corrected seed through its edge Service, Zipf, two protocols: the
/// search has a play limit at the edges and one search per pod.
fn capacity_case() -> (LintResult, Scenario) {
    let sc = Scenario {
        streams: 300,
        players: 2_400,
        zipf: Some(0.8),
        protocols: ProtocolMix::parse("rtmp=3,flv=1").unwrap(),
        seed: 77,
        ..Scenario::default()
    };
    (seed(ORIGIN, EDGE), sc)
}

#[test]
fn stepwise_capacity_search_gives_what_find_capacity_gives() {
    let (r, sc) = capacity_case();
    let whole = run(
        &r,
        &Scenario {
            find_capacity: true,
            ..sc.clone()
        },
    )
    .capacity
    .unwrap();
    let session = Session::new(&r, &sc).unwrap();
    let mut search = session.capacity_search();
    let mut steps = 0u64;
    let mut last_done = 0;
    let found = loop {
        let (done, total) = search.progress();
        assert_eq!(done, steps);
        assert!(done >= last_done);
        assert!(total > done, "{done} of {total} before the end");
        last_done = done;
        steps += 1;
        assert!(steps < 10_000, "the search ends");
        if let Some(c) = search.step() {
            break c;
        }
    };
    assert_eq!(search.progress(), (steps, steps));
    let json = |c: &capacity::Capacity| serde_json::to_string(c).unwrap();
    assert_eq!(json(&found), json(&whole));
    assert_eq!(found.under_failure.len(), 8, "every SRS and Nginx pod failed once");
    assert!(found.limited_by.is_some());
    // Done stays done, without running more.
    assert_eq!(search.step().map(|c| json(&c)), Some(json(&whole)));
    assert_eq!(search.progress(), (steps, steps));
}

#[test]
fn the_session_report_is_simulate_s_and_sessions_are_independent() {
    let (r, sc) = capacity_case();
    let session = Session::new(&r, &sc).unwrap();
    assert_eq!(session.report().to_json(), run(&r, &sc).to_json());
    assert_eq!(session.report().to_json(), session.report().to_json());
    // A search already failed pods in its plan: the session's report is unchanged.
    let mut search = session.capacity_search();
    for _ in 0..50 {
        search.step();
    }
    assert_eq!(session.report().to_json(), run(&r, &sc).to_json());
    let bad = Scenario {
        fail: vec!["nope".into()],
        ..sc
    };
    assert_eq!(
        Session::new(&r, &bad).unwrap_err().to_string(),
        simulate(&r, &bad).unwrap_err().to_string()
    );
}

#[test]
fn choices_are_the_report_s_pods_and_every_entry_is_accepted() {
    let r = seed(ORIGIN, EDGE);
    let c = choices(&r).unwrap();
    let rep = run(&r, &Scenario::default());
    let names: Vec<&str> = rep.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(c.pods.iter().map(String::as_str).collect::<Vec<_>>(), names);
    assert!(c.entries.iter().any(|e| e == "srs-edge-service"), "{:?}", c.entries);
    assert!(c.entries.iter().any(|e| e == "srs-origin-0"), "{:?}", c.entries);
    for entry in &c.entries {
        let sc = Scenario {
            publish_to: Some(entry.clone()),
            play_from: Some(entry.clone()),
            ..Scenario::default()
        };
        simulate(&r, &sc).unwrap_or_else(|e| panic!("{entry}: {e}"));
    }
    for pod in &c.pods {
        let sc = Scenario {
            fail: vec![pod.clone()],
            ..Scenario::default()
        };
        simulate(&r, &sc).unwrap_or_else(|e| panic!("{pod}: {e}"));
    }

    let one_host = choices(&observed()).unwrap();
    assert_eq!(one_host.pods, ["o1.conf", "o2.conf", "o3.conf", "e1.conf", "e2.conf"]);
    assert!(
        one_host.entries.iter().any(|e| e == "127.0.0.1:19351"),
        "{:?}",
        one_host.entries
    );
    for entry in &one_host.entries {
        let sc = Scenario {
            publish_to: Some(entry.clone()),
            ..Scenario::default()
        };
        simulate(&observed(), &sc).unwrap_or_else(|e| panic!("{entry}: {e}"));
    }

    let empty = lint_named(
        &[("x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")],
        &LintOptions::default(),
    );
    assert_eq!(choices(&empty).unwrap_err(), SimError::NoServers);
}
