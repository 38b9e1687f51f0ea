#!/usr/bin/env bash
# Installs the Debian 12 packages portdb builds and tests with, only those missing,
# and any further packages named as arguments (./fuzz.sh adds clang).
# Quiet when everything is present; uses sudo when not root.
set -euo pipefail

packages=("$@"

  cmake g++ make pkg-config
  libcurl4-openssl-dev libpugixml-dev libsqlitecpp-dev libsqlite3-dev nettle-dev
  catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev libyaml-cpp-dev
  python3 openssl
  scdoc groff-base man-db zsh fish
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "portdb: installing missing packages: ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
