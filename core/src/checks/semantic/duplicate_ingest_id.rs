use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::walk;
use crate::checks::ConfContext;
use crate::conf::Directive;
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS209",
    name: "duplicate-ingest-id",
    severity: Severity::Error,
    category: Category::Semantic,
    fix: FixKind::None,
    summary: "Two `ingest` blocks with the same id in one vhost.",
    doc: doc_text(
        r#"## What it does
Compares the ids (`ingest <id> { … }`) of the `ingest` blocks in each vhost, enabled or not. Two blocks without an id share the empty id and clash too.

## Why is this bad?
SRS tells ingesters apart by id (on reload it finds them with `get("ingest", id)`). `srs -t` refuses a repeated id with `ingest id=<id> exists for <vhost>` and the server does not start. A copied block whose id was not changed is the usual cause.

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    ingest camera {
        enabled on;
        input {
            type stream;
            url rtsp://10.0.0.20/stream1;
        }
        ffmpeg ./objs/ffmpeg/bin/ffmpeg;
        engine {
            enabled off;
            output rtmp://127.0.0.1:[port]/live/cam1;
        }
    }
    ingest camera {
        enabled on;
        input {
            type stream;
            url rtsp://10.0.0.21/stream1;
        }
        ffmpeg ./objs/ffmpeg/bin/ffmpeg;
        engine {
            enabled off;
            output rtmp://127.0.0.1:[port]/live/cam2;
        }
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    ingest cam1 {
        enabled on;
        input {
            type stream;
            url rtsp://10.0.0.20/stream1;
        }
        ffmpeg ./objs/ffmpeg/bin/ffmpeg;
        engine {
            enabled off;
            output rtmp://127.0.0.1:[port]/live/cam1;
        }
    }
    ingest cam2 {
        enabled on;
        input {
            type stream;
            url rtsp://10.0.0.21/stream1;
        }
        ffmpeg ./objs/ffmpeg/bin/ffmpeg;
        engine {
            enabled off;
            output rtmp://127.0.0.1:[port]/live/cam2;
        }
    }
}
```

## References
- SRS `SrsConfig::check_normal_config` ("check ingest id unique") and `reload_ingest` (trunk/src/app/srs_app_config.cpp)
"#,
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut found = Vec::new();
    for vhost in walk::vhosts(&cx.config.directives) {
        let mut seen: Vec<&Directive> = Vec::new();
        for ingest in vhost.children().iter().filter(|d| d.name.text == "ingest") {
            let id = ingest.arg0();
            if let Some(first) = seen.iter().find(|d| d.arg0() == id) {
                let shown = if id.is_empty() {
                    "no id".to_string()
                } else {
                    format!("id `{id}`")
                };
                found.push(
                    META.diagnostic(
                        format!("two ingests in vhost `{}` have {shown}", vhost.arg0()),
                        at(ingest),
                        "this ingest repeats the id",
                    )
                    .with_label(at(first), "first used here")
                    .with_note(format!(
                        "SRS: `ingest id={id} exists for {}`; `srs -t` fails and the server does not start",
                        vhost.arg0()
                    ))
                    .with_help("give every ingest in a vhost its own id: `ingest <id> { … }`"),
                );
            } else {
                seen.push(ingest);
            }
        }
    }
    cx.out.extend(found);
}

/// The id word, or the name when there is no id.
fn at(ingest: &Directive) -> crate::source::Span {
    ingest.args.first().map_or(ingest.name.span, |w| w.span)
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    fn count(body: &str) -> usize {
        let src = format!("listen 1935;\n{body}\n");
        lint_conf(&src, SrsVersion::V6)
            .iter()
            .filter(|d| d.code == "SRS209")
            .count()
    }

    #[test]
    fn repeated_ids_in_a_vhost() {
        assert_eq!(
            count("vhost v { ingest a { enabled off; } ingest a { enabled on; } }"),
            1
        );
        assert_eq!(count("vhost v { ingest { } ingest { } }"), 1);
        assert_eq!(count("vhost v { ingest a { } ingest a { } ingest a { } }"), 2);
    }

    #[test]
    fn unique_ids_or_other_vhosts() {
        assert_eq!(count("vhost v { ingest a { } ingest b { } }"), 0);
        assert_eq!(count("vhost v { ingest a { } }\nvhost w { ingest a { } }"), 0);
    }
}
