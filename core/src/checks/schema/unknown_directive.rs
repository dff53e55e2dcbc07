use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::SrsVersion;

pub static META: CheckMeta = CheckMeta {
    code: "SRS101",
    name: "unknown-directive",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::Sometimes,
    summary: "A directive name SRS does not know in a block it validates; `srs -t` fails.",
    doc: doc_text(
        r#"## What it does
Checks every directive name against the names SRS's `check_normal_config` accepts in that block, for the chosen SRS version, and suggests the closest valid name (`coworker` → `coworkers`, `orgin_cluster` → `origin_cluster`).

## Why is this bad?
SRS refuses to start: `illegal directive X` at the top level, `illegal vhost.cluster.X of <vhost>` inside a vhost, and so on. In Kubernetes the pod crash-loops with a message most people only find in `kubectl logs`.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    cluster {
        orgin_cluster on;
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
When exactly one valid name is close, the fix renames it (marked safe: SRS would not start as written).

## References
- SRS `SrsConfig::check_normal_config`; `srs-allowed-by-version.json`
"#,
    ),
};

pub fn diagnostic(d: &Directive, place: &str, version: SrsVersion, suggestion: Option<&str>) -> Diagnostic {
    let name = &d.name.text;
    let mut diag = META
        .diagnostic(
            format!("unknown directive `{name}` in {place}"),
            d.name.span,
            match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "SRS does not know this name here".to_string(),
            },
        )
        .with_note(format!(
            "SRS {version} refuses to start: `srs -t` reports an illegal directive"
        ));
    if let Some(s) = suggestion {
        diag = diag.with_replacement(format!("rename to `{s}`"), d.name.span, s);
    }
    diag
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn suggests_the_closest_name() {
        let d = lint_conf(
            "listen 1935;\nvhost v { cluster { coworker a:1985; } }\nmax_conections 10;\n",
            SrsVersion::V6,
        );
        let u: Vec<_> = d.iter().filter(|d| d.code == "SRS101").collect();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].primary.message, "did you mean `coworkers`?");
        assert_eq!(u[1].primary.message, "did you mean `max_connections`?");
    }

    #[test]
    fn children_of_unknown_blocks_are_not_checked() {
        let d = lint_conf("listen 1935;\nfoo { bar 1; }\n", SrsVersion::V6);
        assert_eq!(d.iter().filter(|d| d.code == "SRS101").count(), 1);
    }
}
