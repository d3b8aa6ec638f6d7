#!/usr/bin/env bash
# ingest-benchmark.sh: state messages end to end, HTTP → Kafka → PostgreSQL (the fallback status point, the topic
# acu.fsp.messages, state-ingest's consumers and write statement), next to PostgreSQL's COPY of the same number of
# rows (../shared/bench/ref-copy.sh, default durability), in one run, with wrk as the load generator.
#
#   bench/ingest-benchmark.sh
#
# What runs: Kafka and PostgreSQL from `./acu infra` with ACU_JVM=production, then fsp (throttle off) and state-ingest
# (client tokens off; its own intake idle) as shipped: `java -jar quarkus-run.jar`, prod profile, $PRODUCT_JAVA_OPTS
# (default -Xmx384m -XX:+UseG1GC). wrk posts Reports each from a client of its own (bench/unique-reports.lua: every
# message is a new row, idempotency and the current-state rule as in production), with 1 message per report (as
# clients send them) and with 20. A product run: wrk for $SECONDS_PER_RUN s at $CONNECTIONS connections, then wait
# until state-ingest stored every message fsp accepted; rate = rows stored / (last row's ingested_at − wrk's start).
# Every 2xx is counted as a message that must be stored; the run fails if fewer rows arrive.
# A run takes a while: fsp accepts 20-message reports faster than state-ingest stores them, and the wait for the last
# row is part of each run (about 25 minutes in all with the defaults on 2 cores; PAIRS=1 for about 10).
# Method (../shared/bench/README.md): after a warm-up of both shapes ($WARMUP_FIRST s each), $PAIRS rounds of
# ref-copy.sh ($COPY_ROWS rows, its median of 3 COPYs) followed by one product run per shape; ratio =
# median(product) / median(COPY). CPU per process in µs per stored message from /proc over the product runs.
# Knobs (environment): SECONDS_PER_RUN (20), CONNECTIONS (64), PAIRS (3), WARMUP_FIRST (15), COPY_ROWS (200000),
# SHAPES ("1 20"), PRODUCT_JAVA_OPTS, SHARED_BENCH (../shared/bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${SHARED_BENCH:-$root/../shared/bench}"
[[ -x $bench/ref-copy.sh ]] || { echo "no reference scripts in $bench (set SHARED_BENCH)" >&2; exit 2; }
. "$bench/lib.sh"
. "$root/bench/lib-acu.sh"
seconds=${SECONDS_PER_RUN:-20} conns=${CONNECTIONS:-64} pairs=${PAIRS:-3} warmup_first=${WARMUP_FIRST:-15}
copy_rows=${COPY_ROWS:-200000} shapes=${SHAPES:-1 20}
read -ra product_opts <<<"${PRODUCT_JAVA_OPTS:--Xmx384m -XX:+UseG1GC}"
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
ensure_cmd wrk wrk
for s in fsp state-ingest; do
  [[ -f $root/services/$s/target/quarkus-app/quarkus-run.jar ]] || die "services/$s is not built: mvn -B package -DskipTests"
done

