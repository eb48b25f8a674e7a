#!/bin/sh
# One run of the clone data plane, in network namespaces: the same script on this machine's kernel (VXLAN)
# and inside the QEMU guest (GRE-TEB, which this kernel lacks). POSIX sh; iproute2 ip/tc, nft, tcpdump, ethtool
# and busybox (client, proxy, web server) only. Every value it uses comes from the caller, who took it from
# the BIG-IP's device state (the emulator after our providers ran) or from the collector's rendered cloud-init:
#
#   client ──▶ VIP ┐ BIG-IP (full proxy) ┌ SNAT self ──▶ member          (the virtual and its pool, from the device)
#                  └─ clientside copies ─┴─ serverside copies           (the virtual's clone pools, from the device)
#                        │ dst MAC := ARP entry's MAC, into the tunnel (local, remote = FDB endpoint, key/VNI, port)
#   BIG-IP data self ══ router ══ collector underlay ─▶ collector's own tunnel device (the cloud-init unit's ExecStart)
#
# Settings (environment):
#   NS            prefix of the namespace names (unique per run)
#   OUT           directory for the captures and logs (must exist)
#   ENCAP         gre | vxlan                       — from the clone pool's resolution (tunnel profile)
#   TUN_LOCAL     BIG-IP tunnel local address       — resolution
#   TUN_REMOTE    where the copies are sent          — resolution (FDB record, else the tunnel's remote address)
#   TUN_KEY       GRE key / VXLAN VNI (0 = none)    — resolution
#   TUN_PORT      VXLAN UDP port                    — resolution (VXLAN profile)
#   TUN_MTU       BIG-IP tunnel MTU                 — the tunnel object
#   CLONE_MAC     destination MAC of every copy      — resolution (static ARP entry of the pool member)
#   CLONE_CONTEXTS  "clientside serverside" or one  — the virtual's clone pools that name our pool
#   DATA_CIDR     BIG-IP data self IP/prefix (must be TUN_LOCAL/len), DATA_GW its router
#   VIP, VIP_PORT the virtual's destination;  CLIENT_IP a client in the VIP's /24
#   SNAT_CIDR     the BIG-IP self IP/prefix in the member's subnet (SNAT automap source)
#   MEMBER, MEMBER_PORT  the application pool's member
#   COLLECTOR_CIDR  the collector's underlay address/prefix (its ENI), COLLECTOR_GW its router
#   COLLECTOR_DEV   the collector's tunnel device name (from its env file)
#   COLLECTOR_UP    the command the collector's systemd unit runs (ExecStart, %i substituted)
#   CANARY        value of the X-Clone-Canary request header
#   UNDERLAY_MTU  MTU of every underlay link (9001, as in AWS)
#   SHARED        optional (pair.test.ts, pairGre.test.ts): prefix of a router and collector namespace shared by several
#                 runs, one BIG-IP unit each (its router link RB, default rb); they outlive this run. With
#                 SHARED_CREATE=1 this run creates them and runs the collector's unit; otherwise they exist.
set -u

log() { echo "scenario: [$(cut -d' ' -f1 /proc/uptime)] $*"; }
die() { echo "scenario: FATAL: $*" >&2; echo "FATAL: $*" >>"$OUT/scenario.err"; exit 2; }
for v in NS OUT ENCAP TUN_LOCAL TUN_REMOTE TUN_KEY TUN_MTU CLONE_MAC CLONE_CONTEXTS DATA_CIDR DATA_GW VIP VIP_PORT \
    CLIENT_IP SNAT_CIDR MEMBER MEMBER_PORT COLLECTOR_CIDR COLLECTOR_GW COLLECTOR_DEV COLLECTOR_UP CANARY UNDERLAY_MTU; do
    eval "[ -n \"\${$v:-}\" ]" || die "$v is not set"
done
TUN_PORT=${TUN_PORT:-4789}
[ -d "$OUT" ] || die "OUT=$OUT is not a directory"

