//! What an encode run did: the summary line and the `--stats` JSON, with one record per
//! emitted frame.

use crate::metrics::{PsnrMeter, SsimMeter};

/// One emitted frame, in decode order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameRecord {
    /// Index of the source frame (display order, after `--seek`).
    pub display_index: u64,
    /// Presentation time in seconds.
    pub pts: f64,
    /// Decode time in seconds.
    pub dts: f64,
    /// Coded picture type (`"I"`, `"P"`, `"B"`), when the encoder reports it.
    pub frame_type: Option<&'static str>,
    /// Whether decoding can start here.
    pub key: bool,
    /// Compressed size.
    pub bytes: usize,
    /// Mean QP, when the encoder reports it.
    pub qp: Option<f64>,
    /// Temporal layer (0 = base), when the stream has temporal layers.
    pub temporal_layer: Option<u8>,
    /// PSNR Y, U, V (`--psnr`).
    pub psnr: Option<[f64; 3]>,
    /// SSIM Y, U, V, All (`--ssim`).
    pub ssim: Option<[f64; 4]>,
    /// Milliseconds from the frame's submission to the CLI receiving its sample (with
    /// `--max-frame-delay 0`, the time `encode_frame` took).
    pub latency_ms: Option<f64>,
}

impl FrameRecord {
    fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "display_index": self.display_index,
            "pts": self.pts,
            "dts": self.dts,
            "type": self.frame_type,
            "key": self.key,
            "bytes": self.bytes,
            "qp": self.qp,
        });
        if let Some(p) = self.psnr {
            v["psnr"] = serde_json::json!({"y": p[0], "u": p[1], "v": p[2]});
        }
        if let Some(s) = self.ssim {
            v["ssim"] = serde_json::json!({"y": s[0], "u": s[1], "v": s[2], "all": s[3]});
        }
        if let Some(l) = self.temporal_layer {
            v["temporal_layer"] = serde_json::json!(l);
        }
        if let Some(l) = self.latency_ms {
            v["latency_ms"] = serde_json::json!(l);
        }
        v
    }
}

/// What an encode run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Encoder ID.
    pub encoder: String,
    /// Codec name.
    pub codec: String,
    /// Encoded size.
    pub width: usize,
    /// Encoded size.
    pub height: usize,
    /// Frame rate (numerator, denominator).
    pub frame_rate: (u32, u32),
    /// Frames submitted.
    pub frames: u64,
    /// Frames dropped by the encoder.
    pub dropped: u64,
    /// Compressed bytes.
    pub bytes: u64,
    /// Every emitted frame, in decode order.
    pub records: Vec<FrameRecord>,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Stream duration in seconds (frames / frame rate).
    pub duration: f64,
    /// Output path.
    pub output: String,
    /// Recon frames written.
    pub recon_frames: u64,
    /// PSNR measurements (`--psnr`).
    pub psnr: Option<PsnrMeter>,
    /// SSIM measurements (`--ssim`).
    pub ssim: Option<SsimMeter>,
}

impl Summary {
    /// Average bit rate of the stream.
    pub fn bitrate(&self) -> f64 {
        if self.duration > 0.0 {
            self.bytes as f64 * 8.0 / self.duration
        } else {
            0.0
        }
    }

