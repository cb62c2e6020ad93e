#!/usr/bin/env bash
# Validates every synthesized OpenTofu stack with the real `tofu validate`,
# using providers from the local filesystem mirror built by scripts/tools.sh.
#
#   scripts/validate.sh [STACK...]      default: every tofu-out/stacks/*/ with cdk.tf.json
#
# Per stack it prints exactly one status line, then details indented:
#   <stack>: valid (<what validated it>)   e.g. (proxmox <version>) or, for a trimmed
#                                          build, (cloudflare <version>, 4 of 225 services built)
#   <stack>: valid (…) with warnings
#   <stack>: INVALID                       tofu validate reported errors (listed below it)
#   <stack>: INIT FAILED                   tofu init failed (output below it)
#   <stack>: NOT VALIDATED (provider <ns>/<type> <ver> not in mirror: <reason>)
#   <stack>: NOT VALIDATED (<ns>/<type> <ver> was built without <types> …)
#                                          a trimmed build (scripts/tools.sh) that
#                                          lacks a type the stack now uses
# and at the end:  validate: N valid, M errors, K NOT VALIDATED
# A NOT VALIDATED stack is never counted as a pass.
#
# Env: HOMELAB_TOOLS_DIR   tools cache (default $HOME/.cache/homelab-platform-stack)
#      STACKS_DIR          default <repo>/tofu-out/stacks
#      VALIDATE_STRICT=1   also fail when a stack is NOT VALIDATED
#      VALIDATE_KEEP=1     keep the temporary work dirs (paths are printed)
#      VALIDATE_USE_REGISTRY=1  (machines with internet) providers missing from
#                          the mirror are downloaded by `tofu init` from their
#                          registry instead of making the stack NOT VALIDATED
# Exit: 0 no errors (and, with VALIDATE_STRICT=1, nothing NOT VALIDATED);
#       1 any INVALID / INIT FAILED stack (or NOT VALIDATED under strict);
#       2 setup problem (tofu missing, no stacks found).
# The repo is never written to: each stack is copied to a temp dir first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
STACKS_DIR="${STACKS_DIR:-$ROOT/tofu-out/stacks}"
MIRROR="$HOMELAB_TOOLS_DIR/mirror"
export TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

if ! homelab_require_tools tofu; then exit 2; fi
if ! command -v node >/dev/null; then echo "validate: node is required (to read cdk.tf.json)" >&2; exit 2; fi

