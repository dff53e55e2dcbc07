//! Property tests for the SRS config parser and the lint entry point:
//!
//! * linting never panics, whatever the bytes, in every SRS version, and
//!   every span a diagnostic (or a directive) carries lies inside its file
//!   and on `char` boundaries;
//! * parse → print → parse gives the same tree;
//! * adversarial inputs (deep nesting, huge files, include cycles and
//!   chains) stay bounded in time, stack and diagnostics.
//!
//! Case counts are kept modest so the suite stays fast in debug builds; the
//! cargo-fuzz target in `fuzz/` explores the same invariants for longer.

use proptest::prelude::*;
use proptest::test_runner::Config;
use srs_check_core::conf::parser::{self, MAX_SYNTAX_ERRORS};
use srs_check_core::conf::printer;
use srs_check_core::conf::{Block, Directive, Word};
use srs_check_core::provider::MemoryProvider;
use srs_check_core::source::{FileId, Span};
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult, SrsVersion};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn config() -> Config {
    Config {
        cases: 256,
        // Keep failures in the report, not in files beside the sources.
        failure_persistence: None,
        ..Config::default()
    }
}

fn options(version: SrsVersion) -> LintOptions {
    LintOptions {
        version: Some(version),
        ..LintOptions::default()
    }
}

fn lint(provider: &MemoryProvider, name: &str, bytes: &[u8], version: SrsVersion) -> LintResult {
    lint_inputs(
        provider,
        vec![Input {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        }],
        &options(version),
    )
}

/// Why `span` is not a valid range of its file, if it is not.
fn span_problem(r: &LintResult, span: Span) -> Option<String> {
    let index = span.file.0 as usize;
    if index >= r.sources.len() {
        return Some(format!("{span:?}: no file {index}"));
    }
    let text = &r.sources.get(span.file).text;
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > text.len() {
        return Some(format!("{span:?}: outside 0..{}", text.len()));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Some(format!("{span:?}: not on a char boundary"));
    }
    None
}

/// Every span of every diagnostic (primary, labels, fix edits) and of every
/// directive word is a valid range of its file.
fn check_spans(r: &LintResult) -> Result<(), String> {
    for d in &r.diagnostics {
        let spans = std::iter::once(d.primary.span)
            .chain(d.labels.iter().map(|l| l.span))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
        for span in spans {
            if let Some(p) = span_problem(r, span) {
                return Err(format!("{} {:?}: {p}", d.code, d.message));
            }
        }
    }
    for config in &r.configs {
        let mut stack: Vec<&Directive> = config.directives.iter().collect();
        while let Some(d) = stack.pop() {
            let spans = std::iter::once(d.span)
                .chain(std::iter::once(d.name.span))
                .chain(d.args.iter().map(|a| a.span))
                .chain(d.block.iter().flat_map(|b| std::iter::once(b.open).chain(b.close)));
            for span in spans {
                if let Some(p) = span_problem(r, span) {
                    return Err(format!("directive `{}`: {p}", d.name.text));
                }
            }
            stack.extend(d.children());
        }
    }
    Ok(())
}

/// Lints `bytes` as `main.conf` in every version, with a provider that also
/// holds it (so `include main.conf;` includes itself) and a second file.
fn lint_everywhere(bytes: &[u8], other: &[u8]) -> Result<(), TestCaseError> {
    let provider = MemoryProvider::new()
        .with("main.conf", bytes.to_vec())
        .with("inc.conf", other.to_vec());
    for version in SrsVersion::ALL {
        let r = lint(&provider, "main.conf", bytes, version);
        prop_assert_eq!(r.inputs.len(), 1);
        if let Err(e) = check_spans(&r) {
            return Err(TestCaseError::fail(format!("SRS {version}: {e}")));
        }
    }
    Ok(())
}

