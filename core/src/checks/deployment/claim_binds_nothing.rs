use super::hls_not_shared::pod_object;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Fix, Severity};
use crate::k8s::slim::PersistentVolumeClaimSpec;
use crate::k8s::{Object, Typed};
use crate::model::graph::{Claim, NodeData, PersistentVolume};
use crate::model::{storage, Deployment};
use petgraph::graph::NodeIndex;

pub static META: CheckMeta = CheckMeta {
    code: "SRS521",
    name: "claim-binds-nothing",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A PersistentVolumeClaim that no PersistentVolume of the manifests can bind.",
    doc: doc_text(
        r#"## What it does
When the manifests define PersistentVolumes, matches every claim (PersistentVolumeClaims, and the claims StatefulSets make from `volumeClaimTemplates`) against them the way the binder does: a volume binds a claim when it has the claim's `storageClassName`, every access mode the claim asks for, at least the requested capacity, the claim's `volumeMode`, the labels of the claim's `selector`, and no `claimRef` to another claim; each volume binds one claim (the smallest that fits wins). A claim that no volume can bind is reported, pointing at the closest volume and what differs.

Only claims that must bind a pre-made volume are judged: claims with a `selector` (Kubernetes never provisions those dynamically), claims with `storageClassName: ""`, and claims whose class is the class of a volume of the manifests, unless a StorageClass of that name with a real provisioner is among the manifests. A claim with no `storageClassName` gets the cluster's default class and is left alone. A claim with `volumeName` must name a volume of the manifests that no other claim holds.

## Why is this bad?
The claim stays `Pending`, and so does every pod that mounts it: origins that write HLS to it never start, Nginx never serves a playlist, and nothing at `kubectl apply` time says so. The usual causes are a class name that differs by a letter, a request bigger than the volume, `ReadWriteMany` asked of a volume that only offers `ReadWriteOnce`, or a selector label that the volume does not carry.

## Example
```yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-nas
  labels:
    pv: nfs-pv
spec:
  capacity:
    storage: 100Gi
  storageClassName: nas
  accessModes:
    - ReadWriteMany
  nfs:
    server: nas.example.com
    path: /k8s
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pvc-nas
spec:
  accessModes:
    - ReadWriteMany
  storageClassName: nas
  resources:
    requests:
      storage: 200Gi
  selector:
    matchLabels:
      pv: nfs-pv
```

## Fix
```yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-nas
  labels:
    pv: nfs-pv
spec:
  capacity:
    storage: 100Gi
  storageClassName: nas
  accessModes:
    - ReadWriteMany
  nfs:
    server: nas.example.com
    path: /k8s
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pvc-nas
spec:
  accessModes:
    - ReadWriteMany
  storageClassName: nas
  resources:
    requests:
      storage: 100Gi
  selector:
    matchLabels:
      pv: nfs-pv
```
When `volumeName` is a small edit away from exactly one volume, the fix writes that name (unsafe).

## References
- Kubernetes: Persistent Volumes (binding, class, access modes, selector, `volumeName`), Dynamic Volume Provisioning
- `srs-check graph` shows which claim binds which volume
"#,
    ),
};

/// A claim's spec and its YAML mapping (the PVC, or the StatefulSet's template entry).
fn claim_spec<'a>(
    d: &Deployment,
    objects: &'a [Object],
    claim: NodeIndex,
) -> Option<(Option<&'a PersistentVolumeClaimSpec>, crate::yaml::Node<'a>)> {
    let node = d.node(claim);
    if let Some(i) = node.object {
        let object = objects.get(i)?;
        let Typed::PersistentVolumeClaim(pvc) = &object.typed else {
            return None;
        };
        return Some((pvc.spec.as_ref(), object.node()));
    }
    let NodeData::Claim(data) = &node.data else { return None };
    let template = data.template.as_deref()?;
    let pod = d.sources(claim, "mounts").into_iter().next()?;
    let object = objects.get(pod_object(d, pod)?)?;
    let Typed::StatefulSet(set) = &object.typed else {
        return None;
    };
    let ti = set
        .spec
        .volume_claim_templates
        .iter()
        .flatten()
        .position(|t| t.metadata.name.as_deref() == Some(template))?;
    let entry = &set.spec.volume_claim_templates.as_ref()?[ti];
    Some((
        entry.spec.as_ref(),
        object.at(&["spec", "volumeClaimTemplates", &ti.to_string()])?,
    ))
}

