//! Triangle-wave ramps: smooth gradients that move without a visible seam.

/// One period of a triangle wave rising from `lo` to `hi` over `half` steps and falling
/// back, tabulated once per size so a row of gradient is one or two slice copies.
#[derive(Clone, Debug)]
pub(crate) struct Ramp {
    table: Vec<u8>,
}

impl Ramp {
    /// A ramp from `lo` to `hi` (`lo <= hi`) with half-period `half` (at least 1).
    pub(crate) fn new(lo: u8, hi: u8, half: u64) -> Ramp {
        let half = half.max(1);
        let span = u64::from(hi.saturating_sub(lo));
        // 16-bit fixed point keeps the steps even without a division per entry.
        let step = (span << 16) / half;
        let table = (0..2 * half)
            .map(|p| {
                let tri = if p <= half { p } else { 2 * half - p };
                // tri <= half, so the value stays within lo..=hi.
                (u64::from(lo) + ((tri * step) >> 16)) as u8
            })
            .collect();
        Ramp { table }
    }

    /// The value at `phase`.
    pub(crate) fn value(&self, phase: u64) -> u8 {
        let i = (phase % self.table.len() as u64) as usize;
        self.table.get(i).copied().unwrap_or_default()
    }

    /// Fills `row` with consecutive phases starting at `phase`.
    pub(crate) fn fill_row(&self, row: &mut [u8], phase: u64) {
        let len = self.table.len();
        let mut start = (phase % len as u64) as usize;
        let mut rest = row;
        while !rest.is_empty() {
            let n = rest.len().min(len - start);
            let (head, tail) = rest.split_at_mut(n);
            head.copy_from_slice(&self.table[start..start + n]);
            rest = tail;
            start = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_rises_and_falls_within_bounds() {
        let r = Ramp::new(10, 20, 5);
        let mut row = [0u8; 12];
        r.fill_row(&mut row, 3);
        assert_eq!(row, [16, 18, 20, 18, 16, 14, 12, 10, 12, 14, 16, 18]);
        assert_eq!(r.value(3 + 10), 16);
    }
}