/// Pieces of text that matter to the grammar, plus names that reach the
/// checks (known directives, includes, suppression comments).
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    ";",
    "#",
    "\"",
    "'",
    "\n",
    "\r",
    "\t",
    " ",
    "  ",
    "a",
    "Z",
    "_",
    "0",
    "9",
    "1935",
    "-1",
    "0.5",
    "\u{feff}",
    "\0",
    "é",
    "€",
    "😀",
    "\u{fffd}",
    "vhost",
    "__defaultVhost__",
    "listen",
    "on",
    "off",
    "max_connections",
    "max_conections",
    "http_server",
    "http_api",
    "enabled",
    "cluster",
    "mode",
    "remote",
    "hls",
    "rtc_server",
    "daemon",
    "include",
    "inc.conf",
    "main.conf",
    "missing.conf",
    "include inc.conf;",
    "include main.conf;",
    "# srs-check: ignore",
    "# srs-check: ignore[SRS101]",
];

/// Text built from [`FRAGMENTS`].
fn grammar_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|v| v.concat())
}

// --- (a) no panics, valid spans -------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_lint_without_panicking(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        other in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        lint_everywhere(&bytes, &other)?;
    }

    #[test]
    fn arbitrary_strings_lint_without_panicking(s in any::<String>()) {
        lint_everywhere(s.as_bytes(), b"")?;
    }

    #[test]
    fn grammar_text_lints_without_panicking(
        main in grammar_text(120),
        other in grammar_text(30),
    ) {
        lint_everywhere(main.as_bytes(), other.as_bytes())?;
    }

    /// Grammar text with a few invalid UTF-8 bytes spliced in: the decoder's
    /// U+FFFD (3 bytes for 1) must not shift any span off a boundary.
    #[test]
    fn grammar_text_with_invalid_utf8_lints_without_panicking(
        main in grammar_text(80),
        junk in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 1..4),
    ) {
        let mut bytes = main.into_bytes();
        for (at, b) in junk {
            let i = at.index(bytes.len() + 1);
            bytes.insert(i, b);
        }
        lint_everywhere(&bytes, b"")?;
    }
}

// --- (b) parse → print → parse --------------------------------------------

/// A directive tree without spans or quotes: what the round trip keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shape {
    name: String,
    args: Vec<String>,
    block: Option<Vec<Shape>>,
}

fn shapes(list: &[Directive]) -> Vec<Shape> {
    list.iter()
        .map(|d| Shape {
            name: d.name.text.to_string(),
            args: d.args.iter().map(|a| a.text.to_string()).collect(),
            block: d.block.as_ref().map(|b| shapes(&b.children)),
        })
        .collect()
}

fn nowhere() -> Span {
    Span::new(FileId(0), 0, 0)
}

fn word(text: &str) -> Word {
    Word {
        text: text.into(),
        span: nowhere(),
        quote: None,
    }
}

fn directives(list: &[Shape]) -> Vec<Directive> {
    list.iter()
        .map(|s| Directive {
            name: word(&s.name),
            args: s.args.iter().map(|a| word(a)).collect(),
            block: s.block.as_ref().map(|children| {
                Box::new(Block {
                    open: nowhere(),
                    close: Some(nowhere()),
                    children: directives(children),
                })
            }),
            span: nowhere(),
        })
        .collect()
}

/// Parses `text` and, when it has no diagnostics, prints the tree and parses
/// that again: both trees must match, and printing must be a fixed point.
fn round_trip(text: &str, version: SrsVersion) -> Result<(), TestCaseError> {
    let first = parser::parse(FileId(0), text, version);
    if !first.diagnostics.is_empty() {
        return Ok(());
    }
    let printed = printer::print(&first.directives);
    let second = parser::parse(FileId(0), &printed, version);
    prop_assert!(
        second.diagnostics.is_empty(),
        "printed text has diagnostics: {:?}\nsource: {:?}\nprinted: {:?}",
        second.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>(),
        text,
        printed
    );
    prop_assert_eq!(
        shapes(&first.directives),
        shapes(&second.directives),
        "source: {:?}\nprinted: {:?}",
        text,
        printed
    );
    prop_assert_eq!(printer::print(&second.directives), printed);
    Ok(())
}

