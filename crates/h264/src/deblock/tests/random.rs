//! Random pictures and macroblock decisions, deblocked by the implementation and by the naive
//! reference transcription: the results must be identical.

use super::reference::reference_deblock;
use crate::deblock::{DeblockParams, deblock_picture};
use crate::mb_info::{MbInfo, MbKind};
use crate::picture::{Picture, Plane};

/// xorshift64*: a small deterministic generator for the tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % (hi - lo + 1) as u64) as i32
    }

    fn chance(&mut self, percent: i32) -> bool {
        self.range(0, 99) < percent
    }
}

/// Blocks of `block`×`block` samples around random levels, with small noise: edges between
/// blocks are often, but not always, weak enough to be filtered.
fn fill_blocky(plane: &mut Plane, block: usize, rng: &mut Rng) {
    let mut level = rng.range(40, 215);
    for by in (0..plane.height).step_by(block) {
        for bx in (0..plane.width).step_by(block) {
            level = (level + rng.range(-12, 12)).clamp(0, 255);
            if rng.chance(5) {
                level = rng.range(0, 255);
            }
            let noise = rng.range(0, 3);
            for y in by..by + block {
                for x in bx..bx + block {
                    let v = level + rng.range(-noise, noise);
                    plane.row_mut(y)[x] = v.clamp(0, 255) as u8;
                }
            }
        }
    }
}

fn random_mb(rng: &mut Rng, slice: u16) -> MbInfo {
    let kind = match rng.range(0, 9) {
        0..=2 => MbKind::Intra,
        3..=6 => MbKind::Inter,
        _ => MbKind::Skip,
    };
    let qp = if rng.chance(10) {
        rng.range(0, 51)
    } else {
        rng.range(22, 45)
    } as u8;
    let mut mb = MbInfo {
        kind,
        qp,
        slice,
        ..MbInfo::default()
    };
    match kind {
        MbKind::Intra => mb.ref_idx = [-1; 4],
        MbKind::Inter => {
            mb.nonzero_luma = if rng.chance(40) { rng.next() as u16 } else { 0 };
            let base = [rng.range(-6, 6), rng.range(-6, 6)];
            for part in 0..4 {
                mb.ref_idx[part] = if rng.chance(15) { 1 } else { 0 };
            }
            for blk in 0..16 {
                let jitter = if rng.chance(30) { 5 } else { 0 };
                mb.mv[blk] = [
                    (base[0] + rng.range(-jitter, jitter)) as i16,
                    (base[1] + rng.range(-jitter, jitter)) as i16,
                ];
            }
        }
        MbKind::Skip => {
            // ref_idx deliberately left at a non-zero value: P_Skip refers to index 0.
            mb.ref_idx = [1; 4];
            mb.mv = [[rng.range(-6, 6) as i16, rng.range(-6, 6) as i16]; 16];
        }
    }
    mb
}

#[test]
fn random_pictures_match_the_reference() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut changed_samples = 0usize;
    for round in 0..150 {
        let (mb_w, mb_h) = (rng.range(1, 6) as usize, rng.range(1, 5) as usize);
        let mut pic = Picture::new(mb_w, mb_h);
        fill_blocky(&mut pic.y, 4, &mut rng);
        fill_blocky(&mut pic.cb, 2, &mut rng);
        fill_blocky(&mut pic.cr, 2, &mut rng);
        let chroma_qp_index_offset = rng.range(-12, 12) as i8;
        let mut params = Vec::new();
        let mut mbs = Vec::new();
        for _ in 0..mb_w * mb_h {
            if params.is_empty() || rng.chance(15) {
                let disable_deblocking_filter_idc = match rng.range(0, 9) {
                    0 => 1,
                    1..=3 => 2,
                    _ => 0,
                };
                params.push(DeblockParams {
                    disable_deblocking_filter_idc,
                    alpha_c0_offset: 2 * rng.range(-6, 6) as i8,
                    beta_offset: 2 * rng.range(-6, 6) as i8,
                    chroma_qp_index_offset,
                    ..DeblockParams::default()
                });
            }
            mbs.push(random_mb(&mut rng, (params.len() - 1) as u16));
        }
        let before = pic.clone();
        let mut expected = pic.clone();
        reference_deblock(&mut expected, &mbs, &params);
        deblock_picture(&mut pic, &mbs, &params);
        assert!(pic == expected, "round {round}: differs from the reference");
        for (a, b) in [
            (&before.y, &pic.y),
            (&before.cb, &pic.cb),
            (&before.cr, &pic.cr),
        ] {
            changed_samples += a.data.iter().zip(&b.data).filter(|(x, y)| x != y).count();
        }
    }
    // The pictures really exercised the filters.
    assert!(
        changed_samples > 20_000,
        "only {changed_samples} samples changed"
    );
}
