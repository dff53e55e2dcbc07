//! Bars for the simulation panel, as plain SVG: a chart crate would cost
//! more wasm than the whole simulator. Lengths are integer per-mille of a
//! common scale, so a chart's bars compare with each other; the numbers
//! themselves are always written next to a bar, which only illustrates them.

use yew::prelude::*;

/// Width of a bar's drawing in its own units: the per-mille scale.
const FULL: u64 = 1000;

/// `value` as per-mille of `scale`, clamped to the drawing.
pub fn permille(value: u64, scale: u64) -> u64 {
    if scale == 0 {
        return 0;
    }
    let share = u128::from(value) * u128::from(FULL) / u128::from(scale);
    u64::try_from(share).unwrap_or(FULL).min(FULL)
}

/// The scale a set of bars shares: the largest value, at least 1.
pub fn scale_of(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().max().unwrap_or(0).max(1)
}

/// One bar: `value` filled, on a track as long as `limit` when there is
/// one, with `excess` (what was turned away) drawn past the fill.
pub struct Bar {
    pub value: u64,
    pub limit: Option<u64>,
    pub excess: u64,
    /// A CSS class for the fill: what kind of quantity it is.
    pub tone: &'static str,
}

impl Bar {
    pub fn plain(value: u64, tone: &'static str) -> Bar {
        Bar {
            value,
            limit: None,
            excess: 0,
            tone,
        }
    }

    pub fn render(&self, scale: u64) -> Html {
        let fill = permille(self.value, scale);
        let excess_end = permille(self.value.saturating_add(self.excess), scale);
        let at_limit = self.limit.is_some_and(|l| self.value >= l) || self.excess > 0;
        html! {
            <svg class="bar" viewBox={format!("0 0 {FULL} 10")} preserveAspectRatio="none" aria-hidden="true">
                if let Some(limit) = self.limit {
                    <rect class="bar-track" x="0" y="0" width={permille(limit, scale).to_string()} height="10" />
                }
                <rect class={classes!("bar-fill", self.tone, at_limit.then_some("at-limit"))}
                    x="0" y="1" width={fill.to_string()} height="8" />
                if excess_end > fill {
                    <rect class="bar-excess" x={fill.to_string()} y="3"
                        width={(excess_end - fill).to_string()} height="4" />
                }
            </svg>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permille_is_clamped_and_never_divides_by_zero() {
        assert_eq!(permille(5, 10), 500);
        assert_eq!(permille(20, 10), 1000);
        assert_eq!(permille(1, 0), 0);
        assert_eq!(permille(u64::MAX, 1), 1000);
        assert_eq!(scale_of([]), 1);
        assert_eq!(scale_of([3, 9, 2]), 9);
    }
}
