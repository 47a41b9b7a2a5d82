//! The visual sample entry (`avc1`, `hvc1`, `jpeg`, …) of `stsd`, built from a
//! [`FormatDescription`]: the codec type is the entry type and the format description's
//! sample-description extension atoms (avcC, hvcC, and later lhvC/vexu/hfov for MV-HEVC) are
//! copied in as they are, which is why framepress writes its own boxes (see ARCHITECTURE.md).

use framepress_core::color::attachment_keys;
use framepress_core::format_description::extension_keys;
use framepress_core::{
    ColorPrimaries, FormatDescription, PixelAspectRatio, TransferFunction, YCbCrMatrix,
};

use super::boxes::BoxWriter;

/// Extension atoms copied into the sample entry when the format description has them, in
/// this order.
const EXTENSION_ATOMS: [&[u8; 4]; 5] = [b"avcC", b"hvcC", b"lhvC", b"vexu", b"hfov"];

/// `btrt` values: decoder buffer size (largest sample), maximum and average bit rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitRates {
    /// Largest sample in bytes.
    pub buffer_size: u32,
    /// Highest bit rate over any one-second window.
    pub max_bitrate: u32,
    /// Average bit rate.
    pub avg_bitrate: u32,
}

/// Writes the sample entry for `fd`, with `btrt` when the bit rates are known (progressive
/// files; a fragmented stream's init segment is written before any sample).
pub fn write_visual_sample_entry(
    w: &mut BoxWriter,
    fd: &FormatDescription,
    rates: Option<BitRates>,
) {
    let kind = fd.codec_type().0.to_bytes();
    let (width, height) = fd.dimensions();
    w.start(&kind);
    w.zeros(6); // reserved
    w.u16(1); // data_reference_index
    w.u16(0); // pre_defined
    w.u16(0); // reserved
    w.zeros(12); // pre_defined
    w.u16(width.clamp(0, 65535) as u16);
    w.u16(height.clamp(0, 65535) as u16);
    w.u32(0x0048_0000); // 72 dpi
    w.u32(0x0048_0000);
    w.u32(0); // reserved
    w.u16(1); // frame_count
    let mut name = [0u8; 32];
    let text = b"framepress";
    name[0] = text.len() as u8;
    name[1..=text.len()].copy_from_slice(text);
    w.bytes(&name);
    w.u16(0x0018); // depth
    w.u16(0xffff); // pre_defined = -1
    for atom in EXTENSION_ATOMS {
        if let Some(payload) = std::str::from_utf8(atom)
            .ok()
            .and_then(|n| fd.sample_description_atom(n))
        {
            w.start(atom);
            w.bytes(payload);
            w.end();
        }
    }
    write_colr(w, fd);
    write_pasp(w, fd);
    if let Some(r) = rates {
        w.start(b"btrt");
        w.u32(r.buffer_size);
        w.u32(r.max_bitrate);
        w.u32(r.avg_bitrate);
        w.end();
    }
    w.end();
}

/// `colr` (nclx: H.273 code points and the range flag) when the format description carries
/// any colour tag; unknown members are written as 2 ("unspecified"), as in the VUI.
fn write_colr(w: &mut BoxWriter, fd: &FormatDescription) {
    let text = |key: &str| fd.extension(key).and_then(|v| v.as_str());
    let primaries = text(attachment_keys::COLOR_PRIMARIES).and_then(ColorPrimaries::from_str_value);
    let transfer =
        text(attachment_keys::TRANSFER_FUNCTION).and_then(TransferFunction::from_str_value);
    let matrix = text(attachment_keys::YCBCR_MATRIX).and_then(YCbCrMatrix::from_str_value);
    if primaries.is_none() && transfer.is_none() && matrix.is_none() {
        return;
    }
    let full = fd
        .extension(extension_keys::FULL_RANGE_VIDEO)
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    w.start(b"colr");
    w.bytes(b"nclx");
    w.u16(primaries.map_or(2, |p| u16::from(p.code_point())));
    w.u16(transfer.map_or(2, |t| u16::from(t.code_point())));
    w.u16(matrix.map_or(2, |m| u16::from(m.code_point())));
    w.u8(if full { 0x80 } else { 0 });
    w.end();
}

/// `pasp` when the pixel aspect ratio is known and not square.
fn write_pasp(w: &mut BoxWriter, fd: &FormatDescription) {
    let Some(par) = fd
        .extension(attachment_keys::PIXEL_ASPECT_RATIO)
        .and_then(|v| v.as_dictionary())
        .and_then(PixelAspectRatio::from_dictionary)
    else {
        return;
    };
    if par == PixelAspectRatio::SQUARE || par.horizontal_spacing == 0 || par.vertical_spacing == 0 {
        return;
    }
    w.start(b"pasp");
    w.u32(par.horizontal_spacing);
    w.u32(par.vertical_spacing);
    w.end();
}
