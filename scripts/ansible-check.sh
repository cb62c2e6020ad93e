#!/usr/bin/env bash
# Real-tool checks of the Ansible layer (part of the test command; fails when a tool is missing):
#   1. ansible-inventory --list on the generated inventory: it parses, has every group hosts.yml declares, and no
#      host's ansible_host is a literal (each is a vault reference) — scripts/lib/ansible-inventory.ts
#   2. ansible-playbook --syntax-check on every playbook of ansible/ and on every role, in one start (ansible-syntax.sh)
#   3. ansible-lint, production profile (config: ansible/.ansible-lint), through scripts/ansible-lint.py: without its
#      own syntax check, ~45 ansible-playbook starts repeating step 2 one file at a time (34 of its 40 CPU-seconds)
# The vault round trip and secrets:check run in jest (__tests__/secrets/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
if ! homelab_require_tools ansible-inventory ansible-playbook ansible-lint; then
  echo "ansible-check: FAILED (tools missing: NOT VALIDATED)" >&2
  exit 1
fi
export ANSIBLE_CONFIG="$ROOT/ansible/ansible.cfg" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 NO_COLOR=1
unset ANSIBLE_VAULT_PASSWORD_FILE
cd "$ROOT/ansible"
failed=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

echo "ansible-check: ansible-inventory --list ($(ansible-inventory --version 2>/dev/null | sed -n 1p))"
if ansible-inventory -i inventory/hosts.yml --list >"$tmp/inventory.json" 2>"$tmp/inventory.err"; then
  node "$ROOT/scripts/run-ts.js" scripts/lib/ansible-inventory.ts check "$tmp/inventory.json" inventory/hosts.yml || failed=1
else
  cat "$tmp/inventory.err" >&2; failed=1
fi
if grep -q WARNING "$tmp/inventory.err" 2>/dev/null; then cat "$tmp/inventory.err" >&2; echo "ansible-check: ansible-inventory warned" >&2; failed=1; fi

# shellcheck source=scripts/ansible-playbooks.sh
. "$ROOT/scripts/ansible-playbooks.sh"
homelab_playbooks

# ansible-lint runs in the background beside the others (its output is printed at the end).
"$HOMELAB_TOOLS_DIR/venv/bin/python" "$ROOT/scripts/ansible-lint.py" --nocolor --offline --profile production "${playbooks[@]}" roles >"$tmp/lint.log" 2>&1 &
lint_pid=$!

bash "$ROOT/scripts/ansible-syntax.sh" "$ROOT/ansible" || failed=1

# Render every role template for every active host with the test vault (made from the example by test-vault.sh) (controller only, nothing is
# installed anywhere): each vault reference of the inventory and the templates must resolve.
echo "ansible-check: rendering the role templates with the test vault"
TEST_VAULT="$(bash "$ROOT/scripts/test-vault.sh")"
mkdir -p "$tmp/render"
ln -s "$ROOT/ansible/group_vars" "$tmp/render/group_vars"
ln -s "$ROOT/ansible/roles" "$tmp/render/roles"
cp "$ROOT/__tests__/fixtures/ansible/render.yml" "$tmp/render/render.yml"
if ansible-playbook -i inventory/hosts.yml "$tmp/render/render.yml" \
    -e "@$TEST_VAULT" --vault-password-file "$ROOT/__tests__/fixtures/vault/test-vault-password" \
    -e "render_dir=$tmp/out" -e "homelab_repo_root=$ROOT" -e 'ansible_python_interpreter={{ ansible_playbook_python }}' >"$tmp/render.log" 2>&1; then
  node "$ROOT/scripts/ansible-render-assert.js" "$tmp/out.json" "$tmp/out" || failed=1
  # The rendered host firewalls, checked by the real nft parser (Debian package nftables).
  if command -v nft >/dev/null 2>&1; then
    n=0
    for f in "$tmp"/out/*/nftables.conf; do
      if nft -c -f "$f" 2>"$tmp/nft.err"; then n=$((n + 1)); else echo "ansible-check: nft rejects $(basename "$(dirname "$f")")/nftables.conf:" >&2; cat "$tmp/nft.err" >&2; failed=1; fi
    done
    echo "ansible-check: nft -c accepts $n rendered host firewalls"
  else
    echo "ansible-check: NOT VALIDATED: nft is not installed (apt-get install nftables): the rendered host firewalls were not parsed" >&2
    if [ -n "${CI:-}" ]; then failed=1; fi
  fi
else
  grep -E 'fatal|ERROR' "$tmp/render.log" >&2 || tail -30 "$tmp/render.log" >&2
  echo "ansible-check: rendering FAILED" >&2; failed=1
fi

echo "ansible-check: ansible-lint --profile production (ran in the background):"
if wait "$lint_pid"; then
  cat "$tmp/lint.log"
else
  cat "$tmp/lint.log"; echo "ansible-check: ansible-lint FAILED" >&2; failed=1
fi

if [ "$failed" != 0 ]; then echo "ansible-check: FAILED" >&2; exit 1; fi
echo "ansible-check: ${#playbooks[@]} playbooks, inventory and lint: all passed"
