//! # framepress-bitstream
//!
//! Bit-level writing shared by the H.264 and HEVC encoders: [`BitWriter`] (`u(n)`, `ue(v)`,
//! `se(v)`, `te(v)`, RBSP trailing bits), emulation prevention and NAL-unit framing (Annex-B
//! start codes and ISO/IEC 14496-15 length prefixes), and a [`BitReader`] used to check what
//! was written. No codec syntax lives here.

mod writer;

pub use writer::BitWriter;
