//! The visual sample entry (`avc1`/`avc3`, `hvc1`/`hev1`, `jpeg`) of `stsd`, built from a
//! [`FormatDescription`]: the codec type chooses the entry type, and the format
//! description's sample-description extension atoms (avcC, hvcC, and later lhvC/vexu/hfov for
//! MV-HEVC) are copied in as they are, which is why framepress writes its own boxes (see
//! ARCHITECTURE.md). `colr`, `pasp` and `btrt` follow from the format description's
//! extensions and the samples.

use framepress_core::color::attachment_keys;
use framepress_core::format_description::extension_keys;
use framepress_core::{
    CodecType, ColorPrimaries, FormatDescription, PixelAspectRatio, TransferFunction, YCbCrMatrix,
};

use super::boxes::BoxWriter;
use super::error::Mp4Error;
use super::parameter_sets::ParameterSets;

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

/// The sample entry type for `fd` and the configuration atom it requires.
///
/// NAL-based codecs get the entry whose parameter sets live in the configuration box
/// (`avc1`, `hvc1`) unless `placement` asks for them in band; a format description without
/// parameter sets means they travel in band only. ISO/IEC 14496-15 calls the in-band entries
/// `avc3`/`hev1`.
pub fn entry_type(
    fd: &FormatDescription,
    placement: ParameterSets,
) -> Result<([u8; 4], Option<&'static str>), Mp4Error> {
    let codec = fd.codec_type();
    let out_of_band = fd.parameter_set_count() > 0 && !placement.in_band();
    Ok(match codec {
        CodecType::H264 if out_of_band => (*b"avc1", Some("avcC")),
        CodecType::H264 => (*b"avc3", Some("avcC")),
        CodecType::HEVC | CodecType::HEVC_WITH_ALPHA if out_of_band => (*b"hvc1", Some("hvcC")),
        CodecType::HEVC | CodecType::HEVC_WITH_ALPHA => (*b"hev1", Some("hvcC")),
        CodecType::JPEG => (*b"jpeg", None),
        _ => return Err(Mp4Error::UnsupportedCodec(codec)),
    })
}

/// Checks that `fd` can be described by a sample entry, returning the entry type. Writers
/// call this on the first sample, so an unusable stream fails at once rather than when the
/// file is finished.
pub fn check_format(fd: &FormatDescription, placement: ParameterSets) -> Result<[u8; 4], Mp4Error> {
    let (kind, config) = entry_type(fd, placement)?;
    if let Some(atom) = config
        && fd.sample_description_atom(atom).is_none()
    {
        return Err(Mp4Error::MissingConfiguration {
            codec: fd.codec_type(),
            atom,
        });
    }
    Ok(kind)
}

