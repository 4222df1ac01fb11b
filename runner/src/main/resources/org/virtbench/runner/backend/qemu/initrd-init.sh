#!/bin/busybox sh
# The initrd of a virtbench QEMU guest (run as PID 1 by the kernel). It loads the virtio and ext4
# modules, configures the network from the kernel command line (virtbench.ip=ADDR/PREFIX,
# virtbench.gw=GATEWAY), mounts the guest disk /dev/vda, puts the run's files into a tmpfs on the
# guest's /run and hands over to the guest's init. The one change to the guest's own files (in its
# private overlay, never in the shared base image): root's login shell becomes /bin/sh when it is
# /bin/bash. sshd starts the login shell for every command the SSH transport runs, and under TCG
# dash starts in about half of bash's time; commands themselves never depend on the login shell.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /root
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

up() { read -r vb_up vb_rest </proc/uptime; echo "$vb_up"; }
fail() {
  echo "virtbench-initrd: $*"
  echo "virtbench-initrd: FAILED"
  echo o >/proc/sysrq-trigger
  sleep 30
  exit 1
}
wait_for() { # PATH TENTHS: waits until PATH exists
  vb_i=0
  while [ ! -e "$1" ] && [ "$vb_i" -lt "$2" ]; do sleep 0.1; vb_i=$((vb_i + 1)); done
  [ -e "$1" ]
}

for m in /lib/modules/*.ko; do
  insmod "$m" || fail "cannot load $m"
done

ip_cidr=; gateway=
for word in $(cat /proc/cmdline); do
  case "$word" in
    virtbench.ip=*) ip_cidr=${word#*=} ;;
    virtbench.gw=*) gateway=${word#*=} ;;
  esac
done
ip link set lo up
if [ -n "$ip_cidr" ]; then
  wait_for /sys/class/net/eth0 100 || fail "no network interface eth0"
  ip addr add "$ip_cidr" dev eth0 || fail "cannot set address $ip_cidr"
  ip link set eth0 up || fail "cannot bring eth0 up"
  if [ -n "$gateway" ]; then
    ip route add default via "$gateway" || fail "cannot set the route via $gateway"
  fi
  # Tell the host our MAC now, so its first SSH attempt does not wait on ARP retries.
  arping -q -U -c 1 -I eth0 "${ip_cidr%/*}" >/dev/null 2>&1 &
fi

wait_for /dev/vda 100 || fail "no disk /dev/vda"
mount -t ext4 -o rw,noatime /dev/vda /root || fail "cannot mount /dev/vda"
if [ -x /root/bin/sh ] && grep -q '^root:[^:]*:0:0:[^:]*:[^:]*:/bin/bash$' /root/etc/passwd 2>/dev/null; then
  sed -i 's#^\(root:[^:]*:0:0:[^:]*:[^:]*:\)/bin/bash$#\1/bin/sh#' /root/etc/passwd || fail "cannot set root's shell"
fi
mkdir -p /root/run /root/dev /root/proc /root/sys
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /root/run || fail "cannot mount /run"
mkdir -p /root/run/virtbench
cp /virtbench/* /root/run/virtbench/ || fail "cannot copy the guest init"
chmod 0755 /root/run/virtbench /root/run/virtbench/init
chmod 0600 /root/run/virtbench/authorized_keys
echo "virtbench-initrd: root mounted at $(up)"
mount --move /dev /root/dev
mount --move /sys /root/sys
mount --move /proc /root/proc
exec switch_root /root /run/virtbench/init
