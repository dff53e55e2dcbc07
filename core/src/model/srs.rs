//! The SRS server a container runs: what its config makes it (origin, edge
//! or standalone), where it listens, and every host its config names. Values
//! are read the way SRS's getters read them (`checks::getters`,
//! `checks::cluster::settings`).

use super::env::EnvOverride;
use super::graph::{HostUse, Location};
use crate::checks::cluster::settings::{HttpApi, VhostCluster};
use crate::checks::getters;
use crate::conf::{Directive, LoadedConfig, Word};
use crate::hash::HashSet;
use crate::schema::SrsVersion;
use crate::source::{FileId, Span};
use crate::values;
use serde::Serialize;
use std::net::IpAddr;

/// What a vhost (or a server) is in a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `origin_cluster on` in a vhost that is not an edge.
    Origin,
    /// `mode remote`.
    Edge,
    /// Neither.
    Standalone,
    /// A server whose vhosts differ and that has no `__defaultVhost__`.
    Mixed,
}

/// `http_server.listen`'s default.
pub const DEFAULT_HTTP_SERVER_PORT: u16 = 8080;
/// `max_connections`' default.
pub const DEFAULT_MAX_CONNECTIONS: i32 = 1000;
/// The name of the vhost that serves requests for any other name.
pub const DEFAULT_VHOST: &str = "__defaultVhost__";

/// A host as a config writes it.
#[derive(Clone, Debug, Serialize)]
pub struct HostRef {
    #[serde(rename = "use")]
    pub usage: HostUse,
    /// The word as written (`srs-origin-1.socs:1985`, `http://hooks:8085/api`).
    pub text: String,
    /// The host part (no port, no scheme).
    pub host: String,
    /// The port as written, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub location: Option<Location>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Listen {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    pub port: u16,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct HttpApiInfo {
    /// `enabled on` (off by default).
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// The port it listens on (1985 by default).
    pub port: u16,
    /// The `listen` word, when written.
    #[serde(skip)]
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HttpServerInfo {
    pub enabled: bool,
    pub port: u16,
    /// `dir`: where it serves files from (`./objs/nginx/html` by default).
    pub dir: String,
    /// The `listen` word, when written.
    #[serde(skip)]
    pub span: Option<Span>,
}

/// `http_server.dir`'s default.
pub const DEFAULT_HTTP_SERVER_DIR: &str = "./objs/nginx/html";

#[derive(Clone, Debug, Serialize)]
pub struct Vhost {
    pub name: String,
    pub role: Role,
    /// `origin_cluster on` (even in an edge, where SRS ignores it).
    pub origin_cluster: bool,
    /// `cluster.protocol`: how an edge pulls (`rtmp`, `flv`, `flvs`).
    pub protocol: String,
    /// The `coworkers` SRS reads, in order.
    pub coworkers: Vec<HostRef>,
    /// The `origin` list SRS reads, in order.
    pub origins: Vec<HostRef>,
    /// `forward` destinations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forwards: Vec<HostRef>,
    /// `http_hooks` callback URLs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<HostRef>,
    /// The vhost's name word.
    #[serde(skip)]
    pub span: Span,
}

/// An SRS server: a config as one container runs it.
#[derive(Clone, Debug, Serialize)]
pub struct SrsServer {
    /// The config's top file (an embedded file for a ConfigMap key).
    #[serde(skip)]
    pub file: FileId,
    /// Index into [`crate::LintResult::configs`]; `None` for an env-only server.
    #[serde(skip)]
    pub config_index: Option<usize>,
    /// Index into [`super::Deployment::effective`] when `SRS_*` variables
    /// changed the config (see [`super::env`]).
    #[serde(skip)]
    pub effective: Option<usize>,
    pub configmap: String,
    pub key: String,
    /// The path SRS reads it from.
    pub path: String,
    /// From the container's image tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<SrsVersion>,
    /// The `__defaultVhost__`'s role, else the one role all vhosts share.
    pub role: Role,
    /// The RTMP `listen` addresses that parse.
    pub listen: Vec<Listen>,
    pub http_api: HttpApiInfo,
    pub http_server: HttpServerInfo,
    pub max_connections: i32,
    /// First of each name, in file order (SRS uses the first).
    pub vhosts: Vec<Vhost>,
    /// `heartbeat.url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heartbeat: Option<HostRef>,
    /// The container's `SRS_*` variables that replace config values (5.0+),
    /// already applied to every value above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env_overrides: Vec<EnvOverride>,
    /// `-e` or `SRS_ENV_ONLY`: no config file; variables and defaults only.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub env_only: bool,
}

impl SrsServer {
    /// Reads `config`; `locate` gives a span's place in the user's file.
    pub fn read(config: &LoadedConfig, locate: &dyn Fn(Span) -> Option<Location>) -> SrsServer {
        Self::read_tree(config.file, &config.directives, locate)
    }

