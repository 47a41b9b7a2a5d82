//! Periodic intra refresh (gradual decoder refresh, `FramepressIntraRefreshPeriod`): instead
//! of periodic IDR frames, a band of intra macroblock columns sweeps the picture left to
//! right, one band per reference frame, and the frame where a sweep starts carries a
//! recovery-point SEI. A decoder that joins there (or lost data before) shows exact
//! pictures once the sweep is complete, and no frame is much larger than the others, which
//! is what conferencing and low-latency live streams want.
//!
//! For the recovery to be exact, what the swept ("clean") part of a picture is built from
//! must itself be clean:
//! - macroblocks left of the band predict from the previous reference picture only
//!   (every picture of a stream with intra refresh uses one reference), with motion that
//!   reads no sample within reach of that picture's unclean part: its band's right edge,
//!   less the 3 samples the deblocking filter changes across it, less the 3 samples the
//!   6-tap interpolation reaches (chroma's reach is smaller and covered);
//! - P_Skip is used there only when the predicted vector obeys the same limit;
//! - the clean macroblocks right next to the previous band's edge can therefore not use a
//!   zero vector; they go intra or take a vector pointing left, as rate–distortion decides
//!   (re-coding the previous band's last column intra instead was measured no better at
//!   640 pixels wide and costs a column a frame on small pictures);
//! - in the band's right-most column, the one Intra_4x4 block whose above-right samples
//!   come from the unclean neighbour (the top-right block) avoids the two modes that read
//!   them.
//!
//! An all-skip picture (rate control's last resort) cannot keep these rules; the sweep
//! then starts again with the next frame.

use crate::mb::RefreshZone;

/// Refresh state across frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntraRefresh {
    mb_width: usize,
    period: usize,
    /// Index of the next reference frame within the sweep.
    position: usize,
}

impl IntraRefresh {
    /// A sweep over `mb_width` columns in `period` reference frames (`period` ≥ 1): frame
    /// c of the sweep codes columns `c·w/period .. (c+1)·w/period` (none in some frames
    /// when the picture has fewer columns than the period has frames).
    pub fn new(period: u32, mb_width: usize) -> IntraRefresh {
        IntraRefresh {
            mb_width: mb_width.max(1),
            period: period.max(1) as usize,
            position: 0,
        }
    }

    /// Frames a sweep takes.
    pub fn sweep_length(&self) -> usize {
        self.period
    }

    /// `recovery_frame_cnt` of the SEI: the last frame of the sweep is exact.
    pub fn recovery_frame_cnt(&self) -> u32 {
        (self.sweep_length() - 1) as u32
    }

    /// Whether the next reference frame starts a sweep (and carries the SEI).
    pub fn starts_sweep(&self) -> bool {
        self.position == 0
    }

    /// The constraints of the next reference frame.
    pub fn zone(&self) -> RefreshZone {
        let c = self.position;
        let start = c * self.mb_width / self.period;
        let end = (c + 1) * self.mb_width / self.period;
        // The previous band ended where this one starts; the deblocking filter changes up
        // to 3 luma samples left of that edge.
        let previous_edge = (start * 16) as i32;
        RefreshZone {
            intra_start: start,
            intra_end: end,
            clean_read_limit: previous_edge - 3,
        }
    }

    /// A reference frame was coded under [`Self::zone`]; `kept_rules`: false for an
    /// all-skip picture, which starts the sweep again.
    pub fn advance(&mut self, kept_rules: bool) {
        self.position = if kept_rules {
            (self.position + 1) % self.sweep_length()
        } else {
            0
        };
    }

    /// An IDR frame: everything is clean; the next reference frame starts a sweep.
    pub fn restart(&mut self) {
        self.position = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_picture_in_the_period() {
        // 11 columns in 4 frames.
        let mut r = IntraRefresh::new(4, 11);
        assert_eq!(r.sweep_length(), 4);
        assert_eq!(r.recovery_frame_cnt(), 3);
        let mut bands = Vec::new();
        for _ in 0..5 {
            let z = r.zone();
            bands.push((
                r.starts_sweep(),
                z.intra_start,
                z.intra_end,
                z.clean_read_limit,
            ));
            r.advance(true);
        }
        assert_eq!(
            bands,
            [
                (true, 0, 2, -3),
                (false, 2, 5, 29),
                (false, 5, 8, 77),
                (false, 8, 11, 125),
                (true, 0, 2, -3),
            ]
        );
    }

    #[test]
    fn a_broken_sweep_and_an_idr_frame_start_again() {
        let mut r = IntraRefresh::new(3, 9);
        r.advance(true);
        assert!(!r.starts_sweep());
        r.advance(false);
        assert!(r.starts_sweep());
        r.advance(true);
        r.restart();
        assert!(r.starts_sweep());
        // A period longer than the picture is wide: some frames refresh no column.
        let mut r = IntraRefresh::new(30, 11);
        assert_eq!(r.sweep_length(), 30);
        let mut refreshed = 0;
        for _ in 0..30 {
            let z = r.zone();
            refreshed += z.intra_end - z.intra_start;
            r.advance(true);
        }
        assert_eq!(refreshed, 11);
    }
}
