#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the FFmpeg oracle into target/oracle-venv,
# then formatting, lints and every test with the oracle required (no silent skips).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMEPRESS_FFMPEG="$(scripts/oracle.sh)"
export FRAMEPRESS_FFMPEG
export FRAMEPRESS_REQUIRE_FFMPEG=1
echo "oracle: $FRAMEPRESS_FFMPEG"
# A second, independent decoder build (Debian's FFmpeg 5.1, with ffprobe) for the conformance
# and MP4 tests;
# optional: tests use it when /usr/bin/ffmpeg exists.
if [ ! -x /usr/bin/ffmpeg ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg) \
    >/dev/null 2>&1 || echo "note: Debian ffmpeg (second decoder) not installed; one decoder only"
fi
# ffprobe (from the same package) checks MP4 structure; where it could not be installed the
# MP4 tests still decode with the oracle but skip the ffprobe checks, saying so.
if ! command -v ffprobe >/dev/null; then
  export FRAMEPRESS_OPTIONAL_FFPROBE=1
  echo "note: no ffprobe; MP4 structure checks by ffprobe are skipped"
fi
# Chromium plays our MP4s in a real browser (crates/cli/tests/browser.rs). Debian's package
# installs in about 10-60 s, so CI installs it and the test becomes required; elsewhere the test
# runs when a Chromium is found and skips with a notice otherwise.
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) \
    >/dev/null 2>&1 || echo "note: chromium not installed; browser playback test skipped"
fi
if command -v chromium >/dev/null; then
  export FRAMEPRESS_REQUIRE_CHROMIUM=1
fi
# The benchmark suite's own unit tests (BD-rate arithmetic, stream parsing, the report):
# standard-library Python, no tools, well under a second.
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -q -s bench/tests -t bench
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
