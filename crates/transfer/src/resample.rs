//! Separable fixed-point resampling of working planes.
//!
//! Each destination sample is a weighted sum of source samples along x, then along y. Weights
//! are computed once per axis in `f64` and quantised to 14 bits summing exactly to 1, so flat
//! areas stay exactly flat and an unscaled, whole-pixel crop is an exact copy. Edges repeat the
//! border sample. The filters:
//!
//! * enlarging, or shrinking in [`DownsamplingMode::Decimate`]: bilinear interpolation at the
//!   destination sample's centre;
//! * shrinking in [`DownsamplingMode::Average`]: area averaging (each source sample weighted by
//!   how much of the destination cell it covers).
//!
//! A destination chroma sample covers two luma samples, so chroma planes use the luma step and
//! half the luma origin: the chroma stays centred on the luma it belongs to, for odd sizes and
//! odd crop offsets too.

use framepress_core::Result;

use crate::image::{Plane16, RgbImage, YuvImage, alloc, half};
use crate::modes::DownsamplingMode;

const WEIGHT_BITS: u32 = 14;
const ONE: i32 = 1 << WEIGHT_BITS;
/// Fractional bits kept between the horizontal and vertical pass.
const MID_BITS: u32 = 4;

/// The filter along one axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Axis {
    taps: usize,
    starts: Vec<usize>,
    weights: Vec<i32>,
}

impl Axis {
    /// `dst_len` samples; destination sample `j` covers source `[origin + j·step, origin + (j+1)·step)`
    /// of a `src_len`-sample source.
    pub fn new(
        src_len: usize,
        origin: f64,
        step: f64,
        dst_len: usize,
        mode: DownsamplingMode,
    ) -> Result<Axis> {
        let average = step > 1.0 && mode == DownsamplingMode::Average;
        let last = src_len.saturating_sub(1) as f64;
        let clamp = |i: f64| i.clamp(0.0, last) as usize;
        let mut per_sample: Vec<Vec<(usize, f64)>> = Vec::new();
        per_sample
            .try_reserve_exact(dst_len)
            .map_err(|_| alloc_error())?;
        for j in 0..dst_len {
            let mut taps: Vec<(usize, f64)> = Vec::new();
            if average {
                let a = origin + j as f64 * step;
                let b = a + step;
                let mut i = a.floor();
                while i < b {
                    let overlap = b.min(i + 1.0) - a.max(i);
                    if overlap > 0.0 {
                        taps.push((clamp(i), overlap / step));
                    }
                    i += 1.0;
                }
            } else {
                let c = origin + (j as f64 + 0.5) * step - 0.5;
                let i0 = c.floor();
                let f = c - i0;
                taps.push((clamp(i0), 1.0 - f));
                taps.push((clamp(i0 + 1.0), f));
            }
            per_sample.push(taps);
        }
        let span = |t: &[(usize, f64)]| {
            let lo = t.iter().map(|p| p.0).min().unwrap_or(0);
            let hi = t.iter().map(|p| p.0).max().unwrap_or(0);
            (lo, hi)
        };
        let taps = per_sample
            .iter()
            .map(|t| span(t))
            .map(|(lo, hi)| hi - lo + 1)
            .max()
            .unwrap_or(1);
        let mut starts = alloc(dst_len, 0usize)?;
        let mut weights = alloc(dst_len * taps, 0i32)?;
        for (j, t) in per_sample.iter().enumerate() {
            let (lo, _) = span(t);
            let start = lo.min(src_len.saturating_sub(taps));
            starts[j] = start;
            let w = &mut weights[j * taps..(j + 1) * taps];
            for &(i, f) in t {
                w[i - start] += (f * f64::from(ONE)).round() as i32;
            }
            // Quantisation error goes to the heaviest tap so every row sums to exactly one.
            let sum: i32 = w.iter().sum();
            let mut heaviest = 0;
            for k in 1..taps {
                if w[k] > w[heaviest] {
                    heaviest = k;
                }
            }
            w[heaviest] += ONE - sum;
        }
        Ok(Axis {
            taps,
            starts,
            weights,
        })
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn sample(&self, j: usize) -> (usize, &[i32]) {
        (
            self.starts[j],
            &self.weights[j * self.taps..(j + 1) * self.taps],
        )
    }
}

fn alloc_error() -> framepress_core::Error {
    framepress_core::Error::new(
        framepress_core::ErrorKind::AllocationFailed,
        "cannot allocate resampling filter",
    )
}

/// Resamples `src` (samples of at most 12 bits) with the given axes.
pub(crate) fn resample(src: &Plane16, xs: &Axis, ys: &Axis) -> Result<Plane16> {
    let (dw, dh) = (xs.len(), ys.len());
    let mut out = Plane16::filled(dw, dh, 0)?;
    if dw == 0 || dh == 0 {
        return Ok(out);
    }
    // Horizontal pass over the source rows the vertical filter reads.
    let first = ys.starts.iter().copied().min().unwrap_or(0);
    let end = ys
        .starts
        .iter()
        .map(|s| s + ys.taps)
        .max()
        .unwrap_or(0)
        .min(src.height);
    let mut mid = alloc((end - first) * dw, 0i32)?;
    let mid_round = 1 << (WEIGHT_BITS - MID_BITS - 1);
    for (y, mrow) in (first..end).zip(mid.chunks_exact_mut(dw)) {
        let srow = src.row(y);
        for (j, m) in mrow.iter_mut().enumerate() {
            let (start, w) = xs.sample(j);
            let acc: i32 = w
                .iter()
                .zip(&srow[start..start + w.len()])
                .map(|(w, s)| w * i32::from(*s))
                .sum();
            *m = (acc + mid_round) >> (WEIGHT_BITS - MID_BITS);
        }
    }
    // Vertical pass.
    let shift = WEIGHT_BITS + MID_BITS;
    let mut acc = alloc(dw, 0i32)?;
    for i in 0..dh {
        let (start, w) = ys.sample(i);
        acc.fill(1 << (shift - 1));
        for (k, &wk) in w.iter().enumerate() {
            if wk == 0 {
                continue;
            }
            let row = &mid[(start + k - first) * dw..(start + k - first + 1) * dw];
            for (a, m) in acc.iter_mut().zip(row) {
                *a += wk * m;
            }
        }
        for (o, a) in out.row_mut(i).iter_mut().zip(&acc) {
            *o = (a >> shift).clamp(0, i32::from(u16::MAX)) as u16;
        }
    }
    Ok(out)
}

/// Which part of the source goes where: the source rectangle (in luma pixels, fractional
/// allowed) is scaled to a `dst_w`×`dst_h` picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Mapping {
    pub src_x: f64,
    pub src_y: f64,
    pub src_w: f64,
    pub src_h: f64,
    pub dst_w: usize,
    pub dst_h: usize,
    pub mode: DownsamplingMode,
}

