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

    /// The settings as `.srs-check.toml` text that [`Settings::parse`] reads
    /// back to the same value (the browser playground keeps its settings
    /// panel in this form). Empty for the defaults.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        if let Some(v) = self.srs_version {
            out.push_str(&format!("srs-version = {}\n", v.major()));
        }
        if let Some(base) = &self.include_base {
            out.push_str(&format!("include-base = {}\n", toml_string(base)));
        }
        let checks = &self.checks;
        if !checks.disable.is_empty() || !checks.severity.is_empty() {
            out.push_str("\n[checks]\n");
            if !checks.disable.is_empty() {
                out.push_str(&format!("disable = {}\n", toml_list(&checks.disable)));
            }
            if !checks.severity.is_empty() {
                out.push_str("\n[checks.severity]\n");
                for (k, v) in &checks.severity {
                    out.push_str(&format!("{} = {}\n", toml_string(k), toml_string(v)));
                }
            }
        }
        if !self.hosts.external.is_empty() {
            out.push_str(&format!("\n[hosts]\nexternal = {}\n", toml_list(&self.hosts.external)));
        }
        out
    }

    /// Whether the check (by code) runs: no entry of `checks.disable`,
    /// by code or by name, names it.
    pub fn is_enabled(&self, code: &str) -> bool {
        !self.checks.disable.iter().any(|d| names_check(d, code))
    }

    /// Turns a check on or off, dropping every entry that names it and
    /// adding its code when off.
    pub fn set_enabled(&mut self, code: &str, enabled: bool) {
        self.checks.disable.retain(|d| !names_check(d, code));
        if !enabled {
            self.checks.disable.push(code.to_string());
        }
    }

    /// The severity the settings give the check, when they change it (of two
    /// entries that name it, the first in key order wins, as in
    /// [`Resolved::severity_of`]).
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        self.checks
            .severity
            .iter()
            .filter(|(k, _)| names_check(k, code))
            .find_map(|(_, v)| Severity::parse(v))
    }

    /// Sets (or with `None`, removes) the check's severity override.
    pub fn set_severity(&mut self, code: &str, severity: Option<Severity>) {
        self.checks.severity.retain(|k, _| !names_check(k, code));
        if let Some(s) = severity {
            self.checks.severity.insert(code.to_string(), s.as_str().to_string());
        }
    }

    /// The lint options these settings give where nothing overrides them
    /// (the browser playground; the CLI adds its flags).
    pub fn lint_options(&self) -> Result<crate::LintOptions, SettingsError> {
        Ok(crate::LintOptions {
            version: self.srs_version,
            include_base: self.include_base.clone(),
            namespace: None,
            settings: self.resolve()?,
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

/// `entry` (a code or a name, any case) names the check `code`.
fn names_check(entry: &str, code: &str) -> bool {
    registry::find(entry).is_some_and(|m| m.code == code)
}

/// A TOML basic string: `"` and `\\` and control characters escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
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
    fn checks_are_turned_off_and_rated_by_code_or_name() {
        let mut s =
            Settings::parse("[checks]\ndisable = [\"glued-hosts\"]\nseverity = { unknown-host = \"warning\" }\n")
                .unwrap();
        assert!(!s.is_enabled("SRS307"));
        assert!(s.is_enabled("SRS501"));
        assert_eq!(s.severity_override("SRS501"), Some(Severity::Warning));
        assert_eq!(s.severity_override("SRS307"), None);
        s.set_enabled("SRS307", true);
        assert!(s.is_enabled("SRS307") && s.checks.disable.is_empty());
        s.set_enabled("SRS108", false);
        s.set_enabled("SRS108", false);
        assert_eq!(s.checks.disable, ["SRS108"]);
        s.set_severity("SRS501", Some(Severity::Info));
        assert_eq!(s.checks.severity.len(), 1);
        assert_eq!(s.severity_override("SRS501"), Some(Severity::Info));
        s.set_severity("SRS501", None);
        assert!(s.checks.severity.is_empty());
        let r = s.resolve().unwrap();
        assert!(r.is_disabled("SRS108") && !r.is_disabled("SRS307"));
    }

    #[test]
    fn toml_text_reads_back_to_the_same_settings() {
        assert_eq!(Settings::default().to_toml(), "");
        let mut s = Settings {
            srs_version: Some(SrsVersion::V6),
            include_base: Some("/usr/local/srs".into()),
            ..Settings::default()
        };
        s.checks.disable = vec!["SRS108".into(), "glued-hosts".into()];
        s.checks.severity.insert("SRS105".into(), "error".into());
        s.checks.severity.insert("unknown-host".into(), "info".into());
        s.hosts.external = vec!["cdn.example.com".into(), "odd\"name\\\n\u{1}".into()];
        let text = s.to_toml();
        assert_eq!(Settings::parse(&text), Ok(s.clone()), "{text}");
        assert!(s.resolve().is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_host_names_round_trip(hosts in proptest::collection::vec("\\PC{0,30}", 0..4), base in proptest::option::of("\\PC{0,30}")) {
            let s = Settings { include_base: base, hosts: HostSettings { external: hosts }, ..Settings::default() };
            proptest::prop_assert_eq!(Settings::parse(&s.to_toml()), Ok(s));
        }
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
