//! The deployment as a picture for the web app: workloads, pods, services,
//! ConfigMaps, claims, volumes and the hosts configs name that are not in
//! the manifests, with the references between them, placed left to right
//! by [`layered`]. A reference carries the diagnostics that point at it,
//! and is `broken` when one of them is an error.
//!
//! A pod is drawn with its containers and SRS servers folded in (its role,
//! ports and config are in its details): one box per pod keeps a
//! StatefulSet of three readable where the model has nine nodes. A host
//! that resolves is not drawn: the reference goes to the pod or service
//! it names.

pub mod layered;

use super::graph::{Edge, HostUse, Node, NodeData};
use super::names::Resolution;
use super::srs::{Role, SrsServer, DEFAULT_VHOST};
use super::Deployment;
use crate::diagnostic::{Diagnostic, Severity};
use crate::hash::HashMap;
use crate::source::{FileId, Sources, Span};
use layered::{LayoutEdge, Size};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// Nodes drawn at most: a paste of a thousand copies of a manifest must not
/// freeze the page, and a picture of more is not read anyway.
pub const MAX_NODES: usize = 400;
/// Edges drawn at most.
pub const MAX_EDGES: usize = 2000;
/// Labels longer than this are cut (the details have the whole name).
const MAX_LABEL_CHARS: usize = 30;
/// An approximation of the label font's advance: boxes are sized without
/// measuring text, which the core cannot do.
const CHAR_WIDTH: i32 = 7;
const NODE_HEIGHT: i32 = 44;
const MIN_NODE_WIDTH: i32 = 96;

/// What a box stands for; it decides the shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// StatefulSet, Deployment, DaemonSet, ReplicaSet, Job, CronJob.
    Workload,
    Pod,
    Service,
    ConfigMap,
    Claim,
    Volume,
    /// A host a config names that is no pod or service of the manifests.
    Host,
    /// Any other object.
    Object,
}

impl NodeKind {
    /// Kebab-case, for CSS classes and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Workload => "workload",
            NodeKind::Pod => "pod",
            NodeKind::Service => "service",
            NodeKind::ConfigMap => "configmap",
            NodeKind::Claim => "claim",
            NodeKind::Volume => "volume",
            NodeKind::Host => "host",
            NodeKind::Object => "object",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureNode {
    /// Stable across lints: `pod:default/srs-origin-0`.
    pub id: String,
    pub kind: NodeKind,
    /// The first line: `StatefulSet`, `Pod · SRS edge`, `unresolved host`.
    pub caption: String,
    /// The second line: the name, cut to fit.
    pub label: String,
    /// The role of the SRS servers a pod runs; `None` for other nodes and
    /// for pods that run no SRS.
    pub role: Option<Role>,
    /// A host that no pod or service answers to, named by a broken reference.
    pub unresolved: bool,
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// What a click shows: the object, where it is written, and for a pod
    /// its containers, SRS role, listen ports and cluster settings.
    pub details: Vec<String>,
}

/// A diagnostic that points at a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureEdge {
    /// Indices into [`Picture::nodes`].
    pub from: usize,
    pub to: usize,
    /// What the reference is (`selects`, `origin srs-origin2.socs`); the
    /// references one pair of nodes has are joined with `; `.
    pub label: String,
    /// An error points at the reference: every check of a reference that
    /// does not work (SRS306, SRS307, SRS501, SRS503-SRS505) is one. A
    /// warning (SRS502: the list misses pods) is attached, not breaking.
    pub broken: bool,
    pub diagnostics: Vec<EdgeDiagnostic>,
    /// SVG path data from `from` to `to`.
    pub path: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    pub width: i32,
    pub height: i32,
    pub nodes: Vec<PictureNode>,
    pub edges: Vec<PictureEdge>,
    /// More nodes or edges than [`MAX_NODES`] / [`MAX_EDGES`]: whole
    /// neighbourhoods of the first objects (in the order of the manifests)
    /// are drawn, and the references between them.
    pub truncated: bool,
    /// How many there were before the cut.
    pub total_nodes: usize,
    pub total_edges: usize,
}

