//! The parts of the typed objects srs-check reads, kept after decoding.
//!
//! k8s-openapi decodes and type-checks every object we model; its values
//! are then moved into these types and dropped. A k8s-openapi `Container`
//! is 2,336 bytes and a `Volume` 3,280 whatever is set (every field the API
//! knows is an inline `Option`): keeping them made typed objects a third of
//! the memory of a large run. The names and shapes follow k8s-openapi's, so
//! code reads a `PodSpec` the same way with either.

use crate::labels::Labels;
use k8s_openapi::api::{apps::v1 as apps, core::v1 as core};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelectorRequirement, ObjectMeta};
use std::collections::BTreeMap;

use compact_str::CompactString;
pub use core::{ConfigMapVolumeSource, EnvFromSource, KeyToPath, PersistentVolumeClaimVolumeSource};
pub use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// The kept parts of each value, in a buffer of their size: `collect` would
/// reuse the API values' buffer in place, and keep its size.
fn kept<A, B: From<A>>(values: Vec<A>) -> Vec<B> {
    let mut out = Vec::with_capacity(values.len());
    out.extend(values.into_iter().map(B::from));
    out
}

/// Strings inline where short (most names, images, paths and arguments):
/// a large run has hundreds of thousands of them.
fn compact(values: Vec<String>) -> Vec<CompactString> {
    kept(values)
}

/// The metadata of a pod template, a Pod or a claim template: the name
/// and labels are what is read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub name: Option<String>,
    pub labels: Option<Labels>,
}

