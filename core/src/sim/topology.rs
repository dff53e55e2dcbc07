//! What the simulator routes over: every pod (or, for plain configs, every
//! SRS server on the one host), what listens where in it, the services in
//! front, and every host name a config or the user names, resolved once,
//! up front, through the model's own resolver ([`crate::model::Deployment::resolve`]):
//! a name the linter reports as unknown is unknown here too.
//!
//! Two shapes of input:
//! - **Kubernetes**: the deployment model's pods, services and SRS servers.
//! - **One host**: plain SRS configs and no SRS pods, like SRS's own
//!   `origin.cluster.server{A,B,C}.conf` + `origin.cluster.edge.conf`: every
//!   config is a server on `127.0.0.1`, told apart by its ports, so
//!   `127.0.0.1:19351` (or `localhost:19351`) reaches the server listening there.

use super::workload::Protocol;
use super::SimError;
use crate::checks::deployment::hls_not_shared;
use crate::hash::{HashMap, HashSet};
use crate::lint::LintResult;
use crate::model::graph::{NodeData, PortRef};
use crate::model::srs::{HostRef, SrsServer, DEFAULT_VHOST};
use crate::model::{Resolution, Role};
use crate::values;
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

/// No pod, service or text: a sentinel in compact indices.
pub const NONE: u32 = u32::MAX;

/// SRS's port for RTMP when a host has none.
pub const RTMP_PORT: u16 = 1935;
/// What a URL without a port means: `http://<coworker>/api/…` goes to port
/// 80 (srs-semantics §4), as does an edge's FLV pull (§5).
pub const HTTP_PORT: u16 = 80;

/// Where a name leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    Pod(u32),
    Service(u32),
    /// One-host mode: the host itself; the port says which server.
    Host,
    /// `localhost`/`127.0.0.1` written in a pod's config: that pod.
    SelfPod(u32),
    /// An IP address outside the manifests.
    External,
    /// A name nothing of the deployment has.
    Unknown,
}

/// A host as written somewhere, resolved.
#[derive(Clone, Debug)]
pub struct Target {
    /// Index into [`Topology::texts`]: the word as written.
    pub text: u32,
    pub dest: Dest,
    /// The port as written, when it parses.
    pub port: Option<u16>,
    /// The host part as written (for the `ip` a coworker answers with).
    pub host: String,
}

/// An SRS server in a pod, as far as routing needs it.
#[derive(Clone, Debug)]
pub struct Srs {
    /// `__defaultVhost__`'s role.
    pub role: Role,
    /// `origin_cluster on` in an origin vhost: RTMP plays of streams it does
    /// not have ask the coworkers.
    pub origin_cluster: bool,
    /// RTMP listen ports, each with whether it is bound to loopback only.
    pub rtmp: Vec<(u16, bool)>,
    /// The explicit, non-loopback address of the first `listen`, which a
    /// coworker answers with instead of the name it was asked by.
    pub listen_ip: Option<String>,
    /// `http_api` when enabled: port and loopback-only.
    pub api: Option<(u16, bool)>,
    /// `http_server` when enabled: port.
    pub http: Option<u16>,
    pub max_connections: u64,
    pub coworkers: Vec<Target>,
    pub origins: Vec<Target>,
    /// `cluster.protocol flv`/`flvs`: the edge pulls over HTTP-FLV.
    pub pulls_flv: bool,
    /// The pod writes HLS for the default vhost.
    pub writes_hls: bool,
    /// Where: a shared claim and directory, or `None` for the pod's own files.
    pub hls_store: Option<(NodeIndex, String)>,
}

impl Srs {
    pub fn first_port(&self) -> u16 {
        self.rtmp.first().map_or(RTMP_PORT, |l| l.0)
    }
}

#[derive(Clone, Debug)]
pub struct Pod {
    pub name: String,
    pub namespace: String,
    pub srs: Option<Srs>,
    /// The pod runs Nginx serving HLS on port 80: the writer pods it shows.
    pub nginx: Option<HashSet<u32>>,
}

