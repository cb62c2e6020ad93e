#!/usr/bin/env bash
# `npm run lint:workflows`: actionlint over .github/workflows (the owner's CI), with the pinned actionlint of the tool cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/tools-env.sh"
homelab_require_tools actionlint
cd "$ROOT"
files=(.github/workflows/*.yaml)
actionlint -no-color "${files[@]}"
echo "lint:workflows: actionlint $(actionlint -version | head -n1) found no problem in ${#files[@]} workflow(s)"
