#!/usr/bin/env bash
# Prints what telemetry costs: bzip2 (quick) on the host with --telemetry off and on, alternated
# round by round in one run, and the ratio of the medians (target: within 1%). Run after
#   mvn -B -ntp package -pl runner -am -DskipTests
# Usage: scripts/telemetry-cost.sh [ROUNDS] [TRIALS] [PERIOD]   (defaults: 4 15 1s)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f runner/target/classpath.txt ]; then
  echo "telemetry-cost: build first: mvn -B -ntp package -pl runner -am -DskipTests" >&2
  exit 2
fi
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "runner/target/classes:$(cat runner/target/classpath.txt)" \
  org.virtbench.runner.benchmark.TelemetryCostBenchmark "$@"
