#!/bin/sh
# clone-tunnel: create or remove the collector end of the BIG-IP clone tunnel
# (gretap = GRE with transparent Ethernet bridging, or VXLAN on UDP 4789).
# POSIX sh only: it also runs under dash with busybox tools and iproute2 `ip`.
#
# Usage: clone-tunnel [up|down] [ENVFILE]
#   up (default)  (re)create the device; running it again is harmless
#   down          delete the device if it exists
#   ENVFILE       sourced for the settings below; otherwise the environment is used
#
# Settings:
#   TUNNEL_MODE      gretap | vxlan | gre (default gretap; gre = IP-over-GRE, an L3 device without MAC, for
#                    tcpdump --remote-dest streams that carry IP packets)
#   TUNNEL_DEV       device name (default clone0)
#   LOCAL            collector underlay IPv4 (default: source address of the route to REMOTE)
#   REMOTE           BIG-IP tunnel source IPv4 (required for up)
#   TUNNEL_MAC       device MAC (optional)
#   TUNNEL_MTU       device MTU (optional)
#   VXLAN_VNI        VXLAN network identifier (required for vxlan)
#   VXLAN_PORT       VXLAN UDP port (default 4789; always passed, Linux would default to 8472)
#   OVERLAY_ADDRESS  CIDR to assign to the device (optional)
#
# Exit status: 0 done, 2 usage or configuration error, 1 a command failed.
set -eu

PROG=clone-tunnel
# Names the kernel owns: ip_gre/ip_tunnel/sit/vti create these fallback devices in every namespace.
RESERVED="gre0 gretap0 erspan0 ip6gre0 ip6tnl0 sit0 tunl0 ip_vti0 ip6_vti0"

log() { echo "$PROG: $*"; }
die() { code=$1; shift; echo "$PROG: error: $*" >&2; exit "$code"; }
usage() { echo "usage: $PROG [up|down] [ENVFILE]" >&2; exit 2; }
run() { log "+ $*"; "$@" || die 1 "command failed: $*"; }

ACTION=${1:-up}
case "$ACTION" in
    up | down) ;;
    -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) usage ;;
esac
[ "$#" -le 2 ] || usage

