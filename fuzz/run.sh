#!/usr/bin/env bash
# Property-based fuzzing of the server binary, per role (see fuzz/README.md).
# Usage, from anywhere: bash fuzz/run.sh [pytest args...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${MINERIGHT_FUZZ_VENV:-$HOME/.cache/mineright-fuzz-venv}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# Pinned versions; a no-op (no download) when the venv already has them.
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"

cd "$repo"
export MINERIGHT_BIN="${MINERIGHT_BIN:-target/debug/mineright}"
# Hypothesis' caches live beside the venv, not in the work tree.
export HYPOTHESIS_STORAGE_DIRECTORY="${HYPOTHESIS_STORAGE_DIRECTORY:-$venv/hypothesis}"
exec "$venv/bin/python" -m pytest -q "$here" "$@"
