//! Residual formation and picture construction for 4x4 blocks (H.264 §8.5.14).

/// The residual `src − pred` of a 4x4 block (raster order). `src` and `pred` are read with
/// their row strides. Panics if either slice is too short for a 4x4 block at its stride.
pub fn residual_4x4(src: &[u8], src_stride: usize, pred: &[u8], pred_stride: usize) -> [i32; 16] {
    let mut r = [0i32; 16];
    for y in 0..4 {
        let s = &src[y * src_stride..y * src_stride + 4];
        let p = &pred[y * pred_stride..y * pred_stride + 4];
        for x in 0..4 {
            r[4 * y + x] = i32::from(s[x]) - i32::from(p[x]);
        }
    }
    r
}

/// Adds the residual r (raster order, from [`inverse_4x4`](super::inverse_4x4)) to the
/// prediction held in `dst` (row stride `stride`): u_ij = Clip1(pred[j, i] + r_ij)
/// (§8.5.14). Panics if `dst` is too short for a 4x4 block at `stride`.
pub fn add_residual_4x4(dst: &mut [u8], stride: usize, r: &[i32; 16]) {
    for y in 0..4 {
        let row = &mut dst[y * stride..y * stride + 4];
        for (x, d) in row.iter_mut().enumerate() {
            *d = (i32::from(*d) + r[4 * y + x]).clamp(0, 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residual_and_reconstruction() {
        let src: Vec<u8> = (0..24).map(|v| v * 10).collect(); // stride 6
        let pred = [100u8; 16]; // stride 4
        let r = residual_4x4(&src, 6, &pred, 4);
        assert_eq!(r[0], -100);
        assert_eq!(r[5], 70 - 100);
        assert_eq!(r[15], 210 - 100);
        let mut dst = [100u8; 16];
        add_residual_4x4(&mut dst, 4, &r);
        for y in 0..4 {
            assert_eq!(&dst[4 * y..4 * y + 4], &src[6 * y..6 * y + 4]);
        }
        // Clip1 at both ends.
        let mut dst = [250u8, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let mut r = [0; 16];
        r[0] = 10;
        r[1] = -10;
        add_residual_4x4(&mut dst, 4, &r);
        assert_eq!((dst[0], dst[1]), (255, 0));
    }
}
