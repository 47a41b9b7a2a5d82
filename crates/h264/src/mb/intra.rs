//! Intra macroblocks: Intra_4x4 and Intra_16x16 luma with chroma intra prediction
//! (§8.3), decided on SATD + λ·bits, coded and reconstructed.

use super::block_rate::{chroma_ac_rate, luma_rate};
use super::layer::{LayerPred, MbLayer};
use super::residual::{ChromaLevels, code_4x4_rdo, code_chroma, code_luma_16x16};
use super::syntax::{BLK_TO_RASTER, blocks_of_8x8};
use super::{MbAvailability, MbCoder};
use crate::cabac::{BitEstimator, intra4x4_pred_mode};
use crate::cost::satd;
use crate::intra::{
    ChromaMode, Intra4x4Mode, Intra16x16Mode, Neighbours4x4, Neighbours8x8, Neighbours16x16,
    NeighboursChroma, block_availability_4x4, block_availability_8x8, predict_4x4, predict_8x8,
    predict_16x16, predict_chroma,
};
use crate::mb_info::{MbInfo, MbKind};
use crate::picture::Plane;
use crate::quant::Component;

fn block_satd(src: &Plane, x: usize, y: usize, pred: &[u8], size: usize) -> u32 {
    let i = src.index(x as isize, y as isize);
    satd(&src.data[i..], src.stride, pred, size, size, size)
}

/// The predicted Intra4x4PredMode of raster block `b` (§8.3.1.1).
fn predicted_mode(
    coder: &MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    cur: &[u8; 16],
    b: usize,
) -> u8 {
    let w = coder.state.mb_width;
    let a = if !b.is_multiple_of(4) {
        Some(cur[b - 1])
    } else if avail.left {
        Some(coder.state.intra4x4_modes[addr - 1][b + 3])
    } else {
        None
    };
    let t = if b / 4 > 0 {
        Some(cur[b - 4])
    } else if avail.top {
        Some(coder.state.intra4x4_modes[addr - w][b + 12])
    } else {
        None
    };
    match (a, t) {
        (Some(a), Some(t)) => a.min(t),
        _ => 2,
    }
}

/// The estimated bits (1/256) of a prev_intra_pred_mode_flag / rem_intra_pred_mode pair
/// for `mode` when `pred_mode` is predicted: exact for CAVLC, estimated for CABAC.
fn mode_bits_q8(contexts: Option<&crate::cabac::Contexts>, mode: u8, pred_mode: u8) -> u64 {
    let rem = (mode != pred_mode).then(|| if mode < pred_mode { mode } else { mode - 1 });
    match contexts {
        None => {
            if rem.is_none() {
                256
            } else {
                4 * 256
            }
        }
        Some(ctx) => {
            let mut e = BitEstimator::new(ctx);
            intra4x4_pred_mode(&mut e, rem);
            u64::from(e.cost)
        }
    }
}

/// SSD of the `n`×`n` reconstruction at (x, y) against the source.
fn recon_ssd(coder: &MbCoder<'_>, x: usize, y: usize, n: usize) -> u64 {
    let si = coder.src.y.index(x as isize, y as isize);
    let ri = coder.recon.y.index(x as isize, y as isize);
    crate::cost::ssd(
        &coder.src.y.data[si..],
        coder.src.y.stride,
        &coder.recon.y.data[ri..],
        coder.recon.y.stride,
        n,
        n,
    )
}

struct I4x4Result {
    modes: [u8; 16],
    levels: [[i32; 16]; 16],
}

/// How many Intra_4x4 modes per block go from the SATD pre-selection to the RD decision.
const I4X4_RD_CANDIDATES: usize = 3;

