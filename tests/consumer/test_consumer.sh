#!/usr/bin/env bash
# portdb as a library: install the build into a temporary prefix, configure
# tests/consumer against it with find_package(portdb), build, run, and check
# the answers; then the same program built with pkg-config alone.
#   test_consumer.sh BUILD_DIR [FLAGS]
# FLAGS: compiler and linker flags the build's libraries need in a program
# (-fsanitize=... when the build is instrumented).
set -euo pipefail
build=$1
flags=${2:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

fail() { echo "FAIL: $*"; exit 1; }
for header in db/database.hpp importer/import.hpp query/lookup.hpp query/checker.hpp query/suggester.hpp; do
  test -f "$prefix/include/portdb/$header" || fail "include/portdb/$header not installed"
done
# Implementation types stay out of the public headers.
if grep -rlE '#include <(nlohmann|SQLiteCpp|sqlite3|CLI|curl|pugixml|toml)' "$prefix/include/portdb"; then
  fail "a public header includes an implementation library"
fi

expected="lookup finger: finger 79/tcp from IANA 2025-12-15
lookup finger: finger 79/udp from IANA 2025-12-15
lookup mydaemon: mydaemon 31007/tcp from $work/our-services
check 79/tcp: conflict
check 30079/tcp: ok
check 31007/tcp: caution
suggest finger, server 2: 32079"
printf 'mydaemon 31007/tcp # our own daemon\n' >"$work/our-services"

# 1. CMake: find_package(portdb) from the prefix, nothing else on the path.
cmake -S "$here" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
got=$(env -i PATH=/usr/bin:/bin HOME="$work" PORTDB_SYSTEM_SERVICES=/nonexistent PORTDB_NMAP_SERVICES=/nonexistent \
      "$work/cmake-build/which_port" "$work/cmake.sqlite" "$work/our-services")
[ "$got" = "$expected" ] || fail "find_package consumer answered:
$got
expected:
$expected"

# 2. pkg-config: the same program, compiled by hand.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/$(gcc -print-multiarch 2>/dev/null)/pkgconfig"
datadir=$(realpath "$(pkg-config --variable=datadir portdb)")
[ "$datadir" = "$(realpath "$prefix/share/portdb")" ] || fail "portdb.pc datadir is $datadir"
# shellcheck disable=SC2046,SC2086
g++ -std=c++20 $flags -DPORTDB_SHIPPED_DATABASE="\"$datadir/ports.sqlite\"" "$here/which_port.cpp" \
    $(pkg-config --cflags --libs portdb) -o "$work/which_port_pc"
got=$(env -i PATH=/usr/bin:/bin HOME="$work" PORTDB_SYSTEM_SERVICES=/nonexistent PORTDB_NMAP_SERVICES=/nonexistent \
      "$work/which_port_pc" "$work/pc.sqlite" "$work/our-services")
[ "$got" = "$expected" ] || fail "pkg-config consumer answered:
$got"
echo "ok: find_package(portdb) and pkg-config consumers answered a lookup, a check and a suggestion"
