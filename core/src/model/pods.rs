//! The pods an object stands for: a StatefulSet's `<name>-<ordinal>`, one
//! made-up pod per replica of a Deployment (one for a DaemonSet), a Pod
//! itself. Labels are the template's plus those the controller adds.

use crate::k8s::slim::{Meta as ObjectMeta, PersistentVolumeClaim, Pod, PodSpec};
use crate::k8s::{Object, Typed};
use crate::labels::Labels;
use crate::yaml::Node;

/// A workload of more replicas than this is modelled with this many pods.
pub const MAX_PODS_PER_WORKLOAD: u32 = 1000;

/// Added by the StatefulSet controller to each pod.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Added by the StatefulSet controller since Kubernetes 1.28.
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

/// One pod to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodPlan {
    pub name: String,
    pub ordinal: Option<u32>,
    pub labels: Labels,
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    /// Made up: a Deployment's or DaemonSet's pod.
    pub generated: bool,
}

/// An object that runs pods, and the pods.
pub struct Workload<'a> {
    pub spec: &'a PodSpec,
    /// The pod spec's YAML mapping, for spans.
    pub spec_node: Option<Node<'a>>,
    /// A StatefulSet's `volumeClaimTemplates`.
    pub claim_templates: &'a [PersistentVolumeClaim],
    /// `spec.replicas` as the controller reads it.
    pub replicas: Option<i32>,
    /// A StatefulSet's `serviceName`.
    pub service_name: Option<&'a str>,
    object: &'a Object,
    plan: Plan<'a>,
}

/// How the pods are made: worked out only when asked for, since most
/// callers want the spec alone.
enum Plan<'a> {
    StatefulSet {
        start: u32,
        n: u32,
        metadata: Option<&'a ObjectMeta>,
    },
    Generated {
        n: u32,
        metadata: Option<&'a ObjectMeta>,
    },
    Pod(&'a Pod),
}

impl Workload<'_> {
    /// How many pods [`Workload::pods`] gives.
    pub fn pod_count(&self) -> usize {
        match &self.plan {
            Plan::StatefulSet { n, .. } | Plan::Generated { n, .. } => *n as usize,
            Plan::Pod(_) => 1,
        }
    }

    /// The pods, in order.
    pub fn pods(&self) -> Vec<PodPlan> {
        let name = &self.object.name;
        match &self.plan {
            Plan::StatefulSet { start, n, metadata } => {
                let template_labels = template_labels(*metadata);
                (0..*n)
                    .map(|i| {
                        let ordinal = start + i;
                        let pod = format!("{name}-{ordinal}");
                        let mut labels = template_labels.clone();
                        labels.insert(POD_NAME_LABEL, pod.as_str());
                        labels.insert(POD_INDEX_LABEL, ordinal.to_string());
                        PodPlan {
                            hostname: Some(pod.clone()),
                            subdomain: self.service_name.map(str::to_string),
                            name: pod,
                            ordinal: Some(ordinal),
                            labels,
                            generated: false,
                        }
                    })
                    .collect()
            }
            Plan::Generated { n, metadata } => {
                let labels = template_labels(*metadata);
                (0..*n)
                    .map(|i| PodPlan {
                        name: format!("{name}-{i}"),
                        ordinal: None,
                        labels: labels.clone(),
                        hostname: None,
                        subdomain: None,
                        generated: true,
                    })
                    .collect()
            }
            Plan::Pod(p) => vec![PodPlan {
                name: name.to_string(),
                ordinal: None,
                labels: p.metadata.labels.clone().unwrap_or_default(),
                // A Pod's host name is its name unless `spec.hostname` says otherwise.
                hostname: Some(self.spec.hostname.clone().unwrap_or_else(|| name.to_string())),
                subdomain: self.spec.subdomain.clone().filter(|s| !s.is_empty()),
                generated: false,
            }],
        }
    }
}

/// The pods of `object`, when it is a workload or a Pod the decoder accepted.
pub fn workload(object: &Object) -> Option<Workload<'_>> {
    let no_templates: &[PersistentVolumeClaim] = &[];
    match &object.typed {
        Typed::StatefulSet(s) => {
            let spec = &s.spec;
            let replicas = spec.replicas.unwrap_or(1);
            let start = spec
                .ordinals
                .as_ref()
                .and_then(|o| o.start)
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(0);
            Some(Workload {
                spec: spec.template.spec.as_ref()?,
                spec_node: object.at(&["spec", "template", "spec"]),
                claim_templates: spec.volume_claim_templates.as_deref().unwrap_or(no_templates),
                replicas: Some(replicas),
                service_name: spec.service_name.as_deref().filter(|s| !s.is_empty()),
                object,
                plan: Plan::StatefulSet {
                    start,
                    n: count(replicas),
                    metadata: spec.template.metadata.as_ref(),
                },
            })
        }
        Typed::Deployment(d) => {
            let spec = &d.spec;
            let replicas = spec.replicas.unwrap_or(1);
            Some(generated(
                object,
                spec.template.spec.as_ref()?,
                spec.template.metadata.as_ref(),
                count(replicas),
                Some(replicas),
            ))
        }
        Typed::DaemonSet(d) => {
            let spec = &d.spec;
            Some(generated(
                object,
                spec.template.spec.as_ref()?,
                spec.template.metadata.as_ref(),
                1,
                None,
            ))
        }
        Typed::Pod(p) => Some(Workload {
            spec: p.spec.as_ref()?,
            spec_node: object.at(&["spec"]),
            claim_templates: no_templates,
            replicas: None,
            service_name: None,
            object,
            plan: Plan::Pod(p),
        }),
        _ => None,
    }
}

fn count(replicas: i32) -> u32 {
    u32::try_from(replicas).unwrap_or(0).min(MAX_PODS_PER_WORKLOAD)
}

fn template_labels(metadata: Option<&ObjectMeta>) -> Labels {
    metadata.and_then(|m| m.labels.clone()).unwrap_or_default()
}

/// `n` pods named `<name>-<i>`, with no DNS name of their own.
fn generated<'a>(
    object: &'a Object,
    spec: &'a PodSpec,
    metadata: Option<&'a ObjectMeta>,
    n: u32,
    replicas: Option<i32>,
) -> Workload<'a> {
    Workload {
        spec,
        spec_node: object.at(&["spec", "template", "spec"]),
        claim_templates: &[],
        replicas,
        service_name: None,
        object,
        plan: Plan::Generated { n, metadata },
    }
}
