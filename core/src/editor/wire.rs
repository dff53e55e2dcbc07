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

/// What the worker says.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// The lint of `revision`.
    Linted {
        revision: u64,
        /// The lint's own time in the worker, and the reply's encoding.
        lint_ms: f64,
        encode_ms: f64,
        linted: Linted,
        /// With [`Request::fix_all_safe`]: the buffers' texts after the
        /// fixes (which `linted` is the lint of) and how many were applied.
        fixed: Option<Fixed>,
    },
    /// The worker's panic hook ran: the message for the page's bug banner.
    /// The worker then says [`Reply::Crashed`].
    Panicked(String),
    /// A call into the module threw (after a panic, a trap): this worker is
    /// done, the page starts another.
    Crashed(String),
    /// The worker could not load the module: the page lints itself.
    Unavailable(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixed {
    pub texts: Vec<String>,
    pub applied: usize,
}

impl Reply {
    pub fn encode(self) -> String {
        let wire = match self {
            Reply::Linted {
                revision,
                lint_ms,
                encode_ms,
                linted,
                fixed,
            } => WireReply::Linted(WireLinted(
                revision,
                lint_ms,
                linted.diagnostics.into_iter().map(Into::into).collect(),
                linted.picture.into(),
                fixed.map(|f| WireFixed(f.texts, f.applied)),
                encode_ms,
            )),
            Reply::Panicked(m) => WireReply::Panicked(m),
            Reply::Crashed(m) => WireReply::Crashed(m),
            Reply::Unavailable(m) => WireReply::Unavailable(m),
        };
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// # Errors
    /// When `text` is not a reply of this build (a bug).
    pub fn decode(text: &str) -> Result<Reply, String> {
        // From bytes, as `share::decode` reads: one JSON reader in the module.
        let wire: WireReply =
            serde_json::from_slice(text.as_bytes()).map_err(|e| format!("a reply the page cannot read: {e}"))?;
        Ok(match wire {
            WireReply::Linted(WireLinted(revision, lint_ms, diagnostics, picture, fixed, encode_ms)) => Reply::Linted {
                revision,
                lint_ms,
                encode_ms,
                linted: Linted {
                    diagnostics: diagnostics.into_iter().map(Into::into).collect(),
                    picture: picture.into(),
                },
                fixed: fixed.map(|WireFixed(texts, applied)| Fixed { texts, applied }),
            },
            WireReply::Panicked(m) => Reply::Panicked(m),
            WireReply::Crashed(m) => Reply::Crashed(m),
            WireReply::Unavailable(m) => Reply::Unavailable(m),
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
    let mut reply = Reply::Linted {
        revision: request.revision,
        lint_ms: linted_at - started,
        encode_ms: 0.0,
        linted,
        fixed,
    }
    .encode();
    // The encoding's own time is the reply's last number: written over
    // the placeholder, so the reply is not encoded twice.
    let encode_ms = now() - linted_at;
    if reply.ends_with(ENCODE_MS_PLACEHOLDER) {
        reply.truncate(reply.len() - ENCODE_MS_PLACEHOLDER.len());
        reply.push_str(&format!(",{encode_ms:.3}]}}"));
    }
    reply
}

/// How a reply with `encode_ms` 0 ends.
const ENCODE_MS_PLACEHOLDER: &str = ",0.0]}";

// The mirrors are tuple structs, written as JSON arrays: no field names in
// the reply, and no code in the module to match them.

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum WireReply {
    Linted(WireLinted),
    Panicked(String),
    Crashed(String),
    Unavailable(String),
}

/// revision, lint_ms, diagnostics, picture, fixed, encode_ms (last: see [`answer`]).
#[derive(Serialize, Deserialize)]
struct WireLinted(u64, f64, Vec<WireDiagnostic>, WirePicture, Option<WireFixed>, f64);

/// texts, applied.
#[derive(Serialize, Deserialize)]
struct WireFixed(Vec<String>, usize);

/// code, name, severity, message, label, notes, help, file, location, fix.
#[derive(Serialize, Deserialize)]
struct WireDiagnostic(
    #[serde(deserialize_with = "check_code")] Static,
    #[serde(deserialize_with = "check_name")] Static,
    Severity,
    String,
    String,
    Vec<String>,
    Option<String>,
    String,
    Option<WireLocation>,
    Option<WireFix>,
);

/// buffer, start, end, line, column, end_line, end_column, utf16_start, utf16_end.
#[derive(Serialize, Deserialize)]
struct WireLocation(usize, usize, usize, u32, u32, u32, u32, u32, u32);

/// title, safe (else unsafe), edits as (buffer, start, end, replacement).
#[derive(Serialize, Deserialize)]
struct WireFix(String, bool, Vec<(usize, usize, usize, String)>);

/// width, height, nodes, edges, truncated, total_nodes, total_edges.
#[derive(Serialize, Deserialize)]
struct WirePicture(i32, i32, Vec<WireNode>, Vec<WireEdge>, bool, usize, usize);

/// id, kind, caption, label, role, unresolved, x, y, width, height, details;
/// kind and role by their index in [`KINDS`] and [`ROLES`].
#[derive(Serialize, Deserialize)]
struct WireNode(
    String,
    u8,
    String,
    String,
    Option<u8>,
    bool,
    i32,
    i32,
    i32,
    i32,
    Vec<String>,
);

/// from, to, label, broken, diagnostics as (code, severity, message), path.
#[derive(Serialize, Deserialize)]
struct WireEdge(usize, usize, String, bool, Vec<WireEdgeDiagnostic>, String);

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

/// The index of `x` in `all` (every value is in it: the tests cross every one).
fn index_of<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter()
        .position(|a| a == x)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

impl From<EditorDiagnostic> for WireDiagnostic {
    fn from(d: EditorDiagnostic) -> Self {
        WireDiagnostic(
            d.code,
            d.name,
            d.severity,
            d.message,
            d.label,
            d.notes,
            d.help,
            d.file,
            d.location.map(|l| {
                WireLocation(
                    l.buffer,
                    l.start,
                    l.end,
                    l.line,
                    l.column,
                    l.end_line,
                    l.end_column,
                    l.utf16_start,
                    l.utf16_end,
                )
            }),
            d.fix.map(|f| {
                WireFix(
                    f.title,
                    f.applicability == Applicability::Safe,
                    f.edits
                        .into_iter()
                        .map(|e| (e.buffer, e.start, e.end, e.replacement))
                        .collect(),
                )
            }),
        )
    }
}

impl From<WireDiagnostic> for EditorDiagnostic {
    fn from(d: WireDiagnostic) -> Self {
        let WireDiagnostic(code, name, severity, message, label, notes, help, file, location, fix) = d;
        EditorDiagnostic {
            code,
            name,
            severity,
            message,
            label,
            notes,
            help,
            file,
            location: location.map(
                |WireLocation(buffer, start, end, line, column, end_line, end_column, utf16_start, utf16_end)| {
                    Location {
                        buffer,
                        start,
                        end,
                        line,
                        column,
                        end_line,
                        end_column,
                        utf16_start,
                        utf16_end,
                    }
                },
            ),
            fix: fix.map(|WireFix(title, safe, edits)| BufferFix {
                title,
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                edits: edits
                    .into_iter()
                    .map(|(buffer, start, end, replacement)| BufferEdit {
                        buffer,
                        start,
                        end,
                        replacement,
                    })
                    .collect(),
            }),
        }
    }
}

impl From<Picture> for WirePicture {
    fn from(p: Picture) -> Self {
        WirePicture(
            p.width,
            p.height,
            p.nodes.into_iter().map(Into::into).collect(),
            p.edges.into_iter().map(Into::into).collect(),
            p.truncated,
            p.total_nodes,
            p.total_edges,
        )
    }
}

impl From<WirePicture> for Picture {
    fn from(p: WirePicture) -> Self {
        let WirePicture(width, height, nodes, edges, truncated, total_nodes, total_edges) = p;
        Picture {
            width,
            height,
            nodes: nodes.into_iter().map(Into::into).collect(),
            edges: edges.into_iter().map(Into::into).collect(),
            truncated,
            total_nodes,
            total_edges,
        }
    }
}

impl From<PictureNode> for WireNode {
    fn from(n: PictureNode) -> Self {
        WireNode(
            n.id,
            index_of(&KINDS, &n.kind),
            n.caption,
            n.label,
            n.role.map(|r| index_of(&ROLES, &r)),
            n.unresolved,
            n.x,
            n.y,
            n.width,
            n.height,
            n.details,
        )
    }
}

impl From<WireNode> for PictureNode {
    fn from(n: WireNode) -> Self {
        let WireNode(id, kind, caption, label, role, unresolved, x, y, width, height, details) = n;
        PictureNode {
            id,
            kind: KINDS.get(usize::from(kind)).copied().unwrap_or(NodeKind::Object),
            caption,
            label,
            role: role.and_then(|r| ROLES.get(usize::from(r)).copied()),
            unresolved,
            x,
            y,
            width,
            height,
            details,
        }
    }
}

impl From<PictureEdge> for WireEdge {
    fn from(e: PictureEdge) -> Self {
        WireEdge(
            e.from,
            e.to,
            e.label,
            e.broken,
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
        let WireEdge(from, to, label, broken, diagnostics, path) = e;
        PictureEdge {
            from,
            to,
            label,
            broken,
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
/// code or name, read back by [`check_code`] and [`check_name`].
type Static = &'static str;

/// A check's code read back as the registry's own `&'static str`.
fn check_code<'de, D: Deserializer<'de>>(d: D) -> Result<Static, D::Error> {
    let code = String::deserialize(d)?;
    registry::find(&code)
        .map(|m| m.code)
        .ok_or_else(|| serde::de::Error::custom(format!("no check has the code {code}")))
}

/// A check's name read back as the registry's own `&'static str`.
fn check_name<'de, D: Deserializer<'de>>(d: D) -> Result<Static, D::Error> {
    let name = String::deserialize(d)?;
    registry::find(&name)
        .map(|m| m.name)
        .ok_or_else(|| serde::de::Error::custom(format!("no check has the name {name}")))
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
        let reply = Reply::decode(&answer(&request(&buffers, false), clock())).expect("decodes");
        let Reply::Linted {
            revision,
            lint_ms,
            encode_ms,
            linted,
            fixed,
        } = reply
        else {
            panic!("{reply:?}")
        };
        assert_eq!((revision, lint_ms, encode_ms, fixed), (7, 1.5, 1.5, None));
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
        let Ok(Reply::Linted {
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
                Ok(Reply::Linted { linted, .. }) => assert_eq!(linted, expected, "{name}"),
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
            assert_eq!(usize::from(index_of(&KINDS, kind)), i);
            assert!(listed(*kind, ROLES[i % ROLES.len()]));
        }
    }

    #[test]
    fn the_other_replies_cross() {
        for reply in [
            Reply::Panicked("p".into()),
            Reply::Crashed("c".into()),
            Reply::Unavailable("u".into()),
        ] {
            let text = match &reply {
                Reply::Panicked(_) => r#"{"panicked":"p"}"#,
                Reply::Crashed(_) => r#"{"crashed":"c"}"#,
                _ => r#"{"unavailable":"u"}"#,
            };
            // The worker's script writes these by hand: this is their form.
            assert_eq!(Reply::decode(text).as_ref(), Ok(&reply));
            assert_eq!(reply.encode(), text);
        }
        assert!(Reply::decode("{}").is_err());
    }
}
