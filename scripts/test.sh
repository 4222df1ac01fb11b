#!/usr/bin/env bash
# Runs every test: installs the Debian packages the tests use (as root), then mvn verify.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  ./scripts/install-deps.sh
else
  echo "test.sh: not root; assuming scripts/install-deps.sh has been run" >&2
fi
exec mvn -B -ntp verify "$@"
