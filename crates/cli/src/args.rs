//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// framepress: a portable VideoToolbox-style video encoder.
#[derive(Debug, Parser)]
#[command(name = "framepress", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Encode a Y4M file, stdin, or the built-in synthetic source.
    Encode(Box<EncodeArgs>),
    /// List the available encoders.
    Encoders,
    /// List the properties an encoder supports (type, access, range).
    Properties {
        /// Codec whose encoder to describe.
        #[arg(long, value_enum, default_value_t = CodecArg::default_codec())]
        codec: CodecArg,
    },
    /// List the presets an encoder offers (names for `encode --preset`) and their settings.
    Presets {
        /// Codec whose encoder to describe.
        #[arg(long, value_enum, default_value_t = CodecArg::default_codec())]
        codec: CodecArg,
    },
    /// Write the built-in synthetic source (what `encode` without `-i` encodes) as Y4M, to
    /// feed other encoders the same frames.
    Synth(SynthArgs),
}

/// `framepress synth` arguments.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Output Y4M file, or `-` for stdout.
    #[arg(short = 'o', long = "output")]
    pub output: String,
    /// Frame size, WxH (default 640x360).
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(usize, usize)>,
    /// Frame rate, N/D or N (default 30).
    #[arg(long, value_parser = parse_rate)]
    pub fps: Option<(u32, u32)>,
    /// Number of frames (default 60, as for `encode`).
    #[arg(long)]
    pub frames: Option<u64>,
}

/// Codecs by CLI name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CodecArg {
    /// H.264 / AVC.
    H264,
    /// HEVC / H.265.
    Hevc,
    /// Baseline JPEG, one image per frame.
    Jpeg,
}

impl CodecArg {
    /// H.264, the codec most players and pipelines take.
    pub fn default_codec() -> CodecArg {
        CodecArg::H264
    }

    /// The codec type.
    pub fn codec_type(self) -> framepress::CodecType {
        match self {
            CodecArg::H264 => framepress::CodecType::H264,
            CodecArg::Hevc => framepress::CodecType::HEVC,
            CodecArg::Jpeg => framepress::CodecType::JPEG,
        }
    }
}

