#!/usr/bin/env bash
# Install Debian packages the kit uses outside Python (bubblewrap for the grading sandbox,
# chromium for browser tests). As root: apt-get directly; otherwise `sudo -n` if allowed.
# Exits non-zero when the packages could not be installed, so callers can warn.
set -u
[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }
if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "Tidak bisa memasang $* (butuh root atau sudo): jalankan 'sudo apt-get install $*'." >&2
  exit 1
fi
command -v apt-get >/dev/null 2>&1 || { echo "apt-get tidak ada: pasang $* secara manual." >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq >/dev/null && "${run[@]}" apt-get install -y -qq "$@" >/dev/null