impl From<ObjectMeta> for Meta {
    fn from(m: ObjectMeta) -> Self {
        Meta {
            name: m.name,
            labels: m.labels.map(Labels::from),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    pub init_containers: Option<Vec<Container>>,
    pub volumes: Option<Vec<Volume>>,
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
}

impl From<core::PodSpec> for PodSpec {
    fn from(s: core::PodSpec) -> Self {
        PodSpec {
            containers: kept(s.containers),
            init_containers: s.init_containers.map(kept),
            volumes: s.volumes.map(kept),
            hostname: s.hostname,
            subdomain: s.subdomain,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    pub name: CompactString,
    pub image: Option<CompactString>,
    pub command: Option<Vec<CompactString>>,
    pub args: Option<Vec<CompactString>>,
    pub working_dir: Option<CompactString>,
    pub env: Option<Vec<EnvVar>>,
    pub env_from: Option<Vec<EnvFromSource>>,
    pub ports: Option<Vec<ContainerPort>>,
    pub volume_mounts: Option<Vec<VolumeMount>>,
    /// `Always` on an init container makes it a sidecar.
    pub restart_policy: Option<String>,
}

impl From<core::Container> for Container {
    fn from(c: core::Container) -> Self {
        Container {
            name: c.name.into(),
            image: c.image.map(Into::into),
            command: c.command.map(compact),
            args: c.args.map(compact),
            working_dir: c.working_dir.map(Into::into),
            env: c.env.map(kept),
            env_from: c.env_from,
            ports: c.ports.map(kept),
            volume_mounts: c.volume_mounts.map(kept),
            restart_policy: c.restart_policy,
        }
    }
}

/// A container port: the number, its name and protocol.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerPort {
    pub container_port: i32,
    pub name: Option<CompactString>,
    pub protocol: Option<CompactString>,
}

impl From<core::ContainerPort> for ContainerPort {
    fn from(p: core::ContainerPort) -> Self {
        ContainerPort {
            container_port: p.container_port,
            name: p.name.map(Into::into),
            protocol: p.protocol.map(Into::into),
        }
    }
}

/// A volume mount, without the propagation settings srs-check does not read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeMount {
    pub name: CompactString,
    pub mount_path: CompactString,
    pub sub_path: Option<CompactString>,
    pub sub_path_expr: Option<CompactString>,
    pub read_only: Option<bool>,
}

impl From<core::VolumeMount> for VolumeMount {
    fn from(m: core::VolumeMount) -> Self {
        VolumeMount {
            name: m.name.into(),
            mount_path: m.mount_path.into(),
            sub_path: m.sub_path.map(Into::into),
            sub_path_expr: m.sub_path_expr.map(Into::into),
            read_only: m.read_only,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvVar {
    pub name: CompactString,
    pub value: Option<CompactString>,
    /// Only whether it is set is read: the value comes from elsewhere.
    pub value_from: Option<Box<core::EnvVarSource>>,
}

impl From<core::EnvVar> for EnvVar {
    fn from(e: core::EnvVar) -> Self {
        EnvVar {
            name: e.name.into(),
            value: e.value.map(Into::into),
            value_from: e.value_from.map(Box::new),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    pub config_map: Option<ConfigMapVolumeSource>,
    pub projected: Option<ProjectedVolumeSource>,
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    /// Set for `emptyDir: {}`.
    pub empty_dir: Option<()>,
    /// The field naming the volume's source when it is none of the above
    /// (`secret`, `hostPath`, `nfs`, …), as Kubernetes spells it.
    pub other_source: Option<String>,
}

impl From<core::Volume> for Volume {
    fn from(v: core::Volume) -> Self {
        let other_source = if v.config_map.is_none()
            && v.projected.is_none()
            && v.persistent_volume_claim.is_none()
            && v.empty_dir.is_none()
        {
            // The first source field in the API's (alphabetical) order.
            serde_json::to_value(&v)
                .ok()
                .and_then(|j| j.as_object()?.keys().find(|k| *k != "name").cloned())
        } else {
            None
        };
        Volume {
            name: v.name,
            config_map: v.config_map,
            projected: v.projected.map(ProjectedVolumeSource::from),
            persistent_volume_claim: v.persistent_volume_claim,
            empty_dir: v.empty_dir.map(|_| ()),
            other_source,
        }
    }
}

impl Volume {
    /// The field that names the volume's source: `configMap`, `emptyDir`, …
    pub fn source_field(&self) -> Option<&str> {
        if self.config_map.is_some() {
            Some("configMap")
        } else if self.empty_dir.is_some() {
            Some("emptyDir")
        } else if self.persistent_volume_claim.is_some() {
            Some("persistentVolumeClaim")
        } else if self.projected.is_some() {
            Some("projected")
        } else {
            self.other_source.as_deref()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectedVolumeSource {
    pub sources: Option<Vec<VolumeProjection>>,
}

/// One source of a projected volume: the ConfigMaps are what is read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeProjection {
    pub config_map: Option<core::ConfigMapProjection>,
}

impl From<core::VolumeProjection> for VolumeProjection {
    fn from(p: core::VolumeProjection) -> Self {
        VolumeProjection {
            config_map: p.config_map,
        }
    }
}

impl From<core::ProjectedVolumeSource> for ProjectedVolumeSource {
    fn from(p: core::ProjectedVolumeSource) -> Self {
        ProjectedVolumeSource {
            sources: p.sources.map(kept),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTemplateSpec {
    pub metadata: Option<Meta>,
    pub spec: Option<PodSpec>,
}

impl From<core::PodTemplateSpec> for PodTemplateSpec {
    fn from(t: core::PodTemplateSpec) -> Self {
        PodTemplateSpec {
            metadata: t.metadata.map(Meta::from),
            spec: t.spec.map(PodSpec::from),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    pub metadata: Meta,
    pub spec: Option<PodSpec>,
}

impl From<core::Pod> for Pod {
    fn from(p: core::Pod) -> Self {
        Pod {
            metadata: p.metadata.into(),
            spec: p.spec.map(PodSpec::from),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetOrdinals {
    pub start: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetSpec {
    pub replicas: Option<i32>,
    pub ordinals: Option<StatefulSetOrdinals>,
    pub service_name: Option<String>,
    pub template: PodTemplateSpec,
    pub volume_claim_templates: Option<Vec<PersistentVolumeClaim>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSet {
    pub spec: StatefulSetSpec,
}

impl From<apps::StatefulSet> for StatefulSet {
    fn from(s: apps::StatefulSet) -> Self {
        let spec = s.spec;
        StatefulSet {
            spec: StatefulSetSpec {
                replicas: spec.replicas,
                ordinals: spec.ordinals.map(|o| StatefulSetOrdinals { start: o.start }),
                service_name: spec.service_name,
                template: spec.template.into(),
                volume_claim_templates: spec.volume_claim_templates.map(kept),
            },
        }
    }
}

/// A Deployment's or a DaemonSet's spec: replicas (none for a DaemonSet) and the template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadSpec {
    pub replicas: Option<i32>,
    pub template: PodTemplateSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deployment {
    pub spec: WorkloadSpec,
}

impl From<apps::Deployment> for Deployment {
    fn from(d: apps::Deployment) -> Self {
        Deployment {
            spec: WorkloadSpec {
                replicas: d.spec.replicas,
                template: d.spec.template.into(),
            },
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaemonSet {
    pub spec: WorkloadSpec,
}

impl From<apps::DaemonSet> for DaemonSet {
    fn from(d: apps::DaemonSet) -> Self {
        DaemonSet {
            spec: WorkloadSpec {
                replicas: None,
                template: d.spec.template.into(),
            },
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: i32,
    pub target_port: Option<IntOrString>,
    pub protocol: Option<String>,
    pub node_port: Option<i32>,
}

impl From<core::ServicePort> for ServicePort {
    fn from(p: core::ServicePort) -> Self {
        ServicePort {
            name: p.name,
            port: p.port,
            target_port: p.target_port,
            protocol: p.protocol,
            node_port: p.node_port,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceSpec {
    pub type_: Option<String>,
    pub cluster_ip: Option<String>,
    pub selector: Option<Labels>,
    pub ports: Option<Vec<ServicePort>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub spec: Option<ServiceSpec>,
}

impl From<core::Service> for Service {
    fn from(s: core::Service) -> Self {
        Service {
            spec: s.spec.map(|s| ServiceSpec {
                type_: s.type_,
                cluster_ip: s.cluster_ip,
                selector: s.selector.map(Labels::from),
                ports: s.ports.map(kept),
            }),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeResourceRequirements {
    pub requests: Option<Quantities>,
}

/// Resource quantities by name (`storage: 10Gi`): a list, where a
/// `BTreeMap` would hold a 500-byte node for the one entry there is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quantities(Box<[(String, Quantity)]>);

impl Quantities {
    pub fn get(&self, name: &str) -> Option<&Quantity> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, q)| q)
    }
}

impl From<BTreeMap<String, Quantity>> for Quantities {
    fn from(map: BTreeMap<String, Quantity>) -> Self {
        Quantities(map.into_iter().collect())
    }
}

/// A label selector, its `matchLabels` in the compact map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    pub match_labels: Option<Labels>,
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

impl From<k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector> for LabelSelector {
    fn from(s: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector) -> Self {
        LabelSelector {
            match_labels: s.match_labels.map(Labels::from),
            match_expressions: s.match_expressions,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaimSpec {
    pub storage_class_name: Option<String>,
    pub access_modes: Option<Vec<String>>,
    pub resources: Option<VolumeResourceRequirements>,
    pub selector: Option<LabelSelector>,
    pub volume_name: Option<String>,
    pub volume_mode: Option<String>,
}

impl From<core::PersistentVolumeClaimSpec> for PersistentVolumeClaimSpec {
    fn from(s: core::PersistentVolumeClaimSpec) -> Self {
        PersistentVolumeClaimSpec {
            storage_class_name: s.storage_class_name,
            access_modes: s.access_modes,
            resources: s.resources.map(|r| VolumeResourceRequirements {
                requests: r.requests.map(Quantities::from),
            }),
            selector: s.selector.map(LabelSelector::from),
            volume_name: s.volume_name,
            volume_mode: s.volume_mode,
        }
    }
}

/// A PersistentVolumeClaim, or an entry of a StatefulSet's `volumeClaimTemplates`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaim {
    pub metadata: Meta,
    pub spec: Option<PersistentVolumeClaimSpec>,
}

impl From<core::PersistentVolumeClaim> for PersistentVolumeClaim {
    fn from(c: core::PersistentVolumeClaim) -> Self {
        PersistentVolumeClaim {
            metadata: c.metadata.into(),
            spec: c.spec.map(PersistentVolumeClaimSpec::from),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectReference {
    pub name: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeSpec {
    pub storage_class_name: Option<String>,
    pub access_modes: Option<Vec<String>>,
    pub capacity: Option<Quantities>,
    pub claim_ref: Option<ObjectReference>,
    pub volume_mode: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolume {
    pub spec: Option<PersistentVolumeSpec>,
}

impl From<core::PersistentVolume> for PersistentVolume {
    fn from(p: core::PersistentVolume) -> Self {
        PersistentVolume {
            spec: p.spec.map(|s| PersistentVolumeSpec {
                storage_class_name: s.storage_class_name,
                access_modes: s.access_modes,
                capacity: s.capacity.map(Quantities::from),
                claim_ref: s.claim_ref.map(|r| ObjectReference {
                    name: r.name,
                    namespace: r.namespace,
                }),
                volume_mode: s.volume_mode,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_values_are_far_smaller_than_the_api_types() {
        use std::mem::size_of;
        assert!(size_of::<Container>() * 4 < size_of::<core::Container>());
        assert!(size_of::<Volume>() * 8 < size_of::<core::Volume>());
    }

    #[test]
    fn a_volume_names_its_source() {
        let pvc: core::Volume = serde_json::from_str(r#"{"name":"v","hostPath":{"path":"/x"}}"#).unwrap();
        assert_eq!(Volume::from(pvc).source_field(), Some("hostPath"));
        let empty: core::Volume = serde_json::from_str(r#"{"name":"v","emptyDir":{}}"#).unwrap();
        assert_eq!(Volume::from(empty).source_field(), Some("emptyDir"));
        let none: core::Volume = serde_json::from_str(r#"{"name":"v"}"#).unwrap();
        assert_eq!(Volume::from(none).source_field(), None);
    }
}