/// Writes the sample entry for `fd`, with `btrt` when the bit rates are known (progressive
/// files; a fragmented stream's init segment is written before any sample). Fails for codecs
/// MP4 cannot carry here, and when the configuration box a decoder needs (`avcC`/`hvcC`) is
/// missing from the format description, since the file would not play.
pub fn write_visual_sample_entry(
    w: &mut BoxWriter,
    fd: &FormatDescription,
    rates: Option<BitRates>,
    placement: ParameterSets,
) -> Result<(), Mp4Error> {
    let kind = check_format(fd, placement)?;
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
    Ok(())
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

#[cfg(test)]
mod tests {
    use framepress_core::{Dictionary, Value};

    use super::*;

    fn fd(codec: CodecType, ext: Dictionary) -> FormatDescription {
        FormatDescription::with_parameter_sets(codec, 176, 144, ext, vec![vec![0x67]], 4)
    }

    fn with_avcc(avcc: &[u8]) -> Dictionary {
        let atoms = Dictionary::new().with("avcC", Value::Data(avcc.to_vec()));
        Dictionary::new().with(extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS, atoms)
    }

    fn entry(fd: &FormatDescription, rates: Option<BitRates>) -> Vec<u8> {
        let mut w = BoxWriter::new();
        write_visual_sample_entry(&mut w, fd, rates, ParameterSets::OutOfBand).unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn avc1_entry_carries_the_avcc_bytes_verbatim() {
        let avcc = [1, 66, 0xc0, 30, 0xff, 0xe1, 0, 1, 0x67, 1, 0, 1, 0x68];
        let b = entry(&fd(CodecType::H264, with_avcc(&avcc)), None);
        // VisualSampleEntry: 8-byte header + 78 bytes of fields, then the avcC box.
        assert_eq!(b.len(), 86 + 8 + avcc.len());
        assert_eq!(b[..8], [0, 0, 0, b.len() as u8, b'a', b'v', b'c', b'1']);
        assert_eq!(b[14..16], [0, 1]); // data_reference_index
        assert_eq!(b[32..36], [0, 176, 0, 144]);
        assert_eq!(b[82..86], [0, 0x18, 0xff, 0xff]); // depth, pre_defined -1
        assert_eq!(b[86..90], [0, 0, 0, 21]);
        assert_eq!(&b[90..94], b"avcC");
        assert_eq!(b[94..], avcc);
    }

    #[test]
    fn colr_pasp_and_btrt_follow_the_description() {
        let mut ext = with_avcc(&[1]);
        ext.insert(attachment_keys::COLOR_PRIMARIES, ColorPrimaries::Itu709);
        ext.insert(attachment_keys::YCBCR_MATRIX, YCbCrMatrix::Itu601);
        ext.insert(extension_keys::FULL_RANGE_VIDEO, true);
        let par = PixelAspectRatio {
            horizontal_spacing: 12,
            vertical_spacing: 11,
        };
        ext.insert(attachment_keys::PIXEL_ASPECT_RATIO, par.to_dictionary());
        let rates = BitRates {
            buffer_size: 0x1234,
            max_bitrate: 2_000_000,
            avg_bitrate: 1_000_000,
        };
        let b = entry(&fd(CodecType::H264, ext), Some(rates));
        let tail = &b[86 + 9..];
        let expected = [
            // colr nclx: primaries 1, transfer 2 (unknown), matrix 6, full range.
            &[0, 0, 0, 19][..],
            b"colr",
            b"nclx",
            &[0, 1, 0, 2, 0, 6, 0x80],
            &[0, 0, 0, 16],
            b"pasp",
            &[0, 0, 0, 12, 0, 0, 0, 11],
            &[0, 0, 0, 20],
            b"btrt",
            &[0, 0, 0x12, 0x34],
            &2_000_000u32.to_be_bytes(),
            &1_000_000u32.to_be_bytes(),
        ]
        .concat();
        assert_eq!(tail, expected);
    }

    #[test]
    fn entry_types_and_refusals() {
        let jpeg = FormatDescription::new(CodecType::JPEG, 8, 8, Dictionary::new());
        assert_eq!(
            entry_type(&jpeg, ParameterSets::OutOfBand).unwrap(),
            (*b"jpeg", None)
        );
        let b = entry(&jpeg, None);
        assert_eq!(b.len(), 86);
        assert_eq!(&b[4..8], b"jpeg");
        let no_ps = FormatDescription::with_parameter_sets(
            CodecType::H264,
            8,
            8,
            with_avcc(&[1]),
            vec![],
            4,
        );
        assert_eq!(
            entry_type(&no_ps, ParameterSets::OutOfBand).unwrap().0,
            *b"avc3"
        );
        let mut w = BoxWriter::new();
        let missing = fd(CodecType::H264, Dictionary::new());
        assert!(matches!(
            write_visual_sample_entry(&mut w, &missing, None, ParameterSets::OutOfBand),
            Err(Mp4Error::MissingConfiguration { atom: "avcC", .. })
        ));
        let prores = FormatDescription::new(CodecType::PRORES_422, 8, 8, Dictionary::new());
        assert!(matches!(
            entry_type(&prores, ParameterSets::OutOfBand),
            Err(Mp4Error::UnsupportedCodec(CodecType::PRORES_422))
        ));
    }
}
