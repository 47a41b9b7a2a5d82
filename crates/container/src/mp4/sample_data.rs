//! What goes into `mdat` for one sample.
//!
//! MP4 stores NAL-based video (H.264, HEVC) length-prefixed with the prefix size its
//! `avcC`/`hvcC` declares (ISO/IEC 14496-15), which is exactly how the session's samples come
//! by default, so those are copied as they are after a framing check. Samples the session
//! made with `FramepressAnnexBOutput` (the format description's NAL unit header length is 0
//! while it carries parameter sets) are re-framed: start codes become length prefixes, and
//! the in-band copies of the format description's parameter sets are dropped because the
//! sample entry already carries them. Other codecs (JPEG) are stored unchanged.
//!
//! With [`ParameterSets::InBand`] (`avc3`/`hev1`) every sync sample additionally starts with
//! the format description's parameter sets, and copies elsewhere are dropped.
//!
//! All of this is framing only, with no codec syntax: parameter sets are recognised by being
//! byte-identical to the format description's.

use std::borrow::Cow;

use framepress_bitstream::{annexb_nal_units, append_length_prefixed, split_length_prefixed};
use framepress_core::{FormatDescription, SampleBuffer};

use super::error::Mp4Error;
use super::parameter_sets::ParameterSets;

/// The NAL length-prefix size to use in the file: the format description's for
/// length-prefixed samples; for Annex-B samples the one its `avcC`/`hvcC` declares
/// (`lengthSizeMinusOne`), 4 when it has neither.
pub fn file_prefix_len(fd: &FormatDescription) -> u8 {
    match fd.nal_unit_header_length() {
        0 => {
            let declared = |atom: &str, at: usize| {
                fd.sample_description_atom(atom)
                    .and_then(|b| b.get(at))
                    .map(|b| (b & 3) + 1)
            };
            declared("avcC", 4)
                .or_else(|| declared("hvcC", 21))
                .filter(|&n| n != 3)
                .unwrap_or(4)
        }
        n => n,
    }
}

/// Whether the samples are Annex-B NAL units rather than length-prefixed ones or opaque
/// frames (JPEG): the session's convention is a NAL unit header length of 0 on a format
/// description that has parameter sets.
pub fn is_annexb(fd: &FormatDescription) -> bool {
    fd.nal_unit_header_length() == 0 && fd.parameter_set_count() > 0
}