fn class_text(c: Option<&str>) -> String {
    match c {
        None | Some("") => "none".into(),
        Some(c) => format!("`{c}`"),
    }
}

/// What keeps `pv` from binding the claim, in words.
#[allow(clippy::too_many_arguments)]
fn differences(
    d: &Deployment,
    claim: &Claim,
    needs: &storage::ClaimNeeds,
    namespace: &str,
    name: &str,
    pv_ix: NodeIndex,
    pv: &PersistentVolume,
    pv_mode: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &pv.claim_ref {
        if r != &format!("{namespace}/{name}") {
            out.push(format!("reserved for claim `{r}` (`claimRef`)"));
        }
    }
    if let Some(other) = d.sources(pv_ix, "binds").into_iter().next() {
        out.push(format!("already bound to claim `{}`", d.node(other).name));
    }
    let class = |c: &Option<String>| c.clone().unwrap_or_default();
    if class(&claim.storage_class) != class(&pv.storage_class) {
        out.push(format!(
            "storageClassName {} where the claim asks for {}",
            class_text(pv.storage_class.as_deref()),
            class_text(claim.storage_class.as_deref())
        ));
    }
    for m in &claim.access_modes {
        if !pv.access_modes.contains(m) {
            out.push(format!("no `{m}` access mode"));
        }
    }
    let wanted_mode = needs.volume_mode.as_deref().unwrap_or("Filesystem");
    if wanted_mode != pv_mode.unwrap_or("Filesystem") {
        out.push(format!(
            "volumeMode `{}` where the claim needs `{wanted_mode}`",
            pv_mode.unwrap_or("Filesystem")
        ));
    }
    let requested = claim.request.as_deref().and_then(storage::quantity).unwrap_or(0.0);
    let capacity = pv.capacity.as_deref().and_then(storage::quantity).unwrap_or(0.0);
    if capacity < requested {
        out.push(format!(
            "capacity `{}` is less than the `{}` requested",
            pv.capacity.as_deref().unwrap_or("0"),
            claim.request.as_deref().unwrap_or("0")
        ));
    }
    if let Some(s) = &needs.selector {
        if !storage::selector_matches(s, &pv.labels) {
            let missing: Vec<String> = s
                .match_labels
                .iter()
                .flat_map(crate::labels::Labels::iter)
                .filter(|(k, v)| pv.labels.get(k) != Some(*v))
                .map(|(k, v)| format!("`{k}: {v}`"))
                .collect();
            if missing.is_empty() {
                out.push("its labels do not match the claim's selector".into());
            } else {
                out.push(format!("no label {}", missing.join(", ")));
            }
        }
    }
    out
}

/// One claim that binds nothing (or the claims of one template).
struct Finding {
    claims: Vec<String>,
    template: Option<String>,
    diag: crate::diagnostic::Diagnostic,
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let volumes: Vec<(NodeIndex, &str, &PersistentVolume, Option<&str>)> = d
        .nodes()
        .filter_map(|(ix, n)| match &n.data {
            NodeData::PersistentVolume(p) => {
                let mode = n.object.and_then(|i| cx.objects.get(i)).and_then(|o| match &o.typed {
                    Typed::PersistentVolume(p) => p.spec.as_ref()?.volume_mode.as_deref(),
                    _ => None,
                });
                Some((ix, n.name.as_str(), &**p, mode))
            }
            _ => None,
        })
        .collect();
    if volumes.is_empty() {
        return;
    }
    // StorageClasses of the manifests that provision volumes themselves.
    let dynamic: Vec<&str> = cx
        .objects
        .iter()
        .filter(|o| o.kind == "StorageClass")
        .filter(|o| {
            o.at(&["provisioner"])
                .and_then(|n| n.as_str())
                .is_some_and(|p| p != "kubernetes.io/no-provisioner")
        })
        .map(|o| o.name.as_str())
        .collect();

