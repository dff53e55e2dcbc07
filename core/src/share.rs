//! A playground's state (its files, its settings, what it shows) as text
//! short enough for a URL fragment, and back: a link reproduces what its
//! sender saw, with nothing stored on a server.
//!
//! The text is `1.` and the state's JSON, deflated (RFC 1951) and written in
//! URL-safe base64 without padding. The leading version lets a later format
//! be told apart. Reading is bounded at every step, since a link is input
//! from anyone: a fragment longer than [`MAX_ENCODED_CHARS`], a state that
//! inflates past [`MAX_STATE_BYTES`] (a deflate bomb stops there, without
//! allocating the rest), more than [`MAX_FILES`] files or a file larger
//! than [`MAX_BUFFER_BYTES`] is refused with a [`ShareError`].

use crate::editor::{Buffer, MAX_BUFFER_BYTES};
use crate::settings::Settings;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format written by [`encode`].
const VERSION_PREFIX: &str = "1.";

/// Longer than any URL a browser keeps (Chromium's limit is 2 MiB).
pub const MAX_ENCODED_CHARS: usize = 4 * 1024 * 1024;
/// The JSON of a state, inflated.
pub const MAX_STATE_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_FILES: usize = 64;
/// Entries of [`State::view`], and the length of each key and value.
pub const MAX_VIEW_ENTRIES: usize = 64;
pub const MAX_VIEW_TEXT: usize = 1024;

/// What a link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub files: Vec<SharedFile>,
    /// The settings, as `.srs-check.toml` has them (kept as data, not TOML
    /// text: the page then needs no TOML parser).
    #[serde(default, skip_serializing_if = "is_default")]
    pub settings: Settings,
    /// The index of the file shown.
    #[serde(default)]
    pub active: usize,
    /// What the page shows besides the files (the open panel, the
    /// simulation's controls): names and values the page chooses.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub view: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    pub name: String,
    pub text: String,
}

fn is_default(s: &Settings) -> bool {
    *s == Settings::default()
}

impl State {
    pub fn buffers(&self) -> Vec<Buffer> {
        self.files
            .iter()
            .map(|f| Buffer::new(f.name.clone(), f.text.clone()))
            .collect()
    }

    pub fn with_buffers(buffers: &[Buffer]) -> State {
        State {
            files: buffers
                .iter()
                .map(|b| SharedFile {
                    name: b.name.clone(),
                    text: b.text.clone(),
                })
                .collect(),
            ..State::default()
        }
    }
}

/// Why a link's state could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not written by any version of [`encode`].
    UnknownFormat,
    TooLong {
        chars: usize,
    },
    NotBase64,
    NotDeflate,
    TooLarge,
    NotJson(String),
    TooManyFiles {
        files: usize,
    },
    FileTooLarge {
        name: String,
        bytes: usize,
    },
    ViewTooLarge,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::UnknownFormat => f.write_str("the link does not hold a playground state this version can read"),
            ShareError::TooLong { chars } => write!(
                f,
                "the link's state is {chars} characters long; at most {MAX_ENCODED_CHARS} are read"
            ),
            ShareError::NotBase64 => f.write_str("the link's state is damaged (not base64): was it cut short?"),
            ShareError::NotDeflate => f.write_str("the link's state is damaged (does not inflate): was it cut short?"),
            ShareError::TooLarge => write!(f, "the link's state inflates past {MAX_STATE_BYTES} bytes"),
            ShareError::NotJson(e) => write!(f, "the link's state is damaged: {e}"),
            ShareError::TooManyFiles { files } => {
                write!(f, "the link holds {files} files; at most {MAX_FILES} are opened")
            }
            ShareError::FileTooLarge { name, bytes } => write!(
                f,
                "`{name}` in the link is {bytes} bytes; a file here holds at most {MAX_BUFFER_BYTES}"
            ),
            ShareError::ViewTooLarge => f.write_str("the link's view settings are larger than the page writes"),
        }
    }
}

/// The state as fragment text (without the `#`).
pub fn encode(state: &State) -> String {
    // Serialising plain strings and maps cannot fail.
    let json = serde_json::to_vec(state).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let mut out = String::with_capacity(VERSION_PREFIX.len() + deflated.len() * 4 / 3 + 4);
    out.push_str(VERSION_PREFIX);
    URL_SAFE_NO_PAD.encode_string(&deflated, &mut out);
    out
}

