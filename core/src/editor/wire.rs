//! What crosses between a page and the Web Worker that lints for it, as
//! JSON strings: the page posts a [`Request`] (the buffers and settings of
//! one revision of its files), the worker answers with a [`Reply`] (the
//! diagnostics and the picture of that revision, as [`lint_session`] gives
//! them). The worker's side is [`answer`]; the page's is [`Request::encode`]
//! and [`Reply::decode`].
//!
//! The request is derived serde (a shared link's [`State`], which the page
//! reads already). The reply is written as `serde_json::Value` arrays
//! rather than derived for the editor's and the picture's types: the
//! derived readers cost the playground's wasm 3 KB gzipped more, and its
//! size is budgeted. Moving a lint of the seed deployment across takes
//! about 0.2 ms; of a 2,000-document paste, about 20 ms.

use super::{lint_session, Buffer, BufferEdit, BufferFix, EditorDiagnostic, Linted, Location};
use crate::checks::registry;
use crate::diagnostic::{Applicability, Severity};
use crate::model::layout::{EdgeDiagnostic, NodeKind, Picture, PictureEdge, PictureNode};
use crate::model::srs::Role;
use crate::share::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Lint these files: one revision of the page's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The page's count of changes; the reply carries it back, so the page
    /// can drop the answer to an older revision.
    pub revision: u64,
    /// The files and settings, as a shared link has them (the page's module
    /// already reads that JSON: the worker's needs no code of its own).
    pub state: State,
    /// Apply every safe fix first (the page's "Fix all safe"), as
    /// [`super::fix_all`] does, and send the fixed texts back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fix_all_safe: bool,
}

impl Request {
    pub fn new(revision: u64, buffers: &[Buffer], settings: &crate::settings::Settings, fix_all_safe: bool) -> Request {
        let mut state = State::with_buffers(buffers);
        state.settings.clone_from(settings);
        Request {
            revision,
            state,
            fix_all_safe,
        }
    }

    pub fn encode(&self) -> String {
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The worker's answer to a [`Request`]: the lint of `revision`. (Its
/// other messages, a panic's text and a crash, are plain objects: see
/// `web/lint-worker.js`.)
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub revision: u64,
    /// The lint's own time in the worker, and the reply's encoding, in
    /// microseconds (whole numbers cross in less code than floats).
    pub lint_us: u64,
    pub encode_us: u64,
    pub linted: Linted,
    /// With [`Request::fix_all_safe`]: the buffers' texts after the fixes
    /// (which `linted` is the lint of) and how many were applied.
    pub fixed: Option<Fixed>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub texts: Vec<String>,
    pub applied: usize,
}

impl Reply {
    pub fn encode(self) -> String {
        let reply = Value::Array(vec![
            Value::Array(vec![int(self.revision), int(self.lint_us)]),
            Value::Array(self.linted.diagnostics.into_iter().map(diagnostic).collect()),
            picture(self.linted.picture),
            self.fixed
                .map_or(Value::Null, |f| Value::Array(vec![texts(f.texts), int(f.applied)])),
            int(self.encode_us),
        ]);
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string(&reply).unwrap_or_default()
    }

