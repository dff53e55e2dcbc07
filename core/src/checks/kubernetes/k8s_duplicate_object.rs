use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS407",
    name: "k8s-duplicate-object",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::None,
    summary: "Two Kubernetes objects of a manifest have the same kind, name and namespace.",
    doc: doc_text(
        r#"## What it does
Reports the second of two objects that are the same object to Kubernetes: the same API group, `kind`, namespace and `metadata.name` (an object without `metadata.namespace` is in the default namespace; a cluster-scoped one such as a PersistentVolume in none). The version does not matter: `apps/v1` and `apps/v1beta2` name the same Deployment.

## Why is this bad?
`kubectl apply` applies both in turn and the second silently replaces the first, so one of them is never deployed: often an SRS edge's ConfigMap copied from the origin's and not renamed, which then overwrites the origin's config. kustomize refuses the input (`may not add resource with an already registered id`), and Argo CD reports a `RepeatedResourceWarning`.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: srs
spec:
  selector:
    app: srs-origin
  ports:
    - port: 1935
---
apiVersion: v1
kind: Service
metadata:
  name: srs
spec:
  selector:
    app: srs-edge
  ports:
    - port: 1935
```

## Fix
```yaml
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
apiVersion: v1
kind: Service
metadata:
  name: srs-edge
spec:
  selector:
    app: srs-edge
  ports:
    - port: 1935
```

## References
- Object names and IDs (unique per kind and namespace): https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
- `kubectl apply`: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/
"#,
    ),
};

/// The object named at `span` is the one named at `first` again.
pub(crate) fn diagnostic(span: Span, first: Span, object: &str, namespace: &str, same_document: bool) -> Diagnostic {
    let place = if namespace.is_empty() {
        String::new()
    } else {
        format!(" in namespace `{namespace}`")
    };
    let mut d = META
        .diagnostic(
            format!("`{object}`{place} is defined twice"),
            span,
            "defined again here",
        )
        .with_label(first, "first defined here")
        .with_note(
            "`kubectl apply` applies both and the second silently replaces the first, so the first is never deployed.",
        )
        .with_help("Rename one of them, or delete the copy.");
    if same_document {
        d = d.with_note("Both come from the same `kind: List`.");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::checks::kubernetes::yaml_example;
    use crate::k8s::testing::{decode, found, line_col};

    #[test]
    fn k8s_duplicate_object_points_at_the_second_and_labels_the_first() {
        let text = yaml_example(META.doc, "Example");
        assert_eq!(
            found(&text, "SRS407"),
            [(
                14,
                9,
                "`Service/srs` in namespace `default` is defined twice".to_string()
            )]
        );
        let (_, diags) = decode(&text);
        assert_eq!(line_col(&text, diags[0].labels[0].span.start), (4, 9));
    }

    #[test]
    fn k8s_duplicate_object_identity() {
        let doc = |api: &str, kind: &str, name: &str, ns: &str| {
            let ns = if ns.is_empty() {
                String::new()
            } else {
                format!("\n  namespace: {ns}")
            };
            format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}{ns}\n")
        };
        let stream = |docs: &[String]| docs.join("---\n");
        // Same group, other version: the same object.
        let text = stream(&[
            doc("apps/v1", "Deployment", "srs", ""),
            doc("apps/v1beta2", "Deployment", "srs", ""),
        ]);
        assert_eq!(found(&text, "SRS407").len(), 1);
        // Explicit default namespace = implicit.
        let text = stream(&[doc("v1", "ConfigMap", "c", "default"), doc("v1", "ConfigMap", "c", "")]);
        assert_eq!(found(&text, "SRS407").len(), 1);
        // Cluster-scoped: the namespace does not matter.
        let text = stream(&[
            doc("v1", "PersistentVolume", "pv", "a"),
            doc("v1", "PersistentVolume", "pv", "b"),
        ]);
        assert_eq!(
            found(&text, "SRS407"),
            [(10, 9, "`PersistentVolume/pv` is defined twice".to_string())]
        );
        // Different kind, namespace or group: different objects.
        for other in [
            doc("v1", "Service", "srs", ""),
            doc("v1", "ConfigMap", "srs", "live"),
            doc("example.com/v1", "ConfigMap", "srs", ""),
        ] {
            let text = stream(&[doc("v1", "ConfigMap", "srs", ""), other]);
            assert!(found(&text, "SRS407").is_empty(), "{text}");
        }
        // Three copies: two reports, each labelling the first.
        let text = stream(&[
            doc("v1", "ConfigMap", "c", ""),
            doc("v1", "ConfigMap", "c", ""),
            doc("v1", "ConfigMap", "c", ""),
        ]);
        let (_, diags) = decode(&text);
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| line_col(&text, d.labels[0].span.start) == (4, 9)));
    }

    #[test]
    fn k8s_duplicate_object_in_a_list() {
        let text = "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n";
        let (_, diags) = decode(text);
        assert_eq!(
            found(text, "SRS407"),
            [(
                5,
                56,
                "`ConfigMap/c` in namespace `default` is defined twice".to_string()
            )]
        );
        assert_eq!(diags[0].notes.len(), 2);
    }
}
