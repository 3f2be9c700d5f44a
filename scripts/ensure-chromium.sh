#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (test tools cannot download browsers here).
# Installs it when missing and we are root; otherwise says how.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "== installing Debian's chromium (and CJK fonts) for the browser tests"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
	exit 0
fi
echo "Browser tests need Debian's Chromium at $CHROMIUM_PATH." >&2
echo "Install it with:  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk" >&2
echo "(or point CHROMIUM_PATH at another Chromium build)" >&2
exit 1
