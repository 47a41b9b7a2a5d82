//! Macroblock coding: analysis (mode decision), residual coding and reconstruction, syntax.
//!
//! [`MbCoder::code`] decides and codes one macroblock; the result goes into a
//! per-macroblock [`MbBits`] (CAVLC bits, or the CABAC bins to replay) so the slice loop can
//! still move the macroblock to a new slice (MaxH264SliceBytes) by re-coding it.

pub mod bframe;
pub mod block_rate;
pub mod bpart;
pub mod cabac_writer;
pub mod inter;
pub mod intra;
pub mod layer;
pub mod residual;
pub mod syntax;

use framepress_bitstream::BitWriter;

use crate::cabac::{BinCounter, BinLog};
use layer::MbLayer;

use crate::cost::ssd;
use crate::intra::Availability;
use crate::mb_info::{MbInfo, MbKind};
use crate::mc::HalfPelPlanes;
use crate::picture::Picture;
use crate::quant::{Component, Quant4, Quant8, ScalingTables, chroma_qp};

/// The slice type of the macroblocks being coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceKind {
    /// Intra only.
    I,
    /// Predicted from list 0.
    P,
    /// Bi-predictive: list 0, list 1, both, or direct.
    B,
}

/// Per-picture coding state shared by all slices.
pub struct PictureState {
    /// Width in macroblocks.
    pub mb_width: usize,
    /// Height in macroblocks.
    pub mb_height: usize,
    /// Coded macroblocks (raster order).
    pub mbs: Vec<MbInfo>,
    /// Intra4x4PredMode per macroblock and 4x4 block (raster); 2 (DC) for other macroblocks,
    /// which is what §8.3.1.1 predicts from them.
    pub intra4x4_modes: Vec<[u8; 16]>,
}

impl PictureState {
    /// Fresh state for a picture.
    pub fn new(mb_width: usize, mb_height: usize) -> PictureState {
        let n = mb_width * mb_height;
        PictureState {
            mb_width,
            mb_height,
            mbs: vec![MbInfo::default(); n],
            intra4x4_modes: vec![[2; 16]; n],
        }
    }
}

/// Which neighbouring macroblocks exist in the current slice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MbAvailability {
    /// A (left).
    pub left: bool,
    /// B (above).
    pub top: bool,
    /// C (above right).
    pub top_right: bool,
    /// D (above left).
    pub top_left: bool,
}

impl MbAvailability {
    /// Availability of the neighbours of `addr` in a slice starting at `slice_first`.
    pub fn of(addr: usize, mb_width: usize, slice_first: usize) -> MbAvailability {
        let (x, y) = (addr % mb_width, addr / mb_width);
        let ok = |dx: isize, dy: isize| {
            let nx = x as isize + dx;
            let ny = y as isize + dy;
            if nx < 0 || ny < 0 || nx >= mb_width as isize {
                return false;
            }
            let a = ny as usize * mb_width + nx as usize;
            a >= slice_first && a < addr
        };
        MbAvailability {
            left: ok(-1, 0),
            top: ok(0, -1),
            top_right: ok(1, -1),
            top_left: ok(-1, -1),
        }
    }

    /// As intra-prediction availability.
    pub fn intra(self) -> Availability {
        Availability {
            left: self.left,
            top: self.top,
            top_right: self.top_right,
            top_left: self.top_left,
        }
    }
}

/// The reference picture of a P slice, with its half-sample planes for motion search.
pub struct Reference<'a> {
    /// The (deblocked, border-extended) reference picture.
    pub picture: &'a Picture,
    /// Its luma half-sample planes.
    pub halfpel: &'a HalfPelPlanes,
    /// Motion vectors of the reference's macroblocks (co-located predictors).
    pub mbs: &'a [MbInfo],
    /// Explicit weighted prediction of this reference index (P slices; default: none).
    pub weights: crate::weighted::RefWeights,
    /// Its PicOrderCnt (implicit bi-prediction weights, temporal direct).
    pub poc: i32,
    /// PicOrderCnt of the entries of its own RefPicList0 and RefPicList1 when it was
    /// coded (temporal direct follows the co-located blocks' references through them).
    pub list_pocs: &'a [Vec<u32>; 2],
}

