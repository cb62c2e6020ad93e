#!/usr/bin/env bash
# `npm run task -- <task> [VAR=value …] [-- args]`: go-task from the tool cache, for a shell where `task` is not on PATH
# (npm run tools links it into ~/.local/bin or /usr/local/bin when it can; docs/TOOLING.md "On PATH").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
homelab_require_tools task || exit 1
cd "$ROOT"
exec task "$@"
