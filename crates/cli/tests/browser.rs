//! A real browser plays what `framepress encode` writes: headless Chromium loads each MP4 in a
//! `<video>` element (progressive, fragmented, and fragmented fed through Media Source
//! Extensions as a live player does) via `scripts/chromium-play.sh`, which reports
//! `videoWidth`, the frames decoded and dropped, and media errors. Runs when Chromium is
//! installed (`scripts/test.sh` installs it on Debian); required with
//! `FRAMEPRESS_REQUIRE_CHROMIUM=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

const FRAMES: usize = 30;

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/chromium-play.sh")
}

fn encode(out: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_framepress"))
        .args(["encode", "--frames", "30", "--size", "160x96", "--quiet"])
        .args(["--property", "MaxKeyFrameInterval=10", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The JSON line the page posted, after the script checked it (exit status 0).
fn play(browser: &Path, file: &Path, mse: bool) -> serde_json::Value {
    let mut cmd = Command::new("bash");
    cmd.arg(script()).arg(file).env("CHROMIUM", browser);
    if mse {
        cmd.arg("--mse");
    }
    let o = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{} {}: {stdout} {}",
        file.display(),
        if mse { "(MSE)" } else { "" },
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(stdout.lines().next().unwrap()).unwrap()
}

#[test]
fn chromium_plays_progressive_fragmented_and_mse_fed_mp4() {
    let Some(browser) = framepress_testkit::chromium() else {
        return;
    };
    let d = framepress_testkit::scratch_dir("cli-browser");
    let cases: [(&str, &[&str], bool); 4] = [
        ("progressive.mp4", &[], false),
        ("fragmented.mp4", &["--fragmented"], false),
        ("live.mp4", &["--fragmented"], true),
        ("avc3.mp4", &["--in-band-parameter-sets"], false),
    ];
    for (name, extra, mse) in cases {
        let file = d.join(name);
        encode(&file, extra);
        let r = play(&browser, &file, mse);
        assert_eq!(r["status"], "ended", "{name}: {r}");
        assert_eq!(r["videoWidth"], 160, "{name}: {r}");
        assert_eq!(r["videoHeight"], 96, "{name}: {r}");
        assert_eq!(r["totalVideoFrames"], FRAMES, "{name}: {r}");
        assert_eq!(r["droppedVideoFrames"], 0, "{name}: {r}");
        if mse {
            assert_eq!(r["fragments"], 3, "{name}: one fragment per GOP: {r}");
        }
    }
}
