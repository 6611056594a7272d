#!/bin/bash
# Runs INSIDE the lab guest, as a guest command in the guest's own namespace (ns 'root'):
# Debian's sshd in the pptpd SERVER namespace, for the length of ONE command run in the
# CLIENT namespace - the auditor's laptop, which reaches the server's carrier address
# (10.47.0.1 over cl0/sv0) without crossing the tunnel. The server namespace is where pptpd,
# pppd's logs (the guest's rsyslog /var/log/syslog), /etc/ppp/chap-secrets and the firewall live.
#
#   ssh-gateway.sh OUT STAMP -- CMD ARGS...
#
# OUT: the scenario's output folder as the guest sees it (sshd's log, the host key's fingerprint
# and the command's stderr land there). STAMP: ignored here; the host puts a hash of this script
# and of the product in it, because the lab caches runs by the guest commands' text.
# In CMD ARGS, {target}, {identity} and {known_hosts} become the ssh:// target, the auditor's
# private key and a known_hosts file holding the server's host key. Keys are new for every run
# and live on the guest's tmpfs only (/run): no private key reaches the host.
# Exit code: the command's; 90-93 when the gateway itself could not be set up.
set -u
out=$1
shift 2
[ "${1:-}" = -- ] && shift
[ "$#" -gt 0 ] || { echo "usage: ssh-gateway.sh OUT STAMP -- CMD ARGS..." >&2; exit 2; }

server=10.47.0.1
work=/run/lab-ssh
log=$out/ssh-gateway.log
mkdir -p "$work" /run/sshd
chmod 700 "$work"
exec 3>>"$log"
say() { printf '%s %s\n' "${EPOCHREALTIME}" "$*" >&3; }

ssh-keygen -q -t ed25519 -N '' -C lab-gateway -f "$work/host_ed25519" >&3 2>&1 || exit 90
ssh-keygen -q -t ed25519 -N '' -C lab-auditor -f "$work/auditor_ed25519" >&3 2>&1 || exit 90
cp "$work/auditor_ed25519.pub" "$work/authorized_keys"
read -r keytype keyblob _ <"$work/host_ed25519.pub"
printf '%s %s %s\n' "$server" "$keytype" "$keyblob" >"$work/known_hosts"
# The host key's fingerprint as ssh-keygen prints it (SHA256:...): the bundle must record it.
ssh-keygen -l -E sha256 -f "$work/host_ed25519.pub" >"$out/ssh-host-key.txt" 2>&3

cat >"$work/sshd_config" <<CONF
Port 22
ListenAddress $server
HostKey $work/host_ed25519
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
LogLevel VERBOSE
MaxSessions 20
CONF

# -D -e: sshd stays in the foreground (so $! is sshd itself: ip netns exec execs it) and logs here.
ip netns exec server /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$out/sshd.log" </dev/null &
sshd_pid=$!
stop_sshd() {
  kill -TERM "$sshd_pid" 2>/dev/null
  local deadline=$((${EPOCHREALTIME/./} + 10000000))
  while kill -0 "$sshd_pid" 2>/dev/null; do
    if [ "${EPOCHREALTIME/./}" -ge "$deadline" ]; then kill -KILL "$sshd_pid" 2>/dev/null; break; fi
    sleep 0.2
  done
  wait "$sshd_pid" 2>/dev/null
  say "sshd stopped"
}
trap stop_sshd EXIT

# Bounded wait (wall clock, UML is slow under load) for sshd to listen.
deadline=$((${EPOCHREALTIME/./} + 30000000))
until grep -q 'Server listening' "$out/sshd.log" 2>/dev/null; do
  if ! kill -0 "$sshd_pid" 2>/dev/null; then say "sshd exited before listening"; exit 91; fi
  if [ "${EPOCHREALTIME/./}" -ge "$deadline" ]; then say "sshd not listening after 30 s"; exit 92; fi
  sleep 0.2
done
say "sshd listening on $server:22 (pid $sshd_pid)"

args=()
for a in "$@"; do
  a=${a//\{target\}/ssh://root@$server}
  a=${a//\{identity\}/$work/auditor_ed25519}
  a=${a//\{known_hosts\}/$work/known_hosts}
  args+=("$a")
done
say "client: ${args[*]}"
ip netns exec client "${args[@]}" 2>"$out/ssh-command.stderr" </dev/null
rc=$?
say "client command exit $rc"
exit "$rc"
