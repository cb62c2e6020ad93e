#!/usr/bin/env bash
# Refuses an Ansible Vault file in git that is not encrypted: every vault file (ansible/group_vars/**/vault*.yml,
# ansible/host_vars/**/vault*.yml) in the git index must start with `$ANSIBLE_VAULT;`. The real vault is ignored
# (.gitignore) and should never be committed at all; this catches a `git add -f` of a decrypted copy.
#   scripts/vault-guard.sh            every tracked vault file (tests, CI)
#   scripts/vault-guard.sh --staged   the vault files of the commit being made (pre-commit hook: task hooks:install)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
case "${1:-}" in
  --staged) files="$(git diff --cached --name-only --diff-filter=ACMR)" ;;
  "") files="$(git ls-files)" ;;
  *) echo "vault-guard: usage: $0 [--staged]" >&2; exit 2 ;;
esac
bad=0
checked=0
while IFS= read -r f; do
  case "$f" in
    ansible/group_vars/*vault*.yml|ansible/group_vars/*vault*.yaml|ansible/host_vars/*vault*.yml|ansible/host_vars/*vault*.yaml) ;;
    *) continue ;;
  esac
  checked=$((checked + 1))
  # The staged content, not the working file: that is what the commit would publish.
  first=$(git show ":$f" | sed -n 1p)   # sed reads to the end: no SIGPIPE for git show
  if [ "${first:0:14}" != '$ANSIBLE_VAULT' ]; then
    echo "vault-guard: $f is not encrypted — it would publish every secret of the homelab. Fix: git rm --cached $f (it is ignored; keep it outside git), or encrypt it: ansible-vault encrypt $f" >&2
    bad=1
  fi
done <<<"$files"
if [ "$bad" != 0 ]; then exit 1; fi
echo "vault-guard: $checked vault file(s) in the index, all encrypted"
