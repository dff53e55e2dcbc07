use crate::checks::cluster::settings::HttpApi;
use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::hash::HashSet;
use crate::k8s::slim::Container as ContainerSpec;
use crate::k8s::Object;
use crate::model::graph::{NodeData, PortRef, Program, ServicePort};
use crate::model::srs::SrsServer;
use crate::model::{pods, Deployment};
use crate::schema::SrsVersion;
use crate::source::Span;
use crate::values;
use crate::yaml::Node;
use petgraph::graph::NodeIndex;

pub static META: CheckMeta = CheckMeta {
    code: "SRS511",
    name: "target-port-not-served",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A Service port sends connections to a port where nothing in the selected pods listens.",
    doc: doc_text(
        r#"## What it does
For every TCP port of a Service with a selector, follows `targetPort` (a number, or a name looked up among the container ports of each selected pod) to the pods the Service selects, once per workload, and decides whether anything there listens:
- a container that declares that `containerPort` serves it;
- an SRS container serves it when its config listens there: the RTMP `listen` ports, `http_api.listen` when `http_api` is enabled, `http_server.listen` when `http_server` is enabled, and, counted as listening whether enabled or not, every other `listen` in the config (`rtc_server`, `srt_server`, `stream_caster`, `exporter`, the `https` blocks) and those blocks' default ports. A listener bound to a loopback address (`127.0.0.1:1935`) does not serve the Service;
- a container that is not SRS and declares some ports but not this one does not serve it; one that declares none might (Kubernetes does not need `containerPort` to deliver traffic), so the port is then taken as served.

The port is reported only when no container of the pod serves it by these rules. A `targetPort` name that no container port of the pod has is always reported: Kubernetes cannot resolve it. Nothing is reported when what SRS listens on is not known: a container whose config the model could not find, a config with `include`, or (from SRS 5) `SRS_*…LISTEN`/`…ENABLED` variables or `envFrom` that may override the config. UDP and SCTP ports are not checked.

## Why is this bad?
kube-proxy forwards each connection to the target port of a selected pod without checking that anything listens there. Connections to that Service port are refused: every player, publisher or edge that uses it fails, while the Service looks healthy. With a `targetPort` name the pods lack, the Service port has no endpoints at all.

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
  replicas: 1
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
  selector:
    app: srs
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
    - name: http
      port: 8080
      targetPort: 8081
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
  replicas: 1
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
  selector:
    app: srs
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
    - name: http
      port: 8080
      targetPort: 8080
```
When the Service's own `port` is served, or exactly one served port is one digit away from `targetPort`, an unsafe fix writes it (for a name, the one container port name a small edit away).

## References
- Kubernetes: Services (`targetPort`, named ports); container `ports` are informational
- `srs-semantics.md` §2 (defaults: `http_api.listen` 1985, `http_server.listen` 8080, `rtc_server` 8000, `srt_server` 10080), `srs-conf/full.conf` (`exporter` 9972, HTTPS API 1990, HTTPS streaming 8088)
"#,
    ),
};

/// What SRS speaks on a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proto {
    Rtmp,
    Http,
    /// WebRTC, SRT, stream casters, the exporter, HTTPS.
    Other,
}

impl Proto {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Proto::Rtmp => "RTMP",
            Proto::Http => "HTTP",
            Proto::Other => "another protocol",
        }
    }
}

/// One port an SRS server listens on.
#[derive(Clone, Debug)]
pub(crate) struct Listener {
    pub proto: Proto,
    pub port: u16,
    /// Bound to a loopback address: nothing outside the pod reaches it.
    pub loopback: bool,
    /// `RTMP`, `HTTP API`, `HTTP server`, `rtc_server`…
    pub what: String,
    pub span: Option<Span>,
}

/// Default ports of the listeners the model does not keep, by block path.
const OTHER_DEFAULTS: [(&[&str], u16); 6] = [
    (&["rtc_server"], 8000),
    (&["srt_server"], 10080),
    (&["exporter"], 9972),
    (&["http_api", "https"], 1990),
    (&["http_server", "https"], 8088),
    (&["http_stream", "https"], 8088),
];

/// Every port the SRS server may listen on, read from its effective config
/// `root`; `None` when that cannot be known: an `include` SRS 3 or 4 would
/// not splice, or an env-only server without `SRS_LISTEN` (the reference
/// does not say whether SRS then has a default `listen`).
pub(crate) fn listeners(root: &[Directive], server: &SrsServer) -> Option<Vec<Listener>> {
    if has_include(root, 0) || (server.env_only && getters::first(root, "listen").is_none()) {
        return None;
    }
    let mut out: Vec<Listener> = server
        .listen
        .iter()
        .map(|l| Listener {
            proto: Proto::Rtmp,
            port: l.port,
            loopback: l.ip.is_some_and(|ip| ip.is_loopback()),
            what: "RTMP".into(),
            span: Some(l.span),
        })
        .collect();
    if server.http_api.enabled {
        let api = HttpApi::of(root);
        out.push(Listener {
            proto: Proto::Http,
            port: server.http_api.port,
            loopback: server.http_api.ip.is_some_and(|ip| ip.is_loopback()),
            what: "HTTP API".into(),
            span: server.http_api.span.or(api.block.map(|b| b.name.span)),
        });
    }
    if server.http_server.enabled {
        let block = getters::http_server(root);
        let word = getters::value(block.and_then(|b| b.get("listen")));
        let endpoint = word.and_then(|w| values::parse_endpoint(&w.text).ok());
        out.push(Listener {
            proto: Proto::Http,
            port: server.http_server.port,
            loopback: endpoint.is_some_and(|e| e.is_loopback()),
            what: "HTTP server".into(),
            span: server
                .http_server
                .span
                .or(word.map(|w| w.span))
                .or(block.map(|b| b.name.span)),
        });
    }
    let mut path = Vec::new();
    others(root, &mut path, &mut out);
    Some(out)
}

fn has_include(list: &[Directive], depth: usize) -> bool {
    depth < 16
        && list
            .iter()
            .any(|d| d.name.text == "include" || has_include(d.children(), depth + 1))
}

/// The `listen`s below the root, `http_api` and `http_server` (which the
/// model reads), and the default ports of blocks that have none.
fn others<'a>(list: &'a [Directive], path: &mut Vec<&'a str>, out: &mut Vec<Listener>) {
    if path.len() > 8 {
        return;
    }
    let modelled = matches!(path.as_slice(), [] | ["http_api" | "http_server" | "http_stream"]);
    for d in list {
        if d.name.text == "listen" && !modelled {
            for w in &d.args {
                if let Ok(e) = values::parse_endpoint(&w.text) {
                    out.push(Listener {
                        proto: Proto::Other,
                        port: e.port,
                        loopback: e.is_loopback(),
                        what: format!("`{}`", path.join(".")),
                        span: Some(w.span),
                    });
                }
            }
        }
        if d.is_block() {
            path.push(d.name.text.as_str());
            if d.get("listen").is_none() {
                if let Some((_, port)) = OTHER_DEFAULTS.iter().find(|(p, _)| *p == path.as_slice()) {
                    out.push(Listener {
                        proto: Proto::Other,
                        port: *port,
                        loopback: false,
                        what: format!("`{}`", path.join(".")),
                        span: Some(d.name.span),
                    });
                }
            }
            others(d.children(), path, out);
            path.pop();
        }
    }
}

/// A container of a pod, with its spec and what the model knows of it.
pub(crate) struct ContainerView<'a> {
    pub name: &'a str,
    pub spec: &'a ContainerSpec,
    /// The container's YAML mapping.
    pub node: Option<Node<'a>>,
    pub program: Program,
    pub server: Option<&'a SrsServer>,
}

impl ContainerView<'_> {
    pub(crate) fn declares(&self, port: i32) -> bool {
        self.spec.ports.iter().flatten().any(|p| p.container_port == port)
    }

    pub(crate) fn declared(&self) -> Vec<i32> {
        self.spec.ports.iter().flatten().map(|p| p.container_port).collect()
    }

    /// From SRS 5, `SRS_*` variables override the config's listeners: the
    /// literal ones are applied to the server already, but those srs-check
    /// cannot read (`valueFrom`, `envFrom`) leave the listeners unknown.
    fn env_unknown(&self) -> bool {
        let version = self.server.and_then(|s| s.version);
        if matches!(version, Some(SrsVersion::V3 | SrsVersion::V4)) {
            return false;
        }
        self.spec.env_from.as_ref().is_some_and(|e| !e.is_empty())
            || self.spec.env.iter().flatten().any(|e| {
                let n = e.name.as_str();
                e.value_from.is_some()
                    && n.starts_with("SRS_")
                    && (n.contains("LISTEN") || n.ends_with("ENABLED") || n == "SRS_ENV_ONLY")
            })
    }

    /// What the SRS server of this container listens on, when known.
    pub(crate) fn listeners(&self, cx: &DeploymentContext<'_>) -> Option<Vec<Listener>> {
        if self.program != Program::Srs || self.env_unknown() {
            return None;
        }
        let server = self.server?;
        listeners(cx.directives(server), server)
    }
}

/// A pod the Service selects, read from its workload (or Pod object).
pub(crate) struct PodView<'a> {
    /// `StatefulSet/srs-origin`, `Pod/x`.
    pub owner: String,
    pub containers: Vec<ContainerView<'a>>,
}

pub(crate) fn pod_view<'a>(d: &'a Deployment, objects: &'a [Object], pod: NodeIndex) -> Option<PodView<'a>> {
    let owner = d.sources(pod, "owns").into_iter().next().unwrap_or(pod);
    let object = objects.get(d.node(owner).object?)?;
    let w = pods::workload(object)?;
    let nodes: Vec<(&str, Program, Option<&SrsServer>)> = d
        .targets(pod, "runs")
        .into_iter()
        .filter_map(|c| {
            let NodeData::Container(data) = &d.node(c).data else {
                return None;
            };
            let server = d
                .targets(c, "runs-config")
                .into_iter()
                .find_map(|s| match &d.node(s).data {
                    NodeData::SrsServer(s) => Some(&**s),
                    _ => None,
                });
            Some((data.container.as_str(), data.program, server))
        })
        .collect();
    let mut containers = Vec::new();
    for (ci, c) in w.spec.containers.iter().enumerate() {
        let (program, server) = nodes
            .iter()
            .find(|(n, _, _)| *n == c.name)
            .map_or((Program::Other, None), |(_, p, s)| (*p, *s));
        containers.push(ContainerView {
            name: &c.name,
            spec: c,
            node: w.spec_node.and_then(|s| s.at(&["containers", &ci.to_string()])),
            program,
            server,
        });
    }
    // Sidecars (init containers that keep running) serve ports too.
    for (ci, c) in w.spec.init_containers.iter().flatten().enumerate() {
        if c.restart_policy.as_deref() == Some("Always") {
            containers.push(ContainerView {
                name: &c.name,
                spec: c,
                node: w.spec_node.and_then(|s| s.at(&["initContainers", &ci.to_string()])),
                program: Program::Other,
                server: None,
            });
        }
    }
    let owner = match &d.node(pod).data {
        NodeData::Pod(p) => p.owner.as_ref().map(ToString::to_string),
        _ => None,
    }
    .unwrap_or_else(|| object.display_name());
    Some(PodView { owner, containers })
}

/// The first selected pod of each workload, in order.
pub(crate) fn one_pod_per_owner(d: &Deployment, pods: &[NodeIndex]) -> Vec<NodeIndex> {
    let mut seen = HashSet::default();
    pods.iter()
        .copied()
        .filter(|&p| {
            let key = match &d.node(p).data {
                NodeData::Pod(pod) => pod.owner.clone().unwrap_or_else(|| d.node(p).name.clone()),
                _ => d.node(p).name.clone(),
            };
            seen.insert(key)
        })
        .collect()
}

/// Where a Service port's connections go in one pod.
pub(crate) enum Target<'a> {
    Port(i32),
    /// A `targetPort` name no container port of the pod has.
    MissingName(&'a str),
}

pub(crate) fn target<'a>(view: &PodView<'_>, sp: &'a ServicePort) -> Target<'a> {
    match &sp.target_port {
        PortRef::Number(n) => Target::Port(*n),
        PortRef::Name(name) => view
            .containers
            .iter()
            .flat_map(|c| c.spec.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map_or(Target::MissingName(name), |p| Target::Port(p.container_port)),
    }
}

/// Whether anything in the pod listens on `port`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Served,
    Unknown,
    NotServed,
}

pub(crate) fn verdict(cx: &DeploymentContext<'_>, view: &PodView<'_>, port: i32) -> Verdict {
    let mut unknown = false;
    for c in &view.containers {
        if c.declares(port) {
            return Verdict::Served;
        }
        match c.program {
            Program::Srs => match c.listeners(cx) {
                Some(ls) => {
                    if ls.iter().any(|l| !l.loopback && i32::from(l.port) == port) {
                        return Verdict::Served;
                    }
                }
                None => unknown = true,
            },
            Program::Other => unknown |= c.declared().is_empty(),
        }
    }
    if unknown {
        Verdict::Unknown
    } else {
        Verdict::NotServed
    }
}

/// `1935 (RTMP), 8080 (HTTP server)`.
fn describe(ls: &[Listener]) -> String {
    ls.iter()
        .filter(|l| !l.loopback)
        .map(|l| format!("{} ({})", l.port, l.what))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(ports: &[i32]) -> String {
    ports.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

/// The value node of a Service port's field.
pub(crate) fn port_field<'a>(svc: &'a Object, index: usize, field: &str) -> Option<Node<'a>> {
    svc.at(&["spec", "ports", &index.to_string(), field])
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut out = Vec::new();
    for (svc_ix, node, svc) in d.services() {
        if svc.selector.is_empty() || svc.service_type == "ExternalName" {
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
            let target_node = port_field(obj, pi, "targetPort");
            let Some(at) = target_node.or(port_field(obj, pi, "port")) else {
                continue;
            };
            for view in &views {
                let d = match target(view, sp) {
                    Target::MissingName(name) => missing_name(view, &node.name, sp, name, at.span, target_node),
                    Target::Port(n) => match verdict(cx, view, n) {
                        Verdict::NotServed => not_served(cx, view, &node.name, sp, n, at.span, target_node),
                        _ => continue,
                    },
                };
                out.push(d);
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn missing_name(
    view: &PodView<'_>,
    service: &str,
    sp: &ServicePort,
    name: &str,
    at: Span,
    target_node: Option<Node<'_>>,
) -> Diagnostic {
    let names: Vec<&str> = view
        .containers
        .iter()
        .flat_map(|c| c.spec.ports.iter().flatten())
        .filter_map(|p| p.name.as_deref())
        .collect();
    let allowed = (name.len() / 5).clamp(1, 2);
    let close: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| strsim::damerau_levenshtein(n, name) <= allowed)
        .collect();
    let suggestion = (close.len() == 1).then(|| close[0]);
    let mut d = META
        .diagnostic(
            format!(
                "Service `{service}` sends port {} to the port named `{name}`, which no container of the pods of `{}` has",
                sp.port, view.owner
            ),
            at,
            match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "no container port has this name".into(),
            },
        )
        .with_note("Kubernetes leaves a pod out of a Service port's endpoints when it cannot resolve the port's name: this port has no endpoints there, so connections to it are refused and players, publishers or edges using it fail")
        .with_help(if names.is_empty() {
            format!(
                "name a `containerPort` `{name}` in the pod template, or write the port number as `targetPort`"
            )
        } else {
            format!(
                "use one of the container port names ({}), or the port number",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            )
        });
    d = with_container_labels(d, view);
    if let (Some(s), Some(t)) = (suggestion, target_node) {
        d = d.with_fix(Fix::replace_unsafe(format!("write `{s}`"), t.span, s));
    }
    d
}

fn not_served(
    cx: &DeploymentContext<'_>,
    view: &PodView<'_>,
    service: &str,
    sp: &ServicePort,
    port: i32,
    at: Span,
    target_node: Option<Node<'_>>,
) -> Diagnostic {
    let mut served: Vec<i32> = Vec::new();
    let mut srs: Vec<(&ContainerView<'_>, Vec<Listener>)> = Vec::new();
    for c in &view.containers {
        served.extend(c.declared());
        if let Some(ls) = c.listeners(cx) {
            served.extend(ls.iter().filter(|l| !l.loopback).map(|l| i32::from(l.port)));
            srs.push((c, ls));
        }
    }
    served.sort_unstable();
    served.dedup();
    let loopback: Vec<&Listener> = srs
        .iter()
        .flat_map(|(_, ls)| ls.iter())
        .filter(|l| l.loopback && i32::from(l.port) == port)
        .collect();
    let via = match &sp.target_port {
        PortRef::Name(n) => format!("`{n}` ({port})"),
        PortRef::Number(_) => port.to_string(),
    };
    let mut d = META
        .diagnostic(
            format!(
                "Service `{service}` sends port {} to {via} on the pods of `{}`, where nothing listens",
                sp.port, view.owner
            ),
            at,
            if loopback.is_empty() {
                "no container declares this port and SRS does not listen on it".to_string()
            } else {
                "SRS listens on this port only on a loopback address".to_string()
            },
        )
        .with_note("kube-proxy forwards each connection to this port of a selected pod without checking that anything listens there: the connections are refused, so every player, publisher or edge that uses this Service port fails while the Service looks healthy");
    d = with_container_labels(d, view);
    for (c, ls) in &srs {
        let shown = describe(ls);
        if let Some(span) = ls.iter().find(|l| !l.loopback).and_then(|l| l.span) {
            d = d.with_label(span, format!("SRS in `{}` listens on {shown}", c.name));
        }
    }
    for l in &loopback {
        if let Some(span) = l.span {
            d = d.with_label(
                span,
                format!(
                    "bound to loopback: connections through the Service never reach this {}",
                    l.what
                ),
            );
        }
    }
    let suggestion = if served.contains(&sp.port) && sp.port != port {
        Some(sp.port)
    } else {
        let close: Vec<i32> = served
            .iter()
            .copied()
            .filter(|s| strsim::damerau_levenshtein(&s.to_string(), &port.to_string()) == 1)
            .collect();
        (close.len() == 1).then(|| close[0])
    };
    d = d.with_help(match (loopback.is_empty(), served.is_empty()) {
        (false, _) => format!("make SRS listen on all addresses (`{port}` or `0.0.0.0:{port}`), or point `targetPort` at a port it serves"),
        (true, true) => "point `targetPort` at a port the pods serve".to_string(),
        (true, false) => format!("point `targetPort` at a port the pods serve: {}", list(&served)),
    });
    if let (Some(s), Some(t), true) = (suggestion, target_node, matches!(sp.target_port, PortRef::Number(_))) {
        d = d.with_fix(Fix::replace_unsafe(format!("send it to {s}"), t.span, s.to_string()));
    }
    d
}

/// A label on each container's `ports`: what it declares.
fn with_container_labels(mut d: Diagnostic, view: &PodView<'_>) -> Diagnostic {
    for c in &view.containers {
        let declared = c.declared();
        if declared.is_empty() {
            continue;
        }
        if let Some(key) = c.node.and_then(|n| n.key("ports")) {
            d = d.with_label(key.span, format!("`{}` declares {}", c.name, list(&declared)));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use crate::k8s::testing::line_col;
    use crate::lint::LintOptions;

    fn lint(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_named(files, &LintOptions::default()).diagnostics
    }

    fn hits(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        lint(files).into_iter().filter(|d| d.code == "SRS511").collect()
    }

    const EDGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");
    const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    #[test]
    fn the_seed_is_served() {
        assert!(hits(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGE)]).is_empty());
    }

    #[test]
    fn a_target_port_nothing_serves_is_found() {
        let edge = EDGE.replacen("targetPort: 8080", "targetPort: 8081", 1);
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(
            h[0].message,
            "Service `srs-edge-service` sends port 8080 to 8081 on the pods of `Deployment/srs-edge-deploy`, where nothing listens"
        );
        let at = h[0].primary.span.start;
        assert_eq!(line_col(&edge, at), (78, 19));
        assert_eq!(&edge[h[0].primary.span.range()], "8081");
        let fix = h[0].fix.as_ref().expect("fix");
        assert_eq!(fix.edits[0].replacement, "8080");
        assert!(
            h[0].labels
                .iter()
                .any(|l| l.message == "`srs` declares 1935, 1985, 8080"),
            "{h:#?}"
        );
    }

    #[test]
    fn srs_listening_without_a_container_port_serves() {
        // The container declares only 1935, but SRS's http_server listens on 8080.
        let edge = EDGE.replace(
            "            - containerPort: 1985\n            - containerPort: 8080\n",
            "",
        );
        assert!(hits(&[("3-edge.yaml", &edge)]).is_empty());
        // http_server off: nothing listens on 8080 any more.
        let off = edge.replacen(
            "        enabled         on;\n        listen          8080;",
            "        enabled         off;\n        listen          8080;",
            1,
        );
        let h = hits(&[("3-edge.yaml", &off)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(
            h[0].labels
                .iter()
                .any(|l| l.message == "SRS in `srs` listens on 1935 (RTMP), 1985 (HTTP API)"),
            "{h:#?}"
        );
    }

    #[test]
    fn loopback_listeners_do_not_serve() {
        let edge = EDGE
            .replace(
                "            - containerPort: 1985\n            - containerPort: 8080\n",
                "",
            )
            .replace("listen          8080;", "listen          127.0.0.1:8080;");
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(
            h[0].primary.message,
            "SRS listens on this port only on a loopback address"
        );
    }

    #[test]
    fn named_ports_resolve_against_container_ports() {
        let edge = EDGE
            .replace(
                "            - containerPort: 1935\n",
                "            - containerPort: 1935\n              name: rtmp\n",
            )
            .replacen("targetPort: 1935", "targetPort: rtmp", 1);
        assert!(hits(&[("3-edge.yaml", &edge)]).is_empty());
        let typo = edge.replacen("targetPort: rtmp", "targetPort: rtpm", 1);
        let h = hits(&[("3-edge.yaml", &typo)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(h[0].primary.message, "did you mean `rtmp`?");
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "rtmp");
    }

    #[test]
    fn unknown_listeners_and_other_programs_are_not_reported() {
        // Env may move the listeners (SRS 5+).
        let env = EDGE
            .replacen("targetPort: 8080", "targetPort: 8081", 1)
            .replace("image: ossrs/srs:3", "image: ossrs/srs:5")
            .replace(
                "          volumeMounts:",
                "          env:\n            - name: SRS_HTTP_SERVER_LISTEN\n              value: \"8081\"\n          volumeMounts:",
            );
        assert!(hits(&[("3-edge.yaml", &env)]).is_empty());
        // Other listeners in the config count as served.
        let rtc = EDGE.replacen("targetPort: 8080", "targetPort: 8000", 1).replace(
            "daemon              off;",
            "daemon              off;\n    rtc_server {\n        enabled on;\n    }",
        );
        assert!(hits(&[("3-edge.yaml", &rtc)]).is_empty());
        // The nginx pods of the origin file declare 80; the cp container declares nothing.
        let nginx = ORIGINS.replace("      targetPort: 80\n", "      targetPort: 81\n");
        assert!(
            hits(&[("2-origin.yaml", &nginx)]).is_empty(),
            "a container without ports may serve"
        );
        // UDP is not checked.
        let udp = EDGE.replacen("targetPort: 8080", "targetPort: 8081", 1).replacen(
            "      protocol: TCP\n      targetPort: 8081",
            "      protocol: UDP\n      targetPort: 8081",
            1,
        );
        assert!(hits(&[("3-edge.yaml", &udp)]).is_empty());
    }

    #[test]
    fn plain_configs_are_silent() {
        let d = lint(&[("srs.conf", "listen 1935;\n")]);
        assert!(!d.iter().any(|d| d.code == "SRS511"));
    }
}
