# shaped: a token bucket on the server's carrier veth (server -> client)
# at 2 Mbit/s; iperf3 measures the tunnel throughput in both directions.
CAPTURE_SNAPLEN=96
TBF='rate 2mbit burst 16kb latency 100ms'
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  # shellcheck disable=SC2086
  step tbf-server --ns server -- tc qdisc add dev sv0 root tbf $TBF
  echo "$TBF" >"$OUT/tbf.txt"
  lab_snapshot up
  lab_guest_commands
  inns server iperf3 -s -B "$SERVER_TUN_IP" >"$OUT/iperf3-server.log" 2>&1 &
  wait_for "iperf3 server listening" 30 sh -c "ip netns exec server ss -ltn | grep -q ':5201'"
  step iperf3-download --ns client --out iperf3-download.json --timeout 40 -- iperf3 -c "$SERVER_TUN_IP" -R -t 3 -J
  step iperf3-upload --ns client --out iperf3-upload.json --timeout 40 -- iperf3 -c "$SERVER_TUN_IP" -t 3 -b 3M -J
  PING_COUNT=10 lab_pings
  lab_tc_snapshot server sv0 end
  lab_snapshot end
}
