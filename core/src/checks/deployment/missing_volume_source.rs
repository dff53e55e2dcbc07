use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Fix, Severity};
use crate::hash::HashSet;
use crate::k8s::Object;
use crate::model::pods;
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS520",
    name: "missing-volume-source",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A pod volume names a ConfigMap or PersistentVolumeClaim that the manifests do not define.",
    doc: doc_text(
        r#"## What it does
Looks at every pod volume of the workloads (StatefulSets, Deployments, DaemonSets, Pods): a `configMap.name` (also in a `projected` volume) must be a ConfigMap of the same namespace, and a `persistentVolumeClaim.claimName` a PersistentVolumeClaim of the same namespace (or a claim a StatefulSet's `volumeClaimTemplates` makes). A name that is missing is an error when the manifests linted together define at least one object of that kind: they are then the deployment, and the name is most likely a typo (the closest name is suggested). When the manifests define no object of that kind at all, the ConfigMap or claim may well be applied separately (another chart, `kubectl create configmap --from-file`), so the finding is only a note. ConfigMap volumes marked `optional: true` are not checked.

When the missing ConfigMap is the one the SRS config file is read from, SRS541 (`config-not-found`) reports it, with what SRS reads instead; this check stays silent there.

## Why is this bad?
Kubernetes creates the pod, but the kubelet cannot set up the volume: a missing ConfigMap keeps the pod in `ContainerCreating` (`configmap "…" not found`), a missing claim keeps it `Pending` (`persistentvolumeclaim "…" not found`). The SRS servers of that workload never start, so nothing can be published to or played from them; for the shared HLS volume, Nginx never starts either and every playlist is a 404. Nothing fails at `kubectl apply` time.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-origin-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pvc-nas
spec:
  accessModes:
    - ReadWriteMany
  resources:
    requests:
      storage: 10Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-origin
spec:
  replicas: 1
  selector:
    matchLabels:
      app: srs-origin
  template:
    metadata:
      labels:
        app: srs-origin
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-origin-config
        - name: html
          persistentVolumeClaim:
            claimName: pvc-nfs
      containers:
        - name: srs
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
            - name: html
              mountPath: /usr/local/srs/objs/nginx/html
```

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-origin-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pvc-nas
spec:
  accessModes:
    - ReadWriteMany
  resources:
    requests:
      storage: 10Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-origin
spec:
  replicas: 1
  selector:
    matchLabels:
      app: srs-origin
  template:
    metadata:
      labels:
        app: srs-origin
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-origin-config
        - name: html
          persistentVolumeClaim:
            claimName: pvc-nas
      containers:
        - name: srs
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
            - name: html
              mountPath: /usr/local/srs/objs/nginx/html
```
When exactly one object of the namespace has a close name, the fix writes it (unsafe: make sure it is the one you meant).

## References
- Kubernetes: Volumes (`configMap`, `persistentVolumeClaim`, `projected`), Persistent Volumes (claims as volumes)
- SRS541 `config-not-found` for the config file's own ConfigMap
"#,
    ),
};

/// What a volume names.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    ConfigMap,
    Claim,
}

impl Kind {
    fn object_kind(self) -> &'static str {
        match self {
            Kind::ConfigMap => "ConfigMap",
            Kind::Claim => "PersistentVolumeClaim",
        }
    }
}

/// One name a pod volume refers to, with where it is written.
struct Reference {
    kind: Kind,
    volume: String,
    name: String,
    span: Span,
}

