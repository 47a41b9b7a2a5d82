//! # framepress-transfer
//!
//! The pixel-transfer step of framepress — the equivalent of `VTPixelTransferSession`, which a
//! VideoToolbox compression session runs internally to turn whatever the client submits into
//! the encoder's native pixel format and size.
//!
//! ```
//! use framepress_core::{PixelBuffer, PixelFormat};
//! use framepress_transfer::{PixelTransfer, PixelTransferProperties};
//!
//! let src = PixelBuffer::new(64, 48, PixelFormat::Bgra)?;
//! let mut dst = PixelBuffer::new(32, 24, PixelFormat::Nv12VideoRange)?;
//! PixelTransfer::new(PixelTransferProperties::default()).transfer(&src, &mut dst)?;
//! assert_eq!(dst.plane(0).map(|p| p.row(0)[0]), Some(16)); // black → video-range black
//! # Ok::<(), framepress_core::Error>(())
//! ```
//!
//! ## What it does
//!
//! * **Formats**: every [`PixelFormat`](framepress_core::PixelFormat) core declares, in every
//!   direction — BGRA, NV12 and I420 (video or full range), P010 (10 bits MSB-aligned in
//!   16-bit little-endian words, either range).
//! * **Colour**: RGB↔Y'CbCr use the source's `CVImageBufferYCbCrMatrix` attachment, or BT.601
//!   below 720 rows and BT.709 otherwise ([`default_ycbcr_matrix`]). The destination matrix is
//!   the `DestinationYCbCrMatrix` property, else the source's; a Y'CbCr→Y'CbCr matrix change goes
//!   through 12-bit RGB. Range and depth changes are exact table lookups.
//! * **Chroma subsampling** averages each 2×2 block (centred siting), matching FFmpeg swscale
//!   with `-sws_flags area` within ±1 (the test suite checks this against FFmpeg).
//! * **Geometry**: scaling with bilinear interpolation (enlarging, or `Decimate`) or area
//!   averaging (`Average`), honouring the four scaling modes, destination clean aperture and
//!   pixel aspect ratio; odd sizes and odd crops are handled.
//! * **Attachments** are propagated and the colour / geometry ones rewritten to describe the
//!   destination.
//!
//! ## Why our own kernels rather than a crate
//!
//! [`yuvutils-rs`](https://crates.io/crates/yuvutils-rs) (BSD-3/Apache-2.0) and
//! [`fast_image_resize`](https://crates.io/crates/fast_image_resize) (MIT/Apache-2.0) were
//! evaluated; both have acceptable licences, are pure Rust and are fast. They are not used
//! because:
//!
//! * **Exactness and determinism.** yuvutils-rs rounds the 2×2 RGB average to 8 bits before
//!   applying the matrix (an extra rounding step on chroma) and selects at run time between
//!   SSE / AVX2 / AVX-512 / NEON kernels whose fixed-point precision differs (7-, 13- or 15-bit
//!   modes), so the same frame can convert to different bytes on different machines. An encoder
//!   whose output changes with the CPU makes conformance tests and reproducible output
//!   impossible. Our kernels are plain integer Rust: bit-identical everywhere.
//! * **Fit with CoreVideo buffers.** Both crates want packed or caller-owned mutable slices;
//!   core's planes have padded rows and are written one plane at a time, and
//!   `fast_image_resize`'s image-view traits are `unsafe trait`s we cannot implement under
//!   `forbid(unsafe_code)`. Using them would mean staging copies on every frame.
//! * **Speed is sufficient.** The hot path (same-size BGRA → NV12) reads BGRA in place and is
//!   written as plain slice loops built on 16×16-bit high multiplies, which the compiler turns
//!   into SIMD on baseline x86-64 (SSE2) and AArch64: 1080p BGRA → NV12 takes about 2.3 ms on
//!   one core in release builds, NV12 → I420 0.6 ms (see the `#[ignore]`d `timing` test).
//!   Scaling (about 6 ms for 1080p → 720p NV12) is off the hot path.
//!
//! The crate has no dependency beyond `framepress-core` and builds without a C toolchain.

mod attachments;
mod coefficients;
mod geometry;
mod image;
mod layout;
mod load;
mod modes;
mod properties;
mod remap;
mod resample;
mod rgb_to_yuv;
mod store;
mod transfer;
mod yuv_to_rgb;

pub use modes::{DownsamplingMode, ScalingMode};
pub use properties::{PixelTransferProperties, keys};
pub use transfer::{PixelTransfer, default_ycbcr_matrix, source_ycbcr_matrix};