if [ "$#" -eq 2 ]; then
    ENVFILE=$2
    # `.` searches PATH for a bare name; make it a path.
    case "$ENVFILE" in */*) ;; *) ENVFILE=./$ENVFILE ;; esac
    [ -r "$ENVFILE" ] || die 2 "cannot read settings file $ENVFILE"
    # shellcheck disable=SC1090
    . "$ENVFILE"
fi

TUNNEL_MODE=${TUNNEL_MODE:-gretap}
TUNNEL_DEV=${TUNNEL_DEV:-clone0}
LOCAL=${LOCAL:-}
REMOTE=${REMOTE:-}
TUNNEL_MAC=${TUNNEL_MAC:-}
TUNNEL_MTU=${TUNNEL_MTU:-}
VXLAN_VNI=${VXLAN_VNI:-}
VXLAN_PORT=${VXLAN_PORT:-4789}
OVERLAY_ADDRESS=${OVERLAY_ADDRESS:-}

is_uint() { case "$1" in '' | *[!0-9]*) return 1 ;; *) [ "${#1}" -le 9 ] ;; esac; }
in_range() { is_uint "$1" && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
is_ipv4() {
    case "$1" in *[!0-9.]* | *..* | .* | *.) return 1 ;; esac
    # shellcheck disable=SC2046
    set -- $(echo "$1" | tr '.' ' ')
    [ "$#" -eq 4 ] || return 1
    for o in "$@"; do
        [ "${#o}" -le 3 ] && [ "$o" -le 255 ] || return 1
    done
}

# --- device name (checked for both actions) ---
case "$TUNNEL_DEV" in
    '' | . | .. | *[!A-Za-z0-9_.-]*) die 2 "TUNNEL_DEV \"$TUNNEL_DEV\" is not a valid device name (letters, digits, . _ - only)" ;;
esac
[ "${#TUNNEL_DEV}" -le 15 ] || die 2 "TUNNEL_DEV \"$TUNNEL_DEV\" is longer than 15 characters (the kernel's IFNAMSIZ limit)"
for r in $RESERVED; do
    [ "$TUNNEL_DEV" != "$r" ] || die 2 "TUNNEL_DEV \"$TUNNEL_DEV\" is reserved: the kernel creates it as a fallback tunnel device; pick another name"
done

exists() { ip link show dev "$TUNNEL_DEV" >/dev/null 2>&1; }

if [ "$ACTION" = down ]; then
    if exists; then
        run ip link del dev "$TUNNEL_DEV"
        log "removed $TUNNEL_DEV"
    else
        log "$TUNNEL_DEV not present; nothing to do"
    fi
    exit 0
fi

# --- settings for up ---
case "$TUNNEL_MODE" in gretap | vxlan | gre) ;; *) die 2 "TUNNEL_MODE \"$TUNNEL_MODE\" must be gretap, vxlan or gre" ;; esac
[ "$TUNNEL_MODE" != gre ] || [ -z "$TUNNEL_MAC" ] || die 2 "TUNNEL_MAC does not apply to TUNNEL_MODE=gre (an IP-over-GRE device has no MAC)"
[ -n "$REMOTE" ] || die 2 "REMOTE is not set (the BIG-IP tunnel source address)"
is_ipv4 "$REMOTE" || die 2 "REMOTE \"$REMOTE\" is not an IPv4 address"
if [ "$TUNNEL_MODE" = vxlan ]; then
    in_range "$VXLAN_VNI" 1 16777215 ||
        die 2 "VXLAN_VNI \"$VXLAN_VNI\" must be an integer 1..16777215 when TUNNEL_MODE=vxlan"
    in_range "$VXLAN_PORT" 1 65535 ||
        die 2 "VXLAN_PORT \"$VXLAN_PORT\" is not a UDP port"
fi
[ -z "$TUNNEL_MTU" ] || in_range "$TUNNEL_MTU" 68 65535 || die 2 "TUNNEL_MTU \"$TUNNEL_MTU\" is not an MTU (68..65535)"
if [ -z "$LOCAL" ]; then
    LOCAL=$(ip -4 -o route get "$REMOTE" 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
    [ -n "$LOCAL" ] || die 1 "LOCAL is not set and no route to $REMOTE gives a source address"
    log "LOCAL not set; using $LOCAL (source address of the route to $REMOTE)"
fi
is_ipv4 "$LOCAL" || die 2 "LOCAL \"$LOCAL\" is not an IPv4 address"

# A failed up must not leave a half-configured device behind.
CREATED=
cleanup() {
    rc=$?
    if [ "$rc" -ne 0 ] && [ -n "$CREATED" ]; then
        ip link del dev "$TUNNEL_DEV" >/dev/null 2>&1 || true
        echo "$PROG: removed partly configured $TUNNEL_DEV" >&2
    fi
}
trap cleanup EXIT

# Recreate rather than modify: tunnel endpoints and VNI cannot all be changed in place.
if exists; then
    run ip link del dev "$TUNNEL_DEV"
    log "removed existing $TUNNEL_DEV"
fi

if [ "$TUNNEL_MODE" != vxlan ]; then
    # ttl 255: otherwise the outer packet inherits the inner TTL and clones of near-expired packets die.
    log "+ ip link add $TUNNEL_DEV type $TUNNEL_MODE local $LOCAL remote $REMOTE ttl 255"
    ip link add "$TUNNEL_DEV" type "$TUNNEL_MODE" local "$LOCAL" remote "$REMOTE" ttl 255 ||
        die 1 "cannot create $TUNNEL_MODE $TUNNEL_DEV (is the ip_gre kernel module available? try: modinfo ip_gre)"
else
    log "+ ip link add $TUNNEL_DEV type vxlan id $VXLAN_VNI local $LOCAL remote $REMOTE dstport $VXLAN_PORT"
    ip link add "$TUNNEL_DEV" type vxlan id "$VXLAN_VNI" local "$LOCAL" remote "$REMOTE" dstport "$VXLAN_PORT" ||
        die 1 "cannot create vxlan $TUNNEL_DEV"
fi
CREATED=1

[ -z "$TUNNEL_MAC" ] || run ip link set dev "$TUNNEL_DEV" address "$TUNNEL_MAC"
[ -z "$TUNNEL_MTU" ] || run ip link set dev "$TUNNEL_DEV" mtu "$TUNNEL_MTU"
[ -z "$OVERLAY_ADDRESS" ] || run ip addr add "$OVERLAY_ADDRESS" dev "$TUNNEL_DEV"
run ip link set dev "$TUNNEL_DEV" up
CREATED=
# GRO would merge consecutive copies into super-frames before tcpdump or an IDS sees them: capture what was sent.
if command -v ethtool >/dev/null 2>&1; then
    ethtool -K "$TUNNEL_DEV" gro off >/dev/null 2>&1 && log "GRO off on $TUNNEL_DEV" || log "warning: could not turn GRO off on $TUNNEL_DEV"
fi

# Open the tunnel in firewalld when it is in charge; without it the security group is the only filter.
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
    if [ "$TUNNEL_MODE" != vxlan ]; then rule=--add-protocol=gre; else rule=--add-port=$VXLAN_PORT/udp; fi
    for scope in "" --permanent; do
        # shellcheck disable=SC2086
        if firewall-cmd $scope "$rule" >/dev/null 2>&1; then
            log "firewalld: $rule ${scope:-(runtime)}"
        else
            log "warning: firewall-cmd $scope $rule failed; continuing"
        fi
    done
fi

log "$TUNNEL_DEV is up ($TUNNEL_MODE local $LOCAL remote $REMOTE)"