/// The ConfigMaps and claims a workload's volumes name (optional ConfigMaps left out).
fn references(o: &Object, w: &pods::Workload<'_>) -> Vec<Reference> {
    let mut out = Vec::new();
    let span_of = |steps: &[&str]| {
        w.spec_node
            .and_then(|n| crate::k8s::path::at(n, steps))
            .map_or(o.span(), |n| n.span)
    };
    for (vi, v) in w.spec.volumes.iter().flatten().enumerate() {
        let vi = vi.to_string();
        if let Some(cm) = &v.config_map {
            if !cm.optional.unwrap_or(false) && !cm.name.is_empty() {
                out.push(Reference {
                    kind: Kind::ConfigMap,
                    volume: v.name.clone(),
                    name: cm.name.clone(),
                    span: span_of(&["volumes", &vi, "configMap", "name"]),
                });
            }
        }
        if let Some(p) = &v.projected {
            for (si, s) in p.sources.iter().flatten().enumerate() {
                let Some(cm) = &s.config_map else { continue };
                if cm.optional.unwrap_or(false) || cm.name.is_empty() {
                    continue;
                }
                out.push(Reference {
                    kind: Kind::ConfigMap,
                    volume: v.name.clone(),
                    name: cm.name.clone(),
                    span: span_of(&[
                        "volumes",
                        &vi,
                        "projected",
                        "sources",
                        &si.to_string(),
                        "configMap",
                        "name",
                    ]),
                });
            }
        }
        if let Some(pvc) = &v.persistent_volume_claim {
            if !pvc.claim_name.is_empty() {
                out.push(Reference {
                    kind: Kind::Claim,
                    volume: v.name.clone(),
                    name: pvc.claim_name.clone(),
                    span: span_of(&["volumes", &vi, "persistentVolumeClaim", "claimName"]),
                });
            }
        }
    }
    out
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    // Names of each kind, by namespace: ConfigMaps and claims written as
    // objects, and the claims StatefulSets make from their templates.
    let mut names: HashSet<(Kind, &str, &str)> = HashSet::default();
    for o in cx.objects {
        match o.kind.as_str() {
            "ConfigMap" if o.api_version == "v1" => {
                names.insert((Kind::ConfigMap, &o.namespace, &o.name));
            }
            "PersistentVolumeClaim" if o.api_version == "v1" => {
                names.insert((Kind::Claim, &o.namespace, &o.name));
            }
            _ => {}
        }
    }
    let any_configmap = names.iter().any(|(k, ..)| *k == Kind::ConfigMap);
    let mut any_claim = names.iter().any(|(k, ..)| *k == Kind::Claim);
    let made: Vec<(&str, &str)> = d
        .nodes()
        .filter(|(_, n)| matches!(&n.data, crate::model::NodeData::Claim(c) if c.template.is_some()))
        .map(|(_, n)| (n.namespace.as_str(), n.name.as_str()))
        .collect();
    for (ns, name) in made {
        names.insert((Kind::Claim, ns, name));
        any_claim = true;
    }
    // The config file's own ConfigMap is SRS541's finding.
    let config_spans: HashSet<Span> = d
        .unresolved
        .iter()
        .filter(|u| matches!(u.reason, crate::model::UnresolvedReason::MissingConfigMap { .. }))
        .map(|u| u.span)
        .collect();

    let mut out = Vec::new();
    for o in cx.objects {
        let Some(w) = pods::workload(o) else { continue };
        for r in references(o, &w) {
            if names.contains(&(r.kind, o.namespace.as_str(), r.name.as_str())) || config_spans.contains(&r.span) {
                continue;
            }
            let certain = match r.kind {
                Kind::ConfigMap => any_configmap,
                Kind::Claim => any_claim,
            };
            let kind = r.kind.object_kind();
            let candidates: Vec<&str> = names
                .iter()
                .filter(|(k, ns, _)| *k == r.kind && *ns == o.namespace)
                .map(|(_, _, n)| *n)
                .filter(|n| close(n, &r.name))
                .collect();
            let suggestion = match candidates.as_slice() {
                [one] => Some((*one).to_string()),
                _ => None,
            };
            let namespace = if o.namespace.is_empty() {
                "default"
            } else {
                &o.namespace
            };
            let label = match &suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None if certain => format!("no {kind} of this name in namespace `{namespace}`"),
                None => "not among the manifests linted together".to_string(),
            };
            let message = if certain {
                format!(
                    "volume `{}` of {} names {kind} `{}`, which the manifests do not define",
                    r.volume,
                    o.display_name(),
                    r.name
                )
            } else {
                format!(
                    "volume `{}` of {} names {kind} `{}`, which is not in these manifests",
                    r.volume,
                    o.display_name(),
                    r.name
                )
            };
            let why = match r.kind {
                Kind::ConfigMap => format!(
                    "until it exists the pods of {} stay in ContainerCreating (`configmap \"{}\" not found`): their containers, SRS included, never start",
                    o.display_name(),
                    r.name
                ),
                Kind::Claim => format!(
                    "until it exists the pods of {} stay Pending (`persistentvolumeclaim \"{}\" not found`): nothing they run starts, and no HLS is written or served from that volume",
                    o.display_name(),
                    r.name
                ),
            };
            let mut diag = META.diagnostic(message, r.span, label).with_note(why);
            if !certain {
                diag.severity = Severity::Info;
                diag = diag.with_note(format!(
                    "the manifests linted together define no {kind} at all, so it may be applied separately; lint it with these files to have it checked"
                ));
            }
            if let Some(s) = &suggestion {
                diag = diag.with_fix(Fix::replace_unsafe(format!("write `{s}`"), r.span, s.clone()));
            } else if certain {
                diag = diag.with_help(format!(
                    "add the {kind} `{}` to the manifests, or name one that exists",
                    r.name
                ));
            }
            out.push(diag);
        }
    }
    for d in out {
        cx.report(d);
    }
}

