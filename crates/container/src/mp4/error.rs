//! Errors of the MP4 writers.

use framepress_core::CodecType;

/// Why a sample could not be added to an MP4 file or stream.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Mp4Error {
    /// The codec has no ISO BMFF sample entry we can write (the entry type and its
    /// configuration box come from the codec type).
    #[error("{} samples cannot be stored in MP4 (supported: H.264, HEVC, JPEG)", .0.name())]
    UnsupportedCodec(CodecType),
    /// The format description lacks the configuration box its sample entry requires
    /// (`avcC` for H.264, `hvcC` for HEVC): a decoder could not be set up from the file.
    #[error("the {} format description has no {atom} sample-description atom", .codec.name())]
    MissingConfiguration {
        /// The codec.
        codec: CodecType,
        /// The missing atom.
        atom: &'static str,
    },
    /// A later sample has another format description: one MP4 track has one sample
    /// description here, so a change of size, codec or parameter sets cannot be followed.
    #[error(
        "sample {sample}: the format changed mid-stream ({what}); an MP4 track has one sample \
         description"
    )]
    FormatChanged {
        /// Index of the sample, counting from 0.
        sample: u64,
        /// What differs.
        what: &'static str,
    },
    /// The sample's NAL units cannot be re-framed for MP4 (a corrupt length prefix, or an
    /// Annex-B sample without start codes).
    #[error("sample {sample}: {reason}")]
    BadSample {
        /// Index of the sample, counting from 0.
        sample: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// Decode timestamps must strictly increase: `stts` stores positive deltas only.
    #[error(
        "sample {sample}: decode time {dts} is not after the previous sample's {previous} \
         (in 1/{timescale} s)"
    )]
    NonIncreasingDecodeTime {
        /// Index of the sample, counting from 0.
        sample: u64,
        /// Its decode time in track ticks.
        dts: i64,
        /// The previous sample's decode time.
        previous: i64,
        /// The track timescale.
        timescale: u32,
    },
    /// A size field would overflow (a sample or fragment of 4 GiB or more).
    #[error("{0} is too large for MP4")]
    TooLarge(&'static str),
    /// `finish` was called before any sample: an MP4 track needs one to describe itself.
    #[error("no samples: an MP4 file needs at least one frame")]
    Empty,
    /// Writing the output or the spool file failed.
    #[error("MP4 I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Into the framepress-wide error; the detail keeps the full message.
impl From<Mp4Error> for framepress_core::Error {
    fn from(err: Mp4Error) -> framepress_core::Error {
        let kind = match &err {
            Mp4Error::Io(_) | Mp4Error::TooLarge(_) => framepress_core::ErrorKind::CvError,
            _ => framepress_core::ErrorKind::Parameter,
        };
        framepress_core::Error::new(kind, err.to_string())
    }
}