impl Pod {
    pub fn role(&self) -> &'static str {
        match (&self.srs, &self.nginx) {
            (Some(s), _) => match s.role {
                Role::Origin => "origin",
                Role::Edge => "edge",
                Role::Standalone => "standalone",
                Role::Mixed => "mixed",
            },
            (None, Some(_)) => "nginx",
            (None, None) => "other",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub service_type: String,
    pub headless: bool,
    /// Port → target port (`None`: a named target port, which the model
    /// cannot map to a number).
    pub ports: Vec<(u16, Option<u16>)>,
    pub backends: Vec<u32>,
}

/// The simulated deployment.
#[derive(Clone, Debug, Default)]
pub struct Topology {
    pub one_host: bool,
    pub pods: Vec<Pod>,
    pub services: Vec<Service>,
    /// Words as written (hosts, entries), for reports.
    pub texts: Vec<String>,
    /// One host: port → the server listening there, per kind.
    rtmp_ports: BTreeMap<u16, u32>,
    api_ports: BTreeMap<u16, u32>,
    http_ports: BTreeMap<u16, u32>,
    pod_by_name: HashMap<String, u32>,
    /// Pod node → pod index (Kubernetes).
    pod_by_node: HashMap<NodeIndex, u32>,
    service_by_node: HashMap<NodeIndex, u32>,
    /// What could not be modelled, for the report.
    pub notes: Vec<String>,
}

/// How a client talks to a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Rtmp,
    /// `http_api`.
    Api,
    /// HTTP-FLV at `http_server`.
    Flv,
    /// HLS at Nginx's port 80 or at `http_server`.
    Hls,
}

impl Kind {
    pub fn of(p: Protocol) -> Kind {
        match p {
            Protocol::Rtmp => Kind::Rtmp,
            Protocol::Flv => Kind::Flv,
            Protocol::Hls => Kind::Hls,
        }
    }
}

impl Topology {
    /// The simulator's view of a lint run's inputs.
    pub fn from_lint(result: &LintResult) -> Result<Topology, SimError> {
        let has_srs_pods = result
            .deployment
            .pods()
            .any(|(ix, _, _)| !result.deployment.servers_in(ix).is_empty());
        let t = if has_srs_pods {
            Self::kubernetes(result)
        } else {
            Self::one_host(result)
        };
        if t.pods.iter().all(|p| p.srs.is_none()) {
            return Err(SimError::NoServers);
        }
        Ok(t)
    }

    fn text(&mut self, s: &str) -> u32 {
        self.texts.push(s.to_string());
        (self.texts.len() - 1) as u32
    }

    fn kubernetes(result: &LintResult) -> Topology {
        let d = &result.deployment;
        let mut t = Topology::default();
        let layout = hls_not_shared::hls_layout(d, &result.objects, &result.configs);
        for (ix, node, _) in d.pods() {
            let i = t.pods.len() as u32;
            t.pod_by_node.insert(ix, i);
            t.pod_by_name.entry(node.name.to_string()).or_insert(i);
            t.pods.push(Pod {
                name: node.name.to_string(),
                namespace: node.namespace.to_string(),
                srs: None,
                nginx: None,
            });
        }
        for (ix, node, s) in d.services() {
            let i = t.services.len() as u32;
            t.service_by_node.insert(ix, i);
            let backends = d
                .selected_by(ix)
                .into_iter()
                .filter_map(|p| t.pod_by_node.get(&p).copied())
                .collect();
            t.services.push(Service {
                name: node.name.to_string(),
                service_type: s.service_type.clone(),
                headless: s.headless,
                ports: s
                    .ports
                    .iter()
                    .filter_map(|p| {
                        let port = u16::try_from(p.port).ok()?;
                        let target = match &p.target_port {
                            PortRef::Number(n) => u16::try_from(*n).ok(),
                            PortRef::Name(_) => None,
                        };
                        Some((port, target))
                    })
                    .collect(),
                backends,
            });
        }
        let pod_nodes: Vec<(NodeIndex, u32)> = {
            let mut v: Vec<_> = t.pod_by_node.iter().map(|(k, v)| (*k, *v)).collect();
            v.sort_by_key(|(_, i)| *i);
            v
        };
        for (ix, i) in pod_nodes {
            let ns = t.pods[i as usize].namespace.clone();
            if let Some(server) = d.servers_in(ix).into_iter().find_map(|s| match &d.node(s).data {
                NodeData::SrsServer(srv) => Some(srv.clone()),
                _ => None,
            }) {
                let resolve = |t: &mut Topology, h: &HostRef| {
                    let dest = match d.resolve(&h.host, &ns) {
                        Resolution::Pod(p) => t.pod_by_node.get(&p).map_or(Dest::Unknown, |&p| Dest::Pod(p)),
                        Resolution::Service(s) => {
                            t.service_by_node.get(&s).map_or(Dest::Unknown, |&s| Dest::Service(s))
                        }
                        Resolution::Loopback => Dest::SelfPod(i),
                        Resolution::External(_) => Dest::External,
                        Resolution::Unknown => Dest::Unknown,
                    };
                    t.target(h, dest)
                };
                let mut srs = Self::srs(&server, false);
                if let Some(v) = server.vhost(DEFAULT_VHOST) {
                    srs.coworkers = v.coworkers.iter().map(|h| resolve(&mut t, h)).collect();
                    srs.origins = v.origins.iter().map(|h| resolve(&mut t, h)).collect();
                }
                if let Some(store) = layout.writers.get(&ix) {
                    srs.writes_hls = true;
                    srs.hls_store.clone_from(store);
                }
                t.pods[i as usize].srs = Some(srs);
            }
            if let Some(served) = layout.nginx.get(&ix) {
                let served = served.iter().filter_map(|w| t.pod_by_node.get(w).copied()).collect();
                t.pods[i as usize].nginx = Some(served);
            }
        }
        t
    }