/// Characters a word may hold: the grammar's own, spaces and line breaks
/// (which force quoting), and multi-byte ones.
const WORD_CHARS: &[char] = &[
    'a', 'b', 'z', 'Q', '_', '.', '/', ':', '-', '0', '7', '{', '}', ';', '#', '"', '\'', ' ', '\t', '\n', '\r', '\0',
    'é', '€', '😀', '\u{feff}',
];

/// Does the printer have to quote this word? Mirrors what the tokenizer
/// treats specially: a quote, `#` or `}` at the start of a token, and a
/// space, `;` or `{` anywhere.
fn needs_quote(t: &str) -> bool {
    t.starts_with(['"', '\'', '#', '}', '\u{feff}']) || t.contains([' ', '\t', '\r', '\n', ';', '{'])
}

/// A word the parser can produce: not empty (SRS drops empty words), and not
/// one that needs quoting while holding both quote kinds (SRS has no escapes,
/// so such a word has no spelling; a quoted token never holds its own quote).
fn parseable_word(t: &str) -> bool {
    !(t.is_empty() || needs_quote(t) && t.contains('"') && t.contains('\''))
}

fn any_word(line_breaks: bool) -> impl Strategy<Value = String> {
    let chars: Vec<char> = WORD_CHARS
        .iter()
        .copied()
        .filter(|c| line_breaks || !matches!(c, '\n' | '\r'))
        .collect();
    prop_oneof![
        // Plain identifiers and values, as in real configs.
        3 => "[a-z_][a-z0-9_.]{0,12}",
        // Anything, usually needing quotes.
        2 => prop::collection::vec(prop::sample::select(chars), 1..10)
            .prop_map(|v| v.into_iter().collect::<String>()),
        // Quoted arguments with spaces, as in `exec "ffmpeg -i x";`.
        1 => "[a-z]{1,5}( [a-z0-9]{1,5}){1,3}",
    ]
    .prop_filter("a word the parser can produce", |t| parseable_word(t))
}

fn tree(line_breaks: bool) -> impl Strategy<Value = Vec<Shape>> {
    let leaf = (
        any_word(line_breaks),
        prop::collection::vec(any_word(line_breaks), 0..4),
    )
        .prop_map(|(name, args)| Shape {
            name,
            args,
            block: None,
        });
    let node = leaf.prop_recursive(5, 48, 6, move |inner| {
        (
            any_word(line_breaks),
            prop::collection::vec(any_word(line_breaks), 0..3),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(name, args, children)| Shape {
                name,
                args,
                block: Some(children),
            })
    });
    prop::collection::vec(node, 0..6)
}

/// Prints a generated tree, parses it, and checks the parse gives it back.
fn tree_round_trip(tree: &[Shape], version: SrsVersion) -> Result<(), TestCaseError> {
    let printed = printer::print(&directives(tree));
    let parsed = parser::parse(FileId(0), &printed, version);
    prop_assert!(
        parsed.diagnostics.is_empty(),
        "{:?}\nprinted: {:?}",
        parsed.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>(),
        printed
    );
    prop_assert_eq!(&shapes(&parsed.directives), tree, "printed: {:?}", printed);
    round_trip(&printed, version)
}

