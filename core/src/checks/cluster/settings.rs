//! The cluster settings of a vhost and the HTTP API, read the way SRS's
//! getters read them: the first directive of a name wins, flags follow
//! `SRS_CONF_PREFER_FALSE`, and the old vhost-level forms are moved into
//! `cluster` first, as `srs_config_transform_vhost` does at start-up.

use crate::checks::walk;
use crate::conf::{syntax, Directive};
use crate::values::{self, Endpoint};
use std::net::IpAddr;

/// Names `srs_config_transform_vhost` moves from the vhost into `cluster`.
/// It runs `cluster->get_or_create(name)->args = vhost_level.args` for each
/// vhost-level directive in turn, so the LAST vhost-level one overrides
/// whatever the first `cluster` block says.
const MOVED_INTO_CLUSTER: [&str; 5] = ["mode", "origin", "token_traverse", "vhost", "debug_srs_upnode"];

/// One top-level `vhost` block and what SRS reads from its `cluster`.
#[derive(Clone, Copy)]
pub struct VhostCluster<'a> {
    pub vhost: &'a Directive,
}

impl<'a> VhostCluster<'a> {
    /// Every top-level vhost, in file order.
    pub fn all(root: &'a [Directive]) -> impl Iterator<Item = VhostCluster<'a>> {
        walk::vhosts(root).map(|vhost| VhostCluster { vhost })
    }

    /// The directive SRS reads for `cluster.<name>` of this vhost.
    pub fn get(&self, name: &str) -> Option<&'a Directive> {
        if MOVED_INTO_CLUSTER.contains(&name) {
            let moved = self.vhost.children().iter().rev().find(|d| d.name.text == name);
            if moved.is_some() {
                return moved;
            }
        }
        self.vhost.get("cluster")?.get(name)
    }

    /// `mode remote`: the vhost is an edge (`get_vhost_is_edge`).
    pub fn edge_mode(&self) -> Option<&'a Directive> {
        self.get("mode").filter(|d| d.arg0() == "remote")
    }

    /// `origin_cluster on` (`get_vhost_origin_cluster`: only `on` is on).
    pub fn origin_cluster_on(&self) -> Option<&'a Directive> {
        self.get("origin_cluster")
            .filter(|d| values::read_flag(d.arg0(), false))
    }

    /// The origin cluster is in use: `origin_cluster on` in a vhost that is not
    /// an edge (`SrsRtmpConn::playing` asks coworkers only when `!info->edge`).
    pub fn origin_cluster_active(&self) -> Option<&'a Directive> {
        if self.edge_mode().is_some() {
            return None;
        }
        self.origin_cluster_on()
    }

    /// The `coworkers` SRS reads (`get_vhost_coworkers`: the first one).
    pub fn coworkers(&self) -> Option<&'a Directive> {
        self.get("coworkers")
    }
}

/// The top-level `http_api` as SRS reads it.
pub struct HttpApi<'a> {
    pub block: Option<&'a Directive>,
    /// `http_api.enabled`, the first one.
    pub enabled: Option<&'a Directive>,
    /// `http_api.listen`, the first one.
    pub listen: Option<&'a Directive>,
}

/// `http_api.listen`'s default.
pub const DEFAULT_API_PORT: u16 = 1985;

impl<'a> HttpApi<'a> {
    pub fn of(root: &'a [Directive]) -> HttpApi<'a> {
        let block = syntax::find(root, "http_api");
        HttpApi {
            block,
            enabled: block.and_then(|b| b.get("enabled")),
            listen: block.and_then(|b| b.get("listen")),
        }
    }

    /// `get_http_api_enabled`: off unless `enabled on`.
    pub fn is_enabled(&self) -> bool {
        self.enabled.is_some_and(|d| values::read_flag(d.arg0(), false))
    }

    /// The address SRS 6 binds (`get_http_api_listen` reads the first
    /// argument), when it is a valid endpoint.
    pub fn endpoint(&self) -> Option<Endpoint> {
        let listen = self.listen?;
        values::parse_endpoint(listen.args.first()?.text.as_str()).ok()
    }

    /// The port the API listens on, or the default.
    pub fn port(&self) -> u16 {
        self.endpoint().map_or(DEFAULT_API_PORT, |e| e.port)
    }
}

/// Whether a `host[:port]` names this machine: a loopback IP or `localhost`.
pub fn is_loopback_host(host_port: &str) -> bool {
    let host = values::parse_hostport(host_port).host;
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conf::parser::parse;
    use crate::schema::SrsVersion;
    use crate::source::FileId;

    fn tree(src: &str) -> Vec<Directive> {
        parse(FileId(0), src, SrsVersion::V6).directives
    }

    #[test]
    fn vhost_level_forms_override_the_cluster_block() {
        let t = tree("vhost v { cluster { mode local; origin_cluster on; } mode remote; }\n");
        let v = VhostCluster::all(&t).next().unwrap();
        assert!(v.edge_mode().is_some());
        assert!(v.origin_cluster_on().is_some());
        assert!(v.origin_cluster_active().is_none());

        let t = tree("vhost v { mode remote; mode local; cluster { mode remote; } }\n");
        let v = VhostCluster::all(&t).next().unwrap();
        assert!(v.edge_mode().is_none(), "the last vhost-level `mode` wins");
    }

    #[test]
    fn first_directive_wins_and_flags_prefer_false() {
        let t = tree("vhost v { cluster { origin_cluster yes; coworkers a:1985; coworkers b:1985; } }\n");
        let v = VhostCluster::all(&t).next().unwrap();
        assert!(v.origin_cluster_on().is_none());
        assert_eq!(v.coworkers().unwrap().arg0(), "a:1985");
        // `coworkers` is not one of the moved names.
        let t = tree("vhost v { coworkers a:1985; }\n");
        assert!(VhostCluster::all(&t).next().unwrap().coworkers().is_none());
    }

    #[test]
    fn http_api() {
        let t = tree("http_api { enabled on; listen 127.0.0.1:9090; }\n");
        let api = HttpApi::of(&t);
        assert!(api.is_enabled());
        assert_eq!(api.port(), 9090);
        assert!(api.endpoint().unwrap().is_loopback());
        let t = tree("http_api { enabled yes; }\n");
        let api = HttpApi::of(&t);
        assert!(!api.is_enabled());
        assert_eq!(api.port(), DEFAULT_API_PORT);
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "127.0.0.1:9090",
            "127.1.2.3",
            "[::1]:1985",
            "localhost:1985",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "10.0.0.1:1985",
            "srs-origin-1.socs:1985",
            "[fd00::1]:1985",
            "0.0.0.0:1985",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
