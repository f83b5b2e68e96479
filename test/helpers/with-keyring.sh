#!/usr/bin/env bash
# with-keyring.sh CMD [ARGS...]
# Runs CMD against a real but throwaway OS keychain: a private D-Bus session bus with an
# unlocked gnome-keyring (the freedesktop Secret Service) whose files live in a temp dir.
# The user's own keyring is never touched: HOME and the XDG dirs point into that temp dir.
# Sets COFFER_TEST_KEYRING=1 so keychain tests know they have one. Exit status is CMD's.
set -uo pipefail

(($#)) || { echo "usage: with-keyring.sh CMD [ARGS...]" >&2; exit 2; }
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || {
    echo "with-keyring.sh: $tool not found (apt-get install -y dbus gnome-keyring libsecret-1-0)" >&2
    exit 127
  }
done

root=$(mktemp -d "${TMPDIR:-/tmp}/coffer-keyring.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{home,config,data,cache,state,run}
chmod 700 "$root/run"

inner='
  # The daemon reads the login password on stdin; --foreground so it dies with us.
  echo -n coffer-test-keyring | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>&1 &
  daemon=$!
  for _ in $(seq 200); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.05
  done
  "$@"; rc=$?
  kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null
  exit $rc
'
# dbus-daemon complains it cannot raise its fd limit inside containers: harmless, filtered.
dbus-run-session -- env HOME="$root/home" XDG_CONFIG_HOME="$root/config" \
  XDG_DATA_HOME="$root/data" XDG_CACHE_HOME="$root/cache" XDG_STATE_HOME="$root/state" \
  XDG_RUNTIME_DIR="$root/run" COFFER_TEST_KEYRING=1 \
  bash -c "$inner" with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
