//! `AVCDecoderConfigurationRecord` (ISO/IEC 14496-15 §5.3.3.1), the `avcC` atom.

/// Builds an `avcC` payload for one SPS and one PPS (NAL units without start codes, escaped).
/// NAL length prefixes in samples are 4 bytes (`lengthSizeMinusOne` = 3).
pub fn avcc(sps: &[u8], pps: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(11 + sps.len() + pps.len());
    out.push(1); // configurationVersion
    // AVCProfileIndication, profile_compatibility, AVCLevelIndication: bytes 1..4 of the SPS NAL.
    out.extend_from_slice(sps.get(1..4).unwrap_or(&[66, 0xC0, 30]));
    out.push(0xFC | 3); // reserved 6 bits + lengthSizeMinusOne
    out.push(0xE0 | 1); // reserved 3 bits + numOfSequenceParameterSets
    out.extend_from_slice(&(sps.len() as u16).to_be_bytes());
    out.extend_from_slice(sps);
    out.push(1); // numOfPictureParameterSets
    out.extend_from_slice(&(pps.len() as u16).to_be_bytes());
    out.extend_from_slice(pps);
    // Baseline (66) records end here: the 4:2:0/bit-depth extension is only for High profiles.
    out
}
