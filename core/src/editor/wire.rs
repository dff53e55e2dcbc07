//! What crosses between a page and the Web Worker that lints for it, as
//! JSON strings: the page posts a [`Request`] (the buffers and settings of
//! one revision of its files), the worker answers with a [`Reply`] (the
//! diagnostics and the picture of that revision, as [`lint_session`] gives
//! them). The worker's side is [`answer`]; the page's is [`Request::encode`]
//! and [`Reply::decode`].
//!
//! The picture's types belong to the model and have no serde of their own:
//! they cross as the mirrors below, moved in and out without copies.

use super::{lint_session, Buffer, EditorDiagnostic, Linted};
use crate::checks::registry;
use crate::diagnostic::Severity;
use crate::model::layout::{EdgeDiagnostic, NodeKind, Picture, PictureEdge, PictureNode};
use crate::model::srs::Role;
use crate::settings::Settings;
use serde::{Deserialize, Deserializer, Serialize};

/// Lint these buffers: one revision of the page's files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The page's count of changes; the reply carries it back, so the page
    /// can drop the answer to an older revision.
    pub revision: u64,
    pub buffers: Vec<Buffer>,
    pub settings: Settings,
    /// Apply every safe fix first (the page's "Fix all safe"), as
    /// [`super::fix_all`] does, and send the fixed texts back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fix_all_safe: bool,
}