    fn one_host(result: &LintResult) -> Topology {
        let mut t = Topology {
            one_host: true,
            ..Topology::default()
        };
        let embedded: HashSet<usize> = result.embedded.iter().map(|e| e.config_index).collect();
        for (ci, config) in result.configs.iter().enumerate() {
            if embedded.contains(&ci) || config.file.0 as usize >= result.sources.len() {
                continue;
            }
            let server = SrsServer::read(config, &|_| None);
            let i = t.pods.len() as u32;
            let name = result.sources.get(config.file).name.to_string();
            let mut srs = Self::srs(&server, true);
            if let Some(v) = server.vhost(DEFAULT_VHOST) {
                let one = |t: &mut Topology, h: &HostRef| {
                    let dest = match values::parse_hostport(&h.text).host.parse::<std::net::IpAddr>() {
                        Ok(ip) if ip.is_loopback() || ip.is_unspecified() => Dest::Host,
                        Ok(_) => Dest::External,
                        Err(_) if h.host.eq_ignore_ascii_case("localhost") => Dest::Host,
                        Err(_) => Dest::Unknown,
                    };
                    t.target(h, dest)
                };
                srs.coworkers = v.coworkers.iter().map(|h| one(&mut t, h)).collect();
                srs.origins = v.origins.iter().map(|h| one(&mut t, h)).collect();
            }
            // On one host every server sees the same disk: HLS is "shared".
            srs.writes_hls = hls_enabled(config);
            for (port, map) in [
                (srs.rtmp.iter().map(|l| l.0).collect::<Vec<_>>(), 0),
                (srs.api.iter().map(|a| a.0).collect(), 1),
                (srs.http.iter().copied().collect(), 2),
            ]
            .into_iter()
            .flat_map(|(ports, m)| ports.into_iter().map(move |p| (p, m)))
            {
                let table = match map {
                    0 => &mut t.rtmp_ports,
                    1 => &mut t.api_ports,
                    _ => &mut t.http_ports,
                };
                if let Some(&other) = table.get(&port) {
                    let note = format!(
                        "`{name}` and `{}` both listen on port {port}: only the first can bind it",
                        t.pods[other as usize].name
                    );
                    t.notes.push(note);
                } else {
                    table.insert(port, i);
                }
            }
            t.pod_by_name.entry(name.clone()).or_insert(i);
            if let Some(stem) = name.rsplit('/').next().and_then(|f| f.strip_suffix(".conf")) {
                t.pod_by_name.entry(stem.to_string()).or_insert(i);
            }
            t.pods.push(Pod {
                name,
                namespace: String::new(),
                srs: Some(srs),
                nginx: None,
            });
        }
        t
    }

    fn srs(server: &SrsServer, one_host: bool) -> Srs {
        let v = server.vhost(DEFAULT_VHOST);
        let lo = |ip: Option<std::net::IpAddr>| !one_host && ip.is_some_and(|ip| ip.is_loopback());
        Srs {
            role: v.map_or(server.role, |v| v.role),
            origin_cluster: v.is_some_and(|v| v.role == Role::Origin),
            rtmp: server.listen.iter().map(|l| (l.port, lo(l.ip))).collect(),
            listen_ip: server
                .listen
                .first()
                .and_then(|l| l.ip)
                .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
                .map(|ip| ip.to_string()),
            api: server
                .http_api
                .enabled
                .then_some((server.http_api.port, lo(server.http_api.ip))),
            http: server.http_server.enabled.then_some(server.http_server.port),
            max_connections: u64::try_from(server.max_connections).unwrap_or(0),
            coworkers: Vec::new(),
            origins: Vec::new(),
            pulls_flv: v.is_some_and(|v| v.protocol.starts_with("flv")),
            writes_hls: false,
            hls_store: None,
        }
    }

