#!/bin/sh
# /test/main.sh in the data-plane guest: runs /test/scenario.sh (test/dataplane/scenario.sh) once per
# /test/cases/<name>.env, each in fresh namespaces, then sends every case's output directory (captures and
# logs) to the host as a base64 gzip'd tar on the second serial port. The verdicts are the host's (tshark).
set -u
rc=0
uptime_s() { cut -d' ' -f1 /proc/uptime; }
for env in /test/cases/*.env; do
    name=${env##*/}; name=${name%.env}
    out=/out/$name
    mkdir -p "$out"
    start=$(uptime_s)
    (set -a; . "$env"; set +a; OUT=$out; export OUT; /bin/sh /test/scenario.sh) >"$out/scenario.log" 2>&1
    r=$?
    echo "DPTEST-CASE $name rc=$r seconds=$(awk "BEGIN{printf \"%.2f\", $(uptime_s) - $start}")"
    if [ $r -ne 0 ]; then rc=1; tail -n 30 "$out/scenario.log"; fi
done
{
    echo "DPTEST-DATA-BEGIN"
    (cd /out && tar -czf - .) | base64
    echo "DPTEST-DATA-END"
} >/dev/ttyS1
exit $rc
