#!/usr/bin/env bash
# The installed portdb, away from the source and build trees, answers from the
# registry it ships on its first use.   test_installed.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/share/portdb/ports.sqlite" || { echo "FAIL: share/portdb/ports.sqlite not installed"; exit 1; }

# A user with a fresh HOME, in a folder of its own, with no hint of the build.
mkdir -p "$work/home" "$work/cwd"
cd "$work/cwd"
run() { env -i HOME="$work/home" PATH=/usr/bin:/bin PORTDB_SYSTEM_SERVICES=/nonexistent PORTDB_NMAP_SERVICES=/nonexistent "$prefix/bin/portdb" "$@"; }

out=$(run lookup tacacss 2>"$work/err")
grep -q "^300 *tcp *tacacss *IANA 2025-12-15" <<<"$out" || { echo "FAIL: lookup tacacss: $out"; exit 1; }
grep -q "created $work/home/.local/share/portdb/ports.sqlite from the shipped IANA 2025-12-15" "$work/err" ||
  { echo "FAIL: first-use message: $(cat "$work/err")"; exit 1; }
info=$(run info)
grep -q "registry date  2025-12-15" <<<"$info" || { echo "FAIL: info: $info"; exit 1; }
# The registry's source is IANA's URL, not the build machine's path.
grep -q "https://www.iana.org/assignments/service-names-port-numbers" <<<"$info" || { echo "FAIL: source: $info"; exit 1; }
if grep -q "$build" <<<"$info"; then echo "FAIL: info names the build tree"; exit 1; fi
echo "ok: the installed portdb answered from its shipped registry"
