//! End-to-end tests of the `framepress` binary, with FFmpeg as the independent reader.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn framepress() -> Command {
    Command::new(env!("CARGO_BIN_EXE_framepress"))
}

fn run(args: &[&str]) -> Output {
    framepress().args(args).output().expect("run framepress")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn dir(test: &str) -> PathBuf {
    framepress_testkit::scratch_dir(&format!("cli-{test}"))
}

/// Frames FFmpeg decodes from an MJPEG file, with `-xerror` so any decode error fails.
/// Runs `framepress encode` with `base` then `extra` arguments, writing `name` in `d`;
/// returns the stream's bytes.
fn encode_bytes(d: &Path, name: &str, base: &[&str], extra: &[&str]) -> Vec<u8> {
    let out = d.join(name);
    let mut args = vec!["encode"];
    args.extend_from_slice(base);
    args.extend_from_slice(&["--quiet", "-o", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let r = run(&args);
    assert!(r.status.success(), "{extra:?}: {}", stderr(&r));
    std::fs::read(out).unwrap()
}

fn ffmpeg_frame_count(ffmpeg: &Path, file: &Path, width: usize, height: usize) -> usize {
    let f = file.to_str().expect("utf-8 path");
    let raw = framepress_testkit::run(
        ffmpeg,
        &[
            "-xerror", "-f", "mjpeg", "-i", f, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
        ],
        &[],
    );
    let frame = width * height + 2 * width.div_ceil(2) * height.div_ceil(2);
    assert_eq!(raw.len() % frame, 0, "partial frame from FFmpeg");
    raw.len() / frame
}

#[test]
fn synthetic_jpeg_decodes_with_ffmpeg() {
    let d = dir("synthetic");
    let out = d.join("x.mjpeg");
    let stats = d.join("stats.json");
    let o = run(&[
        "encode",
        "--codec",
        "jpeg",
        "--frames",
        "30",
        "-o",
        out.to_str().unwrap(),
        "--stats",
        stats.to_str().unwrap(),
        "--size",
        "176x144",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stderr(&o);
    assert!(summary.contains("encoded 30 frames 176x144"), "{summary}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(json["frames"], 30);
    assert_eq!(
        json["bytes"].as_u64().unwrap(),
        std::fs::metadata(&out).unwrap().len()
    );
    assert_eq!(json["frame_sizes"].as_array().unwrap().len(), 30);
    if let Some(ff) = framepress_testkit::ffmpeg() {
        assert_eq!(ffmpeg_frame_count(&ff, &out, 176, 144), 30);
    }
}

#[test]
fn y4m_input_and_recon() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("y4m");
    let input = d.join("in.y4m");
    // FFmpeg makes the Y4M: an odd-ish size and its own test pattern.
    let y4m = framepress_testkit::run(
        &ff,
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=98x62:rate=25",
            "-frames:v",
            "7",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "yuv4mpegpipe",
            "-",
        ],
        &[],
    );
    std::fs::write(&input, &y4m).unwrap();
    let out = d.join("y.mjpeg");
    let recon = d.join("recon.y4m");
    let o = run(&[
        "encode",
        "--codec",
        "jpeg",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--recon",
        recon.to_str().unwrap(),
        "--quality",
        "0.9",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ffmpeg_frame_count(&ff, &out, 98, 62), 7);
    // The recon file is a valid Y4M of 7 frames that FFmpeg reads.
    let r = recon.to_str().unwrap();
    let raw = framepress_testkit::run(
        &ff,
        &["-i", r, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
        &[],
    );
    assert_eq!(raw.len(), 7 * (98 * 62 + 2 * 49 * 31));
    // Stdin input gives the same stream.
    let out2 = d.join("stdin.mjpeg");
    let mut child = framepress()
        .args([
            "encode",
            "--codec",
            "jpeg",
            "-i",
            "-",
            "-o",
            out2.to_str().unwrap(),
            "--quality",
            "0.9",
            "--quiet",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&y4m).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
}

#[test]
fn configuration_errors_are_one_line_and_exit_2() {
    let d = dir("errors");
    let out = d.join("e.mjpeg");
    let o = out.to_str().unwrap();
    let avi = d.join("e.avi");
    let h264 = d.join("e.264");
    let missing = d.join("missing.y4m");
    let cases: &[&[&str]] = &[
        &["encode", "-o", o, "--property", "NoSuchKey=1"],
        &["encode", "-o", o, "--property", "Quality=high"],
        &["encode", "-o", o, "--property", "Quality=3"],
        &[
            "encode",
            "-o",
            h264.to_str().unwrap(),
            "--property",
            "TargetQualityForAlpha=0.5",
        ],
        &["encode", "-o", o, "--property", "NumberOfPendingFrames=1"],
        &[
            "encode",
            "-o",
            o,
            "--property",
            "AllowTemporalCompression=true",
        ],
        &["encode", "--codec", "jpeg", "-o", o, "--qp", "30"],
        &["encode", "-o", o, "--bitrate", "1000000", "--qp", "20"],
        &["encode", "-o", o, "--property", "DataRateLimits=10,1"],
        &["encode", "-o", o, "--preset", "fast"],
        &["encode", "-o", o, "--codec", "h264"],
        &["encode", "-o", o, "--size", "17x9"],
        &["encode", "-o", avi.to_str().unwrap()],
        &["encode", "-i", missing.to_str().unwrap(), "-o", o],
        // Argument errors found by the parser are one line too, not clap's usage block.
        &["encode", "--no-such-flag"],
        &["encode", "--codec", "vp9", "-o", o],
        &["encode", "--fragment-ms", "500", "-o", o],
        &["encode", "--qp", "1", "--qp", "2", "-o", o],
        &["transcode"],
        &["presets", "--codec", "hevc"],
    ];
    for args in cases {
        let r = run(args);
        let err = stderr(&r);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("framepress: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let r = run(&["encode", "-o", o, "--property", "Quality=3"]);
    assert!(stderr(&r).contains("-12902"), "{}", stderr(&r));
    let r = run(&["encode", "--codec", "jpeg", "-o", o, "--qp", "30"]);
    assert!(stderr(&r).contains("-12900"), "{}", stderr(&r));
}

#[test]
fn truncated_y4m_is_a_runtime_error() {
    let d = dir("truncated");
    let input = d.join("t.y4m");
    let mut data = b"YUV4MPEG2 W16 H16 F30:1 C420jpeg\nFRAME\n".to_vec();
    data.extend(vec![128u8; 16 * 16 + 2 * 64]);
    data.extend(b"FRAME\n");
    data.extend(vec![128u8; 100]);
    std::fs::write(&input, data).unwrap();
    let r = run(&[
        "encode",
        "-i",
        input.to_str().unwrap(),
        "-o",
        d.join("t.264").to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("frame 1"), "{}", stderr(&r));
}

#[test]
fn listing_commands() {
    let r = run(&["encoders"]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("com.framepress.jpeg"));
    let r = run(&["properties", "--codec", "jpeg"]);
    assert!(r.status.success());
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(
        text.contains("Quality") && text.contains("ReadOnly"),
        "{text}"
    );
    let r = run(&["properties", "--codec", "hevc"]);
    assert_eq!(r.status.code(), Some(2));

    let r = run(&["presets"]);
    assert!(r.status.success(), "{}", stderr(&r));
    let text = String::from_utf8_lossy(&r.stdout);
    for name in [
        "HighQuality",
        "Balanced",
        "HighSpeed",
        "ultrafast",
        "veryslow",
    ] {
        assert!(text.contains(name), "{text}");
    }
    assert!(text.contains("FramepressSpeed=veryfast"), "{text}");
    let r = run(&["presets", "--codec", "jpeg"]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("no presets"));
    let r = run(&["--help"]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("presets"));
}

#[test]
fn presets_change_the_encoding_and_later_options_override_them() {
    let d = dir("presets");
    let encode = |name: &str, extra: &[&str]| {
        let base = ["--frames", "8", "--size", "96x64", "--qp", "28"];
        encode_bytes(&d, name, &base, extra)
    };
    let fast = encode("fast.264", &["--preset", "HighSpeed"]);
    let fast_by_constant = encode("fast2.264", &["--preset", "kVTCompressionPreset_HighSpeed"]);
    let best = encode("best.264", &["--preset", "HighQuality"]);
    let default = encode("default.264", &[]);
    let balanced = encode("balanced.264", &["--preset", "Balanced"]);
    let overridden = encode(
        "over.264",
        &[
            "--preset",
            "HighSpeed",
            "--property",
            "FramepressSpeed=medium",
        ],
    );
    let veryfast = encode("veryfast.264", &["--preset", "veryfast"]);
    let ultrafast = encode("ultrafast.264", &["--preset", "ultrafast"]);
    assert!(fast == fast_by_constant);
    assert!(fast == veryfast, "HighSpeed is veryfast");
    assert!(ultrafast != veryfast, "every speed level is its own");
    assert!(
        fast != best,
        "HighSpeed and HighQuality give the same stream"
    );
    assert!(balanced == default, "Balanced is the encoder's default");
    assert!(overridden == default, "--property after --preset wins");
}

/// The use-case presets: conferencing codes no B-frames (low latency, no reordering);
/// offline is the slow speed level with B-frames; live the faster level; `framepress
/// presets` lists all three.
#[test]
fn use_case_presets_bundle_a_speed_level_and_the_use_cases_settings() {
    let d = dir("use_cases");
    let encode = |name: &str, extra: &[&str]| -> (Vec<u8>, Vec<String>) {
        let out = d.join(name);
        let stats = d.join(format!("{name}.json"));
        let mut args = vec![
            "encode",
            "--frames",
            "12",
            "--size",
            "96x64",
            "--bitrate",
            "300000",
            "--quiet",
            "--stats",
            stats.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert!(r.status.success(), "{extra:?}: {}", stderr(&r));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
        let types = json["per_frame"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["type"].as_str().unwrap().to_owned())
            .collect();
        (std::fs::read(out).unwrap(), types)
    };
    let (conferencing, types) = encode("conf.264", &["--preset", "conferencing"]);
    assert!(types.iter().all(|t| t != "B"), "{types:?}");
    let (low_latency, _) = encode(
        "ll.264",
        &[
            "--low-latency",
            "--preset",
            "veryfast",
            "--property",
            "AllowFrameReordering=false",
            "--property",
            "RealTime=true",
        ],
    );
    assert!(
        conferencing == low_latency,
        "conferencing is veryfast + low latency"
    );
    let (offline, types) = encode("offline.264", &["--preset", "offline"]);
    assert!(types.iter().any(|t| t == "B"), "{types:?}");
    let (slow, _) = encode("slow.264", &["--preset", "slow"]);
    assert!(offline == slow, "offline is the slow level");
    let (live, _) = encode("live.264", &["--preset", "live"]);
    let (faster, _) = encode("faster.264", &["--preset", "faster"]);
    assert!(live == faster, "live is the faster level");
    // With a quality target live looks 10 frames ahead for the macroblock tree, which
    // RealTime alone would not.
    let quality = |name: &str, extra: &[&str]| {
        let base = ["--frames", "24", "--size", "96x64", "--quality", "0.5"];
        encode_bytes(&d, name, &base, extra)
    };
    let live = quality("live-q.264", &["--preset", "live"]);
    let real_time = ["--preset", "faster", "--property", "RealTime=true"];
    let with_lookahead = [
        &real_time[..],
        &["--property", "FramepressLookaheadFrames=10"],
    ]
    .concat();
    assert!(
        live == quality("faster-q-la.264", &with_lookahead),
        "live = faster + RealTime + 10-frame lookahead"
    );
    assert!(
        live != quality("faster-q.264", &real_time),
        "the lookahead changes the stream"
    );
    let r = run(&["presets"]);
    let text = String::from_utf8_lossy(&r.stdout);
    for name in ["conferencing", "live", "offline"] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn h264_is_the_default_and_its_recon_equals_ffmpegs_decode() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("h264");
    let out = d.join("x.264");
    let recon = d.join("recon.y4m");
    let o = run(&[
        "encode",
        "--frames",
        "12",
        "--size",
        "98x62",
        "--qp",
        "30",
        "-o",
        out.to_str().unwrap(),
        "--recon",
        recon.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("H.264"), "{}", stderr(&o));
    let dec = framepress_testkit::run(
        &ff,
        &[
            "-xerror",
            "-i",
            out.to_str().unwrap(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            "-",
        ],
        &[],
    );
    let rec = framepress_testkit::run(
        &ff,
        &[
            "-i",
            recon.to_str().unwrap(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            "-",
        ],
        &[],
    );
    assert_eq!(dec.len(), 12 * (98 * 62 + 2 * 49 * 31));
    assert!(
        dec == rec,
        "FFmpeg's decode differs from the encoder's reconstruction"
    );
}

/// Raw I420 frames of a Y4M (FFmpeg as the reader).
fn y4m_frames(ff: &Path, file: &Path) -> Vec<u8> {
    framepress_testkit::run(
        ff,
        &[
            "-i",
            file.to_str().unwrap(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            "-",
        ],
        &[],
    )
}

#[test]
fn seek_skips_input_frames_and_high_bit_depth_is_refused() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("seek");
    let make = |name: &str, pix_fmt: &str| {
        let path = d.join(name);
        let y4m = framepress_testkit::run(
            &ff,
            &[
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=64x48:rate=25",
                "-frames:v",
                "10",
                "-pix_fmt",
                pix_fmt,
                "-strict",
                "-1",
                "-f",
                "yuv4mpegpipe",
                "-",
            ],
            &[],
        );
        std::fs::write(&path, y4m).unwrap();
        path
    };
    let input = make("in.y4m", "yuv420p");
    let recon = d.join("recon.y4m");
    let out = d.join("s.264");
    let o = run(&[
        "encode",
        "-i",
        input.to_str().unwrap(),
        "--seek",
        "6",
        "--qp",
        "4",
        "-o",
        out.to_str().unwrap(),
        "--recon",
        recon.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let frame = 64 * 48 * 3 / 2;
    let src = y4m_frames(&ff, &input);
    let rec = y4m_frames(&ff, &recon);
    assert_eq!(rec.len(), 4 * frame, "frames 6..10 encoded");
    let mse = |a: &[u8], b: &[u8]| {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
            .sum::<f64>()
            / a.len() as f64
    };
    // At QP 4 the reconstruction is within a fraction of a level of what it encoded.
    assert!(mse(&rec, &src[6 * frame..]) < 1.0);
    assert!(mse(&rec, &src[..4 * frame]) > 10.0);

    let r = run(&[
        "encode",
        "-i",
        input.to_str().unwrap(),
        "--seek",
        "11",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(stderr(&r).contains("past the end"), "{}", stderr(&r));

    let deep = make("in10.y4m", "yuv420p10le");
    let r = run(&[
        "encode",
        "-i",
        deep.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let err = stderr(&r);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("10-bit Y4M is not supported yet"), "{err}");
}

/// The value after `key:` in FFmpeg's psnr summary line.
fn ffmpeg_summary_value(log: &str, key: &str) -> f64 {
    let line = log
        .lines()
        .find(|l| l.contains("PSNR y:"))
        .expect("psnr line");
    let at = line.find(&format!("{key}:")).expect("key") + key.len() + 1;
    line[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The value after `key:` in FFmpeg's ssim summary line (`SSIM Y:0.96 (14.1) U:... All:...`).
fn ffmpeg_ssim_value(log: &str, key: &str) -> f64 {
    let line = log
        .lines()
        .find(|l| l.contains("SSIM Y:"))
        .expect("ssim line");
    let at = line.find(&format!("{key}:")).expect("key") + key.len() + 1;
    line[at..]
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn psnr_and_ssim_agree_with_ffmpegs_filters() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("psnr");
    let input = d.join("in.y4m");
    let y4m = framepress_testkit::run(
        &ff,
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=98x66:rate=25",
            "-frames:v",
            "8",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "yuv4mpegpipe",
            "-",
        ],
        &[],
    );
    std::fs::write(&input, &y4m).unwrap();
    let recon = d.join("recon.y4m");
    let stats = d.join("stats.json");
    let o = run(&[
        "encode",
        "-i",
        input.to_str().unwrap(),
        "-o",
        d.join("p.mp4").to_str().unwrap(),
        "--qp",
        "34",
        "--psnr",
        "--ssim",
        "--recon",
        recon.to_str().unwrap(),
        "--stats",
        stats.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(json["psnr"]["measured_frames"], 8);
    assert_eq!(json["ssim"]["measured_frames"], 8);
    // Every frame has its record: type, QP, size, PSNR and SSIM.
    let per_frame = json["per_frame"].as_array().unwrap();
    assert_eq!(per_frame.len(), 8);
    assert_eq!(per_frame[0]["type"], "I");
    assert_eq!(per_frame[1]["type"], "P");
    assert_eq!(per_frame[1]["qp"], 34.0);
    assert!(
        per_frame[0]["qp"].as_f64().unwrap() < 34.0,
        "key frames are finer"
    );
    let sizes: u64 = per_frame.iter().map(|f| f["bytes"].as_u64().unwrap()).sum();
    assert_eq!(sizes, json["bytes"].as_u64().unwrap());
    assert!(
        per_frame
            .iter()
            .all(|f| f["ssim"]["all"].as_f64().unwrap() > 0.5)
    );
    let ssim = Command::new(&ff)
        .args(["-hide_banner", "-nostdin", "-i"])
        .arg(&recon)
        .arg("-i")
        .arg(&input)
        .args(["-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"])
        .output()
        .unwrap();
    let ssim_log = String::from_utf8_lossy(&ssim.stderr);
    for (key, plane) in [("Y", "y"), ("U", "u"), ("V", "v"), ("All", "all")] {
        let ours = json["ssim"]["mean"][plane].as_f64().unwrap();
        let theirs = ffmpeg_ssim_value(&ssim_log, key);
        // FFmpeg prints six decimals and sums in single precision.
        assert!((ours - theirs).abs() < 2e-6, "{key}: {ours} vs {theirs}");
    }
    // FFmpeg's summary is the PSNR of the mean MSE over the frames.
    let out = Command::new(&ff)
        .args(["-hide_banner", "-nostdin", "-i"])
        .arg(&recon)
        .arg("-i")
        .arg(&input)
        .args(["-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    for (key, plane) in [("y", "y"), ("u", "u"), ("v", "v")] {
        let ours = json["psnr"]["global"][plane].as_f64().unwrap();
        let theirs = ffmpeg_summary_value(&log, key);
        assert!((ours - theirs).abs() < 0.01, "{key}: {ours} vs {theirs}");
        assert!(ours > 20.0 && ours < 60.0, "{key}: {ours}");
    }
}

#[test]
fn synth_writes_the_frames_encode_codes_without_input() {
    let d = dir("synth");
    let y4m = d.join("synth.y4m");
    let (from_file, direct) = (d.join("from-file.264"), d.join("direct.264"));
    let y = y4m.to_str().unwrap();
    let o = run(&["synth", "--size", "176x144", "--frames", "4", "-o", y]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&y4m).unwrap();
    let header = b"YUV4MPEG2 W176 H144 F30:1 Ip A0:0 C420jpeg XCOLORRANGE=LIMITED\n";
    assert!(bytes.starts_with(header));
    assert_eq!(bytes.len(), header.len() + 4 * (6 + 176 * 144 * 3 / 2));
    // Deterministic: stdout gives the same bytes.
    let o = run(&["synth", "--size", "176x144", "--frames", "4", "-o", "-"]);
    assert!(o.status.success());
    assert_eq!(o.stdout, bytes);
    // Encoding the file equals encoding the built-in source.
    let o = run(&[
        "encode",
        "-i",
        y,
        "-o",
        from_file.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "encode",
        "--size",
        "176x144",
        "--frames",
        "4",
        "-o",
        direct.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&from_file).unwrap(),
        std::fs::read(&direct).unwrap()
    );
    // Bad sizes are one line and exit 2.
    let o = run(&["synth", "--size", "0x0", "-o", y]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn listing_into_a_closed_pipe_ends_quietly() {
    for args in [
        &["properties"][..],
        &["encoders"][..],
        &["presets"][..],
        &["properties", "--codec", "jpeg"][..],
    ] {
        let mut child = framepress()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the listing is written (as `| head -0` would).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}
