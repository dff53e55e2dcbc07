use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::{Directive, Word};
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS111",
    name: "invalid-endpoint",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::None,
    summary: "A listen address that is not `[ip:]port` with a port from 1 to 65535.",
    doc: doc_text(
        r#"## What it does
Checks every `listen` (top level, `http_api`, `http_server`, their `https`, `rtc_server`, `srt_server`, `exporter`, `stream_caster`): a port from 1 to 65535, optionally after an IPv4 address or a bracketed IPv6 address (`[::]:1935`). A host name is not allowed.

## Why is this bad?
For the RTMP `listen` SRS refuses to start (`listen.port=0 is invalid`). For the others it may start and fail to bind, or bind where nobody connects: an `http_api` that does not listen where the other origins call it breaks the origin cluster's stream lookup.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen localhost:1985;
}
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
```

## References
- SRS `srs_parse_endpoint`, `check_normal_config` ("listen.ip=%s is invalid", "listen.port=%d is invalid")
"#,
    ),
};

pub fn diagnostic(ctx: &str, d: &Directive, value: &Word, why: &str) -> Diagnostic {
    let place = if ctx == "root" {
        String::new()
    } else {
        format!("{ctx}.")
    };
    let mut diag = META
        .diagnostic(
            format!("`{place}{} {}` is not a valid listen address", d.name.text, value.text),
            value.span,
            why.to_string(),
        )
        .with_help("write a port (`1985`), `ip:port` (`0.0.0.0:1985`) or `[ipv6]:port`");
    if ctx == "http_api" {
        diag = diag.with_note("in an origin cluster, the other origins call this HTTP API to find streams; it must listen on a valid port");
    }
    diag
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn bad_listens() {
        let d = lint_conf(
            "listen 1935 0 [::]:1935 70000;\nhttp_api { listen a:b; }\n",
            SrsVersion::V6,
        );
        assert_eq!(d.iter().filter(|d| d.code == "SRS111").count(), 3, "{d:#?}");
    }
}
