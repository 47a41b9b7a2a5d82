#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the FFmpeg oracle into target/oracle-venv,
# then formatting, lints and every test with the oracle required (no silent skips).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMEPRESS_FFMPEG="$(scripts/oracle.sh)"
export FRAMEPRESS_FFMPEG
export FRAMEPRESS_REQUIRE_FFMPEG=1
echo "oracle: $FRAMEPRESS_FFMPEG"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
