use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Fix, Severity};
use crate::model::graph::{Edge, HostUse, NodeData};
use crate::model::Resolution;
use petgraph::visit::EdgeRef;

pub static META: CheckMeta = CheckMeta {
    code: "SRS501",
    name: "unknown-host",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A coworker or edge origin names no pod or service of the deployment.",
    doc: doc_text(
        r#"## What it does
Resolves every host in `coworkers` and in an edge's `origin` the way the cluster's DNS would, against the pods and services of all the manifests linted together: a StatefulSet's pods under its headless service (`srs-origin-1.socs`, `srs-origin-1.socs.<ns>`, `….svc`, `….svc.cluster.local`) and services (`name`, `name.<ns>`, …). A host that resolves to nothing is an error, with the closest name that does exist (`srs-origin2.socs` → `srs-origin-2.socs`). A pod index at or above the StatefulSet's `replicas` also points at the `replicas` line: scaling down without editing the configs leaves them naming pods that are gone. IP addresses are not checked; names outside the manifests can be declared in `.srs-check.toml` (`[hosts] external = ["cdn.example.com"]`).

## Why is this bad?
An edge whose first `origin` does not resolve fails every fresh stream's first pull and retries the next origin 3 seconds later; an edge publishes only to its first origin, so a typo there stops all publishing. A coworker that does not resolve is never asked where a stream is, so players of streams published on that origin get errors instead of a redirect. Nothing fails at deploy time: the names are just strings to Kubernetes.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-edge-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
    vhost __defaultVhost__ {
        cluster {
            mode remote;
            origin srs-origin-0.socs srs-origin2.socs;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: socs
spec:
  clusterIP: None
  selector:
    app: srs-origin
  ports:
    - port: 1935
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs-origin
spec:
  serviceName: socs
  replicas: 3
  selector:
    matchLabels:
      app: srs-origin
  template:
    metadata:
      labels:
        app: srs-origin
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-edge
spec:
  replicas: 2
  selector:
    matchLabels:
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-edge-config
      containers:
        - name: srs
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-edge-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
    vhost __defaultVhost__ {
        cluster {
            mode remote;
            origin srs-origin-0.socs srs-origin-2.socs;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: socs
spec:
  clusterIP: None
  selector:
    app: srs-origin
  ports:
    - port: 1935
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs-origin
spec:
  serviceName: socs
  replicas: 3
  selector:
    matchLabels:
      app: srs-origin
  template:
    metadata:
      labels:
        app: srs-origin
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-edge
spec:
  replicas: 2
  selector:
    matchLabels:
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-edge-config
      containers:
        - name: srs
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```
The fix writes the suggested name when there is exactly one close match.

## References
- Kubernetes: DNS for Services and Pods (StatefulSet pods under a headless Service)
- `srs-semantics.md` §4-§5 (coworker lookups, edge origin selection); `srs-cluster-observed.md` rows 7-10
"#,
    ),
};

/// `srs-origin-3.socs…` → (`srs-origin`, 3, `socs`).
fn statefulset_ordinal(host: &str) -> Option<(&str, u32, &str)> {
    let (pod, rest) = host.split_once('.')?;
    let service = rest.split('.').next()?;
    let (set, ordinal) = pod.rsplit_once('-')?;
    Some((set, ordinal.parse().ok()?, service))
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let graph = &cx.deployment.graph;
    // Without pods there is no deployment to resolve against (plain configs).
    if !graph.node_weights().any(|n| matches!(n.data, NodeData::Pod(_))) {
        return;
    }
    let mut out = Vec::new();
    for edge in graph.edge_references() {
        let Edge::Names(mention) = edge.weight() else {
            continue;
        };
        let (usage, text, span) = (&mention.usage, &mention.text, &mention.span);
        if !matches!(usage, HostUse::Coworker | HostUse::Origin) {
            continue;
        }
        let NodeData::HostName(host) = &graph[edge.target()].data else {
            continue;
        };
        if host.resolved != Resolution::Unknown || cx.external_hosts.iter().any(|e| e.as_str() == host.host) {
            continue;
        }
        // Two hosts glued into one word are SRS307's finding.
        if crate::checks::cluster::glued_hosts::split_points(text).is_some() {
            continue;
        }
        let server = &graph[edge.source()];
        let what = match usage {
            HostUse::Coworker => "coworker",
            _ => "origin",
        };
        // A pod past `replicas` is a scale-down left behind: another pod's
        // name would only be a guess.
        let past_replicas = statefulset_ordinal(&host.host).and_then(|(set, ordinal, service)| {
            let sts = cx.objects.iter().find(|o| {
                o.kind == "StatefulSet"
                    && o.name == set
                    && o.namespace == server.namespace
                    && o.at(&["spec", "serviceName"]).and_then(|n| n.as_str()) == Some(service)
            })?;
            let replicas_node = sts.at(&["spec", "replicas"]);
            let replicas = replicas_node
                .and_then(|n| n.as_str())
                .and_then(|r| r.parse::<u32>().ok())
                .unwrap_or(1);
            (ordinal >= replicas).then(|| (set, ordinal, replicas, replicas_node.map_or(sts.span(), |n| n.span)))
        });
        let suggestion = host.suggestion.as_ref().filter(|_| past_replicas.is_none());
        let mut d = META
            .diagnostic(
                format!("{what} `{}` names no pod or service of this deployment", host.host),
                *span,
                match (suggestion, &past_replicas) {
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, Some(_)) => "no such pod".to_string(),
                    (None, None) => "nothing in the manifests has this name".to_string(),
                },
            )
            .with_note(match usage {
                HostUse::Coworker => "SRS asks each coworker's HTTP API where a stream is; a name that does not resolve is never answered, so RTMP players of streams published on that origin get errors instead of a redirect",
                _ => "an edge pulls every fresh stream from its first origin and publishes every stream to it: a name that does not resolve fails there, costing a 3 s retry per play and every publish when it is listed first",
            });
        if let Some((set, ordinal, replicas, at)) = past_replicas {
            d = d
                .with_label(
                    at,
                    format!(
                        "`{set}` runs {replicas} pods: {set}-0 … {set}-{}",
                        replicas.saturating_sub(1)
                    ),
                )
                .with_help(format!(
                    "scale `{set}` to {} replicas, or remove `{}` from the list",
                    ordinal + 1,
                    host.host
                ));
        }
        if let Some(s) = suggestion {
            d = d.with_fix(Fix::replace(format!("write `{s}`"), *span, s.clone()));
        }
        out.push(d);
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::statefulset_ordinal;
    use crate::lint::LintOptions;

    fn lint(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        lint_with(files, &LintOptions::default())
    }

    fn lint_with(files: &[(&str, &str)], options: &LintOptions) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_named(files, options).diagnostics
    }

    const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    fn edge_with(origins: &str) -> String {
        include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml")
            .replace("srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs", origins)
    }

    #[test]
    fn the_seed_typo_is_found_with_a_suggestion_and_fix() {
        let edge = edge_with("srs-origin-0.socs srs-origin-1.socs srs-origin2.socs");
        let d = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &edge)]);
        let hits: Vec<_> = d.iter().filter(|d| d.code == "SRS501").collect();
        assert_eq!(hits.len(), 1, "{d:#?}");
        assert_eq!(hits[0].primary.message, "did you mean `srs-origin-2.socs`?");
        assert_eq!(hits[0].fix.as_ref().unwrap().edits[0].replacement, "srs-origin-2.socs");
    }

    #[test]
    fn every_dns_form_resolves() {
        let edge = edge_with("srs-origin-0.socs srs-origin-1.socs.default srs-origin-2.socs.default.svc.cluster.local:1935 socs 10.0.0.9");
        let d = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &edge)]);
        assert!(!d.iter().any(|d| d.code == "SRS501"), "{d:#?}");
    }

    #[test]
    fn an_index_past_replicas_points_at_replicas() {
        let edge = edge_with("srs-origin-0.socs srs-origin-3.socs");
        let d = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &edge)]);
        let hit = d.iter().find(|d| d.code == "SRS501").expect("reported");
        assert_eq!(hit.labels.len(), 1, "{hit:#?}");
        assert!(hit.labels[0].message.contains("runs 3 pods"), "{hit:#?}");
    }

    #[test]
    fn plain_configs_and_declared_hosts_are_not_checked() {
        let d = lint(&[(
            "edge.conf",
            "listen 1935;\nvhost v { cluster { mode remote; origin nowhere.example; } }\n",
        )]);
        assert!(!d.iter().any(|d| d.code == "SRS501"));
        assert_eq!(
            statefulset_ordinal("srs-origin-12.socs.ns"),
            Some(("srs-origin", 12, "socs"))
        );
        let edge = edge_with("srs-origin-0.socs backup.example.com:1935");
        let files = [("2-origin.yaml", ORIGINS), ("3-edge.yaml", edge.as_str())];
        assert!(lint(&files).iter().any(|d| d.code == "SRS501"));
        let mut options = LintOptions::default();
        options.settings.external_hosts = vec!["backup.example.com".into()];
        assert!(!lint_with(&files, &options).iter().any(|d| d.code == "SRS501"));
        assert_eq!(statefulset_ordinal("socs"), None);
    }
}
