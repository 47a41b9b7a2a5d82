//! Per-position scaling and quantisation factors of a set of [`ScalingLists`], computed
//! once per stream, and the [`Quant4`] / [`Quant8`] handles through which blocks are
//! quantised and scaled.
//!
//! LevelScale(m, i, j) = weightScale(i, j) · normAdjust(m, i, j) (§8.5.9), with weightScale
//! the list in raster order (the inverse zig-zag scan of §8.5.6 / §8.5.7). The encoder's
//! forward factor is the flat one times 16 / weight, so that quantising and scaling back
//! stays the identity up to rounding whatever the weight.

use std::sync::LazyLock;

use super::scaling_lists::ScalingLists;
use super::scan::{ZIGZAG_4X4, ZIGZAG_8X8};
use super::tables::{
    MF, MF_8X8, NORM_ADJUST_4X4, NORM_ADJUST_8X8, position_class, position_class_8x8,
};

/// One 4x4 list's factors for every qP % 6, raster order.
#[derive(Clone, Debug)]
pub struct List4x4 {
    pub(super) level_scale: [[i32; 16]; 6],
    pub(super) mf: [[i32; 16]; 6],
}

/// One 8x8 list's factors for every qP % 6, raster order.
#[derive(Clone, Debug)]
pub struct List8x8 {
    pub(super) level_scale: [[i32; 64]; 6],
    pub(super) mf: [[i32; 64]; 6],
}

/// The forward factor of a position whose flat factor is `mf` and weight `w`.
fn weighted_mf(mf: i32, w: u8) -> i32 {
    let w = i32::from(w);
    (mf * 16 + w / 2) / w
}

impl List4x4 {
    fn new(list: &[u8; 16]) -> List4x4 {
        let mut weight = [0u8; 16];
        for (idx, &w) in list.iter().enumerate() {
            weight[ZIGZAG_4X4[idx]] = w;
        }
        List4x4 {
            level_scale: std::array::from_fn(|m| {
                std::array::from_fn(|k| {
                    i32::from(weight[k]) * NORM_ADJUST_4X4[m][position_class(k)]
                })
            }),
            mf: std::array::from_fn(|m| {
                std::array::from_fn(|k| weighted_mf(MF[m][position_class(k)], weight[k]))
            }),
        }
    }
}

impl List8x8 {
    fn new(list: &[u8; 64]) -> List8x8 {
        let mut weight = [0u8; 64];
        for (idx, &w) in list.iter().enumerate() {
            weight[ZIGZAG_8X8[idx]] = w;
        }
        List8x8 {
            level_scale: std::array::from_fn(|m| {
                std::array::from_fn(|k| {
                    i32::from(weight[k]) * NORM_ADJUST_8X8[m][position_class_8x8(k)]
                })
            }),
            mf: std::array::from_fn(|m| {
                std::array::from_fn(|k| weighted_mf(MF_8X8[m][position_class_8x8(k)], weight[k]))
            }),
        }
    }
}

/// Factors of all eight lists.
#[derive(Clone, Debug)]
pub struct ScalingTables {
    lists_4x4: [List4x4; 6],
    lists_8x8: [List8x8; 2],
}

/// The flat tables (every stream without a scaling matrix).
pub static FLAT: LazyLock<ScalingTables> =
    LazyLock::new(|| ScalingTables::new(&ScalingLists::flat()));

/// A colour component, selecting among the 4x4 lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    /// Luma.
    Y,
    /// Cb.
    Cb,
    /// Cr.
    Cr,
}

impl ScalingTables {
    /// The factors of `lists`.
    pub fn new(lists: &ScalingLists) -> ScalingTables {
        ScalingTables {
            lists_4x4: std::array::from_fn(|i| List4x4::new(&lists.lists_4x4[i])),
            lists_8x8: std::array::from_fn(|i| List8x8::new(&lists.lists_8x8[i])),
        }
    }

    /// How 4x4 blocks of component `c` in intra (or inter) macroblocks are quantised at
    /// `qp` (QP'Y for luma, QP'c for chroma).
    pub fn quant_4x4(&self, c: Component, intra: bool, qp: u8) -> Quant4<'_> {
        let i = c as usize + if intra { 0 } else { 3 };
        Quant4 {
            qp,
            intra,
            list: &self.lists_4x4[i],
        }
    }

    /// How 8x8 luma blocks of intra (or inter) macroblocks are quantised at `qp`.
    pub fn quant_8x8(&self, intra: bool, qp: u8) -> Quant8<'_> {
        Quant8 {
            qp,
            intra,
            list: &self.lists_8x8[usize::from(!intra)],
        }
    }
}

/// How one 4x4 block is quantised and scaled: its QP, intra or inter (the dead zone) and
/// its scaling list.
#[derive(Clone, Copy, Debug)]
pub struct Quant4<'a> {
    /// qP (QP'Y or QP'c), 0..=51; larger values act as 51.
    pub qp: u8,
    /// An intra macroblock's block (a narrower dead zone).
    pub intra: bool,
    pub(super) list: &'a List4x4,
}

/// How one 8x8 luma block is quantised and scaled.
#[derive(Clone, Copy, Debug)]
pub struct Quant8<'a> {
    /// qP (QP'Y).
    pub qp: u8,
    /// An intra macroblock's block.
    pub intra: bool,
    pub(super) list: &'a List8x8,
}

impl Quant4<'static> {
    /// A luma block with flat scaling (tests and streams without matrices).
    pub fn flat(qp: u8, intra: bool) -> Quant4<'static> {
        FLAT.quant_4x4(Component::Y, intra, qp)
    }
}

impl Quant8<'static> {
    /// An 8x8 block with flat scaling.
    pub fn flat(qp: u8, intra: bool) -> Quant8<'static> {
        FLAT.quant_8x8(intra, qp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_tables_are_sixteen_times_norm_adjust() {
        let q = Quant4::flat(0, true);
        for m in 0..6 {
            for k in 0..16 {
                assert_eq!(
                    q.list.level_scale[m][k],
                    16 * NORM_ADJUST_4X4[m][position_class(k)]
                );
                assert_eq!(q.list.mf[m][k], MF[m][position_class(k)]);
            }
        }
        let q = Quant8::flat(0, false);
        assert_eq!(q.list.level_scale[0][0], 16 * 20);
    }

    #[test]
    fn weights_land_in_raster_order_and_pick_the_list() {
        let t = ScalingTables::new(&ScalingLists::jvt());
        // Scan index 2 of the 4x4 intra list (13) is raster position 4 (row 1, column 0).
        let q = t.quant_4x4(Component::Cb, true, 0);
        assert_eq!(q.list.level_scale[0][4], 13 * 13);
        let q = t.quant_4x4(Component::Cr, false, 0);
        assert_eq!(q.list.level_scale[0][0], 10 * 10);
        // A weight of 32 halves the forward factor, 8 doubles it.
        assert_eq!(weighted_mf(13107, 32), 6554);
        assert_eq!(weighted_mf(13107, 8), 26214);
        let q = t.quant_8x8(false, 0);
        assert_eq!(
            q.list.level_scale[0][63],
            35 * NORM_ADJUST_8X8[0][position_class_8x8(63)]
        );
    }
}
