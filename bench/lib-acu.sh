# shellcheck shell=bash
# lib-acu.sh: what acu's benchmark harnesses share (source it after ../shared/bench/lib.sh; needs $root and $work).
#
# start_infra: starts Kafka and PostgreSQL with `./acu infra` (ACU_JVM=production: C2 and G1, as deploy/k8s runs the
# pods), exports the services' environment it prints, and sets infra_pid (stop it in the caller's cleanup) and
# broker_pid (the broker JVM this run started, for CPU accounting).
start_infra() {
  log "starting Kafka and PostgreSQL (./acu infra, ACU_JVM=production) ..."
  ACU_JVM=production "$root/acu" infra > "$work/infra.log" 2>&1 &
  infra_pid=$!
  for _ in $(seq 1 600); do grep -q '^Running' "$work/infra.log" && break; kill -0 "$infra_pid" 2>/dev/null || break; sleep 0.5; done
  grep -q '^Running' "$work/infra.log" || { cat "$work/infra.log" >&2; die "./acu infra did not come up"; }
  eval "$(grep '^export ' "$work/infra.log")"
  # The broker started by this ./acu infra: a JVM running kafka.Kafka with its files under target/acu-infra.
  broker_pid=""
  local p cmd
  for p in $(pgrep -f 'kafka[.]Kafka' || true); do
    cmd=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null || true)
    [[ $cmd == *"$root/target/acu-infra"* && $cmd == *" kafka.Kafka "* ]] && { broker_pid=$p; break; }
  done
  [[ -n $broker_pid ]] || die "cannot find the Kafka broker's process"
}

# ticks PID...: user + system CPU of the processes, in clock ticks (hz per second), from /proc/<pid>/stat
ticks() { local sum=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && sum=$(( sum + $(awk '{ print $14 + $15 }' "/proc/$p/stat") )); done; echo "$sum"; }
# busy: the whole machine's busy time in clock ticks, from /proc/stat
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
# postgres_pids: every PostgreSQL server process (the harness's own; ref-copy.sh's cluster runs only between product runs)
postgres_pids() { pgrep -d ' ' -x postgres || true; }
hz=$(getconf CLK_TCK)