impl Request {
    pub fn encode(&self) -> String {
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
            } => WireReply::Linted(WireLinted {
                revision,
                lint_ms,
                encode_ms,
                diagnostics: linted.diagnostics,
                picture: linted.picture.into(),
                fixed,
            }),
            Reply::Panicked(m) => WireReply::Panicked(m),
            Reply::Crashed(m) => WireReply::Crashed(m),
            Reply::Unavailable(m) => WireReply::Unavailable(m),
        };
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// # Errors
    /// When `text` is not a reply of this build (a bug).
    pub fn decode(text: &str) -> Result<Reply, String> {
        let wire: WireReply = serde_json::from_str(text).map_err(|e| format!("a reply the page cannot read: {e}"))?;
        Ok(match wire {
            WireReply::Linted(l) => Reply::Linted {
                revision: l.revision,
                lint_ms: l.lint_ms,
                encode_ms: l.encode_ms,
                linted: Linted {
                    diagnostics: l.diagnostics,
                    picture: l.picture.into(),
                },
                fixed: l.fixed,
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
    let request: Request = serde_json::from_str(request).expect("the page sends a well-formed request");
    let options = request.settings.lint_options().unwrap_or_default();
    let started = now();
    let mut buffers = request.buffers;
    let fixed = request.fix_all_safe.then(|| {
        let applied = super::fix_all(&mut buffers, &options, false, super::FIX_ALL_ROUNDS);
        Fixed {
            texts: buffers.iter().map(|b| b.text.clone()).collect(),
            applied,
        }
    });
    let linted = lint_session(&buffers, &options);
    let linted_at = now();
    let reply = Reply::Linted {
        revision: request.revision,
        lint_ms: linted_at - started,
        encode_ms: 0.0,
        linted,
        fixed,
    }
    .encode();
    // The encoding's time goes in as a number of the same width as the
    // placeholder's, so the reply is not encoded twice.
    let encode_ms = now() - linted_at;
    reply.replacen("\"encode_ms\":0.0", &format!("\"encode_ms\":{encode_ms:.3}"), 1)
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum WireReply {
    Linted(WireLinted),
    Panicked(String),
    Crashed(String),
    Unavailable(String),
}

#[derive(Serialize, Deserialize)]
struct WireLinted {
    revision: u64,
    lint_ms: f64,
    encode_ms: f64,
    diagnostics: Vec<EditorDiagnostic>,
    picture: WirePicture,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fixed: Option<Fixed>,
}

#[derive(Serialize, Deserialize)]
struct WirePicture {
    width: i32,
    height: i32,
    nodes: Vec<WireNode>,
    edges: Vec<WireEdge>,
    truncated: bool,
    total_nodes: usize,
    total_edges: usize,
}

#[derive(Serialize, Deserialize)]
struct WireNode {
    id: String,
    kind: WireKind,
    caption: String,
    label: String,
    role: Option<WireRole>,
    unresolved: bool,
    x: i32,
    y: i32,
    width: i32,
    height: i32,
    details: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct WireEdge {
    from: usize,
    to: usize,
    label: String,
    broken: bool,
    diagnostics: Vec<WireEdgeDiagnostic>,
    path: String,
}

#[derive(Serialize, Deserialize)]
struct WireEdgeDiagnostic {
    #[serde(deserialize_with = "check_code")]
    code: Static,
    severity: Severity,
    message: String,
}

/// [`NodeKind`], one for one.
#[derive(Serialize, Deserialize)]
enum WireKind {
    Workload,
    Pod,
    Service,
    ConfigMap,
    Claim,
    Volume,
    Host,
    Object,
}

/// [`Role`], one for one.
#[derive(Serialize, Deserialize)]
enum WireRole {
    Origin,
    Edge,
    Standalone,
    Mixed,
}

impl From<Picture> for WirePicture {
    fn from(p: Picture) -> Self {
        WirePicture {
            width: p.width,
            height: p.height,
            nodes: p.nodes.into_iter().map(Into::into).collect(),
            edges: p.edges.into_iter().map(Into::into).collect(),
            truncated: p.truncated,
            total_nodes: p.total_nodes,
            total_edges: p.total_edges,
        }
    }
}

impl From<WirePicture> for Picture {
    fn from(p: WirePicture) -> Self {
        Picture {
            width: p.width,
            height: p.height,
            nodes: p.nodes.into_iter().map(Into::into).collect(),
            edges: p.edges.into_iter().map(Into::into).collect(),
            truncated: p.truncated,
            total_nodes: p.total_nodes,
            total_edges: p.total_edges,
        }
    }
}

impl From<PictureNode> for WireNode {
    fn from(n: PictureNode) -> Self {
        WireNode {
            id: n.id,
            kind: match n.kind {
                NodeKind::Workload => WireKind::Workload,
                NodeKind::Pod => WireKind::Pod,
                NodeKind::Service => WireKind::Service,
                NodeKind::ConfigMap => WireKind::ConfigMap,
                NodeKind::Claim => WireKind::Claim,
                NodeKind::Volume => WireKind::Volume,
                NodeKind::Host => WireKind::Host,
                NodeKind::Object => WireKind::Object,
            },
            caption: n.caption,
            label: n.label,
            role: n.role.map(|r| match r {
                Role::Origin => WireRole::Origin,
                Role::Edge => WireRole::Edge,
                Role::Standalone => WireRole::Standalone,
                Role::Mixed => WireRole::Mixed,
            }),
            unresolved: n.unresolved,
            x: n.x,
            y: n.y,
            width: n.width,
            height: n.height,
            details: n.details,
        }
    }
}

impl From<WireNode> for PictureNode {
    fn from(n: WireNode) -> Self {
        PictureNode {
            id: n.id,
            kind: match n.kind {
                WireKind::Workload => NodeKind::Workload,
                WireKind::Pod => NodeKind::Pod,
                WireKind::Service => NodeKind::Service,
                WireKind::ConfigMap => NodeKind::ConfigMap,
                WireKind::Claim => NodeKind::Claim,
                WireKind::Volume => NodeKind::Volume,
                WireKind::Host => NodeKind::Host,
                WireKind::Object => NodeKind::Object,
            },
            caption: n.caption,
            label: n.label,
            role: n.role.map(|r| match r {
                WireRole::Origin => Role::Origin,
                WireRole::Edge => Role::Edge,
                WireRole::Standalone => Role::Standalone,
                WireRole::Mixed => Role::Mixed,
            }),
            unresolved: n.unresolved,
            x: n.x,
            y: n.y,
            width: n.width,
            height: n.height,
            details: n.details,
        }
    }
}

impl From<PictureEdge> for WireEdge {
    fn from(e: PictureEdge) -> Self {
        WireEdge {
            from: e.from,
            to: e.to,
            label: e.label,
            broken: e.broken,
            diagnostics: e
                .diagnostics
                .into_iter()
                .map(|d| WireEdgeDiagnostic {
                    code: d.code,
                    severity: d.severity,
                    message: d.message,
                })
                .collect(),
            path: e.path,
        }
    }
}

impl From<WireEdge> for PictureEdge {
    fn from(e: WireEdge) -> Self {
        PictureEdge {
            from: e.from,
            to: e.to,
            label: e.label,
            broken: e.broken,
            diagnostics: e
                .diagnostics
                .into_iter()
                .map(|d| EdgeDiagnostic {
                    code: d.code,
                    severity: d.severity,
                    message: d.message,
                })
                .collect(),
            path: e.path,
        }
    }
}

/// `&'static str`, under a name serde does not take for a borrow from the
/// input (which would tie a decoded reply to the reply's text): a check's
/// code or name, read back by [`check_code`] and [`check_name`].
pub type Static = &'static str;

/// A check's code read back as the registry's own `&'static str`.
pub(super) fn check_code<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let code = String::deserialize(d)?;
    registry::find(&code)
        .map(|m| m.code)
        .ok_or_else(|| serde::de::Error::custom(format!("no check has the code {code}")))
}

/// A check's name read back as the registry's own `&'static str`.
pub(super) fn check_name<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
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

    fn request(buffers: Vec<Buffer>, fix_all_safe: bool) -> String {
        Request {
            revision: 7,
            buffers,
            settings: Settings::default(),
            fix_all_safe,
        }
        .encode()
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
        let reply = Reply::decode(&answer(&request(buffers, false), clock())).expect("decodes");
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
        }) = Reply::decode(&answer(&request(buffers, true), clock()))
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
            match Reply::decode(&answer(&request(vec![b], false), clock())) {
                Ok(Reply::Linted { linted, .. }) => assert_eq!(linted, expected, "{name}"),
                other => panic!("{name}: {other:?}"),
            }
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
