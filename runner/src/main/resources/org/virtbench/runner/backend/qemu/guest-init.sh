#!/bin/sh
# PID 1 of a virtbench QEMU guest, placed on its /run by the initrd. It mounts what the guest's
# programs expect, names the guest, and starts the SSH server in the foreground; sshd reaps every
# orphan (it waits for any child), so no further init is needed. With virtbench.selftest=bzip2 on
# the kernel command line it instead times bzip2 -9 of /virtbench-selftest/input.bz2 (decompressed
# first, untimed), writes the figures to the console and powers off: the KVM check needs no SSH.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
umask 022
up() { read -r vb_up vb_rest </proc/uptime; echo "$vb_up"; }

mkdir -p /dev/pts /dev/shm /tmp /var/tmp
mount -t devpts -o gid=5,mode=620,ptmxmode=000 devpts /dev/pts 2>/dev/null
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm 2>/dev/null
chmod 1777 /tmp /var/tmp

name=virtbench; selftest=
for word in $(cat /proc/cmdline); do
  case "$word" in
    virtbench.hostname=*) name=${word#*=} ;;
    virtbench.selftest=*) selftest=${word#*=} ;;
  esac
done
echo "$name" >/proc/sys/kernel/hostname

if [ "$selftest" = bzip2 ]; then
  echo "VIRTBENCH-READY $(up)"
  input=/var/tmp/virtbench-selftest-input
  bzip2 -dc /virtbench-selftest/input.bz2 >"$input" && sync
  echo "VIRTBENCH-BZIP2-START $(up)"
  bzip2 -9 -c "$input" >"$input.bz2"
  rc=$?
  echo "VIRTBENCH-BZIP2-END $(up) status=$rc in=$(wc -c <"$input") out=$(wc -c <"$input.bz2")"
  rm -f "$input" "$input.bz2"
  sync
  echo "VIRTBENCH-POWEROFF"
  echo o >/proc/sysrq-trigger
  sleep 30
  exit 0
fi

mkdir -p /run/sshd
chmod 0755 /run/sshd
echo "virtbench-guest: starting sshd at $(up)"
exec /usr/sbin/sshd -D -e \
  -o UsePAM=no -o UseDNS=no \
  -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
  -o AuthorizedKeysFile=/run/virtbench/authorized_keys \
  -o PrintMotd=no -o PrintLastLog=no
