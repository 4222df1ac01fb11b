#!/usr/bin/env bash
# Boot-to-ready time of n QEMU guests and the SSH transport's per-command overhead next to
# OpenSSH's, in one run. Options: --guests N --rootfs DIR --accel tcg|kvm|auto --memory MIB
# --runs N --openssh-runs N --out DIR (see QemuBenchmark). Run as root after `mvn -B -ntp package -pl benchmarks -am -DskipTests`.
exec "$(dirname "$0")/java-main.sh" org.virtbench.benchmarks.QemuBenchmark "$@"
