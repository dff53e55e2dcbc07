use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;
use crate::values;

use super::glued_hosts;
use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS311",
    name: "origin-without-port",
    severity: Severity::Info,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "An edge that pulls over HTTP-FLV from an `origin` without a port, so SRS calls port 80 (or 443).",
    doc: doc_text(
        r"## What it does
Finds an `origin` host without `:port` in an edge vhost that pulls over HTTP-FLV: `cluster { protocol flv; }` (port 80 by default), `protocol flvs` (443), or `follow_client on` (an HTTP-FLV player makes the edge pull over HTTP-FLV). SRS 5 and later; `protocol` and `follow_client` do not exist before.

With the default `protocol rtmp`, a host without a port means 1935, SRS's usual RTMP port, and nothing is reported.

## Why is this bad?
SRS serves HTTP-FLV from its `http_server`, which listens on **8080** by default, but an edge pulling over HTTP-FLV from a port-less origin connects to port 80 (443 for `flvs`): unless the origins really serve HTTP-FLV there, every pull fails and players get nothing. Publishers on the same edge are still forwarded over RTMP, to port 1935 of the same host, so publishing works while playing does not.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        protocol flv;
        origin srs-origin-0.socs srs-origin-1.socs;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        protocol flv;
        origin srs-origin-0.socs:8080 srs-origin-1.socs:8080;
    }
}
```
Write the port of the origins' `http_server` explicitly. There is no automatic fix: this config does not say which port the origins use.

## References
- SRS `SrsEdgeIngester::do_cycle` (protocol and `follow_client`), `SrsEdgeFlvUpstream::do_connect` (`SRS_DEFAULT_HTTP_PORT`, `SRS_DEFAULT_HTTPS_PORT`), `SrsEdgeForwarder::start` (RTMP, `SRS_CONSTS_RTMP_DEFAULT_PORT`) in trunk/src/app/srs_app_edge.cpp
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V5 {
        return;
    }
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        if vc.edge_mode().is_none() {
            continue;
        }
        let Some(origin) = vc.get("origin") else {
            continue;
        };
        let protocol = vc.get("protocol");
        let follow = vc.get("follow_client").filter(|d| values::read_flag(d.arg0(), false));
        let (port, why) = match (protocol, follow) {
            (Some(p), _) if p.arg0() == "flv" => (80, p),
            (Some(p), _) if p.arg0() == "flvs" => (443, p),
            (_, Some(f)) => (80, f),
            _ => continue,
        };
        for arg in &origin.args {
            if glued_hosts::split_points(&arg.text).is_some() {
                continue;
            }
            let hp = values::parse_hostport(&arg.text);
            if hp.port.is_some() || hp.host.is_empty() {
                continue;
            }
            let (message, label) = if why.name.text == "follow_client" {
                (
                    format!(
                        "origin `{}` has no port: HTTP-FLV players make the edge pull from port 80",
                        arg.text
                    ),
                    "the edge pulls with the player's protocol",
                )
            } else {
                (
                    format!(
                        "origin `{}` has no port: the edge pulls over HTTP-FLV from port {port}",
                        arg.text
                    ),
                    "pulls over HTTP-FLV",
                )
            };
            out.push(
                META.diagnostic(message, arg.span, format!("pulled from port {port}"))
                    .with_label(why.span, label)
                    .with_note(
                        "SRS's `http_server`, where an origin serves HTTP-FLV, listens on 8080 by default; publishers on this edge are still forwarded over RTMP, to port 1935 of the same host",
                    )
                    .with_help(format!(
                        "write the origins' HTTP-FLV port, e.g. `{}:8080`",
                        arg.text
                    )),
            );
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::schema::SrsVersion;

    fn found(src: &str, v: SrsVersion) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_code(src, v, "SRS311")
    }

    #[test]
    fn flv_and_flvs_edges() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; protocol flv; origin a.socs b.socs:8080; } }\n";
        let d = found(src, SrsVersion::V6);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
        assert_eq!(&src[d[0].primary.span.range()], "a.socs");
        assert_eq!(&src[d[0].labels[0].span.range()], "protocol flv;");
        assert!(d[0].message.ends_with("port 80"));
        let src = "listen 1935;\nvhost v { cluster { mode remote; protocol flvs; origin a.socs; } }\n";
        assert!(found(src, SrsVersion::V6)[0].message.ends_with("port 443"));
    }

    #[test]
    fn follow_client() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; follow_client on; origin a.socs; } }\n";
        let d = found(src, SrsVersion::V6);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("HTTP-FLV players"));
    }

    #[test]
    fn rtmp_edges_origins_and_old_versions_are_quiet() {
        for src in [
            "listen 1935;\nvhost v { cluster { mode remote; origin a.socs; } }\n",
            "listen 1935;\nvhost v { cluster { mode remote; protocol rtmp; origin a.socs; } }\n",
            "listen 1935;\nvhost v { cluster { mode remote; protocol flv; origin a.socs:8080 [::1]:8080; } }\n",
            "listen 1935;\nvhost v { cluster { mode local; protocol flv; origin a.socs; } }\n",
        ] {
            assert!(found(src, SrsVersion::V6).is_empty(), "{src}");
        }
        let src = "listen 1935;\nvhost v { cluster { mode remote; protocol flv; origin a.socs; } }\n";
        assert!(found(src, SrsVersion::V4).is_empty());
    }
}
