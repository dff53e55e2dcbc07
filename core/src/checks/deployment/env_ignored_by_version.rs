use super::hls_not_shared::site;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::hash::HashSet;
use crate::model::env;
use crate::model::graph::Program;
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS551",
    name: "env-ignored-by-version",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "`SRS_*` variables set for an SRS 3 or 4 image, which does not read them.",
    doc: doc_text(
        r#"## What it does
Reports a container whose image is SRS 3 or 4 (`ossrs/srs:3`, `ossrs/srs:v4.0.271`) and whose `env` sets variables that SRS 5.0 and later read to override the config (`SRS_LISTEN`, `SRS_VHOST_HLS_ENABLED`, …, `SRS_CONFIG_FILE`, `SRS_ENV_ONLY`). SRS 3 reads no variables at all; SRS 4 reads only `SRS_SERVER_ID`. One finding per container, at the first such variable, with a label at each of the others and at the image. Images without a version tag are treated as the default version and not reported.

## Why is this bad?
The variables look like configuration and do nothing: the server runs with the config file's values (or its defaults). Settings copied from a newer deployment or from SRS's Helm chart, which configures SRS only by variables, are silently lost on an older image.

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
  replicas: 1
  selector:
    matchLabels:
      app: srs
  template:
    metadata:
      labels:
        app: srs
    spec:
      volumes:
        - name: config
          configMap:
            name: srs-config
      containers:
        - name: srs
          image: ossrs/srs:4
          env:
            - name: SRS_MAX_CONNECTIONS
              value: "3000"
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
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
    max_connections 3000;
    vhost __defaultVhost__ {
    }
---
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
      volumes:
        - name: config
          configMap:
            name: srs-config
      containers:
        - name: srs
          image: ossrs/srs:4
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```
Write the settings in the config, or run SRS 5 or later.

## References
- `srs-semantics.md` §1: variables override the config from v5.0; 4.0 reads only `SRS_SERVER_ID`; 3.0 reads none
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for (ix, _, c) in d.containers() {
        let Some(version) = c.env.version.filter(|v| !v.reads_env()) else {
            continue;
        };
        if c.program != Program::Srs {
            continue;
        }
        let ignored: Vec<&env::EnvVar> = c
            .env
            .vars
            .iter()
            .filter(|v| env::is_read(&v.name) && !c.env.reads(&v.name))
            .collect();
        let Some(first) = ignored.first() else { continue };
        if !seen.insert(first.name_span) {
            continue;
        }
        let reads = if version == SrsVersion::V4 {
            "SRS 4 reads only `SRS_SERVER_ID`"
        } else {
            "SRS 3 reads no `SRS_*` variables"
        };
        let more = match ignored.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let mut diag = META
            .diagnostic(
                format!("`{}`{more} has no effect: {reads}", first.name),
                first.name_span,
                "ignored by this image's SRS",
            )
            .with_note("SRS reads `SRS_*` variables over the config from 5.0: this container runs the config file's values (or SRS's defaults) whatever these say")
            .with_help("write these settings in the config file, or run SRS 5 or later");
        for v in &ignored[1..] {
            diag = diag.with_label(v.name_span, "ignored too");
        }
        if let Some(site) = site(d, cx.objects, ix) {
            let image = c.image.as_deref().unwrap_or("");
            diag = diag.with_label(site.at(&["image"]), format!("`{image}` is SRS {}", version.major()));
        }
        out.push(diag);
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::lint;
    use super::super::unknown_env_var::tests::deployment;

    fn hits(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        lint(&[("srs.yaml", yaml)])
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SRS551")
            .collect()
    }

    #[test]
    fn old_images_ignore_the_variables() {
        let h = hits(&deployment(
            "ossrs/srs:4",
            &[("SRS_LISTEN", "1935"), ("SRS_SERVER_ID", "a")],
        ));
        assert_eq!(h.len(), 1, "{h:#?}");
        assert_eq!(
            h[0].message,
            "`SRS_ENV_ONLY` (and 1 more) has no effect: SRS 4 reads only `SRS_SERVER_ID`"
        );
        assert_eq!(h[0].labels.len(), 2);
        assert_eq!(hits(&deployment("ossrs/srs:3", &[])).len(), 1);
        assert!(hits(&deployment("ossrs/srs:5", &[("SRS_LISTEN", "1935")])).is_empty());
        assert!(hits(&deployment("ossrs/srs", &[("SRS_LISTEN", "1935")])).is_empty());
    }
}
