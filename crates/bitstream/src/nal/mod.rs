//! NAL-unit byte handling shared by H.264 and HEVC, with no codec syntax: to this module a NAL
//! unit is a byte string whose first byte(s) are a header.
//!
//! * [`emulation`]: emulation prevention, turning an RBSP into the bytes stored in a NAL unit
//!   and back.
//! * [`annexb`]: the Annex-B byte stream (start codes), used by raw `.h264` / `.265` files.
//! * [`length_prefixed`]: ISO/IEC 14496-15 length prefixes, used by MP4 samples and by
//!   VideoToolbox's `CMSampleBuffer`s.
//! * [`convert`]: conversion between the two framings.

pub mod annexb;
pub mod convert;
pub mod emulation;
pub mod length_prefixed;
