use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::hash::HashSet;
use crate::model::graph::HostUse;
use crate::model::{Deployment, Role};
use petgraph::graph::NodeIndex;

use super::coworker_unreachable::reach::{
    display_pods, edge_mode_span, pods_of, role_for, runs, server_at, used_words, words_by_span, Runs,
};

pub static META: CheckMeta = CheckMeta {
    code: "SRS505",
    name: "wrong-cluster-role",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "A coworker that is an edge, or an edge origin that leads back to the edge itself.",
    doc: doc_text(
        r#"## What it does
Reads the role of the SRS servers that a host resolves to (a StatefulSet pod under its headless service, or the pods a Service selects) and reports:

- a `coworkers` entry of an origin-cluster origin that resolves to an edge (`mode remote`);
- an edge `origin` that resolves to the edge itself: its own pod, or a Service that selects its own pods;
- an edge `origin` that resolves to edges running the same config, or to edges whose own origins lead back to this edge (a loop of edges that never reaches an origin).

An edge pulling from another tier of edges that does end at an origin is a multi-level edge, which SRS supports, and is not reported.

## Why is this bad?
A coworker is asked over the HTTP API where a stream is published, and an edge never has a stream published on it (a publish to an edge is forwarded to its origin), so its `/api/v1/clusters` always answers `"origin": null`: the query is wasted, and when the edge is the last coworker the player is disconnected. An edge that pulls from itself, or from edges that pull from it, never reaches an origin: playback of every stream that goes that way never starts, and publishing through it never lands on an origin.

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
            origin srs-edge-service;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: srs-edge-service
spec:
  type: LoadBalancer
  selector:
    app: srs-edge
  ports:
    - port: 1935
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
            origin srs-origin-service;
        }
    }
---
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
kind: Service
metadata:
  name: srs-edge-service
spec:
  type: LoadBalancer
  selector:
    app: srs-edge
  ports:
    - port: 1935
---
apiVersion: v1
kind: Service
metadata:
  name: srs-origin-service
spec:
  selector:
    app: srs-origin
  ports:
    - port: 1935
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
      containers:
        - name: srs
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```

## References
- `srs-semantics.md` §4 (`/api/v1/clusters` answers a location only for streams published on that server), §5 (edge pull and publish)
- SRS wiki, Edge: edges fetch from and publish to their origin; multi-level edges are a documented use
- `srs-cluster-observed.md` rows 1-3, 7-10
"#,
    ),
};

/// Why an edge origin is wrong.
enum Loop {
    /// The edge's own pod is among the targets.
    Itself,
    /// Edges that run the same config.
    SameConfig,
    /// Edges whose origins lead back here.
    Cycle,
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    if d.pods().next().is_none() {
        return;
    }
    let mut out = Vec::new();

    // Coworkers that are edges.
    for (word, _) in words_by_span(used_words(d, HostUse::Coworker)) {
        let (pods, service) = pods_of(d, word.host);
        let edges: Vec<(NodeIndex, NodeIndex)> = edge_servers(d, &pods, word.vhost);
        let Some(&(_, first)) = edges.first() else {
            continue;
        };
        let names = display_pods(d, edges.iter().map(|(p, _)| *p));
        let mut diag = META
            .diagnostic(
                format!("coworker `{}` is an edge: {names} never says where a stream is", word.text),
                word.span,
                "an edge, not an origin",
            )
            .with_note("an edge never has a stream published on it (it forwards publishers to its origin), so its `/api/v1/clusters` always answers `\"origin\": null`: the lookup is wasted, and when it is the last coworker the player is disconnected")
            .with_help("list the other origins' HTTP APIs here (`<origin-pod>.<headless-service>:1985`), not the edges");
        if let Some(span) = edge_mode_span(cx.directives(server_at(d, first)), server_at(d, first), word.vhost) {
            diag = diag.with_label(span, format!("this vhost is an edge in {names}"));
        }
        if let Some(span) = service.and_then(|s| d.node(s).span) {
            diag = diag.with_label(
                span,
                format!("service `{}` selects edges", d.node(service.unwrap()).name),
            );
        }
        out.push(diag);
    }

    // Edge origins that lead back to the edge.
    for (word, holders) in words_by_span(used_words(d, HostUse::Origin)) {
        let (pods, service) = pods_of(d, word.host);
        let holder_pods: HashSet<NodeIndex> = holders.iter().filter_map(|&s| d.pod_of_server(s)).collect();
        let holder_config = server_at(d, word.server).config_index;
        let edges = edge_servers(d, &pods, word.vhost);
        let mut found: Option<Loop> = None;
        let mut culprits: Vec<(NodeIndex, NodeIndex)> = Vec::new();
        for &(pod, server) in &edges {
            let kind = if holder_pods.contains(&pod) {
                Loop::Itself
            } else if server_at(d, server).config_index == holder_config {
                Loop::SameConfig
            } else if leads_to(d, server, word.vhost, holder_config, &mut HashSet::default()) {
                Loop::Cycle
            } else {
                continue;
            };
            culprits.push((pod, server));
            let rank = |l: &Loop| match l {
                Loop::Itself => 0,
                Loop::SameConfig => 1,
                Loop::Cycle => 2,
            };
            if found.as_ref().is_none_or(|f| rank(&kind) < rank(f)) {
                found = Some(kind);
            }
        }
        let Some(kind) = found else {
            continue;
        };
        let names = display_pods(d, culprits.iter().map(|(p, _)| *p));
        let text = word.text;
        let (message, label) = match kind {
            Loop::Itself => (
                format!("origin `{text}` is this edge itself"),
                "the edge would pull from itself".to_string(),
            ),
            Loop::SameConfig => (
                format!("origin `{text}` is an edge that runs this same config ({names})"),
                "these edges pull from the same list: no origin at the end".to_string(),
            ),
            Loop::Cycle => (
                format!("origin `{text}` is an edge whose origins lead back to this edge ({names})"),
                "a loop of edges with no origin in it".to_string(),
            ),
        };
        let mut diag = META
            .diagnostic(message, word.span, label)
            .with_note("an edge pulls every stream it plays from its origin and forwards every publisher to it: when that is the edge itself or edges that come back to it, the pull never reaches a publisher and the publish never reaches an origin")
            .with_help("point `origin` at the origin servers (their pods or a Service that selects only them)");
        if let Some(s) = service {
            if let Some(span) = d.node(s).span {
                diag = diag.with_label(span, format!("service `{}` selects edges: {names}", d.node(s).name));
            }
        }
        if let Some(&(_, server)) = culprits.first() {
            if server_at(d, server).config_index != holder_config {
                if let Some(span) =
                    edge_mode_span(cx.directives(server_at(d, server)), server_at(d, server), word.vhost)
                {
                    diag = diag.with_label(span, format!("this vhost is an edge in {names}"));
                }
            }
        }
        out.push(diag);
    }
    for d in out {
        cx.report(d);
    }
}

