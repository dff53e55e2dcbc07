use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS201",
    name: "empty-config",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "A config with no directives at all (empty, or only comments).",
    doc: doc_text(
        r"## What it does
Finds a config that holds no directive at all once its includes are spliced in: an empty file, or one with only comments and blank lines.

## Why is this bad?
SRS reads an empty file without complaint (since 5.0.173/6.0.68) but then refuses it: `srs -t` fails with `conf is empty` and the server does not start. This usually means the wrong file was mounted, or a template rendered to nothing.

## Example
```conf
# listen 1935;
# vhost __defaultVhost__ {
# }
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
}
```

## References
- SRS `SrsConfig::check_normal_config` (trunk/src/app/srs_app_config.cpp): `conf is empty`
- With `srs -e` (`SRS_ENV_ONLY`) SRS ignores the file and skips this check; srs-check does not model that mode.
- A newer SRS 7 develop tree (after 7.0.18) no longer has this check.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if !cx.config.directives.is_empty() {
        return;
    }
    let at = Span::new(cx.config.file, 0, 0);
    cx.report(
        META.diagnostic("the config has no directives", at, "nothing to read")
            .with_note("SRS: `conf is empty`; `srs -t` fails and the server does not start")
            .with_help("check that this is the file you meant to deploy; a config needs at least `listen 1935;`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::codes_of;

    #[test]
    fn only_comments_is_empty() {
        assert!(codes_of("").contains(&"SRS201"));
        assert!(codes_of("# nothing\n\n   # here\n").contains(&"SRS201"));
    }

    #[test]
    fn one_directive_is_enough() {
        assert!(!codes_of("listen 1935;\n").contains(&"SRS201"));
        assert!(!codes_of("vhost v { }\n").contains(&"SRS201"));
    }
}