/// The intra-refresh constraints of one picture (see [`crate::intra_refresh`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshZone {
    /// First macroblock column of the intra band.
    pub intra_start: usize,
    /// End (exclusive) of the intra band.
    pub intra_end: usize,
    /// Clean macroblocks (left of the band) read reference 0 only left of this luma column.
    pub clean_read_limit: i32,
}

impl RefreshZone {
    /// Whether macroblock column `col` is in the intra band.
    pub fn is_intra(&self, col: usize) -> bool {
        (self.intra_start..self.intra_end).contains(&col)
    }

    /// Whether macroblock column `col` is clean (left of the band).
    pub fn is_clean(&self, col: usize) -> bool {
        col < self.intra_start
    }

    /// The largest horizontal vector (quarter samples) a clean partition spanning luma
    /// columns `x..x + w` may use: reading with 6-tap interpolation reaches 3 samples past
    /// the block, which must stay left of the limit.
    pub fn max_mv_x(&self, x: i32, w: i32) -> i32 {
        4 * (self.clean_read_limit - x - w - 3)
    }

    /// Whether Intra_4x4 block (raster index) `block` of a macroblock in column `col` must
    /// not read its above-right samples: they come from the unclean macroblock right of
    /// the band.
    pub fn above_right_is_unclean(&self, col: usize, block: usize) -> bool {
        block == 3 && col + 1 == self.intra_end
    }
}

/// Everything needed to code macroblocks of one slice.
pub struct MbCoder<'a> {
    /// Source picture (macroblock-aligned).
    pub src: &'a Picture,
    /// Reconstruction being built (pre-deblocking).
    pub recon: &'a mut Picture,
    /// RefPicList0 of a P or B slice; empty for I slices.
    pub refs: Vec<Reference<'a>>,
    /// RefPicList1 of a B slice; empty for I and P slices.
    pub refs_l1: Vec<Reference<'a>>,
    /// Picture state.
    pub state: &'a mut PictureState,
    /// First macroblock of the slice.
    pub slice_first: usize,
    /// Slice number within the picture.
    pub slice: u16,
    /// QP_Y of the macroblock being coded: `slice_qp` plus its `qp_offsets` entry.
    pub qp: u8,
    /// λ for SAD/SATD decisions (of `qp`).
    pub lambda: u32,
    /// SliceQP_Y: the slice header's QP, from which macroblocks step by mb_qp_delta.
    pub slice_qp: u8,
    /// Per-macroblock QP offsets (raster order; adaptive quantisation), or `None`: every
    /// macroblock at `slice_qp`.
    pub qp_offsets: Option<&'a [i8]>,
    /// QP_Y,PRED: the QP of the previous macroblock of the slice in decoding order
    /// (`slice_qp` at the start of a slice); macroblocks that send no mb_qp_delta keep it.
    pub qp_pred: u8,
    /// The previous macroblock of the slice sent a non-zero mb_qp_delta (CABAC context).
    pub prev_qp_delta_nonzero: bool,
    /// P pictures only: every macroblock is P_Skip (see `FrameParams::skip_all`).
    pub skip_all: bool,
    /// Intra-refresh constraints of this picture.
    pub refresh: Option<RefreshZone>,
    /// CABAC slices: the engine state the next macroblock starts from (contexts and range;
    /// candidates are counted from it). `None` for CAVLC.
    pub cabac: Option<BinCounter>,
    /// The PPS's transform_8x8_mode_flag: macroblocks may use the 8x8 transform (and I_NxN
    /// ones say which transform they use).
    pub transform_8x8: bool,
    /// B slices with weighted_bipred_idc 2: the current picture's PicOrderCnt, from which
    /// bi-predicted blocks' implicit weights follow. `None`: the plain average.
    pub implicit_poc: Option<i32>,
    /// B slices: temporal direct prediction (`direct_spatial_mv_pred_flag` 0), else spatial.
    pub temporal_direct: bool,
    /// The current picture's PicOrderCnt (B slices; temporal direct).
    pub poc: i32,
    /// The stream's scaling matrices' factors.
    pub scaling: &'a ScalingTables,
    /// The speed level's analysis tools.
    pub tools: crate::speed::AnalysisTools,
}

