use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::{Directive, Word};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::schema::DirectiveDef;
use crate::values;

pub static META: CheckMeta = CheckMeta {
    code: "SRS110",
    name: "invalid-flag",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "An on/off setting with another value, which SRS silently reads as on or off.",
    doc: doc_text(
        r#"## What it does
Finds `on`/`off` directives written with anything else (`yes`, `true`, `1`, `enable`, a typo) and says how SRS really reads it: for settings whose default is off, anything but `on` is off; for settings whose default is on, anything but `off` is on.

## Why is this bad?
`origin_cluster yes;` means **off**: the origins never ask each other for streams, and players get errors for streams that are published on another origin. `daemon no;` means **on**: SRS forks into the background and the container exits. `srs -t` accepts both.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        origin_cluster yes;
        coworkers 10.0.0.2:1985;
    }
}
```

## Fix
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        origin_cluster on;
        coworkers 10.0.0.2:1985;
    }
}
```
When the word clearly means on or off, the fix writes that (marked unsafe: it changes what SRS does).

## References
- SRS `SRS_CONF_PREFER_FALSE` / `SRS_CONF_PREFER_TRUE` (trunk/src/app/srs_app_config.cpp)
"#,
    ),
};

pub fn diagnostic(d: &Directive, value: &Word, def: &DirectiveDef) -> Diagnostic {
    let name = &d.name.text;
    let default_on = def.default == Some("on");
    let reads = if values::read_flag(&value.text, default_on) {
        "on"
    } else {
        "off"
    };
    let rule = if default_on {
        "anything but `off` is on"
    } else {
        "anything but `on` is off"
    };
    let mut diag = META
        .diagnostic(
            format!("`{name} {}` is read as {reads}", value.text),
            value.span,
            format!("SRS reads this as `{reads}`"),
        )
        .with_note(format!("for `{name}` SRS only knows `on` and `off`: {rule}"));
    if let Some(intended) = values::intended_flag(&value.text) {
        let word = if intended { "on" } else { "off" };
        diag = diag.with_fix(Fix::replace_unsafe(
            format!("write `{word}`"),
            value.span,
            word.to_string(),
        ));
    } else {
        diag = diag.with_help("write `on` or `off`");
    }
    diag
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn reads_by_default() {
        let d = lint_conf(
            "listen 1935;\ndaemon no;\nvhost v { cluster { origin_cluster yes; } }\n",
            SrsVersion::V6,
        );
        let f: Vec<_> = d
            .iter()
            .filter(|d| d.code == "SRS110")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(f, ["`daemon no` is read as on", "`origin_cluster yes` is read as off"]);
    }
}
