use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::schema::directive_table::did_you_mean;
use crate::checks::DeploymentContext;
use crate::diagnostic::{Fix, Severity};
use crate::hash::HashSet;
use crate::model::env;
use crate::model::graph::Program;

pub static META: CheckMeta = CheckMeta {
    code: "SRS550",
    name: "unknown-env-var",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "An `SRS_*` variable of an SRS container that SRS does not read.",
    doc: doc_text(
        r#"## What it does
Reads the `env` of every container that runs SRS 5.0 or later (or an image whose version is unknown) and reports each variable whose name starts with `SRS_` but is not one SRS reads. SRS reads:

- the variable of each directive it lets the environment override, named after the directive's dotted path (`vhost.hls.hls_path` → `SRS_VHOST_HLS_HLS_PATH`); the names are those of srs-check's directive table, from SRS's `full.conf` ("Overwrite by env SRS_…");
- `SRS_CONFIG_FILE` (the config file instead of `-c`) and `SRS_ENV_ONLY` (no config file at all).

No other `SRS_*` name is accepted: the reference srs-check is built from lists no other. When a name is a small edit away from one SRS reads, or only lacks the block path in front (`SRS_HLS_PATH` for `SRS_VHOST_HLS_HLS_PATH`), the check suggests it and offers the rename as an unsafe fix. Containers of SRS 3 and 4 are SRS551's.

## Why is this bad?
SRS ignores a variable it does not know without a word. The setting it was meant to change keeps the config's value (or SRS's default): HLS stays off, the server listens where it did, and the manifest says otherwise. With SRS configured only by variables, as SRS's own Helm chart does, a misspelt name is a setting that is simply missing.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
  replicas: 1
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
          env:
            - name: SRS_ENV_ONLY
              value: "on"
            - name: SRS_LISTEN
              value: "1935"
            - name: SRS_HLS_ENABLED
              value: "on"
```

## Fix
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
  replicas: 1
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
    spec:
      containers:
        - name: srs
          image: ossrs/srs:6
          env:
            - name: SRS_ENV_ONLY
              value: "on"
            - name: SRS_LISTEN
              value: "1935"
            - name: SRS_VHOST_HLS_ENABLED
              value: "on"
```
Variables apply to every vhost: `SRS_VHOST_HLS_ENABLED` turns HLS on in all of them.

## References
- `srs-semantics.md` §1: from 5.0 getters read an environment variable derived from the dotted config path, upper-cased, `.` → `_`; `srs -e`/`SRS_ENV_ONLY`; `SRS_CONFIG_FILE`
- SRS `trunk/conf/full.conf`: "Overwrite by env SRS_…" on each directive
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for (_, _, c) in cx.deployment.containers() {
        if c.program != Program::Srs || !c.env.effective_version().reads_env() {
            continue;
        }
        for var in &c.env.vars {
            if env::is_read(&var.name) || !seen.insert(var.name_span) {
                continue;
            }
            let suggestion = suggest(&var.name);
            let label = suggestion.map_or_else(
                || "SRS reads no variable of this name".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            let mut diag = META
                .diagnostic(format!("SRS does not read `{}`", var.name), var.name_span, label)
                .with_note("from 5.0 SRS reads one variable per directive it lets the environment override, named after the directive's path (`vhost.hls.enabled` → `SRS_VHOST_HLS_ENABLED`), plus `SRS_CONFIG_FILE` and `SRS_ENV_ONLY`; it ignores any other name without a word, so the setting keeps the config's value");
            diag = match suggestion {
                Some(s) => diag.with_fix(Fix::replace_unsafe(format!("rename it `{s}`"), var.name_span, s)),
                None => diag.with_help("use the name of the directive's path: `SRS_` and the path upper-cased with `_` for `.` (`srs-check explain SRS550` lists where the names come from)"),
            };
            out.push(diag);
        }
    }
    for d in out {
        cx.report(d);
    }
}

/// A name SRS reads that `name` is likely a typo of: a small edit away, or
/// the only name that ends with the same directive path
/// (`SRS_HLS_PATH` → `SRS_VHOST_HLS_HLS_PATH`).
fn suggest(name: &str) -> Option<&'static str> {
    let names = env::names();
    if let Some(s) = did_you_mean(name, names.iter().copied()) {
        return Some(s);
    }
    let tail = name.strip_prefix("SRS_").filter(|t| t.len() >= 4)?;
    let suffix = format!("_{tail}");
    let mut ends = names.iter().filter(|n| n.ends_with(&suffix));
    match (ends.next(), ends.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};
    use super::suggest;

    pub(crate) fn deployment(image: &str, env: &[(&str, &str)]) -> String {
        let mut yaml = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: srs\nspec:\n  selector:\n    matchLabels:\n      app: srs\n  template:\n    metadata:\n      labels:\n        app: srs\n    spec:\n      containers:\n        - name: srs\n          image: {image}\n          env:\n            - name: SRS_ENV_ONLY\n              value: \"on\"\n"
        );
        for (n, v) in env {
            yaml.push_str(&format!("            - name: {n}\n              value: \"{v}\"\n"));
        }
        yaml
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("SRS_VHOST_HLS_ENABLE"), Some("SRS_VHOST_HLS_ENABLED"));
        assert_eq!(suggest("SRS_HLS_HLS_PATH"), Some("SRS_VHOST_HLS_HLS_PATH"));
        assert_eq!(suggest("SRS_API_LISTEN"), Some("SRS_HTTP_API_LISTEN"));
        assert_eq!(suggest("SRS_SOMETHING_ELSE_ENTIRELY"), None);
    }

    #[test]
    fn unknown_names_are_reported_in_5_and_later() {
        let yaml = deployment("ossrs/srs:6", &[("SRS_LISTEN", "1935"), ("SRS_VHOST_HLS_ENABLE", "on")]);
        let r = lint(&[("srs.yaml", &yaml)]);
        let h: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "SRS550").collect();
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(line_col(&r, h[0].primary.span), (22, 21));
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "SRS_VHOST_HLS_ENABLED");
        // SRS 4 ignores them all: that is SRS551's.
        let r = lint(&[("srs.yaml", &yaml.replace(":6", ":4"))]);
        assert!(!r.diagnostics.iter().any(|d| d.code == "SRS550"));
    }
}
