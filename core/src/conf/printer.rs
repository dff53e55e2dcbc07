//! Prints a directive tree back as SRS config text, one directive per line.
//! parse → print → parse gives the same tree (a property test checks it).

use super::syntax::{Directive, Word};

pub fn print(directives: &[Directive]) -> String {
    let mut out = String::new();
    // An explicit stack: trees are bounded in depth, but printing should not
    // depend on it.
    let mut stack: Vec<(std::slice::Iter<'_, Directive>, usize)> = vec![(directives.iter(), 0)];
    while let Some((iter, depth)) = stack.last_mut() {
        let depth = *depth;
        let Some(d) = iter.next() else {
            stack.pop();
            if let Some((_, parent_depth)) = stack.last() {
                indent(&mut out, *parent_depth);
                out.push_str("}\n");
            }
            continue;
        };
        indent(&mut out, depth);
        word(&mut out, &d.name);
        for a in &d.args {
            out.push(' ');
            word(&mut out, a);
        }
        match &d.block {
            Some(b) => {
                out.push_str(" {\n");
                stack.push((b.children.iter(), depth + 1));
            }
            None => out.push_str(";\n"),
        }
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

/// Quotes a word when it would not read back as itself.
fn word(out: &mut String, w: &Word) {
    let t = &w.text;
    // A leading U+FEFF reads back as a byte-order mark only at the start of
    // the file; elsewhere it is a character like any other (and a word with
    // both quote kinds could not be quoted).
    let needs_quote = t.is_empty()
        || t.starts_with(['"', '\'', '#', '}'])
        || (out.is_empty() && t.starts_with('\u{feff}'))
        || t.contains([' ', '\t', '\r', '\n', ';', '{']);
    if !needs_quote {
        out.push_str(t);
    } else if !t.contains('"') {
        out.push('"');
        out.push_str(t);
        out.push('"');
    } else {
        // SRS has no escapes: a word with both quote kinds cannot be written
        // quoted; single quotes are the best we can do.
        out.push('\'');
        out.push_str(t);
        out.push('\'');
    }
}
