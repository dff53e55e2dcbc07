//! The routing simulator: what happens to streams and players on an SRS
//! origin cluster, from the same deployment model the linter builds.
//!
//! [`simulate`] takes a lint run's result (the model of Kubernetes
//! manifests, or plain SRS configs on one host) and a [`Scenario`], routes
//! every publisher and player the way SRS 6 does, and returns a [`Report`].
//! It does no I/O and is deterministic: the same inputs and seed give the
//! same report, byte for byte, on every platform (see [`rng`]; maps are
//! ordered; the only floats are Zipf shares, computed with `libm`).
//!
//! # The rules, and where they come from
//! From `srs-cluster-observed.md` (a real SRS 6.0.157 cluster; rows cited as
//! "row N") and `srs-semantics.md` §4-§6 (SRS's sources):
//! - An edge forwards every published stream to the FIRST origin of its
//!   `origin` list; when that fails the publish fails, no failover (rows 9, 10).
//! - An edge pulls a fresh stream from the first origin listed; after a
//!   failed attempt it waits 3 s and tries the next, in list order (rows 7,
//!   8). One pull per stream per edge, shared by all its players (§5).
//! - An origin (`origin_cluster on`) asked over RTMP for a stream it does not
//!   have asks its coworkers' HTTP APIs in list order and answers with an
//!   RTMP 302 to the first that has it (rows 1, 2); none: the player is
//!   disconnected (row 3); a coworker whose API does not answer is skipped,
//!   unless it is the last (§4), and one written without a port is asked on
//!   port 80 (row 11), one bound to loopback is unreachable from other pods
//!   (row 12). SRS edges follow the 302; plain players (ffmpeg) do not
//!   (row 4): [`Scenario::follow_redirect`].
//! - HTTP-FLV at an origin without the stream: no query, no redirect, the
//!   player waits forever (row 5), as does an edge pulling over FLV.
//! - A stream is known only to the origin it was published to (row 6); a
//!   second publisher of the same stream there is refused.
//! - `max_connections` (default 1000) is checked when SRS accepts a
//!   connection (§6), so every accepted TCP connection counts: publishers,
//!   players, an edge's upstream pull and its forwarded publish at the
//!   origin. An edge's own outgoing connections are not accepted by it and
//!   do not count against it. Coworker queries are short HTTP requests that
//!   close after the answer: they are not held, so they are not counted.
//! - kube-proxy picks a ready backend at random for every connection to a
//!   Service; a headless Service's DNS does the same with pod addresses.
//!
//! # Where the references are silent, and what the simulator assumes
//! - RTMP play of a stream not published, on a server outside an origin
//!   cluster: SRS's usual behaviour (the player waits for a publisher).
//! - HLS: players read files. Nginx serves what origins write into a
//!   volume it mounts (decided as the SRS523 check decides); an SRS
//!   `http_server` serves its own HLS directory (or a shared one). HLS
//!   connections are counted as one held connection per player.
//! - A down pod (`--fail`) fails a connection at once, as the observed
//!   dead port did; a player at an edge whose every origin fails waits,
//!   connected, forever.
//! - Times: [`routing::ROUND_TRIP_MS`] per connection, coworker query and
//!   redirect, [`routing::RETRY_MS`] per failed origin attempt.
//! - Streams are `live/s0`, `live/s1`, … in `__defaultVhost__`; all
//!   publishers connect first, then all players.

pub mod capacity;
pub mod form;
pub mod report;
pub mod rng;
pub mod routing;
pub mod session;
pub mod topology;
pub mod workload;

#[cfg(test)]
mod tests;

pub use report::Report;
pub use session::{CapacitySearch, Session};
pub use workload::{Protocol, ProtocolMix};

