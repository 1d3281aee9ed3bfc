#!/usr/bin/env bash
# Runs every test. The print tests drive a real Chromium and read its PDFs with poppler
# and zbar, and the sheets need a CJK font; the accessibility tests drive Chromium from
# Node.js with axe-core. Missing packages are installed first (Debian or Ubuntu, as
# root), or named so you can install them yourself; the checker's npm packages are
# installed into scripts/a11y/node_modules from its lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || needed+=(chromium)
# (grep without -q: an early exit would fail the pipeline under pipefail)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || needed+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || needed+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || needed+=(zbar-tools)
command -v node >/dev/null 2>&1 || needed+=(nodejs)
command -v npm >/dev/null 2>&1 || needed+=(npm)

if [ ${#needed[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing ${needed[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
    else
        echo "the tests need: ${needed[*]} (e.g. sudo apt-get install ${needed[*]})" >&2
        exit 1
    fi
fi

if [ ! -d scripts/a11y/node_modules/axe-core ] || [ ! -d scripts/a11y/node_modules/puppeteer-core ]; then
    echo "installing the accessibility checker's packages (npm ci --prefix scripts/a11y)"
    npm ci --prefix scripts/a11y --no-audit --no-fund --loglevel=error >/dev/null
fi

exec cargo test --locked "$@"