/// The bytes of sample number `index` as stored in the file.
pub fn sample_payload(
    sample: &SampleBuffer,
    index: u64,
    placement: ParameterSets,
) -> Result<Cow<'_, [u8]>, Mp4Error> {
    let fd = sample.format_description();
    let data: &[u8] = sample.data();
    let bad = |reason: String| Mp4Error::BadSample {
        sample: index,
        reason,
    };
    let nal_based = is_annexb(fd) || fd.nal_unit_header_length() != 0;
    if !nal_based {
        return Ok(Cow::Borrowed(data));
    }
    let units: Vec<&[u8]> = if is_annexb(fd) {
        if !(data.starts_with(&[0, 0, 1]) || data.starts_with(&[0, 0, 0, 1])) {
            return Err(bad(
                "the format says Annex-B (NAL unit header length 0) but the sample does not \
                 start with a start code"
                    .to_owned(),
            ));
        }
        annexb_nal_units(data).collect()
    } else {
        let units = split_length_prefixed(data, fd.nal_unit_header_length())
            .map_err(|e| bad(format!("not length-prefixed NAL units: {e}")))?;
        if !placement.in_band() {
            // Already what the file stores.
            return Ok(Cow::Borrowed(data));
        }
        units
    };
    let prefix = file_prefix_len(fd);
    let parameter_sets: Vec<&[u8]> = (0..fd.parameter_set_count())
        .filter_map(|i| fd.parameter_set_at_index(i))
        .collect();
    let mut out = Vec::with_capacity(data.len() + 64);
    let mut append = |nal: &[u8]| {
        append_length_prefixed(&mut out, nal, prefix)
            .map_err(|e| bad(format!("cannot re-frame a NAL unit: {e}")))
    };
    if placement.in_band() && sample.is_sync() {
        for ps in &parameter_sets {
            append(ps)?;
        }
    }
    for nal in units
        .into_iter()
        .filter(|nal| !parameter_sets.contains(nal))
    {
        append(nal)?;
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use framepress_core::{
        CodecType, Dictionary, SampleAttachments, SampleTiming, Value,
        format_description::extension_keys,
    };

    use super::*;

    fn fd(prefix: u8) -> FormatDescription {
        let avcc = vec![1, 66, 0, 30, 0xff, 0xe1];
        let atoms = Dictionary::new().with("avcC", Value::Data(avcc));
        let ext = Dictionary::new().with(extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS, atoms);
        FormatDescription::with_parameter_sets(
            CodecType::H264,
            16,
            16,
            ext,
            vec![vec![0x67, 1, 2], vec![0x68, 3]],
            prefix,
        )
    }

    fn sample(data: &[u8], fd: FormatDescription) -> SampleBuffer {
        SampleBuffer::new(
            data.to_vec(),
            fd,
            SampleTiming::default(),
            SampleAttachments::default(),
        )
    }

    #[test]
    fn annexb_is_reframed_without_the_entrys_parameter_sets() {
        let data = [
            &[0, 0, 0, 1, 0x67, 1, 2][..],
            &[0, 0, 0, 1, 0x68, 3],
            &[0, 0, 1, 0x68, 4], // a different PPS stays in band
            &[0, 0, 0, 1, 0x65, 0xaa, 0xbb],
        ]
        .concat();
        let s = sample(&data, fd(0));
        assert_eq!(
            sample_payload(&s, 0, ParameterSets::OutOfBand)
                .unwrap()
                .as_ref(),
            [0, 0, 0, 2, 0x68, 4, 0, 0, 0, 3, 0x65, 0xaa, 0xbb]
        );
    }

    #[test]
    fn length_prefixed_is_borrowed_and_checked() {
        let s = sample(&[0, 0, 0, 2, 0x41, 9], fd(4));
        assert!(matches!(
            sample_payload(&s, 0, ParameterSets::OutOfBand).unwrap(),
            Cow::Borrowed(_)
        ));
        let s = sample(&[0, 0, 0, 9, 0x41, 9], fd(4));
        let err = sample_payload(&s, 7, ParameterSets::OutOfBand)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("sample 7: not length-prefixed"), "{err}");
    }

    #[test]
    fn in_band_puts_the_parameter_sets_before_sync_samples_only() {
        let key = sample(&[0, 0, 0, 3, 0x65, 0xaa, 0xbb], fd(4));
        assert_eq!(
            sample_payload(&key, 0, ParameterSets::InBand)
                .unwrap()
                .as_ref(),
            [
                0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 3, 0x65, 0xaa, 0xbb
            ]
        );
        let attachments = SampleAttachments {
            not_sync: true,
            ..Default::default()
        };
        let delta = SampleBuffer::new(
            vec![0, 0, 0, 2, 0x41, 9],
            fd(4),
            SampleTiming::default(),
            attachments,
        );
        assert_eq!(
            sample_payload(&delta, 1, ParameterSets::InBand)
                .unwrap()
                .as_ref(),
            [0, 0, 0, 2, 0x41, 9]
        );
        // Annex-B key frames that already carry them get exactly one copy.
        let annexb = [
            &[0, 0, 0, 1, 0x67, 1, 2][..],
            &[0, 0, 0, 1, 0x68, 3],
            &[0, 0, 0, 1, 0x65, 0xaa, 0xbb],
        ]
        .concat();
        assert_eq!(
            sample_payload(&sample(&annexb, fd(0)), 0, ParameterSets::InBand)
                .unwrap()
                .as_ref(),
            [
                0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 3, 0x65, 0xaa, 0xbb
            ]
        );
    }

    #[test]
    fn annexb_without_start_code_is_refused() {
        let s = sample(&[0x65, 1, 2], fd(0));
        assert!(matches!(
            sample_payload(&s, 3, ParameterSets::OutOfBand),
            Err(Mp4Error::BadSample { sample: 3, .. })
        ));
    }

    #[test]
    fn prefix_len_follows_the_avcc_for_annexb() {
        assert_eq!(file_prefix_len(&fd(0)), 4);
        assert_eq!(file_prefix_len(&fd(2)), 2);
    }
}
