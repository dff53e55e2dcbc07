use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS212",
    name: "https-without-http",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::Sometimes,
    summary: "HTTPS API or HTTPS server enabled while its HTTP side is off.",
    doc: doc_text(
        r"## What it does
Reports `http_api { https { enabled on; } }` while `http_api.enabled` is off, and `http_server { https { enabled on; } }` while `http_server.enabled` is off. Both `enabled` flags default to off and are on only when written `on`.

## Why is this bad?
SRS runs HTTPS as part of the HTTP API or HTTP server: `srs -t` fails with `https api depends on http` or `https stream depends on http` and the server does not start.

## Example
```conf
listen 1935;
http_server {
    listen 8080;
    https {
        enabled on;
        listen 8088;
        key ./conf/server.key;
        cert ./conf/server.crt;
    }
}
```

## Fix
```conf
listen 1935;
http_server {
    enabled on;
    listen 8080;
    https {
        enabled on;
        listen 8088;
        key ./conf/server.key;
        cert ./conf/server.crt;
    }
}
```
When the block has an `enabled` line, the fix turns it `on` (marked unsafe: the plain-HTTP port opens too).

## References
- SRS `SrsConfig::check_normal_config`, `get_https_api_enabled`, `get_https_stream_enabled` (trunk/src/app/srs_app_config.cpp). Not in a 2021 4.0 tree; srs-check applies it from 5.0.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V5 {
        return;
    }
    let root = &cx.config.directives;
    let mut found = Vec::new();
    for (block, what, srs) in [
        (
            getters::first(root, "http_api"),
            "HTTP API",
            "https api depends on http",
        ),
        (
            getters::http_server(root),
            "HTTP server",
            "https stream depends on http",
        ),
    ] {
        if let Some(diag) = check(block, what, srs) {
            found.push(diag);
        }
    }
    cx.out.extend(found);
}

fn check(block: Option<&Directive>, what: &str, srs: &str) -> Option<Diagnostic> {
    let block = block?;
    let https_enabled = block.get("https")?.get("enabled")?;
    let enabled = block.get("enabled");
    if !getters::flag(Some(https_enabled), false) || getters::flag(enabled, false) {
        return None;
    }
    let name = &block.name.text;
    let mut diag = META
        .diagnostic(
            format!("HTTPS is on in `{name}`, but the {what} itself is off"),
            https_enabled.args.first().map_or(https_enabled.name.span, |w| w.span),
            "HTTPS is on here",
        )
        .with_note(format!("SRS: `{srs}`; `srs -t` fails and the server does not start"))
        .with_help(format!("write `enabled on;` in `{name}`, or turn its `https` off"));
    match enabled {
        Some(e) => {
            diag = diag.with_label(
                e.args.first().map_or(e.name.span, |w| w.span),
                format!("the {what} is off: only `on` is on"),
            );
            let edit = match e.args.first() {
                Some(w) => Edit {
                    span: w.span,
                    replacement: "on".into(),
                },
                None => Edit {
                    span: e.span,
                    replacement: "enabled on;".into(),
                },
            };
            diag = diag.with_fix(Fix::unsafe_(format!("turn the {what} on"), vec![edit]));
        }
        None => {
            diag = diag.with_label(
                block.name.span,
                format!("no `enabled` here: the {what} is off by default"),
            );
        }
    }
    Some(diag)
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn messages(src: &str, v: SrsVersion) -> Vec<String> {
        lint_conf(src, v)
            .into_iter()
            .filter(|d| d.code == "SRS212")
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn https_needs_http() {
        let src =
            "listen 1935;\nhttp_api { enabled off; https { enabled on; } }\nhttp_server { https { enabled on; } }\n";
        assert_eq!(
            messages(src, SrsVersion::V6),
            [
                "HTTPS is on in `http_api`, but the HTTP API itself is off",
                "HTTPS is on in `http_server`, but the HTTP server itself is off",
            ]
        );
        assert!(messages(src, SrsVersion::V4).is_empty());
    }

    #[test]
    fn http_on_or_https_off() {
        for src in [
            "listen 1935;\nhttp_api { enabled on; https { enabled on; } }\n",
            "listen 1935;\nhttp_api { https { enabled off; } }\n",
            "listen 1935;\nhttp_server { https { listen 8088; } }\n",
            "listen 1935;\n",
        ] {
            assert!(messages(src, SrsVersion::V6).is_empty(), "{src}");
        }
    }
}
