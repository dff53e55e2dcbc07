use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::Severity;
use crate::model::UnresolvedReason;

pub static META: CheckMeta = CheckMeta {
    code: "SRS541",
    name: "config-not-found",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "An SRS container whose config file is not the ConfigMap key the manifests mean it to read.",
    doc: doc_text(
        r#"## What it does
Follows each SRS container from the path its command reads (`-c <file>` in `command`/`args`, else the image's default `conf/srs.conf` under `/usr/local/srs`) through its volume mounts to a ConfigMap key, and reports where the chain breaks: no volume mounted at that path (SRS then reads the config baked into the image), a mount of a volume the pod does not declare, a volume that is not a ConfigMap, a ConfigMap missing from the manifests, a key that does not exist, `items` that put nothing at the path. Containers configured only by environment variables (`-e`, `SRS_ENV_ONLY`) are not reported, nor containers that read the image's own config when their pod mounts no ConfigMap at all (then that is what the manifests mean).

## Why is this bad?
The config you wrote, reviewed and linted is not the one that runs: the container starts with the image's sample config (a single origin with default ports, no cluster), or fails to start because the file is missing. Everything else srs-check says about that config is then beside the point.

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
---
apiVersion: v1
kind: Pod
metadata:
  name: srs
spec:
  volumes:
    - name: config
      configMap:
        name: srs-config
  containers:
    - name: srs
      image: ossrs/srs:6
      volumeMounts:
        - name: config
          mountPath: /etc/srs
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
---
apiVersion: v1
kind: Pod
metadata:
  name: srs
spec:
  volumes:
    - name: config
      configMap:
        name: srs-config
  containers:
    - name: srs
      image: ossrs/srs:6
      volumeMounts:
        - name: config
          mountPath: /usr/local/srs/conf
```
Or keep the mount and start SRS with `args: ["-c", "/etc/srs/srs.conf"]`.

## References
- ossrs/srs `trunk/Dockerfile`: `WORKDIR /usr/local/srs`, `CMD ["./objs/srs", "-c", "conf/srs.conf"]`
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let mut out = Vec::new();
    for u in &cx.deployment.unresolved {
        if matches!(u.reason, UnresolvedReason::EnvOnly) {
            continue;
        }
        // A pod that mounts no ConfigMap at all means to run the image's own
        // config (or one baked into a derived image).
        let mounts_a_configmap = cx.deployment.graph[u.object]
            .object
            .and_then(|i| cx.objects.get(i))
            .and_then(crate::model::image::pod_spec)
            .and_then(|spec| spec.get("volumes"))
            .is_some_and(|vs| vs.items().iter().any(|v| v.get("configMap").is_some()));
        if matches!(u.reason, UnresolvedReason::NotMounted | UnresolvedReason::NoConfigFlag) && !mounts_a_configmap {
            continue;
        }
        let path = u.path.as_deref().unwrap_or("its config");
        out.push(
            META.diagnostic(
                format!("container `{}` of {} does not read the config the manifests give it", u.container, u.owner),
                u.span,
                u.reason.describe(),
            )
            .with_note(format!("SRS reads `{path}`"))
            .with_help("mount the ConfigMap at the directory of that path (the image's default is /usr/local/srs/conf/srs.conf), or pass `-c` with the path where it is mounted"),
        );
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint_inputs, Input, LintOptions};
    use crate::provider::MemoryProvider;

    fn found(text: &str) -> Vec<String> {
        let input = Input {
            name: "a.yaml".into(),
            bytes: text.as_bytes().to_vec(),
        };
        lint_inputs(&MemoryProvider::new(), vec![input], &LintOptions::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SRS541")
            .map(|d| d.primary.message)
            .collect()
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  srs.conf: |\n    listen 1935;\n    daemon off;\n---\n";

    fn pod(mount: &str, cm: &str) -> String {
        format!("{CM}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: {cm}\n  containers:\n    - name: srs\n      image: ossrs/srs:6\n      volumeMounts:\n        - name: v\n          mountPath: {mount}\n")
    }

    #[test]
    fn wrong_mount_and_missing_configmap() {
        assert_eq!(
            found(&pod("/etc/srs", "c")),
            ["no volume is mounted at the config's path, so SRS reads the image's own file"]
        );
        assert_eq!(
            found(&pod("/usr/local/srs/conf", "other")),
            ["ConfigMap `other` is not in the manifests"]
        );
        assert!(found(&pod("/usr/local/srs/conf", "c")).is_empty());
    }
}
