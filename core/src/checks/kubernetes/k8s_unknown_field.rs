use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS404",
    name: "k8s-unknown-field",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::Sometimes,
    summary: "A Kubernetes object has a field its kind does not have where it stands (a typo or wrong indentation).",
    doc: doc_text(
        r#"## What it does
Reads each ConfigMap, Service, Pod, Deployment, StatefulSet, DaemonSet, PersistentVolume, PersistentVolumeClaim and Namespace with the Kubernetes API's own types (k8s-openapi, Kubernetes 1.37) and reports every key that is not a field at its place, like `kubeconform -strict`: a misspelled field (`containerport`, `imagePullPolcy`), or a right one at the wrong indentation (`ports` under `volumeMounts`). When a field of the same object is close in spelling, it is suggested. Other kinds are not checked.

## Why is this bad?
`kubectl apply` validates strictly by default and refuses the object with `strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy"`. Clients that do not validate (`--validate=false`, many CI tools and operators) send it anyway, and the API server drops the field silently: the setting you wrote never takes effect. A misspelled `containerPort` leaves the port undeclared, a misplaced `readinessProbe` leaves the pod without one, and the SRS origin looks deployed while it is not what the file says.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-edge
spec:
  selector:
    matchLabels:
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerport: 1935
```

## Fix
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-edge
spec:
  selector:
    matchLabels:
      app: srs-edge
  template:
    metadata:
      labels:
        app: srs-edge
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
          ports:
            - containerPort: 1935
```

## References
- Kubernetes API concepts, Field validation: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
- `kubectl explain` (the fields of each kind): https://kubernetes.io/docs/reference/kubectl/generated/kubectl_explain/
- kubeconform `-strict`: https://github.com/yannh/kubeconform
"#,
    ),
};

/// `field` is no field of the object at `parent` (a display path).
/// `suggestion`: a close field name, and the key's span when a fix may
/// replace it.
pub(crate) fn diagnostic(
    span: Span,
    field: &str,
    parent: &str,
    explain: &str,
    suggestion: Option<(&str, Option<Span>)>,
) -> Diagnostic {
    let place = if parent == "(the object)" {
        "at the top of the object".to_string()
    } else {
        format!("in `{parent}`")
    };
    let mut d = META
        .diagnostic(format!("unknown field `{field}` {place}"), span, "not a field here")
        .with_note("`kubectl apply` refuses the object (strict field validation is its default); clients that do not validate send it, and the API server drops the field silently, so this setting never takes effect.");
    match suggestion {
        Some((name, fix_span)) => {
            d = d.with_help(format!("did you mean `{name}`?"));
            if let Some(fix_span) = fix_span {
                d = d.with_fix(Fix::replace_unsafe(format!("rename it to `{name}`"), fix_span, name));
            }
        }
        None => {
            d = d.with_help(format!(
                "Check the spelling and the indentation: a field one level too deep or too shallow is unknown where it stands. `kubectl explain {explain}` lists the fields here."
            ));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::checks::kubernetes::yaml_example;
    use crate::k8s::testing::{decode, found, text_of};

    #[test]
    fn k8s_unknown_field_points_at_the_key_and_suggests() {
        let text = yaml_example(META.doc, "Example");
        let (_, diags) = decode(&text);
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(
            d.message,
            "unknown field `containerport` in `spec.template.spec.containers[0].ports[0]`"
        );
        assert_eq!(text_of(&text, d), "containerport");
        assert_eq!(d.help.as_deref(), Some("did you mean `containerPort`?"));
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "containerPort");
        assert_eq!(found(&text, "SRS404"), [(18, 15, d.message.clone())]);
    }

    #[test]
    fn k8s_unknown_field_cases() {
        // Top level, nested in metadata, in a Service port; no suggestion.
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  lables: {a: b}\nspec:\n  ports:\n    - port: 80\n      nodeport: 30080\nextra: 1\n";
        let f = found(text, "SRS404");
        assert_eq!(
            f,
            [
                (5, 3, "unknown field `lables` in `metadata`".to_string()),
                (9, 7, "unknown field `nodeport` in `spec.ports[0]`".to_string()),
                (10, 1, "unknown field `extra` at the top of the object".to_string()),
            ]
        );
        let (_, diags) = decode(text);
        let helps: Vec<_> = diags.iter().map(|d| d.help.clone().unwrap()).collect();
        assert_eq!(helps[0], "did you mean `labels`?");
        assert_eq!(helps[1], "did you mean `nodePort`?");
        assert!(
            helps[2].contains("`kubectl explain service` lists the fields here"),
            "{}",
            helps[2]
        );
        // A field set already is no suggestion: `name` is there.
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  nmae: d\n";
        let (_, diags) = decode(text);
        assert!(diags[0].help.as_deref().unwrap().starts_with("Check the spelling"));

        // Wrong indentation: `ports` under the volume mount.
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: srs\n      volumeMounts:\n        - name: c\n          mountPath: /c\n          ports: []\n";
        assert_eq!(
            found(text, "SRS404"),
            [(
                11,
                11,
                "unknown field `ports` in `spec.containers[0].volumeMounts[0]`".to_string()
            )]
        );
    }

    #[test]
    fn k8s_unknown_field_no_false_positives() {
        // Nulls, empty maps and lists, int-or-string, quantities, status,
        // timestamps, merge keys, opaque and defaulted fields.
        let text = r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: srs
  creationTimestamp: null
  annotations: {}
  labels: &labels
    app: srs
spec:
  serviceName: srs
  replicas: 3.0
  selector:
    matchLabels: *labels
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 50%
  template:
    metadata:
      labels:
        <<: *labels
        tier: origin
    spec:
      volumes:
        - name: cache
          emptyDir: {}
      containers:
        - name: srs
          image: ossrs/srs:6
          env: []
          resources:
            limits: {cpu: 2, memory: 1Gi}
            requests:
              cpu: 500m
              memory: 1.5e9
          readinessProbe:
            httpGet: {path: /api/v1/versions, port: 1985}
          ports:
            - {containerPort: 1935, protocol: TCP}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 1Gi
status:
  replicas: 0
  availableReplicas: 0
"#;
        let (objects, diags) = decode(text);
        assert!(diags.is_empty(), "{diags:#?}");
        assert!(matches!(objects[0].typed, crate::k8s::Typed::StatefulSet(_)));
    }
}
