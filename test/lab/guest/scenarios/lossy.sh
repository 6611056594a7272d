# lossy: a lossy, jittery carrier once the tunnel is up.
# Loss is DETERMINISTIC, because tests and audits assert on it: each carrier veth
# drops every 7th GRE packet it sends that carries data (IP length 100 bytes or
# more, so GRE acks and LCP echoes are never counted), by a counter, not by
# chance: the same traffic loses the same packets on every run. 7 is prime, so
# traffic with a periodic mix of packet kinds cannot line up with it and dodge it.
# The counter is tc's `gact ... random determ drop 7` on a classful root qdisc:
# - the UML kernel's nf_tables has only the bridge family (no ip, inet or netdev),
#   so nft's `numgen inc mod 7` cannot run here;
# - an iptables OUTPUT drop (xt_statistic nth) fails the sender's write with
#   EPERM, and pptp exits on it: the tunnel dies instead of losing packets;
# - a drop at enqueue in a classful qdisc is silent to the sender, like a lossy
#   wire, and happens before the client-side capture, so the gaps are on the wire.
# netem (in band 1:1) adds 20 ms delay with 5 ms jitter, which also reorders a few.
NETEM='delay 20ms 5ms'
LOSS_EVERY=7

# lab_lossy_carrier NS DEV: jitter and every-7th GRE data packet lost on DEV's egress.
lab_lossy_carrier() {
  local ns=$1 dev=$2
  step "prio-$ns" --ns "$ns" -- tc qdisc add dev "$dev" root handle 1: prio bands 2 \
    priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
  # shellcheck disable=SC2086
  step "netem-$ns" --ns "$ns" -- tc qdisc add dev "$dev" parent 1:1 handle 10: netem $NETEM
  step "gre-loss-$ns" --ns "$ns" -- tc filter add dev "$dev" parent 1: protocol ip prio 1 basic \
    match 'cmp(u8 at 9 layer network eq 47) and cmp(u16 at 2 layer network gt 99)' \
    classid 1:1 action gact ok random determ drop "$LOSS_EVERY"
}

scenario_main() {
  local m
  for m in sch_prio sch_netem cls_basic em_cmp act_gact; do
    lab_modprobe "$m" || echo "module $m failed"
  done
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  lab_snapshot up
  lab_lossy_carrier client cl0
  lab_lossy_carrier server sv0
  echo "$NETEM; every $LOSS_EVERY-th GRE data packet dropped each way" >"$OUT/netem.txt"
  lab_guest_commands
  PING_COUNT=50 lab_pings
  lab_tc_snapshot client cl0 end
  lab_tc_snapshot server sv0 end
  step gre-loss-counters-client --ns client --out gre-loss-client.txt -- tc -s filter show dev cl0
  step gre-loss-counters-server --ns server --out gre-loss-server.txt -- tc -s filter show dev sv0
  lab_snapshot end
}
