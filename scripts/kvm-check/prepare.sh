#!/usr/bin/env bash
# Assembles .kvmcheck/: everything needed to run the qemu backend's own QEMU command line with
# accel=kvm on a bare x86-64 Linux machine with /dev/kvm (no Java, no QEMU, no network), at most
# 64 MiB: QEMU with its libraries, loader, firmware and TCG module; the guest kernel and initrd;
# a small compressed guest disk (busybox, bzip2 and its libraries, the bzip2 input); the same
# bzip2 for the host side; and run.sh, which boots the guest, reads the guest's console and prints
# boot-to-ready and bzip2 -9 times in the guest next to bzip2 -9 on that machine's host.
# Run as root on the development machine, from anywhere: scripts/kvm-check/prepare.sh [OUT]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$repo/.kvmcheck}")
limit=$((64 * 1024 * 1024))
input_bytes=$((20 * 1024 * 1024))

cd "$repo"
if [ ! -f runner/target/classpath.txt ] || [ ! -d runner/target/classes ]; then
  mvn -B -ntp -q package -pl runner -am -DskipTests
fi
java_main() { java -cp "runner/target/classes:$(cat runner/target/classpath.txt)" org.virtbench.runner.backend.qemu.KvmCheckBundle "$@"; }

build=$(mktemp -d /var/tmp/virtbench-kvmcheck-build.XXXXXX)
trap 'rm -rf "$build"' EXIT
rm -rf "$out"
mkdir -p "$out"

# Copies a binary's shared libraries (and the loader) into DIR, flat.
copy_libs() { # BINARY DIR
  ldd "$1" | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' | while read -r lib; do
    cp -L -n "$lib" "$2/"
  done
}

# 1. The guest's root filesystem: busybox for the shell and tools, Debian's bzip2 with its libraries.
kernel_dir=$(java_main kernel | tail -n 1)
root=$build/rootfs
mkdir -p "$root"/{bin,usr/bin,lib/x86_64-linux-gnu,lib64,dev,proc,sys,run,tmp,var/tmp,virtbench-selftest}
cp "$kernel_dir/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp "$(command -v bzip2)" "$root/usr/bin/bzip2"
rm -f "$root/bin/bzip2" "$root/bin/bunzip2"  # the real bzip2, not busybox's applet
copy_libs "$(command -v bzip2)" "$root/lib/x86_64-linux-gnu"
mv "$root"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/"
chmod 1777 "$root/tmp" "$root/var/tmp"

# 2. The bzip2 input: the first 20 MiB of a tar of C headers (source text, like the paper's
#    tarballs), carried compressed in the guest disk and once more for the host side.
# (tar is cut off by head, hence its status is ignored)
(tar -cf - --sort=name --owner=0 --group=0 --mtime=@0 -C /usr include 2>/dev/null || true) | head -c "$input_bytes" > "$build/input"
[ "$(stat -c %s "$build/input")" = "$input_bytes" ] || { echo "prepare: /usr/include is too small for the input" >&2; exit 1; }
bzip2 -9 -c "$build/input" > "$root/virtbench-selftest/input.bz2"
cp "$root/virtbench-selftest/input.bz2" "$out/input.bz2"
rm "$build/input"

# 3. Kernel, initrd, disk and the backend's command lines, made by the backend's code.
java_main bundle --rootfs "$root" --out "$out"

# 4. QEMU: binary, libraries and loader (Debian 12's, started through its own loader so the
#    target's libc does not matter), the firmware it loads (SeaBIOS, the PVH and linuxboot option ROMs, kvmvapic), and the TCG module for run.sh --accel tcg.
q=$build/qemu
mkdir -p "$q"/{bin,lib,share,modules}
qemu=$(command -v qemu-system-x86_64)
cp "$qemu" "$q/bin/"
copy_libs "$qemu" "$q/lib"
tcg=/usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so
cp "$tcg" "$q/modules/"
copy_libs "$tcg" "$q/lib"
for fw in /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/pvh.bin /usr/share/qemu/kvmvapic.bin; do
  cp -L "$fw" "$q/share/"
done
cp "$(command -v bzip2)" "$q/bin/bzip2"
copy_libs "$(command -v bzip2)" "$q/lib"
qemu-system-x86_64 --version | head -n 1 > "$q/VERSION"
tar -C "$build" -czf "$out/qemu.tar.gz" qemu

cp "$repo/scripts/kvm-check/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
size=$(du -sb "$out" | cut -f1)
echo "prepare: $out holds $(ls "$out" | wc -l) files, $size bytes ($((size / 1024 / 1024)) MiB):"
ls -l "$out" | tail -n +2
if [ "$size" -gt "$limit" ]; then
  echo "prepare: $out is larger than 64 MiB" >&2
  exit 1
fi
