//! Routing every connection the way SRS 6 routes it (see the module docs of
//! [`crate::sim`] for the rules and where each comes from).
//!
//! All publishers connect first, stream by stream, then all players, stream
//! by stream: publishing has the first claim on `max_connections`. Players
//! of one stream, protocol and landing pod travel as one group with a count;
//! kube-proxy's pick is drawn per player (a counter per backend, no
//! allocation), and a group splits only where the rules split it (a pod
//! with room for only part of it, a 302 to a Service).

// `s` a stream, `p`/`o`/`e` pods, `n` a player count, `t` the topology, `d`
// a delay: the routing functions use the same short names throughout.
#![allow(clippy::many_single_char_names)]

use super::rng::Rng;
use super::topology::{Dest, Kind, Target, Topology, HTTP_PORT, NONE, RTMP_PORT};
use super::workload::{Popularity, Protocol, ProtocolMix};
use crate::hash::HashMap;
use crate::model::Role;
use std::collections::BTreeMap;

/// One network round trip, in milliseconds: what each connection set-up,
/// each coworker query and each redirect followed adds to a play's start-up.
/// SRS's sources give no figure; 100 ms makes the observed case of an
/// edge whose first origin is down come out at 3.3 s (observed: about 3.5 s).
pub const ROUND_TRIP_MS: u32 = 100;
/// How long an edge waits after a failed pull before it tries the next
/// origin (`SRS_EDGE_INGESTER_CIMS`, srs-semantics §5; observed row 8).
pub const RETRY_MS: u32 = 3000;
/// Redirects followed before a play is counted as looping. SRS sets no
/// limit on the RTMP path (§5); a loop there never ends.
pub const MAX_REDIRECTS: u32 = 8;
/// Edges behind edges followed before giving up.
pub const MAX_EDGE_DEPTH: u32 = 8;

/// Why a connection, a publish or a play failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    UnknownHost,
    OutsideDeployment,
    PodDown,
    NoReadyEndpoints,
    ServicePortMissing,
    Refused,
    MaxConnections,
    DuplicatePublish,
    EdgeWithoutOrigin,
    EdgeChainTooDeep,
    StreamNotFound,
    CoworkerUnreachable,
    RedirectNotFollowed,
    RedirectLoop,
    WaitsForever,
    EdgeUpstreamFailed,
    HlsNotFound,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownHost => "unknown-host",
            Reason::OutsideDeployment => "outside-deployment",
            Reason::PodDown => "pod-down",
            Reason::NoReadyEndpoints => "no-ready-endpoints",
            Reason::ServicePortMissing => "service-port-missing",
            Reason::Refused => "refused",
            Reason::MaxConnections => "max-connections",
            Reason::DuplicatePublish => "duplicate-publish",
            Reason::EdgeWithoutOrigin => "edge-without-origin",
            Reason::EdgeChainTooDeep => "edge-chain-too-deep",
            Reason::StreamNotFound => "stream-not-found",
            Reason::CoworkerUnreachable => "coworker-unreachable",
            Reason::RedirectNotFollowed => "redirect-not-followed",
            Reason::RedirectLoop => "redirect-loop",
            Reason::WaitsForever => "waits-forever",
            Reason::EdgeUpstreamFailed => "edge-upstream-failed",
            Reason::HlsNotFound => "hls-not-found",
        }
    }

    /// What it means, for the text report.
    pub fn explain(self) -> &'static str {
        match self {
            Reason::UnknownHost => "the name resolves to no pod or service",
            Reason::OutsideDeployment => "an address outside the deployment",
            Reason::PodDown => "the pod is down",
            Reason::NoReadyEndpoints => "the Service has no ready pod",
            Reason::ServicePortMissing => "the Service does not expose that port",
            Reason::Refused => "nothing listens on that port",
            Reason::MaxConnections => "the pod is at max_connections",
            Reason::DuplicatePublish => "the stream is already being published there",
            Reason::EdgeWithoutOrigin => "an edge with no origin",
            Reason::EdgeChainTooDeep => "edges pull from each other in a loop",
            Reason::StreamNotFound => "no coworker has the stream (code 3091)",
            Reason::CoworkerUnreachable => "the last coworker's HTTP API did not answer",
            Reason::RedirectNotFollowed => "the player does not follow RTMP 302",
            Reason::RedirectLoop => "redirected again and again",
            Reason::WaitsForever => "the server waits for a publisher that never comes",
            Reason::EdgeUpstreamFailed => "the edge cannot pull from any origin; players wait",
            Reason::HlsNotFound => "the playlist is not where this server reads (404)",
        }
    }

    /// Capacity limits, as opposed to routing mistakes.
    pub fn is_capacity(self) -> bool {
        matches!(self, Reason::MaxConnections)
    }
}

