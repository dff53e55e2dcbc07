use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS302",
    name: "vhost-without-name",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::Sometimes,
    summary: "A `vhost { … }` block with no name, whose settings no stream ever uses.",
    doc: doc_text(
        r#"## What it does
Finds a top-level `vhost` block written without a name: `vhost { … }` (or `vhost "" { … }`, since SRS drops empty quoted words).

## Why is this bad?
SRS finds a stream's settings by the vhost name the client asked for (the host of the tcUrl, or `?vhost=`), falling back to `__defaultVhost__`; it never asks for an empty name. So nothing in a nameless block applies to any stream: an edge written this way is an origin with default settings, an origin cluster written this way never asks its coworkers. `srs -t` accepts it.

## Example
```conf
listen 1935;
vhost {
    cluster {
        mode remote;
        origin 10.0.0.1:1935;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin 10.0.0.1:1935;
    }
}
```
When the config has no `__defaultVhost__` yet, the fix names the block `__defaultVhost__`, the vhost every request falls back to (marked unsafe: it changes which streams the settings apply to).

## References
- SRS `SrsConfig::get_vhost` (matches `arg0()` exactly, then falls back to `__defaultVhost__`)
"#,
    ),
};

const DEFAULT_VHOST: &str = "__defaultVhost__";

pub fn run(cx: &mut ConfContext<'_>) {
    let root = &cx.config.directives;
    let has_default = walk::vhosts(root).any(|v| v.arg0() == DEFAULT_VHOST);
    let mut out = Vec::new();
    for v in walk::vhosts(root).filter(|v| v.is_block() && v.args.is_empty()) {
        let mut d = META
            .diagnostic(
                "`vhost` block without a name",
                v.name.span,
                "no stream uses this block",
            )
            .with_note(
                "SRS looks a vhost up by the name a client asks for, or falls back to `__defaultVhost__`; it never looks for an empty name, so none of these settings apply",
            );
        if has_default {
            d = d.with_help("name it after the vhost its streams use (`vhost live.example.com {`)");
        } else {
            let end = v.name.span.end as usize;
            d = d.with_fix(Fix::unsafe_(
                format!("name it `{DEFAULT_VHOST}`, the vhost every request falls back to"),
                vec![Edit {
                    span: Span::new(v.name.span.file, end, end),
                    replacement: format!(" {DEFAULT_VHOST}"),
                }],
            ));
        }
        out.push(d);
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    #[test]
    fn nameless_block_gets_the_default_name() {
        let src = "listen 1935;\nvhost {\n    cluster { mode remote; origin o:1935; }\n}\n";
        let d = lint_conf(src, SrsVersion::V6);
        let f: Vec<_> = d.iter().filter(|d| d.code == "SRS302").collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&src[f[0].primary.span.range()], "vhost");
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let edits: Vec<_> = fix.edits.iter().collect();
        let (fixed, _) = apply_edits(src, &edits);
        assert!(fixed.starts_with("listen 1935;\nvhost __defaultVhost__ {\n"));
        assert!(!codes_of(&fixed).contains(&"SRS302"));
    }

    #[test]
    fn no_fix_when_a_default_vhost_exists() {
        let src = "listen 1935;\nvhost __defaultVhost__ { }\nvhost { }\n";
        let d = lint_conf(src, SrsVersion::V6);
        let f = d.iter().find(|d| d.code == "SRS302").unwrap();
        assert!(f.fix.is_none());
        assert!(f.help.is_some());
    }

    #[test]
    fn named_vhosts_and_inner_vhost_are_fine() {
        assert!(!codes_of("listen 1935;\nvhost a { }\n").contains(&"SRS302"));
        // `vhost x;` inside a vhost is the old `cluster.vhost`.
        assert!(
            !codes_of("listen 1935;\nvhost a { cluster { mode remote; origin o:1935; vhost b; } }\n")
                .contains(&"SRS302")
        );
        assert!(codes_of("listen 1935;\nvhost \"\" { }\n").contains(&"SRS302"));
    }
}
