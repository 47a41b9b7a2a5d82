//! The context variables of a slice (§9.3.1.1): a probability state and a most probable
//! symbol per ctxIdx, initialised from the slice QP and the (m, n) tables.

use super::init_tables::{I_SLICE, PB_SLICE_0, PB_SLICE_1, PB_SLICE_2};

/// How many contexts 4:2:0 frame coding uses (ctxIdx 0..=459).
pub const CONTEXT_COUNT: usize = 460;

/// The ctxIdx of `end_of_slice_flag` and of the terminating bin of `mb_type` (I_PCM):
/// coded with [`BinEncoder::terminate`](super::BinEncoder::terminate), never adapted.
pub const TERMINATE_CTX: usize = 276;

/// Which initialisation table a slice uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextTable {
    /// I (and SI) slices.
    Intra,
    /// P, SP and B slices with `cabac_init_idc` 0, 1 or 2.
    Inter(u8),
}

/// Every context of a slice, each as `pStateIdx << 1 | valMPS` in one byte.
#[derive(Clone, PartialEq, Eq)]
pub struct Contexts(pub [u8; CONTEXT_COUNT]);

impl std::fmt::Debug for Contexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Contexts({} states)", CONTEXT_COUNT)
    }
}

impl Contexts {
    /// The contexts at the start of a slice with `SliceQPY` = `qp` (§9.3.1.1).
    pub fn new(table: ContextTable, qp: u8) -> Contexts {
        let mn = match table {
            ContextTable::Intra => &I_SLICE,
            ContextTable::Inter(0) => &PB_SLICE_0,
            ContextTable::Inter(1) => &PB_SLICE_1,
            ContextTable::Inter(_) => &PB_SLICE_2,
        };
        let qp = i32::from(qp.min(51));
        let mut states = [0u8; CONTEXT_COUNT];
        for (s, &[m, n]) in states.iter_mut().zip(mn.iter()) {
            // Arithmetic shift: (m·qp) >> 4 rounds towards −∞, as the standard's ">>" does.
            let pre = (((i32::from(m) * qp) >> 4) + i32::from(n)).clamp(1, 126);
            *s = if pre <= 63 {
                ((63 - pre) as u8) << 1
            } else {
                (((pre - 64) as u8) << 1) | 1
            };
        }
        // ctxIdx 276 is not initialised from a table: pStateIdx 63, valMPS 0 (§9.3.1.1).
        states[TERMINATE_CTX] = 63 << 1;
        Contexts(states)
    }

    /// pStateIdx of context `ctx`.
    #[inline]
    pub fn state(&self, ctx: usize) -> u8 {
        self.0[ctx] >> 1
    }

    /// valMPS of context `ctx`.
    #[inline]
    pub fn mps(&self, ctx: usize) -> bool {
        self.0[ctx] & 1 == 1
    }
}
