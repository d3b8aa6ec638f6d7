#!/usr/bin/env bash
# generator-benchmark.sh: fleet-sim's report poster (the load generator of `./acu load`) next to wrk, both against
# the bare Vert.x handler of ../shared/bench (VertxAccept202.java: read the body, answer 202), on this machine.
#
#   bench/generator-benchmark.sh
#
# The question (issue 16): can the generator post faster than the intakes answer, so that `./acu load` measures the
# services and not its own client? The handler does nothing, so each side's rate is bounded by the client and the
# kernel. Runs: ref-vertx-202.sh (wrk, the ~1 KB FSP sample), then against a handler started the same way
# `acu-fleet-sim flood` (one fallback status report per simulated client, written and posted as a load run writes and
# posts them, through the same client and retry loop) with $REPORTS reports at each connection count, after
# $WARMUP_REPORTS unmeasured ones in the same JVM (the JIT compiles the posting path, as it has by a load run's
# reporting). Prints each side's rate, the flood's CPU per report (its own process, from the JVM), and the handler's
# (from /proc, over the whole flood, warm-up included).
# Knobs (environment): CONNECTIONS ("32 256"), REPORTS (200000), WARMUP_REPORTS (50000), SECONDS_PER_RUN (10, wrk),
# SHARED_BENCH (../shared/bench), VERTX_VERSION (4.5.27, as ref-vertx-202.sh), GENERATOR_JAVA_OPTS (-Xmx512m
# -XX:+UseG1GC, what `./acu load` runs the generator with).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${SHARED_BENCH:-$root/../shared/bench}"
[[ -x $bench/ref-vertx-202.sh ]] || { echo "no reference scripts in $bench (set SHARED_BENCH)" >&2; exit 2; }
. "$bench/lib.sh"
connections=${CONNECTIONS:-32 256} reports=${REPORTS:-200000} warmup=${WARMUP_REPORTS:-50000} seconds=${SECONDS_PER_RUN:-10}
export VERTX_VERSION=${VERTX_VERSION:-4.5.27}
read -ra generator_opts <<<"${GENERATOR_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"
sim=$root/tools/fleet-sim/target
[[ -f $sim/acu-fleet-sim-0.1.0-SNAPSHOT.jar ]] || die "tools/fleet-sim is not built: mvn -B package -DskipTests"
hz=$(getconf CLK_TCK)

work=$(mktemp -d /tmp/acu-generator-bench.XXXXXX)
server_pid=""
cleanup() { stop_pid "$server_pid" TERM; rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "generator benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n 1)"
for conns in $connections; do
  # wrk first: it also resolves and caches the handler's vertx-core classpath used below.
  wrk_line=$("$bench/ref-vertx-202.sh" "$seconds" "$conns" | tail -n 1)
  cpfile=/tmp/measure-vertx-cp-$VERTX_VERSION/classpath.txt
  [[ -s $cpfile ]] || die "no vertx-core classpath in $cpfile (ref-vertx-202.sh writes it)"
  port=$(free_port)
  java -cp "$(cat "$cpfile")" "$bench/VertxAccept202.java" "$port" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do grep -q '^VertxAccept202 ready' "$work/server.log" 2>/dev/null && break; sleep 0.2; done
  grep -q '^VertxAccept202 ready' "$work/server.log" || die "the Vert.x handler did not start"
  server_before=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
  java "${generator_opts[@]}" -cp "$sim/acu-fleet-sim-0.1.0-SNAPSHOT.jar:$sim/lib/*" io.acu.fleetsim.cli.FleetSimCommand flood \
    --url "http://127.0.0.1:$port/SMS_FSP/.sms_fsp" --reports "$reports" --warm-up "$warmup" --concurrency "$conns" > "$work/flood.log" 2>&1 \
    || { cat "$work/flood.log" >&2; die "the flood failed"; }
  server_after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
  flood=$(grep '^flood:' "$work/flood.log")
  rate=$(sed -E 's/.*s: ([0-9.]+) req\/s.*/\1/' <<<"$flood")
  stop_pid "$server_pid" TERM; server_pid=""
  handled=$(grep -oE 'handled [0-9]+' "$work/server.log" | awk '{ print $2 }')
  awk -v c="$conns" -v w="${wrk_line#ref-vertx-202: }" -v r="$rate" -v t=$(( server_after - server_before )) -v hz="$hz" -v n="${handled:-0}" \
    -v f="$flood" 'BEGIN { split(w, a, " "); printf "%4d conns: wrk %9.1f req/s, fleet-sim flood %9.1f req/s (%.1f %% of wrk); handler %.1f µs CPU per request\n  %s\n", c, a[1], r, 100 * r / a[1], (n > 0 ? t / hz * 1e6 / n : 0), f }'
done
