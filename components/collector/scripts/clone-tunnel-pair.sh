#!/bin/sh
# clone-tunnel-pair [up|down] ENVFILE: GRE-TEB from both units of a BIG-IP HA pair (REMOTE, PEER_REMOTE) into
# one TUNNEL_DEV: a bridge with TUNNEL_MAC/MTU/OVERLAY_ADDRESS whose isolated ports are one gretap per unit,
# <TUNNEL_DEV:12>-a and -b, each made by clone-tunnel (beside this script). See components/collector/pair.ts.
set -eu
P=clone-tunnel-pair
die() { echo "$P: error: $2" >&2; exit "$1"; }
run() { echo "$P: + $*"; "$@" || die 1 "command failed: $*"; }
case "${1:-}" in up | down) ;; *) die 2 "usage: $P [up|down] ENVFILE" ;; esac
[ "$#" -eq 2 ] && [ -r "$2" ] || die 2 "usage: $P [up|down] ENVFILE (readable)"
E=$2
case "$E" in */*) ;; *) E=./$E ;; esac
T=$(dirname "$0")/clone-tunnel
. "$E"
D=${TUNNEL_DEV:-clone0}
A=$(printf %.12s "$D")-a B=$(printf %.12s "$D")-b
port() { # up|down name remote
    env -u TUNNEL_MAC -u OVERLAY_ADDRESS TUNNEL_MODE=gretap TUNNEL_DEV="$2" LOCAL="${LOCAL:-}" REMOTE="${3:-}" \
        TUNNEL_MTU="${TUNNEL_MTU:-}" "$T" "$1" || die 1 "clone-tunnel $1 $2 failed"
}
"$T" down "$E"
port down "$A"
port down "$B"
[ "$1" = up ] || exit 0
[ "${TUNNEL_MODE:-}" = gretap ] || die 2 "TUNNEL_MODE must be gretap"
[ -n "${PEER_REMOTE:-}" ] && [ "$PEER_REMOTE" != "${REMOTE:-}" ] || die 2 "PEER_REMOTE must be the other unit's address"
trap 'rc=$?; [ $rc -eq 0 ] || for d in "$D" "$A" "$B"; do ip link del "$d" 2>/dev/null; done' EXIT
port up "$A" "${REMOTE:-}"
port up "$B" "$PEER_REMOTE"
run ip link add "$D" type bridge stp_state 0
[ -z "${TUNNEL_MAC:-}" ] || run ip link set dev "$D" address "$TUNNEL_MAC"
for p in "$A" "$B"; do
    run ip link set dev "$p" master "$D"
    # Never forward one unit's copies to the other.
    run ip link set dev "$p" type bridge_slave isolated on
done
[ -z "${TUNNEL_MTU:-}" ] || run ip link set dev "$D" mtu "$TUNNEL_MTU"
[ -z "${OVERLAY_ADDRESS:-}" ] || run ip addr add "$OVERLAY_ADDRESS" dev "$D"
run ip link set dev "$D" up
ethtool -K "$D" gro off >/dev/null 2>&1 || true
echo "$P: $D is up: bridge of $A (remote $REMOTE), $B (remote $PEER_REMOTE)"
