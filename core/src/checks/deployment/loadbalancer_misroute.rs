use super::target_port_not_served::{
    one_pod_per_owner, pod_view, port_field, target, Listener, PodView, Proto, Target,
};
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::graph::{PortRef, Program, ServicePort};
use crate::model::Role;
use crate::source::Span;
use crate::yaml::Node;

pub static META: CheckMeta = CheckMeta {
    code: "SRS513",
    name: "loadbalancer-misroute",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A LoadBalancer or NodePort Service exposes an RTMP port where SRS serves HTTP, or an HTTP port where SRS serves RTMP.",
    doc: doc_text(r#"## What it does
For each TCP port of a `LoadBalancer` or `NodePort` Service, works out which protocol clients will speak to it, and compares it with what the selected SRS pods serve on the target port:
- what clients speak comes from the port's `name` (a word `rtmp`, or `http`, `flv`, `hls`, `api`, `web`), else its `appProtocol` (`rtmp`, `http`), else the port number by SRS's conventions (1935 is RTMP; 80, 8080 and 1985 are HTTP);
- what SRS serves on the target port comes from its config: RTMP on the `listen` ports, HTTP on `http_api.listen` and `http_server.listen` when enabled.

It warns only on a clear RTMP-versus-HTTP mismatch. When the protocol comes from the port number alone, it warns only when `targetPort` differs from `port` (a Service that exposes SRS's RTMP on 8080 one-to-one is taken as deliberate).

Not checked: ClusterIP Services; HTTPS, WebRTC, SRT and other listeners; ports named with both kinds of word or none, and numbers other than those above; pods where a container that is not SRS declares the target port, or whose SRS listeners are not known (see SRS511); and a LoadBalancer that exposes an origin cluster's RTMP while the deployment has edges. That last one works, but RTMP players that reach an origin without their stream get a 302 most players do not follow, and streams published to it spread only as kube-proxy picks an origin: the note says so when such a Service is reported for another reason.

## Why is this bad?
A client that speaks RTMP to SRS's HTTP server (or HTTP to its RTMP listener) fails at the first bytes: OBS and ffmpeg cannot publish, players cannot play, and the Service still looks healthy to Kubernetes.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
    http_server {
        enabled on;
        listen 8080;
    }
    vhost __defaultVhost__ {
        http_remux {
            enabled on;
        }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
  replicas: 2
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-config
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerPort: 1935
            - containerPort: 8080
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: Service
metadata:
  name: srs
spec:
  type: LoadBalancer
  selector:
    app: srs
  ports:
    - name: rtmp
      port: 1935
      targetPort: 8080
    - name: http
      port: 80
      targetPort: 1935
```

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-config
data:
  srs.conf: |
    listen 1935;
    daemon off;
    http_server {
        enabled on;
        listen 8080;
    }
    vhost __defaultVhost__ {
        http_remux {
            enabled on;
        }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
  replicas: 2
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-config
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerPort: 1935
            - containerPort: 8080
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: Service
metadata:
  name: srs
spec:
  type: LoadBalancer
  selector:
    app: srs
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
    - name: http
      port: 80
      targetPort: 8080
```
When SRS serves the expected protocol on exactly one port, an unsafe fix points `targetPort` there.

## References
- Kubernetes: Services (`type: LoadBalancer`, `NodePort`, `appProtocol`)
- `srs-semantics.md` §2 (default ports), §4 (RTMP 302 from origins), §5 (edges); `srs-cluster-observed.md` rows 4, 9 and the consequences below the table
"#),
};

/// Where the expected protocol was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Said {
    Name,
    AppProtocol,
    Port,
}

const RTMP_WORDS: [&str; 1] = ["rtmp"];
const HTTP_WORDS: [&str; 6] = ["http", "flv", "hls", "api", "web", "m3u8"];
/// Words that say the port is neither plain RTMP nor plain HTTP.
const OTHER_WORDS: [&str; 8] = ["https", "rtmps", "rtc", "webrtc", "srt", "tls", "ssl", "udp"];

/// What the words of a port's name say.
#[derive(Debug, PartialEq, Eq)]
enum Words {
    Says(Proto),
    /// Another protocol (`https`, `webrtc`), or both.
    Other,
    Nothing,
}

fn from_words(text: &str) -> Words {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.iter().any(|w| OTHER_WORDS.contains(&w.as_str())) {
        return Words::Other;
    }
    let rtmp = words.iter().any(|w| RTMP_WORDS.contains(&w.as_str()));
    let http = words.iter().any(|w| HTTP_WORDS.contains(&w.as_str()));
    match (rtmp, http) {
        (true, false) => Words::Says(Proto::Rtmp),
        (false, true) => Words::Says(Proto::Http),
        (true, true) => Words::Other,
        (false, false) => Words::Nothing,
    }
}

/// What clients will speak to a Service port, and where that is read.
fn expected(sp: &ServicePort, app_protocol: Option<&str>) -> Option<(Proto, Said)> {
    match sp.name.as_deref().map_or(Words::Nothing, from_words) {
        Words::Says(p) => return Some((p, Said::Name)),
        Words::Other => return None,
        Words::Nothing => {}
    }
    if let Some(app) = app_protocol {
        return match app.to_ascii_lowercase().as_str() {
            "rtmp" => Some((Proto::Rtmp, Said::AppProtocol)),
            "http" | "kubernetes.io/h2c" => Some((Proto::Http, Said::AppProtocol)),
            _ => None,
        };
    }
    match sp.port {
        1935 => Some((Proto::Rtmp, Said::Port)),
        80 | 8080 | 1985 => Some((Proto::Http, Said::Port)),
        _ => None,
    }
}

/// What the SRS servers of a pod serve on `port`: `None` when it is not
/// known or not a clear RTMP/HTTP answer.
fn served_on(
    cx: &DeploymentContext<'_>,
    view: &PodView<'_>,
    port: i32,
) -> Option<(Proto, Vec<Listener>, Vec<Listener>)> {
    let mut on_port: Vec<Listener> = Vec::new();
    let mut all: Vec<Listener> = Vec::new();
    for c in &view.containers {
        match c.program {
            Program::Other => {
                if c.declares(port) {
                    return None;
                }
            }
            Program::Srs => {
                let ls = c.listeners(cx)?;
                on_port.extend(ls.iter().filter(|l| !l.loopback && i32::from(l.port) == port).cloned());
                all.extend(ls);
            }
        }
    }
    let first = on_port.first()?.proto;
    if first == Proto::Other || on_port.iter().any(|l| l.proto != first) {
        return None;
    }
    Some((first, on_port, all))
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let edges_exist = d.servers().any(|(_, _, s)| s.role == Role::Edge);
    let mut out = Vec::new();
    for (svc_ix, node, svc) in d.services() {
        if !matches!(svc.service_type.as_str(), "LoadBalancer" | "NodePort") || svc.selector.is_empty() {
            continue;
        }
        let Some(obj) = node.object.and_then(|i| cx.objects.get(i)) else {
            continue;
        };
        let pods = one_pod_per_owner(d, &d.selected_by(svc_ix));
        let views: Vec<PodView<'_>> = pods.iter().filter_map(|&p| pod_view(d, cx.objects, p)).collect();
        for (pi, sp) in svc.ports.iter().enumerate() {
            if !sp.protocol.eq_ignore_ascii_case("TCP") {
                continue;
            }
            let app_node = port_field(obj, pi, "appProtocol");
            let Some((want, from)) = expected(sp, app_node.and_then(|n| n.as_str())) else {
                continue;
            };
            let target_node = port_field(obj, pi, "targetPort");
            let port_node = port_field(obj, pi, "port");
            let Some(at) = target_node.or(port_node) else {
                continue;
            };
            for view in &views {
                let Target::Port(n) = target(view, sp) else {
                    continue;
                };
                if from == Said::Port && n == sp.port {
                    continue;
                }
                let Some((got, on_port, all)) = served_on(cx, view, n) else {
                    continue;
                };
                if got == want {
                    continue;
                }
                let why = match from {
                    Said::Name => port_field(obj, pi, "name").map(|n| (n.span, format!("named as {}", want.as_str()))),
                    Said::AppProtocol => app_node.map(|n| (n.span, format!("declared {}", want.as_str()))),
                    Said::Port => {
                        port_node.map(|n| (n.span, format!("clients expect {} on {}", want.as_str(), sp.port)))
                    }
                };
                let origins = edges_exist
                    && view
                        .containers
                        .iter()
                        .filter_map(|c| c.server)
                        .any(|s| s.role == Role::Origin);
                out.push(report(
                    &node.name,
                    &svc.service_type,
                    sp,
                    n,
                    (want, got),
                    at.span,
                    target_node,
                    why,
                    (&on_port, &all),
                    origins,
                ));
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    service: &str,
    kind: &str,
    sp: &ServicePort,
    port: i32,
    (want, got): (Proto, Proto),
    at: Span,
    target_node: Option<Node<'_>>,
    why: Option<(Span, String)>,
    (on_port, all): (&[Listener], &[Listener]),
    origins: bool,
) -> Diagnostic {
    let what = on_port
        .iter()
        .map(|l| l.what.as_str())
        .collect::<Vec<_>>()
        .join(" and ");
    let mut d = META
        .diagnostic(
            format!(
                "{kind} Service `{service}` exposes port {} as {} but sends it to {port}, where SRS serves {}",
                sp.port,
                want.as_str(),
                got.as_str()
            ),
            at,
            if what == got.as_str() {
                format!("SRS serves {what} on {port}")
            } else {
                format!("SRS serves {} on {port} ({what})", got.as_str())
            },
        )
        .with_note(match want {
            Proto::Rtmp => format!(
                "RTMP clients (OBS, ffmpeg, players) that connect to port {} reach SRS's HTTP listener, which does not speak RTMP: the handshake fails, so publishing and playing through this port fail",
                sp.port
            ),
            _ => format!(
                "HTTP clients (HTTP-FLV and HLS players, API calls) that connect to port {} reach SRS's RTMP listener, which does not speak HTTP: every request fails",
                sp.port
            ),
        });
    if let Some((span, message)) = why {
        d = d.with_label(span, message);
    }
    for l in on_port {
        if let Some(span) = l.span {
            d = d.with_label(span, format!("{} on {}", l.what, l.port));
        }
    }
    let mut right: Vec<u16> = all
        .iter()
        .filter(|l| l.proto == want && !l.loopback)
        .map(|l| l.port)
        .collect();
    right.sort_unstable();
    right.dedup();
    d = d.with_help(if right.is_empty() {
        format!(
            "SRS serves no {} here: route this port to a port that does, or enable it in the config",
            want.as_str()
        )
    } else {
        format!(
            "send it to the port SRS serves {} on: {}",
            want.as_str(),
            right.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        )
    });
    if origins {
        d = d.with_note("these pods are origins of an origin cluster and the deployment has edges: RTMP players that reach an origin without their stream get a 302 most players do not follow, and streams published here spread only as kube-proxy picks an origin; SRS's guide exposes the edges instead");
    }
    if let ([only], Some(t), PortRef::Number(_)) = (right.as_slice(), target_node, &sp.target_port) {
        d = d.with_fix(Fix::replace_unsafe(
            format!("send it to {only}"),
            t.span,
            only.to_string(),
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::{expected, Said};
    use crate::checks::deployment::target_port_not_served::Proto;
    use crate::k8s::testing::line_col;
    use crate::lint::LintOptions;
    use crate::model::graph::{PortRef, ServicePort};

    fn hits(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_named(files, &LintOptions::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SRS513")
            .collect()
    }

    const EDGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");
    const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    fn port(name: Option<&str>, port: i32) -> ServicePort {
        ServicePort {
            name: name.map(str::to_string),
            port,
            target_port: PortRef::Number(port),
            protocol: "TCP".into(),
            node_port: None,
        }
    }

    #[test]
    fn expected_protocols() {
        assert_eq!(expected(&port(Some("rtmp"), 80), None), Some((Proto::Rtmp, Said::Name)));
        assert_eq!(
            expected(&port(Some("http-flv"), 1935), None),
            Some((Proto::Http, Said::Name))
        );
        assert_eq!(expected(&port(Some("https"), 8080), None), None);
        assert_eq!(expected(&port(Some("rtmp-http"), 1935), None), None);
        assert_eq!(
            expected(&port(Some("srs-edge-service-1935-1935"), 1935), None),
            Some((Proto::Rtmp, Said::Port))
        );
        assert_eq!(
            expected(&port(None, 9000), Some("http")),
            Some((Proto::Http, Said::AppProtocol))
        );
        assert_eq!(expected(&port(None, 9000), None), None);
    }

    #[test]
    fn the_seed_routes_right() {
        assert!(hits(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGE)]).is_empty());
    }

    #[test]
    fn swapped_target_ports_are_found() {
        let edge = EDGE
            .replacen("targetPort: 1935", "targetPort: X", 1)
            .replacen("targetPort: 8080", "targetPort: 1935", 1)
            .replacen("targetPort: X", "targetPort: 8080", 1);
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert_eq!(
            h[0].message,
            "LoadBalancer Service `srs-edge-service` exposes port 1935 as RTMP but sends it to 8080, where SRS serves HTTP"
        );
        assert_eq!(line_col(&edge, h[0].primary.span.start), (74, 19));
        assert_eq!(h[0].primary.message, "SRS serves HTTP on 8080 (HTTP server)");
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "1935");
        assert_eq!(
            h[1].message,
            "LoadBalancer Service `srs-edge-service` exposes port 8080 as HTTP but sends it to 1935, where SRS serves RTMP"
        );
        assert_eq!(h[1].fix, None, "HTTP is served on two ports");
    }

    #[test]
    fn names_win_and_one_to_one_numbers_are_deliberate() {
        // RTMP served on 8080, exposed one-to-one: deliberate.
        let edge = EDGE
            .replace("listen              1935;", "listen              8080;")
            .replace(
                "        enabled         on;\n        listen          8080;",
                "        enabled         off;",
            );
        let edge = edge.replacen("targetPort: 1935", "targetPort: 8080", 1);
        assert!(
            hits(&[("3-edge.yaml", &edge)]).is_empty(),
            "{:#?}",
            hits(&[("3-edge.yaml", &edge)])
        );
        // The same, but the port's name says HTTP.
        let named = edge.replace("srs-edge-service-8080-8080", "http-flv");
        let h = hits(&[("3-edge.yaml", &named)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].labels.iter().any(|l| l.message == "named as HTTP"), "{h:#?}");
    }

    #[test]
    fn cluster_ip_services_are_not_checked() {
        let edge = EDGE
            .replace("  type: LoadBalancer\n", "")
            .replacen("targetPort: 1935", "targetPort: 8080", 1);
        assert!(hits(&[("3-edge.yaml", &edge)]).is_empty());
    }
}
