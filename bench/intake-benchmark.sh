#!/usr/bin/env bash
# intake-benchmark.sh: the intakes (fsp's fallback status point, state-ingest's state-message intake) next to a bare
# Vert.x handler that reads the body and answers 202, with wrk, on this machine, in one run. Uses the reference
# scripts in ../shared/bench (ref-vertx-202.sh, load-post.sh; wrk from Debian's package) and never a JVM client.
#
#   bench/intake-benchmark.sh [fsp] [state-ingest]      (default: both)
#
# What runs: Kafka and PostgreSQL from `./acu infra` with ACU_JVM=production (C2, G1, as deploy/k8s runs the pods),
# then each intake as shipped: `java -jar quarkus-run.jar`, prod profile, JVM options $PRODUCT_JAVA_OPTS (default
# -Xmx384m -XX:+UseG1GC), throttle off (ConfigMgr's 10,000 messages an hour would answer 429s), 202 only after
# Kafka acknowledged (acks=all). state-ingest runs with client tokens off (wrk sends one fixed body and no
# Authorization header) and its consumers off (its Kafka → PostgreSQL ingest is measured by ingest-benchmark.sh),
# so the figure is the intake's.
# Method (../shared/bench/README.md): the same ~1 KB FSP Report for both sides; the product warmed up for $WARMUP_FIRST
# seconds (C2 compiles for about a minute), then per connection count $PAIRS interleaved pairs of
# reference / product runs of $SECONDS s each (5 s warm-up each); ratio = median(product) / median(reference).
# CPU per process comes from /proc/<pid>/stat over the product's measured runs, in µs per request; "rest" is the
# machine's other busy time (wrk, the kernel's softirq work, ...), from /proc/stat.
# Knobs (environment): SECONDS_PER_RUN (10), PAIRS (3), CONNECTIONS ("32 256"), WARMUP_FIRST (60), PRODUCT_JAVA_OPTS,
# SHARED_BENCH (../shared/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${SHARED_BENCH:-$root/../shared/bench}"
[[ -x $bench/load-post.sh && -x $bench/ref-vertx-202.sh ]] || { echo "no reference scripts in $bench (set SHARED_BENCH)" >&2; exit 2; }
. "$bench/lib.sh"
. "$root/bench/lib-acu.sh"
seconds=${SECONDS_PER_RUN:-10} pairs=${PAIRS:-3} connections=${CONNECTIONS:-32 256} warmup_first=${WARMUP_FIRST:-60}
read -ra product_opts <<<"${PRODUCT_JAVA_OPTS:--Xmx384m -XX:+UseG1GC}"
body=$bench/../samples/fsp-client-deployment-succeeded.xml
targets=("$@"); (( ${#targets[@]} )) || targets=(fsp state-ingest)
for t in "${targets[@]}"; do
  [[ $t == fsp || $t == state-ingest ]] || die "unknown intake '$t': fsp or state-ingest"
  [[ -f $root/services/$t/target/quarkus-app/quarkus-run.jar ]] || die "services/$t is not built: mvn -B package -DskipTests"
done

work=$(mktemp -d /tmp/acu-intake-bench.XXXXXX)
infra_pid="" product_pid=""
cleanup() {
  stop_pid "$product_pid" TERM
  stop_pid "$infra_pid" TERM
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_infra


start_product() {  # start_product SERVICE PORT
  local service=$1 port=$2 env=(QUARKUS_HTTP_PORT="$port") props=()
  case $service in
    fsp) env+=(ACU_FSP_GLOBAL_COUNT=0 ACU_FSP_PER_CLIENT_COUNT=0 ACU_FSP_PER_ADDRESS_COUNT=0) ;;
    state-ingest) env+=(ACU_INTAKE_GLOBAL_COUNT=0 ACU_INTAKE_PER_CLIENT_COUNT=0 ACU_INTAKE_PER_ADDRESS_COUNT=0
                        ACU_INTAKE_CLIENT_TOKENS_REQUIRED=false)
                  props=(-Dmp.messaging.incoming.fsp-messages.enabled=false -Dmp.messaging.incoming.client-state-messages.enabled=false) ;;
  esac
  (cd "$work" && exec env "${env[@]}" java "${product_opts[@]}" "${props[@]}" -jar "$root/services/$service/target/quarkus-app/quarkus-run.jar") \
    > "$work/$service.log" 2>&1 &
  product_pid=$!
  wait_port "$port" 120 "$product_pid" || { tail -n 40 "$work/$service.log" >&2; die "$service did not start"; }
}

declare -A summary
for service in "${targets[@]}"; do
  case $service in fsp) path=/SMS_FSP/.sms_fsp ;; state-ingest) path=/api/state-messages ;; esac
  port=$(free_port)
  start_product "$service" "$port"
  url="http://127.0.0.1:$port$path"
  log "$service: pid $product_pid, java ${product_opts[*]}; warming up ${warmup_first}s at 64 connections"
  WARMUP=0 "$bench/load-post.sh" "$url" "$warmup_first" 64 "$body" > /dev/null 2>&1 || die "$service warm-up failed"
  for conns in $connections; do
    refs=() products=() cpu_product=0 cpu_broker=0 cpu_pg=0 cpu_busy=0 requests=0
    for (( i = 1; i <= pairs; i++ )); do
      ref=$("$bench/ref-vertx-202.sh" "$seconds" "$conns" 2>/dev/null | tail -n 1 | awk '{ print $2 }')
      p0=$(ticks "$product_pid"); b0=$(ticks "$broker_pid"); g0=$(ticks $(postgres_pids)); m0=$(busy)
      line=$(WARMUP=5 "$bench/load-post.sh" "$url" "$seconds" "$conns" "$body" 2>"$work/load.err" | tail -n 1)
      p1=$(ticks "$product_pid"); b1=$(ticks "$broker_pid"); g1=$(ticks $(postgres_pids)); m1=$(busy)
      [[ $line == *" 0 non-2xx 0 socket-errors" ]] || { cat "$work/load.err" >&2; die "$service run not valid: $line"; }
      rate=$(awk '{ print $2 }' <<<"$line")
      refs+=("$ref"); products+=("$rate")
      # The CPU counters span the 5 s warm-up too; requests are estimated at the measured rate over both.
      requests=$(calc "$requests + $rate * ($seconds + 5)" %.0f)
      cpu_product=$(( cpu_product + p1 - p0 )); cpu_broker=$(( cpu_broker + b1 - b0 ))
      cpu_pg=$(( cpu_pg + g1 - g0 )); cpu_busy=$(( cpu_busy + m1 - m0 ))
      printf '%-12s %4d conns  pair %d: reference %9.1f req/s   %s %9.1f req/s\n' "$service" "$conns" "$i" "$ref" "$service" "$rate"
    done
    ref_median=$(printf '%s\n' "${refs[@]}" | median)
    product_median=$(printf '%s\n' "${products[@]}" | median)
    us() { calc "$1 * 1000000 / $hz / $requests" %.1f; }
    rest=$(( cpu_busy - cpu_product - cpu_broker - cpu_pg ))
    summary[$service/$conns]=$(printf '%-12s %4d conns: %9.1f vs %9.1f req/s (%s %%); CPU µs/request: %s %s, broker %s, PostgreSQL %s, rest (wrk, kernel) %s' \
      "$service" "$conns" "$product_median" "$ref_median" "$(calc "$product_median * 100 / $ref_median" %.1f)" \
      "$service" "$(us "$cpu_product")" "$(us "$cpu_broker")" "$(us "$cpu_pg")" "$(us "$rest")")
    echo "${summary[$service/$conns]}"
  done
  stop_pid "$product_pid" TERM; product_pid=""
done

echo
echo "intake benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo "product JVM: ${product_opts[*]}; broker: ACU_JVM=production ($(tr '\0' ' ' < "/proc/$broker_pid/cmdline" 2>/dev/null | grep -o -- '-X[^ ]*' | tr '\n' ' '))"
for service in "${targets[@]}"; do for conns in $connections; do echo "${summary[$service/$conns]}"; done; done
