//! Raw video input (`--pix-fmt`, `--size`, `--fps`), from files and stdin. The strongest check
//! available: the same pictures given as Y4M and as raw video in any 4:2:0 layout must give
//! byte-identical H.264 streams, because the encoder is deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const W: usize = 64;
const H: usize = 48;
const FRAMES: usize = 6;

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
    framepress_testkit::scratch_dir(&format!("cli-raw-{test}"))
}

/// The test pictures, written by FFmpeg in `format` (`yuv4mpegpipe` or `rawvideo`).
fn testsrc(ff: &Path, format: &str, pix_fmt: &str) -> Vec<u8> {
    let size = format!("testsrc2=size={W}x{H}:rate=25");
    let frames = FRAMES.to_string();
    framepress_testkit::run(
        ff,
        &[
            "-f",
            "lavfi",
            "-i",
            &size,
            "-frames:v",
            &frames,
            "-pix_fmt",
            pix_fmt,
            "-strict",
            "-1",
            "-f",
            format,
            "-",
        ],
        &[],
    )
}

/// Encodes at QP 24 unless `extra` gives a `--qp`.
fn encode(input: &Path, extra: &[&str], out: &Path) -> Output {
    let mut args = vec![
        "encode",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ];
    if !extra.contains(&"--qp") {
        args.extend(["--qp", "24"]);
    }
    args.extend_from_slice(extra);
    run(&args)
}

fn one_line_usage_error(r: &Output, needle: &str) {
    let err = stderr(r);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
}

#[test]
fn raw_yuv420p_and_nv12_encode_exactly_like_the_same_y4m() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("layouts");
    let y4m = d.join("in.y4m");
    std::fs::write(&y4m, testsrc(&ff, "yuv4mpegpipe", "yuv420p")).unwrap();
    let reference = d.join("y4m.264");
    let r = encode(&y4m, &[], &reference);
    assert!(r.status.success(), "{}", stderr(&r));
    let expected = std::fs::read(&reference).unwrap();
    assert!(!expected.is_empty());

    let size = format!("{W}x{H}");
    for (name, pix_fmt, by_extension) in [
        ("in.yuv", "yuv420p", true),
        ("in.nv12", "nv12", true),
        ("in.bin", "nv12", false),
    ] {
        let raw = d.join(name);
        std::fs::write(&raw, testsrc(&ff, "rawvideo", pix_fmt)).unwrap();
        let out = d.join(format!("{name}.264"));
        let mut extra = vec!["--size", &size, "--fps", "25"];
        if !by_extension {
            extra.extend(["--pix-fmt", pix_fmt]);
        }
        let r = encode(&raw, &extra, &out);
        assert!(r.status.success(), "{name}: {}", stderr(&r));
        assert!(
            std::fs::read(&out).unwrap() == expected,
            "{name} ({pix_fmt}) encodes differently from the Y4M"
        );
    }
}

#[test]
fn raw_video_from_stdin_with_pix_fmt() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("stdin");
    let y4m = d.join("in.y4m");
    std::fs::write(&y4m, testsrc(&ff, "yuv4mpegpipe", "yuv420p")).unwrap();
    let reference = d.join("y4m.264");
    assert!(encode(&y4m, &[], &reference).status.success());

    let out = d.join("stdin.264");
    let size = format!("{W}x{H}");
    let mut child = framepress()
        .args([
            "encode",
            "-i",
            "-",
            "--pix-fmt",
            "yuv420p",
            "--size",
            &size,
            "--fps",
            "25",
            "--qp",
            "24",
            "-o",
            out.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let raw = testsrc(&ff, "rawvideo", "yuv420p");
    child.stdin.take().unwrap().write_all(&raw).unwrap();
    let r = child.wait_with_output().unwrap();
    assert!(r.status.success(), "{}", stderr(&r));
    // Not a terminal: no progress output, only the one summary line.
    assert_eq!(stderr(&r).trim_end().lines().count(), 1, "{}", stderr(&r));
    assert!(stderr(&r).contains(&format!("encoded {FRAMES} frames")));
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&reference).unwrap());
}

#[test]
fn bgra_is_converted_close_to_ffmpegs_conversion() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("bgra");
    let raw = d.join("in.bgra");
    std::fs::write(&raw, testsrc(&ff, "rawvideo", "bgra")).unwrap();
    let recon = d.join("recon.y4m");
    let size = format!("{W}x{H}");
    let r = encode(
        &raw,
        &[
            "--size",
            &size,
            "--qp",
            "2",
            "--recon",
            recon.to_str().unwrap(),
        ],
        &d.join("bgra.264"),
    );
    assert!(r.status.success(), "{}", stderr(&r));
    let ours = framepress_testkit::run(
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
    let theirs = testsrc(&ff, "rawvideo", "yuv420p");
    assert_eq!(ours.len(), theirs.len());
    let luma = W * H;
    let frame = luma * 3 / 2;
    let mse: f64 = (0..FRAMES)
        .flat_map(|f| (f * frame..f * frame + luma).map(|i| (ours[i], theirs[i])))
        .map(|(a, b)| (f64::from(a) - f64::from(b)).powi(2))
        .sum::<f64>()
        / (FRAMES * luma) as f64;
    let psnr = 10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10();
    // Both are BT.601 limited range; rounding and chroma siting differ a little.
    assert!(
        psnr > 40.0,
        "luma PSNR against FFmpeg's conversion {psnr:.2} dB"
    );
}

#[test]
fn raw_input_errors_are_one_line() {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    let d = dir("errors");
    let out = d.join("e.264");
    let size = format!("{W}x{H}");
    let raw = d.join("in.yuv");
    std::fs::write(&raw, testsrc(&ff, "rawvideo", "yuv420p")).unwrap();

    one_line_usage_error(&encode(&raw, &[], &out), "--size");
    one_line_usage_error(
        &encode(&raw, &["--size", &size, "--pix-fmt", "yuv422p"], &out),
        "--pix-fmt",
    );
    let deep = d.join("in10.yuv");
    std::fs::write(&deep, testsrc(&ff, "rawvideo", "yuv420p10le")).unwrap();
    one_line_usage_error(
        &encode(&deep, &["--size", &size, "--pix-fmt", "yuv420p10le"], &out),
        "10-bit",
    );
    let r = run(&["encode", "--pix-fmt", "nv12", "-o", out.to_str().unwrap()]);
    one_line_usage_error(&r, "--pix-fmt");

    // Two and a half frames: the partial one is a runtime error naming the frame.
    let mut data = testsrc(&ff, "rawvideo", "yuv420p");
    data.truncate(W * H * 3 / 2 * 5 / 2);
    std::fs::write(&raw, data).unwrap();
    let r = encode(&raw, &["--size", &size], &out);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("frame 2"), "{}", stderr(&r));
}
