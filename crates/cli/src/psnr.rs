//! `--psnr`: the PSNR of the encoder's reconstruction against the source, per plane, as
//! FFmpeg's `psnr` filter measures it, so figures printed here and FFmpeg's agree.
//!
//! Two sequence figures: the mean of per-frame PSNR (what benchmarks average; an identical
//! plane counts as 100 dB instead of infinity) and FFmpeg's summary value, the PSNR of the
//! mean squared error over all frames.

use framepress::PixelBuffer;

/// Per-frame and running PSNR of the three planes.
#[derive(Debug, Default, Clone)]
pub struct PsnrMeter {
    frames: u64,
    psnr_sum: [f64; 3],
    mse_sum: [f64; 3],
    /// Per-frame PSNR Y, U, V in output order.
    pub per_frame: Vec<[f64; 3]>,
}

/// PSNR of `mse` for 8-bit samples, 100 dB for identical planes.
pub fn psnr(mse: f64) -> f64 {
    if mse <= 0.0 {
        100.0
    } else {
        10.0 * (255.0f64 * 255.0 / mse).log10()
    }
}

/// The Y, Cb and Cr planes of an 8-bit 4:2:0 buffer (planar or with interleaved chroma), as
/// tight row-major samples with their widths.
fn planes(buf: &PixelBuffer) -> Option<[(Vec<u8>, usize); 3]> {
    let luma = buf.plane(0)?;
    if luma.bytes_per_pixel != 1 {
        return None;
    }
    let tight = |p: &framepress::media::pixel_buffer::Plane<'_>, step: usize, offset: usize| {
        let mut v = Vec::with_capacity(p.width * p.height);
        for y in 0..p.height {
            let row = p.row(y);
            v.extend((0..p.width).map(|x| row[x * step + offset]));
        }
        (v, p.width)
    };
    let y = tight(&luma, 1, 0);
    match buf.plane_count() {
        3 => Some([y, tight(&buf.plane(1)?, 1, 0), tight(&buf.plane(2)?, 1, 0)]),
        2 => {
            let c = buf.plane(1)?;
            Some([y, tight(&c, 2, 0), tight(&c, 2, 1)])
        }
        _ => None,
    }
}

impl PsnrMeter {
    /// Measures one frame; `None` when a buffer is not 8-bit 4:2:0 or the sizes differ.
    pub fn add(&mut self, source: &PixelBuffer, recon: &PixelBuffer) -> Option<[f64; 3]> {
        let (a, b) = (planes(source)?, planes(recon)?);
        let mut out = [0.0; 3];
        for i in 0..3 {
            if a[i].0.len() != b[i].0.len() || a[i].1 != b[i].1 || a[i].0.is_empty() {
                return None;
            }
            let sse: u64 = a[i]
                .0
                .iter()
                .zip(&b[i].0)
                .map(|(&x, &y)| u64::from(x.abs_diff(y)).pow(2))
                .sum();
            let mse = sse as f64 / a[i].0.len() as f64;
            out[i] = psnr(mse);
            self.mse_sum[i] += mse;
            self.psnr_sum[i] += out[i];
        }
        self.frames += 1;
        self.per_frame.push(out);
        Some(out)
    }

    /// Frames measured.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Mean of the per-frame PSNR of each plane.
    pub fn mean(&self) -> [f64; 3] {
        let n = self.frames.max(1) as f64;
        self.psnr_sum.map(|s| s / n)
    }

    /// FFmpeg's summary figure: PSNR of the mean MSE of each plane.
    pub fn global(&self) -> [f64; 3] {
        let n = self.frames.max(1) as f64;
        self.mse_sum.map(|s| psnr(s / n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framepress::PixelFormat;

    fn frame(value: u8) -> PixelBuffer {
        let mut b = PixelBuffer::new(8, 4, PixelFormat::I420).unwrap();
        for i in 0..3 {
            b.plane_mut(i).unwrap().fill(value);
        }
        b
    }

    #[test]
    fn identical_is_100_db_and_known_error_matches_the_formula() {
        let mut m = PsnrMeter::default();
        assert_eq!(m.add(&frame(50), &frame(50)), Some([100.0; 3]));
        // Every sample off by 2: MSE 4.
        let p = m.add(&frame(50), &frame(52)).unwrap();
        let want = 10.0 * (65025.0f64 / 4.0).log10();
        assert!((p[0] - want).abs() < 1e-9);
        assert!((m.mean()[0] - (100.0 + want) / 2.0).abs() < 1e-9);
        assert!((m.global()[0] - 10.0 * (65025.0f64 / 2.0).log10()).abs() < 1e-9);
    }
}
