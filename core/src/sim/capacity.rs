//! `--find-capacity`: the largest stream count (with players in the
//! scenario's proportion) that the deployment carries before the first
//! rejection or overload, found by doubling then bisecting over the
//! deterministic simulation; the same with each pod failed in turn.
//!
//! "Carries" means: every publish accepted, no player refused at
//! `max_connections`, and no pod's egress above `--nic-mbps`. Plays that
//! fail for reasons that do not grow with load (a player that does not
//! follow a 302, HLS not shared) are not limits of capacity: the normal
//! report shows them.

use super::routing::{Engine, Outcome, Plan};
use super::topology::{Topology, NONE};
use super::workload::MAX_STREAMS;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Capacity {
    /// The most streams carried; `players` is the player count that goes with it.
    pub streams: u64,
    pub players: u64,
    /// What goes wrong with one stream more; `null` when nothing did up to
    /// the search's cap ([`MAX_STREAMS`]).
    pub limited_by: Option<Limit>,
    pub under_failure: Vec<FailureCapacity>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Limit {
    /// The pod that refused or overflowed, when there is one.
    pub pod: Option<String>,
    pub reason: &'static str,
    /// Publish or play.
    pub what: &'static str,
    /// The stream count at which it happens.
    pub at_streams: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct FailureCapacity {
    pub failed: String,
    pub streams: u64,
    pub players: u64,
    pub limited_by: Option<Limit>,
}

impl Capacity {
    pub fn to_text(&self) -> String {
        let mut o = String::from("capacity:\n");
        let width = self
            .under_failure
            .iter()
            .map(|f| f.failed.len() + 5)
            .max()
            .unwrap_or(0)
            .max(12);
        let limit = |l: &Option<Limit>| match l {
            Some(l) => format!(
                "then {} {}{}",
                l.what,
                l.reason,
                l.pod.as_ref().map(|p| format!(" at {p}")).unwrap_or_default()
            ),
            None => format!("no limit found up to {MAX_STREAMS} streams"),
        };
        o.push_str(&format!(
            "  {:<width$}  {:>9} streams  {:>10} players  {}\n",
            "all pods up",
            self.streams,
            self.players,
            limit(&self.limited_by)
        ));
        for f in &self.under_failure {
            o.push_str(&format!(
                "  {:<width$}  {:>9} streams  {:>10} players  {}\n",
                format!("{} down", f.failed),
                f.streams,
                f.players,
                limit(&f.limited_by)
            ));
        }
        o
    }
}

/// The scenario scaled to `n` streams, with players in proportion.
fn scaled(base: &Plan, n: u64) -> Plan {
    let players = if base.streams == 0 {
        0
    } else {
        (u128::from(base.players) * u128::from(n) / u128::from(base.streams)) as u64
    };
    Plan {
        streams: n,
        players: players.min(super::workload::MAX_PLAYERS),
        trace: None,
        ..base.clone()
    }
}

fn verdict(t: &Topology, plan: &Plan, out: &Outcome) -> Option<Limit> {
    let name = |p: u32| (p != NONE).then(|| t.pods[p as usize].name.clone());
    if let Some((f, _)) = out.publish_failed.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
        return Some(Limit {
            pod: name(f.pod),
            reason: f.reason.as_str(),
            what: "publish",
            at_streams: plan.streams,
        });
    }
    if let Some((f, _)) = out
        .play_failed
        .iter()
        .filter(|(f, _)| f.reason.is_capacity())
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
    {
        return Some(Limit {
            pod: name(f.pod),
            reason: f.reason.as_str(),
            what: "play",
            at_streams: plan.streams,
        });
    }
    let nic = plan.nic_mbps?.saturating_mul(1000);
    out.pods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.egress_kbps > nic)
        .max_by(|a, b| a.1.egress_kbps.cmp(&b.1.egress_kbps).then(b.0.cmp(&a.0)))
        .map(|(i, _)| Limit {
            pod: name(i as u32),
            reason: "nic-overloaded",
            what: "egress",
            at_streams: plan.streams,
        })
}

/// The most streams `base` (scaled) carries, and the limit just above.
fn search(t: &Topology, base: &Plan) -> (u64, Option<Limit>) {
    let check = |n: u64| {
        let plan = scaled(base, n);
        let out = Engine::run(t, &plan);
        verdict(t, &plan, &out)
    };
    let mut lo = 0u64;
    let mut n = 1u64;
    let mut hi: Option<(u64, Limit)> = None;
    while n <= MAX_STREAMS {
        match check(n) {
            None => {
                lo = n;
                n *= 2;
            }
            Some(l) => {
                hi = Some((n, l));
                break;
            }
        }
    }
    let Some((mut high, mut limit)) = hi else {
        if lo < MAX_STREAMS && check(MAX_STREAMS).is_none() {
            lo = MAX_STREAMS;
        }
        return (lo, None);
    };
    while high - lo > 1 {
        let mid = lo + (high - lo) / 2;
        match check(mid) {
            None => lo = mid,
            Some(l) => {
                high = mid;
                limit = l;
            }
        }
    }
    (lo, Some(limit))
}

pub fn find(t: &Topology, base: &Plan) -> Capacity {
    let (streams, limited_by) = search(t, base);
    let players = scaled(base, streams).players;
    let mut under_failure = Vec::new();
    for (i, pod) in t.pods.iter().enumerate() {
        if (pod.srs.is_none() && pod.nginx.is_none()) || base.down[i] {
            continue;
        }
        let mut plan = base.clone();
        plan.down[i] = true;
        let (s, l) = search(t, &plan);
        under_failure.push(FailureCapacity {
            failed: pod.name.clone(),
            streams: s,
            players: scaled(&plan, s).players,
            limited_by: l,
        });
    }
    Capacity {
        streams,
        players,
        limited_by,
        under_failure,
    }
}
