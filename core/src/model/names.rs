//! The DNS names of the deployment, resolved the way cluster DNS resolves
//! them for a pod with the default DNS policy: the search list
//! `<ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`.
//!
//! A service is `svc.ns.svc.cluster.local`; a pod whose subdomain is the
//! name of a headless service that selects it is
//! `host.subdomain.ns.svc.cluster.local` (a StatefulSet's pods:
//! `srs-origin-0.socs.default.svc.cluster.local`). So from namespace
//! `default`, `srs-origin-0.socs`, `.socs.default`, `.socs.default.svc` and
//! the full name all reach the pod.

use crate::hash::HashMap;
use crate::values;
use petgraph::graph::NodeIndex;
use std::net::IpAddr;

/// The cluster's DNS domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// What a host name means to a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Pod(NodeIndex),
    Service(NodeIndex),
    /// An IP address written as such (not loopback).
    External(IpAddr),
    /// `localhost`, `127.0.0.1`, `::1`: the pod itself.
    Loopback,
    /// No pod or service of the manifests has this name.
    Unknown,
}

impl Resolution {
    /// `pod`, `service`, `external`, `loopback`, `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            Resolution::Pod(_) => "pod",
            Resolution::Service(_) => "service",
            Resolution::External(_) => "external",
            Resolution::Loopback => "loopback",
            Resolution::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    target: Resolution,
    /// The labels before `.<ns>.svc.cluster.local`: `["socs"]`, `["srs-origin-0", "socs"]`.
    prefix: String,
    namespace: String,
}

/// Every name a pod or service answers to.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    by_fqdn: HashMap<String, usize>,
    entries: Vec<Entry>,
}

impl NameIndex {
    pub fn add_service(&mut self, name: &str, namespace: &str, node: NodeIndex) {
        self.add(name, namespace, Resolution::Service(node));
    }

    /// A pod's own name: `host.subdomain`.
    pub fn add_pod(&mut self, hostname: &str, subdomain: &str, namespace: &str, node: NodeIndex) {
        self.add(&format!("{hostname}.{subdomain}"), namespace, Resolution::Pod(node));
    }

    /// The fully qualified name of a service or pod prefix.
    pub fn fqdn(prefix: &str, namespace: &str) -> String {
        format!("{prefix}.{namespace}.svc.{CLUSTER_DOMAIN}").to_ascii_lowercase()
    }

    fn add(&mut self, prefix: &str, namespace: &str, target: Resolution) {
        let fqdn = Self::fqdn(prefix, namespace);
        let entry = Entry {
            target,
            prefix: prefix.to_ascii_lowercase(),
            namespace: namespace.to_ascii_lowercase(),
        };
        // The last of a name wins, as with `kubectl apply` of the files in order.
        if let Some(&i) = self.by_fqdn.get(&fqdn) {
            self.entries[i] = entry;
        } else {
            self.by_fqdn.insert(fqdn, self.entries.len());
            self.entries.push(entry);
        }
    }

    /// What `host` (`name`, `name:port`, `[v6]:port`, a name with a final dot)
    /// means to a pod in `from_namespace`.
    pub fn resolve(&self, host: &str, from_namespace: &str) -> Resolution {
        let host = values::parse_hostport(host.trim()).host;
        if let Ok(ip) = host.parse::<IpAddr>() {
            return if ip.is_loopback() {
                Resolution::Loopback
            } else {
                Resolution::External(ip)
            };
        }
        let name = host.to_ascii_lowercase();
        let (name, absolute) = match name.strip_suffix('.') {
            Some(n) => (n.to_string(), true),
            None => (name, false),
        };
        if name == "localhost" || name.ends_with(".localhost") {
            return Resolution::Loopback;
        }
        if name.is_empty() {
            return Resolution::Unknown;
        }
        Self::candidates(&name, absolute, from_namespace)
            .iter()
            .find_map(|c| self.by_fqdn.get(c))
            .map_or(Resolution::Unknown, |&i| self.entries[i].target)
    }

