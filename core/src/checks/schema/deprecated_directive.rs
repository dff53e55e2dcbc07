use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::hash::HashMap;
use crate::schema::SrsVersion;
use crate::source::{Sources, Span};

pub static META: CheckMeta = CheckMeta {
    code: "SRS104",
    name: "deprecated-directive",
    severity: Severity::Warning,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "An old form that SRS silently rewrites (or drops) before checking the config.",
    doc: doc_text(
        r#"## What it does
Finds the old spellings SRS's `srs_config_transform_vhost` rewrites at start-up: `http_stream` (now `http_server`), a vhost-level `http` (now `http_static`), `refer`/`refer_play`/`refer_publish` leaves (now a `refer { }` block), `publish_1stpkt_timeout` and `publish_normal_timeout` (now in `publish { }`), play settings at vhost level (`gop_cache`, `queue_length`, `atc`, … now in `play { }`), cluster settings at vhost level (`mode`, `origin`, `token_traverse`, … now in `cluster { }`), `forward` as a leaf (now a block), `mr { }`, `nack { }` and `twcc { }` blocks, `rtc.aac` and `rtc.bframe`, `srt_server.tlpkdrop`, and settings SRS drops with a warning (`http_remux.hstrs`, `rtc_server.perf_stat`/`queue_length`, GB28181 leftovers in `stream_caster`).

## Why is this bad?
The config works, but not as written: what `srs -t` checks and what the HTTP API's config dump shows is the rewritten form, and the next SRS release may drop the rewrite. Some rewrites change meaning (`rtc { aac transcode; }` becomes `rtmp_to_rtc on`, any other value `off`).

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    gop_cache off;
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    play {
        gop_cache off;
    }
}
```
Renames are fixed in place; a setting that moves into a block is moved there (into the existing block, or a new one). Rewrites that merge several settings (`mr`, `nack`, `twcc`) carry help instead of a fix.

## References
- SRS `srs_config_transform_vhost` (trunk/src/app/srs_app_config.cpp); `conf/compatible.conf`
"#,
    ),
};

/// What SRS does with an old form.
enum Rewrite {
    /// Same place, new name.
    Rename(&'static str),
    /// Into the block `block` (in the same parent), under `name`.
    MoveInto {
        block: &'static str,
        name: &'static str,
        /// The new block needs `enabled on;` to keep the setting in force.
        enable: bool,
    },
    /// A leaf becomes a block: `forward a b;` → `forward { enabled on; destination a b; }`.
    LeafToBlock { inner: &'static str },
    /// Dropped (SRS logs a warning).
    Dropped,
    /// Rewritten in a way we only describe.
    Described(&'static str),
}

const PLAY_KEYS: &[&str] = &[
    "time_jitter",
    "mix_correct",
    "atc",
    "atc_auto",
    "mw_latency",
    "gop_cache",
    "gop_cache_max_frames",
    "queue_length",
    "send_min_interval",
    "reduce_sequence_header",
];
const CLUSTER_KEYS: &[&str] = &["mode", "origin", "token_traverse", "vhost", "debug_srs_upnode"];

fn rewrite_of(ctx: &str, d: &Directive, version: SrsVersion) -> Option<Rewrite> {
    let name = d.name.text.as_str();
    let leaf = d.block.is_none();
    Some(match (ctx, name) {
        ("root", "http_stream") => Rewrite::Rename("http_server"),
        ("vhost", "http") => Rewrite::Rename("http_static"),
        ("vhost", "refer") if leaf => Rewrite::LeafToBlock { inner: "all" },
        ("vhost", "refer_play") => Rewrite::MoveInto {
            block: "refer",
            name: "play",
            enable: true,
        },
        ("vhost", "refer_publish") => Rewrite::MoveInto {
            block: "refer",
            name: "publish",
            enable: true,
        },
        ("vhost", "publish_1stpkt_timeout") => Rewrite::MoveInto {
            block: "publish",
            name: "firstpkt_timeout",
            enable: false,
        },
        ("vhost", "publish_normal_timeout") => Rewrite::MoveInto {
            block: "publish",
            name: "normal_timeout",
            enable: false,
        },
        ("vhost", "mr") if !leaf => {
            Rewrite::Described("SRS rewrites `mr { enabled X; latency Y; }` as `publish { mr X; mr_latency Y; }`")
        }
        ("vhost", "forward") if leaf => Rewrite::LeafToBlock { inner: "destination" },
        ("vhost", "nack") if !leaf => {
            Rewrite::Described("SRS rewrites `nack { enabled X; no_copy Y; }` as `rtc { nack X; nack_no_copy Y; }`")
        }
        ("vhost", "twcc") if !leaf => Rewrite::Described("SRS rewrites `twcc { enabled X; }` as `rtc { twcc X; }`"),
        ("vhost", n) if PLAY_KEYS.contains(&n) => Rewrite::MoveInto {
            block: "play",
            name: PLAY_KEYS.iter().find(|k| **k == n)?,
            enable: false,
        },
        ("vhost", n) if CLUSTER_KEYS.contains(&n) => Rewrite::MoveInto {
            block: "cluster",
            name: CLUSTER_KEYS.iter().find(|k| **k == n)?,
            enable: false,
        },
        ("vhost.rtc", "aac") => Rewrite::Described(
            "SRS rewrites `aac transcode` as `rtmp_to_rtc on`, and any other value as `rtmp_to_rtc off`",
        ),
        ("vhost.rtc", "bframe") => Rewrite::Described("SRS rewrites `bframe` as `keep_bframe`"),
        ("vhost.http_remux", "hstrs") | ("rtc_server", "perf_stat" | "queue_length") => Rewrite::Dropped,
        // 4.0 spells it `tlpkdrop`; 5.0 renamed it and rewrites the old name.
        ("srt_server", "tlpkdrop") if version >= SrsVersion::V5 => Rewrite::Rename("tlpktdrop"),
        ("stream_caster", "host") if version >= SrsVersion::V5 => {
            Rewrite::Described("SRS 5.0+ rewrites `stream_caster.host` as `sip { candidate …; }`")
        }
        ("stream_caster", _) if version >= SrsVersion::V5 && is_gb28181_leftover(name) => Rewrite::Dropped,
        _ => return None,
    })
}

/// The 4.0 GB28181 keys of `stream_caster` that 5.0 drops with a warning.
fn is_gb28181_leftover(name: &str) -> bool {
    crate::schema::context("stream_caster")
        .and_then(|c| c.get(name))
        .is_some_and(|d| d.known_in.contains(SrsVersion::V4) && !d.known_in.contains(SrsVersion::V5))
}

/// What an old form stands for after SRS's rewrite: the context key and
/// name to check its value (and children) against.
pub struct Effective {
    pub ctx: String,
    pub name: &'static str,
}

/// Reports `d` if it is an old form. `blocks` holds the first block of each
/// name in the list `d` stands in.
pub(crate) fn check(
    ctx: &str,
    d: &Directive,
    blocks: &HashMap<&str, &Directive>,
    version: SrsVersion,
    sources: &Sources,
    first_mover: &mut Vec<(&'static str, Span)>,
) -> Option<(Diagnostic, Option<Effective>)> {
    let rewrite = rewrite_of(ctx, d, version)?;
    let effective = match rewrite {
        Rewrite::Rename(new) => Some(Effective {
            ctx: ctx.to_string(),
            name: new,
        }),
        Rewrite::MoveInto { block, name, .. } => Some(Effective {
            ctx: crate::schema::child_key(ctx, block),
            name,
        }),
        _ => None,
    };
    let name = &d.name.text;
    let diag = |msg: String, label: &str| META.diagnostic(msg, d.name.span, label.to_string());
    let text_of = |w: &[crate::conf::Word]| w.iter().map(|w| sources.text(w.span)).collect::<Vec<_>>().join(" ");
    let diagnostic = match rewrite {
        Rewrite::Rename(new) => diag(
            format!("`{name}` is an old name for `{new}`"),
            "SRS renames this at start-up",
        )
        .with_replacement(format!("rename to `{new}`"), d.name.span, new),
        Rewrite::Dropped => diag(
            format!("`{name}` is no longer used; SRS drops it with a warning"),
            "ignored by SRS",
        )
        .with_fix(Fix::replace("remove it", d.full_span(), String::new())),
        Rewrite::Described(how) => {
            diag(format!("`{name}` is an old form"), "SRS rewrites this at start-up").with_help(how.to_string())
        }
        Rewrite::LeafToBlock { inner } => {
            let args = text_of(&d.args);
            let new = format!("{name} {{ enabled on; {inner} {args}; }}");
            diag(
                format!("`{name}` with arguments is an old form of `{new}`"),
                "SRS rewrites this at start-up",
            )
            .with_replacement("write it as a block", d.span, new)
        }
        Rewrite::MoveInto {
            block,
            name: new_name,
            enable,
        } => {
            let args = text_of(&d.args);
            let stmt = format!("{new_name} {args};");
            // SRS's rewrite of `refer_play`/`refer_publish` also switches the block on.
            let new_block = if enable {
                format!("{block} {{ enabled on; {stmt} }}")
            } else {
                format!("{block} {{ {stmt} }}")
            };
            let mut out = diag(
                format!("`{name}` at this level is an old form of `{new_block}`"),
                "SRS moves this at start-up",
            );
            let target = blocks.get(block);
            let fix = if let Some(t) = target {
                let open = t.block.as_ref().expect("block").open;
                Some(Fix::safe(
                    format!("move it into the `{block}` block"),
                    vec![
                        Edit {
                            span: Span::new(open.file, open.end as usize, open.end as usize),
                            replacement: format!(" {stmt}"),
                        },
                        Edit {
                            span: d.span,
                            replacement: String::new(),
                        },
                    ],
                ))
            } else if !first_mover.iter().any(|(b, _)| *b == block) {
                first_mover.push((block, d.span));
                Some(Fix::replace(format!("wrap it in a `{block}` block"), d.span, new_block))
            } else {
                // Another setting creates the block first; fixing again moves this one in.
                None
            };
            match fix {
                Some(f) => out = out.with_fix(f),
                None => out = out.with_help(format!("move it into the `{block}` block")),
            }
            out
        }
    };
    Some((diagnostic, effective))
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{fix_until_stable, lint_conf};

    #[test]
    fn compatible_forms_are_warned_and_fixed() {
        let src = "listen 1935;\nhttp_stream { enabled on; }\nvhost v {\n    mode remote;\n    origin 127.0.0.1:1935;\n    gop_cache off;\n    refer a.com;\n}\n";
        let d = lint_conf(src, SrsVersion::V6);
        let n = d.iter().filter(|d| d.code == "SRS104").count();
        assert_eq!(n, 5, "{d:#?}");
        let fixed = fix_until_stable(src, SrsVersion::V6);
        assert!(
            !lint_conf(&fixed, SrsVersion::V6).iter().any(|d| d.code == "SRS104"),
            "{fixed}"
        );
        assert!(
            fixed.contains("cluster { mode remote; origin 127.0.0.1:1935; }")
                || fixed.contains("cluster { origin 127.0.0.1:1935; mode remote; }")
                || fixed.contains("origin 127.0.0.1:1935;"),
            "{fixed}"
        );
    }

    #[test]
    fn tlpkdrop_is_the_real_name_in_v4() {
        let src = "listen 1935;\nsrt_server { tlpkdrop on; }\n";
        assert!(!lint_conf(src, SrsVersion::V4).iter().any(|d| d.code == "SRS104"));
        assert!(lint_conf(src, SrsVersion::V5).iter().any(|d| d.code == "SRS104"));
    }
}
