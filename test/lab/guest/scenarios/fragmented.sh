# fragmented: the tunnel at pppd's default MTU/MRU of 1500 (written out in the
# options; MPPE's 4 bytes leave ppp0 at 1496) over a carrier of MTU 1500. A
# full-size packet in the tunnel plus PPP, MPPE, GRE and the outer IP header
# no longer fits the carrier, so the sender splits every such GRE datagram into
# two IP fragments. iperf3 paced at 1 Mbit/s for one second each way (full-size
# TCP segments) keeps the capture small; whole packets are captured.
SERVER_EXTRA=$'mtu 1500\nmru 1500'
CLIENT_EXTRA=$'mtu 1500\nmru 1500'
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 20 || return 1
  lab_snapshot up
  lab_guest_commands
  inns server iperf3 -s -B "$SERVER_TUN_IP" >"$OUT/iperf3-server.log" 2>&1 &
  wait_for "iperf3 server listening" 10 sh -c "ip netns exec server ss -ltn | grep -q ':5201'"
  step iperf3-download --ns client --out iperf3-download.json --timeout 40 -- iperf3 -c "$SERVER_TUN_IP" -R -t 1 -b 1M -J
  step iperf3-upload --ns client --out iperf3-upload.json --timeout 40 -- iperf3 -c "$SERVER_TUN_IP" -t 1 -b 1M -J
  PING_COUNT=10 lab_pings
  lab_snapshot end
}
