//! One Kubernetes object of a manifest: what it means (a k8s-openapi value)
//! and where it is written (its YAML node, spans kept).

use super::path;
use super::slim::{DaemonSet, Deployment, PersistentVolume, PersistentVolumeClaim, Pod, Service, StatefulSet};
use crate::source::Span;
use crate::yaml::{Node, OwnedNode};
use compact_str::CompactString;

/// A Kubernetes object read from a YAML document (or from an item of a
/// `kind: List`).
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// As written; empty when missing or not a string.
    pub api_version: CompactString,
    /// As written; empty when missing or not a string.
    pub kind: CompactString,
    /// `metadata.name`; empty when missing.
    pub name: CompactString,
    /// `metadata.namespace`, else the default the caller passed in; empty
    /// for cluster-scoped kinds (`Namespace`, `PersistentVolume`, …).
    pub namespace: CompactString,
    /// The index of the YAML document in the slice given to
    /// [`super::decode_stream`]; the items of a `List` share their list's.
    pub doc_index: usize,
    /// The object's mapping (the document root, or the `List` item).
    pub tree: OwnedNode,
    pub typed: Typed,
}

/// The typed value of an object, for the kinds srs-check reasons about:
/// decoded with k8s-openapi, kept as the parts that are read
/// ([`super::slim`]). A ConfigMap's data and a Namespace are read from the
/// YAML tree, where their spans are.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    ConfigMap,
    Service(Box<Service>),
    StatefulSet(Box<StatefulSet>),
    Deployment(Box<Deployment>),
    DaemonSet(Box<DaemonSet>),
    Pod(Box<Pod>),
    PersistentVolume(Box<PersistentVolume>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    Namespace,
    /// A kind (or an apiVersion of a kind) srs-check does not model: kept,
    /// ignored quietly.
    Other,
    /// The API server would refuse the object: it has no `apiVersion`,
    /// `kind` or `metadata.name`, or a value of the wrong type. The
    /// diagnostics say why.
    Invalid,
}

impl Typed {
    pub fn is_invalid(&self) -> bool {
        matches!(self, Typed::Invalid)
    }
}

impl Object {
    /// The API group: `apps` for `apps/v1`, empty for the core group (`v1`).
    pub fn group(&self) -> &str {
        group_of(&self.api_version)
    }

    /// The object's mapping (the document root, or the `List` item).
    pub fn node(&self) -> Node<'_> {
        self.tree.node()
    }

    /// The whole object's span.
    pub fn span(&self) -> Span {
        self.node().span
    }

    /// The node at a path of keys and list indexes, keys read as Kubernetes
    /// reads them (YAML 1.1 keys, merge keys): `["spec", "ports", "0", "port"]`.
    pub fn at(&self, path: &[&str]) -> Option<Node<'_>> {
        path::at(self.node(), path)
    }

    /// The key node of the last step of `path`: where a field is named.
    pub fn key_at(&self, path: &[&str]) -> Option<Node<'_>> {
        let found = path::find_str(self.node(), path);
        if found.complete {
            found.key
        } else {
            None
        }
    }

    /// `Deployment/srs-origin`, for messages.
    pub fn display_name(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// The API group of an `apiVersion`.
pub fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// Kinds that live outside namespaces (the common ones).
pub fn is_cluster_scoped(group: &str, kind: &str) -> bool {
    matches!(
        (group, kind),
        ("", "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus")
            | ("rbac.authorization.k8s.io", "ClusterRole" | "ClusterRoleBinding")
            | (
                "storage.k8s.io",
                "StorageClass" | "CSIDriver" | "CSINode" | "VolumeAttachment"
            )
            | ("apiextensions.k8s.io", "CustomResourceDefinition")
            | ("scheduling.k8s.io", "PriorityClass")
            | ("networking.k8s.io", "IngressClass")
            | ("node.k8s.io", "RuntimeClass")
            | ("certificates.k8s.io", "CertificateSigningRequest")
            | ("apiregistration.k8s.io", "APIService")
            | (
                "admissionregistration.k8s.io",
                "ValidatingWebhookConfiguration"
                    | "MutatingWebhookConfiguration"
                    | "ValidatingAdmissionPolicy"
                    | "ValidatingAdmissionPolicyBinding"
            )
    )
}
