#!/usr/bin/env bash
# Installs the FFmpeg oracle (the static FFmpeg shipped in the imageio-ffmpeg wheel) into a
# virtualenv under target/, so it works where system pip is locked, and prints the path of the
# ffmpeg binary. Idempotent: a second run only prints the path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/target/oracle-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import imageio_ffmpeg" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check imageio-ffmpeg >&2
fi
"$venv/bin/python" -c "import imageio_ffmpeg as m; print(m.get_ffmpeg_exe())"
