#!/usr/bin/env bash
# Prints what telemetry costs: bzip2 (quick) on the host with --telemetry off and on, alternated
# round by round in one run, and the ratio of the medians (target: within 1%). Run after
#   mvn -B -ntp package -pl benchmarks -am -DskipTests
# Usage: scripts/telemetry-cost.sh [ROUNDS] [TRIALS] [PERIOD]   (defaults: 4 15 1s)
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.TelemetryCostBenchmark "$@"
