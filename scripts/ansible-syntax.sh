#!/usr/bin/env bash
# `ansible-playbook --syntax-check` of every playbook of an Ansible directory and of every role in it, in ONE start
# (a start costs seconds): the roles through a scratch playbook that imports each of them, so a role no playbook uses is
# loaded too. Only when that start fails, the files are checked one by one to name the culprit.
# scripts/ansible-check.sh runs it on ansible/; ansible-lint's own per-file copy of this check is turned off there
# (scripts/ansible-lint.py). Usage: ansible-syntax.sh [ANSIBLE_DIR]   (default: ansible/ of this repository)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
homelab_require_tools ansible-playbook
dir="$(cd "${1:-$ROOT/ansible}" && pwd)"
export ANSIBLE_CONFIG="$dir/ansible.cfg" ANSIBLE_NOCOLOR=1
cd "$dir"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# shellcheck source=scripts/ansible-playbooks.sh
. "$ROOT/scripts/ansible-playbooks.sh"
homelab_playbooks
roles=()
for r in roles/*/; do r="${r%/}"; roles+=("${r#roles/}"); done
every_role="$tmp/every-role.yml"
# Names and paths as single-quoted YAML scalars (a quote inside is doubled).
quoted() { local q="'"; printf "'%s'" "${1//$q/$q$q}"; }
{
  printf -- '---\n- name: %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n' "$(quoted "Every role of $dir/roles (syntax check only)")"
  for r in "${roles[@]}"; do
    printf '    - name: %s\n      ansible.builtin.import_role:\n        name: %s\n' "$(quoted "Role $r")" "$(quoted "$dir/roles/$r")"
  done
} >"$every_role"

if ansible-playbook --syntax-check "${playbooks[@]}" "$every_role" >"$tmp/syntax.out" 2>&1; then
  echo "ansible-syntax: ok: ${#playbooks[@]} playbooks (${playbooks[*]}) and ${#roles[@]} roles"
  exit 0
fi
named=0
for p in "${playbooks[@]}" "$every_role"; do
  if ! ansible-playbook --syntax-check "$p" >"$tmp/one.out" 2>&1; then
    named=1
    cat "$tmp/one.out" >&2
    if [ "$p" = "$every_role" ]; then echo "ansible-syntax: FAILED: a role (above: the file it names)" >&2; else echo "ansible-syntax: FAILED: $p" >&2; fi
  fi
done
# Each file alone passed, all of them together did not: the combined run's own output says why.
if [ "$named" = 0 ]; then cat "$tmp/syntax.out" >&2; echo "ansible-syntax: FAILED: the playbooks together (each passes alone)" >&2; fi
exit 1
