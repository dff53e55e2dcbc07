use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS002",
    name: "multi-line-directive",
    severity: Severity::Error,
    category: Category::Syntax,
    fix: FixKind::Sometimes,
    summary: "A directive continues on the next line, which SRS 6.0.135+ rejects.",
    doc: doc_text(
        r#"## What it does
Finds a line break inside a directive, after its first word and before its `;` or `{`. Reported for SRS 6 and 7 only; 3.0 to 5.0 accept nginx-style multi-line directives.

## Why is this bad?
Since v6.0.135 (ossrs/srs#4042) SRS fails with `unexpected end of line to parse token <name>`: a config that worked on SRS 5 stops the server after an image upgrade. The usual cause is a forgotten `;`, which turns two directives into one.

## Example
```conf
listen 1935
max_connections 1000;
```

## Fix
```conf
listen 1935;
max_connections 1000;
```
When the directive really is one, the fix joins it onto one line.

## References
- ossrs/srs#4042, v6.0.135
"#,
    ),
};

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn only_from_v6() {
        let src = "listen\n 1935;";
        assert!(lint_conf(src, SrsVersion::V6).iter().any(|d| d.code == "SRS002"));
        assert!(lint_conf(src, SrsVersion::V7).iter().any(|d| d.code == "SRS002"));
        assert!(!lint_conf(src, SrsVersion::V5).iter().any(|d| d.code == "SRS002"));
    }
}
