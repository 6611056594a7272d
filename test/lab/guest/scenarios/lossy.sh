# lossy: netem on both carrier veths once the tunnel is up: 20 ms delay with
# 5 ms jitter, 5 % loss, 10 % reordering (25 % correlation), each direction.
NETEM='delay 20ms 5ms loss 5% reorder 10% 25%'
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 20 || return 1
  lab_snapshot up
  # shellcheck disable=SC2086
  step netem-client --ns client -- tc qdisc add dev cl0 root netem $NETEM
  # shellcheck disable=SC2086
  step netem-server --ns server -- tc qdisc add dev sv0 root netem $NETEM
  echo "$NETEM" >"$OUT/netem.txt"
  lab_guest_commands
  PING_COUNT=50 lab_pings
  lab_tc_snapshot client cl0 end
  lab_tc_snapshot server sv0 end
  lab_snapshot end
}
