//! How SRS reads values: endpoints, host:port pairs, flags and numbers.
//! Each function follows the SRS routine named in its doc.

use std::net::IpAddr;

/// A listen address as `srs_parse_endpoint` reads it: `port`, `ip:port` or `[ipv6]:port`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: Option<IpAddr>,
    pub port: u16,
}

impl Endpoint {
    pub fn is_loopback(&self) -> bool {
        self.ip.is_some_and(|ip| ip.is_loopback())
    }
}

/// Parses `[ip:]port`, returning why it is not one.
pub fn parse_endpoint(s: &str) -> Result<Endpoint, String> {
    if s.contains("://") {
        return Err(format!("`{s}` is a URL; a listen address is `port` or `ip:port`"));
    }
    let (ip, port) = if let Some(rest) = s.strip_prefix('[') {
        let Some((ip, port)) = rest.split_once("]:") else {
            return Err(format!("`{s}` is not `[ipv6]:port`"));
        };
        (Some(ip), port)
    } else if s.matches(':').count() > 1 {
        return Err(format!("`{s}`: write an IPv6 address in brackets, as `[::]:1935`"));
    } else if let Some((ip, port)) = s.split_once(':') {
        (Some(ip), port)
    } else {
        (None, s)
    };
    let ip = match ip {
        None => None,
        Some("") => return Err(format!("nothing before `:` in `{s}`; write `port` or `ip:port`")),
        Some(ip) => match ip.parse::<IpAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                return Err(format!(
                    "`{ip}` is not an IP address (a listen address cannot be a host name)"
                ))
            }
        },
    };
    let port = parse_port(port)?;
    Ok(Endpoint { ip, port })
}

/// A port: 1 to 65535, digits only.
pub fn parse_port(s: &str) -> Result<u16, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("port `{s}` is not a number"));
    }
    match s.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p as u16),
        _ => Err(format!("port `{s}` is out of range 1-65535")),
    }
}

/// A `host[:port]` as `srs_parse_hostport` reads it (`origin`, `coworkers`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    /// The port text as written, when there is one.
    pub port: Option<String>,
}

pub fn parse_hostport(s: &str) -> HostPort {
    if let Some(rest) = s.strip_prefix('[') {
        if let Some((host, port)) = rest.split_once(']') {
            let port = port.strip_prefix(':').map(str::to_string).filter(|p| !p.is_empty());
            return HostPort {
                host: host.to_string(),
                port,
            };
        }
    }
    match s.rsplit_once(':') {
        // More than one ':' without brackets is a bare IPv6 address.
        Some((host, port)) if !host.contains(':') => HostPort {
            host: host.to_string(),
            port: Some(port.to_string()).filter(|p| !p.is_empty()),
        },
        _ => HostPort {
            host: s.to_string(),
            port: None,
        },
    }
}

/// How SRS reads a flag: directives whose default is on use "anything but
/// `off` is on" (`SRS_CONF_PREFER_TRUE`), the others "only `on` is on".
pub fn read_flag(value: &str, default_on: bool) -> bool {
    if default_on {
        value != "off"
    } else {
        value == "on"
    }
}

/// What a user most likely meant by a flag-like word, if it is one.
pub fn intended_flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" | "1" | "enable" | "enabled" | "y" => Some(true),
        "off" | "no" | "false" | "0" | "disable" | "disabled" | "n" => Some(false),
        _ => None,
    }
}

/// C's `atoi`: leading blanks, an optional sign, digits; anything after is
/// ignored and no digits at all give 0. Returns the value and whether the
/// whole text was the number.
pub fn atoi(s: &str) -> (i64, bool) {
    let t = s.trim_start();
    let bytes = t.as_bytes();
    let mut i = 0;
    let neg = matches!(bytes.first(), Some(b'-'));
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let digits_start = i;
    let mut v: i64 = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(i64::from(bytes[i] - b'0'));
        i += 1;
    }
    let whole = i > digits_start && i == bytes.len() && t.len() == s.len();
    (if neg { -v } else { v }, whole)
}

/// C's `atof`, with the same "was it all a number" answer.
pub fn atof(s: &str) -> (f64, bool) {
    if let Ok(v) = s.parse::<f64>() {
        if v.is_finite() && !s.contains(['e', 'E', 'i', 'I', 'n', 'N']) {
            return (v, true);
        }
    }
    let end = s
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+')))
        .count();
    (s[..end].parse::<f64>().unwrap_or(0.0), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(parse_endpoint("1935").unwrap().port, 1935);
        assert!(parse_endpoint("127.0.0.1:1985").unwrap().is_loopback());
        assert_eq!(parse_endpoint("[::]:1935").unwrap().port, 1935);
        assert!(parse_endpoint("0").is_err());
        assert!(parse_endpoint("65536").is_err());
        assert!(parse_endpoint("host:1935").is_err());
        assert!(parse_endpoint("::1:1935").is_err());
        assert!(parse_endpoint("1.2.3.4:").is_err());
        assert!(parse_endpoint("[::1]1935").is_err());
    }

    #[test]
    fn hostports() {
        assert_eq!(parse_hostport("a.socs:1985").port.as_deref(), Some("1985"));
        assert_eq!(parse_hostport("a.socs").port, None);
        assert_eq!(parse_hostport("[::1]:80").host, "::1");
        assert_eq!(parse_hostport("::1").port, None);
    }

    #[test]
    fn numbers_read_like_c() {
        assert_eq!(atoi("1000"), (1000, true));
        assert_eq!(atoi("10s"), (10, false));
        assert_eq!(atoi("abc"), (0, false));
        assert_eq!(atoi("-5"), (-5, true));
        assert_eq!(atof("9.9"), (9.9, true));
        assert_eq!(atof("1.5x"), (1.5, false));
        assert!(!atof("inf").1);
    }

    #[test]
    fn flags() {
        assert!(!read_flag("yes", false));
        assert!(read_flag("no", true));
        assert_eq!(intended_flag("Yes"), Some(true));
    }
}
