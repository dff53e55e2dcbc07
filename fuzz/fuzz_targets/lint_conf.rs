//! Lints arbitrary bytes as an SRS config under every SRS version and checks
//! that nothing panics and that every span (diagnostics' primary spans,
//! labels and fix edits; directives' words and braces) lies inside its file
//! and on `char` boundaries. The same invariants as
//! `core/tests/parser_props.rs`, explored for longer.
//!
//! The input is also in the provider as `main.conf`, so `include main.conf;`
//! exercises the cycle guard, and the provider holds `inc.conf` (the
//! input's second half) for the include path.

#![no_main]

use libfuzzer_sys::fuzz_target;
use srs_check_core::conf::Directive;
use srs_check_core::provider::MemoryProvider;
use srs_check_core::source::Span;
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult, SrsVersion};

fn check_span(r: &LintResult, span: Span, what: &str) {
    let index = span.file.0 as usize;
    assert!(index < r.sources.len(), "{what}: {span:?} names no file");
    let text = &r.sources.get(span.file).text;
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: {span:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {span:?} not on a char boundary"
    );
}

fn check(r: &LintResult) {
    for d in &r.diagnostics {
        check_span(r, d.primary.span, d.code);
        for l in &d.labels {
            check_span(r, l.span, d.code);
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            check_span(r, e.span, d.code);
        }
    }
    for config in &r.configs {
        let mut stack: Vec<&Directive> = config.directives.iter().collect();
        while let Some(d) = stack.pop() {
            check_span(r, d.span, "directive");
            check_span(r, d.name.span, "name");
            for a in &d.args {
                check_span(r, a.span, "argument");
            }
            if let Some(b) = &d.block {
                check_span(r, b.open, "{");
                if let Some(close) = b.close {
                    check_span(r, close, "}");
                }
            }
            stack.extend(d.children());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let provider = MemoryProvider::new()
        .with("main.conf", data.to_vec())
        .with("inc.conf", data[data.len() / 2..].to_vec());
    for version in SrsVersion::ALL {
        let options = LintOptions {
            version: Some(version),
            ..LintOptions::default()
        };
        let r = lint_inputs(
            &provider,
            vec![Input {
                name: "main.conf".into(),
                bytes: data.to_vec(),
            }],
            &options,
        );
        assert_eq!(r.inputs.len(), 1);
        check(&r);
    }
});