    /// Encoding speed.
    pub fn fps(&self) -> f64 {
        if self.seconds > 0.0 {
            self.frames as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// Mean of the reported per-frame QPs, when any were reported.
    pub fn mean_qp(&self) -> Option<f64> {
        let qps: Vec<f64> = self.records.iter().filter_map(|r| r.qp).collect();
        (!qps.is_empty()).then(|| qps.iter().sum::<f64>() / qps.len() as f64)
    }

    /// How many frames of each type, e.g. `{"I": 2, "P": 58}`.
    fn type_counts(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        for t in self.records.iter().filter_map(|r| r.frame_type) {
            let n = m.get(t).and_then(serde_json::Value::as_u64).unwrap_or(0);
            m.insert(t.to_owned(), (n + 1).into());
        }
        m
    }

    /// The one-line summary.
    pub fn line(&self) -> String {
        let mut line = format!(
            "encoded {} frames {}x{} {} in {:.2} s ({:.1} fps), {:.1} kbit/s, {} bytes -> {}",
            self.frames,
            self.width,
            self.height,
            self.codec,
            self.seconds,
            self.fps(),
            self.bitrate() / 1000.0,
            self.bytes,
            self.output,
        );
        if self.dropped > 0 {
            line += &format!(" ({} dropped)", self.dropped);
        }
        if let Some(m) = &self.psnr {
            let (mean, global) = (m.mean(), m.global());
            line += &format!(
                "; PSNR Y {:.3} U {:.3} V {:.3} dB (mean of frames; of mean MSE: {:.3} {:.3} {:.3})",
                mean[0], mean[1], mean[2], global[0], global[1], global[2]
            );
        }
        if let Some(m) = &self.ssim {
            let s = m.mean();
            line += &format!(
                "; SSIM Y {:.6} U {:.6} V {:.6} All {:.6} ({:.3} dB)",
                s[0],
                s[1],
                s[2],
                s[3],
                crate::metrics::ssim_db(s[3])
            );
        }
        line
    }

    /// Median, 99th percentile (nearest rank) and maximum of the per-frame latencies.
    fn latency_summary(&self) -> Option<serde_json::Value> {
        let mut l: Vec<f64> = self.records.iter().filter_map(|r| r.latency_ms).collect();
        if l.is_empty() {
            return None;
        }
        l.sort_by(f64::total_cmp);
        let rank = |p: f64| l[((p * l.len() as f64).ceil() as usize).clamp(1, l.len()) - 1];
        Some(serde_json::json!({"median": rank(0.5), "p99": rank(0.99), "max": l[l.len() - 1]}))
    }

    /// The statistics as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let key_frames = self.records.iter().filter(|r| r.key).count();
        serde_json::json!({
            "encoder": self.encoder,
            "codec": self.codec,
            "width": self.width,
            "height": self.height,
            "frame_rate": format!("{}/{}", self.frame_rate.0, self.frame_rate.1),
            "frames": self.frames,
            "dropped": self.dropped,
            "key_frames": key_frames,
            "frame_types": self.type_counts(),
            "mean_qp": self.mean_qp(),
            "bytes": self.bytes,
            "seconds": self.seconds,
            "fps": self.fps(),
            "duration_seconds": self.duration,
            "bitrate_bps": self.bitrate(),
            "frame_sizes": self.records.iter().map(|r| r.bytes).collect::<Vec<_>>(),
            "output": self.output,
            "recon_frames": self.recon_frames,
            "psnr": self.psnr.as_ref().map(|m| {
                let (mean, global) = (m.mean(), m.global());
                serde_json::json!({
                    "mean": {"y": mean[0], "u": mean[1], "v": mean[2]},
                    "global": {"y": global[0], "u": global[1], "v": global[2]},
                    "measured_frames": m.frames(),
                })
            }),
            "ssim": self.ssim.as_ref().map(|m| {
                let s = m.mean();
                serde_json::json!({
                    "mean": {"y": s[0], "u": s[1], "v": s[2], "all": s[3]},
                    "db": {
                        "y": crate::metrics::ssim_db(s[0]),
                        "u": crate::metrics::ssim_db(s[1]),
                        "v": crate::metrics::ssim_db(s[2]),
                        "all": crate::metrics::ssim_db(s[3]),
                    },
                    "measured_frames": m.frames(),
                })
            }),
            "latency_ms": self.latency_summary(),
            "per_frame": self.records.iter().map(FrameRecord::to_json).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_per_frame_records_and_totals() {
        let mut s = Summary {
            frames: 3,
            frame_rate: (30, 1),
            duration: 0.1,
            ..Summary::default()
        };
        for (i, (t, qp)) in [("I", 24.0), ("P", 27.0), ("P", 27.0)]
            .into_iter()
            .enumerate()
        {
            s.bytes += 100;
            s.records.push(FrameRecord {
                display_index: i as u64,
                frame_type: Some(t),
                key: i == 0,
                bytes: 100,
                qp: Some(qp),
                psnr: Some([40.0, 42.0, 43.0]),
                ..FrameRecord::default()
            });
        }
        let j = s.to_json();
        assert_eq!(j["key_frames"], 1);
        assert_eq!(j["frame_types"]["P"], 2);
        assert_eq!(j["mean_qp"], 26.0);
        assert_eq!(j["frame_rate"], "30/1");
        assert_eq!(j["per_frame"][1]["type"], "P");
        assert_eq!(j["per_frame"][2]["psnr"]["u"], 42.0);
        assert!(j["per_frame"][0].get("ssim").is_none());
        assert_eq!(j["frame_sizes"], serde_json::json!([100, 100, 100]));
        assert!((s.bitrate() - 24000.0).abs() < 1e-6);
    }
}
