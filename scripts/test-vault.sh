#!/usr/bin/env bash
# Prints the path of the encrypted test vault, (re)creating it when ansible/vault.example.yml changed: the example
# (generated from the secret catalogue, fake values only) encrypted with the test password of
# __tests__/fixtures/vault/. Made at test time, so a catalogue change never needs a hand re-encryption.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/tools-env.sh"
homelab_require_tools ansible-vault >&2
example="$ROOT/ansible/vault.example.yml"
password="$ROOT/__tests__/fixtures/vault/test-vault-password"
dir="$ROOT/.tmp/test-vault"
out="$dir/test-vault.yml"
want="$(cat "$example" "$password" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$out" ] || [ "$(cat "$dir/source.sha256" 2>/dev/null)" != "$want" ]; then
  mkdir -p "$dir"
  tmp="$(mktemp "$dir/.test-vault.XXXXXX")"
  ansible-vault encrypt --vault-password-file "$password" --output "$tmp" "$example" >/dev/null 2>&1 \
    || { rm -f "$tmp"; echo "test-vault: ansible-vault encrypt failed" >&2; exit 1; }
  mv -f "$tmp" "$out"
  printf '%s\n' "$want" > "$dir/source.sha256"
fi
printf '%s\n' "$out"
