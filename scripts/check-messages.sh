#!/usr/bin/env bash
# The English catalogue must compile, and the committed .mo must match its .po.
set -euo pipefail
cd "$(dirname "$0")/.."
for po in locale/*/LC_MESSAGES/*.po; do
  tmp=$(mktemp)
  msgfmt --check -o "$tmp" "$po"
  if ! cmp -s "$tmp" "${po%.po}.mo"; then
    echo "${po%.po}.mo eski: 'make messages' çalıştırın." >&2; rm -f "$tmp"; exit 1
  fi
  rm -f "$tmp"
done