/// A decided macroblock's entropy-coded form.
#[derive(Clone, Debug)]
pub enum MbBits {
    /// CAVLC: the macroblock's bits (empty for P_Skip, which joins the skip run).
    Cavlc(BitWriter),
    /// CABAC: every bin of the macroblock (mb_skip_flag included), for the slice's engine,
    /// and the bits they take.
    Cabac(BinLog, u32),
}

/// How a macroblock ended up coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// P_Skip: with CAVLC nothing written (the slice adds it to mb_skip_run); with CABAC
    /// an mb_skip_flag.
    Skipped,
    /// Written to the macroblock writer.
    Written,
}

impl<'a> MbCoder<'a> {
    /// Whether this is an inter (P or B) slice.
    pub fn is_p(&self) -> bool {
        !self.refs.is_empty()
    }

    /// Whether this is a B slice.
    pub fn is_b(&self) -> bool {
        !self.refs_l1.is_empty()
    }

    /// The slice type.
    pub fn slice_kind(&self) -> SliceKind {
        if self.is_b() {
            SliceKind::B
        } else if self.is_p() {
            SliceKind::P
        } else {
            SliceKind::I
        }
    }

    /// The weights bi-prediction from `refs` (list 0, list 1 indices) uses: implicit ones
    /// by picture order (weighted_bipred_idc 2), else the average.
    pub fn bipred_weights(&self, refs: [i8; 2]) -> (i32, i32) {
        let poc = |list: usize| {
            self.list(list)
                .get(refs[list].max(0) as usize)
                .map(|r| r.poc)
        };
        match (self.implicit_poc, poc(0), poc(1)) {
            (Some(cur), Some(p0), Some(p1)) => crate::weighted::implicit_weights(cur, p0, p1),
            _ => (32, 32),
        }
    }

    /// Reference list `list` (0 or 1).
    pub fn list(&self, list: usize) -> &[Reference<'_>] {
        if list == 0 { &self.refs } else { &self.refs_l1 }
    }

    /// Chroma QP for the current QP.
    pub fn qpc(&self) -> u8 {
        chroma_qp(self.qp, 0)
    }

