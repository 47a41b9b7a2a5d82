//! Macroblock coding: analysis (mode decision), residual coding and reconstruction, syntax.
//!
//! [`MbCoder::code`] decides and codes one macroblock; the result is written into a
//! per-macroblock [`BitWriter`] so the slice loop can still move the macroblock to a new
//! slice (MaxH264SliceBytes) by re-coding it.

pub mod inter;
pub mod intra;
pub mod residual;
pub mod syntax;

use framepress_bitstream::BitWriter;

use crate::intra::Availability;
use crate::mb_info::{MbInfo, MbKind};
use crate::mc::HalfPelPlanes;
use crate::picture::Picture;
use crate::quant::chroma_qp;

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
        PictureState { mb_width, mb_height, mbs: vec![MbInfo::default(); n], intra4x4_modes: vec![[2; 16]; n] }
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
        MbAvailability { left: ok(-1, 0), top: ok(0, -1), top_right: ok(1, -1), top_left: ok(-1, -1) }
    }

    /// As intra-prediction availability.
    pub fn intra(self) -> Availability {
        Availability { left: self.left, top: self.top, top_right: self.top_right, top_left: self.top_left }
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
}

/// Everything needed to code macroblocks of one slice.
pub struct MbCoder<'a> {
    /// Source picture (macroblock-aligned).
    pub src: &'a Picture,
    /// Reconstruction being built (pre-deblocking).
    pub recon: &'a mut Picture,
    /// Reference for P slices.
    pub reference: Option<Reference<'a>>,
    /// Picture state.
    pub state: &'a mut PictureState,
    /// First macroblock of the slice.
    pub slice_first: usize,
    /// Slice number within the picture.
    pub slice: u16,
    /// QP_Y.
    pub qp: u8,
    /// λ for SAD/SATD decisions.
    pub lambda: u32,
}

/// How a macroblock ended up coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// P_Skip: nothing written; the slice adds it to mb_skip_run.
    Skipped,
    /// Written to the macroblock writer.
    Written,
}

impl MbCoder<'_> {
    /// Chroma QP for the current QP.
    pub fn qpc(&self) -> u8 {
        chroma_qp(self.qp, 0)
    }

    /// Decides and codes macroblock `addr`, writing its syntax (after any skip run, which the
    /// caller writes) into `w`.
    pub fn code(&mut self, addr: usize, w: &mut BitWriter) -> Coded {
        let avail = MbAvailability::of(addr, self.state.mb_width, self.slice_first);
        if self.reference.is_some()
            && let Some(coded) = inter::code_inter(self, addr, avail, w)
        {
            return coded;
        }
        intra::code_intra(self, addr, avail, w);
        Coded::Written
    }

    /// Stores the coded macroblock's info.
    pub fn finish(&mut self, addr: usize, mut info: MbInfo) {
        info.slice = self.slice;
        info.qp = self.qp;
        if info.kind == MbKind::Intra {
            info.ref_idx = [-1; 4];
        } else {
            self.state.intra4x4_modes[addr] = [2; 16];
        }
        self.state.mbs[addr] = info;
    }
}
