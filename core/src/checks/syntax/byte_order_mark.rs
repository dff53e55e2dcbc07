use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS004",
    name: "byte-order-mark",
    severity: Severity::Error,
    category: Category::Syntax,
    fix: FixKind::Always,
    summary: "The file starts with a UTF-8 byte-order mark, which SRS reads as part of the first directive.",
    doc: doc_text(
        r#"## What it does
Finds the bytes `EF BB BF` at the start of a config, as some Windows editors write them.

## Why is this bad?
SRS does not skip a byte-order mark. The three invisible bytes become part of the first directive's name, so `listen` turns into `\uFEFFlisten` and `srs -t` fails with `illegal directive` on a line that looks right.

## Example
```conf
﻿listen 1935;
```

## Fix
```conf
listen 1935;
```
Save the file as UTF-8 without BOM; the fix removes the mark.

## References
- SRS reads the config byte for byte (`SrsConfigBuffer::fullfill`)
"#,
    ),
};

#[cfg(test)]
mod tests {
    #[test]
    fn bom_is_reported_once_with_fix() {
        let d = crate::testing::lint_conf("\u{feff}listen 1935;", crate::schema::SrsVersion::V6);
        let bom: Vec<_> = d.iter().filter(|d| d.code == "SRS004").collect();
        assert_eq!(bom.len(), 1);
        assert!(bom[0].fix.is_some());
    }
}