    /// # Errors
    /// When `text` is not a reply of this build (a bug).
    pub fn decode(text: &str) -> Result<Reply, String> {
        // From bytes, as `share::decode` reads: one JSON reader in the module.
        let reply: Value =
            serde_json::from_slice(text.as_bytes()).map_err(|e| format!("a reply the page cannot read: {e}"))?;
        let Value::Array(_) = reply else {
            return Err("a reply the page cannot read: not an array".into());
        };
        let mut reply = Items::of(reply);
        let mut numbers = reply.items();
        let (revision, lint_us) = (numbers.int(), numbers.int());
        let diagnostics = reply.items().map(read_diagnostic).collect::<Result<_, _>>()?;
        let picture = read_picture(reply.value())?;
        let fixed = match reply.value() {
            Value::Null => None,
            fixed => {
                let mut fixed = Items::of(fixed);
                Some(Fixed {
                    texts: fixed.texts(),
                    applied: fixed.int(),
                })
            }
        };
        Ok(Reply {
            revision,
            lint_us,
            encode_us: reply.int(),
            linted: Linted { diagnostics, picture },
            fixed,
        })
    }
}

/// The worker's side: lints the request and encodes the reply; `now` is a
/// clock in milliseconds (the core has none).
///
/// # Panics
/// When `request` is not a [`Request`]: the page and the worker are one
/// build, so that is a bug, reported as one.
pub fn answer(request: &str, now: impl Fn() -> f64) -> String {
    let request: Request = serde_json::from_slice(request.as_bytes()).expect("the page sends a well-formed request");
    let options = request.state.settings.lint_options().unwrap_or_default();
    let started = now();
    let mut buffers = request.state.buffers();
    let fixed = request.fix_all_safe.then(|| {
        let applied = super::fix_all(&mut buffers, &options, false, super::FIX_ALL_ROUNDS);
        Fixed {
            texts: buffers.iter().map(|b| b.text.clone()).collect(),
            applied,
        }
    });
    let linted = lint_session(&buffers, &options);
    let linted_at = now();
    let mut reply = Reply {
        revision: request.revision,
        lint_us: micros(linted_at - started),
        encode_us: 0,
        linted,
        fixed,
    }
    .encode();
    // The encoding's own time is the reply's last number: written over
    // the placeholder, so the reply is not encoded twice.
    let encode_us = micros(now() - linted_at);
    if reply.ends_with(ENCODE_US_PLACEHOLDER) {
        reply.truncate(reply.len() - ENCODE_US_PLACEHOLDER.len());
        reply.push_str(&format!(",{encode_us}]"));
    }
    reply
}

/// How a reply with `encode_us` 0 ends.
const ENCODE_US_PLACEHOLDER: &str = ",0]";

/// Milliseconds as whole microseconds (a clock's difference: not negative,
/// far below `u64::MAX`).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn micros(ms: f64) -> u64 {
    (ms * 1000.0).round().max(0.0) as u64
}

/// Microseconds as milliseconds, for showing.
#[allow(clippy::cast_precision_loss)]
pub fn millis(us: u64) -> f64 {
    us as f64 / 1000.0
}

// The reply is written as JSON arrays, built as `serde_json::Value`s (whose
// reader and writer the module has anyway) rather than derived: no field
// names in the reply, and little code to read and write it (the module's
// size is budgeted). Each array's order is in the comment of the function
// that writes it; the reader takes them in the same order.

/// code, severity, message, label, notes, help, file, location (empty for
/// none: [buffer, start, end, line, column, end_line, end_column,
/// utf16_start, utf16_end]), fix (null, or [title, safe, edits as [buffer,
/// start, end, replacement]]). The check's name is its code's.
fn diagnostic(d: EditorDiagnostic) -> Value {
    Value::Array(vec![
        d.code.into(),
        d.severity.as_str().into(),
        d.message.into(),
        d.label.into(),
        texts(d.notes),
        d.help.map_or(Value::Null, Value::String),
        d.file.into(),
        Value::Array(d.location.map_or_else(Vec::new, |l| {
            vec![
                int(l.buffer),
                int(l.start),
                int(l.end),
                int(l.line),
                int(l.column),
                int(l.end_line),
                int(l.end_column),
                int(l.utf16_start),
                int(l.utf16_end),
            ]
        })),
        d.fix.map_or(Value::Null, |f| {
            Value::Array(vec![
                f.title.into(),
                (f.applicability == Applicability::Safe).into(),
                Value::Array(
                    f.edits
                        .into_iter()
                        .map(|e| Value::Array(vec![int(e.buffer), int(e.start), int(e.end), e.replacement.into()]))
                        .collect(),
                ),
            ])
        }),
    ])
}

