#!/usr/bin/env bash
# Prints the A/A spread under sequential and under interleaved trials: a backend (default host) run
# against a second copy of itself, for each workload (quick profile), ROUNDS kept trials per order,
# the round ratios' spread of both orders side by side. Run as root, under flock /work/heavy.lock
# where the machine is shared, after
#   mvn -B -ntp package -pl benchmarks -am -DskipTests   and, for lxc,   ./virtbench image build
# Usage: scripts/aa-benchmark.sh [BACKEND] [WORKLOAD,WORKLOAD] [ROUNDS]   (defaults: host bzip2,dd-file 10)
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.AaBenchmark "$@"
