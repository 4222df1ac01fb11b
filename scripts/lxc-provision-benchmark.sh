#!/usr/bin/env bash
# Prints how long the lxc backend takes to provision N guests (default 32) until all are ready,
# and to tear them down, over R rounds (default 3), from a cached image. Run as root after
#   mvn -B -ntp package -pl benchmarks -am -DskipTests   and   ./virtbench image build
# Usage: scripts/lxc-provision-benchmark.sh [GUESTS] [ROUNDS]
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.LxcProvisionBenchmark "$@"
