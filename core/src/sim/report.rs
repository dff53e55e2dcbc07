//! The report: JSON (a contract: fields are only ever added) and text.

use super::routing::{Fail, Outcome, Plan, Reason, RETRY_MS};
use super::topology::{Topology, NONE};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub seed: u64,
    pub publish: PublishReport,
    pub play: PlayReport,
    pub pods: Vec<PodReport>,
    pub capacity: Option<super::capacity::Capacity>,
    /// The pod closest to a limit.
    pub bottleneck: Option<Bottleneck>,
    pub scenario: ScenarioReport,
    /// One stream's hops, with `--trace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
    /// What the simulator could not model in these inputs.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublishReport {
    pub attempted: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub by_reason: BTreeMap<String, u64>,
    pub failures: Vec<FailureReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlayReport {
    pub attempted: u64,
    pub ok: u64,
    /// Plays whose path took an RTMP 302 (followed by an edge or the player,
    /// or not followed).
    pub redirected: u64,
    pub failed: u64,
    pub by_reason: BTreeMap<String, u64>,
    pub startup_ms: Startup,
    /// The plays that started, by start-up delay: one bucket per
    /// [`STARTUP_BUCKET_EDGES_MS`] edge, always all of them.
    pub startup_histogram: Vec<StartupBucket>,
    /// Plays that started only after at least one failed origin attempt.
    pub slow: u64,
    /// Slow plays by the reason of their first failed origin attempt.
    pub slow_by_reason: BTreeMap<String, u64>,
    pub failures: Vec<FailureReport>,
}

/// Start-up delay of the plays that started (nearest rank); `null` when
/// none did.
#[derive(Clone, Debug, Serialize)]
pub struct Startup {
    pub p50: Option<u32>,
    pub p95: Option<u32>,
    pub max: Option<u32>,
}

/// Where the start-up histogram's buckets begin, in ms; each bucket runs to
/// the next edge (exclusive), the last one has no end. A play costs
/// [`super::routing::ROUND_TRIP_MS`] per hop, so the 200 ms buckets up to
/// 1 s count hops: 1 (a direct play), 2-3 (through an edge, or a
/// redirect), and so on. 3000 is [`RETRY_MS`]: the buckets from there on
/// hold exactly the `slow` plays, by how many failed origin attempts each
/// waited out.
pub const STARTUP_BUCKET_EDGES_MS: [u32; 12] = [0, 200, 400, 600, 800, 1000, 2000, 3000, 4000, 6000, 9000, 12000];

/// Plays whose start-up took `from_ms` or more and less than `to_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StartupBucket {
    pub from_ms: u32,
    /// `null` for the last bucket.
    pub to_ms: Option<u32>,
    pub players: u64,
}

/// The delay → players table in [`STARTUP_BUCKET_EDGES_MS`] buckets.
pub fn startup_histogram(delays: &BTreeMap<u32, u64>) -> Vec<StartupBucket> {
    let mut buckets: Vec<StartupBucket> = STARTUP_BUCKET_EDGES_MS
        .iter()
        .enumerate()
        .map(|(i, &from_ms)| StartupBucket {
            from_ms,
            to_ms: STARTUP_BUCKET_EDGES_MS.get(i + 1).copied(),
            players: 0,
        })
        .collect();
    for (&delay, &players) in delays {
        // The edges start at 0, so every delay has a bucket.
        let at = STARTUP_BUCKET_EDGES_MS.partition_point(|&edge| edge <= delay);
        if let Some(bucket) = at.checked_sub(1).and_then(|i| buckets.get_mut(i)) {
            bucket.players += players;
        }
    }
    buckets
}

