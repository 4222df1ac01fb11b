#!/usr/bin/env bash
# Runs a main class of the harness benchmarks (module benchmarks/, artifact virtbench-benchmarks) from
# this checkout's build: scripts/java-main.sh CLASS [ARGS...] (the benchmark scripts' common part).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f benchmarks/target/classpath.txt ] || [ ! -d benchmarks/target/classes ]; then
  echo "$(basename "$0"): build first: mvn -B -ntp package -pl benchmarks -am -DskipTests" >&2
  exit 2
fi
main="$1"
shift
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" "$main" "$@"
