//! Project settings from `.srs-check.toml`: the SRS version, checks to turn
//! off and severities to change. The CLI finds the file; the browser has a
//! settings panel that produces the same value.

use crate::checks::registry;
use crate::diagnostic::Severity;
use crate::schema::SrsVersion;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FILE_NAME: &str = ".srs-check.toml";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The SRS major version the configs are for (3–7).
    pub srs_version: Option<SrsVersion>,
    /// Where relative `include` paths resolve (SRS's working directory),
    /// relative to the settings file.
    pub include_base: Option<String>,
    #[serde(default)]
    pub checks: CheckSettings,
    #[serde(default)]
    pub hosts: HostSettings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostSettings {
    /// Host names outside the manifests that configs may name (a CDN, an
    /// origin in another cluster): not reported as unknown.
    #[serde(default)]
    pub external: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckSettings {
    /// Codes or names of checks to turn off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Code or name → `error`, `warning` or `info`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

/// A problem in the settings file, with the byte range it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Settings with names resolved to checks.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub disabled: Vec<&'static str>,
    pub severity: Vec<(&'static str, Severity)>,
    /// Lower-case host names declared external.
    pub external_hosts: Vec<String>,
}

impl Resolved {
    pub fn is_disabled(&self, code: &str) -> bool {
        self.disabled.contains(&code)
    }

    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
    }
}

impl Settings {
    pub fn parse(text: &str) -> Result<Settings, SettingsError> {
        toml::from_str(text).map_err(|e| SettingsError {
            message: e.message().to_string(),
            span: e.span(),
        })
    }

    /// Checks that every code and severity named exists.
    pub fn resolve(&self) -> Result<Resolved, SettingsError> {
        let mut out = Resolved {
            external_hosts: self.hosts.external.iter().map(|h| h.to_ascii_lowercase()).collect(),
            ..Resolved::default()
        };
        let unknown = |what: &str| SettingsError {
            message: format!("unknown check `{what}` (see `srs-check checks`)"),
            span: None,
        };
        for d in &self.checks.disable {
            out.disabled.push(registry::find(d).ok_or_else(|| unknown(d))?.code);
        }
        for (k, v) in &self.checks.severity {
            let code = registry::find(k).ok_or_else(|| unknown(k))?.code;
            let sev = Severity::parse(v).ok_or_else(|| SettingsError {
                message: format!("unknown severity `{v}` for `{k}`: use error, warning or info"),
                span: None,
            })?;
            out.severity.push((code, sev));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_resolves() {
        let s = Settings::parse(
            "srs-version = 5\n[checks]\ndisable = [\"duplicate-directive\"]\nseverity = { SRS105 = \"error\" }\n",
        )
        .unwrap();
        assert_eq!(s.srs_version, Some(SrsVersion::V5));
        let r = s.resolve().unwrap();
        assert!(r.is_disabled("SRS108"));
        assert_eq!(r.severity_of("SRS105"), Some(Severity::Error));
    }

    #[test]
    fn errors_have_locations() {
        let e = Settings::parse("srs-version = 9\n").unwrap_err();
        assert!(e.message.contains("unknown SRS version"), "{e:?}");
        assert!(e.span.is_some());
        assert!(Settings::parse("colour = 1").is_err());
        let e = Settings::parse("[checks]\ndisable = [\"SRS999\"]")
            .unwrap()
            .resolve()
            .unwrap_err();
        assert!(e.message.contains("SRS999"));
    }
}
