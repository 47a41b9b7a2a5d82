//! Tests of the CAVLC coder: the tables' structure, hand-derived bit strings, and round
//! trips through the independent parser in `decode`.

use framepress_bitstream::{BitReader, BitWriter};

use super::decode::read_residual_block;
use super::run_before::run_before_row;
use super::total_zeros::total_zeros_row;
use super::vlc::Vlc;
use super::*;

/// The bits a writer holds, as a string of '0'/'1'.
fn bit_string(w: BitWriter) -> String {
    let n = w.bit_len() as usize;
    let s: String = w.into_bytes().iter().map(|b| format!("{b:08b}")).collect();
    s[..n].to_owned()
}

/// Writes one block and returns its bits.
fn encode(coeffs: &[i32], nc: i32, max: usize) -> (String, u8) {
    let mut w = BitWriter::new();
    let tc = write_residual_block(&mut w, coeffs, nc, max);
    (bit_string(w), tc)
}

fn strip(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------
// Table structure

/// Checks that the defined codewords form a prefix code (no word is a prefix of another,
/// so Kraft's sum Σ 2^−len is at most 1) and returns the code space left unused, as the
/// shortest bit strings that neither are nor start nor prefix any codeword. A complete code
/// (Kraft equality) gives none; the standard's few incomplete tables leave only words with
/// long runs of zeros unused.
fn unused_words(name: &str, words: &[Vlc]) -> Vec<String> {
    for (i, a) in words.iter().enumerate() {
        assert!(a.len > 0 && a.len <= 16, "{name}: bad length {a:?}");
        for b in &words[i + 1..] {
            let (short, long) = if a.len <= b.len { (a, b) } else { (b, a) };
            let prefix = long.code >> (long.len - short.len);
            assert_ne!(
                prefix, short.code,
                "{name}: {short:?} is a prefix of {long:?}"
            );
        }
    }
    let kraft: u32 = words.iter().map(|v| 1u32 << (16 - v.len)).sum();
    assert!(kraft <= 1 << 16, "{name}: Kraft sum above 1");
    let mut holes = Vec::new();
    collect_holes(words, 0, 0, &mut holes);
    let hole_space: u32 = holes.iter().map(|h| 1u32 << (16 - h.len())).sum();
    assert_eq!(kraft + hole_space, 1 << 16, "{name}");
    holes
}

/// Walks the binary tree of bit strings below `prefix` (of `len` bits) and collects the
/// maximal subtrees holding no codeword.
fn collect_holes(words: &[Vlc], prefix: u32, len: u8, holes: &mut Vec<String>) {
    let starts = |v: &&Vlc| v.len >= len && u32::from(v.code) >> (v.len - len) == prefix;
    let below: Vec<&Vlc> = words.iter().filter(starts).collect();
    if below.is_empty() {
        holes.push(format!("{prefix:0width$b}", width = usize::from(len)));
    } else if !below.iter().any(|v| v.len == len) {
        collect_holes(words, prefix << 1, len + 1, holes);
        collect_holes(words, (prefix << 1) | 1, len + 1, holes);
    }
}

fn defined(row: &[Vlc]) -> Vec<Vlc> {
    row.iter().copied().filter(|v| v.len > 0).collect()
}

#[test]
fn coeff_token_tables_are_prefix_codes() {
    let columns = [
        (0, 17, "0<=nC<2", &["000000000000000"][..]),
        (2, 17, "2<=nC<4", &["0000000000000"]),
        (4, 17, "4<=nC<8", &["0000000000"]),
        (8, 17, "8<=nC", &["000010", "000111"]),
        (-1, 5, "nC=-1", &[]),
        (
            -2,
            9,
            "nC=-2",
            &["00000000000", "000000000010", "0000000000110"],
        ),
    ];
    for (nc, rows, name, unused) in columns {
        let mut words = Vec::new();
        for tc in 0..=16u8 {
            for t1 in 0..=3u8 {
                let (code, len) = coeff_token_bits(nc, tc, t1);
                let expected = usize::from(tc) < rows && t1 <= tc.min(3);
                assert_eq!(
                    len > 0,
                    expected,
                    "{name}: TotalCoeff {tc} TrailingOnes {t1}"
                );
                if len > 0 {
                    words.push(Vlc {
                        code: code as u16,
                        len: len as u8,
                    });
                }
            }
        }
        let n = if rows == 17 {
            62
        } else if rows == 9 {
            30
        } else {
            14
        };
        assert_eq!(words.len(), n, "{name}");
        // The 6-bit FLC uses 62 of its 64 words: 000011 is TotalCoeff 0, and the two words
        // with TrailingOnes > TotalCoeff are unused.
        assert_eq!(unused_words(name, &words), unused, "{name}");
    }
    // Out-of-range requests are (0, 0), never a panic.
    assert_eq!(coeff_token_bits(0, 17, 0), (0, 0));
    assert_eq!(coeff_token_bits(0, 2, 3), (0, 0));
    assert_eq!(coeff_token_bits(-1, 5, 3), (0, 0));
    assert_eq!(coeff_token_bits(9, 17, 3), (0, 0));
    assert_eq!(coeff_token_bits(i32::MIN, 1, 1), coeff_token_bits(-1, 1, 1));
    assert_eq!(coeff_token_bits(i32::MAX, 16, 3), (0b11_1111, 6));
}

#[test]
fn total_zeros_tables_are_prefix_codes() {
    for (max, rows) in [(16usize, 15usize), (4, 3), (8, 7)] {
        for tc in 1..=rows {
            let row = total_zeros_row(max, tc);
            // Exactly total_zeros 0 ..= max − tc are defined.
            for (tz, v) in row.iter().enumerate() {
                assert_eq!(
                    v.len > 0,
                    tz <= max - tc,
                    "max {max} TotalCoeff {tc} total_zeros {tz}"
                );
            }
            let name = format!("total_zeros max {max} TotalCoeff {tc}");
            // Only tzVlcIndex 1 of Table 9-7 leaves a word unused.
            let expected: &[&str] = if max == 16 && tc == 1 {
                &["000000000"]
            } else {
                &[]
            };
            assert_eq!(unused_words(&name, &defined(row)), expected, "{name}");
        }
        assert!(total_zeros_row(max, 0).is_empty());
        assert!(total_zeros_row(max, rows + 1).is_empty());
    }
}

#[test]
fn run_before_table_is_a_prefix_code() {
    for zeros_left in 1..=20 {
        let row = run_before_row(zeros_left);
        let words = defined(row);
        // zerosLeft > 6 shares one row of 15 codewords (run_before 0..=14).
        let expected = if zeros_left > 6 { 15 } else { zeros_left + 1 };
        assert_eq!(words.len(), expected, "zerosLeft {zeros_left}");
        let unused = unused_words(&format!("run_before zerosLeft {zeros_left}"), &words);
        // zerosLeft > 6 ends with 0000 0000 001 (run 14): 0000 0000 000 is unused.
        let expected: &[&str] = if zeros_left > 6 {
            &["00000000000"]
        } else {
            &[]
        };
        assert_eq!(unused, expected);
    }
    assert!(run_before_row(0).is_empty());
}

#[test]
fn coded_block_pattern_mapping() {
    let mut seen_intra = [false; 48];
    let mut seen_inter = [false; 48];
    for code in 0..48u32 {
        let intra = code_to_cbp_intra4x4(code).unwrap();
        let inter = code_to_cbp_inter(code).unwrap();
        assert!(intra & 15 == intra || intra >> 4 <= 2);
        assert!(!seen_intra[usize::from((intra & 15) + 16 * (intra >> 4))]);
        assert!(!seen_inter[usize::from((inter & 15) + 16 * (inter >> 4))]);
        seen_intra[usize::from((intra & 15) + 16 * (intra >> 4))] = true;
        seen_inter[usize::from((inter & 15) + 16 * (inter >> 4))] = true;
        assert_eq!(cbp_to_code_intra4x4(intra), code);
        assert_eq!(cbp_to_code_inter(inter), code);
    }
    assert!(code_to_cbp_intra4x4(48).is_none() && code_to_cbp_inter(u32::MAX).is_none());
    // Spot values of Table 9-4: the commonest patterns get the shortest codes.
    assert_eq!(cbp_to_code_intra4x4(47), 0); // all luma, chroma DC+AC
    assert_eq!(cbp_to_code_intra4x4(0), 3);
    assert_eq!(cbp_to_code_inter(0), 0);
    assert_eq!(cbp_to_code_inter(16), 1);
    assert_eq!(cbp_to_code_inter(15), 11);
    assert_eq!(cbp_to_code_inter(47), 12);
    assert_eq!(cbp_to_code_inter(41), 47);
    assert_eq!(cbp_to_code_intra4x4(41), 47);
    assert_eq!(cbp_to_code_intra4x4(38), 46);
    // A chroma part above 2 is treated as 2.
    assert_eq!(cbp_to_code_inter(0x3F), cbp_to_code_inter(47));
    assert_eq!(cbp_to_code_intra4x4(0xFF), cbp_to_code_intra4x4(47));
}

#[test]
fn nc_prediction() {
    assert_eq!(predict_nc(None, None), 0);
    assert_eq!(predict_nc(Some(5), None), 5);
    assert_eq!(predict_nc(None, Some(16)), 16);
    assert_eq!(predict_nc(Some(2), Some(3)), 3);
    assert_eq!(predict_nc(Some(16), Some(16)), 16);
    assert_eq!(predict_nc(Some(0), Some(1)), 1);
}

// ---------------------------------------------------------------------------------------
// Hand-derived bit strings

#[test]
fn richardson_example() {
    // The 4x4 block  0 3 −1 0 / 0 −1 1 0 / 1 0 0 0 / 0 0 0 0  in zig-zag order.
    let coeffs = [0, 3, 0, 1, -1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    let (bits, tc) = encode(&coeffs, 0, 16);
    assert_eq!(tc, 5);
    // coeff_token (TotalCoeff 5, TrailingOnes 3, 0 ≤ nC < 2) 0000100; signs + − − : 011;
    // level +1 with suffixLength 0: 1; level +3 with suffixLength 1: prefix 001, suffix 0;
    // total_zeros 3 (TotalCoeff 5): 111; run_before 1 (zerosLeft 3): 10, 0 (2): 1,
    // 0 (2): 1, 1 (2): 01; the last coefficient's run (1) is inferred.
    let expected = strip("0000100 011 1 0010 111 10 1 1 01");
    assert_eq!(bits, expected);
    assert_eq!(expected, "000010001110010111101101");
    assert_eq!(residual_block_bits(&coeffs, 0, 16), 24);
}

#[test]
fn second_hand_example() {
    // 0, 3, −1, 0, 0, −1, 1, 0, 1 then zeros: TotalCoeff 5, trailing ones +1 +1 −1.
    let coeffs = [0, 3, -1, 0, 0, -1, 1, 0, 1];
    let (bits, tc) = encode(&coeffs, 0, 16);
    assert_eq!(tc, 5);
    // coeff_token 0000100; signs 001; level −1 (suffixLength 0, levelCode 1): 01; level 3
    // (suffixLength 1, levelCode 4): 001 0; total_zeros 4 (TotalCoeff 5): 110;
    // run_before 1 (zerosLeft 4): 10, 0 (3): 11, 2 (3): 01, 0 (1): 1.
    assert_eq!(bits, strip("0000100 001 01 0010 110 10 11 01 1"));
}

#[test]
fn coeff_token_columns_and_flc() {
    let coeffs = [0, 3, 0, 1, -1, -1, 0, 1];
    // Same block with other nC: only coeff_token changes.
    let tail = "011 1 0010 111 10 1 1 01";
    assert_eq!(encode(&coeffs, 2, 16).0, strip(&format!("0011 0 {tail}")));
    assert_eq!(encode(&coeffs, 7, 16).0, strip(&format!("1010 {tail}")));
    // 8 ≤ nC: TotalCoeff − 1 = 4 (0100), TrailingOnes 3 (11).
    assert_eq!(encode(&coeffs, 8, 16).0, strip(&format!("0100 11 {tail}")));
    // Empty blocks: coeff_token only.
    assert_eq!(encode(&[0; 16], 0, 16), ("1".to_owned(), 0));
    assert_eq!(encode(&[0; 16], 3, 16).0, "11");
    assert_eq!(encode(&[0; 16], 5, 16).0, "1111");
    assert_eq!(encode(&[0; 16], 100, 16).0, "000011");
    assert_eq!(encode(&[0; 4], -1, 4).0, "01");
    assert_eq!(encode(&[0; 8], -2, 8).0, "1");
}

#[test]
fn chroma_dc_examples() {
    // 4:2:0 chroma DC: c = [5, 0, −1, 0]: TotalCoeff 2, TrailingOnes 1.
    // coeff_token (nC −1) 0001 10; sign 1; level 5 (first after TrailingOnes < 3: levelCode
    // 8 − 2 = 6, suffixLength 0): 0000001; total_zeros 1 (Table 9-9a, TotalCoeff 2): 01;
    // run_before of −1: 1 with zerosLeft 1: 0.
    assert_eq!(
        encode(&[5, 0, -1, 0], -1, 4),
        (strip("000110 1 0000001 01 0"), 2)
    );
    // All four non-zero: no total_zeros. [1, 1, 1, 1]: TotalCoeff 4, TrailingOnes 3,
    // coeff_token 0000 000; signs 000; level +1 with suffixLength 0: 1.
    assert_eq!(encode(&[1, 1, 1, 1], -1, 4).0, strip("0000000 000 1"));
    // 4:2:2 chroma DC: one −2 at index 6: coeff_token (nC −2, TotalCoeff 1) 0001 111;
    // level −2: levelCode 3 − 2 = 1: 01; total_zeros 6 (Table 9-9b, TotalCoeff 1): 0000 1.
    assert_eq!(
        encode(&[0, 0, 0, 0, 0, 0, -2, 0], -2, 8).0,
        strip("0001111 01 00001")
    );
}

#[test]
fn ac_block_of_fifteen() {
    // maxNumCoeff 15: 15 coefficients non-zero → no total_zeros.
    let coeffs = [2; 15];
    let (bits, tc) = encode(&coeffs, 0, 15);
    assert_eq!(tc, 15);
    let parsed = decode_one(&bits, 0, 15);
    assert_eq!(parsed, coeffs);
    // One coefficient at the last position of a 15-block: total_zeros 14.
    let mut c = [0; 15];
    c[14] = -1;
    // coeff_token 01; sign 1; total_zeros 14 (TotalCoeff 1): 0000 0001 0.
    assert_eq!(encode(&c, 0, 15).0, strip("01 1 000000010"));
}

#[test]
fn level_escapes() {
    // A single level at position 0 (TotalCoeff 1, TrailingOnes 0, nC 0): coeff_token 0001 01,
    // then the level, then total_zeros 0: 1. The level is the first after TrailingOnes < 3,
    // so levelCode is reduced by 2.
    let one = |level: i32| {
        let bits = encode(&[level], 0, 16).0;
        assert!(
            bits.starts_with("000101") && bits.ends_with('1'),
            "{level}: {bits}"
        );
        bits[6..bits.len() - 1].to_owned()
    };
    let zeros = |n: usize| "0".repeat(n);
    // level 8: levelCode 14 − 2 = 12 → level_prefix 12.
    assert_eq!(one(8), format!("{}1", zeros(12)));
    // level 9: 16 − 2 = 14 → level_prefix 14 with a 4-bit suffix (suffixLength 0).
    assert_eq!(one(9), format!("{}1 0000", zeros(14)).replace(' ', ""));
    // level −16: 31 − 2 = 29 → level_prefix 14, suffix 15.
    assert_eq!(one(-16), format!("{}11111", zeros(14)));
    // level 17: 32 − 2 = 30 → level_prefix 15 (adds 15 at suffixLength 0), 12-bit suffix 0.
    assert_eq!(one(17), format!("{}1{}", zeros(15), zeros(12)));
    // level 2064: 4126 − 2 − 30 = 4094 → level_prefix 15, suffix 1111 1111 1110.
    assert_eq!(one(2064), format!("{}1111111111110", zeros(15)));
    // level 2065: excess 4096 → level_prefix 16, 13-bit suffix 0.
    assert_eq!(one(2065), format!("{}1{}", zeros(16), zeros(13)));
    // level −2065: levelCode 4129 − 2 − 30 = 4097 → level_prefix 16, suffix 1.
    assert_eq!(one(-2065), format!("{}1{}1", zeros(16), zeros(12)));

    // suffixLength 1 from the start (TotalCoeff 11 > 10, TrailingOnes 0): eleven 2s.
    // Level 2 (first, levelCode 2 − 2 = 0): prefix 0, suffix 0: 10; suffixLength stays 1
    // (2 ≤ 3), next levels levelCode 2: prefix 1, suffix 0: 010.
    let bits = encode(&[2; 11], 0, 16).0;
    // coeff_token (TotalCoeff 11, TrailingOnes 0): 0000 0000 0001 111.
    let expected = format!("000000000001111 10 {} 01", "010 ".repeat(10));
    let expected = strip(&expected);
    assert_eq!(bits[..expected.len() - 2], expected[..expected.len() - 2]);
    // total_zeros 0 for TotalCoeff 11: 0000.
    assert_eq!(bits, format!("{}0000", &expected[..expected.len() - 2]));
}

#[test]
fn suffix_length_growth() {
    // Levels 4, 4, 7, 13, 25, 49, 97, 100 (highest frequency first = reversed in scan order):
    // every threshold 3·2^(suffixLength−1) is crossed once, up to suffixLength 6.
    let levels = [4, 4, 7, 13, 25, 49, 97, 100, -100, 3000, -40000];
    let mut coeffs = [0i32; 16];
    for (i, &l) in levels.iter().rev().enumerate() {
        coeffs[i] = l;
    }
    roundtrip(&coeffs, 0, 16);
}

// ---------------------------------------------------------------------------------------
// Round trips

/// Parses `bits` as one block and checks it consumed every bit.
fn decode_one(bits: &str, nc: i32, max: usize) -> Vec<i32> {
    let mut w = BitWriter::new();
    for c in bits.chars() {
        w.write_flag(c == '1');
    }
    let n = w.bit_len();
    let bytes = w.into_bytes();
    let mut r = BitReader::new(&bytes);
    let parsed = read_residual_block(&mut r, nc, max).unwrap_or_else(|e| panic!("{e}: {bits}"));
    assert_eq!(r.position(), n, "bits left over");
    parsed.coeffs
}

/// Writes, counts and parses back one block; returns the largest level_prefix used.
fn roundtrip(coeffs: &[i32], nc: i32, max: usize) -> u32 {
    let mut w = BitWriter::new();
    w.write_bits(0b101, 3); // misalign on purpose
    let tc = write_residual_block(&mut w, coeffs, nc, max);
    w.write_bits(0b11, 2); // something after the block
    let n = w.bit_len();
    let bytes = w.into_bytes();
    let mut r = BitReader::new(&bytes);
    assert_eq!(r.read_bits(3).unwrap(), 0b101);
    let parsed = read_residual_block(&mut r, nc, max)
        .unwrap_or_else(|e| panic!("{e}: nc {nc} max {max} {coeffs:?}"));
    let block_bits = r.position() - 3;
    assert_eq!(r.read_bits(2).unwrap(), 0b11);
    assert_eq!(r.position(), n);
    assert_eq!(parsed.coeffs, coeffs, "nc {nc} max {max}");
    let nonzero = coeffs.iter().filter(|&&c| c != 0).count();
    assert_eq!(usize::from(tc), nonzero);
    assert_eq!(parsed.total_coeff, nonzero);
    let ones = coeffs
        .iter()
        .rev()
        .filter(|&&c| c != 0)
        .take(3)
        .take_while(|c| c.unsigned_abs() == 1);
    assert_eq!(parsed.trailing_ones, ones.count());
    assert_eq!(u64::from(residual_block_bits(coeffs, nc, max)), block_bits);
    parsed.max_level_prefix
}

/// xorshift64*: a small deterministic generator for the tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A non-zero level: mostly ±1/±2, sometimes larger, rarely huge.
    fn level(&mut self, max_magnitude: u64) -> i32 {
        let magnitude = match self.below(10) {
            0..=4 => 1,
            5..=6 => 1 + self.below(3),
            7..=8 => 1 + self.below(40),
            _ => 1 + self.below(max_magnitude),
        } as i32;
        if self.below(2) == 0 {
            magnitude
        } else {
            -magnitude
        }
    }
}

/// The nC values exercising every column of Table 9-5 for a block of `max` coefficients.
fn ncs_for(max: usize) -> &'static [i32] {
    match max {
        4 => &[-1],
        8 => &[-2],
        _ => &[0, 1, 2, 3, 4, 7, 8, 16],
    }
}

