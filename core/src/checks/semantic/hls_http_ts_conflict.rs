use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::conf::{Directive, Word};
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS206",
    name: "hls-http-ts-conflict",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "HLS and HTTP-TS (an `http_remux` mount ending in `.ts`) in the same vhost.",
    doc: doc_text(
        r"## What it does
Reports a vhost with HLS on and an enabled `http_remux` whose `mount` ends in `.ts` (HTTP-TS), exactly as `srs -t` sees it: HLS counts as on when any `hls` block of the vhost has `enabled on;`, and a mount counts when it comes **after** `enabled on;` in the same `http_remux` block (SRS reads the block top to bottom). Only the literal value `on` counts.

## Why is this bad?
Both are `.ts` URLs on the same HTTP server: for a request like `/live/stream.ts` SRS cannot tell an HTTP-TS stream from an HLS segment. Since SRS 6, `srs -t` refuses the combination with `vhost.hls conflict with vhost.http-ts of <vhost>` and the server does not start. (When `mount` is written before `enabled on;`, `srs -t` misses the conflict, but the two still collide.)

## Example
```conf
listen 1935;
http_server {
    enabled on;
    listen 8080;
}
vhost __defaultVhost__ {
    hls {
        enabled on;
    }
    http_remux {
        enabled on;
        mount [vhost]/[app]/[stream].ts;
    }
}
```

## Fix
```conf
listen 1935;
http_server {
    enabled on;
    listen 8080;
}
vhost __defaultVhost__ {
    hls {
        enabled on;
    }
    http_remux {
        enabled on;
        mount [vhost]/[app]/[stream].flv;
    }
}
```

## References
- SRS `SrsConfig::check_normal_config` (trunk/src/app/srs_app_config.cpp), ossrs/srs#3391 and ossrs/srs#3400 (SRS 6.0); srs-check applies it from 6.0. Whether 5.0release carries it was not verified.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V6 {
        return;
    }
    let mut found = Vec::new();
    for vhost in walk::vhosts(&cx.config.directives) {
        let (Some(hls_on), Some(ts_mount)) = (hls_enabled(vhost), http_ts_mount(vhost)) else {
            continue;
        };
        found.push(
            META.diagnostic(
                format!("vhost `{}` has both HLS and HTTP-TS", vhost.arg0()),
                ts_mount.span,
                "an HTTP-TS mount",
            )
            .with_label(hls_on.span, "HLS is on here")
            .with_note(format!(
                "SRS: `vhost.hls conflict with vhost.http-ts of {}`; `srs -t` fails and the server does not start",
                vhost.arg0()
            ))
            .with_note(
                "HLS segments and HTTP-TS streams are both `.ts` URLs: SRS cannot tell which one a request means",
            )
            .with_help("serve HTTP-TS from another vhost, mount HTTP-FLV (`.flv`) here instead, or turn HLS off"),
        );
    }
    cx.out.extend(found);
}

/// The first `enabled on` of any `hls` block of the vhost.
fn hls_enabled(vhost: &Directive) -> Option<&Word> {
    vhost
        .children()
        .iter()
        .filter(|d| d.name.text == "hls")
        .flat_map(Directive::children)
        .filter(|d| d.name.text == "enabled" && d.arg0() == "on")
        .find_map(|d| d.args.first())
}

/// The first `.ts` mount that follows `enabled on` in an `http_remux` block.
/// Case-sensitive, as SRS's `srs_string_ends_with`: `.TS` does not count.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn http_ts_mount(vhost: &Directive) -> Option<&Word> {
    for remux in vhost.children().iter().filter(|d| d.name.text == "http_remux") {
        let mut enabled = false;
        for d in remux.children() {
            if d.name.text == "enabled" && d.arg0() == "on" {
                enabled = true;
            }
            if enabled && d.name.text == "mount" && d.arg0().ends_with(".ts") {
                return d.args.first();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn hit(body: &str, v: SrsVersion) -> bool {
        let src = format!("listen 1935;\nvhost v {{\n{body}\n}}\n");
        lint_conf(&src, v).iter().any(|d| d.code == "SRS206")
    }

    #[test]
    fn hls_with_http_ts() {
        let body = "hls { enabled on; }\nhttp_remux { enabled on; mount [vhost]/[app]/[stream].ts; }";
        assert!(hit(body, SrsVersion::V6));
        assert!(hit(body, SrsVersion::V7));
        assert!(!hit(body, SrsVersion::V5));
    }

    #[test]
    fn what_srs_t_lets_through() {
        for body in [
            // HLS off.
            "hls { enabled off; }\nhttp_remux { enabled on; mount [vhost]/[app]/[stream].ts; }",
            // HTTP-TS off.
            "hls { enabled on; }\nhttp_remux { enabled off; mount [vhost]/[app]/[stream].ts; }",
            // FLV.
            "hls { enabled on; }\nhttp_remux { enabled on; mount [vhost]/[app]/[stream].flv; }",
            // `mount` before `enabled on`: SRS's loop has not seen `enabled` yet.
            "hls { enabled on; }\nhttp_remux { mount [vhost]/[app]/[stream].ts; enabled on; }",
            // Only the literal `on` counts.
            "hls { enabled yes; }\nhttp_remux { enabled on; mount [vhost]/[app]/[stream].ts; }",
        ] {
            assert!(!hit(body, SrsVersion::V6), "{body}");
        }
    }
}
