#!/usr/bin/env bash
# Prints how long the lxc backend takes to provision N guests (default 32) until all are ready,
# and to tear them down, over R rounds (default 3), from a cached image. Run as root after
#   mvn -B -ntp package -pl runner -am -DskipTests   and   ./virtbench image build
# Usage: scripts/lxc-provision-benchmark.sh [GUESTS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f runner/target/classpath.txt ]; then
  echo "lxc-provision-benchmark: build first: mvn -B -ntp package -pl runner -am -DskipTests" >&2
  exit 2
fi
exec java -cp "runner/target/classes:$(cat runner/target/classpath.txt)" \
  org.virtbench.runner.backend.lxc.ProvisionBenchmark "$@"
