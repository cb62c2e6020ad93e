#!/usr/bin/env bash
# Installs the platform tools (OpenTofu, providers as a filesystem mirror,
# kubeconform, kustomize, task, gitleaks, the Python venv) into a cache outside
# the repo. Idempotent: anything already installed at its pinned version is
# skipped. See docs/TOOLING.md.
#
#   scripts/tools.sh            default set
#   scripts/tools.sh --full     also the heavy providers (oracle/oci, hashicorp/aws)
#   scripts/tools.sh --only tofu,proxmox,venv     just these items
#   scripts/tools.sh --list     print the items and their pins, install nothing
#   scripts/tools.sh --prune    afterwards delete the Go module and build caches
#                               ($DIR/gopath, $DIR/gocache: ~5.7 GB); installed
#                               tools stay, a later rebuild is cold again
#
# Env: HOMELAB_TOOLS_DIR (default $HOME/.cache/homelab-platform-stack),
#      TOOLS_GO_PARALLEL (go build -p, default: number of cores),
#      TOOLS_FORCE=1 (rebuild even if the stamp matches),
#      TOOLS_AWS_REF / TOOLS_OCI_REF (commit of the provider's release tag).
# Exit: 0 when every item is installed, except cloudflare/oci/aws providers the
# module proxy does not serve (printed as UNAVAILABLE); 1 when any other item
# failed to build or download.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"

# ---------------------------------------------------------------- pins ------
TOFU_VERSION=1.10.10          # module github.com/opentofu/opentofu, built in tools/opentofu
PROXMOX_VERSION=0.111.1       # github.com/bpg/terraform-provider-proxmox
CLOUDFLARE_VERSION=5.14.0     # github.com/cloudflare/terraform-provider-cloudflare
CLOUDFLARE_COMMIT=262c3ddc486915fcb291224e5453dc32d3e25602   # tag v5.14.0 (tags lack /v5)
AWS_VERSION=6.25.0            # github.com/hashicorp/terraform-provider-aws (tag v6.25.0, no /v6)
AWS_REF="${TOOLS_AWS_REF:-v$AWS_VERSION}"   # set to the tag's commit: a v6 tag cannot be named without /v6
OCI_VERSION=8.28.0            # github.com/oracle/terraform-provider-oci (tags lack /v8)
OCI_REF="${TOOLS_OCI_REF:-v$OCI_VERSION}"   # likewise: the commit of tag v8.28.0
KUBECONFORM_VERSION=0.8.0     # github.com/yannh/kubeconform
KUSTOMIZE_VERSION=5.8.2       # sigs.k8s.io/kustomize/kustomize/v5 (5.8.3 needs Go 1.27)
TASK_VERSION=3.54.0           # github.com/go-task/task/v3
GITLEAKS_VERSION=8.30.1       # github.com/zricethezav/gitleaks/v8
RESTIC_VERSION=0.18.0         # github.com/restic/restic (served to the restic_backup role test, tools/restic)
# Role tests (npm run test:roles): Debian packages, and the podman image scripts/roles-image.sh builds with
# debootstrap from the Debian mirror apt already uses (its pins are in that script; rebuilt only when they change).
ROLES_DEB_PACKAGES="podman debootstrap runc uidmap containernetworking-plugins bzip2"
PYTHON=${TOOLS_PYTHON:-python3.11}

DEFAULT_ITEMS=(tofu proxmox cloudflare kubeconform kustomize task gitleaks restic venv roles-image)
# Items the module proxy here does not serve: when they cannot be fetched they
# are reported UNAVAILABLE without failing the run (docs/TOOLING.md "Providers").
OPTIONAL_ITEMS="cloudflare oci aws"
FULL_ITEMS=(oci aws)

# ---------------------------------------------------------------- args ------
FULL=0
PRUNE=0
ONLY=""
LIST=0
while [ $# -gt 0 ]; do
  case "$1" in
    --full) FULL=1 ;;
    --only) ONLY="${2:?--only needs a comma-separated list}"; shift ;;
    --only=*) ONLY="${1#--only=}" ;;
    --list) LIST=1 ;;
    --prune) PRUNE=1 ;;
    -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tools.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

ITEMS=("${DEFAULT_ITEMS[@]}")
[ "$FULL" = 1 ] && ITEMS+=("${FULL_ITEMS[@]}")
if [ -n "$ONLY" ]; then IFS=, read -r -a ITEMS <<<"$ONLY"; fi

