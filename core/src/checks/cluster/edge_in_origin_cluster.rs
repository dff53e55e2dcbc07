use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS304",
    name: "edge-in-origin-cluster",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "`mode remote` and `origin_cluster on` in one vhost: an edge ignores the origin cluster.",
    doc: doc_text(
        r"## What it does
Finds a vhost that is an edge (`mode remote`, in `cluster` or in the old vhost-level form) and also sets `origin_cluster on`.

## Why is this bad?
A server is either an edge or an origin for a vhost. SRS asks the `coworkers` where a stream is only when a player connects to an **origin** (`!info->edge && get_vhost_origin_cluster(…)` in `SrsRtmpConn::playing`); an edge pulls from its `origin` list instead. So `origin_cluster on` and `coworkers` do nothing here. Usually the origin's config was copied to the edges, or an origin got `mode remote` by mistake — in which case it pulls its own streams from elsewhere instead of serving them, and publishers on it are forwarded away. `srs -t` accepts it.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin srs-origin-0.socs:1935;
        origin_cluster on;
        coworkers srs-origin-1.socs:1985;
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
        mode remote;
        origin srs-origin-0.socs:1935 srs-origin-1.socs:1935;
    }
}
```
On an edge, list every origin in `origin` and drop `origin_cluster`/`coworkers`; on an origin, drop `mode remote` and `origin`.

## References
- SRS `SrsRtmpConn::playing` (trunk/src/app/srs_app_rtmp_conn.cpp), `get_vhost_is_edge`, `get_vhost_origin_cluster`
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        let (Some(mode), Some(oc)) = (vc.edge_mode(), vc.origin_cluster_on()) else {
            continue;
        };
        let oc_word = oc.args.first().map_or(oc.name.span, |w| w.span);
        let mode_word = mode.args.first().map_or(mode.name.span, |w| w.span);
        out.push(
            META.diagnostic(
                "`origin_cluster on` in an edge vhost, where SRS ignores it",
                oc_word,
                "ignored: this vhost is an edge",
            )
            .with_label(mode_word, "this makes the vhost an edge")
            .with_note(
                "SRS asks the coworkers where a stream is only when a player connects to an origin; an edge pulls from its `origin` list, so `origin_cluster` and `coworkers` are never used here",
            )
            .with_help(
                "if this server is an edge, remove `origin_cluster` and `coworkers`; if it is one of the origins, remove `mode remote` and `origin`",
            ),
        );
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    #[test]
    fn edge_with_origin_cluster_is_reported() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; origin o:1935; origin_cluster on; } }\n";
        let d = lint_conf(src, SrsVersion::V6);
        let f: Vec<_> = d.iter().filter(|d| d.code == "SRS304").collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&src[f[0].primary.span.range()], "on");
        assert_eq!(&src[f[0].labels[0].span.range()], "remote");
    }

    #[test]
    fn vhost_level_mode_counts() {
        assert!(
            codes_of("listen 1935;\nvhost v { mode remote; origin o:1935; cluster { origin_cluster on; } }\n")
                .contains(&"SRS304")
        );
    }

    #[test]
    fn origins_and_plain_edges_are_fine() {
        for src in [
            "listen 1935;\nhttp_api { enabled on; }\nvhost v { cluster { mode local; origin_cluster on; coworkers a:1985; } }\n",
            "listen 1935;\nvhost v { cluster { mode remote; origin o:1935; origin_cluster off; } }\n",
            "listen 1935;\nvhost v { cluster { mode remote; origin o:1935; } }\n",
        ] {
            assert!(!codes_of(src).contains(&"SRS304"), "{src}");
        }
    }
}
