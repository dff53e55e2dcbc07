use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::k8s::{Object, Typed};
use crate::model::graph::{Edge, NodeData, Service};
use crate::source::Span;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

pub static META: CheckMeta = CheckMeta {
    code: "SRS512",
    name: "governing-service",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A StatefulSet's `serviceName` names no headless Service that selects its pods.",
    doc: doc_text(
        r#"## What it does
Follows each StatefulSet's `serviceName` to the Service of that name in the StatefulSet's namespace and reports, at `serviceName`:
- no such Service (when the manifests have Services at all: a StatefulSet linted alone is not reported), with the Service name a small edit away when there is one;
- a Service that is not headless (no `clusterIP: None`), labelling its `clusterIP` or its `spec`;
- a headless Service whose selector picks other pods and none of this StatefulSet's (a selector that picks no pod at all is SRS510's finding).

A StatefulSet without `serviceName` is not checked. The note counts the hosts in the SRS configs that name the StatefulSet's pods under that Service (`srs-origin-1.socs`), and a label points at the first.

## Why is this bad?
A StatefulSet's pods get DNS names of their own (`srs-origin-0.socs.<ns>.svc.cluster.local`) only from a headless Service named by `serviceName` that selects them. Without them every `srs-origin-N.socs` in `coworkers` and in edges' `origin` fails to resolve: edges cannot pull or publish, and origins cannot ask each other where a stream is, so players get errors instead of redirects. Kubernetes creates the StatefulSet anyway.

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
            origin srs-origin-0.socs srs-origin-1.socs;
        }
    }
---
apiVersion: v1
kind: Service
metadata:
  name: socs
spec:
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
            origin srs-origin-0.socs srs-origin-1.socs;
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
For a `ClusterIP` Service an unsafe fix writes `clusterIP: None` (a Service's cluster IP cannot be changed in place: delete and re-create it). A `LoadBalancer` or `NodePort` Service cannot be headless: keep it for outside access and add a headless one for the StatefulSet. A misspelt `serviceName` gets an unsafe fix to the one Service a small edit away (`serviceName` cannot be changed on an existing StatefulSet either: delete it with `--cascade=orphan` and apply again).

## References
- Kubernetes: StatefulSet (`serviceName`, stable network identity), DNS for Services and Pods (headless Services)
- `srs-semantics.md` §4-§5 (coworkers, edge origins); `srs-cluster-observed.md` rows 7-10
"#,
    ),
};