    /// How this macroblock's 4x4 luma blocks are quantised (intra or inter list).
    pub fn quant_luma(&self, intra: bool) -> Quant4<'a> {
        self.scaling.quant_4x4(Component::Y, intra, self.qp)
    }

    /// How this macroblock's chroma blocks of component `c` are quantised (at QP'c).
    pub fn quant_chroma(&self, c: Component, intra: bool) -> Quant4<'a> {
        self.scaling.quant_4x4(c, intra, self.qpc())
    }

    /// How this macroblock's 8x8 luma blocks are quantised.
    pub fn quant_8x8(&self, intra: bool) -> Quant8<'a> {
        self.scaling.quant_8x8(intra, self.qp)
    }

    /// Starts a slice: QP prediction restarts from the slice QP.
    pub fn start_slice(&mut self) {
        self.qp_pred = self.slice_qp;
        self.prev_qp_delta_nonzero = false;
        self.qp = self.slice_qp;
        self.lambda = crate::cost::lambda(self.qp);
    }

    /// Decides and codes macroblock `addr`, leaving its syntax in `out`: with CAVLC the bits
    /// after any skip run (which the caller writes), with CABAC every bin.
    ///
    /// The macroblock is quantised at its own QP (the slice QP plus its adaptive offset);
    /// its mb_qp_delta steps there from the previous macroblock's. A macroblock that sends
    /// no mb_qp_delta (skipped, or no residual outside Intra_16x16) has, for the decoder,
    /// the previous macroblock's QP: that is what deblocking and the next delta use.
    pub fn code(&mut self, addr: usize, out: &mut MbBits) -> Coded {
        // Offsets are kept symmetric around the slice QP: near QP 0 or 51 one side would
        // clip and shift the picture's rate (measured: a 1 Mbit/s target at 176x144
        // undershot by 15 % with the frame QP at 0 and only the coarser offsets left).
        let room = i32::from(self.slice_qp).min(51 - i32::from(self.slice_qp));
        let offset = self.qp_offsets.and_then(|o| o.get(addr)).copied();
        let offset = i32::from(offset.unwrap_or(0)).clamp(-room, room);
        self.qp = (i32::from(self.slice_qp) + offset) as u8;
        self.lambda = crate::cost::lambda(self.qp);
        let coded = self.decide(addr, out);
        let info = &mut self.state.mbs[addr];
        let qp = if sends_qp_delta(info) {
            self.qp
        } else {
            self.qp_pred
        };
        info.qp = qp;
        self.prev_qp_delta_nonzero = qp != self.qp_pred;
        self.qp_pred = qp;
        coded
    }

    /// mb_qp_delta of a macroblock at `self.qp`: the step from `qp_pred`, wrapped into
    /// −26..=25 (§7.4.5).
    fn qp_delta(&self) -> i32 {
        let d = i32::from(self.qp) - i32::from(self.qp_pred);
        if d > 25 {
            d - 52
        } else if d < -26 {
            d + 52
        } else {
            d
        }
    }

    /// [`Self::code`]'s decision: candidates found by cheap analysis (P_Skip, the best
    /// 16x16 motion vector, the best Intra_16x16 mode, Intra_4x4) are each coded for real;
    /// the one with the lowest SSD + λ·bits wins (rate–distortion decision on the
    /// finalists).
    fn decide(&mut self, addr: usize, out: &mut MbBits) -> Coded {
        let avail = MbAvailability::of(addr, self.state.mb_width, self.slice_first);
        if self.skip_all && self.is_b() {
            bframe::code_as_predicted_skip(self, addr);
            *out = self.entropy(addr, avail, None).1;
            return Coded::Skipped;
        }
        if self.skip_all && self.is_p() {
            inter::code_as_predicted_skip(self, addr);
            *out = self.entropy(addr, avail, None).1;
            return Coded::Skipped;
        }
        let mut candidates: Vec<Candidate> = Vec::with_capacity(5);
        let (intra_cost, i16_mode) = intra::estimate_16x16(self, addr, avail);
        let col = addr % self.state.mb_width;
        let refresh = self.refresh;
        // The cheapest inter plan's analysis cost (`None`: intra only).
        let inter_cost = if self.is_b() {
            let (direct, plans) = match bframe::analyse(self, addr) {
                Ok(p) => p,
                Err(coded) => {
                    *out = self.entropy(addr, avail, None).1;
                    return coded;
                }
            };
            let inter_cost = plans.first().map_or(u32::MAX, |p| p.cost);
            if let Some(direct) = direct {
                candidates.push(Candidate::BSkip(direct));
                candidates.push(Candidate::BDirect(direct, false));
            }
            for p in plans
                .into_iter()
                .take(usize::from(self.tools.inter_finalists))
            {
                candidates.push(Candidate::B(p));
            }
            Some(inter_cost)
        } else if self.is_p() && !refresh.is_some_and(|z| z.is_intra(col)) {
            let plans = match inter::analyse(self, addr) {
                Ok(p) => p,
                Err(coded) => {
                    *out = self.entropy(addr, avail, None).1;
                    return coded;
                }
            };
            let inter_cost = plans.first().map_or(u32::MAX, |p| p.cost);
            let skip_mv = plans.first().map_or([0, 0], |p| p.skip_mv);
            if inter::skip_allowed(self, addr, skip_mv) {
                candidates.push(Candidate::Skip(skip_mv));
            }
            // The cheapest partitionings go to the RD decision.
            for p in plans
                .into_iter()
                .take(usize::from(self.tools.inter_finalists))
            {
                candidates.push(Candidate::Inter(p));
            }
            Some(inter_cost)
        } else {
            None
        };
        // Intra unless inter is far better: under fast motion (bikes) intra macroblocks in P
        // pictures win often, and a tighter gate (1.5x) cost 4 % BD-rate there.
        if inter_cost.is_none_or(|c| (intra_cost as u64) < c as u64 * 8) {
            candidates.push(Candidate::I16x16(i16_mode));
            let gate = u64::from(self.tools.small_intra_gate_quarters);
            if inter_cost.is_none_or(|c| {
                self.tools.small_intra_in_inter && (intra_cost as u64) * 4 < c as u64 * gate
            }) {
                candidates.push(Candidate::I4x4);
                // Intra_8x8 (High profiles); not with intra refresh, whose clean-area rules
                // are written for 4x4 blocks.
                if self.transform_8x8 && refresh.is_none() {
                    candidates.push(Candidate::I8x8);
                }
            }
        }
        if !self.tools.rd_decision
            && let Some(inter) = inter_cost
        {
            // No RD decision: the estimate picks the one mode to code.
            let intra_wins = intra_cost < inter;
            candidates.retain(|c| match c {
                Candidate::Inter(_) | Candidate::B(_) => !intra_wins,
                Candidate::I16x16(_) => intra_wins,
                _ => false,
            });
            candidates.truncate(1);
            if candidates.is_empty() {
                candidates.push(Candidate::I16x16(i16_mode));
            }
        }
        let lambda2 = lambda_ssd(self.qp);
        if self.transform_8x8 && self.tools.rd_decision {
            // Every inter finalist also with the 8x8 transform (High profiles). Measured
            // against re-coding only the winner that way: carphone −0.95 %, bikes −1.9 %
            // BD-rate for 15 % more time.
            let limit = if self.tools.transform_8x8_every_finalist {
                candidates.len()
            } else {
                1
            };
            let with_8x8: Vec<Candidate> = candidates
                .iter()
                .filter_map(Candidate::with_8x8)
                .take(limit)
                .collect();
            candidates.extend(with_8x8);
        }
        let mut best: Option<(u64, Snapshot, MbBits, Coded)> = None;
        let mut best_index = 0;
        for (i, cand) in candidates.iter().enumerate() {
            if self.try_candidate(addr, avail, cand, lambda2, &mut best) {
                best_index = i;
            }
        }
        let winner = candidates.get(best_index);
        let refine = self.tools.rd_refine;
        if let Some(Candidate::Inter(plan)) = winner
            && refine
            && plan.mode == inter::PartMode::P16x16
        {
            // RD refinement of the winning vector: its quarter-sample neighbours, coded for
            // real (SATD ranks sub-sample positions well but not exactly). Measured on bikes:
            // −0.4 % BD-rate for 10 % more time (x264 does this from subme 8).
            let centre = plan.mvs[0];
            let mv_x_limit = refresh
                .filter(|z| z.is_clean(col))
                .map_or(i32::MAX, |z| z.max_mv_x(col as i32 * 16, 16));
            for &(dx, dy) in &QPEL_NEIGHBOURS {
                if i32::from(centre[0]) + i32::from(dx) > mv_x_limit {
                    continue;
                }
                let mut p = plan.clone();
                p.mvs[0] = [centre[0] + dx, centre[1] + dy];
                self.try_candidate(addr, avail, &Candidate::Inter(p), lambda2, &mut best);
            }
        }
        if let Some(Candidate::B(plan)) = winner
            && refine
            && plan.mode == inter::PartMode::P16x16
        {
            // The same refinement for 16x16 B vectors, one list at a time (the 4 nearest
            // positions for each list of a bi-predicted macroblock).
            let part = plan.parts[0];
            for list in (0..2).filter(|&l| part.dir.uses(l)) {
                let steps = if part.dir == layer::PredDir::Bi {
                    &QPEL_NEIGHBOURS[..4]
                } else {
                    &QPEL_NEIGHBOURS[..]
                };
                let centre = part.mvs[list];
                for &(dx, dy) in steps {
                    let mut p = plan.clone();
                    p.parts[0].mvs[list] = [centre[0] + dx, centre[1] + dy];
                    self.try_candidate(addr, avail, &Candidate::B(p), lambda2, &mut best);
                }
            }
        }
        match best {
            Some((_, snap, bits, coded)) => {
                self.restore(addr, &snap);
                *out = bits;
                coded
            }
            None => Coded::Skipped,
        }
    }

    /// Codes `cand` and keeps it in `best` when its SSD + λ·bits is lower; returns whether
    /// it was.
    fn try_candidate(
        &mut self,
        addr: usize,
        avail: MbAvailability,
        cand: &Candidate,
        lambda2: u64,
        best: &mut Option<(u64, Snapshot, MbBits, Coded)>,
    ) -> bool {
        let mut layer = self.run(addr, cand, avail);
        if let Some(l) = &mut layer {
            l.qp_delta = self.qp_delta();
            l.annotate(&mut self.state.mbs[addr]);
        }
        let coded = if layer.is_some() {
            Coded::Written
        } else {
            Coded::Skipped
        };
        let (bits, out) = self.entropy(addr, avail, layer.as_ref());
        let j = self.mb_ssd(addr) + lambda2 * bits;
        if best.as_ref().is_none_or(|(bj, ..)| j < *bj) {
            *best = Some((j, self.snapshot(addr), out, coded));
            true
        } else {
            false
        }
    }

    /// Codes `cand` (reconstruction and state); returns its syntax, `None` for P_Skip.
    fn run(&mut self, addr: usize, cand: &Candidate, avail: MbAvailability) -> Option<MbLayer> {
        match cand {
            Candidate::Skip(mv) => {
                inter::code_as_skip(self, addr, *mv);
                None
            }
            Candidate::Inter(plan) => inter::code_as_inter(self, addr, avail, plan),
            Candidate::BSkip(d) => {
                bframe::code_as_skip(self, addr, d);
                None
            }
            Candidate::BDirect(d, t8) => bframe::code_as_direct(self, addr, avail, d, *t8),
            Candidate::B(plan) => bframe::code_as_b(self, addr, avail, plan),
            Candidate::I16x16(mode) => Some(intra::code_as_i16x16(self, addr, avail, *mode)),
            Candidate::I4x4 => Some(intra::code_as_i4x4(self, addr, avail)),
            Candidate::I8x8 => Some(intra::code_as_i8x8(self, addr, avail)),
        }
    }

    /// The entropy-coded form of the macroblock just coded (`layer`, or P_Skip when `None`)
    /// and its size in bits. CAVLC counts a skipped macroblock as one bit and adds one to a
    /// coded one for the skip run it ends; CABAC counts every bin exactly.
    fn entropy(
        &self,
        addr: usize,
        avail: MbAvailability,
        layer: Option<&MbLayer>,
    ) -> (u64, MbBits) {
        match &self.cabac {
            None => {
                let mut w = BitWriter::with_capacity(64);
                let Some(layer) = layer else {
                    return (1, MbBits::Cavlc(w));
                };
                let nc = syntax::NcContext {
                    state: self.state,
                    addr,
                    avail,
                };
                layer.write_cavlc(&mut w, &nc, self.slice_kind());
                (w.bit_len() + 1, MbBits::Cavlc(w))
            }
            Some(base) => {
                let mut e = base.clone();
                let mut nb =
                    cabac_writer::CabacNeighbours::of(self.state, addr, avail, self.slice_kind());
                nb.prev_qp_delta_nonzero = self.prev_qp_delta_nonzero;
                match layer {
                    Some(l) => cabac_writer::write_layer(&mut e, &nb, l),
                    None => cabac_writer::write_skip(&mut e, &nb),
                }
                let bits = e.bits();
                (u64::from(bits), MbBits::Cabac(e.into_log(), bits))
            }
        }
    }

    /// The luma position of macroblock `addr`'s top-left sample.
    pub(crate) fn mb_origin(&self, addr: usize) -> (usize, usize) {
        (
            (addr % self.state.mb_width) * 16,
            (addr / self.state.mb_width) * 16,
        )
    }

    /// SSD of the macroblock's reconstruction (luma and chroma) against the source.
    fn mb_ssd(&self, addr: usize) -> u64 {
        let (x, y) = self.mb_origin(addr);
        let block =
            |s: &crate::picture::Plane, r: &crate::picture::Plane, x: usize, y: usize, n: usize| {
                let si = s.index(x as isize, y as isize);
                let ri = r.index(x as isize, y as isize);
                ssd(&s.data[si..], s.stride, &r.data[ri..], r.stride, n, n)
            };
        block(&self.src.y, &self.recon.y, x, y, 16)
            + block(&self.src.cb, &self.recon.cb, x / 2, y / 2, 8)
            + block(&self.src.cr, &self.recon.cr, x / 2, y / 2, 8)
    }

    fn snapshot(&self, addr: usize) -> Snapshot {
        let (x, y) = self.mb_origin(addr);
        let mut s = Snapshot {
            luma: [0; 256],
            cb: [0; 64],
            cr: [0; 64],
            info: self.state.mbs[addr],
            modes: self.state.intra4x4_modes[addr],
        };
        self.recon.y.read_block(x, y, 16, 16, &mut s.luma);
        self.recon.cb.read_block(x / 2, y / 2, 8, 8, &mut s.cb);
        self.recon.cr.read_block(x / 2, y / 2, 8, 8, &mut s.cr);
        s
    }

    fn restore(&mut self, addr: usize, s: &Snapshot) {
        let (x, y) = self.mb_origin(addr);
        self.recon.y.write_block(x, y, 16, 16, &s.luma);
        self.recon.cb.write_block(x / 2, y / 2, 8, 8, &s.cb);
        self.recon.cr.write_block(x / 2, y / 2, 8, 8, &s.cr);
        self.state.mbs[addr] = s.info;
        self.state.intra4x4_modes[addr] = s.modes;
    }

    /// Stores the coded macroblock's info.
    pub fn finish(&mut self, addr: usize, mut info: MbInfo) {
        info.slice = self.slice;
        info.qp = self.qp;
        if info.kind == MbKind::Intra {
            info.ref_idx = [-1; 4];
            info.ref_idx_l1 = [-1; 4];
        } else {
            self.state.intra4x4_modes[addr] = [2; 16];
        }
        self.state.mbs[addr] = info;
    }
}

