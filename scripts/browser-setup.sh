#!/usr/bin/env bash
# The browser the dashboard's tests drive (playwright-core with Debian's Chromium: no browser
# download). Idempotent: nothing to do when /usr/bin/chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
