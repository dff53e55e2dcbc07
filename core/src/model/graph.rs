//! The nodes and edges of the deployment graph.

use super::names::Resolution;
use super::srs::SrsServer;
use crate::labels::Labels;
use crate::schema::SrsVersion;
use crate::source::Span;
use compact_str::CompactString;
use serde::Serialize;

/// Where something is written, in the file the user has (an SRS config in a
/// ConfigMap points into the YAML file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: std::sync::Arc<str>,
    pub line: u32,
    pub column: u32,
}

/// One node: what every kind has, and its kind's data.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// The object's name; `<pod>/<container>` for containers and SRS
    /// servers; the host as written (lower case) for host names.
    pub name: CompactString,
    /// Empty for cluster-scoped objects (PersistentVolumes).
    pub namespace: CompactString,
    /// Where it is written: an object's `metadata.name`, a container's
    /// `name`, the start of an SRS config. Spans of embedded configs keep
    /// their own file id (map them with `Sources::to_real`).
    #[serde(skip)]
    pub span: Option<Span>,
    #[serde(skip)]
    pub location: Option<Location>,
    /// Index into the objects the model was built from, for nodes that are
    /// one of them.
    #[serde(skip)]
    pub object: Option<usize>,
    pub data: NodeData,
}

impl Node {
    /// The kebab-case kind: `object`, `pod`, `container`, `srs-server`,
    /// `service`, `claim`, `persistent-volume`, `host-name`.
    pub fn kind(&self) -> &'static str {
        match &self.data {
            NodeData::Object(_) => "object",
            NodeData::Pod(_) => "pod",
            NodeData::Container(_) => "container",
            NodeData::SrsServer(_) => "srs-server",
            NodeData::Service(_) => "service",
            NodeData::Claim(_) => "claim",
            NodeData::PersistentVolume(_) => "persistent-volume",
            NodeData::HostName(_) => "host-name",
        }
    }

    /// The Kubernetes kind of a node that is an object (`StatefulSet`,
    /// `Service`, `Pod`, …), or that a made-up pod or claim would be.
    pub fn object_kind(&self) -> Option<&str> {
        match &self.data {
            NodeData::Object(o) => Some(&o.kind),
            NodeData::Pod(_) => Some("Pod"),
            NodeData::Service(_) => Some("Service"),
            NodeData::Claim(_) => Some("PersistentVolumeClaim"),
            NodeData::PersistentVolume(_) => Some("PersistentVolume"),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum NodeData {
    /// An object the model has no node kind of its own for (ConfigMap,
    /// StatefulSet, Deployment, DaemonSet, Namespace, any other kind, and
    /// objects the API server would refuse).
    Object(Box<Object>),
    // Boxed (containers and servers shared): a node is as large as its
    // largest kind, and the pods of one workload run the same containers.
    Pod(Box<Pod>),
    Container(std::sync::Arc<Container>),
    SrsServer(std::sync::Arc<SrsServer>),
    Service(Box<Service>),
    Claim(Box<Claim>),
    PersistentVolume(Box<PersistentVolume>),
    HostName(Box<HostName>),
}

#[derive(Clone, Debug, Serialize)]
pub struct Object {
    #[serde(rename = "object_kind")]
    pub kind: CompactString,
    pub api_version: CompactString,
    /// `spec.replicas` of a workload as the controller reads it (1 when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// True when the API server would refuse the object (see its diagnostics):
    /// the model does not look inside it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub invalid: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Pod {
    /// A StatefulSet pod's ordinal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<u32>,
    /// The template's labels and those the controller adds
    /// (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`).
    pub labels: Labels,
    /// `StatefulSet/srs-origin`; `None` for a Pod object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<CompactString>,
    /// The pod's host name and subdomain (a StatefulSet's pod name and
    /// `serviceName`; a Pod's `spec.hostname`/`spec.subdomain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<CompactString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<CompactString>,
    /// The pod's own DNS name (`srs-origin-0.socs.default.svc.cluster.local`),
    /// when a headless service named as its subdomain selects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<CompactString>,
    /// A Deployment's or DaemonSet's pod: its name is made up, and other
    /// pods cannot reach it by name.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
}

/// What a container runs, as far as the model can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Program {
    /// SRS (`objs/srs`), started by the command, the args or the image's default.
    Srs,
    /// Something else (`nginx`, a shell script that does not start SRS).
    Other,
}

#[derive(Clone, Debug, Serialize)]
pub struct Container {
    /// The container's own name (the node's name is `<pod>/<container>`).
    pub container: CompactString,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<CompactString>,
    /// From the image tag: `ossrs/srs:3` → 3, `ossrs/srs:v5.0.210` → 5;
    /// `None` for `latest`, no tag, or an image that is not SRS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub srs_version: Option<SrsVersion>,
    pub program: Program,
    /// The config file SRS reads, absolute (`/usr/local/srs/conf/srs.conf`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_path: Option<CompactString>,
    pub ports: Vec<i32>,
    pub mounts: Vec<Mount>,
    /// `SRS_*` variables with literal values, as written. From 5.0 they
    /// override the config: the server's `env_overrides` say which did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub srs_env: Vec<(String, String)>,
    /// The same variables with their spans, and whether `envFrom` may set more.
    #[serde(skip)]
    pub env: super::env::ContainerEnv,
}

#[derive(Clone, Debug, Serialize)]
pub struct Mount {
    pub volume: CompactString,
    pub mount_path: CompactString,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<CompactString>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PortRef {
    Number(i32),
    Name(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct ServicePort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub port: i32,
    /// As written; the port itself when unset.
    pub target_port: PortRef,
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Service {
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer`, `ExternalName`.
    #[serde(rename = "type")]
    pub service_type: String,
    /// `clusterIP: None`: DNS answers with the pods' addresses, and pods
    /// whose subdomain is this service's name get names of their own.
    pub headless: bool,
    pub selector: Labels,
    pub ports: Vec<ServicePort>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    pub access_modes: Vec<String>,
    /// `resources.requests.storage` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub selector: Labels,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    /// Made from a StatefulSet's `volumeClaimTemplates` entry of this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersistentVolume {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    pub access_modes: Vec<String>,
    /// `capacity.storage` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    pub labels: Labels,
    /// `claimRef` as `namespace/name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HostName {
    /// The host part as written (no port), lower case.
    pub host: String,
    /// `pod`, `service`, `external`, `loopback` or `unknown`.
    pub resolution: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(skip)]
    pub resolved: Resolution,
}

/// What an SRS config uses a host name for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostUse {
    /// `cluster.coworkers`: another origin's HTTP API.
    Coworker,
    /// `cluster.origin` of an edge.
    Origin,
    /// `forward.destination` (or the old leaf `forward`).
    Forward,
    /// An `http_hooks` callback URL.
    Hook,
    /// `heartbeat.url`.
    Heartbeat,
}

/// One mention of a host in an SRS config: the data of an [`Edge::Names`].
#[derive(Clone, Debug, Serialize)]
pub struct HostMention {
    #[serde(rename = "use")]
    pub usage: HostUse,
    pub vhost: Option<String>,
    /// The word as written (`srs-origin-1.socs:1985`, a hook URL).
    pub text: String,
    pub port: Option<String>,
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub location: Option<Location>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edge {
    /// Workload → Pod.
    Owns,
    /// Pod → Container.
    Runs,
    /// Container → SrsServer.
    RunsConfig,
    /// SrsServer → the ConfigMap its config is read from.
    ConfigFrom { key: CompactString },
    /// Service → Pod.
    Selects,
    /// Service → the StatefulSet whose `serviceName` it is.
    Governs,
    /// Pod → Claim or ConfigMap, through the pod volume of that name.
    Mounts { volume: CompactString },
    /// Claim → PersistentVolume.
    Binds,
    /// SrsServer → HostName: one mention of a host in the config. Shared:
    /// an edge is as large as its largest kind, and the server nodes of a
    /// workload's pods make the same mentions.
    Names(std::sync::Arc<HostMention>),
    /// HostName → Pod or Service.
    ResolvesTo,
}

impl Edge {
    /// The kebab-case kind: `owns`, `runs`, `runs-config`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Edge::Owns => "owns",
            Edge::Runs => "runs",
            Edge::RunsConfig => "runs-config",
            Edge::ConfigFrom { .. } => "config-from",
            Edge::Selects => "selects",
            Edge::Governs => "governs",
            Edge::Mounts { .. } => "mounts",
            Edge::Binds => "binds",
            Edge::Names(_) => "names",
            Edge::ResolvesTo => "resolves-to",
        }
    }
}
