use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::values;

use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS303",
    name: "edge-without-origin",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "An edge vhost (`mode remote`) with no `origin` to pull from or publish to.",
    doc: doc_text(
        r"## What it does
Finds a vhost that is an edge (`cluster { mode remote; }`, or the old vhost-level `mode remote;`) with no `origin` directive, or with an `origin` that lists no server.

## Why is this bad?
An edge serves nothing of its own: it pulls every stream from an origin in `origin` and forwards every publisher to one. Without the list:
- with no `origin` at all, each pull fails (`vhost … removed`, ERROR_EDGE_VHOST_REMOVED) and the edge retries every 3 s forever, so players wait with no data; a publisher trips `srs_assert(conf)` in `SrsEdgeForwarder::start` and aborts the process; with `token_traverse on`, SRS reads the missing list through a null pointer on every connect;
- with `origin;` and no server, SRS's round robin asserts a non-empty list (`srs_assert(!servers.empty())`): the first play or publish on the edge aborts the process.

`srs -t` accepts both.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin srs-origin-0.socs:1935 srs-origin-1.socs:1935;
    }
}
```

## References
- SRS `get_vhost_edge_origin`, `SrsEdgeForwarder::start`, `SrsEdgeRtmpUpstream::connect` and `SrsEdgeFlvUpstream::do_connect` (trunk/src/app/srs_app_edge.cpp), `SrsLbRoundRobin::select` (srs_kernel_balance.cpp), `SrsRtmpConn::check_edge_token_traverse_auth`
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        let Some(mode) = vc.edge_mode() else {
            continue;
        };
        let mode_word = mode.args.first().map_or(mode.name.span, |w| w.span);
        match vc.get("origin") {
            None => {
                let mut d = META
                    .diagnostic(
                        "edge vhost without `origin`",
                        mode_word,
                        "this vhost is an edge, with no origin to pull from",
                    )
                    .with_note(
                        "an edge pulls every stream from an origin in `origin` and forwards every publisher to one; with none, each pull fails (`vhost … removed`) and is retried every 3 s, so players get no data, and the first publisher trips an assertion that aborts SRS",
                    );
                let traverse = vc.get("token_traverse").filter(|t| values::read_flag(t.arg0(), false));
                if let Some(t) = traverse {
                    d = d
                        .with_label(t.span, "on every connect, SRS reads the missing list here")
                        .with_note(
                            "with `token_traverse on`, SRS reads the origin list without checking that it exists: expect a crash on the first connect",
                        );
                }
                out.push(d.with_help(
                    "add `origin <host>:1935;` to `cluster`, listing your origin servers (in Kubernetes, their service or pod DNS names)",
                ));
            }
            Some(origin) if origin.args.is_empty() => {
                out.push(
                    META.diagnostic(
                        "`origin` lists no server",
                        origin.name.span,
                        "no origin server listed",
                    )
                    .with_label(mode_word, "this vhost is an edge")
                    .with_note(
                        "SRS picks an origin with a round robin that asserts the list is not empty: the first play or publish on this edge aborts SRS",
                    )
                    .with_help("list your origin servers: `origin <host>:1935 <host>:1935;`"),
                );
            }
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
    use crate::testing::lint_conf;

    fn find(src: &str) -> Vec<crate::diagnostic::Diagnostic> {
        lint_conf(src, SrsVersion::V6)
            .into_iter()
            .filter(|d| d.code == "SRS303")
            .collect()
    }

    #[test]
    fn missing_origin_points_at_remote() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; } }\n";
        let d = find(src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "edge vhost without `origin`");
        assert_eq!(&src[d[0].primary.span.range()], "remote");
    }

    #[test]
    fn empty_origin_points_at_origin() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; origin; } }\n";
        let d = find(src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "`origin` lists no server");
        assert_eq!(&src[d[0].primary.span.range()], "origin");
        assert_eq!(&src[d[0].labels[0].span.range()], "remote");
    }

    #[test]
    fn token_traverse_adds_the_crash_note() {
        let d = find("listen 1935;\nvhost v { cluster { mode remote; token_traverse on; } }\n");
        assert_eq!(d[0].labels.len(), 1);
        assert!(d[0].notes.iter().any(|n| n.contains("crash")));
    }

    #[test]
    fn vhost_level_forms_count() {
        // The old vhost-level `origin` is moved into `cluster` by SRS.
        assert!(find("listen 1935;\nvhost v { mode remote; origin o:1935; }\n").is_empty());
        assert!(find("listen 1935;\nvhost v { cluster { mode remote; } origin o:1935; }\n").is_empty());
        assert_eq!(find("listen 1935;\nvhost v { mode remote; }\n").len(), 1);
        // The last vhost-level `mode` wins over the cluster block.
        assert!(find("listen 1935;\nvhost v { cluster { mode remote; } mode local; }\n").is_empty());
    }

    #[test]
    fn origins_and_edges_with_origins_are_fine() {
        assert!(find("listen 1935;\nvhost v { cluster { mode local; } }\n").is_empty());
        assert!(find("listen 1935;\nvhost v { }\n").is_empty());
        assert!(find("listen 1935;\nvhost v { cluster { mode remote; origin 127.0.0.1:19350; } }\n").is_empty());
    }
}
