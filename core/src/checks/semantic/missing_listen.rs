use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS202",
    name: "missing-listen",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "No top-level `listen`, or a `listen` without a port.",
    doc: doc_text(
        r"## What it does
Checks that the config has a top-level `listen` with at least one port (the RTMP listener). SRS reads only the first top-level `listen`, so `listen;` followed by `listen 1935;` still fails.

## Why is this bad?
`listen` has no default: without it `srs -t` fails with `listen requires params` and the server does not start. A file that is only meant to be included (a vhost fragment) fails the same way when it is used as the main config, for example when a ConfigMap mounts the fragment as `srs.conf`.

## Example
```conf
max_connections 1000;
vhost __defaultVhost__ {
}
```

## Fix
```conf
listen 1935;
max_connections 1000;
vhost __defaultVhost__ {
}
```

## References
- SRS `SrsConfig::check_normal_config` and `get_listens` (trunk/src/app/srs_app_config.cpp): `listen requires params`
- Versions 3.0 to 7.0.18 require it; a newer SRS 7 develop tree moves the RTMP listener to `rtmp { listen ...; }` with a default and drops this check.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let root = &cx.config.directives;
    // An empty config is SRS201's: saying it also lacks `listen` adds nothing.
    if root.is_empty() {
        return;
    }
    match getters::first(root, "listen") {
        Some(listen) if !listen.args.is_empty() => {}
        Some(listen) => {
            let mut diag = META
                .diagnostic(
                    "`listen` has no port",
                    listen.name.span,
                    "SRS reads the first `listen`, and it is empty",
                )
                .with_note("SRS: `listen requires params`; `srs -t` fails and the server does not start")
                .with_help("write the RTMP port, such as `listen 1935;`");
            if let Some(later) = root.iter().find(|d| d.name.text == "listen" && !d.args.is_empty()) {
                diag = diag.with_label(later.name.span, "SRS never reads this one");
            }
            cx.report(diag);
        }
        None => {
            let at = Span::new(cx.config.file, 0, 0);
            let mut diag = META
                .diagnostic("the config has no top-level `listen`", at, "no RTMP port")
                .with_note("SRS: `listen requires params`; `listen` has no default, so `srs -t` fails and the server does not start")
                .with_help("add `listen 1935;` at the top level");
            if walk::vhosts(root).next().is_some()
                && root.iter().all(|d| d.name.text == "vhost" || d.name.text == "include")
            {
                diag = diag.with_note("this looks like a fragment meant for `include`: lint the config that includes it, or suppress this check for the fragment");
            }
            cx.report(diag);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    fn srs202(src: &str) -> Vec<String> {
        lint_conf(src, SrsVersion::V6)
            .into_iter()
            .filter(|d| d.code == "SRS202")
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn missing_or_empty_listen() {
        assert_eq!(
            srs202("vhost v { hls { enabled on; } }\n"),
            ["the config has no top-level `listen`"]
        );
        assert_eq!(srs202("listen;\nlisten 1935;\n"), ["`listen` has no port"]);
        assert_eq!(
            srs202("vhost v { listen 1935; }\n"),
            ["the config has no top-level `listen`"]
        );
    }

    #[test]
    fn include_fragment_gets_a_hint() {
        let d = lint_conf("vhost include.srs.com {\n    hls { enabled on; }\n}\n", SrsVersion::V6);
        let d = d.iter().find(|d| d.code == "SRS202").unwrap();
        assert!(d.notes.iter().any(|n| n.contains("fragment")));
    }

    #[test]
    fn listen_present_or_config_empty() {
        assert!(!codes_of("listen 1935 1936;\n").contains(&"SRS202"));
        assert!(!codes_of("").contains(&"SRS202"));
    }
}
