use crate::checks::cluster::settings::VhostCluster;
use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::conf::Directive;
use crate::diagnostic::Severity;
use crate::hash::{HashMap, HashSet};
use crate::k8s::Object;
use crate::model::env::Env;
use crate::model::graph::{self, Edge, Mount, NodeData};
use crate::model::{launch, pods, Deployment};
use crate::provider;
use crate::source::Span;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

pub static META: CheckMeta = CheckMeta {
    code: "SRS523",
    name: "hls-not-shared",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "Origins write HLS outside a shared volume, or Nginx does not serve the directory they write it to.",
    doc: doc_text(
        r#"## What it does
Finds where each origin writes HLS and checks that the files can be served whichever origin has the stream. For every SRS server in a vhost with `origin_cluster on` (not an edge) and `hls { enabled on; }`, it works out the directory of `hls_path` (default `./objs/nginx/html`, relative to SRS's working directory: the image's `WORKDIR /usr/local/srs`, the container's `workingDir`, then the config's `work_dir`; `SRS_VHOST_HLS_ENABLED`/`SRS_VHOST_HLS_HLS_PATH` with literal values count from SRS 5) and the volume mount of the container that holds it (the deepest mount at or above it). When two or more origin pods of the deployment write HLS, it reports a `hls_path` that
- is on no volume (the container's own filesystem) or on an `emptyDir`,
- is on a claim without `ReadWriteMany`, or
- is on a claim that a StatefulSet's `volumeClaimTemplates` makes per pod (`ReadWriteMany` or not, each origin gets its own).

Other volume types (`nfs`, `hostPath`, CSI, …) and claims the manifests do not define are not judged.

Then, for every Nginx container (an image named `nginx…`, whose default site serves `/usr/share/nginx/html`) that mounts a claim an origin writes HLS to, it checks that the directory SRS writes (the claim's `subPath` plus `hls_path` below the mount) appears inside `/usr/share/nginx/html` in the Nginx container. A directory that is not there at all (the claim mounted elsewhere, or a `subPath` that leaves SRS's directory out) is reported; one that appears below the root, at `/usr/share/nginx/html/<dir>`, is accepted (the URLs then start with `/<dir>/`). Nginx containers that mount anything under `/etc/nginx` have their own configuration and are not checked.

## Why is this bad?
In an origin cluster a stream is published to one origin only. HLS players (or an Nginx in front) do not follow the RTMP redirects between origins: they read `<app>/<stream>.m3u8` from whatever files they can see. When each origin writes its playlists to its own container, Nginx, or any origin asked through a Service, answers 404 for every stream published on another origin. When Nginx serves a directory other than the one SRS writes to, every playlist is a 404.

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
        listen 1985;
    }
    vhost __defaultVhost__ {
        cluster {
            origin_cluster on;
            coworkers srs-origin-0.socs:1985 srs-origin-1.socs:1985;
        }
        hls {
            enabled on;
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
        listen 1985;
    }
    vhost __defaultVhost__ {
        cluster {
            origin_cluster on;
            coworkers srs-origin-0.socs:1985 srs-origin-1.socs:1985;
        }
        hls {
            enabled on;
        }
    }
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
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 1
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
            claimName: pvc-nas
      containers:
        - name: nginx
          image: nginx
          volumeMounts:
            - name: html
              mountPath: /usr/share/nginx/html
              readOnly: true
```
This is the layout of SRS's origin-cluster guide: every origin mounts the shared claim at the default `hls_path`, and Nginx mounts it at its web root.

## References
- `srs-semantics.md` §7 (HLS defaults, `hls_path` + templates, Nginx root must equal `hls_path`); §4 (a stream lives on the origin it was published to)
- SRS docs: Origin Cluster for Kubernetes (shared NAS volume written by the origins, served by Nginx)
- Kubernetes: Persistent Volumes, access modes
"#,
    ),
};

/// Where SRS images run SRS, and where relative `hls_path`s start.
const DEFAULT_HLS_PATH: &str = "./objs/nginx/html";
/// The official Nginx images' default site root.
const NGINX_ROOT: &str = "/usr/share/nginx/html";

/// One vhost of one origin that writes HLS.
struct Writer {
    server: NodeIndex,
    pod: NodeIndex,
    vhost: String,
    /// The absolute directory of `hls_path`.
    dir: String,
    /// Where to point: `hls_path`'s value, the env value, or `enabled on`.
    span: Span,
    path_default: bool,
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut writers: Vec<Writer> = Vec::new();
    for (ix, _, server) in d.servers() {
        let Some(container) = d.sources(ix, "runs-config").into_iter().next() else {
            continue;
        };
        let Some(site) = site(d, cx.objects, container) else {
            continue;
        };
        for h in hls_settings(cx.directives(server), &site) {
            if h.edge || !h.origin || !h.enabled {
                continue;
            }
            let Some(dir) = h.dir else { continue };
            writers.push(Writer {
                server: ix,
                pod: site.pod,
                vhost: h.vhost,
                dir,
                span: h.span,
                path_default: h.path_default,
            });
        }
    }
    if writers.is_empty() {
        return;
    }
    let origin_pods: HashSet<NodeIndex> = writers.iter().map(|w| w.pod).collect();
    let several = origin_pods.len() > 1;

    let mut out = Vec::new();
    let mut seen: HashSet<(Span, String)> = HashSet::default();
    // Claim → the directories (inside the claim) origins write HLS to, with a writer each.
    let mut written: BTreeMap<NodeIndex, Vec<(String, usize)>> = BTreeMap::new();
    for (wi, w) in writers.iter().enumerate() {
        let Some(container) = d.sources(w.server, "runs-config").into_iter().next() else {
            continue;
        };
        let Some(site) = site(d, cx.objects, container) else {
            continue;
        };
        let mount = covering_mount(&site.data.mounts, &w.dir);
        let problem: Option<(String, Option<(Span, String)>)> = match mount {
            None => Some((
                "on no volume: in each origin container's own filesystem".to_string(),
                None,
            )),
            Some((mi, m, rest)) => {
                let mount_span = site.mount_span(mi);
                if site
                    .container
                    .volume_mounts
                    .iter()
                    .flatten()
                    .nth(mi)
                    .and_then(|m| m.sub_path_expr.as_deref())
                    .is_some_and(|s| !s.is_empty())
                {
                    None
                } else if let Some(claim) = claim_of(d, site.pod, &m.volume) {
                    let NodeData::Claim(c) = &d.node(claim).data else {
                        continue;
                    };
                    let inside = inside_claim(m, &rest);
                    if c.template.is_some() {
                        Some((
                            format!(
                                "on `{}`, a claim `volumeClaimTemplates` makes for each pod",
                                d.node(claim).name
                            ),
                            Some((
                                mount_span,
                                format!("each origin mounts its own `{}-…` claim here", m.volume),
                            )),
                        ))
                    } else if c.access_modes.iter().any(|m| m == "ReadWriteMany") {
                        written.entry(claim).or_default().push((inside, wi));
                        None
                    } else if c.access_modes.is_empty() {
                        None
                    } else {
                        let modes = c.access_modes.join(", ");
                        Some((
                            format!(
                                "on claim `{}`, which is not ReadWriteMany ({modes})",
                                d.node(claim).name
                            ),
                            Some((mount_span, format!("`{}` is mounted here", d.node(claim).name))),
                        ))
                    }
                } else if site.volume(&m.volume).is_some_and(|v| v.empty_dir.is_some()) {
                    Some((
                        format!("on `emptyDir` volume `{}`, which each pod has to itself", m.volume),
                        Some((mount_span, "an emptyDir is private to its pod".to_string())),
                    ))
                } else {
                    None
                }
            }
        };
        let Some((where_, label)) = problem else { continue };
        if !several {
            continue;
        }
        let message = format!("HLS of vhost `{}` is written to `{}`, {where_}", w.vhost, w.dir);
        if !seen.insert((w.span, message.clone())) {
            continue;
        }
        let mut diag = META
            .diagnostic(
                message,
                w.span,
                if w.path_default {
                    format!("HLS on, with the default `hls_path {DEFAULT_HLS_PATH}`")
                } else {
                    "origins write playlists and segments here".to_string()
                },
            )
            .with_note(format!(
                "the deployment runs {} origins and a stream is published to only one of them: Nginx, or an origin asked through a Service, answers 404 for the playlists of every stream published on another origin",
                origin_pods.len()
            ))
            .with_help(format!(
                "mount one ReadWriteMany claim (NFS/NAS) at `{}` in every origin, as SRS's origin-cluster guide does, and serve it from there",
                w.dir
            ));
        if let Some((span, text)) = label {
            diag = diag.with_label(span, text);
        }
        out.push(diag);
    }

    // Nginx containers that mount a claim origins write HLS to.
    for (pod, _, _) in d.pods() {
        for container in d.targets(pod, "runs") {
            let NodeData::Container(data) = &d.node(container).data else {
                continue;
            };
            if !data.image.as_deref().is_some_and(is_nginx) {
                continue;
            }
            if data
                .mounts
                .iter()
                .any(|m| provider::normalize(&m.mount_path).starts_with("/etc/nginx"))
            {
                continue;
            }
            let Some(site) = site(d, cx.objects, container) else {
                continue;
            };
            // The claims this container mounts that origins write to: looked
            // up from its mounts, not by walking every written claim.
            let mut mounted: BTreeMap<NodeIndex, Vec<(usize, &Mount)>> = BTreeMap::new();
            for (mi, m) in data.mounts.iter().enumerate() {
                if let Some(claim) = claim_of(d, pod, &m.volume).filter(|c| written.contains_key(c)) {
                    mounted.entry(claim).or_default().push((mi, m));
                }
            }
            for (claim, mounts) in &mounted {
                let Some(dirs) = written.get(claim) else { continue };
                let Some(&(first_mi, first)) = mounts.first() else {
                    continue;
                };
                let claim_name = &d.node(*claim).name;
                for (inside, wi) in dirs {
                    let served = mounts.iter().any(|(_, m)| serves(m, inside));
                    if served {
                        continue;
                    }
                    let w = &writers[*wi];
                    let shown = if inside.is_empty() {
                        "/".to_string()
                    } else {
                        format!("/{inside}")
                    };
                    let message = format!(
                        "Nginx does not serve the HLS directory `{shown}` of claim `{claim_name}` that the origins write to"
                    );
                    let span = site.mount_span(first_mi);
                    if !seen.insert((span, message.clone())) {
                        continue;
                    }
                    let fix_path = if inside.is_empty() {
                        format!("mount `{claim_name}` at `{NGINX_ROOT}`")
                    } else {
                        format!("mount `{claim_name}` at `{NGINX_ROOT}` with `subPath: {inside}`")
                    };
                    let visible = format!(
                        "`{claim_name}`{} is mounted at `{}`; Nginx serves `{NGINX_ROOT}`",
                        first
                            .sub_path
                            .as_deref()
                            .map(|s| format!(" (subPath `{s}`)"))
                            .unwrap_or_default(),
                        first.mount_path
                    );
                    out.push(
                        META.diagnostic(message, span, visible)
                            .with_label(
                                w.span,
                                format!("SRS writes vhost `{}`'s HLS to `{}` of `{claim_name}`", w.vhost, shown),
                            )
                            .with_note("Nginx's default site maps a URL to a file under `/usr/share/nginx/html`: with the playlists elsewhere, every `.m3u8` request is a 404")
                            .with_help(fix_path),
                    );
                }
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

/// Whether a mount of the claim shows `inside` (a directory of the claim)
/// somewhere under Nginx's root.
fn serves(m: &Mount, inside: &str) -> bool {
    let sub = claim_relative(m.sub_path.as_deref().unwrap_or(""));
    let below = if sub.is_empty() {
        Some(inside.to_string())
    } else if inside == sub {
        Some(String::new())
    } else {
        inside.strip_prefix(&format!("{sub}/")).map(str::to_string)
    };
    let Some(below) = below else { return false };
    let visible = provider::join(
        &provider::normalize(&m.mount_path),
        if below.is_empty() { "." } else { &below },
    );
    visible == NGINX_ROOT || visible.starts_with(&format!("{NGINX_ROOT}/"))
}

/// An Nginx image: `nginx`, `nginx:1.27-alpine`, `nginxinc/nginx-unprivileged`,
/// `docker.io/library/nginx` (not Bitnami's, whose root is `/app`).
pub(crate) fn is_nginx(image: &str) -> bool {
    let repo = crate::model::image::parse(image).repository.to_ascii_lowercase();
    !repo.contains("bitnami") && repo.rsplit('/').next().is_some_and(|n| n.starts_with("nginx"))
}

/// A claim-relative directory: no leading `/`, empty for the claim's root.
fn claim_relative(path: &str) -> String {
    let p = provider::normalize(path);
    let p = p.trim_start_matches('/');
    if p == "." {
        String::new()
    } else {
        p.to_string()
    }
}

/// The directory of the claim that `rest` (below the mount point) is.
fn inside_claim(m: &Mount, rest: &str) -> String {
    claim_relative(&format!("{}/{rest}", m.sub_path.as_deref().unwrap_or("")))
}

/// Where HLS of the default vhost goes and who can serve it, as this check
/// decides it: for the routing simulator (`crate::sim`), which must agree
/// with the linter on whether an HLS player finds a stream's playlist.
#[derive(Debug, Default)]
pub(crate) struct HlsLayout {
    /// Pods whose SRS (not an edge) writes HLS for `__defaultVhost__`, with
    /// the claim and the directory inside it when that claim is one
    /// `ReadWriteMany` claim shared by every pod that mounts it; `None`: the
    /// files stay private to the pod.
    pub writers: HashMap<NodeIndex, Option<(NodeIndex, String)>>,
    /// Nginx pods, with the writer pods whose HLS directory they serve.
    pub nginx: HashMap<NodeIndex, HashSet<NodeIndex>>,
}

pub(crate) fn hls_layout(d: &Deployment, objects: &[Object], configs: &[crate::conf::LoadedConfig]) -> HlsLayout {
    let mut layout = HlsLayout::default();
    for (ix, _, server) in d.servers() {
        let Some(container) = d.sources(ix, "runs-config").into_iter().next() else {
            continue;
        };
        let Some(site) = site(d, objects, container) else {
            continue;
        };
        let settings = hls_settings(d.directives(configs, server), &site);
        let Some(h) = settings
            .iter()
            .find(|h| h.vhost == crate::model::srs::DEFAULT_VHOST)
            .or(settings.first())
        else {
            continue;
        };
        if h.edge || !h.enabled {
            continue;
        }
        let shared = h.dir.as_deref().and_then(|dir| {
            let (_, m, rest) = covering_mount(&site.data.mounts, dir)?;
            let claim = claim_of(d, site.pod, &m.volume)?;
            let NodeData::Claim(c) = &d.node(claim).data else {
                return None;
            };
            (c.template.is_none() && c.access_modes.iter().any(|m| m == "ReadWriteMany"))
                .then(|| (claim, inside_claim(m, &rest)))
        });
        layout.writers.insert(site.pod, shared);
    }
    for (pod, _, _) in d.pods() {
        for container in d.targets(pod, "runs") {
            let NodeData::Container(data) = &d.node(container).data else {
                continue;
            };
            if !data.image.as_deref().is_some_and(is_nginx) {
                continue;
            }
            let served = layout.nginx.entry(pod).or_default();
            if data
                .mounts
                .iter()
                .any(|m| provider::normalize(&m.mount_path).starts_with("/etc/nginx"))
            {
                // Its own site configuration: what it serves is not known.
                continue;
            }
            for (writer, shared) in &layout.writers {
                let Some((claim, inside)) = shared else { continue };
                if data
                    .mounts
                    .iter()
                    .any(|m| claim_of(d, pod, &m.volume) == Some(*claim) && serves(m, inside))
                {
                    served.insert(*writer);
                }
            }
        }
    }
    layout
}

// ---------------------------------------------------------------------------
// Shared by the volume and container checks (SRS520-SRS530).

/// What SRS reads about HLS for one vhost of a server.
pub(super) struct HlsSetting {
    pub vhost: String,
    pub edge: bool,
    pub origin: bool,
    pub enabled: bool,
    /// The absolute `hls_path`, when it is known.
    pub dir: Option<String>,
    /// `hls_path`'s value (or its env value), else `enabled`'s value, else the vhost's name.
    pub span: Span,
    /// `hls_path` is SRS's default (`./objs/nginx/html`).
    pub path_default: bool,
    /// The `mode remote` value of an edge.
    pub mode_span: Option<Span>,
}

/// The HLS settings of each vhost of a server (first of each name; vhosts
/// with `enabled off` left out), read from its effective config (`root`,
/// with literal `SRS_VHOST_HLS_*` variables applied from SRS 5 on). A
/// variable SRS would read but srs-check cannot (`valueFrom`, `envFrom`)
/// leaves nothing to judge.
pub(super) fn hls_settings(root: &[Directive], site: &Site<'_>) -> Vec<HlsSetting> {
    let env = &site.data.env;
    if ["SRS_VHOST_HLS_ENABLED", "SRS_VHOST_HLS_HLS_PATH"]
        .iter()
        .any(|n| env.get(n) == Env::Unknown)
    {
        return Vec::new();
    }
    let cwd = working_dir(root, site);
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for vc in VhostCluster::all(root) {
        if !seen.insert(vc.vhost.arg0().to_string()) || !getters::flag(vc.vhost.get("enabled"), true) {
            continue;
        }
        let hls = vc.vhost.get("hls");
        let enabled_d = hls.and_then(|h| h.get("enabled"));
        let path_d = getters::value(hls.and_then(|h| h.get("hls_path")));
        let path = path_d.map_or_else(|| DEFAULT_HLS_PATH.to_string(), |w| w.text.to_string());
        let span = path_d
            .map(|w| w.span)
            .or_else(|| enabled_d.map(|e| e.args.first().map_or(e.name.span, |w| w.span)))
            .unwrap_or(vc.vhost.args.first().map_or(vc.vhost.name.span, |w| w.span));
        out.push(HlsSetting {
            vhost: vc.vhost.arg0().to_string(),
            edge: vc.edge_mode().is_some(),
            origin: vc.origin_cluster_active().is_some(),
            enabled: getters::flag(enabled_d, false),
            dir: cwd.as_ref().map(|c| provider::join(c, &path)),
            span,
            path_default: path_d.is_none(),
            mode_span: vc.edge_mode().map(|m| m.args.first().map_or(m.name.span, |w| w.span)),
        });
    }
    out
}

/// SRS's working directory: the image's `WORKDIR`, the container's
/// `workingDir`, then `work_dir` (SRS `chdir`s to it unless empty or `./`).
/// `None` when `SRS_WORK_DIR` comes from somewhere srs-check cannot read.
fn working_dir(root: &[Directive], site: &Site<'_>) -> Option<String> {
    let start = provider::join(
        launch::SRS_WORKDIR,
        site.container
            .working_dir
            .as_deref()
            .filter(|w| !w.is_empty())
            .unwrap_or("."),
    );
    if site.data.env.get("SRS_WORK_DIR") == Env::Unknown {
        return None;
    }
    let work_dir = getters::value(getters::first(root, "work_dir")).map(|w| w.text.to_string());
    Some(match work_dir.filter(|w| !w.is_empty() && w != "./") {
        Some(w) => provider::join(&start, &w),
        None => start,
    })
}

/// A container of the model with what the manifests say about it.
pub(super) struct Site<'a> {
    pub pod: NodeIndex,
    pub data: &'a graph::Container,
    pub object: &'a Object,
    pub workload: pods::Workload<'a>,
    pub container: &'a crate::k8s::slim::Container,
    /// The container's YAML mapping.
    pub node: Option<crate::yaml::Node<'a>>,
}

impl<'a> Site<'a> {
    /// The `mountPath` of the container's `i`th volume mount.
    pub fn mount_span(&self, i: usize) -> Span {
        self.at(&["volumeMounts", &i.to_string(), "mountPath"])
    }

    /// A place in the container's mapping, or the container (the object) itself.
    pub fn at(&self, steps: &[&str]) -> Span {
        self.node
            .and_then(|n| crate::k8s::path::at(n, steps))
            .or(self.node)
            .map_or(self.object.span(), |n| n.span)
    }

    /// The pod volume of that name.
    pub fn volume(&self, name: &str) -> Option<&'a crate::k8s::slim::Volume> {
        let spec: &'a crate::k8s::slim::PodSpec = self.workload.spec;
        spec.volumes.iter().flatten().find(|v| v.name == name)
    }
}

/// The container node's site: its pod, its object and its manifest.
pub(super) fn site<'a>(d: &'a Deployment, objects: &'a [Object], container: NodeIndex) -> Option<Site<'a>> {
    let NodeData::Container(data) = &d.node(container).data else {
        return None;
    };
    let pod = d.sources(container, "runs").into_iter().next()?;
    let object = objects.get(pod_object(d, pod)?)?;
    let workload = pods::workload(object)?;
    let spec: &'a crate::k8s::slim::PodSpec = workload.spec;
    let ci = spec.containers.iter().position(|c| c.name == data.container)?;
    let node = workload
        .spec_node
        .and_then(|n| crate::k8s::path::at(n, &["containers", &ci.to_string()]));
    Some(Site {
        pod,
        data,
        object,
        workload,
        container: &spec.containers[ci],
        node,
    })
}

/// The index of the object (workload or Pod) a pod comes from.
pub(super) fn pod_object(d: &Deployment, pod: NodeIndex) -> Option<usize> {
    d.node(pod).object.or_else(|| d.node(owner(d, pod)).object)
}

/// The workload node that owns a pod; the pod itself for a Pod object.
pub(super) fn owner(d: &Deployment, pod: NodeIndex) -> NodeIndex {
    d.sources(pod, "owns").into_iter().next().unwrap_or(pod)
}

/// The claim a pod mounts through its volume of that name.
pub(super) fn claim_of(d: &Deployment, pod: NodeIndex, volume: &str) -> Option<NodeIndex> {
    d.graph
        .edges(pod)
        .filter(|e| matches!(e.weight(), Edge::Mounts { volume: v } if v == volume))
        .map(|e| e.target())
        .find(|t| matches!(d.node(*t).data, NodeData::Claim(_)))
}

/// The deepest mount at or above `path` (the later one of equal depth, as
/// the kubelet mounts them in order), with `path` below its mount point.
pub(super) fn covering_mount<'m>(mounts: &'m [Mount], path: &str) -> Option<(usize, &'m Mount, String)> {
    let path = provider::normalize(path);
    mounts
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let at = provider::normalize(&m.mount_path);
            let rest = if at == path {
                String::new()
            } else {
                let dir = if at == "/" { String::new() } else { at.clone() };
                path.strip_prefix(&format!("{dir}/"))?.to_string()
            };
            Some((at.len(), i, m, rest))
        })
        .max_by_key(|(len, i, ..)| (*len, *i))
        .map(|(_, i, m, rest)| (i, m, rest))
}

#[cfg(test)]
pub(super) mod test_support {
    use crate::lint::{LintOptions, LintResult};

    use crate::source::Span;

    pub fn lint(files: &[(&str, &str)]) -> LintResult {
        crate::testing::lint_named(files, &LintOptions::default())
    }

    /// The 1-based line and column of a span's start.
    pub fn line_col(r: &LintResult, span: Span) -> (u32, u32) {
        let at = r.sources.get(span.file).line_col(span.start as usize);
        (at.line, at.column)
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{line_col, lint};
    use super::*;

    const STORAGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml");
    const ORIGIN: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    fn hits(files: &[(&str, &str)]) -> (crate::lint::LintResult, Vec<crate::diagnostic::Diagnostic>) {
        let r = lint(files);
        let h = r.diagnostics.iter().filter(|d| d.code == "SRS523").cloned().collect();
        (r, h)
    }

    #[test]
    fn the_seed_layout_passes() {
        let (r, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", ORIGIN)]);
        assert!(h.is_empty(), "{:#?}", r.diagnostics);
        let published = include_str!("../../../../fixtures/examples/seed-k8s/2-origin.yaml");
        let (r, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", published)]);
        assert!(h.is_empty(), "{:#?}", r.diagnostics);
    }

    #[test]
    fn origins_without_the_shared_mount_are_reported() {
        let origin = ORIGIN.replace(
            "            - name: cache-volume\n              mountPath: /usr/local/srs/objs/nginx/html\n              readOnly: false\n",
            "",
        );
        assert_ne!(origin, ORIGIN);
        let (r, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &origin)]);
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert!(h[0].message.contains("on no volume"), "{:#?}", h[0]);
        // `hls { enabled on; }`: the `on` of `enabled`.
        assert_eq!(line_col(&r, h[0].primary.span), (30, 29));
    }

    #[test]
    fn a_rwo_claim_or_hls_path_elsewhere_is_reported() {
        let storage = STORAGE.replace(
            "    - ReadWriteMany\n  storageClassName: nas\n  resources",
            "    - ReadWriteOnce\n  storageClassName: nas\n  resources",
        );
        assert_ne!(storage, STORAGE);
        let (_, h) = hits(&[("1-storage.yaml", &storage), ("2-origin.yaml", ORIGIN)]);
        assert!(h.iter().any(|d| d.message.contains("not ReadWriteMany")), "{h:#?}");
        let origin = ORIGIN.replace(
            "            enabled         on;\n        }\n    }",
            "            enabled         on;\n            hls_path        /data/hls;\n        }\n    }",
        );
        assert_ne!(origin, ORIGIN);
        let (r, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &origin)]);
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert!(h[0].message.contains("`/data/hls`"), "{:#?}", h[0]);
    }

    #[test]
    fn nginx_must_serve_the_directory_srs_writes() {
        let origin = ORIGIN.replace(
            "              mountPath: /usr/share/nginx/html\n",
            "              mountPath: /data/html\n",
        );
        assert_ne!(origin, ORIGIN);
        let (r, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &origin)]);
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert!(h[0].message.starts_with("Nginx does not serve"), "{:#?}", h[0]);
        assert_eq!(line_col(&r, h[0].primary.span), (115, 26));
        // A subPath that is the HLS directory itself is fine; one beside it is not.
        let sub = ORIGIN.replace(
            "              mountPath: /usr/local/srs/objs/nginx/html\n",
            "              mountPath: /usr/local/srs/objs/nginx/html\n              subPath: hls\n",
        );
        let (_, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &sub)]);
        assert!(h.is_empty(), "{h:#?}");
        let both = sub.replace(
            "              mountPath: /usr/share/nginx/html\n",
            "              mountPath: /usr/share/nginx/html\n              subPath: other\n",
        );
        let (_, h) = hits(&[("1-storage.yaml", STORAGE), ("2-origin.yaml", &both)]);
        assert_eq!(h.len(), 1, "{h:#?}");
    }

    #[test]
    fn paths_and_images() {
        assert!(is_nginx("nginx"));
        assert!(is_nginx("docker.io/library/nginx:1.27-alpine"));
        assert!(is_nginx("nginxinc/nginx-unprivileged"));
        assert!(!is_nginx("bitnami/nginx"));
        assert!(!is_nginx("ossrs/srs:6"));
        let m = Mount {
            volume: "v".into(),
            mount_path: "/usr/share/nginx/html/hls".into(),
            sub_path: None,
            read_only: false,
        };
        assert!(serves(&m, ""));
        assert!(serves(&m, "a/b"));
        let m = Mount {
            sub_path: Some("a".into()),
            mount_path: NGINX_ROOT.into(),
            ..m
        };
        assert!(serves(&m, "a"));
        assert!(serves(&m, "a/b"));
        assert!(!serves(&m, ""));
        assert!(!serves(&m, "ab"));
    }
}