/// Reads fragment text written by [`encode`]; a leading `#` is ignored.
pub fn decode(fragment: &str) -> Result<State, ShareError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_ENCODED_CHARS {
        return Err(ShareError::TooLong { chars: text.len() });
    }
    let data = text.strip_prefix(VERSION_PREFIX).ok_or(ShareError::UnknownFormat)?;
    let deflated = URL_SAFE_NO_PAD
        .decode(data.trim_end())
        .map_err(|_| ShareError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_STATE_BYTES).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            ShareError::TooLarge
        } else {
            ShareError::NotDeflate
        }
    })?;
    let state: State = serde_json::from_slice(&json).map_err(|e| ShareError::NotJson(e.to_string()))?;
    if state.files.len() > MAX_FILES {
        return Err(ShareError::TooManyFiles {
            files: state.files.len(),
        });
    }
    if let Some(f) = state.files.iter().find(|f| f.text.len() > MAX_BUFFER_BYTES) {
        return Err(ShareError::FileTooLarge {
            name: f.name.chars().take(200).collect(),
            bytes: f.text.len(),
        });
    }
    let view_fits = state.view.len() <= MAX_VIEW_ENTRIES
        && state
            .view
            .iter()
            .all(|(k, v)| k.len() <= MAX_VIEW_TEXT && v.len() <= MAX_VIEW_TEXT);
    if !view_fits {
        return Err(ShareError::ViewTooLarge);
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> State {
        let mut view = BTreeMap::new();
        view.insert("side".to_string(), "deployment".to_string());
        State {
            files: vec![
                SharedFile {
                    name: "origin.yaml".into(),
                    text: "apiVersion: v1\nkind: ConfigMap\n".repeat(40),
                },
                SharedFile {
                    name: "边缘 edge.conf".into(),
                    text:
                        "listen 1935;\nvhost __defaultVhost__ { cluster { mode remote; origin srs-origin-0.socs; } }\n"
                            .into(),
                },
            ],
            settings: Settings::parse("srs-version = 5\n[checks]\ndisable = [\"SRS108\"]\n").unwrap(),
            active: 1,
            view,
        }
    }

    #[test]
    fn round_trips_and_is_url_safe() {
        let state = sample();
        let text = encode(&state);
        assert!(text.starts_with("1."));
        assert!(
            text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{text}"
        );
        assert_eq!(decode(&text), Ok(state.clone()));
        assert_eq!(decode(&format!("#{text}")), Ok(state));
    }

    #[test]
    fn repeated_manifests_compress_well() {
        let state = State {
            files: sample().files,
            ..State::default()
        };
        let text = encode(&state);
        let raw: usize = state.files.iter().map(|f| f.text.len()).sum();
        assert!(text.len() * 4 < raw, "{} chars for {raw} bytes", text.len());
    }

    #[test]
    fn a_deflate_bomb_stops_at_the_bound() {
        // 64 MiB of one letter deflates to a few tens of kilobytes.
        let huge = vec![b'a'; 64 * 1024 * 1024];
        let deflated = miniz_oxide::deflate::compress_to_vec(&huge, 9);
        let text = format!("1.{}", URL_SAFE_NO_PAD.encode(deflated));
        assert_eq!(decode(&text), Err(ShareError::TooLarge));
    }

    #[test]
    fn bounds_and_damage_are_reported() {
        assert_eq!(decode("2.abc"), Err(ShareError::UnknownFormat));
        assert_eq!(decode(""), Err(ShareError::UnknownFormat));
        assert_eq!(decode("1.@@@"), Err(ShareError::NotBase64));
        assert_eq!(decode("1.AAAA"), Err(ShareError::NotDeflate));
        let cut = encode(&sample());
        assert!(decode(&cut[..cut.len() / 2]).is_err());
        let long = "1.".to_string() + &"A".repeat(MAX_ENCODED_CHARS);
        assert!(matches!(decode(&long), Err(ShareError::TooLong { .. })));

        let many = State {
            files: vec![SharedFile::default(); MAX_FILES + 1],
            ..State::default()
        };
        assert_eq!(
            decode(&encode(&many)),
            Err(ShareError::TooManyFiles { files: MAX_FILES + 1 })
        );
        let big = State {
            files: vec![SharedFile {
                name: "big.yaml".into(),
                text: "#".repeat(MAX_BUFFER_BYTES + 1),
            }],
            ..State::default()
        };
        assert!(
            matches!(decode(&encode(&big)), Err(ShareError::FileTooLarge { bytes, .. }) if bytes == MAX_BUFFER_BYTES + 1)
        );
        let mut wide = State::default();
        wide.view.insert("k".into(), "v".repeat(MAX_VIEW_TEXT + 1));
        assert_eq!(decode(&encode(&wide)), Err(ShareError::ViewTooLarge));
        let not_state = format!(
            "1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6))
        );
        assert!(matches!(decode(&not_state), Err(ShareError::NotJson(_))));
    }

    proptest! {
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
            let _ = decode(&text);
        }

        #[test]
        fn any_bytes_after_the_prefix_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&format!("1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
        }

        #[test]
        fn any_files_round_trip(files in proptest::collection::vec(("\\PC{0,20}", "\\PC{0,200}"), 0..5), active in 0usize..6) {
            let state = State {
                files: files.into_iter().map(|(name, text)| SharedFile { name, text }).collect(),
                active,
                ..State::default()
            };
            prop_assert_eq!(decode(&encode(&state)), Ok(state));
        }
    }
}
