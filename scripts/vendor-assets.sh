#!/usr/bin/env bash
# Copies pinned front-end assets from npm into static/vendor (committed; no CDN at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --silent --no-audit --no-fund
cp node_modules/htmx.org/dist/htmx.min.js "static/vendor/htmx-$(node -p 'require("htmx.org/package.json").version').min.js"
