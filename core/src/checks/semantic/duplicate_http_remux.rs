use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS205",
    name: "duplicate-http-remux",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "More than one `http_remux` in a vhost.",
    doc: doc_text(
        r"## What it does
Counts the `http_remux` directives of each vhost, enabled or not, and reports every one after the first.

## Why is this bad?
A vhost serves one HTTP remux format (HTTP-FLV, HTTP-TS, HTTP-AAC or HTTP-MP3). People write a second `http_remux` to serve FLV and TS side by side, but SRS only ever reads the first. Since SRS 6, `srs -t` refuses it with `vhost.http_remux only one but count=2 of <vhost>` and the server does not start.

## Example
```conf
listen 1935;
http_server {
    enabled on;
    listen 8080;
}
vhost __defaultVhost__ {
    http_remux {
        enabled on;
        mount [vhost]/[app]/[stream].flv;
    }
    http_remux {
        enabled on;
        mount [vhost]/[app]/[stream].ts;
    }
}
```

## Fix
```conf
listen 1935;
http_server {
    enabled on;
    listen 8080;
}
vhost __defaultVhost__ {
    http_remux {
        enabled on;
        mount [vhost]/[app]/[stream].flv;
    }
}
```

## References
- SRS `SrsConfig::check_normal_config` (trunk/src/app/srs_app_config.cpp), added by ossrs/srs#3400 (SRS 6.0); srs-check applies it from 6.0. Whether 5.0release carries it was not verified.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V6 {
        return;
    }
    let mut found = Vec::new();
    for vhost in walk::vhosts(&cx.config.directives) {
        let remuxes: Vec<_> = vhost
            .children()
            .iter()
            .filter(|d| d.name.text == "http_remux")
            .collect();
        let Some((first, rest)) = remuxes.split_first() else {
            continue;
        };
        for extra in rest {
            found.push(
                META.diagnostic(
                    format!(
                        "vhost `{}` has {} `http_remux` blocks; SRS allows one",
                        vhost.arg0(),
                        remuxes.len()
                    ),
                    extra.name.span,
                    "a second `http_remux`",
                )
                .with_label(first.name.span, "the only one SRS would read")
                .with_note(format!(
                    "SRS: `vhost.http_remux only one but count={} of {}`; `srs -t` fails and the server does not start",
                    remuxes.len(),
                    vhost.arg0()
                ))
                .with_help("keep one `http_remux` per vhost; serve another format from another vhost"),
            );
        }
    }
    cx.out.extend(found);
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    const TWO: &str = "listen 1935;\nvhost v {\n    http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }\n    http_remux { enabled off; }\n}\n";

    fn count(src: &str, v: SrsVersion) -> usize {
        lint_conf(src, v).iter().filter(|d| d.code == "SRS205").count()
    }

    #[test]
    fn second_block_is_reported_even_when_off() {
        assert_eq!(count(TWO, SrsVersion::V6), 1);
        assert_eq!(count(TWO, SrsVersion::V7), 1);
        let d = lint_conf(TWO, SrsVersion::V6);
        let d = d.iter().find(|d| d.code == "SRS205").unwrap();
        assert_eq!(d.labels.len(), 1);
    }

    #[test]
    fn one_per_vhost_or_before_6() {
        let src = "listen 1935;\nvhost a { http_remux { enabled on; } }\nvhost b { http_remux { enabled on; } }\n";
        assert_eq!(count(src, SrsVersion::V6), 0);
        assert_eq!(count(TWO, SrsVersion::V5), 0);
    }
}
