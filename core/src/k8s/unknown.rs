//! Unknown fields, found by a round trip: k8s-openapi's types skip fields
//! they do not know while deserializing, and serialize every field they
//! hold that is set. So a key of the input that is missing from the
//! re-serialized value was not a field where it stands.
//!
//! Why no false positives on valid input: every k8s-openapi field is an
//! `Option` (serialized when `Some`, and a present non-null input makes it
//! `Some`, empty maps and lists included), a required field (always
//! serialized), a map (every key kept) or an opaque JSON value (kept whole);
//! int-or-string, quantities and times are scalars, so no keys are lost
//! inside them. `null`s are stripped before decoding and never walked: a key
//! whose value is `null` is not checked (see [`super::json::strip_nulls`]).

use super::path::Step;
use serde_json::Value;

/// The paths of the keys of `input` that `known` (the round trip) lacks.
pub fn unknown_fields(input: &Value, known: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    walk(input, known, &mut Vec::new(), &mut out);
    out
}

fn walk(input: &Value, known: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match (input, known) {
        (Value::Object(input), Value::Object(known)) => {
            for (key, value) in input {
                path.push(Step::Key(key.clone()));
                match known.get(key) {
                    Some(k) => walk(value, k, path, out),
                    None if value.is_null() => {}
                    None => out.push(path.clone()),
                }
                path.pop();
            }
        }
        (Value::Array(input), Value::Array(known)) => {
            for (i, (value, k)) in input.iter().zip(known).enumerate() {
                path.push(Step::Index(i));
                walk(value, k, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn k8s_unknown_fields_by_round_trip() {
        let input = json!({"a": 1, "b": {"c": 2, "d": 3}, "l": [{"x": 1}, {"y": 2}], "n": null});
        let known = json!({"a": 1, "b": {"c": 2}, "l": [{"x": 1}, {}], "extra": 0});
        assert_eq!(
            unknown_fields(&input, &known),
            [
                vec![Step::from("b"), Step::from("d")],
                vec![Step::from("l"), Step::Index(1), Step::from("y")],
            ]
        );
    }
}
