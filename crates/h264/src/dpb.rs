//! The encoder's model of the decoder's reference pictures (§8.2.5): short-term pictures in
//! a sliding window and, with `EnableLTR`, long-term pictures in [`LTR_SLOTS`] slots, each
//! with the token the receiver acknowledges.
//!
//! The model must agree with every decoder's for the list entries a slice uses. Two rules
//! keep it so even when the receiver lost pictures: short-term references are always the
//! most recent ones (RefPicList0 starts with them in both models), and long-term pictures
//! are addressed by explicit list modification, never by their position after the
//! short-term ones.

use std::collections::VecDeque;

use crate::frame::RefFrame;
use crate::mb_info::MbInfo;
use crate::mc::HalfPelPlanes;
use crate::params::sps::LOG2_MAX_FRAME_NUM;
use crate::picture::Picture;

/// Long-term slots (`LongTermFrameIdx` 0 and 1): a new long-term picture goes into the slot
/// not holding the newest acknowledged one, so a refresh always has an acknowledged picture
/// to predict from once the receiver has confirmed any.
pub const LTR_SLOTS: usize = 2;

/// A `memory_management_control_operation` (§7.4.3.3) of a picture's
/// `dec_ref_pic_marking()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mmco {
    /// 1: a short-term picture is no longer used for reference.
    ForgetShortTerm {
        /// `difference_of_pic_nums_minus1`.
        difference_of_pic_nums_minus1: u32,
    },
    /// 4: `MaxLongTermFrameIdx` = the value − 1.
    MaxLongTermFrameIdxPlus1(u32),
    /// 6: the current picture becomes long-term with this `LongTermFrameIdx`.
    MarkCurrentLongTerm(u32),
}

impl Mmco {
    /// The operation code and its argument.
    pub fn code(self) -> (u32, u32) {
        match self {
            Mmco::ForgetShortTerm {
                difference_of_pic_nums_minus1,
            } => (1, difference_of_pic_nums_minus1),
            Mmco::MaxLongTermFrameIdxPlus1(v) => (4, v),
            Mmco::MarkCurrentLongTerm(idx) => (6, idx),
        }
    }
}

struct ShortTerm {
    frame: RefFrame,
    frame_num: u32,
    /// A B-pyramid's reference B picture.
    b_ref: bool,
}

/// A long-term reference picture.
pub struct LongTerm {
    /// The picture.
    pub frame: RefFrame,
    /// Its `RequireLTRAcknowledgementToken`.
    pub token: i64,
    /// Whether the receiver confirmed it (`AcknowledgedLTRTokens`).
    pub acknowledged: bool,
    /// Order of marking (larger = newer).
    marked: u64,
}

/// Reference pictures as every decoder holds them.
pub struct Dpb {
    /// `max_num_ref_frames` of the SPS.
    max_refs: usize,
    /// Most recent first.
    short: VecDeque<ShortTerm>,
    long: [Option<LongTerm>; LTR_SLOTS],
    /// How many of the newest short-term pictures may be predicted from: after a refresh,
    /// only those coded since (the receiver may have lost or broken the older ones).
    usable_short: usize,
    marks: u64,
}

impl Dpb {
    /// An empty buffer for an SPS with `max_refs` reference frames.
    pub fn new(max_refs: usize) -> Dpb {
        Dpb {
            max_refs: max_refs.max(1),
            short: VecDeque::new(),
            long: [None, None],
            usable_short: 0,
            marks: 0,
        }
    }

