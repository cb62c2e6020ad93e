#!/usr/bin/env bash
# Builds the throwaway-host image the role tests run on (scripts/test-roles.sh): Debian bookworm from debootstrap
# (minbase + systemd as PID 1 + python3 for Ansible), imported into podman. No image registry is involved.
#
#   scripts/roles-image.sh           build when the pins changed (or the image is missing), else do nothing
#   scripts/roles-image.sh --tag     print the image tag and exit
#
# The rootfs tarball is kept in the tools cache ($HOMELAB_TOOLS_DIR/roles-image/) so a wiped podman storage re-imports
# it in seconds. The Debian mirror is the one apt already uses on this machine (/etc/apt/sources.list*): no other host
# is ever contacted. Called by scripts/tools.sh (item `roles-image`); needs root (debootstrap, rootful podman).
set -euo pipefail

DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"
SUITE=bookworm
# What every test host has before Ansible runs, like a fresh Debian 12 LXC/VM: systemd + dbus, python3 + python3-apt
# (Ansible's apt module), sudo, iproute2, ca-certificates, openssh-server, cron, curl, bzip2, procps, dig (verify
# steps), python3-yaml (the AdGuard stand-in), and nfs-common/open-iscsi/wireguard-tools (large, installed anyway by
# the k3s/wireguard roles). NOT included, on purpose: nftables and unattended-upgrades, which the hardening role
# installs — so its first apt run needs package lists, hence DNS, exactly as on a fresh guest (the image carries no
# package lists). That is what makes the planted apt-before-DNS order fail.
PACKAGES=systemd,systemd-sysv,dbus,python3,python3-apt,sudo,iproute2,ca-certificates,openssh-server,cron,curl,bzip2,bind9-dnsutils,wireguard-tools,procps,python3-yaml,nfs-common,open-iscsi,kmod
IMAGE_PINS="v1 $SUITE $PACKAGES"
TAG="localhost/homelab-roles-test:$(printf '%s' "$IMAGE_PINS" | sha256sum | cut -c1-12)"

if [ "${1:-}" = --tag ]; then echo "$TAG"; exit 0; fi

# The Debian mirror apt uses here: the first deb822 URIs / one-line `deb` entry whose suites include $SUITE itself.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in
      *.sources)
        awk -v suite="$SUITE" '
          BEGIN { RS=""; FS="\n" }
          { uris=""; ok=0
            for (i = 1; i <= NF; i++) {
              if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
              if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
            }
            if (ok && uris != "") { split(uris, u, /[ \t]+/); print u[1]; exit }
          }' "$f" ;;
      *)
        awk -v suite="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1) == suite) { print $i; exit } }' "$f" ;;
    esac
  done | sed -n 1p   # sed reads to the end: the loop never dies of SIGPIPE
}

DEST="$DIR/roles-image"
STAMP="$DEST/stamp"
TARBALL="$DEST/rootfs.tar"
mkdir -p "$DEST"

if [ "$(id -u)" != 0 ]; then echo "roles-image: needs root (debootstrap and rootful podman)" >&2; exit 1; fi
for t in podman debootstrap runc; do
  command -v "$t" >/dev/null || { echo "roles-image: $t is not installed (apt-get install podman debootstrap runc)" >&2; exit 1; }
done

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$IMAGE_PINS" ] && [ -f "$TARBALL" ] && [ "${TOOLS_FORCE:-0}" != 1 ]; then
  if podman image exists "$TAG"; then echo "roles-image: $TAG is up to date"; exit 10; fi
  echo "roles-image: re-importing $TAG from $TARBALL"
  podman import --change 'CMD ["/sbin/init"]' "$TARBALL" "$TAG" >/dev/null
  exit 0
fi

MIRROR="$(debian_mirror)"
[ -n "$MIRROR" ] || { echo "roles-image: no Debian mirror for $SUITE in /etc/apt/sources.list* (add one: apt must know it)" >&2; exit 1; }
echo "roles-image: debootstrap $SUITE from $MIRROR (the mirror of /etc/apt/sources.list*)"
ROOTFS="$DEST/rootfs.tmp"
# An interrupted debootstrap leaves /proc (and /sys) mounted in the rootfs: unmount before removing it.
unmount_rootfs() { awk -v r="$ROOTFS/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done; }
unmount_rootfs
rm -rf "$ROOTFS" "$TARBALL.tmp"
trap unmount_rootfs EXIT
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"
# A container host: no package lists (the roles' apt update must fetch them), no machine id (systemd makes one per
# boot), no getty on a console nobody attaches to, the host's apt sources (same mirror, with security updates).
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/archives/*.deb
: > "$ROOTFS/etc/machine-id"
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" > "$ROOTFS/etc/apt/sources.list"
ln -sf /dev/null "$ROOTFS/etc/systemd/system/getty@tty1.service"
ln -sf /dev/null "$ROOTFS/etc/systemd/system/console-getty.service"
unmount_rootfs
tar -C "$ROOTFS" --numeric-owner -cf "$TARBALL.tmp" .
mv -f "$TARBALL.tmp" "$TARBALL"
rm -rf "$ROOTFS"
podman import --change 'CMD ["/sbin/init"]' "$TARBALL" "$TAG" >/dev/null
printf '%s' "$IMAGE_PINS" > "$STAMP"
echo "roles-image: built $TAG ($(du -sh "$TARBALL" | cut -f1))"
