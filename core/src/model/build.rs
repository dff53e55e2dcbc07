//! Building the model from the objects and configs of a lint run.
//!
//! One pass over the objects adds a node for each; a second expands the
//! workloads into pods, containers and SRS servers; then services select
//! pods, pods get DNS names, claims bind volumes, and every host a config
//! names is resolved. Lookups go through hash maps, so building is linear
//! in the objects and the pods they expand into, except two matchings:
//! services × the pods that carry their selector's first label, and
//! claims × the volumes of their class that carry their selector's first
//! label (both small in practice).

use super::env::{self, ContainerEnv};
use super::graph::{self, Edge, HostName, Location, Mount, Node, NodeData, PortRef, Program};
use super::launch::{self, ConfigChoice, Launch};
use super::mounts::{self, ConfigMaps, SpecNodes, UnresolvedReason};
use super::names::{NameIndex, Resolution};
use super::pods::{self, Workload};
use super::srs::SrsServer;
use super::storage::{self, ClaimNeeds};
use super::{Deployment, EmbeddedConfig, Unresolved};
use crate::conf::{Directive, LoadedConfig};
use crate::hash::{HashMap, HashSet};
use crate::k8s::{Object, Typed};
use crate::labels::Labels;
use crate::source::{Sources, Span};
use compact_str::CompactString;
use petgraph::graph::NodeIndex;
use std::sync::Arc;

/// Builds the model. `configs` are the lint run's configs and `embedded`
/// says which of them came from which ConfigMap key (see
/// [`crate::LintResult::embedded`]); `sources` gives places in files.
pub fn build(
    objects: &[Object],
    sources: &Sources,
    configs: &[LoadedConfig],
    embedded: &[EmbeddedConfig],
) -> Deployment {
    let mut b = Builder {
        d: Deployment::default(),
        sources,
        configs,
        embedded: embedded
            .iter()
            .map(|e| {
                (
                    (e.namespace.as_str(), e.configmap.as_str(), e.key.as_str()),
                    e.config_index,
                )
            })
            .collect(),
        configmaps: ConfigMaps::default(),
        object_nodes: Vec::with_capacity(objects.len()),
        configmap_nodes: HashMap::default(),
        services: HashMap::default(),
        service_list: Vec::new(),
        claims: HashMap::default(),
        claim_list: Vec::new(),
        volumes: Vec::new(),
        pods: Vec::new(),
    };
    // The node and edge lists of a large run are megabytes: grown by
    // doubling, each step copies the list, and at the end a quarter to a
    // half of it was room never used. Sized once from the pods to come (a
    // pod's container and server nodes; the host names configs mention, an
    // eighth more; and two edges a node and some: owns, runs, mounts,
    // selects, names). Room not used is given back when the build ends.
    let pod_nodes: usize = objects
        .iter()
        .filter_map(pods::workload)
        .map(|w| w.pod_count() * (1 + 2 * w.spec.containers.len()))
        .sum();
    let nodes = (objects.len() + pod_nodes) * 9 / 8 + 16;
    b.d.graph.reserve_nodes(nodes);
    b.d.graph.reserve_edges(nodes * 9 / 4);
    for (i, object) in objects.iter().enumerate() {
        b.object(i, object);
    }
    for (i, object) in objects.iter().enumerate() {
        if let Some(w) = pods::workload(object) {
            b.workload(i, object, &w);
        }
    }
    let selected = b.selections();
    b.dns(&selected);
    b.bindings();
    b.hosts();
    // The model lives as long as the run: no room to spare (the node and
    // edge lists grew by doubling).
    b.d.graph.shrink_to_fit();
    b.d
}

/// A server's host mentions, each with its host in lower case.
type Mentions = Arc<[(String, Arc<graph::HostMention>)]>;

/// A pod as the later passes need it.
struct PodRecord {
    node: NodeIndex,
    namespace: CompactString,
    hostname: Option<String>,
    subdomain: Option<String>,
    generated: bool,
}