C=${NS}-cli B=${NS}-big S=${NS}-srv R=${SHARED:-$NS}-rtr K=${SHARED:-$NS}-col RB=${RB:-rb}
OWN="$C $B $S" NEW="$C $B $S" MAKE_SHARED=1
[ -z "${SHARED:-}" ] || [ -n "${SHARED_CREATE:-}" ] || MAKE_SHARED=
[ -n "${SHARED:-}" ] || OWN="$OWN $R $K"
[ -z "$MAKE_SHARED" ] || NEW="$NEW $R $K"
PIDS=
in_ns() { n=$1; shift; ip netns exec "$n" "$@"; }
must() { "$@" || die "command failed: $*"; }

cleanup() {
    for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    for n in $OWN; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 3' INT TERM

log "namespaces $NS-*"
# --- namespaces and links (ip -batch: one process per namespace, which matters under QEMU's emulation) -----
for n in $NEW; do
    ip netns del "$n" 2>/dev/null
    must ip netns add "$n"
done
# IPv4 only, so the only frames in the tunnel are the copies (the BIG-IP's own tunnel device would otherwise
# send IPv6 neighbour discovery through it). The collector is left exactly as its unit makes it.
v6off='echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
for n in $C $B $S; do must in_ns "$n" sh -c "$v6off"; done
[ -z "$MAKE_SHARED" ] || must in_ns $R sh -c "$v6off && echo 1 >/proc/sys/net/ipv4/ip_forward"
batch() { # [ip options...] — commands on stdin, stopped at the first failure
    ip "$@" -batch - || die "ip $* -batch failed (see above)"
}
# The router's collector side and the collector, which runs exactly what its systemd unit runs at boot (each
# line of COLLECTOR_UP is one command: ExecStart, then any ExecStartPost of a drop-in).
collector_side() {
    batch <<EOF
link add rc netns $R mtu $UNDERLAY_MTU type veth peer name eth0 netns $K mtu $UNDERLAY_MTU
EOF
    batch -n $R <<EOF
link set lo up
addr add $COLLECTOR_GW/${COLLECTOR_CIDR#*/} dev rc
link set rc up
EOF
    batch -n $K <<EOF
link set lo up
addr add $COLLECTOR_CIDR dev eth0
link set eth0 up
route add default via $COLLECTOR_GW
EOF
    printf '%s\n' "$COLLECTOR_UP" | while read -r cmd; do
        log "collector: $cmd"
        # shellcheck disable=SC2086
        in_ns $K $cmd >>"$OUT/collector-up.log" 2>&1 || { cat "$OUT/collector-up.log" >&2; exit 1; }
    done || die "the collector's tunnel unit command failed"
    ip -n $K -d link show dev "$COLLECTOR_DEV" >"$OUT/collector-link.txt" 2>&1 || die "the collector has no $COLLECTOR_DEV after its unit ran"
}
batch <<EOF
link add cli netns $C type veth peer name ext netns $B
link add int netns $B type veth peer name srv netns $S
link add data netns $B mtu $UNDERLAY_MTU type veth peer name $RB netns $R mtu $UNDERLAY_MTU
link add cpy netns $B type veth peer name cpyx netns $B
EOF
# client ── ext (VIP) | BIG-IP | int (SNAT self) ── member;  BIG-IP data ── router ── collector (underlay MTU)
batch -n $C <<EOF
link set lo up
addr add $CLIENT_IP/24 dev cli
link set cli up
EOF
batch -n $B <<EOF
link set lo up
addr add $VIP/24 dev ext
addr add $SNAT_CIDR dev int
addr add $DATA_CIDR dev data
link set ext up
link set int up
link set data up
link set cpy up
link set cpyx up
route add default via $DATA_GW
EOF
batch -n $S <<EOF
link set lo up
addr add $MEMBER/${SNAT_CIDR#*/} dev srv
link set srv up
EOF
batch -n $R <<EOF
addr add $DATA_GW/${DATA_CIDR#*/} dev $RB
link set $RB up
EOF
[ -z "$MAKE_SHARED" ] || collector_side

# Wire-size frames only: with segmentation/checksum offloads a veth hands the BIG-IP 64 KB TCP super-packets
# with partial checksums, which a real BIG-IP interface never sees; so the copies are what a wire carries.
for x in "$C cli" "$B ext" "$B int" "$S srv"; do
    set -- $x
    must in_ns "$1" ethtool -K "$2" tso off gso off gro off tx off >/dev/null
done

log "BIG-IP: $ENCAP tunnel $TUN_LOCAL → $TUN_REMOTE key $TUN_KEY, copies to $CLONE_MAC ($CLONE_CONTEXTS)"
# --- the BIG-IP's tunnel, built from the resolution ------------------------------------------------------
case "$ENCAP" in
    vxlan)
        # nolearning: the BIG-IP does not learn endpoints from the collector; every copy goes to the FDB endpoint.
        must ip -n $B link add bigtun type vxlan id "$TUN_KEY" local "$TUN_LOCAL" remote "$TUN_REMOTE" dstport "$TUN_PORT" nolearning ;;
    gre)
        if [ "$TUN_KEY" = 0 ]; then key=; else key="key $TUN_KEY"; fi
        # shellcheck disable=SC2086
        must ip -n $B link add bigtun type gretap local "$TUN_LOCAL" remote "$TUN_REMOTE" ttl 255 $key ;;
    *) die "ENCAP=$ENCAP" ;;
esac
must ip -n $B link set bigtun mtu "$TUN_MTU" up

# --- the clone: copy, set the destination MAC to the ARP entry's, send into the tunnel ---------------------
# tc mirred makes the copies (the original packets go on untouched) and sends them out of "cpy", one end of a
# veth pair whose only purpose is to carry copies. This machine's kernel has no tc pedit/skbmod to rewrite a
# MAC, so on the other end ("cpyx") an nftables netdev ingress rule does what the BIG-IP does to a clone:
# destination MAC := the member's static ARP MAC, then out of the tunnel ("fwd to"). The rewrite happens on
# the copy only, after it has left the original's path, so the proxied traffic is never altered. The same
# mechanism runs in the QEMU guest, so the GRE and VXLAN proofs differ only in the tunnel.
# A copy of a packet the BIG-IP itself sends (egress) still has the partial TCP checksum the stack leaves to the
# NIC; without checksum offload on "cpy" the kernel completes it there, as the BIG-IP's NIC would on the wire.
must in_ns $B ethtool -K cpy tx off >/dev/null
must in_ns $B nft -f - <<EOF
table netdev clone {
    chain copies {
        type filter hook ingress device "cpyx" priority 0; policy drop;
        ether daddr set $CLONE_MAC fwd to "bigtun"
    }
}
EOF
must in_ns $B tc qdisc add dev ext clsact
must in_ns $B tc qdisc add dev int clsact
mirror() { # dev direction match...: TCP of one connection leg, copied to cpy
    d=$1 dir=$2; shift 2
    must in_ns $B tc filter add dev "$d" "$dir" protocol ip prio 1 u32 match ip protocol 6 0xff "$@" \
        action mirred egress mirror dev cpy
}
for ctx in $CLONE_CONTEXTS; do
    case $ctx in
        clientside) # client → VIP arrives on ext; VIP → client leaves it
            mirror ext ingress match ip dst "$VIP/32" match ip dport "$VIP_PORT" 0xffff
            mirror ext egress match ip src "$VIP/32" match ip sport "$VIP_PORT" 0xffff ;;
        serverside) # SNAT self → member leaves int; member → SNAT self arrives on it
            mirror int egress match ip dst "$MEMBER/32" match ip dport "$MEMBER_PORT" 0xffff
            mirror int ingress match ip src "$MEMBER/32" match ip sport "$MEMBER_PORT" 0xffff ;;
        *) die "unknown clone context $ctx" ;;
    esac
