//! Claims and the PersistentVolumes they bind, matched the simple way the
//! binder does: `volumeName` when set, else a volume of the same storage
//! class with every requested access mode, enough capacity, the labels the
//! claim's selector asks for, a matching volume mode and no `claimRef` to
//! another claim; the smallest such volume wins, and a volume binds once.

use super::graph::{Claim, PersistentVolume};
use crate::k8s::slim::LabelSelector;
use crate::k8s::slim::{PersistentVolumeClaimSpec, PersistentVolumeSpec};
use crate::labels::Labels;

/// A claim's data from its spec; `template` names a StatefulSet's claim template.
pub fn claim(spec: Option<&PersistentVolumeClaimSpec>, template: Option<&str>) -> Claim {
    let spec = spec.cloned().unwrap_or_default();
    Claim {
        storage_class: spec.storage_class_name,
        access_modes: spec.access_modes.unwrap_or_default(),
        request: spec
            .resources
            .and_then(|r| r.requests)
            .and_then(|r| r.get("storage").map(|q| q.0.clone())),
        selector: spec
            .selector
            .as_ref()
            .and_then(|s| s.match_labels.clone())
            .unwrap_or_default(),
        volume_name: spec.volume_name.filter(|v| !v.is_empty()),
        template: template.map(str::to_string),
    }
}

pub fn persistent_volume(spec: Option<&PersistentVolumeSpec>, labels: Labels) -> PersistentVolume {
    let spec = spec.cloned().unwrap_or_default();
    PersistentVolume {
        storage_class: spec.storage_class_name,
        access_modes: spec.access_modes.unwrap_or_default(),
        capacity: spec.capacity.and_then(|c| c.get("storage").map(|q| q.0.clone())),
        labels,
        claim_ref: spec
            .claim_ref
            .map(|r| format!("{}/{}", r.namespace.unwrap_or_default(), r.name.unwrap_or_default())),
    }
}

/// What a claim asks of a volume, beyond [`Claim`]: the full selector and
/// the volume mode.
#[derive(Clone, Debug, Default)]
pub struct ClaimNeeds {
    pub selector: Option<LabelSelector>,
    pub volume_mode: Option<String>,
}

impl ClaimNeeds {
    pub fn of(spec: Option<&PersistentVolumeClaimSpec>) -> ClaimNeeds {
        ClaimNeeds {
            selector: spec.and_then(|s| s.selector.clone()),
            volume_mode: spec.and_then(|s| s.volume_mode.clone()),
        }
    }
}

/// Whether `pv` (named `pv_name`, of volume mode `pv_mode`) can bind the claim
/// `namespace/name`.
pub fn fits(
    claim: &Claim,
    needs: &ClaimNeeds,
    namespace: &str,
    name: &str,
    pv_name: &str,
    pv: &PersistentVolume,
    pv_mode: Option<&str>,
) -> bool {
    if let Some(wanted) = &claim.volume_name {
        return wanted == pv_name;
    }
    if let Some(r) = &pv.claim_ref {
        if r.strip_prefix(namespace).and_then(|r| r.strip_prefix('/')) != Some(name) {
            return false;
        }
    }
    if claim.storage_class.as_deref().unwrap_or_default() != pv.storage_class.as_deref().unwrap_or_default() {
        return false;
    }
    if !claim.access_modes.iter().all(|m| pv.access_modes.contains(m)) {
        return false;
    }
    if needs.volume_mode.as_deref().unwrap_or("Filesystem") != pv_mode.unwrap_or("Filesystem") {
        return false;
    }
    let requested = claim.request.as_deref().and_then(quantity).unwrap_or(0.0);
    let capacity = pv.capacity.as_deref().and_then(quantity).unwrap_or(0.0);
    if capacity < requested {
        return false;
    }
    needs.selector.as_ref().is_none_or(|s| selector_matches(s, &pv.labels))
}

/// A label selector (`matchLabels` and `matchExpressions`) against labels.
/// An empty selector matches everything.
pub fn selector_matches(selector: &LabelSelector, labels: &Labels) -> bool {
    let labels_ok = selector
        .match_labels
        .iter()
        .flat_map(Labels::iter)
        .all(|(k, v)| labels.get(k) == Some(v));
    let expressions_ok = selector.match_expressions.iter().flatten().all(|e| {
        let values = e.values.as_deref().unwrap_or_default();
        let value = labels.get(&e.key);
        match e.operator.as_str() {
            "In" => value.is_some_and(|v| values.iter().any(|w| w == v)),
            "NotIn" => value.is_none_or(|v| !values.iter().any(|w| w == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_ok && expressions_ok
}

/// A Kubernetes quantity in its base unit (`100Gi`, `500M`, `1.5`, `2e3`, `10m`).
pub fn quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s => {
            let exp: i32 = s.strip_prefix(['e', 'E'])?.parse().ok()?;
            10f64.powi(exp)
        }
    };
    Some(number * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(quantity("100Gi"), Some(100.0 * 1024f64.powi(3)));
        assert_eq!(quantity("1k"), Some(1000.0));
        assert_eq!(quantity("2e3"), Some(2000.0));
        assert_eq!(quantity("1.5"), Some(1.5));
        assert_eq!(quantity("Gi"), None);
        assert_eq!(quantity("1Xi"), None);
    }

    #[test]
    fn binding_rules() {
        let claim = Claim {
            storage_class: Some("nas".into()),
            access_modes: vec!["ReadWriteMany".into()],
            request: Some("10Gi".into()),
            selector: Labels::new(),
            volume_name: None,
            template: None,
        };
        let pv = PersistentVolume {
            storage_class: Some("nas".into()),
            access_modes: vec!["ReadWriteMany".into(), "ReadOnlyMany".into()],
            capacity: Some("100Gi".into()),
            labels: [("pv", "nfs-pv")].into_iter().collect(),
            claim_ref: None,
        };
        let needs = ClaimNeeds::default();
        assert!(fits(&claim, &needs, "default", "c", "pv", &pv, None));
        let small = PersistentVolume {
            capacity: Some("1Gi".into()),
            ..pv.clone()
        };
        assert!(!fits(&claim, &needs, "default", "c", "pv", &small, None));
        let other_class = Claim {
            storage_class: None,
            ..claim.clone()
        };
        assert!(!fits(&other_class, &needs, "default", "c", "pv", &pv, None));
        let taken = PersistentVolume {
            claim_ref: Some("other/c".into()),
            ..pv.clone()
        };
        assert!(!fits(&claim, &needs, "default", "c", "pv", &taken, None));
        let needs = ClaimNeeds {
            selector: Some(LabelSelector {
                match_labels: Some(std::collections::BTreeMap::from([("pv".to_string(), "other".to_string())]).into()),
                match_expressions: None,
            }),
            volume_mode: None,
        };
        assert!(!fits(&claim, &needs, "default", "c", "pv", &pv, None));
    }
}
