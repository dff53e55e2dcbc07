//! What a plain (unquoted, untagged) scalar means to Kubernetes. Its YAML
//! reader (sigs.k8s.io/yaml, a fork of go-yaml v2) resolves plain scalars by
//! YAML 1.1 rules, where a YAML 1.2 parser sees strings: `on`, `yes` and `n`
//! are booleans, `0755` is octal, `1_000` is a thousand. A ConfigMap value
//! written `on` therefore reaches the API server as `true` and is refused.
//!
//! This follows go-yaml v2's `resolve` (resolve.go) over Go's `strconv`.

/// The value a plain scalar resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlainValue {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    Null,
    Bool(bool),
    /// Decimal, `0x` hex, `0o` or leading-`0` octal, `0b` binary, with `_`
    /// separators and a sign.
    Int(i64),
    /// Includes `.inf`, `-.inf` and `.nan`, and integers above `i64::MAX`
    /// (go-yaml reads those as `uint64`; here they lose precision).
    Float(f64),
    /// Anything else, timestamps included: decoded into an untyped value,
    /// go-yaml v2 keeps a timestamp as its string.
    Str,
}

/// Resolves a plain scalar the way Kubernetes' YAML reader does.
pub fn resolve_plain(s: &str) -> PlainValue {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return PlainValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return PlainValue::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return PlainValue::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return PlainValue::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return PlainValue::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return PlainValue::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match s.as_bytes()[0] {
        // go-yaml: a leading '.' is a float or nothing.
        b'.' => {
            if is_yaml_style_float(s) {
                if let Some(f) = parse_finite(s) {
                    return PlainValue::Float(f);
                }
            }
            PlainValue::Str
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return PlainValue::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                #[allow(clippy::cast_precision_loss)]
                return PlainValue::Float(u as f64);
            }
            if is_yaml_style_float(&plain) {
                if let Some(f) = parse_finite(&plain) {
                    return PlainValue::Float(f);
                }
            }
            PlainValue::Str
        }
        _ => PlainValue::Str,
    }
}

/// Go's `strconv.ParseFloat` fails on overflow; Rust's gives infinity.
fn parse_finite(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, go-yaml's
/// `yamlStyleFloat`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint(rest)?;
    if negative {
        // -(2^63) is the one value whose magnitude is not an i64.
        0i64.checked_sub_unsigned(u)
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` on a string without underscores:
/// `0x`/`0o`/`0b` prefixes, a leading `0` for octal, no sign.
fn go_parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (radix, digits) = match b {
        [] => return None,
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &s[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &s[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &s[2..]),
        [b'0'] => return Some(0),
        [b'0', ..] => (8, &s[1..]),
        _ => (10, s),
    };
    // `from_str_radix` would also take a sign, Go does not.
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::PlainValue::{Bool, Float, Int, Null, Str};
    use super::*;

    #[test]
    fn yaml11_nulls_and_booleans() {
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(s), Null, "{s:?}");
        }
        for s in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"] {
            assert_eq!(resolve_plain(s), Bool(true), "{s}");
        }
        for s in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(resolve_plain(s), Bool(false), "{s}");
        }
        for s in ["oN", "yES", "nULL", "tRUE", "o", "nil", "None"] {
            assert_eq!(resolve_plain(s), Str, "{s}");
        }
    }

    #[test]
    fn yaml11_integers() {
        assert_eq!(resolve_plain("0"), Int(0));
        assert_eq!(resolve_plain("1935"), Int(1935));
        assert_eq!(resolve_plain("-42"), Int(-42));
        assert_eq!(resolve_plain("+7"), Int(7));
        assert_eq!(resolve_plain("0755"), Int(0o755));
        assert_eq!(resolve_plain("0x1F"), Int(31));
        assert_eq!(resolve_plain("0X1f"), Int(31));
        assert_eq!(resolve_plain("-0x1F"), Int(-31));
        assert_eq!(resolve_plain("0o17"), Int(15));
        assert_eq!(resolve_plain("0b1010"), Int(10));
        assert_eq!(resolve_plain("-0b101"), Int(-5));
        assert_eq!(resolve_plain("1_000"), Int(1000));
        assert_eq!(resolve_plain("1_000_000"), Int(1_000_000));
        assert_eq!(resolve_plain("-9223372036854775808"), Int(i64::MIN));
        assert_eq!(resolve_plain("9223372036854775807"), Int(i64::MAX));
        // uint64 in go-yaml.
        assert_eq!(resolve_plain("18446744073709551615"), Float(1.844_674_407_370_955_2e19));
    }

    #[test]
    fn yaml11_floats() {
        assert_eq!(resolve_plain("1.5"), Float(1.5));
        assert_eq!(resolve_plain("-.5"), Float(-0.5));
        assert_eq!(resolve_plain(".5"), Float(0.5));
        assert_eq!(resolve_plain("1."), Float(1.0));
        assert_eq!(resolve_plain("1e3"), Float(1000.0));
        assert_eq!(resolve_plain("1_0.5"), Float(10.5));
        // Not octal (8 is no octal digit), but a float to go-yaml.
        assert_eq!(resolve_plain("08"), Float(8.0));
        assert_eq!(resolve_plain(".inf"), Float(f64::INFINITY));
        assert_eq!(resolve_plain("-.INF"), Float(f64::NEG_INFINITY));
        assert!(matches!(resolve_plain(".NaN"), Float(f) if f.is_nan()));
        // Overflow is an error in Go, so the scalar stays a string.
        assert_eq!(resolve_plain("1e400"), Str);
    }

    #[test]
    fn yaml11_strings() {
        for s in [
            "srs",
            "1935/tcp",
            "12:30",
            "2001-12-14",
            "1.2.3",
            "0x",
            "0b",
            "-",
            "+",
            ".",
            "._5",
            "v1",
            "1e",
            "0xZZ",
            "--5",
            "<<",
        ] {
            assert_eq!(resolve_plain(s), Str, "{s}");
        }
    }
}