proptest! {
    #![proptest_config(config())]

    /// SRS 5 for trees whose quoted words hold line breaks: from 6.0.135 SRS
    /// rejects a line break anywhere inside a directive, quoted or not, so
    /// under V6/V7 such a word is a multi-line error (SRS002) however it is
    /// printed. 5.0 reads it as one word, as the printer means it.
    #[test]
    fn generated_trees_round_trip_v5(t in tree(true)) {
        tree_round_trip(&t, SrsVersion::V5)?;
    }

    /// Without line breaks in words the round trip holds in every version.
    #[test]
    fn generated_trees_round_trip_every_version(t in tree(false)) {
        for version in SrsVersion::ALL {
            tree_round_trip(&t, version)?;
        }
    }

    /// Random text that happens to parse cleanly round-trips too (most
    /// random text has errors and is skipped, hence the structured tests).
    #[test]
    fn random_text_round_trips(text in grammar_text(60)) {
        for version in [SrsVersion::V5, SrsVersion::V6] {
            round_trip(&text, version)?;
        }
    }

    /// Text written the way people write configs, but messily: statements
    /// of plain and quoted words, any whitespace (line breaks, tabs, CRLF,
    /// comments) between words, blocks that open and close. SRS 5, because
    /// 6.0.135+ rejects the line breaks inside statements (SRS002).
    #[test]
    fn statement_text_round_trips_v5(text in statement_text(true)) {
        round_trip(&text, SrsVersion::V5)?;
    }

    /// The same with one line per statement, which every version accepts.
    #[test]
    fn statement_text_round_trips_every_version(text in statement_text(false)) {
        for version in SrsVersion::ALL {
            round_trip(&text, version)?;
        }
    }
}

/// What the tokenizer reads as one word, spelled in the ways SRS allows.
const SPELLED_WORDS: &[&str] = &[
    "a",
    "b1",
    "listen",
    "vhost",
    "__defaultVhost__",
    "[app]/[stream].flv",
    "a#b",
    "x}y",
    "a\"b",
    "\"x y\"",
    "'a\"b'",
    "\"c'd\"",
    "\"#h\"",
    "'}x'",
    "\"{;\"",
    "\"\t\"",
    "é",
    "😀",
    "\u{feff}x",
    "\"m\nl\"",
    "'cr\rlf'",
];

/// What may stand between words.
const SPACES: &[&str] = &[" ", "  ", "\t", "\n", "\r\n", "\r", " # note\n", "\n\n    "];

#[derive(Clone, Debug)]
enum Piece {
    Statement(Vec<(&'static str, &'static str)>),
    Open(Vec<(&'static str, &'static str)>),
    Close,
    Comment,
}

/// Statements, blocks and comments; with `line_breaks` false, no line
/// break inside a statement or a word (only between statements).
fn statement_text(line_breaks: bool) -> impl Strategy<Value = String> {
    let keep = move |t: &&str| line_breaks || !t.contains(['\n', '\r']);
    let words: Vec<&'static str> = SPELLED_WORDS.iter().copied().filter(keep).collect();
    let spaces: Vec<&'static str> = SPACES.iter().copied().filter(keep).collect();
    let words = move || {
        prop::collection::vec(
            (
                prop::sample::select(words.clone()),
                prop::sample::select(spaces.clone()),
            ),
            1..5,
        )
    };
    let piece = prop_oneof![
        4 => words().prop_map(Piece::Statement),
        2 => words().prop_map(Piece::Open),
        2 => Just(Piece::Close),
        1 => Just(Piece::Comment),
    ];
    (prop::collection::vec(piece, 0..30), prop::sample::select(SPACES)).prop_map(|(pieces, indent)| {
        let mut out = String::new();
        let mut depth = 0usize;
        let spell = |out: &mut String, words: &[(&str, &str)]| {
            for (i, (w, space)) in words.iter().enumerate() {
                if i > 0 {
                    out.push_str(space);
                }
                out.push_str(w);
            }
        };
        for p in pieces {
            out.push_str(indent);
            match p {
                Piece::Statement(words) => {
                    spell(&mut out, &words);
                    out.push(';');
                }
                Piece::Open(words) => {
                    spell(&mut out, &words);
                    out.push_str(" {");
                    depth += 1;
                }
                // A `}` with no block open is an error: skip it.
                Piece::Close if depth > 0 => {
                    out.push('}');
                    depth -= 1;
                }
                Piece::Close => {}
                Piece::Comment => out.push_str("# comment ; { }\n"),
            }
            out.push('\n');
        }
        out.push_str(&"}\n".repeat(depth));
        out
    })
}

