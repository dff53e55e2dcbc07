use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS310",
    name: "coworkers-without-origin-cluster",
    severity: Severity::Warning,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "`coworkers` listed while `origin_cluster` is not on, so SRS never uses the list.",
    doc: doc_text(
        r"## What it does
Finds a vhost whose `cluster` lists `coworkers` but does not turn the origin cluster on: `origin_cluster` is missing, `off`, or anything but `on` (SRS reads `yes` or `true` as off).

## Why is this bad?
SRS reads `coworkers` only when `origin_cluster on`. Without it, an RTMP player asking this origin for a stream published on another origin is not redirected: it waits here for a publisher that never comes. The list looks like a working origin cluster and is not. `srs -t` accepts it.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        coworkers srs-origin-1.socs:1985 srs-origin-2.socs:1985;
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
Add `origin_cluster on;` if this server is one of several origins; otherwise remove `coworkers`.

## References
- SRS `SrsRtmpConn::playing` (trunk/src/app/srs_app_rtmp_conn.cpp), `get_vhost_origin_cluster` (`SRS_CONF_PREFER_FALSE`), `get_vhost_coworkers`
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        let Some(co) = vc.coworkers() else {
            continue;
        };
        if co.args.is_empty() || vc.origin_cluster_on().is_some() {
            continue;
        }
        let mut d = META.diagnostic(
            "`coworkers` without `origin_cluster on`: SRS never uses them",
            co.name.span,
            "never used",
        );
        if let Some(oc) = vc.get("origin_cluster") {
            d = d.with_label(oc.span, "the origin cluster is off here");
        }
        d = d.with_note(
            "SRS asks the coworkers only when `origin_cluster on`: an RTMP player asking this server for a stream published on another origin waits here instead of being redirected",
        );
        d = if vc.edge_mode().is_some() {
            d.with_help("this vhost is an edge, which pulls from `origin` and never asks coworkers: remove `coworkers`")
        } else {
            d.with_help(
                "add `origin_cluster on;` to `cluster` if this server is one of several origins; otherwise remove `coworkers`",
            )
        };
        out.push(d);
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::schema::SrsVersion;

    fn found(src: &str) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_code(src, SrsVersion::V6, "SRS310")
    }

    #[test]
    fn missing_or_off_origin_cluster() {
        let src = "listen 1935;\nvhost v { cluster { coworkers a:1985; } }\n";
        let d = found(src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(&src[d[0].primary.span.range()], "coworkers");
        let src = "listen 1935;\nvhost v { cluster { origin_cluster off; coworkers a:1985; } }\n";
        let d = found(src);
        assert_eq!(&src[d[0].labels[0].span.range()], "origin_cluster off;");
        // Edges never use coworkers either.
        assert_eq!(
            found("listen 1935;\nvhost v { cluster { mode remote; origin o:1935; coworkers a:1985; } }\n").len(),
            1
        );
    }

    #[test]
    fn on_or_empty_is_not_this_check() {
        assert!(found(
            "listen 1935;\nhttp_api { enabled on; }\nvhost v { cluster { origin_cluster on; coworkers a:1985; } }\n"
        )
        .is_empty());
        assert!(found("listen 1935;\nvhost v { cluster { coworkers; } }\n").is_empty());
        assert!(found("listen 1935;\nvhost v { }\n").is_empty());
    }
}