/// A failure with where it happened: the pod (or [`NONE`]), the host as
/// written (index into [`Topology::texts`], or [`NONE`]) and, for a
/// failure that wraps another, the first one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fail {
    pub reason: Reason,
    pub pod: u32,
    pub host: u32,
    pub cause: Option<Reason>,
}

impl Fail {
    fn new(reason: Reason, pod: u32, host: u32) -> Fail {
        Fail {
            reason,
            pod,
            host,
            cause: None,
        }
    }
}

/// The resolved scenario the engine runs.
#[derive(Clone, Debug)]
pub struct Plan {
    pub streams: u64,
    pub players: u64,
    pub zipf: Option<f64>,
    pub mix: ProtocolMix,
    pub bitrate_kbps: u64,
    pub publish: Target,
    pub publish_port: u16,
    /// Per protocol, in [`Protocol::ALL`] order.
    pub play: [Target; 3],
    pub play_port: [u16; 3],
    pub down: Vec<bool>,
    pub follow_redirect: bool,
    pub publishers_per_stream: u32,
    pub seed: u64,
    pub nic_mbps: Option<u64>,
    pub trace: Option<u64>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct PodState {
    pub connections: u64,
    pub streams: u64,
    pub egress_kbps: u64,
    pub rejected: u64,
}

#[derive(Clone, Copy, Debug)]
enum Up {
    None,
    Busy,
    Ok {
        origin: u32,
        delay: u32,
        redirected: bool,
        slow: Option<Fail>,
    },
    Failed(Fail),
}

/// Everything one run counted.
#[derive(Debug, Default)]
pub struct Outcome {
    pub pods: Vec<PodState>,
    pub publish_attempted: u64,
    pub publish_accepted: u64,
    pub publish_failed: BTreeMap<Fail, u64>,
    pub play_attempted: u64,
    pub play_ok: u64,
    pub play_redirected: u64,
    pub play_failed: BTreeMap<Fail, u64>,
    /// Slow starts: the first failed origin attempt behind each.
    pub play_slow: BTreeMap<Fail, u64>,
    /// Start-up delay (ms) → players.
    pub startup: BTreeMap<u32, u64>,
    pub trace: Vec<String>,
}

pub struct Engine<'a> {
    t: &'a Topology,
    plan: &'a Plan,
    rng: Rng,
    out: Outcome,
    /// Ready backends of each Service.
    ready: Vec<Vec<u32>>,
    /// The first pod a stream was published to.
    homes: Vec<u32>,
    /// Further pods with the same stream (publishers that landed elsewhere).
    extra_homes: HashMap<u32, Vec<u32>>,
    /// The edge the stream's first publisher came through.
    pub_edge: Vec<u32>,
    /// Per pod, for the stream at hand: its upstream; reset after each stream.
    up: Vec<Up>,
    edge_has_publisher: Vec<bool>,
    touched: Vec<u32>,
    scratch: Vec<Vec<u64>>,
    tracing: bool,
}

