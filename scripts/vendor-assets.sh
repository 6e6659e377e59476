#!/usr/bin/env bash
# Copies pinned front-end assets from npm into static/vendor (committed; no CDN at run time).
# vega-interpreter ships as an ES module with bare imports, which a strict CSP cannot load
# without an inline import map; esbuild bundles it once into a plain script.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --silent --no-audit --no-fund
version() { node -p "JSON.parse(require('fs').readFileSync('node_modules/$1/package.json')).version"; }
cp node_modules/htmx.org/dist/htmx.min.js "static/vendor/htmx-$(version htmx.org).min.js"
cp node_modules/vega/build/vega.min.js "static/vendor/vega-$(version vega).min.js"
node_modules/.bin/esbuild node_modules/vega-interpreter/build/vega-interpreter.js --bundle --minify \
  --format=iife --global-name=vegaInterpreter --log-level=warning \
  --outfile="static/vendor/vega-interpreter-$(version vega-interpreter).min.js"
