//! Long-term reference frames (`EnableLTR`) as VideoToolbox defines them for conferencing:
//! some frames are kept as long-term references and carry a token
//! (`RequireLTRAcknowledgementToken`); the receiver returns the tokens of the frames it got
//! (`AcknowledgedLTRTokens`); after a loss it asks for a refresh (`ForceLTRRefresh`) and gets
//! a P frame predicted from an acknowledged long-term frame only — far smaller than the IDR
//! frame it would otherwise need — or an IDR frame when none is acknowledged yet.
//!
//! The policy here: the IDR frame and then one base-layer frame a second become long-term
//! frames, alternating between the two slots so the newest acknowledged one is always kept
//! (see [`crate::dpb`]).

use framepress_core::Time;

use crate::dpb::Dpb;

/// Seconds between long-term frames.
pub const LTR_PERIOD_SECONDS: f64 = 1.0;
/// Frames between long-term frames when the timestamps cannot say (not numeric).
const LTR_PERIOD_FRAMES: u32 = 30;

/// What the LTR logic decided for one frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LtrDecision {
    /// The frame is a refresh: predicted from this acknowledged long-term slot only.
    pub refresh_from: Option<usize>,
    /// A refresh was asked for but nothing is acknowledged: code a key frame.
    pub needs_key_frame: bool,
}

/// LTR state across frames.
#[derive(Clone, Debug)]
pub struct LtrState {
    next_token: i64,
    last_ltr_pts: Option<Time>,
    frames_since_ltr: u32,
    /// A refresh was asked for but its frame was dropped: the next frame is the refresh.
    refresh_pending: bool,
}

impl Default for LtrState {
    fn default() -> LtrState {
        LtrState::new()
    }
}

impl LtrState {
    /// Nothing marked yet; tokens start at 1.
    pub fn new() -> LtrState {
        LtrState {
            next_token: 1,
            last_ltr_pts: None,
            frames_since_ltr: 0,
            refresh_pending: false,
        }
    }

    /// Reads the frame's options: acknowledges tokens and decides whether the frame is a
    /// refresh.
    pub fn decide(&mut self, dpb: &mut Dpb, acknowledged: &[i64], refresh: bool) -> LtrDecision {
        dpb.acknowledge(acknowledged);
        if !(refresh || self.refresh_pending) {
            return LtrDecision::default();
        }
        match dpb.newest_long_term(true) {
            Some(slot) => LtrDecision {
                refresh_from: Some(slot),
                needs_key_frame: false,
            },
            None => LtrDecision {
                refresh_from: None,
                needs_key_frame: true,
            },
        }
    }

    /// Whether the reference frame at `pts` becomes a long-term frame: every IDR frame,
    /// then one a [`LTR_PERIOD_SECONDS`].
    pub fn is_due(&self, pts: Time, idr: bool) -> bool {
        if idr {
            return true;
        }
        let Some(last) = self.last_ltr_pts else {
            return true;
        };
        let elapsed = if pts.is_numeric() && last.is_numeric() {
            (pts - last).seconds()
        } else {
            f64::NAN
        };
        if elapsed.is_finite() {
            elapsed >= LTR_PERIOD_SECONDS - 1e-9
        } else {
            self.frames_since_ltr >= LTR_PERIOD_FRAMES
        }
    }

    /// Records a coded frame; returns the token of a frame made long-term.
    pub fn coded(&mut self, pts: Time, long_term: bool, refresh: bool) -> Option<i64> {
        self.frames_since_ltr = self.frames_since_ltr.saturating_add(1);
        if refresh {
            self.refresh_pending = false;
        }
        long_term.then(|| {
            let token = self.next_token;
            self.next_token = self.next_token.wrapping_add(1).max(1);
            self.last_ltr_pts = Some(pts);
            self.frames_since_ltr = 0;
            token
        })
    }

    /// A key frame answers any refresh request.
    pub fn key_frame_coded(&mut self) {
        self.refresh_pending = false;
    }

    /// The frame that should have been the refresh was dropped.
    pub fn refresh_dropped(&mut self) {
        self.refresh_pending = true;
    }
}
