#!/usr/bin/env bash
# Real-tool checks of the synthesized k8s/ tree (run after `npm run synth`):
#   1. kustomize build of every Flux path (k8s/clusters/<cluster> and the spec.path of every Flux Kustomization, which
#      the clusters' builds include from each app's ks.yaml) — zero errors;
#   2. kubeconform -strict of what those builds emit, against the Kubernetes JSON schemas shipped by the PyPI package
#      kubernetes-validate (offline) for 1.28 (cdk8s-plus-28's API) and the cluster's version (homelab.ts), plus the
#      CRD schemas converted from ../shared/crds by scripts/crd-schemas.js — zero errors, zero skipped, counts per kind;
#   3. checkov's Kubernetes checks over k8s/, with the skipped checks justified in scripts/checkov-k8s.yaml.
# A missing tool or schema fails the check (exit 2): nothing is ever passed silently.
#   scripts/k8s-check.sh          Env: HOMELAB_TOOLS_DIR, CRDS_DIR (default ../shared/crds or /work/shared/crds)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools-env.sh
. "$ROOT/scripts/tools-env.sh"
K8S="$ROOT/k8s"
CRDS_DIR="${CRDS_DIR:-$ROOT/../shared/crds}"
[ -d "$CRDS_DIR" ] || CRDS_DIR=/work/shared/crds

fail_setup() { echo "k8s-check: NOT VALIDATED: $*" >&2; exit 2; }

homelab_require_tools kubeconform kustomize checkov || fail_setup "tools missing (see above)"
command -v python3 >/dev/null || fail_setup "python3 is required"
command -v node >/dev/null || fail_setup "node is required"
[ -d "$CRDS_DIR" ] || fail_setup "CRD directory $CRDS_DIR not found"
[ -d "$K8S" ] || fail_setup "$K8S not found: run npm run synth first"

KV_DIR="$("$HOMELAB_TOOLS_DIR/venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema"))' 2>/dev/null)" \
  || fail_setup "python package kubernetes-validate is not in $HOMELAB_TOOLS_DIR/venv"

# Kubernetes versions: cdk8s-plus-28's API and every cluster version of the model (v1.31.6+k3s1 → 1.31.0).
CLUSTER_VERSIONS_OUT="$(node "$ROOT/scripts/run-ts.js" scripts/lib/k8s-versions.ts cluster-versions)" || fail_setup "no cluster version found in homelab.ts"
mapfile -t CLUSTER_VERSIONS <<<"$CLUSTER_VERSIONS_OUT"
[ "${#CLUSTER_VERSIONS[@]}" -gt 0 ] || fail_setup "no cluster version found in homelab.ts"
VERSIONS=(1.28.0 "${CLUSTER_VERSIONS[@]}")
for v in "${VERSIONS[@]}"; do [ -d "$KV_DIR/v$v-local-strict" ] || fail_setup "no schemas for Kubernetes $v in $KV_DIR"; done

work="$(mktemp -d "${TMPDIR:-/tmp}/k8s-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
node "$ROOT/scripts/crd-schemas.js" "$CRDS_DIR" "$work/crd-schemas" >/dev/null || fail_setup "CRD schema conversion failed"

# 1. kustomize build of every Flux path: the clusters' roots, and every spec.path of a Flux Kustomization in the tree.
errors=0; built=0
paths_rc=0
node "$ROOT/scripts/run-ts.js" scripts/lib/flux-paths.ts > "$work/flux-paths" 2> "$work/flux-paths.err" || paths_rc=$?
mapfile -t DIRS < "$work/flux-paths"
[ "$paths_rc" != 2 ] && [ "${#DIRS[@]}" -gt 0 ] || fail_setup "no Flux path found: $(cat "$work/flux-paths.err")"
if [ "$paths_rc" != 0 ]; then sed 's/^/kustomize: /' "$work/flux-paths.err"; errors=$((errors + 1)); fi
for d in "${DIRS[@]}"; do
  rel="${d#"$ROOT"/}"
  out="$work/build/$rel.yaml"; mkdir -p "$(dirname "$out")"
  if kustomize build "$d" > "$out" 2> "$work/err"; then built=$((built + 1)); else echo "kustomize: $rel: FAILED"; sed 's/^/    /' "$work/err"; errors=$((errors + 1)); fi
