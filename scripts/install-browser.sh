#!/bin/sh
# Install Debian's chromium for the browser tests (tests/web, marker `browser`).
# Never runs `playwright install`: Playwright drives /usr/bin/chromium from the distribution.
# Does nothing when /usr/bin/chromium exists; needs root (apt-get) otherwise, and exits 0
# without installing when not root (the browser tests then skip and say why).
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "install-browser: /usr/bin/chromium is missing and we are not root;" \
         "run 'sudo apt-get install chromium' (the browser tests will be skipped)" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install chromium at /usr/bin/chromium by hand" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
    echo "install-browser: apt-get could not install chromium (the browser tests will be skipped)" >&2
    exit 0
fi
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