// --- (c) bounded cases ----------------------------------------------------

const TEN_MB: usize = 10 * 1024 * 1024;

/// Runs `f` on a thread with a small (2 MiB) stack, so recursion that
/// follows the input's depth would overflow, and fails when it takes longer
/// than `limit`.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn");
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("did not finish within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the linting thread panicked"),
    }
}

/// Generous for a debug build on a shared two-core machine; a release build
/// takes a fraction of a second.
const LIMIT: Duration = Duration::from_secs(120);

fn lint_big(text: String) -> (usize, Vec<&'static str>, Duration) {
    within(LIMIT, move || {
        let start = Instant::now();
        let r = lint(&MemoryProvider::new(), "big.conf", text.as_bytes(), SrsVersion::V6);
        check_spans(&r).expect("valid spans");
        let codes: Vec<&'static str> = r.diagnostics.iter().map(|d| d.code).collect();
        (r.diagnostics.len(), codes, start.elapsed())
    })
}

#[test]
fn ten_megabytes_of_open_braces_is_bounded() {
    let (n, codes, took) = lint_big("{".repeat(TEN_MB));
    eprintln!("10 MB of `{{`: {n} diagnostics in {took:?}");
    assert!(n <= MAX_SYNTAX_ERRORS + 8, "{n} diagnostics");
    assert!(codes.contains(&"SRS009"), "{codes:?}");
}

#[test]
fn ten_megabytes_of_nested_blocks_is_bounded() {
    let (n, codes, took) = lint_big("a {".repeat(TEN_MB / 3));
    eprintln!("10 MB of `a {{`: {n} diagnostics in {took:?}");
    assert!(n <= MAX_SYNTAX_ERRORS + 8, "{n} diagnostics");
    assert!(codes.contains(&"SRS009"), "{codes:?}");
}

#[test]
fn ten_megabytes_of_nested_known_blocks_is_bounded() {
    // Known names, so the checks descend as deep as the parser lets them.
    let (n, _, took) = lint_big("vhost v { http_remux { ".repeat(TEN_MB / 23));
    eprintln!("10 MB of nested vhost blocks: {n} diagnostics in {took:?}");
    assert!(n <= MAX_SYNTAX_ERRORS + 64, "{n} diagnostics");
}

fn codes_of(r: &LintResult) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn include_cycle_terminates_with_srs003() {
    let provider = MemoryProvider::new()
        .with("main.conf", "include a.conf;\n")
        .with("a.conf", "include b.conf;\n")
        .with("b.conf", "include main.conf;\nlisten 1935;\n");
    let r = within(LIMIT, move || {
        lint(&provider, "main.conf", b"include a.conf;\n", SrsVersion::V6)
    });
    check_spans(&r).unwrap();
    let codes = codes_of(&r);
    assert!(codes.contains(&"SRS003"), "{codes:?}");
    assert!(r.diagnostics.iter().any(|d| d.message.contains("cycle")));
}

#[test]
fn self_include_terminates_with_srs003() {
    let text = "listen 1935;\ninclude main.conf;\n";
    let provider = MemoryProvider::new().with("main.conf", text);
    for version in [SrsVersion::V5, SrsVersion::V6, SrsVersion::V7] {
        let provider = provider.clone();
        let r = within(LIMIT, move || lint(&provider, "main.conf", text.as_bytes(), version));
        check_spans(&r).unwrap();
        let codes = codes_of(&r);
        assert!(codes.contains(&"SRS003"), "SRS {version}: {codes:?}");
    }
}

