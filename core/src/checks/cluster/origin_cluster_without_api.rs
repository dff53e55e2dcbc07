use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

use super::settings::{HttpApi, VhostCluster};

pub static META: CheckMeta = CheckMeta {
    code: "SRS308",
    name: "origin-cluster-without-api",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::None,
    summary:
        "`origin_cluster on` while the HTTP API is missing or off, so the other origins cannot find this one's streams.",
    doc: doc_text(
        r"## What it does
Finds an origin vhost with `origin_cluster on` in a config whose top-level `http_api` is missing or not enabled (`enabled on` is required; anything else is off).

## Why is this bad?
Origins find each other's streams over HTTP: an origin that has no publisher for a stream calls `POST http://<coworker>/api/v1/clusters?…` on each coworker, and the origin that has it answers with its address. That answer comes from the HTTP API. With the API off, every lookup sent to this server is refused, so players that reach another origin for a stream published **here** get errors instead of a redirect. `srs -t` accepts it.

From SRS 5 the environment can turn the API on (`SRS_HTTP_API_ENABLED=on`); if your deployment does that, suppress this check for the file.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
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
        origin_cluster on;
        coworkers srs-origin-1.socs:1985;
    }
}
```

## References
- SRS `SrsGoApiClusters` (trunk/src/app/srs_app_http_api.cpp, `/api/v1/clusters`), `SrsHttpHooks::discover_co_workers`, `get_http_api_enabled`
- ossrs/srs#464 (origin cluster)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let api = HttpApi::of(&cx.config.directives);
    if api.is_enabled() {
        return;
    }
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        let Some(oc) = vc.origin_cluster_active() else {
            continue;
        };
        let oc_word = oc.args.first().map_or(oc.name.span, |w| w.span);
        let mut d = META.diagnostic(
            "origin cluster with the HTTP API off",
            oc_word,
            "the other origins ask this server's HTTP API where its streams are",
        );
        d = match (api.block, api.enabled) {
            (None, _) => d,
            (Some(_), Some(enabled)) => d.with_label(enabled.span, "the HTTP API is off here"),
            (Some(block), None) => d.with_label(block.name.span, "no `enabled on`: the HTTP API is off"),
        };
        d = d.with_note(
            "an origin without a stream calls `/api/v1/clusters` on its coworkers to find it; with this server's API off, those calls are refused, so players that reach another origin for a stream published here get errors instead of a redirect",
        );
        if cx.version.reads_env() {
            d = d.with_note(
                "SRS 5 and later also read `SRS_HTTP_API_ENABLED`: if the deployment sets it to `on`, the API is on after all",
            );
        }
        out.push(d.with_help("enable it at the top level: `http_api { enabled on; listen 1985; }`"));
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::codes_of;

    const VHOST: &str = "vhost v { cluster { origin_cluster on; coworkers b:1985; } }\n";

    fn found(src: &str, v: SrsVersion) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_code(src, v, "SRS308")
    }

    #[test]
    fn missing_api() {
        let src = format!("listen 1935;\n{VHOST}");
        let d = found(&src, SrsVersion::V6);
        assert_eq!(d.len(), 1);
        assert_eq!(&src[d[0].primary.span.range()], "on");
        assert!(d[0].labels.is_empty());
        assert!(d[0].notes.iter().any(|n| n.contains("SRS_HTTP_API_ENABLED")));
        // SRS 4 reads no environment.
        let d = found(&src, SrsVersion::V4);
        assert!(!d[0].notes.iter().any(|n| n.contains("SRS_HTTP_API_ENABLED")));
    }

    #[test]
    fn api_off_or_not_enabled() {
        let src = format!("listen 1935;\nhttp_api {{ enabled off; listen 1985; }}\n{VHOST}");
        let d = found(&src, SrsVersion::V6);
        assert_eq!(&src[d[0].labels[0].span.range()], "enabled off;");
        let src = format!("listen 1935;\nhttp_api {{ listen 1985; }}\n{VHOST}");
        let d = found(&src, SrsVersion::V6);
        assert_eq!(&src[d[0].labels[0].span.range()], "http_api");
        // `yes` is off for SRS.
        assert_eq!(
            found(
                &format!("listen 1935;\nhttp_api {{ enabled yes; }}\n{VHOST}"),
                SrsVersion::V6
            )
            .len(),
            1
        );
    }

    #[test]
    fn enabled_api_or_no_origin_cluster() {
        assert!(!codes_of(&format!("listen 1935;\nhttp_api {{ enabled on; }}\n{VHOST}")).contains(&"SRS308"));
        assert!(!codes_of("listen 1935;\nvhost v { cluster { origin_cluster off; } }\n").contains(&"SRS308"));
        assert!(!codes_of("listen 1935;\nvhost v { cluster { mode remote; origin o:1935; } }\n").contains(&"SRS308"));
    }
}
