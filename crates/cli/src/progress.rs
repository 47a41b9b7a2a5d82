//! The progress bar (terminals only): frames, encoding speed, current bit rate and, when the
//! frame count is known, percentage and ETA. Drawn by `indicatif` on stderr, rate-limited, and
//! hidden when stderr is not a terminal (pipes, CI logs) or with `--quiet`, so scripts only
//! ever see the summary line.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the bar is redrawn at most.
const REFRESH_HZ: u8 = 5;

/// Encoding progress.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    last_message: Instant,
    fps_in: f64,
}

impl Progress {
    /// A progress bar for `total` frames (`None`: unknown, a counter instead of a bar) of a
    /// stream at `fps_in` frames per second; `quiet` hides it.
    pub fn new(quiet: bool, total: Option<u64>, fps_in: f64) -> Progress {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = match total {
            Some(t) => ProgressBar::with_draw_target(Some(t), draw_target(visible)),
            None => ProgressBar::with_draw_target(None, draw_target(visible)),
        };
        let template = if total.is_some() {
            "{bar:30.cyan/blue} {pos}/{len} frames {percent:>3}%  {msg}  ETA {eta}"
        } else {
            "{spinner} frame {pos}  {msg}  {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        let now = Instant::now();
        Progress {
            bar,
            start: now,
            last_message: now,
            fps_in,
        }
    }

    /// Reports progress: `frames` submitted, `emitted` of them back from the encoder with
    /// `bytes` of output (the encoder runs behind the submissions, so the bit rate is taken
    /// over what it emitted).
    pub fn update(&mut self, frames: u64, emitted: u64, bytes: u64) {
        self.bar.set_position(frames);
        if self.bar.is_hidden() || self.last_message.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last_message = Instant::now();
        self.bar.set_message(rates(
            frames,
            emitted,
            bytes,
            self.start.elapsed().as_secs_f64(),
            self.fps_in,
        ));
    }

    /// Removes the bar before the summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Seconds since start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}

fn draw_target(visible: bool) -> ProgressDrawTarget {
    if visible {
        ProgressDrawTarget::stderr_with_hz(REFRESH_HZ)
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// `"41.2 fps  812 kbit/s"`: encoding speed and the stream's mean bit rate so far.
fn rates(frames: u64, emitted: u64, bytes: u64, seconds: f64, fps_in: f64) -> String {
    let fps = frames as f64 / seconds.max(1e-9);
    let kbps = if emitted > 0 {
        bytes as f64 * 8.0 * fps_in / emitted as f64 / 1000.0
    } else {
        0.0
    };
    format!("{fps:.1} fps  {kbps:.0} kbit/s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_speed_and_stream_bit_rate() {
        // 30 frames of a 30 fps stream in 2 s, 30 000 bytes: 15 fps, 240 kbit/s.
        assert_eq!(rates(30, 30, 30_000, 2.0, 30.0), "15.0 fps  240 kbit/s");
        // Bit rate over the emitted frames only.
        assert_eq!(rates(40, 30, 30_000, 2.0, 30.0), "20.0 fps  240 kbit/s");
        assert_eq!(rates(0, 0, 0, 0.0, 30.0), "0.0 fps  0 kbit/s");
    }

    #[test]
    fn hidden_when_quiet() {
        let mut p = Progress::new(true, Some(10), 30.0);
        p.update(5, 4, 100);
        assert!(p.bar.is_hidden());
        p.finish();
    }
}
