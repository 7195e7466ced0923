#!/usr/bin/env bash
# Needs nsd, dnsperf and dig (bind9-dnsutils) from Debian.
# Queries per second of the reference authoritative server against nsd, under the same load
# generator (dnsperf, Debian package dnsperf) and the same query mix (fixtures/dns/dnsperf-queries.txt),
# never at the same time: both stay up and are measured alternately (reference, nsd, reference,
# nsd, ...) so that a change of load on a shared machine hits both; prints each round, the
# medians and their ratio.
#   bench/dns-qps.sh [seconds per measurement, default 10] [clients, default 4] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
clients=${2:-4}
rounds=${3:-3}
for binary in /usr/sbin/nsd /usr/bin/dnsperf; do
  [ -x "$binary" ] || { echo "missing $binary (apt-get install nsd dnsperf)" >&2; exit 2; }
done
runtime=$(mktemp -d)
# Stop both servers and wait for them (nsd writes its state files as it exits) before the folder goes.
trap 'kill ${ref_pid:-} ${nsd_pid:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$runtime"' EXIT
nsd_port=25353
ref_port=25354
zones=""
for file in fixtures/dns/zones/*.zone; do
  zones+=$'zone:\n  name: "'"$(basename "$file" .zone)"$'"\n  zonefile: "'"$PWD/$file"$'"\n'
done
python3 - "$runtime" "$nsd_port" "$zones" <<'PY'
import sys
runtime, port, zones = sys.argv[1:4]
text = open('fixtures/dns/nsd.conf.template').read()
text = text.replace('{port}', port).replace('{runtime}', runtime).replace('{zones}', zones)
open(f'{runtime}/nsd.conf', 'w').write(text)
PY
/usr/sbin/nsd -d -c "$runtime/nsd.conf" > "$runtime/nsd.out" 2>&1 &
nsd_pid=$!
# node itself, not npx: $! must be the server's pid for the EXIT trap to stop it (npx's
# grandchildren outlived the trap and kept the port).
node --import tsx harness/cli/main.ts serve dns-auth --port "$ref_port" > "$runtime/ref.out" 2>&1 &
ref_pid=$!
for _ in $(seq 1 50); do dig +short +tries=1 +time=1 -p "$ref_port" @127.0.0.1 umass.edu SOA > /dev/null 2>&1 && break; sleep 0.2; done
# Whatever answered must be this reference, not a server some earlier run left on the port.
kill -0 "$ref_pid" 2>/dev/null || { echo "the reference did not start: $(tail -n 1 "$runtime/ref.out")" >&2; exit 2; }
measure() {
  dnsperf -s 127.0.0.1 -p "$1" -d fixtures/dns/dnsperf-queries.txt -l "$seconds" -c "$clients" -q 200 > "$runtime/$2.dnsperf" 2>&1
  awk '/Queries per second/ {print $4}' "$runtime/$2.dnsperf"
}
ref_all=()
nsd_all=()
for round in $(seq 1 "$rounds"); do
  ref_qps=$(measure "$ref_port" "reference-$round")
  nsd_qps=$(measure "$nsd_port" "nsd-$round")
  echo "round $round: reference $ref_qps queries/s, nsd $nsd_qps queries/s ($(awk '/Queries lost/ {print $3}' "$runtime/reference-$round.dnsperf") and $(awk '/Queries lost/ {print $3}' "$runtime/nsd-$round.dnsperf") lost)"
  ref_all+=("$ref_qps")
  nsd_all+=("$nsd_qps")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
nsd_median=$(median "${nsd_all[@]}")
ref_median=$(median "${ref_all[@]}")
echo "nsd:       $nsd_median queries/s (median of $rounds)"
echo "reference: $ref_median queries/s (median of $rounds)"
python3 -c "print(f'ratio reference/nsd: {float(\"$ref_median\") / float(\"$nsd_median\"):.3f}')"
