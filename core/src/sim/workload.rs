//! What the simulated clients do: how many streams, how many players and
//! how they spread over the streams, which protocol each player uses, and
//! where publishers and players enter.
//!
//! Players are not objects: a stream's player count, and how many of them
//! use each protocol, are worked out arithmetically (apportionment), so a
//! million players cost a million integer steps at most and no allocation.

use super::SimError;
use serde::Serialize;

/// The most streams one run simulates.
pub const MAX_STREAMS: u64 = 1_000_000;
/// The most players one run simulates.
pub const MAX_PLAYERS: u64 = 20_000_000;
/// The most publishers one stream gets.
pub const MAX_PUBLISHERS_PER_STREAM: u32 = 16;
/// The highest bitrate accepted, in kbit/s (a 100 Mbit/s stream).
pub const MAX_BITRATE_KBPS: u64 = 100_000;

/// A player's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Rtmp,
    Flv,
    Hls,
}

impl Protocol {
    pub const ALL: [Protocol; 3] = [Protocol::Rtmp, Protocol::Flv, Protocol::Hls];

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Rtmp => "rtmp",
            Protocol::Flv => "flv",
            Protocol::Hls => "hls",
        }
    }
}

/// The share of players using each protocol, as integer weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProtocolMix {
    pub rtmp: u32,
    pub flv: u32,
    pub hls: u32,
}

impl Default for ProtocolMix {
    fn default() -> Self {
        ProtocolMix {
            rtmp: 1,
            flv: 0,
            hls: 0,
        }
    }
}

impl ProtocolMix {
    /// `rtmp`, `flv`, `hls`, or weights: `rtmp=70,flv=20,hls=10` (a bare
    /// name counts 1; a name given twice adds up).
    pub fn parse(text: &str) -> Result<ProtocolMix, SimError> {
        let mut mix = ProtocolMix {
            rtmp: 0,
            flv: 0,
            hls: 0,
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, weight) = match part.split_once('=') {
                Some((n, w)) => {
                    let w: u32 = w
                        .trim()
                        .parse()
                        .map_err(|_| SimError::Protocol(format!("`{part}`: the weight must be a whole number")))?;
                    (n.trim(), w)
                }
                None => (part, 1),
            };
            let slot = match name.to_ascii_lowercase().as_str() {
                "rtmp" => &mut mix.rtmp,
                "flv" | "http-flv" => &mut mix.flv,
                "hls" => &mut mix.hls,
                _ => {
                    return Err(SimError::Protocol(format!(
                        "`{name}` is not a protocol: use rtmp, flv or hls"
                    )))
                }
            };
            *slot = slot.saturating_add(weight).min(1_000_000);
        }
        if mix.total() == 0 {
            return Err(SimError::Protocol(format!("`{text}` gives no player a protocol")));
        }
        Ok(mix)
    }

    pub fn weight(&self, p: Protocol) -> u32 {
        match p {
            Protocol::Rtmp => self.rtmp,
            Protocol::Flv => self.flv,
            Protocol::Hls => self.hls,
        }
    }

    fn total(&self) -> u64 {
        u64::from(self.rtmp) + u64::from(self.flv) + u64::from(self.hls)
    }

    /// How many of the players numbered `start..start + count` (numbered
    /// over the whole run) use each protocol. The mix is split one protocol
    /// at a time: among the first `k` players, `floor(k * W_rtmp / W)` play
    /// RTMP; the others are numbered on, and among the first `m` of them
    /// `floor(m * W_flv / (W_flv + W_hls))` play HTTP-FLV; the rest HLS.
    /// Each count grows by 0 or 1 per player, so the mix is exact over the
    /// run and evenly interleaved, even when every stream has only a few
    /// players. (Counting "the first `j` protocols" with one formula per `j`
    /// instead is not monotone: with `rtmp=50,flv=30,hls=20` player 5 would
    /// be RTMP and *minus one* HTTP-FLV player.)
    pub fn split(&self, start: u64, count: u64) -> [u64; 3] {
        // `floor(k * part / whole)` players among the first `k`; `whole > 0`.
        let among = |k: u64, part: u32, whole: u64| (u128::from(k) * u128::from(part) / u128::from(whole)) as u64;
        let end = start + count;
        let total = self.total().max(1);
        let rtmp = among(end, self.rtmp, total) - among(start, self.rtmp, total);
        // The players that do not play RTMP, numbered from 0 over the run.
        let (rest_start, rest_end) = (
            start - among(start, self.rtmp, total),
            end - among(end, self.rtmp, total),
        );
        let rest_total = u64::from(self.flv) + u64::from(self.hls);
        let flv = if rest_total == 0 {
            0
        } else {
            among(rest_end, self.flv, rest_total) - among(rest_start, self.flv, rest_total)
        };
        [rtmp, flv, count - rtmp - flv]
    }
}

/// How players spread over streams: stream `i` (0-based) gets the players
/// numbered `floor(M * F(i))..floor(M * F(i + 1))`, where `F` is the
/// cumulative share: `i / N` for uniform, the normalised sum of `1 / k^s`
/// for Zipf. Floats only for Zipf, computed with `libm` (the same
/// correctly-specified operations on every platform, wasm32 included).
#[derive(Clone, Debug)]
pub struct Popularity {
    streams: u64,
    players: u64,
    /// Zipf's cumulative shares, `streams + 1` of them; empty for uniform.
    cumulative: Vec<f64>,
}

