use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS401",
    name: "yaml-syntax-error",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::None,
    summary: "A Kubernetes manifest is not valid YAML; kubectl and the API server refuse it.",
    doc: doc_text(
        r#"## What it does
Reads each manifest as a YAML stream and reports the first place where it stops being YAML: bad indentation, a tab used for indentation, an unclosed quote or bracket, a `:` where none may stand, an alias (`*name`) without its anchor or inside the node it names, and control characters or NUL bytes (a binary file). The documents before the error are still read and checked.

## Why is this bad?
`kubectl apply` refuses the whole file (`error converting YAML to JSON: yaml: line N: …`), so nothing in it is deployed, not even the documents before the error; in a GitOps pipeline (Argo CD, Flux) the sync fails. Everything srs-check would say about the SRS config in a ConfigMap of that file is moot until it parses.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: srs-origin
spec:
  selector:
    app: srs-origin
  ports: [{name: rtmp, port: 1935}, {name: http-api, port: 1985}
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
  ports: [{name: rtmp, port: 1935}, {name: http-api, port: 1985}]
```

## References
- YAML 1.2.2 specification: https://yaml.org/spec/1.2.2/
- Kubernetes, Managing objects with configuration files: https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/
"#,
    ),
};

#[cfg(test)]
mod tests {

    use crate::checks::kubernetes::yaml_codes;

    #[test]
    fn yaml_syntax_error_cases() {
        for text in [
            "a: [1, 2\nb: 3\n",
            "a: \"open\n",
            "a:\n\t- 1\n",
            "a: *nowhere\n",
            "a: &x [*x]\n",
            "a: 1\0\n",
            "kind: \x07Pod\n",
        ] {
            assert!(yaml_codes(text).contains(&"SRS401"), "{text:?}");
        }
    }
}
