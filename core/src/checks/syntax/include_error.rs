use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS003",
    name: "include-error",
    severity: Severity::Error,
    category: Category::Syntax,
    fix: FixKind::None,
    summary: "An `include` names no file, a missing file, or a file that includes itself.",
    doc: doc_text(
        r#"## What it does
Follows every `include` (SRS 5.0+) and reports: an `include` with no file, a file that does not exist, an include cycle, and an `include` written with a block. Relative paths resolve against the directory SRS runs in; srs-check uses the top config's directory unless `--include-base` says otherwise.

## Why is this bad?
A missing file stops SRS at start-up (`open file=… failed`). A file that includes itself makes SRS recurse with no guard until it fails. `include x { … }` is not a block to SRS: the braces' contents become siblings and the `}` closes the enclosing block early.

## Example
```conf
listen 1935;
include ./conf/missing.vhost.conf;
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
}
```

## References
- ossrs/srs#2878 (include, v5.0.23)
"#,
    ),
};

#[cfg(test)]
mod tests {
    use crate::provider::MemoryProvider;
    use crate::schema::SrsVersion;
    use crate::testing::lint_files;

    #[test]
    fn missing_cycle_and_block() {
        let p = MemoryProvider::new()
            .with(
                "srs.conf",
                "listen 1935;\ninclude a.conf;\ninclude nope.conf;\ninclude;\n",
            )
            .with("a.conf", "include srs.conf;\nvhost v {}\n");
        let d = lint_files(&p, &["srs.conf"], SrsVersion::V6);
        let msgs: Vec<_> = d
            .iter()
            .filter(|d| d.code == "SRS003")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("cycle")));
        assert!(msgs.iter().any(|m| m.contains("does not exist")));
        assert!(msgs.iter().any(|m| m.contains("names no file")));
    }

    #[test]
    fn included_directives_are_spliced() {
        let p = MemoryProvider::new()
            .with("conf/srs.conf", "include conf/v.conf;\n")
            .with("conf/v.conf", "listen 1935;\nvhost v {}\n");
        let opts = crate::lint::LintOptions {
            include_base: Some(".".into()),
            ..Default::default()
        };
        let r = crate::lint::lint_paths(&p, &["conf/srs.conf".to_string()], &opts);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn include_is_unknown_before_v5() {
        let p = MemoryProvider::new().with("srs.conf", "listen 1935;\ninclude a.conf;\n");
        let d = lint_files(&p, &["srs.conf"], SrsVersion::V4);
        assert!(d.iter().any(|d| d.code == "SRS102"), "{d:?}");
    }
}
