#!/usr/bin/env bash
# `npm run test:roles`: every Ansible role converged, checked for idempotence and verified on throwaway Debian hosts
# (podman + systemd), planted failures, and site.yml end to end on containers named like a fixture model's guests.
# Details and options: scripts/test-roles.py (--only roles|site, --keep; ROLES=a,b; ROLES_TEST_ID). Needs root and the
# `roles-image` item of `npm run tools` (podman, debootstrap, runc, the image and restic). docs/TOOLING.md "Role tests".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
if ! homelab_require_tools ansible-playbook; then echo "test-roles: FAILED (tools missing: NOT RUN)" >&2; exit 1; fi
if [ "$(id -u)" != 0 ]; then echo "test-roles: FAILED: needs root (rootful podman with systemd containers): NOT RUN" >&2; exit 1; fi
for t in podman runc dpkg-deb bzip2; do
  command -v "$t" >/dev/null || { echo "test-roles: FAILED: $t is not installed — fix: npm run tools (item roles-image installs it): NOT RUN" >&2; exit 1; }
done
exec "$HOMELAB_TOOLS_DIR/venv/bin/python" "$ROOT/scripts/test-roles.py" "$@"
