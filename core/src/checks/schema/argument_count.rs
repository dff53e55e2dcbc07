use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::schema::DirectiveDef;
use crate::source::Span;

pub static META: CheckMeta = CheckMeta {
    code: "SRS106",
    name: "argument-count",
    severity: Severity::Warning,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "A directive without its value, or with values SRS ignores.",
    doc: doc_text(
        r#"## What it does
Finds a directive written with no value (`enabled;`), and a single-valued directive given several (`max_connections 1000 2000;`).

## Why is this bad?
SRS does not check argument counts. A directive without a value reads as an empty string: a flag that defaults to `on` then reads as on, one that defaults to `off` as off, a number as 0. Extra values are silently dropped: SRS only reads the first.

## Example
```conf
listen 1935;
max_connections 1000 2000;
```

## Fix
```conf
listen 1935;
max_connections 1000;
```

## References
- SRS getters read `conf->arg0()` only
"#,
    ),
};

pub fn missing(d: &Directive, def: &DirectiveDef) -> Diagnostic {
    let name = &d.name.text;
    let reads_as = match def.default {
        Some(default) => format!("SRS reads an empty value here; the default would be `{default}`"),
        None => "SRS reads an empty value here".to_string(),
    };
    META.diagnostic(format!("`{name}` has no value"), d.name.span, "a value is missing")
        .with_note(reads_as)
        .with_help(match def.default {
            Some(default) => format!("write `{name} {default};` or remove the line to use the default"),
            None => format!("give `{name}` a value or remove it"),
        })
}

pub fn extra(d: &Directive) -> Diagnostic {
    let name = &d.name.text;
    let first = &d.args[0];
    let last = d.args.last().expect("several args");
    let extra_span = Span::new(first.span.file, first.span.end as usize, last.span.end as usize);
    META.diagnostic(
        format!("`{name}` takes one value; SRS ignores the other {}", d.args.len() - 1),
        extra_span,
        "ignored by SRS",
    )
    .with_label(first.span, "SRS uses only this one")
    .with_fix(Fix::replace_unsafe(
        "remove the ignored values",
        extra_span,
        String::new(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn missing_and_extra() {
        let d = lint_conf(
            "listen 1935;\ndaemon;\nmax_connections 1 2;\nvhost v { cluster { coworkers a:1 b:2; } }\n",
            SrsVersion::V6,
        );
        assert_eq!(d.iter().filter(|d| d.code == "SRS106").count(), 2, "{d:#?}");
    }
}
