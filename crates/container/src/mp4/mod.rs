//! MP4 (ISO BMFF) output fed directly by the session's sample buffers: one video track,
//! either a progressive file ([`Mp4Writer`]: `ftyp`, `moov`, `mdat`, playable while it
//! downloads) or a fragmented stream ([`FragmentedMp4Writer`]: an initialisation segment then
//! `moof` + `mdat` fragments written as they complete, for live streaming and pipes).
//!
//! ```no_run
//! # fn demo(samples: Vec<framepress_core::SampleBuffer>) -> Result<(), framepress_container::mp4::Mp4Error> {
//! use framepress_container::mp4::{Mp4Options, Mp4Writer};
//! let file = std::io::BufWriter::new(std::fs::File::create("out/clip.mp4")?);
//! let mut mp4 = Mp4Writer::with_options(file, Mp4Options::new().spool_dir("out"));
//! for s in &samples {
//!     mp4.write_sample(s)?;
//! }
//! mp4.finish()?;
//! # Ok(()) }
//! ```
//!
//! framepress writes its own boxes rather than using an MP4 crate: the sample entry must
//! carry the format description's extension atoms byte for byte (avcC today; hvcC, and
//! lhvC/vexu/hfov for MV-HEVC later), and the box set a one-track writer needs is small. One
//! file per box family:
//!
//! - `boxes`: the box writer (sizes patched on close, fixed-point fields, `mdat` headers);
//! - `sample_entry`: `stsd`'s visual sample entry (`avc1`/`hvc1`/`jpeg` with the extension
//!   atoms, `colr`, `pasp`, `btrt`);
//! - `moov`: `ftyp`, `mvhd`, `trak`/`tkhd`, `edts`/`elst`, `mdia`, `minf`, `mvex`;
//! - `sample_table`: `stts`, `ctts`, `stss`, `stsc`, `stsz`, `stco`/`co64`;
//! - `progressive` and `fragmented`: the two writers (`moof`/`traf`/`trun` in the latter);
//! - `sample_data`, `timing`, `spool`: what goes in `mdat`, ticks, and where data waits;
//! - `parameter_sets`: out of band (`avc1`/`hvc1`, the default) or in band (`avc3`/`hev1`).

mod boxes;
mod error;
mod fragmented;
mod moov;
mod parameter_sets;
mod progressive;
mod sample_data;
mod sample_entry;
mod sample_table;
mod spool;
mod timing;

pub use error::Mp4Error;
pub use fragmented::{FragmentOptions, FragmentedMp4Writer};
pub use parameter_sets::ParameterSets;
pub use progressive::{Mp4Options, Mp4Writer};