impl<'a> Engine<'a> {
    pub fn run(t: &'a Topology, plan: &'a Plan) -> Outcome {
        let n = t.pods.len();
        let ready = t
            .services
            .iter()
            .map(|s| {
                s.backends
                    .iter()
                    .copied()
                    .filter(|&b| !plan.down.get(b as usize).copied().unwrap_or(false))
                    .collect()
            })
            .collect();
        let streams = usize::try_from(plan.streams).unwrap_or(0);
        let mut e = Engine {
            t,
            plan,
            rng: Rng::new(plan.seed),
            out: Outcome {
                pods: vec![PodState::default(); n],
                ..Outcome::default()
            },
            ready,
            homes: vec![NONE; streams],
            extra_homes: HashMap::default(),
            pub_edge: vec![NONE; streams],
            up: vec![Up::None; n],
            edge_has_publisher: vec![false; n],
            touched: Vec::new(),
            scratch: Vec::new(),
            tracing: false,
        };
        for s in 0..streams as u32 {
            e.tracing = plan.trace == Some(u64::from(s));
            for _ in 0..plan.publishers_per_stream {
                e.publish(s);
            }
            for p in std::mem::take(&mut e.touched) {
                e.edge_has_publisher[p as usize] = false;
            }
        }
        let popularity = Popularity::new(plan.streams, plan.players, plan.zipf);
        for s in 0..streams as u32 {
            e.tracing = plan.trace == Some(u64::from(s));
            e.play_stream(s, &popularity);
            for p in std::mem::take(&mut e.touched) {
                e.up[p as usize] = Up::None;
            }
        }
        e.out
    }

    fn name(&self, p: u32) -> &str {
        self.t.pods.get(p as usize).map_or("?", |p| p.name.as_str())
    }

    fn text(&self, i: u32) -> &str {
        self.t.texts.get(i as usize).map_or("?", String::as_str)
    }

    fn hop(&mut self, line: impl FnOnce(&Self) -> String) {
        if self.tracing {
            let l = line(self);
            self.out.trace.push(l);
        }
    }

    fn has(&self, p: u32, s: u32) -> bool {
        self.homes[s as usize] == p || self.extra_homes.get(&s).is_some_and(|v| v.contains(&p))
    }

    fn srs_role(&self, p: u32) -> Option<Role> {
        self.t.pods[p as usize].srs.as_ref().map(|s| s.role)
    }

    // ---- connections -------------------------------------------------

    /// The pod a connection to `target:port` reaches (kube-proxy's random
    /// pick for a Service), or why none does.
    fn connect(&mut self, target: &Target, port: u16, kind: Kind, from: Option<u32>) -> Result<u32, Fail> {
        let who = from.unwrap_or(NONE);
        match target.dest {
            Dest::Unknown => Err(Fail::new(Reason::UnknownHost, who, target.text)),
            Dest::External => Err(Fail::new(Reason::OutsideDeployment, who, target.text)),
            Dest::Pod(p) | Dest::SelfPod(p) => self.at_pod(p, port, kind, from, target.text),
            Dest::Host => match self.t.on_host(kind, port) {
                Some(p) => self.at_pod(p, port, kind, from, target.text),
                None => Err(Fail::new(Reason::Refused, who, target.text)),
            },
            Dest::Service(svc) => {
                let tp = self.service_port(svc, port, target.text, who)?;
                let ready = &self.ready[svc as usize];
                if ready.is_empty() {
                    return Err(Fail::new(Reason::NoReadyEndpoints, who, target.text));
                }
                let b = ready[self.rng.below(ready.len() as u32) as usize];
                self.at_pod(b, tp, kind, from, target.text)
            }
        }
    }

    fn service_port(&self, svc: u32, port: u16, text: u32, who: u32) -> Result<u16, Fail> {
        let s = &self.t.services[svc as usize];
        if s.headless {
            // DNS hands out the pods' addresses: the port is the pod's own.
            return Ok(port);
        }
        match s.ports.iter().find(|(p, _)| *p == port) {
            Some((_, Some(tp))) => Ok(*tp),
            // A named target port the model cannot map to a number.
            Some((_, None)) => Err(Fail::new(Reason::Refused, who, text)),
            None => Err(Fail::new(Reason::ServicePortMissing, who, text)),
        }
    }

    fn at_pod(&self, p: u32, port: u16, kind: Kind, from: Option<u32>, text: u32) -> Result<u32, Fail> {
        if self.plan.down[p as usize] {
            return Err(Fail::new(Reason::PodDown, p, text));
        }
        if !self.t.listens(p, kind, port, from) {
            return Err(Fail::new(Reason::Refused, p, text));
        }
        Ok(p)
    }

