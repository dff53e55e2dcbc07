//! The YAML reader's behaviour: spans, scalar maps, aliases and bounds.

use super::parse::{parse_stream, parse_stream_with, Limits};
use super::{Document, Node, NodeKind, OwnedNode, ScalarStyle};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources, Span};
use proptest::prelude::*;

const FILE: FileId = FileId(0);

fn parse(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_stream(FILE, text)
}

/// Parses text that must be clean, and returns its documents.
fn docs(text: &str) -> Vec<Document> {
    let (docs, diags) = parse(text);
    assert!(
        diags.is_empty(),
        "{text:?}: {:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    docs
}

fn root(text: &str) -> OwnedNode {
    docs(text).remove(0).root.expect("a root node")
}

fn at(text: &str, span: Span) -> &str {
    &text[span.range()]
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

/// Every node of a tree, without recursion.
fn all_nodes(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(n) = todo.pop() {
        out.push(n);
        match n.kind() {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq { items } => todo.extend(items),
            NodeKind::Map { entries } => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    out
}

/// Spans and segments lie in the text, on char boundaries; verbatim
/// segments are the file's bytes.
fn assert_well_placed(text: &str, docs: &[Document], diags: &[Diagnostic]) {
    let ok = |s: Span| {
        s.start <= s.end
            && (s.end as usize) <= text.len()
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    for d in docs {
        assert!(ok(d.span), "document span {:?}", d.span);
        for n in d.root().into_iter().flat_map(all_nodes) {
            assert!(ok(n.span), "node span {:?}", n.span);
            if let Some(s) = n.as_scalar() {
                for seg in &n.segments() {
                    let orig = Span::new(FILE, seg.orig as usize, (seg.orig + seg.len) as usize);
                    assert!(ok(orig), "segment {seg:?} of {:?}", s.value);
                    let frag = seg.frag as usize..(seg.frag + seg.len) as usize;
                    assert!(frag.end <= s.value.len(), "segment {seg:?} of {:?}", s.value);
                    if s.verbatim {
                        assert_eq!(&s.value[frag], at(text, orig));
                    }
                }
            }
        }
    }
    for d in diags {
        assert!(ok(d.primary.span), "{}: {:?}", d.message, d.primary.span);
        for l in &d.labels {
            assert!(ok(l.span));
        }
    }
}

#[test]
fn yaml_block_spans_of_keys_values_and_items() {
    let text = "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - name: rtmp\n      port: 1935\n    - 1985\n";
    let r = root(text);
    let r = r.node();
    assert_eq!(at(text, r.span), text.trim_end());
    assert_eq!(at(text, r.key("kind").unwrap().span), "kind");
    assert_eq!(at(text, r.get("kind").unwrap().span), "Service");
    let ports = r.at(&["spec", "ports"]).unwrap();
    assert_eq!(at(text, ports.span), "- name: rtmp\n      port: 1935\n    - 1985");
    let first = ports.items().get(0).unwrap();
    assert_eq!(at(text, first.span), "name: rtmp\n      port: 1935");
    assert_eq!(at(text, first.get("port").unwrap().span), "1935");
    assert_eq!(at(text, ports.items().get(1).unwrap().span), "1985");
    assert_eq!(r.at(&["spec", "ports", "0", "name"]).unwrap().as_str(), Some("rtmp"));
}

#[test]
fn yaml_flow_spans() {
    let text = "ports: [{name: rtmp, port: 1935}, 1985, 'x']\nempty: {}\n";
    let r = root(text);
    let r = r.node();
    let ports = r.get("ports").unwrap();
    assert_eq!(at(text, ports.span), "[{name: rtmp, port: 1935}, 1985, 'x']");
    assert_eq!(at(text, ports.items().get(0).unwrap().span), "{name: rtmp, port: 1935}");
    assert_eq!(
        at(text, ports.items().get(0).unwrap().key("port").unwrap().span),
        "port"
    );
    assert_eq!(at(text, ports.items().get(1).unwrap().span), "1985");
    assert_eq!(at(text, ports.items().get(2).unwrap().span), "'x'");
    assert_eq!(at(text, r.get("empty").unwrap().span), "{}");
}

#[test]
fn yaml_multi_document_streams() {
    let text = "# leading comment\na: 1\n---\nb: 2\n...\n---\n---\n# only a comment\n...\n--- c\n";
    let d = docs(text);
    assert_eq!(d.len(), 5);
    assert_eq!(at(text, d[0].span), "a: 1");
    assert_eq!(d[0].root().unwrap().get("a").unwrap().as_str(), Some("1"));
    assert_eq!(at(text, d[1].span), "---\nb: 2\n...");
    assert!(d[2].root.is_none(), "an empty document");
    assert_eq!(at(text, d[2].span), "---");
    assert!(d[3].root.is_none());
    assert_eq!(at(text, d[3].span), "---\n# only a comment\n...");
    assert_eq!(d[4].root().unwrap().as_str(), Some("c"));
    assert!(docs("").is_empty());
    assert!(docs("# nothing\n").is_empty());
}

#[test]
fn yaml_comments_are_not_in_spans() {
    let text = "a: b # trailing\n# between\nc: # before\n  d # after\n";
    let r = root(text);
    let r = r.node();
    assert_eq!(at(text, r.get("a").unwrap().span), "b");
    assert_eq!(at(text, r.get("c").unwrap().span), "d");
    assert_eq!(at(text, r.span), "a: b # trailing\n# between\nc: # before\n  d");
}

#[test]
fn yaml_crlf_line_endings() {
    let text = "a:\r\n  - \"x\"\r\n  - y\r\nb: |\r\n  l1\r\n  l2\r\nc: d\r\n";
    let r = root(text);
    let r = r.node();
    let a = r.get("a").unwrap();
    assert_eq!(at(text, a.items().get(0).unwrap().span), "\"x\"");
    assert_eq!(at(text, a.items().get(1).unwrap().span), "y");
    let b = r.get("b").unwrap();
    let s = b.as_scalar().unwrap();
    assert_eq!(s.value, "l1\nl2\n");
    assert!(s.verbatim);
    assert_eq!(at(text, b.span), "|\r\n  l1\r\n  l2");
    assert_eq!(b.segments().len(), 2);
    assert_eq!(at(text, r.get("c").unwrap().span), "d");
    assert_well_placed(text, &docs(text), &[]);
}

#[test]
fn yaml_multibyte_utf8_before_nodes() {
    let text = "# Ünïcödé 🎥 comment\nname: \"srs-é\" # ✓\nlabels: {emoji: 🎥, ключ: значение}\nnext: ok\n";
    let r = root(text);
    let r = r.node();
    assert_eq!(at(text, r.get("name").unwrap().span), "\"srs-é\"");
    let labels = r.get("labels").unwrap();
    assert_eq!(at(text, labels.get("emoji").unwrap().span), "🎥");
    assert_eq!(at(text, labels.key("ключ").unwrap().span), "ключ");
    assert_eq!(at(text, labels.get("ключ").unwrap().span), "значение");
    assert_eq!(at(text, r.get("next").unwrap().span), "ok");
    // A byte order mark is one char and three bytes.
    let text = "\u{feff}a: é\nb: c\n";
    let r = root(text);
    let r = r.node();
    assert_eq!(at(text, r.get("b").unwrap().span), "c");
}

#[test]
fn yaml_configmap_srs_conf_maps_back_to_the_yaml_file() {
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: srs-origin\ndata:\n  srs.conf: |-\n    listen 1935;\n    max_connections 1000;\n    daemon off;\n";
    let mut sources = Sources::new();
    let parent = sources.add("srs.yaml", yaml.to_string());
    let (docs, diags) = parse_stream(parent, yaml);
    assert!(diags.is_empty());
    let node = docs[0].root().unwrap().at(&["data", "srs.conf"]).unwrap();
    let scalar = node.as_scalar().unwrap();
    assert_eq!(scalar.style, ScalarStyle::Literal);
    assert_eq!(scalar.value, "listen 1935;\nmax_connections 1000;\ndaemon off;");
    assert!(scalar.verbatim);
    assert_eq!(node.segments().len(), 3);
    assert_eq!(
        &yaml[node.span.range()],
        "|-\n    listen 1935;\n    max_connections 1000;\n    daemon off;"
    );

    let origin = node.origin(parent).unwrap();
    assert_eq!(origin.parent, parent);
    assert!(origin.verbatim);
    let conf = sources.add_embedded("srs.yaml#data.srs.conf", scalar.value.to_string(), origin);
    let word = |w: &str| {
        let i = scalar.value.find(w).unwrap();
        Span::new(conf, i, i + w.len())
    };
    for w in ["listen", "1935", "max_connections", "daemon", "off"] {
        let real = sources.to_real(word(w));
        assert_eq!(real.file, parent);
        assert_eq!(sources.text(real), w);
    }
    // Line 9 of the YAML file holds `daemon off;`.
    let real = sources.to_real(word("daemon"));
    assert_eq!(sources.get(parent).line_col(real.start as usize).line, 9);
    let at_1935 = yaml.find("1935").unwrap();
    assert_eq!(
        sources.edit_to_real(word("1935"), "1936"),
        Some(Span::new(parent, at_1935, at_1935 + 4))
    );
}

#[test]
fn yaml_block_scalar_styles() {
    let text = "a: |\n  x\n   y\n\n  z\nb: >\n  one\n  two\n\n  three\nc: |+\n  keep\n\nd: >-\n  s\ne: |2-\n    indented\n  not\nf: &anchored |\n  body\ng: |\n\n  after blank\n";
    let r = root(text);
    let r = r.node();
    let scalar = |k: &str| r.get(k).unwrap().as_scalar().unwrap();
    let segments = |k: &str| r.get(k).unwrap().segments();
    assert_eq!(scalar("a").value, "x\n y\n\nz\n");
    assert!(scalar("a").verbatim);
    assert_eq!(segments("a").len(), 3);
    let b = scalar("b");
    assert_eq!(b.value, "one two\nthree\n");
    assert!(!b.verbatim, "folded text differs from the file");
    assert_eq!(segments("b").len(), 3);
    for seg in &segments("b") {
        let f = &b.value[seg.frag as usize..(seg.frag + seg.len) as usize];
        assert_eq!(f, &text[seg.orig as usize..(seg.orig + seg.len) as usize]);
    }
    assert_eq!(scalar("c").value, "keep\n\n");
    assert_eq!(at(text, r.get("c").unwrap().span), "|+\n  keep");
    assert_eq!(scalar("d").value, "s");
    let e = scalar("e");
    assert_eq!(e.value, "  indented\nnot");
    assert!(e.verbatim);
    assert_eq!(at(text, r.get("e").unwrap().span), "|2-\n    indented\n  not");
    assert_eq!(at(text, r.get("f").unwrap().span), "&anchored |\n  body");
    assert!(scalar("f").verbatim);
    assert_eq!(scalar("g").value, "\nafter blank\n");
    assert_eq!(segments("g")[0].frag, 1);
    assert_well_placed(text, &docs(text), &[]);
}

#[test]
fn yaml_top_level_block_scalars() {
    let text = "# c\n>-\n  a\n  b\n...\n|\n  second\n";
    let d = docs(text);
    assert_eq!(d.len(), 2);
    let first = d[0].root().unwrap();
    assert_eq!(at(text, first.span), ">-\n  a\n  b");
    assert_eq!(at(text, d[0].span), ">-\n  a\n  b\n...");
    assert_eq!(first.segments().len(), 2);
    let second = d[1].root().unwrap();
    assert_eq!(at(text, second.span), "|\n  second");
    assert!(second.as_scalar().unwrap().verbatim);
}

#[test]
fn yaml_quoted_scalars() {
    let text =
        "a: \"plain\"\nb: 'it''s'\nc: \"tab\\there\"\nd: \"multi\n  line\"\ne: ''\nf: !!str 0755\ng: \"é\\u00e9\"\n";
    let r = root(text);
    let r = r.node();
    let plain = r.get("a").unwrap();
    assert_eq!(at(text, plain.span), "\"plain\"");
    let scalar = plain.as_scalar().unwrap();
    assert_eq!((scalar.style, scalar.verbatim), (ScalarStyle::DoubleQuoted, true));
    assert_eq!(
        at(
            text,
            Span::new(
                FILE,
                plain.segments()[0].orig as usize,
                (plain.segments()[0].orig + plain.segments()[0].len) as usize
            )
        ),
        "plain"
    );
    let single = r.get("b").unwrap().as_scalar().unwrap();
    assert_eq!((single.value, single.verbatim), ("it's", false));
    assert_eq!(at(text, r.get("b").unwrap().span), "'it''s'");
    let escaped = r.get("c").unwrap().as_scalar().unwrap();
    assert_eq!((escaped.value, escaped.verbatim), ("tab\there", false));
    // "here" maps to the file's "here".
    let runs = r.get("c").unwrap().segments();
    let last = runs.last().unwrap();
    assert_eq!(&text[last.orig as usize..(last.orig + last.len) as usize], "here");
    let multi = r.get("d").unwrap();
    assert_eq!(multi.as_str(), Some("multi line"));
    assert_eq!(at(text, multi.span), "\"multi\n  line\"");
    assert_eq!(r.get("e").unwrap().as_str(), Some(""));
    let tagged = r.get("f").unwrap();
    assert_eq!((tagged.as_str(), tagged.tag()), (Some("0755"), Some("!!str")));
    assert_eq!(at(text, tagged.span), "!!str 0755");
    assert_eq!(r.get("g").unwrap().as_str(), Some("éé"));
    assert_well_placed(text, &docs(text), &[]);
}

#[test]
fn yaml_plain_multiline_and_empty_values() {
    let text = "a: one\n  two\n\n  three\nb:\nc: ~\n";
    let r = root(text);
    let r = r.node();
    let a = r.get("a").unwrap();
    assert_eq!(a.as_str(), Some("one two\nthree"));
    assert_eq!(at(text, a.span), "one\n  two\n\n  three");
    assert!(!a.as_scalar().unwrap().verbatim);
    assert_eq!(a.segments().len(), 5);
    let b = r.get("b").unwrap();
    assert_eq!(b.as_str(), Some(""));
    assert_eq!(b.span.start, b.span.end);
    assert_eq!(&text[..b.span.start as usize], "a: one\n  two\n\n  three\nb:");
    assert_eq!(r.get("c").unwrap().as_str(), Some("~"));
}

#[test]
fn yaml_alias_copies_the_anchored_node() {
    let text = "base: &base\n  image: ossrs/srs:6\n  ports: [1935]\nedge: *base\nmerged:\n  <<: *base\n  name: edge\n";
    let r = root(text);
    let r = r.node();
    let base = r.get("base").unwrap();
    let edge = r.get("edge").unwrap();
    assert_eq!(at(text, edge.span), "*base");
    assert_eq!(edge.kind(), base.kind(), "a full copy");
    // The copy's children point at the anchored text.
    assert_eq!(at(text, edge.get("image").unwrap().span), "ossrs/srs:6");
    assert_eq!(at(text, base.span), "&base\n  image: ossrs/srs:6\n  ports: [1935]");
    // Merge keys stay ordinary entries.
    let merged = r.get("merged").unwrap();
    assert_eq!(merged.entries().len(), 2);
    assert_eq!(merged.get("<<").unwrap().kind(), base.kind());
    let s = root("a: &x 1\nb: *x\n");
    let s = s.node();
    assert_eq!(s.get("b").unwrap().as_str(), Some("1"));
}

#[test]
fn yaml_undefined_and_recursive_aliases() {
    let (d, diags) = parse("a: 1\n---\nb: *x\n");
    assert_eq!(codes(&diags), ["SRS401"]);
    assert!(diags[0].message.contains("`*x`"), "{}", diags[0].message);
    assert_eq!(d.len(), 1, "the document before the error is kept");
    // Anchors do not cross documents.
    let text = "a: &x 1\n---\nb: *x\n";
    let (_, diags) = parse(text);
    assert_eq!(codes(&diags), ["SRS401"]);
    assert_eq!(at(text, diags[0].primary.span), "*x");
    let (_, diags) = parse("a: &x [1, *x]\n");
    assert_eq!(codes(&diags), ["SRS401"]);
    assert!(diags[0].message.contains("contains it"));
}

fn billion_laughs(levels: usize) -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

#[test]
fn yaml_alias_bomb_is_bounded() {
    // 9^10 nodes if expanded. The default bound stops it after about
    // 700,000 copied nodes (well under a second, even in debug builds).
    let text = billion_laughs(10);
    let (d, diags) = parse(&text);
    assert!(d.is_empty());
    assert_eq!(codes(&diags), ["SRS403"]);
    assert!(diags[0].message.contains("alias"), "{}", diags[0].message);
    assert_well_placed(&text, &d, &diags);

    // A small bound shows the bound, not the machine, does the stopping.
    let limits = Limits {
        max_nodes: 1_000,
        ..Limits::default()
    };
    let (_, diags) = parse_stream_with(FILE, &text, &limits);
    assert_eq!(codes(&diags), ["SRS403"]);
    let line = text[..diags[0].primary.span.start as usize].matches('\n').count();
    assert_eq!(line, 3, "stops at a3, whose copies pass 1,000 nodes");

    // Big strings copied many times are bounded by bytes.
    let big = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(10_000),
        vec!["*a"; 200].join(", ")
    );
    let (_, diags) = parse_stream_with(FILE, &big, &Limits::with_max_bytes(1_000_000));
    assert_eq!(codes(&diags), ["SRS403"]);
}

#[test]
fn yaml_deep_nesting_is_bounded_without_recursion() {
    for text in [
        "[".repeat(10_000),
        format!("{}x{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}x", "{a: ".repeat(10_000)),
        format!("{}x", "- ".repeat(10_000)),
        format!("{}x", "[{a: ".repeat(5_000)),
        // Block sequences of mappings, one level deeper each line.
        (0..1_000).fold(String::new(), |mut s, i| {
            s.push_str(&"  ".repeat(i));
            s.push_str("- a:\n");
            s
        }),
    ] {
        let (d, diags) = parse(&text);
        assert_eq!(codes(&diags), ["SRS403"], "{}", &text[..20]);
        assert!(d.is_empty());
        assert_well_placed(&text, &d, &diags);
    }
    // 256 levels are fine; the 257th is not.
    let ok = format!("{}x", "- ".repeat(256));
    assert_eq!(docs(&ok).len(), 1);
    let (_, diags) = parse(&format!("{}x", "- ".repeat(257)));
    assert_eq!(codes(&diags), ["SRS403"]);
    // Aliases cannot nest past the bound either.
    let mut text = format!("a: &a {}x{}\n", "[".repeat(200), "]".repeat(200));
    text.push_str(&format!("b: {}*a{}\n", "[".repeat(100), "]".repeat(100)));
    let (_, diags) = parse(&text);
    assert_eq!(codes(&diags), ["SRS403"]);
}

#[test]
fn yaml_size_and_document_count_bounds() {
    let (d, diags) = parse_stream_with(FILE, "a: 1\n", &Limits::with_max_bytes(3));
    assert!(d.is_empty());
    assert_eq!(codes(&diags), ["SRS403"]);
    let text = "a: 1\n---\nb: 2\n".repeat(3);
    let limits = Limits {
        max_documents: 3,
        ..Limits::default()
    };
    let (d, diags) = parse_stream_with(FILE, &text, &limits);
    assert_eq!(d.len(), 3);
    assert_eq!(codes(&diags), ["SRS403"]);
    let limits = Limits {
        max_document_bytes: 20,
        ..Limits::default()
    };
    let (d, diags) = parse_stream_with(FILE, "a: 1\n---\nb: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n", &limits);
    assert_eq!(d.len(), 1);
    assert_eq!(codes(&diags), ["SRS403"]);
}

#[test]
fn yaml_syntax_error_keeps_earlier_documents() {
    let text = "kind: Service\n---\nkind: Deployment\n---\nspec: [1, 2\nkind: x\n";
    let (d, diags) = parse(text);
    assert_eq!(d.len(), 2);
    assert_eq!(codes(&diags), ["SRS401"]);
    assert!(diags[0].primary.span.start as usize > text.find("spec").unwrap());
    assert_well_placed(text, &d, &diags);
}

#[test]
fn yaml_duplicate_keys_point_at_both() {
    let text = "metadata:\n  name: a\n  labels: {}\n  name: b\n";
    let (d, diags) = parse(text);
    assert_eq!(d.len(), 1);
    assert_eq!(codes(&diags), ["SRS402"]);
    assert_eq!(diags[0].primary.span.start as usize, text.rfind("name").unwrap());
    assert_eq!(diags[0].labels[0].span.start as usize, text.find("name").unwrap());
    // The parse goes on: both entries are kept, `get` finds the first.
    assert_eq!(
        d[0].root().unwrap().at(&["metadata", "name"]).unwrap().as_str(),
        Some("a")
    );
}

#[test]
fn yaml_binary_input_gives_a_diagnostic() {
    let (d, diags) = parse("a: 1\nb: \0\0\0\x01\x02");
    assert!(d.is_empty(), "the document holding the NUL is unfinished");
    assert_eq!(codes(&diags), ["SRS401"]);
    assert!(diags[0].message.contains("NUL"));
    assert_eq!(diags[0].primary.span, Span::new(FILE, 8, 9));
    let (d, diags) = parse("a: 1\n...\n\x7fELF\x02\x01");
    assert_eq!(d.len(), 1, "a document closed by `...` is complete");
    assert_eq!(codes(&diags), ["SRS401"]);
    let junk: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let text = String::from_utf8_lossy(&junk);
    let (d, diags) = parse(&text);
    assert!(d.is_empty());
    assert_eq!(codes(&diags), ["SRS401"]);
    assert_well_placed(&text, &d, &diags);
}

#[test]
fn yaml_tags_are_kept() {
    let r = root("a: !!int \"3\"\nb: !custom {x: 1}\nc: !!binary aGk=\n");
    let r = r.node();
    assert_eq!(r.get("a").unwrap().tag(), Some("!!int"));
    assert_eq!(r.get("b").unwrap().tag(), Some("!custom"));
    assert_eq!(r.get("c").unwrap().tag(), Some("!!binary"));
}

#[test]
fn yaml_tricky_inputs_are_well_placed() {
    for text in [
        "? complex key\n: value\n",
        "- |\n  a\n- >-\n  b\n  c\n- 'x\n\n  y'\n",
        "a: \"esc \\\n   aped\"\n",
        "--- |\n  top\n...\n--- >\n folded\n",
        "a: &x !!str\nb: *x\n",
        "{a: [b, {c: d}], e: 'f'}\n",
        "a:\n- 1\n- 2\nb: c\n",
        "\"k\": |\n  v\n",
        "a: |  # comment\n  v\n",
        "- &a\n  - 1\n- *a\n",
        "a\rb: c\r",
        "a: \"\\L\\P\\x41\\U0001F600\"\n",
        "é: ü\r\n\"ö\": 'ä'\r\n",
        "|\n  top-level\n",
        "# c\n>-\n  a\n  b\n...\n|\n  second\n",
    ] {
        let (d, diags) = parse(text);
        assert_well_placed(text, &d, &diags);
    }
}

fn yaml_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '[', ']', '{', '}', ':', '-', '?', ',', '&', '*', '!', '|', '>', '\'', '"', '#', '\n', ' ', ' ', ' ', '\t',
        '\r', '%', '@', '`', 'a', 'b', 'k', '0', '1', '.', '\\', 'é', '🎥', '\u{feff}', '<',
    ])
}

proptest! {
    #[test]
    fn yaml_random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let (d, diags) = parse(&text);
        assert_well_placed(&text, &d, &diags);
    }

    #[test]
    fn yaml_random_yaml_like_text_never_panics(chars in prop::collection::vec(yaml_char(), 0..300)) {
        let text: String = chars.into_iter().collect();
        let (d, diags) = parse(&text);
        assert_well_placed(&text, &d, &diags);
    }
}

