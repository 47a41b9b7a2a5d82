//! H.264 NAL unit headers (§7.3.1) and packaging an RBSP as a NAL unit.

/// `nal_unit_type` values framepress writes (Table 7-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum NalType {
    /// Coded slice of a non-IDR picture.
    Slice = 1,
    /// Coded slice of an IDR picture.
    IdrSlice = 5,
    /// Supplemental enhancement information.
    Sei = 6,
    /// Sequence parameter set.
    Sps = 7,
    /// Picture parameter set.
    Pps = 8,
    /// Access unit delimiter.
    AccessUnitDelimiter = 9,
    /// Filler data (constant-bit-rate padding).
    Filler = 12,
}

/// A NAL unit (header byte + escaped payload), without start code or length prefix.
pub fn nal_unit(nal_ref_idc: u8, nal_type: NalType, rbsp: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rbsp.len() + rbsp.len() / 64 + 2);
    out.push(((nal_ref_idc & 3) << 5) | nal_type as u8);
    framepress_bitstream::escape_rbsp(rbsp, &mut out);
    out
}
