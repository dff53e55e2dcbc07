use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::model::image;

pub static META: CheckMeta = CheckMeta {
    code: "SRS540",
    name: "image-version-unknown",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::None,
    summary:
        "An SRS image without a version tag (`latest`, or none), so the config is checked against the default version.",
    doc: doc_text(
        r#"## What it does
Reads the SRS major version from the tag of every SRS container image (`ossrs/srs:3`, `ossrs/srs:v5.0.210`, `registry…/srs:6`): the config that container runs is then checked against that version's directive table and grammar. An image with no tag, `latest`, or a tag that names no version is reported, and its config is checked against the default version (6, or `srs-version` in `.srs-check.toml`).

## Why is this bad?
SRS's config language changed between majors: 6.0 rejects directives that span lines, 5.0 renamed and dropped settings, `include` and the `SRS_*` variables arrived in 5.0. With `latest`, the next image pull can change the version under a config that was written for another one, and a restart turns into a crash loop. A pinned tag also makes what srs-check checks the same as what runs.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
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
          image: ossrs/srs:latest
```

## Fix
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
spec:
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
```

## References
- ossrs/srs images on Docker Hub: tags `3`, `4`, `5`, `6`, `v6.0.x`
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let mut out = Vec::new();
    for object in cx.objects {
        let Some(containers) = image::pod_spec(object).and_then(|spec| spec.get("containers")) else {
            continue;
        };
        for container in containers.items() {
            let Some(image_node) = container.get("image") else {
                continue;
            };
            let Some(image) = image_node.as_str() else { continue };
            if !image::is_srs(image) || image::srs_version(image).is_some() {
                continue;
            }
            out.push(
                META.diagnostic(
                    match image::parse(image).tag {
                        Some(t) => format!("image `{image}`: the tag `{t}` names no SRS version"),
                        None => format!("image `{image}` has no tag, so it runs `latest`"),
                    },
                    image_node.span,
                    "srs-check cannot tell which SRS this is",
                )
                .with_note(
                    "its config is checked against the default SRS version; a pull can change the version under it",
                )
                .with_help("pin the major version, e.g. `ossrs/srs:6`"),
            );
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint_inputs, Input, LintOptions};
    use crate::provider::MemoryProvider;

    fn codes(text: &str) -> Vec<(u32, &'static str)> {
        let input = Input {
            name: "a.yaml".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let r = lint_inputs(&MemoryProvider::new(), vec![input], &LintOptions::default());
        r.diagnostics
            .iter()
            .filter(|d| d.code == "SRS540")
            .map(|d| {
                (
                    r.sources
                        .get(d.primary.span.file)
                        .line_col(d.primary.span.start as usize)
                        .line,
                    d.code,
                )
            })
            .collect()
    }

    fn pod(image: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: srs\n      image: {image}\n")
    }

    #[test]
    fn latest_and_untagged_are_reported_at_the_image_line() {
        assert_eq!(codes(&pod("ossrs/srs:latest")), [(8, "SRS540")]);
        assert_eq!(codes(&pod("ossrs/srs")), [(8, "SRS540")]);
        assert!(codes(&pod("ossrs/srs:v5.0.210")).is_empty());
        assert!(codes(&pod("nginx")).is_empty());
    }
}