if [ "$LIST" = 1 ]; then
  cat <<EOF
tofu        OpenTofu $TOFU_VERSION (tools/opentofu)
proxmox     bpg/proxmox $PROXMOX_VERSION
cloudflare  cloudflare/cloudflare $CLOUDFLARE_VERSION (commit $CLOUDFLARE_COMMIT)
kubeconform $KUBECONFORM_VERSION
kustomize   $KUSTOMIZE_VERSION
task        $TASK_VERSION
gitleaks    $GITLEAKS_VERSION
restic      $RESTIC_VERSION (tools/restic; for the role tests)
roles-image apt: $ROLES_DEB_PACKAGES; image $(bash "$ROOT/scripts/roles-image.sh" --tag 2>/dev/null || echo '?') (scripts/roles-image.sh)
venv        tools/requirements.txt ($PYTHON)
oci         oracle/oci $OCI_VERSION   (--full)
aws         hashicorp/aws $AWS_VERSION (--full)
EOF
  exit 0
fi

# ---------------------------------------------------------------- setup -----
BIN="$DIR/bin"; MIRROR="$DIR/mirror"; STAMPS="$DIR/stamps"; LOGS="$DIR/logs"
mkdir -p "$BIN" "$MIRROR" "$STAMPS" "$LOGS"

# One run at a time per cache dir.
if command -v flock >/dev/null; then
  exec 9>"$DIR/.lock"
  if ! flock -n 9; then
    printf '[tools] another scripts/tools.sh is using %s; waiting for it\n' "$DIR"
    flock 9
  fi
fi

export GOMODCACHE="$DIR/gopath/pkg/mod"
export GOPATH="$DIR/gopath"
export GOCACHE="$DIR/gocache"
export GOTOOLCHAIN=local
export GOFLAGS="-buildvcs=false"
export CGO_ENABLED=0
export TF_CLI_CONFIG_FILE=/dev/null   # `tofu version` checks below need no CLI config
GO_P="${TOOLS_GO_PARALLEL:-$(nproc 2>/dev/null || echo 2)}"
OS_ARCH="$(go env GOOS 2>/dev/null || echo linux)_$(go env GOARCH 2>/dev/null || echo amd64)"

T0=$(date +%s)
FAILED=()
UNAVAILABLE=()
DONE=()

log()  { printf '[tools %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die()  { log "ERROR: $*"; exit 1; }

command -v go >/dev/null || die "go is not installed (needed to build the Go tools)"

stamp_ok() {   # stamp_ok NAME WANT FILE... -> 0 if stamp says WANT and all files exist
  local name=$1 want=$2; shift 2
  [ "${TOOLS_FORCE:-0}" = 1 ] && return 1
  [ -f "$STAMPS/$name" ] && [ "$(cat "$STAMPS/$name")" = "$want" ] || return 1
  local f; for f in "$@"; do [ -e "$f" ] || return 1; done
}
stamp_set() { printf '%s' "$2" > "$STAMPS/$1"; }

# run_step NAME FUNCTION: times it, logs to $LOGS/NAME.log, records the outcome.
run_step() {
  local name=$1 fn=$2 s rc=0
  s=$(date +%s)
  log "$name: start"
  "$fn" || rc=$?
  local secs=$(( $(date +%s) - s ))
  case $rc in
    0)  log "$name: ok (${secs}s)"; DONE+=("$name");;
    10) log "$name: already installed, skipped (${secs}s)"; DONE+=("$name");;
    20) if [[ " $OPTIONAL_ITEMS " == *" $name "* ]]; then
          log "$name: UNAVAILABLE (${secs}s) - see $LOGS/$name.log"; UNAVAILABLE+=("$name")
        else
          log "$name: FAILED, its modules could not be downloaded (${secs}s) - last lines of $LOGS/$name.log:"
          tail -n 25 "$LOGS/$name.log" 2>/dev/null | sed 's/^/    /'; FAILED+=("$name")
        fi;;
    *)  log "$name: FAILED rc=$rc (${secs}s) - last lines of $LOGS/$name.log:"
        tail -n 25 "$LOGS/$name.log" 2>/dev/null | sed 's/^/    /'; FAILED+=("$name");;
  esac
  [ $rc = 0 ] && printf '%s\n' "$secs" > "$STAMPS/$name.seconds"
  return 0
}

