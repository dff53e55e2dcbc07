use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{DirectiveDef, SrsVersion};

pub static META: CheckMeta = CheckMeta {
    code: "SRS102",
    name: "not-in-version",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::None,
    summary: "A directive that the chosen SRS version does not have yet, or no longer has.",
    doc: doc_text(
        r#"## What it does
Finds directives that exist in SRS, but not in the version you run: added later (`include` and `srt` in a vhost arrived in 5.0, `rtc_server` in 4.0) or removed (the 4.0 GB28181 keys). The version comes from `--srs-version` or `.srs-check.toml` (default 6).

## Why is this bad?
An SRS that does not know the name refuses the config with `illegal directive`; copying a config from newer docs onto an older image is the usual way in.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin 127.0.0.1:19350;
        protocol flv;
    }
}
```
(checked as SRS 4: `cluster.protocol` arrived in 5.0)

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin 127.0.0.1:19350;
    }
}
```
Or run a newer SRS and say so with `--srs-version`.

## References
- `srs-allowed-by-version.json` (the names each branch's `check_normal_config` accepts)
"#,
    ),
};

pub fn diagnostic(d: &Directive, def: &DirectiveDef, version: SrsVersion) -> Diagnostic {
    let name = &d.name.text;
    let (msg, label) = match (def.known_in.first(), def.known_in.removed_after(version)) {
        (Some(first), _) if first > version => (
            format!("`{name}` needs SRS {first} or later; this config targets SRS {version}"),
            format!("added in SRS {first}"),
        ),
        (_, Some(gone)) => (
            format!("`{name}` was removed in SRS {gone}; this config targets SRS {version}"),
            format!("removed in SRS {gone}"),
        ),
        _ => (
            format!("`{name}` is not accepted by SRS {version}"),
            "not in this version".to_string(),
        ),
    };
    META.diagnostic(msg, d.name.span, label)
        .with_note("SRS refuses names it does not know: `srs -t` reports an illegal directive")
        .with_help("remove it, or set the SRS version you really run (--srs-version, `srs-version` in .srs-check.toml)")
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn added_and_removed() {
        let src = "listen 1935;\nrtc_server { enabled on; }\n";
        let d = lint_conf(src, SrsVersion::V3);
        assert!(
            d.iter()
                .any(|d| d.code == "SRS102" && d.message.contains("needs SRS 4.0")),
            "{d:#?}"
        );
        assert!(!lint_conf(src, SrsVersion::V4).iter().any(|d| d.code == "SRS102"));
        let src = "listen 1935;\nstream_caster { enabled on; rtp_port_min 57200; }\n";
        assert!(lint_conf(src, SrsVersion::V5)
            .iter()
            .any(|d| d.code == "SRS102" || d.code == "SRS104"));
    }
}
