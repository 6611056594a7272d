#!/bin/bash
# Shared helpers for the guest side of the PPTP lab. Sourced by init.sh.
# Conventions: $OUT is the current scenario's output folder (on the host via
# hostfs); every command worth keeping runs through `step`, which records its
# argv, times and exit code in $OUT/steps.jsonl for the host to assemble.

LAB_KVER=$(uname -r)
LAB_MODROOT=/run/lab/modroot
LAB_ETC=/run/lab/etc
LAB_CMDS_DIR=/tmp/out/.guest-commands
# Addresses: carrier veth pair 10.47.0.0/24 (client .2, server .1); tunnel
# 192.168.47.1 (server) <-> 192.168.47.10.. (client). NAT scenarios put the
# client in 10.47.1.0/24 behind a `nat` namespace.
SERVER_IP=10.47.0.1
CLIENT_IP=10.47.0.2
SERVER_TUN_IP=192.168.47.1
CLIENT_TUN_IP=192.168.47.10
# FAKE test secret (24 characters) - a fixture, not a credential.
LAB_USER=labuser
LAB_SECRET=LabFakeSecret-0123456789

# Fork-free helpers: every $(...) is a process, and processes are slow in UML.
# now_into VAR: ISO time with milliseconds, from bash's own clock.
now_into() {
  local _now_t=$EPOCHREALTIME
  local -n _dst=$1
  printf -v _dst '%(%Y-%m-%dT%H:%M:%S)T.%sZ' "${_now_t%.*}" "${_now_t#*.}"
  _dst=${_dst:0:23}Z
}
now() { local n; now_into n; printf '%s\n' "$n"; }

