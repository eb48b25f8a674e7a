#!/bin/bash
# Prepares the QEMU guest for the GRE half of the data-plane proof (this machine's kernel has no GRE):
# Debian's cloud kernel — downloaded with apt-get and unpacked, never installed on this machine — and a small
# base initramfs: busybox-static, dash as /bin/sh, this machine's iproute2 ip/tc/bridge, nft, tcpdump and ethtool with
# their libraries, the kernel modules the scenario needs (with modules.dep, so the kernel's autoload works), and
# test/dataplane/guest/init as PID 1. Per-run files are appended later as a second archive.
#
#   prepare.sh           build what is missing or stale (idempotent; serialized by a lock)
#   prepare.sh --check   exit 0 if the cache is complete and current, 1 otherwise
#
# Cache: $DATAPLANE_CACHE (default <repo>/.work/dataplane, gitignored). Needs: apt-get (with package lists:
# `apt-get update`), dpkg-deb, kmod (depmod, modprobe), cpio, busybox-static, iproute2, nftables, tcpdump, ethtool.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CACHE=${DATAPLANE_CACHE:-$REPO/.work/dataplane}
KPKG=${KERNEL_PACKAGE:-linux-image-cloud-amd64}
# ip_gre for gretap; veth; bridge (an HA pair's collector: one gretap port per unit, pairGre.test.ts);
# tc (clsact = sch_ingress, u32, mirred); nftables netdev (payload set, fwd)
MODS="ip_gre gre ip_tunnel veth bridge sch_ingress cls_u32 act_mirred nf_tables nft_fwd_netdev nf_dup_netdev af_packet"
STAMP_INPUT=$(cat "$HERE/prepare.sh" "$HERE/init"; echo "$KPKG")
STAMP=$(printf '%s' "$STAMP_INPUT" | sha256sum | cut -c1-16)

current() {
    [ -f "$CACHE/stamp" ] && [ "$(cat "$CACHE/stamp")" = "$STAMP" ] &&
        [ -s "$CACHE/vmlinuz" ] && [ -s "$CACHE/base-initramfs.cpio.gz" ]
}
if [ "${1:-}" = --check ]; then current; exit; fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
if current; then echo "data-plane guest: cached in $CACHE"; exit 0; fi
t() { local s; s=$(date +%s.%N); "$@"; echo "TIMING $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $s}") s: $1" >&2; }

for c in apt-get apt-cache dpkg-deb depmod modprobe cpio gzip ip tc bridge nft tcpdump ethtool dash; do
    command -v "$c" >/dev/null || { echo "prepare.sh: $c is missing (bash .ci/run --deps-only installs what the tests need)" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "prepare.sh: /bin/busybox is missing (Debian package busybox-static)" >&2; exit 1; }

fetch_kernel() {
    local real deb
    # The metapackage names the current versioned image package.
    real=$(apt-cache depends "$KPKG" 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    [ -n "$real" ] || { echo "prepare.sh: apt-cache knows no $KPKG (run apt-get update first)" >&2; return 1; }
    if [ -s "$CACHE/kernel/PACKAGE" ] && [ "$(cat "$CACHE/kernel/PACKAGE")" = "$real" ]; then return 0; fi
    rm -rf "$CACHE/debs" "$CACHE/kernel"; mkdir -p "$CACHE/debs"
    (cd "$CACHE/debs" && apt-get download -q "$real" 2>&1 | grep -v -i unsandboxed || true)
    deb=$(ls "$CACHE"/debs/"$real"_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { echo "prepare.sh: apt-get download $real produced no .deb" >&2; return 1; }
    dpkg-deb -x "$deb" "$CACHE/kernel"
    ls "$CACHE/kernel/lib/modules" >"$CACHE/kernel/KVER"
    depmod -b "$CACHE/kernel" "$(cat "$CACHE/kernel/KVER")"   # the .deb ships no modules.dep (postinst makes it)
    echo "$real" >"$CACHE/kernel/PACKAGE"
    rm -rf "$CACHE/debs"
}

build_initramfs() {
    local R=$CACHE/rootfs KVER KROOT=$CACHE/kernel a MD ko rel
    KVER=$(cat "$KROOT/KVER")
    rm -rf "$R"
    mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,lib64,lib/x86_64-linux-gnu,proc,sys,dev,run,tmp,etc,root,test}
    mkdir -p "$R/var"; ln -s ../run "$R/var/run"
    cp /bin/busybox "$R/bin/busybox"
    # Busybox applets for everything else; the real ip/tc/sh must not be shadowed (busybox prefers its applets).
    for a in $(/bin/busybox --list); do
        case $a in ip | tc | bridge | sh | ash | busybox | nft | tcpdump | ethtool) continue ;; esac
        ln -sf busybox "$R/bin/$a"
    done
    ln -sf ../bin/busybox "$R/sbin/modprobe"   # the kernel's module autoload runs /sbin/modprobe
    copy() { # binary → same directory in the guest, with its libraries (and the dynamic loader)
        local bin dst lib d
        bin=$(readlink -f "$(command -v "$1")")
        dst=$2
        cp -L "$bin" "$R$dst/$1"
        ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do
            [ -f "$lib" ] || continue
            case $lib in /lib64/*) d=/lib64 ;; *) d=/lib/x86_64-linux-gnu ;; esac
            cp -Ln "$lib" "$R$d/" 2>/dev/null || true
        done
    }
    copy dash /bin; ln -sf dash "$R/bin/sh"
    copy ip /sbin; copy tc /sbin; copy bridge /sbin; copy nft /sbin; copy ethtool /sbin; copy tcpdump /usr/bin
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"
    printf 'root:x:0:\n' >"$R/etc/group"
    # The module closure of $MODS, and modules.dep/alias for busybox modprobe (the kernel's autoload).
    MD=$R/lib/modules/$KVER
    mkdir -p "$MD"
    for m in $MODS; do
        modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" 2>/dev/null | awk '$1=="insmod"{print $2}'
    done | sort -u | while read -r ko; do
        rel=${ko#"$KROOT"/lib/modules/"$KVER"/}
        mkdir -p "$MD/$(dirname "$rel")"; cp "$ko" "$MD/$rel"
    done
    cp "$KROOT/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$MD/" 2>/dev/null || true
    depmod -b "$R" "$KVER"
    cp "$HERE/init" "$R/init"; chmod 755 "$R/init"
    (cd "$R" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) >"$CACHE/base-initramfs.cpio.gz.tmp"
    mv "$CACHE/base-initramfs.cpio.gz.tmp" "$CACHE/base-initramfs.cpio.gz"
    cp "$KROOT/boot/vmlinuz-$KVER" "$CACHE/vmlinuz"
    echo "data-plane guest: kernel $KVER, initramfs $(du -h "$CACHE/base-initramfs.cpio.gz" | cut -f1)," \
        "$(find "$MD" -name '*.ko*' | wc -l) modules, in $CACHE"
    rm -rf "$R"
}

rm -f "$CACHE/stamp"
t fetch_kernel
t build_initramfs
echo "$STAMP" >"$CACHE/stamp"
