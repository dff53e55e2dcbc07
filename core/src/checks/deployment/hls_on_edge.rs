use super::hls_not_shared::{hls_settings, site};
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::hash::HashSet;
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS524",
    name: "hls-on-edge",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "HLS is enabled on an edge vhost, where it exists only while other players pull the stream.",
    doc: doc_text(
        r#"## What it does
Reports `hls { enabled on; }` (or a literal `SRS_VHOST_HLS_ENABLED=on` from SRS 5 on) in a vhost with `cluster { mode remote; }` of an SRS server that a workload of the deployment runs.

## Why is this bad?
An edge has a stream only while it pulls it from an origin, and it pulls only while RTMP or HTTP-FLV players of that stream are connected to it: the first player starts the pull, the last one leaving stops it (`srs-semantics.md` §5). HLS files are written while the stream is there and are then served as plain files: a request for a `.m3u8` does not make the edge pull. So HLS players on an edge get 404 unless someone else happens to be watching the same stream on the same edge, and their playlist stops when that viewer leaves; with several edges behind a load balancer, each HLS request may land on an edge that has nothing. SRS's documentation says the same from the other side: its edge is for live streams (RTMP, HTTP-FLV), HLS and DASH are file distribution, generated on the origin and spread with an HTTP cache such as Nginx.

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
            origin srs-origin;
        }
        hls {
            enabled on;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: srs-origin
spec:
  selector:
    app: srs-origin
  ports:
    - port: 1935
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
            origin srs-origin;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: srs-origin
spec:
  selector:
    app: srs-origin
  ports:
    - port: 1935
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
Enable HLS on the origins instead and serve it from there (a shared volume and Nginx, see SRS523).

## References
- `srs-semantics.md` §5 (an edge pulls per stream while players are connected, and stops when the last one leaves), §7 (HLS files)
- SRS docs, "Nginx for HLS" / HLS edge cluster: SRS Edge supports live streaming protocols such as RTMP and HTTP-FLV, not HLS or DASH, which are file distribution; use Nginx as the HLS edge
- SRS `trunk/doc/Features.md` (4.0): "Edge server supports remuxing RTMP to HTTP-FLV. As for HLS edge server, recommend to use HTTP edge server, such as NGINX."
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut seen: HashSet<Span> = HashSet::default();
    let mut out = Vec::new();
    for (ix, _, server) in d.servers() {
        let Some(container) = d.sources(ix, "runs-config").into_iter().next() else {
            continue;
        };
        let Some(site) = site(d, cx.objects, container) else {
            continue;
        };
        for h in hls_settings(cx.directives(server), &site) {
            if !h.edge || !h.enabled || !seen.insert(h.span) {
                continue;
            }
            let mut diag = META
                .diagnostic(
                    format!("HLS is enabled on edge vhost `{}`", h.vhost),
                    h.span,
                    "HLS on an edge",
                )
                .with_note("an edge has a stream only while RTMP/HTTP-FLV players pull it through this edge; requests for `.m3u8` files do not start a pull, so HLS players get 404 unless someone else is watching the same stream here")
                .with_help("turn HLS off on the edges; enable it on the origins and serve the files from a shared volume (Nginx), as SRS's docs recommend");
            if let Some(mode) = h.mode_span {
                diag = diag.with_label(mode, "this vhost is an edge");
            }
            out.push(diag);
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};

    const EDGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");

    #[test]
    fn hls_on_the_seed_edge_is_a_warning() {
        let edge = EDGE.replace(
            "        http_remux {\n            enabled     on;\n        }\n",
            "        http_remux {\n            enabled     on;\n        }\n        hls {\n            enabled on;\n        }\n",
        );
        assert_ne!(edge, EDGE);
        let r = lint(&[("3-edge.yaml", &edge)]);
        let hits: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS524").collect();
        assert_eq!(hits.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(hits[0].severity, crate::diagnostic::Severity::Warning);
        assert_eq!(line_col(&r, hits[0].primary.span), (29, 21));
        assert_eq!(line_col(&r, hits[0].labels[0].span), (22, 29));
    }

    #[test]
    fn edges_without_hls_and_plain_configs_pass() {
        let r = lint(&[("3-edge.yaml", EDGE)]);
        assert!(!r.diagnostics.iter().any(|d| d.code == "SRS524"));
        let r = lint(&[(
            "edge.conf",
            "listen 1935;\ndaemon off;\nvhost v { cluster { mode remote; origin o; } hls { enabled on; } }\n",
        )]);
        assert!(!r.diagnostics.iter().any(|d| d.code == "SRS524"));
    }
}