#[test]
fn yaml_fixture_srs_conf_is_verbatim_line_by_line() {
    let text = include_str!("../../../fixtures/checks/SRS402-yaml-duplicate-key/pass.yaml");
    let d = docs(text);
    assert_eq!(d.len(), 3);
    let node = d[0].root().unwrap().at(&["data", "srs.conf"]).unwrap();
    let conf = node.as_scalar().unwrap();
    assert!(conf.verbatim);
    assert_eq!(node.segments().len(), conf.value.lines().count());
    for (seg, line) in node.segments().iter().zip(conf.value.lines()) {
        assert_eq!(&text[seg.orig as usize..(seg.orig + seg.len) as usize], line);
    }
    let image = d[1]
        .root()
        .unwrap()
        .at(&["spec", "template", "spec", "containers", "0", "image"]);
    assert_eq!(image.and_then(|n| n.as_str()), Some("ossrs/srs:6"));
}

/// A manifest of 12 MB has a million nodes: their records are the tree's
/// memory (docs/benchmarks.md).
#[test]
fn yaml_node_records_stay_small() {
    assert_eq!(std::mem::size_of::<super::node::Raw>(), 20);
}

#[test]
fn yaml_a_tree_is_its_records_and_values() {
    let text = "a: [x, yy]\nb: !t zzz\n";
    let r = root(text);
    // Seven records, the values' eight bytes, one tag.
    assert_eq!(
        r.tree().heap_bytes(),
        7 * 20 + 8 + std::mem::size_of::<super::node::Extra>()
    );
}

