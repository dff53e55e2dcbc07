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
use std::borrow::Borrow;

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
        let limit = |l: &Option<Limit>| limit_text(l.as_ref());
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

/// What stops a search, in words: `then play max-connections at srs-edge-deploy-0`.
pub fn limit_text(limit: Option<&Limit>) -> String {
    match limit {
        Some(l) => format!(
            "then {} {}{}",
            l.what,
            l.reason,
            l.pod.as_ref().map(|p| format!(" at {p}")).unwrap_or_default()
        ),
        None => format!("no limit found up to {MAX_STREAMS} streams"),
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

/// Where one search (one set of failed pods) stands: doubling the stream
/// count from 1 until a count fails, then bisecting between the last count
/// carried and the first that failed. Fed one verdict at a time, so the
/// search can pause between simulations.
#[derive(Clone, Debug)]
enum Phase {
    /// `carried` streams were carried; `next` is the count to try.
    Doubling {
        carried: u64,
        next: u64,
    },
    /// Doubling went past [`MAX_STREAMS`] without a limit: try the cap itself.
    AtCap {
        carried: u64,
    },
    /// `carried` was carried, `failed` was not, for `limit`.
    Bisecting {
        carried: u64,
        failed: u64,
        limit: Limit,
    },
    Done {
        carried: u64,
        limit: Option<Limit>,
    },
}

impl Phase {
    fn start() -> Phase {
        Phase::Doubling { carried: 0, next: 1 }
    }

    /// The stream count to simulate next; `None` once done.
    fn next(&self) -> Option<u64> {
        match self {
            Phase::Doubling { next, .. } => Some(*next),
            Phase::AtCap { .. } => Some(MAX_STREAMS),
            Phase::Bisecting { carried, failed, .. } => Some(carried + (failed - carried) / 2),
            Phase::Done { .. } => None,
        }
    }

    /// The phase after the verdict on [`Phase::next`]'s count.
    fn feed(self, verdict: Option<Limit>) -> Phase {
        let Some(tried) = self.next() else { return self };
        let phase = match (self, verdict) {
            (Phase::Doubling { .. }, None) => {
                let next = tried.saturating_mul(2);
                if next <= MAX_STREAMS {
                    Phase::Doubling { carried: tried, next }
                } else {
                    Phase::AtCap { carried: tried }
                }
            }
            // A limit: the count tried is the new upper end, whatever the phase.
            (
                Phase::Doubling { carried, .. } | Phase::AtCap { carried } | Phase::Bisecting { carried, .. },
                Some(limit),
            ) => Phase::Bisecting {
                carried,
                failed: tried,
                limit,
            },
            (Phase::AtCap { .. }, None) => Phase::Done {
                carried: MAX_STREAMS,
                limit: None,
            },
            (Phase::Bisecting { failed, limit, .. }, None) => Phase::Bisecting {
                carried: tried,
                failed,
                limit,
            },
            (done @ Phase::Done { .. }, _) => done,
        };
        match phase {
            Phase::Bisecting { carried, failed, limit } if failed - carried <= 1 => Phase::Done {
                carried,
                limit: Some(limit),
            },
            Phase::AtCap { carried } if carried >= MAX_STREAMS => Phase::Done { carried, limit: None },
            other => other,
        }
    }

    /// Simulations still to run, exactly while bisecting; while doubling, a
    /// guess: as many doublings again as so far, then the bisection.
    fn remaining_estimate(&self) -> u64 {
        let halvings = |span: u64| u64::from(64 - span.saturating_sub(1).leading_zeros());
        match self {
            Phase::Doubling { next, .. } => 2 * halvings(*next) + 1,
            Phase::AtCap { carried } => 1 + halvings(MAX_STREAMS - carried),
            Phase::Bisecting { carried, failed, .. } => halvings(failed - carried),
            Phase::Done { .. } => 0,
        }
    }
}

/// The capacity search, one simulation per [`Search::step`]: the
/// deployment as given, then with each SRS or Nginx pod failed in turn.
/// [`find`] runs it to the end; the browser runs it in steps between
/// frames and shows [`Search::progress`].
#[derive(Clone, Debug)]
pub struct Search<T: Borrow<Topology>> {
    topology: T,
    base: Plan,
    /// The searches still to run after the current one: the pod failed.
    pending: Vec<usize>,
    /// The current search: its plan (`base` with `failed` down) and phase.
    failed: Option<usize>,
    plan: Plan,
    phase: Phase,
    all_up: Option<(u64, Option<Limit>)>,
    under_failure: Vec<FailureCapacity>,
    /// Simulations run, and how many each finished search took.
    runs: u64,
    runs_of_finished: Vec<u64>,
    runs_of_current: u64,
    result: Option<Capacity>,
}

impl<T: Borrow<Topology>> Search<T> {
    pub fn new(topology: T, base: &Plan) -> Search<T> {
        let t: &Topology = topology.borrow();
        let pending = t
            .pods
            .iter()
            .enumerate()
            .filter(|(i, pod)| {
                (pod.srs.is_some() || pod.nginx.is_some()) && !base.down.get(*i).copied().unwrap_or(false)
            })
            .map(|(i, _)| i)
            .rev()
            .collect();
        Search {
            topology,
            base: base.clone(),
            pending,
            failed: None,
            plan: base.clone(),
            phase: Phase::start(),
            all_up: None,
            under_failure: Vec::new(),
            runs: 0,
            runs_of_finished: Vec::new(),
            runs_of_current: 0,
            result: None,
        }
    }

    /// Runs one simulation; the capacity once the last one is done (and on
    /// every call after that).
    pub fn step(&mut self) -> Option<Capacity> {
        if let Some(done) = &self.result {
            return Some(done.clone());
        }
        let t: &Topology = self.topology.borrow();
        if let Some(n) = self.phase.next() {
            let plan = scaled(&self.plan, n);
            let out = Engine::run(t, &plan);
            let verdict = verdict(t, &plan, &out);
            self.phase = std::mem::replace(&mut self.phase, Phase::start()).feed(verdict);
            self.runs += 1;
            self.runs_of_current += 1;
        }
        let Phase::Done { carried, limit } = &self.phase else {
            return None;
        };
        let (carried, limit) = (*carried, limit.clone());
        match self.failed {
            None => self.all_up = Some((carried, limit)),
            Some(i) => self.under_failure.push(FailureCapacity {
                failed: t.pods.get(i).map(|p| p.name.clone()).unwrap_or_default(),
                streams: carried,
                players: scaled(&self.plan, carried).players,
                limited_by: limit,
            }),
        }
        self.runs_of_finished.push(self.runs_of_current);
        self.runs_of_current = 0;
        if let Some(i) = self.pending.pop() {
            self.failed = Some(i);
            self.plan = self.base.clone();
            if let Some(down) = self.plan.down.get_mut(i) {
                *down = true;
            }
            self.phase = Phase::start();
            return None;
        }
        let (streams, limited_by) = self.all_up.take().unwrap_or((0, None));
        let capacity = Capacity {
            streams,
            players: scaled(&self.base, streams).players,
            limited_by,
            under_failure: std::mem::take(&mut self.under_failure),
        };
        self.result = Some(capacity.clone());
        Some(capacity)
    }

    /// Simulations run, and an estimate of how many the whole search takes
    /// (exact once done; before, always more than those run). Searches not
    /// started are guessed to take as many as the finished ones did.
    pub fn progress(&self) -> (u64, u64) {
        if self.result.is_some() {
            return (self.runs, self.runs);
        }
        let current = self.phase.remaining_estimate().max(1);
        let per_search = if self.runs_of_finished.is_empty() {
            self.runs_of_current + current
        } else {
            self.runs_of_finished.iter().sum::<u64>() / self.runs_of_finished.len() as u64
        };
        let later = per_search.saturating_mul(self.pending.len() as u64);
        (self.runs, self.runs + current + later)
    }
}

/// The whole search at once.
pub fn find(t: &Topology, base: &Plan) -> Capacity {
    let mut search = Search::new(t, base);
    loop {
        if let Some(capacity) = search.step() {
            return capacity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(at: u64) -> Limit {
        Limit {
            pod: None,
            reason: "max-connections",
            what: "play",
            at_streams: at,
        }
    }

    /// The phases fed by a deployment that carries exactly `most` streams:
    /// what they end at, and after how many simulations.
    fn search_over(most: u64) -> (u64, Option<u64>, u64) {
        let mut phase = Phase::start();
        let mut runs = 0;
        while let Some(n) = phase.next() {
            assert!((1..=MAX_STREAMS).contains(&n), "tried {n}");
            runs += 1;
            assert!(runs <= 64, "the search for {most} ends");
            let estimate = phase.remaining_estimate();
            assert!(estimate >= 1);
            phase = phase.feed((n > most).then(|| limit(n)));
            if let Phase::Bisecting { .. } = phase {
                assert!(phase.remaining_estimate() < estimate || estimate == 1);
            }
        }
        match phase {
            Phase::Done { carried, limit } => (carried, limit.map(|l| l.at_streams), runs),
            other => panic!("ended in {other:?}"),
        }
    }

    #[test]
    fn doubling_then_bisection_finds_the_exact_capacity() {
        for most in [0, 1, 2, 3, 7, 8, 345, 1000, 524_287, 524_288, 999_999] {
            let (carried, limit, runs) = search_over(most);
            assert_eq!(carried, most);
            assert_eq!(limit, Some(most + 1), "the limit is met one stream above");
            assert!(runs <= 42, "{most}: {runs} runs");
        }
        assert_eq!(search_over(0).2, 1);
    }

    #[test]
    fn a_limit_between_the_last_doubling_and_the_cap_is_bisected_too() {
        // Doubling stops at 2^19 = 524,288; the cap is 1,000,000.
        let (carried, limit, _) = search_over(700_000);
        assert_eq!((carried, limit), (700_000, Some(700_001)));
        let (carried, limit, _) = search_over(MAX_STREAMS);
        assert_eq!((carried, limit), (MAX_STREAMS, None));
    }
}
