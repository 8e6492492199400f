#!/usr/bin/env bash
# Run a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service),
# so the keyring tests exercise what users have. Reuses the caller's session when one is already set up
# by .ci/run.
set -euo pipefail
if [ -n "${HUNYUAN_KEYRING_READY:-}" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring)" >&2
  exit 1
fi
export HUNYUAN_KEYRING_READY=1
# A throw-away keyring directory: never touches (or is blocked by) the user's own login keyring.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export KEYRING_HOME="$keyring_home"
dbus-run-session -- bash -c '
  printf "test-keyring-password" | XDG_DATA_HOME="$KEYRING_HOME" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"
' with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
