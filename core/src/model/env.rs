//! The `SRS_*` environment of an SRS container, and the effective config:
//! the config's directives with that environment applied, as SRS reads them.
//!
//! From 5.0 most of SRS's getters first look at an environment variable
//! named after the directive's dotted path, upper-cased with `.` → `_`
//! (`srs.vhost.hls.hls_path` → `SRS_VHOST_HLS_HLS_PATH`), and read the config
//! only when it is not set (`srs-semantics.md` §1). The names come from the
//! directive table (`crate::schema`, generated from `srs-directives.json`).
//! [`apply`] writes each override into a copy of the config's tree, so
//! whoever reads directives afterwards (the model, the deployment checks)
//! reads what SRS reads, and every word an override puts there carries the
//! span of the env entry's `value` in the manifest: a finding about it points
//! at that entry.
//!
//! What is applied, and what is assumed where the reference is silent:
//! - Only literal `value`s. A `valueFrom`, or an `envFrom` that may set any
//!   name, makes the variable [`Env::Unknown`]: nothing is applied, and
//!   checks that depend on it stay silent.
//! - An empty value counts as unset (as `launch` treats `SRS_CONFIG_FILE`;
//!   the reference does not say).
//! - Kubernetes keeps the last `env` entry of a name.
//! - Overrides of `vhost.*` apply to every vhost (§1). A block the config
//!   lacks is created for the override, since the getter reads the variable
//!   whatever the config has.
//! - Directives that take a list (`listen`, the hook URLs) are split on
//!   spaces, as `SRS_LISTEN` is (§1) and as 7.0.2 does for every list.
//! - When two names override one directive (`SRS_LOG_TANK`,
//!   `SRS_SRS_LOG_TANK`), the reference does not say which SRS prefers; the
//!   first in the table's order is applied.
//! - 3.0 reads no variables; 4.0 only `SRS_SERVER_ID` (§1). An unknown
//!   version is read as [`SrsVersion::DEFAULT`].
//! - An env-only SRS (`-e`, `SRS_ENV_ONLY`) starts from an empty config. The
//!   reference does not say which vhosts it has; the model gives it
//!   `__defaultVhost__`, the vhost every request falls back to, so that
//!   `SRS_VHOST_*` variables have a vhost to apply to, and no `listen`
//!   unless `SRS_LISTEN` sets one.

use super::graph::Location;
use crate::conf::{Block, Directive, Word};
use crate::hash::{HashMap, HashSet};
use crate::k8s::path;
use crate::schema::{self, DirectiveDef, SrsVersion};
use crate::source::Span;
use crate::yaml::Node;
use serde::Serialize;
use std::sync::OnceLock;

/// Variables SRS reads that override no directive, with where the reference
/// says so. Nothing else outside the directive table is accepted: the
/// reference lists no other.
pub const OTHER_NAMES: [(&str, &str); 2] = [
    (
        "SRS_CONFIG_FILE",
        "the config file to read instead of `-c` (full.conf: \"Overwrite by env SRS_CONFIG_FILE\")",
    ),
    (
        "SRS_ENV_ONLY",
        "read no config file, only variables (`srs-semantics.md` §1, 5.0.85+)",
    ),
];

/// One `env` entry of a container whose name starts with `SRS_`.
#[derive(Clone, Debug)]
pub struct EnvVar {
    pub name: String,
    /// The literal value; `None` for `valueFrom` (or no value at all).
    pub value: Option<String>,
    /// Set from `valueFrom`: SRS sees a value srs-check cannot.
    pub value_from: bool,
    /// The entry's `name` node.
    pub name_span: Span,
    /// The entry's `value` node (quotes included), else the entry.
    pub value_span: Span,
}

/// The `SRS_*` variables of a container, as the manifest sets them.
#[derive(Clone, Debug, Default)]
pub struct ContainerEnv {
    /// In the order written.
    pub vars: Vec<EnvVar>,
    /// The container has `envFrom`: any variable not in `env` may come from there.
    pub env_from: bool,
    /// The version whose rules apply: the image's, else the default.
    pub version: Option<SrsVersion>,
}

/// A variable as SRS sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env<'a> {
    /// Not set, set empty, or not read by this version.
    Unset,
    /// A literal value, and the span of its `value` node.
    Value(&'a str, Span),
    /// From `valueFrom`, or possibly from `envFrom`.
    Unknown,
}

