use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::{Directive, Word};
use crate::diagnostic::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "SRS112",
    name: "invalid-number",
    severity: Severity::Warning,
    category: Category::Schema,
    fix: FixKind::None,
    summary: "A numeric setting whose value is not a plain number (units, words).",
    doc: doc_text(
        r#"## What it does
Checks integer settings (`max_connections`, `chunk_size`, timeouts in milliseconds) and decimal ones (`hls_fragment`, `heartbeat.interval` in seconds) for a plain number.

## Why is this bad?
SRS reads numbers with C's `atoi`/`atof`: it takes the leading digits and drops the rest, without a word. `hls_fragment 10s;` works by luck, `hls_window 1m;` is 1 second, and `max_connections many;` is 0.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    hls {
        enabled on;
        hls_window 1m;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    hls {
        enabled on;
        hls_window 60;
    }
}
```

## References
- SRS getters use `::atoi(conf->arg0().c_str())` and `::atof`
"#,
    ),
};

pub fn diagnostic(d: &Directive, value: &Word, reads_as: &str, what: &str) -> Diagnostic {
    META.diagnostic(
        format!("`{} {}` is not {what}", d.name.text, value.text),
        value.span,
        format!("SRS reads this as {reads_as}"),
    )
    .with_note("SRS parses numbers like C's atoi/atof: leading digits only, 0 when there are none")
    .with_help("write a plain number; units are fixed (seconds or milliseconds, see the directive's docs)")
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn units_are_flagged() {
        let d = lint_conf(
            "listen 1935;\nmax_connections lots;\nvhost v { hls { hls_fragment 10.5; hls_window 1m; } }\n",
            SrsVersion::V6,
        );
        let m: Vec<_> = d
            .iter()
            .filter(|d| d.code == "SRS112")
            .map(|d| d.primary.message.as_str())
            .collect();
        assert_eq!(m, ["SRS reads this as 0", "SRS reads this as 1"]);
    }
}