/// What every pod of a workload gets for one container.
struct ContainerPlan {
    /// Shared by the workload's pods: their containers differ only in the
    /// pod they stand in, which the graph says.
    data: Arc<graph::Container>,
    span: Option<Span>,
    /// The server, the ConfigMap it reads, and where its node points.
    server: Option<(Arc<SrsServer>, Option<NodeIndex>, Span)>,
}

struct Builder<'a> {
    d: Deployment,
    sources: &'a Sources,
    configs: &'a [LoadedConfig],
    embedded: HashMap<(&'a str, &'a str, &'a str), usize>,
    configmaps: ConfigMaps<'a>,
    object_nodes: Vec<NodeIndex>,
    configmap_nodes: HashMap<(&'a str, &'a str), NodeIndex>,
    services: HashMap<(CompactString, CompactString), NodeIndex>,
    service_list: Vec<NodeIndex>,
    claims: HashMap<(CompactString, CompactString), NodeIndex>,
    /// Claims in order, with what they ask of a volume.
    claim_list: Vec<(NodeIndex, ClaimNeeds)>,
    /// PersistentVolumes in order, with their volume mode.
    volumes: Vec<(NodeIndex, Option<String>)>,
    pods: Vec<PodRecord>,
}

impl<'a> Builder<'a> {
    fn locate(&self, span: Span) -> Option<Location> {
        locate(self.sources, span)
    }

    fn add(
        &mut self,
        name: impl Into<CompactString>,
        namespace: impl Into<CompactString>,
        span: Option<Span>,
        object: Option<usize>,
        data: NodeData,
    ) -> NodeIndex {
        let location = span.and_then(|s| self.locate(s));
        self.d.graph.add_node(Node {
            name: name.into(),
            namespace: namespace.into(),
            span,
            location,
            object,
            data,
        })
    }