impl Popularity {
    // Counts stay below 2^53 (see the MAX_ limits), so they convert exactly.
    #[allow(clippy::cast_precision_loss)]
    pub fn new(streams: u64, players: u64, zipf: Option<f64>) -> Popularity {
        let cumulative = match zipf {
            Some(s) if s > 0.0 && streams > 0 => {
                let mut cum = Vec::with_capacity(streams as usize + 1);
                cum.push(0.0);
                let mut sum = 0.0f64;
                for k in 1..=streams {
                    sum += 1.0 / libm::pow(k as f64, s);
                    cum.push(sum);
                }
                for c in &mut cum {
                    *c /= sum;
                }
                if let Some(last) = cum.last_mut() {
                    *last = 1.0;
                }
                cum
            }
            _ => Vec::new(),
        };
        Popularity {
            streams,
            players,
            cumulative,
        }
    }

    /// The number of the first player of stream `i`.
    #[allow(clippy::cast_precision_loss, clippy::cast_sign_loss)]
    pub fn first_player(&self, i: u64) -> u64 {
        if self.streams == 0 {
            return 0;
        }
        if self.cumulative.is_empty() {
            (u128::from(self.players) * u128::from(i) / u128::from(self.streams)) as u64
        } else {
            let share = self.cumulative[i.min(self.streams) as usize];
            // `players` is below 2^53, so the product is exact enough and the
            // cast saturates rather than wraps.
            ((self.players as f64 * share) as u64).min(self.players)
        }
    }

    /// Stream `i`'s players: the number of its first one and how many.
    pub fn players_of(&self, i: u64) -> (u64, u64) {
        let a = self.first_player(i);
        let b = self.first_player(i + 1).max(a);
        (a, b - a)
    }
}

/// The name of stream `i`.
pub fn stream_name(i: u64) -> String {
    format!("s{i}")
}

/// The stream a `--trace` value names: `s12` or `12`, or a full
/// `live/s12` path.
pub fn parse_stream(text: &str, app: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_prefix(&format!("{app}/")).unwrap_or(t);
    t.strip_prefix('s').unwrap_or(t).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_parse() {
        assert_eq!(
            ProtocolMix::parse("flv").unwrap(),
            ProtocolMix {
                rtmp: 0,
                flv: 1,
                hls: 0
            }
        );
        assert_eq!(
            ProtocolMix::parse("rtmp=70, flv=20,hls=10").unwrap(),
            ProtocolMix {
                rtmp: 70,
                flv: 20,
                hls: 10
            }
        );
        assert!(ProtocolMix::parse("webrtc").is_err());
        assert!(ProtocolMix::parse("rtmp=x").is_err());
        assert!(ProtocolMix::parse("rtmp=0").is_err());
    }

    #[test]
    fn split_is_exact_and_interleaved() {
        let mix = ProtocolMix {
            rtmp: 70,
            flv: 20,
            hls: 10,
        };
        let mut total = [0u64; 3];
        for s in 0..1000 {
            let part = mix.split(s * 3, 3);
            assert_eq!(part.iter().sum::<u64>(), 3);
            for i in 0..3 {
                total[i] += part[i];
            }
        }
        assert_eq!(total, [2100, 600, 300]);
    }

    #[test]
    fn split_never_goes_negative() {
        // Mixes whose per-prefix counts are not monotone when the first `j`
        // protocols are counted with one formula each (this used to
        // underflow: player 5 of `rtmp=50,flv=30,hls=20`).
        for (rtmp, flv, hls) in [(50, 30, 20), (1, 1, 1), (3, 0, 5), (0, 7, 2), (2, 5, 0), (13, 29, 31)] {
            let mix = ProtocolMix { rtmp, flv, hls };
            let w = u64::from(rtmp + flv + hls);
            let mut total = [0u64; 3];
            for start in 0..(20 * w) {
                let part = mix.split(start, 1);
                assert_eq!(part.iter().sum::<u64>(), 1, "{mix:?} player {start}");
                for i in 0..3 {
                    total[i] += part[i];
                }
                // Any stretch of players adds up, whatever it starts at.
                let stretch = mix.split(start, 7);
                assert_eq!(stretch.iter().sum::<u64>(), 7, "{mix:?} from {start}");
            }
            assert_eq!(
                total,
                [20 * u64::from(rtmp), 20 * u64::from(flv), 20 * u64::from(hls)],
                "{mix:?}"
            );
        }
    }

    #[test]
    fn uniform_and_zipf_add_up() {
        for zipf in [None, Some(1.0), Some(0.8)] {
            let p = Popularity::new(7, 100, zipf);
            let counts: Vec<u64> = (0..7).map(|i| p.players_of(i).1).collect();
            assert_eq!(counts.iter().sum::<u64>(), 100, "{zipf:?}");
            if zipf.is_some() {
                assert!(counts[0] > counts[6], "{counts:?}");
            } else {
                assert!(counts.iter().all(|&c| c == 14 || c == 15), "{counts:?}");
            }
        }
        let p = Popularity::new(0, 10, None);
        assert_eq!(p.players_of(0), (0, 0));
    }

    #[test]
    fn stream_names() {
        assert_eq!(parse_stream("s12", "live"), Some(12));
        assert_eq!(parse_stream("live/s3", "live"), Some(3));
        assert_eq!(parse_stream("7", "live"), Some(7));
        assert_eq!(parse_stream("x", "live"), None);
    }
}
