//! Length-prefixed NAL units (ISO/IEC 14496-15, the `avcC` / `hvcC` sample format): each NAL
//! unit preceded by its length as a big-endian integer of 1, 2 or 4 bytes. MP4 samples and
//! VideoToolbox's output `CMSampleBuffer`s use this framing, with 4-byte prefixes by default.

use crate::NalError;

/// Checks a prefix size: `lengthSizeMinusOne` may only be 0, 1 or 3.
pub(crate) fn check_prefix_len(prefix_len: u8) -> Result<(), NalError> {
    match prefix_len {
        1 | 2 | 4 => Ok(()),
        other => Err(NalError::InvalidPrefixLength(other)),
    }
}

/// Appends one NAL unit (header and escaped payload) preceded by its length in `prefix_len`
/// bytes (1, 2 or 4). Fails, appending nothing, if the prefix size is invalid or the unit is
/// too long for it.
pub fn append_length_prefixed(
    out: &mut Vec<u8>,
    escaped_nal: &[u8],
    prefix_len: u8,
) -> Result<(), NalError> {
    check_prefix_len(prefix_len)?;
    let too_long = NalError::NalTooLong {
        len: escaped_nal.len(),
        prefix_len,
    };
    let len = u32::try_from(escaped_nal.len()).map_err(|_| too_long.clone())?;
    let width = usize::from(prefix_len);
    if width < 4 && len >> (8 * width) != 0 {
        return Err(too_long);
    }
    out.reserve(width + escaped_nal.len());
    out.extend_from_slice(&len.to_be_bytes()[4 - width..]);
    out.extend_from_slice(escaped_nal);
    Ok(())
}

/// The NAL units of length-prefixed data, in order, without copying. A zero length yields an
/// empty unit, so the result mirrors the framing exactly. Fails if the data ends inside a
/// prefix or inside the unit a prefix declares.
pub fn split_length_prefixed(data: &[u8], prefix_len: u8) -> Result<Vec<&[u8]>, NalError> {
    check_prefix_len(prefix_len)?;
    let width = usize::from(prefix_len);
    let mut units = Vec::new();
    let mut offset = 0;
    while offset < data.len() {
        let rest = &data[offset..];
        let Some((prefix, rest)) = rest.split_at_checked(width) else {
            return Err(NalError::TruncatedLengthPrefix {
                offset,
                prefix_len,
                available: rest.len(),
            });
        };
        let declared = prefix
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        offset += width;
        let Some(unit) = rest.get(..declared) else {
            return Err(NalError::TruncatedNalUnit {
                offset,
                declared,
                available: rest.len(),
            });
        };
        units.push(unit);
        offset += declared;
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_big_endian_prefixes() {
        let mut out = Vec::new();
        append_length_prefixed(&mut out, &[0x65, 0x88, 0x84], 4).unwrap();
        append_length_prefixed(&mut out, &[0x41], 2).unwrap();
        append_length_prefixed(&mut out, &[0x06, 0x05], 1).unwrap();
        assert_eq!(
            out,
            [0, 0, 0, 3, 0x65, 0x88, 0x84, 0, 1, 0x41, 2, 0x06, 0x05]
        );
    }

    #[test]
    fn rejects_bad_prefixes_and_long_units() {
        let mut out = Vec::new();
        for bad in [0, 3, 5, 8] {
            assert_eq!(
                append_length_prefixed(&mut out, &[1], bad),
                Err(NalError::InvalidPrefixLength(bad))
            );
            assert_eq!(
                split_length_prefixed(&[], bad),
                Err(NalError::InvalidPrefixLength(bad))
            );
        }
        let big = vec![0x41; 256];
        assert_eq!(
            append_length_prefixed(&mut out, &big, 1),
            Err(NalError::NalTooLong {
                len: 256,
                prefix_len: 1
            })
        );
        append_length_prefixed(&mut out, &big[..255], 1).unwrap();
        assert_eq!(out.len(), 256);
        assert_eq!(out[0], 255);
        let huge = vec![0x41; 65536];
        assert!(append_length_prefixed(&mut out, &huge, 2).is_err());
        assert_eq!(out.len(), 256, "a failed append leaves the output alone");
        append_length_prefixed(&mut out, &huge, 4).unwrap();
        assert_eq!(out[256..260], [0, 1, 0, 0]);
    }

    #[test]
    fn splits_units() {
        let data = [0, 2, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0, 0];
        assert_eq!(
            split_length_prefixed(&data, 2).unwrap(),
            [&[0x67, 0x42][..], &[], &[0x68], &[]]
        );
        assert!(split_length_prefixed(&[], 4).unwrap().is_empty());
    }

    #[test]
    fn truncation_is_an_error() {
        assert_eq!(
            split_length_prefixed(&[0, 0, 0, 2, 0x41, 0x9A, 0, 0], 4),
            Err(NalError::TruncatedLengthPrefix {
                offset: 6,
                prefix_len: 4,
                available: 2
            })
        );
        assert_eq!(
            split_length_prefixed(&[0, 0, 0, 5, 0x41, 0x9A], 4),
            Err(NalError::TruncatedNalUnit {
                offset: 4,
                declared: 5,
                available: 2
            })
        );
        assert_eq!(
            split_length_prefixed(&[1, 0x09, 3, 0x41], 1),
            Err(NalError::TruncatedNalUnit {
                offset: 3,
                declared: 3,
                available: 1
            })
        );
    }
}
