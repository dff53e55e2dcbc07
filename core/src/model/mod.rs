//! The deployment model: a graph of the Kubernetes objects read from
//! manifests, the pods they expand into, the containers of those pods, the
//! SRS server each container runs (with the config it really reads), the
//! services and what they select, claims and the volumes they bind, and
//! every host name a config mentions, resolved the way cluster DNS would.
//!
//! It is plain data: the checks that look across objects, the routing
//! simulator and the web app read it; `srs-check graph` prints it
//! ([`Deployment::to_json`], [`Deployment::to_dot`]). It reports nothing
//! itself: what it could not work out is in [`Deployment::unresolved`].
//!
//! What the model assumes, in one place:
//! - SRS images (`ossrs/srs`, `…/ossrs/srs`, any repository whose last path
//!   component is `srs`) have no `ENTRYPOINT`, `WORKDIR /usr/local/srs` and
//!   `CMD ["./objs/srs", "-c", "conf/srs.conf"]` (ossrs/srs `trunk/Dockerfile`;
//!   SRS's own Kubernetes guides mount their ConfigMap at
//!   `/usr/local/srs/conf` with the key `srs.conf` to replace that file).
//! - The cluster domain is `cluster.local`; pods use the default DNS policy
//!   (search `<ns>.svc.cluster.local svc.cluster.local cluster.local`).
//! - Pods of Deployments and DaemonSets get made-up names (`<name>-<i>`; a
//!   DaemonSet gets one) and no DNS name of their own.
//! - From SRS 5.0 (and for images whose version is unknown) the literal
//!   `SRS_*` variables of a container override its config: each server is
//!   read from its effective config ([`env`]), whose overridden words point
//!   at the env entries. `SRS_CONFIG_FILE` and `SRS_ENV_ONLY`/`-e` choose
//!   the file; an env-only server is read from its variables and defaults.

mod build;
pub mod dot;
pub mod env;
pub mod graph;
pub mod image;
mod json;
pub mod launch;
pub mod layout;
pub mod mounts;
pub mod names;
pub mod pods;
pub mod srs;
pub mod storage;

#[cfg(test)]
mod tests;

pub use build::build;
pub use graph::{Edge, HostUse, Location, Node, NodeData};
pub use mounts::UnresolvedReason;
pub use names::Resolution;
pub use srs::Role;

use crate::conf::{Directive, LoadedConfig};
use crate::source::Span;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

/// An SRS config that the lint run found in a ConfigMap: which key of which
/// ConfigMap, and the config it loaded from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmbeddedConfig {
    pub namespace: String,
    pub configmap: String,
    pub key: String,
    /// Index into [`crate::LintResult::configs`].
    pub config_index: usize,
}

/// A container that runs SRS but whose config the model could not find.
#[derive(Clone, Debug, Serialize)]
pub struct Unresolved {
    /// The workload (or Pod object) node the container belongs to.
    #[serde(skip)]
    pub object: NodeIndex,
    /// `StatefulSet/srs-origin`.
    pub owner: String,
    pub namespace: String,
    pub container: String,
    /// The absolute path SRS reads, when known.
    pub path: Option<String>,
    /// Where to point: the `-c` argument, the mount, the ConfigMap name, or
    /// the container's image when the path is the image's default.
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub location: Option<Location>,
    #[serde(flatten)]
    pub reason: UnresolvedReason,
}

/// The deployment model: see the module docs.
#[derive(Debug, Default)]
pub struct Deployment {
    pub graph: DiGraph<Node, Edge>,
    /// SRS containers whose config is not known, in the order of their objects.
    pub unresolved: Vec<Unresolved>,
    /// The effective configs of servers whose containers override values
    /// with `SRS_*` variables, or run env-only ([`srs::SrsServer::effective`]).
    pub effective: Vec<Vec<Directive>>,
    names: names::NameIndex,
    /// The hash of (`pod` | `service` | object kind, namespace, name) → the
    /// nodes of that hash, first first; built on first use: lookups stay
    /// constant-time however many objects a run reads. Keyed by hash, not
    /// by copies of the names: a large run has a hundred thousand nodes.
    by_name: std::sync::OnceLock<crate::hash::HashMap<u64, smallvec::SmallVec<[NodeIndex; 1]>>>,
}