#[test]
fn include_chain_stops_at_the_depth_limit() {
    const N: usize = 2_000;
    let mut provider = MemoryProvider::new();
    for i in 0..N {
        provider.insert(&format!("f{i}.conf"), format!("include f{}.conf;\n", i + 1));
    }
    provider.insert(&format!("f{N}.conf"), "listen 1935;\n");
    let r = within(LIMIT, move || {
        lint(&provider, "f0.conf", b"include f1.conf;\n", SrsVersion::V6)
    });
    check_spans(&r).unwrap();
    let codes = codes_of(&r);
    assert!(codes.contains(&"SRS009"), "{codes:?}");
    assert!(!codes.contains(&"SRS003"), "{codes:?}");
    assert!(
        r.sources.len() <= 32,
        "{} files read for a chain the limit cuts at {}",
        r.sources.len(),
        srs_check_core::conf::loader::MAX_INCLUDE_DEPTH
    );
}

/// A file may include the same acyclic file many times: fan-out 4 over 16
/// levels is 4^16 file loads. The loader caps includes per config (SRS009).
#[test]
fn include_fan_out_is_bounded() {
    let mut provider = MemoryProvider::new();
    for i in 0..16 {
        let next = format!("f{}.conf", i + 1);
        provider.insert(&format!("f{i}.conf"), format!("include {next} {next} {next} {next};\n"));
    }
    provider.insert("f16.conf", "listen 1935;\n");
    let r = within(Duration::from_secs(60), move || {
        lint(
            &provider,
            "f0.conf",
            b"include f1.conf f1.conf f1.conf f1.conf;\n",
            SrsVersion::V6,
        )
    });
    assert!(codes_of(&r).contains(&"SRS009"));
}

#[test]
fn deep_nesting_through_includes_stays_bounded() {
    // Each file nests to the parser's limit and includes the next inside its
    // innermost block: the spliced tree must stay shallow enough to walk.
    let mut provider = MemoryProvider::new();
    let depth = parser::MAX_DEPTH;
    for i in 0..40 {
        let mut text = "vhost v {\n".repeat(depth);
        text.push_str(&format!("include f{}.conf;\n", i + 1));
        text.push_str(&"}\n".repeat(depth));
        provider.insert(&format!("f{i}.conf"), text);
    }
    provider.insert("f40.conf", "listen 1935;\n");
    let r = within(LIMIT, move || {
        let bytes = {
            let mut t = "vhost v {\n".repeat(depth);
            t.push_str("include f1.conf;\n");
            t.push_str(&"}\n".repeat(depth));
            t
        };
        lint(&provider, "f0.conf", bytes.as_bytes(), SrsVersion::V6)
    });
    check_spans(&r).unwrap();
}

/// SRS108 duplicate-directive once searched every earlier sibling: 200,000
/// `vhost a {}` then 200,000 `listen 1;` took 84 s in release. It keeps a
/// map of first occurrences now.
#[test]
fn many_vhosts_then_repeated_directives_lint_in_linear_time() {
    let text = format!("{}{}", "vhost a {}\n".repeat(200_000), "listen 1;\n".repeat(200_000));
    within(Duration::from_secs(60), move || {
        lint(&MemoryProvider::new(), "p.conf", text.as_bytes(), SrsVersion::V6)
    });
}

/// SRS301 duplicate-vhost once compared every pair of vhosts: 160,000
/// vhosts took 139 s in release. It keeps a map of names seen now.
#[test]
fn many_distinct_vhosts_lint_in_linear_time() {
    let mut text = String::new();
    for i in 0..200_000 {
        text.push_str(&format!("vhost v{i} {{}}\n"));
    }
    within(Duration::from_secs(60), move || {
        lint(&MemoryProvider::new(), "p.conf", text.as_bytes(), SrsVersion::V6)
    });
}

/// Found by `random_text_round_trips`: a word that starts with U+FEFF and
/// holds both quote kinds, not at the start of the file. Only there would
/// the mark read as a byte-order mark, so the word prints as it is.
#[test]
fn a_leading_feff_word_after_the_first_round_trips() {
    round_trip("include inc.conf;\u{feff}\"';", SrsVersion::V6).unwrap();
    round_trip("\u{feff}x;", SrsVersion::V6).unwrap();
}