    /// A node for one object.
    fn object(&mut self, i: usize, o: &'a Object) {
        let span = Some(o.at(&["metadata", "name"]).map_or(o.span(), |n| n.span));
        let (name, ns) = (o.name.clone(), o.namespace.clone());
        let labels = || -> Labels {
            o.at(&["metadata", "labels"])
                .map(|l| {
                    l.entries()
                        .iter()
                        .filter_map(|(k, v)| Some((k.as_str()?, v.as_str()?)))
                        .collect()
                })
                .unwrap_or_default()
        };
        let ix = match &o.typed {
            Typed::Service(s) => {
                let spec = s.spec.clone().unwrap_or_default();
                let ports = spec
                    .ports
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| graph::ServicePort {
                        target_port: match p.target_port {
                            Some(crate::k8s::slim::IntOrString::Int(n)) => PortRef::Number(n),
                            Some(crate::k8s::slim::IntOrString::String(s)) => PortRef::Name(s),
                            None => PortRef::Number(p.port),
                        },
                        name: p.name,
                        port: p.port,
                        protocol: p.protocol.unwrap_or_else(|| "TCP".into()),
                        node_port: p.node_port,
                    })
                    .collect();
                let data = graph::Service {
                    service_type: spec.type_.unwrap_or_else(|| "ClusterIP".into()),
                    headless: spec.cluster_ip.as_deref() == Some("None"),
                    selector: spec.selector.unwrap_or_default(),
                    ports,
                };
                let ix = self.add(
                    name.clone(),
                    ns.clone(),
                    span,
                    Some(i),
                    NodeData::Service(Box::new(data)),
                );
                self.services.insert((ns, name), ix);
                self.service_list.push(ix);
                ix
            }
            Typed::PersistentVolumeClaim(c) => {
                let data = storage::claim(c.spec.as_ref(), None);
                let ix = self.add(name.clone(), ns.clone(), span, Some(i), NodeData::Claim(Box::new(data)));
                self.claims.insert((ns, name), ix);
                self.claim_list.push((ix, ClaimNeeds::of(c.spec.as_ref())));
                ix
            }
            Typed::PersistentVolume(p) => {
                let data = storage::persistent_volume(p.spec.as_ref(), labels());
                let mode = p.spec.as_ref().and_then(|s| s.volume_mode.clone());
                let ix = self.add(name, ns, span, Some(i), NodeData::PersistentVolume(Box::new(data)));
                self.volumes.push((ix, mode));
                ix
            }
            Typed::Pod(_) => {
                // Filled in with the workloads.
                let data = graph::Pod {
                    ordinal: None,
                    labels: Labels::new(),
                    owner: None,
                    hostname: None,
                    subdomain: None,
                    dns_name: None,
                    generated: false,
                };
                self.add(name, ns, span, Some(i), NodeData::Pod(Box::new(data)))
            }
            typed => {
                let replicas = match typed {
                    Typed::StatefulSet(s) => Some(s.spec.replicas.unwrap_or(1)),
                    Typed::Deployment(d) => Some(d.spec.replicas.unwrap_or(1)),
                    _ => None,
                };
                let data = graph::Object {
                    kind: o.kind.as_str().into(),
                    api_version: o.api_version.as_str().into(),
                    replicas,
                    invalid: typed.is_invalid(),
                };
                self.add(name, ns, span, Some(i), NodeData::Object(Box::new(data)))
            }
        };
        if o.kind == "ConfigMap" && o.api_version == "v1" {
            self.configmaps.insert(i, o);
            self.configmap_nodes.insert((o.namespace.as_str(), o.name.as_str()), ix);
        }
        self.object_nodes.push(ix);
    }

    /// A workload's (or a Pod's) pods, containers and servers.
    fn workload(&mut self, i: usize, o: &'a Object, w: &Workload<'a>) {
        let owner = self.object_nodes[i];
        let ns = o.namespace.clone();
        if let Some(service) = w.service_name {
            if let Some(&svc) = self.services.get(&(ns.clone(), service.into())) {
                self.d.graph.add_edge(svc, owner, Edge::Governs);
            }
        }
        let plans: Vec<ContainerPlan> = w
            .spec
            .containers
            .iter()
            .enumerate()
            .map(|(ci, c)| self.container_plan(owner, o, w, ci, c))
            .collect();
        let owner_span = self.d.graph[owner].span;
        for mut plan in w.pods() {
            let pod_data = graph::Pod {
                ordinal: plan.ordinal,
                labels: std::mem::take(&mut plan.labels),
                owner: (!matches!(o.typed, Typed::Pod(_))).then(|| o.display_name().into()),
                hostname: plan.hostname.as_deref().map(Into::into),
                subdomain: plan.subdomain.as_deref().map(Into::into),
                dns_name: None,
                generated: plan.generated,
            };
            let pod = if matches!(o.typed, Typed::Pod(_)) {
                self.d.graph[owner].data = NodeData::Pod(Box::new(pod_data));
                owner
            } else {
                let pod = self.add(
                    plan.name.clone(),
                    ns.clone(),
                    owner_span,
                    None,
                    NodeData::Pod(Box::new(pod_data)),
                );
                self.d.graph.add_edge(owner, pod, Edge::Owns);
                pod
            };
            self.pods.push(PodRecord {
                node: pod,
                namespace: ns.clone(),
                hostname: plan.hostname.clone(),
                subdomain: plan.subdomain.clone(),
                generated: plan.generated,
            });

            for cp in &plans {
                let name = format!("{}/{}", plan.name, cp.data.container);
                let container = self.add(
                    name.clone(),
                    ns.clone(),
                    cp.span,
                    None,
                    NodeData::Container(Arc::clone(&cp.data)),
                );
                self.d.graph.add_edge(pod, container, Edge::Runs);
                if let Some((server, configmap, at)) = &cp.server {
                    let span = Some(*at);
                    let key = server.key.clone();
                    let s = self.add(name, ns.clone(), span, None, NodeData::SrsServer(Arc::clone(server)));
                    self.d.graph.add_edge(container, s, Edge::RunsConfig);
                    if let Some(cm) = configmap {
                        self.d.graph.add_edge(s, *cm, Edge::ConfigFrom { key: key.into() });
                    }
                }
            }
            self.mounts(o, w, pod, &plan.name);
        }
    }

    /// The pod's volumes: ConfigMaps and claims, and the claims its
    /// StatefulSet makes for it.
    fn mounts(&mut self, o: &Object, w: &Workload<'a>, pod: NodeIndex, pod_name: &str) {
        let ns = o.namespace.as_str();
        for v in w.spec.volumes.iter().flatten() {
            let mut configmaps: Vec<&str> = Vec::new();
            if let Some(cm) = &v.config_map {
                configmaps.push(&cm.name);
            }
            if let Some(p) = &v.projected {
                configmaps.extend(
                    p.sources
                        .iter()
                        .flatten()
                        .filter_map(|s| s.config_map.as_ref())
                        .map(|c| c.name.as_str()),
                );
            }
            for cm in configmaps {
                if let Some(&target) = self.configmap_nodes.get(&(ns, cm)) {
                    self.d.graph.add_edge(
                        pod,
                        target,
                        Edge::Mounts {
                            volume: v.name.as_str().into(),
                        },
                    );
                }
            }
            if let Some(pvc) = &v.persistent_volume_claim {
                if let Some(&claim) = self.claims.get(&(ns.into(), pvc.claim_name.as_str().into())) {
                    self.d.graph.add_edge(
                        pod,
                        claim,
                        Edge::Mounts {
                            volume: v.name.as_str().into(),
                        },
                    );
                }
            }
        }
        for (ti, template) in w.claim_templates.iter().enumerate() {
            let Some(tname) = template.metadata.name.as_deref() else {
                continue;
            };
            let name = format!("{tname}-{pod_name}");
            let span = o
                .at(&["spec", "volumeClaimTemplates", &ti.to_string(), "metadata", "name"])
                .map(|n| n.span);
            let data = storage::claim(template.spec.as_ref(), Some(tname));
            let claim = self.add(
                name.clone(),
                ns.to_string(),
                span,
                None,
                NodeData::Claim(Box::new(data)),
            );
            self.claims.insert((ns.into(), name.into()), claim);
            self.claim_list.push((claim, ClaimNeeds::of(template.spec.as_ref())));
            self.d.graph.add_edge(pod, claim, Edge::Mounts { volume: tname.into() });
        }
    }

    /// One container of a workload: its data, and the server it runs, or
    /// why that is not known.
    fn container_plan(
        &mut self,
        owner: NodeIndex,
        o: &'a Object,
        w: &Workload<'a>,
        ci: usize,
        c: &crate::k8s::slim::Container,
    ) -> ContainerPlan {
        let node = w.spec_node.and_then(|s| s.at(&["containers", &ci.to_string()]));
        let span = node
            .and_then(|n| n.get("name"))
            .map(|n| n.span)
            .or(node.map(|n| n.span));
        let image = c.image.clone();
        let version = image.as_deref().and_then(super::image::srs_version);
        let launch = launch::launch(c, node);
        let mut data = graph::Container {
            container: c.name.as_str().into(),
            image,
            srs_version: version,
            program: if matches!(launch, Launch::Srs(_)) {
                Program::Srs
            } else {
                Program::Other
            },
            config_path: None,
            ports: c.ports.iter().flatten().map(|p| p.container_port).collect(),
            mounts: c
                .volume_mounts
                .iter()
                .flatten()
                .map(|m| Mount {
                    volume: m.name.as_str().into(),
                    mount_path: m.mount_path.as_str().into(),
                    sub_path: m.sub_path.as_deref().filter(|s| !s.is_empty()).map(Into::into),
                    read_only: m.read_only.unwrap_or(false),
                })
                .collect(),
            srs_env: c
                .env
                .iter()
                .flatten()
                .filter(|e| e.name.starts_with("SRS_"))
                .filter_map(|e| Some((e.name.to_string(), e.value.as_ref()?.to_string())))
                .collect(),
            env: ContainerEnv::read(c, node, span.unwrap_or(o.span()), version),
        };
        let Launch::Srs(choice) = launch else {
            return ContainerPlan {
                data: Arc::new(data),
                span,
                server: None,
            };
        };
        let fallback = span.unwrap_or(o.span());
        let (file, choice_span) = match choice {
            ConfigChoice::File { path, span, .. } => (path, span),
            ConfigChoice::EnvOnly { span: at } => {
                let at = at.unwrap_or(fallback);
                let base = env::env_only_base(at);
                let mut server = SrsServer::read_tree(at.file, &base, &|s| locate(self.sources, s));
                server = self.apply_env(server, &base, &data.env, true);
                server.env_only = true;
                server.version = version;
                return ContainerPlan {
                    data: Arc::new(data),
                    span,
                    server: Some((Arc::new(server), None, at)),
                };
            }
            ConfigChoice::NoFlag { span } => {
                self.unresolved(
                    owner,
                    o,
                    &c.name,
                    None,
                    span.unwrap_or(fallback),
                    UnresolvedReason::NoConfigFlag,
                );
                return ContainerPlan {
                    data: Arc::new(data),
                    span,
                    server: None,
                };
            }
        };
        data.config_path = Some(file.as_str().into());
        let nodes = SpecNodes {
            container: node,
            volumes: w.spec_node.and_then(|s| s.get("volumes")),
        };
        let volumes = w.spec.volumes.as_deref().unwrap_or_default();
        let found = mounts::config_key(&file, c, volumes, &o.namespace, &self.configmaps, nodes).and_then(|key| {
            let index = self
                .embedded
                .get(&(o.namespace.as_str(), key.configmap.as_str(), key.key.as_str()))
                .copied()
                .filter(|&i| i < self.configs.len());
            if let Some(index) = index {
                return Ok((key, index));
            }
            let span = self
                .configmaps
                .get(&o.namespace, &key.configmap)
                .and_then(|(_, cm)| cm.key_at(&["data", &key.key]))
                .map(|n| n.span);
            Err((
                UnresolvedReason::NotAnSrsConfig {
                    configmap: key.configmap,
                    key: key.key,
                },
                span,
            ))
        });
        match found {
            Ok((key, index)) => {
                let configs = self.configs;
                let server = self.server(index);
                let mut server = self.apply_env(server, &configs[index].directives, &data.env, false);
                server.configmap.clone_from(&key.configmap);
                server.key.clone_from(&key.key);
                server.path.clone_from(&file);
                server.version = version;
                let configmap = self
                    .configmap_nodes
                    .get(&(o.namespace.as_str(), key.configmap.as_str()))
                    .copied();
                let at = Span::new(server.file, 0, 0);
                ContainerPlan {
                    data: Arc::new(data),
                    span,
                    server: Some((Arc::new(server), configmap, at)),
                }
            }
            Err((reason, at)) => {
                let at = at.or(choice_span).unwrap_or(fallback);
                self.unresolved(owner, o, &c.name, Some(file), at, reason);
                ContainerPlan {
                    data: Arc::new(data),
                    span,
                    server: None,
                }
            }
        }
    }

    /// The server a config describes. Read for each workload container that
    /// runs it: most configs have one, and a copy kept for the others would
    /// double the servers a large run holds while it builds.
    fn server(&self, index: usize) -> SrsServer {
        let sources = self.sources;
        let mut s = SrsServer::read(&self.configs[index], &|span| locate(sources, span));
        s.config_index = Some(index);
        s
    }

    /// `server` as the container's `SRS_*` variables make it: read again
    /// from the effective config when any applies (always for env-only).
    fn apply_env(&mut self, server: SrsServer, base: &[Directive], env: &ContainerEnv, env_only: bool) -> SrsServer {
        let sources = self.sources;
        let locate = |span| locate(sources, span);
        let (tree, applied) = env::apply(base, env, &locate);
        let tree = match tree {
            Some(tree) => tree,
            None if env_only => base.to_vec(),
            None => return server,
        };
        let mut s = SrsServer::read_tree(server.file, &tree, &locate);
        s.config_index = server.config_index;
        s.env_overrides = applied;
        s.effective = Some(self.d.effective.len());
        self.d.effective.push(tree);
        s
    }

    fn unresolved(
        &mut self,
        owner: NodeIndex,
        o: &Object,
        container: &str,
        path: Option<String>,
        span: Span,
        reason: UnresolvedReason,
    ) {
        let location = self.locate(span);
        self.d.unresolved.push(Unresolved {
            object: owner,
            owner: o.display_name(),
            namespace: o.namespace.to_string(),
            container: container.to_string(),
            path,
            span,
            location,
            reason,
        });
    }

    /// Services select the pods that carry every label of their selector.
    /// Pods are indexed by (namespace, label, value), so each service only
    /// looks at the pods with its selector's first label.
    fn selections(&mut self) -> HashSet<(NodeIndex, NodeIndex)> {
        let mut by_label: HashMap<(&str, &str, &str), Vec<NodeIndex>> = HashMap::default();
        for p in &self.pods {
            if let NodeData::Pod(pod) = &self.d.graph[p.node].data {
                for (k, v) in &pod.labels {
                    by_label.entry((p.namespace.as_str(), k, v)).or_default().push(p.node);
                }
            }
        }
        let mut edges = Vec::new();
        for &svc in &self.service_list {
            let node = &self.d.graph[svc];
            let NodeData::Service(s) = &node.data else { continue };
            let Some((k, v)) = s.selector.iter().next() else {
                continue;
            };
            let Some(candidates) = by_label.get(&(node.namespace.as_str(), k, v)) else {
                continue;
            };
            for &pod in candidates {
                let NodeData::Pod(p) = &self.d.graph[pod].data else {
                    continue;
                };
                if s.selector.iter().all(|(k, v)| p.labels.get(k) == Some(v)) {
                    edges.push((svc, pod));
                }
            }
        }
        let mut selected = HashSet::default();
        for (svc, pod) in edges {
            self.d.graph.add_edge(svc, pod, Edge::Selects);
            selected.insert((svc, pod));
        }
        selected
    }

    /// Services get their names; pods whose subdomain is a headless service
    /// that selects them get theirs.
    fn dns(&mut self, selected: &HashSet<(NodeIndex, NodeIndex)>) {
        let mut names = NameIndex::default();
        for &svc in &self.service_list {
            let n = &self.d.graph[svc];
            names.add_service(&n.name, &n.namespace, svc);
        }
        for p in &self.pods {
            let (Some(host), Some(sub)) = (&p.hostname, &p.subdomain) else {
                continue;
            };
            if p.generated {
                continue;
            }
            let Some(&svc) = self.services.get(&(p.namespace.clone(), sub.as_str().into())) else {
                continue;
            };
            let headless = matches!(&self.d.graph[svc].data, NodeData::Service(s) if s.headless);
            if headless && selected.contains(&(svc, p.node)) {
                names.add_pod(host, sub, &p.namespace, p.node);
                if let NodeData::Pod(pod) = &mut self.d.graph[p.node].data {
                    pod.dns_name = Some(NameIndex::fqdn(&format!("{host}.{sub}"), &p.namespace).into());
                }
            }
        }
        self.d.names = names;
    }

    /// Each claim binds the smallest free volume that fits it.
    fn bindings(&mut self) {
        // Candidates come from an index, so a claim is compared with the
        // volumes it could bind, not with every volume of the run: by name
        // when it names one, else by storage class narrowed by a label its
        // selector requires.
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut by_class: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::default();
        for (i, (pv, _)) in self.volumes.iter().enumerate() {
            let pn = &self.d.graph[*pv];
            let NodeData::PersistentVolume(v) = &pn.data else {
                continue;
            };
            let class = v.storage_class.as_deref().unwrap_or_default();
            by_name.entry(pn.name.as_str()).or_default().push(i);
            by_class.entry(class).or_default().push(i);
            for (k, val) in &v.labels {
                by_label.entry((class, k, val)).or_default().push(i);
            }
        }
        let mut taken: HashSet<NodeIndex> = HashSet::default();
        let mut binds = Vec::new();
        for (claim, needs) in &self.claim_list {
            let cn = &self.d.graph[*claim];
            let NodeData::Claim(c) = &cn.data else { continue };
            let class = c.storage_class.as_deref().unwrap_or_default();
            let required_label = needs
                .selector
                .as_ref()
                .and_then(|s| s.match_labels.as_ref())
                .and_then(|l| l.iter().next());
            let candidates = match (&c.volume_name, required_label) {
                (Some(name), _) => by_name.get(name.as_str()),
                (None, Some((k, v))) => by_label.get(&(class, k, v)),
                (None, None) => by_class.get(class),
            };
            let best = candidates
                .into_iter()
                .flatten()
                .map(|&i| &self.volumes[i])
                .filter(|(pv, _)| !taken.contains(pv))
                .filter_map(|(pv, mode)| {
                    let pn = &self.d.graph[*pv];
                    let NodeData::PersistentVolume(v) = &pn.data else {
                        return None;
                    };
                    storage::fits(c, needs, &cn.namespace, &cn.name, &pn.name, v, mode.as_deref()).then(|| {
                        let size = v.capacity.as_deref().and_then(storage::quantity).unwrap_or(0.0);
                        (size, *pv)
                    })
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            if let Some((_, pv)) = best {
                taken.insert(pv);
                binds.push((*claim, pv));
            }
        }
        for (claim, pv) in binds {
            self.d.graph.add_edge(claim, pv, Edge::Binds);
        }
    }

    /// A node for each host the configs name (per namespace), an edge for
    /// each mention, and what each resolves to.
    fn hosts(&mut self) {
        let servers: Vec<(NodeIndex, String)> = self
            .d
            .servers()
            .map(|(ix, n, _)| (ix, n.namespace.to_string()))
            .collect();
        let mut hosts: HashMap<(String, String), NodeIndex> = HashMap::default();
        let mut order = Vec::new();
        // The pods of a workload run one server: its mentions are made once
        // and shared by the edges of every pod's server node.
        let mut made: HashMap<*const SrsServer, Mentions> = HashMap::default();
        for (server, ns) in servers {
            let NodeData::SrsServer(s) = &self.d.graph[server].data else {
                continue;
            };
            let mentions = Arc::clone(made.entry(Arc::as_ptr(s)).or_insert_with(|| {
                s.mentions()
                    .map(|(vhost, h)| {
                        let mention = graph::HostMention {
                            usage: h.usage,
                            vhost: vhost.map(str::to_string),
                            text: h.text.clone(),
                            port: h.port.clone(),
                            span: h.span,
                            location: h.location.clone(),
                        };
                        (h.host.to_ascii_lowercase(), Arc::new(mention))
                    })
                    .collect()
            }));
            for (host, mention) in mentions.iter() {
                let host = host.clone();
                let key = (ns.clone(), host.clone());
                let target = if let Some(&t) = hosts.get(&key) {
                    t
                } else {
                    let data = HostName {
                        host: host.clone(),
                        resolution: "unknown",
                        suggestion: None,
                        resolved: Resolution::Unknown,
                    };
                    let t = self.add(host, ns.clone(), None, None, NodeData::HostName(Box::new(data)));
                    hosts.insert(key, t);
                    order.push(t);
                    t
                };
                self.d.graph.add_edge(server, target, Edge::Names(Arc::clone(mention)));
            }
        }
        for t in order {
            let n = &self.d.graph[t];
            let resolved = self.d.resolve(&n.name, &n.namespace);
            let suggestion = if resolved == Resolution::Unknown {
                self.d.suggest(&n.name, &n.namespace)
            } else {
                None
            };
            if let NodeData::HostName(h) = &mut self.d.graph[t].data {
                h.resolved = resolved;
                h.resolution = resolved.kind();
                h.suggestion = suggestion;
            }
            if let Resolution::Pod(to) | Resolution::Service(to) = resolved {
                self.d.graph.add_edge(t, to, Edge::ResolvesTo);
            }
        }
    }
}

/// The place of `span` in the file the user has.
pub(super) fn locate(sources: &Sources, span: Span) -> Option<Location> {
    if span.file.0 as usize >= sources.len() {
        return None;
    }
    let real = sources.to_real(span);
    let file = sources.get(real.file);
    let at = file.line_col(real.start as usize);
    Some(Location {
        file: file.name.clone(),
        line: at.line,
        column: at.column,
    })
}
