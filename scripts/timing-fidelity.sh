#!/usr/bin/env bash
# Prints how faithfully each backend times a command of known length: `sleep S` (default 0.25) in one
# guest of each backend (default host,lxc,qemu), T trials (default 5), gated by the start gate and,
# for comparison, ungated (the transport's own span, how qemu and ssh guests were timed before); and
# the floor, `sleep 0` gated, the guest's own start and reap of the process, with the gated value less it.
# Run as root after   mvn -B -ntp package -pl benchmarks -am -DskipTests   and   ./virtbench image build
# Usage: scripts/timing-fidelity.sh [BACKEND,BACKEND,...] [TRIALS] [SECONDS]
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.TimingFidelityBenchmark "$@"
