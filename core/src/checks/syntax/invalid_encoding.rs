use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS005",
    name: "invalid-encoding",
    severity: Severity::Warning,
    category: Category::Syntax,
    fix: FixKind::None,
    summary: "The file is not valid UTF-8.",
    doc: doc_text(
        r#"## What it does
Reports the first byte sequence that is not UTF-8. srs-check reads the rest of the file with such bytes replaced by U+FFFD, so every other check still runs.

## Why is this bad?
SRS reads bytes and does not care about encodings, but a name or path with stray bytes in it (a Latin-1 file name, a binary pasted by mistake) is not the name you meant, and other tools (kubectl, editors, Git diffs) mangle it.

## Example
```conf
listen 1935;
pid ./objs/srs-\xff.pid;
```
(`\xff` stands for a raw byte 0xFF.)

## Fix
```conf
listen 1935;
pid ./objs/srs.pid;
```

## References
- SRS reads the config byte for byte (`SrsConfigBuffer::fullfill`)
"#,
    ),
};

#[cfg(test)]
mod tests {
    use crate::provider::MemoryProvider;

    #[test]
    fn invalid_bytes_are_reported_and_linting_goes_on() {
        let p = MemoryProvider::new().with("a.conf", b"listen 1935;\npid \xff;\nfoo on;\n".to_vec());
        let d = crate::testing::lint_files(&p, &["a.conf"], crate::schema::SrsVersion::V6);
        assert!(d.iter().any(|d| d.code == "SRS005"));
        assert!(d.iter().any(|d| d.code == "SRS101"));
    }
}