#[test]
fn random_blocks_roundtrip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for max in [16usize, 15, 4, 8] {
        for &nc in ncs_for(max) {
            for _ in 0..3000 {
                // Density from empty to full.
                let density = rng.below(101);
                let max_mag = if rng.below(4) == 0 { 40_000 } else { 2063 };
                let coeffs: Vec<i32> = (0..max)
                    .map(|_| {
                        if rng.below(100) < density {
                            rng.level(max_mag)
                        } else {
                            0
                        }
                    })
                    .collect();
                roundtrip(&coeffs, nc, max);
            }
        }
    }
}

#[test]
fn every_total_coeff_and_trailing_ones() {
    let mut rng = Rng(12345);
    for max in [16usize, 15, 4, 8] {
        for &nc in ncs_for(max) {
            for tc in 0..=max {
                for t1 in 0..=tc.min(3) {
                    for _ in 0..20 {
                        // tc positions, the top t1 non-zero ones ±1, the next one not ±1.
                        let mut positions: Vec<usize> = (0..max).collect();
                        for i in (1..max).rev() {
                            positions.swap(i, rng.below(i as u64 + 1) as usize);
                        }
                        let mut chosen = positions[..tc].to_vec();
                        chosen.sort_unstable();
                        let mut coeffs = vec![0i32; max];
                        for (k, &p) in chosen.iter().rev().enumerate() {
                            coeffs[p] = if k < t1 {
                                if rng.below(2) == 0 { 1 } else { -1 }
                            } else if k == t1 {
                                let l = 2 + rng.below(30) as i32;
                                if rng.below(2) == 0 { l } else { -l }
                            } else {
                                rng.level(5000)
                            };
                        }
                        roundtrip(&coeffs, nc, max);
                        // The block starts with the coeff_token of (tc, t1).
                        let (code, len) = coeff_token_bits(nc, tc as u8, t1 as u8);
                        let token = format!("{code:0width$b}", width = len as usize);
                        assert!(encode(&coeffs, nc, max).0.starts_with(&token));
                    }
                }
            }
        }
    }
}

