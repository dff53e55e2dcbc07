//! SRS's directive table: which names each block accepts in each SRS version,
//! what their arguments look like, their defaults and `SRS_*` env names.
//!
//! `table.rs` is generated from `shared/reference/srs-directives.json` and
//! `srs-allowed-by-version.json` by `core/tests/schema_table.rs` (run it with
//! `SRS_CHECK_BLESS=1` to regenerate); it is compiled in, so nothing is read at
//! run time.

#[rustfmt::skip]
mod table;

use serde::{Deserialize, Serialize};
use std::fmt;

/// An SRS major version. Each maps to the branch whose sources the table was
/// read from: 3.0release, 4.0release, 5.0release, 6.0release and develop (7.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum SrsVersion {
    V3 = 3,
    V4 = 4,
    V5 = 5,
    V6 = 6,
    V7 = 7,
}

impl SrsVersion {
    pub const ALL: [SrsVersion; 5] = [
        SrsVersion::V3,
        SrsVersion::V4,
        SrsVersion::V5,
        SrsVersion::V6,
        SrsVersion::V7,
    ];
    pub const DEFAULT: SrsVersion = SrsVersion::V6;

    pub fn from_major(major: u64) -> Option<SrsVersion> {
        match major {
            3 => Some(SrsVersion::V3),
            4 => Some(SrsVersion::V4),
            5 => Some(SrsVersion::V5),
            6 => Some(SrsVersion::V6),
            7 => Some(SrsVersion::V7),
            _ => None,
        }
    }

    pub fn major(self) -> u8 {
        self as u8
    }

    /// From v6.0.135 (#4042) a directive must end on the line it starts.
    pub fn rejects_multiline(self) -> bool {
        self >= SrsVersion::V6
    }

    /// `include` exists since v5.0.23 (#2878).
    pub fn supports_include(self) -> bool {
        self >= SrsVersion::V5
    }

    /// `SRS_*` environment variables override the config since 5.0.
    pub fn reads_env(self) -> bool {
        self >= SrsVersion::V5
    }

    fn bit(self) -> u8 {
        1 << (self as u8 - 3)
    }
}

impl From<SrsVersion> for u8 {
    fn from(v: SrsVersion) -> u8 {
        v.major()
    }
}

impl TryFrom<u8> for SrsVersion {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        SrsVersion::from_major(u64::from(v)).ok_or_else(|| format!("unknown SRS version {v}; expected 3, 4, 5, 6 or 7"))
    }
}

impl fmt::Display for SrsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.0", self.major())
    }
}

/// A set of SRS versions, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionSet(pub u8);

impl VersionSet {
    pub fn contains(self, v: SrsVersion) -> bool {
        self.0 & v.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn first(self) -> Option<SrsVersion> {
        SrsVersion::ALL.into_iter().find(|v| self.contains(*v))
    }

    /// The first version after `v` that no longer has it, when it had it before.
    pub fn removed_after(self, v: SrsVersion) -> Option<SrsVersion> {
        let mut seen = false;
        for x in SrsVersion::ALL {
            if self.contains(x) {
                seen = true;
            } else if seen && x <= v {
                return Some(x);
            }
        }
        None
    }
}

/// The shape of a directive's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgKind {
    /// A block `{ … }`; some take arguments too (`vhost NAME {`).
    Block,
    /// `on` or `off`.
    Flag,
    Integer,
    /// A decimal number (seconds, ratios).
    Number,
    /// `[ip:]port`.
    Endpoint,
    /// Free text.
    Text,
    /// The reference does not say.
    Any,
}

#[derive(Debug)]
pub struct DirectiveDef {
    pub name: &'static str,
    pub kind: ArgKind,
    /// Takes a list of values rather than one.
    pub variadic: bool,
    pub default: Option<&'static str>,
    /// The versions whose SRS accepts it here.
    pub known_in: VersionSet,
    /// `SRS_*` variables that override it (5.0+).
    pub env: &'static [&'static str],
}

#[derive(Debug)]
pub struct ContextDef {
    /// `root`, `vhost`, `vhost.cluster`, `http_api.raw_api`, …
    pub key: &'static str,
    /// Versions whose `srs -t` rejects unknown names in this block.
    pub validated_in: VersionSet,
    pub directives: &'static [DirectiveDef],
}

impl ContextDef {
    pub fn get(&self, name: &str) -> Option<&'static DirectiveDef> {
        self.directives.iter().find(|d| d.name == name)
    }

    pub fn is_validated(&self, v: SrsVersion) -> bool {
        self.validated_in.contains(v)
    }

    /// The names accepted here by version `v`.
    pub fn names_in(&self, v: SrsVersion) -> impl Iterator<Item = &'static str> {
        self.directives
            .iter()
            .filter(move |d| d.known_in.contains(v))
            .map(|d| d.name)
    }
}

pub fn contexts() -> &'static [ContextDef] {
    table::CONTEXTS
}

pub fn context(key: &str) -> Option<&'static ContextDef> {
    table::CONTEXTS.iter().find(|c| c.key == key)
}

/// The context key of a block named `name` inside context `parent`.
pub fn child_key(parent: &str, name: &str) -> String {
    if parent == "root" {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// Where else a name is accepted by version `v` (for "belongs in" messages).
pub fn contexts_with(name: &str, v: SrsVersion) -> Vec<&'static str> {
    table::CONTEXTS
        .iter()
        .filter(|c| c.get(name).is_some_and(|d| d.known_in.contains(v)))
        .map(|c| c.key)
        .collect()
}

/// True when any block of any version knows this name, or a name a typo
/// away from one (`max_conections`).
pub fn is_known_name(name: &str) -> bool {
    let all = || table::CONTEXTS.iter().flat_map(|c| c.directives.iter().map(|d| d.name));
    all().any(|n| n == name)
        || (name.len() >= 6 && name.contains('_') && all().any(|n| strsim::damerau_levenshtein(n, name) <= 2))
}

/// Human name of a context: `the top level`, `vhost.cluster`, …
pub fn describe_context(key: &str) -> String {
    if key == "root" {
        "the top level".to_string()
    } else {
        format!("`{key}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_knows_cluster_keys_per_version() {
        let c = context("vhost.cluster").unwrap();
        assert!(c.is_validated(SrsVersion::V3));
        let proto = c.get("protocol").unwrap();
        assert!(!proto.known_in.contains(SrsVersion::V4));
        assert!(proto.known_in.contains(SrsVersion::V5));
        assert!(c.get("coworkers").unwrap().variadic);
        let root = context("root").unwrap();
        assert_eq!(root.get("max_connections").unwrap().default, Some("1000"));
        assert_eq!(root.get("listen").unwrap().kind, ArgKind::Endpoint);
        assert!(root.get("rtc_server").unwrap().known_in.first() == Some(SrsVersion::V4));
    }

    #[test]
    fn removed_after() {
        let s = VersionSet(0b00011); // 3 and 4
        assert_eq!(s.removed_after(SrsVersion::V6), Some(SrsVersion::V5));
        assert_eq!(s.removed_after(SrsVersion::V4), None);
    }
}
