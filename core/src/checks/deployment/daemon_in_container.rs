use super::hls_not_shared::{site, Site};
use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::conf::Directive;
use crate::diagnostic::{Fix, Severity};
use crate::hash::HashSet;
use crate::model::env::Env;
use crate::model::image;
use crate::schema::SrsVersion;
use crate::source::{Sources, Span};
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS530",
    name: "daemon-in-container",
    severity: Severity::Error,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "An SRS container whose config leaves `daemon` on, so SRS forks and the container exits.",
    doc: doc_text(
        r#"## What it does
Works out, for every SRS container of the deployment, whether SRS starts as a daemon, the way each version decides it:

- `daemon` defaults to **on**, and any value but `off` is on (`SrsConfig::get_daemon`).
- SRS never looks for Kubernetes. Since 3.0.127 (#1594) it skips daemon mode when it believes it runs in Docker and `disable_daemon_for_docker` is on (its default): it believes so when the first 1 KB of `/proc/1/cgroup` contains `/docker` (`srs_detect_docker`). Docker Engine on cgroup v1 writes such paths; pods run by containerd or CRI-O (`/kubepods/…`, `cri-containerd-….scope`) and any host on cgroup v2 (`0::/`) do not, so in Kubernetes this check assumes the detection fails.
- From 4.0.216 (#2824) `in_docker on;` tells SRS it is in a container when the detection fails.
- From 5.0, `SRS_DAEMON`, `SRS_IN_DOCKER` and `SRS_DISABLE_DAEMON_FOR_DOCKER` in the environment override the config (only literal `value`s are read; a `valueFrom` or an `envFrom` that may set them makes the check stay silent).
- The official images of SRS 6 and 7 set `ENV SRS_DAEMON=off` in their Dockerfile, so with `ossrs/srs:6`, `:7` (and `latest`, or no tag) the config's `daemon` does not matter unless the container sets `SRS_DAEMON` itself.

The finding is an error for SRS 3 and 4 images (and for any version when the container's own `SRS_DAEMON` turns daemon on), and a warning for SRS 5 images (whether their image sets `SRS_DAEMON=off` was not verified) and for images that are not `ossrs/srs` but run SRS (their environment is unknown). It points at the `daemon` directive, or, when the config has none, at its first line.

## Why is this bad?
In daemon mode SRS forks, the child forks again, and the first process, the container's PID 1, exits with status 0. Kubernetes sees the container finish and starts it again, and again (`CrashLoopBackOff`): the server never stays up long enough to accept a publisher or a player, and the logs show only a normal start. The config that works on a laptop (`./objs/srs -c conf/srs.conf` runs as a daemon there) is exactly the one that loops in a pod.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-config
data:
  srs.conf: |
    listen 1935;
    max_connections 1000;
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

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: srs-config
data:
  srs.conf: |
    listen 1935;
    max_connections 1000;
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
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```
Every SRS sample for Docker and Kubernetes writes `daemon off;`. When the config says `daemon on`, the fix writes `off`.

## References
- SRS `trunk/src/main/srs_main_server.cpp`: `srs_detect_docker` (reads `/proc/1/cgroup`, looks for `/docker`), `run_directly_or_daemon` (forks unless `_srs_in_docker && disable_daemon_for_docker()`); `SrsConfig::get_daemon`, `get_in_docker`, `disable_daemon_for_docker` (`srs_app_config.cpp`)
- SRS changelog: 3.0.127 "detect and disable daemon for docker" (#1594); 4.0.216 "Support config in_docker to fix the detect fail" (#2824)
- SRS `trunk/Dockerfile` (6.0, 7.0): `ENV SRS_DAEMON=off`
- ossrs/srs#1594, ossrs/srs-docker#19: a container with a mounted config exits at once with status 0
- `srs-semantics.md` §2 (`daemon` defaults to on; `SRS_*` overrides from 5.0)
"#,
    ),
};

/// How sure the finding is, from the image.
enum Verdict {
    Silent,
    Report(Severity, String),
}

pub fn run(cx: &mut DeploymentContext<'_>) {
    let d = cx.deployment;
    let mut seen: HashSet<(Span, String)> = HashSet::default();
    let mut out = Vec::new();
    for (ix, node, server) in d.servers() {
        let Some(container) = d.sources(ix, "runs-config").into_iter().next() else {
            continue;
        };
        let Some(site) = site(d, cx.objects, container) else {
            continue;
        };
        let root = cx.directives(server);
        // An env-only server has no file: point at what makes it env-only.
        let at = if server.env_only { node.span } else { None };
        let Some(diag) = finding(cx.sources, server.file, at, root, &site) else {
            continue;
        };
        if seen.insert((diag.primary.span, diag.message.clone())) {
            out.push(diag);
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn finding(
    sources: &Sources,
    file: crate::source::FileId,
    env_only: Option<Span>,
    root: &[Directive],
    site: &Site<'_>,
) -> Option<crate::diagnostic::Diagnostic> {
    let version = site.data.srs_version;
    let image_text = site.data.image.as_deref().unwrap_or("");
    let official = image::is_srs(image_text);
    let var = |name: &str| site.data.env.get(name);

    // `daemon`: the container's SRS_DAEMON, else the image's, else the
    // config. `root` is the effective config, where the container's own
    // variables are already applied.
    let daemon_d = getters::first(root, "daemon");
    let (daemon_on, env_span) = match var("SRS_DAEMON") {
        Env::Unknown => return None,
        Env::Value(v, span) => (values::read_flag(v, true), Some(span)),
        Env::Unset => {
            // The official 6 and 7 images (and `latest`) set SRS_DAEMON=off.
            if official && version.is_none_or(|v| v >= SrsVersion::V6) {
                return None;
            }
            (getters::flag(daemon_d, true), None)
        }
    };
    if !daemon_on {
        return None;
    }

    // Told it is in a container, SRS turns daemon off unless told not to.
    let in_docker = match var("SRS_IN_DOCKER") {
        Env::Unknown => return None,
        Env::Value(v, _) => values::read_flag(v, false),
        Env::Unset => version != Some(SrsVersion::V3) && getters::flag(getters::first(root, "in_docker"), false),
    };
    let disable_d = getters::first(root, "disable_daemon_for_docker");
    let disable = match var("SRS_DISABLE_DAEMON_FOR_DOCKER") {
        Env::Unknown => return None,
        Env::Value(v, _) => values::read_flag(v, true),
        Env::Unset => getters::flag(disable_d, true),
    };
    if in_docker && disable {
        return None;
    }

    let verdict = match (env_span.is_some(), version, official) {
        (true, _, _) => Verdict::Report(
            Severity::Error,
            "this container sets `SRS_DAEMON`, which overrides the config (SRS 5+)".to_string(),
        ),
        (false, Some(SrsVersion::V3), _) => Verdict::Report(
            Severity::Error,
            "SRS 3 turns daemon off in a container only when `/proc/1/cgroup` mentions `/docker` (3.0.127+), which Kubernetes pods under containerd or CRI-O do not show; `in_docker` does not exist before 4.0".to_string(),
        ),
        (false, Some(SrsVersion::V4), _) => Verdict::Report(
            Severity::Error,
            "SRS 4 turns daemon off in a container only when `/proc/1/cgroup` mentions `/docker`, which Kubernetes pods under containerd or CRI-O do not show, or with `in_docker on;` (4.0.216+)".to_string(),
        ),
        (false, Some(SrsVersion::V5), _) => Verdict::Report(
            Severity::Warning,
            "SRS 5 reads `SRS_DAEMON` from the environment; whether this image sets `SRS_DAEMON=off` is not known (the 6.0 and 7.0 images do), and SRS does not detect Kubernetes".to_string(),
        ),
        (false, _, false) => Verdict::Report(
            Severity::Warning,
            "this image is not `ossrs/srs`: srs-check cannot tell whether it sets `SRS_DAEMON=off`, and SRS does not detect Kubernetes".to_string(),
        ),
        _ => Verdict::Silent,
    };
    let Verdict::Report(severity, why) = verdict else {
        return None;
    };

    let fork = "in daemon mode SRS forks and the container's first process (PID 1) exits with status 0: Kubernetes restarts the container again and again (CrashLoopBackOff), so the server never stays up to accept publishers or players";
    let mut diag = match (env_span, daemon_d) {
        (None, _) if env_only.is_some() => META
            .diagnostic(
                "SRS runs as a daemon in this container: it reads no config and `SRS_DAEMON` is not set",
                env_only.unwrap_or_else(|| site.at(&["name"])),
                "SRS is configured only by variables here",
            )
            .with_note("`daemon` defaults to on")
            .with_help("set `SRS_DAEMON` to `\"off\"` in the container's `env`"),
        (Some(span), _) => META
            .diagnostic(
                "SRS runs as a daemon in this container: `SRS_DAEMON` turns it on",
                span,
                "SRS reads any value but `off` as on",
            )
            .with_help("set `SRS_DAEMON` to `off`, or remove it and write `daemon off;` in the config"),
        (None, Some(dd)) => {
            let span = dd.args.first().map_or(dd.name.span, |w| w.span);
            let mut diag = META
                .diagnostic(
                    "SRS runs as a daemon in this container: `daemon` is on",
                    span,
                    "SRS forks into the background",
                )
                .with_help("write `daemon off;`: in a container SRS must stay in the foreground");
            if let Some(w) = dd.args.first() {
                diag = diag.with_fix(Fix::replace("write `daemon off`", w.span, "off"));
            }
            diag
        }
        (None, None) => META
            .diagnostic(
                "SRS runs as a daemon in this container: the config does not turn `daemon` off",
                first_line(sources, file),
                "no `daemon off;` in this config",
            )
            .with_note("`daemon` is not set, and it defaults to on")
            .with_help("add `daemon off;` to the config: in a container SRS must stay in the foreground"),
    };
    diag.severity = severity;
    diag = diag.with_note(fork).with_note(why);
    if in_docker && !disable {
        if let Some(dd) = disable_d {
            diag = diag.with_label(
                dd.args.first().map_or(dd.name.span, |w| w.span),
                "keeps daemon mode even in a container",
            );
        }
    }
    if !image_text.is_empty() {
        diag = diag.with_label(site.at(&["image"]), format!("`{image_text}` runs this config"));
    }
    Some(diag)
}

/// The first line of the config that has something on it, without its indentation.
fn first_line(sources: &Sources, file: crate::source::FileId) -> Span {
    let text = &sources.get(file).text;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if !trimmed.is_empty() {
            let start = offset + (content.len() - trimmed.len());
            return Span::new(file, start, offset + content.trim_end().len());
        }
        offset += line.len();
    }
    Span::new(file, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};
    use crate::diagnostic::Severity;

    const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: srs-config\ndata:\n  srs.conf: |\n    listen 1935;\n    DAEMON\n    vhost __defaultVhost__ {\n    }\n";

    fn deployment(config_line: &str, image: &str, env: &str) -> String {
        let cm = CONFIG_MAP.replace("    DAEMON\n", config_line);
        format!(
            "{cm}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: srs\nspec:\n  selector:\n    matchLabels:\n      app: srs\n  template:\n    metadata:\n      labels:\n        app: srs\n    spec:\n      volumes:\n        - name: config\n          configMap:\n            name: srs-config\n      containers:\n        - name: srs\n          image: {image}\n{env}          volumeMounts:\n            - name: config\n              mountPath: /usr/local/srs/conf\n"
        )
    }

    fn hits(yaml: &str) -> (crate::lint::LintResult, Vec<crate::diagnostic::Diagnostic>) {
        let r = lint(&[("srs.yaml", yaml)]);
        let h = r.diagnostics.iter().filter(|d| d.code == "SRS530").cloned().collect();
        (r, h)
    }

    #[test]
    fn default_daemon_on_srs_4_points_at_the_first_line() {
        let (r, h) = hits(&deployment("", "ossrs/srs:4", ""));
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(h[0].severity, Severity::Error);
        assert_eq!(line_col(&r, h[0].primary.span), (7, 5));
        assert!(h[0].notes.iter().any(|n| n.contains("defaults to on")));
    }

    #[test]
    fn daemon_on_is_fixed_and_off_passes() {
        let (r, h) = hits(&deployment("    daemon on;\n", "ossrs/srs:3", ""));
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(line_col(&r, h[0].primary.span), (8, 12));
        assert_eq!(h[0].fix.as_ref().unwrap().edits[0].replacement, "off");
        let (_, h) = hits(&deployment("    daemon off;\n", "ossrs/srs:3", ""));
        assert!(h.is_empty());
        // `daemon no;` is on.
        let (_, h) = hits(&deployment("    daemon no;\n", "ossrs/srs:4", ""));
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn what_each_version_does() {
        // 4.0.216+: in_docker on turns daemon off, unless disable_daemon_for_docker is off.
        let (_, h) = hits(&deployment("    in_docker on;\n", "ossrs/srs:4", ""));
        assert!(h.is_empty(), "{h:#?}");
        let (_, h) = hits(&deployment(
            "    in_docker on;\n    disable_daemon_for_docker off;\n",
            "ossrs/srs:4",
            "",
        ));
        assert_eq!(h.len(), 1);
        // 5: the environment counts; the image's own is not known.
        let (_, h) = hits(&deployment("", "ossrs/srs:5", ""));
        assert_eq!(h[0].severity, Severity::Warning);
        let env_off = "          env:\n            - name: SRS_DAEMON\n              value: \"off\"\n";
        let (_, h) = hits(&deployment("", "ossrs/srs:5", env_off));
        assert!(h.is_empty(), "{h:#?}");
        let (_, h) = hits(&deployment(
            "",
            "ossrs/srs:5",
            &env_off
                .replace("SRS_DAEMON", "SRS_IN_DOCKER")
                .replace("\"off\"", "\"on\""),
        ));
        assert!(h.is_empty(), "{h:#?}");
        // 6, 7 and latest: the image sets SRS_DAEMON=off, unless the container overrides it.
        assert!(hits(&deployment("", "ossrs/srs:6", "")).1.is_empty());
        assert!(hits(&deployment("    daemon on;\n", "ossrs/srs:latest", ""))
            .1
            .is_empty());
        let env_on = env_off.replace("\"off\"", "\"on\"");
        let (r, h) = hits(&deployment("    daemon off;\n", "ossrs/srs:6", &env_on));
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].severity, Severity::Error);
        assert_eq!(line_col(&r, h[0].primary.span), (34, 22));
        // A value from elsewhere: silent.
        let from = "          envFrom:\n            - configMapRef:\n                name: srs-env\n";
        assert!(hits(&deployment("", "ossrs/srs:5", from)).1.is_empty());
    }
}