# link_from_path TOOL WANT VERSION_CMD...: if TOOL is on PATH (outside $BIN)
# and its version output contains WANT, symlink it into $BIN.
link_from_path() {
  local tool=$1 want=$2; shift 2
  local p
  p=$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$BIN" | paste -sd:)" command -v "$tool" 2>/dev/null) || return 1
  if "$p" "$@" 2>/dev/null | grep -qF -- "$want"; then
    ln -sfn "$p" "$BIN/$tool"
    log "$tool: using $p (already at $want)"
    return 0
  fi
  return 1
}

# go_tool NAME MODULE VERSION PKG LDFLAGS_EXTRA: build PKG from the tools
# module tools/NAME (which pins MODULE@VERSION with a go.sum) into $BIN/NAME.
# (`go install pkg@version` is not used: it asks the proxy for the module's
# version list, which the proxy here refuses for some modules.)
go_tool() {
  local name=$1 module=$2 ver=$3 pkg=$4 extra=${5:-}
  check_module_pin "$name" "$module" "$ver" || return 1
  build_tools_module "$name" "$ROOT/tools/$name" "$pkg" "$BIN/$name.new" "$extra" || return 1
  mv -f "$BIN/$name.new" "$BIN/$name"
}

# A module the proxy refuses ("not available", 403/404/410) is UNAVAILABLE, not a build failure.
is_unavailable_log() {
  grep -qiE 'not available|403 Forbidden|404 Not Found|410 Gone|unknown revision|invalid version|no matching versions|dial tcp|no such host|connection refused|i/o timeout|TLS handshake timeout|module lookup disabled' "$1"
}

# mirror_path HOST NS TYPE VERSION
mirror_dir() { printf '%s/%s/%s/%s/%s/%s' "$MIRROR" "$1" "$2" "$3" "$4" "$OS_ARCH"; }

# install_provider NS TYPE VERSION BUILT_BINARY: lays the binary out in the
# mirror for registry.opentofu.org and (as a symlink) registry.terraform.io.
install_provider() {
  local ns=$1 type=$2 ver=$3 src=$4 d
  d=$(mirror_dir registry.opentofu.org "$ns" "$type" "$ver")
  mkdir -p "$d"
  mv -f "$src" "$d/terraform-provider-${type}_v${ver}"
  chmod 0755 "$d/terraform-provider-${type}_v${ver}"
  local alt
  alt=$(dirname "$(mirror_dir registry.terraform.io "$ns" "$type" "$ver")")
  mkdir -p "$(dirname "$alt")"
  ln -sfn "$(dirname "$d")" "$alt"
}

# build_tools_module NAME MODDIR PKG OUT LDFLAGS_EXTRA: go build inside one of
# our tools modules (used where the upstream go.mod has replace directives).
build_tools_module() {
  local name=$1 moddir=$2 pkg=$3 out=$4 extra=${5:-}
  ( cd "$moddir" && go build -p "$GO_P" -trimpath -ldflags "-s -w $extra" -o "$out" "$pkg" ) >"$LOGS/$name.log" 2>&1
}

# check_module_pin NAME MODULE VERSION: tools/NAME/go.mod must require MODULE at VERSION.
check_module_pin() {
  local name=$1 module=$2 want=$3 got
  got=$(awk -v m="$module" '$1=="require" && $2==m {print $3} $1==m {print $2}' "$ROOT/tools/$name/go.mod" 2>/dev/null | head -n1)
  if [ "$got" != "$want" ]; then
    echo "tools/$name/go.mod requires $module '${got:-none}', scripts/tools.sh pins $want: update one of them (docs/TOOLING.md)" >"$LOGS/$name.log"
    return 1
  fi
}

# ---------------------------------------------------------------- items -----
do_tofu() {
  local want="OpenTofu v$TOFU_VERSION"
  stamp_ok tofu "$TOFU_VERSION" "$BIN/tofu" && "$BIN/tofu" version 2>/dev/null | grep -qF "$want" && return 10
  if link_from_path tofu "$want" version; then stamp_set tofu "$TOFU_VERSION"; return 0; fi
  local moddir="$ROOT/tools/opentofu"
  check_module_pin opentofu github.com/opentofu/opentofu "v$TOFU_VERSION" || { cp "$LOGS/opentofu.log" "$LOGS/tofu.log"; return 1; }
  build_tools_module tofu "$moddir" github.com/opentofu/opentofu/cmd/tofu "$BIN/tofu.new" \
    "-X github.com/opentofu/opentofu/version.dev=no" || { is_unavailable_log "$LOGS/tofu.log" && return 20; return 1; }
  mv -f "$BIN/tofu.new" "$BIN/tofu"
  "$BIN/tofu" version | tee -a "$LOGS/tofu.log" | grep -qF "$want" || return 1
  stamp_set tofu "$TOFU_VERSION"
}

