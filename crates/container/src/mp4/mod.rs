//! MP4 (ISO BMFF) output fed directly by the session's sample buffers.
//!
//! framepress writes its own boxes rather than using an MP4 crate: the sample entry must
//! carry the format description's extension atoms byte for byte (avcC today; hvcC, and
//! lhvC/vexu/hfov for MV-HEVC later), and the box set we need is small. One file per box
//! family: [`boxes`] (the writer), [`sample_entry`], [`sample_table`], [`progressive`] (moov first), [`fragmented`] (CMAF-style fragments).

pub mod boxes;
pub mod fragmented;
pub mod progressive;
pub mod sample_entry;
pub mod sample_table;

pub use fragmented::FragmentedMp4Writer;
pub use progressive::Mp4Writer;