    /// Up to `n` connections accepted by `p` (SRS drops a new connection
    /// once `max_connections` are open; Nginx is not limited here).
    fn admit(&mut self, p: u32, n: u64) -> u64 {
        let Some(srs) = &self.t.pods[p as usize].srs else {
            return n;
        };
        let st = &mut self.out.pods[p as usize];
        let free = srs.max_connections.saturating_sub(st.connections);
        let a = n.min(free);
        st.connections += a;
        st.rejected += n - a;
        a
    }

    fn admit_one(&mut self, p: u32) -> Result<(), Fail> {
        if self.admit(p, 1) == 1 {
            Ok(())
        } else {
            Err(Fail::new(Reason::MaxConnections, p, NONE))
        }
    }

    fn release(&mut self, p: u32, n: u64) {
        if self.t.pods[p as usize].srs.is_some() {
            let st = &mut self.out.pods[p as usize];
            st.connections = st.connections.saturating_sub(n);
        }
    }

    // ---- publishing --------------------------------------------------

    fn publish(&mut self, s: u32) {
        self.out.publish_attempted += 1;
        match self.publish_once(s) {
            Ok(()) => self.out.publish_accepted += 1,
            Err(f) => {
                self.hop(|e| format!("publish rejected: {}", e.describe(&f)));
                *self.out.publish_failed.entry(f).or_insert(0) += 1;
            }
        }
    }

    fn publish_once(&mut self, s: u32) -> Result<(), Fail> {
        let plan = self.plan;
        let p = self.connect(&plan.publish, plan.publish_port, Kind::Rtmp, None)?;
        self.hop(|e| {
            format!(
                "publisher → {}:{} → {} ({})",
                e.text(plan.publish.text),
                plan.publish_port,
                e.name(p),
                e.t.pods[p as usize].role()
            )
        });
        self.admit_one(p)?;
        if let Err(f) = self.accept_publish(p, s, 0) {
            self.release(p, 1);
            return Err(f);
        }
        Ok(())
    }

    fn accept_publish(&mut self, p: u32, s: u32, depth: u32) -> Result<(), Fail> {
        let t = self.t;
        let Some(srs) = &t.pods[p as usize].srs else {
            return Err(Fail::new(Reason::Refused, p, NONE));
        };
        if srs.role != Role::Edge {
            if self.has(p, s) {
                return Err(Fail::new(Reason::DuplicatePublish, p, NONE));
            }
            if self.homes[s as usize] == NONE {
                self.homes[s as usize] = p;
            } else {
                self.extra_homes.entry(s).or_default().push(p);
            }
            self.out.pods[p as usize].streams += 1;
            self.hop(|e| format!("{} accepts the stream", e.name(p)));
            return Ok(());
        }
        if depth >= MAX_EDGE_DEPTH {
            return Err(Fail::new(Reason::EdgeChainTooDeep, p, NONE));
        }
        if self.edge_has_publisher[p as usize] {
            return Err(Fail::new(Reason::DuplicatePublish, p, NONE));
        }
        // An edge forwards every publish to the FIRST origin it lists, with
        // no failover (observed rows 9 and 10; srs-semantics §5).
        let Some(first) = srs.origins.first() else {
            return Err(Fail::new(Reason::EdgeWithoutOrigin, p, NONE));
        };
        let port = first.port.unwrap_or(RTMP_PORT);
        let o = self.connect(first, port, Kind::Rtmp, Some(p));
        self.hop(|e| match &o {
            Ok(o) => format!(
                "edge {} forwards to its first origin {} → {}",
                e.name(p),
                e.text(first.text),
                e.name(*o)
            ),
            Err(f) => format!(
                "edge {} forwards to its first origin {}: {}",
                e.name(p),
                e.text(first.text),
                e.describe(f)
            ),
        });
        let o = o?;
        self.admit_one(o)?;
        if let Err(f) = self.accept_publish(o, s, depth + 1) {
            self.release(o, 1);
            return Err(f);
        }
        self.edge_has_publisher[p as usize] = true;
        self.touched.push(p);
        let st = &mut self.out.pods[p as usize];
        st.streams += 1;
        st.egress_kbps += self.plan.bitrate_kbps;
        if self.pub_edge[s as usize] == NONE {
            self.pub_edge[s as usize] = p;
        }
        Ok(())
    }