do_proxmox() {
  local f; f="$(mirror_dir registry.opentofu.org bpg proxmox "$PROXMOX_VERSION")/terraform-provider-proxmox_v$PROXMOX_VERSION"
  stamp_ok proxmox "$PROXMOX_VERSION" "$f" && return 10
  check_module_pin proxmox github.com/bpg/terraform-provider-proxmox "v$PROXMOX_VERSION" || return 1
  # The provider reports main.version (default "dev").
  local tmp; tmp=$(mktemp -d)
  build_tools_module proxmox "$ROOT/tools/proxmox" github.com/bpg/terraform-provider-proxmox \
      "$tmp/terraform-provider-proxmox" "-X main.version=$PROXMOX_VERSION" \
    || { rm -rf "$tmp"; is_unavailable_log "$LOGS/proxmox.log" && return 20; return 1; }
  install_provider bpg proxmox "$PROXMOX_VERSION" "$tmp/terraform-provider-proxmox"
  rm -rf "$tmp"
  stamp_set proxmox "$PROXMOX_VERSION"
}

# Providers whose tags carry a major version >1 without the /vN module suffix
# can only be fetched by commit/pseudo-version. Built from tools/<name>/ when
# the repo has that tools module (require + repeated replace directives);
# otherwise one is generated in $DIR/build/<name>/ from the upstream go.mod
# (copy it to tools/<name>/ to pin its go.sum in the repo). A refusal by the
# module proxy is reported as UNAVAILABLE.
gen_tools_module() {   # gen_tools_module NAME MODULE REF PKG DIR
  local name=$1 module=$2 ref=$3 pkg=$4 moddir=$5 ver gomod gover
  echo "resolving $module@$ref"
  read -r ver gomod < <(go list -m -f '{{.Version}} {{.GoMod}}' "$module@$ref") || return 1
  [ -n "$ver" ] && [ -f "$gomod" ] || { echo "could not resolve $module@$ref"; return 1; }
  echo "resolved $module $ver"
  rm -rf "$moddir"; mkdir -p "$moddir"
  gover=$(go mod edit -json "$gomod" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log((JSON.parse(s).Go)||"1.26"))')
  printf 'module homelab-platform-stack/tools/%s\n\ngo %s\n\nrequire %s %s\n\ntool %s\n' \
    "$name" "$gover" "$module" "$ver" "$pkg" > "$moddir/go.mod"
  # Repeat the upstream replace directives (go install/go build of a dependency ignore them).
  local rep
  while IFS= read -r rep; do
    [ -n "$rep" ] || continue
    case "$rep" in *=.*|*=/*) echo "upstream has a local-path replace ($rep): cannot build outside its repo"; return 1;; esac
    echo "replace $rep"
    go mod edit -replace="$rep" "$moddir/go.mod"
  done < <(go mod edit -json "$gomod" | node -e '
    let s=""; process.stdin.on("data",d=>s+=d).on("end",()=>{
      for (const r of (JSON.parse(s).Replace||[])) {
        const o = r.Old.Path + (r.Old.Version ? "@" + r.Old.Version : "");
        const n = r.New.Path + (r.New.Version ? "@" + r.New.Version : "");
        console.log(o + "=" + n);
      }})')
  ( cd "$moddir" && go mod tidy )
}

do_pseudo_provider() {   # NAME NS TYPE VERSION MODULE REF PKG VERSION_VAR
  local name=$1 ns=$2 type=$3 ver=$4 module=$5 ref=$6 pkg=$7 verpkg=$8
  local f; f="$(mirror_dir registry.opentofu.org "$ns" "$type" "$ver")/terraform-provider-${type}_v${ver}"
  stamp_ok "$name" "$ver" "$f" && return 10
  local moddir="$ROOT/tools/$name"
  if [ ! -f "$moddir/go.mod" ]; then
    moddir="$DIR/build/$name"
    gen_tools_module "$name" "$module" "$ref" "$pkg" "$moddir" >"$LOGS/$name.gen.log" 2>&1 \
      || { cp "$LOGS/$name.gen.log" "$LOGS/$name.log"; is_unavailable_log "$LOGS/$name.log" && return 20; return 1; }
    log "$name: no tools/$name/go.mod in the repo; generated $moddir/go.mod from the upstream go.mod"
  fi
  local tmp ldx=""; tmp=$(mktemp -d)
  [ -n "$verpkg" ] && ldx="-X $verpkg=$ver"
  build_tools_module "$name" "$moddir" "$pkg" "$tmp/terraform-provider-$type" "$ldx" \
    || { rm -rf "$tmp"; is_unavailable_log "$LOGS/$name.log" && return 20; return 1; }
  install_provider "$ns" "$type" "$ver" "$tmp/terraform-provider-$type"
  rm -rf "$tmp"
  stamp_set "$name" "$ver"
}
do_cloudflare() {
  do_pseudo_provider cloudflare cloudflare cloudflare "$CLOUDFLARE_VERSION" \
    github.com/cloudflare/terraform-provider-cloudflare "$CLOUDFLARE_COMMIT" \
    github.com/cloudflare/terraform-provider-cloudflare main.version
}
do_aws() {
  do_pseudo_provider aws hashicorp aws "$AWS_VERSION" \
    github.com/hashicorp/terraform-provider-aws "$AWS_REF" \
    github.com/hashicorp/terraform-provider-aws github.com/hashicorp/terraform-provider-aws/version.ProviderVersion
}
do_oci() {
  # The OCI provider's version is a constant in internal/globalvar (no -X needed).
  do_pseudo_provider oci oracle oci "$OCI_VERSION" \
    github.com/oracle/terraform-provider-oci "$OCI_REF" \
    github.com/oracle/terraform-provider-oci ""
}

do_kubeconform() {
  stamp_ok kubeconform "$KUBECONFORM_VERSION" "$BIN/kubeconform" && return 10
  if link_from_path kubeconform "v$KUBECONFORM_VERSION" -v; then stamp_set kubeconform "$KUBECONFORM_VERSION"; return 0; fi
  go_tool kubeconform github.com/yannh/kubeconform "v$KUBECONFORM_VERSION" \
    github.com/yannh/kubeconform/cmd/kubeconform "-X main.version=v$KUBECONFORM_VERSION" || { is_unavailable_log "$LOGS/kubeconform.log" && return 20; return 1; }
  "$BIN/kubeconform" -v | tee -a "$LOGS/kubeconform.log" | grep -qF "v$KUBECONFORM_VERSION" || return 1
  stamp_set kubeconform "$KUBECONFORM_VERSION"
}

do_kustomize() {
  stamp_ok kustomize "$KUSTOMIZE_VERSION" "$BIN/kustomize" && return 10
  if link_from_path kustomize "v$KUSTOMIZE_VERSION" version; then stamp_set kustomize "$KUSTOMIZE_VERSION"; return 0; fi
  go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "v$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5 \
    || { is_unavailable_log "$LOGS/kustomize.log" && return 20; return 1; }
  "$BIN/kustomize" version | tee -a "$LOGS/kustomize.log" | grep -qF "v$KUSTOMIZE_VERSION" || return 1
  stamp_set kustomize "$KUSTOMIZE_VERSION"
}

do_task() {
  stamp_ok task "$TASK_VERSION" "$BIN/task" && return 10
  if link_from_path task "$TASK_VERSION" --version; then stamp_set task "$TASK_VERSION"; return 0; fi
  go_tool task github.com/go-task/task/v3 "v$TASK_VERSION" github.com/go-task/task/v3/cmd/task \
    || { is_unavailable_log "$LOGS/task.log" && return 20; return 1; }
  "$BIN/task" --version | tee -a "$LOGS/task.log" | grep -qF "$TASK_VERSION" || return 1
  stamp_set task "$TASK_VERSION"
}

do_gitleaks() {
  stamp_ok gitleaks "$GITLEAKS_VERSION" "$BIN/gitleaks" && return 10
  if link_from_path gitleaks "$GITLEAKS_VERSION" version; then stamp_set gitleaks "$GITLEAKS_VERSION"; return 0; fi
  go_tool gitleaks github.com/zricethezav/gitleaks/v8 "v$GITLEAKS_VERSION" github.com/zricethezav/gitleaks/v8 \
    "-X github.com/zricethezav/gitleaks/v8/version.Version=v$GITLEAKS_VERSION" \
    || { is_unavailable_log "$LOGS/gitleaks.log" && return 20; return 1; }
  "$BIN/gitleaks" version | tee -a "$LOGS/gitleaks.log" | grep -qF "$GITLEAKS_VERSION" || return 1
  stamp_set gitleaks "$GITLEAKS_VERSION"
}

do_restic() {
  stamp_ok restic "$RESTIC_VERSION" "$BIN/restic" && "$BIN/restic" version 2>/dev/null | grep -qF "restic $RESTIC_VERSION" && return 10
  go_tool restic github.com/restic/restic "v$RESTIC_VERSION" github.com/restic/restic/cmd/restic \
    || { is_unavailable_log "$LOGS/restic.log" && return 20; return 1; }
  "$BIN/restic" version | tee -a "$LOGS/restic.log" | grep -qF "restic $RESTIC_VERSION" || return 1
  stamp_set restic "$RESTIC_VERSION"
}

# The role tests' hosts: Debian packages (podman, debootstrap, runc …, installed with apt-get when missing: needs
# root), then the debootstrap image (scripts/roles-image.sh: exit 10 when its pins are unchanged and the image exists).
do_roles_image() {
  local missing=() p rc=0
  for p in $ROLES_DEB_PACKAGES; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  : >"$LOGS/roles-image.log"
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "roles-image: missing Debian packages ${missing[*]} and not root: run apt-get install ${missing[*]}" >>"$LOGS/roles-image.log"
      return 1
    fi
    echo "roles-image: apt-get install ${missing[*]}" >>"$LOGS/roles-image.log"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }
    } >>"$LOGS/roles-image.log" 2>&1 || return 1
  fi
  bash "$ROOT/scripts/roles-image.sh" >>"$LOGS/roles-image.log" 2>&1 || rc=$?
  return $rc
}

do_venv() {
  local req="$ROOT/tools/requirements.txt" con="$ROOT/tools/constraints.txt" want
  want="$( (cat "$req"; [ -f "$con" ] && cat "$con"; "$PYTHON" --version 2>&1) | sha256sum | cut -c1-16)"
  stamp_ok venv "$want" "$DIR/venv/bin/ansible-playbook" "$DIR/venv/bin/checkov" && return 10
  command -v "$PYTHON" >/dev/null || { echo "$PYTHON not found (set TOOLS_PYTHON)" >"$LOGS/venv.log"; return 1; }
  {
    [ -x "$DIR/venv/bin/python" ] || "$PYTHON" -m venv "$DIR/venv"
    "$DIR/venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
    if [ -f "$con" ]; then
      "$DIR/venv/bin/python" -m pip install --disable-pip-version-check -r "$req" -c "$con"
    else
      "$DIR/venv/bin/python" -m pip install --disable-pip-version-check -r "$req"
    fi
    "$DIR/venv/bin/python" -m pip check
    for x in ansible-playbook ansible-lint checkov kubernetes-validate; do
      [ -x "$DIR/venv/bin/$x" ] || { echo "missing $DIR/venv/bin/$x"; exit 1; }
    done
    "$DIR/venv/bin/ansible" --version | head -n1
  } >"$LOGS/venv.log" 2>&1 || return 1
  stamp_set venv "$want"
}

# ------------------------------------------------------------ generated -----
write_tofurc() {
  local includes=() host ns type
  while IFS= read -r d; do
    # d = $MIRROR/HOST/NS/TYPE
    type=$(basename "$d"); ns=$(basename "$(dirname "$d")"); host=$(basename "$(dirname "$(dirname "$d")")")
    includes+=("$host/$ns/$type")
  done < <(find "$MIRROR" -mindepth 3 -maxdepth 3 \( -type d -o -type l \) 2>/dev/null | LC_ALL=C sort)
  {
    echo "# Generated by scripts/tools.sh - do not edit. Used via TF_CLI_CONFIG_FILE."
    echo "# Providers listed here come from the local filesystem mirror; all others"
    echo "# from their registry (direct). Unset TF_CLI_CONFIG_FILE to use registries only."
    echo "provider_installation {"
    if [ ${#includes[@]} -gt 0 ]; then
      echo "  filesystem_mirror {"
      echo "    path    = \"$MIRROR\""
      printf '    include = ['; local first=1 i
      for i in "${includes[@]}"; do [ $first = 1 ] || printf ', '; printf '"%s"' "$i"; first=0; done; echo ']'
      echo "  }"
      echo "  direct {"
      printf '    exclude = ['; first=1
      for i in "${includes[@]}"; do [ $first = 1 ] || printf ', '; printf '"%s"' "$i"; first=0; done; echo ']'
      echo "  }"
    else
      echo "  direct {}"
    fi
    echo "}"
  } > "$DIR/tofurc.new"
  mv -f "$DIR/tofurc.new" "$DIR/tofurc"
}

write_env_sh() {
  cat > "$DIR/env.sh.new" <<EOF
# Generated by scripts/tools.sh - source it: . "$DIR/env.sh"
export HOMELAB_TOOLS_DIR="$DIR"
case ":\$PATH:" in *":$DIR/bin:"*) ;; *) export PATH="$DIR/bin:$DIR/venv/bin:\$PATH" ;; esac
export TF_CLI_CONFIG_FILE="$DIR/tofurc"
export CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR
EOF
  mv -f "$DIR/env.sh.new" "$DIR/env.sh"
}

# ------------------------------------------------------------------ run -----
log "cache dir: $DIR"
log "items: ${ITEMS[*]} (go build -p $GO_P)"

VENV_PID=""
want_venv=0
for it in "${ITEMS[@]}"; do [ "$it" = venv ] && want_venv=1; done
if [ $want_venv = 1 ]; then
  # pip is mostly network and unpacking: run it beside the Go builds.
  ( run_step venv do_venv; [ ${#FAILED[@]} = 0 ] ) > "$LOGS/venv.step" 2>&1 &
  VENV_PID=$!
  log "venv: runs in the background beside the Go builds (log: $LOGS/venv.log)"
fi
IMAGE_PID=""
want_image=0
for it in "${ITEMS[@]}"; do [ "$it" = roles-image ] && want_image=1; done
if [ $want_image = 1 ]; then
  # debootstrap is mostly downloading and unpacking: beside the Go builds too.
  ( run_step roles-image do_roles_image; [ ${#FAILED[@]} = 0 ] ) > "$LOGS/roles-image.step" 2>&1 &
  IMAGE_PID=$!
  log "roles-image: runs in the background beside the Go builds (log: $LOGS/roles-image.log)"
fi

for it in "${ITEMS[@]}"; do
  case "$it" in
    venv|roles-image) ;;
    tofu|proxmox|cloudflare|kubeconform|kustomize|task|gitleaks|restic|oci|aws) run_step "$it" "do_$it" ;;
    *) log "unknown item: $it"; FAILED+=("$it") ;;
  esac
done

if [ -n "$VENV_PID" ]; then
  venv_rc=0; wait "$VENV_PID" || venv_rc=$?
  cat "$LOGS/venv.step"
  if [ $venv_rc = 0 ]; then DONE+=(venv); else FAILED+=(venv); fi
fi
if [ -n "$IMAGE_PID" ]; then
  image_rc=0; wait "$IMAGE_PID" || image_rc=$?
  cat "$LOGS/roles-image.step"
  if [ $image_rc = 0 ]; then DONE+=(roles-image); else FAILED+=(roles-image); fi
fi

write_tofurc
write_env_sh

log "providers in mirror:"
( cd "$MIRROR" && find registry.opentofu.org -mindepth 4 -maxdepth 4 -type d 2>/dev/null | LC_ALL=C sort | sed 's/^/    /' ) || true
if [ "$PRUNE" = 1 ]; then
  log "pruning Go caches ($(du -sh "$GOPATH" "$GOCACHE" 2>/dev/null | awk '{print $1}' | paste -sd+))"
  go clean -modcache >/dev/null 2>&1 || true
  rm -rf "$GOCACHE" "$GOPATH"
fi
log "done in $(( $(date +%s) - T0 ))s: ok=[${DONE[*]:-}] unavailable=[${UNAVAILABLE[*]:-}] failed=[${FAILED[*]:-}]"
log "use: . \"$DIR/env.sh\"   (or source scripts/tools-env.sh from a script)"
[ ${#FAILED[@]} = 0 ]
