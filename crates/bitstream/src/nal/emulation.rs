//! Emulation prevention (ITU-T H.264 §7.4.1, H.265 §7.4.2).
//!
//! A decoder finds NAL units by scanning for the start code `00 00 01`, so those bytes must
//! never occur inside a NAL unit. The encoder therefore inserts an
//! `emulation_prevention_three_byte` (0x03) after any two zero bytes that are followed by a
//! byte ≤ 0x03; the decoder drops every 0x03 that follows two zero bytes.
//!
//! Both directions apply to the part of the NAL unit after its header, exactly as the
//! `nal_unit()` syntax does. Write the header bytes to the output first, then escape the RBSP;
//! the zero-run count starts afresh at the RBSP. (H.264 and HEVC headers always end in a
//! non-zero byte, so escaping or unescaping a whole NAL unit gives the same bytes.)

/// Appends `rbsp` to `out` with emulation prevention applied.
///
/// When the RBSP ends in 0x00 a final 0x03 is appended, as §7.4.1 requires, because a NAL
/// unit must not end in 0x00 (trailing zero bytes belong to the byte stream and are
/// discarded). A conforming RBSP ends either in the byte holding its `rbsp_stop_one_bit`
/// (never 0x00) or in `cabac_zero_word`s (pairs of zero bytes); in both cases
/// [`unescape`] restores the RBSP exactly. An RBSP ending in an odd run of zero bytes is not
/// conforming and does not round-trip: the final 0x03 then stays in the unescaped bytes.
pub fn escape_rbsp(rbsp: &[u8], out: &mut Vec<u8>) {
    // Escapes are rare in real data, so copy runs between them in bulk.
    out.reserve(rbsp.len() + rbsp.len() / 64 + 1);
    let mut zeros = 0u32;
    let mut copied = 0;
    for (i, &b) in rbsp.iter().enumerate() {
        if zeros >= 2 && b <= 3 {
            out.extend_from_slice(&rbsp[copied..i]);
            out.push(0x03);
            copied = i;
            zeros = 0;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
    }
    out.extend_from_slice(&rbsp[copied..]);
    if rbsp.last() == Some(&0) {
        out.push(0x03);
    }
}

/// Removes emulation prevention: every 0x03 that follows two zero bytes (counted since the
/// previous removed 0x03) is dropped, as the `nal_unit()` syntax of H.264 §7.3.1 / H.265
/// §7.3.1.1 does. The inverse of [`escape_rbsp`].
pub fn unescape(ebsp: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ebsp.len());
    let mut zeros = 0u32;
    let mut copied = 0;
    for (i, &b) in ebsp.iter().enumerate() {
        if zeros >= 2 && b == 0x03 {
            out.extend_from_slice(&ebsp[copied..i]);
            copied = i + 1;
            zeros = 0;
            continue;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
    }
    out.extend_from_slice(&ebsp[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::XorShift;

    fn escaped(rbsp: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        escape_rbsp(rbsp, &mut out);
        out
    }

    #[test]
    fn escapes_zero_zero_then_small_byte() {
        assert_eq!(escaped(&[0, 0, 0, 0x80]), [0, 0, 3, 0, 0x80]);
        assert_eq!(escaped(&[0, 0, 1]), [0, 0, 3, 1]);
        assert_eq!(escaped(&[0, 0, 2]), [0, 0, 3, 2]);
        assert_eq!(escaped(&[0, 0, 3]), [0, 0, 3, 3]);
        assert_eq!(escaped(&[0, 0, 4]), [0, 0, 4]);
        assert_eq!(escaped(&[0x25, 0, 0, 1, 0xFF]), [0x25, 0, 0, 3, 1, 0xFF]);
    }

    #[test]
    fn trailing_zero_gets_a_final_three() {
        // [00 00 00]: the third zero is escaped, then the RBSP ends in 0x00.
        assert_eq!(escaped(&[0, 0, 0]), [0, 0, 3, 0, 3]);
        // An RBSP ending in one cabac_zero_word.
        assert_eq!(escaped(&[0x80, 0, 0]), [0x80, 0, 0, 3]);
        assert_eq!(unescape(&[0x80, 0, 0, 3]), [0x80, 0, 0]);
        // Two cabac_zero_words.
        assert_eq!(escaped(&[0x80, 0, 0, 0, 0]), [0x80, 0, 0, 3, 0, 0, 3]);
        assert_eq!(unescape(&[0x80, 0, 0, 3, 0, 0, 3]), [0x80, 0, 0, 0, 0]);
        // Non-conforming odd run: the 0x03 still ends the NAL unit but does not round-trip.
        assert_eq!(escaped(&[0x80, 0]), [0x80, 0, 3]);
        assert_eq!(unescape(&[0x80, 0, 3]), [0x80, 0, 3]);
    }

    #[test]
    fn long_zero_runs() {
        assert_eq!(escaped(&[0, 0, 0, 0, 0]), [0, 0, 3, 0, 0, 3, 0, 3]);
        assert_eq!(escaped(&[0, 0, 0, 0, 0, 0x80]), [0, 0, 3, 0, 0, 3, 0, 0x80]);
        assert_eq!(escaped(&[0; 6]), [0, 0, 3, 0, 0, 3, 0, 0, 3]);
        assert_eq!(
            unescape(&[0, 0, 3, 0, 0, 3, 0, 0x80]),
            [0, 0, 0, 0, 0, 0x80]
        );
    }

    #[test]
    fn no_escape_needed() {
        assert_eq!(escaped(&[]), [] as [u8; 0]);
        assert_eq!(escaped(&[0x67, 0x42, 0, 0x1E]), [0x67, 0x42, 0, 0x1E]);
        assert_eq!(escaped(&[0, 4, 0, 0, 0xFF]), [0, 4, 0, 0, 0xFF]);
        assert_eq!(unescape(&[0, 3, 0, 0, 4]), [0, 3, 0, 0, 4]);
    }

    #[test]
    fn unescape_drops_only_after_two_zeros() {
        // 00 00 03 03: only the first 0x03 is an emulation prevention byte.
        assert_eq!(unescape(&[0, 0, 3, 3]), [0, 0, 3]);
        // After a removed 0x03 the zero count restarts.
        assert_eq!(unescape(&[0, 0, 3, 0, 3]), [0, 0, 0, 3]);
    }

    /// Escaped output never contains 00 00 0x (x ≤ 2) nor ends in 00, and unescaping restores
    /// the input, on random data rich in zeros and threes.
    #[test]
    fn round_trip_random() {
        let mut rng = XorShift::new(0x1234_5678);
        for case in 0..2000 {
            let len = (rng.next() % 64) as usize;
            let mut rbsp: Vec<u8> = (0..len)
                .map(|_| match rng.next() % 8 {
                    0..=3 => 0,
                    4 => 3,
                    5 => (rng.next() % 4) as u8,
                    _ => rng.next() as u8,
                })
                .collect();
            // Conforming RBSPs end in a non-zero byte or in whole zero words.
            let trailing = rbsp.iter().rev().take_while(|&&b| b == 0).count();
            if trailing % 2 == 1 {
                rbsp.push(if case % 2 == 0 { 0 } else { 0x80 });
            }
            let ebsp = escaped(&rbsp);
            assert!(
                ebsp.windows(3)
                    .all(|w| !(w[0] == 0 && w[1] == 0 && w[2] <= 2)),
                "{ebsp:02x?}"
            );
            assert_ne!(ebsp.last(), Some(&0));
            assert_eq!(
                unescape(&ebsp),
                rbsp,
                "case {case}: {rbsp:02x?} -> {ebsp:02x?}"
            );
        }
    }
}
