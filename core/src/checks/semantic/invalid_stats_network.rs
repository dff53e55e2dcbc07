use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS215",
    name: "invalid-stats-network",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "A negative `stats.network` interface index.",
    doc: doc_text(
        r"## What it does
Reads `stats { network …; }` the way SRS does, with C's `atoi` into an `int`, and reports a negative index.

## Why is this bad?
`stats.network` is the index of the local network interface SRS reports statistics for (0 is the first). `srs -t` fails with `invalid stats.network=-1` and the server does not start. A missing `network`, or one without a value, means the default, 0.

## Example
```conf
listen 1935;
stats {
    network -1;
}
```

## Fix
```conf
listen 1935;
stats {
    network 0;
}
```

## References
- SRS `SrsConfig::check_normal_config`, `get_stats_network` (trunk/src/app/srs_app_config.cpp)
- SRS also refuses an index at or beyond the number of local IP addresses (`invalid stats.network=N of M`); that depends on the host and srs-check does not check it.
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let network = getters::child(&cx.config.directives, "stats", "network");
    let Some(word) = getters::value(network) else {
        return;
    };
    let index = getters::atoi_int(&word.text);
    if index >= 0 {
        return;
    }
    cx.report(
        META.diagnostic(
            format!("`stats.network {}` is a negative interface index", word.text),
            word.span,
            if word.text.parse::<i32>() == Ok(index) {
                "a negative index".to_string()
            } else {
                format!("SRS reads this as {index}")
            },
        )
        .with_note(format!("SRS: `invalid stats.network={index}`; `srs -t` fails and the server does not start"))
        .with_note("SRS also needs the index below the number of local IP addresses; that depends on the host and is not checked")
        .with_help("write the index of a local network interface, from 0 (the default)"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::codes_of;

    #[test]
    fn negative_index() {
        assert!(codes_of("listen 1935;\nstats { network -1; }\n").contains(&"SRS215"));
        assert!(codes_of("listen 1935;\nstats { network 2147483648; }\n").contains(&"SRS215"));
    }

    #[test]
    fn zero_positive_words_or_absent() {
        for src in [
            "listen 1935;\nstats { network 0; }\n",
            "listen 1935;\nstats { network 3; }\n",
            "listen 1935;\nstats { network eth0; }\n",
            "listen 1935;\nstats { network; }\n",
            "listen 1935;\n",
        ] {
            assert!(!codes_of(src).contains(&"SRS215"), "{src}");
        }
    }
}
