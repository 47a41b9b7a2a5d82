#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the FFmpeg oracle into target/oracle-venv,
# then formatting, lints and every test with the oracle required (no silent skips).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMEPRESS_FFMPEG="$(scripts/oracle.sh)"
export FRAMEPRESS_FFMPEG
export FRAMEPRESS_REQUIRE_FFMPEG=1
echo "oracle: $FRAMEPRESS_FFMPEG"
# A second, independent decoder build (Debian's FFmpeg 5.1) for the H.264 conformance tests;
# optional: tests use it when /usr/bin/ffmpeg exists.
if [ ! -x /usr/bin/ffmpeg ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg) \
    >/dev/null 2>&1 || echo "note: Debian ffmpeg (second decoder) not installed; one decoder only"
fi
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
