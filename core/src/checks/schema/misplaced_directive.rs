use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::conf::Directive;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::describe_context;

pub static META: CheckMeta = CheckMeta {
    code: "SRS103",
    name: "misplaced-directive",
    severity: Severity::Error,
    category: Category::Schema,
    fix: FixKind::None,
    summary: "A known directive in a block where SRS does not accept it.",
    doc: doc_text(
        r#"## What it does
Finds directives that SRS knows, but in another block: `listen` inside a `vhost`, `coworkers` directly in a `vhost` instead of its `cluster`, `hls_path` outside `hls`. The message says where the directive belongs.

## Why is this bad?
SRS refuses the config (`illegal vhost.listen of <vhost>`), or, in blocks it does not validate, ignores the directive: either way the setting does not do what was meant.

## Example
```conf
listen 1935;
http_api {
    enabled on;
    listen 1985;
}
vhost __defaultVhost__ {
    coworkers 10.0.0.2:1985;
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

## References
- SRS `SrsConfig::check_normal_config`; `srs-directives.json`
"#,
    ),
};

pub fn diagnostic(d: &Directive, here: &str, elsewhere: &[&str]) -> Diagnostic {
    let name = &d.name.text;
    // Most likely first: the top level, then the shallowest blocks; at most three.
    let mut ranked: Vec<&str> = elsewhere.to_vec();
    ranked.sort_by_key(|k| (*k != "root", k.matches('.').count(), k.len(), *k));
    let mut places: Vec<String> = ranked.iter().take(3).map(|k| describe_context(k)).collect();
    if ranked.len() > 3 {
        places.push(format!("{} other blocks", ranked.len() - 3));
    }
    let list = places.join(" or ");
    META.diagnostic(
        format!("`{name}` does not belong in {}", describe_context(here)),
        d.name.span,
        format!("`{name}` belongs in {list}"),
    )
    .with_note("SRS reports an illegal directive here and refuses to start")
    .with_help(format!("move it to {}", places[0]))
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::lint_conf;

    #[test]
    fn listen_in_vhost() {
        let d = lint_conf("listen 1935;\nvhost v { listen 1936; }\n", SrsVersion::V6);
        let m: Vec<_> = d.iter().filter(|d| d.code == "SRS103").collect();
        assert_eq!(m.len(), 1);
        assert!(m[0].primary.message.contains("the top level"), "{:?}", m[0]);
    }
}
