#!/usr/bin/env bash
# Hotfix hashing + version-read throughput of manifest-builder next to `openssl dgst -sha256` on the same
# 25 MB file, in one run (see HashAndVersionBenchmark). Needs the module's test classes built, e.g.
#   mvn -B -q -pl services/manifest-builder -am install -DskipTests
# Usage: services/manifest-builder/bench/hash-benchmark.sh [sizeMiB] [warmupRounds] [timedRounds]
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$module/../.." && pwd)"
cp_file="$module/target/bench.classpath"
(cd "$root" && mvn -B -q -o -pl services/manifest-builder dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null)
exec java -Xms512m -Xmx512m -cp "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")" \
  io.acu.manifestbuilder.bench.HashAndVersionBenchmark "$@"
