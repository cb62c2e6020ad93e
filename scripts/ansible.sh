#!/usr/bin/env bash
# `task ansible:playbook PLAYBOOK=<name> [-- ansible-playbook args]`: runs ansible/<name>.yml with the generated
# inventory. Ansible reads the vault itself (ansible/group_vars/all/vault.yml) with the password file from
# HOMELAB_VAULT_PASSWORD_FILE (default ~/.config/homelab-platform-stack/vault-password).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
homelab_require_tools ansible-playbook || exit 2

playbook="${1:-}"; shift || true
playbook="${playbook%.yml}"
if [ -z "$playbook" ] || [ ! -f "$ROOT/ansible/$playbook.yml" ] || [ "$playbook" = vault.example ]; then
  echo "ansible: PLAYBOOK must be one of: $(cd "$ROOT/ansible" && ls -1 ./*.yml | sed 's|^\./||; s|\.yml$||' | grep -v '^vault' | tr '\n' ' ')" >&2
  exit 2
fi
password_file="${HOMELAB_VAULT_PASSWORD_FILE:-${ANSIBLE_VAULT_PASSWORD_FILE:-$HOME/.config/homelab-platform-stack/vault-password}}"
[ -f "$password_file" ] || { echo "ansible: vault password file $password_file does not exist (or set HOMELAB_VAULT_PASSWORD_FILE)" >&2; exit 1; }
export ANSIBLE_VAULT_PASSWORD_FILE="$password_file" ANSIBLE_CONFIG="$ROOT/ansible/ansible.cfg"
cd "$ROOT/ansible"
exec ansible-playbook "$playbook.yml" "$@"