impl ContainerEnv {
    /// Reads the `env` of `container`; `node` is its YAML mapping (for
    /// spans) and `fallback` is where to point without one.
    pub fn read(
        container: &crate::k8s::slim::Container,
        node: Option<Node<'_>>,
        fallback: Span,
        version: Option<SrsVersion>,
    ) -> ContainerEnv {
        let span_at = |steps: &[&str]| node.and_then(|n| path::at(n, steps)).map(|n| n.span);
        let vars = container
            .env
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, e)| e.name.starts_with("SRS_"))
            .map(|(i, e)| {
                let i = i.to_string();
                let entry = span_at(&["env", &i]).unwrap_or(fallback);
                EnvVar {
                    name: e.name.to_string(),
                    value: e.value.as_ref().map(ToString::to_string),
                    value_from: e.value_from.is_some(),
                    name_span: span_at(&["env", &i, "name"]).unwrap_or(entry),
                    value_span: span_at(&["env", &i, "value"]).unwrap_or(entry),
                }
            })
            .collect();
        ContainerEnv {
            vars,
            env_from: container.env_from.as_ref().is_some_and(|f| !f.is_empty()),
            version,
        }
    }

    /// The version whose rules apply.
    pub fn effective_version(&self) -> SrsVersion {
        self.version.unwrap_or(SrsVersion::DEFAULT)
    }

    /// Whether this container's SRS reads the variable `name` at all.
    pub fn reads(&self, name: &str) -> bool {
        let v = self.effective_version();
        v.reads_env() || (v == SrsVersion::V4 && name == "SRS_SERVER_ID")
    }

    /// The variable `name` as SRS sees it: the last entry of that name wins;
    /// without one, an `envFrom` might set it.
    pub fn get(&self, name: &str) -> Env<'_> {
        if !self.reads(name) {
            return Env::Unset;
        }
        match self.vars.iter().rev().find(|v| v.name == name) {
            Some(v) if v.value_from => Env::Unknown,
            Some(v) => match v.value.as_deref() {
                Some(value) if !value.is_empty() => Env::Value(value, v.value_span),
                _ => Env::Unset,
            },
            None if self.env_from => Env::Unknown,
            None => Env::Unset,
        }
    }

    /// Whether some variable SRS reads and srs-check cannot see may override
    /// a directive whose env name `matches`.
    pub fn unknown(&self, matches: impl Fn(&str) -> bool) -> bool {
        if !self.effective_version().reads_env() {
            return false;
        }
        self.env_from || self.vars.iter().any(|v| v.value_from && matches(&v.name))
    }

    /// The entries that are the last of their name (the ones Kubernetes keeps).
    pub fn effective_vars(&self) -> impl Iterator<Item = &EnvVar> {
        self.vars
            .iter()
            .enumerate()
            .filter(|(i, v)| !self.vars[i + 1..].iter().any(|w| w.name == v.name))
            .map(|(_, v)| v)
    }
}

/// The directive a variable overrides.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The context key: `root`, `vhost.hls`, `http_api.https`, …
    pub context: &'static str,
    pub def: &'static DirectiveDef,
}

impl Target {
    /// The dotted path: `vhost.hls.enabled`, `listen`.
    pub fn path(&self) -> String {
        if self.context == "root" {
            self.def.name.to_string()
        } else {
            format!("{}.{}", self.context, self.def.name)
        }
    }
}

fn targets() -> &'static HashMap<&'static str, Target> {
    static TARGETS: OnceLock<HashMap<&'static str, Target>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        let mut map = HashMap::default();
        for c in schema::contexts() {
            for def in c.directives {
                for name in def.env {
                    map.entry(*name).or_insert(Target { context: c.key, def });
                }
            }
        }
        map
    })
}

/// The directive the variable `name` overrides, when it overrides one.
pub fn target(name: &str) -> Option<Target> {
    targets().get(name).copied()
}

/// Whether SRS (5.0+) reads the variable `name`.
pub fn is_read(name: &str) -> bool {
    target(name).is_some() || OTHER_NAMES.iter().any(|(n, _)| *n == name)
}

/// Every variable name SRS reads, sorted.
pub fn names() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = targets()
        .keys()
        .copied()
        .chain(OTHER_NAMES.iter().map(|(n, _)| *n))
        .collect();
    all.sort_unstable();
    all
}