    // ---- playing -----------------------------------------------------

    fn play_stream(&mut self, s: u32, popularity: &Popularity) {
        let (first, count) = popularity.players_of(u64::from(s));
        if count == 0 {
            return;
        }
        let split = self.plan.mix.split(first, count);
        let plan = self.plan;
        for (j, proto) in Protocol::ALL.into_iter().enumerate() {
            let n = split[j];
            if n == 0 {
                continue;
            }
            self.out.play_attempted += n;
            self.route_group(&plan.play[j], plan.play_port[j], proto, s, n, 0, false, 0);
        }
    }

    fn ok(&mut self, n: u64, delay: u32, redirected: bool, slow: Option<Fail>) {
        self.hop(|_| format!("{n} player(s) playing, start-up {delay} ms"));
        self.out.play_ok += n;
        *self.out.startup.entry(delay).or_insert(0) += n;
        if redirected {
            self.out.play_redirected += n;
        }
        if let Some(f) = slow {
            *self.out.play_slow.entry(f).or_insert(0) += n;
        }
    }

    fn fail(&mut self, f: Fail, n: u64, redirected: bool) {
        if n == 0 {
            return;
        }
        self.hop(|e| format!("{n} player(s) failed: {}", e.describe(&f)));
        *self.out.play_failed.entry(f).or_insert(0) += n;
        if redirected {
            self.out.play_redirected += n;
        }
    }