    /// Whether it holds no picture (before the first frame).
    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.iter().all(Option::is_none)
    }

    /// An IDR picture: every reference is dropped.
    pub fn clear(&mut self) {
        self.short.clear();
        self.long = [None, None];
        self.usable_short = 0;
    }

    /// Marks the newest short-term picture as a B-pyramid's reference B picture.
    pub fn mark_newest_as_b_ref(&mut self) {
        if let Some(s) = self.short.front_mut() {
            s.b_ref = true;
        }
    }

    /// RefPicList0 of a P picture with the B-pyramid's reference B pictures moved behind
    /// the P and I ones (they are coarser and farther from the next P picture in time),
    /// at most `limit` entries; and the frame_num of each entry, for the
    /// ref_pic_list_modification() that orders a decoder's list so. `None` when the
    /// default order (descending frame_num) is that order already.
    ///
    /// With `strict` (a strict B-pyramid) the reference B pictures are left out: P pictures
    /// predict from P and I pictures only.
    pub fn p_list_anchors_first(
        &self,
        limit: usize,
        strict: bool,
    ) -> Option<(Vec<&RefFrame>, Vec<u32>)> {
        let usable: Vec<&ShortTerm> = self.short.iter().take(self.usable_short).collect();
        let mut ordered: Vec<&ShortTerm> = usable.iter().copied().filter(|s| !s.b_ref).collect();
        if !strict {
            ordered.extend(usable.iter().copied().filter(|s| s.b_ref));
        }
        ordered.truncate(limit);
        let default: Vec<u32> = usable.iter().take(limit).map(|s| s.frame_num).collect();
        let nums: Vec<u32> = ordered.iter().map(|s| s.frame_num).collect();
        (nums != default).then(|| (ordered.iter().map(|s| &s.frame).collect(), nums))
    }

    /// The newest usable short-term pictures, at most `limit` (RefPicList0's start).
    pub fn short_refs(&self, limit: usize) -> Vec<&RefFrame> {
        self.short
            .iter()
            .take(self.usable_short.min(limit))
            .map(|s| &s.frame)
            .collect()
    }

    /// RefPicList0 and RefPicList1 of a B picture with PicOrderCnt `poc` (§8.2.4.2.3),
    /// truncated to what framepress uses: the newest `l0_max` pictures before it (list 0
    /// starts with descending POC) and the first picture after it (list 1 starts with
    /// ascending POC). The lists' further entries are never referenced, so neither is
    /// reordered.
    ///
    /// With `strict` (a strict B-pyramid) list 0 ends before the first reference B picture
    /// of an earlier run of B-frames: B pictures predict from their own run's reference B
    /// picture and from P and I pictures only.
    pub fn b_lists(
        &self,
        poc: u32,
        l0_max: usize,
        strict: bool,
    ) -> (Vec<&RefFrame>, Vec<&RefFrame>) {
        let usable = || self.short.iter().take(self.usable_short);
        let mut before: Vec<&ShortTerm> = usable().filter(|s| s.frame.poc < poc).collect();
        before.sort_by_key(|s| std::cmp::Reverse(s.frame.poc));
        if strict
            && let Some(anchor) = before.iter().position(|s| !s.b_ref)
            && let Some(end) = before.iter().skip(anchor).position(|s| s.b_ref)
        {
            before.truncate(anchor + end);
        }
        before.truncate(l0_max.max(1));
        let before = before.into_iter().map(|s| &s.frame).collect();
        let usable = || usable().map(|s| &s.frame);
        let after = usable()
            .filter(|f| f.poc > poc)
            .min_by_key(|f| f.poc)
            .into_iter()
            .collect();
        (before, after)
    }

    /// The long-term picture in `slot`.
    pub fn long_term(&self, slot: usize) -> Option<&LongTerm> {
        self.long.get(slot).and_then(Option::as_ref)
    }

    /// The slot of the newest long-term picture (acknowledged ones only when
    /// `acknowledged`).
    pub fn newest_long_term(&self, acknowledged: bool) -> Option<usize> {
        (0..LTR_SLOTS)
            .filter_map(|i| self.long[i].as_ref().map(|l| (i, l)))
            .filter(|(_, l)| l.acknowledged || !acknowledged)
            .max_by_key(|(_, l)| l.marked)
            .map(|(i, _)| i)
    }

    /// The slot a new long-term picture goes into: an empty one, else the older one unless
    /// that is the newest acknowledged picture.
    pub fn slot_for_new_long_term(&self) -> usize {
        if let Some(empty) = self.long.iter().position(Option::is_none) {
            return empty;
        }
        let keep = self.newest_long_term(true);
        (0..LTR_SLOTS)
            .filter(|i| Some(*i) != keep)
            .min_by_key(|i| self.long[*i].as_ref().map_or(0, |l| l.marked))
            .unwrap_or(0)
    }

    /// Marks the long-term pictures whose tokens are in `tokens` acknowledged; unknown
    /// tokens (of pictures already replaced, or never issued) are ignored.
    pub fn acknowledge(&mut self, tokens: &[i64]) {
        for l in self.long.iter_mut().flatten() {
            if tokens.contains(&l.token) {
                l.acknowledged = true;
            }
        }
    }

    /// After this picture only pictures from it onwards are short-term references (a
    /// refresh after a loss).
    pub fn forget_short_term_for_prediction(&mut self) {
        self.usable_short = 0;
    }

    /// The marking operations that make the current picture (`frame_num`) long-term in
    /// `slot`, dropping the oldest short-term picture when the buffer would overflow
    /// (adaptive marking replaces the sliding window for this picture).
    pub fn long_term_marking(&self, slot: usize, frame_num: u32) -> Vec<Mmco> {
        let mut ops = vec![Mmco::MaxLongTermFrameIdxPlus1(LTR_SLOTS as u32)];
        let long_after = self.long_count() + usize::from(self.long[slot].is_none());
        if self.short.len() + long_after > self.max_refs
            && let Some(oldest) = self.short.back()
        {
            let difference = i64::from(frame_num) - pic_num(oldest.frame_num, frame_num);
            ops.push(Mmco::ForgetShortTerm {
                difference_of_pic_nums_minus1: (difference - 1).max(0) as u32,
            });
        }
        ops.push(Mmco::MarkCurrentLongTerm(slot as u32));
        ops
    }

    /// Stores a coded short-term reference picture (with its macroblocks' motion, the POCs
    /// of the lists it was coded with, and its PicOrderCnt `poc`) by the sliding window
    /// (§8.2.5.3).
    pub fn store_short_term(
        &mut self,
        picture: Picture,
        mbs: Vec<MbInfo>,
        list_pocs: [Vec<u32>; 2],
        frame_num: u32,
        poc: u32,
    ) {
        let reuse = if self.short.len() + self.long_count() >= self.max_refs {
            self.short.pop_back().map(|s| s.frame.halfpel)
        } else {
            None
        };
        let mut frame = ref_frame(picture, mbs, list_pocs, reuse);
        frame.poc = poc;
        self.short.push_front(ShortTerm {
            frame,
            frame_num,
            b_ref: false,
        });
        self.usable_short = (self.usable_short + 1).min(self.short.len());
    }

    /// Stores a coded picture as long-term in `slot` with `token`, applying the operations
    /// [`Self::long_term_marking`] gave (or, for an IDR picture, `long_term_reference_flag`).
    pub fn store_long_term(
        &mut self,
        picture: Picture,
        mbs: Vec<MbInfo>,
        list_pocs: [Vec<u32>; 2],
        slot: usize,
        token: i64,
        ops: &[Mmco],
    ) {
        let mut reuse = self.long[slot].take().map(|l| l.frame.halfpel);
        if ops
            .iter()
            .any(|op| matches!(op, Mmco::ForgetShortTerm { .. }))
            && let Some(old) = self.short.pop_back()
        {
            reuse = reuse.or(Some(old.frame.halfpel));
        }
        self.usable_short = self.usable_short.min(self.short.len());
        self.marks += 1;
        self.long[slot] = Some(LongTerm {
            frame: ref_frame(picture, mbs, list_pocs, reuse),
            token,
            acknowledged: false,
            marked: self.marks,
        });
    }

    /// frame_num of the short-term pictures, newest first (for tests).
    #[cfg(test)]
    fn short_frame_nums(&self) -> Vec<u32> {
        self.short.iter().map(|s| s.frame_num).collect()
    }

    fn long_count(&self) -> usize {
        self.long.iter().flatten().count()
    }
}

/// `PicNum` of a short-term frame with `frame_num` seen from a picture with `current`
/// (FrameNumWrap of §8.2.4.1: frame numbers above the current one are from before a wrap).
fn pic_num(frame_num: u32, current: u32) -> i64 {
    if frame_num > current {
        i64::from(frame_num) - (1i64 << LOG2_MAX_FRAME_NUM)
    } else {
        i64::from(frame_num)
    }
}

fn ref_frame(
    picture: Picture,
    mbs: Vec<MbInfo>,
    list_pocs: [Vec<u32>; 2],
    reuse: Option<HalfPelPlanes>,
) -> RefFrame {
    let halfpel = match reuse {
        Some(mut h) => {
            h.compute(&picture.y);
            h
        }
        None => HalfPelPlanes::new(&picture.y),
    };
    RefFrame {
        picture,
        halfpel,
        mbs,
        poc: 0,
        list_pocs,
    }
}

#[cfg(test)]
#[path = "dpb_tests.rs"]
mod tests;
