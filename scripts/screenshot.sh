#!/usr/bin/env bash
# scripts/screenshot.sh IN.ansi OUT.png [--cols N] [--rows N] [--font-size PX] [--pad PX]
# A terminal capture (tmux capture-pane -p -e) → PNG: scripts/ansi-to-html.mjs lays it out on a
# fixed grid and headless Chromium photographs the page. Offline; needs Debian's chromium and
# fonts-dejavu-core (apt-get install -y chromium fonts-dejavu-core).
set -euo pipefail

if (($# < 2)); then
  sed -n '2,5p' "$0" >&2
  exit 2
fi
in=$1 out=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n $browser ]] || { echo "screenshot: chromium not found (apt-get install -y chromium fonts-dejavu-core)" >&2; exit 127; }
fc-list 2>/dev/null | grep -q 'DejaVu Sans Mono' ||
  echo "screenshot: warning: DejaVu Sans Mono is not installed; the grid will not line up (apt-get install -y fonts-dejavu-core)" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/coffer-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT

size=$(node "$here/ansi-to-html.mjs" "$in" "$work/screen.html" "$@")
width=$(node -p "JSON.parse(process.argv[1]).width" "$size")
height=$(node -p "JSON.parse(process.argv[1]).height" "$size")

mkdir -p "$(dirname "$out")"
out_abs=$(realpath -m "$out")
rm -f "$out_abs"
# Everything that would reach for the network is off: this machine has none, and each attempt
# costs time and log noise.
# No session bus for it either: under with-keyring it would start an accessibility bus there.
if ! env -u DBUS_SESSION_BUS_ADDRESS "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --disable-default-apps --disable-extensions \
  --no-first-run --no-default-browser-check --hide-scrollbars --force-device-scale-factor=1 \
  --user-data-dir="$work/profile" --window-size="$width,$height" \
  --screenshot="$out_abs" "file://$work/screen.html" >"$work/chromium.log" 2>&1 || [[ ! -s $out_abs ]]; then
  cat "$work/chromium.log" >&2
  echo "screenshot: chromium wrote no PNG" >&2
  exit 1
fi
echo "screenshot: $out ($(node -p "const s=JSON.parse(process.argv[1]); s.cols+'x'+s.rows+' cells, '+s.width+'x'+s.height+' px'" "$size"))" >&2