#[test]
fn yaml_a_shared_tree_keeps_only_the_values_the_file_does_not_hold() {
    let text = std::sync::Arc::new("a: [x, yy]\nb: \"q\\tq\"\nc: |\n  l1\n  l2\n".to_string());
    let (docs, diags) = super::parse_shared(FILE, &text);
    assert!(diags.is_empty());
    let r = docs[0].root().unwrap();
    assert_eq!(r.get("b").unwrap().as_str(), Some("q\tq"));
    assert_eq!(r.get("c").unwrap().as_str(), Some("l1\nl2\n"));
    assert_eq!(r.at(&["a", "1"]).unwrap().as_str(), Some("yy"));
    // Nine records; of the values, only the escaped one (3 bytes) and the
    // block one (6) are the tree's own, each with its runs apart.
    let extra = std::mem::size_of::<super::node::Extra>();
    assert_eq!(
        docs[0].root.as_ref().unwrap().tree().heap_bytes(),
        9 * 20 + 3 + 6 + 2 * extra
    );
    assert_eq!(docs, parse(&text).0, "the same tree as an unshared one");
}

#[test]
fn yaml_an_alias_copy_keeps_the_runs_of_the_anchored_text() {
    let text = "a: &x value
b: *x
";
    let r = root(text);
    let r = r.node();
    let (a, b) = (r.get("a").unwrap(), r.get("b").unwrap());
    assert_eq!(at(text, b.span), "*x");
    assert_eq!(b.segments(), a.segments());
    let run = b.segments()[0];
    assert_eq!(&text[run.orig as usize..(run.orig + run.len) as usize], "value");
}
