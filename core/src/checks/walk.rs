//! Walking the directive tree with each directive's context key.

use crate::conf::Directive;
use crate::schema;

/// Calls `f(context_key, directive)` for every directive, depth first, in
/// file order. Context keys are those of the directive table (`root`,
/// `vhost`, `vhost.cluster`, …). The parser bounds nesting, so recursion is safe.
pub fn walk<'a>(list: &'a [Directive], f: &mut dyn FnMut(&str, &'a Directive)) {
    walk_in("root", list, f);
}

fn walk_in<'a>(key: &str, list: &'a [Directive], f: &mut dyn FnMut(&str, &'a Directive)) {
    for d in list {
        f(key, d);
        if let Some(b) = &d.block {
            let child = schema::child_key(key, &d.name.text);
            walk_in(&child, &b.children, f);
        }
    }
}

/// The `vhost` blocks at the top level.
pub fn vhosts(list: &[Directive]) -> impl Iterator<Item = &Directive> {
    list.iter().filter(|d| d.name.text == "vhost")
}
