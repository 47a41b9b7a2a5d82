#!/usr/bin/env bash
# Plays an MP4 written by framepress in headless Chromium and prints what the browser saw,
# as one JSON line: videoWidth/videoHeight, duration, decoded and dropped frames, and any
# media error. A check that a real browser, not only FFmpeg, accepts our files.
#
# Usage:
#   scripts/chromium-play.sh FILE.mp4            # <video src=...> (progressive or fragmented)
#   scripts/chromium-play.sh FILE.mp4 --mse      # Media Source Extensions, fed the way a live
#                                                # player is fed: the init segment, then each
#                                                # moof+mdat fragment (fragmented H.264 only)
#
# Example:
#   cargo build --release -p framepress-cli
#   target/release/framepress encode --frames 60 -o /tmp/demo.mp4
#   scripts/chromium-play.sh /tmp/demo.mp4
#   target/release/framepress encode --frames 60 --fragmented -o /tmp/frag.mp4
#   scripts/chromium-play.sh /tmp/frag.mp4 --mse
#
# Exit status 0 when the video played to its end with every frame decoded (as many as ffprobe
# counts, when it is installed) and none dropped. Browsers play H.264 MP4; they do not play
# JPEG ('jpeg' sample entry) tracks, which report DEMUXER_ERROR_NO_SUPPORTED_STREAMS.
# The page is served from a throwaway server on 127.0.0.1 (see below) that stops by itself.
# Needs Debian's `chromium` (apt-get install chromium). scripts/test.sh (and so CI) installs it
# and runs this script from crates/cli/tests/browser.rs for progressive, fragmented, MSE-fed and
# avc3 files.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 FILE.mp4 [--mse]" >&2
  exit 2
fi
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$browser" ]; then
  echo "chromium not found: apt-get install chromium (or set CHROMIUM)" >&2
  exit 2
fi
mode=src
[ "${2:-}" = "--mse" ] && mode=mse

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$1" "$work/video.mp4"
cat >"$work/play.html" <<'HTML'
<!doctype html>
<html><body>
<pre id="result">{"status":"timeout"}</pre>
<video id="v" muted playsinline></video>
<!-- Holds the load event (and so --dump-dom) until the result is posted. -->
<iframe src="/wait" hidden></iframe>
<script>
const out = document.getElementById('result');
const v = document.getElementById('v');
const mode = location.hash.slice(1) || 'src';
let done = false;
function report(status, extra) {
  if (done) return;
  done = true;
  const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality() : {};
  out.textContent = JSON.stringify(Object.assign({
    status, mode,
    videoWidth: v.videoWidth, videoHeight: v.videoHeight,
    duration: v.duration, currentTime: v.currentTime,
    totalVideoFrames: q.totalVideoFrames, droppedVideoFrames: q.droppedVideoFrames,
    error: v.error ? `${v.error.code} ${v.error.message}` : null,
    fragments: window.fragments,
  }, extra || {}));
  fetch('/result', { method: 'POST', body: out.textContent });
}
v.addEventListener('ended', () => report('ended'));
v.addEventListener('error', () => report('error'));

// Top-level boxes of an ISO BMFF file: [type, start, end].
function boxes(buf) {
  const d = new DataView(buf), list = [];
  for (let at = 0; at + 8 <= buf.byteLength;) {
    let size = d.getUint32(at);
    const type = String.fromCharCode(...new Uint8Array(buf, at + 4, 4));
    if (size === 1) size = Number(d.getBigUint64(at + 8));
    if (size < 8) throw new Error(`bad box size at ${at}`);
    list.push([type, at, at + size]);
    at += size;
  }
  return list;
}
// RFC 6381 codec string from the avcC's profile, compatibility and level bytes.
function avcCodec(bytes) {
  for (let i = 0; i + 8 < bytes.length; i++) {
    if (bytes[i] === 0x61 && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x63 && bytes[i + 3] === 0x43) {
      const hex = (b) => b.toString(16).padStart(2, '0');
      return `avc1.${hex(bytes[i + 5])}${hex(bytes[i + 6])}${hex(bytes[i + 7])}`;
    }
  }
  throw new Error('no avcC box: --mse needs H.264');
}

async function playMse() {
  const buf = await (await fetch('video.mp4')).arrayBuffer();
  const list = boxes(buf);
  const moof = list.findIndex((b) => b[0] === 'moof');
  if (moof < 0) throw new Error('not a fragmented MP4 (no moof)');
  const type = `video/mp4; codecs="${avcCodec(new Uint8Array(buf, 0, list[moof][1]))}"`;
  if (!MediaSource.isTypeSupported(type)) throw new Error(`MSE does not support ${type}`);
  const ms = new MediaSource();
  v.src = URL.createObjectURL(ms);
  await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
  const sb = ms.addSourceBuffer(type);
  const append = (slice) => new Promise((resolve, reject) => {
    sb.addEventListener('updateend', resolve, { once: true });
    sb.addEventListener('error', () => reject(new Error('appendBuffer failed')), { once: true });
    sb.appendBuffer(slice);
  });
  await append(buf.slice(0, list[moof][1]));        // init segment: ftyp + moov
  let fragments = 0;
  for (let i = moof; i + 1 < list.length; i += 2) { // one moof + mdat at a time
    await append(buf.slice(list[i][1], list[i + 1][2]));
    fragments++;
  }
  ms.endOfStream();
  window.fragments = fragments;
}

(async () => {
  try {
    if (mode === 'mse') {
      await playMse();
    } else {
      v.src = 'video.mp4';
    }
    await v.play();
  } catch (e) {
    report('exception', { message: String(e) });
  }
})();
</script>
</body></html>
HTML

# --dump-dom prints the page once it has loaded, but media plays in real time after that; so
# a tiny server on the loopback interface serves the page and holds its /wait iframe (and with
# it the load event) until the page posts its result, 30 s at most.
cat >"$work/serve.py" <<'PY'
import http.server, os, sys, threading
os.chdir(sys.argv[1])
posted = threading.Event()
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_GET(self):
        if self.path == "/wait":
            posted.wait(30)
            self.send_response(200)
            self.end_headers()
            return
        super().do_GET()
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()
        posted.set()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Timer(60, server.shutdown).start()
server.serve_forever()
PY
exec 3< <(exec python3 "$work/serve.py" "$work")
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
read -r port <&3
dom="$(timeout 60 "$browser" --headless --no-sandbox --disable-gpu --mute-audio \
  --autoplay-policy=no-user-gesture-required \
  --dump-dom "http://127.0.0.1:$port/play.html#$mode" 2>/dev/null || true)"
result="$(printf '%s' "$dom" | sed -n 's:.*<pre id="result"[^>]*>\(.*\)</pre>.*:\1:p' | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')"
echo "$result"
python3 - "$result" "$1" <<'PY'
import json, subprocess, sys
r = json.loads(sys.argv[1] or '{"status": "no page result (did chromium start?)"}')
ok = r.get("status") == "ended" and not r.get("error") and (r.get("droppedVideoFrames") or 0) == 0
# Compare the decoded-frame count with ffprobe's, when it is installed.
try:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", sys.argv[2]],
        capture_output=True, text=True, check=True).stdout.strip()
    expected = int(out)
    print(f"ffprobe frames: {expected}, browser decoded: {r.get('totalVideoFrames')}")
    ok = ok and r.get("totalVideoFrames") == expected
except (FileNotFoundError, subprocess.CalledProcessError, ValueError):
    pass
sys.exit(0 if ok else 1)
PY
