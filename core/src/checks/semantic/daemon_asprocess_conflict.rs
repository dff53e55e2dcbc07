use crate::checks::getters;
use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS203",
    name: "daemon-asprocess-conflict",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::Always,
    summary: "`asprocess on` while `daemon` is on, which is its default.",
    doc: doc_text(
        r"## What it does
Finds `asprocess on;` in a config where `daemon` is on. `daemon` defaults to **on**, and SRS reads any value but `off` as on (`daemon no;` is on); `asprocess` is on only when written `on`.

## Why is this bad?
`asprocess` makes SRS exit when its parent process dies, which only makes sense when SRS runs in the foreground under that parent. `srs -t` refuses the combination with `daemon conflicts with asprocess`, and so does startup. The check does not look at `disable_daemon_for_docker`: even in Docker, where SRS would not fork, `daemon` must be `off` explicitly.

## Example
```conf
listen 1935;
asprocess on;
```

## Fix
```conf
listen 1935;
asprocess on;
daemon off;
```
The fix writes `daemon off;` (marked unsafe: SRS no longer forks into the background).

## References
- SRS `SrsConfig::check_normal_config`, `get_asprocess`, `get_daemon` (trunk/src/app/srs_app_config.cpp)
",
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let root = &cx.config.directives;
    let asprocess = getters::first(root, "asprocess");
    let daemon = getters::first(root, "daemon");
    if !getters::flag(asprocess, false) || !getters::flag(daemon, true) {
        return;
    }
    let Some(asprocess) = asprocess else { return };
    let value = asprocess.args.first().map_or(asprocess.name.span, |w| w.span);
    let mut diag = META
        .diagnostic(
            "`asprocess on` needs `daemon off`",
            value,
            "SRS exits with its parent process",
        )
        .with_note("SRS: `daemon conflicts with asprocess`; `srs -t` fails and the server does not start");
    let fix = if let Some(d) = daemon {
        diag = diag.with_label(
            d.args.first().map_or(d.name.span, |w| w.span),
            "SRS reads this as on: only `off` is off",
        );
        match d.args.first() {
            Some(w) => Edit {
                span: w.span,
                replacement: "off".into(),
            },
            None => Edit {
                span: d.span,
                replacement: "daemon off;".into(),
            },
        }
    } else {
        diag = diag.with_note("`daemon` is not set, and it defaults to on");
        let indent = indentation(cx, asprocess.span);
        Edit {
            span: Span {
                start: asprocess.span.end,
                ..asprocess.span
            },
            replacement: format!("\n{indent}daemon off;"),
        }
    };
    diag = diag
        .with_help("set `daemon off;` (or remove `asprocess on;` if SRS should fork into the background)")
        .with_fix(Fix::unsafe_("write `daemon off;`", vec![fix]));
    cx.report(diag);
}

/// The blanks before the directive on its line.
fn indentation(cx: &ConfContext<'_>, at: Span) -> String {
    let file = cx.sources.get(at.file);
    let start = file.line_start(file.line_index(at.start as usize));
    file.text[start..at.start as usize]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::apply_edits;
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    #[test]
    fn daemon_defaults_to_on() {
        assert!(codes_of("listen 1935;\nasprocess on;\n").contains(&"SRS203"));
        assert!(codes_of("listen 1935;\nasprocess on;\ndaemon no;\n").contains(&"SRS203"));
    }

    #[test]
    fn daemon_off_or_asprocess_off() {
        assert!(!codes_of("listen 1935;\nasprocess on;\ndaemon off;\n").contains(&"SRS203"));
        assert!(!codes_of("listen 1935;\nasprocess yes;\n").contains(&"SRS203"));
        assert!(!codes_of("listen 1935;\n").contains(&"SRS203"));
    }

    #[test]
    fn fix_writes_daemon_off() {
        for (src, want) in [
            (
                "listen 1935;\nasprocess on;\n",
                "listen 1935;\nasprocess on;\ndaemon off;\n",
            ),
            (
                "listen 1935;\ndaemon on;\nasprocess on;\n",
                "listen 1935;\ndaemon off;\nasprocess on;\n",
            ),
        ] {
            let d = lint_conf(src, SrsVersion::V6);
            let fix = d
                .iter()
                .find(|d| d.code == "SRS203")
                .and_then(|d| d.fix.as_ref())
                .unwrap();
            let edits: Vec<_> = fix.edits.iter().collect();
            let fixed = apply_edits(src, &edits).0;
            assert_eq!(fixed, want);
            assert!(!codes_of(&fixed).contains(&"SRS203"));
        }
    }
}