    /// The names the resolver tries, in order.
    fn candidates(name: &str, absolute: bool, from_namespace: &str) -> Vec<String> {
        if absolute {
            return vec![name.to_string()];
        }
        let searched = [
            format!("{name}.{}.svc.{CLUSTER_DOMAIN}", from_namespace.to_ascii_lowercase()),
            format!("{name}.svc.{CLUSTER_DOMAIN}"),
            format!("{name}.{CLUSTER_DOMAIN}"),
        ];
        let mut out = Vec::with_capacity(4);
        // `ndots:5`: a name with five dots or more is tried as it is first.
        let dots = name.matches('.').count();
        if dots >= 5 {
            out.push(name.to_string());
        }
        out.extend(searched);
        if dots < 5 {
            out.push(name.to_string());
        }
        out
    }

    /// A name that resolves from `from_namespace`, written in the same form
    /// as `host` (the same number of labels), a small Damerau–Levenshtein
    /// edit away; the port as written is kept. `None` when `host` resolves
    /// or nothing is close. Ties go to the alphabetically first name.
    pub fn suggest(&self, host: &str, from_namespace: &str) -> Option<String> {
        if !matches!(self.resolve(host, from_namespace), Resolution::Unknown) {
            return None;
        }
        let hp = values::parse_hostport(host.trim());
        let name = hp.host.to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        if name.is_empty() {
            return None;
        }
        let labels = name.split('.').count();
        let allowed = (name.len() / 5).clamp(1, 2);
        let from = from_namespace.to_ascii_lowercase();
        let mut best: Option<(usize, String)> = None;
        for entry in &self.entries {
            for form in forms(entry, &from, labels, name.len(), allowed) {
                let Some(d) = distance_within(name, &form, allowed) else {
                    continue;
                };
                if d == 0 {
                    continue;
                }
                let better = best.as_ref().is_none_or(|(bd, bf)| (d, &form) < (*bd, bf));
                if better {
                    best = Some((d, form));
                }
            }
        }
        let (_, form) = best?;
        Some(match hp.port {
            Some(port) => format!("{form}:{port}"),
            None => form,
        })
    }
}

/// The ways to write an entry's name that reach it from `from` and could
/// be within `allowed` edits of a name of `labels` labels and `len` bytes.
/// A run with thousands of names asks this for every unknown host: forms
/// that cannot match are not even written out.
fn forms(entry: &Entry, from: &str, labels: usize, len: usize, allowed: usize) -> Vec<String> {
    let p = &entry.prefix;
    let ns = &entry.namespace;
    let p_labels = p.split('.').count();
    let ns_labels = ns.split('.').count();
    let fits =
        |extra_labels: usize, form_len: usize| p_labels + extra_labels == labels && form_len.abs_diff(len) <= allowed;
    let mut out = Vec::new();
    if ns == from && fits(0, p.len()) {
        out.push(p.clone());
    }
    let with_ns = p.len() + 1 + ns.len();
    if fits(ns_labels, with_ns) {
        out.push(format!("{p}.{ns}"));
    }
    if fits(ns_labels + 1, with_ns + ".svc".len()) {
        out.push(format!("{p}.{ns}.svc"));
    }
    if fits(ns_labels + 3, with_ns + ".svc.".len() + CLUSTER_DOMAIN.len()) {
        out.push(format!("{p}.{ns}.svc.{CLUSTER_DOMAIN}"));
    }
    out
}

