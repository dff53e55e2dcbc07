use crate::checks::meta::doc_text;
use crate::checks::meta::{Category, CheckMeta, FixKind};
use crate::checks::ConfContext;
use crate::conf::{Directive, Word};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::values;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::settings::VhostCluster;

pub static META: CheckMeta = CheckMeta {
    code: "SRS307",
    name: "glued-hosts",
    severity: Severity::Error,
    category: Category::Cluster,
    fix: FixKind::Always,
    summary: "An `origin` or `coworkers` entry that is two hosts written without a space between them.",
    doc: doc_text(
        r#"## What it does
Finds an `origin` or `coworkers` argument that is really two hosts glued together, such as `srs-origin-0.socssrs-origin-1.socs` (a lost line break or space when a config is copied from a web page or built by a template), `srs-origin-0.socs:1985srs-origin-1.socs:1985` or `10.0.0.1:198510.0.0.2:1985`.

It reports an argument only when it splits into two valid hosts in one of these ways, so normal names (`srs-origin-2.socs`, `srs-origin2.socs`, `a.b.c.svc.cluster.local`, IP addresses, `[::1]:1985`) are never reported:
- a port followed by more text (`:1985srs-origin-1…`, `:198510.0.0.2`): the second host starts after the port;
- a label that begins with a later label of the same name and goes on (`socs` + `srs-origin-1` in `…0.socssrs-origin-1.socs`), where both halves are valid host names with the same domain. When that label is a public top-level domain (`com`, `net`, `cn`, …) the two first labels must also look like siblings (`live1`/`live2`), so `cdn.comcast.com` stays one host;
- two IPv4 addresses run together (`10.0.0.110.0.0.2`).

## Why is this bad?
SRS splits `origin` and `coworkers` on spaces only and uses each argument as one `host[:port]`. A glued argument names a host that does not exist:
- in `coworkers`, the origins in it are never asked where a stream is, so players of streams published there get errors;
- in `origin`, the edge's round robin starts over for each stream, so the first pull of every stream goes to the first origin listed; when that is the glued name, every fresh stream waits for a failed attempt and a 3 s retry before the edge tries the next origin, and publishers forwarded through the edge, which go to the first origin, fail.

`srs -t` accepts it. The Chinese guide "当SRS遇到K8s" lost its line breaks exactly this way (`coworkers srs-origin-0.socssrs-origin-1.socs srs-origin-2.socs;`).

## Example
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin srs-origin-0.socssrs-origin-1.socs srs-origin-2.socs;
    }
}
```

## Fix
```conf
listen 1935;
vhost __defaultVhost__ {
    cluster {
        mode remote;
        origin srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs;
    }
}
```
The fix writes the hosts apart (marked unsafe: check that the split is where you meant it).

## References
- SRS `get_vhost_edge_origin`, `get_vhost_coworkers` (each argument is one host), `srs_parse_hostport`, `SrsLbRoundRobin::select`
- The seed guide "当SRS遇到K8s:如何构建海量推流源站?" (origin cluster on Kubernetes)
"#,
    ),
};

pub fn run(cx: &mut ConfContext<'_>) {
    let mut out = Vec::new();
    for vc in VhostCluster::all(&cx.config.directives) {
        for d in vc.vhost.children() {
            if d.name.text == "origin" {
                check(d, &mut out);
            } else if d.name.text == "cluster" {
                for c in d.children() {
                    if c.name.text == "origin" || c.name.text == "coworkers" {
                        check(c, &mut out);
                    }
                }
            }
        }
    }
    for d in out {
        cx.report(d);
    }
}

fn check(d: &Directive, out: &mut Vec<Diagnostic>) {
    for arg in &d.args {
        let Some(points) = split_points(&arg.text) else {
            continue;
        };
        let parts = split_at(&arg.text, &points);
        out.push(diagnostic(d, arg, &parts));
    }
}

fn diagnostic(d: &Directive, arg: &Word, parts: &[&str]) -> Diagnostic {
    let listed = parts.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
    let why = if d.name.text == "coworkers" {
        format!(
            "so it calls `http://{}/api/v1/clusters?…`, which names no server: the origins in it are never asked where a stream is, and players of streams published there get errors",
            arg.text
        )
    } else {
        format!(
            "so the edge connects to `{}` as one host, which names no server: pulls and publishes sent to it fail, and when it is listed first every fresh stream waits for a failed attempt and a 3 s retry",
            arg.text
        )
    };
    META.diagnostic(
        format!(
            "`{}` looks like {} hosts written without a space: {listed}",
            arg.text,
            parts.len()
        ),
        arg.span,
        "SRS reads this as one host name",
    )
    .with_note(format!("SRS splits `{}` on spaces only, {why}", d.name.text))
    .with_fix(Fix::unsafe_(
        format!("write them apart: `{}`", parts.join(" ")),
        vec![Edit {
            span: arg.span,
            replacement: parts.join(" "),
        }],
    ))
}

