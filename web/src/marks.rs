//! Where the editor underlines: diagnostic ranges flattened into runs of
//! text, each with the highest severity over it. A textarea cannot style
//! its own text, so these runs are drawn in a layer behind it.

use srs_check_core::Severity;

/// A run of `start..end` bytes, marked with a severity or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub severity: Option<Severity>,
}

/// Splits `text` into runs. Ranges that fall outside the text or inside a
/// character (the text changed since the lint that found them) are dropped
/// or clamped rather than trusted.
pub fn runs(text: &str, ranges: &[(usize, usize, Severity)]) -> Vec<Run> {
    // Sweep over range starts and ends, counting how many ranges of each
    // severity are open.
    let mut events: Vec<(usize, bool, Severity)> = Vec::with_capacity(ranges.len() * 2);
    for &(start, end, severity) in ranges {
        let end = end.min(text.len());
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        events.push((start, true, severity));
        events.push((end, false, severity));
    }
    events.sort_by_key(|&(at, opens, _)| (at, opens));
    let mut open = [0usize; 3];
    let mut out = Vec::new();
    let mut pos = 0;
    for (at, opens, severity) in events {
        if at > pos {
            out.push(Run {
                start: pos,
                end: at,
                severity: strongest(open),
            });
            pos = at;
        }
        let slot = &mut open[severity as usize];
        if opens {
            *slot += 1;
        } else {
            *slot = slot.saturating_sub(1);
        }
    }
    if pos < text.len() || out.is_empty() {
        out.push(Run {
            start: pos,
            end: text.len(),
            severity: None,
        });
    }
    // Neighbours of one severity read as one mark.
    out.dedup_by(|b, a| {
        let same = a.severity == b.severity && a.end == b.start;
        if same {
            a.end = b.end;
        }
        same
    });
    out
}

fn strongest(open: [usize; 3]) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|&s| open[s as usize] > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_ranges_take_the_higher_severity() {
        let text = "0123456789";
        let got = runs(text, &[(2, 6, Severity::Warning), (4, 8, Severity::Error)]);
        let spans: Vec<_> = got.iter().map(|r| (r.start, r.end, r.severity)).collect();
        assert_eq!(
            spans,
            [
                (0, 2, None),
                (2, 4, Some(Severity::Warning)),
                (4, 8, Some(Severity::Error)),
                (8, 10, None),
            ]
        );
    }

    #[test]
    fn stale_ranges_are_dropped() {
        // Out of bounds, inside `é`, empty.
        let got = runs(
            "é",
            &[(0, 9, Severity::Error), (1, 2, Severity::Error), (0, 0, Severity::Info)],
        );
        assert_eq!(
            got,
            [Run {
                start: 0,
                end: 2,
                severity: Some(Severity::Error)
            }]
        );
        assert_eq!(runs("", &[]).len(), 1);
    }
}
