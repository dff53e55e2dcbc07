use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::conf::Word;
use crate::diagnostic::{Diagnostic, Severity};

/// `SRS_CONSTS_RTMP_MIN_CHUNK_SIZE` and `SRS_CONSTS_RTMP_MAX_CHUNK_SIZE`.
const MIN: i32 = 128;
const MAX: i32 = 65536;

pub static META: CheckMeta = CheckMeta {
    code: "SRS214",
    name: "chunk-size-range",
    severity: Severity::Warning,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "An RTMP `chunk_size` outside [128, 65536].",
    doc: doc_text(
        r"## What it does
Reads the top-level `chunk_size` and each vhost's own `chunk_size` the way SRS does (C's `atoi`, so a word reads as 0) and reports a value below 128 or above 65536. A vhost without its own `chunk_size` uses the top-level one, which is reported once.

## Why is this bad?
SRS sends this chunk size to RTMP clients and only considers 128 to 65536 valid (`SRS_CONSTS_RTMP_MIN_CHUNK_SIZE`/`MAX`). `srs -t` does not refuse it: it only logs a warning (`chunk_size=… should be in [128, 65536]`) and the server starts with the value anyway, so players and encoders that enforce the same range may fail against it. The default is 60000.

## Example
```conf
listen 1935;
chunk_size 100000;
```

## Fix
```conf
listen 1935;
chunk_size 60000;
```

## References
- SRS `SrsConfig::check_normal_config`, `get_global_chunk_size`, `get_chunk_size` (trunk/src/app/srs_app_config.cpp)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let root = &cx.config.directives;
    let mut found = Vec::new();
    if let Some(word) = getters::value(getters::first(root, "chunk_size")) {
        found.extend(check(word, None));
    }
    for vhost in walk::vhosts(root) {
        if let Some(word) = getters::value(vhost.get("chunk_size")) {
            found.extend(check(word, Some(vhost.arg0())));
        }
    }
    cx.out.extend(found);
}

fn check(word: &Word, vhost: Option<&str>) -> Option<Diagnostic> {
    let size = getters::atoi_int(&word.text);
    if (MIN..=MAX).contains(&size) {
        return None;
    }
    let place = vhost.map_or(String::new(), |v| format!(" of vhost `{v}`"));
    Some(
        META.diagnostic(
            format!("`chunk_size {}`{place} is outside [{MIN}, {MAX}]", word.text),
            word.span,
            reads_as(&word.text, size),
        )
        .with_note(format!(
            "SRS only warns (`chunk_size={size} should be in [{MIN}, {MAX}]`) and starts with this value"
        ))
        .with_help(format!("use a chunk size from {MIN} to {MAX}; SRS's default is 60000")),
    )
}

/// The label: what SRS makes of the word when it is not a plain number.
fn reads_as(text: &str, size: i32) -> String {
    if text.parse::<i32>() == Ok(size) {
        format!("outside [{MIN}, {MAX}]")
    } else {
        format!("SRS reads this as {size}")
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn found(src: &str) -> Vec<String> {
        lint_conf(src, SrsVersion::V6)
            .into_iter()
            .filter(|d| d.code == "SRS214")
            .inspect(|d| assert_eq!(d.severity, Severity::Warning))
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn root_and_vhost_out_of_range() {
        assert_eq!(
            found("listen 1935;\nchunk_size 100000;\nvhost v { chunk_size 64; }\nvhost w { }\n"),
            [
                "`chunk_size 100000` is outside [128, 65536]",
                "`chunk_size 64` of vhost `v` is outside [128, 65536]",
            ]
        );
        assert_eq!(found("listen 1935;\nchunk_size big;\n").len(), 1);
    }

    #[test]
    fn in_range_or_default() {
        assert!(found("listen 1935;\nchunk_size 128;\nvhost v { chunk_size 65536; }\n").is_empty());
        assert!(found("listen 1935;\nchunk_size;\n").is_empty());
        assert!(found("listen 1935;\n").is_empty());
    }
}
