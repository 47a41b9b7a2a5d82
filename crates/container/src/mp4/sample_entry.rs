//! The visual sample entry (`avc1`, `hvc1`, `jpeg`, …) of `stsd`, built from a
//! [`FormatDescription`]: the codec type is the entry type and the format description's
//! sample-description extension atoms (avcC, hvcC, and later lhvC/vexu/hfov for MV-HEVC) are
//! copied in as they are, which is why framepress writes its own boxes (see ARCHITECTURE.md).

use framepress_core::FormatDescription;

use super::boxes::BoxWriter;

/// Extension atoms copied into the sample entry when the format description has them, in
/// this order.
const EXTENSION_ATOMS: [&[u8; 4]; 5] = [b"avcC", b"hvcC", b"lhvC", b"vexu", b"hfov"];

/// Writes the sample entry for `fd`.
pub fn write_visual_sample_entry(w: &mut BoxWriter, fd: &FormatDescription) {
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
    w.end();
}
