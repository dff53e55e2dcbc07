use super::hls_not_shared::owner;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::model::graph::NodeData;
use crate::model::pods;
use petgraph::graph::NodeIndex;

pub static META: CheckMeta = CheckMeta {
    code: "SRS522",
    name: "rwo-claim-shared",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "A ReadWriteOnce claim mounted by several pods, which may run on different nodes.",
    doc: doc_text(
        r#"## What it does
Finds PersistentVolumeClaims whose `accessModes` are `ReadWriteOnce` or `ReadWriteOncePod` (and not `ReadWriteMany`) that more than one pod mounts: pods of two or more workloads, a workload with `replicas` above 1, or a DaemonSet (one pod per node). Claims that a StatefulSet makes per pod from `volumeClaimTemplates` are never shared and are not checked.

## Why is this bad?
A `ReadWriteOnce` volume attaches to one node at a time. The scheduler does not keep the pods that share it together, so the pods that land on another node hang in `ContainerCreating` with a `Multi-Attach error`; with `ReadWriteOncePod` every pod but one stays `Pending`. In an origin cluster that means some origins never start; for HLS, Nginx cannot read the volume the origins write, so players get 404s, or it works until a reschedule moves a pod. It often passes on a one-node test cluster and fails in production.

## Example
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: hls
spec:
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 10Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      volumes:
        - name: html
          persistentVolumeClaim:
            claimName: hls
      containers:
        - name: nginx
          image: nginx
          volumeMounts:
            - name: html
              mountPath: /usr/share/nginx/html
```

## Fix
```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: hls
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
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      volumes:
        - name: html
          persistentVolumeClaim:
            claimName: hls
      containers:
        - name: nginx
          image: nginx
          volumeMounts:
            - name: html
              mountPath: /usr/share/nginx/html
```
`ReadWriteMany` needs a storage class that offers it (NFS, a NAS, CephFS); SRS's origin-cluster guide uses an NFS-backed volume for the HLS directory.

## References
- Kubernetes: Persistent Volumes, access modes (`ReadWriteOnce`: mounted read-write by a single node; `ReadWriteOncePod`: by a single pod)
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut out = Vec::new();
    for (ix, node) in d.nodes() {
        let NodeData::Claim(claim) = &node.data else { continue };
        // Only claims written as objects: a template's claims are per pod.
        let Some(object) = node.object.and_then(|i| cx.objects.get(i)) else {
            continue;
        };
        if claim.access_modes.iter().any(|m| m == "ReadWriteMany") {
            continue;
        }
        let Some((mode_index, mode)) = claim
            .access_modes
            .iter()
            .enumerate()
            .find(|(_, m)| *m == "ReadWriteOnce" || *m == "ReadWriteOncePod")
        else {
            continue;
        };
        let mut pods: Vec<NodeIndex> = d.sources(ix, "mounts");
        pods.sort();
        pods.dedup();
        let mut owners: Vec<(NodeIndex, usize)> = Vec::new();
        for &pod in &pods {
            let o = owner(d, pod);
            match owners.iter_mut().find(|(w, _)| *w == o) {
                Some((_, n)) => *n += 1,
                None => owners.push((o, 1)),
            }
        }
        let daemonset = owners
            .iter()
            .any(|(o, _)| d.node(*o).object_kind() == Some("DaemonSet"));
        if pods.len() < 2 && !daemonset {
            continue;
        }
        let span = object
            .at(&["spec", "accessModes", &mode_index.to_string()])
            .map_or(node.span.unwrap_or(object.span()), |n| n.span);
        let workloads: Vec<String> = owners
            .iter()
            .map(|(o, _)| format!("{}/{}", d.node(*o).object_kind().unwrap_or("Pod"), d.node(*o).name))
            .collect();
        let message = if owners.len() == 1 {
            format!(
                "{mode} claim `{}` is mounted by {} of {}",
                node.name,
                if daemonset {
                    "a pod on every node".to_string()
                } else {
                    format!("{} pods", pods.len())
                },
                workloads[0]
            )
        } else {
            format!(
                "{mode} claim `{}` is mounted by pods of {} workloads: {}",
                node.name,
                owners.len(),
                workloads.join(", ")
            )
        };
        let mut diag = META
            .diagnostic(message, span, "one node (or one pod) at a time")
            .with_note(if mode == "ReadWriteOncePod" {
                "a ReadWriteOncePod volume is used by a single pod: the others stay Pending, so those origins or Nginx replicas never start"
            } else {
                "a ReadWriteOnce volume attaches to one node at a time and the scheduler does not keep these pods together: pods on another node hang in ContainerCreating (`Multi-Attach error`), so origins never start or Nginx cannot read the HLS the origins write"
            })
            .with_help(
                "use a ReadWriteMany claim (NFS, NAS, CephFS) for a volume several pods share, or give each pod its own claim with `volumeClaimTemplates`",
            );
        for (o, n) in &owners {
            let wnode = d.node(*o);
            let Some(wobj) = wnode.object.and_then(|i| cx.objects.get(i)) else {
                continue;
            };
            let Some(w) = pods::workload(wobj) else { continue };
            let vi = w.spec.volumes.iter().flatten().position(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .is_some_and(|p| p.claim_name == node.name)
            });
            let at = vi
                .and_then(|vi| {
                    w.spec_node.and_then(|s| {
                        crate::k8s::path::at(s, &["volumes", &vi.to_string(), "persistentVolumeClaim", "claimName"])
                    })
                })
                .map_or(wobj.span(), |n| n.span);
            let text = if wnode.object_kind() == Some("DaemonSet") {
                format!("mounted by {}: a pod on every node", wobj.display_name())
            } else {
                format!(
                    "mounted by {}: {n} pod{}",
                    wobj.display_name(),
                    if *n == 1 { "" } else { "s" }
                )
            };
            diag = diag.with_label(at, text);
        }
        out.push(diag);
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};

    const STORAGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml");
    const ORIGIN: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    fn rwo(storage: &str, mode: &str) -> String {
        let s = storage.replace(
            "    - ReadWriteMany\n  storageClassName: nas\n  resources",
            &format!("    - {mode}\n  storageClassName: nas\n  resources"),
        );
        assert_ne!(s, storage);
        s.replace("    - ReadWriteMany\n    - ReadOnlyMany\n", &format!("    - {mode}\n"))
    }

    #[test]
    fn the_seed_claim_is_shared_read_write_many() {
        let r = lint(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", ORIGIN)]);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "SRS522"),
            "{:#?}",
            r.diagnostics
        );
    }

    #[test]
    fn a_read_write_once_claim_of_origins_and_nginx_is_reported() {
        let storage = rwo(STORAGE, "ReadWriteOnce");
        let r = lint(&[("1-storage.yaml", &storage), ("2-origin.yaml", ORIGIN)]);
        let hits: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS522").collect();
        assert_eq!(hits.len(), 1, "{:#?}", r.diagnostics);
        assert!(hits[0].message.contains("pods of 2 workloads"), "{:#?}", hits[0]);
        assert_eq!(line_col(&r, hits[0].primary.span), (30, 7));
        assert_eq!(hits[0].labels.len(), 2);
        assert!(hits[0].labels[0].message.contains("StatefulSet/srs-origin: 3 pods"));
    }

    #[test]
    fn one_pod_is_fine() {
        let storage = rwo(STORAGE, "ReadWriteOncePod");
        let nginx_only = ORIGIN
            .split("---")
            .filter(|doc| doc.contains("nginx-origin-deploy") || doc.contains("kind: ConfigMap"))
            .collect::<Vec<_>>()
            .join("---");
        let r = lint(&[("1-storage.yaml", &storage), ("2-origin.yaml", &nginx_only)]);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "SRS522"),
            "{:#?}",
            r.diagnostics
        );
    }
}
