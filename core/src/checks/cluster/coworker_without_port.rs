use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::{Fix, Severity};
use crate::values;

use super::glued_hosts;
use super::settings::{HttpApi, VhostCluster};

pub static META: CheckMeta = CheckMeta {
    code: "SRS306",
    name: "coworker-without-port",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::Always,
    summary: "A `coworkers` entry without `:port`, which SRS calls on port 80.",
    doc: doc_text(
        r#"## What it does
Finds a host in `coworkers` written without a port (`srs-origin-1.socs` instead of `srs-origin-1.socs:1985`), in an origin vhost with `origin_cluster on`.

## Why is this bad?
A coworker is the HTTP API address of another origin. SRS puts it into a URL as written — `http://<coworker>/api/v1/clusters?vhost=…&app=…&stream=…` — and adds no port of its own, so a coworker without one is called on port **80**. SRS's HTTP API listens on 1985 by default and nothing listens on 80 in an SRS pod: the lookup fails, and RTMP players asking this origin for a stream published on that origin get slow starts or errors instead of a redirect (ossrs/srs#2825). `srs -t` accepts it. Several guides, including the Chinese "当SRS遇到K8s" one, list coworkers without ports.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        origin_cluster on;
        coworkers srs-origin-1.socs srs-origin-2.socs;
    }
}
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        origin_cluster on;
        coworkers srs-origin-1.socs:1985 srs-origin-2.socs:1985;
    }
}
```
The fix appends this config's own `http_api` port (1985 when not set), since the origins of one cluster usually share one config; it is marked unsafe because the other origins may listen elsewhere.

## References
- SRS `SrsRtmpConn::playing` (trunk/src/app/srs_app_rtmp_conn.cpp: `"http://" + coworker + "/api/v1/clusters?…"`), `SrsHttpHooks::discover_co_workers`
- ossrs/srs#2825
"#,
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let api = HttpApi::of(&cx.config.directives);
    let port = api.port();
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        if vc.origin_cluster_active().is_none() {
            continue;
        }
        let Some(co) = vc.coworkers() else {
            continue;
        };
        for arg in &co.args {
            // Glued hosts are SRS307's; split them first.
            if glued_hosts::split_points(&arg.text).is_some() {
                continue;
            }
            let hp = values::parse_hostport(&arg.text);
            if hp.port.is_some() || hp.host.is_empty() {
                continue;
            }
            let with_port = if hp.host.contains(':') && !arg.text.starts_with('[') {
                format!("[{}]:{port}", hp.host)
            } else {
                format!("{}:{port}", arg.text)
            };
            let mut d = META
                .diagnostic(
                    format!("coworker `{}` has no port", arg.text),
                    arg.span,
                    format!("SRS calls `http://{}/api/v1/clusters` on port 80", arg.text),
                )
                .with_note(
                    "SRS uses each coworker verbatim in `http://<coworker>/api/v1/clusters?…`; without a port that is port 80, where SRS's HTTP API (1985 by default) does not listen, so the lookup fails and RTMP players of streams published on that origin get errors instead of a redirect",
                );
            if let Some(listen) = api.listen {
                d = d.with_label(
                    listen.args_span(),
                    format!(
                        "this server's API listens on port {port}; origins of one cluster usually share the config"
                    ),
                );
            }
            d = d.with_fix(Fix::replace_unsafe(
                format!("write `{with_port}`"),
                arg.span,
                with_port.clone(),
            ));
            out.push(d);
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::schema::SrsVersion;

    fn found(src: &str) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_code(src, SrsVersion::V6, "SRS306")
    }

    #[test]
    fn each_portless_coworker_is_reported_with_the_api_port() {
        let src = "listen 1935;\nhttp_api { enabled on; listen 9090; }\nvhost v { cluster { origin_cluster on; coworkers a.socs b.socs:9090 c.socs; } }\n";
        let d = found(src);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].message, "coworker `a.socs` has no port");
        assert_eq!(&src[d[0].primary.span.range()], "a.socs");
        assert_eq!(&src[d[0].labels[0].span.range()], "9090");
        let fix = d[1].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].replacement, "c.socs:9090");
    }

    #[test]
    fn default_api_port_and_ipv6() {
        let src = "listen 1935;\nhttp_api { enabled on; }\nvhost v { cluster { origin_cluster on; coworkers fd00::2 [fd00::3]; } }\n";
        let d = found(src);
        assert_eq!(d.len(), 2);
        assert!(d[0].labels.is_empty());
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "[fd00::2]:1985");
        assert_eq!(d[1].fix.as_ref().unwrap().edits[0].replacement, "[fd00::3]:1985");
    }

    #[test]
    fn not_reported() {
        for src in [
            // Ports everywhere.
            "listen 1935;\nhttp_api { enabled on; }\nvhost v { cluster { origin_cluster on; coworkers a.socs:1985 127.0.0.1:9091 [::1]:1985; } }\n",
            // origin_cluster off: coworkers are never used (SRS310).
            "listen 1935;\nvhost v { cluster { coworkers a.socs; } }\n",
            // An edge ignores coworkers (SRS304).
            "listen 1935;\nvhost v { cluster { mode remote; origin o:1935; origin_cluster on; coworkers a.socs; } }\n",
            // Glued hosts are SRS307's.
            "listen 1935;\nhttp_api { enabled on; }\nvhost v { cluster { origin_cluster on; coworkers a.socsb.socs; } }\n",
        ] {
            assert!(found(src).is_empty(), "{src}");
        }
    }
}
