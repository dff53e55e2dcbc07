//! A YAML node as the JSON Kubernetes reads. `kubectl` and the API server
//! turn YAML into JSON with sigs.k8s.io/yaml over go-yaml v2, which reads
//! YAML 1.1: a plain `on` is the boolean `true`, `0755` the integer 493,
//! `3.0` a float (that JSON writes as `3`, so it still fills an integer
//! field). Quoted and block scalars are strings; `!!str` makes any scalar a
//! string. Mapping keys become strings (`on:` is the key `"true"`), merge
//! keys (`<<: *base`) are merged as go-yaml v2 merges them, and a later key
//! replaces an earlier one.

use crate::hash::HashMap;
use crate::yaml::{resolve_plain, Node, NodeKind, PlainValue, Scalar, ScalarStyle};
use serde_json::{Map, Number, Value};

/// One entry of a mapping as Kubernetes sees it.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The key as written (for a merged entry, in the merged mapping).
    pub key: Node<'a>,
    pub value: Node<'a>,
}

/// Whether a scalar's text is resolved by YAML 1.1 rules (plain and
/// untagged, or tagged with a core type), rather than taken as a string.
pub fn is_resolved(node: Node<'_>, scalar: Scalar<'_>) -> bool {
    match node.tag() {
        None => scalar.style == ScalarStyle::Plain,
        Some(tag) => matches!(tag, "!!int" | "!!float" | "!!bool" | "!!null"),
    }
}

/// What a scalar means to Kubernetes: `Some` when YAML 1.1 resolution made
/// it something other than a string.
pub fn plain_meaning(node: Node<'_>) -> Option<PlainValue> {
    let s = node.as_scalar()?;
    if !is_resolved(node, s) {
        return None;
    }
    match resolve_plain(s.value) {
        PlainValue::Str => None,
        v => Some(v),
    }
}

/// The JSON value of a scalar.
pub fn scalar_json(node: Node<'_>, scalar: Scalar<'_>) -> Value {
    if !is_resolved(node, scalar) {
        return Value::String(scalar.value.to_string());
    }
    match resolve_plain(scalar.value) {
        PlainValue::Null => Value::Null,
        PlainValue::Bool(b) => Value::Bool(b),
        PlainValue::Int(i) => Value::from(i),
        PlainValue::Float(f) => float_json(f, scalar.value),
        PlainValue::Str => Value::String(scalar.value.to_string()),
    }
}

/// A float as Go's `encoding/json` writes it: integral values below 1e21
/// without a fraction (so `3.0` fills an int32). JSON has no infinities or
/// NaN (kubectl fails on them); those stay their text.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn float_json(f: f64, text: &str) -> Value {
    if !f.is_finite() {
        return Value::String(text.to_string());
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Value::from(f as i64);
        }
        if f >= 0.0 && f < u64::MAX as f64 {
            return Value::from(f as u64);
        }
    }
    Number::from_f64(f).map_or_else(|| Value::String(text.to_string()), Value::Number)
}

/// A mapping key as the string key of a JSON object; `None` for a
/// collection used as a key (Kubernetes refuses those).
pub fn key_string(key: Node<'_>) -> Option<String> {
    let s = key.as_scalar()?;
    Some(match scalar_json(key, s) {
        Value::String(s) => s,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    })
}

fn is_merge_key(key: Node<'_>) -> bool {
    match key.tag() {
        Some("!!merge") => true,
        None => key
            .as_scalar()
            .is_some_and(|s| s.style == ScalarStyle::Plain && s.value == "<<"),
        Some(_) => false,
    }
}

/// The entries of a mapping as Kubernetes reads them, keyed by their JSON
/// key: merge keys merged, a repeated key's last value kept (in the place of
/// its first). Empty for anything but a mapping.
pub fn entries(node: Node<'_>) -> Vec<(String, Entry<'_>)> {
    let mut out = Vec::new();
    let mut index = HashMap::default();
    collect(node, &mut out, &mut index);
    out
}

fn collect<'a>(node: Node<'a>, out: &mut Vec<(String, Entry<'a>)>, index: &mut HashMap<String, usize>) {
    let NodeKind::Map { entries } = node.kind() else { return };
    for (key, value) in entries {
        if is_merge_key(key) {
            // go-yaml v2 merges a mapping, or a list of mappings of which
            // the earlier win; keys after `<<` replace merged ones, keys
            // before it are replaced.
            match value.kind() {
                NodeKind::Map { .. } => collect(value, out, index),
                NodeKind::Seq { items } => {
                    for item in items.rev() {
                        collect(item, out, index);
                    }
                }
                NodeKind::Scalar(_) => {}
            }
            continue;
        }
        let Some(name) = key_string(key) else { continue };
        let entry = Entry { key, value };
        if let Some(&i) = index.get(&name) {
            out[i].1 = entry;
        } else {
            index.insert(name.clone(), out.len());
            out.push((name, entry));
        }
    }
}

/// The value of `key` in a mapping, as Kubernetes reads it.
pub fn get<'a>(node: Node<'a>, key: &str) -> Option<Entry<'a>> {
    let NodeKind::Map { entries: pairs } = node.kind() else {
        return None;
    };
    // Scanning from the end, a key met before any merge key (`<<`) is the
    // one Kubernetes keeps: most mappings merge nothing, and need no
    // merged view.
    for (k, value) in pairs.rev() {
        if is_merge_key(k) {
            return entries(node).into_iter().find(|(k, _)| k == key).map(|(_, e)| e);
        }
        if key_is(k, key) {
            return Some(Entry { key: k, value });
        }
    }
    None
}