    let mut findings: Vec<Finding> = Vec::new();
    for (ix, node) in d.nodes() {
        let NodeData::Claim(claim) = &node.data else { continue };
        if !d.targets(ix, "binds").is_empty() {
            continue;
        }
        let Some((spec, yaml)) = claim_spec(d, cx.objects, ix) else {
            continue;
        };
        let at = |steps: &[&str]| crate::k8s::path::at(yaml, steps).map(|n| n.span);
        let claim_span = node.span.unwrap_or(yaml.span);
        let claim_name = node.name.clone();
        let namespace = node.namespace.clone();
        let who = mounted_by(d, ix);

        if let Some(wanted) = &claim.volume_name {
            let span = at(&["spec", "volumeName"]).unwrap_or(claim_span);
            let (message, label, fix) = if let Some((pv, ..)) = volumes.iter().find(|(_, n, ..)| n == wanted) {
                let Some(other) = d.sources(*pv, "binds").into_iter().next() else {
                    continue;
                };
                (
                    format!(
                        "claim `{claim_name}` asks for PersistentVolume `{wanted}`, which claim `{}` already holds",
                        d.node(other).name
                    ),
                    "a volume binds one claim".to_string(),
                    None,
                )
            } else {
                let close: Vec<&str> = volumes
                    .iter()
                    .map(|(_, n, ..)| *n)
                    .filter(|n| strsim::damerau_levenshtein(n, wanted) <= 2)
                    .collect();
                let fix = match close.as_slice() {
                    [one] => Some((*one).to_string()),
                    _ => None,
                };
                (
                    format!(
                        "claim `{claim_name}` asks for PersistentVolume `{wanted}`, which the manifests do not define"
                    ),
                    fix.as_ref().map_or_else(
                        || "no such PersistentVolume".to_string(),
                        |f| format!("did you mean `{f}`?"),
                    ),
                    fix,
                )
            };
            let mut diag = META.diagnostic(message, span, label).with_note(pending_note(&who));
            if let Some(f) = fix {
                diag = diag.with_fix(Fix::replace_unsafe(format!("write `{f}`"), span, f));
            }
            findings.push(Finding {
                claims: vec![claim_name.to_string()],
                template: None,
                diag,
            });
            continue;
        }

        let needs = storage::ClaimNeeds::of(spec);
        let has_selector = needs.selector.as_ref().is_some_and(|s| {
            s.match_labels.as_ref().is_some_and(|m| !m.is_empty())
                || s.match_expressions.as_ref().is_some_and(|e| !e.is_empty())
        });
        let static_only = has_selector
            || claim.storage_class.as_deref() == Some("")
            || claim.storage_class.as_deref().is_some_and(|c| {
                volumes.iter().any(|(_, _, p, _)| p.storage_class.as_deref() == Some(c)) && !dynamic.contains(&c)
            });
        if !static_only {
            continue;
        }
        let closest = volumes
            .iter()
            .map(|(pv_ix, pv_name, pv, mode)| {
                let diffs = differences(d, claim, &needs, &namespace, &claim_name, *pv_ix, pv, *mode);
                (diffs, *pv_ix, *pv_name)
            })
            .min_by_key(|(diffs, ..)| diffs.len());
        let Some((diffs, pv_ix, pv_name)) = closest else {
            continue;
        };
        let mut diag = META
            .diagnostic(
                format!("claim `{claim_name}` matches no PersistentVolume of the manifests"),
                claim_span,
                "this claim stays Pending",
            )
            .with_note(pending_note(&who))
            .with_help(format!(
                "make the claim and PersistentVolume `{pv_name}` agree ({}), or add a volume that fits",
                diffs.join("; ")
            ));
        if let Some(span) = d.node(pv_ix).span {
            diag = diag.with_label(span, format!("closest volume: {}", diffs.join("; ")));
        }
        findings.push(Finding {
            claims: vec![claim_name.to_string()],
            template: claim.template.as_ref().map(ToString::to_string),
            diag,
        });
    }

    // A template's claims share one place: one finding each.
    let mut grouped: Vec<Finding> = Vec::new();
    for f in findings {
        match grouped.iter_mut().find(|g| g.diag.primary.span == f.diag.primary.span) {
            Some(g) => g.claims.extend(f.claims),
            None => grouped.push(f),
        }
    }
    for mut f in grouped {
        if let (Some(t), [first, rest @ ..]) = (&f.template, f.claims.as_slice()) {
            if !rest.is_empty() {
                f.diag.message = format!(
                    "claims `{first}` and {} more from template `{t}` match no PersistentVolume of the manifests",
                    rest.len()
                );
            }
        }
        cx.report(f.diag);
    }
}

