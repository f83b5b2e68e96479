#!/usr/bin/env bash
# scripts/screenshots.sh [--selftest] [--list] [--out DIR] [SCENE...]
# Regenerates screenshots/*.png from the scenes in scripts/screenshots/scenes.mjs, driving the
# built program (npm run screenshots builds first) in tmux against a throwaway keyring.
# Needs tmux, gnome-keyring, chromium and fonts-dejavu-core.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${COFFER_TEST_KEYRING-} != 1 ]]; then
  exec bash "$root/test/helpers/with-keyring.sh" bash "$root/scripts/screenshots.sh" "$@"
fi
exec node "$root/scripts/screenshots.mjs" "$@"
