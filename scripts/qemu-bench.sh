#!/usr/bin/env bash
# Boot-to-ready time of n QEMU guests and the SSH transport's per-command overhead next to
# OpenSSH's, in one run. Options: --guests N --rootfs DIR --accel tcg|kvm|auto --memory MIB
# --runs N --openssh-runs N --out DIR (see QemuBenchmark). Run as root after `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f runner/target/classpath.txt ]; then
  echo "qemu-bench: build first: mvn -B -ntp -q package -pl runner -am -DskipTests" >&2
  exit 2
fi
exec java -cp "runner/target/classes:$(cat runner/target/classpath.txt)" \
  org.virtbench.runner.backend.qemu.QemuBenchmark "$@"
