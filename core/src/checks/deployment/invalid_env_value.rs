use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::DeploymentContext;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::hash::HashSet;
use crate::model::env::{self, EnvVar};
use crate::model::graph::Program;
use crate::schema::ArgKind;
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS552",
    name: "invalid-env-value",
    severity: Severity::Warning,
    category: Category::Deployment,
    fix: FixKind::Sometimes,
    summary: "An `SRS_*` variable whose value SRS reads as something other than what it says.",
    doc: doc_text(
        r#"## What it does
Reads the literal value of every `SRS_*` variable that overrides a directive, in containers that run SRS 5.0 or later (or an image whose version is unknown), the way the config checks read the same directive's value:

- a flag (`SRS_DAEMON`, `SRS_HTTP_API_ENABLED`, `SRS_VHOST_HLS_ENABLED`, …) must be `on` or `off` (SRS110 for the config);
- a whole number (`SRS_MAX_CONNECTIONS`, `SRS_VHOST_HLS_HLS_WINDOW`, …) must be one; SRS reads it with C's `atoi` (SRS112);
- a decimal number (`SRS_VHOST_HLS_HLS_TD_RATIO`) must be one;
- a listen address (`SRS_LISTEN`, `SRS_HTTP_API_LISTEN`, …) must be `port` or `ip:port`, each word of a space-separated list (SRS111).

It says what SRS makes of the value. A flag written `true`, `yes`, `1`… gets a fix that writes `"on"` (or `"off"`): safe when SRS already reads it that way, unsafe when the fix changes what runs.

## Why is this bad?
SRS does not refuse a bad value in a variable any more than in the config: a flag's getter reads anything but `on` as off (or anything but `off` as on, for flags that default to on), and a number's reads the leading digits, or 0. `SRS_HTTP_API_ENABLED=true` leaves the HTTP API off; `SRS_MAX_CONNECTIONS=3k` allows 3 connections.

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
            - name: SRS_HTTP_API_ENABLED
              value: "true"
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
            - name: SRS_HTTP_API_ENABLED
              value: "on"
```

## References
- `srs-semantics.md` §1 (variables from 5.0), §3 (values are not checked; `atoi` → 0 on garbage)
- SRS `SrsConfig` getters: `SRS_CONF_PREFER_TRUE` / `SRS_CONF_PREFER_FALSE`
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
        for var in c.env.effective_vars() {
            if seen.contains(&var.value_span) {
                continue;
            }
            if let Some(d) = check(var) {
                seen.insert(var.value_span);
                out.push(d);
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn check(var: &EnvVar) -> Option<Diagnostic> {
    let target = env::target(&var.name)?;
    let value = var.value.as_deref().filter(|v| !v.is_empty())?;
    let def = target.def;
    let shown = format!("`{}={value}`", var.name);
    match def.kind {
        ArgKind::Flag => {
            if value == "on" || value == "off" {
                return None;
            }
            let default_on = def.default == Some("on");
            let reads = values::read_flag(value, default_on);
            let word = |on: bool| if on { "on" } else { "off" };
            let mut diag = META
                .diagnostic(
                    format!("{shown} is not `on` or `off`: SRS reads it as {}", word(reads)),
                    var.value_span,
                    format!("SRS reads this as `{}`", word(reads)),
                )
                .with_note(if default_on {
                    format!(
                        "`{}` defaults to on, and SRS reads anything but `off` as on",
                        target.path()
                    )
                } else {
                    format!(
                        "`{}` defaults to off, and SRS reads anything but `on` as off",
                        target.path()
                    )
                });
            diag = match values::intended_flag(value) {
                Some(meant) => {
                    let title = format!("write `\"{}\"`", word(meant));
                    let text = format!("\"{}\"", word(meant));
                    diag.with_fix(if meant == reads {
                        Fix::replace(title, var.value_span, text)
                    } else {
                        Fix::replace_unsafe(title, var.value_span, text)
                    })
                }
                None => diag.with_help("write `\"on\"` or `\"off\"`"),
            };
            Some(diag)
        }
        ArgKind::Integer => {
            let (v, _) = values::atoi(value);
            let (_, whole) = values::atof(value);
            (!whole).then(|| {
                META.diagnostic(
                    format!("{shown} is not a number: SRS reads it as {v}"),
                    var.value_span,
                    format!("SRS reads this as `{v}`"),
                )
                .with_note("SRS reads a number with C's `atoi`: the leading digits, or 0 when there are none")
                .with_help("write the number alone, in quotes (`\"3000\"`)")
            })
        }
        ArgKind::Number => {
            let (v, whole) = values::atof(value);
            (!whole).then(|| {
                META.diagnostic(
                    format!("{shown} is not a number: SRS reads it as {v}"),
                    var.value_span,
                    format!("SRS reads this as `{v}`"),
                )
                .with_note("SRS reads a decimal with C's `atof`: the leading number, or 0")
                .with_help("write the number alone, in quotes")
            })
        }
        ArgKind::Endpoint => {
            let words: Vec<&str> = value.split_whitespace().collect();
            let (word, why) = words
                .iter()
                .find_map(|w| values::parse_endpoint(w).err().map(|why| (*w, why)))?;
            let list = if words.len() > 1 {
                " (a space-separated list)"
            } else {
                ""
            };
            Some(
                META.diagnostic(
                    format!("{shown} is not a listen address{list}: {why}"),
                    var.value_span,
                    format!("`{word}` is not `port` or `ip:port`"),
                )
                .with_note("SRS cannot listen on an address it cannot parse: it fails to start, or listens where you did not mean")
                .with_help("write a port (`\"1935\"`) or `ip:port`, several separated by spaces"),
            )
        }
        ArgKind::Text | ArgKind::Block | ArgKind::Any => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hls_not_shared::test_support::lint;
    use super::super::unknown_env_var::tests::deployment;
    use crate::diagnostic::Applicability;

    fn hits(env: &[(&str, &str)]) -> Vec<crate::diagnostic::Diagnostic> {
        lint(&[("srs.yaml", &deployment("ossrs/srs:6", env))])
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SRS552")
            .collect()
    }

    #[test]
    fn flags_numbers_and_addresses() {
        let h = hits(&[("SRS_HTTP_API_ENABLED", "true")]);
        assert_eq!(h.len(), 1);
        assert_eq!(
            h[0].message,
            "`SRS_HTTP_API_ENABLED=true` is not `on` or `off`: SRS reads it as off"
        );
        let fix = h[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "\"on\"");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let h = hits(&[("SRS_DAEMON", "no")]);
        assert_eq!(h[0].fix.as_ref().unwrap().applicability, Applicability::Unsafe);
        let h = hits(&[("SRS_DAEMON", "yes")]);
        assert_eq!(h[0].fix.as_ref().unwrap().applicability, Applicability::Safe);
        let h = hits(&[("SRS_MAX_CONNECTIONS", "3k")]);
        assert_eq!(
            h[0].message,
            "`SRS_MAX_CONNECTIONS=3k` is not a number: SRS reads it as 3"
        );
        let h = hits(&[("SRS_LISTEN", "1935 rtmp")]);
        assert_eq!(h.len(), 1);
        assert!(h[0].primary.message.contains("`rtmp`"), "{h:#?}");
        assert!(hits(&[
            ("SRS_LISTEN", "1935 19350"),
            ("SRS_DAEMON", "off"),
            ("SRS_MAX_CONNECTIONS", "10")
        ])
        .is_empty());
    }
}
