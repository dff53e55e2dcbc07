use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS009",
    name: "input-limit",
    severity: Severity::Error,
    category: Category::Syntax,
    fix: FixKind::None,
    summary: "The input goes past one of srs-check's bounds (size, nesting, include depth, error count).",
    doc: doc_text(
        r#"## What it does
Stops reading where input is hostile or broken beyond use, and says so: files over 16 MiB, blocks nested deeper than 64 levels, includes nested deeper than 16 files, more than 1,024 includes (or 64 MiB of included text) in one config, and more than 100 syntax errors in one file.

## Why is this bad?
No real SRS config comes near these bounds (SRS's own `full.conf`, every directive there is, is 117 KB and nests 5 deep). Past them the input is generated, corrupted or not a config at all, and reading on would only use memory and time.

## Example
```conf
listen 1935;
a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a { a {
}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
```

## Fix
```conf
listen 1935;
```

## References
- srs-check's own bounds (`conf::parser::MAX_DEPTH`, `conf::loader::MAX_FILE_BYTES`, `MAX_INCLUDE_DEPTH`, `MAX_INCLUDES`)
"#,
    ),
};

#[cfg(test)]
mod tests {
    #[test]
    fn deep_nesting() {
        let src = format!("listen 1935;\n{}", "a {".repeat(200));
        let d = crate::testing::lint_conf(&src, crate::schema::SrsVersion::V6);
        assert!(d.iter().any(|d| d.code == "SRS009"));
    }
}