    /// `n` players of stream `s` connect to `target:port`.
    #[allow(clippy::too_many_arguments)]
    fn route_group(
        &mut self,
        target: &Target,
        port: u16,
        proto: Protocol,
        s: u32,
        n: u64,
        delay: u32,
        redirected: bool,
        depth: u32,
    ) {
        let kind = Kind::of(proto);
        if let Dest::Service(svc) = target.dest {
            let tp = match self.service_port(svc, port, target.text, NONE) {
                Ok(tp) => tp,
                Err(f) => return self.fail(f, n, redirected),
            };
            let ready_len = self.ready[svc as usize].len();
            if ready_len == 0 {
                return self.fail(Fail::new(Reason::NoReadyEndpoints, NONE, target.text), n, redirected);
            }
            let mut counts = self.scratch.pop().unwrap_or_default();
            counts.clear();
            counts.resize(ready_len, 0);
            if ready_len == 1 {
                counts[0] = n;
            } else {
                // kube-proxy picks a ready backend per connection, at random.
                for _ in 0..n {
                    counts[self.rng.below(ready_len as u32) as usize] += 1;
                }
            }
            for (i, &c) in counts.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let b = self.ready[svc as usize][i];
                self.hop(|e| {
                    format!(
                        "{c} {} player(s) → {}:{port} → {}",
                        proto.as_str(),
                        e.text(target.text),
                        e.name(b)
                    )
                });
                match self.at_pod(b, tp, kind, None, target.text) {
                    Ok(p) => self.group_at(p, tp, proto, s, c, delay, redirected, depth),
                    Err(f) => self.fail(f, c, redirected),
                }
            }
            self.scratch.push(counts);
            return;
        }
        match self.connect(target, port, kind, None) {
            Ok(p) => {
                self.hop(|e| {
                    format!(
                        "{n} {} player(s) → {}:{port} → {}",
                        proto.as_str(),
                        e.text(target.text),
                        e.name(p)
                    )
                });
                self.group_at(p, port, proto, s, n, delay, redirected, depth);
            }
            Err(f) => self.fail(f, n, redirected),
        }
    }

    /// `n` players of stream `s` reached pod `p`.
    #[allow(clippy::too_many_arguments)]
    fn group_at(
        &mut self,
        p: u32,
        port: u16,
        proto: Protocol,
        s: u32,
        n: u64,
        delay: u32,
        redirected: bool,
        depth: u32,
    ) {
        let t = self.t;
        let delay = delay + ROUND_TRIP_MS;
        let bitrate = self.plan.bitrate_kbps;
        let pod = &t.pods[p as usize];
        if proto == Protocol::Hls {
            // HLS players read files: Nginx shows what the origins write to
            // a volume it mounts; SRS's http_server shows its own (or a
            // shared) HLS directory. No redirects, no coworker queries.
            let served = if pod.nginx.is_some() && port == HTTP_PORT {
                let shown = pod.nginx.as_ref();
                self.homes_of(s).any(|h| shown.is_some_and(|set| set.contains(&h)))
            } else {
                let store = pod.srs.as_ref().map(|x| (x.writes_hls, x.hls_store.clone()));
                self.homes_of(s).any(|h| {
                    let hs = t.pods[h as usize].srs.as_ref();
                    hs.is_some_and(|hs| hs.writes_hls)
                        && (h == p
                            || matches!((&store, hs.and_then(|x| x.hls_store.as_ref())),
                                (Some((true, Some(a))), Some(b)) if a == b))
                })
            };
            let a = self.admit(p, n);
            self.fail(Fail::new(Reason::MaxConnections, p, NONE), n - a, redirected);
            if a == 0 {
                return;
            }
            if served {
                self.out.pods[p as usize].egress_kbps += a * bitrate;
                self.ok(a, delay, redirected, None);
            } else {
                self.release(p, a);
                self.fail(Fail::new(Reason::HlsNotFound, p, NONE), a, redirected);
            }
            return;
        }
        let Some(srs) = &pod.srs else {
            return self.fail(Fail::new(Reason::Refused, p, NONE), n, redirected);
        };
        let a = self.admit(p, n);
        self.fail(Fail::new(Reason::MaxConnections, p, NONE), n - a, redirected);
        if a == 0 {
            return;
        }
        if srs.role == Role::Edge {
            match self.pull(p, s, 0) {
                Up::Ok {
                    delay: d,
                    redirected: r,
                    slow,
                    ..
                } => {
                    self.out.pods[p as usize].egress_kbps += a * bitrate;
                    self.ok(a, delay + d, redirected || r, slow);
                }
                Up::Failed(f) => {
                    // The players stay connected, waiting for data.
                    let f = Fail {
                        reason: Reason::EdgeUpstreamFailed,
                        pod: p,
                        host: f.host,
                        cause: Some(f.cause.unwrap_or(f.reason)),
                    };
                    self.fail(f, a, redirected);
                }
                Up::None | Up::Busy => self.fail(Fail::new(Reason::EdgeChainTooDeep, p, NONE), a, redirected),
            }
            return;
        }
        if self.has(p, s) {
            self.out.pods[p as usize].egress_kbps += a * bitrate;
            self.ok(a, delay, redirected, None);
            return;
        }
        if proto == Protocol::Rtmp && srs.origin_cluster {
            // The origin asks its coworkers and answers with an RTMP 302;
            // the connection closes (observed rows 1-4).
            self.release(p, a);
            match self.discover(p, s) {
                Ok((target, qd)) => {
                    self.hop(|e| {
                        format!(
                            "{} answers RTMP 302 → {}:{}",
                            e.name(p),
                            target.host,
                            target.port.unwrap_or(RTMP_PORT)
                        )
                    });
                    if !self.plan.follow_redirect {
                        self.fail(Fail::new(Reason::RedirectNotFollowed, p, NONE), a, true);
                    } else if depth >= MAX_REDIRECTS {
                        self.fail(Fail::new(Reason::RedirectLoop, p, NONE), a, true);
                    } else {
                        let port = target.port.unwrap_or(RTMP_PORT);
                        self.route_group(&target, port, proto, s, a, delay + qd, true, depth + 1);
                    }
                }
                Err(f) => self.fail(f, a, redirected),
            }
            return;
        }
        // HTTP-FLV on an origin without the stream (row 5), or RTMP on a
        // server outside an origin cluster: SRS makes an empty source and the
        // player waits, connected, for data that never comes.
        self.fail(Fail::new(Reason::WaitsForever, p, NONE), a, redirected);
    }

    fn homes_of(&self, s: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.homes[s as usize];
        (first != NONE)
            .then_some(first)
            .into_iter()
            .chain(self.extra_homes.get(&s).into_iter().flatten().copied())
    }

    /// Origin `o` asks its coworkers, in list order, which of them has `s`
    /// (`POST http://<coworker>/api/v1/clusters?…`, srs-semantics §4): the
    /// redirect target and the time the queries took, or why there is none.
    fn discover(&mut self, o: u32, s: u32) -> Result<(Target, u32), Fail> {
        let t = self.t;
        let Some(srs) = &t.pods[o as usize].srs else {
            return Err(Fail::new(Reason::StreamNotFound, o, NONE));
        };
        let mut d = 0;
        let last = srs.coworkers.len().saturating_sub(1);
        for (i, cw) in srs.coworkers.iter().enumerate() {
            d += ROUND_TRIP_MS;
            // Without a port the URL means port 80 (row 11).
            let port = cw.port.unwrap_or(HTTP_PORT);
            match self.connect(cw, port, Kind::Api, Some(o)) {
                Err(f) => {
                    self.hop(|e| format!("{} asks coworker {}: {}", e.name(o), e.text(cw.text), e.describe(&f)));
                    if i == last {
                        return Err(Fail {
                            reason: Reason::CoworkerUnreachable,
                            pod: o,
                            host: cw.text,
                            cause: Some(f.reason),
                        });
                    }
                }
                Ok(h) => {
                    let has = self.has(h, s);
                    self.hop(|e| {
                        format!(
                            "{} asks coworker {} ({}): {}",
                            e.name(o),
                            e.text(cw.text),
                            e.name(h),
                            if has { "has it" } else { "origin null" }
                        )
                    });
                    if has {
                        let hs = t.pods[h as usize].srs.as_ref();
                        // The answer's `ip` is the listen address unless
                        // that is empty or loopback; then the coworker name
                        // it was asked by; `port` is its first listen port.
                        let (dest, host) = match hs.and_then(|x| x.listen_ip.clone()) {
                            Some(ip) if !t.one_host => (Dest::External, ip),
                            _ => (cw.dest, cw.host.clone()),
                        };
                        return Ok((
                            Target {
                                text: cw.text,
                                dest,
                                port: Some(hs.map_or(RTMP_PORT, super::topology::Srs::first_port)),
                                host,
                            },
                            d,
                        ));
                    }
                }
            }
        }
        Err(Fail::new(Reason::StreamNotFound, o, NONE))
    }

    /// Edge `e`'s one upstream pull of stream `s`, shared by all its players:
    /// the first origin listed first, then the next after each failure and
    /// a 3 s wait (observed rows 7 and 8).
    fn pull(&mut self, e: u32, s: u32, depth: u32) -> Up {
        match self.up[e as usize] {
            Up::None => {}
            Up::Busy => return Up::Failed(Fail::new(Reason::EdgeChainTooDeep, e, NONE)),
            done => return done,
        }
        if depth >= MAX_EDGE_DEPTH {
            return Up::Failed(Fail::new(Reason::EdgeChainTooDeep, e, NONE));
        }
        self.up[e as usize] = Up::Busy;
        self.touched.push(e);
        let t = self.t;
        let result = match &t.pods[e as usize].srs {
            None => Up::Failed(Fail::new(Reason::Refused, e, NONE)),
            Some(srs) if srs.origins.is_empty() => Up::Failed(Fail::new(Reason::EdgeWithoutOrigin, e, NONE)),
            Some(srs) => {
                let (kind, default_port) = if srs.pulls_flv {
                    (Kind::Flv, HTTP_PORT)
                } else {
                    (Kind::Rtmp, RTMP_PORT)
                };
                let mut delay = 0;
                let mut slow = None;
                let mut result = None;
                let mut last = Fail::new(Reason::EdgeWithoutOrigin, e, NONE);
                for o in &srs.origins {
                    match self.fetch(e, o, o.port.unwrap_or(default_port), kind, s, depth) {
                        Ok((origin, d, redirected)) => {
                            result = Some(Up::Ok {
                                origin,
                                delay: delay + d,
                                redirected,
                                slow,
                            });
                            break;
                        }
                        Err((f, stuck)) => {
                            if stuck {
                                result = Some(Up::Failed(f));
                                break;
                            }
                            delay += RETRY_MS;
                            slow.get_or_insert(Fail {
                                reason: f.reason,
                                pod: e,
                                host: o.text,
                                cause: f.cause,
                            });
                            last = f;
                        }
                    }
                }
                // A failure on every origin: the edge goes round again and
                // again, and its players wait.
                result.unwrap_or(Up::Failed(last))
            }
        };
        if let Up::Ok { origin, .. } = result {
            self.out.pods[origin as usize].egress_kbps += self.plan.bitrate_kbps;
            if self.pub_edge[s as usize] != e {
                self.out.pods[e as usize].streams += 1;
            }
        }
        self.up[e as usize] = result;
        result
    }

    /// One pull attempt of edge `e` at `target`, following 302s: the pod
    /// that serves it, the time taken and whether a 302 was followed; or
    /// the failure and whether the edge is stuck there (connected, waiting).
    #[allow(clippy::type_complexity)]
    fn fetch(
        &mut self,
        e: u32,
        target: &Target,
        port: u16,
        kind: Kind,
        s: u32,
        depth: u32,
    ) -> Result<(u32, u32, bool), (Fail, bool)> {
        let mut cur = target.clone();
        let mut port = port;
        let mut d = 0;
        let mut redirected = false;
        for _ in 0..=MAX_REDIRECTS {
            d += ROUND_TRIP_MS;
            let o = self.connect(&cur, port, kind, Some(e));
            self.hop(|x| match &o {
                Ok(o) => format!("edge {} pulls from {}:{port} → {}", x.name(e), cur.host, x.name(*o)),
                Err(f) => format!("edge {} pulls from {}:{port}: {}", x.name(e), cur.host, x.describe(f)),
            });
            let o = o.map_err(|f| (f, false))?;
            if let Err(f) = self.admit_one(o) {
                self.hop(|x| format!("{} refuses the pull: {}", x.name(o), x.describe(&f)));
                return Err((f, false));
            }
            if self.has(o, s) {
                return Ok((o, d, redirected));
            }
            match self.srs_role(o) {
                Some(Role::Edge) => {
                    return match self.pull(o, s, depth + 1) {
                        Up::Ok {
                            delay, redirected: r, ..
                        } => Ok((o, d + delay, redirected || r)),
                        Up::Failed(f) => {
                            self.release(o, 1);
                            Err((f, false))
                        }
                        Up::None | Up::Busy => {
                            self.release(o, 1);
                            Err((Fail::new(Reason::EdgeChainTooDeep, o, NONE), false))
                        }
                    };
                }
                _ if kind == Kind::Rtmp && self.t.pods[o as usize].srs.as_ref().is_some_and(|x| x.origin_cluster) => {
                    self.release(o, 1);
                    let (next, qd) = self.discover(o, s).map_err(|f| (f, false))?;
                    self.hop(|x| {
                        format!(
                            "{} answers RTMP 302 → {}:{}; the edge follows",
                            x.name(o),
                            next.host,
                            next.port.unwrap_or(RTMP_PORT)
                        )
                    });
                    d += qd;
                    port = next.port.unwrap_or(RTMP_PORT);
                    cur = next;
                    redirected = true;
                }
                _ => return Err((Fail::new(Reason::WaitsForever, o, NONE), true)),
            }
        }
        Err((Fail::new(Reason::RedirectLoop, e, NONE), false))
    }

    /// A failure in words, for traces.
    fn describe(&self, f: &Fail) -> String {
        let mut s = f.reason.as_str().to_string();
        if f.pod != NONE {
            s.push_str(&format!(" at {}", self.name(f.pod)));
        }
        if f.host != NONE {
            s.push_str(&format!(" ({})", self.text(f.host)));
        }
        if let Some(c) = f.cause {
            s.push_str(&format!(", because {}", c.as_str()));
        }
        s
    }
}
