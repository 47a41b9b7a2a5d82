//! Test support shared by framepress crates: locating the FFmpeg oracle and running it.
//!
//! Tests find FFmpeg through `FRAMEPRESS_FFMPEG` or `PATH`. Without one they skip with a
//! printed notice — unless `FRAMEPRESS_REQUIRE_FFMPEG=1` (set by CI), in which case a missing
//! oracle fails the test, so conformance checks can never silently stop running.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod rate_check;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The FFmpeg binary to use as oracle, or `None` (after printing why) when the test should
/// skip. Panics when `FRAMEPRESS_REQUIRE_FFMPEG=1` and none is found.
pub fn ffmpeg() -> Option<PathBuf> {
    let found = std::env::var_os("FRAMEPRESS_FFMPEG")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| find_in_path("ffmpeg"));
    if found.is_none() {
        if std::env::var("FRAMEPRESS_REQUIRE_FFMPEG").as_deref() == Ok("1") {
            panic!("FRAMEPRESS_REQUIRE_FFMPEG=1 but no FFmpeg found (set FRAMEPRESS_FFMPEG)");
        }
        eprintln!("NOTICE: FFmpeg not found (FRAMEPRESS_FFMPEG / PATH); skipping oracle check");
    }
    found
}

/// A second, independent FFmpeg build (Debian's) when installed, for cross-checking.
pub fn second_ffmpeg() -> Option<PathBuf> {
    std::env::var_os("FRAMEPRESS_FFMPEG2")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| Some(PathBuf::from("/usr/bin/ffmpeg")).filter(|p| p.is_file()))
}

/// Debian's `ffprobe` (the FFmpeg 9 wheel has none): `FRAMEPRESS_FFPROBE`, then PATH.
/// `scripts/test.sh` installs it (package `ffmpeg`) when run as root.
pub fn ffprobe() -> Option<PathBuf> {
    let found = std::env::var_os("FRAMEPRESS_FFPROBE")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| find_in_path("ffprobe"));
    if found.is_none() {
        if std::env::var_os("FRAMEPRESS_REQUIRE_FFMPEG").is_some_and(|v| v == "1")
            && std::env::var_os("FRAMEPRESS_OPTIONAL_FFPROBE").is_none()
        {
            panic!(
                "FRAMEPRESS_REQUIRE_FFMPEG=1 but no ffprobe was found (install Debian's ffmpeg)"
            );
        }
        eprintln!("notice: ffprobe not found; MP4 structure checks by ffprobe are skipped");
    }
    found
}

/// Chromium for the browser-playback tests: `CHROMIUM`, then `chromium` or
/// `chromium-browser` on PATH. Without one the test skips with a notice, unless
/// `FRAMEPRESS_REQUIRE_CHROMIUM=1` (set by `scripts/test.sh` once it has installed Debian's
/// `chromium`), in which case a missing browser fails the test.
pub fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| find_in_path("chromium"))
        .or_else(|| find_in_path("chromium-browser"));
    if found.is_none() {
        if std::env::var("FRAMEPRESS_REQUIRE_CHROMIUM").as_deref() == Ok("1") {
            panic!("FRAMEPRESS_REQUIRE_CHROMIUM=1 but no Chromium found (set CHROMIUM)");
        }
        eprintln!("NOTICE: Chromium not found (CHROMIUM / PATH); skipping browser playback");
    }
    found
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Runs `ffmpeg` with `args`, feeding `stdin`, and returns stdout. Panics with FFmpeg's
/// stderr when it fails, so a test failure shows the decoder's complaint.
pub fn run(ffmpeg: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let (status, stdout, stderr) = run_unchecked(ffmpeg, args, stdin);
    assert!(
        status.success() && stderr.is_empty(),
        "ffmpeg {args:?} failed: {status}\n{stderr}"
    );
    stdout
}

/// Runs `ffmpeg` like [`run`] but returns what it printed instead of failing on errors: for
/// streams that are damaged on purpose (packet loss), where the decoder is expected to
/// complain about the missing pictures. Panics only when FFmpeg exits with an error.
pub fn run_allowing_errors(ffmpeg: &Path, args: &[&str], stdin: &[u8]) -> (Vec<u8>, String) {
    let (status, stdout, stderr) = run_unchecked(ffmpeg, args, stdin);
    assert!(
        status.success(),
        "ffmpeg {args:?} failed: {status}\n{stderr}"
    );
    (stdout, stderr)
}

fn run_unchecked(
    ffmpeg: &Path,
    args: &[&str],
    stdin: &[u8],
) -> (std::process::ExitStatus, Vec<u8>, String) {
    let mut child = Command::new(ffmpeg)
        .args(["-hide_banner", "-nostdin", "-loglevel", "error"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ffmpeg");
    let mut sin = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&input);
    });
    let out = child.wait_with_output().expect("ffmpeg output");
    let _ = writer.join();
    (
        out.status,
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch directory under the target directory, unique per test name.
pub fn scratch_dir(test: &str) -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join("framepress-tests")
        .join(test);
    std::fs::create_dir_all(&base).expect("create scratch dir");
    base
}
