//! What crosses between a page and the Web Worker that lints for it, as
//! JSON strings: the page posts a [`Request`] (the buffers and settings of
//! one revision of its files), the worker answers with a [`Reply`] (the
//! diagnostics and the picture of that revision, as [`lint_session`] gives
//! them). The worker's side is [`answer`]; the page's is [`Request::encode`]
//! and [`Reply::decode`].
//!
//! The editor's and the picture's types have no serde of their own: they
//! cross as the mirrors below (moved in and out, not copied), which keep
//! the module small: its size is budgeted.

use super::{lint_session, Buffer, BufferEdit, BufferFix, EditorDiagnostic, Linted, Location};
use crate::checks::registry;
use crate::diagnostic::{Applicability, Severity};
use crate::model::layout::{EdgeDiagnostic, NodeKind, Picture, PictureEdge, PictureNode};
use crate::model::srs::Role;
use crate::share::State;
use serde::{Deserialize, Deserializer, Serialize};

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixed {
    pub texts: Vec<String>,
    pub applied: usize,
}

impl Reply {
    pub fn encode(self) -> String {
        let wire = WireReply(
            vec![int(self.revision), int(self.lint_us)],
            self.linted.diagnostics.into_iter().map(Into::into).collect(),
            self.linted.picture.into(),
            self.fixed.map(|f| WireFixed(f.texts, f.applied)),
            int(self.encode_us),
        );
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// # Errors
    /// When `text` is not a reply of this build (a bug).
    pub fn decode(text: &str) -> Result<Reply, String> {
        // From bytes, as `share::decode` reads: one JSON reader in the module.
        let WireReply(numbers, diagnostics, picture, fixed, encode_us) =
            serde_json::from_slice(text.as_bytes()).map_err(|e| format!("a reply the page cannot read: {e}"))?;
        let mut n = Ints::new(numbers);
        Ok(Reply {
            revision: n.next(),
            lint_us: n.next(),
            encode_us: u64::try_from(encode_us).unwrap_or_default(),
            linted: Linted {
                diagnostics: diagnostics.into_iter().map(Into::into).collect(),
                picture: picture.into(),
            },
            fixed: fixed.map(|WireFixed(texts, applied)| Fixed { texts, applied }),
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

// The mirrors are tuple structs, written as JSON arrays, and each one's
// numbers go in one array of integers: no field names in the reply, and
// little code in the module to read it (one reader of integer arrays
// instead of one per field; the module's size is budgeted).

/// [revision, lint_us], diagnostics, picture, fixed, encode_us (last: see [`answer`]).
#[derive(Serialize, Deserialize)]
struct WireReply(Vec<i64>, Vec<WireDiagnostic>, WirePicture, Option<WireFixed>, i64);

/// texts, applied.
#[derive(Serialize, Deserialize)]
struct WireFixed(Vec<String>, usize);

/// code, severity, message, label, notes, help, file, location (empty
/// for none: [buffer, start, end, line, column, end_line, end_column,
/// utf16_start, utf16_end]), fix (the check's name is its code's).
#[derive(Serialize, Deserialize)]
struct WireDiagnostic(
    #[serde(deserialize_with = "check_code")] Static,
    Severity,
    String,
    String,
    Vec<String>,
    Option<String>,
    String,
    Vec<i64>,
    Option<WireFix>,
);

/// title, safe (else unsafe), edits as ([buffer, start, end], replacement).
#[derive(Serialize, Deserialize)]
struct WireFix(String, bool, Vec<(Vec<i64>, String)>);

/// [width, height, truncated, total_nodes, total_edges], nodes, edges.
#[derive(Serialize, Deserialize)]
struct WirePicture(Vec<i64>, Vec<WireNode>, Vec<WireEdge>);

/// id, caption, label, [kind, role (-1: none), unresolved, x, y, width,
/// height], details; kind and role by their index in [`KINDS`] and [`ROLES`].
#[derive(Serialize, Deserialize)]
struct WireNode(String, String, String, Vec<i64>, Vec<String>);

/// [from, to, broken], label, diagnostics, path.
#[derive(Serialize, Deserialize)]
struct WireEdge(Vec<i64>, String, Vec<WireEdgeDiagnostic>, String);

#[derive(Serialize, Deserialize)]
struct WireEdgeDiagnostic(#[serde(deserialize_with = "check_code")] Static, Severity, String);

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

/// The index of `x` in `all` (every value is in it: a test checks).
fn index_of<T: PartialEq>(all: &[T], x: &T) -> i64 {
    all.iter().position(|a| a == x).map_or(-1, int)
}

/// A count, offset or coordinate as the wire's integer (all of them fit).
fn int<T: TryInto<i64>>(n: T) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// The wire's integers back, a missing one as 0 (the page and the worker
/// are one build: they agree on the counts).
struct Ints(std::vec::IntoIter<i64>);

impl Ints {
    fn new(v: Vec<i64>) -> Ints {
        Ints(v.into_iter())
    }

    fn next<T: TryFrom<i64> + Default>(&mut self) -> T {
        self.0.next().and_then(|n| T::try_from(n).ok()).unwrap_or_default()
    }
}

impl From<EditorDiagnostic> for WireDiagnostic {
    fn from(d: EditorDiagnostic) -> Self {
        WireDiagnostic(
            d.code,
            d.severity,
            d.message,
            d.label,
            d.notes,
            d.help,
            d.file,
            d.location.map_or_else(Vec::new, |l| {
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
            }),
            d.fix.map(|f| {
                WireFix(
                    f.title,
                    f.applicability == Applicability::Safe,
                    f.edits
                        .into_iter()
                        .map(|e| (vec![int(e.buffer), int(e.start), int(e.end)], e.replacement))
                        .collect(),
                )
            }),
        )
    }
}

impl From<WireDiagnostic> for EditorDiagnostic {
    fn from(d: WireDiagnostic) -> Self {
        let WireDiagnostic(code, severity, message, label, notes, help, file, location, fix) = d;
        let location = (!location.is_empty()).then(|| {
            let mut n = Ints::new(location);
            Location {
                buffer: n.next(),
                start: n.next(),
                end: n.next(),
                line: n.next(),
                column: n.next(),
                end_line: n.next(),
                end_column: n.next(),
                utf16_start: n.next(),
                utf16_end: n.next(),
            }
        });
        EditorDiagnostic {
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
            fix: fix.map(|WireFix(title, safe, edits)| BufferFix {
                title,
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                edits: edits
                    .into_iter()
                    .map(|(at, replacement)| {
                        let mut n = Ints::new(at);
                        BufferEdit {
                            buffer: n.next(),
                            start: n.next(),
                            end: n.next(),
                            replacement,
                        }
                    })
                    .collect(),
            }),
        }
    }
}

impl From<Picture> for WirePicture {
    fn from(p: Picture) -> Self {
        WirePicture(
            vec![
                int(p.width),
                int(p.height),
                int(p.truncated),
                int(p.total_nodes),
                int(p.total_edges),
            ],
            p.nodes.into_iter().map(Into::into).collect(),
            p.edges.into_iter().map(Into::into).collect(),
        )
    }
}

impl From<WirePicture> for Picture {
    fn from(p: WirePicture) -> Self {
        let WirePicture(numbers, nodes, edges) = p;
        let mut n = Ints::new(numbers);
        Picture {
            width: n.next(),
            height: n.next(),
            truncated: n.next::<u8>() != 0,
            total_nodes: n.next(),
            total_edges: n.next(),
            nodes: nodes.into_iter().map(Into::into).collect(),
            edges: edges.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<PictureNode> for WireNode {
    fn from(n: PictureNode) -> Self {
        WireNode(
            n.id,
            n.caption,
            n.label,
            vec![
                index_of(&KINDS, &n.kind),
                n.role.map_or(-1, |r| index_of(&ROLES, &r)),
                int(n.unresolved),
                int(n.x),
                int(n.y),
                int(n.width),
                int(n.height),
            ],
            n.details,
        )
    }
}

impl From<WireNode> for PictureNode {
    fn from(n: WireNode) -> Self {
        let WireNode(id, caption, label, numbers, details) = n;
        let mut n = Ints::new(numbers);
        PictureNode {
            id,
            kind: KINDS.get(n.next::<usize>()).copied().unwrap_or(NodeKind::Object),
            role: n
                .next::<i64>()
                .try_into()
                .ok()
                .and_then(|r: usize| ROLES.get(r).copied()),
            unresolved: n.next::<u8>() != 0,
            x: n.next(),
            y: n.next(),
            width: n.next(),
            height: n.next(),
            caption,
            label,
            details,
        }
    }
}

impl From<PictureEdge> for WireEdge {
    fn from(e: PictureEdge) -> Self {
        WireEdge(
            vec![int(e.from), int(e.to), int(e.broken)],
            e.label,
            e.diagnostics
                .into_iter()
                .map(|d| WireEdgeDiagnostic(d.code, d.severity, d.message))
                .collect(),
            e.path,
        )
    }
}

impl From<WireEdge> for PictureEdge {
    fn from(e: WireEdge) -> Self {
        let WireEdge(numbers, label, diagnostics, path) = e;
        let mut n = Ints::new(numbers);
        PictureEdge {
            from: n.next(),
            to: n.next(),
            broken: n.next::<u8>() != 0,
            label,
            diagnostics: diagnostics
                .into_iter()
                .map(|WireEdgeDiagnostic(code, severity, message)| EdgeDiagnostic {
                    code,
                    severity,
                    message,
                })
                .collect(),
            path,
        }
    }
}

/// `&'static str`, under a name serde does not take for a borrow from the
/// input (which would tie a decoded reply to the reply's text): a check's
/// code, read back by [`check_code`].
type Static = &'static str;

/// A check's code read back as the registry's own `&'static str`.
fn check_code<'de, D: Deserializer<'de>>(d: D) -> Result<Static, D::Error> {
    let code = String::deserialize(d)?;
    registry::find(&code)
        .map(|m| m.code)
        .ok_or_else(|| serde::de::Error::custom(format!("no check has the code {code}")))
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
    }
}