# json_into VAR STRING: STRING as a JSON string literal.
json_into() {
  local -n _j=$1
  local _js=${2//\\/\\\\}
  _js=${_js//\"/\\\"}
  _js=${_js//$'\n'/\\n}
  _js=${_js//$'\t'/\\t}
  _j="\"$_js\""
}

# step NAME [--out FILE] [--ns NS] [--timeout SECS] -- CMD ARGS...
# Runs CMD (in namespace NS), stdout+stderr to $OUT/FILE when given.
step() {
  local name=$1 file='' ns='' tmo=60
  shift
  while [ "$#" -gt 0 ]; do
    case $1 in
      --out) file=$2; shift 2 ;;
      --ns) ns=$2; shift 2 ;;
      --timeout) tmo=$2; shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  local start end rc argv='' a q jn jns jf
  for a in "$@"; do json_into q "$a"; argv+="${argv:+,}$q"; done
  now_into start
  if [ -n "$ns" ]; then set -- ip netns exec "$ns" "$@"; fi
  if [ -n "$file" ]; then
    timeout -k 2 "$tmo" "$@" >"$OUT/$file" 2>&1 </dev/null
  else
    timeout -k 2 "$tmo" "$@" >>"$OUT/steps.log" 2>&1 </dev/null
  fi
  rc=$?
  now_into end
  json_into jn "$name"; json_into jns "$ns"; json_into jf "$file"
  printf '{"name":%s,"ns":%s,"argv":[%s],"out":%s,"start":"%s","end":"%s","exit":%d}\n' \
    "$jn" "$jns" "$argv" "$jf" "$start" "$end" "$rc" >>"$OUT/steps.jsonl"
  return $rc
}

# note TEXT: a timestamped marker in steps.jsonl (phases of a scenario).
note() {
  local j t
  json_into j "$1"
  now_into t
  printf '{"note":%s,"at":"%s"}\n' "$j" "$t" >>"$OUT/steps.jsonl"
}

inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# wait_for DESCRIPTION TIMEOUT_SECS CMD...: bounded polling every 0.2 s against
# a wall-clock deadline (each poll costs real time in UML, so count time, not tries).
wait_for() {
  local what=$1 limit=$2
  shift 2
  local deadline=$(( ${EPOCHREALTIME/./} + limit * 1000000 ))
  while ! "$@" >/dev/null 2>&1; do
    if [ "${EPOCHREALTIME/./}" -ge "$deadline" ]; then
      note "timeout waiting for: $what (${limit}s)"
      return 1
    fi
    sleep 0.2
  done
  note "ready: $what"
  return 0
}

ppp_up_in() { inns "$1" ip -o -4 addr show dev "${2:-ppp0}" 2>/dev/null | grep -q inet; }
ppp_absent_in() { ! inns "$1" ip link show dev "${2:-ppp0}" >/dev/null 2>&1; }
log_has() { [ -f "$1" ] && grep -q -- "$2" "$1"; }

lab_modprobe() { modprobe -d "$LAB_MODROOT" "$@"; }

# The UML kernel has nf_tables but not its IPv4 family (CONFIG_NF_TABLES_IPV4
# unset), so Debian's default iptables-nft cannot work in the guest: the lab
# uses iptables-legacy (x_tables). Scenarios that filter or NAT load these first.
IPT=iptables-legacy
lab_netfilter_modules() {
  local m
  for m in x_tables ip_tables iptable_filter iptable_nat iptable_raw nf_conntrack nf_nat \
    xt_tcpudp xt_conntrack xt_state xt_MASQUERADE xt_CT; do
    lab_modprobe "$m" || echo "module $m failed"
  done
}

lab_boot_setup() {
  set -x
  hostname pptp-lab
  ip link set lo up
  # Modules: the host has no /lib/modules and its root is read-only here, so
  # point modprobe at the UML module tree through a root of our own, also for
  # the kernel's on-demand loading (request_module).
  mkdir -p "$LAB_MODROOT/lib/modules"
  ln -sfn "/usr/lib/uml/modules/$LAB_KVER" "$LAB_MODROOT/lib/modules/$LAB_KVER"
  printf '#!/bin/sh\nexec /sbin/modprobe -d %s "$@"\n' "$LAB_MODROOT" >/run/lab/modprobe
  chmod +x /run/lab/modprobe
  echo /run/lab/modprobe >/proc/sys/kernel/modprobe
  local m
  for m in ppp_generic ppp_async ppp_synctty ppp_mppe ppp_deflate bsd_comp slhc gre pptp veth; do
    lab_modprobe "$m" || echo "module $m failed"
  done
  # Guest-private configuration: bind-mounted over /etc inside the guest only.
  lab_write_config
  mount --bind "$LAB_ETC/ppp" /etc/ppp
  mount --bind "$LAB_ETC/pptpd.conf" /etc/pptpd.conf
  # Debian's own rsyslog configuration, writing to the guest's tmpfs /var/log.
  mkdir -p /var/spool/rsyslog
  rsyslogd -i /run/rsyslogd.pid
  set +x
}

lab_write_config() {
  mkdir -p "$LAB_ETC/ppp/peers"
  cat >"$LAB_ETC/ppp/options" <<'CONF'
# PPTP lab: minimal global pppd options (guest-private copy).
lock
CONF
  cat >"$LAB_ETC/ppp/chap-secrets" <<CONF
# Secrets for authentication using CHAP
# client	server	secret			IP addresses
$LAB_USER	pptpd	$LAB_SECRET	*
CONF
  chmod 600 "$LAB_ETC/ppp/chap-secrets"
  : >"$LAB_ETC/ppp/pap-secrets"
  cat >"$LAB_ETC/pptpd.conf" <<CONF
option /etc/ppp/options.pptpd
localip $SERVER_TUN_IP
remoteip $CLIENT_TUN_IP-20
CONF
  lab_write_server_options
  lab_write_client_peer
}

# Server pppd options. SERVER_EXTRA (newline-separated) lets a scenario add lines.
lab_write_server_options() {
  cat >"$LAB_ETC/ppp/options.pptpd" <<CONF
name pptpd
refuse-pap
refuse-chap
refuse-mschap
require-mschap-v2
${SERVER_MPPE-require-mppe-128}
nodefaultroute
lock
nobsdcomp
novj
novjccomp
nologfd
debug
logfile /run/lab/server-pppd.log
CONF
  if [ -n "${SERVER_EXTRA:-}" ]; then printf '%s\n' "$SERVER_EXTRA" >>"$LAB_ETC/ppp/options.pptpd"; fi
}

# Client peer file, as /etc/ppp/peers/lab. CLIENT_MPPE/CLIENT_EXTRA customise it.
lab_write_client_peer() {
  local target=${PPTP_TARGET:-$SERVER_IP}
  cat >"$LAB_ETC/ppp/peers/lab" <<CONF
pty "pptp $target --nolaunchpppd --loglevel 1"
name $LAB_USER
remotename pptpd
ipparam lab
refuse-pap
refuse-eap
refuse-chap
refuse-mschap
${CLIENT_MPPE-require-mppe-128}
nobsdcomp
nodeflate
noauth
nodefaultroute
lcp-echo-interval ${CLIENT_ECHO_INTERVAL:-5}
lcp-echo-failure ${CLIENT_ECHO_FAILURE:-3}
debug
logfile /run/lab/client-pppd.log
CONF
  if [ -n "${CLIENT_EXTRA:-}" ]; then printf '%s\n' "$CLIENT_EXTRA" >>"$LAB_ETC/ppp/peers/lab"; fi
}

# Topology "direct": client <-veth-> server. "nat": client <-> nat <-> server.
lab_topology() {
  local kind=${1:-direct}
  ip netns add client
  ip netns add server
  ip -n client link set lo up
  ip -n server link set lo up
  if [ "$kind" = nat ]; then
    ip netns add nat
    ip -n nat link set lo up
    ip link add cl0 netns client type veth peer name nc0 netns nat
    ip link add ns0 netns nat type veth peer name sv0 netns server
    ip -n client addr add 10.47.1.2/24 dev cl0
    ip -n nat addr add 10.47.1.1/24 dev nc0
    ip -n nat addr add 10.47.0.254/24 dev ns0
    ip -n server addr add $SERVER_IP/24 dev sv0
    ip -n client link set cl0 up
    ip -n nat link set nc0 up
    ip -n nat link set ns0 up
    ip -n server link set sv0 up
    ip -n client route add default via 10.47.1.1
    inns nat sysctl -qw net.ipv4.ip_forward=1
  else
    ip link add cl0 netns client type veth peer name sv0 netns server
    ip -n client addr add $CLIENT_IP/24 dev cl0
    ip -n server addr add $SERVER_IP/24 dev sv0
    ip -n client link set cl0 up
    ip -n server link set sv0 up
  fi
}

# Whole-scenario capture on the client-side carrier veth.
lab_capture_start() {
  local snap=${CAPTURE_SNAPLEN:-0}
  inns client tcpdump -i cl0 -s "$snap" -U -w "$OUT/capture.pcap" 'tcp port 1723 or ip proto 47' \
    >"$OUT/tcpdump.log" 2>&1 &
  echo $! >/run/lab/tcpdump.pid
  wait_for "tcpdump listening" 30 grep -q 'listening on' "$OUT/tcpdump.log"
}

lab_capture_stop() {
  local pid
  pid=$(cat /run/lab/tcpdump.pid 2>/dev/null) || return 0
  # SIGTERM, not SIGINT: background jobs of a non-interactive shell ignore SIGINT.
  kill -TERM "$pid" 2>/dev/null
  wait_for "tcpdump exited" 10 sh -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  note "capture stopped"
}

lab_server_start() {
  rm -f /run/lab/server-pppd.log
  step pptpd-start --ns server -- pptpd -c /etc/pptpd.conf -p /run/pptpd.pid
  wait_for "pptpd listening on 1723" 30 sh -c "ip netns exec server ss -ltn | grep -q ':1723'"
}

lab_client_dial() {
  rm -f /run/lab/client-pppd.log
  note "dial"
  # Not through the inns function: a backgrounded function is a subshell, and
  # the pid file must name pppd itself (ip netns exec execs it in place).
  ip netns exec client pppd call lab nodetach >>"$OUT/client-pppd.stdout" 2>&1 </dev/null &
  echo $! >/run/lab/client-pppd.pid
}

lab_wait_tunnel() {
  local limit=${1:-20}
  wait_for "client ppp0 up" "$limit" ppp_up_in client &&
    wait_for "server ppp0 up" 30 ppp_up_in server
}

# Snapshot of interface state in both namespaces, tagged with a phase name.
lab_snapshot() {
  local phase=$1 ns
  for ns in client server ${EXTRA_NS:-}; do
    step "ip-j-addr-$ns-$phase" --ns "$ns" --out "$ns-ip-addr-$phase.json" -- ip -j -d addr show
    step "ip-addr-$ns-$phase" --ns "$ns" --out "$ns-ip-addr-$phase.txt" -- ip addr show
    step "proc-net-dev-$ns-$phase" --ns "$ns" --out "$ns-proc-net-dev-$phase.txt" -- cat /proc/net/dev
  done
}

# Pings from the client through the tunnel to the server's tunnel address.
lab_pings() {
  local peer=${1:-$SERVER_TUN_IP} count=${PING_COUNT:-20}
  step ping-1400 --ns client --out ping-1400.txt --timeout 60 -- ping -n -c "$count" -i 0.2 -W 2 -s 1400 "$peer"
  step ping-df-1472 --ns client --out ping-df-1472.txt -- ping -n -c 3 -i 0.2 -W 2 -M do -s 1472 "$peer"
  step ping-df-1400 --ns client --out ping-df-1400.txt -- ping -n -c 3 -i 0.2 -W 2 -M do -s 1400 "$peer"
}

# Our own code against the live tunnel: $LAB_CMDS_DIR/<scenario>.sh, written by
# the host (test/lab/boot.ts), calls `step` for each command; background
# commands (`bg_step`) keep running while the scenario goes on (e.g. across a
# link flap) and are waited for before the scenario's final collection.
# Scenarios call this once, at their characteristic moment.
LAB_BG_PIDS=()
bg_step() {
  local marker=/run/lab/bg-started.${#LAB_BG_PIDS[@]}
  ( : >"$marker"; step "$@" ) &
  LAB_BG_PIDS+=("$!")
  # Do not let the scenario's event overtake the launch.
  wait_for "background command launched" 30 test -e "$marker"
}
lab_guest_commands() {
  local f="$LAB_CMDS_DIR/$LAB_SCENARIO.sh"
  [ -f "$f" ] || return 0
  note "guest commands"
  # shellcheck disable=SC1090
  . "$f"
}
lab_wait_guest_commands() {
  [ "${#LAB_BG_PIDS[@]}" -gt 0 ] || return 0
  wait "${LAB_BG_PIDS[@]}" 2>/dev/null
  note "background guest commands done"
}

lab_collect_common() {
  local ns
  # Proof that the guest has no network device towards the host: its own
  # namespace holds only loopback (the veths live in the scenario namespaces).
  step guest-root-links --out guest-root-links.json -- ip -j link show
  step proc-modules --out proc-modules.txt -- cat /proc/modules
  step lsmod --out lsmod.txt -- lsmod
  step sysctl-helper --out sysctl-nf_conntrack_helper.txt -- sysctl net.netfilter.nf_conntrack_helper
  for ns in client server ${EXTRA_NS:-}; do
    step "iptables-save-$ns" --ns "$ns" --out "$ns-iptables-save.txt" -- iptables-legacy-save
    step "nft-ruleset-$ns" --ns "$ns" --out "$ns-nft-ruleset.txt" -- nft list ruleset
  done
  step dmesg --out dmesg.txt -- dmesg
  cp "$LAB_ETC/ppp/chap-secrets" "$OUT/chap-secrets"
  cp "$LAB_ETC/ppp/options.pptpd" "$OUT/options.pptpd"
  cp "$LAB_ETC/ppp/peers/lab" "$OUT/peer-lab.options"
  cp "$LAB_ETC/pptpd.conf" "$OUT/pptpd.conf"
}

# Stop everything a scenario started and remove its namespaces, so the next
# scenario in the same boot starts clean.
lab_teardown() {
  local p
  for p in pppd pptp pptpd pptpctrl iperf3; do pkill -TERM -x "$p" 2>/dev/null; done
  wait_for "daemons gone" 10 sh -c '! pgrep -x "pppd|pptp|pptpd|pptpctrl" >/dev/null'
  for p in pppd pptp pptpd pptpctrl iperf3; do pkill -KILL -x "$p" 2>/dev/null; done
  lab_capture_stop
  pkill -TERM -x tcpdump 2>/dev/null
  wait_for "all captures stopped" 10 sh -c '! pgrep -x tcpdump'
  cp /run/lab/client-pppd.log "$OUT/client-pppd.log" 2>/dev/null
  cp /run/lab/server-pppd.log "$OUT/server-pppd.log" 2>/dev/null
  local ns
  for ns in client server nat; do ip netns del "$ns" 2>/dev/null; done
}

lab_run_scenario() {
  LAB_SCENARIO=$1
  OUT=/tmp/out/$LAB_SCENARIO
  mkdir -p "$OUT"
  : >"$OUT/steps.jsonl"
  local script="$LAB_GUEST_DIR/scenarios/$LAB_SCENARIO.sh"
  echo "LAB-SCENARIO-START $LAB_SCENARIO $(now)"
  local syslog_from
  syslog_from=$(stat -c %s /var/log/syslog 2>/dev/null || echo 0)
  note "scenario start"
  if [ -f "$script" ]; then
    (
      # Each scenario runs in a subshell so its variables do not leak.
      # shellcheck disable=SC1090
      . "$script"
      lab_write_config
      scenario_main
      main_rc=$?
      lab_wait_guest_commands
      lab_collect_common
      lab_teardown
      exit $main_rc
    ) >"$OUT/scenario.log" 2>&1
    echo "$?" >"$OUT/scenario.rc"
  else
    echo "unknown scenario $LAB_SCENARIO" >"$OUT/scenario.log"
    echo 127 >"$OUT/scenario.rc"
  fi
  note "scenario end"
  # Keep only this scenario's syslog lines, once rsyslog has written them all: a marker
  # logged now reaches rsyslog after every earlier message on the same socket, so wait
  # (bounded) until the marker is in the file, instead of sleeping and hoping; then cut it off.
  local marker="syslog flushed: $LAB_SCENARIO $EPOCHREALTIME"
  logger -t pptp-lab-marker -- "$marker"
  local flush_deadline=$((${EPOCHREALTIME/./} + 10000000))
  until grep -qF -- "$marker" /var/log/syslog 2>/dev/null || [ "${EPOCHREALTIME/./}" -ge "$flush_deadline" ]; do
    sleep 0.1
  done
  tail -c +"$((syslog_from + 1))" /var/log/syslog 2>/dev/null | grep -vF 'pptp-lab-marker' >"$OUT/syslog.txt"
  sync
  echo "LAB-SCENARIO-END $LAB_SCENARIO $(now) rc=$(cat "$OUT/scenario.rc")"
}

client_pppd_running() { local p; p=$(cat /run/lab/client-pppd.pid 2>/dev/null) && kill -0 "$p" 2>/dev/null; }
lab_wait_client_exit() {
  wait_for "client pppd exited" "${1:-30}" sh -c '! kill -0 "$(cat /run/lab/client-pppd.pid)" 2>/dev/null'
}
# Short LCP retry schedule so failure scenarios end in seconds, not 30 s.
LAB_FAST_LCP=$'lcp-restart 2\nlcp-max-configure 5'

# Traffic-control snapshot of one namespace's carrier device.
lab_tc_snapshot() {
  local ns=$1 dev=$2 phase=$3
  step "tc-$ns-$phase" --ns "$ns" --out "tc-$ns-$dev-$phase.txt" -- tc -s qdisc show dev "$dev"
}

# Shared body of the NAT scenarios: dial through the nat namespace, wait for
# either a working tunnel or the client giving up, and keep conntrack's view.
lab_nat_common() {
  lab_capture_start
  inns nat tcpdump -i ns0 -s 0 -U -w "$OUT/capture-nat-outside.pcap" 'tcp port 1723 or ip proto 47' \
    >"$OUT/tcpdump-nat.log" 2>&1 &
  wait_for "nat tcpdump listening" 30 grep -q 'listening on' "$OUT/tcpdump-nat.log"
  lab_server_start
  lab_client_dial
  lab_guest_commands
  wait_for "client ppp0 created" 45 sh -c 'ip netns exec client ip link show ppp0'
  if wait_for "tunnel up or client gave up" 90 sh -c \
    'ip netns exec client ip -o -4 addr show dev ppp0 | grep -q inet || ! kill -0 "$(cat /run/lab/client-pppd.pid)"'; then
    if ppp_up_in client; then
      wait_for "server ppp0 up" 30 ppp_up_in server
      lab_snapshot up
      PING_COUNT=10 lab_pings
    fi
  fi
  step conntrack --ns nat --out nat-conntrack.txt -- cat /proc/net/nf_conntrack
  lab_snapshot end
}

# Kill the client's pptp processes (pppd's pty child and its GRE gateway).
# They rename themselves, so find them as the descendants of the client pppd
# (never other processes in the namespace, such as background guest commands).
# Writes what it killed to $OUT/killed-pptp.txt.
lab_kill_client_pptp() {
  local root pid ppid p killed=0
  root=$(cat /run/lab/client-pppd.pid) || return 1
  local -A parent=()
  ps -e -o pid=,ppid= >/run/lab/ps.txt
  while read -r pid ppid; do parent[$pid]=$ppid; done </run/lab/ps.txt
  for pid in "${!parent[@]}"; do
    p=${parent[$pid]}
    while [ -n "$p" ] && [ "$p" -gt 1 ] && [ "$p" != "$root" ]; do p=${parent[$p]:-}; done
    [ "$p" = "$root" ] || continue
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pppd ] && continue
    echo "$pid $(cat "/proc/$pid/comm" 2>/dev/null) $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" >>"$OUT/killed-pptp.txt"
    kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
  done
  note "killed $killed pptp process(es)"
  [ "$killed" -gt 0 ]
}
