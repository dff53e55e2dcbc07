use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS001",
    name: "syntax-error",
    severity: Severity::Error,
    category: Category::Syntax,
    fix: FixKind::Sometimes,
    summary: "The file breaks SRS's config grammar; SRS refuses to start.",
    doc: doc_text(
        r#"## What it does
Reads the file with SRS's own tokenizer rules (`SrsConfDirective::read_token`) and reports every error SRS would raise: a `;` or `{` with no directive name, a `}` right after arguments, a character glued to a closing quote, an unclosed block, a directive cut off by the end of the file, and a quoted empty directive. Where SRS stops at the first error, srs-check recovers at the next `;` or `}` and reports them all.

## Why is this bad?
SRS aborts on the first grammar error (`code=1023(ConfigInvalid) … line N: unexpected …`) and the server does not start: in Kubernetes the pod crash-loops. Note the grammar's surprises: `#` starts a comment only at the start of a word (`a#b` is one word), quotes have no escapes, and `1935}` is one word, not `1935` followed by `}`.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985 }
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
```

## References
- SRS `SrsConfDirective::read_token` and `parse_conf` (trunk/src/app/srs_app_config.cpp)
"#,
    ),
};

#[cfg(test)]
mod tests {
    use crate::testing::codes_of;

    #[test]
    fn each_error_is_reported() {
        for (src, msg) in [
            ("listen 1935;;", "unexpected ';'"),
            ("{ }", "unexpected '{'"),
            ("a \"b\"c;", "unexpected 'c'"),
            ("listen 1935 }", "unexpected '}'"),
            ("listen 1935; }", "unexpected \"}\""),
            ("vhost v {", "unexpected end of file, expecting \"}\""),
            ("listen 1935", "unexpected end of file, expecting ; or \"}\""),
            ("listen 1935; \"\";", "empty directive"),
        ] {
            let d = crate::testing::lint_conf(src, crate::schema::SrsVersion::V6);
            assert!(
                d.iter().any(|d| d.code == "SRS001" && d.message == msg),
                "{src:?}: {:?}",
                d.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn valid_grammar_corner_cases_pass() {
        let src = "listen 1935; # c\npid a#b;\nsrs_log_file '/tmp/x;{y';\nvhost v { }\n";
        assert!(!codes_of(src).contains(&"SRS001"));
    }
}
