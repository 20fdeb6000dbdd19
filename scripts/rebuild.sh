#!/usr/bin/env bash
# Rebuild the index from a folder of documents (default: seeds/), with a
# progress bar and a report of every document that could not be used.
# The live index is swapped only when the new one is complete.
#   scripts/rebuild.sh [SRC] [INDEX_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$(realpath "${1:-$ROOT/seeds}")"
INDEX="$(realpath -m "${2:-$ROOT/index}")"
cd "$ROOT"
make --no-print-directory .venv/bin/.installed >/dev/null
exec .venv/bin/searchapp build "$SRC" --index "$INDEX"
