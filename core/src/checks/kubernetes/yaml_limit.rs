use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::diagnostic::Severity;

pub static META: CheckMeta = CheckMeta {
    code: "SRS403",
    name: "yaml-limit",
    severity: Severity::Error,
    category: Category::Kubernetes,
    fix: FixKind::None,
    summary: "A YAML stream goes past one of srs-check's bounds (alias expansion, nesting, size, document count).",
    doc: doc_text(
        r#"## What it does
Stops reading a YAML stream where it is hostile or broken beyond use, and says so: aliases that would copy a document past 1,000,000 nodes (or past its size bound in bytes), collections nested deeper than 256 levels (flow collections: 255), a stream or document over 100 MiB (or the size the caller sets), and more than 100,000 documents in one stream. The documents read before the bound are still checked.

## Why is this bad?
No real manifest comes near these bounds. Past them the input is generated, corrupted or an attack: a "billion laughs" alias bomb is a few hundred bytes that expand to gigabytes, and deep nesting exhausts the stack of naive readers. The Kubernetes API server has its own bounds and refuses such input too.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: lol
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
```

## Fix
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: lol
data:
  a: lol
```

## References
- Billion laughs attack: https://en.wikipedia.org/wiki/Billion_laughs_attack
- srs-check's own bounds (`yaml::parse::MAX_BYTES`, `MAX_DEPTH`, `MAX_NODES`, `MAX_DOCUMENTS`)
"#,
    ),
};

#[cfg(test)]
mod tests {

    use crate::checks::kubernetes::yaml_codes;

    #[test]
    fn yaml_limit_deep_nesting() {
        assert_eq!(yaml_codes(&"[".repeat(300)), ["SRS403"]);
        let mut deep = String::new();
        for i in 0..300 {
            deep.push_str(&" ".repeat(i));
            deep.push_str("k:\n");
        }
        assert_eq!(yaml_codes(&deep), ["SRS403"]);
    }
}
