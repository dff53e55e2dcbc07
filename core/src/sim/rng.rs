//! The simulator's random numbers: SplitMix64 (Steele, Lea and Flood, 2014),
//! written out here so that its output can never change under us. Crates
//! that promise value stability exist, but a dozen lines whose first
//! outputs a test pins are a stronger promise: the same seed gives the same
//! picks on every platform, wasm32 included, in every release.

/// SplitMix64: 64 bits of state, one add and three xor-shift-multiplies per
/// output; only integer operations, so nothing depends on the platform.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by Lemire's multiply-shift: no division
    /// and no floats. Its bias (below 2^-32 for the small `n` used here)
    /// does not matter for picking a backend.
    pub fn below(&mut self, n: u32) -> u32 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_pinned() {
        // The reference values of SplitMix64 for seed 1234567 (from the
        // authors' C code, also used by Vigna's xoshiro seeding examples).
        let mut r = Rng::new(1_234_567);
        assert_eq!(
            [r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()],
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(7);
        let mut seen = [0u32; 5];
        for _ in 0..1000 {
            seen[r.below(5) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 150), "{seen:?}");
    }
}
