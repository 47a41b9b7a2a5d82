//! Lookahead: decisions that need to see pictures before they are coded, made on cheap
//! half-resolution copies ([`lowres`]).
//!
//! Two decisions use it: adaptive B-frame placement ([`planner`]), whose window is the
//! frames a B-frame stream holds back for reordering anyway (so it adds no latency), and
//! the macroblock tree ([`mb_tree`]), which looks `FramepressLookaheadFrames` ahead and is
//! the reason an encoder holds frames beyond its B-frames. Both share one [`MotionCache`].
//! Real-time and low-latency configurations hold nothing beyond what reordering needs.
//!
//! Written for H.264 but codec-free: it sees luma samples only, and needs nothing from the
//! bitstream (HEVC will reuse it when it moves to a shared crate with the pixel kernels).

pub mod lowres;
pub mod mb_tree;
pub mod motion;
pub mod planner;

pub use lowres::LowresFrame;
pub use motion::MotionCache;

/// How the B-frames of a stream with `FramepressBFrameCount` > 0 are placed
/// (`FramepressBFrameAdaptive`).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BFrameAdaptive {
    /// Always the full count between reference frames (the fixed pattern P B B B P …).
    /// The default: on the benchmark clips the fixed pattern of 3 is as good as the
    /// planners' (carphone: Trellis +0.9 % BD-rate, bikes −0.2 %).
    #[default]
    Off,
    /// A greedy choice, frame by frame: the next frame becomes a B-frame while coding it
    /// between its neighbours is estimated cheaper than coding it as a P-frame.
    Fast,
    /// The cheapest pattern over the whole window: every split of the waiting frames into
    /// runs of B-frames ending in a P-frame is costed and the best first run is coded (a
    /// Viterbi-style search, like x264's `b-adapt 2`).
    Trellis,
}

impl BFrameAdaptive {
    /// The `FramepressBFrameAdaptive` value of each mode, in the order of the key's
    /// values list (core's `keys::B_FRAME_PLACEMENTS`, which the property layer validates).
    pub fn from_name(name: &str) -> Option<BFrameAdaptive> {
        match name {
            "Off" => Some(BFrameAdaptive::Off),
            "Fast" => Some(BFrameAdaptive::Fast),
            "Trellis" => Some(BFrameAdaptive::Trellis),
            _ => None,
        }
    }

    /// The property value's name.
    pub fn name(self) -> &'static str {
        match self {
            BFrameAdaptive::Off => "Off",
            BFrameAdaptive::Fast => "Fast",
            BFrameAdaptive::Trellis => "Trellis",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_property_value_names_a_mode_and_back() {
        for &name in framepress_core::property::keys::B_FRAME_PLACEMENTS {
            assert_eq!(
                BFrameAdaptive::from_name(name).map(|m| m.name()),
                Some(name)
            );
        }
        assert_eq!(BFrameAdaptive::from_name("trellis"), None);
    }
}
