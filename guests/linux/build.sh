#!/usr/bin/env bash
# Builds the Linux guest from Debian's arm64 packages (no kernel is built from
# source): build/linux/Image (the kernel of linux-image-6.1.0-*-arm64) and
# build/linux/initramfs.cpio.gz (busybox, tee.ko, optee.ko, optee-rng.ko of that kernel,
# libc6, libteec1, tee-supplicant and our tzv-client), plus
# build/linux/packages.txt with the exact package versions used.
#
# Packages are fetched once with `apt-get download PKG:arm64` into build/deps/debs
# and unpacked with `dpkg -x`; a later run reuses them (works offline). To move to
# newer packages, delete build/deps/debs/<pkg>_*.deb.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/guests/linux
debs=$top/build/deps/debs
out=$top/build/linux
CROSS=${CROSS:-aarch64-linux-gnu-}

# A fresh Debian 12 machine needs the arm64 architecture for apt-get download.
ensure_arm64() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		dpkg --add-architecture arm64
		apt-get update -q
	fi
}

# fetch <package>: the .deb of <package> for arm64 in $debs (downloaded if absent); prints its path.
fetch() {
	local p=$1 f
	f=$(ls "$debs/${p}"_*_arm64.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$f" ]; then
		ensure_arm64
		(cd "$debs" && { apt-get download -q "$p:arm64" >&2 ||
			{ apt-get update -q >&2 && apt-get download -q "$p:arm64" >&2; }; })
		f=$(ls "$debs/${p}"_*_arm64.deb | head -n 1)
	fi
	echo "$f"
}

mkdir -p "$debs" "$out"

# The kernel package linux-image-arm64 currently points to (linux-image-6.1.0-N-arm64),
# unless a kernel .deb is already there.
kdeb=$(ls "$debs"/linux-image-6.1.0-*-arm64_*_arm64.deb 2>/dev/null | head -n 1 || true)
kernel_package() {
	apt-cache depends linux-image-arm64:arm64 |
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-arm64\).*/\1/p' | head -n 1
}
if [ -z "$kdeb" ]; then
	ensure_arm64
	kpkg=$(kernel_package)
	# Stale package lists may name a kernel the archive no longer has: update, ask again.
	if [ -z "$kpkg" ] || ! (cd "$debs" && apt-get download -q "$kpkg:arm64" >&2); then
		apt-get update -q >&2
		kpkg=$(kernel_package)
		[ -n "$kpkg" ] || { echo "linux: no linux-image-6.1.0-*-arm64 behind linux-image-arm64" >&2; exit 1; }
	fi
	kdeb=$(fetch "$kpkg")
fi
pkgs_debs="$kdeb"
# libssl3 and libssl-dev: OpenSSL for normal-world test programs (make xtest builds xtest
# with it); libckteec0: optee-client's PKCS#11 library (make pkcs11 runs OP-TEE's PKCS#11
# TA with it, through tzv-pkcs11). Nothing of them goes into the guest's own initramfs.
for p in busybox-static libc6 libteec1 tee-supplicant optee-client-dev libssl3 libssl-dev \
	libckteec0; do
	pkgs_debs="$pkgs_debs $(fetch "$p")"
done

# Unpack everything into one tree.
pkgroot=$out/pkgroot
rm -rf "$pkgroot"
mkdir -p "$pkgroot"
: >"$out/packages.txt.new"
for d in $pkgs_debs; do
	dpkg -x "$d" "$pkgroot"
	dpkg-deb --show --showformat='${Package} ${Version} ${Architecture}\n' "$d" >>"$out/packages.txt.new"
done
mv "$out/packages.txt.new" "$out/packages.txt"

