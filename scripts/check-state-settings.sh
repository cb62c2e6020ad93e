#!/usr/bin/env bash
# Checks, with the real OpenTofu, the `terraform` settings every stack shares (stacks/base-stack.ts): the S3 backend in
# babylon and state/plan encryption. `tofu init -backend=false` + `tofu validate` look at neither, so per stack:
#
#   encryption  the stack's `terraform` block without backend and providers, applied (empty config, local state) with
#               a throwaway passphrase: the state file written must be encrypted (`encrypted_data`, no plain resources).
#   backend     `tofu init` with the stack's real backend block and dummy credentials: OpenTofu must decode the block
#               and get as far as calling AWS. Offline that call fails (no DNS); that is the expected stop. An
#               argument error (unknown attribute, bad type) fails the check. `max_retries=0` is added to the block
#               (a partial backend config): the AWS SDK would otherwise retry the refused call with backoff for ~17 s
#               per stack, waiting for nothing.
#
#   scripts/check-state-settings.sh [STACK...]     default: every tofu-out/stacks/*/cdk.tf.json
# Exit: 0 all accepted; 1 a stack rejected; 2 setup problem (tofu missing, no stacks). Never touches the repo or AWS state.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
STACKS_DIR="${STACKS_DIR:-$ROOT/tofu-out/stacks}"
export TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

if ! homelab_require_tools tofu; then echo "state-settings: NOT VALIDATED (tofu missing)" >&2; exit 2; fi
stacks=()
if [ $# -gt 0 ]; then for s in "$@"; do stacks+=("$STACKS_DIR/$s"); done
else for d in "$STACKS_DIR"/*/; do [ -f "$d/cdk.tf.json" ] && stacks+=("${d%/}"); done; fi
if [ ${#stacks[@]} = 0 ]; then echo "state-settings: no stacks under $STACKS_DIR (run npm run synth)" >&2; exit 2; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/homelab-state-settings.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Throwaway values: never real secrets, never leave $work.
passphrase="throwaway-passphrase-for-checks-only"
fail=0

# Writes <dir>/main.tf.json from a stack: mode "encryption" (no backend) or "backend" (backend + encryption)
# (scripts/lib/state-settings.ts).
extract() {
  node "$ROOT/scripts/run-ts.js" scripts/lib/state-settings.ts extract "$1" "$2" "$3"
}

for dir in "${stacks[@]}"; do
  name="$(basename "$dir")"
  # One passphrase per stack (model/secrets.ts stateEncryptionPassphrase): the variable is named after the stack.
  pass_env="TF_VAR_state_encryption_passphrase_${name}=$passphrase"
  # 1. encryption
  enc="$work/$name/encryption"
  if ! err="$(extract "$dir/cdk.tf.json" "$enc" encryption 2>&1)"; then echo "$name: REJECTED ($err)"; fail=1; continue; fi
  if ! out="$(cd "$enc" && env "$pass_env" tofu init -input=false -no-color 2>&1 \
      && env "$pass_env" tofu apply -auto-approve -input=false -no-color 2>&1)"; then
    echo "$name: encryption REJECTED"; printf '%s\n' "$out" | sed 's/^/    /'; fail=1; continue
  fi
  if ! node "$ROOT/scripts/run-ts.js" scripts/lib/state-settings.ts encrypted "$enc/terraform.tfstate" 2>/dev/null; then
    echo "$name: encryption REJECTED (state written in the clear)"; fail=1; continue
  fi
  # 2. backend
  be="$work/$name/backend"
  extract "$dir/cdk.tf.json" "$be" backend
  set +e
  # Every AWS endpoint points at a closed loopback port: the check never leaves this machine.
  out="$(cd "$be" && AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=dummy-for-schema-check AWS_EC2_METADATA_DISABLED=true \
    AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ENDPOINT_URL_STS=http://127.0.0.1:9 AWS_ENDPOINT_URL_S3=http://127.0.0.1:9 AWS_ENDPOINT_URL_IAM=http://127.0.0.1:9 \
    env "$pass_env" timeout 120 tofu init -input=false -no-color -backend-config=max_retries=0 2>&1)"
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    echo "$name: encryption ok (state encrypted), backend ok (initialized)"
  elif grep -Eq 'request send failed|connection refused|dial tcp 127.0.0.1:9' <<<"$out"; then
    echo "$name: encryption ok (state encrypted), backend ok (decoded; stopped at the AWS call: $(grep -Eo 'STS|S3' <<<"$out" | sed -n 1p || echo AWS) unreachable: endpoints on a closed loopback port)"
  else
    echo "$name: backend REJECTED"; printf '%s\n' "$out" | sed 's/^/    /'; fail=1
  fi
done
exit "$fail"
