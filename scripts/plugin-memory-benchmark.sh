#!/usr/bin/env bash
# Prints the peak resident memory (VmHWM) of Maven's JVM while the virtbench Maven plugin runs a campaign of
# 24 cells (the plugin's own integration-test project, gzip-random quick on the host, n = 1..16, 18..32, 2
# trials): once with the heap settings the README gives for .mvn/jvm.config, once with them but the JIT's
# optimizing compiler (C2) on, once with the JDK's defaults,
# and, for scale, Maven's JVM compiling the same project without a campaign. The plugin runs inside Maven's
# JVM, so Maven and the compiler are part of what is measured.
# Run as root after   mvn -B -ntp verify   (it installs the plugin into runner/target/it-repo).
# Usage: scripts/plugin-memory-benchmark.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/runner/target/it/run-own-workload"
if [ ! -f "$project/pom.xml" ] || [ ! -d "$root/runner/target/it-repo/org/virtbench" ]; then
  echo "$(basename "$0"): run the integration tests first: mvn -B -ntp verify" >&2
  exit 2
fi
# a private scratch folder (0700 from mktemp), removed on any exit
scratch="$(mktemp -d -t virtbench-plugin-memory.XXXXXXXX)"
trap 'rm -rf -- "$scratch"' EXIT
cp -r -- "$root/runner/target/it-repo" "$scratch/repo"
cat > "$scratch/settings.xml" <<EOF
<settings><mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>file://$HOME/.m2/repository</url></mirror></mirrors></settings>
EOF
heap="-XX:+UseSerialGC -Xms32m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1"
heap_c2="${heap% -XX:TieredStopAtLevel=1}"
scales=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,18,20,22,24,26,28,30,32

# Runs Maven in a fresh copy of the project ($1: label, $2: jvm.config or empty, rest: goals); prints the JVM's VmHWM.
measure() {
  local label="$1" config="$2"
  shift 2
  local dir="$scratch/$label"
  cp -r -- "$project" "$dir"
  rm -rf -- "$dir/target" "$dir/build.log"
  mkdir -p "$dir/.mvn"
  if [ -n "$config" ]; then printf '%s\n' "$config" > "$dir/.mvn/jvm.config"; fi
  (cd "$dir" && exec mvn -B -ntp -s "$scratch/settings.xml" -Dmaven.repo.local="$scratch/repo" "$@") \
    > "$scratch/$label.log" 2>&1 &
  local pid=$! max=0 hwm p
  while kill -0 "$pid" 2>/dev/null; do
    # Maven's JVM is the child of the subshell whose working directory is the copy
    for p in $(pgrep -f 'org.codehaus.plexus.classworlds.launcher.Launcher' || true); do
      if [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$dir" ]; then
        hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
        if [ -n "$hwm" ] && [ "$hwm" -gt "$max" ]; then max=$hwm; fi
      fi
    done
    sleep 0.5
  done
  if ! wait "$pid"; then
    echo "$(basename "$0"): mvn failed for '$label'; its log:" >&2
    tail -40 "$scratch/$label.log" >&2
    exit 1
  fi
  awk -v l="$label" -v k="$max" 'BEGIN { printf "%-40s %8.1f MiB\n", l, k / 1024 }'
}

echo "Maven's JVM, peak resident memory (VmHWM), 24 cells up to n = 32 through the plugin:"
measure "compile only, harness heap" "$heap" compile
measure "24 cells, harness heap (README)" "$heap" compile virtbench:run -Dvirtbench.backends=host \
  -Dvirtbench.profile=quick -Dvirtbench.scales=$scales -Dvirtbench.repeat=2 -Dvirtbench.discard=0
measure "24 cells, harness heap with C2" "$heap_c2" compile virtbench:run -Dvirtbench.backends=host \
  -Dvirtbench.profile=quick -Dvirtbench.scales=$scales -Dvirtbench.repeat=2 -Dvirtbench.discard=0
measure "24 cells, JDK defaults" "" compile virtbench:run -Dvirtbench.backends=host \
  -Dvirtbench.profile=quick -Dvirtbench.scales=$scales -Dvirtbench.repeat=2 -Dvirtbench.discard=0
