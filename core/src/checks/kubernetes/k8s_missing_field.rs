use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS406",
    name: "k8s-missing-field",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::None,
    summary: "A Kubernetes object has no `apiVersion`, `kind` or `metadata.name`.",
    doc: doc_text(
        r#"## What it does
Reports an object of a manifest without `apiVersion`, without `kind`, or without `metadata.name` (or with an empty one), of any kind. An object with `metadata.generateName` needs no name. The items of a `kind: List` are objects too; the list itself needs no name.

## Why is this bad?
Kubernetes needs `apiVersion` and `kind` to know what an object is and `metadata.name` to know which one it is: `kubectl apply` refuses the file (`error validating data: [apiVersion not set, kind not set]`, `resource name may not be empty`), so nothing in it is deployed. A missing `kind` or `apiVersion` is often a `---` put one line too low, which cuts an object in two.

## Example
```yaml
kind: Service
metadata:
  name: srs-origin
spec:
  selector:
    app: srs-origin
  ports:
    - name: rtmp
      port: 1935
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
    - name: rtmp
      port: 1935
```

## References
- Kubernetes objects, required fields: https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields
- Object names: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
"#,
    ),
};

/// `missing` (`apiVersion`, `kind`, `metadata.name`) are missing from one
/// object; `kind` when it is known, for the help.
pub(crate) fn diagnostic(span: Span, label: &str, missing: &[&str], kind: Option<&str>) -> Diagnostic {
    let list = missing
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let what = kind.map_or_else(|| "this object".to_string(), |k| format!("this {k}"));
    let mut d = META
        .diagnostic(format!("{what} has no {list}"), span, label)
        .with_note("Kubernetes needs `apiVersion` and `kind` to know what an object is and `metadata.name` to know which one; `kubectl apply` refuses the file.");
    let api_version = kind.and_then(api_version_of);
    d = match (missing.contains(&"apiVersion"), api_version) {
        (true, Some(v)) => d.with_help(format!("Add `apiVersion: {v}` (the version of a {}).", kind.unwrap_or_default())),
        (true, None) => d.with_help("Add the `apiVersion` of the kind: `kubectl api-resources` lists them."),
        (false, _) if missing.contains(&"kind") => d.with_help("Add the object's `kind` (`Deployment`, `Service`, `ConfigMap`, …); check that a `---` did not cut the object in two."),
        _ => d.with_help("Add `metadata.name`: a lowercase DNS name such as `srs-origin`."),
    };
    d
}

/// The `apiVersion` of common kinds.
fn api_version_of(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "ConfigMap"
        | "Secret"
        | "Service"
        | "Pod"
        | "PersistentVolume"
        | "PersistentVolumeClaim"
        | "Namespace"
        | "ServiceAccount"
        | "Endpoints" => "v1",
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => "apps/v1",
        "Job" | "CronJob" => "batch/v1",
        "Ingress" | "NetworkPolicy" | "IngressClass" => "networking.k8s.io/v1",
        "HorizontalPodAutoscaler" => "autoscaling/v2",
        "PodDisruptionBudget" => "policy/v1",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::checks::kubernetes::yaml_example;
    use crate::k8s::testing::{decode, found};
    use crate::k8s::Typed;

    #[test]
    fn k8s_missing_field_cases() {
        let text = yaml_example(META.doc, "Example");
        assert_eq!(
            found(&text, "SRS406"),
            [(1, 1, "this Service has no `apiVersion`".to_string())]
        );
        let (objects, diags) = decode(&text);
        assert_eq!(
            diags[0].help.as_deref(),
            Some("Add `apiVersion: v1` (the version of a Service).")
        );
        assert_eq!(objects[0].typed, Typed::Invalid);

        // A `---` one line too low: the first half has no kind, the
        // second no apiVersion and no name.
        let text = "apiVersion: apps/v1\n---\nkind: Deployment\nspec:\n  replicas: 1\n";
        assert_eq!(
            found(text, "SRS406"),
            [
                (1, 1, "this object has no `kind` and `metadata.name`".to_string()),
                (
                    3,
                    1,
                    "this Deployment has no `apiVersion` and `metadata.name`".to_string()
                ),
            ]
        );

        // No name, an empty name, a null name; generateName is enough.
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ''\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: srs-bench-\n";
        assert_eq!(
            found(text, "SRS406"),
            [
                (3, 1, "this ConfigMap has no `metadata.name`".to_string()),
                (9, 9, "this ConfigMap has no `metadata.name`".to_string()),
                (14, 3, "this ConfigMap has no `metadata.name`".to_string()),
            ]
        );
    }

    #[test]
    fn k8s_missing_field_lists() {
        // A List needs no name; its items do.
        let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {}\n";
        assert_eq!(
            found(text, "SRS406"),
            [(9, 5, "this ConfigMap has no `metadata.name`".to_string())]
        );
        let (objects, _) = decode(text);
        assert_eq!(objects.len(), 2);
    }
}
