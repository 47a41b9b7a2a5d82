//! Scaling matrices (H.264 §7.4.2.1.1, §8.5.6–§8.5.9): the weights by which the decoder
//! scales each coefficient position, so an encoder can quantise high frequencies coarser
//! than low ones. Flat (every weight 16) is the default and what Baseline and Main allow;
//! the High profiles may send others in the SPS.
//!
//! Lists are kept as the bitstream carries them: in zig-zag scan order, the six 4x4 lists
//! (Intra Y, Intra Cb, Intra Cr, Inter Y, Inter Cb, Inter Cr) then the two 8x8 lists
//! (Intra Y, Inter Y) of 4:2:0 video.

/// Default_4x4_Intra (Table 7-3), scan order.
pub const DEFAULT_4X4_INTRA: [u8; 16] = [
    6, 13, 13, 20, 20, 20, 28, 28, 28, 28, 32, 32, 32, 37, 37, 42,
];

/// Default_4x4_Inter (Table 7-3), scan order.
pub const DEFAULT_4X4_INTER: [u8; 16] = [
    10, 14, 14, 20, 20, 20, 24, 24, 24, 24, 27, 27, 27, 30, 30, 34,
];

/// Default_8x8_Intra (Table 7-4), scan order.
pub const DEFAULT_8X8_INTRA: [u8; 64] = [
    6, 10, 10, 13, 11, 13, 16, 16, 16, 16, 18, 18, 18, 18, 18, 23, 23, 23, 23, 23, 23, 25, 25, 25,
    25, 25, 25, 25, 27, 27, 27, 27, 27, 27, 27, 27, 29, 29, 29, 29, 29, 29, 29, 31, 31, 31, 31, 31,
    31, 33, 33, 33, 33, 33, 36, 36, 36, 36, 38, 38, 38, 40, 40, 42,
];

/// Default_8x8_Inter (Table 7-4), scan order.
pub const DEFAULT_8X8_INTER: [u8; 64] = [
    9, 13, 13, 15, 13, 15, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21, 21, 21, 22, 22, 22,
    22, 22, 22, 22, 24, 24, 24, 24, 24, 24, 24, 24, 25, 25, 25, 25, 25, 25, 25, 27, 27, 27, 27, 27,
    27, 28, 28, 28, 28, 28, 30, 30, 30, 30, 32, 32, 32, 33, 33, 35,
];

/// How many values a full set of lists has: 6 · 16 + 2 · 64.
pub const SCALING_LIST_VALUES: usize = 6 * 16 + 2 * 64;

/// The eight scaling lists of a 4:2:0 stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalingLists {
    /// 4x4 lists 0..=5 (Intra Y, Cb, Cr; Inter Y, Cb, Cr), scan order.
    pub lists_4x4: [[u8; 16]; 6],
    /// 8x8 lists (Intra Y, Inter Y), scan order.
    pub lists_8x8: [[u8; 64]; 2],
}

impl Default for ScalingLists {
    fn default() -> ScalingLists {
        ScalingLists::flat()
    }
}

impl ScalingLists {
    /// Every weight 16 (Flat_4x4_16, Flat_8x8_16): no frequency weighting.
    pub fn flat() -> ScalingLists {
        ScalingLists {
            lists_4x4: [[16; 16]; 6],
            lists_8x8: [[16; 64]; 2],
        }
    }

    /// The standard's default ("JVT") matrices of Tables 7-3 and 7-4, which x264 calls
    /// `--cqm jvt`: coarser high frequencies, intra finer than inter.
    pub fn jvt() -> ScalingLists {
        ScalingLists {
            lists_4x4: [
                DEFAULT_4X4_INTRA,
                DEFAULT_4X4_INTRA,
                DEFAULT_4X4_INTRA,
                DEFAULT_4X4_INTER,
                DEFAULT_4X4_INTER,
                DEFAULT_4X4_INTER,
            ],
            lists_8x8: [DEFAULT_8X8_INTRA, DEFAULT_8X8_INTER],
        }
    }

    /// Lists from [`SCALING_LIST_VALUES`] numbers in bitstream order (the six 4x4 lists,
    /// then the two 8x8 lists, each in zig-zag scan order, as x264's `--cqmfile` orders
    /// them); `None` unless there are exactly that many, each 1..=255 (0 is not a weight:
    /// the syntax uses it to select the defaults).
    pub fn from_values(values: &[i64]) -> Option<ScalingLists> {
        if values.len() != SCALING_LIST_VALUES || values.iter().any(|v| !(1..=255).contains(v)) {
            return None;
        }
        let at = |i: usize| values[i] as u8;
        Some(ScalingLists {
            lists_4x4: std::array::from_fn(|l| std::array::from_fn(|k| at(16 * l + k))),
            lists_8x8: std::array::from_fn(|l| std::array::from_fn(|k| at(96 + 64 * l + k))),
        })
    }

    /// Whether every weight is 16 (the SPS then sends no matrix).
    pub fn is_flat(&self) -> bool {
        *self == ScalingLists::flat()
    }

    /// List `i` (0..=7, the SPS's order) as a slice.
    pub fn list(&self, i: usize) -> &[u8] {
        if i < 6 {
            &self.lists_4x4[i]
        } else {
            &self.lists_8x8[i - 6]
        }
    }

    /// What a decoder uses for list `i` when the SPS does not send it (fall-back rule A of
    /// Table 7-2): the default list for the first list of each kind, else the previous
    /// list of the same kind.
    pub fn fallback(&self, i: usize) -> &[u8] {
        match i {
            0 => &DEFAULT_4X4_INTRA,
            3 => &DEFAULT_4X4_INTER,
            6 => &DEFAULT_8X8_INTRA,
            7 => &DEFAULT_8X8_INTER,
            _ => self.list(i - 1),
        }
    }

    /// The default list (Tables 7-3 and 7-4) list `i` may select with
    /// `useDefaultScalingMatrixFlag`.
    pub fn default_list(i: usize) -> &'static [u8] {
        match i {
            0..=2 => &DEFAULT_4X4_INTRA,
            3..=5 => &DEFAULT_4X4_INTER,
            6 => &DEFAULT_8X8_INTRA,
            _ => &DEFAULT_8X8_INTER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_bitstream_order() {
        let mut v: Vec<i64> = (0..SCALING_LIST_VALUES as i64)
            .map(|i| i % 200 + 1)
            .collect();
        let l = ScalingLists::from_values(&v).unwrap();
        assert_eq!(l.lists_4x4[1][0], 17);
        assert_eq!(l.lists_8x8[0][0], 97);
        assert_eq!(l.lists_8x8[1][63], (223 % 200 + 1) as u8);
        assert_eq!(l.list(7), &l.lists_8x8[1][..]);
        v[5] = 0;
        assert_eq!(ScalingLists::from_values(&v), None, "0 is not a weight");
        v[5] = 256;
        assert_eq!(ScalingLists::from_values(&v), None);
        assert_eq!(ScalingLists::from_values(&v[1..]), None, "too few values");
    }

    #[test]
    fn fallbacks_follow_rule_a() {
        let jvt = ScalingLists::jvt();
        for i in 0..8 {
            assert_eq!(jvt.fallback(i), jvt.list(i), "list {i}");
        }
        assert!(ScalingLists::flat().is_flat());
        assert!(!jvt.is_flat());
        // Monotone in scan order, as the standard's defaults are.
        for l in 0..8 {
            let d = ScalingLists::default_list(l);
            assert!(d.windows(2).all(|p| p[0] <= p[1] || l >= 6), "list {l}");
        }
    }
}