fn split_at<'s>(s: &'s str, points: &[usize]) -> Vec<&'s str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for &p in points {
        parts.push(&s[start..p]);
        start = p;
    }
    parts.push(&s[start..]);
    parts
}

/// Longest argument looked at: a few host names of 253 characters at most.
const MAX_LEN: usize = 600;

/// How many candidate splits one argument may cost; the search recurses
/// into the rest of the text for each candidate, and a crafted argument
/// must not make that exponential.
const BUDGET: usize = 200;

/// Where in `s` a second (third, …) host starts, when `s` is several
/// `host[:port]` glued together; `None` when it reads as one.
pub fn split_points(s: &str) -> Option<Vec<usize>> {
    if s.len() > MAX_LEN {
        return None;
    }
    let mut budget = BUDGET;
    split_points_in(s, &mut budget)
}

fn spend(budget: &mut usize) -> Option<()> {
    *budget = budget.checked_sub(1)?;
    Some(())
}

fn split_points_in(s: &str, budget: &mut usize) -> Option<Vec<usize>> {
    spend(budget)?;
    if s.is_empty() || s.parse::<Ipv6Addr>().is_ok() {
        return None;
    }
    // The first host, and what follows it.
    let (host, after, bracketed) = if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        rest[..end].parse::<Ipv6Addr>().ok()?;
        (&s[..end + 2], &s[end + 2..], true)
    } else {
        let i = s.find(':').unwrap_or(s.len());
        (&s[..i], &s[i..], false)
    };
    let Some(port_text) = after.strip_prefix(':') else {
        // No port after the first host.
        return if after.is_empty() && !bracketed {
            glued_names(host, budget)
        } else {
            None
        };
    };
    let digits = port_text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == port_text.len() {
        // `host:port`: the host itself may be names run together.
        return if bracketed { None } else { glued_names(host, budget) };
    }
    if digits == 0 || !(bracketed || is_host(host)) {
        return None;
    }
    // A port followed by more text: the next host starts inside or right
    // after the digits. Try the longest port first; prefer the split whose
    // second host has the same port (lists repeat the port).
    let base = host.len() + 1;
    let mut best: Option<Vec<usize>> = None;
    for len in (1..=digits.min(5)).rev() {
        let port = &port_text[..len];
        if port.starts_with('0') || values::parse_port(port).is_err() {
            continue;
        }
        let rest = &port_text[len..];
        let sub = split_points_in(rest, budget).unwrap_or_default();
        let next = &rest[..sub.first().copied().unwrap_or(rest.len())];
        let Some(next_host) = plausible_next(next) else {
            continue;
        };
        let at = base + len;
        let points: Vec<usize> = std::iter::once(at).chain(sub.iter().map(|p| p + at)).collect();
        if next_host.port == Some(port) {
            return Some(points);
        }
        if best.is_none() {
            best = Some(points);
        }
    }
    best
}

/// A host found after a glued port, with its own port text if it has one.
struct NextHost<'s> {
    port: Option<&'s str>,
}

