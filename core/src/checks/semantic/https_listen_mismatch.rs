use crate::checks::getters::{self, Setting};
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::conf::Directive;
use crate::diagnostic::{Fix, Severity};
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS211",
    name: "https-listen-mismatch",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::Sometimes,
    summary: "HTTP API and HTTP server share a port but their HTTPS listens differ, or the reverse.",
    doc: doc_text(
        r"## What it does
Works out the four listen addresses SRS uses, with its defaults, and compares them as SRS does (as text, so `1985` and `0.0.0.0:1985` differ):

| listen | default |
|---|---|
| `http_api.listen` | `1985` |
| `http_server.listen` | `8080` |
| `http_server.https.listen` | `8088` |
| `http_api.https.listen` | the HTTPS server's listen when the HTTP API and server share a listen, else `1990` |

It reports HTTP API and HTTP server on the same listen while their HTTPS listens differ, and HTTPS API and HTTPS server on the same listen while their HTTP listens differ. SRS checks this whether or not HTTPS (or HTTP) is enabled.

## Why is this bad?
When the HTTP API and the HTTP server share a port, SRS serves both from one listener, so their HTTP and HTTPS sides must be shared together or not at all. `srs -t` fails with `for same http, https api(…) != server(…)` or `for same https, http api(…) != server(…)` and the server does not start. A common trap: `http_api { listen 1985; https { listen 8088; } }` puts the HTTPS API on the HTTPS server's default port while the HTTP sides differ.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
    https {
        enabled on;
        listen 8088;
    }
}
http_server {
    enabled on;
    listen 8080;
}
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
    https {
        enabled on;
        listen 1990;
    }
}
http_server {
    enabled on;
    listen 8080;
}
```
When the HTTP API and server share a port, the fix gives the HTTPS API the HTTPS server's listen (marked unsafe: the HTTPS API moves).

## References
- SRS `SrsConfig::check_normal_config`, `get_http_api_listen`, `get_http_stream_listen`, `get_https_api_listen`, `get_https_stream_listen` (trunk/src/app/srs_app_config.cpp). Not in a 2021 4.0 tree; srs-check applies it from 5.0.
- A newer SRS 7 develop tree compares lists of listens (`get_http_api_listens`); srs-check models 7.0.18.
",
    ),
};

/// The four listens `check_normal_config` compares.
struct Listens<'a> {
    api: Setting<'a>,
    server: Setting<'a>,
    https_api: Setting<'a>,
    https_server: Setting<'a>,
}

/// `get_http_api_listen` / `get_http_stream_listen`: an empty value means the default.
fn http_listen<'a>(block: Option<&'a Directive>, default: &str) -> Setting<'a> {
    let listen = block.and_then(|b| b.get("listen"));
    match getters::value(listen) {
        Some(w) => Setting {
            value: w.text.to_string(),
            directive: listen,
        },
        None => Setting {
            value: default.to_string(),
            directive: None,
        },
    }
}

/// `get_https_*_listen`: only a missing directive means the default; `listen;` is empty.
fn https_listen(block: Option<&Directive>, default: String) -> Setting<'_> {
    match block.and_then(|b| b.get("https")).and_then(|h| h.get("listen")) {
        Some(listen) => Setting {
            value: listen.arg0().to_string(),
            directive: Some(listen),
        },
        None => Setting {
            value: default,
            directive: None,
        },
    }
}

fn listens(root: &[Directive]) -> Listens<'_> {
    let http_api = getters::first(root, "http_api");
    let http_server = getters::http_server(root);
    let api = http_listen(http_api, "1985");
    let server = http_listen(http_server, "8080");
    let https_server = https_listen(http_server, "8088".to_string());
    // The HTTPS API follows the HTTPS server when the HTTP sides are shared.
    let api_default = if api.value == server.value {
        https_server.value.clone()
    } else {
        "1990".to_string()
    };
    let https_api = https_listen(http_api, api_default);
    Listens {
        api,
        server,
        https_api,
        https_server,
    }
}

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V5 {
        return;
    }
    let l = listens(&cx.config.directives);
    let same_http = l.api.value == l.server.value;
    let same_https = l.https_api.value == l.https_server.value;
    if same_http == same_https {
        return;
    }
    // At least one HTTPS listen is written: both defaults never disagree.
    let Some(primary) = l.https_api.span().or_else(|| l.https_server.span()) else {
        return;
    };
    let mut diag = if same_http {
        META.diagnostic(
            format!(
                "HTTP API and HTTP server share {}, but the HTTPS API listens on {} and the HTTPS server on {}",
                l.api.describe(),
                l.https_api.describe(),
                l.https_server.describe()
            ),
            primary,
            "the HTTPS API's listen",
        )
        .with_note(format!(
            "SRS: `for same http, https api({}) != server({})`; `srs -t` fails and the server does not start",
            l.https_api.value, l.https_server.value
        ))
        .with_help(format!(
            "listen the HTTPS API on the HTTPS server's {}, or give the HTTP API its own port",
            l.https_server.describe()
        ))
    } else {
        let label = if l.https_api.directive.is_some() {
            "the HTTPS API's listen"
        } else {
            "the HTTPS server's listen"
        };
        META.diagnostic(
            format!(
                "HTTPS API and HTTPS server share {}, but the HTTP API listens on {} and the HTTP server on {}",
                l.https_api.describe(),
                l.api.describe(),
                l.server.describe()
            ),
            primary,
            label,
        )
        .with_note(format!(
            "SRS: `for same https, http api({}) != server({})`; `srs -t` fails and the server does not start",
            l.api.value, l.server.value
        ))
        .with_help(
            "give the HTTPS API its own port (its default is 1990), or let the HTTP API and server share a port too",
        )
    };
    for (setting, what) in [
        (&l.https_server, "the HTTPS server's listen"),
        (&l.api, "the HTTP API's listen"),
        (&l.server, "the HTTP server's listen"),
    ] {
        if let Some(span) = setting.span().filter(|s| *s != primary) {
            diag = diag.with_label(span, what);
        }
    }
    diag = diag.with_note("SRS serves the API and the HTTP server from one listener when they share a listen, so HTTP and HTTPS are shared together or not at all; it compares the listens as text");
    if same_http && !l.https_server.value.is_empty() {
        if let Some(word) = l.https_api.directive.and_then(|d| d.args.first()) {
            diag = diag.with_fix(Fix::replace_unsafe(
                format!("listen the HTTPS API on `{}`", l.https_server.value),
                word.span,
                l.https_server.value.clone(),
            ));
        }
    }
    cx.report(diag);
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn srs211(src: &str, v: SrsVersion) -> Vec<crate::Diagnostic> {
        lint_conf(src, v).into_iter().filter(|d| d.code == "SRS211").collect()
    }

    #[test]
    fn shared_http_needs_shared_https() {
        let src = "listen 1935;\nhttp_api { enabled on; listen 8080; https { enabled on; listen 1990; } }\nhttp_server { enabled on; listen 8080; https { enabled on; listen 8088; } }\n";
        let d = srs211(src, SrsVersion::V6);
        assert_eq!(d.len(), 1);
        assert!(d[0].notes[0].contains("https api(1990) != server(8088)"));
        assert!(d[0].fix.is_some());
        assert!(srs211(src, SrsVersion::V4).is_empty());
    }

    #[test]
    fn shared_https_needs_shared_http() {
        // The HTTPS server's listen is its default 8088.
        let src = "listen 1935;\nhttp_api { enabled on; listen 1985; https { enabled on; listen 8088; } }\n";
        let d = srs211(src, SrsVersion::V6);
        assert_eq!(d.len(), 1);
        assert!(d[0].notes[0].contains("http api(1985) != server(8080)"));
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn defaults_and_consistent_setups() {
        for src in [
            "listen 1935;\n",
            // Shared HTTP: the HTTPS API follows the HTTPS server.
            "listen 1935;\nhttp_api { enabled on; listen 8080; https { enabled on; } }\nhttp_server { enabled on; listen 8080; https { enabled on; listen 8443; } }\n",
            // Separate everything.
            "listen 1935;\nhttp_api { enabled on; listen 1985; https { enabled on; listen 1990; } }\nhttp_server { enabled on; listen 8080; https { enabled on; listen 8088; } }\n",
            // Shared everything.
            "listen 1935;\nhttp_api { enabled on; listen 8080; https { enabled on; listen 8088; } }\nhttp_server { enabled on; listen 8080; https { enabled on; listen 8088; } }\n",
        ] {
            assert!(srs211(src, SrsVersion::V6).is_empty(), "{src}");
        }
    }

    #[test]
    fn compared_as_text() {
        let src =
            "listen 1935;\nhttp_api { listen 0.0.0.0:8080; https { listen 8088; } }\nhttp_server { listen 8080; }\n";
        assert_eq!(srs211(src, SrsVersion::V6).len(), 1);
    }
}
