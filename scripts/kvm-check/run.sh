#!/usr/bin/env bash
# KVM check of virtbench's qemu backend, run from the folder scripts/kvm-check/prepare.sh made.
# It boots the backend's own QEMU command line (qemu-kvm.args, written by the backend's Java code)
# with the carried QEMU, kernel, initrd and disk. The guest's init, told so by its kernel command
# line (virtbench.selftest=bzip2), reports ready, times bzip2 -9 of a 20 MiB input and powers off;
# its console is read through a FIFO and every line stamped with this host's clock. Then the same
# bzip2 binary compresses the same input on this host. Needs root for the tap device (without it
# the NIC falls back to QEMU user networking; the self-test uses no network).
#
# usage: run.sh [--accel kvm|tcg] [--timeout SECONDS] [--keep]
set -euo pipefail
accel=kvm
limit=
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --accel) accel=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--accel kvm|tcg] [--timeout SECONDS] [--keep]" >&2; exit 2 ;;
  esac
done
case "$accel" in kvm) limit=${limit:-300} ;; tcg) limit=${limit:-1500} ;; *) echo "run.sh: --accel kvm or tcg" >&2; exit 2 ;; esac

bundle=$(cd "$(dirname "$0")" && pwd)
# Scratch inside the folder, not in /tmp: a noexec /tmp would stop the carried loader.
work=$(mktemp -d "$bundle/work.XXXXXX")
qpid=
cleanup() {
  if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then kill -KILL "$qpid" 2>/dev/null || true; fi
  if [ "$keep" = 1 ]; then echo "run.sh: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
case "$bundle$work" in *,*) echo "run.sh: paths must not contain commas: $bundle $work" >&2; exit 2 ;; esac
now() { date +%s%N; }
seconds() { awk -v n="$1" 'BEGIN { printf "%.3f", n / 1e9 }'; }

echo "== machine"
echo "kernel: $(uname -srm); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/\s\+/ /g')"
if [ "$accel" = kvm ]; then
  if [ ! -c /dev/kvm ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
    echo "run.sh: /dev/kvm is missing or not read-write for $(id -un); cannot check KVM" >&2
    exit 3
  fi
fi

tar -xzf "$bundle/qemu.tar.gz" -C "$work"
q=$work/qemu
run_carried() { "$q/lib/ld-linux-x86-64.so.2" --library-path "$q/lib" "$@"; }
cp "$bundle/disk.qcow2" "$work/disk.qcow2"
if [ -f "$bundle/vmlinux.gz" ]; then
  gzip -dc "$bundle/vmlinux.gz" > "$work/vmlinux"  # the uncompressed kernel the backend boots (PVH)
fi

mapfile -t args < "$bundle/qemu-$accel.args"
for i in "${!args[@]}"; do
  a=${args[$i]//@BUNDLE@/$bundle}
  args[$i]=${a//@WORK@/$work}
done
net_note="tap device (created by QEMU, attached to nothing)"
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
  for i in "${!args[@]}"; do
    case "${args[$i]}" in tap,id=net0,*) args[$i]=user,id=net0 ;; esac
  done
  net_note="QEMU user networking (not root or no /dev/net/tun: the tap of the generated line is replaced)"
fi
printf '%q ' "${args[@]}" > "$work/cmdline"

mkfifo "$work/console.fifo"
( while IFS= read -r line; do printf '%s %s\n' "$(now)" "${line%$'\r'}"; done < "$work/console.fifo" > "$work/console.timed" ) &
reader=$!

echo "== guest under $accel: $(cat "$q/VERSION"); guest kernel $(cat "$bundle/guest-kernel.txt")"
echo "network: $net_note"
echo "command line: $(cat "$work/cmdline")"
t0=$(now)
QEMU_MODULE_DIR=$q/modules run_carried "$q/bin/qemu-system-x86_64" "${args[@]:1}" -L "$q/share" > "$work/qemu.log" 2>&1 &
qpid=$!
status=0
silent_limit=$(( limit / 5 ))
while kill -0 "$qpid" 2>/dev/null; do
  elapsed=$(( ($(now) - t0) / 1000000000 ))
  if [ "$elapsed" -ge "$silent_limit" ] && [ ! -s "$work/console.timed" ]; then
    echo "run.sh: the guest wrote nothing to its console within $silent_limit s" >&2
    kill -KILL "$qpid" 2>/dev/null || true
    status=4
    break
  fi
  if [ "$elapsed" -ge "$limit" ]; then
    echo "run.sh: the guest did not finish within $limit s" >&2
    kill -KILL "$qpid" 2>/dev/null || true
    status=4
    break
  fi
  sleep 0.2
done
wait "$qpid" 2>/dev/null || true
t_exit=$(now)
# A QEMU that died before opening the console leaves the reader blocked in open(): a writer
# that comes and goes releases it.
exec 3<>"$work/console.fifo"
exec 3>&-
wait "$reader" 2>/dev/null || true
qpid=

field() { awk -v tag="$1" -v n="$2" '$2 == tag { print $n; exit }' "$work/console.timed"; }
ready_host=$(field VIRTBENCH-READY 1)
ready_guest=$(field VIRTBENCH-READY 3)
start_host=$(field VIRTBENCH-BZIP2-START 1)
start_guest=$(field VIRTBENCH-BZIP2-START 3)
end_host=$(field VIRTBENCH-BZIP2-END 1)
end_guest=$(field VIRTBENCH-BZIP2-END 3)
end_line=$(grep -m1 VIRTBENCH-BZIP2-END "$work/console.timed" || true)
if [ -z "$ready_host" ] || [ -z "$end_host" ] || [ "$status" != 0 ]; then
  echo "run.sh: the self-test did not complete; QEMU said:" >&2
  tail -n 20 "$work/qemu.log" >&2 || true
  echo "console:" >&2
  tail -n 40 "$work/console.timed" >&2 || true
  exit 5
fi

echo "== host bzip2 (the guest's bzip2 binary, run here through the carried loader)"
run_carried "$q/bin/bzip2" -dc "$bundle/input.bz2" > "$work/input"
sync
h0=$(now); run_carried "$q/bin/bzip2" -9 -c "$work/input" > "$work/input.host.bz2"; h1=$(now)
system_line=
if command -v bzip2 >/dev/null 2>&1; then
  s0=$(now)
  if bzip2 -9 -c "$work/input" > "$work/input.system.bz2" 2>/dev/null; then
    s1=$(now)
    system_line="host bzip2 -9 (this machine's own $(command -v bzip2)):        $(seconds $((s1 - s0))) s"
  fi
fi

boot_ns=$((ready_host - t0))
guest_host_ns=$((end_host - start_host))
host_ns=$((h1 - h0))
echo "== results ($accel)"
echo "boot-to-ready (host clock, QEMU start -> guest init ready): $(seconds "$boot_ns") s  (guest uptime then: $ready_guest s)"
echo "guest bzip2 -9 of $(wc -c < "$work/input") bytes (host clock):          $(seconds "$guest_host_ns") s"
echo "guest bzip2 -9 (guest's own clock, /proc/uptime):            $(awk -v a="$start_guest" -v b="$end_guest" 'BEGIN { printf "%.3f", b - a }') s  [${end_line#* }]"
echo "host bzip2 -9, same binary and input:                        $(seconds "$host_ns") s"
[ -n "$system_line" ] && echo "$system_line"
echo "guest / host bzip2 time:                                     $(awk -v g="$guest_host_ns" -v h="$host_ns" 'BEGIN { printf "%.3f", g / h }')"
echo "QEMU start to exit (boot, self-test, power-off):             $(seconds $((t_exit - t0))) s"
