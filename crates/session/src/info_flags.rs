//! `VTEncodeInfoFlags`.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// Flags describing what happened to a submitted frame.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EncodeInfoFlags(u32);

impl EncodeInfoFlags {
    /// No flags.
    pub const EMPTY: EncodeInfoFlags = EncodeInfoFlags(0);
    /// `kVTEncodeInfo_Asynchronous`: the frame is (or was) encoded off the caller's thread.
    pub const ASYNCHRONOUS: EncodeInfoFlags = EncodeInfoFlags(1 << 0);
    /// `kVTEncodeInfo_FrameDropped`: no sample was produced for the frame.
    pub const FRAME_DROPPED: EncodeInfoFlags = EncodeInfoFlags(1 << 1);

    /// The raw bits (VideoToolbox's values).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: EncodeInfoFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for EncodeInfoFlags {
    type Output = EncodeInfoFlags;
    fn bitor(self, rhs: EncodeInfoFlags) -> EncodeInfoFlags {
        EncodeInfoFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for EncodeInfoFlags {
    fn bitor_assign(&mut self, rhs: EncodeInfoFlags) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for EncodeInfoFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.contains(EncodeInfoFlags::ASYNCHRONOUS) {
            parts.push("Asynchronous");
        }
        if self.contains(EncodeInfoFlags::FRAME_DROPPED) {
            parts.push("FrameDropped");
        }
        write!(f, "EncodeInfoFlags({})", parts.join(" | "))
    }
}
