#!/usr/bin/env bash
# Installs what the tests need, only when missing: Debian's Chromium and axe-core (browser
# tests), pg_dump and pg_restore (the backup and restore tests on PostgreSQL), and pdftoppm
# (poppler) to turn the PDFs the suite writes into images for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  echo "Chromium kuruluyor (Debian paketi)…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
  echo "PostgreSQL istemci araçları kuruluyor (pg_dump, pg_restore)…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql-client >/dev/null
fi
if ! command -v pdftoppm >/dev/null; then
  echo "Poppler kuruluyor (pdftoppm)…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund
fi
