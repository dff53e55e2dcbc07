use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS402",
    name: "yaml-duplicate-key",
    severity: Severity::Warning,
    category: Category::Kubernetes,
    fix: FixKind::None,
    summary: "A YAML mapping in a Kubernetes manifest has the same key twice.",
    doc: doc_text(
        r#"## What it does
Reports a key that appears twice in one YAML mapping. Keys are compared the way Kubernetes reads them: plain scalars by their YAML 1.1 value (`on` and `true` are the same key), quoted ones by their text. Merge keys (`<<`) are not compared.

## Why is this bad?
Which value wins depends on how the file is applied. With `kubectl apply --validate=strict` (server-side field validation) the API server fails the request with a `duplicate field` error; with `--validate=warn` it warns and keeps the last value; with `--validate=false` and with clients that skip validation the last value wins silently. The same manifest can deploy one SRS image from one pipeline and fail in another. Usually one of the two was meant to be deleted when the other was added.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-origin
spec:
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
          image: ossrs/srs:5
          ports:
            - containerPort: 1935
          image: ossrs/srs:6
```

## Fix
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs-origin
spec:
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
          ports:
            - containerPort: 1935
```

## References
- Kubernetes API concepts, Field validation: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
- `kubectl apply --validate`: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/
- YAML 1.2.2 specification, 3.2.1.1 Nodes (mapping keys are unique): https://yaml.org/spec/1.2.2/#3211-nodes
"#,
    ),
};

#[cfg(test)]
mod tests {

    use crate::checks::kubernetes::yaml_codes;

    #[test]
    fn yaml_duplicate_key_cases() {
        assert_eq!(yaml_codes("a: 1\nb: 2\na: 3\n"), ["SRS402"]);
        assert_eq!(yaml_codes("{a: 1, \"a\": 2}"), ["SRS402"]);
        // YAML 1.1: both are the boolean true.
        assert_eq!(yaml_codes("on: 1\ntrue: 2\n"), ["SRS402"]);
        assert!(yaml_codes("a: 1\nb: {a: 2}\n").is_empty());
        assert!(yaml_codes("<<: {a: 1}\n<<: {b: 2}\n").is_empty());
        assert!(yaml_codes("a: 1\n---\na: 2\n").is_empty());
    }
}
