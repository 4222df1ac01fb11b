#!/usr/bin/env bash
# A shorter KVM check over the folder prepare.sh made: the console goes to a plain file (no FIFO
# reader that can block), the NIC is QEMU user networking (the self-test uses no network), and
# several CPU models are tried in turn, each bounded, so one short run on a borrowed machine says
# which boots. Prints boot-to-ready and bzip2 -9 in the guest (host clock, polled every 50 ms, and
# the guest's own clock) next to the same bzip2 on that machine's host.
# usage: quick.sh ACCEL SECONDS CPU...     e.g. quick.sh kvm 40 host max qemu64
set -u
accel=$1; limit=$2; shift 2
B=$(cd "$(dirname "$0")" && pwd); W=$B/w
rm -rf "$W"; mkdir -p "$W"
tar -xzf "$B/qemu.tar.gz" -C "$W"; gzip -dc "$B/vmlinux.gz" > "$W/vmlinux"
q=$W/qemu
run_carried() { "$q/lib/ld-linux-x86-64.so.2" --library-path "$q/lib" "$@"; }
now() { date +%s%N; }
ms() { echo $(( ($1 - $2) / 1000000 )); }
out=${OUT:-$W}
for cpu in "$@"; do
  label=$accel-$cpu
  mapfile -t args < "$B/qemu-kvm.args"
  for i in "${!args[@]}"; do
    a=${args[$i]//@BUNDLE@/$B}; a=${a//@WORK@/$W}; a=${a//console.fifo/console-$label.log}
    case "$a" in tap,id=net0,*) a=user,id=net0 ;; esac
    args[$i]=$a
  done
  for i in "${!args[@]}"; do
    [ "${args[$i]}" = -cpu ] && args[$((i + 1))]=$cpu
    [ "${args[$i]}" = -accel ] && args[$((i + 1))]=$accel
  done
  cp "$B/disk.qcow2" "$W/disk.qcow2"
  log=$W/console-$label.log; : > "$log"
  t0=$(now)
  QEMU_MODULE_DIR=$q/modules run_carried "$q/bin/qemu-system-x86_64" "${args[@]:1}" -L "$q/share" > "$W/qemu-$label.log" 2>&1 &
  pid=$!
  ready=; start=; end=
  while kill -0 "$pid" 2>/dev/null; do
    t=$(now)
    [ -z "$ready" ] && grep -q VIRTBENCH-READY "$log" && ready=$t
    [ -z "$start" ] && grep -q VIRTBENCH-BZIP2-START "$log" && start=$t
    if grep -q VIRTBENCH-BZIP2-END "$log"; then end=$t; break; fi
    [ $(( (t - t0) / 1000000000 )) -ge "$limit" ] && break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  b=none; z=none
  [ -n "$ready" ] && b="$(ms "$ready" "$t0") ms"
  [ -n "$end" ] && z="$(ms "$end" "$start") ms"
  echo "== $label: boot-to-ready $b; bzip2 -9 in the guest (host clock, +-50 ms) $z"
  grep -a VIRTBENCH "$log"
  echo "-- qemu said:"; tail -n 5 "$W/qemu-$label.log"
  [ -n "$end" ] || { echo "-- console tail:"; tail -n 15 "$log" | cut -c1-200; }
  cp "$log" "$W/qemu-$label.log" "$out/" 2>/dev/null
  [ -n "$end" ] && break
done
run_carried "$q/bin/bzip2" -dc "$B/input.bz2" > "$W/input"; sync
h0=$(now); run_carried "$q/bin/bzip2" -9 -c "$W/input" > "$W/host.bz2"; h1=$(now)
echo "== host bzip2 -9 of the same $(stat -c %s "$W/input") bytes, same binary: $(ms "$h1" "$h0") ms"