impl Mapping {
    fn axes(&self, src: &Plane16, chroma: bool) -> Result<(Axis, Axis)> {
        let (div, dw, dh) = if chroma {
            (2.0, half(self.dst_w), half(self.dst_h))
        } else {
            (1.0, self.dst_w, self.dst_h)
        };
        let sx = self.src_w / self.dst_w as f64;
        let sy = self.src_h / self.dst_h as f64;
        Ok((
            Axis::new(src.width, self.src_x / div, sx, dw, self.mode)?,
            Axis::new(src.height, self.src_y / div, sy, dh, self.mode)?,
        ))
    }

    /// Scales a Y'CbCr image (chroma kept centred on its luma).
    pub fn scale_yuv(&self, img: &YuvImage) -> Result<YuvImage> {
        let (lx, ly) = self.axes(&img.y, false)?;
        let (cx, cy) = self.axes(&img.cb, true)?;
        Ok(YuvImage {
            y: resample(&img.y, &lx, &ly)?,
            cb: resample(&img.cb, &cx, &cy)?,
            cr: resample(&img.cr, &cx, &cy)?,
            coding: img.coding,
        })
    }

    /// Scales an RGB image.
    pub fn scale_rgb(&self, img: &RgbImage) -> Result<RgbImage> {
        let (x, y) = self.axes(&img.r, false)?;
        Ok(RgbImage {
            r: resample(&img.r, &x, &y)?,
            g: resample(&img.g, &x, &y)?,
            b: resample(&img.b, &x, &y)?,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn plane(w: usize, h: usize, f: impl Fn(usize, usize) -> u16) -> Plane16 {
        Plane16 {
            width: w,
            height: h,
            data: (0..h)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .map(|(x, y)| f(x, y))
                .collect(),
        }
    }

    #[test]
    fn whole_pixel_crop_is_exact() {
        let p = plane(7, 5, |x, y| (x * 37 + y * 11) as u16);
        let xs = Axis::new(7, 2.0, 1.0, 4, DownsamplingMode::Decimate).unwrap();
        let ys = Axis::new(5, 1.0, 1.0, 3, DownsamplingMode::Decimate).unwrap();
        let out = resample(&p, &xs, &ys).unwrap();
        for y in 0..3 {
            for x in 0..4 {
                assert_eq!(out.row(y)[x], p.row(y + 1)[x + 2]);
            }
        }
    }

    #[test]
    fn average_halves_by_box() {
        let p = plane(4, 2, |x, y| {
            [[0, 100, 200, 300], [100, 100, 100, 101]][y][x]
        });
        let xs = Axis::new(4, 0.0, 2.0, 2, DownsamplingMode::Average).unwrap();
        let ys = Axis::new(2, 0.0, 2.0, 1, DownsamplingMode::Average).unwrap();
        let out = resample(&p, &xs, &ys).unwrap();
        assert_eq!(out.data, vec![75, 175]);
    }

    #[test]
    fn flat_stays_flat_at_any_ratio() {
        let p = plane(13, 9, |_, _| 777);
        for (dw, dh) in [(5, 3), (29, 17), (13, 9), (1, 1)] {
            for mode in DownsamplingMode::ALL {
                let xs = Axis::new(13, 0.0, 13.0 / dw as f64, dw, *mode).unwrap();
                let ys = Axis::new(9, 0.0, 9.0 / dh as f64, dh, *mode).unwrap();
                let out = resample(&p, &xs, &ys).unwrap();
                assert!(out.data.iter().all(|&v| v == 777), "{dw}x{dh} {mode:?}");
            }
        }
    }

    #[test]
    fn enlarging_interpolates_monotonically() {
        let p = plane(2, 1, |x, _| [0, 1000][x]);
        let xs = Axis::new(2, 0.0, 0.5, 4, DownsamplingMode::Decimate).unwrap();
        let ys = Axis::new(1, 0.0, 1.0, 1, DownsamplingMode::Decimate).unwrap();
        let out = resample(&p, &xs, &ys).unwrap();
        assert_eq!(out.data, vec![0, 250, 750, 1000]);
    }
}
