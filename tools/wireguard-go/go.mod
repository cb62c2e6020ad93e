// Tools module pinning golang.zx2c4.com/wireguard (wireguard-go, the userspace WireGuard) for scripts/tools.sh: the
// wireguard role test runs it in its hosts, which have no kernel WireGuard module. Its releases are tagged without the
// leading v of a module version, so the proxy serves pseudo-versions only; this file is the one pin (tools.sh reads
// it). Bump: edit the version below, then go mod tidy.
module homelab-platform-stack/tools/wireguard-go

go 1.23.1

require (
	golang.org/x/crypto v0.37.0 // indirect
	golang.org/x/net v0.39.0 // indirect
	golang.org/x/sys v0.32.0 // indirect
	golang.zx2c4.com/wintun v0.0.0-20230126152724-0fa3db229ce2 // indirect
	golang.zx2c4.com/wireguard v0.0.0-20260522210424-ecfc5a8d5446 // indirect
)

tool golang.zx2c4.com/wireguard
