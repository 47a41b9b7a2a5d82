//! Conversion between Annex-B and length-prefixed framing, e.g. to write an encoder's
//! length-prefixed samples (VideoToolbox's format) to a raw `.h264` file, or to mux a raw
//! stream into MP4. NAL unit bytes are copied unchanged: emulation prevention is the same in
//! both framings.

use crate::NalError;
use crate::nal::annexb::{annexb_nal_units, append_annexb};
use crate::nal::length_prefixed::{
    append_length_prefixed, check_prefix_len, split_length_prefixed,
};

/// Re-frames an Annex-B stream with `prefix_len`-byte (1, 2 or 4) length prefixes. Start
/// codes, `leading_zero_8bits` and `trailing_zero_8bits` are dropped.
pub fn annexb_to_length_prefixed(stream: &[u8], prefix_len: u8) -> Result<Vec<u8>, NalError> {
    check_prefix_len(prefix_len)?;
    let mut out = Vec::with_capacity(stream.len() + 16);
    for unit in annexb_nal_units(stream) {
        append_length_prefixed(&mut out, unit, prefix_len)?;
    }
    Ok(out)
}

/// Re-frames length-prefixed data as an Annex-B stream.
///
/// Every unit gets the 4-byte start code: it is always allowed and is required before
/// parameter sets and the first NAL unit of an access unit, which cannot be told apart
/// without codec syntax. Empty units are dropped, since Annex B cannot carry them.
pub fn length_prefixed_to_annexb(data: &[u8], prefix_len: u8) -> Result<Vec<u8>, NalError> {
    let units = split_length_prefixed(data, prefix_len)?;
    let mut out = Vec::with_capacity(data.len() + 4 * units.len());
    for unit in units.into_iter().filter(|unit| !unit.is_empty()) {
        append_annexb(&mut out, unit, true);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape_rbsp;
    use crate::nal::annexb::split_annexb;
    use crate::test_rng::XorShift;

    #[test]
    fn hand_made_conversion() {
        let annexb = [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x65, 0x88, 0, 0, 3, 1, 0];
        let lp = annexb_to_length_prefixed(&annexb, 4).unwrap();
        assert_eq!(
            lp,
            [0, 0, 0, 2, 0x67, 0x42, 0, 0, 0, 6, 0x65, 0x88, 0, 0, 3, 1]
        );
        assert_eq!(
            length_prefixed_to_annexb(&lp, 4).unwrap(),
            [0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x65, 0x88, 0, 0, 3, 1]
        );
        assert_eq!(
            annexb_to_length_prefixed(&annexb, 1).unwrap()[..3],
            [2, 0x67, 0x42]
        );
    }

    #[test]
    fn errors_propagate() {
        assert_eq!(
            annexb_to_length_prefixed(&[], 3),
            Err(NalError::InvalidPrefixLength(3))
        );
        assert_eq!(
            annexb_to_length_prefixed(&[0, 0, 1, 0x41, 0x9A], 2).map(|v| v.len()),
            Ok(4)
        );
        let mut stream = vec![0, 0, 1];
        stream.extend(std::iter::repeat_n(0x41, 300));
        assert_eq!(
            annexb_to_length_prefixed(&stream, 1),
            Err(NalError::NalTooLong {
                len: 300,
                prefix_len: 1
            })
        );
        assert_eq!(
            length_prefixed_to_annexb(&[0, 0, 0, 9, 0x41], 4),
            Err(NalError::TruncatedNalUnit {
                offset: 4,
                declared: 9,
                available: 1
            })
        );
        assert_eq!(
            length_prefixed_to_annexb(&[0, 1, 0x41, 0], 2),
            Err(NalError::TruncatedLengthPrefix {
                offset: 3,
                prefix_len: 2,
                available: 1
            })
        );
    }

    /// Random RBSPs, escaped behind a header byte, framed each way and converted back.
    #[test]
    fn random_round_trips() {
        let mut rng = XorShift::new(99);
        for _ in 0..300 {
            let count = 1 + rng.next() % 6;
            let units: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let len = (rng.next() % 40) as usize;
                    let mut rbsp: Vec<u8> = (0..len)
                        .map(|_| {
                            if rng.next().is_multiple_of(3) {
                                0
                            } else {
                                rng.next() as u8
                            }
                        })
                        .collect();
                    rbsp.push(0x80); // rbsp_trailing_bits
                    let mut nal = vec![0x41];
                    escape_rbsp(&rbsp, &mut nal);
                    nal
                })
                .collect();
            for prefix_len in [1, 2, 4] {
                let mut lp = Vec::new();
                for unit in &units {
                    append_length_prefixed(&mut lp, unit, prefix_len).unwrap();
                }
                let annexb = length_prefixed_to_annexb(&lp, prefix_len).unwrap();
                assert_eq!(
                    split_annexb(&annexb),
                    units.iter().map(Vec::as_slice).collect::<Vec<_>>()
                );
                assert_eq!(annexb_to_length_prefixed(&annexb, prefix_len).unwrap(), lp);
            }
            let mut annexb = vec![0, 0];
            for (i, unit) in units.iter().enumerate() {
                append_annexb(&mut annexb, unit, i % 2 == 0);
                annexb.extend(std::iter::repeat_n(0, (rng.next() % 3) as usize));
            }
            let lp = annexb_to_length_prefixed(&annexb, 4).unwrap();
            let units_back = split_length_prefixed(&lp, 4).unwrap();
            assert_eq!(
                units_back,
                units.iter().map(Vec::as_slice).collect::<Vec<_>>()
            );
        }
    }
}
