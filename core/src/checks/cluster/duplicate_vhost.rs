use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS301",
    name: "duplicate-vhost",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::None,
    summary: "Two `vhost` blocks with the same name; SRS uses the first and ignores the second.",
    doc: doc_text(
        r"## What it does
Finds a `vhost` block whose name an earlier `vhost` block already has (names compare exactly, as SRS compares them).

## Why is this bad?
SRS finds a stream's settings with `get_vhost(name)`, which returns the **first** `vhost` block with that name. The settings in the second block are never used for that vhost's streams: an edge's `cluster { mode remote; origin …; }`, an origin's `origin_cluster on`, HLS or HTTP-FLV written there silently do nothing. This happens when a config is assembled from pieces (an `include` of a vhost file on top of a base config that already has `__defaultVhost__`). `srs -t` accepts it.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
}
vhost __defaultVhost__ {
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
Merge the two blocks into one (keep what the second one says), or rename one of them.

## References
- SRS `SrsConfig::get_vhost` (trunk/src/app/srs_app_config.cpp): the first `vhost` whose `arg0()` matches, else `__defaultVhost__`
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut first_of: crate::hash::HashMap<&str, &crate::conf::Word> = crate::hash::HashMap::default();
    let mut out = Vec::new();
    for v in walk::vhosts(&cx.config.directives).filter(|v| v.is_block()) {
        let Some(name) = v.args.first() else {
            continue;
        };
        let Some(first) = first_of.get(name.text.as_str()).copied() else {
            first_of.insert(name.text.as_str(), name);
            continue;
        };
        out.push(
            META.diagnostic(
                format!("vhost `{}` is defined twice; SRS uses only the first", name.text),
                name.span,
                "SRS never reads this block",
            )
            .with_label(first.span, "SRS uses this one")
            .with_note(format!(
                "SRS looks a vhost up by name and stops at the first match: every setting in this second `{}` block (cluster, HLS, HTTP-FLV, hooks) is ignored for its streams",
                name.text
            ))
            .with_help("merge the two blocks into the first one, or give this one another name"),
        );
    }
    for d in out {
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    #[test]
    fn second_block_is_reported_and_first_labelled() {
        let src = "listen 1935;\nvhost a { }\nvhost b { }\nvhost a { cluster { mode remote; origin o:1935; } }\n";
        let d = lint_conf(src, SrsVersion::V6);
        let dup: Vec<_> = d.iter().filter(|d| d.code == "SRS301").collect();
        assert_eq!(dup.len(), 1, "{d:#?}");
        assert_eq!(dup[0].message, "vhost `a` is defined twice; SRS uses only the first");
        assert_eq!(&src[dup[0].primary.span.range()], "a");
        assert!(dup[0].primary.span.start > 30, "points at the second one");
        assert_eq!(dup[0].labels[0].message, "SRS uses this one");
        assert_eq!(dup[0].labels[0].span.start, 19);
    }

    #[test]
    fn three_copies_give_two_reports_against_the_first() {
        let src = "listen 1935;\nvhost a { }\nvhost a { }\nvhost a { }\n";
        let d = lint_conf(src, SrsVersion::V6);
        let dup: Vec<_> = d.iter().filter(|d| d.code == "SRS301").collect();
        assert_eq!(dup.len(), 2);
        assert!(dup.iter().all(|d| d.labels[0].span.start == 19));
    }

    #[test]
    fn different_names_and_nameless_blocks_are_not_duplicates() {
        assert!(!codes_of("listen 1935;\nvhost a { }\nvhost A { }\nvhost b { }\n").contains(&"SRS301"));
        assert!(!codes_of("listen 1935;\nvhost { }\nvhost { }\n").contains(&"SRS301"));
        // A `vhost` inside a vhost is the old form of `cluster.vhost`, not a vhost.
        assert!(!codes_of("listen 1935;\nvhost a { vhost a; }\n").contains(&"SRS301"));
    }
}