/// Whether a coded macroblock sends mb_qp_delta: Intra_16x16 always, others when they
/// code any residual (§7.3.5).
fn sends_qp_delta(info: &MbInfo) -> bool {
    info.kind != MbKind::Skip && (info.i16x16 || info.cbp != 0)
}

/// The quarter-sample neighbours the RD refinement of a vector tries: the four nearest,
/// then the diagonals.
const QPEL_NEIGHBOURS: [(i16, i16); 8] = [
    (-1, 0),
    (1, 0),
    (0, -1),
    (0, 1),
    (-1, -1),
    (1, -1),
    (-1, 1),
    (1, 1),
];

/// A macroblock coding option that survived analysis.
#[derive(Clone)]
enum Candidate {
    Skip(crate::mvpred::Mv),
    Inter(inter::InterPlan),
    BSkip(crate::direct::DirectMotion),
    /// B_Direct_16x16, with the 8x8 transform when the flag is set.
    BDirect(crate::direct::DirectMotion, bool),
    B(bframe::BPlan),
    I16x16(crate::intra::Intra16x16Mode),
    I4x4,
    I8x8,
}

impl Candidate {
    /// The same inter candidate with the 8x8 transform (`None` for skips and intra).
    fn with_8x8(&self) -> Option<Candidate> {
        match self {
            Candidate::Inter(p) => Some(Candidate::Inter(inter::InterPlan {
                transform_8x8: true,
                ..p.clone()
            })),
            Candidate::B(p) => Some(Candidate::B(bframe::BPlan {
                transform_8x8: true,
                ..p.clone()
            })),
            Candidate::BDirect(d, _) => Some(Candidate::BDirect(*d, true)),
            _ => None,
        }
    }
}

/// A coded macroblock's reconstruction and state, to keep the best candidate.
struct Snapshot {
    luma: [u8; 256],
    cb: [u8; 64],
    cr: [u8; 64],
    info: MbInfo,
    modes: [u8; 16],
}

/// λ of the RD choice of levels (quantisation), below the mode-decision λ: levels feed every
/// later picture through the references, so they are worth more than one block's RD
/// balance says. Measured, BD-rate on carphone and bikes: with CAVLC λ/2 beats λ and λ/4;
/// with CABAC (whose levels are cheaper, and estimated rather than counted) 3λ/4 beats λ/2
/// by 0.8 and 0.3 %, and 3λ/8, λ and 11λ/8 are worse.
pub fn level_lambda(qp: u8, cabac: bool) -> u64 {
    if cabac {
        lambda_ssd(qp) * 3 / 4
    } else {
        lambda_ssd(qp) / 2
    }
}

/// λ for SSD-based decisions: 0.85 · 2^((QP − 12) / 3) (JM's mode-decision λ).
pub fn lambda_ssd(qp: u8) -> u64 {
    (0.85 * 2f64.powf((qp as f64 - 12.0) / 3.0))
        .round()
        .max(1.0) as u64
}