/// A name a small edit away (a typo, a missing or extra character).
fn close(candidate: &str, name: &str) -> bool {
    let limit = (name.len() / 4).clamp(1, 3);
    candidate != name && strsim::damerau_levenshtein(candidate, name) <= limit
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};
    use crate::diagnostic::Severity;

    const ORIGIN: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");
    const STORAGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml");

    #[test]
    fn a_claim_typo_is_an_error_with_a_fix() {
        let origin = ORIGIN.replacen("claimName: pvc-nas", "claimName: pvc-nsa", 1);
        let r = lint(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &origin)]);
        let hits: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS520").collect();
        assert_eq!(hits.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(hits[0].severity, Severity::Error);
        assert_eq!(hits[0].primary.message, "did you mean `pvc-nas`?");
        assert_eq!(hits[0].fix.as_ref().unwrap().edits[0].replacement, "pvc-nas");
        // `            claimName: pvc-nsa` in the StatefulSet.
        assert_eq!(line_col(&r, hits[0].primary.span), (68, 24));
    }

    #[test]
    fn a_missing_configmap_is_a_note_when_none_is_defined() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: extra\n      configMap:\n        name: elsewhere\n    - name: opt\n      configMap:\n        name: maybe\n        optional: true\n  containers:\n    - name: c\n      image: busybox\n";
        let r = lint(&[("pod.yaml", yaml)]);
        let hits: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS520").collect();
        assert_eq!(hits.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(hits[0].severity, Severity::Info);
        assert_eq!(line_col(&r, hits[0].primary.span), (9, 15));
        // With a ConfigMap in the manifests, the same name is an error.
        let more = format!("{yaml}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n");
        let r = lint(&[("pod.yaml", &more)]);
        let hit = r.diagnostics.iter().find(|d| d.code == "SRS520").expect("reported");
        assert_eq!(hit.severity, Severity::Error);
    }

    #[test]
    fn the_seed_and_claim_templates_pass() {
        let r = lint(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", ORIGIN)]);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "SRS520"),
            "{:#?}",
            r.diagnostics
        );
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  serviceName: s\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n    spec:\n      volumes:\n        - name: extra\n          persistentVolumeClaim:\n            claimName: data-s-0\n      containers:\n        - name: c\n          image: busybox\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources:\n          requests:\n            storage: 1Gi\n";
        let r = lint(&[("sts.yaml", sts)]);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "SRS520"),
            "{:#?}",
            r.diagnostics
        );
    }

    #[test]
    fn the_config_volume_is_left_to_srs541() {
        let origin = ORIGIN.replacen(
            "name: srs-origin-config\n      containers",
            "name: srs-orign-config\n      containers",
            1,
        );
        assert_ne!(origin, ORIGIN);
        let r = lint(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &origin)]);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "SRS520"),
            "{:#?}",
            r.diagnostics
        );
    }
}