/// Trial-codes the macroblock as Intra_4x4, leaving its reconstruction in `recon`. Per block,
/// the best few modes by SATD + λ·mode bits are coded for real and the one with the lowest
/// SSD + λ²·(mode bits + residual bits, in the slice's entropy coder) is kept.
fn code_i4x4(coder: &mut MbCoder<'_>, addr: usize, avail: MbAvailability) -> I4x4Result {
    let (mx, my) = (
        (addr % coder.state.mb_width) * 16,
        (addr / coder.state.mb_width) * 16,
    );
    let lambda2 = super::lambda_ssd(coder.qp);
    let contexts = coder.cabac.as_ref().map(|c| c.ctx.clone());
    let mut modes = [2u8; 16];
    let mut levels = [[0i32; 16]; 16];
    let mut totals = [0u8; 16];
    for &b in &BLK_TO_RASTER {
        let (x, y) = (mx + (b % 4) * 4, my + (b / 4) * 4);
        let ba = block_availability_4x4(b, avail.intra());
        let n = Neighbours4x4::gather(&coder.recon.y, x, y, ba);
        let pred_mode = predicted_mode(coder, addr, avail, &modes, b);
        // Intra refresh: the top-right block of the band's last column must not read the
        // unclean samples above right of it.
        let col = addr % coder.state.mb_width;
        let avoid_above_right = avail.top_right
            && coder
                .refresh
                .is_some_and(|z| z.above_right_is_unclean(col, b));
        let mut ranked: Vec<(u32, Intra4x4Mode, [u8; 16])> = Intra4x4Mode::ALL
            .iter()
            .filter(|m| m.is_available(ba))
            .filter(|m| {
                !(avoid_above_right
                    && matches!(
                        m,
                        Intra4x4Mode::DiagonalDownLeft | Intra4x4Mode::VerticalLeft
                    ))
            })
            .map(|&mode| {
                let p = predict_4x4(mode, &n);
                let bits = if mode as u8 == pred_mode { 1 } else { 4 };
                (
                    block_satd(&coder.src.y, x, y, &p, 4) + coder.lambda * bits,
                    mode,
                    p,
                )
            })
            .collect();
        ranked.sort_by_key(|r| r.0);
        ranked.truncate(I4X4_RD_CANDIDATES);
        let rate = luma_rate(
            contexts.as_ref(),
            coder.state,
            addr,
            avail,
            &totals,
            b,
            true,
        );
        let mut best: Option<(u64, Intra4x4Mode, [i32; 16], [u8; 16])> = None;
        for (_, mode, p) in &ranked {
            coder.recon.y.write_block(x, y, 4, 4, p);
            let q = coder.quant_luma(true);
            let l = code_4x4_rdo(
                &coder.src.y,
                &mut coder.recon.y,
                x,
                y,
                q,
                rate,
                super::level_lambda(coder.qp, contexts.is_some()),
            );
            let bits_q8 =
                mode_bits_q8(contexts.as_ref(), *mode as u8, pred_mode) + rate.cost_q8(&l);
            let j = recon_ssd(coder, x, y, 4) + ((lambda2 * bits_q8) >> 8);
            if best.as_ref().is_none_or(|(bj, ..)| j < *bj) {
                let mut rec = [0u8; 16];
                coder.recon.y.read_block(x, y, 4, 4, &mut rec);
                best = Some((j, *mode, l, rec));
            }
        }
        if let Some((_, mode, l, rec)) = best {
            modes[b] = mode as u8;
            coder.recon.y.write_block(x, y, 4, 4, &rec);
            totals[b] = super::residual::count_nonzero(&l);
            levels[b] = l;
        }
    }
    I4x4Result { modes, levels }
}

/// How many Intra_8x8 modes per block go from the SATD pre-selection to the RD decision.
const I8X8_RD_CANDIDATES: usize = 3;

struct I8x8Result {
    /// Intra8x8PredMode of each 8x8 block, repeated over its four 4x4 blocks (raster), as
    /// later blocks' mode prediction reads them (§8.3.1.1, §8.3.2.1).
    modes: [u8; 16],
    /// Levels, interleaved as [`MbLayer::luma`] holds 8x8 blocks.
    levels: [[i32; 16]; 16],
}

