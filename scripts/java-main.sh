#!/usr/bin/env bash
# Runs a main class of the runner from this checkout's build: scripts/java-main.sh CLASS [ARGS...]
# (the benchmark scripts' common part).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f runner/target/classpath.txt ]; then
  echo "$(basename "$0"): build first: mvn -B -ntp package -pl runner -am -DskipTests" >&2
  exit 2
fi
main="$1"
shift
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "runner/target/classes:$(cat runner/target/classpath.txt)" "$main" "$@"