fn read_diagnostic(mut d: Items) -> Result<EditorDiagnostic, String> {
    let code = d.code()?;
    let severity = d.severity()?;
    let (message, label, notes, help, file) = (d.text(), d.text(), d.texts(), d.optional_text(), d.text());
    let mut at = d.items();
    let location = (at.0.len() > 0).then(|| Location {
        buffer: at.int(),
        start: at.int(),
        end: at.int(),
        line: at.int(),
        column: at.int(),
        end_line: at.int(),
        end_column: at.int(),
        utf16_start: at.int(),
        utf16_end: at.int(),
    });
    let fix = match d.value() {
        Value::Null => None,
        fix => {
            let mut fix = Items::of(fix);
            let title = fix.text();
            let safe = fix.value() == Value::Bool(true);
            Some(BufferFix {
                title,
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                edits: fix
                    .items()
                    .map(|mut e| BufferEdit {
                        buffer: e.int(),
                        start: e.int(),
                        end: e.int(),
                        replacement: e.text(),
                    })
                    .collect(),
            })
        }
    };
    Ok(EditorDiagnostic {
        code,
        // The code was read as a registered one.
        name: registry::find(code).map_or("", |m| m.name),
        severity,
        message,
        label,
        notes,
        help,
        file,
        location,
        fix,
    })
}

/// [width, height, truncated, total_nodes, total_edges], nodes as [id,
/// caption, label, [kind, role (-1: none), unresolved, x, y, width,
/// height], details], edges as [[from, to, broken], label, path,
/// diagnostics as [code, severity, message]]; kind and role by their index
/// in [`KINDS`] and [`ROLES`].
fn picture(p: Picture) -> Value {
    let node = |n: PictureNode| {
        Value::Array(vec![
            n.id.into(),
            n.caption.into(),
            n.label.into(),
            Value::Array(vec![
                index_of(&KINDS, &n.kind),
                n.role.map_or(int(-1), |r| index_of(&ROLES, &r)),
                int(n.unresolved),
                int(n.x),
                int(n.y),
                int(n.width),
                int(n.height),
            ]),
            texts(n.details),
        ])
    };
    let edge = |e: PictureEdge| {
        Value::Array(vec![
            Value::Array(vec![int(e.from), int(e.to), int(e.broken)]),
            e.label.into(),
            e.path.into(),
            Value::Array(
                e.diagnostics
                    .into_iter()
                    .map(|d| Value::Array(vec![d.code.into(), d.severity.as_str().into(), d.message.into()]))
                    .collect(),
            ),
        ])
    };
    Value::Array(vec![
        Value::Array(vec![
            int(p.width),
            int(p.height),
            int(p.truncated),
            int(p.total_nodes),
            int(p.total_edges),
        ]),
        Value::Array(p.nodes.into_iter().map(node).collect()),
        Value::Array(p.edges.into_iter().map(edge).collect()),
    ])
}