/// `framepress encode` arguments.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Input: a Y4M file, or raw video (`.yuv`/`.raw`/`.nv12`/`.bgra`, or any name with
    /// --pix-fmt; give --size, and --fps unless 30), or `-` for stdin (Y4M, or raw with
    /// --pix-fmt). Without it the built-in synthetic source is encoded.
    #[arg(short = 'i', long = "input")]
    pub input: Option<String>,
    /// Layout of raw input, as FFmpeg names it: yuv420p, yuvj420p, nv12, bgra (10-bit
    /// yuv420p10le and p010le are recognised and refused until an encoder takes them).
    #[arg(long, value_name = "FMT")]
    pub pix_fmt: Option<String>,
    /// Output file, container by extension: `.mp4`/`.m4v`/`.mov` MP4, `.264`/`.h264` Annex-B,
    /// `.mjpeg` concatenated JPEG; or `-` for stdout (Annex-B, MJPEG or fragmented MP4).
    #[arg(short = 'o', long = "output")]
    pub output: String,
    /// Write fragmented MP4 (CMAF-style: an init segment, then a moof+mdat fragment per key
    /// frame, each written as soon as it is complete) instead of a moov-first file. The only
    /// MP4 that can go to stdout (`-o -`): a moov-first file is assembled at the end.
    #[arg(long)]
    pub fragmented: bool,
    /// With --fragmented: start a new fragment only at the first key frame once the current
    /// one lasts this many milliseconds (default: one fragment per key frame, i.e. per GOP).
    #[arg(long, value_name = "MS", requires = "fragmented", value_parser = clap::value_parser!(u32).range(1..))]
    pub fragment_duration: Option<u32>,
    /// MP4 with the parameter sets (SPS/PPS) also at the start of every key frame: sample
    /// entry `avc3` instead of `avc1`, for packagers and splicers that need self-contained
    /// key frames. Browsers and Apple players take both; `avc1` is the default.
    #[arg(long)]
    pub in_band_parameter_sets: bool,
    /// Codec.
    #[arg(long, value_enum, default_value_t = CodecArg::default_codec())]
    pub codec: CodecArg,
    /// Encoder preset: a name from the encoder's SupportedPresetDictionaries (ultrafast …
    /// veryslow, HighSpeed, Balanced, HighQuality), or a use case: conferencing, live,
    /// offline (see `framepress presets`).
    #[arg(long)]
    pub preset: Option<String>,
    /// Constant QP (framepress key FramepressConstantQP); key frames are coded
    /// FramepressKeyFrameQPOffset (default 3) finer, as x264 does with `--qp`.
    #[arg(long)]
    pub qp: Option<i64>,
    /// Quality 0.0–1.0 (VT key Quality).
    #[arg(long)]
    pub quality: Option<f64>,
    /// Average bit rate in bits per second (VT key AverageBitRate).
    #[arg(long)]
    pub bitrate: Option<u64>,
    /// Constant bit rate in bits per second, padded with filler (VT key ConstantBitRate).
    #[arg(long, value_name = "BITS")]
    pub cbr: Option<u64>,
    /// Variable bit rate target in bits per second (VT key VariableBitRate).
    #[arg(long, value_name = "BITS")]
    pub vbr: Option<u64>,
    /// VBV peak rate in bits per second, with --vbr (VT key VBVMaxBitRate).
    #[arg(long, value_name = "BITS")]
    pub vbv_maxrate: Option<u64>,
    /// VBV buffer in seconds, with --cbr or --vbr (VT key VBVBufferDuration).
    #[arg(long, value_name = "SECONDS")]
    pub vbv_buffer: Option<f64>,
    /// Consistent-quality factor 0.0–1.0, CRF-like (VT key ConstantQualityFactor).
    #[arg(long, value_name = "F")]
    pub quality_factor: Option<f64>,
    /// A hard cap: at most BYTES in any SECONDS of decode time; repeatable (VT key
    /// DataRateLimits).
    #[arg(long = "data-rate-limit", value_name = "BYTES/SECONDS", value_parser = parse_limit)]
    pub data_rate_limits: Vec<(f64, f64)>,
    /// Lowest frame QP rate control may use (VT key MinAllowedFrameQP).
    #[arg(long)]
    pub min_qp: Option<i64>,
    /// Highest frame QP; frames that cannot meet the limits at it may be dropped (VT key
    /// MaxAllowedFrameQP).
    #[arg(long)]
    pub max_qp: Option<i64>,
    /// Frames the session may hold before delivering (VT key MaxFrameDelayCount; 0 =
    /// every frame delivered before its submission returns).
    #[arg(long, value_name = "N")]
    pub max_frame_delay: Option<i64>,
    /// Low-latency rate control (encoder specification EnableLowLatencyRateControl): an
    /// infinite GOP, no scene-cut key frames, every frame sized from a 0.5 s buffer at
    /// the --bitrate target. For conferencing; pair with --max-frame-delay 0.
    #[arg(long)]
    pub low_latency: bool,
    /// Encode at most this many frames (the synthetic source defaults to 60).
    #[arg(long)]
    pub frames: Option<u64>,
    /// Skip this many frames of the input first (they are read, not encoded).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seek: u64,
    /// Size of the synthetic source or of raw input, WxH.
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(usize, usize)>,
    /// Frame rate of the synthetic source or of raw input, N/D or N (default 30).
    #[arg(long, value_parser = parse_rate)]
    pub fps: Option<(u32, u32)>,
    /// Write the encoder's reconstructed frames (display order) to this Y4M file.
    #[arg(long)]
    pub recon: Option<PathBuf>,
    /// Write statistics as JSON to this file.
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// Measure PSNR of the reconstruction against the source (Y, U, V; printed and in
    /// --stats), as FFmpeg's psnr filter does.
    #[arg(long)]
    pub psnr: bool,
    /// Measure SSIM of the reconstruction against the source (Y, U, V, All; printed and in
    /// --stats), as FFmpeg's ssim filter does.
    #[arg(long)]
    pub ssim: bool,
    /// Set any VT property by key name, e.g. `--property Quality=0.8` (repeatable).
    #[arg(long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// No progress line.
    #[arg(long)]
    pub quiet: bool,
}

fn parse_size(s: &str) -> Result<(usize, usize), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WxH, got {s:?}"))?;
    let w = w
        .trim()
        .parse()
        .map_err(|_| format!("bad width in {s:?}"))?;
    let h = h
        .trim()
        .parse()
        .map_err(|_| format!("bad height in {s:?}"))?;
    Ok((w, h))
}

fn parse_rate(s: &str) -> Result<(u32, u32), String> {
    let (n, d) = s.split_once('/').unwrap_or((s, "1"));
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("bad frame rate {s:?}"))?;
    let d: u32 = d
        .trim()
        .parse()
        .map_err(|_| format!("bad frame rate {s:?}"))?;
    if n == 0 || d == 0 {
        return Err(format!("frame rate must be positive, got {s:?}"));
    }
    Ok((n, d))
}

/// `BYTES/SECONDS` of `--data-rate-limit`.
fn parse_limit(s: &str) -> Result<(f64, f64), String> {
    let (b, t) = s
        .split_once('/')
        .ok_or_else(|| format!("expected BYTES/SECONDS, got {s:?}"))?;
    let num = |x: &str| {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| *v > 0.0 && v.is_finite())
            .ok_or_else(|| format!("{x:?} is not a positive number"))
    };
    Ok((num(b)?, num(t)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_rates() {
        assert_eq!(parse_size("640x360"), Ok((640, 360)));
        assert!(parse_size("640").is_err());
        assert_eq!(parse_rate("30000/1001"), Ok((30000, 1001)));
        assert_eq!(parse_rate("25"), Ok((25, 1)));
        assert!(parse_rate("0/1").is_err());
    }
}