/// A group of failures with the same reason, place and host.
#[derive(Clone, Debug, Serialize)]
pub struct FailureReport {
    pub reason: &'static str,
    /// The pod where it happened.
    pub pod: Option<String>,
    /// The host as written (a config's word, or the entry).
    pub host: Option<String>,
    /// For a failure caused by another (an edge that cannot pull).
    pub cause: Option<&'static str>,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PodReport {
    pub name: String,
    pub role: &'static str,
    pub streams: u64,
    pub connections: u64,
    /// `null` for Nginx, which SRS's limit does not apply to.
    pub max_connections: Option<u64>,
    pub egress_mbps: f64,
    pub egress_kbps: u64,
    /// Connections refused at `max_connections`.
    pub rejected: u64,
    /// Egress above `--nic-mbps`.
    pub overloaded: bool,
    pub down: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bottleneck {
    pub pod: String,
    /// `connections` or `egress`.
    pub resource: &'static str,
    pub used: u64,
    pub limit: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScenarioReport {
    pub streams: u64,
    pub players: u64,
    pub zipf: Option<f64>,
    pub bitrate_kbps: u64,
    pub publish_to: String,
    pub play_from: BTreeMap<&'static str, String>,
    pub protocols: BTreeMap<&'static str, u32>,
    pub failed_pods: Vec<String>,
    pub follow_redirect: bool,
    pub publishers_per_stream: u32,
    pub nic_mbps: Option<u64>,
    pub round_trip_ms: u32,
    pub retry_ms: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    pub stream: String,
    pub hops: Vec<String>,
}

/// The most failure groups listed per section.
const MAX_FAILURES_LISTED: usize = 50;

fn failures(t: &Topology, map: &BTreeMap<Fail, u64>) -> (BTreeMap<String, u64>, Vec<FailureReport>) {
    let mut by_reason = BTreeMap::new();
    for (f, n) in map {
        *by_reason.entry(f.reason.as_str().to_string()).or_insert(0) += n;
    }
    let mut list: Vec<(&Fail, &u64)> = map.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list = list
        .into_iter()
        .take(MAX_FAILURES_LISTED)
        .map(|(f, n)| FailureReport {
            reason: f.reason.as_str(),
            pod: (f.pod != NONE).then(|| t.pods[f.pod as usize].name.clone()),
            host: (f.host != NONE).then(|| t.texts[f.host as usize].clone()),
            cause: f.cause.map(Reason::as_str),
            count: *n,
        })
        .collect();
    (by_reason, list)
}

fn percentile(hist: &BTreeMap<u32, u64>, total: u64, pct: u64) -> Option<u32> {
    if total == 0 {
        return None;
    }
    let rank = (u128::from(total) * u128::from(pct)).div_ceil(100) as u64;
    let mut seen = 0;
    for (&d, &n) in hist {
        seen += n;
        if seen >= rank.max(1) {
            return Some(d);
        }
    }
    hist.keys().next_back().copied()
}

impl Report {
    // Egress in kbit/s stays far below 2^53.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn new(t: &Topology, plan: &Plan, out: &Outcome, scenario: ScenarioReport) -> Report {
        let (pub_reasons, pub_list) = failures(t, &out.publish_failed);
        let (play_reasons, play_list) = failures(t, &out.play_failed);
        let mut slow_by_reason = BTreeMap::new();
        for (f, n) in &out.play_slow {
            *slow_by_reason.entry(f.reason.as_str().to_string()).or_insert(0) += n;
        }
        let slow = out
            .startup
            .iter()
            .filter(|(d, _)| **d >= RETRY_MS)
            .map(|(_, n)| n)
            .sum();
        let nic_kbps = plan.nic_mbps.map(|m| m.saturating_mul(1000));
        let pods: Vec<PodReport> = t
            .pods
            .iter()
            .zip(&out.pods)
            .enumerate()
            .filter(|(_, (p, _))| p.srs.is_some() || p.nginx.is_some())
            .map(|(i, (p, st))| PodReport {
                name: p.name.clone(),
                role: p.role(),
                streams: st.streams,
                connections: st.connections,
                max_connections: p.srs.as_ref().map(|s| s.max_connections),
                egress_mbps: st.egress_kbps as f64 / 1000.0,
                egress_kbps: st.egress_kbps,
                rejected: st.rejected,
                overloaded: nic_kbps.is_some_and(|n| st.egress_kbps > n),
                down: plan.down[i],
            })
            .collect();
        let bottleneck = bottleneck(&pods, nic_kbps);
        let trace = plan.trace.map(|s| Trace {
            stream: super::workload::stream_name(s),
            hops: out.trace.clone(),
        });
        Report {
            seed: plan.seed,
            publish: PublishReport {
                attempted: out.publish_attempted,
                accepted: out.publish_accepted,
                rejected: out.publish_attempted - out.publish_accepted,
                by_reason: pub_reasons,
                failures: pub_list,
            },
            play: PlayReport {
                attempted: out.play_attempted,
                ok: out.play_ok,
                redirected: out.play_redirected,
                failed: out.play_attempted - out.play_ok,
                by_reason: play_reasons,
                startup_ms: Startup {
                    p50: percentile(&out.startup, out.play_ok, 50),
                    p95: percentile(&out.startup, out.play_ok, 95),
                    max: out.startup.keys().next_back().copied(),
                },
                startup_histogram: startup_histogram(&out.startup),
                slow,
                slow_by_reason,
                failures: play_list,
            },
            pods,
            capacity: None,
            bottleneck,
            scenario,
            trace,
            notes: t.notes.clone(),
        }
    }

    /// Pretty JSON with a final newline; the same bytes for the same inputs
    /// and seed everywhere.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }

    /// The report for a terminal.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let sc = &self.scenario;
        o.push_str(&format!(
            "Simulated {} streams at {} kbit/s published to {}, {} players{} from {} (seed {}).\n",
            sc.streams,
            sc.bitrate_kbps,
            sc.publish_to,
            sc.players,
            sc.zipf.map(|z| format!(" (Zipf s={z})")).unwrap_or_default(),
            sc.play_from
                .iter()
                .map(|(p, e)| format!("{e} ({p})"))
                .collect::<Vec<_>>()
                .join(", "),
            self.seed
        ));
        if !sc.failed_pods.is_empty() {
            o.push_str(&format!("Failed pods: {}.\n", sc.failed_pods.join(", ")));
        }
        o.push('\n');
        let p = &self.publish;
        o.push_str(&format!(
            "publish  {:>9} attempted  {:>9} accepted  {:>9} rejected\n",
            p.attempted, p.accepted, p.rejected
        ));
        let q = &self.play;
        o.push_str(&format!(
            "play     {:>9} attempted  {:>9} ok        {:>9} failed    {} redirected, {} slow\n",
            q.attempted, q.ok, q.failed, q.redirected, q.slow
        ));
        let ms = |v: Option<u32>| v.map_or_else(|| "-".to_string(), |v| format!("{v} ms"));
        o.push_str(&format!(
            "start-up p50 {}, p95 {}, max {}\n\n",
            ms(q.startup_ms.p50),
            ms(q.startup_ms.p95),
            ms(q.startup_ms.max)
        ));

        let width = self.pods.iter().map(|p| p.name.len()).max().unwrap_or(3).max(3);
        o.push_str(&format!(
            "{:<width$}  {:<10}  {:>8}  {:>17}  {:>12}  {:>9}\n",
            "pod", "role", "streams", "connections/max", "egress Mb/s", "rejected"
        ));
        for pod in &self.pods {
            let conns = match pod.max_connections {
                Some(m) => format!("{}/{m}", pod.connections),
                None => format!("{}/-", pod.connections),
            };
            let mut flags = String::new();
            if pod.down {
                flags.push_str("  DOWN");
            }
            if pod.overloaded {
                flags.push_str("  NIC OVERLOADED");
            }
            o.push_str(&format!(
                "{:<width$}  {:<10}  {:>8}  {:>17}  {:>12.1}  {:>9}{flags}\n",
                pod.name, pod.role, pod.streams, conns, pod.egress_mbps, pod.rejected
            ));
        }
        for (title, list) in [("publish failures", &p.failures), ("play failures", &q.failures)] {
            if list.is_empty() {
                continue;
            }
            o.push_str(&format!("\n{title}:\n"));
            for f in list {
                o.push_str(&format!("  {:>9}  {}", f.count, f.reason));
                if let Some(pod) = &f.pod {
                    o.push_str(&format!(" at {pod}"));
                }
                if let Some(h) = &f.host {
                    o.push_str(&format!(" ({h})"));
                }
                if let Some(c) = f.cause {
                    o.push_str(&format!(", because {c}"));
                }
                o.push('\n');
            }
        }
        if !q.slow_by_reason.is_empty() {
            o.push_str("\nslow starts (first failed origin attempt):\n");
            for (r, n) in &q.slow_by_reason {
                o.push_str(&format!("  {n:>9}  {r}\n"));
            }
        }
        if let Some(b) = &self.bottleneck {
            o.push_str(&format!(
                "\nbottleneck: {} ({} {} of {})\n",
                b.pod, b.resource, b.used, b.limit
            ));
        }
        if let Some(c) = &self.capacity {
            o.push('\n');
            o.push_str(&c.to_text());
        }
        if let Some(t) = &self.trace {
            o.push_str(&format!("\ntrace of {}:\n", t.stream));
            for h in &t.hops {
                o.push_str(&format!("  {h}\n"));
            }
        }
        for n in &self.notes {
            o.push_str(&format!("\nnote: {n}\n"));
        }
        o
    }
}

/// The pod using the largest share of a limit (connections, or egress
/// against `--nic-mbps`); ties go to the first pod.
fn bottleneck(pods: &[PodReport], nic_kbps: Option<u64>) -> Option<Bottleneck> {
    let mut best: Option<(u128, Bottleneck)> = None;
    for p in pods {
        let mut consider = |used: u64, limit: u64, resource: &'static str| {
            if limit == 0 || used == 0 {
                return;
            }
            // Shares compared as fractions scaled by a common factor.
            let share = u128::from(used) * 1_000_000 / u128::from(limit);
            if best.as_ref().is_none_or(|(b, _)| share > *b) {
                best = Some((
                    share,
                    Bottleneck {
                        pod: p.name.clone(),
                        resource,
                        used,
                        limit,
                    },
                ));
            }
        };
        if let Some(m) = p.max_connections {
            consider(p.connections + p.rejected, m, "connections");
        }
        if let Some(n) = nic_kbps {
            consider(p.egress_kbps, n, "egress");
        }
    }
    best.map(|(_, b)| b)
}
