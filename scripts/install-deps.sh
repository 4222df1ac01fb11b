#!/usr/bin/env bash
# Installs every Debian package virtbench's build, suite and backends need. Run as root.
# netperf lives only in Debian's non-free component: it is fetched from an extra sources file kept
# outside /etc/apt, so the system's own apt configuration is never changed.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-deps.sh: run as root (it calls apt-get install)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive

# What the build needs (the report's charts need a font), what the Table-2 suite runs, and what the backends use.
BUILD=(openjdk-17-jdk-headless maven fontconfig fonts-dejavu-core)
SUITE=(bzip2 dbench rsync sysbench mariadb-server mariadb-client linux-source iproute2 hyperfine
       coreutils make gcc libc6-dev bc flex bison libelf-dev libssl-dev xz-utils procps)
BACKENDS=(debootstrap lxc qemu-system-x86 qemu-utils openssh-client openssh-server e2fsprogs
          uidmap libvirt-daemon-system libvirt-clients)

want=("${BUILD[@]}" "${SUITE[@]}" "${BACKENDS[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The qemu backend takes its guest kernel and the initrd's busybox from Debian's packages with
# `apt-get download` (nothing is installed): that needs package lists, which a fresh container lacks.
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  echo "install-deps: fetching package lists for apt-get download"
  apt-get update -qq
fi
# The distribution's services must not hold the ports and sockets the suite starts its own on.
for svc in mariadb lxc lxc-net libvirtd; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done

if ! command -v netperf >/dev/null 2>&1; then
  echo "install-deps: installing netperf from Debian's non-free component"
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME}")
  mirror=$(grep -rhoE '^(URIs:|deb) +[a-z]+://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
             | grep -v security | awk '{print $2}' | grep -m1 debian || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/parts" "$work/archives/partial"
  echo "deb $mirror $codename non-free" > "$work/nonfree.list"
  opts=(-o "Dir::Etc::sourcelist=$work/nonfree.list" -o "Dir::Etc::sourceparts=$work/parts"
        -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
        -o "APT::Get::List-Cleanup=0")
  apt-get "${opts[@]}" update -qq
  (cd "$work" && apt-get "${opts[@]}" download netperf)
  dpkg -i "$work"/netperf_*.deb >/dev/null
fi
echo "install-deps: all packages present"