fn read_picture(p: Value) -> Result<Picture, String> {
    let mut p = Items::of(p);
    let mut n = p.items();
    let (width, height, truncated, total_nodes, total_edges) = (n.int(), n.int(), n.int::<u8>() != 0, n.int(), n.int());
    let nodes = p
        .items()
        .map(|mut node| {
            let (id, caption, label) = (node.text(), node.text(), node.text());
            let mut n = node.items();
            PictureNode {
                id,
                caption,
                label,
                kind: KINDS.get(n.int::<usize>()).copied().unwrap_or(NodeKind::Object),
                role: ROLES.get(n.int::<i64>().try_into().unwrap_or(usize::MAX)).copied(),
                unresolved: n.int::<u8>() != 0,
                x: n.int(),
                y: n.int(),
                width: n.int(),
                height: n.int(),
                details: node.texts(),
            }
        })
        .collect();
    let edges = p
        .items()
        .map(|mut edge| {
            let mut n = edge.items();
            let (from, to, broken) = (n.int(), n.int(), n.int::<u8>() != 0);
            let (label, path) = (edge.text(), edge.text());
            let diagnostics = edge
                .items()
                .map(|mut d| {
                    Ok(EdgeDiagnostic {
                        code: d.code()?,
                        severity: d.severity()?,
                        message: d.text(),
                    })
                })
                .collect::<Result<_, String>>()?;
            Ok(PictureEdge {
                from,
                to,
                label,
                broken,
                diagnostics,
                path,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Picture {
        width,
        height,
        nodes,
        edges,
        truncated,
        total_nodes,
        total_edges,
    })
}

const KINDS: [NodeKind; 8] = [
    NodeKind::Workload,
    NodeKind::Pod,
    NodeKind::Service,
    NodeKind::ConfigMap,
    NodeKind::Claim,
    NodeKind::Volume,
    NodeKind::Host,
    NodeKind::Object,
];

const ROLES: [Role; 4] = [Role::Origin, Role::Edge, Role::Standalone, Role::Mixed];

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The index of `x` in `all` (every value is in it: a test checks).
fn index_of<T: PartialEq>(all: &[T], x: &T) -> Value {
    int(all
        .iter()
        .position(|a| a == x)
        .map_or(-1, |i| i64::try_from(i).unwrap_or(-1)))
}

/// A count, offset, coordinate or flag as a JSON integer (all of them fit).
fn int<T: TryInto<i64>>(n: T) -> Value {
    Value::from(n.try_into().unwrap_or(i64::MAX))
}

fn texts(texts: Vec<String>) -> Value {
    Value::Array(texts.into_iter().map(Value::String).collect())
}

/// The items of one array of a reply, taken in order. A missing or
/// mistyped item reads as empty or zero: the page and the worker are one
/// build, and the tests read back every fixture's reply.
struct Items(std::vec::IntoIter<Value>);

impl Items {
    fn of(v: Value) -> Items {
        match v {
            Value::Array(items) => Items(items.into_iter()),
            _ => Items(Vec::new().into_iter()),
        }
    }

    fn value(&mut self) -> Value {
        self.0.next().unwrap_or(Value::Null)
    }

    /// The next item's items.
    fn items(&mut self) -> Items {
        Items::of(self.value())
    }

    fn text(&mut self) -> String {
        self.optional_text().unwrap_or_default()
    }

    fn optional_text(&mut self) -> Option<String> {
        match self.value() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn texts(&mut self) -> Vec<String> {
        let mut items = self.items();
        std::iter::from_fn(|| items.optional_text()).collect()
    }

    fn int<T: TryFrom<i64> + Default>(&mut self) -> T {
        self.value()
            .as_i64()
            .and_then(|n| T::try_from(n).ok())
            .unwrap_or_default()
    }

    /// A check's code, as the registry's own `&'static str`.
    fn code(&mut self) -> Result<&'static str, String> {
        let code = self.text();
        registry::find(&code)
            .map(|m| m.code)
            .ok_or_else(|| format!("a reply the page cannot read: no check has the code {code:?}"))
    }

    fn severity(&mut self) -> Result<Severity, String> {
        let severity = self.text();
        SEVERITIES
            .into_iter()
            .find(|s| s.as_str() == severity)
            .ok_or_else(|| format!("a reply the page cannot read: no severity {severity:?}"))
    }
}

impl Iterator for Items {
    type Item = Items;

    /// The next item's items: for an array of arrays.
    fn next(&mut self) -> Option<Items> {
        self.0.next().map(Items::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::{fix_all, Buffer};

    fn seed() -> Vec<Buffer> {
        ["1-storage.yaml", "2-origin.yaml", "3-edge.yaml"]
            .into_iter()
            .map(|name| {
                let path = format!("{}/../fixtures/examples/seed-k8s/{name}", env!("CARGO_MANIFEST_DIR"));
                Buffer::new(name, std::fs::read_to_string(path).expect("seed file"))
            })
            .collect()
    }

    fn request(buffers: &[Buffer], fix_all_safe: bool) -> String {
        Request::new(7, buffers, &crate::settings::Settings::default(), fix_all_safe).encode()
    }

    fn clock() -> impl Fn() -> f64 {
        let ticks = std::cell::Cell::new(0.0);
        move || {
            ticks.set(ticks.get() + 1.5);
            ticks.get()
        }
    }

    #[test]
    fn a_reply_is_the_session_the_page_would_lint_itself() {
        let buffers = seed();
        let expected = lint_session(&buffers, &crate::LintOptions::default());
        let Reply {
            revision,
            lint_us,
            encode_us,
            linted,
            fixed,
        } = Reply::decode(&answer(&request(&buffers, false), clock())).expect("decodes");
        assert_eq!((revision, lint_us, encode_us, fixed), (7, 1500, 1500, None));
        assert!(linted.diagnostics.iter().any(|d| d.code == "SRS501"));
        assert!(linted.picture.edges.iter().any(|e| e.broken));
        assert_eq!(linted, expected);
    }

    #[test]
    fn fix_all_safe_sends_the_fixed_texts_and_their_lint() {
        let buffers = seed();
        let mut expected = buffers.clone();
        let applied = fix_all(
            &mut expected,
            &crate::LintOptions::default(),
            false,
            super::super::FIX_ALL_ROUNDS,
        );
        let Ok(Reply {
            fixed: Some(fixed),
            linted,
            ..
        }) = Reply::decode(&answer(&request(&buffers, true), clock()))
        else {
            panic!("a fixed reply")
        };
        assert!(applied > 0);
        assert_eq!(fixed.applied, applied);
        assert_eq!(fixed.texts, expected.iter().map(|b| b.text.clone()).collect::<Vec<_>>());
        assert_eq!(linted, lint_session(&expected, &crate::LintOptions::default()));
    }

    /// Every check's failing fixture: each code and name it reports reads back.
    #[test]
    fn every_fixture_s_diagnostics_cross() {
        let dir = format!("{}/../fixtures/checks", env!("CARGO_MANIFEST_DIR"));
        let mut buffers = Vec::new();
        for entry in std::fs::read_dir(dir).expect("fixtures/checks") {
            let path = entry.expect("entry").path();
            for file in std::fs::read_dir(&path).expect("a check's folder") {
                let file = file.expect("file").path();
                if file.file_stem().is_some_and(|s| s == "fail") {
                    let name = format!(
                        "{}/{}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        file.file_name().unwrap_or_default().to_string_lossy()
                    );
                    let text = std::fs::read_to_string(&file).unwrap_or_default();
                    buffers.push(Buffer::new(name, text));
                }
            }
        }
        buffers.sort_by(|a, b| a.name.cmp(&b.name));
        for b in buffers {
            let expected = lint_session(std::slice::from_ref(&b), &crate::LintOptions::default());
            let name = b.name.clone();
            match Reply::decode(&answer(&request(&[b], false), clock())) {
                Ok(Reply { linted, .. }) => assert_eq!(linted, expected, "{name}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    /// Fails to compile when the model gains a kind or a role the lists miss.
    #[test]
    fn every_kind_and_role_is_listed() {
        fn listed(kind: NodeKind, role: Role) -> bool {
            let kind = match kind {
                NodeKind::Workload
                | NodeKind::Pod
                | NodeKind::Service
                | NodeKind::ConfigMap
                | NodeKind::Claim
                | NodeKind::Volume
                | NodeKind::Host
                | NodeKind::Object => KINDS.contains(&kind),
            };
            let role = match role {
                Role::Origin | Role::Edge | Role::Standalone | Role::Mixed => ROLES.contains(&role),
            };
            kind && role
        }
        for (i, kind) in KINDS.iter().enumerate() {
            assert_eq!(index_of(&KINDS, kind), int(i));
            assert!(listed(*kind, ROLES[i % ROLES.len()]));
        }
    }

    #[test]
    fn a_reply_of_another_shape_is_an_error() {
        assert!(Reply::decode("{}").is_err());
        assert!(Reply::decode("[[1,2],[[\"SRS999\",\"error\"]]]").is_err());
        assert!(Reply::decode("[[1,2],[[\"SRS501\",\"fatal\"]]]").is_err());
    }
}
