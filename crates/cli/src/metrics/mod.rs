//! Quality metrics of the encoder's reconstruction against the source, computed exactly as
//! FFmpeg's `psnr` and `ssim` filters compute them, so the CLI's figures and FFmpeg's agree
//! (the tests compare them): `--psnr` and `--ssim`.

mod planes;
mod psnr;
mod ssim;

pub use planes::Planes;
pub use psnr::PsnrMeter;
pub use ssim::{SsimMeter, ssim_db};
