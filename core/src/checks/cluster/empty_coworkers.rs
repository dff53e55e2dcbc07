use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS305",
    name: "empty-coworkers",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "`origin_cluster on` with no `coworkers` (or `coworkers;` with no hosts).",
    doc: doc_text(
        r"## What it does
Finds an origin vhost with `origin_cluster on` whose `cluster` has no `coworkers`, or a `coworkers` directive that lists no host.

## Why is this bad?
With `origin_cluster on`, when an RTMP player asks this origin for a stream that is not being published here, SRS asks each coworker's HTTP API where the stream is and redirects the player there (RTMP 302). It never waits for the publisher. With no coworkers there is nobody to ask: the player gets an error at once (`no origin`, ERROR_OCLUSTER_REDIRECT) and is disconnected — no redirect for streams published on the other origins, and no waiting for a stream that is about to start here. `srs -t` accepts it.

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
List the HTTP API address (`host:port`) of every other origin. A single origin does not need `origin_cluster` at all.

## References
- SRS `SrsRtmpConn::playing` (trunk/src/app/srs_app_rtmp_conn.cpp), `get_vhost_coworkers`, `SrsHttpHooks::discover_co_workers`
- ossrs/srs#464 (origin cluster)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        let Some(oc) = vc.origin_cluster_active() else {
            continue;
        };
        let oc_word = oc.args.first().map_or(oc.name.span, |w| w.span);
        let note = "when an RTMP player asks this origin for a stream not published here, SRS asks the coworkers where it is and redirects the player; with none, the player gets an error at once (`no origin`) and is disconnected, without waiting for the stream";
        let help = "list the HTTP API `host:port` of every other origin, e.g. `coworkers srs-origin-1.socs:1985;`, or set `origin_cluster off` on a single origin";
        match vc.coworkers() {
            None => out.push(
                META.diagnostic(
                    "`origin_cluster on` without `coworkers`",
                    oc_word,
                    "no coworkers to ask where a stream is",
                )
                .with_note(note)
                .with_help(help),
            ),
            Some(co) if co.args.is_empty() => out.push(
                META.diagnostic(
                    "`coworkers` lists no host",
                    co.name.span,
                    "no coworkers to ask where a stream is",
                )
                .with_label(oc_word, "the origin cluster is on here")
                .with_note(note)
                .with_help(help),
            ),
            Some(_) => {}
        }
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    const API: &str = "listen 1935;\nhttp_api { enabled on; listen 1985; }\n";

    #[test]
    fn missing_coworkers() {
        let src = format!("{API}vhost v {{ cluster {{ origin_cluster on; }} }}\n");
        let d = lint_conf(&src, SrsVersion::V6);
        let f: Vec<_> = d.iter().filter(|d| d.code == "SRS305").collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "`origin_cluster on` without `coworkers`");
        assert_eq!(&src[f[0].primary.span.range()], "on");
    }

    #[test]
    fn coworkers_without_hosts() {
        let src = format!("{API}vhost v {{ cluster {{ origin_cluster on; coworkers; }} }}\n");
        let d = lint_conf(&src, SrsVersion::V6);
        let f = d.iter().find(|d| d.code == "SRS305").unwrap();
        assert_eq!(f.message, "`coworkers` lists no host");
        assert_eq!(&src[f.primary.span.range()], "coworkers");
        assert_eq!(&src[f.labels[0].span.range()], "on");
    }

    #[test]
    fn only_for_active_origin_clusters() {
        for src in [
            format!("{API}vhost v {{ cluster {{ origin_cluster off; }} }}\n"),
            format!("{API}vhost v {{ cluster {{ origin_cluster on; coworkers a:1985; }} }}\n"),
            // An edge ignores origin_cluster (SRS304 says so).
            format!("{API}vhost v {{ cluster {{ mode remote; origin o:1935; origin_cluster on; }} }}\n"),
        ] {
            assert!(!codes_of(&src).contains(&"SRS305"), "{src}");
        }
    }
}
