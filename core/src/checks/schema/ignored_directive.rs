use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS105",
    name: "ignored-directive",
    severity: Severity::Warning,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "An unknown name in a block SRS does not validate: SRS silently ignores it.",
    doc: doc_text(
        r#"## What it does
Some blocks are not checked by `srs -t` (`http_api.https`, `http_server.https`, `rtc_server.tcp`, `hds`, the ffmpeg parameter blocks, `circuit_breaker`, and `bandcheck` from 5.0). An unknown name there is not an error to SRS: it is silently ignored. srs-check reports it as a warning, with the closest known name.

## Why is this bad?
A typo in such a block (`https { enabeld on; }`) does not stop SRS, it just leaves the feature at its default, and nothing in the logs says so.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    https {
        enabeld on;
    }
}
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    https {
        enabled on;
    }
}
```

## References
- `srs-semantics.md` §2, "NOT validated"
"#,
    ),
};

pub fn diagnostic(d: &Directive, place: &str, suggestion: Option<&str>) -> Diagnostic {
    let name = &d.name.text;
    let mut diag = META
        .diagnostic(
            format!("unknown directive `{name}` in {place} is silently ignored"),
            d.name.span,
            match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "SRS does not read this".to_string(),
            },
        )
        .with_note("SRS does not validate this block, so a misspelt name leaves the setting at its default without any message");
    if let Some(s) = suggestion {
        diag = diag.with_replacement(format!("rename to `{s}`"), d.name.span, s);
    }
    diag
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn typo_in_unvalidated_block() {
        let d = lint_conf("listen 1935;\nhttp_server { https { enabeld on; } }\n", SrsVersion::V6);
        assert!(d.iter().any(|d| d.code == "SRS105" && d.fix.is_some()), "{d:#?}");
    }
}
