#!/usr/bin/env bash
# Installs what is missing, builds portdb (Release, in build/) and runs it with
# the arguments given:  ./run.sh lookup finger
# Build output goes to stderr, so stdout is portdb's alone (./run.sh --json info | jq).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/scripts/install-deps.sh"
if [ ! -f "$here/build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$here/build" --target portdb -j "$(nproc)" >&2
exec "$here/build/query/cli/portdb" "$@"