/// Draws `deployment`; `diagnostics` are the lint run's (spans in the
/// user's files), `sources` maps the model's spans to those files.
pub fn picture(deployment: &Deployment, sources: &Sources, diagnostics: &[Diagnostic]) -> Picture {
    let graph = &deployment.graph;
    // What could be drawn, in the model's order; boxes are made only for
    // those kept.
    let mut candidates: Vec<(NodeIndex, NodeKind)> = Vec::new();
    // Model node → its candidate (a container's and a server's is their pod's).
    let mut drawn: HashMap<NodeIndex, usize> = HashMap::default();
    for (ix, node) in deployment.nodes() {
        let Some(kind) = kind_of(node) else { continue };
        if kind == NodeKind::Host && resolved_target(deployment, node).is_some() {
            continue;
        }
        drawn.insert(ix, candidates.len());
        candidates.push((ix, kind));
    }
    for (ix, node) in deployment.nodes() {
        let pod = match node.data {
            NodeData::Container(_) => deployment.sources(ix, "runs").into_iter().next(),
            NodeData::SrsServer(_) => deployment.pod_of_server(ix),
            _ => None,
        };
        if let Some(at) = pod.and_then(|p| drawn.get(&p).copied()) {
            drawn.insert(ix, at);
        }
    }

    let located = Located::new(diagnostics);
    let mut edges: Vec<Pending> = Vec::new();
    let mut by_pair: HashMap<(usize, usize), usize> = HashMap::default();
    for e in graph.edge_references() {
        let Some(reference) = reference(deployment, sources, &located, e.source(), e.target(), e.weight()) else {
            continue;
        };
        let (Some(&from), Some(&to)) = (drawn.get(&reference.from), drawn.get(&reference.to)) else {
            continue;
        };
        if let Some(pending) = by_pair.get(&(from, to)).and_then(|&at| edges.get_mut(at)) {
            pending.merge(reference);
        } else {
            by_pair.insert((from, to), edges.len());
            edges.push(Pending {
                from,
                to,
                labels: vec![reference.label],
                ranks: reference.ranks,
                diagnostics: reference.diagnostics,
            });
        }
    }
    let (total_nodes, total_edges) = (candidates.len(), edges.len());
    let kept = keep_connected(candidates.len(), &edges, MAX_NODES);
    let mut edges: Vec<Pending> = edges
        .into_iter()
        .filter_map(|mut e| {
            e.from = kept.get(e.from).copied().flatten()?;
            e.to = kept.get(e.to).copied().flatten()?;
            Some(e)
        })
        .collect();
    edges.truncate(MAX_EDGES);
    let mut nodes: Vec<PictureNode> = candidates
        .iter()
        .zip(&kept)
        .filter(|(_, k)| k.is_some())
        .map(|(&(ix, kind), _)| box_for(deployment, ix, deployment.node(ix), kind))
        .collect();

    let sizes: Vec<Size> = nodes.iter().map(size_of).collect();
    let layout_edges: Vec<LayoutEdge> = edges
        .iter()
        .map(|e| LayoutEdge {
            from: e.from,
            to: e.to,
            ranks: e.ranks,
        })
        .collect();
    let drawing = layered::draw(&sizes, &layout_edges);
    for (node, placed) in nodes.iter_mut().zip(&drawing.boxes) {
        node.x = placed.x;
        node.y = placed.y;
        node.width = placed.width;
        node.height = placed.height;
    }
    let broken_hosts: Vec<usize> = edges
        .iter()
        .filter(|e| e.broken() && nodes.get(e.to).is_some_and(|n| n.kind == NodeKind::Host))
        .map(|e| e.to)
        .collect();
    for at in broken_hosts {
        if let Some(host) = nodes.get_mut(at) {
            host.unresolved = true;
        }
    }
    let edges: Vec<PictureEdge> = edges
        .into_iter()
        .zip(drawing.paths)
        .map(|(e, path)| PictureEdge {
            broken: e.broken(),
            from: e.from,
            to: e.to,
            label: e.labels.join("; "),
            diagnostics: e.diagnostics,
            path,
        })
        .collect();
    Picture {
        width: drawing.width,
        height: drawing.height,
        truncated: total_nodes > nodes.len() || total_edges > edges.len(),
        nodes,
        edges,
        total_nodes,
        total_edges,
    }
}