/// `srs-origin-3.socs…` names a pod of `set` under `service`.
fn names_pod_of(host: &str, set: &str, service: &str) -> bool {
    let Some((pod, rest)) = host.split_once('.') else {
        return false;
    };
    rest.split('.').next() == Some(service)
        && pod
            .rsplit_once('-')
            .is_some_and(|(s, n)| s == set && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The config hosts that name the StatefulSet's pods: (span, text).
fn hosts_naming(cx: &DeploymentContext<'_>, set: &str, service: &str, namespace: &str) -> Vec<(Span, String)> {
    let graph = &cx.deployment.graph;
    let (set, service) = (set.to_ascii_lowercase(), service.to_ascii_lowercase());
    // Every pod running a config mentions its hosts: one per place written.
    let mut seen = crate::hash::HashSet::default();
    graph
        .edge_references()
        .filter_map(|e| {
            let Edge::Names(mention) = e.weight() else {
                return None;
            };
            let (span, text) = (&mention.span, &mention.text);
            let n = &graph[e.target()];
            let NodeData::HostName(h) = &n.data else {
                return None;
            };
            (n.namespace == namespace && names_pod_of(&h.host, &set, &service)).then(|| (*span, text.clone()))
        })
        .filter(|(span, _)| seen.insert(*span))
        .collect()
}

/// `clusterIP: None` for a ClusterIP Service: the value replaced, or the
/// line added above the first field of `spec`.
fn headless_fix(cx: &DeploymentContext<'_>, obj: &Object, svc: &Service) -> Option<Fix> {
    if svc.service_type != "ClusterIP" {
        return None;
    }
    let spec = obj.at(&["spec"])?;
    if spec.get("clusterIPs").is_some() {
        return None;
    }
    let title = "make it headless: `clusterIP: None`";
    if let Some(ip) = spec.get("clusterIP") {
        return Some(Fix::replace_unsafe(title, ip.span, "None"));
    }
    let (first, _) = spec.entries().first()?;
    let start = first.span.start as usize;
    let text = &cx.sources.get(first.span.file).text;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    if indent.is_empty() || !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    Some(Fix::unsafe_(
        title,
        vec![Edit {
            span: Span::new(first.span.file, start, start),
            replacement: format!("clusterIP: None\n{indent}"),
        }],
    ))
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let any_service = d.services().next().is_some();
    let mut out = Vec::new();
    for o in cx.objects {
        let Typed::StatefulSet(s) = &o.typed else {
            continue;
        };
        let Some(name) = s.spec.service_name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        let Some(at) = o.at(&["spec", "serviceName"]) else {
            continue;
        };
        let Some(sts) = d.find_object("StatefulSet", &o.namespace, &o.name) else {
            continue;
        };
        let found = match d.find_service(&o.namespace, name) {
            None if any_service => Some(missing(cx, o, name, at.span)),
            None => None,
            Some(svc_ix) => {
                let node = d.node(svc_ix);
                let (NodeData::Service(svc), Some(obj)) = (&node.data, node.object.and_then(|i| cx.objects.get(i)))
                else {
                    continue;
                };
                if svc.headless {
                    selects_others(cx, o, name, at.span, svc_ix, sts, obj)
                } else {
                    Some(not_headless(cx, o, name, at.span, obj, svc))
                }
            }
        };
        if let Some(mut diag) = found {
            // Only now: walking every host mention per StatefulSet would make
            // a clean run quadratic in the number of objects.
            let hosts = hosts_naming(cx, &o.name, name, &o.namespace);
            diag = diag.with_note(format!(
                "pods of a StatefulSet get DNS names of their own (`{}-0.{name}`) only from the headless Service named by `serviceName`, and only when it selects them: without them every `{}-N.{name}` that a `coworkers` or an edge `origin` names fails to resolve, so edges cannot pull or publish and origins cannot find each other's streams",
                o.name, o.name
            ));
            if let Some((span, text)) = hosts.first() {
                let more = match hosts.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                diag = diag.with_label(*span, format!("`{text}` needs that DNS name{more}"));
            }
            out.push(diag);
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn missing(cx: &DeploymentContext<'_>, o: &Object, name: &str, at: Span) -> Diagnostic {
    let d = cx.deployment;
    let allowed = (name.len() / 5).clamp(1, 2);
    let mut close: Vec<(usize, String)> = d
        .services()
        .filter(|(_, n, _)| n.namespace == o.namespace)
        .map(|(_, n, _)| (strsim::damerau_levenshtein(&n.name, name), n.name.to_string()))
        .filter(|(dist, _)| *dist > 0 && *dist <= allowed)
        .collect();
    close.sort();
    let suggestion = match close.as_slice() {
        [(best, s), rest @ ..] if rest.first().is_none_or(|(next, _)| next > best) => Some(s.clone()),
        _ => None,
    };
    let mut diag = META
        .diagnostic(
            format!(
                "StatefulSet `{}` names `{name}` as its governing Service, and there is no Service `{name}` in namespace `{}`",
                o.name, o.namespace
            ),
            at,
            match &suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "no such Service".to_string(),
            },
        )
        .with_help(format!(
            "add a headless Service `{name}` (`clusterIP: None`) that selects the StatefulSet's pods"
        ));
    if let Some((_, n, _)) = d
        .services()
        .find(|(_, n, _)| n.name == name && n.namespace != o.namespace)
    {
        if let Some(span) = n.span {
            diag = diag.with_label(span, format!("this one is in namespace `{}`", n.namespace));
        }
    }
    if let Some(s) = suggestion {
        diag = diag.with_fix(Fix::replace_unsafe(format!("write `{s}`"), at, s));
    }
    diag
}

fn not_headless(
    cx: &DeploymentContext<'_>,
    o: &Object,
    name: &str,
    at: Span,
    obj: &Object,
    svc: &Service,
) -> Diagnostic {
    let mut diag = META.diagnostic(
        format!(
            "the governing Service `{name}` of StatefulSet `{}` is not headless",
            o.name
        ),
        at,
        "this Service has a cluster IP",
    );
    let (span, message) = if let Some(ip) = obj.at(&["spec", "clusterIP"]) {
        (ip.span, "a cluster IP, not `None`".to_string())
    } else if let Some(t) = obj.at(&["spec", "type"]).filter(|_| svc.service_type != "ClusterIP") {
        (t.span, format!("`type: {}` cannot be headless", svc.service_type))
    } else {
        (
            obj.key_at(&["spec"]).map_or(obj.span(), |k| k.span),
            "no `clusterIP: None`".to_string(),
        )
    };
    diag = diag.with_label(span, message);
    match headless_fix(cx, obj, svc) {
        Some(fix) => diag
            .with_help("make the Service headless with `clusterIP: None`; a Service's cluster IP cannot change in place, so delete and re-create it")
            .with_fix(fix),
        None => diag.with_help(format!(
            "keep `{name}` for access from outside and add a headless Service (`clusterIP: None`) with the same selector for the StatefulSet's `serviceName`"
        )),
    }
}

fn selects_others(
    cx: &DeploymentContext<'_>,
    o: &Object,
    name: &str,
    at: Span,
    svc_ix: NodeIndex,
    sts: NodeIndex,
    obj: &Object,
) -> Option<Diagnostic> {
    let d = cx.deployment;
    let selected = d.selected_by(svc_ix);
    let pods = d.targets(sts, "owns");
    if selected.is_empty() || pods.is_empty() || pods.iter().any(|p| selected.contains(p)) {
        return None;
    }
    let owner = match &d.node(selected[0]).data {
        NodeData::Pod(p) => p.owner.clone().unwrap_or_else(|| d.node(selected[0]).name.clone()),
        _ => d.node(selected[0]).name.clone(),
    };
    let mut diag = META
        .diagnostic(
            format!(
                "the governing Service `{name}` of StatefulSet `{}` does not select its pods",
                o.name
            ),
            at,
            "this Service selects other pods",
        )
        .with_help(format!(
            "make the selector of `{name}` match the labels of `{}`'s pod template, or name a Service that does",
            o.name
        ));
    if let Some(sel) = obj.at(&["spec", "selector"]) {
        diag = diag.with_label(sel.span, format!("selects the pods of `{owner}`"));
    }
    if let Some(labels) = o.at(&["spec", "template", "metadata", "labels"]) {
        diag = diag.with_label(labels.span, format!("the pods of `{}` are labelled here", o.name));
    }
    Some(diag)
}

#[cfg(test)]
mod tests {
    use super::names_pod_of;
    use crate::k8s::testing::line_col;
    use crate::lint::LintOptions;

    fn lint(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_named(files, &LintOptions::default()).diagnostics
    }

    fn hits(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        lint(files).into_iter().filter(|d| d.code == "SRS512").collect()
    }

    const EDGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");
    const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    #[test]
    fn the_seed_is_governed() {
        assert!(hits(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGE)]).is_empty());
        assert!(names_pod_of("srs-origin-12.socs.default", "srs-origin", "socs"));
        assert!(!names_pod_of("srs-origin-x.socs", "srs-origin", "socs"));
        assert!(!names_pod_of("srs-origin-1.other", "srs-origin", "socs"));
    }

    #[test]
    fn a_service_that_is_not_headless() {
        let origins = ORIGINS.replacen("  clusterIP: None\n", "", 1);
        let h = hits(&[("2-origin.yaml", &origins), ("3-edge.yaml", EDGE)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(
            h[0].message,
            "the governing Service `socs` of StatefulSet `srs-origin` is not headless"
        );
        assert_eq!(line_col(&origins, h[0].primary.span.start), (54, 16));
        assert_eq!(&origins[h[0].primary.span.range()], "\"socs\"");
        assert!(
            h[0].labels.iter().any(|l| l.message == "no `clusterIP: None`"),
            "{h:#?}"
        );
        assert!(
            h[0].labels
                .iter()
                .any(|l| l.message == "`srs-origin-0.socs:1985` needs that DNS name (and 5 more)"),
            "{h:#?}"
        );
        let fix = h[0].fix.as_ref().expect("fix");
        assert_eq!(fix.edits[0].replacement, "clusterIP: None\n  ");
        assert_eq!(line_col(&origins, fix.edits[0].span.start), (39, 3));
        // A written cluster IP is replaced.
        let ip = ORIGINS.replacen("clusterIP: None", "clusterIP: 10.0.0.10", 1);
        let h = hits(&[("2-origin.yaml", &ip)]);
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "None");
        // A LoadBalancer cannot be headless: no fix.
        let lb = ORIGINS.replacen("  clusterIP: None\n", "  type: LoadBalancer\n", 1);
        let h = hits(&[("2-origin.yaml", &lb)]);
        assert!(h[0].fix.is_none());
        assert!(h[0]
            .labels
            .iter()
            .any(|l| l.message == "`type: LoadBalancer` cannot be headless"));
    }

    #[test]
    fn a_missing_service_with_a_suggestion() {
        let origins = ORIGINS.replacen("serviceName: \"socs\"", "serviceName: \"scos\"", 1);
        let h = hits(&[("2-origin.yaml", &origins)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(h[0].primary.message, "did you mean `socs`?");
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "socs");
    }

    #[test]
    fn a_headless_service_of_other_pods() {
        let origins = ORIGINS.replacen(
            "  clusterIP: None\n  selector:\n    app: srs-origin",
            "  clusterIP: None\n  selector:\n    app: nginx-origin",
            1,
        );
        let h = hits(&[("2-origin.yaml", &origins)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0]
            .labels
            .iter()
            .any(|l| l.message == "selects the pods of `Deployment/nginx-origin-deploy`"));
    }

    #[test]
    fn a_statefulset_alone_is_not_reported() {
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  serviceName: h\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n    spec:\n      containers:\n        - name: c\n          image: nginx\n";
        assert!(hits(&[("s.yaml", sts)]).is_empty());
    }
}