# The kernel: Debian's arm64 vmlinuz is the raw Image (EFI stub) in bookworm; older or
# other builds gzip it. Either way the result must carry the arm64 Image magic "ARMd".
kver=$(basename "$(ls -d "$pkgroot"/lib/modules/6.1.0-*-arm64 | head -n 1)")
vmlinuz=$pkgroot/boot/vmlinuz-$kver
if [ "$(head -c 2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
	gunzip -c "$vmlinuz" >"$out/Image.new"
else
	cp "$vmlinuz" "$out/Image.new"
fi
[ "$(dd if="$out/Image.new" bs=1 skip=56 count=4 2>/dev/null)" = ARMd ] ||
	{ echo "linux: $vmlinuz is not an arm64 Image" >&2; exit 1; }
mv "$out/Image.new" "$out/Image"

# Our client, dynamically linked against Debian's libteec.so.1.
"${CROSS}gcc" -std=c11 -Wall -Wextra -Werror -O2 -D_DEFAULT_SOURCE \
	-I"$pkgroot/usr/include" -I"$top/include" \
	-o "$out/tzv-client" "$src/tzv-client.c" \
	-L"$pkgroot/usr/lib/aarch64-linux-gnu" -Wl,-rpath-link,"$pkgroot/usr/lib/aarch64-linux-gnu" -lteec
# tzv-attest: an attestation token from the built-in `attest` TA (docs/attestation.md).
"${CROSS}gcc" -std=c11 -Wall -Wextra -Werror -O2 -D_DEFAULT_SOURCE \
	-I"$pkgroot/usr/include" -I"$top/include" \
	-o "$out/tzv-attest" "$src/tzv-attest.c" \
	-L"$pkgroot/usr/lib/aarch64-linux-gnu" -Wl,-rpath-link,"$pkgroot/usr/lib/aarch64-linux-gnu" -lteec
# tzv-bench: the figures `make bench` takes from user space (tools/bench.sh).
"${CROSS}gcc" -std=c11 -Wall -Wextra -Werror -O2 -D_DEFAULT_SOURCE \
	-I"$pkgroot/usr/include" -I"$top/include" -I"$top/ta/examples/hello/ta/include" \
	-o "$out/tzv-bench" "$src/tzv-bench.c" \
	-L"$pkgroot/usr/lib/aarch64-linux-gnu" -Wl,-rpath-link,"$pkgroot/usr/lib/aarch64-linux-gnu" -lteec
# tzv-pkcs11: a PKCS#11 client on libckteec.so.0 for OP-TEE's PKCS#11 TA (make pkcs11 puts
# both into its initramfs; the guest's own has no PKCS#11 TA).
"${CROSS}gcc" -std=c11 -Wall -Wextra -Werror -O2 -D_DEFAULT_SOURCE \
	-I"$pkgroot/usr/include" -o "$out/tzv-pkcs11" "$src/tzv-pkcs11.c" \
	-L"$pkgroot/usr/lib/aarch64-linux-gnu" -Wl,-rpath-link,"$pkgroot/usr/lib/aarch64-linux-gnu" \
	-lckteec
# The example TAs' clients (ta-<name>.c, with ta/examples/<name>/ta/include for the TA's header).
ta_clients=
for c in "$src"/ta-*.c; do
	n=$(basename "$c" .c)
	"${CROSS}gcc" -std=c11 -Wall -Wextra -Werror -O2 -D_DEFAULT_SOURCE \
		-I"$pkgroot/usr/include" -I"$top/ta/examples/${n#ta-}/ta/include" -o "$out/$n" "$c" \
		-L"$pkgroot/usr/lib/aarch64-linux-gnu" -Wl,-rpath-link,"$pkgroot/usr/lib/aarch64-linux-gnu" -lteec
	ta_clients="$ta_clients $n"
done

# The initramfs tree.
ir=$out/initramfs
rm -rf "$ir"
mkdir -p "$ir"/{bin,sbin,dev,proc,sys,tmp,run,root,etc,lib/modules,usr/bin,usr/sbin,var/lib/tee}
mkdir -p "$ir/lib/aarch64-linux-gnu" "$ir/usr/lib/aarch64-linux-gnu"
cp "$pkgroot/bin/busybox" "$ir/bin/busybox"
ln -s busybox "$ir/bin/sh"
cp -a "$pkgroot"/lib/ld-linux-aarch64.so.1 "$ir/lib/"
for f in ld-linux-aarch64.so.1 libc.so.6; do
	cp "$pkgroot/lib/aarch64-linux-gnu/$f" "$ir/lib/aarch64-linux-gnu/"
done
cp -a "$pkgroot"/usr/lib/aarch64-linux-gnu/libteec.so.1 \
	"$pkgroot"/usr/lib/aarch64-linux-gnu/libteec.so.1.0.0 "$ir/usr/lib/aarch64-linux-gnu/"
cp "$pkgroot/usr/sbin/tee-supplicant" "$ir/usr/sbin/"
cp "$out/tzv-client" "$out/tzv-attest" "$out/tzv-bench" "$ir/usr/bin/"
for n in $ta_clients; do cp "$out/$n" "$ir/usr/bin/"; done
# The signed example TAs (make tas) where tee-supplicant looks for them.
mkdir -p "$ir/lib/optee_armtz"
for t in "$top"/build/ta/*/*.ta; do [ ! -f "$t" ] || cp "$t" "$ir/lib/optee_armtz/"; done
# The modules, uncompressed on the host (busybox insmod takes plain .ko files). optee-rng
# binds to the TEE's RNG PTA on the TEE bus; the hwrng core it needs is built in
# (CONFIG_HW_RANDOM=y), so it depends on tee.ko only.
for m in tee optee optee-rng; do
	f=$(find "$pkgroot/lib/modules/$kver" -name "$m.ko*" | head -n 1)
	case "$f" in
	*.ko) cp "$f" "$ir/lib/modules/$m.ko" ;;
	*.ko.xz) xz -dc "$f" >"$ir/lib/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$ir/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$ir/lib/modules/$m.ko" ;;
	*) echo "linux: no $m.ko in $kver" >&2; exit 1 ;;
	esac
done
# A virtio disk for trusted storage when QEMU has one (the storage test): virtio-mmio, the
# block driver, ext4 and what ext4 needs, in load order (/init loads them).
mkdir -p "$ir/lib/modules/disk"
for m in drivers/virtio/virtio_mmio drivers/block/virtio_blk crypto/crc32c_generic lib/crc16 \
	fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4; do
	f=$(ls "$pkgroot/lib/modules/$kver/kernel/$m".ko* | head -n 1)
	case "$f" in
	*.ko) cp "$f" "$ir/lib/modules/disk/" ;;
	*.ko.xz) xz -dc "$f" >"$ir/lib/modules/disk/$(basename "$m").ko" ;;
	*) echo "linux: no $m.ko in $kver" >&2; exit 1 ;;
	esac
done
install -m 0755 "$src/init" "$ir/init"
mknod -m 0600 "$ir/dev/console" c 5 1
mknod -m 0666 "$ir/dev/null" c 1 3

# Same inputs, same bytes: fixed times and owners, sorted names (the monitor measures it).
find "$ir" -exec touch -h -d @0 {} +
(cd "$ir" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc --owner=0:0 --reproducible --quiet) | gzip -9 -n >"$out/initramfs.cpio.gz.new"
mv "$out/initramfs.cpio.gz.new" "$out/initramfs.cpio.gz"
echo "linux: $out/Image ($(stat -c %s "$out/Image") bytes), $out/initramfs.cpio.gz ($(stat -c %s "$out/initramfs.cpio.gz") bytes)"
sed 's/^/linux: package /' "$out/packages.txt"