stacks=()
if [ $# -gt 0 ]; then
  for s in "$@"; do stacks+=("$STACKS_DIR/${s%/}"); done
else
  for d in "$STACKS_DIR"/*/; do [ -f "$d/cdk.tf.json" ] && stacks+=("${d%/}"); done
fi
if [ ${#stacks[@]} = 0 ]; then
  echo "validate: no stacks with cdk.tf.json under $STACKS_DIR (run the synth first)" >&2
  exit 2
fi

# Prints one line per required provider (scripts/lib/provider-mirror.ts):
#   OK <host>/<ns>/<type> <version-in-mirror>
#   MISSING<TAB><ns>/<type><TAB><constraint><TAB><host>[<TAB>mirror has: ...]
check_providers() {
  node "$ROOT/scripts/run-ts.js" scripts/lib/provider-mirror.ts check "$1" "$MIRROR"
}

# Why a provider is not in the mirror (scripts/tools.sh builds the others).
missing_reason() {   # NS/TYPE
  case "$1" in
    hashicorp/aws) echo "not buildable here: the module proxy refuses hashicorp/aws and its source is too large to bring in (docs/TOOLING.md)" ;;
    cloudflare/cloudflare) echo "run npm run tools (built from ../shared/provider-src; log: $HOMELAB_TOOLS_DIR/logs/cloudflare.log)" ;;
    oracle/oci) echo "run npm run tools (built from ../shared/provider-src; log: $HOMELAB_TOOLS_DIR/logs/oci.log)" ;;
    *) echo "run npm run tools" ;;
  esac
}

n_valid=0; n_err=0; n_unval=0
tmp_root="$(mktemp -d "${TMPDIR:-/tmp}/homelab-validate.XXXXXX")"
cleanup() { if [ "${VALIDATE_KEEP:-0}" = 1 ]; then echo "validate: kept $tmp_root"; else rm -rf "$tmp_root"; fi; }
trap cleanup EXIT

indent() { sed 's/^/    /'; }

for dir in "${stacks[@]}"; do
  name="$(basename "$dir")"
  if [ ! -f "$dir/cdk.tf.json" ]; then
    echo "$name: INVALID"; echo "no cdk.tf.json in $dir" | indent; n_err=$((n_err + 1)); continue
  fi
  if ! prov="$(check_providers "$dir/cdk.tf.json" 2>&1)"; then
    echo "$name: INVALID"; printf '%s\n' "$prov" | indent; n_err=$((n_err + 1)); continue
  fi
  missing="$(printf '%s\n' "$prov" | grep '^MISSING' || true)"
  if [ -n "$missing" ] && [ "${VALIDATE_USE_REGISTRY:-0}" = 1 ]; then
    printf '%s\n' "$missing" | awk -F'\t' -v n="$name" '{print "validate: " n ": " $2 " " $3 " not in mirror: tofu init fetches it from its registry"}' >&2
  elif [ -n "$missing" ]; then
    first="$(awk -F'\t' 'NR==1 {print $2" "$3}' <<<"$missing")"
    echo "$name: NOT VALIDATED (provider $first not in mirror: $(missing_reason "${first%% *}"))"
    printf '%s\n' "$missing" | awk -F'\t' '{ printf "missing: %s %s (%s)", $2, $3, $4; if ($5 != "") printf "; %s", $5; print "" }' | indent
    n_unval=$((n_unval + 1)); continue
  fi

  # Trimmed provider builds (scripts/tools.sh): they must serve every type the stack uses.
  if ! cov="$(node "$ROOT/scripts/provider-trim.js" check --stack "$dir/cdk.tf.json" --manifests "$HOMELAB_TOOLS_DIR/stamps" 2>&1)"; then
    echo "$name: INVALID"; printf '%s\n' "$cov" | indent; n_err=$((n_err + 1)); continue
  fi
  stale="$(printf '%s\n' "$cov" | awk -F'\t' '$1 == "stale" { print $3 }')"
  if [ -n "$stale" ]; then
    echo "$name: NOT VALIDATED (${stale%%$'\n'*})"
    n_unval=$((n_unval + 1)); continue
  fi
  # What validates it: "<type> <version>" per provider, or the trimmed build's description.
  via="$(printf '%s\n' "$prov" | awk -v cov="$cov" '
    BEGIN { n = split(cov, l, "\n"); for (i = 1; i <= n; i++) { split(l[i], f, "\t"); if (f[1] == "built") built[f[2]] = f[3] } }
    $1 == "OK" { split($2, p, "/"); key = p[2] "/" p[3]; out = out (out == "" ? "" : "; ") (key in built ? built[key] : p[3] " " $3) }
    END { print out }')"

  work="$tmp_root/$name"
  mkdir -p "$work"
  cp -a "$dir/." "$work/"
  rm -rf "$work/.terraform" "$work/.terraform.lock.hcl" "$work"/*.tfstate "$work"/*.tfstate.*

  if ! out="$(tofu -chdir="$work" init -backend=false -input=false -no-color 2>&1)"; then
    echo "$name: INIT FAILED"; printf '%s\n' "$out" | indent; n_err=$((n_err + 1)); continue
  fi
  if out="$(tofu -chdir="$work" validate -no-color 2>&1)"; then
    if [[ $'\n'"$out" == *$'\n'Warning:* ]]; then
      echo "$name: valid ($via) with warnings"; printf '%s\n' "$out" | indent
    else
      echo "$name: valid ($via)"
    fi
    n_valid=$((n_valid + 1))
  else
    echo "$name: INVALID"; printf '%s\n' "$out" | indent
    n_err=$((n_err + 1))
  fi
done

echo "validate: $n_valid valid, $n_err errors, $n_unval NOT VALIDATED"
if [ "$n_unval" -gt 0 ]; then
  echo "validate: WARNING: $n_unval stack(s) NOT VALIDATED, for the reasons above: their providers are missing from $MIRROR or were built without a type they use (run scripts/tools.sh; docs/TOOLING.md \"Providers\" lists the ones that cannot be built here)" >&2
fi
[ "$n_err" = 0 ] || exit 1
if [ "${VALIDATE_STRICT:-0}" = 1 ] && [ "$n_unval" -gt 0 ]; then exit 1; fi
exit 0
