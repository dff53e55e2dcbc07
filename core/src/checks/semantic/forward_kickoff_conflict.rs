use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::conf::Directive;
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;
use crate::source::Span;
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS207",
    name: "forward-kickoff-conflict",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "`forward` enabled in a vhost that also sets `publish.kickoff_for_idle`.",
    doc: doc_text(
        r"## What it does
Reports a vhost whose (first) `forward` block is enabled and whose `publish.kickoff_for_idle` is not zero. SRS reads `kickoff_for_idle` as seconds with `atof`, so any value that is not 0 counts; a `forward` written the old way (`forward 10.0.0.2:1935;`) is enabled.

## Why is this bad?
`kickoff_for_idle` disconnects a publisher whose stream has had no players for that long. SRS refuses it together with `forward`: `srs -t` fails with `vhost.forward conflicts with vhost.publish.kickoff_for_idle` and the server does not start. (SRS gives no reason; the likely one is that the servers the stream is forwarded to have viewers this server does not count, and kicking the publisher would cut them off.)

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    forward {
        enabled on;
        destination 10.0.0.2:1935;
    }
    publish {
        kickoff_for_idle 60;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    forward {
        enabled on;
        destination 10.0.0.2:1935;
    }
}
```

## References
- SRS `SrsConfig::check_normal_config`, `get_forward_enabled`, `get_publish_kickoff_for_idle` (trunk/src/app/srs_app_config.cpp); `kickoff_for_idle` came with ossrs/srs#3105 (v5.0.144, v6.0.31)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    if cx.version < SrsVersion::V5 {
        return;
    }
    let mut found = Vec::new();
    for vhost in walk::vhosts(&cx.config.directives) {
        let (Some(forward_on), Some(kickoff)) = (forward_enabled(vhost), kickoff_for_idle(vhost)) else {
            continue;
        };
        found.push(
            META.diagnostic(
                format!(
                    "vhost `{}` forwards streams and also kicks idle publishers",
                    vhost.arg0()
                ),
                kickoff.args.first().map_or(kickoff.name.span, |w| w.span),
                "kicks the publisher after this many seconds without players",
            )
            .with_label(forward_on, "forwarding is on here")
            .with_note("SRS: `vhost.forward conflicts with vhost.publish.kickoff_for_idle`; `srs -t` fails and the server does not start")
            .with_help("remove `kickoff_for_idle` (or set it to 0), or turn `forward` off in this vhost"),
        );
    }
    cx.out.extend(found);
}

/// Where the vhost's first `forward` is switched on, if it is.
fn forward_enabled(vhost: &Directive) -> Option<Span> {
    let forward = vhost.get("forward")?;
    // `srs_config_transform_vhost`: `forward dest;` becomes an enabled block.
    if forward.children().is_empty() && !forward.args.is_empty() {
        return Some(forward.name.span);
    }
    let enabled = forward.get("enabled")?;
    getters::flag(Some(enabled), false).then(|| enabled.args.first().map_or(enabled.name.span, |w| w.span))
}

/// The vhost's `publish.kickoff_for_idle` when it is not zero: SRS reads
/// `atof(value)` seconds into integer microseconds and tests for non-zero.
fn kickoff_for_idle(vhost: &Directive) -> Option<&Directive> {
    let d = vhost.get("publish")?.get("kickoff_for_idle")?;
    let word = getters::value(Some(d))?;
    // `atof` also takes exponents (`1e-9`), which `values::atof` stops at.
    let seconds = word.text.parse::<f64>().unwrap_or_else(|_| values::atof(&word.text).0);
    let micros = (seconds * 1_000_000.0) as i64;
    (micros != 0).then_some(d)
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn hit(body: &str, v: SrsVersion) -> bool {
        let src = format!("listen 1935;\nvhost v {{\n{body}\n}}\n");
        lint_conf(&src, v).iter().any(|d| d.code == "SRS207")
    }

    #[test]
    fn forward_with_kickoff() {
        let body = "forward { enabled on; destination 10.0.0.2:1935; }\npublish { kickoff_for_idle 0.5; }";
        assert!(hit(body, SrsVersion::V5));
        assert!(hit(body, SrsVersion::V6));
        assert!(hit(
            "forward 10.0.0.2:1935;\npublish { kickoff_for_idle 30; }",
            SrsVersion::V6
        ));
    }

    #[test]
    fn what_srs_t_lets_through() {
        for body in [
            "forward { enabled off; destination 10.0.0.2:1935; }\npublish { kickoff_for_idle 30; }",
            "forward { enabled on; destination 10.0.0.2:1935; }\npublish { kickoff_for_idle 0; }",
            "forward { enabled on; destination 10.0.0.2:1935; }\npublish { kickoff_for_idle; }",
            "forward { destination 10.0.0.2:1935; }\npublish { kickoff_for_idle 30; }",
            "publish { kickoff_for_idle 30; }",
        ] {
            assert!(!hit(body, SrsVersion::V6), "{body}");
        }
    }
}