/// The workloads whose pods mount the claim, for messages.
fn mounted_by(d: &Deployment, claim: NodeIndex) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for pod in d.sources(claim, "mounts") {
        let name = match &d.node(pod).data {
            NodeData::Pod(p) => p
                .owner
                .as_ref()
                .map_or_else(|| format!("Pod/{}", d.node(pod).name), ToString::to_string),
            _ => continue,
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn pending_note(who: &[String]) -> String {
    if who.is_empty() {
        "the claim stays Pending until a volume that fits appears".to_string()
    } else {
        format!(
            "the claim stays Pending, and so do the pods of {} that mount it: nothing they run starts (no publishing, no HLS written or served)",
            who.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};

    const STORAGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml");
    const ORIGIN: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    fn hits(storage: &str) -> (crate::lint::LintResult, Vec<crate::diagnostic::Diagnostic>) {
        let r = lint(&[("1-storage.yaml", storage), ("2-origin.yaml", ORIGIN)]);
        let h = r.diagnostics.iter().filter(|d| d.code == "SRS521").cloned().collect();
        (r, h)
    }

    #[test]
    fn the_seed_binds() {
        let (r, h) = hits(STORAGE);
        assert!(h.is_empty(), "{:#?}", r.diagnostics);
    }

    #[test]
    fn a_class_typo_points_at_the_claim_and_the_volume() {
        let storage = STORAGE.replace(
            "    - ReadWriteMany\n  storageClassName: nas\n  resources",
            "    - ReadWriteMany\n  storageClassName: nsa\n  resources",
        );
        assert_ne!(storage, STORAGE);
        // `nsa` is no volume's class and no StorageClass: only the selector makes it static.
        let (r, h) = hits(&storage);
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(line_col(&r, h[0].primary.span), (28, 9));
        assert_eq!(h[0].labels.len(), 1);
        assert!(
            h[0].labels[0]
                .message
                .contains("storageClassName `nas` where the claim asks for `nsa`"),
            "{:#?}",
            h[0]
        );
        assert_eq!(line_col(&r, h[0].labels[0].span), (6, 9));
    }

    #[test]
    fn capacity_labels_and_volume_name() {
        let big = STORAGE.replace("      storage: 100Gi\n  selector", "      storage: 1Ti\n  selector");
        assert_ne!(big, STORAGE);
        let (_, h) = hits(&big);
        assert!(
            h[0].labels[0]
                .message
                .contains("capacity `100Gi` is less than the `1Ti` requested"),
            "{h:#?}"
        );
        let label = STORAGE.replace("  labels:\n    pv: nfs-pv\n", "  labels:\n    pv: nfs\n");
        assert_ne!(label, STORAGE);
        let (_, h) = hits(&label);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].labels[0].message.contains("no label `pv: nfs-pv`"), "{h:#?}");
        let named = STORAGE.replace(
            "  selector:\n    matchLabels:\n      pv: nfs-pv\n",
            "  volumeName: pv-nsa\n",
        );
        assert_ne!(named, STORAGE);
        let (_, h) = hits(&named);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "pv-nas");
    }

    #[test]
    fn dynamic_claims_are_left_alone() {
        let dynamic = STORAGE
            .replace(
                "  storageClassName: nas\n  resources",
                "  storageClassName: gp2\n  resources",
            )
            .replace("  selector:\n    matchLabels:\n      pv: nfs-pv\n", "");
        let (_, h) = hits(&dynamic);
        assert!(h.is_empty(), "{h:#?}");
        // Without any PersistentVolume in the manifests, nothing is judged.
        let claim_only = STORAGE.split("---").nth(1).unwrap();
        let r = lint(&[("c.yaml", claim_only)]);
        assert!(!r.diagnostics.iter().any(|d| d.code == "SRS521"));
    }

    #[test]
    fn a_templates_claims_are_reported_once() {
        let pv = STORAGE.split("---").next().unwrap();
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  serviceName: s\n  replicas: 3\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n    spec:\n      containers:\n        - name: c\n          image: busybox\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        storageClassName: nas\n        accessModes: [ReadWriteMany]\n        resources:\n          requests:\n            storage: 1Gi\n";
        let r = lint(&[("pv.yaml", pv), ("sts.yaml", sts)]);
        let hits: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS521").collect();
        assert_eq!(hits.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(
            hits[0].message,
            "claims `data-s-1` and 1 more from template `data` match no PersistentVolume of the manifests"
        );
        assert!(
            hits[0].labels[0].message.contains("already bound to claim `data-s-0`"),
            "{:#?}",
            hits[0]
        );
        assert_eq!(line_col(&r, hits[0].primary.span), (21, 15));
    }
}
