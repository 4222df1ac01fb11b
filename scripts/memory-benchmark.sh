#!/usr/bin/env bash
# Prints the runner's resident memory (VmHWM) after 1, 12 and 24 cells of a cheap campaign on the host
# backend (n up to 32), once under the JDK's default heap settings and once under ./virtbench's.
# Run as root after   mvn -B -ntp package -pl benchmarks -am -DskipTests
# Usage: scripts/memory-benchmark.sh [TRIALS]
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.MemoryBenchmark "$@"
