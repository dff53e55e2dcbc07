use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Fix, Severity};
use crate::model::graph::{HostUse, NodeData};
use crate::source::Span;
use crate::values;
use petgraph::graph::NodeIndex;

use super::coworker_unreachable::reach::{
    anything_listens, display_pods, env_unknown, landing, no_service_port, pod_name, runs, server_at,
    through_cluster_ip, used_words, words_by_span, Landing, Runs,
};

pub static META: CheckMeta = CheckMeta {
    code: "SRS504",
    name: "origin-unreachable",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "An edge origin that resolves to pods where no SRS listens on the port the edge pulls from.",
    doc: doc_text(
        r#"## What it does
Follows every `origin` of an edge vhost (`mode remote`) to the pods it resolves to (a StatefulSet pod under its headless service, or the pods a Service selects) and reads the config each of those pods runs. The origin is an error when nothing there serves the edge on the port it connects to:

- for `protocol rtmp` (the default): no RTMP `listen` on that port, or only a loopback one (`127.0.0.1:1935`); an origin without a port means 1935;
- for `protocol flv`: no `http_server` enabled on that port (an origin without a port means 80, which is SRS311's finding and skipped here);
- the pods run no SRS at all (a Service that selects Nginx, say);
- the origin names a port that a (non-headless) Service does not have.

`protocol flvs` (HTTPS) and `follow_client on` are not checked, nor whether the target vhost has `http_remux` on for HTTP-FLV. A target container that sets `SRS_LISTEN` or `SRS_HTTP_SERVER_*` (read over the config from SRS 5) is not judged.

## Why is this bad?
An edge pulls every fresh stream from its first origin, and after a failure waits 3 seconds before it tries the next one: an origin that does not answer costs every player of a new stream 3 s or more, and when no origin answers nobody can play. Publishing through an edge always goes to the first origin, with no failover: if that one does not answer, every publish through the edges fails. Kubernetes reports all pods healthy all the same.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-origin-config
data:
  srs.conf: |
    listen 19350;
    daemon off;
---
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
            origin srs-origin-0.socs;
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
    - port: 19350
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs-origin
spec:
  serviceName: socs
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
  name: srs-origin-config
data:
  srs.conf: |
    listen 19350;
    daemon off;
---
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
            origin srs-origin-0.socs:19350;
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
    - port: 19350
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs-origin
spec:
  serviceName: socs
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
When the origin names a pod directly and the pod listens on one other port, the fix writes that port (marked unsafe: the pod's `listen` may be the line that is wrong). Through a Service with a cluster IP, the Service's `port` must be the one the edge calls and its `targetPort` the one SRS listens on for RTMP (a `targetPort` where nothing listens at all is SRS511's finding, on the Service); a headless Service passes the port through.

## References
- `srs-semantics.md` §5 (origin ports and defaults, selection, failover); `srs-cluster-observed.md` rows 7-10
- SRS `SrsEdgeIngester`, `SrsEdgeForwarder` (trunk/src/app/srs_app_edge.cpp)
- Kubernetes: Services (headless Services, `port` and `targetPort`)
"#,
    ),
};

enum Problem {
    /// RTMP listens elsewhere: its first port and `listen` word.
    Port(u16, Span),
    /// The matching RTMP `listen` is on a loopback address.
    Loopback(Span),
    /// HTTP-FLV: the HTTP server is off.
    HttpOff,
    /// HTTP-FLV: it listens on another port.
    HttpPort(u16),
    NotSrs(NodeIndex),
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    if d.pods().next().is_none() {
        return;
    }
    let mut out = Vec::new();
    for (word, _) in words_by_span(used_words(d, HostUse::Origin)) {
        let holder = server_at(d, word.server);
        let protocol = word
            .vhost
            .and_then(|v| holder.vhosts.iter().find(|x| x.name == v))
            .map_or("rtmp", |v| v.protocol.as_str());
        let flv = match protocol {
            "rtmp" => false,
            "flv" => true,
            _ => continue,
        };
        let port = match word.port {
            Some(p) => match values::parse_port(p) {
                Ok(p) => p,
                Err(_) => continue,
            },
            None if !flv => 1935,
            None => continue, // SRS311
        };
        let (pods, at, service) = match landing(d, word.host, port) {
            Landing::Pods { pods, port, service } => (pods, port, service),
            Landing::NoServicePort { service } => {
                out.push(no_service_port(&META, cx, &word, service, port, "origin"));
                continue;
            }
            Landing::Elsewhere => continue,
        };
        let mut problems: Vec<(NodeIndex, Problem, Option<NodeIndex>)> = Vec::new();
        for &pod in &pods {
            let servers = match runs(d, pod) {
                Runs::Unknown => continue,
                Runs::NotSrs(c) => {
                    problems.push((pod, Problem::NotSrs(c), None));
                    continue;
                }
                Runs::Servers(s) => s,
            };
            let serves = servers.iter().any(|&s| {
                let t = server_at(d, s);
                if flv {
                    t.http_server.enabled && t.http_server.port == at
                } else {
                    t.listen
                        .iter()
                        .any(|l| l.port == at && !l.ip.is_some_and(|ip| ip.is_loopback()))
                }
            });
            if serves {
                continue;
            }
            let s = servers[0];
            let target = server_at(d, s);
            let overridden = if flv {
                env_unknown(d, s, "SRS_HTTP_SERVER_")
            } else {
                env_unknown(d, s, "SRS_LISTEN")
            };
            if overridden {
                continue;
            }
            if through_cluster_ip(d, service) && !anything_listens(d, pod, at) {
                continue; // SRS511
            }
            let problem = if flv {
                if target.http_server.enabled {
                    Problem::HttpPort(target.http_server.port)
                } else {
                    Problem::HttpOff
                }
            } else if let Some(l) = target.listen.iter().find(|l| l.port == at) {
                Problem::Loopback(l.span)
            } else if let Some(l) = target.listen.first() {
                Problem::Port(l.port, l.span)
            } else {
                continue; // no `listen`: SRS202
            };
            problems.push((pod, problem, Some(s)));
        }
        let Some((_, first, _)) = problems.first() else {
            continue;
        };
        let names = display_pods(d, problems.iter().map(|(p, _, _)| *p));
        let text = word.text;
        let (message, label) = match first {
            Problem::Port(p, _) => (
                format!("origin `{text}` is pulled on port {at}, but {names} listens for RTMP on {p}"),
                format!("nothing listens for RTMP on port {at} there"),
            ),
            Problem::Loopback(_) => (
                format!("origin `{text}` is pulled on port {at}, but {names} listens for RTMP on loopback only"),
                "other pods cannot connect there".to_string(),
            ),
            Problem::HttpOff => (
                format!("origin `{text}` is pulled over HTTP-FLV, but the HTTP server of {names} is off"),
                "nothing serves HTTP-FLV there".to_string(),
            ),
            Problem::HttpPort(p) => (
                format!("origin `{text}` is pulled over HTTP-FLV on port {at}, but the HTTP server of {names} listens on {p}"),
                format!("nothing serves HTTP-FLV on port {at} there"),
            ),
            Problem::NotSrs(_) => (
                format!("origin `{text}` is not an SRS server: {names} runs no SRS"),
                "no SRS origin here".to_string(),
            ),
        };
        let mut diag = META.diagnostic(message, word.span, label);
        let mut labelled = crate::hash::HashSet::default();
        for (pod, problem, server) in &problems {
            let pod_name = pod_name(d, *pod);
            let (span, msg) = match problem {
                Problem::Port(p, span) => (Some(*span), format!("`{pod_name}` listens for RTMP on {p}")),
                Problem::Loopback(span) => (Some(*span), format!("`{pod_name}` accepts RTMP from itself only")),
                Problem::HttpOff | Problem::HttpPort(_) => {
                    let Some(s) = server else { continue };
                    let (span, what) = http_server_span(cx, *s);
                    (span.or(d.node(*s).span), format!("`{pod_name}` {what}"))
                }
                Problem::NotSrs(c) => {
                    let node = d.node(*c);
                    let image = match &node.data {
                        NodeData::Container(c) => c.image.clone().unwrap_or_default(),
                        _ => compact_str::CompactString::default(),
                    };
                    (node.span, format!("`{pod_name}` runs `{image}` here, not SRS"))
                }
            };
            if let Some(span) = span {
                if labelled.insert(span) {
                    diag = diag.with_label(span, msg);
                }
            }
        }
        if let Some(service) = service {
            let svc = d.node(service);
            if let Some(span) = svc.span {
                diag = diag.with_label(span, format!("service `{}` sends the edge to these pods", svc.name));
            }
        }
        diag = diag.with_note(
            "an edge pulls every fresh stream from its first origin and retries the next one 3 s after a failure, and it publishes every stream to its first origin with no failover: an origin that does not answer slows or stops playback, and stops all publishing through the edges when it is listed first",
        );
        let ports: std::collections::BTreeSet<u16> = problems
            .iter()
            .filter_map(|(_, p, _)| match p {
                Problem::Port(p, _) | Problem::HttpPort(p) => Some(*p),
                _ => None,
            })
            .collect();
        let all_port = problems
            .iter()
            .all(|(_, p, _)| matches!(p, Problem::Port(..) | Problem::HttpPort(_)));
        match (service, all_port, ports.iter().next()) {
            (None, true, Some(&p)) if ports.len() == 1 => {
                let host = word.text.rsplit_once(':').map_or(word.text, |(h, _)| h);
                let host = if word.port.is_some() { host } else { word.text };
                diag = diag.with_fix(Fix::replace_unsafe(
                    format!("pull from port {p}: `{host}:{p}`"),
                    word.span,
                    format!("{host}:{p}"),
                ));
            }
            _ => {
                diag = diag.with_help(match first {
                    Problem::NotSrs(_) => {
                        "name the SRS origins here (`<pod>.<headless-service>` or a Service that selects them)"
                    }
                    Problem::Loopback(_) => "let the origin listen on every interface: `listen 1935;`",
                    Problem::HttpOff => "enable `http_server` and `http_remux` on the origin, or pull over RTMP",
                    _ => "make the origin's port, the Service's `targetPort` and the target's `listen` agree",
                });
            }
        }
        out.push(diag);
    }
    for d in out {
        cx.report(d);
    }
}

/// The target's `http_server.listen` (or `enabled`) word, and what it says.
fn http_server_span(cx: &DeploymentContext<'_>, server: NodeIndex) -> (Option<Span>, String) {
    let target = server_at(cx.deployment, server);
    let block = crate::checks::getters::http_server(cx.directives(target));
    let word = |name: &str| {
        block
            .and_then(|b| b.get(name))
            .map(|d| d.args.first().map_or(d.name.span, |w| w.span))
    };
    if target.http_server.enabled {
        (
            word("listen").or(word("enabled")),
            format!("serves HTTP on port {}", target.http_server.port),
        )
    } else {
        (
            word("enabled").or(block.map(|b| b.name.span)),
            "has its HTTP server off".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::coworker_unreachable::tests::{at, lint, EDGES, ORIGINS};

    fn hits(r: &crate::lint::LintResult) -> Vec<&crate::diagnostic::Diagnostic> {
        r.diagnostics.iter().filter(|d| d.code == "SRS504").collect()
    }

    #[test]
    fn the_fixed_seed_is_clean() {
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGES)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
    }

    #[test]
    fn an_origin_on_another_rtmp_port() {
        let origins = ORIGINS.replace("listen              1935;", "listen              19350;");
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", EDGES)]);
        let h = hits(&r);
        assert_eq!(h.len(), 3, "{h:#?}");
        let (line, col, text) = at(&r, h[0].primary.span);
        assert_eq!((line, col, text.as_str()), (23, 29, "srs-origin-0.socs"));
        assert_eq!(
            h[0].message,
            "origin `srs-origin-0.socs` is pulled on port 1935, but `srs-origin-0` listens for RTMP on 19350"
        );
        let (line, _, text) = at(&r, h[0].labels[0].span);
        assert_eq!((line, text.as_str()), (10, "19350"));
        assert_eq!(
            h[0].fix.as_ref().unwrap().edits[0].replacement,
            "srs-origin-0.socs:19350"
        );
        // Written with the port, it reaches them.
        let edges = EDGES.replace(
            "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
            "srs-origin-0.socs:19350 srs-origin-1.socs:19350 srs-origin-2.socs:19350",
        );
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", &edges)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
    }

    #[test]
    fn an_origin_that_is_nginx_or_bound_to_loopback() {
        let edges = EDGES.replace(
            "srs-origin-0.socs srs-origin-1.socs",
            "srs-http-service:80 srs-origin-1.socs",
        );
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &edges)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].message.contains("is not an SRS server"), "{}", h[0].message);
        assert!(
            h[0].labels.iter().any(|l| l.message.contains("runs `nginx`")),
            "{:#?}",
            h[0].labels
        );

        let origins = ORIGINS.replace("listen              1935;", "listen              127.0.0.1:1935;");
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", EDGES)]);
        assert_eq!(hits(&r).len(), 3);
        assert!(hits(&r)[0].message.contains("loopback"));
    }

    #[test]
    fn service_ports_and_flv() {
        // A cluster-IP service maps its port to the target port.
        // Its target port is the HTTP API's: something listens, but not RTMP.
        let svc = "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: origin-lb\nspec:\n  selector:\n    app: srs-origin\n  ports:\n    - port: 1935\n      targetPort: 1985\n";
        let origins = format!("{ORIGINS}{svc}");
        let edges = EDGES.replace(
            "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
            "origin-lb origin-lb:1936",
        );
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", &edges)]);
        let h = hits(&r);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(h[0].message.contains("listens for RTMP on 1935"), "{}", h[0].message);
        assert!(h[0].fix.is_none());
        assert!(h[1].message.contains("does not have"), "{}", h[1].message);
        // A target port where nothing listens at all is SRS511's, on the Service.
        let origins = origins.replace("targetPort: 1985", "targetPort: 1936");
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", &edges)]);
        assert_eq!(hits(&r).len(), 1, "{:#?}", hits(&r));
        assert!(r.diagnostics.iter().any(|d| d.code == "SRS511"));
        // HTTP-FLV pulls go to the HTTP server.
        let flv = EDGES
            .replace(
                "mode            remote;",
                "mode            remote;\n            protocol flv;",
            )
            .replace(
                "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
                "srs-origin-0.socs:8080 srs-origin-1.socs:8081",
            );
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", &flv)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].message.contains("listens on 8080"), "{}", h[0].message);
    }
}
