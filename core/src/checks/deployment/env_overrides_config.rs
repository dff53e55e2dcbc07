use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::conf::{Directive, Word};
use crate::diagnostic::Severity;
use crate::hash::HashSet;
use crate::model::env::{self, EnvOverride};
use crate::schema::{ArgKind, DirectiveDef};
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS553",
    name: "env-overrides-config",
    severity: Severity::Info,
    category: Category::Deployment,
    fix: FixKind::None,
    summary: "An `SRS_*` variable that replaces a value the config file sets differently.",
    doc: doc_text(
        r#"## What it does
For every SRS server of the deployment that reads a config file and whose container sets `SRS_*` variables (SRS 5.0 and later, or an image whose version is unknown), compares each variable with the directive it overrides in the config (includes spliced). When the config writes that directive and means something else — a flag read the other way, another number, other listen addresses, other text — it reports the variable, with a label at each directive it silences. A `vhost.*` variable is compared with the directive in every vhost, since it overrides all of them.

A variable that sets what the config already says, or a directive the config does not write, is not reported. It is an info: overriding a shared config per deployment is a legitimate way to use variables; raise it to a warning in `.srs-check.toml` if your configs are meant to be the whole truth.

## Why is this bad?
Whoever reads the ConfigMap believes what it says: `hls { enabled on; }`. SRS believes the variable, in every vhost, and says nothing about the config's value. Reviews, other checks and debugging sessions then reason about a server that is not the one running.

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
        hls {
            enabled on;
        }
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
          image: ossrs/srs:6
          env:
            - name: SRS_VHOST_HLS_ENABLED
              value: "off"
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
    vhost __defaultVhost__ {
        hls {
            enabled off;
        }
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
          image: ossrs/srs:6
          volumeMounts:
            - name: config
              mountPath: /usr/local/srs/conf
```
Or keep the variable and write the same value in the config.

## References
- `srs-semantics.md` §1: from 5.0 getters read the variable first; overrides apply to all vhosts
- SRS `trunk/conf/full.conf`: "Overwrite by env SRS_…"
"#,
    ),
};

pub fn run(cx: &mut DeploymentContext<'_>) {
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for (_, _, server) in cx.deployment.servers() {
        if server.env_only || server.env_overrides.is_empty() {
            continue;
        }
        let Some(config) = server.config_index.and_then(|i| cx.configs.get(i)) else {
            continue;
        };
        for o in &server.env_overrides {
            if !seen.insert(o.span) {
                continue;
            }
            let Some(target) = env::target(&o.name) else { continue };
            let contradicted: Vec<&Directive> = written(&config.directives, target.context, target.def.name)
                .into_iter()
                .filter(|d| differs(target.def, &d.args, &o.value))
                .collect();
            let Some(first) = contradicted.first() else { continue };
            out.push(diagnostic(cx, o, &target.path(), first, &contradicted));
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn diagnostic(
    cx: &DeploymentContext<'_>,
    o: &EnvOverride,
    path: &str,
    first: &Directive,
    contradicted: &[&Directive],
) -> crate::diagnostic::Diagnostic {
    let real = cx.sources.to_real(first.span);
    let line = cx.sources.get(real.file).line_col(real.start as usize).line;
    let more = match contradicted.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let mut diag = META
        .diagnostic(
            format!(
                "`{}={}` overrides `{}` at line {line}{more}",
                o.name,
                o.value,
                written_as(first)
            ),
            o.span,
            format!("SRS runs with this value of `{path}`"),
        )
        .with_note(if path.starts_with("vhost.") {
            "from SRS 5.0 a variable wins over the config, in every vhost, without a word in the log: the config file no longer says what runs"
        } else {
            "from SRS 5.0 a variable wins over the config without a word in the log: the config file no longer says what runs"
        })
        .with_help("make the config say the same, or drop the variable, so that one place holds the value");
    for d in contradicted {
        diag = diag.with_label(
            d.args.first().map_or(d.name.span, |w| w.span),
            format!("ignored: `{}` replaces it", o.name),
        );
    }
    diag
}

/// `enabled on`, `listen 1935 19350`.
fn written_as(d: &Directive) -> String {
    let mut s = d.name.text.to_string();
    for w in &d.args {
        s.push(' ');
        s.push_str(&w.text);
    }
    s
}

/// The directives at `context`.`name` that SRS would read without the
/// variable: the first of each block (every vhost for `vhost.*`).
fn written<'a>(root: &'a [Directive], context: &str, name: &str) -> Vec<&'a Directive> {
    let path: Vec<&str> = if context == "root" {
        Vec::new()
    } else {
        context.split('.').collect()
    };
    let mut lists: Vec<&'a [Directive]> = vec![root];
    for (i, seg) in path.iter().enumerate() {
        lists = lists
            .into_iter()
            .flat_map(|list| -> Vec<&'a [Directive]> {
                if i == 0 && *seg == "vhost" {
                    list.iter()
                        .filter(|d| d.name.text == "vhost")
                        .map(Directive::children)
                        .collect()
                } else if i == 0 && *seg == "http_server" {
                    getters::http_server(list)
                        .map(Directive::children)
                        .into_iter()
                        .collect()
                } else {
                    getters::first(list, seg).map(Directive::children).into_iter().collect()
                }
            })
            .collect();
    }
    lists
        .into_iter()
        .filter_map(|list| getters::first(list, name))
        .filter(|d| getters::value(Some(d)).is_some())
        .collect()
}

/// Whether SRS reads `args` (the config's) and `value` (the variable's) differently.
fn differs(def: &DirectiveDef, args: &[Word], value: &str) -> bool {
    let first = args.first().map_or("", |w| w.text.as_str());
    if def.variadic {
        let config: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
        return config != value.split_whitespace().collect::<Vec<_>>();
    }
    match def.kind {
        ArgKind::Flag => {
            let default_on = def.default == Some("on");
            values::read_flag(first, default_on) != values::read_flag(value, default_on)
        }
        ArgKind::Integer => values::atoi(first).0 != values::atoi(value).0,
        ArgKind::Number => (values::atof(first).0 - values::atof(value).0).abs() > f64::EPSILON,
        _ => first != value,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::{line_col, lint};

    fn deployment(config: &str, env: &[(&str, &str)]) -> String {
        let config: String = config.lines().flat_map(|l| ["    ", l, "\n"]).collect();
        let mut yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  srs.conf: |\n{config}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: c\n  containers:\n    - name: srs\n      image: ossrs/srs:6\n      volumeMounts:\n        - name: v\n          mountPath: /usr/local/srs/conf\n      env:\n"
        );
        for (n, v) in env {
            yaml.push_str(&format!("        - name: {n}\n          value: \"{v}\"\n"));
        }
        yaml
    }

    fn hits(yaml: &str) -> (crate::lint::LintResult, Vec<crate::diagnostic::Diagnostic>) {
        let r = lint(&[("p.yaml", yaml)]);
        let h = r.diagnostics.iter().filter(|d| d.code == "SRS553").cloned().collect();
        (r, h)
    }

    #[test]
    fn contradictions_in_every_vhost() {
        let conf = "listen 1935;\ndaemon off;\nvhost a {\n    hls { enabled on; }\n}\nvhost b {\n    hls { enabled on; }\n}\nvhost c {\n}\n";
        let (r, h) = hits(&deployment(conf, &[("SRS_VHOST_HLS_ENABLED", "off")]));
        assert_eq!(h.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(
            h[0].message,
            "`SRS_VHOST_HLS_ENABLED=off` overrides `enabled on` at line 10 and 1 more"
        );
        assert_eq!(h[0].labels.len(), 2);
        assert_eq!(line_col(&r, h[0].labels[0].span), (10, 23));
        assert_eq!(line_col(&r, h[0].primary.span), (35, 18));
    }

    #[test]
    fn agreeing_or_unwritten_values_pass() {
        let conf = "listen 1935;\ndaemon off;\nmax_connections 100;\n";
        let (_, h) = hits(&deployment(
            conf,
            &[
                ("SRS_LISTEN", "1935"),
                ("SRS_MAX_CONNECTIONS", "100"),
                ("SRS_HTTP_API_ENABLED", "on"),
            ],
        ));
        assert!(h.is_empty(), "{h:#?}");
        // `no` is not `off`: SRS reads it as on, against the config's `daemon off`.
        let (_, h) = hits(&deployment(conf, &[("SRS_LISTEN", "1935 19350"), ("SRS_DAEMON", "no")]));
        assert_eq!(h.len(), 2, "{h:#?}");
        assert!(h[0]
            .message
            .starts_with("`SRS_LISTEN=1935 19350` overrides `listen 1935`"));
        assert!(h[1].message.starts_with("`SRS_DAEMON=no` overrides `daemon off`"));
    }
}
