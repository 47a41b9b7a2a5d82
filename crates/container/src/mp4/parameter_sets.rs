//! Where an H.264 or HEVC track keeps its parameter sets (SPS/PPS, and VPS for HEVC).

/// Where an H.264 or HEVC track keeps its parameter sets. JPEG tracks ignore it.
///
/// ISO/IEC 14496-15 gives two sample-entry types per codec: `avc1`/`hvc1` keep the parameter
/// sets in the configuration box (`avcC`/`hvcC`) only, and `avc3`/`hev1` may also carry them in
/// the samples. framepress writes the second kind with a copy at the start of every sync
/// sample (the configuration box keeps the first set too, which players read for the codec
/// string), so each key frame can be decoded on its own by a tool that only sees samples,
/// and the parameter sets may change at a key frame without a new sample entry.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ParameterSets {
    /// `avc1`/`hvc1`: in the sample entry only. What Apple's players require for HEVC
    /// (`hvc1`) and what every browser plays; the default.
    #[default]
    OutOfBand,
    /// `avc3`/`hev1`: also in band, at the start of every sync sample.
    InBand,
}

impl ParameterSets {
    /// Whether the samples carry the parameter sets.
    pub fn in_band(self) -> bool {
        self == ParameterSets::InBand
    }
}
