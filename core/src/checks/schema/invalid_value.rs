use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::{Directive, Word};
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS113",
    name: "invalid-value",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "A setting with a fixed set of values (`mode local|remote`, …) given something else.",
    doc: doc_text(
        r#"## What it does
Checks the settings that take one of a few words: `cluster.mode` (`local`, `remote`), `cluster.protocol` (`rtmp`, `flv`, `flvs`), `srs_log_tank` (`file`, `console`), `srs_log_level` (`verbose`, `info`, `trace`, `warn`, `error`).

## Why is this bad?
SRS compares with one value and treats everything else as the other: a vhost is an edge only when `mode` is exactly `remote`, so `mode edge;` makes an **origin** that never pulls from the `origin` list, and players get nothing. `srs -t` does not notice.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode edge;
        origin 10.0.0.1:1935;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin 10.0.0.1:1935;
    }
}
```

## References
- SRS `get_vhost_is_edge` (`mode == "remote"`), `srs_app_edge.cpp` (protocol)
"#,
    ),
};

fn allowed(ctx: &str, name: &str) -> Option<(&'static [&'static str], &'static str)> {
    Some(match (ctx, name) {
        ("vhost.cluster", "mode") => (&["local", "remote"], "anything but `remote` makes this vhost an origin"),
        ("vhost.cluster", "protocol") => (&["rtmp", "flv", "flvs"], "the edge cannot pull with another protocol"),
        ("root", "srs_log_tank") => (&["file", "console"], "anything but `console` writes to the log file"),
        ("root", "srs_log_level") => (
            &["verbose", "info", "trace", "warn", "error"],
            "an unknown level falls back to `trace`",
        ),
        _ => return None,
    })
}

pub fn check(ctx: &str, d: &Directive, value: &Word) -> Option<Diagnostic> {
    let (values, effect) = allowed(ctx, &d.name.text)?;
    if values.contains(&value.text.as_str()) {
        return None;
    }
    let mut diag = META
        .diagnostic(
            format!(
                "`{} {}` is not one of {}",
                d.name.text,
                value.text,
                values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
            ),
            value.span,
            "not a value SRS knows here",
        )
        .with_note(format!("SRS does not reject it: {effect}"));
    let guess = match (d.name.text.as_str(), value.text.to_ascii_lowercase().as_str()) {
        ("mode", "edge") => Some("remote"),
        ("mode", "origin") => Some("local"),
        ("srs_log_tank", "stdout" | "stderr") => Some("console"),
        ("srs_log_level", "debug") => Some("verbose"),
        ("srs_log_level", "warning") => Some("warn"),
        ("protocol", "http-flv" | "httpflv" | "http") => Some("flv"),
        ("protocol", "https-flv" | "https") => Some("flvs"),
        _ => super::directive_table::did_you_mean(&value.text.to_ascii_lowercase(), values.iter().copied()),
    };
    if let Some(g) = guess {
        diag = diag.with_fix(crate::diagnostic::Fix::unsafe_(
            format!("write `{g}`"),
            vec![crate::diagnostic::Edit {
                span: value.span,
                replacement: g.to_string(),
            }],
        ));
    }
    Some(diag)
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn mode_edge() {
        let d = lint_conf(
            "listen 1935;\nvhost v { cluster { mode edge; origin a; } }\n",
            SrsVersion::V6,
        );
        let v: Vec<_> = d.iter().filter(|d| d.code == "SRS113").collect();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].fix.as_ref().unwrap().edits[0].replacement, "remote");
    }
}
