use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::{Fix, Severity};

use super::settings::{is_loopback_host, HttpApi, VhostCluster};

pub static META: CheckMeta = CheckMeta {
    code: "SRS309",
    name: "api-bound-to-loopback",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::Always,
    summary:
        "An origin-cluster origin whose HTTP API listens on a loopback address while its coworkers are on other hosts.",
    doc: doc_text(
        r"## What it does
Finds an origin vhost with `origin_cluster on` in a config whose `http_api` listens on a loopback address (`127.0.0.1:1985`, `[::1]:1985`) while at least one coworker is on another host (not `127.x`, `::1` or `localhost`).

When every coworker is a loopback address — all origins on one machine, as in SRS's own `origin.cluster.server*.conf` — there is nothing to report.

From SRS 5 the environment variable `SRS_HTTP_API_LISTEN` overrides `listen`; this check reads the file only.

## Why is this bad?
The other origins ask this server where its streams are by calling its HTTP API (`/api/v1/clusters`) from their own hosts or pods. An API bound to a loopback address refuses every one of those connections, so players that reach another origin for a stream published here get errors instead of a redirect (ossrs/srs#2947). In Kubernetes the pod IP is not loopback, so this breaks as soon as the origins are separate pods. `srs -t` accepts it.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 127.0.0.1:1985;
}
vhost __defaultVhost__ {
    cluster {
        origin_cluster on;
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
The fix keeps the port and drops the address, so the API listens on every interface (marked unsafe: it exposes the API beyond the host; protect it with `http_api.auth` or a network policy).

## References
- SRS `get_http_api_listen`, `SrsGoApiClusters` (trunk/src/app/srs_app_http_api.cpp), `SrsHttpHooks::discover_co_workers`
- ossrs/srs#2947
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let api = HttpApi::of(&cx.config.directives);
    let (true, Some(listen), Some(endpoint)) = (api.is_enabled(), api.listen, api.endpoint()) else {
        return;
    };
    if !endpoint.is_loopback() {
        return;
    }
    let Some(addr) = listen.args.first() else {
        return;
    };
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        if vc.origin_cluster_active().is_none() {
            continue;
        }
        let Some(remote) = vc
            .coworkers()
            .and_then(|co| co.args.iter().find(|a| !is_loopback_host(&a.text)))
        else {
            continue;
        };
        out.push(
            META.diagnostic(
                format!(
                    "the HTTP API listens on loopback `{}` only, but coworkers are on other hosts",
                    addr.text
                ),
                addr.span,
                "the other origins cannot connect to this",
            )
            .with_label(remote.span, "another origin, which calls this server's API from its own host")
            .with_note(
                "the other origins call this server's `/api/v1/clusters` from their own hosts or pods; an API bound to a loopback address refuses them, so they cannot find streams published here and their players get errors (ossrs/srs#2947)",
            )
            .with_fix(Fix::replace_unsafe(format!("listen on every interface: `listen {};`", endpoint.port), addr.span, endpoint.port.to_string())),
        );
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;

    fn found(src: &str) -> Vec<crate::diagnostic::Diagnostic> {
        crate::testing::lint_code(src, SrsVersion::V6, "SRS309")
    }

    #[test]
    fn loopback_api_with_remote_coworkers() {
        let src = "listen 1935;\nhttp_api { enabled on; listen 127.0.0.1:9090; }\nvhost v { cluster { origin_cluster on; coworkers 127.0.0.1:9091 srs-origin-1.socs:9090; } }\n";
        let d = found(src);
        assert_eq!(d.len(), 1);
        assert_eq!(&src[d[0].primary.span.range()], "127.0.0.1:9090");
        assert_eq!(&src[d[0].labels[0].span.range()], "srs-origin-1.socs:9090");
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "9090");
        let ipv6 = "listen 1935;\nhttp_api { enabled on; listen [::1]:1985; }\nvhost v { cluster { origin_cluster on; coworkers 10.0.0.2:1985; } }\n";
        assert_eq!(found(ipv6).len(), 1);
    }

    #[test]
    fn single_host_clusters_and_open_apis_are_fine() {
        for src in [
            // SRS's origin.cluster.serverA.conf shape: every coworker on this host.
            "listen 19350;\nhttp_api { enabled on; listen 127.0.0.1:9090; }\nvhost v { cluster { origin_cluster on; coworkers 127.0.0.1:9091 localhost:9092; } }\n",
            "listen 1935;\nhttp_api { enabled on; listen 1985; }\nvhost v { cluster { origin_cluster on; coworkers a.socs:1985; } }\n",
            "listen 1935;\nhttp_api { enabled on; listen 0.0.0.0:1985; }\nvhost v { cluster { origin_cluster on; coworkers a.socs:1985; } }\n",
            // No origin cluster: the API may be private.
            "listen 1935;\nhttp_api { enabled on; listen 127.0.0.1:1985; }\nvhost v { }\n",
        ] {
            assert!(found(src).is_empty(), "{src}");
        }
    }
}