/// Which of `count` nodes to draw when there are more than `max`, as
/// their new indices: a depth-first walk over the references (either
/// way), from each node not yet seen in order, so what is drawn is whole
/// neighbourhoods (a workload, its pods, their services and volumes), not
/// the first objects of a file without anything they connect to.
fn keep_connected(count: usize, edges: &[Pending], max: usize) -> Vec<Option<usize>> {
    if count <= max {
        return (0..count).map(Some).collect();
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    for e in edges {
        if e.from < count && e.to < count {
            neighbours[e.from].push(e.to);
            neighbours[e.to].push(e.from);
        }
    }
    let mut chosen = vec![false; count];
    let mut taken = 0;
    for root in 0..count {
        if taken == max {
            break;
        }
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if taken == max {
                break;
            }
            if chosen[v] {
                continue;
            }
            chosen[v] = true;
            taken += 1;
            // Reversed: the first neighbour is walked first.
            stack.extend(neighbours[v].iter().rev().filter(|&&w| !chosen[w]));
        }
    }
    // In the model's order, which the layout breaks ties by.
    let mut next = 0;
    chosen
        .into_iter()
        .map(|c| {
            c.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// An edge of the picture before it is placed.
struct Pending {
    from: usize,
    to: usize,
    labels: Vec<String>,
    ranks: bool,
    diagnostics: Vec<EdgeDiagnostic>,
}

impl Pending {
    fn merge(&mut self, other: Reference) {
        if !self.labels.contains(&other.label) {
            self.labels.push(other.label);
        }
        self.ranks |= other.ranks;
        for d in other.diagnostics {
            if !self.diagnostics.contains(&d) {
                self.diagnostics.push(d);
            }
        }
    }

    fn broken(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// One model edge as the picture draws it (between model nodes still).
struct Reference {
    from: NodeIndex,
    to: NodeIndex,
    label: String,
    ranks: bool,
    diagnostics: Vec<EdgeDiagnostic>,
}

fn reference(
    deployment: &Deployment,
    sources: &Sources,
    located: &Located,
    from: NodeIndex,
    to: NodeIndex,
    edge: &Edge,
) -> Option<Reference> {
    let plain = |label: String| Reference {
        from,
        to,
        label,
        ranks: true,
        diagnostics: Vec::new(),
    };
    Some(match edge {
        // Inside a pod's box.
        Edge::Runs | Edge::RunsConfig | Edge::ResolvesTo => return None,
        Edge::Owns | Edge::Selects | Edge::Governs | Edge::Binds => plain(edge.kind().to_string()),
        Edge::Mounts { volume } => plain(format!("mounts {volume}")),
        Edge::ConfigFrom { key } => plain(format!("reads its config from {key}")),
        Edge::Names(mention) => {
            let (usage, text, span) = (&mention.usage, &mention.text, &mention.span);
            let host = deployment.node(to);
            Reference {
                from,
                to: resolved_target(deployment, host).unwrap_or(to),
                label: format!("{} {text}", usage_name(*usage)),
                // Coworkers are peers: the reference says nothing of order
                // (a host that is no pod still goes after who names it).
                ranks: *usage != HostUse::Coworker || resolved_target(deployment, host).is_none(),
                diagnostics: located.at(sources.to_real(*span)),
            }
        }
    })
}

/// The pod or service a host name resolves to.
fn resolved_target(deployment: &Deployment, node: &Node) -> Option<NodeIndex> {
    let NodeData::HostName(host) = &node.data else {
        return None;
    };
    match host.resolved {
        Resolution::Pod(ix) | Resolution::Service(ix) if ix.index() < deployment.graph.node_count() => Some(ix),
        _ => None,
    }
}

/// The diagnostics by where they start, per file: a reference gets those
/// that start inside its word. One that starts before it is about more
/// than the word (a whole directive) and is not the reference's.
struct Located {
    by_file: HashMap<FileId, Vec<(u32, EdgeDiagnostic)>>,
}

impl Located {
    fn new(diagnostics: &[Diagnostic]) -> Located {
        let mut by_file: HashMap<FileId, Vec<(u32, EdgeDiagnostic)>> = HashMap::default();
        for d in diagnostics {
            by_file.entry(d.primary.span.file).or_default().push((
                d.primary.span.start,
                EdgeDiagnostic {
                    code: d.code,
                    severity: d.severity,
                    message: d.message.clone(),
                },
            ));
        }
        for list in by_file.values_mut() {
            list.sort_by_key(|(start, _)| *start);
        }
        Located { by_file }
    }

    fn at(&self, span: Span) -> Vec<EdgeDiagnostic> {
        let Some(list) = self.by_file.get(&span.file) else {
            return Vec::new();
        };
        let first = list.partition_point(|(start, _)| *start < span.start);
        let mut found: Vec<EdgeDiagnostic> = Vec::new();
        for (start, d) in list.get(first..).unwrap_or_default() {
            if *start >= span.end.max(span.start.saturating_add(1)) {
                break;
            }
            if !found.contains(d) {
                found.push(d.clone());
            }
        }
        found
    }
}

fn kind_of(node: &Node) -> Option<NodeKind> {
    Some(match &node.data {
        NodeData::Object(o) => match o.kind.as_str() {
            "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob" => NodeKind::Workload,
            "ConfigMap" => NodeKind::ConfigMap,
            _ => NodeKind::Object,
        },
        NodeData::Pod(_) => NodeKind::Pod,
        NodeData::Service(_) => NodeKind::Service,
        NodeData::Claim(_) => NodeKind::Claim,
        NodeData::PersistentVolume(_) => NodeKind::Volume,
        NodeData::HostName(_) => NodeKind::Host,
        NodeData::Container(_) | NodeData::SrsServer(_) => return None,
    })
}

fn size_of(node: &PictureNode) -> Size {
    let chars = node.caption.chars().count().max(node.label.chars().count());
    let chars = i32::try_from(chars).unwrap_or(i32::MAX / CHAR_WIDTH);
    Size {
        width: (chars * CHAR_WIDTH + 24).max(MIN_NODE_WIDTH),
        height: NODE_HEIGHT,
    }
}

fn box_for(deployment: &Deployment, ix: NodeIndex, node: &Node, kind: NodeKind) -> PictureNode {
    let servers: Vec<&SrsServer> = match node.data {
        NodeData::Pod(_) => deployment
            .servers_in(ix)
            .into_iter()
            .filter_map(|s| match &deployment.node(s).data {
                NodeData::SrsServer(server) => Some(&**server),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let role = servers
        .iter()
        .map(|s| s.role)
        .reduce(|a, b| if a == b { a } else { Role::Mixed });
    let caption = match &node.data {
        NodeData::Object(o) => o.kind.to_string(),
        NodeData::Pod(_) => match role {
            Some(role) => format!("Pod · SRS {}", role_name(role)),
            None => "Pod".to_string(),
        },
        NodeData::Service(s) if s.headless => "Service (headless)".to_string(),
        NodeData::Service(s) => format!("Service ({})", s.service_type),
        NodeData::Claim(_) => "PersistentVolumeClaim".to_string(),
        NodeData::PersistentVolume(_) => "PersistentVolume".to_string(),
        NodeData::HostName(h) => match h.resolved {
            Resolution::Unknown => "unresolved host".to_string(),
            Resolution::Loopback => "loopback host".to_string(),
            _ => "external host".to_string(),
        },
        NodeData::Container(_) | NodeData::SrsServer(_) => String::new(),
    };
    let name = match &node.data {
        NodeData::HostName(h) => h.host.clone(),
        _ => node.name.to_string(),
    };
    PictureNode {
        id: super::dot::key(node),
        kind,
        caption,
        label: cut(&name),
        role,
        unresolved: false,
        x: 0,
        y: 0,
        width: 0,
        height: 0,
        details: details(deployment, ix, node, &servers),
    }
}

fn cut(name: &str) -> String {
    if name.chars().count() <= MAX_LABEL_CHARS {
        return name.to_string();
    }
    let mut out: String = name.chars().take(MAX_LABEL_CHARS - 1).collect();
    out.push('…');
    out
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Origin => "origin",
        Role::Edge => "edge",
        Role::Standalone => "standalone",
        Role::Mixed => "mixed",
    }
}

fn usage_name(usage: HostUse) -> &'static str {
    match usage {
        HostUse::Coworker => "coworker",
        HostUse::Origin => "origin",
        HostUse::Forward => "forward",
        HostUse::Hook => "hook",
        HostUse::Heartbeat => "heartbeat",
    }
}

fn details(deployment: &Deployment, ix: NodeIndex, node: &Node, servers: &[&SrsServer]) -> Vec<String> {
    let what = node.object_kind().unwrap_or(match node.data {
        NodeData::HostName(_) => "Host",
        _ => node.kind(),
    });
    let mut out = vec![if node.namespace.is_empty() {
        format!("{what} {}", node.name)
    } else {
        format!("{what} {} in namespace {}", node.name, node.namespace)
    }];
    if let Some(at) = &node.location {
        out.push(format!("written at {}:{}", at.file, at.line));
    }
    match &node.data {
        NodeData::Object(o) => {
            if let Some(replicas) = o.replicas {
                out.push(format!("replicas: {replicas}"));
            }
            if o.invalid {
                out.push("the API server would refuse it (see its diagnostics)".to_string());
            }
        }
        NodeData::Pod(p) => {
            if let Some(owner) = &p.owner {
                out.push(format!("owned by {owner}"));
            }
            if p.generated {
                out.push("its name is made up: other pods cannot reach it by name".to_string());
            }
            if let Some(dns) = &p.dns_name {
                out.push(format!("DNS name: {dns}"));
            }
            for c in deployment.targets(ix, "runs") {
                if let NodeData::Container(c) = &deployment.node(c).data {
                    let ports: Vec<String> = c.ports.iter().map(i32::to_string).collect();
                    out.push(format!(
                        "container {}: {}{}",
                        c.container,
                        c.image.as_deref().unwrap_or("no image"),
                        if ports.is_empty() {
                            String::new()
                        } else {
                            format!(", ports {}", ports.join(" "))
                        }
                    ));
                }
            }
            if servers.is_empty() {
                out.push("runs no SRS".to_string());
            }
            for s in servers {
                out.extend(server_details(s));
            }
        }
        NodeData::Service(s) => {
            out.push(format!(
                "type {}{}",
                s.service_type,
                if s.headless { ", headless" } else { "" }
            ));
            let ports: Vec<String> = s
                .ports
                .iter()
                .map(|p| match &p.target_port {
                    super::graph::PortRef::Number(n) if *n == p.port => format!("{}/{}", p.port, p.protocol),
                    super::graph::PortRef::Number(n) => format!("{}→{n}/{}", p.port, p.protocol),
                    super::graph::PortRef::Name(n) => format!("{}→{n}/{}", p.port, p.protocol),
                })
                .collect();
            out.push(format!("ports: {}", ports.join(", ")));
            let selector: Vec<String> = s.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.push(format!("selects: {}", selector.join(", ")));
            let pods = deployment.selected_by(ix).len();
            out.push(format!("{pods} pods match"));
        }
        NodeData::Claim(c) => {
            out.push(format!(
                "storage class {}, {}, requests {}",
                c.storage_class.as_deref().unwrap_or("(default)"),
                c.access_modes.join(" "),
                c.request.as_deref().unwrap_or("nothing")
            ));
        }
        NodeData::PersistentVolume(v) => {
            out.push(format!(
                "storage class {}, {}, capacity {}",
                v.storage_class.as_deref().unwrap_or("(none)"),
                v.access_modes.join(" "),
                v.capacity.as_deref().unwrap_or("unknown")
            ));
            if let Some(claim) = &v.claim_ref {
                out.push(format!("reserved for {claim}"));
            }
        }
        NodeData::HostName(h) => {
            out.push(format!("resolves to: {}", h.resolution));
            if let Some(s) = &h.suggestion {
                out.push(format!("did you mean {s}?"));
            }
            if h.resolved == Resolution::Unknown {
                out.push("named by SRS configs, but no pod or service of these manifests has this name".to_string());
            }
        }
        NodeData::Container(_) | NodeData::SrsServer(_) => {}
    }
    out
}

fn server_details(s: &SrsServer) -> Vec<String> {
    let mut out = Vec::new();
    let rtmp: Vec<String> = s.listen.iter().map(|l| l.port.to_string()).collect();
    let mut ports = format!(
        "rtmp {}",
        if rtmp.is_empty() {
            "none".to_string()
        } else {
            rtmp.join(" ")
        }
    );
    if s.http_api.enabled {
        ports.push_str(&format!(", http api {}", s.http_api.port));
    }
    if s.http_server.enabled {
        ports.push_str(&format!(", http server {}", s.http_server.port));
    }
    out.push(format!("SRS role: {} (listens on {ports})", role_name(s.role)));
    let config = if s.env_only {
        "SRS_* variables only".to_string()
    } else if s.configmap.is_empty() {
        s.path.clone()
    } else {
        format!("{} key {} at {}", s.configmap, s.key, s.path)
    };
    out.push(format!("config: {config}"));
    if let Some(v) = s.vhost(DEFAULT_VHOST) {
        let words = |refs: &[super::srs::HostRef]| refs.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" ");
        if !v.origins.is_empty() {
            out.push(format!("origins: {}", words(&v.origins)));
        }
        if !v.coworkers.is_empty() {
            out.push(format!("coworkers: {}", words(&v.coworkers)));
        }
    }
    out
}

#[cfg(test)]
mod tests;
