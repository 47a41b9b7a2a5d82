//! The progress line (terminals only) and the end-of-run summary.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Prints `frame N/M, fps, bitrate, %, ETA` on stderr at most every 200 ms, when stderr is a terminal.
pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    total: Option<u64>,
    fps_in: f64,
}

impl Progress {
    /// A progress reporter; `quiet` disables it.
    pub fn new(quiet: bool, total: Option<u64>, fps_in: f64) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: now,
            last: now,
            total,
            fps_in,
        }
    }

    /// Reports progress after `frames` frames and `bytes` of output.
    pub fn update(&mut self, frames: u64, bytes: u64) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let total = self.total.map_or(String::new(), |t| format!("/{t}"));
        let kbps = if frames > 0 {
            bytes as f64 * 8.0 * self.fps_in / frames as f64 / 1000.0
        } else {
            0.0
        };
        let fps = frames as f64 / secs;
        // Percentage and time left when the frame count is known (synthetic, --frames).
        let eta = match self.total {
            Some(t) if t > 0 && fps > 0.0 => {
                let left = t.saturating_sub(frames) as f64 / fps;
                format!(
                    "  {:3.0} %  ETA {}:{:02}",
                    frames as f64 * 100.0 / t as f64,
                    (left as u64) / 60,
                    (left as u64) % 60
                )
            }
            _ => String::new(),
        };
        eprint!("\rframe {frames}{total}  {fps:.1} fps  {kbps:.0} kbit/s{eta}   ");
        let _ = std::io::stderr().flush();
    }

    /// Clears the line before the summary.
    pub fn finish(&self) {
        if self.enabled {
            eprint!("\r{:80}\r", "");
        }
    }

    /// Seconds since start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}
