use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::graph::{HostUse, NodeData};
use crate::model::{Deployment, Resolution, Role};
use crate::source::Span;
use petgraph::graph::NodeIndex;

use super::coworker_unreachable::reach::{resolved, role_for, runs, server_at, used_words, Runs, Word};

pub static META: CheckMeta = CheckMeta {
    code: "SRS502",
    name: "unlisted-origin",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "A `coworkers` or edge `origin` list that names some pods of an origin StatefulSet but not all that `replicas` runs.",
    doc: doc_text(r#"## What it does
Finds drift after scaling up: a `coworkers` list of an origin-cluster origin, or an edge's `origin` list, that names some pods of a StatefulSet of origins (`srs-origin-0.socs`, `srs-origin-1.socs`) but not every pod its `replicas` runs (`srs-origin-2` is missing with `replicas: 3`). It points at the list and at the `replicas` line.

A coworker list may leave out the origin that reads it (SRS's sample configs stopped listing themselves in 4.0.186), so a pod is only missing from a list that some *other* pod reads; one ConfigMap shared by all origins that lists everyone is fine. Lists with a host that does not resolve are left to SRS501 and SRS307 until it does, and only pods named directly count (not a Service that selects them).

## Why is this bad?
An origin asks only the coworkers it lists where a stream is: players (and edges) that reach another origin for a stream published on the unlisted pod get an error instead of a redirect, for every stream that lands there, while the pod itself looks healthy. An edge fails over only to the origins it lists, in order: a pod added by scaling up is never one of them, so it takes no edge pulls or publishes first-hand, and does not help when the listed ones are down.

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
            coworkers srs-origin-0.socs:1985 srs-origin-1.socs:1985 srs-origin-2.socs:1985;
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
The fix keeps the list as written and adds the missing pods at its end, in the form its entries share (`srs-origin-N.socs:1985`); when the entries are written in different forms it only says which pods are missing.

## References
- `srs-semantics.md` §4 (coworkers, self-listing since 4.0.186), §5 (edge origin selection and failover); `srs-cluster-observed.md` rows 1-3, 7-8
- Kubernetes: StatefulSet pod identity (`<statefulset>-<ordinal>.<serviceName>`)
"#),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    if d.pods().next().is_none() {
        return;
    }
    let mut out = Vec::new();
    for usage in [HostUse::Coworker, HostUse::Origin] {
        for (list, holders) in lists(used_words(d, usage)) {
            // Unresolved words are SRS501's and SRS307's first.
            let unknown = list.iter().any(|w| {
                resolved(d, w.host) == Resolution::Unknown
                    && !cx.external_hosts.iter().any(|h| h == d.node(w.host).name)
            });
            if unknown {
                continue;
            }
            let holder_pods: Vec<NodeIndex> = holders.iter().filter_map(|&s| d.pod_of_server(s)).collect();
            // Pods named directly, grouped by their StatefulSet.
            let mut sets: Vec<(NodeIndex, Vec<(NodeIndex, &Word)>)> = Vec::new();
            for w in &list {
                let Resolution::Pod(pod) = resolved(d, w.host) else {
                    continue;
                };
                let Some(sts) = statefulset_of(d, pod) else {
                    continue;
                };
                match sets.iter_mut().find(|(s, _)| *s == sts) {
                    Some((_, named)) => named.push((pod, w)),
                    None => sets.push((sts, vec![(pod, w)])),
                }
            }
            for (sts, named) in sets {
                let pods = pods_by_ordinal(d, sts);
                // Coworkers name origins; an edge naming its own set is SRS505's.
                let fits = match usage {
                    HostUse::Coworker => named.iter().all(|(p, w)| runs_origin(d, *p, w.vhost)),
                    _ => !pods.iter().any(|p| holder_pods.contains(p)),
                };
                if !fits {
                    continue;
                }
                let missing: Vec<NodeIndex> = pods
                    .iter()
                    .copied()
                    .filter(|p| !named.iter().any(|(n, _)| n == p))
                    // A coworker list may leave out the origin reading it.
                    .filter(|p| usage != HostUse::Coworker || holder_pods.iter().any(|h| h != p))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                out.push(report(cx, usage, &list, &named, sts, &pods, &missing));
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

/// The lists, one per server and vhost, in order; those written in the same
/// place (pods running one config) merged, with every server that reads it.
fn lists(words: Vec<Word<'_>>) -> Vec<(Vec<Word<'_>>, Vec<NodeIndex>)> {
    // Hash maps keep this linear: a run may hold thousands of servers.
    let mut per_server: Vec<Vec<Word>> = Vec::new();
    let mut server_slot: crate::hash::HashMap<_, usize> = crate::hash::HashMap::default();
    for w in words {
        if let Some(&i) = server_slot.get(&(w.server, w.vhost)) {
            per_server[i].push(w);
        } else {
            server_slot.insert((w.server, w.vhost), per_server.len());
            per_server.push(vec![w]);
        }
    }
    let mut out: Vec<(Vec<Word>, Vec<NodeIndex>)> = Vec::new();
    let mut list_slot: crate::hash::HashMap<_, usize> = crate::hash::HashMap::default();
    for l in per_server {
        let server = l[0].server;
        if let Some(&i) = list_slot.get(&l[0].span) {
            out[i].1.push(server);
        } else {
            list_slot.insert(l[0].span, out.len());
            out.push((l, vec![server]));
        }
    }
    out
}

fn statefulset_of(d: &Deployment, pod: NodeIndex) -> Option<NodeIndex> {
    d.sources(pod, "owns")
        .into_iter()
        .find(|&o| d.node(o).object_kind() == Some("StatefulSet"))
}

fn pods_by_ordinal(d: &Deployment, sts: NodeIndex) -> Vec<NodeIndex> {
    let mut pods: Vec<(u32, NodeIndex)> = d
        .targets(sts, "owns")
        .into_iter()
        .filter_map(|p| match &d.node(p).data {
            NodeData::Pod(pod) => Some((pod.ordinal.unwrap_or(u32::MAX), p)),
            _ => None,
        })
        .collect();
    pods.sort();
    pods.into_iter().map(|(_, p)| p).collect()
}

fn runs_origin(d: &Deployment, pod: NodeIndex, vhost: Option<&str>) -> bool {
    match runs(d, pod) {
        Runs::Servers(servers) => servers
            .iter()
            .any(|&s| role_for(server_at(d, s), vhost) == Role::Origin),
        _ => false,
    }
}

/// The pod's own DNS label (`srs-origin-2`).
fn hostname(d: &Deployment, pod: NodeIndex) -> String {
    match &d.node(pod).data {
        NodeData::Pod(p) => p.hostname.as_deref().unwrap_or(&d.node(pod).name).to_string(),
        _ => d.node(pod).name.to_string(),
    }
}

/// What the list writes after each pod's name (`.socs:1985`), when every
/// entry writes the same.
fn shared_form(d: &Deployment, named: &[(NodeIndex, &Word)]) -> Option<String> {
    let mut form: Option<String> = None;
    for (pod, w) in named {
        let name = hostname(d, *pod).to_ascii_lowercase();
        let text = w.text.to_ascii_lowercase();
        let rest = text.strip_prefix(&name)?;
        if !rest.starts_with(['.', ':']) {
            return None;
        }
        // Keep the user's case in the shared part.
        let rest = &w.text[w.text.len() - rest.len()..];
        match &form {
            None => form = Some(rest.to_string()),
            Some(f) if f == rest => {}
            Some(_) => return None,
        }
    }
    form
}

fn report(
    cx: &DeploymentContext<'_>,
    usage: HostUse,
    list: &[Word<'_>],
    named: &[(NodeIndex, &Word)],
    sts: NodeIndex,
    pods: &[NodeIndex],
    missing: &[NodeIndex],
) -> crate::diagnostic::Diagnostic {
    let d = cx.deployment;
    let set = &d.node(sts).name;
    let first = list[0].span;
    let last = list[list.len() - 1].span;
    let span: Span = first.cover(last);
    let names: Vec<String> = missing.iter().map(|&p| format!("`{}`", d.node(p).name)).collect();
    let missing_text = match names.len() {
        1 => format!("{} is missing", names[0]),
        _ => format!(
            "{} and {} are missing",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    };
    let mut distinct_named: Vec<NodeIndex> = named.iter().map(|(p, _)| *p).collect();
    distinct_named.sort();
    distinct_named.dedup();
    let directive = match usage {
        HostUse::Coworker => "`coworkers` name",
        _ => "`origin` names",
    };
    // The missing pods, written the way the list writes its entries.
    let namespace = &d.node(list[0].server).namespace;
    let additions: Option<Vec<String>> = shared_form(d, named).and_then(|form| {
        missing
            .iter()
            .map(|&p| {
                let text = format!("{}{form}", hostname(d, p));
                (d.resolve(&text, namespace) == Resolution::Pod(p)).then_some(text)
            })
            .collect()
    });
    let mut diag = META.diagnostic(
        format!(
            "{directive} {} of the {} pods of `{set}`: {missing_text}",
            distinct_named.len(),
            pods.len()
        ),
        span,
        match &additions {
            Some(a) => format!(
                "add {}",
                a.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" ")
            ),
            None => format!("no {}", names.join(", ")),
        },
    );
    let sts_node = d.node(sts);
    let replicas = sts_node
        .object
        .and_then(|i| cx.objects.get(i))
        .and_then(|o| o.at(&["spec", "replicas"]))
        .map(|n| n.span)
        .or(sts_node.span);
    if let Some(at) = replicas {
        let last_pod = pods.last().map_or(String::new(), |&p| d.node(p).name.to_string());
        diag = diag.with_label(
            at,
            format!(
                "`{set}` runs {} pods: {} … {last_pod}",
                pods.len(),
                d.node(pods[0]).name
            ),
        );
    }
    diag = diag.with_note(match usage {
        HostUse::Coworker => format!(
            "an origin asks only the coworkers it lists where a stream is: players and edges that reach another origin for a stream published on {} get an error instead of a redirect",
            names.join(", ")
        ),
        _ => format!(
            "an edge pulls and publishes only through the origins it lists, moving to the next one after a failure: {} never takes this edge's pulls or publishes first-hand, and is no failover when the listed origins are down",
            names.join(", ")
        ),
    });
    match additions {
        Some(a) => {
            let insert = Span {
                file: last.file,
                start: last.end,
                end: last.end,
            };
            let text = format!(" {}", a.join(" "));
            diag = diag.with_fix(Fix::safe(
                format!(
                    "add {}",
                    a.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" ")
                ),
                vec![Edit {
                    span: insert,
                    replacement: text,
                }],
            ));
        }
        None => {
            diag = diag.with_help(format!(
                "list every pod of `{set}` here, and update the list whenever `replicas` changes"
            ));
        }
    }
    diag
}

#[cfg(test)]
mod tests {
    use super::super::coworker_unreachable::tests::{at, lint, EDGES, ORIGINS};
    use crate::diagnostic::apply_edits;

    fn hits(r: &crate::lint::LintResult) -> Vec<&crate::diagnostic::Diagnostic> {
        r.diagnostics.iter().filter(|d| d.code == "SRS502").collect()
    }

    fn scaled(replicas: u32) -> String {
        ORIGINS.replace("replicas: 3", &format!("replicas: {replicas}"))
    }

    #[test]
    fn the_fixed_seed_and_the_published_one_are_quiet() {
        let r = lint(&[("2-origin.yaml", ORIGINS), ("3-edge.yaml", EDGES)]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
        let published = [
            include_str!("../../../../fixtures/examples/seed-k8s/2-origin.yaml"),
            include_str!("../../../../fixtures/examples/seed-k8s/3-edge.yaml"),
        ];
        let r = lint(&[("2-origin.yaml", published[0]), ("3-edge.yaml", published[1])]);
        assert!(hits(&r).is_empty(), "{:#?}", hits(&r));
    }

    #[test]
    fn scaling_up_leaves_coworkers_and_origins_behind() {
        let origins = scaled(4);
        let r = lint(&[("2-origin.yaml", &origins), ("3-edge.yaml", EDGES)]);
        let h = hits(&r);
        assert_eq!(h.len(), 2, "{h:#?}");
        let co = h.iter().find(|d| d.message.starts_with("`coworkers`")).unwrap();
        assert_eq!(
            co.message,
            "`coworkers` name 3 of the 4 pods of `srs-origin`: `srs-origin-3` is missing"
        );
        let (line, col, text) = at(&r, co.primary.span);
        assert_eq!((line, col), (24, 29));
        assert_eq!(
            text,
            "srs-origin-0.socs:1985 srs-origin-1.socs:1985 srs-origin-2.socs:1985"
        );
        let (line, _, text) = at(&r, co.labels[0].span);
        assert_eq!((line, text.as_str()), (56, "4"));
        let fix = co.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Safe);
        let file = r.sources.get(fix.edits[0].span.file);
        let (fixed, _) = apply_edits(&file.text, &[&fix.edits[0]]);
        assert!(
            fixed.contains("srs-origin-2.socs:1985 srs-origin-3.socs:1985;"),
            "{fixed}"
        );

        let edge = h.iter().find(|d| d.message.starts_with("`origin`")).unwrap();
        assert_eq!(edge.fix.as_ref().unwrap().edits[0].replacement, " srs-origin-3.socs");
        // The fixed files are quiet.
        let r2 = lint(&[
            ("2-origin.yaml", &fixed),
            (
                "3-edge.yaml",
                &EDGES.replace("srs-origin-2.socs;", "srs-origin-2.socs srs-origin-3.socs;"),
            ),
        ]);
        assert!(hits(&r2).is_empty(), "{:#?}", hits(&r2));
    }

    #[test]
    fn leaving_self_out_is_fine_only_for_oneself() {
        // Shared config without pod 0: pods 1 and 2 cannot find pod 0's streams.
        let origins = ORIGINS.replace("srs-origin-0.socs:1985 ", "");
        let r = lint(&[("2-origin.yaml", &origins)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].message.ends_with("`srs-origin-0` is missing"));
        // One pod listing only itself has nobody to miss.
        let one = scaled(1).replace(" srs-origin-1.socs:1985 srs-origin-2.socs:1985", "");
        assert!(hits(&lint(&[("2-origin.yaml", &one)])).is_empty());
    }

    #[test]
    fn mixed_forms_get_help_not_a_fix_and_unknown_hosts_wait() {
        let origins = scaled(4).replace("srs-origin-1.socs:1985", "srs-origin-1.socs.default:1985");
        let r = lint(&[("2-origin.yaml", &origins)]);
        let h = hits(&r);
        assert_eq!(h.len(), 1, "{h:#?}");
        assert!(h[0].fix.is_none());
        assert!(h[0].help.is_some());
        let typo = scaled(4).replace("srs-origin-1.socs:1985", "srs-origin1.socs:1985");
        assert!(hits(&lint(&[("2-origin.yaml", &typo)])).is_empty());
        // A plain config builds no pods.
        let conf = "listen 1935;\nvhost v { cluster { origin_cluster on; coworkers a:1985; } }\n";
        assert!(hits(&lint(&[("o.conf", conf)])).is_empty());
    }
}
