use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS210",
    name: "invalid-heartbeat-interval",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "`heartbeat.interval` that SRS reads as zero seconds or less.",
    doc: doc_text(
        r"## What it does
Reads `heartbeat { interval …; }` the way SRS does, as whole seconds with C's `atoi`, and reports a value of 0 or less. Fractions are cut off: `0.5` is 0, and the `9.9` of `full.conf` is 9. SRS checks the interval even when the heartbeat is disabled.

## Why is this bad?
`srs -t` fails with `invalid heartbeat.interval=0` and the server does not start, whether or not `heartbeat.enabled` is on. A missing `interval`, or one without a value, means the default, 10 seconds.

## Example
```conf
listen 1935;
heartbeat {
    enabled on;
    interval 0.5;
    url http://10.0.0.5:8085/api/v1/servers;
}
```

## Fix
```conf
listen 1935;
heartbeat {
    enabled on;
    interval 1;
    url http://10.0.0.5:8085/api/v1/servers;
}
```

## References
- SRS `SrsConfig::check_normal_config`, `get_heartbeat_interval` (trunk/src/app/srs_app_config.cpp; `atoi` in 4.0 and 6.0)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let interval = getters::child(&cx.config.directives, "heartbeat", "interval");
    let Some(word) = getters::value(interval) else {
        return;
    };
    let seconds = getters::atoi_int(&word.text);
    if seconds > 0 {
        return;
    }
    let message = if word.text.parse::<f64>().is_ok_and(|v| v > 0.0) {
        format!("heartbeat `interval {}` is read as {seconds} seconds", word.text)
    } else {
        format!("heartbeat `interval {}` is not a positive number of seconds", word.text)
    };
    let mut diag = META
        .diagnostic(message, word.span, format!("SRS reads this as {seconds}"))
        .with_note(format!(
            "SRS: `invalid heartbeat.interval={seconds}`; `srs -t` fails and the server does not start"
        ))
        .with_note("SRS reads whole seconds (C's atoi): fractions are cut off");
    if !getters::flag(getters::child(&cx.config.directives, "heartbeat", "enabled"), false) {
        diag = diag.with_note("SRS checks the interval even though the heartbeat is off");
    }
    cx.report(diag.with_help("write a whole number of seconds, at least 1 (the default is 10)"));
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    fn msg(body: &str) -> Option<String> {
        let src = format!("listen 1935;\nheartbeat {{ {body} }}\n");
        lint_conf(&src, SrsVersion::V6)
            .into_iter()
            .find(|d| d.code == "SRS210")
            .map(|d| d.message)
    }

    #[test]
    fn zero_fraction_negative_even_when_off() {
        assert_eq!(
            msg("enabled on; interval 0.5;").as_deref(),
            Some("heartbeat `interval 0.5` is read as 0 seconds")
        );
        assert_eq!(
            msg("enabled off; interval 0;").as_deref(),
            Some("heartbeat `interval 0` is not a positive number of seconds")
        );
        assert!(msg("interval -3;").is_some());
        assert!(msg("interval soon;").is_some());
    }

    #[test]
    fn whole_seconds_or_default() {
        assert!(msg("enabled on; interval 9.9;").is_none());
        assert!(msg("enabled on; interval;").is_none());
        assert!(msg("enabled on;").is_none());
        assert!(!codes_of("listen 1935;\n").contains(&"SRS210"));
    }
}