use crate::lint::LintResult;
use routing::Plan;
use std::collections::BTreeMap;
use topology::{Kind, Topology};

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub streams: u64,
    pub players: u64,
    /// Zipf exponent of stream popularity; `None`: uniform.
    pub zipf: Option<f64>,
    pub bitrate_kbps: u64,
    /// Service, pod DNS name, pod name or `host:port`; `None`: the
    /// LoadBalancer Service exposing 1935.
    pub publish_to: Option<String>,
    /// Where players enter; `None`: as `publish_to`'s default, and for HLS
    /// the LoadBalancer Service in front of Nginx when there is one.
    pub play_from: Option<String>,
    pub protocols: ProtocolMix,
    /// Pods that are down.
    pub fail: Vec<String>,
    pub seed: u64,
    /// Egress each pod's network interface carries, in Mbit/s.
    pub nic_mbps: Option<u64>,
    /// Whether RTMP players follow an RTMP 302 (SRS edges always do).
    pub follow_redirect: bool,
    pub publishers_per_stream: u32,
    pub find_capacity: bool,
    /// The stream whose hops to report (`s12`, `12`, `live/s12`).
    pub trace: Option<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            streams: 100,
            players: 1000,
            zipf: None,
            bitrate_kbps: 1000,
            publish_to: None,
            play_from: None,
            protocols: ProtocolMix::default(),
            fail: Vec::new(),
            seed: 1,
            nic_mbps: None,
            follow_redirect: false,
            publishers_per_stream: 1,
            find_capacity: false,
            trace: None,
        }
    }
}

/// Why a simulation could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// Neither SRS pods nor plain SRS configs in the inputs.
    NoServers,
    /// No `--publish-to` and no Service exposing 1935.
    NoDefaultEntry,
    Entry {
        entry: String,
        why: String,
    },
    UnknownPod {
        name: String,
        known: Vec<String>,
    },
    Protocol(String),
    TooLarge {
        what: &'static str,
        value: String,
        max: String,
    },
    Trace(String),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NoServers => write!(
                f,
                "the inputs have no SRS server to simulate (no pod runs SRS, and no plain SRS config was given)"
            ),
            SimError::NoDefaultEntry => write!(
                f,
                "no Service exposes port 1935: say where clients connect with --publish-to and --play-from"
            ),
            SimError::Entry { entry, why } => write!(f, "entry `{entry}`: {why}"),
            SimError::UnknownPod { name, known } => {
                write!(f, "--fail `{name}`: no such pod; the pods are {}", known.join(", "))
            }
            SimError::Protocol(m) => write!(f, "--protocol {m}"),
            SimError::TooLarge { what, value, max } => write!(f, "{what} {value} is above the limit of {max}"),
            SimError::Trace(m) => write!(f, "--trace {m}"),
        }
    }
}

impl std::error::Error for SimError {}

fn check(scenario: &Scenario) -> Result<(), SimError> {
    let too = |what, value: String, max: String| Err(SimError::TooLarge { what, value, max });
    if scenario.streams > workload::MAX_STREAMS {
        return too(
            "--streams",
            scenario.streams.to_string(),
            workload::MAX_STREAMS.to_string(),
        );
    }
    if scenario.players > workload::MAX_PLAYERS {
        return too(
            "--players",
            scenario.players.to_string(),
            workload::MAX_PLAYERS.to_string(),
        );
    }
    if scenario.bitrate_kbps > workload::MAX_BITRATE_KBPS {
        return too(
            "--bitrate-kbps",
            scenario.bitrate_kbps.to_string(),
            workload::MAX_BITRATE_KBPS.to_string(),
        );
    }
    if scenario.publishers_per_stream > workload::MAX_PUBLISHERS_PER_STREAM {
        return too(
            "--publishers-per-stream",
            scenario.publishers_per_stream.to_string(),
            workload::MAX_PUBLISHERS_PER_STREAM.to_string(),
        );
    }
    if let Some(z) = scenario.zipf {
        if !(z.is_finite() && (0.0..=10.0).contains(&z)) {
            return too("--zipf", z.to_string(), "10 (and at least 0)".to_string());
        }
    }
    Ok(())
}