/// The Damerau–Levenshtein distance of `a` and `b` when it is at most
/// `limit`. ASCII names (every DNS name) take a banded optimal-string-
/// alignment count that stops as soon as the limit is passed; the two
/// distances agree up to 2 edits except for edits inside a transposition,
/// which a typo of a host name does not make. Others take strsim's.
fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if !(a.is_ascii() && b.is_ascii()) {
        let d = strsim::damerau_levenshtein(a, b);
        return (d <= limit).then_some(d);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Three rows of the dynamic programme: two back, one back, this one.
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut row: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        row[0] = i;
        let mut smallest = row[0];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            smallest = smallest.min(d);
        }
        if smallest > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    let d = prev[width - 1];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex {
        let mut ix = NameIndex::default();
        ix.add_service("socs", "default", NodeIndex::new(0));
        for i in 0..3 {
            ix.add_pod(&format!("srs-origin-{i}"), "socs", "default", NodeIndex::new(10 + i));
        }
        ix.add_service("api", "live", NodeIndex::new(1));
        ix
    }

    #[test]
    fn pod_and_service_names() {
        let ix = index();
        let pod1 = Resolution::Pod(NodeIndex::new(11));
        for name in [
            "srs-origin-1.socs",
            "srs-origin-1.socs:1985",
            "srs-origin-1.socs.default",
            "srs-origin-1.socs.default.svc",
            "SRS-Origin-1.socs.default.svc.cluster.local",
            "srs-origin-1.socs.default.svc.cluster.local.",
        ] {
            assert_eq!(ix.resolve(name, "default"), pod1, "{name}");
        }
        assert_eq!(ix.resolve("srs-origin-1.socs", "live"), Resolution::Unknown);
        assert_eq!(ix.resolve("srs-origin-1.socs.default", "live"), pod1);
        assert_eq!(ix.resolve("socs", "default"), Resolution::Service(NodeIndex::new(0)));
        assert_eq!(
            ix.resolve("api.live:1985", "default"),
            Resolution::Service(NodeIndex::new(1))
        );
        assert_eq!(ix.resolve("api", "default"), Resolution::Unknown);
        assert_eq!(ix.resolve("socs.default.svc.cluster", "default"), Resolution::Unknown);
        assert_eq!(
            ix.resolve("srs-origin-1.socs.", "default"),
            Resolution::Unknown,
            "absolute"
        );
    }

    #[test]
    fn addresses_and_loopback() {
        let ix = index();
        assert_eq!(ix.resolve("127.0.0.1:1985", "default"), Resolution::Loopback);
        assert_eq!(ix.resolve("[::1]:1985", "default"), Resolution::Loopback);
        assert_eq!(ix.resolve("localhost", "default"), Resolution::Loopback);
        assert_eq!(
            ix.resolve("10.0.0.1:1935", "default"),
            Resolution::External("10.0.0.1".parse().unwrap())
        );
        assert_eq!(ix.resolve("", "default"), Resolution::Unknown);
    }

    #[test]
    fn the_bounded_distance_agrees_with_strsim_within_its_limit() {
        let names = [
            "srs-origin-0.socs",
            "srs-origin2.socs",
            "srs-orgin-0.socs",
            "rss-origin-0.socs",
            "srs-origin-0.scos",
            "srs-origin-10.socs",
            "socs",
            "scos",
            "a",
            "",
            "srs-origin-0.socs.default",
            "ab",
            "ba",
            "abc",
        ];
        for a in names {
            for b in names {
                let exact = strsim::damerau_levenshtein(a, b);
                for limit in 0..=2 {
                    let want = (exact <= limit).then_some(exact);
                    assert_eq!(distance_within(a, b, limit), want, "{a:?} {b:?} {limit}");
                }
            }
        }
        assert_eq!(distance_within("é-origin", "e-origin", 2), Some(1));
        // Where the two part: an edit inside a transposition.
        assert_eq!(strsim::damerau_levenshtein("ca", "abc"), 2);
        assert_eq!(distance_within("ca", "abc", 2), None);
    }

    #[test]
    fn suggestions_keep_the_form() {
        let ix = index();
        assert_eq!(
            ix.suggest("srs-origin2.socs", "default").as_deref(),
            Some("srs-origin-2.socs")
        );
        assert_eq!(
            ix.suggest("srs-origin2.socs:1985", "default").as_deref(),
            Some("srs-origin-2.socs:1985")
        );
        assert_eq!(
            ix.suggest("srs-orgin-0.socs.default.svc.cluster.local", "default")
                .as_deref(),
            Some("srs-origin-0.socs.default.svc.cluster.local")
        );
        assert_eq!(ix.suggest("srs-origin-1.socs", "default"), None, "resolves");
        assert_eq!(ix.suggest("srs-origin-0.socssrs-origin-1.socs", "default"), None);
        assert_eq!(ix.suggest("soc", "default").as_deref(), Some("socs"));
        // Short forms only reach the pod's own namespace.
        assert_eq!(ix.suggest("srs-origin2.socs", "live"), None);
        assert_eq!(ix.suggest("apii", "live").as_deref(), Some("api"));
    }
}