    fn target(&mut self, h: &HostRef, dest: Dest) -> Target {
        Target {
            text: self.text(&h.text),
            dest,
            port: h.port.as_deref().and_then(|p| p.parse().ok()),
            host: h.host.clone(),
        }
    }

    /// An entry point the user names: a Service, a pod's DNS name, a pod's
    /// name, or `host:port`. Names resolve from the namespace of the
    /// deployment's first pod, as a client in the cluster would.
    pub fn entry(&mut self, text: &str) -> Result<Target, SimError> {
        let hp = values::parse_hostport(text.trim());
        let port = match hp.port.as_deref() {
            Some(p) => Some(p.parse::<u16>().map_err(|_| SimError::Entry {
                entry: text.to_string(),
                why: format!("`{p}` is not a port"),
            })?),
            None => None,
        };
        let dest = if self.one_host {
            match hp.host.parse::<std::net::IpAddr>() {
                Ok(ip) if ip.is_loopback() || ip.is_unspecified() => Dest::Host,
                _ if hp.host.eq_ignore_ascii_case("localhost") => Dest::Host,
                _ => match self.pod_by_name.get(&hp.host) {
                    Some(&p) => Dest::Pod(p),
                    None => Dest::Unknown,
                },
            }
        } else {
            Dest::Unknown
        };
        let text_ix = self.text(text);
        Ok(Target {
            text: text_ix,
            dest,
            port,
            host: hp.host,
        })
    }

    /// Resolves a Kubernetes entry against the model (kept apart from
    /// [`Topology::entry`] so the topology needs no borrow of the model).
    pub fn entry_in(&mut self, result: &LintResult, text: &str) -> Result<Target, SimError> {
        let mut target = self.entry(text)?;
        if self.one_host {
            return Ok(target);
        }
        let ns = self
            .pods
            .first()
            .map_or("default", |p| p.namespace.as_str())
            .to_string();
        target.dest = match result.deployment.resolve(&target.host, &ns) {
            Resolution::Pod(p) => self.pod_by_node.get(&p).map_or(Dest::Unknown, |&p| Dest::Pod(p)),
            Resolution::Service(s) => self
                .service_by_node
                .get(&s)
                .map_or(Dest::Unknown, |&s| Dest::Service(s)),
            Resolution::External(_) => Dest::External,
            Resolution::Loopback | Resolution::Unknown => match self.pod_by_name.get(&target.host) {
                Some(&p) => Dest::Pod(p),
                None => Dest::Unknown,
            },
        };
        if target.dest == Dest::Unknown {
            let why = match result.deployment.suggest(&target.host, &ns) {
                Some(s) => format!("no pod or service of the deployment has this name; did you mean `{s}`?"),
                None => "no pod or service of the deployment has this name".to_string(),
            };
            return Err(SimError::Entry {
                entry: text.to_string(),
                why,
            });
        }
        Ok(target)
    }

    /// The entry publishers and players use when the user names none: the
    /// first LoadBalancer Service exposing 1935 (then any Service exposing
    /// 1935); on one host, the first edge's RTMP port, else the first server's.
    pub fn default_entry(&mut self) -> Result<Target, SimError> {
        if self.one_host {
            let pod = self
                .pods
                .iter()
                .position(|p| p.srs.as_ref().is_some_and(|s| s.role == Role::Edge))
                .or_else(|| self.pods.iter().position(|p| p.srs.is_some()))
                .ok_or(SimError::NoServers)?;
            let port = self.pods[pod].srs.as_ref().map_or(RTMP_PORT, Srs::first_port);
            let text = format!("127.0.0.1:{port}");
            return self.entry(&text);
        }
        let exposes = |s: &Service| s.ports.iter().any(|p| p.0 == RTMP_PORT);
        let svc = self
            .services
            .iter()
            .position(|s| s.service_type == "LoadBalancer" && exposes(s))
            .or_else(|| self.services.iter().position(exposes))
            .ok_or(SimError::NoDefaultEntry)?;
        let text = self.services[svc].name.clone();
        let text = self.text(&text);
        Ok(Target {
            text,
            dest: Dest::Service(svc as u32),
            port: None,
            host: self.services[svc].name.clone(),
        })
    }

