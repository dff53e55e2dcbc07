use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::graph::HostUse;
use crate::model::Role;
use crate::values;
use petgraph::graph::NodeIndex;

use reach::{display_pods, http_api_spans, landing, runs, server_at, used_words, words_by_span, Landing, Runs};

pub static META: CheckMeta = CheckMeta {
    code: "SRS503",
    name: "coworker-unreachable",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A coworker that resolves to an origin pod whose HTTP API does not answer there.",
    doc: doc_text(
        r#"## What it does
Follows every `coworkers` entry of an origin-cluster origin (`origin_cluster on`, not an edge) to the pods it resolves to (a StatefulSet pod under its headless service, or the pods a Service selects) and reads the config each of those pods really runs. The entry is an error when the SRS server there cannot answer the cluster API on the port the entry calls:

- its `http_api` is off (missing, or no `enabled on`);
- its `http_api` listens on a loopback address (`127.0.0.1:1985`), which other pods cannot reach;
- its `http_api` listens on another port than the one the entry names (`srs-origin-1.socs:1985` while the API listens on 9090);
- the pod runs no SRS at all;
- the entry names a port that a (non-headless) Service does not have.

Entries without a port are SRS306's finding (SRS calls port 80 then) and are skipped here. When the target runs the very same config as the origin that names it, an API that is off or bound to loopback is already reported in that config by SRS308 and SRS309, so only the port is compared. A target that is an edge is SRS505's finding. From SRS 5 the `SRS_HTTP_API_*` environment variables override the config; a target container that sets any of them is not judged.

## Why is this bad?
An origin that has no publisher for a stream asks its coworkers, in list order, with `POST http://<coworker>/api/v1/clusters?…`, and redirects the player to the one that answers with the stream's location. A coworker whose API does not answer there is a failed request: SRS moves on to the next one, and when it is the last one the player is disconnected. Players (and edges) that reach another origin for a stream published on that pod get errors instead of a redirect, although every pod is up and `kubectl get pods` looks healthy.

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
    http_api {
        enabled on;
        listen 9090;
    }
    vhost __defaultVhost__ {
        cluster {
            origin_cluster on;
            coworkers srs-origin-0.socs:1985 srs-origin-1.socs:1985;
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
  replicas: 2
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
    http_api {
        enabled on;
        listen 9090;
    }
    vhost __defaultVhost__ {
        cluster {
            origin_cluster on;
            coworkers srs-origin-0.socs:9090 srs-origin-1.socs:9090;
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
  replicas: 2
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
When a coworker names a pod directly and the pod's API listens on one other port, the fix writes that port (marked unsafe: the API's `listen` may be the line that is wrong). A headless Service passes the port through to the pod; a Service with a cluster IP maps its `port` to the `targetPort`.

## References
- `srs-semantics.md` §4 (coworker lookups, `/api/v1/clusters`); `srs-cluster-observed.md` rows 1-3, 11-12
- SRS `SrsRtmpConn::playing`, `SrsHttpHooks::discover_co_workers`; ossrs/srs#2947
- Kubernetes: Services (headless Services, `port` and `targetPort`)
"#,
    ),
};

/// Why a pod does not answer a coworker's call.
enum Problem {
    Off,
    Loopback,
    Port(u16),
    NotSrs(NodeIndex),
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    if d.pods().next().is_none() {
        return;
    }
    let mut out = Vec::new();
    for (word, _holders) in words_by_span(used_words(d, HostUse::Coworker)) {
        let Some(port) = word.port.and_then(|p| values::parse_port(p).ok()) else {
            continue; // SRS306
        };
        let holder = server_at(d, word.server);
        let (pods, at, service) = match landing(d, word.host, port) {
            Landing::Pods { pods, port, service } => (pods, port, service),
            Landing::NoServicePort { service } => {
                out.push(reach::no_service_port(&META, cx, &word, service, port, "coworker"));
                continue;
            }
            Landing::Elsewhere => continue,
        };
        let mut problems: Vec<(NodeIndex, Problem, Option<NodeIndex>)> = Vec::new();
        for &pod in &pods {
            let servers = match runs(d, pod) {
                Runs::Unknown => continue,
                Runs::NotSrs(container) => {
                    problems.push((pod, Problem::NotSrs(container), None));
                    continue;
                }
                Runs::Servers(servers) => servers,
            };
            // An edge is SRS505's.
            if servers
                .iter()
                .any(|&s| reach::role_for(server_at(d, s), word.vhost) == Role::Edge)
            {
                continue;
            }
            let answers = servers.iter().any(|&s| {
                let api = &server_at(d, s).http_api;
                api.enabled && api.port == at && !api.ip.is_some_and(|ip| ip.is_loopback())
            });
            if answers {
                continue;
            }
            let s = servers[0];
            if reach::env_unknown(d, s, "SRS_HTTP_API_") {
                continue;
            }
            if reach::through_cluster_ip(d, service) && !reach::anything_listens(d, pod, at) {
                continue; // SRS511
            }
            let target = server_at(d, s);
            let api = &target.http_api;
            let problem = if !api.enabled {
                Problem::Off
            } else if api.port != at {
                Problem::Port(api.port)
            } else {
                Problem::Loopback
            };
            // The same config says it itself: SRS308 (off), SRS309 (loopback),
            // unless a variable of the target's container changed it.
            let same_config = target.config_index == holder.config_index && !target.overridden("http_api");
            if same_config && matches!(problem, Problem::Off | Problem::Loopback) {
                continue;
            }
            problems.push((pod, problem, Some(s)));
        }
        let Some((_, first, _)) = problems.first() else {
            continue;
        };
        let names = display_pods(d, problems.iter().map(|(p, _, _)| *p));
        let word_text = word.text;
        let (message, label) = match first {
            Problem::Off => (
                format!("coworker `{word_text}` cannot answer: the HTTP API of {names} is off"),
                "no HTTP API answers here".to_string(),
            ),
            Problem::Loopback => (
                format!("coworker `{word_text}` cannot answer: the HTTP API of {names} listens on loopback only"),
                "other pods cannot connect to this API".to_string(),
            ),
            Problem::Port(p) => (
                format!("coworker `{word_text}` calls port {at}, but the HTTP API of {names} listens on {p}"),
                format!("nothing answers on port {at} there"),
            ),
            Problem::NotSrs(_) => (
                format!("coworker `{word_text}` is not an SRS server: {names} runs no SRS"),
                "nothing here answers `/api/v1/clusters`".to_string(),
            ),
        };
        let mut diag: Diagnostic = META.diagnostic(message, word.span, label);
        let mut labelled = crate::hash::HashSet::default();
        for (pod, problem, server) in &problems {
            let pod_name = reach::pod_name(d, *pod);
            let (span, text) = match (problem, server) {
                (Problem::NotSrs(container), _) => {
                    let c = d.node(*container);
                    let image = match &c.data {
                        crate::model::NodeData::Container(c) => c.image.clone().unwrap_or_default(),
                        _ => compact_str::CompactString::default(),
                    };
                    (c.span, format!("`{pod_name}` runs `{image}` here, not SRS"))
                }
                (_, Some(s)) => {
                    let target = server_at(d, *s);
                    let spans = http_api_spans(cx.directives(target));
                    match problem {
                        Problem::Off => (
                            spans.enabled.or(spans.block).or(d.node(*s).span),
                            format!("`{pod_name}` runs this config: its HTTP API is off"),
                        ),
                        Problem::Loopback => (
                            target.http_api.span,
                            format!("`{pod_name}` runs this config: its HTTP API is bound to loopback"),
                        ),
                        Problem::Port(p) => match target.http_api.span {
                            Some(span) => (Some(span), format!("`{pod_name}` answers the cluster API on port {p}")),
                            None => (
                                spans.enabled.or(d.node(*s).span),
                                format!("no `listen`: `{pod_name}` answers the cluster API on port {p}"),
                            ),
                        },
                        Problem::NotSrs(_) => unreachable!(),
                    }
                }
                _ => continue,
            };
            if let Some(span) = span {
                if labelled.insert(span) {
                    diag = diag.with_label(span, text);
                }
            }
        }
        if let Some(service) = service {
            let svc = d.node(service);
            if let Some(span) = svc.span {
                diag = diag.with_label(span, format!("service `{}` sends the call to these pods", svc.name));
            }
        }
        diag = diag.with_note(
            "an origin without the stream asks its coworkers in order where it is: a coworker that does not answer is a failed request, and when it is the last one the player is disconnected, so players that reach another origin for a stream published there get errors instead of a redirect",
        );
        // One port every target answers on, named directly: write it.
        let ports: std::collections::BTreeSet<u16> = problems
            .iter()
            .filter_map(|(_, p, _)| match p {
                Problem::Port(p) => Some(*p),
                _ => None,
            })
            .collect();
        let all_port = problems.iter().all(|(_, p, _)| matches!(p, Problem::Port(_)));
        match (service, all_port, ports.iter().next()) {
            (None, true, Some(&p)) if ports.len() == 1 => {
                let host = host_as_written(word.text);
                diag = diag.with_fix(Fix::replace_unsafe(
                    format!("call port {p}: `{host}:{p}`"),
                    word.span,
                    format!("{host}:{p}"),
                ));
            }
            _ => {
                let by_env = problems
                    .iter()
                    .any(|(_, _, s)| s.is_some_and(|s| server_at(d, s).overridden("http_api")));
                diag = diag.with_help(match first {
                    Problem::Off if by_env => {
                        "the container's `SRS_HTTP_API_*` variables override the config (SRS 5+): set `SRS_HTTP_API_ENABLED` to `\"on\"`, or remove it"
                    }
                    Problem::Off => "enable the API where the coworker points: `http_api { enabled on; listen 1985; }`",
                    Problem::Loopback => {
                        "let the API listen on every interface: `listen 1985;` instead of `listen 127.0.0.1:1985;`"
                    }
                    Problem::Port(_) => "make the coworker's port and the target's `http_api.listen` agree",
                    Problem::NotSrs(_) => "name the SRS origin pods here (`<pod>.<headless-service>:<http_api port>`)",
                });
            }
        }
        out.push(diag);
    }
    for d in out {
        cx.report(d);
    }
}

/// `srs-origin-1.socs:1985` → `srs-origin-1.socs`.
fn host_as_written(text: &str) -> &str {
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => text,
    }
}

/// What the reachability and drift checks share: the host words a server
/// really uses, and where a word lands.
pub(super) mod reach {
    use crate::checks::cluster::settings::{HttpApi, VhostCluster};
    use crate::checks::meta::CheckMeta;
    use crate::checks::DeploymentContext;
    use crate::diagnostic::Diagnostic;
    use crate::model::graph::{Edge, HostUse, NodeData, PortRef, Program};
    use crate::model::srs::SrsServer;
    use crate::model::{Deployment, Resolution, Role};

    use crate::conf::Directive;
    use crate::source::Span;
    use petgraph::graph::NodeIndex;
    use petgraph::visit::EdgeRef;

    /// One host word of a `coworkers` or `origin` list, as one server reads it.
    #[derive(Clone, Copy, Debug)]
    pub struct Word<'a> {
        pub server: NodeIndex,
        pub vhost: Option<&'a str>,
        pub text: &'a str,
        pub port: Option<&'a str>,
        pub span: Span,
        /// The host-name node.
        pub host: NodeIndex,
    }

    pub fn server_at(d: &Deployment, ix: NodeIndex) -> &SrsServer {
        match &d.node(ix).data {
            NodeData::SrsServer(s) => s,
            _ => panic!("not an SRS server node"),
        }
    }

    /// The role of the vhost a word is written in (the server's role when
    /// it is not in a vhost).
    pub fn role_for(server: &SrsServer, vhost: Option<&str>) -> Role {
        vhost.and_then(|v| server.vhost(v)).map_or(server.role, |v| v.role)
    }

    /// Every word of `usage` that SRS really uses, in mention order:
    /// coworkers of an origin-cluster vhost, origins of an edge vhost.
    pub fn used_words(d: &Deployment, usage: HostUse) -> Vec<Word<'_>> {
        let want = match usage {
            HostUse::Coworker => Role::Origin,
            HostUse::Origin => Role::Edge,
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for e in d.graph.edge_references() {
            let Edge::Names(mention) = e.weight() else {
                continue;
            };
            let crate::model::graph::HostMention {
                usage: u,
                vhost,
                text,
                port,
                span,
                ..
            } = &**mention;
            if *u != usage {
                continue;
            }
            let NodeData::SrsServer(s) = &d.node(e.source()).data else {
                continue;
            };
            let in_vhost = s.vhosts.iter().find(|v| Some(v.name.as_str()) == vhost.as_deref());
            if in_vhost.map(|v| v.role) != Some(want) {
                continue;
            }
            out.push(Word {
                server: e.source(),
                vhost: vhost.as_deref(),
                text,
                port: port.as_deref(),
                span: *span,
                host: e.target(),
            });
        }
        out
    }

    /// The words grouped by where they are written (every pod that runs a
    /// config reads its words), each with the servers that read it.
    pub fn words_by_span(words: Vec<Word<'_>>) -> Vec<(Word<'_>, Vec<NodeIndex>)> {
        let mut out: Vec<(Word, Vec<NodeIndex>)> = Vec::new();
        let mut at: crate::hash::HashMap<crate::source::Span, usize> = crate::hash::HashMap::default();
        for w in words {
            if let Some(&i) = at.get(&w.span) {
                out[i].1.push(w.server);
            } else {
                at.insert(w.span, out.len());
                out.push((w, vec![w.server]));
            }
        }
        out
    }

    /// Where a connection to a word's host and port ends up.
    pub enum Landing {
        /// These pods, on this port (a Service's `targetPort`).
        Pods {
            pods: Vec<NodeIndex>,
            port: u16,
            service: Option<NodeIndex>,
        },
        /// A Service with a cluster IP that has no such port.
        NoServicePort { service: NodeIndex },
        /// Outside the manifests, unknown, or not worked out (a named
        /// `targetPort`, a Service that selects nothing).
        Elsewhere,
    }

    pub fn resolved(d: &Deployment, host: NodeIndex) -> Resolution {
        match &d.node(host).data {
            NodeData::HostName(h) => h.resolved,
            _ => Resolution::Unknown,
        }
    }

    /// The pods a host resolves to, ports aside.
    pub fn pods_of(d: &Deployment, host: NodeIndex) -> (Vec<NodeIndex>, Option<NodeIndex>) {
        match resolved(d, host) {
            Resolution::Pod(p) => (vec![p], None),
            Resolution::Service(s) => (d.selected_by(s), Some(s)),
            _ => (Vec::new(), None),
        }
    }

    pub fn landing(d: &Deployment, host: NodeIndex, port: u16) -> Landing {
        match resolved(d, host) {
            Resolution::Pod(p) => Landing::Pods {
                pods: vec![p],
                port,
                service: None,
            },
            Resolution::Service(s) => {
                let NodeData::Service(svc) = &d.node(s).data else {
                    return Landing::Elsewhere;
                };
                let pods = d.selected_by(s);
                if pods.is_empty() || svc.service_type == "ExternalName" {
                    return Landing::Elsewhere;
                }
                if svc.headless {
                    // DNS answers with the pods' addresses: the port is theirs.
                    return Landing::Pods {
                        pods,
                        port,
                        service: Some(s),
                    };
                }
                match svc.ports.iter().find(|p| p.port == i32::from(port)) {
                    None => Landing::NoServicePort { service: s },
                    Some(p) => match &p.target_port {
                        PortRef::Number(n) => match u16::try_from(*n) {
                            Ok(n) => Landing::Pods {
                                pods,
                                port: n,
                                service: Some(s),
                            },
                            Err(_) => Landing::Elsewhere,
                        },
                        PortRef::Name(_) => Landing::Elsewhere,
                    },
                }
            }
            _ => Landing::Elsewhere,
        }
    }

    /// Whether a Service with a cluster IP sends the word there: then a
    /// target port where nothing at all listens is SRS511's finding.
    pub fn through_cluster_ip(d: &Deployment, service: Option<NodeIndex>) -> bool {
        service.is_some_and(|s| matches!(&d.node(s).data, NodeData::Service(svc) if !svc.headless))
    }

    /// Whether anything in the pod listens on `port`: a declared container
    /// port, an RTMP `listen`, an enabled HTTP API or HTTP server.
    pub fn anything_listens(d: &Deployment, pod: NodeIndex, port: u16) -> bool {
        let declared = d
            .targets(pod, "runs")
            .into_iter()
            .any(|c| matches!(&d.node(c).data, NodeData::Container(c) if c.ports.contains(&i32::from(port))));
        declared
            || d.servers_in(pod).into_iter().any(|s| {
                let s = server_at(d, s);
                s.listen
                    .iter()
                    .any(|l| l.port == port && !l.ip.is_some_and(|ip| ip.is_loopback()))
                    || (s.http_api.enabled && s.http_api.port == port)
                    || (s.http_server.enabled && s.http_server.port == port)
            })
    }

    /// What a pod runs, as far as SRS goes.
    pub enum Runs {
        /// An SRS container whose config the model could not find.
        Unknown,
        /// No SRS at all: the first container.
        NotSrs(NodeIndex),
        Servers(Vec<NodeIndex>),
    }

    pub fn runs(d: &Deployment, pod: NodeIndex) -> Runs {
        let servers = d.servers_in(pod);
        if !servers.is_empty() {
            return Runs::Servers(servers);
        }
        let containers = d.targets(pod, "runs");
        let srs = containers
            .iter()
            .any(|&c| matches!(&d.node(c).data, NodeData::Container(c) if c.program == Program::Srs));
        match containers.first() {
            Some(&first) if !srs => Runs::NotSrs(first),
            _ => Runs::Unknown,
        }
    }

    /// Whether the container that runs `server` may set an `SRS_*` variable
    /// starting with `prefix` that srs-check cannot read (`valueFrom`,
    /// `envFrom`). Literal ones are already applied to the server.
    pub fn env_unknown(d: &Deployment, server: NodeIndex, prefix: &str) -> bool {
        d.container_of(server)
            .is_some_and(|c| c.env.unknown(|n| n.starts_with(prefix) || n == "SRS_ENV_ONLY"))
    }

    /// A pod as the user knows it: its name, or for a Deployment's or
    /// DaemonSet's pod (whose name is made up) its workload.
    pub fn pod_name(d: &Deployment, pod: NodeIndex) -> String {
        match &d.node(pod).data {
            NodeData::Pod(p) if p.generated => p.owner.as_deref().unwrap_or(&d.node(pod).name).to_string(),
            _ => d.node(pod).name.to_string(),
        }
    }

    /// `srs-origin-1`, `srs-origin-1` and `srs-origin-2`, `srs-origin-0` and 3 more.
    pub fn display_pods(d: &Deployment, pods: impl Iterator<Item = NodeIndex>) -> String {
        let mut names: Vec<String> = Vec::new();
        for p in pods {
            let n = format!("`{}`", pod_name(d, p));
            if !names.contains(&n) {
                names.push(n);
            }
        }
        match names.len() {
            0 => String::new(),
            1 => names.remove(0),
            2 => format!("{} and {}", names[0], names[1]),
            n => format!("{} and {} more", names[0], n - 1),
        }
    }

    pub struct ApiSpans {
        pub block: Option<Span>,
        pub enabled: Option<Span>,
    }

    /// Where the `http_api` block of a server's effective config and its
    /// `enabled` value are.
    pub fn http_api_spans(root: &[Directive]) -> ApiSpans {
        let api = HttpApi::of(root);
        ApiSpans {
            block: api.block.map(|b| b.name.span),
            enabled: api.enabled.map(|e| e.args.first().map_or(e.name.span, |w| w.span)),
        }
    }

    /// The `remote` of a vhost's `mode remote` (or the vhost's name).
    pub fn edge_mode_span(root: &[Directive], server: &SrsServer, vhost: Option<&str>) -> Option<Span> {
        let v = vhost.and_then(|v| server.vhost(v))?;
        let mode = VhostCluster::all(root)
            .find(|vc| vc.vhost.arg0() == v.name)
            .and_then(|vc| vc.edge_mode())
            .map(|m| m.args.first().map_or(m.name.span, |w| w.span));
        mode.or(Some(v.span))
    }

    /// A Service with a cluster IP that has no port the word calls.
    pub fn no_service_port(
        meta: &'static CheckMeta,
        cx: &DeploymentContext<'_>,
        word: &Word<'_>,
        service: NodeIndex,
        port: u16,
        what: &str,
    ) -> Diagnostic {
        let d = cx.deployment;
        let svc = d.node(service);
        let ports: Vec<String> = match &svc.data {
            NodeData::Service(s) => s.ports.iter().map(|p| p.port.to_string()).collect(),
            _ => Vec::new(),
        };
        let ports_span = svc
            .object
            .and_then(|i| cx.objects.get(i))
            .and_then(|o| o.key_at(&["spec", "ports"]).map(|n| n.span))
            .or(svc.span);
        let mut diag = meta
            .diagnostic(
                format!("{what} `{}` calls port {port}, which service `{}` does not have", word.text, svc.name),
                word.span,
                format!("no port {port} on `{}`", svc.name),
            )
            .with_note("a Service with a cluster IP forwards only the ports it lists: a connection to any other port is refused");
        if let Some(span) = ports_span {
            diag = diag.with_label(
                span,
                if ports.is_empty() {
                    "no ports".to_string()
                } else {
                    format!("`{}` forwards {}", svc.name, ports.join(", "))
                },
            );
        }
        diag.with_help(format!(
            "call one of the service's ports, or add port {port} to `{}`",
            svc.name
        ))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::lint::{LintOptions, LintResult};

    pub fn lint(files: &[(&str, &str)]) -> LintResult {
        crate::testing::lint_named(files, &LintOptions::default())
    }

    /// The 1-based line and column a span starts at, and its text.
    pub fn at(r: &LintResult, span: crate::source::Span) -> (u32, u32, String) {
        let f = r.sources.get(span.file);
        let lc = f.line_col(span.start as usize);
        (lc.line, lc.column, f.text[span.range()].to_string())
    }

    pub const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");
    pub const EDGES: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");

    fn hits(r: &LintResult) -> Vec<&crate::diagnostic::Diagnostic> {
        r.diagnostics.iter().filter(|d| d.code == "SRS503").collect()
    }

    #[test]
    fn the_fixed_seed_is_clean() {
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGES)]);
        assert!(hits(&r).is_empty(), "{:#?}", r.diagnostics);
    }

    #[test]
    fn a_port_that_is_not_the_api_port() {
        let origins = ORIGINS.replace("listen          1985;", "listen          9090;");
        let r = lint(&[("2-origin.yaml", &origins)]);
        let h = hits(&r);
        assert_eq!(h.len(), 3, "{h:#?}");
        let (line, col, text) = at(&r, h[0].primary.span);
        assert_eq!((line, col, text.as_str()), (24, 29, "srs-origin-0.socs:1985"));
        assert_eq!(
            h[0].message,
            "coworker `srs-origin-0.socs:1985` calls port 1985, but the HTTP API of `srs-origin-0` listens on 9090"
        );
        assert_eq!(at(&r, h[0].labels[0].span).2, "9090");
        let fix = h[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "srs-origin-0.socs:9090");
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
    }

    #[test]
    fn api_off_or_loopback_in_the_same_config_is_left_to_srs308_and_srs309() {
        let off = ORIGINS.replace(
            "enabled         on;\n        listen          1985;",
            "enabled         off;",
        );
        let r = lint(&[("2-origin.yaml", &off)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
        assert!(r.diagnostics.iter().any(|d| d.code == "SRS308"));
        let lo = ORIGINS.replace("listen          1985;", "listen          127.0.0.1:1985;");
        let r = lint(&[("2-origin.yaml", &lo)]);
        assert!(hits(&r).is_empty());
        assert!(r.diagnostics.iter().any(|d| d.code == "SRS309"));
    }

    /// Two StatefulSets, each naming the other's pods: the target's config
    /// is another one, so its API off is found here.
    #[test]
    fn another_configs_api_off_points_at_enabled() {
        let b = ORIGINS
            .replace("srs-origin-config", "srs-origin-b-config")
            .replace("name: socs", "name: socs-b")
            .replace("serviceName: \"socs\"", "serviceName: \"socs-b\"")
            .replace("app: srs-origin", "app: srs-origin-b")
            .replace("name: srs-origin\n", "name: srs-origin-b\n")
            .replace(
                "coworkers       srs-origin-0.socs:1985 srs-origin-1.socs:1985 srs-origin-2.socs:1985",
                "coworkers       srs-origin-0.socs:1985",
            )
            .replace(
                "enabled         on;\n        listen          1985;",
                "enabled         off;",
            );
        let b: String = b.split("---").take(3).collect::<Vec<_>>().join("---");
        let a = ORIGINS.replace(
            "srs-origin-2.socs:1985;",
            "srs-origin-2.socs:1985 srs-origin-b-0.socs-b:1985;",
        );
        let r = lint(&[("a.yaml", &a), ("b.yaml", &b)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert!(
            h[0].message.contains("HTTP API of `srs-origin-b-0` is off"),
            "{}",
            h[0].message
        );
        let (line, _, text) = at(&r, h[0].labels[0].span);
        assert_eq!((line, text.as_str()), (14, "off"));
        assert!(h[0].fix.is_none());
    }

    #[test]
    fn a_coworker_that_is_not_srs_and_a_missing_service_port() {
        let origins = ORIGINS.replace(
            "srs-origin-2.socs:1985;",
            "srs-origin-2.socs:1985 srs-http-service:80 srs-api-service:9090;",
        );
        let r = lint(&[("2-origin.yaml", &origins)]);
        let h = hits(&r);
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(h[0].message.contains("is not an SRS server"), "{}", h[0].message);
        assert!(h[1].message.contains("which service `srs-api-service` does not have"));
        // Portless coworkers are SRS306's.
        let portless = ORIGINS.replace("srs-origin-2.socs:1985;", "srs-origin-2.socs;");
        assert!(hits(&lint(&[("2-origin.yaml", &portless)])).is_empty());
    }

    #[test]
    fn plain_configs_are_not_checked() {
        let r = lint(&[(
            "o.conf",
            "listen 1935;\nhttp_api { enabled on; listen 9090; }\nvhost v { cluster { origin_cluster on; coworkers a:1985; } }\n",
        )]);
        assert!(hits(&r).is_empty());
    }
}
