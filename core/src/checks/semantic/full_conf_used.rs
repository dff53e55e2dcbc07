use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS208",
    name: "full-conf-used",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "`is_full on`: the config is (a copy of) SRS's `full.conf` reference.",
    doc: doc_text(
        r"## What it does
Finds `is_full on;` at the top level: the marker SRS puts in `conf/full.conf`, the reference that lists every directive with example values.

## Why is this bad?
`full.conf` is documentation, not a config: it turns on features with placeholder values (hooks to `127.0.0.1:8085`, ingest and transcode jobs, forwarding). SRS refuses it: `srs -t` fails with `never use full.conf(<file>)` and the server does not start.

## Example
```conf
is_full on;
listen 1935;
vhost __defaultVhost__ {
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
}
```
Start from a small sample such as `conf/srs.conf` and copy in only the parts of `full.conf` you need; removing just the marker leaves every example feature on.

## References
- SRS `SrsConfig::check_config`, `is_full_config` (trunk/src/app/srs_app_config.cpp); `is_full` exists since 4.0
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V4 {
        return;
    }
    let Some(is_full) = getters::first(&cx.config.directives, "is_full") else {
        return;
    };
    if !getters::flag(Some(is_full), false) {
        return;
    }
    let at = is_full.args.first().map_or(is_full.name.span, |w| w.span);
    cx.report(
        META.diagnostic(
            "this config is marked as SRS's full.conf reference",
            at,
            "the full.conf marker",
        )
        .with_note("SRS: `never use full.conf(...)`; `srs -t` fails and the server does not start")
        .with_note("full.conf enables nearly every feature with example values")
        .with_help("start from a small sample (conf/srs.conf) and copy in only what you need"),
    );
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn hit(src: &str, v: SrsVersion) -> bool {
        lint_conf(src, v).iter().any(|d| d.code == "SRS208")
    }

    #[test]
    fn is_full_on() {
        assert!(hit("is_full on;\nlisten 1935;\n", SrsVersion::V6));
        assert!(hit("is_full on;\nlisten 1935;\n", SrsVersion::V4));
        assert!(!hit("is_full on;\nlisten 1935;\n", SrsVersion::V3));
    }

    #[test]
    fn is_full_off_or_absent() {
        assert!(!hit("is_full off;\nlisten 1935;\n", SrsVersion::V6));
        assert!(!hit("is_full yes;\nlisten 1935;\n", SrsVersion::V6));
        assert!(!hit("listen 1935;\n", SrsVersion::V6));
    }
}
