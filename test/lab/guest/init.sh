#!/bin/bash
# PID 1 of the User-Mode Linux guest. The root filesystem is the HOST's / through
# hostfs, mounted read-only, so nothing here can write to the host by accident:
# every writable place is a guest tmpfs, except the one output folder the host
# handed us (LAB_OUT, mounted read-write through hostfs).
# Kernel command-line words of the form KEY=value arrive here as environment.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C LC_ALL=C TZ=UTC
LAB_GUEST_DIR=$(dirname "$(readlink -f "$0")")
export LAB_GUEST_DIR

mount -t proc proc /proc
mount -t sysfs sys /sys
# The repository may itself live under the host's /tmp (a fresh CI clone): keep the host's
# /tmp reachable (read-only, like the rest of /) before /tmp becomes the guest's own tmpfs,
# then put the repository back at its path, so the lab scripts and our own code stay visible.
LAB_REPO=$(readlink -f "$LAB_GUEST_DIR/../../..")
mkdir -p /dev/.lab-host-tmp && mount --bind /tmp /dev/.lab-host-tmp
mount -t tmpfs -o mode=1777 tmp /tmp
case "$LAB_REPO/" in
  /tmp/*)
    mkdir -p "$LAB_REPO"
    mount --bind "/dev/.lab-host-tmp/${LAB_REPO#/tmp/}" "$LAB_REPO"
    ;;
esac
mount -t tmpfs -o mode=755 run /run
mkdir -p /run/lock /run/netns /run/lab
# Places daemons write to, all guest-private.
mount -t tmpfs -o mode=755 varlog /var/log
mount -t tmpfs -o mode=755 varspool /var/spool
mount -t tmpfs -o mode=700 roothome /root
[ -d /dev/pts ] || mkdir -p /dev/pts 2>/dev/null
mount -t devpts -o mode=620,ptmxmode=666 devpts /dev/pts 2>/dev/null
[ -c /dev/ppp ] || mknod /dev/ppp c 108 0
# devtmpfs lacks the /dev/fd family that bash process substitution needs.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr

mkdir -p /tmp/out
if ! mount -t hostfs -o "$LAB_OUT" none /tmp/out; then
  echo "LAB-FATAL: cannot mount output folder $LAB_OUT" >&2
  echo o > /proc/sysrq-trigger
fi

# shellcheck source=lib.sh
. "$LAB_GUEST_DIR/lib.sh"
lab_boot_setup >/tmp/out/boot.log 2>&1
echo "LAB-BOOTED $(date -u +%FT%T.%3NZ)"

IFS=',' read -r -a scenarios <<<"${LAB_SCENARIOS:-healthy}"
for s in "${scenarios[@]}"; do
  lab_run_scenario "$s"
done

sync
echo "LAB-DONE $(date -u +%FT%T.%3NZ)"
umount /tmp/out 2>/dev/null
echo o > /proc/sysrq-trigger
sleep 5
