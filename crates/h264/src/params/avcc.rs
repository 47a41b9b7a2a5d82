//! `AVCDecoderConfigurationRecord` (ISO/IEC 14496-15 §5.3.3.1), the `avcC` atom.

/// Builds an `avcC` payload for one SPS and one PPS (NAL units without start codes, escaped).
/// NAL length prefixes in samples are 4 bytes (`lengthSizeMinusOne` = 3). framepress writes
/// 4:2:0 8-bit streams only, which is what the High-profile extension says.
pub fn avcc(sps: &[u8], ppss: &[&[u8]]) -> Vec<u8> {
    let mut out =
        Vec::with_capacity(11 + sps.len() + ppss.iter().map(|p| 2 + p.len()).sum::<usize>());
    out.push(1); // configurationVersion
    // AVCProfileIndication, profile_compatibility, AVCLevelIndication: bytes 1..4 of the SPS NAL.
    out.extend_from_slice(sps.get(1..4).unwrap_or(&[66, 0xC0, 30]));
    out.push(0xFC | 3); // reserved 6 bits + lengthSizeMinusOne
    out.push(0xE0 | 1); // reserved 3 bits + numOfSequenceParameterSets
    out.extend_from_slice(&(sps.len() as u16).to_be_bytes());
    out.extend_from_slice(sps);
    out.push(ppss.len() as u8); // numOfPictureParameterSets
    for pps in ppss {
        out.extend_from_slice(&(pps.len() as u16).to_be_bytes());
        out.extend_from_slice(pps);
    }
    // High profiles (100, 110, 122, 144) add the format fields: 4:2:0 (chroma_format 1),
    // 8-bit luma and chroma, no SPS extensions. Baseline and Main records end above.
    if matches!(sps.get(1), Some(100 | 110 | 122 | 144)) {
        out.push(0xFC | 1); // reserved 6 bits + chroma_format
        out.push(0xF8); // reserved 5 bits + bit_depth_luma_minus8
        out.push(0xF8); // reserved 5 bits + bit_depth_chroma_minus8
        out.push(0); // numOfSequenceParameterSetExt
    }
    out
}
