use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::k8s::{Object, Typed};
use crate::labels::Labels;
use crate::model::graph::{Edge, NodeData};
use crate::model::pods::{POD_INDEX_LABEL, POD_NAME_LABEL};
use crate::model::{Deployment, Resolution};
use crate::source::Span;
use crate::yaml::{Node, ScalarStyle};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

pub static META: CheckMeta = CheckMeta {
    code: "SRS510",
    name: "service-selects-nothing",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A Service's selector matches no pod of the manifests.",
    doc: doc_text(
        r#"## What it does
Matches each Service's `selector` against the labels of every pod the manifests make, in the Service's namespace: the pod template's labels and those the StatefulSet controller adds (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`), so a Service that selects one StatefulSet pod by name is fine. A selector that matches no pod is an error, pointing at the label no pod has, with the pod label value (or key) a small edit away when there is one, and at where the closest workload's pods are labelled.

Services without a selector (their Endpoints are managed by hand) and `ExternalName` Services are not checked, nor is anything when the manifests make no pods at all. A selector that matches the pod template of a kind the model does not expand (a ReplicaSet, a Job, a custom workload) is taken as matching.

## Why is this bad?
A Service that selects no pod has no endpoints: connections to its cluster IP are refused, and a headless Service's name resolves to no address. Players and publishers using it fail, an edge whose `origin` is that Service cannot pull or forward any stream, and a StatefulSet's pods governed by it get no DNS names. Kubernetes accepts such a Service without a warning.

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
    vhost __defaultVhost__ {
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
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
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
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: Service
metadata:
  name: srs-edge-service
spec:
  selector:
    app: srs-egde
  ports:
    - name: rtmp
      port: 1935
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
    vhost __defaultVhost__ {
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
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
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
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
---
apiVersion: v1
kind: Service
metadata:
  name: srs-edge-service
spec:
  selector:
    app: srs-edge
  ports:
    - name: rtmp
      port: 1935
      targetPort: 1935
```
When exactly one label of the pods that have the selector's other labels is a small edit away, an unsafe fix writes it (the pods' labels might be the ones to change).

## References
- Kubernetes: Services (selectors, Services without selectors), StatefulSet pod labels (`statefulset.kubernetes.io/pod-name`)
- `srs-semantics.md` §5 (edges pull from and publish to their `origin`)
"#,
    ),
};

/// The label paths of pod templates, for kinds the model does not expand.
const TEMPLATE_LABELS: [&[&str]; 2] = [
    &["spec", "template", "metadata", "labels"],
    &["spec", "jobTemplate", "spec", "template", "metadata", "labels"],
];

/// Whether an object the model made no pods from has a pod template whose
/// labels carry the whole selector.
fn unexpanded_match(d: &Deployment, objects: &[Object], namespace: &str, selector: &Labels) -> bool {
    let mut expanded = vec![false; objects.len()];
    for (ix, n) in d.nodes() {
        if let Some(i) = n.object {
            if i < expanded.len() {
                expanded[i] = matches!(n.data, NodeData::Pod(_)) || !d.targets(ix, "owns").is_empty();
            }
        }
    }
    objects.iter().enumerate().any(|(i, o)| {
        if expanded[i] || o.namespace != namespace {
            return false;
        }
        let pod_labels: &[&[&str]] = if o.kind == "Pod" {
            &[&["metadata", "labels"]]
        } else {
            &TEMPLATE_LABELS
        };
        pod_labels.iter().filter_map(|p| o.at(p)).any(|labels| {
            selector
                .iter()
                .all(|(k, v)| labels.get(k).and_then(|n| n.as_str()) == Some(v))
        })
    })
}

/// A pod the selector could have meant, and the one label to change.
struct Near {
    pod: NodeIndex,
    /// The selector entry no pod with the other labels has.
    key: String,
    /// What to write instead: (key, value), one of them changed.
    suggestion: Option<(String, String)>,
}

fn pod_labels(d: &Deployment, pod: NodeIndex) -> &Labels {
    static EMPTY: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(Labels::new);
    match &d.node(pod).data {
        NodeData::Pod(p) => &p.labels,
        _ => &EMPTY,
    }
}

/// The selector entry to point at, and a label a small edit away from it.
fn nearest(d: &Deployment, pods: &[NodeIndex], selector: &Labels) -> (String, Option<Near>) {
    let score = |p: NodeIndex| {
        let labels = pod_labels(d, p);
        selector.iter().filter(|(k, v)| labels.get(k) == Some(*v)).count()
    };
    let allowed = |s: &str| (s.len() / 5).clamp(1, 2);
    // For each entry, the pods that have every other entry: one label away.
    for (key, value) in selector {
        let others = |p: &NodeIndex| {
            let labels = pod_labels(d, *p);
            selector.iter().all(|(k, v)| k == key || labels.get(k) == Some(v))
        };
        let mut close: Vec<(usize, NodeIndex, String, String)> = Vec::new();
        for &p in pods.iter().filter(|p| others(p)) {
            for (k, v) in pod_labels(d, p) {
                let dist = if k == key {
                    strsim::damerau_levenshtein(v, value)
                } else if v == value {
                    strsim::damerau_levenshtein(k, key)
                } else {
                    continue;
                };
                let limit = if k == key { allowed(value) } else { allowed(key) };
                if dist > 0 && dist <= limit {
                    close.push((dist, p, k.to_string(), v.to_string()));
                }
            }
        }
        if let Some(best) = close.iter().map(|c| c.0).min() {
            let mut at_best: Vec<&(usize, NodeIndex, String, String)> = close.iter().filter(|c| c.0 == best).collect();
            let first_pod = at_best[0].1;
            at_best.sort_by(|a, b| (&a.2, &a.3).cmp(&(&b.2, &b.3)));
            at_best.dedup_by(|a, b| a.2 == b.2 && a.3 == b.3);
            let suggestion = (at_best.len() == 1).then(|| (at_best[0].2.clone(), at_best[0].3.clone()));
            return (
                key.to_string(),
                Some(Near {
                    pod: first_pod,
                    key: key.to_string(),
                    suggestion,
                }),
            );
        }
    }
    // No label is a small edit away: the pod with the most of the selector.
    let best = pods.iter().copied().max_by_key(|&p| (score(p), std::cmp::Reverse(p)));
    let missing = |p: NodeIndex| {
        let labels = pod_labels(d, p);
        selector
            .iter()
            .find(|(k, v)| labels.get(k) != Some(*v))
            .map(|(k, _)| k.to_string())
    };
    match best.filter(|&p| score(p) > 0) {
        Some(p) => {
            let key = missing(p).unwrap_or_default();
            (
                key.clone(),
                Some(Near {
                    pod: p,
                    key,
                    suggestion: None,
                }),
            )
        }
        None => (selector.keys().next().unwrap_or_default().to_string(), None),
    }
}

/// A YAML scalar for a label key or value, in the style `old` was written.
fn scalar(old: Node<'_>, text: &str) -> String {
    let style = old.as_scalar().map(|s| s.style);
    let plain_ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null"
        );
    match style {
        Some(ScalarStyle::SingleQuoted) => format!("'{text}'"),
        Some(ScalarStyle::DoubleQuoted) => format!("\"{text}\""),
        _ if plain_ok => text.to_string(),
        _ => format!("\"{text}\""),
    }
}

/// Where a pod's labels are written: its workload's template (or the Pod).
fn label_spans(d: &Deployment, objects: &[Object], pod: NodeIndex, key: &str) -> Option<(String, Span)> {
    let owner = d.sources(pod, "owns").into_iter().next().unwrap_or(pod);
    let o = objects.get(d.node(owner).object?)?;
    let labels = if matches!(o.typed, Typed::Pod(_)) {
        o.at(&["metadata", "labels"])
    } else {
        o.at(TEMPLATE_LABELS[0])
    };
    let who = match &d.node(pod).data {
        NodeData::Pod(p) => p.owner.as_ref().map_or_else(|| o.display_name(), ToString::to_string),
        _ => o.display_name(),
    };
    let all = pod_labels(d, pod)
        .iter()
        .filter(|(k, _)| !k.contains(".kubernetes.io/"))
        .map(|(k, v)| format!("`{k}: {v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(v) = labels.and_then(|l| l.get(key)) {
        return Some((
            format!("pods of `{who}` have `{key}: {}`", v.as_str().unwrap_or("")),
            v.span,
        ));
    }
    let span = labels.map_or(o.at(&["metadata", "name"]).map_or(o.span(), |n| n.span), |l| l.span);
    Some((format!("pods of `{who}` are labelled {all}"), span))
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    if d.pods().next().is_none() {
        return;
    }
    let mut out = Vec::new();
    for (svc_ix, node, svc) in d.services() {
        if svc.selector.is_empty() || svc.service_type == "ExternalName" || !d.selected_by(svc_ix).is_empty() {
            continue;
        }
        let Some(obj) = node.object.and_then(|i| cx.objects.get(i)) else {
            continue;
        };
        if unexpanded_match(d, cx.objects, &node.namespace, &svc.selector) {
            continue;
        }
        let Some(selector_node) = obj.at(&["spec", "selector"]) else {
            continue;
        };
        out.push(report(
            cx,
            svc_ix,
            &node.name,
            &node.namespace,
            &svc.selector,
            obj,
            selector_node,
        ));
    }
    for d in out {
        cx.report(d);
    }
}

fn report(
    cx: &DeploymentContext<'_>,
    svc_ix: NodeIndex,
    name: &str,
    namespace: &str,
    selector: &Labels,
    obj: &Object,
    selector_node: Node<'_>,
) -> Diagnostic {
    let d = cx.deployment;
    let here: Vec<NodeIndex> = d
        .pods()
        .filter(|(_, n, _)| n.namespace == namespace)
        .map(|(ix, _, _)| ix)
        .collect();
    let shown = selector
        .iter()
        .map(|(k, v)| format!("`{k}: {v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (key, near) = nearest(d, &here, selector);
    let entry = selector_node
        .entries()
        .iter()
        .find(|(k, _)| k.as_str() == Some(key.as_str()));
    let primary = entry.map_or(selector_node.span, |(_, v)| v.span);
    let suggestion = near.as_ref().and_then(|n| n.suggestion.clone());
    let label = match &suggestion {
        Some((k, v)) if *k == key => format!("did you mean `{v}`?"),
        Some((k, _)) => format!("did you mean `{k}`?"),
        None if selector.len() == 1 => "no pod has this label".to_string(),
        None => "no pod that has the other labels has this one".to_string(),
    };
    let message = if selector.len() == 1 {
        format!("Service `{name}` selects no pod: no pod in namespace `{namespace}` is labelled {shown}")
    } else {
        format!("Service `{name}` selects no pod: no pod in namespace `{namespace}` has all of {shown}")
    };
    let mut diag = META.diagnostic(message, primary, label).with_note(
        "a Service that selects no pod has no endpoints: connections to it are refused (a headless Service's name resolves to no address), so players, publishers and edges that use it fail",
    );
    // Labels the controller adds are written nowhere: the `replicas` label below says more.
    let controller_label = key == POD_NAME_LABEL || key == POD_INDEX_LABEL;
    if let Some(n) = near.as_ref().filter(|_| !controller_label) {
        if let Some((message, span)) = label_spans(d, cx.objects, n.pod, &n.key) {
            diag = diag.with_label(span, message);
        }
    }
    // A pod name past the StatefulSet's replicas.
    let mut help = None;
    if let Some(value) = selector.get(POD_NAME_LABEL).filter(|_| suggestion.is_none()) {
        if let Some((set, _)) = value.rsplit_once('-') {
            if let Some(sts) = cx
                .objects
                .iter()
                .find(|o| o.kind == "StatefulSet" && o.name == set && o.namespace == namespace)
            {
                if let Some(r) = sts.at(&["spec", "replicas"]) {
                    let n = r.as_str().and_then(|n| n.parse::<u32>().ok()).unwrap_or(1);
                    diag = diag.with_label(
                        r.span,
                        format!("`{set}` runs {n} pods: {set}-0 … {set}-{}", n.saturating_sub(1)),
                    );
                    help = Some(format!(
                        "select a pod that exists ({set}-0 … {set}-{}), or scale `{set}` up",
                        n.saturating_sub(1)
                    ));
                }
            }
        }
    }
    // Pods with these labels in another namespace.
    let elsewhere = d
        .pods()
        .filter(|(_, n, p)| n.namespace != namespace && selector.iter().all(|(k, v)| p.labels.get(k) == Some(v)))
        .map(|(_, n, _)| n.namespace.clone())
        .next();
    if let Some(ns) = &elsewhere {
        let at = obj
            .at(&["metadata", "namespace"])
            .or(obj.at(&["metadata", "name"]))
            .map_or(obj.span(), |n| n.span);
        diag = diag.with_label(at, format!("pods with these labels run in namespace `{ns}`"));
    }
    // SRS configs that connect to this Service.
    let mention = d
        .graph
        .edge_references()
        .filter(|e| matches!(e.weight(), Edge::Names(_)))
        .find(
            |e| matches!(&d.node(e.target()).data, NodeData::HostName(h) if h.resolved == Resolution::Service(svc_ix)),
        );
    if let Some(e) = mention {
        if let Edge::Names(m) = e.weight() {
            diag = diag.with_label(m.span, format!("SRS connects to `{}`, which has no endpoints", m.text));
        }
    }
    let help = help.unwrap_or_else(|| match &elsewhere {
        Some(ns) => format!(
            "a Service selects pods of its own namespace only: put it in namespace `{ns}`, or the workload in `{namespace}`"
        ),
        None => "make the selector match the labels of the pod template (`kubectl get pods -l <selector>` should list the pods)".to_string(),
    });
    diag = diag.with_help(help);
    if let Some((k, v)) = &suggestion {
        if let Some((key_node, value_node)) = entry {
            diag = if *k == key {
                diag.with_fix(Fix::replace_unsafe(
                    format!("select `{k}: {v}`"),
                    value_node.span,
                    scalar(value_node, v),
                ))
            } else {
                diag.with_fix(Fix::replace_unsafe(
                    format!("select `{k}: {v}`"),
                    key_node.span,
                    scalar(key_node, k),
                ))
            };
        }
    }
    diag
}

#[cfg(test)]
mod tests {
    use crate::k8s::testing::line_col;
    use crate::lint::LintOptions;

    fn hits(files: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_named(files, &LintOptions::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SRS510")
            .collect()
    }

    const EDGE: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml");
    const ORIGINS: &str = include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml");

    #[test]
    fn the_seed_selects_its_pods_including_by_pod_name() {
        assert!(hits(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGE)]).is_empty());
    }

    #[test]
    fn a_typo_in_the_selector_is_found_with_a_suggestion() {
        let edge = EDGE.replacen("  selector:\n    app: srs-edge", "  selector:\n    app: srs-egde", 1);
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(
            h[0].message,
            "Service `srs-edge-service` selects no pod: no pod in namespace `default` is labelled `app: srs-egde`"
        );
        assert_eq!(h[0].primary.message, "did you mean `srs-edge`?");
        assert_eq!(line_col(&edge, h[0].primary.span.start), (69, 10));
        let fix = h[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "srs-edge");
        assert_eq!(
            h[0].labels[0].message,
            "pods of `Deployment/srs-edge-deploy` have `app: srs-edge`"
        );
    }

    #[test]
    fn a_pod_name_past_replicas() {
        let origins = ORIGINS.replace("pod-name: srs-origin-0", "pod-name: srs-origin-7");
        let h = hits(&[("2-origin.yaml", &origins)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(
            h[0].labels
                .iter()
                .any(|l| l.message == "`srs-origin` runs 3 pods: srs-origin-0 … srs-origin-2"),
            "{h:#?}"
        );
        assert!(h[0].fix.is_none(), "three pods are as close");
    }

    #[test]
    fn two_labels_one_wrong_and_a_key_typo() {
        let edge = EDGE.replacen("  selector:\n    app: srs-edge", "  selector:\n    ap: srs-edge", 1);
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h[0].primary.message, "did you mean `app`?");
        let edge = EDGE.replacen(
            "  selector:\n    app: srs-edge",
            "  selector:\n    app: srs-edge\n    tier: edge",
            1,
        );
        let h = hits(&[("3-edge.yaml", &edge)]);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(h[0].primary.message, "no pod that has the other labels has this one");
        assert_eq!(&edge[h[0].primary.span.range()], "edge");
    }

    #[test]
    fn no_selector_no_pods_other_namespaces_and_unexpanded_kinds() {
        let manual = EDGE.replacen("  selector:\n    app: srs-edge\n  ports:", "  ports:", 1);
        assert!(hits(&[("3-edge.yaml", &manual)]).is_empty());
        let only_service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: x\n  ports:\n    - port: 1\n";
        assert!(hits(&[("s.yaml", only_service)]).is_empty());
        let other_ns = EDGE.replacen(
            "metadata:\n  name: srs-edge-service\n",
            "metadata:\n  name: srs-edge-service\n  namespace: live\n",
            1,
        );
        let h = hits(&[("3-edge.yaml", &other_ns)]);
        assert_eq!(h.len(), 1);
        assert!(h[0]
            .labels
            .iter()
            .any(|l| l.message == "pods with these labels run in namespace `default`"));
        let rs = format!(
            "{EDGE}---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: rs\nspec:\n  selector:\n    matchLabels:\n      app: y\n  template:\n    metadata:\n      labels:\n        app: y\n    spec:\n      containers:\n        - name: c\n          image: nginx\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: y\nspec:\n  selector:\n    app: y\n  ports:\n    - port: 80\n",
        );
        assert!(hits(&[("3-edge.yaml", &rs)]).is_empty());
    }
}
