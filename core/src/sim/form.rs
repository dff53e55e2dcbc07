//! A scenario as a form gives it: every field text, as typed. The browser
//! playground's controls fill [`ScenarioFields`]; [`ScenarioFields::parse`]
//! turns them into a [`Scenario`] or says, field by field, what is wrong,
//! so the page shows messages next to the inputs instead of failing.

use super::workload::{MAX_PLAYERS, MAX_STREAMS};
use super::{Protocol, ProtocolMix, Scenario};

/// The text of each control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFields {
    pub streams: String,
    pub players: String,
    /// Empty: uniform popularity.
    pub zipf: String,
    /// Empty: the default entry (see [`Scenario::publish_to`]).
    pub publish_to: String,
    pub play_from: String,
    /// Protocol weights; empty counts 0.
    pub rtmp: String,
    pub flv: String,
    pub hls: String,
    pub fail: Vec<String>,
    pub seed: String,
}

impl Default for ScenarioFields {
    /// The CLI's defaults.
    fn default() -> Self {
        let d = Scenario::default();
        ScenarioFields {
            streams: d.streams.to_string(),
            players: d.players.to_string(),
            zipf: d.zipf.map(|z| z.to_string()).unwrap_or_default(),
            publish_to: String::new(),
            play_from: String::new(),
            rtmp: d.protocols.rtmp.to_string(),
            flv: d.protocols.flv.to_string(),
            hls: d.protocols.hls.to_string(),
            fail: Vec::new(),
            seed: d.seed.to_string(),
        }
    }
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The [`ScenarioFields`] field's name (`protocols` for the weights
    /// together).
    pub field: &'static str,
    pub message: String,
}

/// The largest protocol weight accepted, as [`ProtocolMix::parse`] caps it.
const MAX_WEIGHT: u32 = 1_000_000;

fn whole(field: &'static str, text: &str, max: u64, errors: &mut Vec<FieldError>) -> u64 {
    let text = text.trim().replace(['_', ','], "");
    match text.parse::<u64>() {
        Ok(n) if n <= max => n,
        Ok(_) => {
            errors.push(FieldError {
                field,
                message: format!("at most {max}"),
            });
            0
        }
        Err(_) => {
            errors.push(FieldError {
                field,
                message: if text.is_empty() {
                    "needs a whole number".to_string()
                } else {
                    format!("`{text}` is not a whole number from 0 to {max}")
                },
            });
            0
        }
    }
}

fn entry(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

impl ScenarioFields {
    /// The scenario, or every field's problem. The deployment is not
    /// consulted: entries and failed pods are checked by
    /// [`super::Session::new`].
    pub fn parse(&self) -> Result<Scenario, Vec<FieldError>> {
        let mut errors = Vec::new();
        let streams = whole("streams", &self.streams, MAX_STREAMS, &mut errors);
        let players = whole("players", &self.players, MAX_PLAYERS, &mut errors);
        let zipf = match self.zipf.trim() {
            "" => None,
            text => match text.parse::<f64>() {
                Ok(z) if z.is_finite() && (0.0..=10.0).contains(&z) => Some(z),
                _ => {
                    errors.push(FieldError {
                        field: "zipf",
                        message: format!("`{text}` is not an exponent from 0 to 10 (leave it empty for uniform)"),
                    });
                    None
                }
            },
        };
        let mut weight = |field, text: &str| {
            if text.trim().is_empty() {
                return 0;
            }
            u32::try_from(whole(field, text, u64::from(MAX_WEIGHT), &mut errors)).unwrap_or(MAX_WEIGHT)
        };
        let protocols = ProtocolMix {
            rtmp: weight("rtmp", &self.rtmp),
            flv: weight("flv", &self.flv),
            hls: weight("hls", &self.hls),
        };
        if Protocol::ALL.iter().all(|&p| protocols.weight(p) == 0) && !errors.iter().any(|e| is_weight(e.field)) {
            errors.push(FieldError {
                field: "protocols",
                message: "give at least one protocol a weight above 0".to_string(),
            });
        }
        let seed = whole("seed", &self.seed, u64::MAX, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Scenario {
            streams,
            players,
            zipf,
            publish_to: entry(&self.publish_to),
            play_from: entry(&self.play_from),
            protocols,
            fail: self.fail.clone(),
            seed,
            ..Scenario::default()
        })
    }
}

fn is_weight(field: &str) -> bool {
    matches!(field, "rtmp" | "flv" | "hls")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ScenarioFields {
        ScenarioFields::default()
    }

    fn errors(f: &ScenarioFields) -> Vec<&'static str> {
        f.parse().err().unwrap_or_default().iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_defaults_are_the_cli_s() {
        let sc = fields().parse().unwrap();
        let d = Scenario::default();
        assert_eq!(
            (
                sc.streams,
                sc.players,
                sc.zipf,
                sc.protocols,
                sc.seed,
                sc.publish_to,
                sc.play_from
            ),
            (
                d.streams,
                d.players,
                d.zipf,
                d.protocols,
                d.seed,
                d.publish_to,
                d.play_from
            )
        );
    }

    #[test]
    fn fields_parse_with_separators_and_blanks() {
        let f = ScenarioFields {
            streams: " 10_000 ".into(),
            players: "100,000".into(),
            zipf: "1.1".into(),
            publish_to: "  socs ".into(),
            play_from: " ".into(),
            rtmp: "3".into(),
            flv: String::new(),
            hls: "1".into(),
            fail: vec!["srs-origin-1".into()],
            seed: "18446744073709551615".into(),
        };
        let sc = f.parse().unwrap();
        assert_eq!((sc.streams, sc.players, sc.zipf), (10_000, 100_000, Some(1.1)));
        assert_eq!((sc.publish_to.as_deref(), sc.play_from), (Some("socs"), None));
        assert_eq!((sc.protocols.rtmp, sc.protocols.flv, sc.protocols.hls), (3, 0, 1));
        assert_eq!((sc.fail, sc.seed), (vec!["srs-origin-1".to_string()], u64::MAX));
    }

    #[test]
    fn every_bad_field_is_named_and_nothing_panics() {
        let f = ScenarioFields {
            streams: "-1".into(),
            players: "99999999999".into(),
            zipf: "NaN".into(),
            seed: "1.5".into(),
            rtmp: "x".into(),
            ..fields()
        };
        assert_eq!(errors(&f), ["streams", "players", "zipf", "rtmp", "seed"]);
        let none = ScenarioFields {
            rtmp: "0".into(),
            flv: String::new(),
            hls: " ".into(),
            ..fields()
        };
        assert_eq!(errors(&none), ["protocols"]);
        for text in ["", " ", "1e3", "٣", "18446744073709551616", "inf", "-0.5", "11"] {
            let f = ScenarioFields {
                streams: text.into(),
                players: text.into(),
                zipf: text.into(),
                rtmp: text.into(),
                seed: text.into(),
                ..fields()
            };
            let _ = f.parse();
        }
        let over = ScenarioFields {
            streams: (MAX_STREAMS + 1).to_string(),
            ..fields()
        };
        let e = over.parse().unwrap_err();
        assert_eq!(e[0].message, format!("at most {MAX_STREAMS}"));
    }
}