/// Trial-codes the macroblock as Intra_8x8 (High profiles), leaving its reconstruction in
/// `recon`: per 8x8 block, as [`code_i4x4`] per 4x4 block, the best few modes by SATD are
/// coded for real and the lowest SSD + λ·bits kept.
fn code_i8x8(coder: &mut MbCoder<'_>, addr: usize, avail: MbAvailability) -> I8x8Result {
    use super::block_rate::luma_8x8_rate;
    use super::residual::{code_8x8_rdo, count_nonzero, interleave_8x8};
    let (mx, my) = coder.mb_origin(addr);
    let lambda2 = super::lambda_ssd(coder.qp);
    let level_lambda = super::level_lambda(coder.qp, coder.cabac.is_some());
    let contexts = coder.cabac.as_ref().map(|c| c.ctx.clone());
    let mut modes = [2u8; 16];
    let mut levels = [[0i32; 16]; 16];
    let mut totals = [0u8; 16];
    for b8 in 0..4 {
        let (x, y) = (mx + (b8 % 2) * 8, my + (b8 / 2) * 8);
        let ba = block_availability_8x8(b8, avail.intra());
        let n = Neighbours8x8::gather(&coder.recon.y, x, y, ba);
        let blocks = blocks_of_8x8(b8);
        let pred_mode = predicted_mode(coder, addr, avail, &modes, blocks[0]);
        let mut ranked: Vec<(u32, Intra4x4Mode, [u8; 64])> = Intra4x4Mode::ALL
            .iter()
            .filter(|m| m.is_available(ba))
            .map(|&mode| {
                let p = predict_8x8(mode, &n);
                let bits = if mode as u8 == pred_mode { 1 } else { 4 };
                (
                    block_satd(&coder.src.y, x, y, &p, 8) + coder.lambda * bits,
                    mode,
                    p,
                )
            })
            .collect();
        ranked.sort_by_key(|r| r.0);
        ranked.truncate(I8X8_RD_CANDIDATES);
        let rate = luma_8x8_rate(contexts.as_ref(), coder.state, addr, avail, &totals, b8);
        let mut best: Option<(u64, Intra4x4Mode, [i32; 64], [u8; 64])> = None;
        for (_, mode, p) in &ranked {
            coder.recon.y.write_block(x, y, 8, 8, p);
            let q = coder.quant_8x8(true);
            let l = code_8x8_rdo(
                &coder.src.y,
                &mut coder.recon.y,
                x,
                y,
                q,
                &rate,
                level_lambda,
            );
            let bits_q8 =
                mode_bits_q8(contexts.as_ref(), *mode as u8, pred_mode) + rate.cost_q8(&l);
            let j = recon_ssd(coder, x, y, 8) + ((lambda2 * bits_q8) >> 8);
            if best.as_ref().is_none_or(|(bj, ..)| j < *bj) {
                let mut rec = [0u8; 64];
                coder.recon.y.read_block(x, y, 8, 8, &mut rec);
                best = Some((j, *mode, l, rec));
            }
        }
        if let Some((_, mode, l, rec)) = best {
            coder.recon.y.write_block(x, y, 8, 8, &rec);
            for (k, piece) in interleave_8x8(&l).into_iter().enumerate() {
                let b = BLK_TO_RASTER[4 * b8 + k];
                totals[b] = count_nonzero(&piece);
                levels[b] = piece;
            }
            for b in blocks {
                modes[b] = mode as u8;
            }
        }
    }
    I8x8Result { modes, levels }
}