/// The key of [`Deployment::lookup`]'s index.
fn name_key(kind: &str, namespace: &str, name: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one((kind, namespace, name))
}

impl Deployment {
    pub fn node(&self, ix: NodeIndex) -> &Node {
        &self.graph[ix]
    }

    /// Every node with its index, in the order they were added (objects in
    /// input order, then what each expands into).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(move |ix| (ix, &self.graph[ix]))
    }

    /// The pods, with their pod data.
    pub fn pods(&self) -> impl Iterator<Item = (NodeIndex, &Node, &graph::Pod)> {
        self.nodes().filter_map(|(ix, n)| match &n.data {
            NodeData::Pod(p) => Some((ix, n, &**p)),
            _ => None,
        })
    }

    /// The SRS servers, with their server data.
    pub fn servers(&self) -> impl Iterator<Item = (NodeIndex, &Node, &srs::SrsServer)> {
        self.nodes().filter_map(|(ix, n)| match &n.data {
            NodeData::SrsServer(s) => Some((ix, n, &**s)),
            _ => None,
        })
    }

    /// The containers, with their container data.
    pub fn containers(&self) -> impl Iterator<Item = (NodeIndex, &Node, &graph::Container)> {
        self.nodes().filter_map(|(ix, n)| match &n.data {
            NodeData::Container(c) => Some((ix, n, &**c)),
            _ => None,
        })
    }

    /// The services, with their service data.
    pub fn services(&self) -> impl Iterator<Item = (NodeIndex, &Node, &graph::Service)> {
        self.nodes().filter_map(|(ix, n)| match &n.data {
            NodeData::Service(s) => Some((ix, n, &**s)),
            _ => None,
        })
    }

    /// The pod of that name (real or made up) in `namespace`.
    pub fn find_pod(&self, namespace: &str, name: &str) -> Option<NodeIndex> {
        self.lookup("pod", namespace, name)
    }

    fn lookup(&self, kind: &str, namespace: &str, name: &str) -> Option<NodeIndex> {
        let index = self.by_name.get_or_init(|| {
            let mut map: crate::hash::HashMap<u64, smallvec::SmallVec<[NodeIndex; 1]>> =
                crate::hash::HashMap::default();
            for (ix, n) in self.nodes() {
                let tag = match &n.data {
                    NodeData::Pod(_) => Some("pod"),
                    NodeData::Service(_) => Some("service"),
                    _ => None,
                };
                for kind in tag.into_iter().chain(n.object_kind()) {
                    let nodes = map.entry(name_key(kind, &n.namespace, &n.name)).or_default();
                    if !nodes.contains(&ix) {
                        nodes.push(ix);
                    }
                }
            }
            map
        });
        index
            .get(&name_key(kind, namespace, name))?
            .iter()
            .copied()
            .find(|&ix| {
                let n = &self.graph[ix];
                let is_kind = match kind {
                    "pod" => matches!(n.data, NodeData::Pod(_)) || n.object_kind() == Some(kind),
                    "service" => matches!(n.data, NodeData::Service(_)) || n.object_kind() == Some(kind),
                    _ => n.object_kind() == Some(kind),
                };
                is_kind && n.namespace == namespace && n.name == name
            })
    }

    /// The service of that name in `namespace`.
    pub fn find_service(&self, namespace: &str, name: &str) -> Option<NodeIndex> {
        self.lookup("service", namespace, name)
    }

    /// The node of a Kubernetes object (`kind` as written), any node kind.
    pub fn find_object(&self, kind: &str, namespace: &str, name: &str) -> Option<NodeIndex> {
        self.lookup(kind, namespace, name)
    }

    /// The nodes `ix` points at through edges of one kind, in edge order.
    pub fn targets(&self, ix: NodeIndex, kind: &str) -> Vec<NodeIndex> {
        self.linked(ix, kind, Direction::Outgoing)
    }

    /// The nodes that point at `ix` through edges of one kind, in edge order.
    pub fn sources(&self, ix: NodeIndex, kind: &str) -> Vec<NodeIndex> {
        self.linked(ix, kind, Direction::Incoming)
    }

    fn linked(&self, ix: NodeIndex, kind: &str, dir: Direction) -> Vec<NodeIndex> {
        let mut found: Vec<(petgraph::graph::EdgeIndex, NodeIndex)> = self
            .graph
            .edges_directed(ix, dir)
            .filter(|e| e.weight().kind() == kind)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (e.id(), other)
            })
            .collect();
        // petgraph walks a node's edges newest first.
        found.sort_by_key(|(e, _)| *e);
        found.into_iter().map(|(_, n)| n).collect()
    }

    /// The pods a service selects.
    pub fn selected_by(&self, service: NodeIndex) -> Vec<NodeIndex> {
        self.targets(service, "selects")
    }

    /// The service that governs a StatefulSet (its `serviceName`), when it exists.
    pub fn governing_service(&self, statefulset: NodeIndex) -> Option<NodeIndex> {
        self.sources(statefulset, "governs").into_iter().next()
    }

    /// The SRS servers running in a pod.
    pub fn servers_in(&self, pod: NodeIndex) -> Vec<NodeIndex> {
        self.targets(pod, "runs")
            .into_iter()
            .flat_map(|c| self.targets(c, "runs-config"))
            .collect()
    }

    /// The directives SRS runs for `server`: its effective config, else its
    /// loaded config (includes spliced). `configs` are the lint run's.
    pub fn directives<'a>(&'a self, configs: &'a [LoadedConfig], server: &srs::SrsServer) -> &'a [Directive] {
        if let Some(tree) = server.effective.and_then(|i| self.effective.get(i)) {
            return tree;
        }
        server
            .config_index
            .and_then(|i| configs.get(i))
            .map_or(&[], |c| c.directives.as_slice())
    }

    /// The container that runs an SRS server.
    pub fn container_of(&self, server: NodeIndex) -> Option<&graph::Container> {
        self.sources(server, "runs-config")
            .into_iter()
            .find_map(|c| match &self.graph[c].data {
                NodeData::Container(data) => Some(&**data),
                _ => None,
            })
    }

    /// The pod an SRS server runs in.
    pub fn pod_of_server(&self, server: NodeIndex) -> Option<NodeIndex> {
        let container = self.sources(server, "runs-config").into_iter().next()?;
        self.sources(container, "runs").into_iter().next()
    }

    /// What `host` (`name`, `name:port`, an IP) means to a pod in
    /// `from_namespace`, the way cluster DNS resolves it.
    pub fn resolve(&self, host: &str, from_namespace: &str) -> Resolution {
        self.names.resolve(host, from_namespace)
    }

    /// A name that resolves from `from_namespace` and is a small edit away
    /// from `host`, written in the same form (`srs-origin2.socs` →
    /// `srs-origin-2.socs`; a port as written is kept). `None` when `host`
    /// resolves or nothing is close.
    pub fn suggest(&self, host: &str, from_namespace: &str) -> Option<String> {
        self.names.suggest(host, from_namespace)
    }

    /// The graph as JSON: `{"nodes": [...], "edges": [...], "unresolved": [...]}`,
    /// nodes with `id`, `kind`, `name`, `namespace`, `file` and `line` where
    /// known, and their kind's fields; edges with `from`, `to` and `kind`.
    pub fn to_json(&self) -> serde_json::Value {
        json::to_json(self)
    }

    /// The graph for Graphviz, in a stable order.
    pub fn to_dot(&self) -> String {
        dot::to_dot(self)
    }
}