/// The host that follows a glued port is believable: `[v6]`, an IPv4 address
/// not starting with 0, or a name of two or more characters starting with a
/// letter; with an optional valid port.
fn plausible_next(s: &str) -> Option<NextHost<'_>> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        rest[..end].parse::<Ipv6Addr>().ok()?;
        let after = &rest[end + 1..];
        if after.is_empty() {
            return Some(NextHost { port: None });
        }
        let port = after.strip_prefix(':')?;
        values::parse_port(port).ok()?;
        return Some(NextHost { port: Some(port) });
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if let Some(p) = port {
        values::parse_port(p).ok()?;
    }
    let ok = match host.parse::<Ipv4Addr>() {
        Ok(ip) => ip.octets()[0] != 0 && is_ipv4_text(host),
        Err(_) => host.len() >= 2 && host.starts_with(|c: char| c.is_ascii_alphabetic()) && is_hostname(host),
    };
    ok.then_some(NextHost { port })
}

/// A host name or an IPv4 address.
fn is_host(s: &str) -> bool {
    (s.parse::<Ipv4Addr>().is_ok() && is_ipv4_text(s)) || is_hostname(s)
}

/// Dotted-quad text without leading zeros (`Ipv4Addr` already refuses them;
/// this keeps the rule explicit).
fn is_ipv4_text(s: &str) -> bool {
    s.split('.').all(|p| !p.is_empty() && (p == "0" || !p.starts_with('0')))
}

/// RFC 1123 host name (underscores allowed, as Docker service names have
/// them); the last label is not all digits.
fn is_hostname(s: &str) -> bool {
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = s.split('.').collect();
    labels.iter().all(|l| is_label(l)) && !labels.last().is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

fn is_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// Top-level domains after which a label often goes on as an ordinary word
/// (`cdn.comcast.com`, `www.networks.net`).
const PUBLIC_TLDS: &[&str] = &[
    "ai", "app", "au", "biz", "br", "ca", "cc", "cloud", "cn", "co", "com", "de", "dev", "edu", "eu", "fr", "gov",
    "in", "info", "int", "io", "jp", "live", "me", "mil", "net", "online", "org", "ru", "site", "tech", "top", "tv",
    "uk", "us", "xyz",
];

/// Host names run together without a port in between.
fn glued_names(host: &str, budget: &mut usize) -> Option<Vec<usize>> {
    spend(budget)?;
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return glued_ipv4(host);
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return None;
    }
    let mut labels: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for l in host.split('.') {
        labels.push((start, l));
        start += l.len() + 1;
    }
    for i in 1..labels.len().saturating_sub(1) {
        let (offset, label) = labels[i];
        // Later labels this one begins with and goes on after, longest first.
        let mut suffixes: Vec<&str> = labels[i + 1..]
            .iter()
            .map(|(_, l)| *l)
            .filter(|t| {
                !t.is_empty()
                    && label.len() > t.len()
                    && label.starts_with(t)
                    && label.as_bytes()[t.len()].is_ascii_alphanumeric()
            })
            .collect();
        suffixes.sort_by_key(|l| std::cmp::Reverse(l.len()));
        suffixes.dedup();
        for t in suffixes {
            let at = offset + t.len();
            let (first, second) = host.split_at(at);
            if !is_hostname(first) || !is_hostname(second) {
                continue;
            }
            let sub = glued_names(second, budget).unwrap_or_default();
            let second_first = &second[..sub.first().copied().unwrap_or(second.len())];
            if !same_domain(first, second_first) {
                continue;
            }
            if PUBLIC_TLDS.contains(&t.to_ascii_lowercase().as_str())
                && !siblings(first_label(first), first_label(second_first))
            {
                continue;
            }
            return Some(std::iter::once(at).chain(sub.iter().map(|p| p + at)).collect());
        }
    }
    None
}

fn first_label(s: &str) -> &str {
    s.split('.').next().unwrap_or(s)
}