/// Codes macroblock `addr` as Intra_8x8 (High profiles) and returns its syntax.
pub fn code_as_i8x8(coder: &mut MbCoder<'_>, addr: usize, avail: MbAvailability) -> MbLayer {
    let i8 = code_i8x8(coder, addr, avail);
    let (cmode, cb, cr) = code_chroma_intra(coder, addr, avail);
    let mut rem = [None; 4];
    let mut done = [2u8; 16];
    for (b8, r) in rem.iter_mut().enumerate() {
        let blocks = blocks_of_8x8(b8);
        let pred = predicted_mode(coder, addr, avail, &done, blocks[0]);
        let m = i8.modes[blocks[0]];
        if m != pred {
            *r = Some(if m < pred { m } else { m - 1 });
        }
        for b in blocks {
            done[b] = m;
        }
    }
    let layer = MbLayer::new(
        LayerPred::I8x8 { rem },
        cmode as u8,
        i8.levels,
        [0; 16],
        cb,
        cr,
    )
    .with_transform(coder.transform_8x8, true);
    let (totals, ctotals) = layer.context_totals(coder.cabac.is_some());
    let info = MbInfo {
        kind: MbKind::Intra,
        total_coeff_luma: totals,
        total_coeff_chroma: ctotals,
        nonzero_luma: nonzero_bits(&totals),
        ..MbInfo::default()
    };
    coder.state.intra4x4_modes[addr] = i8.modes;
    coder.finish(addr, info);
    layer
}

fn best_16x16(
    coder: &MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
) -> (u32, Intra16x16Mode, [u8; 256]) {
    let (mx, my) = (
        (addr % coder.state.mb_width) * 16,
        (addr / coder.state.mb_width) * 16,
    );
    let n = Neighbours16x16::gather(&coder.recon.y, mx, my, avail.intra());
    let mut best: Option<(u32, Intra16x16Mode, [u8; 256])> = None;
    for mode in Intra16x16Mode::ALL {
        if !mode.is_available(avail.intra()) {
            continue;
        }
        let p = predict_16x16(mode, &n);
        let c = block_satd(&coder.src.y, mx, my, &p, 16) + coder.lambda * 2;
        if best.as_ref().is_none_or(|(bc, _, _)| c < *bc) {
            best = Some((c, mode, p));
        }
    }
    best.unwrap_or_else(|| {
        (
            u32::MAX,
            Intra16x16Mode::Dc,
            predict_16x16(Intra16x16Mode::Dc, &n),
        )
    })
}

/// Chooses the chroma mode and codes both components; returns (mode, Cb, Cr).
pub fn code_chroma_intra(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
) -> (ChromaMode, ChromaLevels, ChromaLevels) {
    let (cx, cy) = (
        (addr % coder.state.mb_width) * 8,
        (addr / coder.state.mb_width) * 8,
    );
    let nb = NeighboursChroma::gather(&coder.recon.cb, cx, cy, avail.intra());
    let nr = NeighboursChroma::gather(&coder.recon.cr, cx, cy, avail.intra());
    let mut best: Option<(u32, ChromaMode, [u8; 64], [u8; 64])> = None;
    for mode in ChromaMode::ALL {
        if !mode.is_available(avail.intra()) {
            continue;
        }
        let (pb, pr) = (predict_chroma(mode, &nb), predict_chroma(mode, &nr));
        let c =
            block_satd(&coder.src.cb, cx, cy, &pb, 8) + block_satd(&coder.src.cr, cx, cy, &pr, 8);
        if best.as_ref().is_none_or(|(bc, ..)| c < *bc) {
            best = Some((c, mode, pb, pr));
        }
    }
    let (_, mode, pb, pr) = best.unwrap_or((
        0,
        ChromaMode::Dc,
        predict_chroma(ChromaMode::Dc, &nb),
        predict_chroma(ChromaMode::Dc, &nr),
    ));
    coder.recon.cb.write_block(cx, cy, 8, 8, &pb);
    coder.recon.cr.write_block(cx, cy, 8, 8, &pr);
    let lambda2 = super::lambda_ssd(coder.qp) / 2;
    let contexts = coder.cabac.as_ref().map(|c| c.ctx.clone());
    let ac_rate = chroma_ac_rate(contexts.as_ref(), coder.state, addr, avail, true);
    let (q_cb, q_cr) = (
        coder.quant_chroma(Component::Cb, true),
        coder.quant_chroma(Component::Cr, true),
    );
    let cb = code_chroma(
        &coder.src.cb,
        &mut coder.recon.cb,
        cx,
        cy,
        q_cb,
        lambda2,
        ac_rate,
    );
    let cr = code_chroma(
        &coder.src.cr,
        &mut coder.recon.cr,
        cx,
        cy,
        q_cr,
        lambda2,
        ac_rate,
    );
    (mode, cb, cr)
}

