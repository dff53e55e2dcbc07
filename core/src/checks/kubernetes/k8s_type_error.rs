use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS405",
    name: "k8s-type-error",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::Sometimes,
    summary: "A value in a Kubernetes object has the wrong type, such as a ConfigMap value that YAML 1.1 reads as a boolean or a number.",
    doc: doc_text(r#"## What it does
Reads each ConfigMap, Service, Pod, Deployment, StatefulSet, DaemonSet, PersistentVolume, PersistentVolumeClaim and Namespace with the Kubernetes API's own types (k8s-openapi, Kubernetes 1.37) and reports every value of the wrong type: a list where a mapping belongs, text where a number belongs, and above all a plain `on`, `off`, `yes`, `no`, `8080` or `0755` where a string belongs. It reads YAML the way Kubernetes does, by YAML 1.1 rules, in which those plain words are booleans and numbers. Every value of a ConfigMap's `data` must be a string. For any object, `apiVersion`, `kind` and `metadata.name` must be strings, and a YAML document must be a mapping.

## Why is this bad?
The API server refuses the whole object (`json: cannot unmarshal bool into Go struct field ConfigMap.data of type string`), so nothing in it is deployed. The trap is that the file looks right: an SRS setting passed through a ConfigMap as `SRS_DAEMON: off` or an environment variable `value: 1935` reads as text to a person and to YAML 1.2 tools, but `kubectl` reads it as a boolean or a number.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-env
data:
  SRS_LISTEN: 1935
  SRS_DAEMON: off
  SRS_HTTP_API_ENABLED: on
```

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-env
data:
  SRS_LISTEN: "1935"
  SRS_DAEMON: "off"
  SRS_HTTP_API_ENABLED: "on"
```

## References
- ConfigMap (`data` holds strings): https://kubernetes.io/docs/concepts/configuration/configmap/
- YAML 1.1 booleans (`y`, `yes`, `on`, …): https://yaml.org/type/bool.html
- sigs.k8s.io/yaml, the YAML reader of kubectl and the API server: https://github.com/kubernetes-sigs/yaml
- SRS configuration by environment variables: https://ossrs.io/lts/en-us/docs/v6/doc/config
"#),
};

const YAML11_NOTE: &str = "Kubernetes reads YAML 1.1: unquoted `on`, `off`, `yes`, `no`, `y`, `n`, `true` and `false` are booleans, and unquoted `1935`, `0755` (octal) and `1.5` are numbers.";

/// A ConfigMap `data` value that is not a string to Kubernetes.
/// `quote_span`: where a fix may put the quotes.
pub(crate) fn configmap_value(
    span: Span,
    key: &str,
    text: &str,
    meaning: &str,
    quote_span: Option<Span>,
) -> Diagnostic {
    let quoted = quote(text);
    let d = META
        .diagnostic(
            format!("ConfigMap value `{key}` is {meaning} to Kubernetes, not a string: the API server refuses the ConfigMap"),
            span,
            format!("not a string: write {quoted}"),
        )
        .with_note(YAML11_NOTE)
        .with_note("Every value of a ConfigMap's `data` must be a string; `kubectl apply` fails with `json: cannot unmarshal … into Go struct field ConfigMap.data of type string` and nothing in the ConfigMap is deployed.");
    with_quote_fix(d, text, quote_span)
}

/// A plain scalar that YAML 1.1 made a boolean or number where a string
/// belongs.
pub(crate) fn yaml11_string(span: Span, path: &str, text: &str, meaning: &str, quote_span: Option<Span>) -> Diagnostic {
    let quoted = quote(text);
    let d = META
        .diagnostic(
            format!("`{path}` must be a string, but Kubernetes reads `{text}` as {meaning}"),
            span,
            format!("not a string: write {quoted}"),
        )
        .with_note(YAML11_NOTE)
        .with_note("The API server refuses the object, so nothing in it is deployed.");
    with_quote_fix(d, text, quote_span)
}

fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn with_quote_fix(d: Diagnostic, text: &str, quote_span: Option<Span>) -> Diagnostic {
    let quoted = quote(text);
    match quote_span {
        Some(span) => d.with_fix(Fix::replace(format!("quote it: {quoted}"), span, quoted)),
        None => d.with_help(format!("Quote it: {quoted}.")),
    }
}

/// A value of the wrong type.
pub(crate) fn wrong_type(span: Span, path: &str, expected: &str, actual: &str) -> Diagnostic {
    let mut d = META
        .diagnostic(
            format!("`{path}` must be {expected}, not {actual}"),
            span,
            format!("expected {expected}"),
        )
        .with_note("The API server refuses the object, so nothing in it is deployed.");
    if expected == "an integer" && actual.starts_with("the string `") {
        d = d.with_help("Remove the quotes: a quoted number is a string.");
    } else if expected.starts_with("a mapping") && actual == "a list"
        || expected == "a list" && actual.starts_with("a mapping")
    {
        d = d.with_help("Check the `- ` of list items: a list needs them, a mapping must not have them.");
    }
    d
}

/// A value the type refuses for another reason (a bad time, an
/// `apiVersion` that does not match its place).
pub(crate) fn invalid(span: Span, path: &str, message: &str) -> Diagnostic {
    META.diagnostic(format!("`{path}`: {message}"), span, "invalid value")
        .with_note("The API server refuses the object, so nothing in it is deployed.")
}