/// An override the model applied to a server's config.
#[derive(Clone, Debug, Serialize)]
pub struct EnvOverride {
    pub name: String,
    pub value: String,
    /// The dotted path of the directive it replaces (`vhost.hls.enabled`).
    pub directive: String,
    /// The entry's `value` node.
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub location: Option<Location>,
}

/// The config SRS runs: `base` with every literal override of `env`
/// applied, and what was applied. `None` for the tree when nothing applies,
/// so that a container without overrides costs no copy.
pub fn apply(
    base: &[Directive],
    env: &ContainerEnv,
    locate: &dyn Fn(Span) -> Option<Location>,
) -> (Option<Vec<Directive>>, Vec<EnvOverride>) {
    let mut tree: Option<Vec<Directive>> = None;
    let mut applied = Vec::new();
    let mut done: HashSet<(&str, &str)> = HashSet::default();
    for var in env.effective_vars() {
        let Some(t) = target(&var.name) else { continue };
        if !done.insert((t.context, t.def.name)) {
            continue;
        }
        // The first name of the directive that has a value wins.
        let Some((name, value, span)) = t.def.env.iter().find_map(|n| match env.get(n) {
            Env::Value(v, span) => Some((*n, v, span)),
            _ => None,
        }) else {
            continue;
        };
        let words: Vec<Word> = if t.def.variadic {
            value.split_whitespace().map(|w| word(w, span)).collect()
        } else {
            vec![word(value, span)]
        };
        let path: Vec<&str> = if t.context == "root" {
            Vec::new()
        } else {
            t.context.split('.').collect()
        };
        set(
            tree.get_or_insert_with(|| base.to_vec()),
            &path,
            t.def.name,
            &words,
            span,
            true,
        );
        applied.push(EnvOverride {
            name: name.to_string(),
            value: value.to_string(),
            directive: t.path(),
            span,
            location: locate(span),
        });
    }
    (tree, applied)
}

/// The tree an env-only SRS starts from (see the module docs).
pub fn env_only_base(span: Span) -> Vec<Directive> {
    vec![Directive {
        name: word("vhost", span),
        args: vec![word(super::srs::DEFAULT_VHOST, span)],
        block: Some(Box::new(Block {
            open: span,
            close: None,
            children: Vec::new(),
        })),
        span,
    }]
}

fn word(text: &str, span: Span) -> Word {
    Word {
        text: text.into(),
        span,
        quote: None,
    }
}

/// Sets directive `name` below the blocks of `path` in `list`.
fn set(list: &mut Vec<Directive>, path: &[&str], name: &str, words: &[Word], span: Span, root: bool) {
    let Some((first, rest)) = path.split_first() else {
        match list.iter_mut().find(|d| d.name.text == name) {
            Some(d) => {
                d.args = words.to_vec();
                d.block = None;
            }
            None => list.push(Directive {
                name: word(name, span),
                args: words.to_vec(),
                block: None,
                span,
            }),
        }
        return;
    };
    if root && *first == "vhost" {
        for v in list.iter_mut().filter(|d| d.name.text == "vhost") {
            set(&mut block_of(v, span).children, rest, name, words, span, false);
        }
        return;
    }
    // A root `http_stream` is SRS's old name of `http_server` (`getters::http_server`).
    let found = list
        .iter()
        .position(|d| d.name.text == *first || (root && *first == "http_server" && d.name.text == "http_stream"));
    let at = found.unwrap_or_else(|| {
        list.push(Directive {
            name: word(first, span),
            args: Vec::new(),
            block: None,
            span,
        });
        list.len() - 1
    });
    set(
        &mut block_of(&mut list[at], span).children,
        rest,
        name,
        words,
        span,
        false,
    );
}