    /// The entry HLS players use by default: the first LoadBalancer Service
    /// in front of Nginx pods, else `fallback`.
    pub fn default_hls_entry(&mut self, fallback: &Target) -> Target {
        let svc = self.services.iter().position(|s| {
            s.service_type == "LoadBalancer" && s.backends.iter().any(|&b| self.pods[b as usize].nginx.is_some())
        });
        match svc {
            Some(i) => {
                let name = self.services[i].name.clone();
                Target {
                    text: self.text(&name),
                    dest: Dest::Service(i as u32),
                    port: None,
                    host: name,
                }
            }
            None => fallback.clone(),
        }
    }

    /// The pod of that name (`--fail`).
    pub fn pod_named(&self, name: &str) -> Option<u32> {
        self.pod_by_name.get(name).copied()
    }

    /// Whether pod `p` accepts `kind` on `port` from `from` (another pod,
    /// or `None` for a client outside).
    pub fn listens(&self, p: u32, kind: Kind, port: u16, from: Option<u32>) -> bool {
        let pod = &self.pods[p as usize];
        let reach = |lo: bool| !lo || from == Some(p);
        match (&pod.srs, kind) {
            (Some(s), Kind::Rtmp) => s.rtmp.iter().any(|&(q, lo)| q == port && reach(lo)),
            (Some(s), Kind::Api) => s.api.is_some_and(|(q, lo)| q == port && reach(lo)),
            (Some(s), Kind::Flv) => s.http == Some(port),
            (srs, Kind::Hls) => {
                (pod.nginx.is_some() && port == HTTP_PORT) || srs.as_ref().is_some_and(|s| s.http == Some(port))
            }
            (None, _) => false,
        }
    }

    /// One host: the server listening on `port` for `kind`.
    pub fn on_host(&self, kind: Kind, port: u16) -> Option<u32> {
        match kind {
            Kind::Rtmp => self.rtmp_ports.get(&port),
            Kind::Api => self.api_ports.get(&port),
            Kind::Flv | Kind::Hls => self.http_ports.get(&port),
        }
        .copied()
    }

    /// The port a client uses for `kind` at `target` when it names none:
    /// for a Service, the first of its ports whose target port serves
    /// `kind` on its first backend; for a pod, the port it serves `kind` on.
    pub fn default_port(&self, target: &Target, kind: Kind) -> u16 {
        let fallback = match kind {
            Kind::Rtmp => RTMP_PORT,
            Kind::Api | Kind::Hls => HTTP_PORT,
            Kind::Flv => crate::model::srs::DEFAULT_HTTP_SERVER_PORT,
        };
        let own = |p: u32| -> Option<u16> {
            let pod = &self.pods[p as usize];
            match (kind, &pod.srs) {
                (Kind::Hls, _) if pod.nginx.is_some() => Some(HTTP_PORT),
                (Kind::Rtmp, Some(s)) => s.rtmp.first().map(|l| l.0),
                (Kind::Api, Some(s)) => s.api.map(|a| a.0),
                (Kind::Flv | Kind::Hls, Some(s)) => s.http,
                _ => None,
            }
        };
        match target.dest {
            Dest::Pod(p) | Dest::SelfPod(p) => own(p).unwrap_or(fallback),
            Dest::Service(s) => {
                let svc = &self.services[s as usize];
                svc.backends
                    .first()
                    .and_then(|&b| {
                        let want = own(b)?;
                        svc.ports.iter().find(|(_, t)| *t == Some(want)).map(|(p, _)| *p)
                    })
                    .or_else(|| svc.ports.iter().find(|(p, _)| *p == fallback).map(|p| p.0))
                    .unwrap_or(fallback)
            }
            _ => fallback,
        }
    }
}

/// `hls { enabled on; }` in the default vhost of a plain config.
fn hls_enabled(config: &crate::conf::LoadedConfig) -> bool {
    use crate::checks::getters;
    config
        .directives
        .iter()
        .filter(|d| d.name.text == "vhost")
        .find(|d| d.arg0() == DEFAULT_VHOST)
        .and_then(|v| v.get("hls"))
        .is_some_and(|h| getters::flag(h.get("enabled"), false))
}