/// A YAML document that is not a mapping.
pub(crate) fn not_an_object(span: Span, what: &str) -> Diagnostic {
    META.diagnostic(
        format!("this YAML document is {what}, not a Kubernetes object"),
        span,
        "not a mapping",
    )
    .with_note("Every document of a manifest must be a mapping with `apiVersion`, `kind` and `metadata`; `kubectl apply` refuses the file.")
    .with_help("Remove the stray text, or separate documents with a line `---`.")
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::checks::kubernetes::yaml_example;
    use crate::diagnostic::apply_edits;
    use crate::k8s::testing::{decode, found, text_of};
    use crate::k8s::Typed;

    #[test]
    fn k8s_type_error_configmap_values_each_reported_and_fixed() {
        let text = yaml_example(META.doc, "Example");
        assert_eq!(
            found(&text, "SRS405"),
            [
                (6, 15, "ConfigMap value `SRS_LISTEN` is the number `1935` to Kubernetes, not a string: the API server refuses the ConfigMap".to_string()),
                (7, 15, "ConfigMap value `SRS_DAEMON` is the boolean `false` to Kubernetes, not a string: the API server refuses the ConfigMap".to_string()),
                (8, 25, "ConfigMap value `SRS_HTTP_API_ENABLED` is the boolean `true` to Kubernetes, not a string: the API server refuses the ConfigMap".to_string()),
            ]
        );
        let (objects, diags) = decode(&text);
        assert_eq!(objects[0].typed, Typed::Invalid);
        let edits: Vec<_> = diags.iter().flat_map(|d| &d.fix.as_ref().unwrap().edits).collect();
        let (fixed, skipped) = apply_edits(&text, &edits);
        assert_eq!(skipped, 0);
        assert_eq!(fixed, yaml_example(META.doc, "Fix"));
    }

    #[test]
    fn k8s_type_error_configmap_other_values() {
        // Octal, a float, a list; empty is fine (Go reads it as "").
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: 0755\n  ratio: 1.5\n  list: [a]\n  empty:\n  'yes': 'yes'\n";
        assert_eq!(
            found(text, "SRS405"),
            [
                (6, 9, "ConfigMap value `mode` is the number `493` to Kubernetes, not a string: the API server refuses the ConfigMap".to_string()),
                (7, 10, "ConfigMap value `ratio` is the number `1.5` to Kubernetes, not a string: the API server refuses the ConfigMap".to_string()),
                (8, 9, "`data.list` must be a string, not a list".to_string()),
            ]
        );
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  empty:\n  quoted: 'on'\n  block: |\n    on\n";
        let (objects, diags) = decode(text);
        assert!(diags.is_empty(), "{diags:?}");
        // A null value is an empty string to the API server: accepted.
        assert!(matches!(objects[0].typed, Typed::ConfigMap));
    }

    #[test]
    fn k8s_type_error_in_workloads() {
        let text = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
  replicas: "2"
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
        version: 6.0
    spec:
      containers:
        name: srs
        image: ossrs/srs:6
        env:
          - name: SRS_LISTEN
            value: 1935
"#;
        let f = found(text, "SRS405");
        assert_eq!(
            f,
            [
                (6, 13, "`spec.replicas` must be an integer, not the string `2`".to_string()),
                (14, 18, "`spec.template.metadata.labels.version` must be a string, but Kubernetes reads `6.0` as the number `6`".to_string()),
                (17, 9, "`spec.template.spec.containers` must be a list, not a mapping".to_string()),
            ]
        );
        let (objects, diags) = decode(text);
        assert_eq!(objects[0].typed, Typed::Invalid);
        assert_eq!(
            diags[0].help.as_deref(),
            Some("Remove the quotes: a quoted number is a string.")
        );
        assert_eq!(text_of(text, &diags[1]), "6.0");
        assert_eq!(diags[1].fix.as_ref().unwrap().edits[0].replacement, "\"6.0\"");

        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: srs\n      env:\n        - {name: SRS_DAEMON, value: off}\n";
        assert_eq!(
            found(text, "SRS405"),
            [(
                9,
                37,
                "`spec.containers[0].env[0].value` must be a string, but Kubernetes reads `off` as the boolean `false`"
                    .to_string()
            )]
        );
    }

    #[test]
    fn k8s_type_error_identity_fields_and_documents() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1935\n---\njust text\n---\n- a\n---\n~\n";
        assert_eq!(
            found(text, "SRS405"),
            [
                (
                    4,
                    9,
                    "`metadata.name` must be a string, but Kubernetes reads `1935` as the number `1935`".to_string()
                ),
                (
                    6,
                    1,
                    "this YAML document is the string `just text`, not a Kubernetes object".to_string()
                ),
                (
                    8,
                    1,
                    "this YAML document is a list, not a Kubernetes object".to_string()
                ),
            ]
        );
        // An embedded PersistentVolumeClaim names its own apiVersion.
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  selector: {}\n  template: {}\n  volumeClaimTemplates:\n    - apiVersion: v2\n      metadata: {name: d}\n";
        let f = found(text, "SRS405");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (9, 7));
        assert!(
            f[0].2.starts_with("`spec.volumeClaimTemplates[0]`: invalid value"),
            "{}",
            f[0].2
        );
    }
}