done

log "application"
# --- the application: web server (pool member) and the BIG-IP's full proxy -------------------------------
# Full-size frames: the request and the response body are each exactly one full TCP segment (MTU 1500 − 20 IP
# − 32 TCP with timestamps = 1448 bytes), so each travels as a 1514-byte frame (IP 1500) that the collector's
# kernel cannot merge with a neighbour (GRO merges consecutive full segments of a flow into one super-frame on
# the tunnel device; a segment between a pushed one and a FIN or an ACK stays as it was sent).
SEG=1448
mkdir -p "$OUT/www" || die "mkdir www"
line="clone-l3 data-plane proof, canary $CANARY, "
body=
while [ ${#body} -lt $SEG ]; do body="$body$line"; done
printf '%s' "$body" | head -c $SEG >"$OUT/www/clone-proof.txt"
URI="/clone-proof.txt?canary=$CANARY"
# busybox wget sends: request line, Host (with port), User-Agent: Wget, Connection: close, then our headers;
# "__" stands for each CRLF (same length), so the padding header makes the request exactly one segment.
req="GET ${URI} HTTP/1.1__Host: ${VIP}:${VIP_PORT}__User-Agent: Wget__Connection: close__X-Clone-Canary: ${CANARY}__X-Clone-Padding: ____"
pad=$((SEG - ${#req}))
[ $pad -gt 0 ] || die "request too long to pad"
PADDING=$(printf "%${pad}s" "" | tr ' ' p)
ip netns exec $S busybox httpd -f -p "$MEMBER:$MEMBER_PORT" -h "$OUT/www" &
PIDS="$PIDS $!"
# A full proxy: the client's connection ends at the VIP; a separate connection from the SNAT self IP to the
# member carries the same bytes (busybox nc runs a second nc per accepted connection).
ip netns exec $B busybox nc -ll -p "$VIP_PORT" -e busybox nc "$MEMBER" "$MEMBER_PORT" &
PIDS="$PIDS $!"

log "captures"
# --- captures: the collector's tunnel device (inbound), its underlay, and what the BIG-IP sent -------------
if [ "$ENCAP" = vxlan ]; then outer="udp dst port $TUN_PORT"; else outer="ip proto 47"; fi
capture() { # ns dev file direction [filter]
    ip netns exec "$1" tcpdump -Z root -i "$2" -Q "$4" -n -s 0 --immediate-mode -U -w "$OUT/$3.pcap" ${5:+"$5"} 2>"$OUT/$3.err" &
    PIDS="$PIDS $!"
}
capture $K "$COLLECTOR_DEV" tunnel in
capture $K eth0 underlay in "$outer"
capture $B data sent out "$outer"
listening() {
    for f in tunnel underlay sent; do grep -q "listening on" "$OUT/$f.err" 2>/dev/null || return 1; done
    ip netns exec $S busybox netstat -ltn 2>/dev/null | grep -q ":$MEMBER_PORT " || return 1
    ip netns exec $B busybox netstat -ltn 2>/dev/null | grep -q ":$VIP_PORT " || return 1
}
n=0
until listening; do
    n=$((n + 1)); [ $n -lt 100 ] || die "captures/servers did not start: $(cat "$OUT"/*.err)"
    sleep 0.1
done

# --- one request through the virtual ---------------------------------------------------------------------
log "client $CLIENT_IP → http://$VIP:$VIP_PORT/ (X-Clone-Canary: $CANARY)"
in_ns $C timeout 10 busybox wget -q -O "$OUT/body.txt" --header "X-Clone-Canary: $CANARY" --header "X-Clone-Padding: $PADDING" \
    "http://$VIP:$VIP_PORT$URI" 2>"$OUT/wget.err" || die "the request through the virtual failed: $(cat "$OUT/wget.err")"
cmp -s "$OUT/body.txt" "$OUT/www/clone-proof.txt" || die "the client got a different body than the server sent"
sleep 0.5 # let the last copies cross the tunnel
in_ns $B tc -s filter show dev ext ingress >"$OUT/tc-stats.txt" 2>&1
in_ns $B tc -s filter show dev int ingress >>"$OUT/tc-stats.txt" 2>&1
if [ -n "${SHARED:-}" ]; then # the shared collector's device after this unit's copies (pair.test.ts: still the same one)
    ip -n $K -d link show dev "$COLLECTOR_DEV" >"$OUT/collector-link-after.txt" 2>&1
    bridge -n $K fdb show dev "$COLLECTOR_DEV" >"$OUT/collector-fdb.txt" 2>&1
    # Every link of the collector, and (a bridge of gretap ports: pairGre.test.ts) its ports and what they learned.
    ip -n $K -d link show >"$OUT/collector-links-after.txt" 2>&1
    bridge -n $K -d link show >"$OUT/collector-bridge-ports.txt" 2>&1
    bridge -n $K fdb show br "$COLLECTOR_DEV" >"$OUT/collector-bridge-fdb.txt" 2>&1
fi
cleanup
trap - EXIT
log "done"
