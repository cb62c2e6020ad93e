#!/usr/bin/env bash
# Regenerates the typed cdk8s CRD bindings in .gen/imports/ from the CRD files in ../shared/crds (offline,
# `cdk8s import`). One TypeScript file per API group: the CRDs of a group are imported together.
#   scripts/gen-crd-imports.sh            CRDS_DIR defaults to /work/shared/crds
# Only the CRDs the charts use are imported (each import adds to `tsc` time).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRDS_DIR="${CRDS_DIR:-$ROOT/../shared/crds}"
[ -d "$CRDS_DIR" ] || CRDS_DIR=/work/shared/crds
OUT="$ROOT/.gen/imports"
CDK8S="$ROOT/node_modules/.bin/cdk8s"

# group → CRD files (relative to CRDS_DIR)
declare -A GROUPS_=(
  [source.toolkit.fluxcd.io]="flux/source.toolkit.fluxcd.io_gitrepositories.yaml flux/source.toolkit.fluxcd.io_helmrepositories.yaml"
  [kustomize.toolkit.fluxcd.io]="flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml"
  [helm.toolkit.fluxcd.io]="flux/helm.toolkit.fluxcd.io_helmreleases.yaml"
  [traefik.io]="traefik/traefik.io_ingressroutes.yaml traefik/traefik.io_middlewares.yaml"
  [monitoring.coreos.com]="prometheus-operator/monitoring.coreos.com_servicemonitors.yaml"
  [velero.io]="velero/velero.io_backupstoragelocations.yaml velero/velero.io_schedules.yaml"
)

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT"
for group in $(printf '%s\n' "${!GROUPS_[@]}" | sort); do
  src="$tmp/$group.yaml"; : > "$src"
  for f in ${GROUPS_[$group]}; do cat "$CRDS_DIR/$f" >> "$src"; printf '\n---\n' >> "$src"; done
  (cd "$tmp" && "$CDK8S" import --no-check-upgrade "$src" -o "$tmp/out" -l typescript >/dev/null)
  cp "$tmp/out/$group.ts" "$OUT/$group.ts"
  echo "gen-crd-imports: $group ← ${GROUPS_[$group]}"
done