/// The best Intra_16x16 mode by SATD and its cost (for the intra/inter estimate).
pub fn estimate_16x16(
    coder: &MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
) -> (u32, Intra16x16Mode) {
    let (c, m, _) = best_16x16(coder, addr, avail);
    (c, m)
}

/// Codes macroblock `addr` as Intra_4x4 (modes chosen per block on SATD + λ·bits) and
/// returns its syntax.
pub fn code_as_i4x4(coder: &mut MbCoder<'_>, addr: usize, avail: MbAvailability) -> MbLayer {
    let i4 = code_i4x4(coder, addr, avail);
    let (cmode, cb, cr) = code_chroma_intra(coder, addr, avail);
    let mut rem = [None; 16];
    for &b in &BLK_TO_RASTER {
        // Prediction reads only the left and upper blocks, which precede b in decoding order.
        let pred = predicted_mode(coder, addr, avail, &i4.modes, b);
        let m = i4.modes[b];
        if m != pred {
            rem[b] = Some(if m < pred { m } else { m - 1 });
        }
    }
    let layer = MbLayer::new(
        LayerPred::I4x4 { rem },
        cmode as u8,
        i4.levels,
        [0; 16],
        cb,
        cr,
    )
    .with_transform(coder.transform_8x8, false);
    let (totals, ctotals) = layer.totals();
    let info = MbInfo {
        kind: MbKind::Intra,
        total_coeff_luma: totals,
        total_coeff_chroma: ctotals,
        nonzero_luma: nonzero_bits(&totals),
        ..MbInfo::default()
    };
    coder.state.intra4x4_modes[addr] = i4.modes;
    coder.finish(addr, info);
    layer
}

/// Codes macroblock `addr` as Intra_16x16 with `mode` and returns its syntax.
pub fn code_as_i16x16(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    mode: Intra16x16Mode,
) -> MbLayer {
    let (mx, my) = (
        (addr % coder.state.mb_width) * 16,
        (addr / coder.state.mb_width) * 16,
    );
    let n = Neighbours16x16::gather(&coder.recon.y, mx, my, avail.intra());
    let pred16 = predict_16x16(mode, &n);
    coder.recon.y.write_block(mx, my, 16, 16, &pred16);
    let q = coder.quant_luma(true);
    let luma = code_luma_16x16(&coder.src.y, &mut coder.recon.y, mx, my, q);
    let (cmode, cb, cr) = code_chroma_intra(coder, addr, avail);
    let layer = MbLayer::new(
        LayerPred::I16x16 { mode: mode as u8 },
        cmode as u8,
        luma.ac,
        luma.dc,
        cb,
        cr,
    )
    .with_transform(coder.transform_8x8, false);
    let (totals, ctotals) = layer.totals();
    let dc_any = luma.dc.iter().any(|&l| l != 0);
    let info = MbInfo {
        kind: MbKind::Intra,
        total_coeff_luma: totals,
        total_coeff_chroma: ctotals,
        nonzero_luma: if dc_any {
            0xFFFF
        } else {
            nonzero_bits(&totals)
        },
        ..MbInfo::default()
    };
    coder.state.intra4x4_modes[addr] = [2; 16];
    coder.finish(addr, info);
    layer
}

/// Bit i set when raster block i has coefficients.
pub fn nonzero_bits(totals: &[u8; 16]) -> u16 {
    totals
        .iter()
        .enumerate()
        .fold(0u16, |m, (i, &t)| if t > 0 { m | (1 << i) } else { m })
}