/// The scenario resolved against the topology.
fn plan(t: &mut Topology, result: &LintResult, scenario: &Scenario) -> Result<Plan, SimError> {
    check(scenario)?;
    let entry = |t: &mut Topology, text: &Option<String>| -> Result<Option<topology::Target>, SimError> {
        text.as_deref().map(|x| t.entry_in(result, x)).transpose()
    };
    let publish = match entry(t, &scenario.publish_to)? {
        Some(p) => p,
        None => t.default_entry()?,
    };
    let play = if let Some(p) = entry(t, &scenario.play_from)? {
        [p.clone(), p.clone(), p]
    } else {
        let rtmp = t.default_entry()?;
        let hls = t.default_hls_entry(&rtmp);
        [rtmp.clone(), rtmp, hls]
    };
    let port =
        |t: &Topology, target: &topology::Target, kind| target.port.unwrap_or_else(|| t.default_port(target, kind));
    let publish_port = port(t, &publish, Kind::Rtmp);
    let play_port = [
        port(t, &play[0], Kind::Rtmp),
        port(t, &play[1], Kind::Flv),
        port(t, &play[2], Kind::Hls),
    ];
    let mut down = vec![false; t.pods.len()];
    for name in &scenario.fail {
        let Some(p) = t.pod_named(name) else {
            return Err(SimError::UnknownPod {
                name: name.clone(),
                known: t
                    .pods
                    .iter()
                    .filter(|p| p.srs.is_some() || p.nginx.is_some())
                    .map(|p| p.name.clone())
                    .collect(),
            });
        };
        down[p as usize] = true;
    }
    let trace = match &scenario.trace {
        None => None,
        Some(s) => match workload::parse_stream(s, "live") {
            Some(i) if i < scenario.streams => Some(i),
            _ => {
                return Err(SimError::Trace(format!(
                    "`{s}`: the streams are s0 to s{}",
                    scenario.streams.saturating_sub(1)
                )))
            }
        },
    };
    Ok(Plan {
        streams: scenario.streams,
        players: scenario.players,
        zipf: scenario.zipf.filter(|z| *z > 0.0),
        mix: scenario.protocols,
        bitrate_kbps: scenario.bitrate_kbps,
        publish,
        publish_port,
        play,
        play_port,
        down,
        follow_redirect: scenario.follow_redirect,
        publishers_per_stream: scenario.publishers_per_stream,
        seed: scenario.seed,
        nic_mbps: scenario.nic_mbps,
        trace,
    })
}

/// What the report says of the scenario, as resolved.
fn scenario_report(t: &Topology, plan: &Plan, scenario: &Scenario) -> report::ScenarioReport {
    let entry_text = |target: &topology::Target, port: u16| {
        let text = t.texts.get(target.text as usize).cloned().unwrap_or_default();
        if target.port.is_some() {
            text
        } else {
            format!("{text}:{port}")
        }
    };
    let mut play_from = BTreeMap::new();
    let mut protocols = BTreeMap::new();
    for ((p, target), port) in Protocol::ALL.into_iter().zip(&plan.play).zip(plan.play_port) {
        let w = scenario.protocols.weight(p);
        if w > 0 {
            protocols.insert(p.as_str(), w);
            play_from.insert(p.as_str(), entry_text(target, port));
        }
    }
    report::ScenarioReport {
        streams: plan.streams,
        players: plan.players,
        zipf: plan.zipf,
        bitrate_kbps: plan.bitrate_kbps,
        publish_to: entry_text(&plan.publish, plan.publish_port),
        play_from,
        protocols,
        failed_pods: scenario.fail.clone(),
        follow_redirect: plan.follow_redirect,
        publishers_per_stream: plan.publishers_per_stream,
        nic_mbps: plan.nic_mbps,
        round_trip_ms: routing::ROUND_TRIP_MS,
        retry_ms: routing::RETRY_MS,
    }
}

/// Simulates `scenario` on the deployment of a lint run.
pub fn simulate(result: &LintResult, scenario: &Scenario) -> Result<Report, SimError> {
    Ok(Session::new(result, scenario)?.report())
}

/// What a user can choose from to set up a scenario on this deployment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// The pods [`Scenario::fail`] accepts: those running SRS or Nginx, in
    /// the order the report lists them.
    pub pods: Vec<String>,
    /// Entries for [`Scenario::publish_to`] and [`Scenario::play_from`]:
    /// the Services, then the pods; on one host, every RTMP port a server
    /// listens on (all on 127.0.0.1).
    pub entries: Vec<String>,
}

/// The pods and entries of a lint run's deployment; fails as
/// [`simulate`] does when there is nothing to simulate.
pub fn choices(result: &LintResult) -> Result<Choices, SimError> {
    let t = Topology::from_lint(result)?;
    let simulated = |p: &&topology::Pod| p.srs.is_some() || p.nginx.is_some();
    let pods: Vec<String> = t.pods.iter().filter(simulated).map(|p| p.name.clone()).collect();
    let entries = if t.one_host {
        let mut ports: Vec<u16> = t
            .pods
            .iter()
            .filter_map(|p| p.srs.as_ref())
            .flat_map(|s| s.rtmp.iter().map(|l| l.0))
            .collect();
        ports.sort_unstable();
        ports.dedup();
        ports.into_iter().map(|p| format!("127.0.0.1:{p}")).collect()
    } else {
        t.services
            .iter()
            .map(|s| s.name.clone())
            .chain(pods.iter().cloned())
            .collect()
    };
    Ok(Choices { pods, entries })
}
