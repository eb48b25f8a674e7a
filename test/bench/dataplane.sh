#!/bin/sh
# Data-plane throughput rig (npm run bench, section 5), VXLAN in network namespaces on this kernel:
#   gen (frames) ──▶ ext ┐ BIG-IP ns: tc mirred copies every frame to cpy; nft on cpyx: dst MAC := CLONE_MAC,
#                        └ fwd to bigtun (VXLAN: TUN_LOCAL → TUN_REMOTE, VNI TUN_KEY, port TUN_PORT, MTU TUN_MTU)
#   BIG-IP data ══ router ══ collector eth0 ─▶ the collector's own tunnel device (its unit's ExecStart: COLLECTOR_UP)
# Usage: dataplane.sh up | down. Environment: NS, TUN_LOCAL, TUN_REMOTE, TUN_KEY, TUN_PORT, TUN_MTU, CLONE_MAC,
# DATA_CIDR, DATA_GW, COLLECTOR_CIDR, COLLECTOR_GW, COLLECTOR_UP, UNDERLAY_MTU. POSIX sh; ip, tc, nft, ethtool.
set -u
G=${NS}-gen B=${NS}-big R=${NS}-rtr K=${NS}-col
die() { echo "dataplane: FATAL: $*" >&2; exit 2; }
must() { "$@" || die "command failed: $*"; }
down() { for n in $G $B $R $K; do ip netns del "$n" 2>/dev/null; done; return 0; }
[ "${1:-}" = down ] && { down; exit 0; }
[ "${1:-}" = up ] || die "usage: $0 up|down"
down
v6off='echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
for n in $G $B $R $K; do must ip netns add "$n"; must ip netns exec "$n" sh -c "$v6off"; done
must ip netns exec $R sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
ip -batch - <<X || die "links"
link add gen netns $G type veth peer name ext netns $B
link add data netns $B mtu $UNDERLAY_MTU type veth peer name rb netns $R mtu $UNDERLAY_MTU
link add rc netns $R mtu $UNDERLAY_MTU type veth peer name eth0 netns $K mtu $UNDERLAY_MTU
link add cpy netns $B type veth peer name cpyx netns $B
X
ip -n $G -batch - <<X || die "gen"
link set lo up
addr add 203.0.113.10/24 dev gen
link set gen up
neigh add 203.0.113.99 lladdr 02:00:00:00:00:99 dev gen nud permanent
X
ip -n $B -batch - <<X || die "big"
link set lo up
link set ext up
addr add $DATA_CIDR dev data
link set data up
link set cpy up
link set cpyx up
route add default via $DATA_GW
X
ip -n $R -batch - <<X || die "rtr"
link set lo up
addr add $DATA_GW/${DATA_CIDR#*/} dev rb
addr add $COLLECTOR_GW/${COLLECTOR_CIDR#*/} dev rc
link set rb up
link set rc up
X
ip -n $K -batch - <<X || die "col"
link set lo up
addr add $COLLECTOR_CIDR dev eth0
link set eth0 up
route add default via $COLLECTOR_GW
X
for x in "$G gen" "$B ext" "$B cpy"; do set -- $x; must ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off >/dev/null; done
ip netns exec $K $COLLECTOR_UP >/dev/null 2>&1 || die "the collector's tunnel unit command failed: $COLLECTOR_UP"
must ip -n $B link add bigtun type vxlan id "$TUN_KEY" local "$TUN_LOCAL" remote "$TUN_REMOTE" dstport "$TUN_PORT" nolearning
must ip -n $B link set bigtun mtu "$TUN_MTU" up
must ip netns exec $B nft -f - <<X
table netdev clone {
    chain copies {
        type filter hook ingress device "cpyx" priority 0; policy drop;
        ether daddr set $CLONE_MAC fwd to "bigtun"
    }
}
X
must ip netns exec $B tc qdisc add dev ext clsact
must ip netns exec $B tc filter add dev ext ingress protocol ip prio 1 u32 match u32 0 0 action mirred egress mirror dev cpy
echo "dataplane: up"
