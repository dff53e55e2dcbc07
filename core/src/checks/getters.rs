//! How `SrsConfig`'s getters read the values the semantic checks need
//! (trunk/src/app/srs_app_config.cpp, 6.0): the first directive of a name
//! wins, an empty value means the default, numbers go through C's `atoi`
//! into an `int`, and flags through `SRS_CONF_PREFER_TRUE/FALSE`.
//! They read the tree they are given: the config checks give them the file
//! alone, the deployment checks a server's effective config, in which the
//! container's `SRS_*` overrides are already applied (`model::env`).

use crate::conf::syntax::find;
use crate::conf::{Directive, Word};
use crate::values;

/// The first directive named `name` in `list`, as `SrsConfDirective::get`.
pub fn first<'a>(list: &'a [Directive], name: &str) -> Option<&'a Directive> {
    find(list, name)
}

/// The first child `name` of the first `block` in `list` (`root->get(block)->get(name)`).
pub fn child<'a>(list: &'a [Directive], block: &str, name: &str) -> Option<&'a Directive> {
    first(list, block).and_then(|b| b.get(name))
}

/// The first argument when it is not empty: getters that test
/// `conf->arg0().empty()` fall back to their default otherwise.
pub fn value(d: Option<&Directive>) -> Option<&Word> {
    d.and_then(|d| d.args.first()).filter(|w| !w.text.is_empty())
}

/// C's `atoi` into an `int`: glibc's `(int) strtol(s, NULL, 10)`, which
/// saturates at the `long` range and then keeps the low 32 bits.
pub fn atoi_int(s: &str) -> i32 {
    values::atoi(s).0 as i32
}

/// A flag as SRS reads it; a missing directive or an empty value reads as
/// the default with both `SRS_CONF_PREFER_*` macros.
pub fn flag(d: Option<&Directive>, default_on: bool) -> bool {
    d.map_or(default_on, |d| values::read_flag(d.arg0(), default_on))
}

/// The root `http_server` block. `srs_config_transform_vhost` renames a root
/// `http_stream` to `http_server` before the checks, so the first of either
/// name is the one SRS reads.
pub fn http_server(root: &[Directive]) -> Option<&Directive> {
    root.iter()
        .find(|d| d.name.text == "http_server" || d.name.text == "http_stream")
}

/// Where a value comes from: the word in the config, or SRS's default.
#[derive(Clone, Debug)]
pub struct Setting<'a> {
    pub value: String,
    /// The directive that set it, `None` when it is SRS's default.
    pub directive: Option<&'a Directive>,
}

impl Setting<'_> {
    /// The span to point at: the value word, or the directive's name when it
    /// has no value.
    pub fn span(&self) -> Option<crate::source::Span> {
        self.directive.map(|d| d.args.first().map_or(d.name.span, |w| w.span))
    }

    /// `` `1985` `` or `` `1985` (default) ``.
    pub fn describe(&self) -> String {
        let shown = if self.value.is_empty() {
            "an empty value".to_string()
        } else {
            format!("`{}`", self.value)
        };
        if self.directive.is_some() {
            shown
        } else {
            format!("{shown} (default)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_keeps_the_low_32_bits() {
        assert_eq!(atoi_int("1000"), 1000);
        assert_eq!(atoi_int("4294967296"), 0);
        assert_eq!(atoi_int("4294967295"), -1);
        assert_eq!(atoi_int("0.5"), 0);
        assert_eq!(atoi_int("abc"), 0);
    }
}
