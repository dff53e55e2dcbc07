use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS204",
    name: "invalid-max-connections",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "`max_connections` that SRS reads as zero or less.",
    doc: doc_text(
        r"## What it does
Reads the first top-level `max_connections` the way SRS does, with C's `atoi` into an `int`, and reports a value of 0 or less: `0`, a negative number, a word (`unlimited` reads as 0), or a number too large for an `int` (`4294967296` reads as 0).

## Why is this bad?
`srs -t` fails with `max_connections=0 is invalid` and the server does not start. A missing `max_connections`, or one without a value, means the default, 1000.

## Example
```conf
listen 1935;
max_connections 0;
```

## Fix
```conf
listen 1935;
max_connections 1000;
```

## References
- SRS `SrsConfig::check_number_connections`, `get_max_connections` (trunk/src/app/srs_app_config.cpp)
- SRS also refuses `max_connections` + 128 at or above the process's open-files limit (`ulimit -n`): that depends on the host and srs-check does not check it.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let Some(word) = getters::value(getters::first(&cx.config.directives, "max_connections")) else {
        return;
    };
    let n = getters::atoi_int(&word.text);
    if n > 0 {
        return;
    }
    let whole = values::atoi(&word.text).1;
    let message = if whole && i64::from(n) == values::atoi(&word.text).0 {
        format!("`max_connections {}` is not a positive number", word.text)
    } else {
        format!("`max_connections {}` is read as {n}", word.text)
    };
    cx.report(
        META.diagnostic(message, word.span, format!("SRS reads this as {n}"))
            .with_note(format!("SRS: `max_connections={n} is invalid`; `srs -t` fails and the server does not start"))
            .with_note("SRS also needs max_connections + 128 below the open-files limit (`ulimit -n`); that depends on the host and is not checked")
            .with_help("write a positive number, such as the default `1000`, or remove the line"),
    );
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    fn msg(src: &str) -> Option<String> {
        lint_conf(src, SrsVersion::V6)
            .into_iter()
            .find(|d| d.code == "SRS204")
            .map(|d| d.message)
    }

    #[test]
    fn zero_negative_words_and_overflow() {
        assert_eq!(
            msg("listen 1935;\nmax_connections 0;\n").as_deref(),
            Some("`max_connections 0` is not a positive number")
        );
        assert!(msg("listen 1935;\nmax_connections -5;\n").is_some());
        assert_eq!(
            msg("listen 1935;\nmax_connections unlimited;\n").as_deref(),
            Some("`max_connections unlimited` is read as 0")
        );
        assert_eq!(
            msg("listen 1935;\nmax_connections 4294967296;\n").as_deref(),
            Some("`max_connections 4294967296` is read as 0")
        );
    }

    #[test]
    fn positive_default_or_first_only() {
        assert!(!codes_of("listen 1935;\nmax_connections 1000;\n").contains(&"SRS204"));
        assert!(!codes_of("listen 1935;\nmax_connections 10k;\n").contains(&"SRS204"));
        assert!(!codes_of("listen 1935;\nmax_connections;\n").contains(&"SRS204"));
        assert!(!codes_of("listen 1935;\n").contains(&"SRS204"));
        assert!(!codes_of("listen 1935;\nmax_connections 100;\nmax_connections 0;\n").contains(&"SRS204"));
    }
}
