//! `--psnr`: the PSNR of the encoder's reconstruction against the source, per plane, as
//! FFmpeg's `psnr` filter measures it, so figures printed here and FFmpeg's agree.
//!
//! Two sequence figures: the mean of per-frame PSNR (what benchmarks average; an identical
//! plane counts as 100 dB instead of infinity) and FFmpeg's summary value, the PSNR of the
//! mean squared error over all frames.

use super::planes::Planes;

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

impl PsnrMeter {
    /// Measures one frame; `None` when the plane sizes differ.
    pub fn add(&mut self, source: &Planes, recon: &Planes) -> Option<[f64; 3]> {
        if !source.same_shape(recon) {
            return None;
        }
        let mut out = [0.0; 3];
        for (i, (a, b)) in source.0.iter().zip(&recon.0).enumerate() {
            let sse: u64 = a
                .data
                .iter()
                .zip(&b.data)
                .map(|(&x, &y)| u64::from(x.abs_diff(y)).pow(2))
                .sum();
            let mse = sse as f64 / a.data.len() as f64;
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
    use framepress::{PixelBuffer, PixelFormat};

    fn frame(value: u8) -> Planes {
        let mut b = PixelBuffer::new(8, 4, PixelFormat::I420).unwrap();
        for i in 0..3 {
            b.plane_mut(i).unwrap().fill(value);
        }
        Planes::of(&b).unwrap()
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
