//! A test-only parser of `residual_block_cavlc()` (ITU-T H.264 §7.3.5.3.2, §9.2), written
//! from the decoding process rather than from the encoder: codewords are found by reading
//! bit by bit and matching against the tables, and levels follow §9.2.2.1 step by step.

use framepress_bitstream::BitReader;

use super::coeff_token::Column;
use super::run_before::run_before_row;
use super::total_zeros::total_zeros_row;
use super::vlc::Vlc;

/// What was parsed from one block.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// coeffLevel, maxNumCoeff entries in scan order.
    pub coeffs: Vec<i32>,
    /// TotalCoeff( coeff_token ).
    pub total_coeff: usize,
    /// TrailingOnes( coeff_token ).
    pub trailing_ones: usize,
    /// The largest level_prefix read (0 when none).
    pub max_level_prefix: u32,
}

type Result<T> = std::result::Result<T, String>;

fn bit(r: &mut BitReader) -> Result<u32> {
    r.read_bits(1).map_err(|e| e.to_string())
}

fn bits(r: &mut BitReader, n: u32) -> Result<u64> {
    let mut v = 0u64;
    for _ in 0..n {
        v = (v << 1) | u64::from(bit(r)?);
    }
    Ok(v)
}

/// Reads one codeword of the code whose words are `entries` (index, codeword), bit by bit,
/// until the bits read so far equal one of them. Returns that entry's index.
fn read_vlc(r: &mut BitReader, entries: &[(usize, Vlc)]) -> Result<usize> {
    let start = r.position();
    let (mut value, mut len) = (0u32, 0u8);
    while len < 16 {
        value = (value << 1) | bit(r)?;
        len += 1;
        if let Some(&(index, _)) = entries
            .iter()
            .find(|(_, v)| v.len == len && u32::from(v.code) == value)
        {
            return Ok(index);
        }
    }
    Err(format!("no codeword matches the bits at {start}"))
}

/// coeff_token (§9.2.1): TotalCoeff and TrailingOnes.
fn read_coeff_token(r: &mut BitReader, nc: i32) -> Result<(usize, usize)> {
    if nc >= 8 {
        // 6-bit fixed-length code: xxxxyy, TotalCoeff − 1 then TrailingOnes; 000011 is 0.
        let v = bits(r, 6)? as usize;
        if v == 3 {
            return Ok((0, 0));
        }
        let (tc, t1) = ((v >> 2) + 1, v & 3);
        if t1 > tc {
            return Err(format!("fixed-length coeff_token {v:06b} is reserved"));
        }
        return Ok((tc, t1));
    }
    let rows = Column::of(nc).table().ok_or("no table")?;
    let entries: Vec<(usize, Vlc)> = rows
        .iter()
        .enumerate()
        .flat_map(|(tc, row)| row.iter().enumerate().map(move |(t1, v)| (tc * 4 + t1, *v)))
        .filter(|(_, v)| v.len > 0)
        .collect();
    let index = read_vlc(r, &entries)?;
    Ok((index / 4, index % 4))
}

/// Parses one residual block (`startIdx` 0, `endIdx` maxNumCoeff − 1).
pub(crate) fn read_residual_block(
    r: &mut BitReader,
    nc: i32,
    max_num_coeff: usize,
) -> Result<Parsed> {
    let mut coeffs = vec![0i32; max_num_coeff];
    let (total_coeff, trailing_ones) = read_coeff_token(r, nc)?;
    let mut parsed = Parsed {
        coeffs: Vec::new(),
        total_coeff,
        trailing_ones,
        max_level_prefix: 0,
    };
    if total_coeff > max_num_coeff {
        return Err(format!(
            "TotalCoeff {total_coeff} > maxNumCoeff {max_num_coeff}"
        ));
    }
    if total_coeff == 0 {
        parsed.coeffs = coeffs;
        return Ok(parsed);
    }
    // §9.2.2: the levels, highest frequency first.
    let mut level_val = vec![0i64; total_coeff];
    let mut suffix_length: u32 = if total_coeff > 10 && trailing_ones < 3 {
        1
    } else {
        0
    };
    for (i, val) in level_val.iter_mut().enumerate() {
        if i < trailing_ones {
            *val = 1 - 2 * i64::from(bit(r)?);
            continue;
        }
        // level_prefix: leading zero bits (§9.2.2.1, Table 9-6).
        let mut level_prefix = 0u32;
        while bit(r)? == 0 {
            level_prefix += 1;
            if level_prefix > 40 {
                return Err("level_prefix too long".into());
            }
        }
        parsed.max_level_prefix = parsed.max_level_prefix.max(level_prefix);
        let level_suffix_size = if level_prefix == 14 && suffix_length == 0 {
            4
        } else if level_prefix >= 15 {
            level_prefix - 3
        } else {
            suffix_length
        };
        let level_suffix = if level_suffix_size > 0 {
            bits(r, level_suffix_size)?
        } else {
            0
        };
        let mut level_code =
            (i64::from(level_prefix.min(15)) << suffix_length) + level_suffix as i64;
        if level_prefix >= 15 && suffix_length == 0 {
            level_code += 15;
        }
        if level_prefix >= 16 {
            level_code += (1i64 << (level_prefix - 3)) - 4096;
        }
        if i == trailing_ones && trailing_ones < 3 {
            level_code += 2;
        }
        *val = if level_code % 2 == 0 {
            (level_code + 2) >> 1
        } else {
            (-level_code - 1) >> 1
        };
        if suffix_length == 0 {
            suffix_length = 1;
        }
        if val.abs() > (3 << (suffix_length - 1)) && suffix_length < 6 {
            suffix_length += 1;
        }
    }
    // §9.2.3: total_zeros and run_before.
    let mut zeros_left = if total_coeff < max_num_coeff {
        let row: Vec<(usize, Vlc)> = total_zeros_row(max_num_coeff, total_coeff)
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, v)| v.len > 0)
            .collect();
        read_vlc(r, &row)?
    } else {
        0
    };
    if zeros_left + total_coeff > max_num_coeff {
        return Err(format!(
            "total_zeros {zeros_left} too large for TotalCoeff {total_coeff}"
        ));
    }
    let mut run_val = vec![0usize; total_coeff];
    for run in run_val.iter_mut().take(total_coeff - 1) {
        if zeros_left > 0 {
            let row: Vec<(usize, Vlc)> = run_before_row(zeros_left)
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, v)| v.len > 0)
                .collect();
            *run = read_vlc(r, &row)?;
            if *run > zeros_left {
                return Err(format!("run_before {run} > zerosLeft {zeros_left}"));
            }
            zeros_left -= *run;
        }
    }
    run_val[total_coeff - 1] = zeros_left;
    let mut coeff_num: isize = -1;
    for i in (0..total_coeff).rev() {
        coeff_num += run_val[i] as isize + 1;
        let value = i32::try_from(level_val[i]).map_err(|_| "level beyond i32".to_string())?;
        coeffs[coeff_num as usize] = value;
    }
    parsed.coeffs = coeffs;
    Ok(parsed)
}