fn block_of(d: &mut Directive, span: Span) -> &mut Block {
    d.block.get_or_insert_with(|| {
        Box::new(Block {
            open: span,
            close: None,
            children: Vec::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::getters;
    use crate::conf::parser::parse;
    use crate::source::FileId;

    fn env(vars: &[(&str, Option<&str>)], version: Option<SrsVersion>) -> ContainerEnv {
        ContainerEnv {
            vars: vars
                .iter()
                .enumerate()
                .map(|(i, (n, v))| EnvVar {
                    name: (*n).to_string(),
                    value: v.map(str::to_string),
                    value_from: v.is_none(),
                    name_span: Span::new(FileId(1), i * 10, i * 10 + 3),
                    value_span: Span::new(FileId(1), i * 10 + 5, i * 10 + 8),
                })
                .collect(),
            env_from: false,
            version,
        }
    }

    fn effective(conf: &str, e: &ContainerEnv) -> (Vec<Directive>, Vec<EnvOverride>) {
        let base = parse(FileId(0), conf, SrsVersion::V6).directives;
        let (tree, applied) = apply(&base, e, &|_| None);
        (tree.unwrap_or(base), applied)
    }

    #[test]
    fn names_come_from_the_table() {
        let t = target("SRS_VHOST_HLS_HLS_PATH").unwrap();
        assert_eq!(t.path(), "vhost.hls.hls_path");
        assert_eq!(target("SRS_LISTEN").unwrap().path(), "listen");
        assert_eq!(target("SRS_SRS_LOG_TANK").unwrap().path(), "srs_log_tank");
        assert!(is_read("SRS_ENV_ONLY") && is_read("SRS_CONFIG_FILE"));
        assert!(!is_read("SRS_HLS_ENABLED"));
        assert!(names().len() > 200);
    }

    #[test]
    fn overrides_replace_create_and_reach_every_vhost() {
        let e = env(
            &[
                ("SRS_LISTEN", Some("1935 19350")),
                ("SRS_HTTP_API_ENABLED", Some("off")),
                ("SRS_VHOST_HLS_ENABLED", Some("on")),
                ("SRS_MAX_CONNECTIONS", Some("")),
                ("SRS_DAEMON", None),
            ],
            Some(SrsVersion::V5),
        );
        let (tree, applied) = effective(
            "listen 1935;\nhttp_api { enabled on; }\nvhost a { hls { enabled off; } }\nvhost b { }\n",
            &e,
        );
        let listen = getters::first(&tree, "listen").unwrap();
        assert_eq!(
            listen.args.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["1935", "19350"]
        );
        assert_eq!(listen.args[0].span.file, FileId(1));
        assert_eq!(getters::child(&tree, "http_api", "enabled").unwrap().arg0(), "off");
        for v in tree.iter().filter(|d| d.name.text == "vhost") {
            assert_eq!(v.get("hls").and_then(|h| h.get("enabled")).unwrap().arg0(), "on");
        }
        // Empty and `valueFrom` values are not applied.
        assert!(getters::first(&tree, "max_connections").is_none());
        assert!(getters::first(&tree, "daemon").is_none());
        assert_eq!(
            applied.iter().map(|a| a.directive.as_str()).collect::<Vec<_>>(),
            ["listen", "http_api.enabled", "vhost.hls.enabled"]
        );
        assert_eq!(e.get("SRS_DAEMON"), Env::Unknown);
        assert_eq!(e.get("SRS_MAX_CONNECTIONS"), Env::Unset);
    }

    #[test]
    fn versions_and_old_names() {
        let e = env(&[("SRS_MAX_CONNECTIONS", Some("10"))], Some(SrsVersion::V4));
        let (tree, applied) = effective("max_connections 5;\n", &e);
        assert!(applied.is_empty());
        assert_eq!(getters::first(&tree, "max_connections").unwrap().arg0(), "5");
        let e = env(&[("SRS_SERVER_ID", Some("x"))], Some(SrsVersion::V4));
        assert_eq!(effective("", &e).1.len(), 1);
        let e = env(&[("SRS_HTTP_SERVER_LISTEN", Some("8081"))], None);
        let (tree, _) = effective("http_stream { enabled on; }\n", &e);
        assert_eq!(tree.len(), 1);
        assert_eq!(
            getters::http_server(&tree).unwrap().get("listen").unwrap().arg0(),
            "8081"
        );
        // The last entry of a name wins.
        let e = env(&[("SRS_DAEMON", Some("on")), ("SRS_DAEMON", Some("off"))], None);
        assert_eq!(getters::first(&effective("", &e).0, "daemon").unwrap().arg0(), "off");
    }

    #[test]
    fn env_only_has_the_default_vhost() {
        let e = env(&[("SRS_VHOST_HLS_HLS_PATH", Some("/data"))], None);
        let base = env_only_base(Span::new(FileId(1), 0, 0));
        let (tree, _) = apply(&base, &e, &|_| None);
        let tree = tree.unwrap();
        assert_eq!(tree[0].arg0(), "__defaultVhost__");
        assert_eq!(tree[0].get("hls").unwrap().get("hls_path").unwrap().arg0(), "/data");
    }
}
