#!/usr/bin/env bash
# The secrets bridges (Taskfile: secrets:*, tofu:*). The vault is the only home of every secret; nothing here writes a
# secret into the repository.
#
#   scripts/secrets.sh check              decrypt the vault in memory, validate it against the model
#   scripts/secrets.sh edit               ansible-vault edit (creates the vault from ansible/vault.example.yml if absent)
#   scripts/secrets.sh plan  STACK [ARGS] tofu init + plan  with the stack's secrets in a 0600 temporary var-file
#   scripts/secrets.sh apply STACK [ARGS] tofu init + apply with the same var-file
#   scripts/secrets.sh sync  STACK        copy the stack's sensitive outputs (tunnel token, backup keys) into the vault
#   scripts/secrets.sh prune SOURCE       restic forget --prune of a restic backup source with the prune identity (a
#                                         person's job: no homelab host holds that key; keep policy HOMELAB_RESTIC_KEEP)
#
# The var-file lives in a private (0700) temporary directory under HOMELAB_SECRETS_TMPDIR (default /dev/shm when it
# exists, else TMPDIR), together with the stack's working copy; an EXIT/INT/TERM trap removes the directory whether
# tofu succeeds or fails. Env: HOMELAB_VAULT_FILE (default ansible/group_vars/all/vault.yml),
# HOMELAB_VAULT_PASSWORD_FILE (default ~/.config/homelab-platform-stack/vault-password).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"

cmd="${1:-}"; shift || true

password_file() {
  echo "${HOMELAB_VAULT_PASSWORD_FILE:-${ANSIBLE_VAULT_PASSWORD_FILE:-$HOME/.config/homelab-platform-stack/vault-password}}"
}

need() {
  homelab_require_tools "$@" || exit 2
}

# Private temporary directory removed on every exit path.
make_private_tmp() {
  local base="${HOMELAB_SECRETS_TMPDIR:-}"
  if [ -z "$base" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; else base="${TMPDIR:-/tmp}"; fi
  fi
  umask 077
  PRIVATE_TMP="$(mktemp -d "$base/homelab-secrets.XXXXXXXX")"
  trap 'rm -rf "$PRIVATE_TMP"' EXIT
  trap 'rm -rf "$PRIVATE_TMP"; exit 130' INT
  trap 'rm -rf "$PRIVATE_TMP"; exit 143' TERM
}

# Copies the synthesized stack into the private directory, writes its var-file and runs tofu init there.
prepare_stack() {
  local stack="$1"
  local src="$ROOT/tofu-out/stacks/$stack/cdk.tf.json"
  if [ ! -f "$src" ]; then
    echo "secrets: no stack \"$stack\" in tofu-out/stacks (run npm run synth; stacks: $(ls "$ROOT/tofu-out/stacks" | tr '\n' ' '))" >&2
    exit 2
  fi
  make_private_tmp
  WORK="$PRIVATE_TMP/work"
  VARFILE="$PRIVATE_TMP/secrets.tfvars.json"
  mkdir -p "$WORK"
  cp "$src" "$WORK/cdk.tf.json"
  node "$ROOT/scripts/secrets.js" tofu-vars "$stack" "$VARFILE"
  # The state backend's credentials go to tofu's environment through a pipe (OpenTofu refuses sensitive values in a
  # backend block, and nothing is written to disk): the state-only identity, or for babylon (which creates IAM
  # identities) the person's bootstrap profile — docs/SECURITY.md.
  local exports
  exports="$(node "$ROOT/scripts/secrets.js" backend-env "$stack")"
  eval "$exports"
  export TF_DATA_DIR="$PRIVATE_TMP/tf-data" TF_IN_AUTOMATION=1
  echo "secrets: tofu init ($stack)" >&2
  tofu -chdir="$WORK" init -input=false -var-file="$VARFILE"
}

case "$cmd" in
  check)
    need ansible-vault
    node "$ROOT/scripts/secrets.js" check "$@"
    ;;
  edit)
    need ansible-vault
    vault="${HOMELAB_VAULT_FILE:-$ROOT/ansible/group_vars/all/vault.yml}"
    pw="$(password_file)"
    [ -f "$pw" ] || { echo "secrets: vault password file $pw does not exist (create it, mode 0600, or set HOMELAB_VAULT_PASSWORD_FILE)" >&2; exit 1; }
    if [ ! -f "$vault" ]; then
      mkdir -p "$(dirname "$vault")"
      # The example holds only fake values; it is encrypted straight from the committed file.
      ansible-vault encrypt --vault-password-file "$pw" --output "$vault" "$ROOT/ansible/vault.example.yml"
      echo "secrets: created $vault from ansible/vault.example.yml: replace every FAKE value" >&2
    fi
    # ansible-vault edit decrypts into its own temporary file for the editor and shreds it afterwards: keep that
    # file in memory-backed /dev/shm when there is one.
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
    ansible-vault edit --vault-password-file "$pw" "$vault"
    node "$ROOT/scripts/secrets.js" check
    ;;
  plan|apply)
    stack="${1:-}"; shift || true
    [ -n "$stack" ] || { echo "secrets: usage: $0 $cmd STACK [tofu args]" >&2; exit 2; }
    need ansible-vault tofu
    prepare_stack "$stack"
    tofu -chdir="$WORK" "$cmd" -input=false -var-file="$VARFILE" "$@"
    ;;
  sync)
    stack="${1:-}"
    [ -n "$stack" ] || { echo "secrets: usage: $0 sync STACK" >&2; exit 2; }
    need ansible-vault tofu
    prepare_stack "$stack"
    # Outputs go through a pipe into the vault writer; they are never written to disk in clear.
    tofu -chdir="$WORK" output -json | node "$ROOT/scripts/secrets.js" sync "$stack"
    ;;
  prune)
    source_name="${1:-}"
    [ -n "$source_name" ] || { echo "secrets: usage: $0 prune SOURCE" >&2; exit 2; }
    need ansible-vault
    command -v restic >/dev/null || { echo "secrets: restic is not on PATH (install the release the restic_backup role pins)" >&2; exit 2; }
    exports="$(node "$ROOT/scripts/secrets.js" prune-env "$source_name")"
    eval "$exports"
    # shellcheck disable=SC2086 # the keep policy is a list of flags
    restic forget --prune ${HOMELAB_RESTIC_KEEP:---keep-daily 7 --keep-weekly 5 --keep-monthly 12}
    ;;
  *)
    sed -n '2,16p' "$0" >&2
    exit 2
    ;;
esac
