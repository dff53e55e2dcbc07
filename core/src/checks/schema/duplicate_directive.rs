use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS108",
    name: "duplicate-directive",
    severity: Severity::Warning,
    category: Category::Schema,
    fix: FixKind::None,
    summary: "A directive written twice in one block; SRS reads only the first.",
    doc: doc_text(
        r#"## What it does
Finds a second directive of the same name in the same block, for directives SRS reads with `get(name)`: every one except the lists SRS walks explicitly (`vhost`, `stream_caster`, `ingest`, transcode `engine`, `security` rules, ffmpeg parameters).

## Why is this bad?
SRS uses the first and silently ignores the rest. Editing the second copy (often the one near the bottom that you see) changes nothing. A second `coworkers` line is a classic: its hosts are never asked.

## Example
```conf
listen 1935;
max_connections 1000;
max_connections 3000;
```

## Fix
```conf
listen 1935;
max_connections 3000;
```

## References
- SRS `SrsConfDirective::get` returns the first match
"#,
    ),
};

/// Directives SRS iterates over, where repeats are meant.
fn is_list(ctx: &str, name: &str) -> bool {
    matches!(
        (ctx, name),
        ("root", "vhost" | "stream_caster")
            | ("vhost", "ingest" | "transcode")
            | ("vhost.transcode" | "vhost.ingest", "engine")
            | ("vhost.security", "allow" | "deny")
    ) || ctx.ends_with("params")
        || ctx.ends_with("vfilter")
        || ctx.ends_with("perfile")
}

/// Reports `d` when an earlier directive of its block, `first`, has its name.
pub fn check(ctx: &str, d: &Directive, first: &Directive) -> Option<Diagnostic> {
    let name = &d.name.text;
    if is_list(ctx, name) {
        return None;
    }
    Some(
        META.diagnostic(
            format!("`{name}` is set twice; SRS reads only the first"),
            d.name.span,
            "ignored by SRS",
        )
        .with_label(first.name.span, "SRS uses this one")
        .with_help("remove one of them, keeping the value you want in the first"),
    )
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn vhosts_and_rules_repeat_freely() {
        let d = lint_conf(
            "listen 1935;\nvhost a { security { enabled on; allow play all; allow publish all; } }\nvhost b {}\nlisten 1936;\n",
            SrsVersion::V6,
        );
        let dup: Vec<_> = d.iter().filter(|d| d.code == "SRS108").collect();
        assert_eq!(dup.len(), 1, "{dup:#?}");
    }
}