work=$(mktemp -d /tmp/acu-ingest-bench.XXXXXX)
infra_pid="" fsp_pid="" ingest_pid=""
cleanup() {
  stop_pid "$fsp_pid" TERM
  stop_pid "$ingest_pid" TERM
  stop_pid "$infra_pid" TERM
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_infra
# jdbc:postgresql://host:port/db → psql arguments
[[ $QUARKUS_DATASOURCE_JDBC_URL =~ ^jdbc:postgresql://([^:/]+):([0-9]+)/([^?]+) ]] || die "unexpected JDBC URL $QUARKUS_DATASOURCE_JDBC_URL"
pg_host=${BASH_REMATCH[1]} pg_port=${BASH_REMATCH[2]} pg_db=${BASH_REMATCH[3]}
sql() { PGPASSWORD=$QUARKUS_DATASOURCE_PASSWORD "$pgbin/psql" -X -q -At -h "$pg_host" -p "$pg_port" -U "$QUARKUS_DATASOURCE_USERNAME" -d "$pg_db" -c "$1"; }


start_service() {  # start_service SERVICE PORT ENV...; prints the pid
  local service=$1 port=$2; shift 2
  (cd "$work" && exec env QUARKUS_HTTP_PORT="$port" "$@" java "${product_opts[@]}" -jar "$root/services/$service/target/quarkus-app/quarkus-run.jar") \
    > "$work/$service.log" 2>&1 &
  echo $!
}
fsp_port=$(free_port)
fsp_pid=$(start_service fsp "$fsp_port" ACU_FSP_GLOBAL_COUNT=0 ACU_FSP_PER_CLIENT_COUNT=0 ACU_FSP_PER_ADDRESS_COUNT=0)
ingest_port=$(free_port)
ingest_pid=$(start_service state-ingest "$ingest_port" ACU_INTAKE_CLIENT_TOKENS_REQUIRED=false)
wait_port "$fsp_port" 120 "$fsp_pid" || { tail -n 40 "$work/fsp.log" >&2; die "fsp did not start"; }
wait_port "$ingest_port" 120 "$ingest_pid" || { tail -n 40 "$work/state-ingest.log" >&2; die "state-ingest did not start"; }
url="http://127.0.0.1:$fsp_port/SMS_FSP/.sms_fsp"
base_epoch=$(( $(date +%s) - 300 ))   # just past, as live clients report: today's history partition
run_id=$(( (RANDOM << 15 | RANDOM) + 1 ))

stored() { sql "SELECT count(*) FROM state_ingest.state_message"; }

# product_run PER_REPORT SECONDS: prints "<msg/s> <rows> <elapsed s> <req/s> <cpu ticks fsp> <ingest> <broker> <pg> <busy>"
product_run() {
  local per=$1 dur=$2 before t0 out line rows expected last elapsed p0 i0 b0 g0 m0
  run_id=$(( run_id + 1 ))
  before=$(stored)
  p0=$(ticks "$fsp_pid"); i0=$(ticks "$ingest_pid"); b0=$(ticks "$broker_pid"); g0=$(ticks $(postgres_pids)); m0=$(busy)
  t0=$(now)
  out=$(timeout -k 5 $(( dur + 30 )) wrk -t"$(nproc)" -c"$conns" --timeout 10s -d"${dur}s" -s "$root/bench/unique-reports.lua" "$url" \
    -- "$run_id" "$per" "$base_epoch" 2>&1) || { echo "$out" >&2; die "wrk failed"; }
  line=$(grep '^WRKRESULT ' <<<"$out") || { echo "$out" >&2; die "wrk printed no WRKRESULT line"; }
  local kv; for kv in ${line#WRKRESULT }; do declare "W_${kv%%=*}=${kv#*=}"; done
  (( W_non2xx == 0 && W_connect + W_read + W_write + W_timeout == 0 )) || die "run not valid: $line"
  expected=$(( W_requests * per ))
  # wrk stops with requests in flight that fsp may still accept: wait until at least every counted one is stored
  # and the count has stopped moving for 5 s.
  local last_count=-1 still=0
  for _ in $(seq 1 600); do
    rows=$(( $(stored) - before ))
    if (( rows >= expected && rows == last_count )); then still=$(( still + 1 )); (( still >= 5 )) && break; else still=0; fi
    last_count=$rows
    sleep 1
  done
  (( rows >= expected )) || die "only $rows of $expected accepted messages were stored"
  last=$(sql "SELECT extract(epoch FROM max(ingested_at)) FROM state_ingest.state_message")
  elapsed=$(calc "$last - $t0" %.3f)
  echo "$(calc "$rows / $elapsed" %.0f) $rows $elapsed $(calc "$W_requests * 1e6 / $W_duration_us" %.0f)" \
    "$(( $(ticks "$fsp_pid") - p0 )) $(( $(ticks "$ingest_pid") - i0 )) $(( $(ticks "$broker_pid") - b0 ))" \
    "$(( $(ticks $(postgres_pids)) - g0 )) $(( $(busy) - m0 ))"
}

log "fsp pid $fsp_pid, state-ingest pid $ingest_pid, broker pid $broker_pid; java ${product_opts[*]}"
for per in $shapes; do
  log "warm-up: $per message(s) per report, ${warmup_first}s at $conns connections"
  product_run "$per" "$warmup_first" > /dev/null || die "warm-up failed"
done

declare -A rates cpu
copies=()
for (( i = 1; i <= pairs; i++ )); do
  copy=$("$bench/ref-copy.sh" "$copy_rows" 2>/dev/null | tail -n 1 | awk '{ print $2 }')
  copies+=("$copy")
  printf 'round %d: COPY %9.0f rows/s' "$i" "$copy"
  for per in $shapes; do
    result=$(product_run "$per" "$seconds") || die "product run failed"
    read -r rate rows elapsed reqs cf ci cb cg cm <<<"$result"
    rates[$per]+="$rate "
    cpu[$per]=$(awk -v a="${cpu[$per]:-0 0 0 0 0 0}" -v r="$rows" -v f="$cf" -v s="$ci" -v b="$cb" -v g="$cg" -v m="$cm" \
      'BEGIN { split(a, x, " "); printf "%d %d %d %d %d %d", x[1] + r, x[2] + f, x[3] + s, x[4] + b, x[5] + g, x[6] + m }')
    printf '   %2d/report: %7.0f msg/s (%d rows in %.1f s, %s req/s accepted; CPU µs/message fsp %s, state-ingest %s, broker %s, PostgreSQL %s)' \
      "$per" "$rate" "$rows" "$elapsed" "$reqs" "$(calc "$cf * 1000000 / $hz / $rows")" "$(calc "$ci * 1000000 / $hz / $rows")" \
      "$(calc "$cb * 1000000 / $hz / $rows")" "$(calc "$cg * 1000000 / $hz / $rows")"
  done
  echo
done

copy_median=$(printf '%s\n' "${copies[@]}" | median)
echo
echo "ingest benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n 1); wrk $conns connections, ${seconds}s runs"
echo "product JVMs: ${product_opts[*]}; broker: ACU_JVM=production; PostgreSQL: default durability (fsync on)"
for per in $shapes; do
  median_rate=$(printf '%s\n' ${rates[$per]} | median)
  read -r rows cf ci cb cg cm <<<"${cpu[$per]}"
  us() { calc "$1 * 1000000 / $hz / $rows" %.1f; }
  printf '%2d message(s)/report: %8.0f vs COPY %8.0f rows/s (%s %%); CPU µs/message: fsp %s, state-ingest %s, broker %s, PostgreSQL %s, rest (wrk, kernel) %s\n' \
    "$per" "$median_rate" "$copy_median" "$(calc "$median_rate * 100 / $copy_median" %.1f)" \
    "$(us "$cf")" "$(us "$ci")" "$(us "$cb")" "$(us "$cg")" "$(us "$(( cm - cf - ci - cb - cg ))")"
done
