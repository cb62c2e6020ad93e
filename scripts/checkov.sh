#!/usr/bin/env bash
# Runs the real checkov scanner (pinned in tools/requirements.txt) over the synthesized cloud and edge stacks.
#
#   scripts/checkov.sh [STACK...]      default: babylon edge coruscant
#
# Passes only if checkov reports zero failed checks and zero parsing errors, with the skips of checkov-skips.yaml
# (each check once, with its reason). Fails — never passes silently — when checkov is missing, a stack has not been
# synthesized, a skip has no reason or is listed twice, or a stack yields no checks at all.
#
# checkov 3.3.30's terraform_json parser rejects scalar attributes directly under the `terraform` block
# ("this method receives only dicts" on required_version), so each stack is scanned from a temporary copy without
# those scalars; resources, data sources, providers, backend and encryption are scanned as synthesized.
# checkov does not expand dynamic blocks over unknown (secret) lists: the coruscant security list's SSH rules (one per
# admin CIDR) are asserted by __tests__/constructs/oci-bastion.test.ts instead.
# Env: HOMELAB_TOOLS_DIR (see scripts/tools-env.sh), STACKS_DIR (default <repo>/tofu-out/stacks).
# Exit: 0 clean; 1 failed checks / parsing errors / bad skip file; 2 setup problem (checkov or a stack missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
STACKS_DIR="${STACKS_DIR:-$ROOT/tofu-out/stacks}"
SKIPS="$ROOT/checkov-skips.yaml"

if ! homelab_require_tools checkov; then echo "checkov: FAILED (checkov is not installed: nothing was scanned)" >&2; exit 2; fi
if [ $# -gt 0 ]; then stacks=("$@"); else stacks=(babylon edge coruscant); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/homelab-checkov.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Skip list → comma-separated ids; rejects entries without a reason and duplicates (scripts/lib/checkov.ts).
skip_ids="$(node "$ROOT/scripts/run-ts.js" scripts/lib/checkov.ts skips "$SKIPS")" || { echo "checkov: FAILED (bad skip file $SKIPS)" >&2; exit 1; }

for s in "${stacks[@]}"; do
  src="$STACKS_DIR/$s/cdk.tf.json"
  if [ ! -f "$src" ]; then echo "checkov: FAILED ($src missing: run npm run synth)" >&2; exit 2; fi
  mkdir -p "$work/scan/$s"
  node "$ROOT/scripts/run-ts.js" scripts/lib/checkov.ts prepare "$src" "$work/scan/$s/cdk.tf.json"
done

# No network: no guideline download, no platform mapping.
export BC_SKIP_MAPPING=TRUE
args=(--framework terraform_json --skip-download -o json --output-file-path "$work/report")
[ -n "$skip_ids" ] && args+=(--skip-check "$skip_ids")
set +e
(cd "$work/scan" && checkov -d . "${args[@]}" >"$work/checkov.log" 2>&1)
rc=$?
set -e

# checkov's exit code decides; the report is read only to refuse a scan that checked nothing or could not parse.
node "$ROOT/scripts/run-ts.js" scripts/lib/checkov.ts report "$work/report/results_json.json" "$work/scan" "${stacks[@]}" || rc=1
if [ ! -f "$work/report/results_json.json" ]; then head -n 40 "$work/checkov.log" >&2; fi
if [ "$rc" = 0 ]; then echo "checkov: passed (skips: ${skip_ids:-none}, reasons in checkov-skips.yaml)"; else echo "checkov: FAILED" >&2; fi
exit "$rc"
