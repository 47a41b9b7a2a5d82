//! The Annex-B byte stream (ITU-T H.264 Annex B, H.265 Annex B): each NAL unit preceded by a
//! start code `00 00 01`, optionally with an extra leading zero byte (`zero_byte`) and
//! followed by any number of `trailing_zero_8bits`.

/// Appends one NAL unit (header and escaped payload) to an Annex-B stream.
///
/// `long_start_code` selects the 4-byte start code `00 00 00 01` (a `zero_byte` then
/// `00 00 01`), which the standards require before parameter sets and the first NAL unit of
/// an access unit; other NAL units may use the 3-byte `00 00 01`. The NAL unit must be
/// escaped (see [`escape_rbsp`](crate::escape_rbsp)) or the stream will not split back into
/// the same units.
pub fn append_annexb(out: &mut Vec<u8>, escaped_nal: &[u8], long_start_code: bool) {
    const LONG: [u8; 4] = [0, 0, 0, 1];
    let start_code = if long_start_code {
        &LONG[..]
    } else {
        &LONG[1..]
    };
    out.reserve(start_code.len() + escaped_nal.len());
    out.extend_from_slice(start_code);
    out.extend_from_slice(escaped_nal);
}

/// The NAL units of an Annex-B stream, in order (see [`AnnexBNalUnits`]).
pub fn split_annexb(stream: &[u8]) -> Vec<&[u8]> {
    annexb_nal_units(stream).collect()
}

/// An iterator over the NAL units of an Annex-B stream, without copying.
pub fn annexb_nal_units(stream: &[u8]) -> AnnexBNalUnits<'_> {
    AnnexBNalUnits {
        stream,
        next: find_start_code(stream, 0).map(|at| at + 3),
    }
}

/// Iterator over the NAL units of an Annex-B stream, each still escaped and with its header.
///
/// Accepts 3- and 4-byte start codes in any mix. Zero bytes at the end of each unit are
/// dropped: they are the `zero_byte` of the next start code or `trailing_zero_8bits`, never
/// part of the unit, since a NAL unit cannot end in 0x00. Bytes before the first start code
/// (`leading_zero_8bits` in a conforming stream) are skipped, and empty units (start codes
/// back to back) are not reported.
#[derive(Clone, Debug)]
pub struct AnnexBNalUnits<'a> {
    stream: &'a [u8],
    /// Offset just after the next start code, or `None` when the stream is exhausted.
    next: Option<usize>,
}

impl<'a> Iterator for AnnexBNalUnits<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            let begin = self.next?;
            let (end, next) = match find_start_code(self.stream, begin) {
                Some(at) => (at, Some(at + 3)),
                None => (self.stream.len(), None),
            };
            self.next = next;
            let unit = self.stream.get(begin..end).unwrap_or_default();
            let kept = unit
                .iter()
                .rposition(|&b| b != 0)
                .map_or(0, |last| last + 1);
            let unit = &unit[..kept];
            if !unit.is_empty() {
                return Some(unit);
            }
        }
    }
}

/// Offset of the first `00 00 01` at or after `from`.
fn find_start_code(data: &[u8], from: usize) -> Option<usize> {
    // Look at the byte where a start code would end: if it is neither 0x00 nor a 0x01 after
    // two zeros, no start code can end here or in the next two bytes, so skip three.
    let mut i = from.checked_add(2)?;
    while let Some(&b) = data.get(i) {
        match b {
            0 => i += 1,
            1 if data.get(i - 2..i) == Some(&[0, 0][..]) => return Some(i - 2),
            _ => i += 3,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_start_codes() {
        let mut out = Vec::new();
        append_annexb(&mut out, &[0x67, 0x42], true);
        append_annexb(&mut out, &[0x65, 0x88], false);
        assert_eq!(out, [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x65, 0x88]);
    }

    #[test]
    fn splits_mixed_start_codes() {
        let stream = [
            0, 0, // leading_zero_8bits
            0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1E, // 4-byte start code
            0, 0, 1, 0x68, 0xCE, 0x3C, 0x80, // 3-byte start code
            0, 0, 0, 1, 0x65, 0x88, 0, 0, 3, 1, 0x84, // escaped payload
            0, 0, 0, 0, // trailing_zero_8bits
            0, 0, 1, 0x41, 0x9A, // last unit runs to the end
        ];
        assert_eq!(
            split_annexb(&stream),
            [
                &[0x67, 0x42, 0x00, 0x1E][..],
                &[0x68, 0xCE, 0x3C, 0x80],
                &[0x65, 0x88, 0, 0, 3, 1, 0x84],
                &[0x41, 0x9A],
            ]
        );
    }

    #[test]
    fn degenerate_streams() {
        assert!(split_annexb(&[]).is_empty());
        assert!(split_annexb(&[0, 0, 0]).is_empty());
        assert!(split_annexb(&[0x12, 0x34]).is_empty());
        assert!(split_annexb(&[0, 0, 1]).is_empty());
        assert!(split_annexb(&[0, 0, 1, 0, 0, 1, 0, 0, 0, 1]).is_empty());
        // Garbage before the first start code is skipped.
        assert_eq!(
            split_annexb(&[0x12, 0, 0, 1, 0x09, 0xF0]),
            [&[0x09, 0xF0][..]]
        );
        // A 0x01 not preceded by two zeros is payload.
        assert_eq!(
            split_annexb(&[0, 0, 1, 0x09, 0, 1, 1, 0, 1]),
            [&[0x09, 0, 1, 1, 0, 1][..]]
        );
    }

    #[test]
    fn finds_every_start_code_alignment() {
        for pad in 0..6 {
            let mut stream = vec![0xAB; pad];
            stream.extend_from_slice(&[0, 0, 1, 0x41, 0xFF, 0x02]);
            append_annexb(&mut stream, &[0x42, 0x01], pad % 2 == 0);
            assert_eq!(
                split_annexb(&stream),
                [&[0x41, 0xFF, 0x02][..], &[0x42, 0x01]],
                "pad {pad}"
            );
        }
    }
}