/// The (pod, server) pairs among `pods` whose vhost is an edge.
fn edge_servers(d: &Deployment, pods: &[NodeIndex], vhost: Option<&str>) -> Vec<(NodeIndex, NodeIndex)> {
    let mut out = Vec::new();
    for &pod in pods {
        if let Runs::Servers(servers) = runs(d, pod) {
            if let Some(&s) = servers
                .iter()
                .find(|&&s| role_for(server_at(d, s), vhost) == Role::Edge)
            {
                out.push((pod, s));
            }
        }
    }
    out
}

/// Whether the edge `server`'s origins (for `vhost`), followed through the
/// edges among them, reach a server that runs config `goal`.
fn leads_to(
    d: &Deployment,
    server: NodeIndex,
    vhost: Option<&str>,
    goal: Option<usize>,
    seen: &mut HashSet<Option<usize>>,
) -> bool {
    let config = server_at(d, server).config_index;
    if !seen.insert(config) {
        return false;
    }
    let words = used_words(d, HostUse::Origin);
    for w in words.iter().filter(|w| w.server == server) {
        let (pods, _) = pods_of(d, w.host);
        for (_, next) in edge_servers(d, &pods, vhost) {
            if server_at(d, next).config_index == goal || leads_to(d, next, vhost, goal, seen) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::coworker_unreachable::tests::{at, lint, EDGES, ORIGINS};

    fn hits(r: &crate::lint::LintResult) -> Vec<&crate::diagnostic::Diagnostic> {
        r.diagnostics.iter().filter(|d| d.code == "SRS505").collect()
    }

    #[test]
    fn the_fixed_seed_is_clean() {
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGES)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
    }

    #[test]
    fn an_edge_that_pulls_from_its_own_service() {
        let edges = EDGES.replace(
            "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
            "srs-edge-service",
        );
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &edges)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(h[0].message, "origin `srs-edge-service` is this edge itself");
        let (line, col, text) = at(&r, h[0].primary.span);
        assert_eq!((line, col, text.as_str()), (23, 29, "srs-edge-service"));
        assert!(h[0].labels[0].message.starts_with("service `srs-edge-service` selects"));
    }

    #[test]
    fn a_coworker_that_is_an_edge() {
        // A StatefulSet of edges behind a headless service.
        let edge_set = "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: sec\nspec:\n  clusterIP: None\n  selector:\n    app: srs-edge-set\n  ports:\n    - port: 1935\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: srs-edge-set\nspec:\n  serviceName: sec\n  replicas: 1\n  selector:\n    matchLabels:\n      app: srs-edge-set\n  template:\n    metadata:\n      labels:\n        app: srs-edge-set\n    spec:\n      volumes:\n        - name: config-volume\n          configMap:\n            name: srs-edge-config\n      containers:\n        - name: srs\n          image: ossrs/srs:3\n          volumeMounts:\n            - name: config-volume\n              mountPath: /usr/local/srs/conf\n";
        let edges = format!("{EDGES}{edge_set}");
        let origins = ORIGINS.replace(
            "srs-origin-2.socs:1985;",
            "srs-origin-2.socs:1985 srs-edge-set-0.sec:1985;",
        );
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", &edges)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0]
            .message
            .starts_with("coworker `srs-edge-set-0.sec:1985` is an edge"));
        let (line, _, text) = at(&r, h[0].labels[0].span);
        assert_eq!((line, text.as_str()), (22, "remote"));
        // SRS503 leaves edges to this check.
        assert!(!r.diagnostics.iter().any(|d| d.code == "SRS503"));
    }

    #[test]
    fn multi_level_edges_are_fine_but_loops_are_not() {
        // Tier 2 pulls from tier 1, which pulls from the origins.
        let tier2 = EDGES.replace("srs-edge", "srs-edge2").replace(
            "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
            "srs-edge-service",
        );
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGES), ("4.yaml", &tier2)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
        // Tier 1 pulling from tier 2 closes the loop.
        let tier1 = EDGES.replace(
            "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
            "srs-edge2-service",
        );
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &tier1), ("4.yaml", &tier2)]);
        let h = hits(&r);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(h.iter().all(|d| d.message.contains("lead back to this edge")), "{h:#?}");
    }
}
