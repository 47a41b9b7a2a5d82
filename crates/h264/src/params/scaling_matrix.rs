//! The SPS's scaling matrix syntax (H.264 §7.3.2.1.1: seq_scaling_matrix_present_flag and
//! the lists; §7.3.2.1.1.1 scaling_list()), written as compactly as the syntax allows: a
//! list equal to what the decoder falls back to is not sent, one equal to the standard's
//! default is selected with a single delta, and a run of equal values at the end is cut
//! short.

use framepress_bitstream::BitWriter;

use crate::cost::se_bits;
use crate::quant::ScalingLists;

/// `delta_scale` taking `last` to `next` (mod 256, in −128..=127).
fn delta(last: i32, next: i32) -> i32 {
    (next - last + 128).rem_euclid(256) - 128
}

/// scaling_list() for `list` (scan order, values 1..=255).
fn write_scaling_list(w: &mut BitWriter, list: &[u8]) {
    let n = list.len();
    // list[end - 1..] all equal: after sending 0..end the rest can repeat it.
    let mut end = n;
    while end > 1 && list[end - 1] == list[end - 2] {
        end -= 1;
    }
    let mut last = 8i32;
    for &v in &list[..end] {
        w.write_se(delta(last, i32::from(v)));
        last = i32::from(v);
    }
    // nextScale 0 (after the first value) repeats the last value to the end; worth it
    // when it costs fewer bits than the run of zero deltas (one bit each).
    if end < n {
        let stop = delta(last, 0);
        if se_bits(stop) < (n - end) as u32 {
            w.write_se(stop);
        } else {
            for _ in end..n {
                w.write_se(0);
            }
        }
    }
}

/// seq_scaling_matrix_present_flag and, when the lists are not flat, the eight 4:2:0 lists.
pub fn write_seq_scaling_matrix(w: &mut BitWriter, lists: &ScalingLists) {
    if lists.is_flat() {
        w.write_flag(false); // seq_scaling_matrix_present_flag
        return;
    }
    w.write_flag(true);
    for i in 0..8 {
        let list = lists.list(i);
        let present = list != lists.fallback(i);
        w.write_flag(present); // seq_scaling_list_present_flag[i]
        if !present {
            continue;
        }
        if list == ScalingLists::default_list(i) {
            // nextScale 0 at the first position: useDefaultScalingMatrixFlag.
            w.write_se(-8);
        } else {
            write_scaling_list(w, list);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framepress_bitstream::BitReader;

    /// scaling_list() as §7.3.2.1.1.1 reads it: the values and useDefaultScalingMatrixFlag.
    fn read_list(r: &mut BitReader<'_>, n: usize) -> (Vec<u8>, bool) {
        let (mut last, mut next) = (8i32, 8i32);
        let mut out = Vec::new();
        let mut use_default = false;
        for j in 0..n {
            if next != 0 {
                let d = r.read_se().unwrap();
                assert!((-128..=127).contains(&d));
                next = (last + d + 256) % 256;
                use_default = j == 0 && next == 0;
            }
            let v = if next == 0 { last } else { next };
            out.push(v as u8);
            last = v;
        }
        (out, use_default)
    }

    /// What a decoder makes of the SPS's lists (fall-back rule A).
    fn read_matrix(bytes: &[u8]) -> ScalingLists {
        let mut r = BitReader::new(bytes);
        let mut lists = ScalingLists::flat();
        if !r.read_flag().unwrap() {
            return lists;
        }
        for i in 0..8 {
            let n = if i < 6 { 16 } else { 64 };
            let v: Vec<u8> = if r.read_flag().unwrap() {
                let (v, default) = read_list(&mut r, n);
                if default {
                    ScalingLists::default_list(i).to_vec()
                } else {
                    v
                }
            } else {
                lists.fallback(i).to_vec()
            };
            if i < 6 {
                lists.lists_4x4[i].copy_from_slice(&v);
            } else {
                lists.lists_8x8[i - 6].copy_from_slice(&v);
            }
        }
        lists
    }

    fn round_trip(lists: &ScalingLists) -> (ScalingLists, usize) {
        let mut w = BitWriter::new();
        write_seq_scaling_matrix(&mut w, lists);
        let bits = w.bit_len() as usize;
        w.write_flag(true);
        w.align_zero();
        (read_matrix(&w.into_bytes()), bits)
    }

    #[test]
    fn matrices_survive_the_syntax() {
        let (flat, bits) = round_trip(&ScalingLists::flat());
        assert!(flat.is_flat());
        assert_eq!(bits, 1);
        let (jvt, bits) = round_trip(&ScalingLists::jvt());
        assert_eq!(jvt, ScalingLists::jvt());
        // Every JVT list is what fall-back rule A gives when no list is sent: the present
        // flag and eight 0 flags.
        assert_eq!(bits, 9);
        // A list equal to the default but not to its fall-back selects it with se(−8).
        let mut lists = ScalingLists::flat();
        lists.lists_4x4[2] = crate::quant::scaling_lists::DEFAULT_4X4_INTRA;
        let (back, bits) = round_trip(&lists);
        assert_eq!(back, lists);
        // Flat lists 0, 3, 6, 7 differ from their fall-backs: a flag, se(8) to reach 16 and
        // se(−16) to repeat it (1 + 9 + 11 bits); lists 1, 4, 5 repeat the list before (a
        // 0 flag); list 2 is a flag and se(−8) (1 + 9): 1 + 4 · 21 + 3 + 10.
        assert_eq!(bits, 98);
        // Arbitrary lists, with wrap-around deltas and a long equal tail.
        let values: Vec<i64> = (0..crate::quant::SCALING_LIST_VALUES as i64)
            .map(|i| if i > 150 { 200 } else { (i * 97) % 255 + 1 })
            .collect();
        let custom = ScalingLists::from_values(&values).unwrap();
        assert_eq!(round_trip(&custom).0, custom);
        let mut flat_tail = ScalingLists::flat();
        flat_tail.lists_8x8[1][0] = 12;
        assert_eq!(round_trip(&flat_tail).0, flat_tail);
    }

    #[test]
    fn deltas_wrap() {
        assert_eq!(delta(8, 255), -9);
        assert_eq!(delta(255, 1), 2);
        assert_eq!(delta(1, 129), -128);
        assert_eq!(delta(16, 0), -16);
    }
}