    /// Reads a config tree whose top file is `file` (an effective config,
    /// see [`super::env`], keeps words from other files too).
    pub fn read_tree(file: FileId, root: &[Directive], locate: &dyn Fn(Span) -> Option<Location>) -> SrsServer {
        let host_ref = |usage: HostUse, word: &Word| host_ref(usage, word, locate);

        let listen = getters::first(root, "listen")
            .map(|d| {
                d.args
                    .iter()
                    .filter_map(|w| {
                        let e = values::parse_endpoint(&w.text).ok()?;
                        Some(Listen {
                            ip: e.ip,
                            port: e.port,
                            span: w.span,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();

        let api = HttpApi::of(root);
        let endpoint = api.endpoint();
        let http_api = HttpApiInfo {
            enabled: api.is_enabled(),
            ip: endpoint.as_ref().and_then(|e| e.ip),
            port: api.port(),
            span: api.listen.and_then(|d| d.args.first()).map(|w| w.span),
        };

        let http_server = getters::http_server(root);
        let http_listen = getters::value(http_server.and_then(|b| b.get("listen")));
        let http_server = HttpServerInfo {
            enabled: getters::flag(http_server.and_then(|b| b.get("enabled")), false),
            port: http_listen
                .and_then(|w| values::parse_endpoint(&w.text).ok())
                .map_or(DEFAULT_HTTP_SERVER_PORT, |e| e.port),
            dir: getters::value(http_server.and_then(|b| b.get("dir")))
                .map_or_else(|| DEFAULT_HTTP_SERVER_DIR.to_string(), |w| w.text.to_string()),
            span: http_listen.map(|w| w.span),
        };

        let max_connections = getters::value(getters::first(root, "max_connections"))
            .map_or(DEFAULT_MAX_CONNECTIONS, |w| getters::atoi_int(&w.text));

        let mut seen = HashSet::default();
        let vhosts: Vec<Vhost> = VhostCluster::all(root)
            .filter(|vc| seen.insert(vc.vhost.arg0()))
            .map(|vc| {
                let role = if vc.edge_mode().is_some() {
                    Role::Edge
                } else if vc.origin_cluster_active().is_some() {
                    Role::Origin
                } else {
                    Role::Standalone
                };
                let words = |d: Option<&Directive>, usage| -> Vec<HostRef> {
                    d.map(|d| d.args.iter().map(|w| host_ref(usage, w)).collect())
                        .unwrap_or_default()
                };
                Vhost {
                    name: vc.vhost.arg0().to_string(),
                    role,
                    origin_cluster: vc.origin_cluster_on().is_some(),
                    protocol: getters::value(vc.get("protocol")).map_or_else(|| "rtmp".into(), |w| w.text.to_string()),
                    coworkers: words(vc.coworkers(), HostUse::Coworker),
                    origins: words(vc.get("origin"), HostUse::Origin),
                    forwards: forwards(vc.vhost)
                        .into_iter()
                        .map(|w| host_ref(HostUse::Forward, w))
                        .collect(),
                    hooks: vc
                        .vhost
                        .get("http_hooks")
                        .map(|h| {
                            h.children()
                                .iter()
                                .filter(|d| d.name.text.starts_with("on_"))
                                .flat_map(|d| &d.args)
                                .map(|w| host_ref(HostUse::Hook, w))
                                .collect()
                        })
                        .unwrap_or_default(),
                    span: vc.vhost.args.first().map_or(vc.vhost.name.span, |w| w.span),
                }
            })
            .collect();

        let role = if let Some(v) = vhosts.iter().find(|v| v.name == DEFAULT_VHOST) {
            v.role
        } else {
            let mut roles = vhosts.iter().map(|v| v.role);
            match roles.next() {
                None => Role::Standalone,
                Some(first) if roles.all(|r| r == first) => first,
                Some(_) => Role::Mixed,
            }
        };

        let heartbeat =
            getters::value(getters::child(root, "heartbeat", "url")).map(|w| host_ref(HostUse::Heartbeat, w));

        SrsServer {
            file,
            config_index: None,
            effective: None,
            configmap: String::new(),
            key: String::new(),
            path: String::new(),
            version: None,
            role,
            listen,
            http_api,
            http_server,
            max_connections,
            vhosts,
            heartbeat,
            env_overrides: Vec::new(),
            env_only: false,
        }
    }

    /// Whether a variable replaced a directive whose path starts with
    /// `prefix` (`http_api`, `vhost.hls.`).
    pub fn overridden(&self, prefix: &str) -> bool {
        self.env_overrides.iter().any(|o| o.directive.starts_with(prefix))
    }

    /// Every host the config names, with the vhost it is named in.
    pub fn mentions(&self) -> impl Iterator<Item = (Option<&str>, &HostRef)> {
        self.vhosts
            .iter()
            .flat_map(|v| {
                v.coworkers
                    .iter()
                    .chain(&v.origins)
                    .chain(&v.forwards)
                    .chain(&v.hooks)
                    .map(move |h| (Some(v.name.as_str()), h))
            })
            .chain(self.heartbeat.iter().map(|h| (None, h)))
    }

    /// The vhost SRS uses for `name` (`__defaultVhost__` when there is no such vhost).
    pub fn vhost(&self, name: &str) -> Option<&Vhost> {
        self.vhosts
            .iter()
            .find(|v| v.name == name)
            .or_else(|| self.vhosts.iter().find(|v| v.name == DEFAULT_VHOST))
    }
}

/// The forward destinations: `forward { destination a b; }`, or the old
/// leaf `forward a b;` that SRS turns into it.
fn forwards(vhost: &Directive) -> Vec<&Word> {
    let Some(forward) = vhost.get("forward") else {
        return Vec::new();
    };
    if forward.is_block() {
        forward
            .get("destination")
            .map(|d| d.args.iter().collect())
            .unwrap_or_default()
    } else {
        forward.args.iter().collect()
    }
}

fn host_ref(usage: HostUse, word: &Word, locate: &dyn Fn(Span) -> Option<Location>) -> HostRef {
    let hp = values::parse_hostport(authority(&word.text));
    HostRef {
        usage,
        text: word.text.to_string(),
        host: hp.host,
        port: hp.port,
        span: word.span,
        location: locate(word.span),
    }
}

/// The `host[:port]` of a URL (`http://user@host:8085/api?x` → `host:8085`),
/// or the text itself when it has no scheme.
pub fn authority(text: &str) -> &str {
    let Some((_, rest)) = text.split_once("://") else {
        return text;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, host)| host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conf::parser::parse;

    fn server(src: &str) -> SrsServer {
        let directives = parse(FileId(0), src, SrsVersion::V6).directives;
        let config = LoadedConfig {
            file: FileId(0),
            directives,
            files: vec![FileId(0)],
        };
        SrsServer::read(&config, &|_| None)
    }

    #[test]
    fn roles_ports_and_hosts() {
        let s = server(
            "listen 1935 127.0.0.1:19350 x;\nhttp_api { enabled on; listen 9090; }\n\
             vhost __defaultVhost__ { cluster { origin_cluster on; coworkers a.socs:1985 b.socs; } }\n\
             vhost other { cluster { mode remote; origin o1 o2:19350; } forward a:1935; \
             http_hooks { enabled on; on_publish http://hooks.ns:8085/api/v1/streams; } }\n",
        );
        assert_eq!(s.role, Role::Origin);
        assert_eq!(s.listen.iter().map(|l| l.port).collect::<Vec<_>>(), [1935, 19350]);
        assert!(s.http_api.enabled);
        assert_eq!(s.http_api.port, 9090);
        assert!(!s.http_server.enabled);
        assert_eq!(s.max_connections, 1000);
        let v = &s.vhosts[0];
        assert_eq!(
            v.coworkers.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(),
            ["a.socs:1985", "b.socs"]
        );
        assert_eq!(v.coworkers[1].port, None);
        let e = s.vhost("other").unwrap();
        assert_eq!(e.role, Role::Edge);
        assert_eq!(e.origins[1].host, "o2");
        let hosts: Vec<&str> = s.mentions().map(|(_, h)| h.host.as_str()).collect();
        assert_eq!(hosts, ["a.socs", "b.socs", "o1", "o2", "a", "hooks.ns"]);
        assert_eq!(s.vhost("nope").unwrap().name, DEFAULT_VHOST);
    }

    #[test]
    fn server_role_without_default_vhost() {
        assert_eq!(server("listen 1935;\n").role, Role::Standalone);
        let s = server("vhost a { cluster { mode remote; } }\nvhost b { mode remote; }\n");
        assert_eq!(s.role, Role::Edge);
        let s = server("vhost a { cluster { mode remote; } }\nvhost b { }\n");
        assert_eq!(s.role, Role::Mixed);
    }

    #[test]
    fn url_authorities() {
        assert_eq!(authority("http://u:p@h:8085/api?x=1"), "h:8085");
        assert_eq!(authority("https://h"), "h");
        assert_eq!(authority("h:1935"), "h:1935");
    }
}
