#!/usr/bin/env bash
# Installs what the build needs on Debian 12 (run as root), then fetches the
# arm64 libraries the firmware links. Idempotent: does nothing when all is there.
# `setup.sh fuzz`: only what `make fuzz` adds (clang and its libFuzzer/sanitizer
# runtimes, which clang-14 only recommends), nothing else.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/build/deps"

# Installed without recommends; two of them the project does use, so they are named:
# libc6-dev-arm64-cross (the arm64 C library the Linux guest's programs and xtest build
# against) and ipxe-qemu (the ROM of the virtio-net NIC QEMU's virt machine adds by default).
host_pkgs="make gcc gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
  qemu-system-arm ipxe-qemu device-tree-compiler libcmocka-dev libssl-dev libmbedtls-dev
  libtomcrypt-dev libcbor-dev pkg-config cpio openssl e2fsprogs python3"
# libclang-rt-14-dev holds libclang_rt.fuzzer*.a, asan and ubsan for clang 14 (Debian 12).
fuzz_pkgs="clang libclang-rt-14-dev libcmocka-dev libssl-dev libmbedtls-dev libcbor-dev"
if [ "${1:-}" = fuzz ]; then
  host_pkgs=$fuzz_pkgs
fi
missing=""
for p in $host_pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi
[ "${1:-}" = fuzz ] && exit 0

# `make bench` only (tools/setup.sh bench): gnuplot draws the report's plots (tools/bench/report.bash).
if [ "${1:-}" = bench ]; then
  if ! dpkg-query -W -f='${Status}' gnuplot-nox 2>/dev/null | grep -q "install ok installed"; then
    echo "setup: installing gnuplot-nox (make bench)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends gnuplot-nox ||
      { apt-get update -q && apt-get install -y -q --no-install-recommends gnuplot-nox; }
  fi
fi

# arm64 libraries linked into the secure world (mbedTLS crypto; libtomcrypt for SHA-3;
# OpenSSL's libcrypto.a for SM3 alone), unpacked, not installed. The stamp holds the list:
# a longer list fetches again.
arm64_pkgs="libmbedtls-dev libmbedcrypto7 libtomcrypt-dev libssl-dev"
if [ "$(cat "$deps/stamp-arm64" 2>/dev/null)" != "$arm64_pkgs" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update -q
  fi
  mkdir -p "$deps/debs" "$deps/root"
  (cd "$deps/debs" && for p in $arm64_pkgs; do
     ls "${p}"_*_arm64.deb >/dev/null 2>&1 || apt-get download -q "$p:arm64" ||
       { apt-get update -q && apt-get download -q "$p:arm64"; }
   done)
  for d in "$deps"/debs/*.deb; do dpkg -x "$d" "$deps/root"; done
  echo "$arm64_pkgs" >"$deps/stamp-arm64"
fi
touch "$deps/stamp-arm64" # newer than this script: make does not run it again
