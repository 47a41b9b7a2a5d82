//! # framepress-jpeg
//!
//! The Photo-JPEG encoder (`CodecType::JPEG`, `'jpeg'`) of framepress: every frame becomes one
//! self-contained baseline JFIF image, so the stream can go into a QuickTime `jpeg` track or be
//! concatenated as Motion JPEG.
//!
//! Register it with the session through [`descriptor()`]; the session validates properties
//! against [`supported_properties`] and hands the encoder frames in one of its
//! [native formats](NATIVE_PIXEL_FORMATS) (I420 or NV12, either range).
//!
//! ## What the properties do
//!
//! - `Quality` (0.0–1.0, default [`DEFAULT_QUALITY`]) picks the IJG quality factor, see
//!   [`quality_factor`]. It may change mid-session and applies from the next frame.
//! - `RealTime` is accepted and changes nothing: each frame is encoded as it arrives, with no
//!   look-ahead to give up.
//! - `ExpectedFrameRate` is recorded in [`JpegStats`] only; JPEG has no rate control.
//! - `AllowTemporalCompression` is accepted only as `false`: JPEG is intra-only.
//! - `ColorPrimaries`, `TransferFunction`, `PixelAspectRatio`, `CleanAperture` describe the
//!   output and go into the format description's extensions (the aspect ratio also into the
//!   JFIF density field).
//! - `YCbCrMatrix` names the matrix of the *source* samples when the frame carries no
//!   `CVImageBufferYCbCrMatrix` attachment; without either, BT.601 below 720 rows and BT.709
//!   above ([`YCbCrMatrix::default_for_height`](framepress_core::YCbCrMatrix::default_for_height),
//!   the rule the pixel-transfer step uses too). A JPEG's colour is always JFIF — full-range
//!   BT.601 Y'CbCr — whatever was asked, so video-range and non-601 sources are converted
//!   sample by sample before encoding, and the format description says `ITU_R_601_4`.
//! - `FramepressEmitReconstruction` attaches the decoded image to every sample (see
//!   [`reconstruct`]).
//!
//! ## Licences
//!
//! This crate is `MIT OR Apache-2.0`. The JPEG bitstream is written by the `jpeg-encoder`
//! crate, licensed `(MIT OR Apache-2.0) AND IJG`: its forward DCT is derived from the
//! Independent JPEG Group's software, so binaries that include this crate must carry the IJG
//! acknowledgement ("this software is based in part on the work of the Independent JPEG
//! Group"). The reconstruction decoder, `zune-jpeg`, is `MIT OR Apache-2.0 OR Zlib`.

mod color_convert;
mod density;
mod descriptor;
mod encoder;
mod format;
mod image_buffer;
mod quality;
mod reconstruction;
mod settings;
mod stats;
mod yuv;

pub use descriptor::{
    CODEC_NAME, DISPLAY_NAME, ENCODER_ID, ENCODER_NAME, MAX_DIMENSION, NATIVE_PIXEL_FORMATS,
    descriptor, supported_properties,
};
pub use encoder::JpegEncoder;
pub use format::FORMAT_NAME;
pub use quality::{DEFAULT_QUALITY, quality_factor};
pub use reconstruction::reconstruct;
pub use stats::JpegStats;
