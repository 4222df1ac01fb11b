#!/usr/bin/env bash
# Prints the start skew of n guests released together by the campaign engine's start gate: a timed
# sleep (S seconds, default 1) in n guests of a backend (default lxc), T trials each (default 5),
# for each n (default 1,2,4,8,16,32). Run as root after
#   mvn -B -ntp package -pl benchmarks -am -DskipTests   and, for lxc,   ./virtbench image build
# After the campaign it prints the floor: the same release of n bare wrapped processes on the host.
# Usage: scripts/skew-benchmark.sh [BACKEND|floor] [N,N,...] [TRIALS] [SECONDS]
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.SkewBenchmark "$@"
