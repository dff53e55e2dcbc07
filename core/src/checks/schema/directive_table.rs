//! The one pass that checks every directive against the table: is the name
//! known here, in this version, in this block; does it have the shape and
//! values SRS expects. Like crossplane's analyser, the table is data and this
//! code is generic over it.

use super::{
    argument_count, block_mismatch, deprecated_directive, duplicate_directive, ignored_directive, invalid_endpoint,
    invalid_flag, invalid_number, invalid_value, misplaced_directive, not_in_version, unknown_directive,
};
use crate::checks::{ConfContext, MAX_FINDINGS_PER_CONFIG};
use crate::conf::Directive;
use crate::diagnostic::Diagnostic;
use crate::hash::HashMap;
use crate::schema::{self, ArgKind, ContextDef, DirectiveDef, SrsVersion};
use crate::source::Sources;
use crate::values;

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    check_list("root", &cx.config.directives, cx.version, cx.sources, &mut out);
    cx.out.extend(out);
}

fn check_list(key: &str, list: &[Directive], version: SrsVersion, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let Some(ctx) = schema::context(key) else {
        return;
    };
    let mut first_mover = Vec::new();
    // First occurrences, so that repeated and moved directives are found in
    // linear time whatever the block's size.
    let mut blocks: HashMap<&str, &Directive> = HashMap::default();
    for d in list.iter().filter(|d| d.block.is_some()) {
        blocks.entry(d.name.text.as_str()).or_insert(d);
    }
    let mut seen: HashMap<&str, &Directive> = HashMap::default();
    for d in list {
        if out.len() >= MAX_FINDINGS_PER_CONFIG {
            return;
        }
        let name = d.name.text.as_str();
        if let Some((diag, effective)) =
            deprecated_directive::check(key, d, &blocks, version, sources, &mut first_mover)
        {
            out.push(diag);
            // Check what SRS will read: the value, and a renamed block's children.
            if let Some(e) = effective {
                if let Some(def) = schema::context(&e.ctx).and_then(|c| c.get(e.name)) {
                    check_shape(&e.ctx, d, def, out);
                    if let Some(b) = &d.block {
                        check_list(&schema::child_key(&e.ctx, e.name), &b.children, version, sources, out);
                    }
                }
            }
            continue;
        }
        let def = ctx.get(name).filter(|def| def.known_in.contains(version));
        let Some(def) = def else {
            out.push(unknown(ctx, d, version));
            continue;
        };
        match seen.get(name) {
            Some(first) => out.extend(duplicate_directive::check(key, d, first)),
            None => {
                seen.insert(name, d);
            }
        }
        check_shape(key, d, def, out);
        if let Some(b) = &d.block {
            check_list(&schema::child_key(key, name), &b.children, version, sources, out);
        }
    }
}

/// A name this block does not accept in this version: say the most useful thing.
fn unknown(ctx: &ContextDef, d: &Directive, version: SrsVersion) -> Diagnostic {
    let name = d.name.text.as_str();
    let place = schema::describe_context(ctx.key);
    if name == "include" {
        return not_in_version::diagnostic(d, &INCLUDE, version);
    }
    if let Some(def) = ctx.get(name) {
        return not_in_version::diagnostic(d, def, version);
    }
    let elsewhere = schema::contexts_with(name, version);
    if !elsewhere.is_empty() {
        return misplaced_directive::diagnostic(d, ctx.key, &elsewhere);
    }
    let suggestion = did_you_mean(name, ctx.names_in(version));
    if ctx.is_validated(version) {
        unknown_directive::diagnostic(d, &place, version, suggestion)
    } else {
        ignored_directive::diagnostic(d, &place, suggestion)
    }
}

/// `include` is handled by the loader, not the table; it exists from 5.0.
static INCLUDE: DirectiveDef = DirectiveDef {
    name: "include",
    kind: ArgKind::Text,
    variadic: true,
    default: None,
    known_in: schema::VersionSet(0b11100),
    env: &[],
};

/// The closest accepted name, if one is close enough to be a typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(dist, _)| *dist <= limit)
        .min_by_key(|(dist, c)| (*dist, *c))
        .map(|(_, c)| c)
}

fn check_shape(key: &str, d: &Directive, def: &DirectiveDef, out: &mut Vec<Diagnostic>) {
    match (def.kind, d.block.is_some()) {
        (ArgKind::Block, false) => {
            out.push(block_mismatch::expected_block(d));
            return;
        }
        (ArgKind::Block | ArgKind::Any, _) => return,
        (_, true) => {
            out.push(block_mismatch::expected_leaf(d));
            return;
        }
        _ => {}
    }
    // `listen` with no value is `srs -t`'s own error (SRS202).
    if d.args.is_empty() {
        if !(key == "root" && d.name.text == "listen") {
            out.push(argument_count::missing(d, def));
        }
        return;
    }
    if !def.variadic && d.args.len() > 1 {
        out.push(argument_count::extra(d));
    }
    let first = &d.args[0];
    match def.kind {
        ArgKind::Flag => {
            if first.text != "on" && first.text != "off" {
                out.push(invalid_flag::diagnostic(d, first, def));
            }
        }
        ArgKind::Integer => {
            // Decimals are let through: the table's integer/number split comes
            // from examples and is not exact for every directive.
            let (v, _) = values::atoi(&first.text);
            let (f, whole) = values::atof(&first.text);
            if !whole {
                // `2.5s`: atoi would say 2 and atof 2.5; which one SRS uses
                // depends on the getter, so show what is certain.
                let reads = if f.fract() == 0.0 {
                    v.to_string()
                } else {
                    format!("{v} (or {f} if it takes decimals)")
                };
                out.push(invalid_number::diagnostic(d, first, &reads, "a plain number"));
            }
        }
        ArgKind::Number => {
            let (v, whole) = values::atof(&first.text);
            if !whole {
                out.push(invalid_number::diagnostic(d, first, &v.to_string(), "a number"));
            }
        }
        ArgKind::Endpoint => {
            for a in &d.args {
                if let Err(why) = values::parse_endpoint(&a.text) {
                    out.push(invalid_endpoint::diagnostic(key, d, a, &why));
                }
            }
        }
        ArgKind::Text => {
            if let Some(diag) = invalid_value::check(key, d, first) {
                out.push(diag);
            }
        }
        ArgKind::Block | ArgKind::Any => {}
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        let names = ["coworkers", "origin_cluster", "origin", "mode"];
        assert_eq!(did_you_mean("coworker", names.into_iter()), Some("coworkers"));
        assert_eq!(did_you_mean("orgin_cluster", names.into_iter()), Some("origin_cluster"));
        assert_eq!(did_you_mean("xyz", names.into_iter()), None);
    }
}