/// Both have a domain after their first label, and one domain begins the other
/// (`socs` and `socs.default.svc.cluster.local`).
fn same_domain(a: &str, b: &str) -> bool {
    let da: Vec<&str> = a.split('.').skip(1).collect();
    let db: Vec<&str> = b.split('.').skip(1).collect();
    !da.is_empty() && !db.is_empty() && (da.starts_with(&db) || db.starts_with(&da))
}

/// `srs-origin-0`/`srs-origin-1`, `live1`/`live2`, `edge-a`/`edge-b`.
fn siblings(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    a != b && (strip(a) == strip(b) || common >= 3)
}

/// Two IPv4 addresses run together: seven numeric parts, the middle one
/// holding the end of the first and the start of the second.
fn glued_ipv4(host: &str) -> Option<Vec<usize>> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() != 7 {
        return None;
    }
    let octet = |p: &str| is_ipv4_text(p) && p.parse::<u16>().is_ok_and(|v| v <= 255);
    if !parts.iter().enumerate().all(|(i, p)| i == 3 || octet(p)) {
        return None;
    }
    let mid = parts[3];
    let offset = parts[..3].iter().map(|p| p.len() + 1).sum::<usize>();
    let candidates: Vec<usize> = (1..mid.len())
        .filter(|&k| octet(&mid[..k]) && octet(&mid[k..]) && !mid[k..].starts_with('0'))
        .collect();
    let k = candidates
        .iter()
        .copied()
        .find(|&k| mid[k..] == *parts[0])
        .or_else(|| candidates.iter().copied().max())?;
    Some(vec![offset + k])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SrsVersion;
    use crate::testing::{codes_of, lint_conf};

    fn split(s: &str) -> Option<Vec<&str>> {
        split_points(s).map(|p| split_at(s, &p))
    }

    #[test]
    fn glued_hosts_are_split_where_the_second_starts() {
        let cases: &[(&str, &[&str])] = &[
            (
                "srs-origin-0.socssrs-origin-1.socs",
                &["srs-origin-0.socs", "srs-origin-1.socs"],
            ),
            ("a.socsb.socs", &["a.socs", "b.socs"]),
            ("a.socsb.socs:1985", &["a.socs", "b.socs:1985"]),
            ("a.socsb.socsc.socs", &["a.socs", "b.socs", "c.socs"]),
            ("10.0.0.1:198510.0.0.2:1985", &["10.0.0.1:1985", "10.0.0.2:1985"]),
            ("10.0.0.1:198510.0.0.2", &["10.0.0.1:1985", "10.0.0.2"]),
            (
                "srs-origin-0.socs:1985srs-origin-1.socs:1985",
                &["srs-origin-0.socs:1985", "srs-origin-1.socs:1985"],
            ),
            (
                "srs-origin-0.socs:1985srs-origin-1.socs",
                &["srs-origin-0.socs:1985", "srs-origin-1.socs"],
            ),
            (
                "srs-origin-0:1985srs-origin-1:1985",
                &["srs-origin-0:1985", "srs-origin-1:1985"],
            ),
            (
                "srs-origin-0.socs.default.svc.cluster.localsrs-origin-1.socs.default.svc.cluster.local",
                &[
                    "srs-origin-0.socs.default.svc.cluster.local",
                    "srs-origin-1.socs.default.svc.cluster.local",
                ],
            ),
            (
                "srs-origin-0.socssrs-origin-1.socs.default.svc.cluster.local",
                &["srs-origin-0.socs", "srs-origin-1.socs.default.svc.cluster.local"],
            ),
            (
                "live1.example.comlive2.example.com",
                &["live1.example.com", "live2.example.com"],
            ),
            ("10.0.0.110.0.0.2", &["10.0.0.1", "10.0.0.2"]),
            ("192.168.1.10192.168.1.11", &["192.168.1.10", "192.168.1.11"]),
            ("[::1]:1985[::2]:1985", &["[::1]:1985", "[::2]:1985"]),
            ("127.0.0.1:9091127.0.0.1:9092", &["127.0.0.1:9091", "127.0.0.1:9092"]),
        ];
        for (input, expected) in cases {
            assert_eq!(split(input).as_deref(), Some(*expected), "{input}");
        }
    }

    #[test]
    fn normal_hosts_are_not_split() {
        for s in [
            "srs-origin-2.socs",
            "srs-origin2.socs",
            "srs-origin-0.socs:1985",
            "a.b.c.svc.cluster.local",
            "srs-origin-0.socs.default.svc.cluster.local:1985",
            "srs-origin-0-socs:1985",
            "srs-origin-service",
            "localhost",
            "localhost:1935",
            "127.0.0.1",
            "127.0.0.1:19350",
            "10.0.0.1:1985",
            "[::1]:1985",
            "[::1]",
            "::1",
            "fe80::1",
            "fd00:10:96::a",
            "2001:db8::8a2e:370:7334",
            "cdn.comcast.com",
            "www.networks.net",
            "live.cnlive.cn",
            "edge.cnlive.cn",
            "api.orgchart.org",
            "ossrs.net",
            "same.edge.srs.com",
            "1abb5492f7-ubq80.cn-beijing.nas.aliyuncs.com",
            "origin.svc.svc",
            "a:1935b",
            "a:1935",
            "rtmp://a:1935",
            "http://a.socs:1985",
            "a,b",
            "10.0.0.1.2",
        ] {
            assert_eq!(split_points(s), None, "{s}");
        }
    }

    #[test]
    fn crafted_arguments_stay_cheap() {
        let many_ports = "a:11111".repeat(80);
        let many_labels = "a.socsb".repeat(80) + ".socs";
        let start = std::time::Instant::now();
        for s in [many_ports.as_str(), many_labels.as_str(), &"1".repeat(5000)] {
            let _ = split_points(s);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn reports_the_seed_guide_lists_with_an_unsafe_fix() {
        let src = "listen 1935;\nvhost __defaultVhost__ {\n    cluster {\n        mode remote;\n        origin srs-origin-0.socssrs-origin-1.socs srs-origin2.socs;\n    }\n}\n";
        let d = lint_conf(src, SrsVersion::V6);
        let g: Vec<_> = d.iter().filter(|d| d.code == "SRS307").collect();
        assert_eq!(g.len(), 1, "{d:#?}");
        assert_eq!(
            g[0].message,
            "`srs-origin-0.socssrs-origin-1.socs` looks like 2 hosts written without a space: `srs-origin-0.socs` and `srs-origin-1.socs`"
        );
        let fix = g[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
        assert_eq!(fix.edits[0].replacement, "srs-origin-0.socs srs-origin-1.socs");
        assert_eq!(&src[fix.edits[0].span.range()], "srs-origin-0.socssrs-origin-1.socs");
    }

    #[test]
    fn coworkers_and_vhost_level_origin_are_checked() {
        let co = "listen 1935;\nhttp_api { enabled on; listen 1985; }\nvhost v { cluster { origin_cluster on; coworkers a.socs:1985b.socs:1985; } }\n";
        assert!(codes_of(co).contains(&"SRS307"));
        let old = "listen 1935;\nvhost v { mode remote; origin a.socsb.socs; }\n";
        assert!(codes_of(old).contains(&"SRS307"));
        let fine = "listen 1935;\nvhost v { cluster { mode remote; origin srs-origin-0.socs:1935 srs-origin-1.socs:1935; } }\n";
        assert!(!codes_of(fine).contains(&"SRS307"));
    }

    #[test]
    fn quoted_arguments_are_rewritten_whole() {
        let src = "listen 1935;\nvhost v { cluster { mode remote; origin \"a.socsb.socs\"; } }\n";
        let d = lint_conf(src, SrsVersion::V6);
        let g = d.iter().find(|d| d.code == "SRS307").unwrap();
        let e = &g.fix.as_ref().unwrap().edits[0];
        assert_eq!(&src[e.span.range()], "\"a.socsb.socs\"");
        assert_eq!(e.replacement, "a.socs b.socs");
    }
}
