//! Four-character codes (`OSType`): codec types, pixel formats, tag categories.

use std::fmt;

/// A 32-bit code made of four ASCII bytes packed big-endian, e.g. `'avc1'` = `0x61766331`.
///
/// Apple identifies codecs and pixel formats this way; keeping the numeric form lets
/// dictionaries, serialised settings and a C ABI carry them unchanged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FourCC(pub u32);

impl FourCC {
    /// Packs four bytes, first byte most significant.
    pub const fn from_bytes(b: [u8; 4]) -> FourCC {
        FourCC(u32::from_be_bytes(b))
    }

    /// The four bytes, first byte most significant.
    pub const fn to_bytes(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }

    /// Parses a four-character string such as `"avc1"`; `None` unless exactly four ASCII bytes.
    pub fn parse(s: &str) -> Option<FourCC> {
        let b = s.as_bytes();
        if b.len() == 4 && b.iter().all(|c| c.is_ascii()) {
            Some(FourCC::from_bytes([b[0], b[1], b[2], b[3]]))
        } else {
            None
        }
    }
}

impl fmt::Display for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        if b.iter().all(|c| c.is_ascii_graphic() || *c == b' ') {
            write!(f, "'{}'", String::from_utf8_lossy(&b))
        } else {
            write!(f, "0x{:08x}", self.0)
        }
    }
}

impl fmt::Debug for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A `CMVideoCodecType`: which compressed format a session produces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CodecType(pub FourCC);

impl CodecType {
    /// H.264 / AVC (`'avc1'`).
    pub const H264: CodecType = CodecType(FourCC::from_bytes(*b"avc1"));
    /// HEVC / H.265 (`'hvc1'`).
    pub const HEVC: CodecType = CodecType(FourCC::from_bytes(*b"hvc1"));
    /// HEVC with an alpha auxiliary layer (`'muxa'`).
    pub const HEVC_WITH_ALPHA: CodecType = CodecType(FourCC::from_bytes(*b"muxa"));
    /// Baseline JPEG, one image per frame (`'jpeg'`).
    pub const JPEG: CodecType = CodecType(FourCC::from_bytes(*b"jpeg"));
    /// AV1 (`'av01'`), listed for format descriptions; no encoder.
    pub const AV1: CodecType = CodecType(FourCC::from_bytes(*b"av01"));
    /// Apple ProRes 422 (`'apcn'`), listed for format descriptions; no encoder.
    pub const PRORES_422: CodecType = CodecType(FourCC::from_bytes(*b"apcn"));

    /// The FourCC value.
    pub const fn fourcc(self) -> FourCC {
        self.0
    }

    /// A short human name ("H.264", "HEVC", "JPEG", or the FourCC).
    pub fn name(self) -> String {
        match self {
            CodecType::H264 => "H.264".into(),
            CodecType::HEVC => "HEVC".into(),
            CodecType::HEVC_WITH_ALPHA => "HEVC with alpha".into(),
            CodecType::JPEG => "JPEG".into(),
            CodecType::AV1 => "AV1".into(),
            other => other.0.to_string(),
        }
    }
}

impl fmt::Debug for CodecType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodecType({})", self.0)
    }
}

impl fmt::Display for CodecType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_matches_apple() {
        assert_eq!(CodecType::H264.fourcc().0, 0x6176_6331);
        assert_eq!(FourCC::parse("420v"), Some(FourCC(0x3432_3076)));
        assert_eq!(FourCC::parse("toolong"), None);
        assert_eq!(FourCC(0x3432_3076).to_string(), "'420v'");
        assert_eq!(FourCC(0x20).to_string(), "0x00000020");
    }
}
