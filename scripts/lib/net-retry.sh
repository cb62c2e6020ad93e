# shellcheck shell=bash
# net_retry LOG CMD...: runs CMD with its output appended to LOG, and runs it again when it failed on a transient
# network error talking to a download server (the Go module proxy, PyPI, npm): a cold `npm run tools` must not fail on
# one slow TLS handshake (issue 12: "net/http: TLS handshake timeout" from proxy.golang.org failed tofu and proxmox in
# a cold run). A refusal (403/404/410, "not available") is final and not retried. Waits TOOLS_RETRY_DELAYS seconds
# between attempts (default "15 60": three attempts). Sourced by scripts/tools.sh; tested in
# __tests__/scripts/net-retry.test.ts.
TRANSIENT_NET_ERRORS='TLS handshake timeout|i/o timeout|connection reset by peer|connection timed out|unexpected EOF|context deadline exceeded|Client\.Timeout exceeded|temporary failure in name resolution|50[234] (Bad Gateway|Service Unavailable|Gateway Time-?out)'

net_retry() {
  local log=$1 attempt=0 rc out delay
  shift
  local -a delays
  read -r -a delays <<<"${TOOLS_RETRY_DELAYS:-15 60}"
  out=$(mktemp)
  while :; do
    rc=0
    "$@" >"$out" 2>&1 || rc=$?
    cat "$out" >>"$log"
    if [ "$rc" = 0 ]; then rm -f "$out"; return 0; fi
    if [ "$attempt" -ge "${#delays[@]}" ] || ! grep -qiE "$TRANSIENT_NET_ERRORS" "$out"; then
      rm -f "$out"
      return "$rc"
    fi
    delay=${delays[$attempt]}
    attempt=$((attempt + 1))
    printf '[net_retry] attempt %d failed on a transient network error; attempt %d in %ss\n' "$attempt" "$((attempt + 1))" "$delay" >>"$log"
    sleep "$delay"
  done
}