#[test]
fn extreme_levels_roundtrip() {
    let extremes = [
        i32::MAX,
        i32::MIN,
        i32::MIN + 1,
        1 << 15,
        -(1 << 15),
        65535,
        MAX_LEVEL_PREFIX_15,
        -MAX_LEVEL_PREFIX_15,
        MAX_LEVEL_PREFIX_15 + 1,
    ];
    for &a in &extremes {
        for &b in &extremes {
            roundtrip(&[a, 0, b, 1], -1, 4);
            roundtrip(&[b, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a], 0, 16);
            roundtrip(&[a; 16], 8, 16);
            roundtrip(&[b; 15], 3, 15);
        }
    }
}

#[test]
fn levels_within_the_baseline_limit_never_need_prefix_16() {
    let mut rng = Rng(777);
    let mut worst = 0;
    for _ in 0..20_000 {
        let max = [16usize, 15, 4][rng.below(3) as usize];
        let nc = ncs_for(max)[0];
        let density = rng.below(101);
        let coeffs: Vec<i32> = (0..max)
            .map(|_| {
                if rng.below(100) >= density {
                    return 0;
                }
                let m = MAX_LEVEL_PREFIX_15 - rng.below(3) as i32;
                if rng.below(2) == 0 { m } else { -m }
            })
            .collect();
        worst = worst.max(roundtrip(&coeffs, nc, max));
    }
    assert_eq!(worst, 15);
    // One more than the limit as the first level at suffixLength 0 with no −2 adjustment
    // (three trailing ones before it) needs level_prefix 16.
    assert_eq!(roundtrip(&[MAX_LEVEL_PREFIX_15 + 1, 1, 1, 1], -1, 4), 16);
    assert_eq!(roundtrip(&[-MAX_LEVEL_PREFIX_15 - 1, 1, 1, 1], -1, 4), 16);
}

#[test]
fn short_and_long_inputs() {
    // A short slice is padded with zeros; entries past max_num_coeff are ignored.
    assert_eq!(
        encode(&[0, 3, 0, 1, -1, -1, 0, 1], 0, 16),
        encode(&[0, 3, 0, 1, -1, -1, 0, 1, 0, 0], 0, 16)
    );
    assert_eq!(encode(&[1, 0, 0, 0, 7], -1, 4), encode(&[1], -1, 4));
    assert_eq!(encode(&[], 0, 16).0, "1");
    // Inconsistent arguments do not panic.
    let _ = encode(&[1; 16], -1, 16);
    let _ = encode(&[1; 16], 0, 0);
    let _ = encode(&[1; 40], 0, 40);
    let _ = residual_block_bits(&[5; 16], -7, 3);
}
