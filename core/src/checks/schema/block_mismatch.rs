use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS107",
    name: "block-mismatch",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "A block written as a single line (`hls on;`), or a single-line directive written as a block.",
    doc: doc_text(
        r#"## What it does
Finds a directive that SRS reads as a block written as a leaf (`hls on;`, `http_api on;`), and the reverse (`listen 1935 { }`).

## Why is this bad?
SRS accepts both and reads nothing useful: `hls on;` has no `enabled on;` inside, so HLS stays **off**, and `srs -t` says the config is fine. The reverse form keeps the value but ignores the block's contents.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    hls on;
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    hls {
        enabled on;
    }
}
```

## References
- SRS reads a block's settings from its children (`get_hls_enabled` reads `hls.enabled`)
"#,
    ),
};

pub fn expected_block(d: &Directive) -> Diagnostic {
    let name = &d.name.text;
    let mut diag = META
        .diagnostic(
            format!("`{name}` is a block, not a single value"),
            d.span,
            format!("SRS reads no settings from this `{name}`"),
        )
        .with_note(format!(
            "the features under `{name}` keep their defaults (usually off), and `srs -t` does not complain"
        ));
    if let [arg] = d.args.as_slice() {
        if arg.text == "on" || arg.text == "off" {
            diag = diag.with_replacement(
                format!("write `{name} {{ enabled {}; }}`", arg.text),
                d.span,
                format!("{name} {{ enabled {}; }}", arg.text),
            );
        }
    }
    diag
}

pub fn expected_leaf(d: &Directive) -> Diagnostic {
    let name = &d.name.text;
    META.diagnostic(
        format!("`{name}` takes a value, not a block"),
        d.block.as_ref().map_or(d.span, |b| b.open),
        "SRS ignores this block's contents",
    )
    .with_help(format!("write `{name} <value>;`"))
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{fix_until_stable, lint_conf};

    #[test]
    fn hls_on_is_fixed() {
        let src = "listen 1935;\nvhost v { hls on; }\n";
        assert!(lint_conf(src, SrsVersion::V6).iter().any(|d| d.code == "SRS107"));
        let fixed = fix_until_stable(src, SrsVersion::V6);
        assert_eq!(fixed, "listen 1935;\nvhost v { hls { enabled on; } }\n");
    }
}