done
echo "kustomize build: $built of ${#DIRS[@]} Flux paths built, $errors errors"

# 2. kubeconform, once per Kubernetes version.
mapfile -t BUILT < <(find "$work/build" -name '*.yaml' | sort)
# A canary the validation must reject (unknown fields in a built-in kind and in a CRD kind): proves the schemas load
# and -strict bites, so a permissive or broken schema set cannot pass the real manifests silently.
cat > "$work/canary.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: canary}
spec:
  notAField: true
  selector: {matchLabels: {app: canary}}
  template: {metadata: {labels: {app: canary}}, spec: {containers: [{name: c, image: "x:1"}]}}
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: canary}
spec: {notAField: true, routes: [{kind: Rule, match: "Host(`a`)"}]}
YAML
node "$ROOT/scripts/k8s-schemas.js" "$KV_DIR" "$work/k8s-schemas" "${VERSIONS[@]}" -- "${BUILT[@]}" "$work/canary.yaml" >/dev/null || fail_setup "Kubernetes schema preparation failed"
SCHEMA_ARGS=(-schema-location "$work/k8s-schemas/{{ .NormalizedKubernetesVersion }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
             -schema-location "$work/crd-schemas/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")
for v in "${VERSIONS[@]}"; do
  canary="$(kubeconform -strict -kubernetes-version "$v" -summary "${SCHEMA_ARGS[@]}" "$work/canary.yaml" 2>&1 || true)"
  grep -q 'Invalid: 2, Errors: 0' <<<"$canary" || fail_setup "kubeconform $v did not reject the canary's unknown fields: $canary"
done
for v in "${VERSIONS[@]}"; do
  kubeconform -strict -kubernetes-version "$v" -output json -verbose "${SCHEMA_ARGS[@]}" "${BUILT[@]}" > "$work/kc-$v.json" || true
  if ! python3 - "$work/kc-$v.json" "$v" <<'PY'
import json, sys, collections
path, version = sys.argv[1], sys.argv[2]
try:
    data = json.load(open(path))
except Exception as e:
    print(f"kubeconform {version}: NOT VALIDATED: unreadable output ({e})"); sys.exit(2)
res = data.get("resources", [])
# The same object appears in the build of its own path and in no other: count each once.
by_kind = collections.Counter(); bad = []; seen = set()
for r in res:
    key = (r.get("kind"), r.get("name"), r.get("filename"))
    if key in seen: continue
    seen.add(key)
    status = r.get("status")
    by_kind[(r.get("kind") or "?", status)] += 1
    if status != "statusValid":
        bad.append(r)
kinds = sorted({k for k, _ in by_kind})
total = sum(by_kind.values())
valid = sum(n for (k, s), n in by_kind.items() if s == "statusValid")
skipped = sum(n for (k, s), n in by_kind.items() if s == "statusSkipped")
print(f"kubeconform -strict Kubernetes {version}: {total} objects, {valid} valid, {total - valid - skipped} invalid, {skipped} skipped")
for k in kinds:
    n = sum(c for (kk, s), c in by_kind.items() if kk == k)
    ok = by_kind.get((k, "statusValid"), 0)
    print(f"    {k:<26} {n:>3} ({ok} valid)")
for r in bad:
    print(f"    {r.get('status')}: {r.get('filename')}: {r.get('kind')}/{r.get('name')}: {r.get('msg')}")
sys.exit(1 if bad or total == 0 else 0)
PY
  then errors=$((errors + 1)); fi
done

# 3. checkov's Kubernetes checks (skips justified in scripts/checkov-k8s.yaml).
if checkov --config-file "$ROOT/scripts/checkov-k8s.yaml" -d "$work/build" > "$work/checkov.txt" 2>&1; then
  grep -E '^(Passed|Failed|Skipped) checks' "$work/checkov.txt" | sed 's/^/checkov: /' || true
else
  rc=$?
  echo "checkov: FAILED (exit $rc)"; grep -E '^(Passed|Failed|Skipped) checks|^Check: |FAILED for resource|File: ' "$work/checkov.txt" | sed -n '1,200s/^/    /p' || true
  errors=$((errors + 1))
fi

if [ "$errors" -gt 0 ]; then echo "k8s-check: $errors failing step(s)"; exit 1; fi
echo "k8s-check: ok"
