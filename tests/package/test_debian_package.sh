#!/usr/bin/env bash
# cpack -G DEB: the two packages hold what the README says, depend on what
# they need, and the unpacked binary answers from its own shipped registry.
#   test_debian_package.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$work" >/dev/null)
runtime=$(echo "$work"/portdb_*.deb)
dev=$(echo "$work"/portdb-dev_*.deb)
[ -f "$runtime" ] || fail "no portdb_*.deb in $(ls "$work")"
[ -f "$dev" ] || fail "no portdb-dev_*.deb in $(ls "$work")"

contains() {  # PACKAGE PATH...
  local package=$1 listing
  shift
  listing=$(dpkg-deb -c "$package" | awk '{print $6}')
  for path in "$@"; do
    grep -qx "\./$path" <<<"$listing" || fail "$(basename "$package") lacks $path"
  done
}
contains "$runtime" usr/bin/portdb usr/share/portdb/ports.sqlite usr/share/portdb/defacto-ports.toml \
  usr/share/man/man1/portdb.1 usr/share/bash-completion/completions/portdb usr/share/zsh/vendor-completions/_portdb \
  usr/share/fish/vendor_completions.d/portdb.fish
contains "$dev" usr/include/portdb/query/lookup.hpp usr/include/portdb/importer/import.hpp \
  usr/lib/cmake/portdb/portdbConfig.cmake usr/lib/pkgconfig/portdb.pc usr/lib/libportdb_query.a
# The runtime package has no development files, the -dev package no binary.
if dpkg-deb -c "$runtime" | grep -q '/include/\|\.a$'; then fail "portdb carries development files"; fi
if dpkg-deb -c "$dev" | grep -q 'usr/bin/'; then fail "portdb-dev carries the binary"; fi

depends=$(dpkg-deb -f "$runtime" Depends)
for needed in libc6 libsqlite3-0 libcurl4; do
  grep -q "$needed" <<<"$depends" || fail "portdb does not depend on $needed: $depends"
done
dev_depends=$(dpkg-deb -f "$dev" Depends)
for needed in "portdb (= " libsqlitecpp-dev libpugixml-dev nettle-dev; do
  grep -qF "$needed" <<<"$dev_depends" || fail "portdb-dev does not depend on $needed: $dev_depends"
done

# Unpacked anywhere, the binary finds the registry in ../share/portdb.
dpkg-deb -x "$runtime" "$work/root"
mkdir -p "$work/home"
out=$(env -i HOME="$work/home" PATH=/usr/bin:/bin PORTDB_SYSTEM_SERVICES=/nonexistent PORTDB_NMAP_SERVICES=/nonexistent \
      "$work/root/usr/bin/portdb" lookup finger 2>/dev/null)
grep -q "^79 *tcp *finger" <<<"$out" || fail "the packaged portdb answered: $out"
echo "ok: portdb and portdb-dev packages built, complete, and the binary answers"