/// Whether a mapping key reads as `want`, resolving it only when it may
/// read as something other than its text (`on:` is the key `"true"`).
fn key_is(key: Node<'_>, want: &str) -> bool {
    let Some(s) = key.as_scalar() else { return false };
    let may_differ = is_resolved(key, s);
    if s.value != want {
        // Only a resolved scalar can read as another text, and then only as
        // the text of a boolean, null or number.
        let resolved_text =
            matches!(want, "true" | "false" | "null") || want.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        return may_differ && resolved_text && key_string(key).as_deref() == Some(want);
    }
    !may_differ || key_string(key).as_deref() == Some(want)
}

/// The whole node as JSON.
pub fn to_json(node: Node<'_>) -> Value {
    match node.kind() {
        NodeKind::Scalar(s) => scalar_json(node, s),
        NodeKind::Seq { items } => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map { entries: pairs } if !pairs.iter().any(|(k, _)| is_merge_key(k)) => {
            let mut map = Map::with_capacity(pairs.len());
            for (k, v) in pairs {
                // A repeated key keeps its first place and its last value,
                // as `entries` has it.
                if let Some(name) = key_string(k) {
                    map.insert(name, to_json(v));
                }
            }
            Value::Object(map)
        }
        NodeKind::Map { .. } => Value::Object(
            entries(node)
                .into_iter()
                .map(|(k, e)| (k, to_json(e.value)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

/// Drops mapping entries whose value is `null`. Go's JSON decoder leaves a
/// field untouched for `null`, so `creationTimestamp: null` and `name: ~`
/// mean "not set"; k8s-openapi would refuse `null` for a required field.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// What a YAML value is, for messages: "the boolean `true`", "a mapping".
pub fn describe(node: Node<'_>) -> String {
    match node.kind() {
        NodeKind::Map { .. } => "a mapping".to_string(),
        NodeKind::Seq { .. } => "a list".to_string(),
        NodeKind::Scalar(s) => match scalar_json(node, s) {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Number(n) => format!("the number `{n}`"),
            Value::String(text) if text.is_empty() => "an empty string".to_string(),
            Value::String(text) => format!("the string `{}`", shorten(&text)),
            Value::Array(_) | Value::Object(_) => "a value".to_string(),
        },
    }
}

/// The first line of a text, at most 40 characters.
pub fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use serde_json::json;

    fn json_of(text: &str) -> Value {
        let (docs, diags) = crate::yaml::parse_stream(FileId(0), text);
        assert!(diags.iter().all(|d| d.code == "SRS402"), "{diags:?}");
        to_json(docs[0].root().unwrap())
    }

    #[test]
    fn k8s_json_reads_yaml_1_1_scalars() {
        assert_eq!(
            json_of("a: on\nb: 'on'\nc: 0755\nd: \"8080\"\ne: 1.5\nf: 3.0\ng: ~\nh: !!str 1\ni: |\n  x\nj: .inf\n"),
            json!({"a": true, "b": "on", "c": 493, "d": "8080", "e": 1.5, "f": 3, "g": null, "h": "1", "i": "x\n", "j": ".inf"})
        );
    }

    #[test]
    fn k8s_json_keys_are_strings_and_last_wins() {
        assert_eq!(
            json_of("on: 1\n1: 2\n'x': 3\nx: 4\n"),
            json!({"true": 1, "1": 2, "x": 4})
        );
    }

    #[test]
    fn k8s_json_merges_like_go_yaml_v2() {
        let v = json_of("base: &b {a: 1, b: 2}\nother: &o {b: 3, c: 4}\nm:\n  <<: [*b, *o]\n  c: 5\n");
        assert_eq!(v["m"], json!({"a": 1, "b": 2, "c": 5}));
        let v = json_of("base: &b {a: 1}\nm:\n  a: 0\n  <<: *b\n");
        assert_eq!(v["m"], json!({"a": 1}));
    }

    #[test]
    fn k8s_json_get_agrees_with_the_merged_view() {
        let text = "base: &b {a: 1, b: 2}\nm:\n  a: 0\n  <<: *b\n  b: 3\n  on: x\n  'on': y\n";
        let (docs, _) = crate::yaml::parse_stream(FileId(0), text);
        let m = docs[0].root().unwrap().get("m").unwrap();
        let at = |k: &str| get(m, k).and_then(|e| e.value.as_str().map(str::to_string));
        // `a` before `<<` is replaced by the merged one; `b` after it wins.
        assert_eq!(at("a").as_deref(), Some("1"));
        assert_eq!(at("b").as_deref(), Some("3"));
        assert_eq!(at("true").as_deref(), Some("x"));
        assert_eq!(at("on").as_deref(), Some("y"));
        assert_eq!(at("c"), None);
        for (key, entry) in entries(m) {
            assert_eq!(get(m, &key).map(|e| e.value.span), Some(entry.value.span), "{key}");
        }
    }

    #[test]
    fn k8s_json_strip_nulls_keeps_list_items() {
        let mut v = json!({"a": null, "b": [null, {"c": null, "d": 1}]});
        strip_nulls(&mut v);
        assert_eq!(v, json!({"b": [null, {"d": 1}]}));
    }
}
